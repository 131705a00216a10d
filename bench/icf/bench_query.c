// SPDX-License-Identifier: GPL-2.0
/*
 * Query latency on the cache bench_icf filled: icf_query() by SUPI (most
 * recent), by the UE's current 5G-GUTI and by its 5G-S-TMSI (observed
 * time), by the SUCI of its initial registration, the in-process IQF
 * path by SUPI (validation, search, the response packed straight into a
 * reused buffer, iqf_handle_packed(), as the server does), that path again
 * after a read(2) per query, as the server reads each request, and the
 * way it went before (and still goes for ongoing requests): message
 * structs in the arena, packed by protobuf-c. Each query is timed alone, with
 * no system call between queries but that read: on this shadow-paged host
 * a system call makes the next loads' translations miss more often
 * (Documentation/performance-icf.rst), so the thread CPU clock and
 * getrusage(), both system calls here, are read once per round.
 *
 * Every query is followed by two controls timed the same way (after the
 * same read(2) in the read series): a constant ALU body of about a
 * query's length that touches no memory but the stack, and as many
 * dependent random loads from a 1 GiB buffer of huge pages of its own as
 * the query touches pages of the cache (bench_touch.c). Their p99 in the
 * same rounds is the host's own share of the tail: the first shows the
 * CPU being taken away, the second what a shadow-page-table refill costs
 * a load to a page the query's code has no say in. The thread's page
 * faults (getrusage, once per round) show that a query takes none.
 *
 * Then the slowest 1 % of the last round's keys are asked again, each after
 * 99 other random queries (so the caches are as cold as the first time),
 * beside a random 1 % of the same round as control: when the slow keys are
 * slow again clearly more often than the control, the tail belongs to
 * those keys (probe or association chains, a slow path); when not, to
 * where their memory happened to be (misses, faults, the hypervisor).
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench_machine.h"
#include "bench_query.h"
#include "bench_touch.h"
#include "iqf.h"

#define ROUNDS 5 /* series per kind: best and worst are reported */

enum kind {
	BY_SUPI,
	BY_GUTI,
	BY_STMSI,
	BY_SUCI,
	BY_IQF,
	BY_IQF_READ,
	BY_IQF_STRUCTS,
	NKINDS
};

static const char *const kind_name[NKINDS] = {
	"by SUPI (most recent)",
	"by 5G-GUTI (observed time)",
	"by 5G-S-TMSI (observed time)",
	"by SUCI (most recent)",
	"by SUPI, full IQF (validate, search, response packed)",
	"by SUPI, full IQF after a read(2) of the request",
	"by SUPI, full IQF through message structs and protobuf-c",
};

struct qctx {
	struct icf *c;
	const struct gen *g;
	struct icf_result res;
	struct iqf_arena ar;
	struct streambuf b; /* the packed responses */
	int zero_fd; /* /dev/zero: the request read of BY_IQF_READ */
	uint8_t out[1 << 20];
};

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sorts @v; the p-th fraction of it. */
static double pct(double *v, size_t n, double p)
{
	qsort(v, n, sizeof(*v), cmp_d);
	return v[(size_t)((double)n * p)];
}

static double ns_of(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Context switches and page faults of this thread so far. */
static void thread_usage(long *sw, long *flt)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	*sw = ru.ru_nvcsw + ru.ru_nivcsw;
	*flt = ru.ru_minflt + ru.ru_majflt;
}

static volatile uint64_t ctl_sink;
static unsigned int ctl_iters = 256; /* calibrated in bench_query() */

/* The control: a dependent multiply chain, registers and stack only. */
static double control(void)
{
	uint64_t v = ctl_sink;
	double a = ns_of(CLOCK_MONOTONIC);

	for (unsigned int i = 0; i < ctl_iters; i++)
		v = v * 6364136223846793005ull + i;
	ctl_sink = v;
	return ns_of(CLOCK_MONOTONIC) - a;
}

static double ctl_ns_per_iter = 1; /* measured in bench_query() */

static void control_calibrate(void)
{
	double best = 1e18;

	ctl_iters = 1000;
	for (int k = 0; k < 2000; k++) {
		double t = control();

		if (t < best)
			best = t;
	}
	ctl_ns_per_iter = best / ctl_iters;
}

