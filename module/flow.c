// SPDX-License-Identifier: GPL-2.0
/*
 * Media flows installed by the agent: an exact-match rhashtable keyed by a
 * canonical 5-tuple, so a packet in either direction costs one lookup.
 *
 * An endpoint flow (no destination) matches every packet from or to one
 * address and port: the agent installs one from an SDP offer, before the
 * answer names the peer, so that media racing the answer (early media,
 * RTP sent right after the 200 OK) is copied. It is keyed like a 5-tuple
 * whose other end is all zeros, so it shares the table; a packet costs
 * two more lookups only while such flows exist.
 *
 * A counting filter (filter.h) of every key comes first, so a packet of no
 * flow costs a multiply per probe, not a lookup. Its key is symmetric in
 * the two endpoints (sums), so the packet's tuple gives it without being
 * put in canonical order. Allocated with the first flow, kept until the
 * namespace goes.
 */

#include <linux/slab.h>
#include "filter.h"
#include "flow.h"
#include "task.h"

/* 2^20 slots (1 MiB): 100 000 flows fill 9 % of them */
#define LMISF_FLOW_FILTER_BITS 20

static const struct rhashtable_params lmisf_flow_params = {
	.head_offset = offsetof(struct lmisf_flow, node),
	.key_offset = offsetof(struct lmisf_flow, key),
	.key_len = sizeof(struct lmisf_flow_key),
	.automatic_shrinking = true,
};

/* The same for (a, ap, b, bp) and (b, bp, a, ap). */
static u64 flow_fkey(u8 family, u8 proto, const union nf_inet_addr *a,
		     __be16 ap, const union nf_inet_addr *b, __be16 bp)
{
	u32 x = lmisf_filter_addr(family, a) + lmisf_filter_addr(family, b);
	u32 p = (u32)(__force u16)ap + (__force u16)bp;

	return (u64)x << 32 | p << 8 | proto | (u64)family << 25;
}

static u64 key_fkey(const struct lmisf_flow_key *k)
{
	return flow_fkey(k->family, k->proto, &k->lo, k->port_lo, &k->hi,
			 k->port_hi);
}

int lmisf_flows_init(struct lmisf_flows *f)
{
	memset(f, 0, sizeof(*f));
	xa_init_flags(&f->ids, XA_FLAGS_ALLOC1);
	f->gen = 1;	/* 0 would disable the dump consistency check */
	return rhashtable_init(&f->tuples, &lmisf_flow_params);
}

void lmisf_flows_destroy(struct lmisf_flows *f)
{
	WARN_ON(f->count);
	rhashtable_destroy(&f->tuples);
	xa_destroy(&f->ids);
	lmisf_filter_free(rcu_dereference_protected(f->filter, true));
}

/* Writers hold the namespace's mutex. */
static struct lmisf_filter *filter_locked(struct lmisf_flows *f)
{
	return rcu_dereference_protected(f->filter, true);
}

void lmisf_flow_key_make(struct lmisf_flow_key *key, u8 family, u8 proto,
			 const union nf_inet_addr *saddr, __be16 sport,
			 const union nf_inet_addr *daddr, __be16 dport)
{
	size_t alen = family == NFPROTO_IPV4 ? sizeof(__be32) :
			sizeof(struct in6_addr);
	int c;

	memset(key, 0, sizeof(*key));
	key->family = family;
	key->proto = proto;
	c = memcmp(saddr, daddr, alen);
	if (!c)
		c = memcmp(&sport, &dport, sizeof(sport));
	if (c > 0) {
		swap(saddr, daddr);
		swap(sport, dport);
	}
	memcpy(&key->lo, saddr, alen);
	memcpy(&key->hi, daddr, alen);
	key->port_lo = sport;
	key->port_hi = dport;
}

/**
 * lmisf_flow_insert - publish a flow of a task
 * @ln: the namespace
 * @flow: the flow, with its key, task and correlation ID set
 *
 * Called with the namespace's mutex held. Sets flow->id.
 * Return: 0, -EEXIST for a 5-tuple already installed, -ENOSPC at the
 * limit, -ENOMEM.
 */
int lmisf_flow_insert(struct lmisf_net *ln, struct lmisf_flow *flow)
{
	struct lmisf_flows *f = &ln->flows;
	struct lmisf_filter *fl = filter_locked(f);
	int err;

	if (f->count >= lmisf_max_flows)
		return -ENOSPC;
	if (!fl) {
		fl = lmisf_filter_alloc(LMISF_FLOW_FILTER_BITS);
		if (!fl)
			return -ENOMEM;
		rcu_assign_pointer(f->filter, fl);
	}
	err = lmisf_hooks_arm(ln);
	if (err)
		return err;
	err = xa_alloc_cyclic(&f->ids, &flow->id, flow, xa_limit_32b,
			      &f->next_id, GFP_KERNEL);
	if (err < 0)
		return err == -EBUSY ? -ENOSPC : err;
	/* in the filter before it can be found */
	lmisf_filter_add(fl, key_fkey(&flow->key));
	err = rhashtable_lookup_insert_fast(&f->tuples, &flow->node,
					    lmisf_flow_params);
	if (err) {
		lmisf_filter_del(fl, key_fkey(&flow->key));
		xa_erase(&f->ids, flow->id);
		return err;
	}
	list_add_tail(&flow->task_node, &flow->task->flows);
	flow->task->nflows++;
	f->count++;
	if (flow->endpoint)
		WRITE_ONCE(f->endpoints, f->endpoints + 1);
	f->gen++;
	lmisf_update_active(ln);
	return 0;
}

