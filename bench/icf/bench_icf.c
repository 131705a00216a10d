// SPDX-License-Identifier: GPL-2.0
/*
 * bench_icf - ICF ingest (BER decode + insert), memory per association and
 * query latency, and the same ingest into Redis (pipelined, one hash per
 * SUPI plus index keys) measured in the same run. Not a test: it prints
 * numbers, it asserts nothing. See Documentation/performance-icf.rst.
 *
 *   bench_icf N [QUERIES [REDIS_PORT REDIS_PID [REDIS_N]]]
 */
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>

#include <hiredis/hiredis.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_TOGGLE_COLLECT
#endif

#include "bench_iqf.h"
#include "bench_machine.h"
#include "bench_query.h"
#include "gen.h"
#include "icf.h"
#include "icf_lixer.h"
#include "iqf.h"
#include "lixer.h"

#define CHUNK 250000 /* records generated (encoded) per batch */

struct stream {
	uint8_t *buf;
	size_t len, cap;
	uint32_t *off; /* record start offsets */
	size_t n;
};

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * What of the CPU time went to the kernel, and how many page faults: on
 * a guest a first touch of memory costs microseconds, and the CPU time of
 * a fill includes it.
 */
struct kcost {
	double sys;
	long faults;
};

static struct kcost kcost(void)
{
	struct rusage u;

	getrusage(RUSAGE_SELF, &u);
	return (struct kcost){ u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6,
			       u.ru_minflt + u.ru_majflt };
}

static void kcost_add(struct kcost *sum, struct kcost from)
{
	struct kcost now = kcost();

	sum->sys += now.sys - from.sys;
	sum->faults += now.faults - from.faults;
}

