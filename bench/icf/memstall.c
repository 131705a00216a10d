// SPDX-License-Identifier: GPL-2.0
/*
 * memstall - the machine's share of a query latency tail: how often a
 * single random load from memory written beforehand takes longer than
 * 5 us, on transparent huge pages and on 4 KiB pages, and an ALU loop of
 * about the same length timed the same way. On a shadow-paged guest (PVM)
 * the slow loads are shadow page-table refills by the hypervisor; see
 * Documentation/performance-icf.rst. Not a test: it prints numbers.
 *
 *   memstall [MB [LOADS]]      defaults 2048 and 1000000
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define HUGE ((size_t)2 << 20)
#define SLOW_NS 5000.0

static volatile uint64_t sink;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t *map(size_t sz, int advice)
{
	uint8_t *p = mmap(NULL, sz + HUGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t *m;

	if (p == MAP_FAILED)
		return NULL;
	m = (uint64_t *)(((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
	madvise(m, sz, advice);
	memset(m, 1, sz);
	return m;
}

/* Share of @n random loads from @m (@nw words) above SLOW_NS; mean in *mean. */
static double loads(const uint64_t *m, size_t nw, size_t n, double *mean)
{
	uint64_t rng = 3;
	size_t slow = 0;
	double sum = 0;

	for (size_t i = 0; i < n; i++) {
		size_t x;
		double a, d;

		rng = rng * 6364136223846793005ull + 1;
		x = (size_t)(rng >> 11) % nw;
		a = now_ns();
		sink = *(const volatile uint64_t *)&m[x];
		d = now_ns() - a;
		sum += d;
		slow += d > SLOW_NS;
	}
	*mean = sum / (double)n;
	return 100.0 * (double)slow / (double)n;
}

static double alu(size_t n, double *mean)
{
	size_t slow = 0;
	double sum = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t x = i;
		double a = now_ns(), d;

		for (int j = 0; j < 100; j++)
			x = x * 6364136223846793005ull + 1;
		sink = x;
		d = now_ns() - a;
		sum += d;
		slow += d > SLOW_NS;
	}
	*mean = sum / (double)n;
	return 100.0 * (double)slow / (double)n;
}

int main(int argc, char **argv)
{
	size_t mb = argc > 1 ? strtoull(argv[1], NULL, 0) : 2048;
	size_t n = argc > 2 ? strtoull(argv[2], NULL, 0) : 1000000;
	size_t sz = mb << 20;
	uint64_t *th = map(sz, MADV_HUGEPAGE), *sm = map(sz, MADV_NOHUGEPAGE);
	double mean, pc;

	if (!mb || !n || !th || !sm) {
		fprintf(stderr, "usage: memstall [MB [LOADS]] (MB > 0)\n");
		return 2;
	}
	/* Twice each: the first pass may still meet first-touch effects. */
	for (int pass = 0; pass < 2; pass++) {
		pc = loads(th, sz / 8, n, &mean);
		printf("%zu MB, huge pages:  %zu random loads, mean %.0f ns, "
		       "%.3f %% above 5 us\n",
		       mb, n, mean, pc);
		pc = loads(sm, sz / 8, n, &mean);
		printf("%zu MB, 4 KiB pages: %zu random loads, mean %.0f ns, "
		       "%.3f %% above 5 us\n",
		       mb, n, mean, pc);
		pc = alu(n, &mean);
		printf("no memory, ALU loop: %zu timed loops, mean %.0f ns, "
		       "%.3f %% above 5 us\n",
		       n, mean, pc);
	}
	return 0;
}
