// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf.c - the ICF cache against TS 33.128 7.6.2.4, one test per rule,
 * with a manual clock. Each test fails if its rule is not implemented.
 */
#include <stdlib.h>

#include "kselftest_harness.h"

#include "icf_fixture.h"

/* The harness defines fixture setup/teardown without prototypes. */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"

static struct icf_result res; /* large: keep it off the stack */

static uint32_t tmsi_of(struct icf *c, uint32_t id)
{
	struct icf_view v;

	if (icf_view(c, id, &v))
		return 0;
	return (uint32_t)v.guti[6] << 24 | v.guti[7] << 16 | v.guti[8] << 8 |
	       v.guti[9];
}

/* One view at a time: a view may point into itself (decoded digits). */
static const struct icf_view *view_of(struct icf *c, uint32_t id)
{
	static struct icf_view v;

	memset(&v, 0, sizeof(v));
	icf_view(c, id, &v);
	return &v;
}

FIXTURE(cache)
{
	struct lm_clock clk;
	struct icf *c;
	struct icf_assoc_event a;
	struct icf_deassoc_event d;
	struct icf_query q;
};

FIXTURE_SETUP(cache)
{
	lm_clock_manual_init(&self->clk, T0);
	self->c = icf_new(&test_cfg, &self->clk);
	ASSERT_NE(NULL, self->c);
}

FIXTURE_TEARDOWN(cache)
{
	icf_free(self->c);
}

/* 7.6.2.4 bullet 1: a SUPI-GUTI association is stored as active. */
TEST_F(cache, assoc_stored_active)
{
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	ASSERT_EQ(ICF_STORED, icf_associate(self->c, &self->a));
	q_supi(&self->q, "234150000000001");
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0xa1, tmsi_of(self->c, res.ids[0]));
	EXPECT_EQ(ICF_OPEN, view_of(self->c, res.ids[0])->end);
	EXPECT_EQ(T0, view_of(self->c, res.ids[0])->start);
}

/* Bullet 1: the previous active association becomes a previous one. */
TEST_F(cache, new_assoc_makes_previous)
{
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	icf_associate(self->c, &self->a);
	mk_assoc(&self->a, "234150000000001", 0xa2, T0 + 10 * SEC);
	lm_clock_manual_advance(&self->clk, 10 * SEC);
	ASSERT_EQ(ICF_STORED, icf_associate(self->c, &self->a));
	/* Most recent: only the new one. */
	q_supi(&self->q, "234150000000001");
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0xa2, tmsi_of(self->c, res.ids[0]));
	/* The old one is still there, closed at the new record's time. */
	q_guti(&self->q, 0xa1);
	q_at(&self->q, T0 + 1 * SEC);
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(T0, view_of(self->c, res.ids[0])->start);
	EXPECT_EQ(T0 + 10 * SEC, view_of(self->c, res.ids[0])->end);
}

/* Bullet 1: previous associations are cached until the cache time limit. */
TEST_F(cache, previous_kept_until_cache_limit)
{
	struct icf_stats st;

	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	icf_associate(self->c, &self->a);
	mk_assoc(&self->a, "234150000000001", 0xa2, T0 + 10 * SEC);
	icf_associate(self->c, &self->a);
	q_guti(&self->q, 0xa1);
	lm_clock_manual_set(&self->clk, T0 + 10 * SEC + HOUR - 1);
	icf_expire(self->c);
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	EXPECT_EQ(1, res.n);
	lm_clock_manual_set(&self->clk, T0 + 10 * SEC + HOUR);
	/* Hidden from queries even before the sweep ... */
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	EXPECT_EQ(0, res.n);
	/* ... and deleted by it. */
	icf_expire(self->c);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(1, st.associations);
	EXPECT_EQ(1, st.expired_cache);
	EXPECT_EQ(0, st.expired_lifetime);
}

