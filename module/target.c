// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-matched targets of all tasks of a namespace.
 *
 * Addresses, exact or CIDR, live in one rhltable keyed by {family, prefix
 * length, masked address}; an exact address is a full-length prefix. A
 * bitmap records which prefix lengths are in use, so a lookup costs one
 * hash lookup per distinct prefix length in use (exact addresses only: one),
 * longest first. TEIDs live in a second rhltable keyed by {TEID, tunnel
 * endpoint or none}: two lookups per T-PDU. Both are rhltables because
 * several tasks may target the same key.
 *
 * A counting filter (filter.h) of every key, the TEID alone for TEID
 * keys, comes first: an address or TEID that no task targets costs a
 * multiply per prefix length, not a lookup. It is allocated with the first
 * target and kept until the namespace goes. lmisf_targets_maybe() is the
 * filter probes alone: the hooks' first look at every packet.
 */

#include <linux/bitops.h>
#include <net/ipv6.h>
#include "filter.h"
#include "target.h"

/* 2^18 slots (256 KiB): 10 000 addresses fill 4 % of them */
#define LMISF_TARGET_FILTER_BITS 18

/*
 * Address keys are compared as five words, inline: the default is a
 * memcmp() call per entry looked at, on every copy of a target. Padding
 * is zero in every key, as memcmp() needed it too.
 */
static int ip_key_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct lmisf_tentry *e = obj;
	const u32 *a = arg->key, *b = (const u32 *)&e->key.ip;

	BUILD_BUG_ON(sizeof(struct lmisf_ip_key) != 5 * sizeof(u32));
	return !!((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) |
		  (a[3] ^ b[3]) | (a[4] ^ b[4]));
}

static const struct rhashtable_params lmisf_ip_params = {
	.head_offset = offsetof(struct lmisf_tentry, node),
	.key_offset = offsetof(struct lmisf_tentry, key.ip),
	.key_len = sizeof(struct lmisf_ip_key),
	.obj_cmpfn = ip_key_cmp,
	.automatic_shrinking = true,
};

static const struct rhashtable_params lmisf_teid_params = {
	.head_offset = offsetof(struct lmisf_tentry, node),
	.key_offset = offsetof(struct lmisf_tentry, key.teid),
	.key_len = sizeof(struct lmisf_teid_key),
	.automatic_shrinking = true,
};

/* The filter key of a masked address, its 32-bit fold given. */
static inline u64 addr_fkey(u8 family, unsigned int plen, u32 folded)
{
	return folded | (u64)plen << 32 | (u64)family << 40;
}

static u64 ip_fkey(u8 family, unsigned int plen,
		   const union nf_inet_addr *masked)
{
	return addr_fkey(family, plen, lmisf_filter_addr(family, masked));
}

/* @addr masked to @plen in @masked; returns its filter key. */
static u64 masked_fkey(u8 family, const union nf_inet_addr *addr,
		       unsigned int plen, union nf_inet_addr *masked)
{
	lmisf_addr_mask(family, masked, addr, plen);
	return ip_fkey(family, plen, masked);
}

static u64 teid_fkey(u32 teid)
{
	return teid | 1ULL << 48;
}

static u64 entry_fkey(const struct lmisf_tentry *e)
{
	if (e->is_teid)
		return teid_fkey(e->key.teid.teid);
	return ip_fkey(e->key.ip.family, e->key.ip.plen, &e->key.ip.addr);
}

void lmisf_addr_mask(u8 family, union nf_inet_addr *dst,
		     const union nf_inet_addr *src, unsigned int plen)
{
	memset(dst, 0, sizeof(*dst));
	if (family == NFPROTO_IPV4)
		dst->ip = plen ? src->ip & htonl(~0U << (32 - plen)) : 0;
	else
		ipv6_addr_prefix(&dst->in6, &src->in6, plen);
}

int lmisf_targets_init(struct lmisf_targets *t)
{
	int err;

	memset(t, 0, sizeof(*t));
	err = rhltable_init(&t->ip, &lmisf_ip_params);
	if (err)
		return err;
	err = rhltable_init(&t->teid, &lmisf_teid_params);
	if (err)
		rhltable_destroy(&t->ip);
	return err;
}

void lmisf_targets_destroy(struct lmisf_targets *t)
{
	WARN_ON(t->count);
	rhltable_destroy(&t->teid);
	rhltable_destroy(&t->ip);
	lmisf_filter_free(rcu_dereference_protected(t->filter, true));
}

