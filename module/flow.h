/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LMISF_FLOW_H
#define _LMISF_FLOW_H

#include "lmisf.h"

/* Lower (address, port) endpoint first: both directions give one key. */
struct lmisf_flow_key {
	u8 family;
	u8 proto;
	__be16 port_lo;
	__be16 port_hi;
	u8 pad[2];
	union nf_inet_addr lo;
	union nf_inet_addr hi;
};

struct lmisf_flow {
	struct rhash_head node;
	struct lmisf_flow_key key;
	u32 id;
	bool endpoint;	/* no destination: any peer of the source endpoint */
	u64 corr;
	struct lmisf_task *task;
	struct list_head task_node;	/* under the namespace mutex */
	/* as installed, for GET */
	u8 family;
	u8 proto;
	__be16 sport, dport;
	union nf_inet_addr saddr, daddr;
	atomic64_t packets;
	atomic64_t bytes;
	struct rcu_head rcu;
};

int lmisf_flows_init(struct lmisf_flows *f);
void lmisf_flows_destroy(struct lmisf_flows *f);
void lmisf_flow_key_make(struct lmisf_flow_key *key, u8 family, u8 proto,
			 const union nf_inet_addr *saddr, __be16 sport,
			 const union nf_inet_addr *daddr, __be16 dport);
int lmisf_flow_insert(struct lmisf_net *ln, struct lmisf_flow *flow);
void lmisf_flow_remove(struct lmisf_net *ln, struct lmisf_flow *flow);
bool lmisf_flows_maybe(struct lmisf_flows *f, const struct lmisf_tuple *tp);
void lmisf_flows_match(struct lmisf_flows *f, const struct lmisf_pkt *pkt,
		       unsigned int len, struct lmisf_matches *m);

#endif /* _LMISF_FLOW_H */
