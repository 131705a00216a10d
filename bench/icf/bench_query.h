/* SPDX-License-Identifier: GPL-2.0 */
/* Query latency per key kind, and whether the slow keys stay slow. */
#ifndef LMISF_BENCH_QUERY_H
#define LMISF_BENCH_QUERY_H

#include <stdint.h>

#include "gen.h"
#include "icf.h"

/* @nq queries per round and kind over UEs 0..@n_ue-1 of generator @g. */
void bench_query(struct icf *c, const struct gen *g, uint64_t n_ue,
		 uint64_t nq);

#endif
