// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace counters, per CPU so that the hooks never share a cache
 * line between CPUs.
 */

#include <linux/percpu.h>
#include "lmisf.h"

int lmisf_stats_init(struct lmisf_net *ln)
{
	int cpu;

	ln->stats = alloc_percpu(struct lmisf_pcpu_stats);
	if (!ln->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(ln->stats, cpu)->syncp);
	return 0;
}

void lmisf_stats_free(struct lmisf_net *ln)
{
	free_percpu(ln->stats);
	ln->stats = NULL;
}

u64 lmisf_stats_read(struct lmisf_net *ln, unsigned int idx)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct lmisf_pcpu_stats *s = per_cpu_ptr(ln->stats, cpu);
		unsigned int start;
		u64 v;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			v = u64_stats_read(&s->c[idx]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum += v;
	}
	return sum;
}