/* Bullet 2: a SUCI is stored with its association for its lifetime. */
TEST_F(cache, suci_stored_for_assoc_lifetime)
{
	static const uint8_t suci[12] = { 0x01, 0x32, 0xf4, 0x51, 0xff, 0xff,
					  0x00, 0x00, 0x00, 0x00, 0x10, 0x32 };
	struct icf_stats st;

	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	self->a.suci = suci;
	self->a.suci_len = sizeof(suci);
	icf_associate(self->c, &self->a);
	mk_assoc(&self->a, "234150000000001", 0xa2, T0 + 10 * SEC);
	icf_associate(self->c, &self->a);
	memset(&self->q, 0, sizeof(self->q));
	self->q.key = ICF_KEY_SUCI;
	self->q.suci = suci;
	self->q.suci_len = sizeof(suci);
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0xa1, tmsi_of(self->c, res.ids[0]));
	EXPECT_EQ(sizeof(suci), view_of(self->c, res.ids[0])->suci_len);
	EXPECT_EQ(0, memcmp(suci, view_of(self->c, res.ids[0])->suci,
			    sizeof(suci)));
	/* Not carried to the next association: SUCIs are single use. */
	q_supi(&self->q, "234150000000001");
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(NULL, view_of(self->c, res.ids[0])->suci);
	/* Gone with its association. */
	lm_clock_manual_set(&self->clk, T0 + 10 * SEC + HOUR);
	icf_expire(self->c);
	self->q.key = ICF_KEY_SUCI;
	self->q.suci = suci;
	self->q.suci_len = sizeof(suci);
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	EXPECT_EQ(0, res.n);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(0, st.suci_stored);
}

/* Bullet 3: a matching deassociation makes the active one previous. */
TEST_F(cache, deassoc_closes_matching_active)
{
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	icf_associate(self->c, &self->a);
	/* Wrong GUTI: no effect. */
	mk_deassoc(&self->d, "234150000000001", 0xb1, T0 + 5 * SEC);
	EXPECT_EQ(ICF_UNMATCHED, icf_deassociate(self->c, &self->d));
	/* Unknown SUPI: no effect. */
	mk_deassoc(&self->d, "234150000000002", 0xa1, T0 + 5 * SEC);
	EXPECT_EQ(ICF_UNMATCHED, icf_deassociate(self->c, &self->d));
	q_supi(&self->q, "234150000000001");
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(ICF_OPEN, view_of(self->c, res.ids[0])->end);
	mk_deassoc(&self->d, "234150000000001", 0xa1, T0 + 6 * SEC);
	EXPECT_EQ(ICF_CLOSED, icf_deassociate(self->c, &self->d));
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(T0 + 6 * SEC, view_of(self->c, res.ids[0])->end);
	/* A second deassociation finds no active association. */
	EXPECT_EQ(ICF_UNMATCHED, icf_deassociate(self->c, &self->d));
	/* Cached until the cache time limit after disassociation. */
	lm_clock_manual_set(&self->clk, T0 + 6 * SEC + HOUR - 1);
	icf_expire(self->c);
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(1, res.n);
	lm_clock_manual_set(&self->clk, T0 + 6 * SEC + HOUR);
	icf_expire(self->c);
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(0, res.n);
}

/* Maximum active association lifetime: never-closed ones are deleted. */
TEST_F(cache, max_active_lifetime_deletes)
{
	struct icf_stats st;

	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	icf_associate(self->c, &self->a);
	lm_clock_manual_set(&self->clk, T0 + 2 * DAY - 1);
	icf_expire(self->c);
	q_supi(&self->q, "234150000000001");
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(1, res.n);
	lm_clock_manual_set(&self->clk, T0 + 2 * DAY);
	icf_expire(self->c);
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(0, res.n);
	icf_get_stats(self->c, &st);
	/* Deleted, not turned into a previous association. */
	EXPECT_EQ(0, st.associations);
	EXPECT_EQ(0, st.subscribers);
	EXPECT_EQ(1, st.expired_lifetime);
}

