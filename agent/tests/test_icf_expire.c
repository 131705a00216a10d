// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_expire.c - expiry deletes in staged groups (icf_expire.c): the
 * keys of a due association are hashed once, before the group's deletions,
 * and its index entries are removed under those hashes. Here every index
 * slot is checked against its record after expiry: each names a live
 * record whose key hashes to the slot's hash, and each index holds exactly
 * one entry per live record. A hash kept for the wrong id, or one that no
 * longer matches, leaves an entry behind and fails these checks (a query
 * would not show it: it drops what it cannot match). And a batch applied
 * where expiry has freed slots, whose stages preload the slots the new
 * records will take (icf_slab_preload()), takes the decisions one record
 * at a time takes and reuses the same slots.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kselftest_harness.h"

#include "icf_fixture.h"
#include "icf_int.h"
#include "icf_lixer.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

static bool stmsi_slot_ok(const struct icf *c, const struct icf_slot *s)
{
	return assoc_id_valid(c, s->id) &&
	       icf_stmsi_hash(c, assoc_at(c, s->id)->guti + 4) == s->h;
}

static bool suci_slot_ok(const struct icf *c, const struct icf_slot *s)
{
	const uint8_t *u;
	uint16_t l;

	if (!assoc_id_valid(c, s->id))
		return false;
	u = assoc_suci(c, assoc_at(c, s->id), &l);
	return u && icf_suci_hash(c, u, l) == s->h;
}

static bool supi_slot_ok(const struct icf *c, const struct icf_slot *s)
{
	return s->id < c->subs.used && sub_at(c, s->id)->type &&
	       icf_sub_hash(c, sub_at(c, s->id)) == s->h;
}

/* Entries of @x, or -1 if one does not name a live record under its hash. */
static long entries(const struct icf *c, const struct icf_index *x,
		    bool (*ok)(const struct icf *c, const struct icf_slot *s))
{
	long n = 0;

	for (uint64_t i = 0; i <= x->mask; i++) {
		if (!x->slots[i].id)
			continue;
		if (!ok(c, &x->slots[i]))
			return -1;
		n++;
	}
	return n;
}

/* Every index entry right, one per live record. */
static void check_indexes(struct __test_metadata *_metadata,
			  const struct icf *c)
{
	struct icf_stats st;

	icf_get_stats(c, &st);
	EXPECT_EQ((long)st.associations,
		  entries(c, &c->by_stmsi, stmsi_slot_ok));
	EXPECT_EQ((long)st.suci_stored, entries(c, &c->by_suci, suci_slot_ok));
	EXPECT_EQ((long)st.subscribers, entries(c, &c->by_supi, supi_slot_ok));
}

FIXTURE(exp)
{
	struct lm_clock clk;
	struct icf *c;
	struct icf_assoc_event a;
	struct icf_deassoc_event d;
};

FIXTURE_SETUP(exp)
{
	lm_clock_manual_init(&self->clk, T0);
	self->c = icf_new(&test_cfg, &self->clk);
	ASSERT_NE(NULL, self->c);
}

FIXTURE_TEARDOWN(exp)
{
	icf_free(self->c);
}

enum { NSUPI = 300 };

static void supi_of(char *buf, size_t n, int i)
{
	snprintf(buf, n, "23415%010d", i);
}

/*
 * Mixed shapes, all closed within one second so that far more than a
 * group's worth fall due at once: a SUPI whose only association is
 * deassociated (its SUPI goes with it), one reallocated once (the older
 * one goes), one reallocated twice (two go in one group, the older first:
 * the SUPI is unlinked twice and goes at the second), one with a late
 * record that ends an association earlier (two wheel entries for it: the
 * second is stale), NAI SUPIs, short (inline) and long (blob) SUCIs.
 */
static void load(struct __test_metadata *_metadata, struct icf *c,
		 struct lm_clock *clk, struct icf_assoc_event *a,
		 struct icf_deassoc_event *d)
{
	static uint8_t suci[40];
	char supi[32];

