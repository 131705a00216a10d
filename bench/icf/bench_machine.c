// SPDX-License-Identifier: GPL-2.0
/*
 * bench_machine.c - controls for the ingest rates: on a shared virtual
 * machine the same binary's churn rate moves by a third from run to run
 * (performance-icf.rst), so each run measures the machine beside it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "bench_machine.h"

#define HUGE ((size_t)2 << 20)
#define WORDS (BENCH_MEM_BYTES / 8)
#define LAT_LOADS 20000
#define CHAINS 16
#define MLP_STEPS 4000
#define ALU_ITERS 200000

uint64_t *bench_mem_map(void **base)
{
	uint8_t *p = mmap(NULL, BENCH_MEM_BYTES + HUGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t *m;

	if (p == MAP_FAILED)
		return NULL;
	*base = p;
	m = (uint64_t *)(((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
	madvise(m, BENCH_MEM_BYTES, MADV_HUGEPAGE);
	memset(m, 1, BENCH_MEM_BYTES);
	return m;
}

void bench_mem_unmap(void *base)
{
	munmap(base, BENCH_MEM_BYTES + HUGE);
}

static double mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t next(uint64_t *rng)
{
	*rng = *rng * 6364136223846793005ull + 1442695040888963407ull;
	return *rng >> 20;
}

int machine_ctl_init(struct machine_ctl *m)
{
	memset(m, 0, sizeof(*m));
	m->rng = 99;
	m->mem = bench_mem_map(&m->base);
	return m->mem ? 0 : -1;
}

void machine_ctl_sample(struct machine_ctl *m)
{
	uint64_t v = m->sink, c[CHAINS] = { 0 };
	double t;

	if (!m->mem)
		return;
	/* Each load's address depends on the one before: latency. */
	t = mono_ns();
	for (int i = 0; i < LAT_LOADS; i++)
		v += m->mem[(next(&m->rng) + v) % WORDS];
	m->lat_ns += (mono_ns() - t) / LAT_LOADS;
	/* CHAINS independent chains: misses in flight together. */
	t = mono_ns();
	for (int i = 0; i < MLP_STEPS; i++)
		for (int j = 0; j < CHAINS; j++)
			c[j] += m->mem[(next(&m->rng) + c[j]) % WORDS];
	m->mlp_ns += (mono_ns() - t) / (MLP_STEPS * CHAINS);
	for (int j = 0; j < CHAINS; j++)
		v += c[j];
	t = mono_ns();
	for (int i = 0; i < ALU_ITERS; i++)
		v = v * 6364136223846793005ull + (uint64_t)i;
	m->alu_ns += (mono_ns() - t) / ALU_ITERS;
	m->sink = v;
	m->n++;
}

void machine_ctl_report(struct machine_ctl *m, const char *phase)
{
	if (m->n)
		printf("icf machine control %s: dependent random load %.1f ns, "
		       "%d chains %.2f ns a load, ALU %.3f ns an iteration "
		       "(means of %u samples between the chunks)\n",
		       phase, m->lat_ns / m->n, CHAINS, m->mlp_ns / m->n,
		       m->alu_ns / m->n, m->n);
	m->lat_ns = m->mlp_ns = m->alu_ns = 0;
	m->n = 0;
}

void machine_ctl_free(struct machine_ctl *m)
{
	if (m->mem)
		bench_mem_unmap(m->base);
	m->mem = NULL;
}