/* Previous associations keep their association and disassociation times. */
TEST_F(cache, previous_keep_both_times)
{
	mk_assoc(&self->a, "234150000000001", 0xa1, T0 + 100);
	icf_associate(self->c, &self->a);
	mk_deassoc(&self->d, "234150000000001", 0xa1, T0 + 2500);
	icf_deassociate(self->c, &self->d);
	mk_assoc(&self->a, "234150000000001", 0xa2, T0 + 9000);
	icf_associate(self->c, &self->a);
	q_supi(&self->q, "234150000000001");
	q_at(&self->q, T0 + 1000);
	lm_clock_manual_set(&self->clk, T0 + 20 * SEC);
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(T0 + 100, view_of(self->c, res.ids[0])->start);
	EXPECT_EQ(T0 + 2500, view_of(self->c, res.ids[0])->end);
}

/* PEI/GPSI/TAI list/NCGI carry forward; old values stay with old ones. */
TEST_F(cache, values_carry_forward)
{
	uint8_t tl1[2 * ICF_TAI_LEN], tl2[ICF_TAI_LEN];
	uint32_t id1, id2, id3;
	const struct icf_view *v;

	mk_tai(tl1, plmn_a, 0x100);
	mk_tai(tl1 + 6, plmn_a, 0x101);
	mk_tai(tl2, plmn_a, 0x200);
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	self->a.pei_type = ICF_PEI_IMEI;
	self->a.pei = (const uint8_t *)"35925406123456";
	self->a.pei_len = 14;
	self->a.gpsi_type = ICF_GPSI_MSISDN;
	self->a.gpsi = "447700900001";
	self->a.gpsi_len = 12;
	self->a.has_tai_list = true;
	self->a.tai_list = tl1;
	self->a.n_tai_list = 2;
	icf_associate(self->c, &self->a);
	/* Second record: no PEI/GPSI/TAI list/NCGI: all carried forward. */
	mk_assoc(&self->a, "234150000000001", 0xa2, T0 + 10 * SEC);
	self->a.has_ncgi = false;
	icf_associate(self->c, &self->a);
	/* Third record: new PEI and TAI list, GPSI carried. */
	mk_assoc(&self->a, "234150000000001", 0xa3, T0 + 20 * SEC);
	self->a.pei_type = ICF_PEI_IMEISV;
	self->a.pei = (const uint8_t *)"3592540612345601";
	self->a.pei_len = 16;
	self->a.has_tai_list = true;
	self->a.tai_list = tl2;
	self->a.n_tai_list = 1;
	self->a.ncgi[6] = 0x11;
	icf_associate(self->c, &self->a);
	lm_clock_manual_set(&self->clk, T0 + 30 * SEC);
	q_supi(&self->q, "234150000000001");
	q_at(&self->q, T0 + 10 * SEC);
	self->q.observed = T0 + 5 * SEC; /* inside the first, window 2 s */
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	id1 = res.ids[0];
	self->q.observed = T0 + 15 * SEC;
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	id2 = res.ids[0];
	self->q.has_time = false;
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	id3 = res.ids[0];
	ASSERT_EQ(0xa1, tmsi_of(self->c, id1));
	ASSERT_EQ(0xa2, tmsi_of(self->c, id2));
	ASSERT_EQ(0xa3, tmsi_of(self->c, id3));
	/* The carried association has the first one's values ... */
	v = view_of(self->c, id2);
	ASSERT_EQ(ICF_PEI_IMEI, v->pei_type);
	EXPECT_EQ(0, memcmp(v->pei, "35925406123456", 14));
	ASSERT_EQ(ICF_GPSI_MSISDN, v->gpsi_type);
	EXPECT_EQ(0, memcmp(v->gpsi, "447700900001", 12));
	ASSERT_TRUE(v->has_tai_list);
	ASSERT_EQ(2, v->n_tai_list);
	EXPECT_EQ(0, memcmp(v->tai_list, tl1, sizeof(tl1)));
	ASSERT_TRUE(v->has_ncgi);
	EXPECT_EQ(0x78, v->ncgi[6]);
	/* ... the update applies to the third ... */
	v = view_of(self->c, id3);
	ASSERT_EQ(ICF_PEI_IMEISV, v->pei_type);
	EXPECT_EQ(0, memcmp(v->pei, "3592540612345601", 16));
	ASSERT_EQ(ICF_GPSI_MSISDN, v->gpsi_type);
	ASSERT_EQ(1, v->n_tai_list);
	EXPECT_EQ(0, memcmp(v->tai_list, tl2, sizeof(tl2)));
	EXPECT_EQ(0x11, v->ncgi[6]);
	/* ... and the old values stay with the older associations. */
	v = view_of(self->c, id1);
	ASSERT_EQ(ICF_PEI_IMEI, v->pei_type);
	ASSERT_EQ(2, v->n_tai_list);
	EXPECT_EQ(0x78, v->ncgi[6]);
	/* A later association without values inherits the newest ones. */
	mk_assoc(&self->a, "234150000000001", 0xa4, T0 + 30 * SEC);
	icf_associate(self->c, &self->a);
	self->q.has_time = false;
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	v = view_of(self->c, res.ids[0]);
	ASSERT_EQ(ICF_PEI_IMEISV, v->pei_type);
	ASSERT_EQ(1, v->n_tai_list);
}

