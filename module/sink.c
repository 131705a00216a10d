// SPDX-License-Identifier: GPL-2.0
/*
 * The sink: the one agent socket of a namespace that receives copies, by
 * unicast only (on 6.1 any user may join a generic netlink multicast group).
 *
 * Copies are batched as nfnetlink_log does: messages flagged NLM_F_MULTI
 * accumulate in one skb of nlbufsiz bytes, closed by NLMSG_DONE and sent
 * when qthreshold copies are queued, when the next copy would not fit, or
 * when the flush timer fires. Sending never blocks.
 *
 * A signalling copy sends its batch at once: the agent installs a
 * session's media flows when it reads the offer and answer, and media
 * that passes before then is not copied, while an answered call's RTP
 * follows its 200 and ACK within milliseconds (less than flush_ms).
 * Signalling is a small share of the traffic; media and target copies
 * keep the batching.
 *
 * Loss accounting: once a sink is bound, every copy takes the next
 * sequence number before anything can fail, and every copy that then does
 * not reach the socket is counted once, as DROP_NOMEM, DROP_RCVBUF (the
 * whole batch of a failed send) or DROP_UNBIND (pending when the binding
 * ended). The agent's sequence gaps are therefore exactly their sum.
 *
 * The binding ends with SINK_UNBIND or when the socket is released: the
 * family's per-socket data of the binding socket is destroyed then (see
 * lmisf_sock_destroy()).
 */

#include <linux/netlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include "copy.h"
#include "netlink.h"
#include "selector.h"
#include "sink.h"
#include "task.h"

#define LMISF_IDS_MAX (LMISF_QTHRESHOLD_MAX * LMISF_MAX_MATCHES)

void lmisf_sink_cfg_default(struct lmisf_sink_cfg *cfg)
{
	cfg->nlbufsiz = LMISF_NLBUFSIZ_DEFAULT;
	cfg->qthreshold = LMISF_QTHRESHOLD_DEFAULT;
	cfg->flush_ms = LMISF_FLUSH_MS_DEFAULT;
	cfg->copy_range = LMISF_COPY_RANGE_MAX;
}

static void drop_ids(const u32 *ids, unsigned int n, struct lmisf_net *ln)
{
	unsigned int i;

	rcu_read_lock();
	for (i = 0; i < n; i++) {
		/* IDs are not reused, so a deleted task is simply absent */
		struct lmisf_task *task = xa_load(&ln->tasks.ids, ids[i]);

		if (task)
			atomic64_inc(&task->copy_drops);
	}
	rcu_read_unlock();
}

void lmisf_sink_task_drops(struct lmisf_net *ln,
			   const struct lmisf_matches *m)
{
	u32 ids[LMISF_MAX_MATCHES];

	drop_ids(ids, lmisf_copy_task_ids(m, ids), ln);
}

/*
 * Batch buffers are page fragments from two caches used in turn, as a NIC
 * driver's receive buffers are: a 32 KiB page holds one batch of the
 * default size, and by the time its cache comes round again the agent has
 * normally read that batch, so the page is reused as it is. The kernels we
 * run on clear every new allocation (init_on_alloc): a fresh skb per batch
 * cost clearing its whole buffer, most of the batch path's work. A reused
 * page holds an earlier batch of the same sink, and only the new batch's
 * own bytes ever reach the socket. A page still in use is left to its
 * readers and a new one allocated. Batches too large for a fragment get
 * an skb of their own.
 */
static struct sk_buff *batch_alloc_frag(struct lmisf_sink *sink,
					unsigned int len)
{
	unsigned int fragsz = SKB_DATA_ALIGN(len) +
			      SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
	struct page_frag_cache *nc;
	struct sk_buff *skb;
	void *data;

	if (fragsz > PAGE_FRAG_CACHE_MAX_SIZE)
		return NULL;
	nc = &sink->frag[sink->frag_next];
	sink->frag_next ^= 1;
	data = page_frag_alloc(nc, fragsz, GFP_ATOMIC | __GFP_NOWARN);
	if (!data)
		return NULL;
	skb = build_skb(data, fragsz);
	if (!skb)
		page_frag_free(data);
	return skb;
}

static void batch_frags_drain(struct lmisf_sink *sink)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sink->frag); i++) {
		struct page_frag_cache *nc = &sink->frag[i];

		if (nc->va)
			__page_frag_cache_drain(virt_to_head_page(nc->va),
						nc->pagecnt_bias);
		nc->va = NULL;
	}
}

