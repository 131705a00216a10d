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

/*
 * The message is written in place rather than attribute by attribute with
 * nla_put(): its size is known (lmisf_copy_size()), and per copy the
 * generic helpers' checks and calls cost more than the copy of a small
 * packet. The layout is exactly what nla_put() would make. The per-copy
 * scalars travel in one struct (LMISF_COPY_A_HDR), each match in another:
 * three attributes for the agent to walk instead of one per value.
 */
static __always_inline void *attr_put(u8 **pos, int type, int len)
{
	struct nlattr *a = (struct nlattr *)*pos;

	a->nla_type = type;
	a->nla_len = nla_attr_size(len);
	*pos += nla_total_size(len);
	/*
	 * The batch buffer is not cleared: the padding (under 4 bytes) is,
	 * by zeroing the attribute's last aligned word before its payload is
	 * written.
	 */
	if (nla_padlen(len))
		*(u32 *)(*pos - NLA_ALIGNTO) = 0;
	return nla_data(a);
}

static void put_hdr(u8 **pos, const struct lmisf_copy *c, u64 seq)
{
	const struct nf_hook_state *state = c->state;
	struct lmisf_copy_hdr h = {
		.seq = seq,
		.tstamp = c->tstamp,
		.kind = c->m->kind,
		.hook = state->hook,
		.ifindex_in = state->in ? state->in->ifindex : 0,
		.ifindex_out = state->out ? state->out->ifindex : 0,
		.orig_len = c->len,
	};

	if (c->pkt->decap) {
		h.flags = LMISF_COPY_F_GTPU;
		h.teid = c->pkt->teid;
		h.inner_offset = c->pkt->inner_off;
	}
	/* the payload is 4-byte aligned only */
	memcpy(attr_put(pos, LMISF_COPY_A_HDR, sizeof(h)), &h, sizeof(h));
}

static void put_match(u8 **pos, const struct lmisf_match *mt)
{
	const struct lmisf_task_cfg *cfg = rcu_dereference(mt->task->cfg);
	struct lmisf_copy_match cm = {
		.kind = mt->kind,
	};

	memcpy(cm.xid, mt->task->xid, LMISF_XID_LEN);
	if (mt->flow) {
		cm.correlation_id = mt->flow->corr;
		cm.flow_id = mt->flow->id;
		cm.flags = LMISF_MATCH_F_CORRELATION_ID;
	} else if (cfg->has_corr) {
		cm.correlation_id = cfg->corr;
		cm.flags = LMISF_MATCH_F_CORRELATION_ID;
	}
	memcpy(attr_put(pos, LMISF_COPY_A_MATCH, sizeof(cm)), &cm, sizeof(cm));
}

/* The packet's first @len bytes; a plain memcpy() when they are linear. */
static int copy_packet_bits(const struct lmisf_copy *c, void *to, u32 len)
{
	const struct sk_buff *skb = c->skb;

	if (c->netoff <= skb_headlen(skb) &&
	    len <= skb_headlen(skb) - c->netoff) {
		memcpy(to, skb->data + c->netoff, len);
		return 0;
	}
	return skb_copy_bits(skb, c->netoff, to, len);
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
	struct nlmsghdr *nlh = (struct nlmsghdr *)skb_tail_pointer(msg);
	struct genlmsghdr *gh;
	struct nlattr *nest;
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

	/* as nla_nest_start(): the length is set when the nest is complete */
	nest = (struct nlattr *)pos;
	attr_put(&pos, LMISF_A_COPY | NLA_F_NESTED, 0);
	put_hdr(&pos, c, seq);
	for (i = 0; i < c->m->n; i++)
		put_match(&pos, &c->m->m[i]);
	if (copy_packet_bits(c, attr_put(&pos, LMISF_COPY_A_PACKET, caplen),
			     caplen))
		return -EMSGSIZE;	/* caplen <= len: cannot happen */
	nest->nla_len = pos - (u8 *)nest;
	nlh->nlmsg_len = pos - (u8 *)nlh;
	__skb_put(msg, nlh->nlmsg_len);	/* the room was checked above */
	return 0;
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

/* COPIES and the kinds' counters, in one per-CPU update: every copy. */
static void count_copy(struct lmisf_net *ln, u32 kind)
{
	struct lmisf_pcpu_stats *s = get_cpu_ptr(ln->stats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_inc(&s->c[LMISF_STATS_A_COPIES]);
	if (kind & LMISF_COPY_SIGNALLING)
		u64_stats_inc(&s->c[LMISF_STATS_A_COPIES_SIGNALLING]);
	if (kind & LMISF_COPY_TARGET)
		u64_stats_inc(&s->c[LMISF_STATS_A_COPIES_TARGET]);
	if (kind & LMISF_COPY_MEDIA)
		u64_stats_inc(&s->c[LMISF_STATS_A_COPIES_MEDIA]);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
	put_cpu_ptr(ln->stats);
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
	count_copy(ln, m->kind);
	task_counts(m, c.len);

	sink = rcu_dereference(ln->sink);
	if (!sink || !lmisf_sink_copy(ln, sink, &c)) {
		lmisf_stats_inc(ln, LMISF_STATS_A_DROP_NO_SINK);
		lmisf_sink_task_drops(ln, m);
	}
}