/* Old values are deleted when every association using them is. */
TEST_F(cache, values_deleted_with_last_assoc)
{
	struct icf_stats st;

	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	self->a.pei_type = ICF_PEI_IMEI;
	self->a.pei = (const uint8_t *)"35925406123456";
	self->a.pei_len = 14;
	icf_associate(self->c, &self->a);
	mk_assoc(&self->a, "234150000000001", 0xa2, T0 + 1 * SEC);
	icf_associate(self->c, &self->a);
	mk_assoc(&self->a, "234150000000001", 0xa3, T0 + 2 * SEC);
	self->a.pei_type = ICF_PEI_IMEI;
	self->a.pei = (const uint8_t *)"35925406999999";
	self->a.pei_len = 14;
	icf_associate(self->c, &self->a);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(2, st.attr_sets); /* shared by a1 and a2; a3's own */
	lm_clock_manual_set(&self->clk, T0 + 2 * SEC + HOUR);
	icf_expire(self->c);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(1, st.associations);
	EXPECT_EQ(1, st.attr_sets);
	lm_clock_manual_set(&self->clk, T0 + 2 * DAY + 2 * SEC);
	icf_expire(self->c);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(0, st.associations);
	EXPECT_EQ(0, st.attr_sets);
	EXPECT_EQ(0, st.subscribers);
}

/* Queries search active and previous associations alike. */
TEST_F(cache, query_searches_active_and_previous)
{
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	icf_associate(self->c, &self->a);
	mk_assoc(&self->a, "234150000000001", 0xa2, T0 + 1 * SEC);
	icf_associate(self->c, &self->a);
	lm_clock_manual_set(&self->clk, T0 + 10 * SEC);
	q_supi(&self->q, "234150000000001");
	q_at(&self->q, T0 + 1 * SEC); /* window covers both */
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	ASSERT_EQ(2, res.n);
	EXPECT_EQ(1, res.n_supi);
	/* Newest first. */
	EXPECT_EQ(0xa2, tmsi_of(self->c, res.ids[0]));
	EXPECT_EQ(0xa1, tmsi_of(self->c, res.ids[1]));
}

/* TAI selects: the record's TAI, or membership of its TAI list. */
TEST_F(cache, query_by_tai_and_tai_list)
{
	uint8_t tl[2 * ICF_TAI_LEN];

	mk_tai(tl, plmn_a, 0x300);
	mk_tai(tl + 6, plmn_a, 0x301);
	/* Two SUPIs had the same 5G-S-TMSI in different areas. */
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	mk_tai(self->a.tai, plmn_a, 0x200);
	icf_associate(self->c, &self->a);
	mk_assoc(&self->a, "234150000000002", 0xa1, T0);
	self->a.guti[3] = 2; /* another AMF region: same 5G-S-TMSI */
	mk_tai(self->a.tai, plmn_a, 0x300);
	self->a.has_tai_list = true;
	self->a.tai_list = tl;
	self->a.n_tai_list = 2;
	icf_associate(self->c, &self->a);
	memset(&self->q, 0, sizeof(self->q));
	self->q.key = ICF_KEY_STMSI;
	icf_guti_to_stmsi(self->a.guti, self->q.stmsi);
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	EXPECT_EQ(2, res.n);
	EXPECT_EQ(2, res.n_supi);
	self->q.has_tai = true;
	mk_tai(self->q.tai, plmn_a, 0x200); /* single TAI of the first */
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0, memcmp("234150000000001",
			    view_of(self->c, res.ids[0])->supi.val, 15));
	mk_tai(self->q.tai, plmn_a, 0x301); /* in the second's TAI list */
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0, memcmp("234150000000002",
			    view_of(self->c, res.ids[0])->supi.val, 15));
	mk_tai(self->q.tai, plmn_a, 0x999);
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(0, res.n);
}

