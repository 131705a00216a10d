// SPDX-License-Identifier: GPL-2.0
/*
 * Which tasks intercept a registration or a session: the identities its
 * messages name against the tasks' targets (match.h), and the tasks the
 * kernel matched a copy for (IP and TEID targets).
 */
#include <stdlib.h>
#include <string.h>

#include "ims_int.h"

/*
 * The correlation ID of a session: the task's configured one when set,
 * else one derived from the Call-ID (registrations: the IMPU), so every
 * xIRI and xCC of the session carry the same value even across an agent
 * restart. Never 0 (0 reads as "none" to most receivers).
 */
static uint64_t correlation(const struct task *t, const char *key)
{
	uint64_t h;

	if (t->has_correlation)
		return t->correlation_id;
	h = hash_bytes(key, strlen(key), 0x4c4d495346ull);
	return h ? h : 1;
}

struct icpt *ims_icpt_add(struct icpt_set *set, const struct task *t,
			  const char *key, enum icpt_role role,
			  unsigned int target)
{
	struct icpt *ic;

	if (set->n >= ICPT_MAX)
		return NULL;
	ic = &set->v[set->n++];
	memset(ic, 0, sizeof(*ic));
	memcpy(ic->xid, t->xid, LMISF_XID_LEN);
	ic->correlation_id = correlation(t, key);
	ic->role = role;
	ic->target = target;
	if (target < t->n_targets)
		match_target_text(&t->targets[target], ic->matched,
				  sizeof(ic->matched));
	return ic;
}

/* Tasks the kernel matched this packet for (IP and TEID targets). */
void ims_kernel_matches(struct ims *ims, struct icpt_set *set,
			const struct pl_sip *s, const char *key)
{
	unsigned int i;

	if (!s->origin)
		return;
	for (i = 0; i < s->origin->n_matches; i++) {
		const struct pl_match *pm = &s->origin->matches[i];
		const struct task *t;
		enum icpt_role role;
		int ti;

		if (pm->kind != LMISF_COPY_TARGET || icpt_find(set, pm->xid))
			continue;
		t = task_of(ims, pm->xid);
		if (!t) {
			ims->st.unmatched_tasks++;
			continue;
		}
		role = ICPT_BY_ADDR;
		ti = match_ip_target(t, &s->src);
		if (ti < 0)
			ti = match_ip_target(t, &s->dst);
		if (ti < 0) {
			/* A TEID target: the tunnel says nothing of which
			 * end is the UE's. */
			role = ICPT_UNKNOWN;
			for (ti = 0; ti < (int)t->n_targets; ti++)
				if (t->targets[ti].type ==
				    LMISF_TARGET_GTPU_TEID)
					break;
		}
		if (!ims_icpt_add(set, t, key, role, (unsigned int)ti))
			ims->st.icpt_full++;
	}
}

struct match_walk {
	struct ims *ims;
	const struct match_ids *ids;
	const struct match_sub *self;
	struct icpt_set *set;
	const char *key;
	unsigned int added;
};

static const struct match_sub *lookup_sub(void *arg, const char *key)
{
	struct registration *r = reg_lookup(arg, key);

	return r ? &r->sub : NULL;
}

static int match_one(void *arg, const struct task *t)
{
	struct match_walk *w = arg;
	struct match_hit hit;

	if (icpt_find(w->set, t->xid))
		return 0;
	if (!match_ids_task(t, w->ids, w->self, lookup_sub, w->ims->regs, &hit))
		return 0;
	if (ims_icpt_add(w->set, t, w->key,
			 hit.from_target ? ICPT_CALLER : ICPT_CALLEE,
			 hit.target))
		w->added++;
	else
		w->ims->st.icpt_full++;
	return 0;
}

unsigned int ims_match_tasks(struct ims *ims, struct icpt_set *set,
			     const struct match_ids *ids,
			     const struct match_sub *self, const char *key)
{
	struct match_walk w = { ims, ids, self, set, key, 0 };
	const struct tasks *ts = ims->svc->tasks(ims->svc->ctx);

	if (ts)
		tasks_foreach(ts, match_one, &w);
	return w.added;
}

/* Identities of a registration as its REGISTER and 2xx showed them. */
void ims_reg_ids(struct match_ids *ids, const struct registration *r)
{
	unsigned int i;

	memset(ids, 0, offsetof(struct match_ids, buf));
	ids->is_register = true;
	for (i = 0; i < r->nkeys; i++)
		match_add_key(ids, i ? MSRC_ASSOCIATED : MSRC_TO,
			      reg_key_at(r, i));
}

/* Does the task (still) select this call? Adds nothing. */
bool ims_call_selected(struct ims *ims, const struct task *t,
		       const struct call *c, enum icpt_role *role,
		       unsigned int *target)
{
	struct match_hit hit;
	int ti;

	if (c->ids &&
	    match_ids_task(t, c->ids, NULL, lookup_sub, ims->regs, &hit)) {
		*role = hit.from_target ? ICPT_CALLER : ICPT_CALLEE;
		*target = hit.target;
		return true;
	}
	ti = match_ip_target(t, &c->sig_src);
	if (ti < 0)
		ti = match_ip_target(t, &c->sig_dst);
	if (ti >= 0) {
		*role = ICPT_BY_ADDR;
		*target = (unsigned int)ti;
		return true;
	}
	return false;
}