/* The control's length: about @ns, a query's p50. */
static void control_set(double ns)
{
	ctl_iters = (unsigned int)(ns / ctl_ns_per_iter);
	if (!ctl_iters)
		ctl_iters = 1;
}

#define MEM_BYTES BENCH_MEM_BYTES

static uint64_t *mem; /* the memory control's buffer (bench_machine.h) */
static void *mem_base; /* its mapping */
static uint64_t mem_rng = 77;

/* The memory control: @k dependent loads from random pages of mem. */
static double control_mem(int k)
{
	uint64_t v = 0;
	double a = ns_of(CLOCK_MONOTONIC);

	for (int i = 0; i < k; i++) {
		mem_rng = mem_rng * 6364136223846793005ull + 1;
		v += mem[((mem_rng >> 20) + v) % (MEM_BYTES / 8)];
	}
	ctl_sink = v;
	return ns_of(CLOCK_MONOTONIC) - a;
}

/* The GUTI bench_icf's generator gave UE @ue last (gen.c). */
static void ue_guti(const struct gen *g, uint64_t ue, uint8_t *guti)
{
	uint32_t t = g->ue[ue].tmsi;

	memcpy(guti, "\x32\xf4\x51\x01", 4);
	guti[4] = (uint8_t)(ue % 1024 >> 2);
	guti[5] = (uint8_t)((ue % 4) << 6 | 1);
	guti[6] = (uint8_t)(t >> 24);
	guti[7] = (uint8_t)(t >> 16);
	guti[8] = (uint8_t)(t >> 8);
	guti[9] = (uint8_t)t;
}

/* Its null-scheme SUCI: header, then the MSIN of the SUPI as BCD. */
static void ue_suci(const char *supi, uint8_t suci[13])
{
	memcpy(suci, "\x01\x32\xf4\x51\xf0\xff\x00\x00", 8);
	for (int k = 0; k < 5; k++)
		suci[8 + k] = (uint8_t)((supi[5 + 2 * k + 1] - '0') << 4 |
					(supi[5 + 2 * k] - '0'));
}

/* One query of @kind for UE @ue, timed; 1 when something was found. */
static int one(struct qctx *x, enum kind kind, uint64_t ue, double *wall)
{
	struct icf_query q = { .key = ICF_KEY_SUPI };
	char supi[32];
	uint8_t suci[13];
	double a;
	int found;

	snprintf(supi, sizeof(supi), "23415%010" PRIu64, ue);
	q.supi.type = ICF_SUPI_IMSI;
	q.supi.val = supi;
	q.supi.len = 15;
	if (kind == BY_GUTI || kind == BY_STMSI) {
		ue_guti(x->g, ue, q.guti);
		q.key = ICF_KEY_GUTI;
		if (kind == BY_STMSI) {
			q.key = ICF_KEY_STMSI;
			memcpy(q.stmsi, q.guti + 4, ICF_STMSI_LEN);
		}
		q.has_time = true;
		q.observed = x->g->now_ns / 1000000 - 1000;
	} else if (kind == BY_SUCI) {
		ue_suci(supi, suci);
		q.key = ICF_KEY_SUCI;
		q.suci = suci;
		q.suci_len = sizeof(suci);
	} else if (kind == BY_IQF_READ && read(x->zero_fd, x->out, 64) != 64) {
		abort(); /* the server reads each request before answering */
	}
	a = ns_of(CLOCK_MONOTONIC);
	if (kind < BY_IQF) {
		icf_query(x->c, &q, &x->res);
		found = x->res.n > 0;
	} else {
		Lmisf__Iqf__IdentityAssociationRequest r =
			LMISF__IQF__IDENTITY_ASSOCIATION_REQUEST__INIT;
		Lmisf__Iqf__RequestValues rv = LMISF__IQF__REQUEST_VALUES__INIT;
		Lmisf__Iqf__SUPI sp = LMISF__IQF__SUPI__INIT;
		struct iqf_outcome o;

		sp.value_case = LMISF__IQF__SUPI__VALUE_SUPI_IMSI;
		sp.supi_imsi = supi;
		rv.supi = &sp;
		r.request_values = &rv;
		if (kind == BY_IQF_STRUCTS) {
			Lmisf__Iqf__IdentityAssociationResponse *resp;
			size_t fl;

			resp = iqf_handle(x->c, &r, &x->res, &x->ar, &o);
			fl = resp ? protobuf_c_message_get_packed_size(
					    &resp->base) :
				    0;
			if (resp && fl + 4 <= sizeof(x->out))
				iqf_frame_into(&resp->base, fl, x->out);
		} else {
			/* Into a reused buffer, as the server does. */
			x->b.len = 0;
			iqf_handle_packed(x->c, &r, &x->res, &x->ar, &x->b, &o);
		}
		found = o.results > 0;
		iqf_arena_reset(&x->ar);
	}
	*wall = ns_of(CLOCK_MONOTONIC) - a;
	return found;
}