/* Closed associations: the disassociation time picks the right one. */
TEST_F(cache, disassociation_time_decides)
{
	/* GUTI 0xa1 held by SUPI 1 until T0+60s, then by SUPI 2. */
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	icf_associate(self->c, &self->a);
	mk_deassoc(&self->d, "234150000000001", 0xa1, T0 + 60 * SEC);
	icf_deassociate(self->c, &self->d);
	mk_assoc(&self->a, "234150000000002", 0xa1, T0 + 120 * SEC);
	icf_associate(self->c, &self->a);
	lm_clock_manual_set(&self->clk, T0 + 200 * SEC);
	q_guti(&self->q, 0xa1);
	q_at(&self->q, T0 + 30 * SEC);
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0, memcmp("234150000000001",
			    view_of(self->c, res.ids[0])->supi.val, 15));
	/* After the disassociation (outside the window): the other SUPI. */
	self->q.observed = T0 + 150 * SEC;
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0, memcmp("234150000000002",
			    view_of(self->c, res.ids[0])->supi.val, 15));
	/* In the gap: none. */
	self->q.observed = T0 + 90 * SEC;
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(0, res.n);
	/* No observed time: the most recent (the active one). */
	self->q.has_time = false;
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0, memcmp("234150000000002",
			    view_of(self->c, res.ids[0])->supi.val, 15));
}

/* The search window applies before and after the observed time. */
TEST_F(cache, search_window_both_sides)
{
	mk_assoc(&self->a, "234150000000001", 0xa1, T0 + 10 * SEC);
	icf_associate(self->c, &self->a);
	mk_deassoc(&self->d, "234150000000001", 0xa1, T0 + 20 * SEC);
	icf_deassociate(self->c, &self->d);
	lm_clock_manual_set(&self->clk, T0 + 60 * SEC);
	q_guti(&self->q, 0xa1);
	/* 2 s after the disassociation: inside the window. */
	q_at(&self->q, T0 + 22 * SEC);
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(1, res.n);
	q_at(&self->q, T0 + 22 * SEC + 1);
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(0, res.n);
	/* 2 s before the association: inside. */
	q_at(&self->q, T0 + 8 * SEC);
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(1, res.n);
	q_at(&self->q, T0 + 8 * SEC - 1);
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(0, res.n);
}

/* The window is bounded by the cache period. */
TEST_F(cache, search_window_bounded_by_cache_period)
{
	struct icf_config cfg = test_cfg;
	struct icf *c;

	cfg.search_window = 10 * MIN;
	c = icf_new(&cfg, &self->clk);
	ASSERT_NE(NULL, c);
	/* Associated and closed before the cache was started. */
	mk_assoc(&self->a, "234150000000001", 0xa1, T0 - 5 * MIN);
	icf_associate(c, &self->a);
	mk_deassoc(&self->d, "234150000000001", 0xa1, T0 - 1 * MIN);
	icf_deassociate(c, &self->d);
	lm_clock_manual_set(&self->clk, T0 + 2 * MIN);
	q_guti(&self->q, 0xa1);
	/* observed - window reaches back before the cache period: clamp. */
	q_at(&self->q, T0 + 1 * MIN);
	icf_query(c, &self->q, &res);
	EXPECT_EQ(0, res.n);
	icf_free(c);
}

