/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LMISF_TARGET_H
#define _LMISF_TARGET_H

#include "lmisf.h"

struct lmisf_ip_key {
	u8 family;
	u8 plen;
	u8 pad[2];
	union nf_inet_addr addr;	/* host bits zero */
};

struct lmisf_teid_key {
	u32 teid;
	u8 family;			/* 0: any tunnel endpoint */
	u8 pad[3];
	union nf_inet_addr addr;
};

/* One kernel-matched target of a task, in one of the two tables. */
struct lmisf_tentry {
	struct rhlist_head node;
	union {
		struct lmisf_ip_key ip;
		struct lmisf_teid_key teid;
	} key;
	bool is_teid;
	struct lmisf_task *task;
};

/* The kernel-matched targets of one task version; freed after RCU. */
struct lmisf_tset {
	unsigned int n;
	struct rcu_head rcu;
	struct lmisf_tentry e[];
};

int lmisf_targets_init(struct lmisf_targets *t);
void lmisf_targets_destroy(struct lmisf_targets *t);
int lmisf_targets_insert(struct lmisf_targets *t, struct lmisf_tset *ts);
void lmisf_targets_remove(struct lmisf_targets *t, struct lmisf_tset *ts);
bool lmisf_targets_maybe(struct lmisf_targets *t, const struct lmisf_tuple *tp);
void lmisf_targets_match(struct lmisf_targets *t,
			 const struct lmisf_pkt *pkt, struct lmisf_matches *m);
void lmisf_addr_mask(u8 family, union nf_inet_addr *dst,
		     const union nf_inet_addr *src, unsigned int plen);

#endif /* _LMISF_TARGET_H */