/*
 * A batch is sized for qthreshold copies like this first one, nlbufsiz at
 * most: netlink_unicast() copies a batch that fills less than half of its
 * buffer into a smaller one, so an nlbufsiz buffer that a qthreshold batch
 * fills to a third would cost a second allocation and copying the batch.
 * Larger copies later only send the batch earlier.
 */
static struct sk_buff *batch_alloc(struct lmisf_sink *sink, unsigned int size)
{
	const struct lmisf_sink_cfg *cfg = &sink->cfg;
	unsigned int want = min_t(u64, (u64)cfg->qthreshold * size,
				  cfg->nlbufsiz);
	struct sk_buff *skb;

	want = max(want, size);
	skb = batch_alloc_frag(sink, want);
	if (!skb)
		skb = alloc_skb(want, GFP_ATOMIC | __GFP_NOWARN);
	if (!skb && size < want)
		skb = alloc_skb(size, GFP_ATOMIC | __GFP_NOWARN);
	return skb;
}

static unsigned int done_size(void)
{
	return nlmsg_total_size(sizeof(int));
}

/* Detaches the batch; lock held. */
static struct sk_buff *batch_take(struct lmisf_sink *sink,
				  unsigned int *qlen)
{
	struct sk_buff *skb = sink->skb;

	*qlen = sink->qlen;
	sink->skb = NULL;
	sink->qlen = 0;
	return skb;
}

/* Sends the batch, if any; lock held. */
static void batch_send(struct lmisf_sink *sink)
{
	struct lmisf_net *ln = sink->ln;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	unsigned int qlen;
	int err;

	timer_delete(&sink->timer);
	skb = batch_take(sink, &qlen);
	if (!skb)
		return;
	/* done_size() was kept free when the batch was filled */
	nlh = nlmsg_put(skb, 0, 0, NLMSG_DONE, sizeof(int), NLM_F_MULTI);
	if (nlh)
		memset(nlmsg_data(nlh), 0, sizeof(int));
	err = genlmsg_unicast(ln->net, skb, sink->portid);
	if (err) {
		lmisf_stats_add(ln, err == -ECONNREFUSED ?
				LMISF_STATS_A_DROP_UNBIND :
				LMISF_STATS_A_DROP_RCVBUF, qlen);
		drop_ids(sink->ids, sink->nids, ln);
	} else {
		lmisf_stats_add(ln, LMISF_STATS_A_DELIVERED, qlen);
		lmisf_stats_inc(ln, LMISF_STATS_A_BATCHES);
	}
	sink->nids = 0;
}

static void sink_timer(struct timer_list *t)
{
	struct lmisf_sink *sink = from_timer(sink, t, timer);

	spin_lock_bh(&sink->lock);
	if (!sink->dead)
		batch_send(sink);
	spin_unlock_bh(&sink->lock);
}

/**
 * lmisf_sink_copy - queue one copy for the sink
 * @ln: the namespace
 * @sink: its sink, from rcu_dereference()
 * @c: the copy
 *
 * Return: false if the sink is being unbound (the caller counts the copy as
 * DROP_NO_SINK); true once the copy has a sequence number, whatever
 * happens to it next.
 */
bool lmisf_sink_copy(struct lmisf_net *ln, struct lmisf_sink *sink,
		     const struct lmisf_copy *c)
{
	unsigned int size, room;
	u64 seq;
	u32 caplen;

	spin_lock_bh(&sink->lock);
	if (sink->dead) {
		spin_unlock_bh(&sink->lock);
		return false;
	}
	seq = ++sink->seq;
	caplen = lmisf_copy_caplen(c, sink->cfg.copy_range);
	size = lmisf_copy_size(c, caplen);
	room = size + done_size();
	if (sink->skb && skb_tailroom(sink->skb) < room)
		batch_send(sink);
	if (!sink->skb) {
		sink->skb = batch_alloc(sink, room);
		if (!sink->skb)
			goto nomem;
	}
	if (lmisf_copy_fill(sink->skb, c, seq, caplen))
		goto nomem;	/* cannot happen: the room was checked */
	sink->nids += lmisf_copy_task_ids(c->m, sink->ids + sink->nids);
	sink->qlen++;
	if (caplen < c->len)
		lmisf_stats_inc(ln, LMISF_STATS_A_TRUNCATED);
	if (sink->qlen >= sink->cfg.qthreshold ||
	    (c->m->kind & LMISF_COPY_SIGNALLING))
		batch_send(sink);
	else if (!timer_pending(&sink->timer))
		mod_timer(&sink->timer,
			  jiffies + msecs_to_jiffies(sink->cfg.flush_ms));
	spin_unlock_bh(&sink->lock);
	return true;

nomem:
	spin_unlock_bh(&sink->lock);
	lmisf_stats_inc(ln, LMISF_STATS_A_DROP_NOMEM);
	lmisf_sink_task_drops(ln, c->m);
	return true;
}

