// SPDX-License-Identifier: GPL-2.0
/*
 * ICF expiry: the associations whose deadline has passed (previous ones
 * at the cache time limit, active ones at the maximum active lifetime)
 * are deleted as the expiry wheel hands their ids out.
 *
 * Deleting an association reads it, its SUPI record, that SUPI's newest
 * association (where unlinking starts), its value set, and its 5G-S-TMSI
 * and SUCI index slots, all at random places: about 450 ns each on this
 * guest when they come one after the other, about 40 ns when they
 * overlap (Documentation/performance-icf.rst). So due ids are taken in
 * groups and each group goes through stages, as a batch of records does
 * (icf_prefetch()): every stage prefetches one hop for the whole group
 * before the next stage reads it. The keys are hashed once, in stage 2,
 * and the deletion removes the index entries under those hashes.
 */
#include "icf_attrs.h"
#include "icf_int.h"

#define EXPIRE_GROUP 16

/* A due id and what the stages learnt about it. */
struct expiring {
	uint32_t id;
	bool due; /* live and due at stage 2 */
	bool supi_h_set; /* stage 3 found it its SUPI's only association */
	uint32_t stmsi_h, suci_h, supi_h;
};

struct expire_group {
	struct expiring e[EXPIRE_GROUP];
	uint32_t n;
};

static void release(struct icf *c, uint32_t id, struct icf_assoc *a)
{
	if (assoc_end(a) == ICF_OPEN)
		c->st.active--;
	icf_attrs_put(c, a->attrs);
	icf_suci_drop(c, a);
	a->sub = 0;
	icf_slab_release(&c->recs, &c->assocs, id);
	c->st.associations--;
}

/*
 * Deletes @e's association, unindexed under the hashes stage 2 made; its
 * SUPI goes when its last association does.
 */
static void assoc_delete(struct icf *c, const struct expiring *e)
{
	struct icf_assoc *a = assoc_at(c, e->id);
	uint32_t sid = a->sub, *link;
	struct icf_sub *sub = sub_at(c, sid);

	for (link = &sub->newest; *link != e->id;)
		link = &assoc_at(c, *link)->older;
	*link = a->older;
	icf_index_remove(&c->by_stmsi, e->stmsi_h, e->id);
	if (a->suci_len)
		icf_index_remove(&c->by_suci, e->suci_h, e->id);
	release(c, e->id, a);
	if (!sub->newest)
		icf_sub_destroy(c, sid,
				e->supi_h_set ? e->supi_h :
						icf_sub_hash(c, sub));
}

/* Stage 2: whether @e is due; if so, its keys hashed, what it names. */
static void stage_keys(const struct icf *c, struct expiring *e, lm_ms_t now)
{
	const struct icf_assoc *a;
	const uint8_t *u;
	uint16_t l;

	e->due = false;
	e->supi_h_set = false;
	if (!assoc_id_valid(c, e->id))
		return; /* stale: deleted */
	a = assoc_at(c, e->id);
	if (icf_deadline(c, a) > now)
		return; /* stale: the deadline moved */
	e->due = true;
	e->stmsi_h = icf_stmsi_hash(c, a->guti + 4);
	__builtin_prefetch(&c->by_stmsi.slots[e->stmsi_h & c->by_stmsi.mask],
			   1);
	u = assoc_suci(c, a, &l);
	if (u) {
		e->suci_h = icf_suci_hash(c, u, l);
		__builtin_prefetch(
			&c->by_suci.slots[e->suci_h & c->by_suci.mask], 1);
	}
	__builtin_prefetch(sub_at(c, a->sub), 1);
	if (a->attrs)
		__builtin_prefetch(icf_attrs_addr(c, a->attrs), 1);
}

/*
 * Stage 3: where unlinking starts (the SUPI's newest association), or,
 * for the SUPI's only association, the SUPI's index slot.
 */
static void stage_supi(const struct icf *c, struct expiring *e)
{
	const struct icf_assoc *a = assoc_at(c, e->id);
	const struct icf_sub *sub = sub_at(c, a->sub);

	if (sub->newest != e->id) {
		__builtin_prefetch(assoc_at(c, sub->newest), 1);
	} else if (!a->older) {
		e->supi_h = icf_sub_hash(c, sub);
		e->supi_h_set = true;
		__builtin_prefetch(
			&c->by_supi.slots[e->supi_h & c->by_supi.mask], 1);
	}
}

/*
 * Deletes what of the group is due, in the wheel's order. Only deletions
 * happen between the stages, and they change neither a live association's
 * deadline nor its keys, so stage 2's decision and hashes still hold at
 * stage 4; an id seen twice is gone by its second turn.
 */
static void expire_group(struct icf *c, struct expire_group *g, lm_ms_t now)
{
	uint32_t i;

	for (i = 0; i < g->n; i++)
		if (g->e[i].id < c->assocs.used)
			__builtin_prefetch(assoc_at(c, g->e[i].id));
	for (i = 0; i < g->n; i++)
		stage_keys(c, &g->e[i], now);
	for (i = 0; i < g->n; i++)
		if (g->e[i].due)
			stage_supi(c, &g->e[i]);
	for (i = 0; i < g->n; i++) {
		struct expiring *e = &g->e[i];

		if (!e->due || !assoc_id_valid(c, e->id))
			continue;
		if (assoc_end(assoc_at(c, e->id)) == ICF_OPEN)
			c->st.expired_lifetime++;
		else
			c->st.expired_cache++;
		assoc_delete(c, e);
	}
	g->n = 0;
}

void icf_expire_at(struct icf *c, lm_ms_t now)
{
	const struct icf_wheel_block *k;
	struct icf_bucket *b, f;
	struct expire_group g;

	g.n = 0;
	while ((b = icf_wheel_next_due(&c->wheel, now))) {
		for (k = icf_wheel_block(&c->wheel, b->head); k;
		     k = icf_wheel_block(&c->wheel, k->next)) {
			for (uint32_t i = 0; i < k->n; i++) {
				g.e[g.n++].id = k->ids[i];
				if (g.n == EXPIRE_GROUP)
					expire_group(c, &g, now);
			}
		}
		/* The group holds copies: the blocks can go back. */
		icf_wheel_done(&c->wheel, b);
	}
	if (g.n)
		expire_group(c, &g, now);
	if (icf_wheel_far_due(&c->wheel)) {
		f = icf_wheel_take_far(&c->wheel);
		/* Re-adding takes new blocks: the taken ones stay put. */
		for (k = icf_wheel_block(&c->wheel, f.head); k;
		     k = icf_wheel_block(&c->wheel, k->next))
			for (uint32_t i = 0; i < k->n; i++)
				if (assoc_id_valid(c, k->ids[i]))
					icf_schedule(c, k->ids[i],
						     assoc_at(c, k->ids[i]));
		icf_wheel_done(&c->wheel, &f);
	}
}

void icf_expire(struct icf *c)
{
	icf_expire_at(c, lm_clock_now(c->clk));
}
