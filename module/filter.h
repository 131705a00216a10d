/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A counting filter in front of a hash table: saturating 8-bit counters,
 * two slots per key from two seeded multiplicative hashes (a counting
 * Bloom filter with k = 2). A zero counter in either slot proves the key
 * absent, so a packet that matches nothing costs a multiply and a load
 * (two, the few times the first slot is taken) instead of a table lookup;
 * both non-zero (about (2n/size)^2 of the time) only means "look it up".
 * Two slots rather than one: at the flow table's fill (n/size = 0.1) one
 * slot sent 10 % of unmatched packets to a lookup, two send 3 %. A counter
 * that reached 255 stays there: its keys can no longer be counted out,
 * which costs lookups, never a match.
 */
#ifndef _LMISF_FILTER_H
#define _LMISF_FILTER_H

#include <linux/hash.h>
#include <linux/netfilter.h>
#include <linux/types.h>

struct lmisf_filter {
	u64 seed[2];		/* random: slots cannot be aimed at */
	unsigned int bits;
	u8 cnt[];
};

struct lmisf_filter *lmisf_filter_alloc(unsigned int bits);
void lmisf_filter_free(struct lmisf_filter *f);
void lmisf_filter_add(struct lmisf_filter *f, u64 key);
void lmisf_filter_del(struct lmisf_filter *f, u64 key);

/* Slot @i (0 or 1) of @key: independent seeds, so independent slots. */
static inline u32 lmisf_filter_slot(const struct lmisf_filter *f, u64 key,
				    unsigned int i)
{
	return hash_64(key ^ f->seed[i], f->bits);
}

/* False: no key of that value was added (or all were deleted). */
static inline bool lmisf_filter_maybe(const struct lmisf_filter *f, u64 key)
{
	return READ_ONCE(f->cnt[lmisf_filter_slot(f, key, 0)]) &&
	       READ_ONCE(f->cnt[lmisf_filter_slot(f, key, 1)]);
}

/* An address in 32 bits, for a filter key: IPv6 words folded by XOR. */
static inline u32 lmisf_filter_addr(u8 family, const union nf_inet_addr *a)
{
	if (family == NFPROTO_IPV4)
		return (__force u32)a->ip;
	return (__force u32)(a->ip6[0] ^ a->ip6[1] ^ a->ip6[2] ^ a->ip6[3]);
}

#endif /* _LMISF_FILTER_H */