static void plen_get(struct lmisf_targets *t, const struct lmisf_ip_key *k)
{
	if (k->family == NFPROTO_IPV4) {
		if (!t->plen4_refs[k->plen]++)
			set_bit(32 - k->plen, t->plen4);
	} else {
		if (!t->plen6_refs[k->plen]++)
			set_bit(128 - k->plen, t->plen6);
	}
}

static void plen_put(struct lmisf_targets *t, const struct lmisf_ip_key *k)
{
	if (k->family == NFPROTO_IPV4) {
		if (!--t->plen4_refs[k->plen])
			clear_bit(32 - k->plen, t->plen4);
	} else {
		if (!--t->plen6_refs[k->plen])
			clear_bit(128 - k->plen, t->plen6);
	}
}

static struct lmisf_filter *filter_locked(struct lmisf_targets *t)
{
	/* writers hold the namespace's mutex */
	return rcu_dereference_protected(t->filter, true);
}

static void entry_remove(struct lmisf_targets *t, struct lmisf_tentry *e)
{
	if (e->is_teid) {
		rhltable_remove(&t->teid, &e->node, lmisf_teid_params);
	} else {
		rhltable_remove(&t->ip, &e->node, lmisf_ip_params);
		plen_put(t, &e->key.ip);
	}
	lmisf_filter_del(filter_locked(t), entry_fkey(e));
	t->count--;
}

/* Called with the namespace's mutex held. */
int lmisf_targets_insert(struct lmisf_targets *t, struct lmisf_tset *ts)
{
	struct lmisf_filter *f = filter_locked(t);
	unsigned int i;
	int err = 0;

	if (!f && ts->n) {
		f = lmisf_filter_alloc(LMISF_TARGET_FILTER_BITS);
		if (!f)
			return -ENOMEM;
		rcu_assign_pointer(t->filter, f);
	}
	for (i = 0; i < ts->n; i++) {
		struct lmisf_tentry *e = &ts->e[i];

		/* in the filter before it can be found */
		lmisf_filter_add(f, entry_fkey(e));
		if (e->is_teid) {
			err = rhltable_insert(&t->teid, &e->node,
					      lmisf_teid_params);
		} else {
			err = rhltable_insert(&t->ip, &e->node,
					      lmisf_ip_params);
			/* the entry is findable before its length is walked */
			if (!err)
				plen_get(t, &e->key.ip);
		}
		if (err) {
			lmisf_filter_del(f, entry_fkey(e));
			break;
		}
		t->count++;
	}
	if (err) {
		while (i--)
			entry_remove(t, &ts->e[i]);
	}
	return err;
}

void lmisf_targets_remove(struct lmisf_targets *t, struct lmisf_tset *ts)
{
	unsigned int i;

	for (i = 0; i < ts->n; i++)
		entry_remove(t, &ts->e[i]);
}

static void match_list(struct rhlist_head *list, struct lmisf_matches *m)
{
	struct lmisf_tentry *e;
	struct rhlist_head *pos;

	rhl_for_each_entry_rcu(e, pos, list, node)
		lmisf_matches_add(m, e->task, NULL, LMISF_COPY_TARGET);
}

/* The tasks targeting @key; kept out of the probe loops. */
static noinline void match_key(struct lmisf_targets *t,
			       const struct lmisf_ip_key *key,
			       struct lmisf_matches *m)
{
	match_list(rhltable_lookup(&t->ip, key, lmisf_ip_params), m);
}

/* A key for @family, its address and length set by the caller. */
static void ip_key_init(struct lmisf_ip_key *key, u8 family)
{
	memset(key, 0, sizeof(*key));
	key->family = family;
}

/*
 * One filter probe per prefix length in use, longest first; a table lookup
 * only where the probe says "maybe". With @m NULL, only whether a probe
 * did. The bitmap is walked a word at a time (bit 0 of word 0: the full
 * length). IPv6 only: IPv4 has match_addr4() and addrs4_maybe(), with the
 * key computed in place.
 */
static bool match_addr6(struct lmisf_targets *t, const struct lmisf_filter *f,
			const union nf_inet_addr *addr,
			struct lmisf_matches *m)
{
	struct lmisf_ip_key key;
	unsigned int i, plen;
	bool hit = false;
	unsigned long w;

	ip_key_init(&key, NFPROTO_IPV6);
	for (i = 0; i < ARRAY_SIZE(t->plen6); i++) {
		for (w = READ_ONCE(t->plen6[i]); w; w &= w - 1) {
			plen = 128 - (i * BITS_PER_LONG + __ffs(w));
			if (!lmisf_filter_maybe(f, masked_fkey(NFPROTO_IPV6,
							       addr, plen,
							       &key.addr)))
				continue;
			if (!m)
				return true;
			hit = true;
			key.plen = plen;
			match_key(t, &key, m);
		}
	}
	return hit;
}

