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
 */

#include <linux/bitops.h>
#include <net/ipv6.h>
#include "target.h"

static const struct rhashtable_params lmisf_ip_params = {
	.head_offset = offsetof(struct lmisf_tentry, node),
	.key_offset = offsetof(struct lmisf_tentry, key.ip),
	.key_len = sizeof(struct lmisf_ip_key),
	.automatic_shrinking = true,
};

static const struct rhashtable_params lmisf_teid_params = {
	.head_offset = offsetof(struct lmisf_tentry, node),
	.key_offset = offsetof(struct lmisf_tentry, key.teid),
	.key_len = sizeof(struct lmisf_teid_key),
	.automatic_shrinking = true,
};

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

static void entry_remove(struct lmisf_targets *t, struct lmisf_tentry *e)
{
	if (e->is_teid) {
		rhltable_remove(&t->teid, &e->node, lmisf_teid_params);
	} else {
		rhltable_remove(&t->ip, &e->node, lmisf_ip_params);
		plen_put(t, &e->key.ip);
	}
	t->count--;
}

/* Called with the namespace's mutex held. */
int lmisf_targets_insert(struct lmisf_targets *t, struct lmisf_tset *ts)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < ts->n; i++) {
		struct lmisf_tentry *e = &ts->e[i];

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
		if (err)
			break;
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

static void match_addr(struct lmisf_targets *t, u8 family,
		       const union nf_inet_addr *addr, struct lmisf_matches *m)
{
	unsigned int max = family == NFPROTO_IPV4 ? 32 : 128;
	const unsigned long *bits;
	struct lmisf_ip_key key;
	unsigned int b;

	bits = family == NFPROTO_IPV4 ? t->plen4 : t->plen6;
	memset(&key, 0, sizeof(key));
	key.family = family;
	for_each_set_bit(b, bits, max + 1) {
		key.plen = max - b;
		lmisf_addr_mask(family, &key.addr, addr, key.plen);
		match_list(rhltable_lookup(&t->ip, &key,
					   lmisf_ip_params), m);
	}
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
	struct rhltable *teid = &t->teid;
	struct lmisf_teid_key key;

	match_addr(t, tp->family, &tp->saddr, m);
	match_addr(t, tp->family, &tp->daddr, m);
	if (!pkt->decap)
		return;
	memset(&key, 0, sizeof(key));
	key.teid = pkt->teid;
	match_list(rhltable_lookup(teid, &key, lmisf_teid_params), m);
	key.family = pkt->outer.family;
	key.addr = pkt->outer.daddr;
	match_list(rhltable_lookup(teid, &key, lmisf_teid_params), m);
}
