/* SPDX-License-Identifier: GPL-2.0 */
/* IQF path stage by stage (bench_iqf.c). */
#ifndef LMISF_BENCH_IQF_H
#define LMISF_BENCH_IQF_H

#include <stdint.h>

#include "icf.h"

/* @nq queries by SUPI over UEs 0..@n_ue-1 of bench_icf's generator. */
void bench_iqf_stages(struct icf *c, uint64_t n_ue, uint64_t nq);

#endif