static uint64_t next_ue(uint64_t *rng, uint64_t n)
{
	*rng = *rng * 6364136223846793005ull + 1;
	return (*rng >> 17) % n;
}

struct sample {
	double wall;
	uint64_t ue;
};

static int cmp_wall_desc(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	return x->wall < y->wall ? 1 : x->wall > y->wall ? -1 : 0;
}

/*
 * Asks @n keys of @s again, each after 99 random other queries; returns
 * how many took longer than @thr.
 */
static size_t ask_again(struct qctx *x, enum kind kind, const struct sample *s,
			size_t n, uint64_t n_ue, uint64_t *rng, double thr)
{
	size_t slow = 0;
	double w;

	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < 99; k++)
			one(x, kind, next_ue(rng, n_ue), &w);
		one(x, kind, s[i].ue, &w);
		slow += w > thr;
	}
	return slow;
}

static void series(struct qctx *x, enum kind kind, uint64_t n_ue, uint64_t nq,
		   struct sample *s, double *v)
{
	double best = 1e18, worst = 0, p50 = 0, cpu = 0, cbest = 0, cworst = 0;
	double *cv = v + nq, *mv = v + 2 * nq; /* the controls' times */
	double mbest = 0, mworst = 0, mp50 = 0;
	/* Distinct 2 MiB pages of the cache per query (bench_touch.c). */
	int pages = kind >= BY_IQF ? 3 : 2;
	uint64_t rng = 12345, found = 0;
	long out = 0, faults = 0, sw, flt, sw1, flt1;
	size_t k, ctl;
	double thr = 0, cp50 = 0;

	/* Warm-up: its p50 sets the control's length. */
	for (k = 0; k < nq / 10; k++)
		one(x, kind, next_ue(&rng, n_ue), &v[k]);
	control_set(pct(v, k, 0.5));
	for (int round = 0; round < ROUNDS; round++) {
		double c = ns_of(CLOCK_THREAD_CPUTIME_ID), cthr, mthr;

		thread_usage(&sw, &flt);
		found = 0;
		for (uint64_t i = 0; i < nq; i++) {
			s[i].ue = next_ue(&rng, n_ue);
			found += one(x, kind, s[i].ue, &s[i].wall);
			if (kind == BY_IQF_READ &&
			    read(x->zero_fd, x->out, 64) != 64)
				abort();
			cv[i] = control();
			if (kind == BY_IQF_READ &&
			    read(x->zero_fd, x->out, 64) != 64)
				abort();
			mv[i] = mem ? control_mem(pages) : 0;
		}
		thread_usage(&sw1, &flt1);
		out += sw1 - sw;
		faults += flt1 - flt;
		cpu += ns_of(CLOCK_THREAD_CPUTIME_ID) - c;
		for (k = 0; k < nq; k++)
			v[k] = s[k].wall;
		thr = pct(v, nq, 0.99);
		cthr = pct(cv, nq, 0.99);
		mthr = pct(mv, nq, 0.99);
		if (thr < best)
			best = thr, p50 = v[nq / 2], cbest = cthr,
			cp50 = cv[nq / 2], mbest = mthr, mp50 = mv[nq / 2];
		if (thr > worst)
			worst = thr, cworst = cthr, mworst = mthr;
	}
	printf("icf query %s: %d x %" PRIu64 " queries, %" PRIu64
	       " found in the last; wall p50 %.0f ns, p99 best / worst "
	       "round %.0f / %.0f ns; thread CPU %.0f ns a query on average "
	       "(key making and the control included); %ld context switches, "
	       "%ld page faults in all rounds\n",
	       kind_name[kind], ROUNDS, nq, found, p50, best, worst,
	       cpu / (double)(ROUNDS * nq), out, faults);
	printf("icf query %s: controls in the same rounds, p50 and p99 of "
	       "the best / worst round: ALU only (%u iterations) %.0f ns, "
	       "%.0f / %.0f ns; %d random loads from huge pages %.0f ns, "
	       "%.0f / %.0f ns\n",
	       kind_name[kind], ctl_iters, cp50, cbest, cworst, pages, mp50,
	       mbest, mworst);
	/* The last round's slowest 1 % again, and a random 1 % as control. */
	for (k = 0; k < nq; k++)
		v[k] = s[k].wall;
	thr = pct(v, nq, 0.99);
	ctl = nq / 100;
	if (!ctl)
		return;
	for (k = 0; k < ctl; k++)
		s[nq - ctl + k] = s[k * 100 + 50 < nq - ctl ? k * 100 + 50 : k];
	qsort(s, nq - ctl, sizeof(*s), cmp_wall_desc);
	rng = 999;
	{
		size_t a = ask_again(x, kind, s, ctl, n_ue, &rng, thr);
		size_t b =
			ask_again(x, kind, s + nq - ctl, ctl, n_ue, &rng, thr);

		printf("icf query %s: the last round's slowest %zu keys (> %.0f "
		       "ns) asked again: %.1f %% slow again; random control "
		       "keys: %.1f %% slow\n",
		       kind_name[kind], ctl, thr,
		       100.0 * (double)a / (double)ctl,
		       100.0 * (double)b / (double)ctl);
	}
}

