// SPDX-License-Identifier: GPL-2.0
/*
 * Sink binding and settings, the signalling selector, namespace
 * configuration and statistics.
 */

#include <linux/in.h>
#include "compat/compat.h"
#include "netlink.h"
#include "selector.h"
#include "sink.h"
#include "target.h"

static void *reply_put(struct sk_buff **msgp, struct genl_info *info, u8 cmd)
{
	void *hdr;

	*msgp = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!*msgp)
		return NULL;
	hdr = genlmsg_put_reply(*msgp, info, &lmisf_family, 0, cmd);
	if (!hdr)
		nlmsg_free(*msgp);
	return hdr;
}

/* Applies the attributes of a validated LMISF_A_SINK to cfg. */
static int sink_cfg_parse(struct genl_info *info, struct lmisf_sink_cfg *cfg)
{
	struct nlattr *tb[LMISF_SINK_A_MAX + 1];
	int err;

	if (!info->attrs[LMISF_A_SINK])
		return 0;
	err = nla_parse_nested(tb, LMISF_SINK_A_MAX, info->attrs[LMISF_A_SINK],
			       lmisf_sink_nl_policy, info->extack);
	if (err)
		return err;
	if (tb[LMISF_SINK_A_NLBUFSIZ])
		cfg->nlbufsiz = nla_get_u32(tb[LMISF_SINK_A_NLBUFSIZ]);
	if (tb[LMISF_SINK_A_QTHRESHOLD])
		cfg->qthreshold = nla_get_u32(tb[LMISF_SINK_A_QTHRESHOLD]);
	if (tb[LMISF_SINK_A_FLUSH_MS])
		cfg->flush_ms = nla_get_u32(tb[LMISF_SINK_A_FLUSH_MS]);
	if (tb[LMISF_SINK_A_COPY_RANGE])
		cfg->copy_range = nla_get_u32(tb[LMISF_SINK_A_COPY_RANGE]);
	return 0;
}

/* The socket is released: so ends the binding it made, if any. */
void lmisf_sock_destroy(void *priv)
{
	struct lmisf_sock *sock = priv;

	if (sock->ln)
		lmisf_sink_closed(sock->ln, sock->portid);
}

int lmisf_nl_sink_bind(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct lmisf_sink_cfg cfg;
	struct lmisf_sock *sock;
	int err;

	/* allocated first: a bound sink always ends with its socket */
	sock = lmisf_genl_sk_priv_get(&lmisf_family, skb, info);
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	/* a socket's namespace and port ID never change once it sent */
	sock->ln = ln;
	sock->portid = info->snd_portid;
	mutex_lock(&ln->lock);
	/* rebinding from the bound socket changes only what it gives */
	if (lmisf_sink_get_cfg(ln, info->snd_portid, &cfg))
		lmisf_sink_cfg_default(&cfg);
	err = sink_cfg_parse(info, &cfg);
	if (!err)
		err = lmisf_sink_bind(ln, info->snd_portid, &cfg);
	if (err == -EBUSY)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "another socket is bound as sink");
	mutex_unlock(&ln->lock);
	return err;
}

int lmisf_nl_sink_unbind(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	int err;

	mutex_lock(&ln->lock);
	err = lmisf_sink_unbind(ln, info->snd_portid);
	mutex_unlock(&ln->lock);
	if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "not the bound sink");
	return err;
}

int lmisf_nl_sink_set(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct lmisf_sink_cfg cfg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LMISF_A_SINK)) {
		NL_SET_ERR_MSG_MOD(info->extack, "sink attribute missing");
		return -EINVAL;
	}
	mutex_lock(&ln->lock);
	err = lmisf_sink_get_cfg(ln, info->snd_portid, &cfg);
	if (!err) {
		err = sink_cfg_parse(info, &cfg);
		if (!err)
			err = lmisf_sink_set(ln, info->snd_portid, &cfg);
	}
	if (err == -EPERM)
		NL_SET_ERR_MSG_MOD(info->extack, "not the bound sink");
	mutex_unlock(&ln->lock);
	return err;
}