static void sink_free_rcu(struct rcu_head *head)
{
	struct lmisf_sink *sink = container_of(head, struct lmisf_sink, rcu);

	batch_frags_drain(sink);
	kvfree(sink->ids);
	kfree(sink);
}

/*
 * Makes the sink take no more copies and detaches its batch, whose copies
 * are counted DROP_UNBIND; the caller frees it. Lock held.
 */
static struct sk_buff *sink_kill(struct lmisf_sink *sink)
{
	struct lmisf_net *ln = sink->ln;
	struct sk_buff *skb;
	unsigned int qlen;

	sink->dead = true;
	skb = batch_take(sink, &qlen);
	if (qlen) {
		lmisf_stats_add(ln, LMISF_STATS_A_DROP_UNBIND, qlen);
		drop_ids(sink->ids, sink->nids, ln);
	}
	sink->nids = 0;
	return skb;
}

/*
 * Ends an unpublished sink: delivers (flush) or discards its batch, waits
 * for its timer, frees it after a grace period. Process context.
 */
static void sink_destroy(struct lmisf_sink *sink, bool flush)
{
	struct sk_buff *skb;

	spin_lock_bh(&sink->lock);
	if (flush && !sink->dead)
		batch_send(sink);
	skb = sink_kill(sink);
	spin_unlock_bh(&sink->lock);
	timer_shutdown_sync(&sink->timer);
	kfree_skb(skb);
	call_rcu(&sink->rcu, sink_free_rcu);
}

static struct lmisf_sink *sink_locked(struct lmisf_net *ln)
{
	return rcu_dereference_protected(ln->sink,
					 lockdep_is_held(&ln->sink_lock));
}

/* Unpublishes the sink if portid is bound; sink_lock held. */
static struct lmisf_sink *sink_unpublish(struct lmisf_net *ln, u32 portid)
{
	struct lmisf_sink *sink = sink_locked(ln);

	if (!sink || sink->portid != portid)
		return NULL;
	RCU_INIT_POINTER(ln->sink, NULL);
	return sink;
}

static void sink_apply(struct lmisf_sink *sink,
		       const struct lmisf_sink_cfg *cfg)
{
	spin_lock_bh(&sink->lock);
	sink->cfg = *cfg;
	if (sink->qlen >= sink->cfg.qthreshold)
		batch_send(sink);
	spin_unlock_bh(&sink->lock);
}

/**
 * lmisf_sink_bind - make a socket the namespace's sink
 * @ln: the namespace, mutex held
 * @portid: the socket
 * @cfg: its settings
 *
 * Binding again from the bound socket only applies the settings (the
 * sequence continues).
 * Return: 0, -EBUSY if another socket is bound, -ENOMEM.
 */
int lmisf_sink_bind(struct lmisf_net *ln, u32 portid,
		    const struct lmisf_sink_cfg *cfg)
{
	const struct lmisf_selector *sel;
	struct lmisf_sink *sink, *cur;
	int err = 0;

	sink = kzalloc(sizeof(*sink), GFP_KERNEL);
	if (!sink)
		return -ENOMEM;
	sink->ids = kvcalloc(LMISF_IDS_MAX, sizeof(u32), GFP_KERNEL);
	if (!sink->ids) {
		kfree(sink);
		return -ENOMEM;
	}
	sink->ln = ln;
	sink->portid = portid;
	sink->cfg = *cfg;
	spin_lock_init(&sink->lock);
	timer_setup(&sink->timer, sink_timer, 0);
	/* a bound sink makes the selector match */
	sel = rcu_dereference_protected(ln->selector,
					lockdep_is_held(&ln->lock));
	if (!lmisf_selector_empty(sel)) {
		err = lmisf_hooks_arm(ln);
		if (err) {
			kvfree(sink->ids);
			kfree(sink);
			return err;
		}
	}

	spin_lock_bh(&ln->sink_lock);
	cur = sink_locked(ln);
	if (!cur)
		rcu_assign_pointer(ln->sink, sink);
	else if (cur->portid == portid)
		sink_apply(cur, cfg);
	else
		err = -EBUSY;
	spin_unlock_bh(&ln->sink_lock);
	if (cur) {
		kvfree(sink->ids);
		kfree(sink);
		return err;
	}
	lmisf_update_active(ln);
	return 0;
}

/* Explicit unbind: pending copies are delivered first. */
int lmisf_sink_unbind(struct lmisf_net *ln, u32 portid)
{
	struct lmisf_sink *sink;

	spin_lock_bh(&ln->sink_lock);
	sink = sink_unpublish(ln, portid);
	spin_unlock_bh(&ln->sink_lock);
	if (!sink)
		return -EPERM;
	lmisf_update_active(ln);
	sink_destroy(sink, true);
	return 0;
}

