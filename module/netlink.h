/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LMISF_NETLINK_H
#define _LMISF_NETLINK_H

#include <net/genetlink.h>
#include <net/sock.h>
#include "lmisf.h"

extern struct genl_family lmisf_family;

extern const struct nla_policy lmisf_task_nl_policy[LMISF_TASK_A_MAX + 1];
extern const struct nla_policy lmisf_task_sel_nl_policy[LMISF_TASK_A_MAX + 1];
extern const struct nla_policy
	lmisf_task_report_nl_policy[LMISF_TASK_A_MAX + 1];
extern const struct nla_policy lmisf_target_nl_policy[LMISF_TARGET_A_MAX + 1];
extern const struct nla_policy lmisf_flow_nl_policy[LMISF_FLOW_A_MAX + 1];
extern const struct nla_policy lmisf_flow_sel_nl_policy[LMISF_FLOW_A_MAX + 1];
extern const struct nla_policy
	lmisf_selector_nl_policy[LMISF_SELECTOR_A_MAX + 1];
extern const struct nla_policy lmisf_port_nl_policy[LMISF_PORT_A_MAX + 1];
extern const struct nla_policy lmisf_prefix_nl_policy[LMISF_PREFIX_A_MAX + 1];
extern const struct nla_policy lmisf_config_nl_policy[LMISF_CONFIG_A_MAX + 1];
extern const struct nla_policy lmisf_sink_nl_policy[LMISF_SINK_A_MAX + 1];

/*
 * A required attribute: extack names it (missing type and nest) and says
 * which, with the same constant text on every kernel.
 */
#define LMISF_REQUIRE(extack, nest, tb, type, msg) ({			\
	struct netlink_ext_ack *__ack = (extack);			\
	bool __missing = NL_REQ_ATTR_CHECK(__ack, nest, tb, type);	\
	if (__missing)							\
		NL_SET_ERR_MSG_MOD(__ack, msg);				\
	__missing;							\
})

/*
 * Parses a request's required top-level nest attr into tb against pol;
 * when it is missing, extack names it and says msg. (The locals' prefix
 * keeps them apart from GENL_REQ_ATTR_CHECK()'s own __info.)
 */
#define LMISF_PARSE_NEST(info, attr, tb, maxtype, pol, msg) ({		\
	struct genl_info *__pn_info = (info);				\
	int __pn_attr = (attr), __pn_err = -EINVAL;			\
									\
	if (GENL_REQ_ATTR_CHECK(__pn_info, __pn_attr))			\
		NL_SET_ERR_MSG_MOD(__pn_info->extack, msg);		\
	else								\
		__pn_err = nla_parse_nested(tb, maxtype,		\
					    __pn_info->attrs[__pn_attr], \
					    pol, __pn_info->extack);	\
	__pn_err;							\
})

/* Every extack message carries the module's name, as _MOD ones do. */
#define LMISF_ERR_ATTR(extack, attr, msg)				\
	NL_SET_ERR_MSG_ATTR(extack, attr, KBUILD_MODNAME ": " msg)

/*
 * The largest task message: every target an identity of the longest value
 * (type, value, non-local flag; validation refuses repeated attributes),
 * every DID, the fixed attributes, headers.
 */
#define LMISF_TARGET_NEST_MAX						\
	nla_total_size(nla_total_size(sizeof(u32)) +			\
		       nla_total_size(LMISF_MAX_VALUE_LEN + 1) +		\
		       nla_total_size(0))
#define LMISF_TASK_MSG_MAX						\
	(LMISF_MAX_TARGETS * LMISF_TARGET_NEST_MAX +			\
	 LMISF_MAX_DIDS * nla_total_size(LMISF_XID_LEN) + 512)

/* Per-dump state in cb->ctx. */
struct lmisf_dump_ctx {
	unsigned long next_id;
	bool started;
	bool filter;
	u8 xid[LMISF_XID_LEN];
};

/*
 * The family's data for each socket: the sink binding it made, which ends
 * when the socket is released (lmisf_sock_destroy()).
 */
struct lmisf_sock {
	struct lmisf_net *ln;		/* NULL until the socket binds */
	u32 portid;
};

void lmisf_sock_destroy(void *priv);
struct sk_buff *lmisf_ntf_new(struct lmisf_net *ln, size_t size, u8 cmd,
			      u32 event, void **hdr);
void lmisf_ntf_send(struct lmisf_net *ln, struct sk_buff *msg, void *hdr,
		    int err, u32 event, u32 reason);
int lmisf_genl_register(void);
void lmisf_genl_unregister(void);

int lmisf_nl_task_new(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_task_set(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_task_del(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_task_flush(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_task_get(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_task_dump_start(struct netlink_callback *cb);
int lmisf_nl_task_dump(struct sk_buff *skb, struct netlink_callback *cb);
int lmisf_nl_task_report(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_flow_new(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_flow_del(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_flow_get(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb);
int lmisf_nl_selector_set(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_selector_get(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_config_set(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_config_get(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_sink_bind(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_sink_unbind(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_sink_set(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_sink_get(struct sk_buff *skb, struct genl_info *info);
int lmisf_nl_stats_get(struct sk_buff *skb, struct genl_info *info);

struct lmisf_task;
struct lmisf_flow;
void lmisf_ntf_task(struct lmisf_net *ln, struct lmisf_task *task,
		    u32 event, u32 reason);
void lmisf_ntf_flow(struct lmisf_net *ln, struct lmisf_flow *flow,
		    u32 event, u32 reason);

#endif /* _LMISF_NETLINK_H */