/* Several GUTIs of one SUPI in the window: all of them (7.6.3.1). */
TEST_F(cache, all_gutis_of_one_supi)
{
	for (int i = 0; i < 5; i++) {
		mk_assoc(&self->a, "234150000000001", 0xa0 + i, T0 + i * 100);
		icf_associate(self->c, &self->a);
	}
	lm_clock_manual_set(&self->clk, T0 + 10 * SEC);
	q_supi(&self->q, "234150000000001");
	q_at(&self->q, T0 + 200);
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(5, res.n);
	EXPECT_EQ(1, res.n_supi);
}

/* One 5G-GUTI, two SUPIs: both returned, counted as 2 SUPIs. */
TEST_F(cache, multiple_supis_flagged)
{
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	icf_associate(self->c, &self->a);
	mk_assoc(&self->a, "234150000000002", 0xa1, T0 + 1);
	icf_associate(self->c, &self->a);
	lm_clock_manual_set(&self->clk, T0 + 10 * SEC);
	q_guti(&self->q, 0xa1);
	q_at(&self->q, T0 + 5 * SEC);
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(2, res.n);
	EXPECT_EQ(2, res.n_supi);
}

/* 5G-S-TMSI ignores PLMN and AMF Region; 5G-GUTI does not. */
TEST_F(cache, stmsi_derived_from_guti)
{
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	mk_guti(self->a.guti, plmn_b, 9, 5, 3, 0xa1);
	icf_associate(self->c, &self->a);
	q_guti(&self->q, 0xa1); /* plmn_a, region 1 */
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(0, res.n);
	memset(&self->q, 0, sizeof(self->q));
	self->q.key = ICF_KEY_STMSI;
	mk_guti(self->a.guti, plmn_a, 1, 5, 3, 0xa1);
	icf_guti_to_stmsi(self->a.guti, self->q.stmsi);
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(1, res.n);
	/* Different AMF pointer: another 5G-S-TMSI. */
	mk_guti(self->a.guti, plmn_a, 1, 5, 4, 0xa1);
	icf_guti_to_stmsi(self->a.guti, self->q.stmsi);
	icf_query(self->c, &self->q, &res);
	EXPECT_EQ(0, res.n);
}

/* The cache period starts at the cache's origin, at most limit ago. */
TEST_F(cache, cache_period)
{
	lm_ms_t from, to;

	icf_cache_period(self->c, &from, &to);
	EXPECT_EQ(T0, from);
	EXPECT_EQ(T0, to);
	lm_clock_manual_set(&self->clk, T0 + 3 * HOUR);
	icf_cache_period(self->c, &from, &to);
	EXPECT_EQ(T0 + 2 * HOUR, from);
	EXPECT_EQ(T0 + 3 * HOUR, to);
}

/* A late record goes into history, not over the newer active one. */
TEST_F(cache, late_record_into_history)
{
	mk_assoc(&self->a, "234150000000001", 0xa2, T0 + 10 * SEC);
	icf_associate(self->c, &self->a);
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	EXPECT_EQ(ICF_STORED_HISTORY, icf_associate(self->c, &self->a));
	q_supi(&self->q, "234150000000001");
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0xa2, tmsi_of(self->c, res.ids[0]));
	q_guti(&self->q, 0xa1);
	lm_clock_manual_set(&self->clk, T0 + 20 * SEC);
	q_at(&self->q, T0);
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(T0 + 10 * SEC, view_of(self->c, res.ids[0])->end);
}

/* Re-sent records (IEF restart) are not stored twice. */
TEST_F(cache, duplicate_ignored)
{
	struct icf_stats st;

	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	icf_associate(self->c, &self->a);
	EXPECT_EQ(ICF_DUPLICATE, icf_associate(self->c, &self->a));
	icf_get_stats(self->c, &st);
	EXPECT_EQ(1, st.associations);
	EXPECT_EQ(1, st.active);
}

