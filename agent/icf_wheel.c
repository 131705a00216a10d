// SPDX-License-Identifier: GPL-2.0
/* Time-bucketed expiry for the ICF cache. */
#include "icf_wheel.h"

#include <errno.h>
#include <stdlib.h>

/* Buckets in the ring at most; granularity widens beyond that. */
#define WHEEL_MAX_BUCKETS (1u << 18)

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
	w->far.ids = NULL;
	w->far.n = w->far.cap = 0;
	w->done = slot_of(w, now) - 1;
	w->far_next = w->done + w->nb / 2;
	return 0;
}

void icf_wheel_free(struct icf_wheel *w)
{
	for (uint32_t i = 0; w->b && i < w->nb; i++)
		free(w->b[i].ids);
	free(w->b);
	free(w->far.ids);
	w->b = NULL;
	w->far.ids = NULL;
}

static int push(struct icf_bucket *b, uint32_t id)
{
	if (b->n == b->cap) {
		uint32_t cap = b->cap ? b->cap * 2 : 8;
		uint32_t *ids = realloc(b->ids, (size_t)cap * sizeof(*ids));

		if (!ids)
			return -ENOMEM;
		b->ids = ids;
		b->cap = cap;
	}
	b->ids[b->n++] = id;
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
		return push(&w->far, id);
	return push(&w->b[(uint64_t)s & (w->nb - 1)], id);
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
		if (b->n)
			return b;
	}
	return NULL;
}

void icf_wheel_done(struct icf_wheel *w, struct icf_bucket *b)
{
	(void)w;
	b->n = 0;
	/* Give back the memory of a burst; steady-state buckets keep it. */
	if (b->cap > 4096) {
		free(b->ids);
		b->ids = NULL;
		b->cap = 0;
	}
}

bool icf_wheel_far_due(const struct icf_wheel *w)
{
	return w->far.n && w->done >= w->far_next;
}

struct icf_bucket icf_wheel_take_far(struct icf_wheel *w)
{
	struct icf_bucket f = w->far;

	w->far.ids = NULL;
	w->far.n = w->far.cap = 0;
	w->far_next = w->done + w->nb / 2;
	return f;
}

size_t icf_wheel_bytes(const struct icf_wheel *w)
{
	size_t s = (size_t)w->nb * sizeof(*w->b) + w->far.cap * 4u;

	for (uint32_t i = 0; i < w->nb; i++)
		s += (size_t)w->b[i].cap * 4u;
	return s;
}
