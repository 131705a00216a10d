// SPDX-License-Identifier: GPL-2.0
/*
 * Media flow operations and flow notifications. The agent installs a flow
 * for a task when SIP/SDP negotiates media, so the kernel copies that RTP
 * with one exact-match lookup.
 */

#include <linux/in.h>
#include <linux/slab.h>
#include "compat/compat.h"
#include "flow.h"
#include "netlink.h"
#include "sink.h"
#include "task.h"

static size_t flow_msg_size(void)
{
	return genlmsg_total_size(nla_total_size(nla_total_size(sizeof(u32)) +
						 nla_total_size(LMISF_XID_LEN) +
						 nla_total_size_64bit(sizeof(u64)) * 3 +
						 nla_total_size(sizeof(u8)) +
						 nla_total_size(16) * 2 +
						 nla_total_size(sizeof(u16)) * 2) +
				  2 * nla_total_size(sizeof(u32)));
}

static int put_u64(struct sk_buff *skb, int attr, u64 v)
{
	return nla_put_u64_64bit(skb, attr, v, LMISF_FLOW_A_PAD);
}

static int flow_fill(struct sk_buff *skb, const struct lmisf_flow *flow,
		     bool full)
{
	struct nlattr *nest = nla_nest_start(skb, LMISF_A_FLOW);

	if (!nest ||
	    nla_put_u32(skb, LMISF_FLOW_A_ID, flow->id) ||
	    nla_put(skb, LMISF_FLOW_A_XID, LMISF_XID_LEN, flow->task->xid))
		return -EMSGSIZE;
	if (!full)
		goto out;
	if (put_u64(skb, LMISF_FLOW_A_CORRELATION_ID, flow->corr) ||
	    nla_put_u8(skb, LMISF_FLOW_A_PROTO, flow->proto))
		return -EMSGSIZE;
	if (flow->family == NFPROTO_IPV4) {
		if (nla_put_in_addr(skb, LMISF_FLOW_A_SRC_IPV4,
				    flow->saddr.ip) ||
		    (!flow->endpoint &&
		     nla_put_in_addr(skb, LMISF_FLOW_A_DST_IPV4,
				     flow->daddr.ip)))
			return -EMSGSIZE;
	} else {
		if (nla_put_in6_addr(skb, LMISF_FLOW_A_SRC_IPV6,
				     &flow->saddr.in6) ||
		    (!flow->endpoint &&
		     nla_put_in6_addr(skb, LMISF_FLOW_A_DST_IPV6,
				      &flow->daddr.in6)))
			return -EMSGSIZE;
	}
	if (nla_put_be16(skb, LMISF_FLOW_A_SRC_PORT, flow->sport) ||
	    (!flow->endpoint &&
	     nla_put_be16(skb, LMISF_FLOW_A_DST_PORT, flow->dport)) ||
	    put_u64(skb, LMISF_FLOW_A_PACKETS, atomic64_read(&flow->packets)) ||
	    put_u64(skb, LMISF_FLOW_A_BYTES, atomic64_read(&flow->bytes)))
		return -EMSGSIZE;
out:
	nla_nest_end(skb, nest);
	return 0;
}

/* Unicasts a flow event to the sink; mutex held. */
void lmisf_ntf_flow(struct lmisf_net *ln, struct lmisf_flow *flow,
		    u32 event, u32 reason)
{
	bool full = event != LMISF_EVENT_DELETED;
	struct sk_buff *msg;
	void *hdr;

	msg = lmisf_ntf_new(ln, flow_msg_size(), LMISF_CMD_FLOW_NTF, event,
			    &hdr);
	if (msg)
		lmisf_ntf_send(ln, msg, hdr, flow_fill(msg, flow, full), event,
			       reason);
}

static int flow_nest(struct genl_info *info, const struct nla_policy *pol,
		     struct nlattr **tb)
{
	return LMISF_PARSE_NEST(info, LMISF_A_FLOW, tb, LMISF_FLOW_A_MAX, pol,
				"flow attribute missing");
}