/* How much of the process's anonymous memory is on huge pages. */
static void huge_share(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	long anon = 0, huge = 0, v;
	char line[128];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Anonymous: %ld kB", &v) == 1)
			anon = v;
		else if (sscanf(line, "AnonHugePages: %ld kB", &v) == 1)
			huge = v;
	}
	fclose(f);
	printf("icf query memory: %ld of %ld MB anonymous memory on huge "
	       "pages (the cache, the benchmark's generator and buffers)\n",
	       huge >> 10, anon >> 10);
}

/*
 * The benchmark's clock is manual (bench_icf.c moves it with the records'
 * time). In the query series each of its reads also reads CLOCK_REALTIME,
 * so that it costs what the server's clock (lm_clock_realtime) costs: a
 * vDSO call, tens of nanoseconds here, which a query pays for every read
 * (the IQF reads it once a request since icf_query_at()).
 */
static lm_ms_t costed_now(const struct lm_clock *clk)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ctl_sink += (uint64_t)ts.tv_nsec;
	return clk->manual_ms;
}

void bench_query(struct icf *c, const struct gen *g, uint64_t n_ue, uint64_t nq)
{
	/* The cache's clock is bench_icf.c's own, not const. */
	struct lm_clock *clk = (struct lm_clock *)icf_clock(c);
	lm_ms_t (*manual)(const struct lm_clock *) = clk->now;
	struct sample *s = malloc(nq * sizeof(*s));
	double *v = malloc(3 * nq * sizeof(*v));
	struct qctx *x = calloc(1, sizeof(*x));

	if (!s || !v || !x || nq < 100)
		goto out;
	/*
	 * Touched now, so that the rounds' page faults are the queries' own
	 * (not with zeros: gcc makes malloc() + memset(0) a calloc(), which
	 * leaves fresh pages untouched).
	 */
	memset(s, 0xff, nq * sizeof(*s));
	memset(v, 0xff, 3 * nq * sizeof(*v));
	x->c = c;
	x->g = g;
	x->zero_fd = open("/dev/zero", O_RDONLY);
	if (x->zero_fd < 0)
		goto out;
	mem = bench_mem_map(&mem_base);
	huge_share();
	control_calibrate();
	bench_touch(c, n_ue, nq);
	printf("icf query series: the cache's (manual) clock costs a "
	       "CLOCK_REALTIME read per read\n");
	clk->now = costed_now;
	for (int kind = 0; kind < NKINDS; kind++)
		series(x, (enum kind)kind, n_ue, nq, s, v);
	clk->now = manual;
	iqf_arena_free(&x->ar);
	free(x->b.p);
	close(x->zero_fd);
	if (mem)
		bench_mem_unmap(mem_base);
out:
	free(x);
	free(v);
	free(s);
}
