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
#include <string.h>

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

static inline uint64_t icf_hash_mix(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t icf_rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t icf_rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/*
 * Keyed hash (seeded per cache so that IEF input cannot pick collisions):
 * a small multiply-mix in the style of wyhash, fast on short keys. Inline,
 * so that a key of constant length (a 5G-S-TMSI) compiles to straight
 * code. The 1-7 octets after the last whole 8 are read as wyhash does,
 * with loads that overlap inside the key (the last 8 octets of a longer
 * key; two 4-octet loads; or first, middle and last octet), not copied
 * out with a memcpy() of variable length: for a given length each read
 * still covers every octet, and the length is in the hash.
 */
static inline uint64_t icf_hash(const void *p, size_t len, uint64_t seed)
{
	const uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull;
	const uint8_t *b = p;
	size_t n = len;
	uint64_t h = seed ^ k0 ^ (len * k1), t;

	while (n >= 8) {
		h = icf_hash_mix(h ^ icf_rd64(b), k1);
		b += 8;
		n -= 8;
	}
	if (n) {
		if (len >= 8)
			t = icf_rd64(b + n - 8);
		else if (n >= 4)
			t = icf_rd32(b) << 32 | icf_rd32(b + n - 4);
		else
			t = (uint64_t)b[0] << 16 | (uint64_t)b[n >> 1] << 8 |
			    b[n - 1];
		h = icf_hash_mix(h ^ t ^ ((uint64_t)n << 59), k1);
	}
	return icf_hash_mix(h, k0 ^ seed);
}

#endif /* LMISF_ICF_INDEX_H */
