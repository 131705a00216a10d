// SPDX-License-Identifier: GPL-2.0
/* Time-bucketed expiry for the ICF cache. */
#include "icf_wheel.h"

#include <errno.h>
#include <stdlib.h>

/* Buckets in the ring at most; granularity widens beyond that. */
#define WHEEL_MAX_BUCKETS (1u << 18)
/* Address space for blocks: 2^25 of them, 2 G ids. */
#define WHEEL_BLOCKS_MAX ((size_t)1 << 25)

static int64_t slot_of(const struct icf_wheel *w, lm_ms_t t)
{
	return t >= 0 ? t / w->gran : (t - w->gran + 1) / w->gran;
}

int icf_wheel_init(struct icf_wheel *w, lm_ms_t horizon, lm_ms_t gran,
		   lm_ms_t now)
{
	uint64_t need;

	if (gran < 1)
		gran = 1;
	if (horizon < gran)
		horizon = gran;
	while ((uint64_t)(horizon / gran) + 2 > WHEEL_MAX_BUCKETS)
		gran *= 2;
	need = (uint64_t)(horizon / gran) + 2;
	w->nb = 1;
	while (w->nb < need)
		w->nb <<= 1;
	w->gran = gran;
	w->b = calloc(w->nb, sizeof(*w->b));
	if (!w->b)
		return -ENOMEM;
	if (icf_region_init(&w->blocks,
			    WHEEL_BLOCKS_MAX *
				    sizeof(struct icf_wheel_block))) {
		free(w->b);
		w->b = NULL;
		return -ENOMEM;
	}
	w->blocks_used = 1;
	w->free_block = 0;
	w->far.head = w->far.tail = 0;
	w->done = slot_of(w, now) - 1;
	w->far_next = w->done + w->nb / 2;
	return 0;
}

void icf_wheel_free(struct icf_wheel *w)
{
	free(w->b);
	w->b = NULL;
	icf_region_free(&w->blocks);
}

static struct icf_wheel_block *block_at(struct icf_wheel *w, uint32_t i)
{
	return (struct icf_wheel_block *)w->blocks.base + i;
}

/* A block from the free list, or a fresh one: its index, or 0. */
static uint32_t block_alloc(struct icf_wheel *w)
{
	uint32_t i = w->free_block;

	if (i) {
		w->free_block = block_at(w, i)->next;
	} else {
		if (w->blocks_used >= WHEEL_BLOCKS_MAX ||
		    icf_region_extend(&w->blocks,
				      ((size_t)w->blocks_used + 1) *
					      sizeof(struct icf_wheel_block)))
			return 0;
		i = w->blocks_used++;
	}
	block_at(w, i)->next = 0;
	block_at(w, i)->n = 0;
	return i;
}

static int push(struct icf_wheel *w, struct icf_bucket *b, uint32_t id)
{
	struct icf_wheel_block *k = b->tail ? block_at(w, b->tail) : NULL;

	if (!k || k->n == ICF_WHEEL_BLOCK_IDS) {
		uint32_t i = block_alloc(w);

		if (!i)
			return -ENOMEM;
		if (k)
			k->next = i;
		else
			b->head = i;
		b->tail = i;
		k = block_at(w, i);
	}
	k->ids[k->n++] = id;
	return 0;
}

int icf_wheel_add(struct icf_wheel *w, lm_ms_t deadline, uint32_t id)
{
	/* Round up: a slot is processed once its start has passed, and every
	 * deadline in it is then due.
	 */
	int64_t s = slot_of(w, deadline) + (deadline % w->gran != 0);

	/* Already due: the next bucket to be processed takes it. */
	if (s <= w->done)
		s = w->done + 1;
	/* One lap only, so that a bucket never mixes two laps. */
	if (s >= w->done + (int64_t)w->nb)
		return push(w, &w->far, id);
	return push(w, &w->b[(uint64_t)s & (w->nb - 1)], id);
}

struct icf_bucket *icf_wheel_next_due(struct icf_wheel *w, lm_ms_t now)
{
	int64_t last = slot_of(w, now);

	while (w->done < last) {
		struct icf_bucket *b;

		/* After a jump of more than a lap every bucket is due once. */
		if (last - w->done > (int64_t)w->nb)
			w->done = last - w->nb;
		w->done++;
		b = &w->b[(uint64_t)w->done & (w->nb - 1)];
		if (b->head)
			return b;
	}
	return NULL;
}

void icf_wheel_done(struct icf_wheel *w, struct icf_bucket *b)
{
	if (b->head) {
		block_at(w, b->tail)->next = w->free_block;
		w->free_block = b->head;
	}
	b->head = b->tail = 0;
}

bool icf_wheel_far_due(const struct icf_wheel *w)
{
	return w->far.head && w->done >= w->far_next;
}

struct icf_bucket icf_wheel_take_far(struct icf_wheel *w)
{
	struct icf_bucket f = w->far;

	w->far.head = w->far.tail = 0;
	w->far_next = w->done + w->nb / 2;
	return f;
}

size_t icf_wheel_bytes(const struct icf_wheel *w)
{
	return (size_t)w->nb * sizeof(*w->b) + w->blocks.usable;
}
