// SPDX-License-Identifier: GPL-2.0
/*
 * A matched packet becomes one LMISF_CMD_COPY message (attribute tree in
 * uapi/linux/lmisf.h), however many tasks, flows and selectors it matched.
 * The packet is copied from its (outer) network header: the agent sees the
 * GTP-U encapsulation too, and INNER_OFFSET says where the inner packet is.
 */

#include <linux/ktime.h>
#include <net/genetlink.h>
#include "copy.h"
#include "flow.h"
#include "netlink.h"
#include "sink.h"
#include "task.h"

static size_t copy_attrs_size(const struct lmisf_copy *c)
{
	size_t match = nla_total_size(nla_total_size(sizeof(u32)) +
				      nla_total_size(LMISF_XID_LEN) +
				      nla_total_size_64bit(sizeof(u64)) +
				      nla_total_size(sizeof(u32)));

	return nla_total_size_64bit(sizeof(u64)) +	/* SEQ */
	       nla_total_size(sizeof(u32)) +		/* KIND */
	       c->m->n * match +
	       nla_total_size_64bit(sizeof(u64)) +	/* TSTAMP */
	       4 * nla_total_size(sizeof(u32)) +	/* HOOK .. ORIG_LEN */
	       2 * nla_total_size(sizeof(u32));		/* TEID, INNER_OFFSET */
}

/*
 * The packet is nested in LMISF_A_COPY, whose length is 16 bits: beyond
 * the configured copy range, a copy is cut so that the nest fits.
 */
u32 lmisf_copy_caplen(const struct lmisf_copy *c, u32 copy_range)
{
	u32 fit = 0xffff - NLA_HDRLEN - copy_attrs_size(c) - NLA_HDRLEN;

	fit &= ~(NLA_ALIGNTO - 1);
	return min3(c->len, copy_range, fit);
}

size_t lmisf_copy_size(const struct lmisf_copy *c, u32 caplen)
{
	return nlmsg_total_size(GENL_HDRLEN +
				nla_total_size(copy_attrs_size(c) +
					       nla_total_size(caplen)));
}

/*
 * The message is written in place rather than attribute by attribute with
 * nla_put(): its size is known (lmisf_copy_size()), and per copy the
 * generic helpers' checks and calls cost more than the copy of a small
 * packet. The layout is exactly what nla_put() and friends would make.
 */
static struct nlattr *attr_put(u8 **pos, int type, int len)
{
	struct nlattr *a = (struct nlattr *)*pos;

	a->nla_type = type;
	a->nla_len = nla_attr_size(len);
	if (nla_padlen(len))	/* the batch buffer is not cleared */
		memset((u8 *)a + a->nla_len, 0, nla_padlen(len));
	*pos += nla_total_size(len);
	return a;
}

/* As nla_nest_start(): the length is set when the nest is complete. */
static struct nlattr *nest_put(u8 **pos, int type)
{
	return attr_put(pos, type | NLA_F_NESTED, 0);
}

static void attr_u32(u8 **pos, int type, u32 v)
{
	*(u32 *)nla_data(attr_put(pos, type, sizeof(v))) = v;
}

/* As nla_put_u64_64bit(): a pad attribute where u64 data would be unaligned. */
static void attr_u64(u8 **pos, int type, u64 v, int padtype)
{
	if (!IS_ENABLED(CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS) &&
	    IS_ALIGNED((unsigned long)*pos, 8))
		attr_put(pos, padtype, 0);
	memcpy(nla_data(attr_put(pos, type, sizeof(v))), &v, sizeof(v));
}

static void put_match(u8 **pos, const struct lmisf_match *mt)
{
	const struct lmisf_task_cfg *cfg = rcu_dereference(mt->task->cfg);
	struct nlattr *nest = nest_put(pos, LMISF_COPY_A_MATCH);

	attr_u32(pos, LMISF_MATCH_A_KIND, mt->kind);
	memcpy(nla_data(attr_put(pos, LMISF_MATCH_A_XID, LMISF_XID_LEN)),
	       mt->task->xid, LMISF_XID_LEN);
	if (mt->flow) {
		attr_u64(pos, LMISF_MATCH_A_CORRELATION_ID, mt->flow->corr,
			 LMISF_MATCH_A_PAD);
		attr_u32(pos, LMISF_MATCH_A_FLOW_ID, mt->flow->id);
	} else if (cfg->has_corr) {
		attr_u64(pos, LMISF_MATCH_A_CORRELATION_ID, cfg->corr,
			 LMISF_MATCH_A_PAD);
	}
	nest->nla_len = *pos - (u8 *)nest;
}

/**
 * lmisf_copy_fill - append one LMISF_CMD_COPY message to a batch
 * @msg: the batch
 * @c: the packet and its matches
 * @seq: its sink-wide sequence number
 * @caplen: bytes of the packet to copy, from lmisf_copy_caplen()
 *
 * Runs under rcu_read_lock(). Return: 0, or -EMSGSIZE (nothing added) when
 * @msg has less than lmisf_copy_size() bytes of room.
 */
