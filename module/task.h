/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LMISF_TASK_H
#define _LMISF_TASK_H

#include "lmisf.h"

/* The replaceable part of a task (X1 ModifyTask swaps it as a whole). */
struct lmisf_task_cfg {
	u32 delivery;
	bool has_corr;
	u64 corr;
	struct rcu_head rcu;
	unsigned int blob_len;
	/* the TARGET and DID attributes as received, echoed by GET */
	u8 blob[];
};

struct lmisf_task {
	struct rhash_head xid_node;
	u8 xid[LMISF_XID_LEN];
	u32 id;
	struct lmisf_task_cfg __rcu *cfg;
	struct lmisf_tset *tset;	/* under the namespace mutex */
	struct list_head flows;		/* under the namespace mutex */
	unsigned int nflows;
	u64 created;
	u64 modified;
	u32 modifications;
	atomic64_t copies;
	atomic64_t copy_bytes;
	atomic64_t copy_drops;
	atomic64_t last_intercept;
	atomic64_t x2_pdus;
	atomic64_t x2_bytes;
	atomic64_t x3_pdus;
	atomic64_t x3_bytes;
	struct rcu_head rcu;
};

int lmisf_tasks_init(struct lmisf_tasks *t);
void lmisf_tasks_destroy(struct lmisf_tasks *t);
struct lmisf_task *lmisf_task_lookup(struct lmisf_net *ln, const u8 *xid);
int lmisf_task_create(struct lmisf_net *ln, const u8 *xid,
		      struct lmisf_task_cfg *cfg, struct lmisf_tset *ts,
		      struct lmisf_task **taskp);
int lmisf_task_replace(struct lmisf_net *ln, struct lmisf_task *task,
		       struct lmisf_task_cfg *cfg, struct lmisf_tset *ts);
void lmisf_task_delete(struct lmisf_net *ln, struct lmisf_task *task,
		       u32 reason);
void lmisf_tasks_flush(struct lmisf_net *ln, u32 reason);

#endif /* _LMISF_TASK_H */