/* Malformed events are refused and change nothing. */
TEST_F(cache, invalid_events_change_nothing)
{
	struct icf_stats st;

	mk_assoc(&self->a, "23415x000000001", 0xa1, T0);
	EXPECT_EQ(ICF_INVALID, icf_associate(self->c, &self->a));
	mk_assoc(&self->a, "12345", 0xa1, T0); /* too short */
	EXPECT_EQ(ICF_INVALID, icf_associate(self->c, &self->a));
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	self->a.pei_type = ICF_PEI_IMEI;
	self->a.pei = (const uint8_t *)"123";
	self->a.pei_len = 3;
	EXPECT_EQ(ICF_INVALID, icf_associate(self->c, &self->a));
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	self->a.guti[0] = 0xaa; /* not BCD */
	EXPECT_EQ(ICF_INVALID, icf_associate(self->c, &self->a));
	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	self->a.supi.type = ICF_SUPI_NAI;
	self->a.supi.val = "bad\x01nai@x";
	self->a.supi.len = 10;
	EXPECT_EQ(ICF_INVALID, icf_associate(self->c, &self->a));
	icf_get_stats(self->c, &st);
	EXPECT_EQ(0, st.associations);
	EXPECT_EQ(0, st.subscribers);
	EXPECT_EQ(5, st.invalid);
}

/* Long NAI SUPIs are stored out of line and still found. */
TEST_F(cache, nai_supi)
{
	const char *nai = "type0.rid678.schid0.userid0999999999@5gc.mnc015."
			  "mcc234.3gppnetwork.org";

	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	self->a.supi.type = ICF_SUPI_NAI;
	self->a.supi.val = nai;
	self->a.supi.len = (uint16_t)strlen(nai);
	ASSERT_EQ(ICF_STORED, icf_associate(self->c, &self->a));
	q_supi(&self->q, nai);
	self->q.supi.type = ICF_SUPI_NAI;
	icf_query(self->c, &self->q, &res);
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(strlen(nai), view_of(self->c, res.ids[0])->supi.len);
	self->q.supi.type = ICF_SUPI_IMSI; /* types do not mix */
	EXPECT_EQ(-EINVAL, icf_query(self->c, &self->q, &res));
}

/* A deadline beyond one lap of the wheel is still honoured. */
TEST_F(cache, far_future_deadline)
{
	struct icf_stats st;

	/* IEF clock a week ahead: deadline = start + 2 days, far away. */
	mk_assoc(&self->a, "234150000000001", 0xa1, T0 + 7 * DAY);
	icf_associate(self->c, &self->a);
	for (lm_ms_t t = T0; t < T0 + 9 * DAY; t += HOUR) {
		lm_clock_manual_set(&self->clk, t);
		icf_expire(self->c);
		icf_get_stats(self->c, &st);
		ASSERT_EQ(1, st.associations);
	}
	lm_clock_manual_set(&self->clk, T0 + 9 * DAY);
	icf_expire(self->c);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(0, st.associations);
}

/* Churn against a brute-force model of the rules: same answers. */
TEST_F(cache, churn_matches_model)
{
	enum { NS = 50, NOPS = 20000 };
	struct m {
		uint32_t tmsi;
		lm_ms_t s, e;
		int sup;
	} *mod = calloc(NOPS, sizeof(*mod));
	int nm = 0, active[NS];
	char supi[NS][32];
	lm_ms_t t = T0;
	unsigned int seed = 7;

	ASSERT_NE(NULL, mod);
	for (int i = 0; i < NS; i++) {
		snprintf(supi[i], sizeof(supi[i]), "23415%010d", i);
		active[i] = -1;
	}
	for (int op = 0; op < NOPS; op++) {
		int s = rand_r(&seed) % NS, k = rand_r(&seed) % 10;

		t += rand_r(&seed) % 2000;
		lm_clock_manual_set(&self->clk, t);
		if (k < 7) {
			uint32_t tm = (uint32_t)rand_r(&seed) % 200;

			mk_assoc(&self->a, supi[s], tm, t);
			if (icf_associate(self->c, &self->a) != ICF_STORED)
				continue;
			if (active[s] >= 0)
				mod[active[s]].e = t;
			mod[nm] = (struct m){ tm, t, ICF_OPEN, s };
			active[s] = nm++;
		} else if (k < 9 && active[s] >= 0) {
			mk_deassoc(&self->d, supi[s], mod[active[s]].tmsi, t);
			ASSERT_EQ(ICF_CLOSED,
				  icf_deassociate(self->c, &self->d));
			mod[active[s]].e = t;
			active[s] = -1;
		} else {
			uint32_t tm = (uint32_t)rand_r(&seed) % 200;
			lm_ms_t obs = t - rand_r(&seed) % (30 * MIN);
			lm_ms_t from, now, lo, hi;
			uint32_t want = 0;

			icf_expire(self->c);
			icf_cache_period(self->c, &from, &now);
			lo = obs - 2 * SEC < from ? from : obs - 2 * SEC;
			hi = obs + 2 * SEC > now ? now : obs + 2 * SEC;
			for (int i = 0; i < nm; i++) {
				lm_ms_t dl = mod[i].e == ICF_OPEN ?
						     mod[i].s + 2 * DAY :
						     mod[i].e + HOUR;
				if (mod[i].tmsi == tm && dl > now &&
				    mod[i].s <= hi &&
				    (mod[i].e == ICF_OPEN || mod[i].e >= lo))
					want++;
			}
			q_guti(&self->q, tm);
			q_at(&self->q, obs);
			ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
			ASSERT_EQ(want, res.n);
		}
	}
	free(mod);
}

