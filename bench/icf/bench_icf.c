// SPDX-License-Identifier: GPL-2.0
/*
 * bench_icf - ICF ingest (BER decode + insert), memory per association and
 * query latency, and the same ingest into Redis (pipelined, one hash per
 * SUPI plus index keys) measured in the same run. Not a test: it prints
 * numbers, it asserts nothing. See Documentation/performance.rst.
 *
 *   bench_icf N [QUERIES [REDIS_PORT REDIS_PID [REDIS_N]]]
 */
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

#include "bench_iqf.h"
#include "gen.h"
#include "icf.h"
#include "icf_lixer.h"
#include "iqf.h"
#include "lixer.h"

#define CHUNK 250000 /* records generated (encoded) per batch */
#define ROUNDS 5 /* query series per kind: best and worst are reported */

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

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void pct(double *v, size_t n, double *p50, double *p99)
{
	qsort(v, n, sizeof(*v), cmp_d);
	*p50 = v[n / 2];
	*p99 = v[(size_t)((double)n * 0.99)];
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

/* Context switches of this thread so far (voluntary + involuntary). */
static long csw(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return ru.ru_nvcsw + ru.ru_nivcsw;
}

/* p99s of repeated query rounds: the best and the worst round. */
struct series {
	double best, worst, best_wall, worst_wall, best_calm, worst_calm;
	double c50;
	uint64_t dropped;
};

static void series_add(struct series *sr, double p50, double p99, double c50,
		       double c99, double *calm, size_t ncalm, uint64_t nq)
{
	double k50, k99;

	(void)p50;
	if (!sr->worst_wall || p99 < sr->best_wall)
		sr->best_wall = p99;
	if (p99 > sr->worst_wall)
		sr->worst_wall = p99;
	if (c99 < sr->best)
		sr->best = c99, sr->c50 = c50;
	if (c99 > sr->worst)
		sr->worst = c99;
	sr->dropped += nq - ncalm;
	if (!ncalm)
		return;
	pct(calm, ncalm, &k50, &k99);
	if (k99 < sr->best_calm)
		sr->best_calm = k99;
	if (k99 > sr->worst_calm)
		sr->worst_calm = k99;
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
	bool one = getenv("BENCH_ONE") != NULL;
	struct lm_clock clk;
	struct stream s = { 0 };
	struct icf_stats st;
	struct icf *c;
	struct gen g;
	long rss0;
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
	rss0 = rss_kb();
	c = icf_new(&cfg, &clk);
	if (!c)
		return 1;
	/* Phase 1: one registration per UE, the cache grows to N. */
	while (reg < n) {
		size_t k = n - reg < CHUNK ? n - reg : CHUNK;
		double t, u;

		fill_stream(&s, &g, k, &reg, n);
		lm_clock_manual_set(&clk, g.now_ns / 1000000);
		u = cpu();
		sink += decode_only(&s);
		c_dec += cpu() - u;
		t = mono(), u = cpu();
		done += one ? ingest_one(c, &s) : ingest(c, &s);
		t_fill += mono() - t;
		c_fill += cpu() - u;
		if (!t_prefix && done >= rn)
			t_prefix = t_fill, c_prefix = c_fill;
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
	printf("icf memory: %.1f bytes/association (cache accounting), "
	       "%.1f bytes/association (RSS growth)\n",
	       (double)st.bytes / (double)st.associations,
	       (double)(rss_kb() - rss0) * 1024 / (double)st.associations);
	/* Phase 2: mixed events on the full cache. */
	for (uint64_t left = churn; left;) {
		size_t k = left < CHUNK ? left : CHUNK;
		double t, u;

		fill_stream(&s, &g, k, &reg, n);
		lm_clock_manual_set(&clk, g.now_ns / 1000000);
		t = mono(), u = cpu();
		if (one)
			ingest_one(c, &s);
		else
			ingest(c, &s);
		t_churn += mono() - t;
		c_churn += cpu() - u;
		left -= k;
	}
	icf_get_stats(c, &st);
	printf("icf churn: %" PRIu64 " records (reallocations, "
	       "deregistrations, re-registrations) on the full cache: %.0f "
	       "records/s wall, %.0f records/CPU-s; now %" PRIu64
	       " associations, %.1f bytes/association\n",
	       churn, (double)churn / t_churn, (double)churn / c_churn,
	       st.associations, (double)st.bytes / (double)st.associations);
	/* Queries: random SUPIs (most recent) and their GUTIs (with time). */
	if (nq) {
		double *lat = malloc(nq * sizeof(*lat)), p50, p99;
		static struct icf_result res;
		static uint8_t out[1 << 20];
		double *cpu_lat = malloc(nq * sizeof(*cpu_lat)), c50, c99, c0;
		double *calm = malloc(nq * sizeof(*calm));
		long csw0;
		uint64_t rng = 12345, found = 0;
		struct iqf_arena ar = { 0 };

		/* The thread clock is a system call here: its own cost. */
		for (int i = 0; i < 1001 && cpu_lat; i++) {
			struct timespec x, y;

			clock_gettime(CLOCK_THREAD_CPUTIME_ID, &x);
			clock_gettime(CLOCK_THREAD_CPUTIME_ID, &y);
			cpu_lat[i] = (double)(y.tv_sec - x.tv_sec) * 1e9 +
				     (double)(y.tv_nsec - x.tv_nsec);
		}
		if (cpu_lat)
			pct(cpu_lat, 1001, &c0, &c99);

		for (int kind = 0; kind < 3 && lat && cpu_lat && calm; kind++) {
			struct series sr = { .best = 1e18, .best_calm = 1e18 };

			for (int round = 0; round < ROUNDS; round++) {
				size_t ncalm = 0;

				found = 0;
				for (uint64_t i = 0; i < nq; i++) {
					struct icf_query q = {
						.key = ICF_KEY_SUPI
					};
					char supi[32];
					struct timespec a, b, ca, cb;
					uint64_t ue;

					rng = rng * 6364136223846793005ull + 1;
					ue = (rng >> 17) % n;
					snprintf(supi, sizeof(supi),
						 "23415%010" PRIu64, ue);
					q.supi.type = ICF_SUPI_IMSI;
					q.supi.val = supi;
					q.supi.len = 15;
					if (kind == 1) {
						/* The UE's current 5G-GUTI. */
						q.key = ICF_KEY_GUTI;
						memcpy(q.guti,
						       "\x32\xf4\x51\x01", 4);
						q.guti[4] =
							(uint8_t)(ue % 1024 >>
								  2);
						q.guti[5] = (uint8_t)((ue %
								       4) << 6 |
								      1);
						q.guti[6] =
							(uint8_t)(g.ue[ue].tmsi >>
								  24);
						q.guti[7] =
							(uint8_t)(g.ue[ue].tmsi >>
								  16);
						q.guti[8] =
							(uint8_t)(g.ue[ue].tmsi >>
								  8);
						q.guti[9] =
							(uint8_t)g.ue[ue].tmsi;
						q.has_time = true;
						q.observed =
							g.now_ns / 1000000 -
							1000;
					}
					csw0 = csw();
					clock_gettime(CLOCK_THREAD_CPUTIME_ID,
						      &ca);
					clock_gettime(CLOCK_MONOTONIC, &a);
					if (kind < 2) {
						icf_query(c, &q, &res);
						found += res.n > 0;
					} else {
						/* Full IQF: validation, search and
					 * the protobuf response. */
						Lmisf__Iqf__IdentityAssociationRequest
							r = LMISF__IQF__IDENTITY_ASSOCIATION_REQUEST__INIT;
						Lmisf__Iqf__RequestValues rv =
							LMISF__IQF__REQUEST_VALUES__INIT;
						Lmisf__Iqf__SUPI sp =
							LMISF__IQF__SUPI__INIT;
						struct iqf_outcome o;
						size_t fl;
						Lmisf__Iqf__IdentityAssociationResponse
							*resp;

						sp.value_case =
							LMISF__IQF__SUPI__VALUE_SUPI_IMSI;
						sp.supi_imsi = supi;
						rv.supi = &sp;
						r.request_values = &rv;
						resp = iqf_handle(c, &r, &res,
								  &ar, &o);
						/* Packed into a reused buffer, as
					 * the server does. */
						fl = resp ? protobuf_c_message_get_packed_size(
								    &resp->base) :
							    0;
						if (resp &&
						    fl + 4 <= sizeof(out))
							iqf_frame_into(
								&resp->base, fl,
								out);
						found += o.results > 0;
						iqf_arena_reset(&ar);
					}
					clock_gettime(CLOCK_MONOTONIC, &b);
					clock_gettime(CLOCK_THREAD_CPUTIME_ID,
						      &cb);
					lat[i] =
						(double)(b.tv_sec - a.tv_sec) *
							1e9 +
						(double)(b.tv_nsec - a.tv_nsec);
					cpu_lat[i] = (double)(cb.tv_sec -
							      ca.tv_sec) *
							     1e9 +
						     (double)(cb.tv_nsec -
							      ca.tv_nsec) -
						     c0;
					/* Not switched out meanwhile: service time. */
					if (csw() == csw0)
						calm[ncalm++] = cpu_lat[i];
				}
				pct(lat, nq, &p50, &p99);
				pct(cpu_lat, nq, &c50, &c99);
				series_add(&sr, p50, p99, c50, c99, calm, ncalm,
					   nq);
			}
			printf("icf query %s: %d x %" PRIu64
			       " queries, %" PRIu64
			       " found in the last; p99 over the rounds, best / "
			       "worst: wall %.0f / %.0f ns, thread CPU %.0f / "
			       "%.0f ns (p50 %.0f ns), thread CPU without the "
			       "queries during which the thread was switched "
			       "out (%.2f %% of them) %.0f / %.0f ns\n",
			       kind == 0 ?
				       "by SUPI (most recent)" :
			       kind == 1 ?
				       "by 5G-GUTI (observed time)" :
				       "by SUPI, full IQF (validate, search, protobuf response)",
			       ROUNDS, nq, found, sr.best_wall, sr.worst_wall,
			       sr.best, sr.worst, sr.c50,
			       100.0 * (double)sr.dropped /
				       (double)(ROUNDS * nq),
			       sr.best_calm, sr.worst_calm);
		}
		free(calm);
		free(lat);
		free(cpu_lat);
		iqf_arena_free(&ar);
		bench_iqf_stages(c, n, nq);
	}
	icf_free(c);
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