static __be32 mask4(unsigned int plen)
{
	return plen ? htonl(~0U << (32 - plen)) : 0;
}

/* The filter probe of an IPv4 address masked to @plen (addr_fkey()). */
static bool probe4(const struct lmisf_filter *f, unsigned int plen,
		   __be32 masked)
{
	return lmisf_filter_maybe(f, addr_fkey(NFPROTO_IPV4, plen,
					       (__force u32)masked));
}

/*
 * match_addr6() for IPv4, with the key computed in place, a few
 * instructions per probe: the common case, and the one of every copy of
 * an IPv4 target (no masked address built and cleared per probe).
 */
static void match_addr4(struct lmisf_targets *t, const struct lmisf_filter *f,
			__be32 addr, struct lmisf_matches *m)
{
	struct lmisf_ip_key key;
	unsigned int i, plen;
	unsigned long w;

	ip_key_init(&key, NFPROTO_IPV4);
	for (i = 0; i < ARRAY_SIZE(t->plen4); i++) {
		for (w = READ_ONCE(t->plen4[i]); w; w &= w - 1) {
			plen = 32 - (i * BITS_PER_LONG + __ffs(w));
			key.addr.ip = addr & mask4(plen);
			if (!probe4(f, plen, key.addr.ip))
				continue;
			key.plen = plen;
			match_key(t, &key, m);
		}
	}
}

/* match_addr4() of both addresses without lookups: the first look. */
static bool addrs4_maybe(const struct lmisf_targets *t,
			 const struct lmisf_filter *f, __be32 saddr,
			 __be32 daddr)
{
	unsigned int i, plen;
	unsigned long w;
	__be32 mask;

	for (i = 0; i < ARRAY_SIZE(t->plen4); i++) {
		for (w = READ_ONCE(t->plen4[i]); w; w &= w - 1) {
			plen = 32 - (i * BITS_PER_LONG + __ffs(w));
			mask = mask4(plen);
			if (probe4(f, plen, saddr & mask) ||
			    probe4(f, plen, daddr & mask))
				return true;
		}
	}
	return false;
}

/**
 * lmisf_targets_maybe - whether an address target may match a packet
 * @t: the namespace's target tables
 * @tp: the packet's parsed (outer) header
 *
 * False only when no address target can match either address (no false
 * negatives: the filter probes alone, no table lookup). TEID targets are
 * not looked at: they match decapsulated packets only.
 * Runs under rcu_read_lock().
 */
bool lmisf_targets_maybe(struct lmisf_targets *t, const struct lmisf_tuple *tp)
{
	const struct lmisf_filter *f = rcu_dereference(t->filter);

	if (!f)
		return false;
	if (tp->family == NFPROTO_IPV4)
		return addrs4_maybe(t, f, tp->saddr.ip, tp->daddr.ip);
	return match_addr6(t, f, &tp->saddr, NULL) ||
	       match_addr6(t, f, &tp->daddr, NULL);
}

/**
 * lmisf_targets_match - add the tasks whose targets match a packet
 * @t: the namespace's target tables
 * @pkt: the parsed packet; its inner packet when decapsulated
 * @m: the match list to add to
 *
 * Either address of the packet may be the target's. A TEID target matches
 * a T-PDU with that TEID, sent to its tunnel endpoint when one is given
 * (the endpoint that allocated the TEID receives it).
 * Runs under rcu_read_lock().
 */
void lmisf_targets_match(struct lmisf_targets *t,
			 const struct lmisf_pkt *pkt, struct lmisf_matches *m)
{
	const struct lmisf_tuple *tp = pkt->decap ? &pkt->inner : &pkt->outer;
	const struct lmisf_filter *f = rcu_dereference(t->filter);
	struct rhltable *teid = &t->teid;
	struct lmisf_teid_key key;

	if (!f)		/* never had a target */
		return;
	if (tp->family == NFPROTO_IPV4) {
		match_addr4(t, f, tp->saddr.ip, m);
		match_addr4(t, f, tp->daddr.ip, m);
	} else {
		match_addr6(t, f, &tp->saddr, m);
		match_addr6(t, f, &tp->daddr, m);
	}
	if (!pkt->decap || !lmisf_filter_maybe(f, teid_fkey(pkt->teid)))
		return;
	memset(&key, 0, sizeof(key));
	key.teid = pkt->teid;
	match_list(rhltable_lookup(teid, &key, lmisf_teid_params), m);
	key.family = pkt->outer.family;
	key.addr = pkt->outer.daddr;
	match_list(rhltable_lookup(teid, &key, lmisf_teid_params), m);
}