	for (int i = 0; i < NSUPI; i++) {
		uint32_t tm = 0x1000u + 8u * (uint32_t)i;
		lm_ms_t t = T0 + i;

		supi_of(supi, sizeof(supi), i);
		lm_clock_manual_set(clk, t);
		mk_assoc(a, supi, tm, t);
		if (i % 7 == 3) {
			a->supi.type = ICF_SUPI_NAI;
			snprintf(supi, sizeof(supi), "u%d@example.com", i);
			a->supi.len = (uint16_t)strlen(supi);
		}
		memset(suci, i, sizeof(suci));
		suci[0] = 0x01;
		if (i % 3) {
			a->suci = suci;
			a->suci_len = i % 3 == 1 ? 13 : sizeof(suci);
		}
		ASSERT_EQ(ICF_STORED, icf_associate(c, a));
		switch (i % 4) {
		case 0: /* deassociated: nothing left of the SUPI */
			mk_deassoc(d, supi, tm, t + 1);
			d->supi = a->supi;
			ASSERT_EQ(ICF_CLOSED, icf_deassociate(c, d));
			break;
		case 2: /* reallocated twice */
			mk_assoc(a, supi, tm + 1, t + 1);
			if (i % 7 == 3)
				a->supi.type = ICF_SUPI_NAI,
				a->supi.len = (uint16_t)strlen(supi);
			ASSERT_EQ(ICF_STORED, icf_associate(c, a));
			/* fall through */
		case 1:
			mk_assoc(a, supi, tm + 2, t + 2);
			if (i % 7 == 3)
				a->supi.type = ICF_SUPI_NAI,
				a->supi.len = (uint16_t)strlen(supi);
			ASSERT_EQ(ICF_STORED, icf_associate(c, a));
			if (i % 8 == 1) {
				/* Late: ends the first one earlier. */
				mk_assoc(a, supi, tm + 3, t);
				if (i % 7 == 3)
					a->supi.type = ICF_SUPI_NAI,
					a->supi.len = (uint16_t)strlen(supi);
				a->timestamp = t + 1;
				ASSERT_EQ(ICF_STORED_HISTORY,
					  icf_associate(c, a));
			}
			break;
		}
	}
}

/* SUPIs of load() whose SUCI-bearing first association stays active. */
static int suci_active(void)
{
	int n = 0;

	for (int i = 0; i < NSUPI; i++)
		n += i % 4 == 3 && i % 3;
	return n;
}

TEST_F(exp, staged_deletion_unindexes_what_it_deletes)
{
	struct icf_stats st0, st;

	load(_metadata, self->c, &self->clk, &self->a, &self->d);
	check_indexes(_metadata, self->c);
	icf_get_stats(self->c, &st0);
	/* Every closed association is due by then; the active ones stay. */
	lm_clock_manual_set(&self->clk, T0 + NSUPI + 10 + HOUR + 2 * SEC);
	icf_expire(self->c);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(st0.active, st.associations);
	EXPECT_EQ(st0.associations - st0.active, st.expired_cache);
	EXPECT_EQ(NSUPI - (NSUPI + 3) / 4, (int)st.subscribers);
	/* A SUCI came with each first association: only active ones keep it. */
	EXPECT_EQ(suci_active(), (int)st.suci_stored);
	check_indexes(_metadata, self->c);
	/* The active ones at their maximum lifetime: nothing left. */
	lm_clock_manual_set(&self->clk, T0 + NSUPI + 10 + 2 * DAY + 2 * SEC);
	icf_expire(self->c);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(0, st.associations);
	EXPECT_EQ(0, st.subscribers);
	EXPECT_EQ(st0.active, st.expired_lifetime);
	check_indexes(_metadata, self->c);
}

/* Expiring a little at a time leaves the same cache as all at once. */
TEST_F(exp, step_by_step_as_all_at_once)
{
	struct lm_clock clk2;
	struct icf *c2;
	struct icf_stats st, st2;

	lm_clock_manual_init(&clk2, T0);
	c2 = icf_new(&test_cfg, &clk2);
	ASSERT_NE(NULL, c2);
	load(_metadata, self->c, &self->clk, &self->a, &self->d);
	load(_metadata, c2, &clk2, &self->a, &self->d);
	for (lm_ms_t t = T0 + HOUR; t < T0 + HOUR + NSUPI + 10 * SEC; t += 37) {
		lm_clock_manual_set(&self->clk, t);
		icf_expire(self->c);
		check_indexes(_metadata, self->c);
	}
	lm_clock_manual_set(&clk2, T0 + HOUR + NSUPI + 10 * SEC);
	icf_expire(c2);
	icf_get_stats(self->c, &st);
	icf_get_stats(c2, &st2);
	EXPECT_EQ(st2.associations, st.associations);
	EXPECT_EQ(st2.subscribers, st.subscribers);
	EXPECT_EQ(st2.expired_cache, st.expired_cache);
	EXPECT_EQ(st2.attr_sets, st.attr_sets);
	check_indexes(_metadata, c2);
	icf_free(c2);
}

