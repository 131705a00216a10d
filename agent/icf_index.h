/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Open-addressing multimap from a 32-bit key hash to 32-bit record ids
 * (id 0 is "empty"). Linear probing with backward-shift deletion, so there
 * are no tombstones and lookups stay short under churn. Slots keep the
 * hash, so growing never touches the records and a probe only dereferences
 * a record when its hash matches. The caller compares the real key.
 */
#ifndef LMISF_ICF_INDEX_H
#define LMISF_ICF_INDEX_H

#include <stddef.h>
#include <stdint.h>

struct icf_slot {
	uint32_t id;
	uint32_t h;
};

struct icf_index {
	struct icf_slot *slots;
	uint32_t mask;
	uint32_t n;
};

int icf_index_init(struct icf_index *x, unsigned int log2);
void icf_index_free(struct icf_index *x);
int icf_index_insert(struct icf_index *x, uint32_t h, uint32_t id);
/* 0 when removed, -ENOENT when (h, id) is not present. */
int icf_index_remove(struct icf_index *x, uint32_t h, uint32_t id);
size_t icf_index_bytes(const struct icf_index *x);

/* Iterates ids whose slot hash equals h: pos starts at icf_index_start(). */
static inline uint32_t icf_index_start(const struct icf_index *x, uint32_t h)
{
	return h & x->mask;
}

/* Next candidate id at or after *pos with hash h, 0 at the end. */
static inline uint32_t icf_index_next(const struct icf_index *x, uint32_t h,
				      uint32_t *pos)
{
	for (;;) {
		const struct icf_slot *s = &x->slots[*pos];

		if (!s->id)
			return 0;
		*pos = (*pos + 1) & x->mask;
		if (s->h == h)
			return s->id;
	}
}

/* Keyed hash (seeded per cache so that IEF input cannot pick collisions). */
uint64_t icf_hash(const void *p, size_t len, uint64_t seed);

#endif /* LMISF_ICF_INDEX_H */