bool lmisf_sink_is(struct lmisf_net *ln, u32 portid)
{
	struct lmisf_sink *sink;
	bool ret;

	rcu_read_lock();
	sink = rcu_dereference(ln->sink);
	ret = sink && sink->portid == portid;
	rcu_read_unlock();
	return ret;
}

/* The settings of the sink bound to portid; mutex held. */
int lmisf_sink_get_cfg(struct lmisf_net *ln, u32 portid,
		       struct lmisf_sink_cfg *cfg)
{
	u64 seq;
	u32 p;
	int err;

	err = lmisf_sink_state(ln, &p, cfg, &seq);
	if (err || p != portid)
		return -EPERM;
	return 0;
}

int lmisf_sink_set(struct lmisf_net *ln, u32 portid,
		   const struct lmisf_sink_cfg *cfg)
{
	struct lmisf_sink *sink;
	int err = -EPERM;

	rcu_read_lock();
	sink = rcu_dereference(ln->sink);
	if (sink && sink->portid == portid) {
		sink_apply(sink, cfg);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}

int lmisf_sink_state(struct lmisf_net *ln, u32 *portid,
		     struct lmisf_sink_cfg *cfg, u64 *next_seq)
{
	struct lmisf_sink *sink;
	int err = -ENOENT;

	rcu_read_lock();
	sink = rcu_dereference(ln->sink);
	if (sink) {
		spin_lock_bh(&sink->lock);
		*portid = sink->portid;
		*cfg = sink->cfg;
		*next_seq = sink->seq + 1;
		spin_unlock_bh(&sink->lock);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}

bool lmisf_sink_wants_ntf(struct lmisf_net *ln)
{
	return rcu_access_pointer(ln->sink);
}

/* Unicasts a task or flow notification to the sink; consumes skb. */
void lmisf_sink_ntf(struct lmisf_net *ln, struct sk_buff *skb)
{
	struct lmisf_sink *sink;
	u32 portid = 0;

	rcu_read_lock();
	sink = rcu_dereference(ln->sink);
	if (sink)
		portid = sink->portid;
	rcu_read_unlock();
	if (!portid) {
		kfree_skb(skb);
		return;
	}
	if (genlmsg_unicast(ln->net, skb, portid))
		lmisf_stats_inc(ln, LMISF_STATS_A_NTF_DROPS);
}

void lmisf_sink_gc(struct work_struct *work)
{
	struct lmisf_net *ln = container_of(work, struct lmisf_net, sink_gc);
	struct lmisf_sink *sink, *tmp;
	LIST_HEAD(dead);

	spin_lock_bh(&ln->sink_lock);
	list_splice_init(&ln->dead_sinks, &dead);
	spin_unlock_bh(&ln->sink_lock);
	list_for_each_entry_safe(sink, tmp, &dead, gc_node)
		sink_destroy(sink, false);
}

/* Namespace exit: the family is gone, nothing binds any more. */
void lmisf_sink_exit(struct lmisf_net *ln)
{
	struct lmisf_sink *sink;

	flush_work(&ln->sink_gc);
	lmisf_sink_gc(&ln->sink_gc);
	spin_lock_bh(&ln->sink_lock);
	sink = sink_locked(ln);
	RCU_INIT_POINTER(ln->sink, NULL);
	spin_unlock_bh(&ln->sink_lock);
	if (sink)
		sink_destroy(sink, false);
}

/**
 * lmisf_sink_closed - the socket at portid is gone
 * @ln: its namespace
 * @portid: its port ID
 *
 * Ends the binding if that socket is the sink; its pending copies are
 * lost. Atomic context allowed (the compat path calls it from a notifier):
 * the sink is unpublished here and torn down from a work item.
 */
void lmisf_sink_closed(struct lmisf_net *ln, u32 portid)
{
	struct sk_buff *skb = NULL;
	struct lmisf_sink *sink;

	spin_lock_bh(&ln->sink_lock);
	sink = sink_unpublish(ln, portid);
	if (sink) {
		/* counted now: the stats are exact once close() returns */
		spin_lock(&sink->lock);
		skb = sink_kill(sink);
		spin_unlock(&sink->lock);
		list_add_tail(&sink->gc_node, &ln->dead_sinks);
		schedule_work(&ln->sink_gc);
	}
	spin_unlock_bh(&ln->sink_lock);
	kfree_skb(skb);
	if (sink)
		lmisf_update_active(ln);
}
