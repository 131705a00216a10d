/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LMISF_SINK_H
#define _LMISF_SINK_H

#include <linux/mm_types.h>
#include <linux/timer.h>
#include "lmisf.h"

#define LMISF_NLBUFSIZ_DEFAULT 65536
#define LMISF_QTHRESHOLD_DEFAULT 64
#define LMISF_QTHRESHOLD_MAX 1024
#define LMISF_FLUSH_MS_DEFAULT 10
#define LMISF_FLUSH_MS_MAX 10000

struct lmisf_copy;

struct lmisf_sink_cfg {
	u32 nlbufsiz;
	u32 qthreshold;
	u32 flush_ms;
	u32 copy_range;
};

/* The bound agent socket of a namespace and its batch of copies. */
struct lmisf_sink {
	struct lmisf_net *ln;
	u32 portid;
	spinlock_t lock;		/* everything below */
	bool dead;			/* unbound: takes no more copies */
	struct lmisf_sink_cfg cfg;
	u64 seq;			/* of the last copy */
	struct sk_buff *skb;		/* the batch being filled */
	struct page_frag_cache frag[2];	/* batch buffers, used in turn */
	unsigned int frag_next;
	unsigned int qlen;		/* copies in it */
	u32 *ids;			/* task IDs of those copies */
	unsigned int nids;
	struct timer_list timer;	/* flushes a partial batch */
	struct list_head gc_node;
	struct rcu_head rcu;
};

void lmisf_sink_cfg_default(struct lmisf_sink_cfg *cfg);
int lmisf_sink_bind(struct lmisf_net *ln, u32 portid,
		    const struct lmisf_sink_cfg *cfg);
int lmisf_sink_unbind(struct lmisf_net *ln, u32 portid);
int lmisf_sink_get_cfg(struct lmisf_net *ln, u32 portid,
		       struct lmisf_sink_cfg *cfg);
int lmisf_sink_set(struct lmisf_net *ln, u32 portid,
		   const struct lmisf_sink_cfg *cfg);
bool lmisf_sink_is(struct lmisf_net *ln, u32 portid);
int lmisf_sink_state(struct lmisf_net *ln, u32 *portid,
		     struct lmisf_sink_cfg *cfg, u64 *next_seq);
void lmisf_sink_ntf(struct lmisf_net *ln, struct sk_buff *skb);
bool lmisf_sink_wants_ntf(struct lmisf_net *ln);
bool lmisf_sink_copy(struct lmisf_net *ln, struct lmisf_sink *sink,
		     const struct lmisf_copy *c);
void lmisf_sink_task_drops(struct lmisf_net *ln,
			   const struct lmisf_matches *m);
void lmisf_sink_gc(struct work_struct *work);
void lmisf_sink_exit(struct lmisf_net *ln);
void lmisf_sink_closed(struct lmisf_net *ln, u32 portid);

#endif /* _LMISF_SINK_H */