/* Large SUCIs and TAI lists (heap objects) are freed with the cache. */
TEST_F(cache, large_values)
{
	static uint8_t suci[ICF_SUCI_MAX], tl[ICF_TAI_LIST_MAX * ICF_TAI_LEN];
	struct icf_stats st;

	for (unsigned int i = 0; i < ICF_TAI_LIST_MAX; i++)
		mk_tai(tl + i * ICF_TAI_LEN, plmn_a, i);
	memset(suci, 0x5a, sizeof(suci));
	for (int k = 0; k < 3; k++) {
		mk_assoc(&self->a, "234150000000001", 0xa1 + k, T0 + k);
		self->a.suci = suci;
		self->a.suci_len = sizeof(suci);
		self->a.has_tai_list = true;
		self->a.tai_list = tl;
		self->a.n_tai_list = ICF_TAI_LIST_MAX - k;
		ASSERT_EQ(ICF_STORED, icf_associate(self->c, &self->a));
	}
	memset(&self->q, 0, sizeof(self->q));
	self->q.key = ICF_KEY_SUCI;
	self->q.suci = suci;
	self->q.suci_len = sizeof(suci);
	lm_clock_manual_set(&self->clk, T0 + 10);
	q_at(&self->q, T0 + 1);
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	EXPECT_EQ(3, res.n);
	/*
	 * Expire the first two (swept on the next 1 s wheel slot); the last
	 * stays until icf_free, where ASan checks nothing leaks.
	 */
	lm_clock_manual_set(&self->clk, T0 + SEC + HOUR);
	icf_expire(self->c);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(1, st.associations);
	EXPECT_EQ(1, st.attr_sets);
}

/* Prefetch hints read only: any SUPI, known or not, changes nothing. */
TEST_F(cache, prefetch_is_only_a_hint)
{
	static const uint8_t suci[9] = { 1, 0x32, 0xf4, 0x51, 0xf0, 0xff };
	struct icf_prep p[3];
	struct icf_stats a, b;

	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	icf_prefetch(self->c, p, &self->a.supi, self->a.guti, suci, 9, 1);
	icf_prefetch(self->c, p, &self->a.supi, self->a.guti, NULL, 0, 2);
	icf_associate(self->c, &self->a);
	icf_get_stats(self->c, &a);
	for (int stage = 1; stage <= ICF_PREFETCH_STAGES; stage++) {
		icf_prefetch(self->c, &p[0], &self->a.supi, self->a.guti, suci,
			     9, stage);
		icf_prefetch(self->c, &p[1], &self->a.supi, NULL, NULL, 0,
			     stage);
		mk_assoc(&self->a, "234150000000002", 0xa1, T0);
		icf_prefetch(self->c, &p[2], &self->a.supi, self->a.guti, NULL,
			     0, stage);
		mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	}
	icf_get_stats(self->c, &b);
	EXPECT_EQ(0, memcmp(&a, &b, sizeof(a)));
}

TEST_HARNESS_MAIN
