// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_recent.c - a query by SUPI without an observed time returns the
 * most recent association(s) (TS 33.128 7.6.2.4): the active one when it is
 * kept, else the one closed last among those the TAI selects. The search
 * stops at a kept active association without reading the older ones, so
 * the cases around that stop are pinned here.
 */
#include <stdlib.h>

#include "kselftest_harness.h"

#include "icf_fixture.h"

/* The harness defines fixture setup/teardown without prototypes. */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"

static struct icf_result res; /* large: keep it off the stack */

FIXTURE(recent)
{
	struct lm_clock clk;
	struct icf *c;
	struct icf_assoc_event a;
	struct icf_deassoc_event d;
	struct icf_query q;
};

/* SUPI 1: GUTI 0xa1 in TAC 0x100, 0xa2 in 0x200, 0xa3 (active) in 0x300. */
FIXTURE_SETUP(recent)
{
	static const uint32_t tac[3] = { 0x100, 0x200, 0x300 };

	lm_clock_manual_init(&self->clk, T0);
	self->c = icf_new(&test_cfg, &self->clk);
	ASSERT_NE(NULL, self->c);
	for (int i = 0; i < 3; i++) {
		mk_assoc(&self->a, "234150000000001", 0xa1 + (uint32_t)i,
			 T0 + i * SEC);
		mk_tai(self->a.tai, plmn_a, tac[i]);
		ASSERT_EQ(ICF_STORED, icf_associate(self->c, &self->a));
	}
	lm_clock_manual_set(&self->clk, T0 + 10 * SEC);
	q_supi(&self->q, "234150000000001");
}

FIXTURE_TEARDOWN(recent)
{
	icf_free(self->c);
}

static uint32_t tmsi_of(struct icf *c, uint32_t id)
{
	struct icf_view v;

	if (icf_view(c, id, &v))
		return 0;
	return (uint32_t)v.guti[8] << 8 | v.guti[9];
}

/* The active association alone, not its previous ones. */
TEST_F(recent, active_alone)
{
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0xa3, tmsi_of(self->c, res.ids[0]));
}

/* The TAI passes over the active one: the search goes on to older ones. */
TEST_F(recent, tai_skips_active)
{
	self->q.has_tai = true;
	mk_tai(self->q.tai, plmn_a, 0x200);
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0xa2, tmsi_of(self->c, res.ids[0]));
	mk_tai(self->q.tai, plmn_a, 0x100);
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0xa1, tmsi_of(self->c, res.ids[0]));
}

/* No active association: the one closed last. */
TEST_F(recent, closed_last)
{
	mk_deassoc(&self->d, "234150000000001", 0xa3, T0 + 5 * SEC);
	ASSERT_EQ(ICF_CLOSED, icf_deassociate(self->c, &self->d));
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0xa3, tmsi_of(self->c, res.ids[0]));
}

/* Past its maximum lifetime, unswept: not kept, so no stop there. */
TEST_F(recent, expired_active_not_kept)
{
	lm_clock_manual_set(&self->clk,
			    T0 + 2 * SEC + test_cfg.max_active_lifetime);
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	EXPECT_EQ(0, res.n);
}

TEST_HARNESS_MAIN