int lmisf_copy_fill(struct sk_buff *msg, const struct lmisf_copy *c,
		    u64 seq, u32 caplen)
{
	const struct nf_hook_state *state = c->state;
	struct nlmsghdr *nlh = (struct nlmsghdr *)skb_tail_pointer(msg);
	struct genlmsghdr *gh;
	struct nlattr *nest, *pkt;
	unsigned int i;
	u8 *pos;

	if (skb_tailroom(msg) < lmisf_copy_size(c, caplen))
		return -EMSGSIZE;
	nlh->nlmsg_type = lmisf_family.id;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = 0;
	nlh->nlmsg_pid = 0;
	gh = nlmsg_data(nlh);
	gh->cmd = LMISF_CMD_COPY;
	gh->version = lmisf_family.version;
	gh->reserved = 0;
	pos = (u8 *)gh + GENL_HDRLEN;

	nest = nest_put(&pos, LMISF_A_COPY);
	attr_u64(&pos, LMISF_COPY_A_SEQ, seq, LMISF_COPY_A_PAD);
	attr_u32(&pos, LMISF_COPY_A_KIND, c->m->kind);
	for (i = 0; i < c->m->n; i++)
		put_match(&pos, &c->m->m[i]);
	attr_u64(&pos, LMISF_COPY_A_TSTAMP, c->tstamp, LMISF_COPY_A_PAD);
	attr_u32(&pos, LMISF_COPY_A_HOOK, state->hook);
	if (state->in)
		attr_u32(&pos, LMISF_COPY_A_IFINDEX_IN, state->in->ifindex);
	if (state->out)
		attr_u32(&pos, LMISF_COPY_A_IFINDEX_OUT, state->out->ifindex);
	attr_u32(&pos, LMISF_COPY_A_ORIG_LEN, c->len);
	pkt = attr_put(&pos, LMISF_COPY_A_PACKET, caplen);
	if (skb_copy_bits(c->skb, c->netoff, nla_data(pkt), caplen))
		return -EMSGSIZE;	/* caplen <= len: cannot happen */
	if (c->pkt->decap) {
		attr_u32(&pos, LMISF_COPY_A_GTPU_TEID, c->pkt->teid);
		attr_u32(&pos, LMISF_COPY_A_INNER_OFFSET, c->pkt->inner_off);
	}
	nest->nla_len = pos - (u8 *)nest;
	nlh->nlmsg_len = pos - (u8 *)nlh;
	skb_put(msg, nlh->nlmsg_len);
	return 0;
}

/* The IDs of the distinct tasks of a copy; ids has LMISF_MAX_MATCHES room. */
unsigned int lmisf_copy_task_ids(const struct lmisf_matches *m, u32 *ids)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < m->n; i++) {
		for (j = 0; j < i; j++) {
			if (m->m[j].task == m->m[i].task)
				break;
		}
		if (j == i)
			ids[n++] = m->m[i].task->id;
	}
	return n;
}

static void task_counts(const struct lmisf_matches *m, u32 len)
{
	unsigned int i, j;

	for (i = 0; i < m->n; i++) {
		struct lmisf_task *task = m->m[i].task;

		for (j = 0; j < i; j++) {
			if (m->m[j].task == task)
				break;
		}
		if (j < i)
			continue;
		atomic64_inc(&task->copies);
		atomic64_add(len, &task->copy_bytes);
	}
}

/* Runs under rcu_read_lock(), from the hooks. */
void lmisf_copy_packet(struct lmisf_net *ln, const struct sk_buff *skb,
		       const struct nf_hook_state *state,
		       const struct lmisf_pkt *pkt,
		       const struct lmisf_matches *m)
{
	struct lmisf_copy c = {
		.skb = skb,
		.state = state,
		.pkt = pkt,
		.m = m,
		.netoff = skb_network_offset(skb),
	};
	struct lmisf_sink *sink;

	c.len = skb->len - c.netoff;
	c.tstamp = ktime_get_real_ns();
	lmisf_stats_inc(ln, LMISF_STATS_A_COPIES);
	if (m->kind & LMISF_COPY_SIGNALLING)
		lmisf_stats_inc(ln, LMISF_STATS_A_COPIES_SIGNALLING);
	if (m->kind & LMISF_COPY_TARGET)
		lmisf_stats_inc(ln, LMISF_STATS_A_COPIES_TARGET);
	if (m->kind & LMISF_COPY_MEDIA)
		lmisf_stats_inc(ln, LMISF_STATS_A_COPIES_MEDIA);
	task_counts(m, c.len);

	sink = rcu_dereference(ln->sink);
	if (!sink || !lmisf_sink_copy(ln, sink, &c)) {
		lmisf_stats_inc(ln, LMISF_STATS_A_DROP_NO_SINK);
		lmisf_sink_task_drops(ln, m);
	}
}
