/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Expiry wheel for the ICF: a ring of time buckets holding record ids, so
 * that expiry visits only what is due instead of scanning the cache.
 *
 * An id is appended whenever its record's deadline is set or changes; old
 * entries are left behind (a record has at most two deadlines: active, then
 * previous). The caller re-checks each popped id against the record's
 * current deadline, which makes stale and reused-slot entries harmless.
 * Deadlines beyond one lap of the ring wait in a "far" list that is re-sorted
 * every half lap.
 */
#ifndef LMISF_ICF_WHEEL_H
#define LMISF_ICF_WHEEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"

struct icf_bucket {
	uint32_t *ids;
	uint32_t n, cap;
};

struct icf_wheel {
	struct icf_bucket *b;
	struct icf_bucket far;
	uint32_t nb; /* power of two */
	lm_ms_t gran;
	int64_t done; /* last slot whose bucket was processed */
	int64_t far_next; /* slot at which the far list is re-sorted */
};

int icf_wheel_init(struct icf_wheel *w, lm_ms_t horizon, lm_ms_t gran,
		   lm_ms_t now);
void icf_wheel_free(struct icf_wheel *w);
int icf_wheel_add(struct icf_wheel *w, lm_ms_t deadline, uint32_t id);

/*
 * The next bucket whose whole time range is <= now, or NULL. The caller
 * handles every id then calls icf_wheel_done(). While handling, it must not
 * add to the wheel.
 */
struct icf_bucket *icf_wheel_next_due(struct icf_wheel *w, lm_ms_t now);
void icf_wheel_done(struct icf_wheel *w, struct icf_bucket *b);

/* True when the far list should be taken and its ids re-added. */
bool icf_wheel_far_due(const struct icf_wheel *w);
/* Moves the far list out (caller frees ids with free()). */
struct icf_bucket icf_wheel_take_far(struct icf_wheel *w);
size_t icf_wheel_bytes(const struct icf_wheel *w);

#endif /* LMISF_ICF_WHEEL_H */