int lmisf_nl_sink_get(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct lmisf_sink_cfg cfg;
	struct sk_buff *msg;
	struct nlattr *nest;
	u64 next_seq;
	u32 portid;
	void *hdr;

	if (lmisf_sink_state(ln, &portid, &cfg, &next_seq)) {
		NL_SET_ERR_MSG_MOD(info->extack, "no sink is bound");
		return -ENOENT;
	}
	hdr = reply_put(&msg, info, LMISF_CMD_SINK_GET);
	if (!hdr)
		return -ENOMEM;
	nest = nla_nest_start(msg, LMISF_A_SINK);
	if (!nest ||
	    nla_put_u32(msg, LMISF_SINK_A_PORTID, portid) ||
	    nla_put_u32(msg, LMISF_SINK_A_NLBUFSIZ, cfg.nlbufsiz) ||
	    nla_put_u32(msg, LMISF_SINK_A_QTHRESHOLD, cfg.qthreshold) ||
	    nla_put_u32(msg, LMISF_SINK_A_FLUSH_MS, cfg.flush_ms) ||
	    nla_put_u32(msg, LMISF_SINK_A_COPY_RANGE, cfg.copy_range) ||
	    nla_put_u64_64bit(msg, LMISF_SINK_A_NEXT_SEQ, next_seq,
			      LMISF_SINK_A_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int selector_port(struct lmisf_selector *sel, struct nlattr *nest,
			 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LMISF_PORT_A_MAX + 1];
	u8 proto;
	int err;

	err = nla_parse_nested(tb, LMISF_PORT_A_MAX, nest,
			       lmisf_port_nl_policy, extack);
	if (err)
		return err;
	if (LMISF_REQUIRE(extack, nest, tb, LMISF_PORT_A_PROTO,
			  "selector port protocol missing") ||
	    LMISF_REQUIRE(extack, nest, tb, LMISF_PORT_A_PORT,
			  "selector port missing"))
		return -EINVAL;
	proto = nla_get_u8(tb[LMISF_PORT_A_PROTO]);
	if (lmisf_selector_proto_index(proto) < 0) {
		LMISF_ERR_ATTR(extack, tb[LMISF_PORT_A_PROTO],
			       "selector protocol is not UDP, TCP or SCTP");
		return -EINVAL;
	}
	lmisf_selector_add_port(sel, proto,
				nla_get_be16(tb[LMISF_PORT_A_PORT]));
	return 0;
}

static int selector_prefix(struct lmisf_selector *sel, struct nlattr *nest,
			   struct netlink_ext_ack *extack)
{
	struct lmisf_sel_prefix *p = &sel->prefixes[sel->nprefixes];
	struct nlattr *tb[LMISF_PREFIX_A_MAX + 1];
	union nf_inet_addr addr = {};
	struct nlattr *a;
	int err;

	err = nla_parse_nested(tb, LMISF_PREFIX_A_MAX, nest,
			       lmisf_prefix_nl_policy, extack);
	if (err)
		return err;
	if (tb[LMISF_PREFIX_A_IPV4] && tb[LMISF_PREFIX_A_IPV6]) {
		LMISF_ERR_ATTR(extack, tb[LMISF_PREFIX_A_IPV6],
			       "selector prefix has two addresses");
		return -EINVAL;
	}
	a = tb[LMISF_PREFIX_A_IPV4] ?: tb[LMISF_PREFIX_A_IPV6];
	if (!a) {
		NL_SET_ERR_ATTR_MISS(extack, nest, LMISF_PREFIX_A_IPV4);
		NL_SET_ERR_MSG_MOD(extack, "selector prefix address missing");
		return -EINVAL;
	}
	if (LMISF_REQUIRE(extack, nest, tb, LMISF_PREFIX_A_LEN,
			  "selector prefix length missing"))
		return -EINVAL;
	p->family = tb[LMISF_PREFIX_A_IPV4] ? NFPROTO_IPV4 : NFPROTO_IPV6;
	p->len = nla_get_u8(tb[LMISF_PREFIX_A_LEN]);
	if (p->family == NFPROTO_IPV4 && p->len > 32) {
		LMISF_ERR_ATTR(extack, tb[LMISF_PREFIX_A_LEN],
			       "IPv4 prefix length over 32");
		return -EINVAL;
	}
	nla_memcpy(&addr, a, sizeof(addr));
	lmisf_addr_mask(p->family, &p->addr, &addr, p->len);
	if (memcmp(&p->addr, &addr, sizeof(addr))) {
		LMISF_ERR_ATTR(extack, a,
			       "host bits set in selector prefix");
		return -EINVAL;
	}
	sel->nprefixes++;
	return 0;
}

static int selector_parse(struct lmisf_selector *sel, struct nlattr *nest,
			  struct netlink_ext_ack *extack)
{
	unsigned int nports = 0;
	struct nlattr *a;
	int rem, err;

	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case LMISF_SELECTOR_A_PORT:
			if (++nports > LMISF_MAX_SELECTOR_PORTS) {
				LMISF_ERR_ATTR(extack, a,
					       "too many selector ports");
				return -EINVAL;
			}
			err = selector_port(sel, a, extack);
			break;
		case LMISF_SELECTOR_A_PREFIX:
			if (sel->nprefixes == LMISF_MAX_SELECTOR_PREFIXES) {
				LMISF_ERR_ATTR(extack, a,
					       "too many selector prefixes");
				return -EINVAL;
			}
			err = selector_prefix(sel, a, extack);
			break;
		default:
			err = 0;
		}
		if (err)
			return err;
	}
	return 0;
}