/*
 * The addresses and ports of a FLOW_NEW request. Without any destination
 * attribute it is an endpoint flow: the source endpoint and any peer.
 */
static int flow_tuple(struct nlattr *nest, struct nlattr **tb,
		      struct lmisf_flow *flow, struct netlink_ext_ack *extack)
{
	bool v4 = tb[LMISF_FLOW_A_SRC_IPV4] || tb[LMISF_FLOW_A_DST_IPV4];
	bool v6 = tb[LMISF_FLOW_A_SRC_IPV6] || tb[LMISF_FLOW_A_DST_IPV6];

	flow->endpoint = !tb[LMISF_FLOW_A_DST_IPV4] &&
			 !tb[LMISF_FLOW_A_DST_IPV6] &&
			 !tb[LMISF_FLOW_A_DST_PORT];

	if (v4 && v6) {
		LMISF_ERR_ATTR(extack, tb[LMISF_FLOW_A_SRC_IPV6] ?:
			       tb[LMISF_FLOW_A_DST_IPV6],
			       "flow mixes IPv4 and IPv6 addresses");
		return -EINVAL;
	}
	if (v6) {
		if (LMISF_REQUIRE(extack, nest, tb, LMISF_FLOW_A_SRC_IPV6,
				  "flow source address missing") ||
		    (!flow->endpoint &&
		     LMISF_REQUIRE(extack, nest, tb, LMISF_FLOW_A_DST_IPV6,
				   "flow destination address missing")))
			return -EINVAL;
		flow->family = NFPROTO_IPV6;
		flow->saddr.in6 = nla_get_in6_addr(tb[LMISF_FLOW_A_SRC_IPV6]);
		if (!flow->endpoint)
			flow->daddr.in6 =
				nla_get_in6_addr(tb[LMISF_FLOW_A_DST_IPV6]);
	} else {
		if (LMISF_REQUIRE(extack, nest, tb, LMISF_FLOW_A_SRC_IPV4,
				  "flow source address missing") ||
		    (!flow->endpoint &&
		     LMISF_REQUIRE(extack, nest, tb, LMISF_FLOW_A_DST_IPV4,
				   "flow destination address missing")))
			return -EINVAL;
		flow->family = NFPROTO_IPV4;
		flow->saddr.ip = nla_get_in_addr(tb[LMISF_FLOW_A_SRC_IPV4]);
		if (!flow->endpoint)
			flow->daddr.ip = nla_get_in_addr(tb[LMISF_FLOW_A_DST_IPV4]);
	}
	if (LMISF_REQUIRE(extack, nest, tb, LMISF_FLOW_A_SRC_PORT,
			  "flow source port missing") ||
	    (!flow->endpoint &&
	     LMISF_REQUIRE(extack, nest, tb, LMISF_FLOW_A_DST_PORT,
			   "flow destination port missing")))
		return -EINVAL;
	flow->sport = nla_get_be16(tb[LMISF_FLOW_A_SRC_PORT]);
	if (!flow->endpoint)
		flow->dport = nla_get_be16(tb[LMISF_FLOW_A_DST_PORT]);
	lmisf_flow_key_make(&flow->key, flow->family, flow->proto,
			    &flow->saddr, flow->sport, &flow->daddr,
			    flow->dport);
	return 0;
}

static int flow_parse(struct nlattr *nest, struct nlattr **tb,
		      struct lmisf_flow *flow, struct netlink_ext_ack *extack)
{
	if (LMISF_REQUIRE(extack, nest, tb, LMISF_FLOW_A_XID,
			  "flow task XID missing") ||
	    LMISF_REQUIRE(extack, nest, tb, LMISF_FLOW_A_CORRELATION_ID,
			  "flow correlation ID missing") ||
	    LMISF_REQUIRE(extack, nest, tb, LMISF_FLOW_A_PROTO,
			  "flow protocol missing"))
		return -EINVAL;
	flow->corr = nla_get_u64(tb[LMISF_FLOW_A_CORRELATION_ID]);
	flow->proto = nla_get_u8(tb[LMISF_FLOW_A_PROTO]);
	if (flow->proto != IPPROTO_UDP && flow->proto != IPPROTO_TCP &&
	    flow->proto != IPPROTO_SCTP) {
		LMISF_ERR_ATTR(extack, tb[LMISF_FLOW_A_PROTO],
			       "flow protocol is not UDP, TCP or SCTP");
		return -EINVAL;
	}
	return flow_tuple(nest, tb, flow, extack);
}

