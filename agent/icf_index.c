// SPDX-License-Identifier: GPL-2.0
/* Hash multimap of record ids for the ICF query keys. */
#include "icf_index.h"
#include "icf_mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int icf_index_init(struct icf_index *x, unsigned int log2)
{
	size_t n = (size_t)1 << log2;

	x->slots = icf_big_alloc(n * sizeof(*x->slots));
	if (!x->slots)
		return -ENOMEM;
	x->mask = (uint32_t)(n - 1);
	x->n = 0;
	return 0;
}

void icf_index_free(struct icf_index *x)
{
	if (x->slots)
		icf_big_free(x->slots, icf_index_bytes(x));
	x->slots = NULL;
	x->n = 0;
}

size_t icf_index_bytes(const struct icf_index *x)
{
	return ((size_t)x->mask + 1) * sizeof(*x->slots);
}

static void place(struct icf_slot *slots, uint32_t mask, uint32_t h,
		  uint32_t id)
{
	uint32_t i = h & mask;

	while (slots[i].id)
		i = (i + 1) & mask;
	slots[i].id = id;
	slots[i].h = h;
}

/* Doubles the table; the stored hashes give every entry its new home. */
static int grow(struct icf_index *x)
{
	size_t oldn = (size_t)x->mask + 1, newn = oldn * 2;
	struct icf_slot *ns;

	if (newn > ((size_t)1 << 32))
		return -ENOSPC;
	ns = icf_big_alloc(newn * sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	for (size_t i = 0; i < oldn; i++)
		if (x->slots[i].id)
			place(ns, (uint32_t)(newn - 1), x->slots[i].h,
			      x->slots[i].id);
	icf_big_free(x->slots, oldn * sizeof(*ns));
	x->slots = ns;
	x->mask = (uint32_t)(newn - 1);
	return 0;
}

int icf_index_insert(struct icf_index *x, uint32_t h, uint32_t id)
{
	/* Keep the load at or under 3/4: probe lengths stay short. */
	if ((uint64_t)(x->n + 1) * 4 > ((uint64_t)x->mask + 1) * 3) {
		int err = grow(x);

		if (err)
			return err;
	}
	place(x->slots, x->mask, h, id);
	x->n++;
	return 0;
}

int icf_index_remove(struct icf_index *x, uint32_t h, uint32_t id)
{
	uint32_t mask = x->mask, i = h & mask, j;

	while (x->slots[i].id != id || x->slots[i].h != h) {
		if (!x->slots[i].id)
			return -ENOENT;
		i = (i + 1) & mask;
	}
	/* Backward shift: pull up later entries whose probe passed the hole. */
	for (j = (i + 1) & mask; x->slots[j].id; j = (j + 1) & mask) {
		uint32_t home = x->slots[j].h & mask;

		/* Move j into hole i unless home lies cyclically in (i, j]. */
		if (((j - home) & mask) >= ((j - i) & mask)) {
			x->slots[i] = x->slots[j];
			i = j;
		}
	}
	x->slots[i].id = 0;
	x->slots[i].h = 0;
	x->n--;
	return 0;
}