/* Unpublishes and frees a flow after a grace period; mutex held. */
void lmisf_flow_remove(struct lmisf_net *ln, struct lmisf_flow *flow)
{
	struct lmisf_flows *f = &ln->flows;

	rhashtable_remove_fast(&f->tuples, &flow->node, lmisf_flow_params);
	lmisf_filter_del(filter_locked(f), key_fkey(&flow->key));
	xa_erase(&f->ids, flow->id);
	list_del(&flow->task_node);
	flow->task->nflows--;
	f->count--;
	if (flow->endpoint)
		WRITE_ONCE(f->endpoints, f->endpoints - 1);
	f->gen++;
	lmisf_update_active(ln);
	kfree_rcu(flow, rcu);
}

static bool task_has_media(const struct lmisf_matches *m,
			   const struct lmisf_task *task)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (m->m[i].task == task && (m->m[i].kind & LMISF_COPY_MEDIA))
			return true;
	return false;
}

static void flow_hit(struct lmisf_flow *flow, unsigned int len,
		     struct lmisf_matches *m)
{
	/*
	 * The exact flow of a task wins over its endpoint flow (both may
	 * exist for a moment while the agent replaces one by the other).
	 */
	if (flow->endpoint && task_has_media(m, flow->task))
		return;
	atomic64_inc(&flow->packets);
	atomic64_add(len, &flow->bytes);
	lmisf_matches_add(m, flow->task, flow, LMISF_COPY_MEDIA);
}

/* The endpoint flow of (@addr, @port), if any. */
static struct lmisf_flow *endpoint_lookup(struct lmisf_flows *f,
					  const struct lmisf_filter *fl,
					  u8 family, u8 proto,
					  const union nf_inet_addr *addr,
					  __be16 port)
{
	static const union nf_inet_addr any;
	struct lmisf_flow_key key;

	if (!lmisf_filter_maybe(fl, flow_fkey(family, proto, addr, port,
					      &any, 0)))
		return NULL;
	lmisf_flow_key_make(&key, family, proto, addr, port, &any, 0);
	return rhashtable_lookup(&f->tuples, &key, lmisf_flow_params);
}

/**
 * lmisf_flows_maybe - whether a flow may match a packet
 * @f: the namespace's flows
 * @tp: the packet's parsed (outer) header
 *
 * False only when no flow can match (no false negatives): the filter
 * probes of lmisf_flows_match() without its lookups.
 * Runs under rcu_read_lock().
 */
bool lmisf_flows_maybe(struct lmisf_flows *f, const struct lmisf_tuple *tp)
{
	const struct lmisf_filter *fl = rcu_dereference(f->filter);
	static const union nf_inet_addr any;

	if (!tp->has_ports || !fl)
		return false;
	if (lmisf_filter_maybe(fl, flow_fkey(tp->family, tp->proto, &tp->saddr,
					     tp->sport, &tp->daddr, tp->dport)))
		return true;
	if (!READ_ONCE(f->endpoints))
		return false;
	return lmisf_filter_maybe(fl, flow_fkey(tp->family, tp->proto,
						&tp->saddr, tp->sport, &any, 0)) ||
	       lmisf_filter_maybe(fl, flow_fkey(tp->family, tp->proto,
						&tp->daddr, tp->dport, &any, 0));
}

/* Runs under rcu_read_lock(). */
void lmisf_flows_match(struct lmisf_flows *f, const struct lmisf_pkt *pkt,
		       unsigned int len, struct lmisf_matches *m)
{
	const struct lmisf_tuple *tp = pkt->decap ? &pkt->inner : &pkt->outer;
	const struct lmisf_filter *fl = rcu_dereference(f->filter);
	struct lmisf_flow_key key;
	struct lmisf_flow *flow;

	if (!tp->has_ports || !fl)
		return;
	if (lmisf_filter_maybe(fl, flow_fkey(tp->family, tp->proto,
					     &tp->saddr, tp->sport,
					     &tp->daddr, tp->dport))) {
		lmisf_flow_key_make(&key, tp->family, tp->proto, &tp->saddr,
				    tp->sport, &tp->daddr, tp->dport);
		flow = rhashtable_lookup(&f->tuples, &key, lmisf_flow_params);
		if (flow)
			flow_hit(flow, len, m);
	}
	if (!READ_ONCE(f->endpoints))
		return;
	flow = endpoint_lookup(f, fl, tp->family, tp->proto, &tp->saddr,
			       tp->sport);
	if (flow)
		flow_hit(flow, len, m);
	flow = endpoint_lookup(f, fl, tp->family, tp->proto, &tp->daddr,
			       tp->dport);
	if (flow)
		flow_hit(flow, len, m);
}
