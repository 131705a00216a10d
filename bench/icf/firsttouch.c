// SPDX-License-Identifier: GPL-2.0
/*
 * firsttouch - what a first write to fresh anonymous memory costs in CPU
 * time, per byte and per 4 KiB, on transparent huge pages and on 4 KiB
 * pages, four times over in one process (each pass unmaps its memory,
 * so later passes may be given memory the host has backed already), and
 * what writing it again costs. An ICF fill writes ~170 bytes of fresh
 * memory per association and its CPU-time rate includes this; see
 * Documentation/performance-icf.rst. Not a test: it prints numbers.
 *
 *   firsttouch [MB]      default 1024
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define HUGE ((size_t)2 << 20)

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pass(size_t n, int huge, int i)
{
	char *p = mmap(NULL, n + HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *q;
	double t, first, again;

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	q = (char *)(((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
	madvise(q, n, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	t = cpu_s();
	memset(q, 1, n);
	first = cpu_s() - t;
	t = cpu_s();
	memset(q, 2, n);
	again = cpu_s() - t;
	printf("%-9s pass %d: first write %.2f ns/B (%.0f ns per 4 KiB), "
	       "again %.3f ns/B\n",
	       huge ? "huge" : "4 KiB", i, first / (double)n * 1e9,
	       first / (double)(n / 4096) * 1e9, again / (double)n * 1e9);
	munmap(p, n + HUGE);
}

int main(int argc, char **argv)
{
	size_t n = (size_t)(argc > 1 ? atol(argv[1]) : 1024) << 20;

	for (int huge = 1; huge >= 0; huge--)
		for (int i = 0; i < 4; i++)
			pass(n, huge, i);
	return 0;
}
