// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_e2e_rules.c - every rule of TS 33.128 7.6.2.4 (active and
 * previous associations, SUCI, deassociation, maximum lifetime, carry
 * forward, time/TAI/window selection, several SUPIs) driven through the
 * real LI_XER listener and answered through the real query socket.
 */
#include "icf_e2e.h"

/* 7.6.2.4 bullet 1 via sockets: the association becomes active. */
TEST_F(sockets, assoc_active)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND, r->status);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_EQ(0xa1, r->associations[0]->five_g_guti->five_g_tmsi);
	EXPECT_STREQ("2026-01-01T00:00:00.000Z",
		     r->associations[0]->association_start_time);
	EXPECT_EQ(NULL, r->associations[0]->association_end_time);
	EXPECT_STREQ("123456789", r->associations[0]->ncgi->nci);
}

/* Bullet 1: previous association kept until the cache time limit. */
TEST_F(sockets, previous_until_cache_limit)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	assoc(&self->e, "234150000000001", 0xa2, T0 + 10 * SEC);
	lm_clock_manual_set(&self->e.clk, T0 + 20 * SEC);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_guti(&self->b, 0xa1);
	rq_time(&self->b, T0 + 1 * SEC);
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_STREQ("2026-01-01T00:00:10.000Z",
		     r->associations[0]->association_end_time);
	lm_clock_manual_set(&self->e.clk, T0 + 10 * SEC + HOUR);
	self->b.req.observed_time = NULL;
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND, r->status);
}

/* Bullet 2: the SUCI stays with its association. */
TEST_F(sockets, suci_with_association)
{
	static const uint8_t suci[12] = { 1, 0x32, 0xf4, 0x51, 0xf0, 0xff,
					  0, 0,	   0,	 0,    0x21, 0x43 };
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct lixer_msg m;

	mk_lassoc(&m, "234150000000001", 0xa1, T0);
	m.assoc.suci.ptr = suci;
	m.assoc.suci.len = sizeof(suci);
	send_msg(self->e.ief, &m);
	assoc(&self->e, "234150000000001", 0xa2, T0 + 5 * SEC);
	lm_clock_manual_set(&self->e.clk, T0 + 20 * SEC);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	self->b.rv.has_suci = 1;
	self->b.rv.suci.data = (uint8_t *)suci;
	self->b.rv.suci.len = sizeof(suci);
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_EQ(0xa1, r->associations[0]->five_g_guti->five_g_tmsi);
	ASSERT_TRUE(r->associations[0]->has_suci);
	EXPECT_EQ(0, memcmp(suci, r->associations[0]->suci.data, sizeof(suci)));
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_FALSE(r->associations[0]->has_suci);
}

/* Bullet 3: the deassociation closes the matching active association. */
TEST_F(sockets, deassociation)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct lixer_msg m;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	mk_ldeassoc(&m, "234150000000001", 0xa1, T0 + 7 * SEC);
	send_msg(self->e.ief, &m);
	ASSERT_EQ(0, wait_records(&self->e, 2));
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_STREQ("2026-01-01T00:00:07.000Z",
		     r->associations[0]->association_end_time);
}

/* Maximum active association lifetime. */
TEST_F(sockets, max_active_lifetime)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	lm_clock_manual_set(&self->e.clk, T0 + 2 * DAY);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND, r->status);
}

/* PEI/GPSI/TAI list carried to later associations; old stay with old. */
TEST_F(sockets, carry_forward)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct lixer_msg m;

	mk_lassoc(&m, "234150000000001", 0xa1, T0);
	m.assoc.pei.kind = LIXER_PEI_IMEI;
	m.assoc.pei.v.ptr = (const uint8_t *)"35925406123456";
	m.assoc.pei.v.len = 14;
	m.assoc.gpsi.kind = LIXER_GPSI_MSISDN;
	m.assoc.gpsi.v.ptr = (const uint8_t *)"447700900001";
	m.assoc.gpsi.v.len = 12;
	m.assoc.has_tai_list = true;
	m.assoc.n_tais = 1;
	mk_tai(m.assoc.tai_list[0], plmn_a, 0x777);
	send_msg(self->e.ief, &m);
	assoc(&self->e, "234150000000001", 0xa2, T0 + 10 * SEC);
	mk_lassoc(&m, "234150000000001", 0xa3, T0 + 20 * SEC);
	m.assoc.pei.kind = LIXER_PEI_IMEI;
	m.assoc.pei.v.ptr = (const uint8_t *)"35925406999999";
	m.assoc.pei.v.len = 14;
	send_msg(self->e.ief, &m);
	ASSERT_EQ(0, wait_records(&self->e, 3));
	lm_clock_manual_set(&self->e.clk, T0 + 30 * SEC);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	rq_time(&self->b, T0 + 15 * SEC);
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_EQ(0xa2, r->associations[0]->five_g_guti->five_g_tmsi);
	ASSERT_NE(NULL, r->associations[0]->pei);
	EXPECT_STREQ("35925406123456", r->associations[0]->pei->pei_imei);
	ASSERT_NE(NULL, r->associations[0]->gpsi);
	ASSERT_EQ(1, r->associations[0]->n_five_gs_tai_list);
	EXPECT_STREQ("000777", r->associations[0]->five_gs_tai_list[0]->tac);
	self->b.req.observed_time = NULL;
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_STREQ("35925406999999", r->associations[0]->pei->pei_imei);
	ASSERT_NE(NULL, r->associations[0]->gpsi);
	EXPECT_EQ(1, r->associations[0]->n_five_gs_tai_list);
	rq_time(&self->b, T0 + 5 * SEC);
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_STREQ("35925406123456", r->associations[0]->pei->pei_imei);
}

/* Time, window and TAI select; 5G-S-TMSI; several SUPIs flagged. */
TEST_F(sockets, time_tai_window_and_multiple_supis)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct lixer_msg m;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	mk_ldeassoc(&m, "234150000000001", 0xa1, T0 + 10 * SEC);
	send_msg(self->e.ief, &m);
	mk_lassoc(&m, "234150000000002", 0xa1, T0 + 30 * SEC);
	mk_tai(m.assoc.tai, plmn_a, 0x200);
	send_msg(self->e.ief, &m);
	ASSERT_EQ(0, wait_records(&self->e, 3));
	lm_clock_manual_set(&self->e.clk, T0 + 60 * SEC);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_stmsi(&self->b, 0xa1);
	rq_time(&self->b, T0 + 12 * SEC); /* 2 s after the deassociation */
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_STREQ("234150000000001", r->associations[0]->supi->supi_imsi);
	rq_time(&self->b, T0 + 20 * SEC); /* gap */
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND, r->status);
	rq_time(&self->b, T0 + 20 * SEC);
	self->b.req.observed_time = NULL;
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_stmsi(&self->b, 0xa1);
	rq_time(&self->b, T0 + 40 * SEC);
	rq_tai(&self->b, "000200");
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_STREQ("234150000000002", r->associations[0]->supi->supi_imsi);
	/* Window wide enough for both (one SUPI per side): flagged. */
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_guti(&self->b, 0xa1);
	assoc(&self->e, "234150000000003", 0xa1, T0 + 59 * SEC);
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(2, r->n_associations); /* both active holders */
	EXPECT_TRUE(r->multiple_supis);
}

TEST_HARNESS_MAIN
