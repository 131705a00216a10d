/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine's own speed beside the ingest (bench_machine.c), and the
 * huge-page buffer the memory controls read.
 */
#ifndef LMISF_BENCH_MACHINE_H
#define LMISF_BENCH_MACHINE_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_MEM_BYTES ((size_t)1 << 30)

/*
 * BENCH_MEM_BYTES on 2 MiB-aligned huge pages, written once (so no load
 * faults); *@base is the mapping to unmap with bench_mem_unmap(). NULL
 * when it cannot be mapped.
 */
uint64_t *bench_mem_map(void **base);
void bench_mem_unmap(void *base);

/*
 * Samples of three bodies that depend on nothing of lmisf, taken between
 * the ingest's timed chunks: dependent random loads from the buffer (the
 * memory's latency), 16 such chains at once (what overlapped misses
 * cost, as the ingest's batches overlap them), and a multiply chain in
 * registers (the CPU). A run whose ingest is slow while these are too
 * was slowed by the machine, not by the code.
 */
struct machine_ctl {
	uint64_t *mem;
	void *base;
	uint64_t rng, sink;
	double lat_ns, mlp_ns, alu_ns; /* sums over the samples */
	unsigned int n;
};

/* 0, or -1 when the buffer cannot be mapped (the controls are skipped). */
int machine_ctl_init(struct machine_ctl *m);
/* One sample of each body, a few milliseconds. */
void machine_ctl_sample(struct machine_ctl *m);
/* Prints the samples' means as "icf machine control @phase: ...", resets. */
void machine_ctl_report(struct machine_ctl *m, const char *phase);
void machine_ctl_free(struct machine_ctl *m);

#endif
