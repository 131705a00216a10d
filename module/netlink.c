// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "lmisf": policies and operations. Every
 * operation, dumps included, needs CAP_NET_ADMIN in the initial user
 * namespace (GENL_ADMIN_PERM): tasks are secret. Requests are validated
 * strictly against per-operation policies (no GENL_DONT_VALIDATE_*, and
 * resv_start_op 0 so the header is checked too).
 */

#include <linux/in.h>
#include "compat/compat.h"
#include "netlink.h"
#include "sink.h"

static __lmisf_policy_range struct netlink_range_validation lmisf_nlbufsiz_range = {
	.min = LMISF_NLBUFSIZ_MIN,
	.max = LMISF_NLBUFSIZ_MAX,
};

static __lmisf_policy_range struct netlink_range_validation lmisf_copy_range_range = {
	.max = LMISF_COPY_RANGE_MAX,
};

const struct nla_policy lmisf_target_nl_policy[LMISF_TARGET_A_MAX + 1] = {
	[LMISF_TARGET_A_TYPE] = NLA_POLICY_RANGE(NLA_U32, 1,
						 LMISF_TARGET_TYPE_MAX),
	[LMISF_TARGET_A_IPV4] = { .type = NLA_BE32 },
	[LMISF_TARGET_A_IPV6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[LMISF_TARGET_A_PREFIX_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[LMISF_TARGET_A_TEID] = { .type = NLA_U32 },
	[LMISF_TARGET_A_VALUE] = { .type = NLA_STRING,
				   .len = LMISF_MAX_VALUE_LEN },
	[LMISF_TARGET_A_NON_LOCAL] = { .type = NLA_FLAG },
};

const struct nla_policy lmisf_task_nl_policy[LMISF_TASK_A_MAX + 1] = {
	[LMISF_TASK_A_XID] = NLA_POLICY_EXACT_LEN(LMISF_XID_LEN),
	[LMISF_TASK_A_DELIVERY] = NLA_POLICY_RANGE(NLA_U32,
						   LMISF_DELIVERY_X2_ONLY,
						   LMISF_DELIVERY_X2_AND_X3),
	[LMISF_TASK_A_CORRELATION_ID] = { .type = NLA_U64 },
	[LMISF_TASK_A_TARGET] = NLA_POLICY_NESTED(lmisf_target_nl_policy),
	[LMISF_TASK_A_DID] = NLA_POLICY_EXACT_LEN(LMISF_XID_LEN),
};

const struct nla_policy lmisf_task_sel_nl_policy[LMISF_TASK_A_MAX + 1] = {
	[LMISF_TASK_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[LMISF_TASK_A_XID] = NLA_POLICY_EXACT_LEN(LMISF_XID_LEN),
};

const struct nla_policy lmisf_task_report_nl_policy[LMISF_TASK_A_MAX + 1] = {
	[LMISF_TASK_A_XID] = NLA_POLICY_EXACT_LEN(LMISF_XID_LEN),
	[LMISF_TASK_A_LAST_INTERCEPT] = { .type = NLA_U64 },
	[LMISF_TASK_A_X2_PDUS] = { .type = NLA_U64 },
	[LMISF_TASK_A_X2_BYTES] = { .type = NLA_U64 },
	[LMISF_TASK_A_X3_PDUS] = { .type = NLA_U64 },
	[LMISF_TASK_A_X3_BYTES] = { .type = NLA_U64 },
};

const struct nla_policy lmisf_flow_nl_policy[LMISF_FLOW_A_MAX + 1] = {
	[LMISF_FLOW_A_XID] = NLA_POLICY_EXACT_LEN(LMISF_XID_LEN),
	[LMISF_FLOW_A_CORRELATION_ID] = { .type = NLA_U64 },
	[LMISF_FLOW_A_PROTO] = { .type = NLA_U8 },
	[LMISF_FLOW_A_SRC_IPV4] = { .type = NLA_BE32 },
	[LMISF_FLOW_A_DST_IPV4] = { .type = NLA_BE32 },
	[LMISF_FLOW_A_SRC_IPV6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[LMISF_FLOW_A_DST_IPV6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[LMISF_FLOW_A_SRC_PORT] = NLA_POLICY_MIN(NLA_BE16, 1),
	[LMISF_FLOW_A_DST_PORT] = NLA_POLICY_MIN(NLA_BE16, 1),
};

const struct nla_policy lmisf_flow_sel_nl_policy[LMISF_FLOW_A_MAX + 1] = {
	[LMISF_FLOW_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[LMISF_FLOW_A_XID] = NLA_POLICY_EXACT_LEN(LMISF_XID_LEN),
};

const struct nla_policy lmisf_port_nl_policy[LMISF_PORT_A_MAX + 1] = {
	[LMISF_PORT_A_PROTO] = { .type = NLA_U8 },
	[LMISF_PORT_A_PORT] = NLA_POLICY_MIN(NLA_BE16, 1),
};

const struct nla_policy lmisf_prefix_nl_policy[LMISF_PREFIX_A_MAX + 1] = {
	[LMISF_PREFIX_A_IPV4] = { .type = NLA_BE32 },
	[LMISF_PREFIX_A_IPV6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[LMISF_PREFIX_A_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

const struct nla_policy lmisf_selector_nl_policy[LMISF_SELECTOR_A_MAX + 1] = {
	[LMISF_SELECTOR_A_PORT] = NLA_POLICY_NESTED(lmisf_port_nl_policy),
	[LMISF_SELECTOR_A_PREFIX] = NLA_POLICY_NESTED(lmisf_prefix_nl_policy),
};

const struct nla_policy lmisf_config_nl_policy[LMISF_CONFIG_A_MAX + 1] = {
	[LMISF_CONFIG_A_GTPU_PORT] = NLA_POLICY_MIN(NLA_BE16, 1),
};

const struct nla_policy lmisf_sink_nl_policy[LMISF_SINK_A_MAX + 1] = {
	[LMISF_SINK_A_NLBUFSIZ] = NLA_POLICY_FULL_RANGE(NLA_U32,
							&lmisf_nlbufsiz_range),
	[LMISF_SINK_A_QTHRESHOLD] = NLA_POLICY_RANGE(NLA_U32, 1,
						     LMISF_QTHRESHOLD_MAX),
	[LMISF_SINK_A_FLUSH_MS] = NLA_POLICY_RANGE(NLA_U32, 1,
						   LMISF_FLUSH_MS_MAX),
	[LMISF_SINK_A_COPY_RANGE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &lmisf_copy_range_range),
};

/* Top-level policies: each operation accepts only its own object. */
static const struct nla_policy lmisf_none_policy[LMISF_A_MAX + 1] = {};

static const struct nla_policy lmisf_task_new_policy[LMISF_A_MAX + 1] = {
	[LMISF_A_TASK] = NLA_POLICY_NESTED(lmisf_task_nl_policy),
};

static const struct nla_policy lmisf_task_sel_policy[LMISF_A_MAX + 1] = {
	[LMISF_A_TASK] = NLA_POLICY_NESTED(lmisf_task_sel_nl_policy),
};

static const struct nla_policy lmisf_task_report_policy[LMISF_A_MAX + 1] = {
	[LMISF_A_TASK] = NLA_POLICY_NESTED(lmisf_task_report_nl_policy),
};

static const struct nla_policy lmisf_flow_new_policy[LMISF_A_MAX + 1] = {
	[LMISF_A_FLOW] = NLA_POLICY_NESTED(lmisf_flow_nl_policy),
};

static const struct nla_policy lmisf_flow_sel_policy[LMISF_A_MAX + 1] = {
	[LMISF_A_FLOW] = NLA_POLICY_NESTED(lmisf_flow_sel_nl_policy),
};

static const struct nla_policy lmisf_selector_policy[LMISF_A_MAX + 1] = {
	[LMISF_A_SELECTOR] = NLA_POLICY_NESTED(lmisf_selector_nl_policy),
};

static const struct nla_policy lmisf_config_policy[LMISF_A_MAX + 1] = {
	[LMISF_A_CONFIG] = NLA_POLICY_NESTED(lmisf_config_nl_policy),
};

static const struct nla_policy lmisf_sink_policy[LMISF_A_MAX + 1] = {
	[LMISF_A_SINK] = NLA_POLICY_NESTED(lmisf_sink_nl_policy),
};

#define LMISF_OP(_cmd, _doit, _dumpit, _policy) {			\
	.cmd = (_cmd),							\
	.doit = (_doit),						\
	.dumpit = (_dumpit),						\
	.policy = (_policy),						\
	.maxattr = LMISF_A_MAX,						\
	.flags = GENL_ADMIN_PERM,					\
}

static const struct genl_ops lmisf_ops[] = {
	LMISF_OP(LMISF_CMD_TASK_NEW, lmisf_nl_task_new, NULL,
		 lmisf_task_new_policy),
	LMISF_OP(LMISF_CMD_TASK_SET, lmisf_nl_task_set, NULL,
		 lmisf_task_new_policy),
	LMISF_OP(LMISF_CMD_TASK_DEL, lmisf_nl_task_del, NULL,
		 lmisf_task_sel_policy),
	LMISF_OP(LMISF_CMD_TASK_FLUSH, lmisf_nl_task_flush, NULL,
		 lmisf_none_policy),
	{
		.cmd = LMISF_CMD_TASK_GET,
		.doit = lmisf_nl_task_get,
		.start = lmisf_nl_task_dump_start,
		.dumpit = lmisf_nl_task_dump,
		.policy = lmisf_task_sel_policy,
		.maxattr = LMISF_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	LMISF_OP(LMISF_CMD_TASK_REPORT, lmisf_nl_task_report, NULL,
		 lmisf_task_report_policy),
	LMISF_OP(LMISF_CMD_FLOW_NEW, lmisf_nl_flow_new, NULL,
		 lmisf_flow_new_policy),
	LMISF_OP(LMISF_CMD_FLOW_DEL, lmisf_nl_flow_del, NULL,
		 lmisf_flow_sel_policy),
	LMISF_OP(LMISF_CMD_FLOW_GET, lmisf_nl_flow_get, lmisf_nl_flow_dump,
		 lmisf_flow_sel_policy),
	LMISF_OP(LMISF_CMD_SELECTOR_SET, lmisf_nl_selector_set, NULL,
		 lmisf_selector_policy),
	LMISF_OP(LMISF_CMD_SELECTOR_GET, lmisf_nl_selector_get, NULL,
		 lmisf_none_policy),
	LMISF_OP(LMISF_CMD_CONFIG_SET, lmisf_nl_config_set, NULL,
		 lmisf_config_policy),
	LMISF_OP(LMISF_CMD_CONFIG_GET, lmisf_nl_config_get, NULL,
		 lmisf_none_policy),
	LMISF_OP(LMISF_CMD_SINK_BIND, lmisf_nl_sink_bind, NULL,
		 lmisf_sink_policy),
	LMISF_OP(LMISF_CMD_SINK_UNBIND, lmisf_nl_sink_unbind, NULL,
		 lmisf_none_policy),
	LMISF_OP(LMISF_CMD_SINK_SET, lmisf_nl_sink_set, NULL,
		 lmisf_sink_policy),
	LMISF_OP(LMISF_CMD_SINK_GET, lmisf_nl_sink_get, NULL,
		 lmisf_none_policy),
	LMISF_OP(LMISF_CMD_STATS_GET, lmisf_nl_stats_get, NULL,
		 lmisf_none_policy),
};

struct genl_family lmisf_family __ro_after_init = {
	.name = LMISF_GENL_NAME,
	.version = LMISF_GENL_VERSION,
	.maxattr = LMISF_A_MAX,
	.module = THIS_MODULE,
	.netnsok = true,
	/* handlers take the namespace's own mutex */
	.parallel_ops = true,
	.resv_start_op = 0,
	.ops = lmisf_ops,
	.n_ops = ARRAY_SIZE(lmisf_ops),
};

/*
 * A TASK_NTF or FLOW_NTF for the sink, with its event; NULL when no sink
 * is bound or on failure (counted in NTF_DROPS).
 */
struct sk_buff *lmisf_ntf_new(struct lmisf_net *ln, size_t size, u8 cmd,
			      u32 event, void **hdr)
{
	struct sk_buff *msg;

	if (!lmisf_sink_wants_ntf(ln))
		return NULL;
	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		goto drop;
	*hdr = genlmsg_put(msg, 0, 0, &lmisf_family, 0, cmd);
	if (*hdr && !nla_put_u32(msg, LMISF_A_EVENT, event))
		return msg;
	nlmsg_free(msg);
drop:
	lmisf_stats_inc(ln, LMISF_STATS_A_NTF_DROPS);
	return NULL;
}

/*
 * Sends it unless filling in the object failed (err); a deletion carries
 * its reason. Consumes msg.
 */
void lmisf_ntf_send(struct lmisf_net *ln, struct sk_buff *msg, void *hdr,
		    int err, u32 event, u32 reason)
{
	if (!err && event == LMISF_EVENT_DELETED)
		err = nla_put_u32(msg, LMISF_A_REASON, reason);
	if (err) {
		nlmsg_free(msg);
		lmisf_stats_inc(ln, LMISF_STATS_A_NTF_DROPS);
		return;
	}
	genlmsg_end(msg, hdr);
	lmisf_sink_ntf(ln, msg);
}

int lmisf_genl_register(void)
{
	return lmisf_genl_register_family(&lmisf_family,
					  sizeof(struct lmisf_sock),
					  lmisf_sock_destroy);
}

void lmisf_genl_unregister(void)
{
	lmisf_genl_unregister_family(&lmisf_family);
}