/* A reallocation of load()'s SUPI @i with a new TAI list (a new value set). */
static void realloc_msg(struct lixer_msg *m, char supi[32], uint8_t tl[18],
			int i, lm_ms_t t)
{
	memset(m, 0, sizeof(*m));
	supi_of(supi, 32, i);
	m->kind = LIXER_ASSOCIATION;
	m->assoc.supi.kind = LIXER_SUPI_IMSI;
	m->assoc.supi.v.ptr = (const uint8_t *)supi;
	m->assoc.supi.v.len = 15;
	mk_guti(m->assoc.guti, plmn_a, 1, 5, 3, 0x9000u + (uint32_t)i);
	m->assoc.timestamp_ns = (int64_t)t * 1000000;
	mk_tai(m->assoc.tai, plmn_a, 0x200 + (uint32_t)i);
	memcpy(m->assoc.ncgi.plmn, plmn_a, 3);
	m->assoc.ncgi.nci = (uint64_t)i;
	for (int k = 0; k < 3; k++)
		mk_tai(tl + 6 * k, plmn_a, 0x200 + (uint32_t)(i + k));
	m->assoc.has_tai_list = true;
	m->assoc.n_tais = 3;
	memcpy(m->assoc.tai_list, tl, 18);
}

static int dump(void *arg, const struct icf_view *v)
{
	FILE *f = arg;

	fprintf(f, "%u %.*s %02x%02x %lld %lld %u\n", v->id, (int)v->supi.len,
		v->supi.val, v->guti[8], v->guti[9], (long long)v->start,
		(long long)v->end, v->n_tai_list);
	return 0;
}

TEST_F(exp, batch_into_freed_slots_as_one_by_one)
{
	static struct lixer_msg m[NSUPI];
	static char supis[NSUPI][32];
	static uint8_t tls[NSUPI][18];
	enum icf_ingest_result one[NSUPI], batch[NSUPI];
	struct lm_clock clk2;
	struct icf_stats st, st2;
	char *da = NULL, *db = NULL;
	size_t la = 0, lb = 0;
	FILE *fa, *fb;
	struct icf *c2;
	uint32_t used0;
	lm_ms_t t = T0 + HOUR + NSUPI + 10 * SEC;

	lm_clock_manual_init(&clk2, T0);
	c2 = icf_new(&test_cfg, &clk2);
	ASSERT_NE(NULL, c2);
	load(_metadata, self->c, &self->clk, &self->a, &self->d);
	load(_metadata, c2, &clk2, &self->a, &self->d);
	lm_clock_manual_set(&self->clk, t);
	lm_clock_manual_set(&clk2, t);
	icf_expire(self->c);
	icf_expire(c2);
	icf_get_stats(self->c, &st);
	ASSERT_GT(st.expired_cache, ICF_BATCH); /* slots are free */
	for (int i = 0; i < NSUPI; i++)
		realloc_msg(&m[i], supis[i], tls[i], i, t + i);
	for (int i = 0; i < NSUPI; i++)
		one[i] = icf_apply_lixer(self->c, &m[i]);
	used0 = c2->assocs.used;
	for (int i = 0; i < NSUPI; i += ICF_BATCH)
		icf_apply_lixer_batch(c2, &m[i],
				      NSUPI - i < ICF_BATCH ? NSUPI - i :
							      ICF_BATCH,
				      &batch[i]);
	for (int i = 0; i < NSUPI; i++) {
		EXPECT_EQ(one[i], batch[i]);
		EXPECT_EQ(ICF_STORED, batch[i]);
	}
	icf_get_stats(self->c, &st);
	icf_get_stats(c2, &st2);
	EXPECT_EQ(st.associations, st2.associations);
	EXPECT_EQ(st.attr_sets, st2.attr_sets);
	/* Same records in the same slots: the freed ones reused alike. */
	fa = open_memstream(&da, &la);
	fb = open_memstream(&db, &lb);
	ASSERT_NE(NULL, fa);
	ASSERT_NE(NULL, fb);
	icf_for_each(self->c, dump, fa);
	icf_for_each(c2, dump, fb);
	fclose(fa);
	fclose(fb);
	EXPECT_STREQ(da, db);
	/* Freed ids taken again, not only new ones. */
	EXPECT_LT(c2->assocs.used - used0, (uint32_t)NSUPI);
	check_indexes(_metadata, c2);
	free(da);
	free(db);
	icf_free(c2);
}

TEST_HARNESS_MAIN
