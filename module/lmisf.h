/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lmisf: per-namespace state and the types shared by the datapath.
 */

#ifndef _LMISF_H
#define _LMISF_H

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/rhashtable.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/lmisf.h>

#define LMISF_GTPU_PORT_DEFAULT 2152
/* Matches reported in one copy; further matches of the packet are not listed. */
#define LMISF_MAX_MATCHES 16

struct lmisf_task;
struct lmisf_flow;
struct lmisf_sink;
struct lmisf_selector;
struct lmisf_filter;

/* Kernel-matched target entries: exact and CIDR addresses, TEIDs. */
struct lmisf_targets {
	/* keyed {family, prefix length, masked address}; exact = full length */
	struct rhltable ip;
	/* keyed {TEID, endpoint family (0: any endpoint), endpoint address} */
	struct rhltable teid;
	/* prefix lengths in use, bit (max - len) so a walk is longest first */
	unsigned long plen4[BITS_TO_LONGS(33)];
	unsigned long plen6[BITS_TO_LONGS(129)];
	unsigned int plen4_refs[33];
	unsigned int plen6_refs[129];
	unsigned int count;
	struct lmisf_filter __rcu *filter;	/* every key, see target.c */
};

struct lmisf_tasks {
	struct xarray ids;		/* id -> task, for resumable dumps */
	struct rhashtable xids;		/* XID -> task */
	u32 next_id;
	unsigned int count;
	u32 gen;			/* bumped on every change, for dumps */
};

struct lmisf_flows {
	struct rhashtable tuples;	/* canonical 5-tuple -> flow */
	struct xarray ids;		/* id -> flow */
	u32 next_id;
	unsigned int count;
	unsigned int endpoints;		/* of them, one-endpoint flows */
	u32 gen;
	struct lmisf_filter __rcu *filter;	/* every key, see flow.c */
};

struct lmisf_pcpu_stats {
	u64_stats_t c[__LMISF_STATS_A_MAX];
	struct u64_stats_sync syncp;
};

struct lmisf_net {
	struct net *net;
	/* something to match; the hooks, when armed, test this first */
	bool active;
	/* control plane: tasks, flows, targets, selector, config */
	struct mutex lock;
	/* sink binding (also taken from the netlink notifier) and "active" */
	spinlock_t sink_lock;
	struct lmisf_sink __rcu *sink;
	struct list_head dead_sinks;	/* unbound, to be torn down */
	struct work_struct sink_gc;
	struct lmisf_selector __rcu *selector;
	__be16 gtpu_port;		/* READ_ONCE() in the datapath */
	struct lmisf_targets targets;
	struct lmisf_tasks tasks;
	struct lmisf_flows flows;
	struct lmisf_pcpu_stats __percpu *stats;
	struct nf_hook_ops *hook_ops;
	bool armed;			/* hooks registered; under the mutex */
	bool defrag;			/* enabled (once armed, until exit) */
	struct work_struct disarm;
};

/* Addresses, protocol and ports of one IP packet (outer or inner). */
struct lmisf_tuple {
	u8 family;			/* NFPROTO_IPV4 or NFPROTO_IPV6 */
	u8 proto;
	bool has_ports;
	__be16 sport, dport;
	union nf_inet_addr saddr, daddr;
	unsigned int l4off;		/* skb offset of the L4 header */
};

struct lmisf_pkt {
	struct lmisf_tuple outer;
	struct lmisf_tuple inner;	/* valid when decap */
	bool decap;
	u32 teid;
	unsigned int inner_off;		/* from the outer network header */
};

struct lmisf_match {
	struct lmisf_task *task;
	const struct lmisf_flow *flow;	/* media matches */
	u32 kind;
};

struct lmisf_matches {
	u32 kind;
	unsigned int n;
	unsigned int unlisted;		/* distinct matches beyond m[] */
	struct lmisf_match m[LMISF_MAX_MATCHES];
};

extern unsigned int lmisf_net_id;
extern unsigned int lmisf_max_tasks;
extern unsigned int lmisf_max_flows;

static inline struct lmisf_net *lmisf_pernet(const struct net *net)
{
	return net_generic(net, lmisf_net_id);
}

/* pernet.c */
int lmisf_pernet_register(void);
void lmisf_pernet_unregister(void);
void lmisf_update_active(struct lmisf_net *ln);

/* hooks.c */
int lmisf_hooks_init(struct lmisf_net *ln);
int lmisf_hooks_arm(struct lmisf_net *ln);
void lmisf_hooks_disarm_work(struct work_struct *work);
void lmisf_hooks_exit(struct lmisf_net *ln);

/* stats.c */
int lmisf_stats_init(struct lmisf_net *ln);
void lmisf_stats_free(struct lmisf_net *ln);
u64 lmisf_stats_read(struct lmisf_net *ln, unsigned int idx);

static inline void lmisf_stats_add(struct lmisf_net *ln, unsigned int idx,
				   u64 n)
{
	struct lmisf_pcpu_stats *s = get_cpu_ptr(ln->stats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_add(&s->c[idx], n);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
	put_cpu_ptr(ln->stats);
}

static inline void lmisf_stats_inc(struct lmisf_net *ln, unsigned int idx)
{
	lmisf_stats_add(ln, idx, 1);
}

/* Adds a match unless the same task/flow is already listed. */
void lmisf_matches_add(struct lmisf_matches *m, struct lmisf_task *task,
		       const struct lmisf_flow *flow, u32 kind);

#endif /* _LMISF_H */