int lmisf_nl_flow_new(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct nlattr *tb[LMISF_FLOW_A_MAX + 1];
	struct nlattr *nest = info->attrs[LMISF_A_FLOW];
	struct lmisf_flow *flow;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = flow_nest(info, lmisf_flow_nl_policy, tb);
	if (err)
		return err;
	flow = kzalloc(sizeof(*flow), GFP_KERNEL);
	if (!flow)
		return -ENOMEM;
	err = flow_parse(nest, tb, flow, info->extack);
	if (err)
		goto err_free;
	msg = genlmsg_new(flow_msg_size(), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto err_free;
	}

	mutex_lock(&ln->lock);
	flow->task = lmisf_task_lookup(ln, nla_data(tb[LMISF_FLOW_A_XID]));
	if (!flow->task) {
		LMISF_ERR_ATTR(info->extack, tb[LMISF_FLOW_A_XID],
			       "unknown task XID");
		err = -ENOENT;
		goto err_unlock;
	}
	err = lmisf_flow_insert(ln, flow);
	if (err == -EEXIST)
		LMISF_ERR_ATTR(info->extack, nest, "flow exists");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG_MOD(info->extack, "flow limit reached");
	if (err)
		goto err_unlock;
	hdr = genlmsg_put_reply(msg, info, &lmisf_family, 0,
				LMISF_CMD_FLOW_NEW);
	if (!hdr || flow_fill(msg, flow, false)) {
		/* cannot happen: sized for a full flow */
		lmisf_flow_remove(ln, flow);
		mutex_unlock(&ln->lock);
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	lmisf_ntf_flow(ln, flow, LMISF_EVENT_NEW, 0);
	mutex_unlock(&ln->lock);
	return genlmsg_reply(msg, info);

err_unlock:
	mutex_unlock(&ln->lock);
	nlmsg_free(msg);
err_free:
	kfree(flow);
	return err;
}

int lmisf_nl_flow_del(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct nlattr *tb[LMISF_FLOW_A_MAX + 1];
	struct lmisf_flow *flow, *tmp;
	struct lmisf_task *task;
	int err;

	err = flow_nest(info, lmisf_flow_sel_nl_policy, tb);
	if (err)
		return err;
	if (tb[LMISF_FLOW_A_ID] && tb[LMISF_FLOW_A_XID]) {
		LMISF_ERR_ATTR(info->extack, tb[LMISF_FLOW_A_XID],
			       "give either a flow ID or a task XID");
		return -EINVAL;
	}
	if (!tb[LMISF_FLOW_A_XID] &&
	    LMISF_REQUIRE(info->extack, info->attrs[LMISF_A_FLOW], tb,
			  LMISF_FLOW_A_ID, "flow ID missing"))
		return -EINVAL;

	mutex_lock(&ln->lock);
	err = -ENOENT;
	if (tb[LMISF_FLOW_A_ID]) {
		flow = xa_load(&ln->flows.ids,
			       nla_get_u32(tb[LMISF_FLOW_A_ID]));
		if (flow) {
			lmisf_ntf_flow(ln, flow, LMISF_EVENT_DELETED,
				       LMISF_REASON_USERSPACE);
			lmisf_flow_remove(ln, flow);
			err = 0;
		} else {
			LMISF_ERR_ATTR(info->extack, tb[LMISF_FLOW_A_ID],
				       "unknown flow ID");
		}
	} else {
		task = lmisf_task_lookup(ln, nla_data(tb[LMISF_FLOW_A_XID]));
		if (task) {
			list_for_each_entry_safe(flow, tmp, &task->flows,
						 task_node) {
				lmisf_ntf_flow(ln, flow, LMISF_EVENT_DELETED,
					       LMISF_REASON_USERSPACE);
				lmisf_flow_remove(ln, flow);
			}
			err = 0;
		} else {
			LMISF_ERR_ATTR(info->extack, tb[LMISF_FLOW_A_XID],
				       "unknown task XID");
		}
	}
	mutex_unlock(&ln->lock);
	return err;
}

int lmisf_nl_flow_get(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct nlattr *tb[LMISF_FLOW_A_MAX + 1];
	struct lmisf_flow *flow;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = flow_nest(info, lmisf_flow_sel_nl_policy, tb);
	if (err)
		return err;
	if (LMISF_REQUIRE(info->extack, info->attrs[LMISF_A_FLOW], tb,
			  LMISF_FLOW_A_ID, "flow ID missing"))
		return -EINVAL;
	msg = genlmsg_new(flow_msg_size(), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&ln->lock);
	flow = xa_load(&ln->flows.ids, nla_get_u32(tb[LMISF_FLOW_A_ID]));
	if (!flow) {
		LMISF_ERR_ATTR(info->extack, tb[LMISF_FLOW_A_ID],
			       "unknown flow ID");
		err = -ENOENT;
		goto err;
	}
	hdr = genlmsg_put_reply(msg, info, &lmisf_family, 0,
				LMISF_CMD_FLOW_GET);
	if (!hdr || flow_fill(msg, flow, true)) {
		err = -EMSGSIZE;
		goto err;
	}
	mutex_unlock(&ln->lock);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	mutex_unlock(&ln->lock);
	nlmsg_free(msg);
	return err;
}

static int flow_dump_start(struct netlink_callback *cb,
			   struct lmisf_dump_ctx *ctx)
{
	struct nlattr **attrs = lmisf_dump_attrs(cb);
	struct nlattr *tb[LMISF_FLOW_A_MAX + 1];
	int err;

	ctx->started = true;
	ctx->next_id = 1;
	if (!attrs[LMISF_A_FLOW])
		return 0;
	err = nla_parse_nested(tb, LMISF_FLOW_A_MAX, attrs[LMISF_A_FLOW],
			       lmisf_flow_sel_nl_policy, cb->extack);
	if (err)
		return err;
	if (tb[LMISF_FLOW_A_ID])
		ctx->next_id = (unsigned long)nla_get_u32(tb[LMISF_FLOW_A_ID]) + 1;
	if (tb[LMISF_FLOW_A_XID]) {
		ctx->filter = true;
		nla_memcpy(ctx->xid, tb[LMISF_FLOW_A_XID], LMISF_XID_LEN);
	}
	return 0;
}

/* Like the task dump: resumes from an ID, optional task filter. */
int lmisf_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lmisf_net *ln = lmisf_pernet(sock_net(skb->sk));
	struct lmisf_dump_ctx *ctx = (void *)cb->ctx;
	struct lmisf_flow *flow;
	unsigned int added = 0;
	unsigned long id;
	int err;

	NL_ASSERT_DUMP_CTX_FITS(struct lmisf_dump_ctx);
	if (!ctx->started) {
		err = flow_dump_start(cb, ctx);
		if (err)
			return err;
	}

	mutex_lock(&ln->lock);
	cb->seq = ln->flows.gen;
	xa_for_each_start(&ln->flows.ids, id, flow, ctx->next_id) {
		void *hdr;

		if (ctx->filter &&
		    memcmp(flow->task->xid, ctx->xid, LMISF_XID_LEN))
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &lmisf_family,
				  NLM_F_MULTI, LMISF_CMD_FLOW_GET);
		if (!hdr)
			goto full;
		genl_dump_check_consistent(cb, hdr);
		if (flow_fill(skb, flow, true)) {
			genlmsg_cancel(skb, hdr);
			goto full;
		}
		genlmsg_end(skb, hdr);
		ctx->next_id = id + 1;
		added++;
	}
	mutex_unlock(&ln->lock);
	return skb->len;

full:
	mutex_unlock(&ln->lock);
	return added ? skb->len : -EMSGSIZE;
}
