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
 *
 * A bucket is a chain of fixed-size blocks of ids from one region on huge
 * pages, recycled through a free list once their bucket is handled: a
 * bucket of a busy second holds hundreds of thousands of ids, and arrays
 * grown by realloc() were copied and took a 4 KiB page fault (tens of
 * microseconds on a shadow-paged guest) every 1024 ids.
 */
#ifndef LMISF_ICF_WHEEL_H
#define LMISF_ICF_WHEEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "icf_mem.h"

#define ICF_WHEEL_BLOCK_IDS 62

/* 256 octets: ids in the order they were added. */
struct icf_wheel_block {
	uint32_t next; /* the next block of the bucket, 0: last */
	uint32_t n;
	uint32_t ids[ICF_WHEEL_BLOCK_IDS];
};

/* Blocks in order, 0 when empty. */
struct icf_bucket {
	uint32_t head, tail;
};

struct icf_wheel {
	struct icf_bucket *b;
	struct icf_bucket far;
	uint32_t nb; /* power of two */
	lm_ms_t gran;
	int64_t done; /* last slot whose bucket was processed */
	int64_t far_next; /* slot at which the far list is re-sorted */
	struct icf_region blocks; /* block 0 is never used: "none" */
	uint32_t blocks_used; /* blocks < blocks_used were handed out once */
	uint32_t free_block; /* free list through ->next */
};

int icf_wheel_init(struct icf_wheel *w, lm_ms_t horizon, lm_ms_t gran,
		   lm_ms_t now);
void icf_wheel_free(struct icf_wheel *w);
int icf_wheel_add(struct icf_wheel *w, lm_ms_t deadline, uint32_t id);

/* Block @i of a bucket's chain, NULL for 0 (the end). */
static inline const struct icf_wheel_block *
icf_wheel_block(const struct icf_wheel *w, uint32_t i)
{
	return i ? (const struct icf_wheel_block *)w->blocks.base + i : NULL;
}

/*
 * The next bucket whose whole time range is <= now, or NULL. The caller
 * handles every id (icf_wheel_block() from b->head) then calls
 * icf_wheel_done(). While handling, it must not add to the wheel.
 */
struct icf_bucket *icf_wheel_next_due(struct icf_wheel *w, lm_ms_t now);
/* Empties @b: its blocks go back to the wheel. */
void icf_wheel_done(struct icf_wheel *w, struct icf_bucket *b);

/* True when the far list should be taken and its ids re-added. */
bool icf_wheel_far_due(const struct icf_wheel *w);
/*
 * Moves the far list out; the caller may add its ids to the wheel again,
 * then gives the blocks back with icf_wheel_done().
 */
struct icf_bucket icf_wheel_take_far(struct icf_wheel *w);
size_t icf_wheel_bytes(const struct icf_wheel *w);

#endif /* LMISF_ICF_WHEEL_H */