int lmisf_nl_selector_set(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct lmisf_selector *sel;
	int err;

	sel = lmisf_selector_alloc();
	if (!sel)
		return -ENOMEM;
	/* no LMISF_A_SELECTOR (or an empty one): copy no signalling at all */
	err = info->attrs[LMISF_A_SELECTOR] ?
	      selector_parse(sel, info->attrs[LMISF_A_SELECTOR], info->extack) :
	      0;
	if (err) {
		kvfree(sel);
		return err;
	}
	mutex_lock(&ln->lock);
	err = lmisf_selector_replace(ln, sel);
	mutex_unlock(&ln->lock);
	if (err)
		kvfree(sel);
	return err;
}

static int selector_fill(struct sk_buff *msg, const struct lmisf_selector *sel)
{
	struct nlattr *nest, *n;
	unsigned int i;

	nest = nla_nest_start(msg, LMISF_A_SELECTOR);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < sel->nports; i++) {
		n = nla_nest_start(msg, LMISF_SELECTOR_A_PORT);
		if (!n ||
		    nla_put_u8(msg, LMISF_PORT_A_PROTO, sel->ports[i].proto) ||
		    nla_put_be16(msg, LMISF_PORT_A_PORT, sel->ports[i].port))
			return -EMSGSIZE;
		nla_nest_end(msg, n);
	}
	for (i = 0; i < sel->nprefixes; i++) {
		const struct lmisf_sel_prefix *p = &sel->prefixes[i];

		n = nla_nest_start(msg, LMISF_SELECTOR_A_PREFIX);
		if (!n ||
		    (p->family == NFPROTO_IPV4 ?
		     nla_put_in_addr(msg, LMISF_PREFIX_A_IPV4, p->addr.ip) :
		     nla_put_in6_addr(msg, LMISF_PREFIX_A_IPV6, &p->addr.in6)) ||
		    nla_put_u8(msg, LMISF_PREFIX_A_LEN, p->len))
			return -EMSGSIZE;
		nla_nest_end(msg, n);
	}
	nla_nest_end(msg, nest);
	return 0;
}

int lmisf_nl_selector_get(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	const struct lmisf_selector *sel;
	struct sk_buff *msg;
	void *hdr;
	int err;

	hdr = reply_put(&msg, info, LMISF_CMD_SELECTOR_GET);
	if (!hdr)
		return -ENOMEM;
	mutex_lock(&ln->lock);
	sel = rcu_dereference_protected(ln->selector,
					lockdep_is_held(&ln->lock));
	err = selector_fill(msg, sel);
	mutex_unlock(&ln->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int lmisf_nl_config_set(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct nlattr *tb[LMISF_CONFIG_A_MAX + 1];
	int err;

	err = LMISF_PARSE_NEST(info, LMISF_A_CONFIG, tb, LMISF_CONFIG_A_MAX,
			       lmisf_config_nl_policy,
			       "config attribute missing");
	if (err)
		return err;
	mutex_lock(&ln->lock);
	if (tb[LMISF_CONFIG_A_GTPU_PORT])
		WRITE_ONCE(ln->gtpu_port,
			   nla_get_be16(tb[LMISF_CONFIG_A_GTPU_PORT]));
	mutex_unlock(&ln->lock);
	return 0;
}

int lmisf_nl_config_get(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	hdr = reply_put(&msg, info, LMISF_CMD_CONFIG_GET);
	if (!hdr)
		return -ENOMEM;
	nest = nla_nest_start(msg, LMISF_A_CONFIG);
	if (!nest ||
	    nla_put_be16(msg, LMISF_CONFIG_A_GTPU_PORT,
			 READ_ONCE(ln->gtpu_port))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int lmisf_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct sk_buff *msg;
	struct nlattr *nest;
	unsigned int i;
	void *hdr;
	u64 v;

	hdr = reply_put(&msg, info, LMISF_CMD_STATS_GET);
	if (!hdr)
		return -ENOMEM;
	nest = nla_nest_start(msg, LMISF_A_STATS);
	if (!nest)
		goto err;
	mutex_lock(&ln->lock);
	for (i = 1; i <= LMISF_STATS_A_MAX; i++) {
		switch (i) {
		case LMISF_STATS_A_PAD:
			continue;
		case LMISF_STATS_A_TASKS:
			v = ln->tasks.count;
			break;
		case LMISF_STATS_A_FLOWS:
			v = ln->flows.count;
			break;
		case LMISF_STATS_A_TARGETS:
			v = ln->targets.count;
			break;
		default:
			v = lmisf_stats_read(ln, i);
		}
		if (nla_put_u64_64bit(msg, i, v, LMISF_STATS_A_PAD)) {
			mutex_unlock(&ln->lock);
			goto err;
		}
	}
	mutex_unlock(&ln->lock);
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return -EMSGSIZE;
}
