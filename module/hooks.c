// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks, IPv4 and IPv6: at PRE_ROUTING right after
 * defragmentation (so fragmented SIP is seen whole) and at LOCAL_OUT, so a
 * packet crossing the namespace is seen once. The hooks read the packet and
 * may copy it; they never change, delay or drop it, and always return
 * NF_ACCEPT.
 *
 * They are registered in a namespace only while it has something to match
 * (it is "armed"): a namespace that never had kernel targets, flows or a
 * bound sink costs its packets nothing at all. Defragmentation is enabled
 * with the first arming and stays until the namespace goes: disabling it
 * would strand the fragments it holds (traffic lost), and switching it on
 * and off would change how the namespace forwards fragments each time its
 * last task goes or comes back.
 */

#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include "copy.h"
#include "flow.h"
#include "gtpu.h"
#include "selector.h"
#include "target.h"

void lmisf_matches_add(struct lmisf_matches *m, struct lmisf_task *task,
		       const struct lmisf_flow *flow, u32 kind)
{
	unsigned int i;

	m->kind |= kind;
	for (i = 0; i < m->n; i++) {
		if (m->m[i].task == task && m->m[i].flow == flow)
			return;
	}
	if (m->n == LMISF_MAX_MATCHES) {
		/* not remembered: found twice, counted twice (uapi says) */
		m->unlisted++;
		return;
	}
	m->m[m->n].task = task;
	m->m[m->n].flow = flow;
	m->m[m->n].kind = kind;
	m->n++;
}

static bool has_ports(u8 proto)
{
	return proto == IPPROTO_UDP || proto == IPPROTO_TCP ||
	       proto == IPPROTO_SCTP;
}

/* UDP, TCP and SCTP all start with the two ports. */
static void parse_ports(const struct sk_buff *skb, struct lmisf_tuple *t)
{
	__be16 _ports[2];
	const __be16 *ports;

	if (!has_ports(t->proto))
		return;
	ports = skb_header_pointer(skb, t->l4off, sizeof(_ports), _ports);
	if (!ports)
		return;
	t->sport = ports[0];
	t->dport = ports[1];
	t->has_ports = true;
}

static bool parse_ipv4(const struct sk_buff *skb, const struct iphdr *iph,
		       unsigned int off, struct lmisf_tuple *t)
{
	if (iph->ihl < 5)
		return false;
	memset(t, 0, sizeof(*t));
	t->family = NFPROTO_IPV4;
	t->proto = iph->protocol;
	t->saddr.ip = iph->saddr;
	t->daddr.ip = iph->daddr;
	t->l4off = off + iph->ihl * 4;
	if (!(iph->frag_off & htons(IP_OFFSET)))
		parse_ports(skb, t);
	return true;
}

static bool parse_ipv6(const struct sk_buff *skb, unsigned int off,
		       struct lmisf_tuple *t)
{
	struct ipv6hdr _ip6h;
	const struct ipv6hdr *ip6h;
	__be16 frag_off;
	u8 nexthdr;
	int l4off;

	ip6h = skb_header_pointer(skb, off, sizeof(_ip6h), &_ip6h);
	if (!ip6h || ip6h->version != 6)
		return false;
	memset(t, 0, sizeof(*t));
	t->family = NFPROTO_IPV6;
	t->saddr.in6 = ip6h->saddr;
	t->daddr.in6 = ip6h->daddr;
	nexthdr = ip6h->nexthdr;
	l4off = ipv6_skip_exthdr(skb, off + sizeof(_ip6h), &nexthdr,
				 &frag_off);
	if (l4off < 0)
		return true;	/* addresses only */
	t->proto = nexthdr;
	t->l4off = l4off;
	if (!(frag_off & htons(IP6_OFFSET)))
		parse_ports(skb, t);
	return true;
}

/*
 * An IPv4 header is read once, version included: every packet is parsed,
 * and an IPv6 header is never shorter.
 */
static bool parse_ip(const struct sk_buff *skb, unsigned int off,
		     struct lmisf_tuple *t)
{
	struct iphdr _iph;
	const struct iphdr *iph;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph)
		return false;
	if (iph->version == 4)
		return parse_ipv4(skb, iph, off, t);
	if (iph->version == 6)
		return parse_ipv6(skb, off, t);
	return false;
}