static long rss_kb(void)
{
	long pages = 0, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/* utime + stime of a process in seconds. */
static double proc_cpu(long pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, st = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	p = strrchr(buf, ')');
	if (!p ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
		   &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/*
 * BENCH_PERF_CTL=FIFO: "enable" / "disable" written to a perf control
 * FIFO around each churn chunk's ingest, so that `perf record -D -1
 * --control fifo:FIFO` samples the churn alone (performance-icf.rst).
 */
static void perf_ctl(FILE *f, const char *cmd)
{
	if (f) {
		fputs(cmd, f);
		fflush(f);
	}
}

/* Encodes @n records from the generator into @s. */
static void fill_stream(struct stream *s, struct gen *g, size_t n,
			uint64_t *reg_next, uint64_t reg_end)
{
	struct ber_enc enc;
	struct lixer_msg m;

	ber_enc_init(&enc);
	s->len = 0;
	s->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (*reg_next < reg_end)
			gen_register(g, (*reg_next)++, &m);
		else
			gen_next(g, &m);
		ber_enc_reset(&enc);
		if (lixer_encode(&m, &enc) || ber_enc_error(&enc))
			abort();
		if (s->len + enc.len > s->cap) {
			s->cap = (s->cap + enc.len) * 2;
			s->buf = realloc(s->buf, s->cap);
			if (!s->buf)
				abort();
		}
		memcpy(s->buf + s->len, enc.buf, enc.len);
		s->off[s->n++] = (uint32_t)s->len;
		s->len += enc.len;
	}
	ber_enc_free(&enc);
}

/* One record at a time: frame, decode, apply (BENCH_ONE=1). */
static size_t ingest_one(struct icf *c, const struct stream *s)
{
	size_t pos = 0, done = 0;

	while (pos < s->len) {
		struct ber_error err;
		struct lixer_msg m;
		ssize_t n = lixer_frame(s->buf + pos, s->len - pos,
					LIXER_MAX_RECORD_DEFAULT, &err);

		if (n <= 0)
			abort();
		if (lixer_decode(s->buf + pos, (size_t)n, &m, &err))
			abort();
		if (icf_apply_lixer(c, &m) < ICF_INVALID)
			done++;
		pos += (size_t)n;
	}
	return done;
}

/*
 * The listener's path: frame and decode up to ICF_BATCH records, apply
 * them with icf_apply_lixer_batch() (prefetching). Returns records applied.
 */
static size_t ingest(struct icf *c, const struct stream *s)
{
	static struct lixer_msg batch[ICF_BATCH];
	enum icf_ingest_result res[ICF_BATCH];
	size_t pos = 0, done = 0, k = 0;

	while (pos < s->len || k) {
		if (pos < s->len) {
			struct ber_error err;
			ssize_t n = lixer_frame(s->buf + pos, s->len - pos,
						LIXER_MAX_RECORD_DEFAULT, &err);

			if (n <= 0 || lixer_decode(s->buf + pos, (size_t)n,
						   &batch[k], &err))
				abort();
			pos += (size_t)n;
			if (++k < ICF_BATCH && pos < s->len)
				continue;
		}
		icf_apply_lixer_batch(c, batch, k, res);
		for (size_t i = 0; i < k; i++)
			done += res[i] < ICF_INVALID;
		k = 0;
	}
	return done;
}

/* Framing and decoding alone: what the cache adds is the difference. */
static size_t decode_only(const struct stream *s)
{
	size_t pos = 0, kinds = 0;

	while (pos < s->len) {
		struct ber_error err;
		struct lixer_msg m;
		ssize_t n = lixer_frame(s->buf + pos, s->len - pos,
					LIXER_MAX_RECORD_DEFAULT, &err);

		if (n <= 0 || lixer_decode(s->buf + pos, (size_t)n, &m, &err))
			abort();
		kinds += m.kind;
		pos += (size_t)n;
	}
	return kinds;
}

static void hexs(char *out, const uint8_t *p, size_t n)
{
	static const char h[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = h[p[i] >> 4];
		out[2 * i + 1] = h[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The same records into Redis: HSET supi:X ..., SET guti:G X, SADD
 * stmsi:S X, SET suci:U X; pipelined per 1000 records. */
static double redis_ingest(redisContext *rc, const struct stream *s,
			   uint64_t *cmds)
{
	size_t pos = 0, pending = 0;

	while (pos < s->len) {
		char supi[260], guti[24], stmsi[16], start[24], tai[16],
			ncgi[24];
		char suci[64], tl[128];
		struct ber_error err;
		struct lixer_msg m;
		ssize_t n = lixer_frame(s->buf + pos, s->len - pos,
					LIXER_MAX_RECORD_DEFAULT, &err);

		if (n <= 0 || lixer_decode(s->buf + pos, (size_t)n, &m, &err))
			abort();
		pos += (size_t)n;
		if (m.kind == LIXER_ASSOCIATION) {
			const struct lixer_assoc *a = &m.assoc;
			const char *argv[24];
			size_t argl[24];
			int k = 0;

			snprintf(supi, sizeof(supi), "supi:%.*s",
				 (int)a->supi.v.len, a->supi.v.ptr);
			hexs(guti, a->guti, 10);
			hexs(stmsi, a->guti + 4, 6);
			snprintf(start, sizeof(start), "%" PRId64,
				 a->timestamp_ns / 1000000);
			hexs(tai, a->tai, 6);
			snprintf(ncgi, sizeof(ncgi), "%02x%02x%02x%09" PRIx64,
				 a->ncgi.plmn[0], a->ncgi.plmn[1],
				 a->ncgi.plmn[2], a->ncgi.nci);
#define ARG(s_) (argv[k] = (s_), argl[k] = strlen(s_), k++)
			ARG("HSET");
			ARG(supi);
			ARG("guti");
			ARG(guti);
			ARG("start");
			ARG(start);
			ARG("tai");
			ARG(tai);
			ARG("ncgi");
			ARG(ncgi);
			if (a->suci.len && a->suci.len < 30) {
				hexs(suci, a->suci.ptr, a->suci.len);
				ARG("suci");
				ARG(suci);
			}
			if (a->pei.kind) {
				argv[k] = "pei", argl[k++] = 3;
				argv[k] = (const char *)a->pei.v.ptr;
				argl[k++] = a->pei.v.len;
			}
			if (a->gpsi.kind) {
				argv[k] = "gpsi", argl[k++] = 4;
				argv[k] = (const char *)a->gpsi.v.ptr;
				argl[k++] = a->gpsi.v.len;
			}
			if (a->has_tai_list) {
				hexs(tl, a->tai_list[0],
				     6 * (a->n_tais > 10 ? 10 : a->n_tais));
				ARG("tai_list");
				ARG(tl);
			}
			redisAppendCommandArgv(rc, k, argv, argl);
			redisAppendCommand(rc, "SET guti:%s %s", guti,
					   supi + 5);
			redisAppendCommand(rc, "SADD stmsi:%s %s", stmsi,
					   supi + 5);
			*cmds += 3;
			pending += 3;
			if (a->suci.len && a->suci.len < 30) {
				redisAppendCommand(rc, "SET suci:%s %s", suci,
						   supi + 5);
				(*cmds)++;
				pending++;
			}
		} else if (m.kind == LIXER_DEASSOCIATION) {
			snprintf(supi, sizeof(supi), "supi:%.*s",
				 (int)m.deassoc.supi.v.len,
				 m.deassoc.supi.v.ptr);
			snprintf(start, sizeof(start), "%" PRId64,
				 m.deassoc.timestamp_ns / 1000000);
			redisAppendCommand(rc, "HSET %s end %s", supi, start);
			(*cmds)++;
			pending++;
		}
		if (pending >= 3000 || pos >= s->len) {
			while (pending) {
				void *reply;

				if (redisGetReply(rc, &reply) != REDIS_OK) {
					fprintf(stderr, "redis: %s\n",
						rc->errstr);
					exit(1);
				}
				freeReplyObject(reply);
				pending--;
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct icf_config cfg = {
		.max_active_lifetime = 5LL * 24 * 3600 * 1000,
		.cache_time_limit = 3600 * 1000,
		.search_window = 2000,
		.expiry_granularity = 1000,
	};
	struct gen_mix mix = { .dereg_pct = 5,
			       .tai_change_pct = 20,
			       .pei_change_pct = 1 };
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 1000000;
	uint64_t nq = argc > 2 ? strtoull(argv[2], NULL, 0) : 200000;
	int rport = argc > 3 ? atoi(argv[3]) : 0;
	long rpid = argc > 4 ? atol(argv[4]) : 0;
	uint64_t rn = argc > 5 ? strtoull(argv[5], NULL, 0) : n;
	uint64_t churn = n < 2000000 ? n : 2000000, reg = 0, done = 0;
	double t_fill = 0, c_fill = 0, t_prefix = 0, c_prefix = 0, t_churn = 0,
	       c_churn = 0, c_dec = 0;
	volatile size_t sink = 0;
	struct kcost k_fill = { 0 }, k_churn = { 0 }, k0;
	FILE *pctl = NULL;
	bool one = getenv("BENCH_ONE") != NULL;
	struct lm_clock clk;
	struct machine_ctl mc;
	struct stream s = { 0 };
	struct icf_stats st;
	struct icf *c = NULL;
	struct gen g;
	long rss0 = 0;
	int64_t start_ns = 1767225600000LL * 1000000;

	if (!n || rn > n) {
		fprintf(stderr, "usage: bench_icf N [QUERIES [REDIS_PORT "
				"REDIS_PID [REDIS_N<=N]]]\n");
		return 2;
	}
	s.off = malloc(CHUNK * sizeof(*s.off));
	/* 10 us between records: a 1 M fill spans 10 s of IEF time. */
	if (!s.off || gen_init(&g, n, 42, start_ns, 10000, &mix))
		return 1;
	lm_clock_manual_init(&clk, start_ns / 1000000);
	/* BENCH_SIZE_HINT=1: indexes sized for N up front (no rehashing). */
	cfg.size_hint = getenv("BENCH_SIZE_HINT") ? n : 0;
	/* The generator's per-UE state is the benchmark's: in RSS already. */
	memset(g.ue, 0, n * sizeof(*g.ue));
	if (machine_ctl_init(&mc))
		fprintf(stderr, "bench_icf: no machine control (mmap)\n");
	/* Phase 1: one registration per UE, the cache grows to N. */
	while (reg < n) {
		size_t k = n - reg < CHUNK ? n - reg : CHUNK;
		double t, u;

		fill_stream(&s, &g, k, &reg, n);
		/*
		 * The RSS baseline once the first chunk's record stream is
		 * written (the benchmark's too, reused by every chunk): its
		 * growth from here is the cache's, and the allocator's slack.
		 */
		if (!c) {
			rss0 = rss_kb();
			c = icf_new(&cfg, &clk);
			if (!c)
				return 1;
		}
		lm_clock_manual_set(&clk, g.now_ns / 1000000);
		u = cpu();
		sink += decode_only(&s);
		c_dec += cpu() - u;
		k0 = kcost();
		t = mono(), u = cpu();
		done += one ? ingest_one(c, &s) : ingest(c, &s);
		t_fill += mono() - t;
		c_fill += cpu() - u;
		kcost_add(&k_fill, k0);
		if (!t_prefix && done >= rn)
			t_prefix = t_fill, c_prefix = c_fill;
		machine_ctl_sample(&mc);
	}
	icf_get_stats(c, &st);
	printf("decode only (frame + BER decode, same records): %.0f "
	       "records/CPU-s\n",
	       (double)n / c_dec);
	printf("ingest loop: %s\n",
	       one ? "one record at a time" :
		     "batches of ICF_BATCH with prefetch (the listener's)");
	printf("icf fill: %" PRIu64 " associations, %.0f records/s wall, "
	       "%.0f records/CPU-s\n",
	       st.associations, (double)n / t_fill, (double)n / c_fill);
	printf("icf fill, kernel share: %.2f of %.2f CPU-s in the kernel, "
	       "%ld page faults\n",
	       k_fill.sys, c_fill, k_fill.faults);
	printf("icf memory: %.1f bytes/association (cache accounting), "
	       "%.1f bytes/association (RSS growth)\n",
	       (double)st.bytes / (double)st.associations,
	       (double)(rss_kb() - rss0) * 1024 / (double)st.associations);
	machine_ctl_report(&mc, "beside the fill");
	/*
	 * Phase 2: mixed events on the full cache, spread over twice the
	 * cache time limit: the associations closed in its first half are
	 * deleted in its second, whose records reuse their slots (expiry and
	 * per-page placement in the measured window, as in operation).
	 */
	if (getenv("BENCH_PERF_CTL")) {
		pctl = fopen(getenv("BENCH_PERF_CTL"), "w");
		if (!pctl)
			perror("BENCH_PERF_CTL");
	}
	if (churn)
		g.step_ns = 2 * cfg.cache_time_limit * 1000000 / (int64_t)churn;
	for (uint64_t left = churn; left;) {
		size_t k = left < CHUNK ? left : CHUNK;
		double t, u;

		fill_stream(&s, &g, k, &reg, n);
		lm_clock_manual_set(&clk, g.now_ns / 1000000);
		k0 = kcost();
		perf_ctl(pctl, "enable\n");
		t = mono(), u = cpu();
		/* Under valgrind --collect-atstart=no: the churn alone. */
		CALLGRIND_TOGGLE_COLLECT;
		if (one)
			ingest_one(c, &s);
		else
			ingest(c, &s);
		CALLGRIND_TOGGLE_COLLECT;
		t_churn += mono() - t;
		c_churn += cpu() - u;
		perf_ctl(pctl, "disable\n");
		kcost_add(&k_churn, k0);
		left -= k;
		machine_ctl_sample(&mc);
	}
	icf_get_stats(c, &st);
	printf("icf churn: %" PRIu64 " records (reallocations, "
	       "deregistrations, re-registrations) on the full cache over "
	       "twice the cache time limit: %.0f "
	       "records/s wall, %.0f records/CPU-s; %" PRIu64
	       " deleted at the cache time limit; now %" PRIu64
	       " associations, %.1f bytes/association\n",
	       churn, (double)churn / t_churn, (double)churn / c_churn,
	       st.expired_cache, st.associations,
	       (double)st.bytes / (double)st.associations);
	printf("icf churn, kernel share: %.2f of %.2f CPU-s in the kernel, "
	       "%ld page faults\n",
	       k_churn.sys, c_churn, k_churn.faults);
	machine_ctl_report(&mc, "beside the churn");
	machine_ctl_free(&mc);
	/* Query latency by key (bench_query.c), the IQF path stage by stage. */
	if (nq) {
		bench_query(c, &g, n, nq);
		bench_iqf_stages(c, n, nq);
	}
	icf_free(c);
	if (pctl)
		fclose(pctl);
	/* Redis: the first REDIS_N fill records again, same decode. */
	if (rport) {
		redisContext *rc = redisConnect("127.0.0.1", rport);
		double t = 0, u = 0, sc = 0, lmisf_rate, redis_rate;
		uint64_t cmds = 0;

		if (!rc || rc->err) {
			fprintf(stderr, "redis: cannot connect to port %d\n",
				rport);
			return 1;
		}
		gen_free(&g);
		if (gen_init(&g, n, 42, start_ns, 10000, &mix))
			return 1;
		reg = 0;
		while (reg < rn) {
			size_t k = rn - reg < CHUNK ? rn - reg : CHUNK;
			double t0, u0, s0;

			fill_stream(&s, &g, k, &reg, rn);
			t0 = mono(), u0 = cpu(), s0 = proc_cpu(rpid);
			redis_ingest(rc, &s, &cmds);
			t += mono() - t0;
			u += cpu() - u0;
			sc += proc_cpu(rpid) - s0;
		}
		redis_rate = (double)rn / t;
		lmisf_rate = (double)rn / t_prefix;
		printf("redis fill: %" PRIu64 " records (%" PRIu64
		       " commands, pipelined): %.0f records/s wall, %.0f "
		       "records/CPU-s (client %.2f s + server %.2f s)\n",
		       rn, cmds, redis_rate, (double)rn / (u + sc), u, sc);
		printf("ratio lmisf / redis (first %" PRIu64
		       " fill records): wall %.1fx, per CPU-second %.1fx\n",
		       rn, lmisf_rate / redis_rate,
		       ((double)rn / c_prefix) / ((double)rn / (u + sc)));
		redisFree(rc);
	}
	gen_free(&g);
	free(s.buf);
	free(s.off);
	return 0;
}
