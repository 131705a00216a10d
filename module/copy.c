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
	return nla_total_size(sizeof(struct lmisf_copy_hdr)) +
	       c->m->n * nla_total_size(sizeof(struct lmisf_copy_match));
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
 * packet. The layout is exactly what nla_put() would make. The per-copy
 * scalars travel in one struct (LMISF_COPY_A_HDR), each match in another:
 * three attributes for the agent to walk instead of one per value.
 */
static void *attr_put(u8 **pos, int type, int len)
{
	struct nlattr *a = (struct nlattr *)*pos;

	a->nla_type = type;
	a->nla_len = nla_attr_size(len);
	if (nla_padlen(len))	/* the batch buffer is not cleared */
		memset((u8 *)a + a->nla_len, 0, nla_padlen(len));
	*pos += nla_total_size(len);
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
	if (skb_copy_bits(c->skb, c->netoff,
			  attr_put(&pos, LMISF_COPY_A_PACKET, caplen), caplen))
		return -EMSGSIZE;	/* caplen <= len: cannot happen */
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
