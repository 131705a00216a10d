/* SPDX-License-Identifier: GPL-2.0 */
/* Cache lines and 2 MiB pages one query touches (bench_touch.c). */
#ifndef LMISF_BENCH_TOUCH_H
#define LMISF_BENCH_TOUCH_H

#include <stdint.h>

#include "icf.h"

/* Over @nq random UEs 0..@n_ue-1 of bench_icf's generator. */
void bench_touch(const struct icf *c, uint64_t n_ue, uint64_t nq);

#endif