static bool is_gtpu(const struct lmisf_tuple *t, __be16 port)
{
	return t->proto == IPPROTO_UDP && t->has_ports &&
	       (t->sport == port || t->dport == port);
}

/* Decapsulates a GTP-U T-PDU when possible, counting why not. */
static void parse_gtpu(struct lmisf_net *ln, const struct sk_buff *skb,
		       unsigned int netoff, struct lmisf_pkt *pkt,
		       __be16 port)
{
	unsigned int off = pkt->outer.l4off + sizeof(struct udphdr);
	unsigned int inner;
	struct udphdr _uh;
	const struct udphdr *uh;
	u32 teid;

	uh = skb_header_pointer(skb, pkt->outer.l4off, sizeof(_uh), &_uh);
	if (!uh || ntohs(uh->len) < sizeof(_uh) ||
	    pkt->outer.l4off + ntohs(uh->len) > skb->len) {
		lmisf_stats_inc(ln, LMISF_STATS_A_GTPU_MALFORMED);
		return;
	}
	switch (lmisf_gtpu_parse(skb, off, pkt->outer.l4off + ntohs(uh->len),
				 &teid, &inner)) {
	case LMISF_GTPU_TPDU:
		break;
	case LMISF_GTPU_NOT_TPDU:
		lmisf_stats_inc(ln, LMISF_STATS_A_GTPU_NOT_TPDU);
		return;
	default:
		lmisf_stats_inc(ln, LMISF_STATS_A_GTPU_MALFORMED);
		return;
	}
	if (!parse_ip(skb, inner, &pkt->inner)) {
		lmisf_stats_inc(ln, LMISF_STATS_A_GTPU_MALFORMED);
		return;
	}
	if (is_gtpu(&pkt->inner, port)) {
		lmisf_stats_inc(ln, LMISF_STATS_A_GTPU_NESTED);
		return;
	}
	lmisf_stats_inc(ln, LMISF_STATS_A_GTPU_DECAP);
	pkt->decap = true;
	pkt->teid = teid;
	pkt->inner_off = inner - netoff;
}

/*
 * The selector matches only while a sink is bound: it arms the hooks on
 * the same condition (else every namespace would pay lookups for copies
 * nobody takes), so whether signalling without a sink is counted
 * DROP_NO_SINK does not depend on unrelated targets or flows: it never is.
 */
static u32 signalling(struct lmisf_net *ln, const struct lmisf_tuple *tp)
{
	if (rcu_access_pointer(ln->sink) &&
	    lmisf_selector_match(rcu_dereference(ln->selector), tp))
		return LMISF_COPY_SIGNALLING;
	return 0;
}

/*
 * The lookups, for a packet that may match; @kind is what the first look
 * found already (the selector's verdict). Out of line: the match list is
 * large. It is not zeroed (the kernels zero stack variables on function
 * entry, INIT_STACK_ALL_ZERO, 400 bytes per copy): only its first n
 * entries are ever read.
 */
static noinline void match_packet(struct lmisf_net *ln, struct sk_buff *skb,
				  const struct nf_hook_state *state,
				  const struct lmisf_pkt *pkt, u32 kind)
{
	unsigned int netoff = skb_network_offset(skb);
	struct lmisf_matches m __uninitialized;

	m.kind = kind;
	m.n = 0;
	m.unlisted = 0;
	lmisf_targets_match(&ln->targets, pkt, &m);
	lmisf_flows_match(&ln->flows, pkt, skb->len - netoff, &m);
	if (m.unlisted)
		lmisf_stats_add(ln, LMISF_STATS_A_MATCHES_UNLISTED, m.unlisted);
	if (m.kind)
		lmisf_copy_packet(ln, skb, state, pkt, &m);
}

static void lmisf_inspect(struct lmisf_net *ln, struct sk_buff *skb,
			  const struct nf_hook_state *state)
{
	unsigned int netoff = skb_network_offset(skb);
	__be16 port = READ_ONCE(ln->gtpu_port);
	/* not zeroed: parse_ip() fills what is read, "decap" says which */
	struct lmisf_pkt pkt __uninitialized;
	u32 kind;

	/* looped back packets were seen at LOCAL_OUT already */
	if (state->hook == NF_INET_PRE_ROUTING && skb->dev &&
	    (skb->dev->flags & IFF_LOOPBACK))
		return;
	lmisf_stats_inc(ln, LMISF_STATS_A_PACKETS);
	pkt.decap = false;
	if (!parse_ip(skb, netoff, &pkt.outer))
		return;
	/* GTP-U is decapsulated and matched in full */
	if (is_gtpu(&pkt.outer, port))
		parse_gtpu(ln, skb, netoff, &pkt, port);
	kind = signalling(ln, pkt.decap ? &pkt.inner : &pkt.outer);
	/*
	 * The first look at a plain packet that is not signalling: the
	 * counting filters' probes alone (no false negatives), so a packet
	 * goes to the lookups only when a target or flow may match it.
	 */
	if (!kind && !pkt.decap &&
	    !lmisf_targets_maybe(&ln->targets, &pkt.outer) &&
	    !lmisf_flows_maybe(&ln->flows, &pkt.outer))
		return;
	match_packet(ln, skb, state, &pkt, kind);
}

