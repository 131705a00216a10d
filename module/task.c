// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks (X1 ActivateTask, ModifyTask, DeactivateTask): an xarray by ID for
 * dumps that resume from an ID, and an rhashtable by XID. All changes run
 * under the namespace's mutex; the datapath reads tasks under RCU.
 */

#include <linux/slab.h>
#include <linux/ktime.h>
#include "flow.h"
#include "netlink.h"
#include "target.h"
#include "task.h"

static const struct rhashtable_params lmisf_xid_params = {
	.head_offset = offsetof(struct lmisf_task, xid_node),
	.key_offset = offsetof(struct lmisf_task, xid),
	.key_len = LMISF_XID_LEN,
	.automatic_shrinking = true,
};

int lmisf_tasks_init(struct lmisf_tasks *t)
{
	memset(t, 0, sizeof(*t));
	xa_init_flags(&t->ids, XA_FLAGS_ALLOC1);
	t->gen = 1;	/* 0 would disable the dump consistency check */
	return rhashtable_init(&t->xids, &lmisf_xid_params);
}

void lmisf_tasks_destroy(struct lmisf_tasks *t)
{
	WARN_ON(t->count);
	rhashtable_destroy(&t->xids);
	xa_destroy(&t->ids);
}

struct lmisf_task *lmisf_task_lookup(struct lmisf_net *ln, const u8 *xid)
{
	return rhashtable_lookup_fast(&ln->tasks.xids, xid, lmisf_xid_params);
}

static void task_free_rcu(struct rcu_head *head)
{
	struct lmisf_task *task = container_of(head, struct lmisf_task, rcu);

	kvfree(rcu_dereference_raw(task->cfg));
	kvfree(task->tset);
	kfree(task);
}

static void tset_own(struct lmisf_tset *ts, struct lmisf_task *task)
{
	unsigned int i;

	for (i = 0; i < ts->n; i++)
		ts->e[i].task = task;
}

/**
 * lmisf_task_create - add a task
 * @ln: the namespace, mutex held
 * @xid: the task's XID, not yet in use
 * @cfg: its settings, consumed (freed on error)
 * @ts: its kernel-matched targets, consumed (freed on error)
 * @taskp: the new task
 *
 * Return: 0, -EEXIST, -ENOSPC at the task limit, -ENOMEM.
 */
int lmisf_task_create(struct lmisf_net *ln, const u8 *xid,
		      struct lmisf_task_cfg *cfg, struct lmisf_tset *ts,
		      struct lmisf_task **taskp)
{
	struct lmisf_tasks *t = &ln->tasks;
	struct lmisf_task *task;
	int err;

	if (lmisf_task_lookup(ln, xid)) {
		err = -EEXIST;
		goto err_cfg;
	}
	if (t->count >= lmisf_max_tasks) {
		err = -ENOSPC;
		goto err_cfg;
	}
	task = kzalloc(sizeof(*task), GFP_KERNEL);
	if (!task) {
		err = -ENOMEM;
		goto err_cfg;
	}
	memcpy(task->xid, xid, LMISF_XID_LEN);
	INIT_LIST_HEAD(&task->flows);
	task->created = ktime_get_real_ns();
	task->modified = task->created;
	/* complete before any target is published: the datapath reads cfg */
	RCU_INIT_POINTER(task->cfg, cfg);
	task->tset = ts;
	tset_own(ts, task);

	err = xa_alloc_cyclic(&t->ids, &task->id, task, xa_limit_32b,
			      &t->next_id, GFP_KERNEL);
	if (err < 0) {
		err = err == -EBUSY ? -ENOSPC : err;
		goto err_free;
	}
	err = rhashtable_insert_fast(&t->xids, &task->xid_node,
				     lmisf_xid_params);
	if (err)
		goto err_id;
	err = ts->n ? lmisf_hooks_arm(ln) : 0;
	if (err)
		goto err_xid;
	err = lmisf_targets_insert(&ln->targets, ts);
	if (err)
		goto err_xid;
	t->count++;
	t->gen++;
	lmisf_update_active(ln);
	*taskp = task;
	return 0;

err_xid:
	rhashtable_remove_fast(&t->xids, &task->xid_node, lmisf_xid_params);
err_id:
	xa_erase(&t->ids, task->id);
err_free:
	/* a packet may have matched a target inserted before the failure */
	call_rcu(&task->rcu, task_free_rcu);
	return err;

err_cfg:
	kvfree(cfg);
	kvfree(ts);
	return err;
}

/*
 * X1 ModifyTask: everything but the identity, counters and flows is
 * replaced. Consumes cfg and ts.
 */
int lmisf_task_replace(struct lmisf_net *ln, struct lmisf_task *task,
		       struct lmisf_task_cfg *cfg, struct lmisf_tset *ts)
{
	struct lmisf_task_cfg *old;
	int err;

	tset_own(ts, task);
	err = ts->n ? lmisf_hooks_arm(ln) : 0;
	/* new targets first: a packet sees the old set, the new, or both */
	if (!err)
		err = lmisf_targets_insert(&ln->targets, ts);
	if (err) {
		kvfree(cfg);
		kvfree_rcu(ts, rcu);
		return err;
	}
	lmisf_targets_remove(&ln->targets, task->tset);
	kvfree_rcu(task->tset, rcu);
	task->tset = ts;
	old = rcu_replace_pointer(task->cfg, cfg,
				  lockdep_is_held(&ln->lock));
	kvfree_rcu(old, rcu);
	task->modified = ktime_get_real_ns();
	task->modifications++;
	ln->tasks.gen++;
	lmisf_update_active(ln);
	return 0;
}

void lmisf_task_delete(struct lmisf_net *ln, struct lmisf_task *task,
		       u32 reason)
{
	struct lmisf_flow *flow, *tmp;

	list_for_each_entry_safe(flow, tmp, &task->flows, task_node) {
		lmisf_ntf_flow(ln, flow, LMISF_EVENT_DELETED,
			       LMISF_REASON_TASK_DELETED);
		lmisf_flow_remove(ln, flow);
	}
	lmisf_targets_remove(&ln->targets, task->tset);
	rhashtable_remove_fast(&ln->tasks.xids, &task->xid_node,
			       lmisf_xid_params);
	xa_erase(&ln->tasks.ids, task->id);
	ln->tasks.count--;
	ln->tasks.gen++;
	lmisf_update_active(ln);
	lmisf_ntf_task(ln, task, LMISF_EVENT_DELETED, reason);
	call_rcu(&task->rcu, task_free_rcu);
}

void lmisf_tasks_flush(struct lmisf_net *ln, u32 reason)
{
	struct lmisf_task *task;
	unsigned long id;

	xa_for_each(&ln->tasks.ids, id, task) {
		lmisf_task_delete(ln, task, reason);
		cond_resched();
	}
}
