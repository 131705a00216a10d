// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace state: created with the namespace (or at module load for
 * existing ones), torn down with it (or at unload).
 */

#include "flow.h"
#include "selector.h"
#include "sink.h"
#include "target.h"
#include "task.h"

unsigned int lmisf_net_id __read_mostly;

/*
 * Something to match: a kernel-matched target, a flow, or a bound sink
 * with a non-empty selector. Recomputed under sink_lock after any of these
 * changes, so the last writer always sees the latest inputs. Whoever adds
 * one armed the hooks first (lmisf_hooks_arm()); when nothing is left, the
 * hooks are unregistered from a work item (this may run in atomic context).
 */
void lmisf_update_active(struct lmisf_net *ln)
{
	const struct lmisf_selector *sel;
	bool active;

	spin_lock_bh(&ln->sink_lock);
	rcu_read_lock();
	sel = rcu_dereference(ln->selector);
	active = READ_ONCE(ln->targets.count) || READ_ONCE(ln->flows.count) ||
		 (rcu_access_pointer(ln->sink) && !lmisf_selector_empty(sel));
	rcu_read_unlock();
	WRITE_ONCE(ln->active, active);
	spin_unlock_bh(&ln->sink_lock);
	if (!active && READ_ONCE(ln->armed))
		schedule_work(&ln->disarm);
}

static int __net_init lmisf_net_init(struct net *net)
{
	struct lmisf_net *ln = lmisf_pernet(net);
	struct lmisf_selector *sel;
	int err;

	ln->net = net;
	mutex_init(&ln->lock);
	spin_lock_init(&ln->sink_lock);
	INIT_LIST_HEAD(&ln->dead_sinks);
	INIT_WORK(&ln->sink_gc, lmisf_sink_gc);
	ln->gtpu_port = htons(LMISF_GTPU_PORT_DEFAULT);

	err = lmisf_stats_init(ln);
	if (err)
		return err;
	sel = lmisf_selector_default();
	if (!sel) {
		err = -ENOMEM;
		goto err_stats;
	}
	RCU_INIT_POINTER(ln->selector, sel);
	err = lmisf_targets_init(&ln->targets);
	if (err)
		goto err_sel;
	err = lmisf_tasks_init(&ln->tasks);
	if (err)
		goto err_targets;
	err = lmisf_flows_init(&ln->flows);
	if (err)
		goto err_tasks;
	err = lmisf_hooks_init(ln);
	if (err)
		goto err_flows;
	return 0;

err_flows:
	lmisf_flows_destroy(&ln->flows);
err_tasks:
	lmisf_tasks_destroy(&ln->tasks);
err_targets:
	lmisf_targets_destroy(&ln->targets);
err_sel:
	kvfree(sel);
err_stats:
	lmisf_stats_free(ln);
	return err;
}

static void __net_exit lmisf_net_exit(struct net *net)
{
	struct lmisf_net *ln = lmisf_pernet(net);

	/* after this, no packet is in or enters the hooks */
	lmisf_hooks_exit(ln);
	lmisf_sink_exit(ln);

	mutex_lock(&ln->lock);
	lmisf_tasks_flush(ln, LMISF_REASON_FLUSH);
	mutex_unlock(&ln->lock);
	/* the tables are empty; their entries are freed by RCU callbacks */
	lmisf_flows_destroy(&ln->flows);
	lmisf_tasks_destroy(&ln->tasks);
	lmisf_targets_destroy(&ln->targets);
	kvfree(rcu_dereference_protected(ln->selector, true));
	lmisf_stats_free(ln);
}

static struct pernet_operations lmisf_net_ops = {
	.init = lmisf_net_init,
	.exit = lmisf_net_exit,
	.id = &lmisf_net_id,
	.size = sizeof(struct lmisf_net),
};

int lmisf_pernet_register(void)
{
	return register_pernet_subsys(&lmisf_net_ops);
}

void lmisf_pernet_unregister(void)
{
	/* RCU callbacks free tasks, flows, sinks and selectors */
	unregister_pernet_subsys(&lmisf_net_ops);
	rcu_barrier();
}