static unsigned int lmisf_nf_hook(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	struct lmisf_net *ln = priv;

	if (READ_ONCE(ln->active))
		lmisf_inspect(ln, skb, state);
	return NF_ACCEPT;
}

static const struct nf_hook_ops lmisf_hook_ops[] = {
	{
		.hook = lmisf_nf_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_CONNTRACK_DEFRAG + 1,
	},
	{
		.hook = lmisf_nf_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP_PRI_CONNTRACK_DEFRAG + 1,
	},
	{
		.hook = lmisf_nf_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_CONNTRACK_DEFRAG + 1,
	},
	{
		.hook = lmisf_nf_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP6_PRI_CONNTRACK_DEFRAG + 1,
	},
};

int lmisf_hooks_init(struct lmisf_net *ln)
{
	unsigned int i;

	ln->hook_ops = kmemdup(lmisf_hook_ops, sizeof(lmisf_hook_ops),
			       GFP_KERNEL);
	if (!ln->hook_ops)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(lmisf_hook_ops); i++)
		ln->hook_ops[i].priv = ln;
	INIT_WORK(&ln->disarm, lmisf_hooks_disarm_work);
	return 0;
}

/**
 * lmisf_hooks_arm - register the hooks (and defragmentation) if not yet done
 * @ln: the namespace, mutex held
 *
 * Called before anything that can match is published, under the same hold
 * of the mutex: the disarm work takes the mutex too, so it cannot run
 * between the two. It is scheduled here, to undo the arming if the caller
 * ends up publishing nothing.
 * Return: 0 or the error of a registration.
 */
int lmisf_hooks_arm(struct lmisf_net *ln)
{
	int err;

	lockdep_assert_held(&ln->lock);
	if (ln->armed)
		return 0;
	if (!ln->defrag) {
		err = nf_defrag_ipv4_enable(ln->net);
		if (err)
			return err;
		err = nf_defrag_ipv6_enable(ln->net);
		if (err) {
			nf_defrag_ipv4_disable(ln->net);
			return err;
		}
		ln->defrag = true;
	}
	err = nf_register_net_hooks(ln->net, ln->hook_ops,
				    ARRAY_SIZE(lmisf_hook_ops));
	if (err)
		return err;
	WRITE_ONCE(ln->armed, true);
	schedule_work(&ln->disarm);
	return 0;
}

/* Waits for packets in the hooks (nf_unregister_net_hooks synchronizes). */
static void hooks_disarm(struct lmisf_net *ln)
{
	nf_unregister_net_hooks(ln->net, ln->hook_ops,
				ARRAY_SIZE(lmisf_hook_ops));
	WRITE_ONCE(ln->armed, false);
}

/*
 * Scheduled when the namespace may have become empty. "active" only turns
 * true under the mutex, so it stays false while the work holds it.
 */
void lmisf_hooks_disarm_work(struct work_struct *work)
{
	struct lmisf_net *ln = container_of(work, struct lmisf_net, disarm);

	mutex_lock(&ln->lock);
	if (ln->armed && !READ_ONCE(ln->active))
		hooks_disarm(ln);
	mutex_unlock(&ln->lock);
}

/* Namespace exit: nothing arms any more. */
void lmisf_hooks_exit(struct lmisf_net *ln)
{
	cancel_work_sync(&ln->disarm);
	if (ln->armed)
		hooks_disarm(ln);
	if (ln->defrag) {
		nf_defrag_ipv6_disable(ln->net);
		nf_defrag_ipv4_disable(ln->net);
		ln->defrag = false;
	}
	kfree(ln->hook_ops);
	ln->hook_ops = NULL;
}
