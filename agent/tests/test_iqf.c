// SPDX-License-Identifier: GPL-2.0
/*
 * test_iqf.c - IQF request validation (TS 33.128 7.6.3.1) and responses,
 * at unit level. Every rejection is checked to happen before the ICF is
 * searched (the cache's query counter does not move).
 */
#include "kselftest_harness.h"

#include "icf_fixture.h"
#include "iqf_fixture.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

static struct icf_result res;

FIXTURE(iqf)
{
	struct lm_clock clk;
	struct icf *c;
	struct req_buf b;
	struct iqf_arena ar;
	struct iqf_outcome o;
};

FIXTURE_SETUP(iqf)
{
	struct icf_assoc_event a;
	static const uint8_t suci[10] = { 1,	0x32, 0xf4, 0x51, 0xf0,
					  0xff, 0,    0,    0x21, 0x43 };
	uint8_t tl[ICF_TAI_LEN];

	lm_clock_manual_init(&self->clk, T0);
	self->c = icf_new(&test_cfg, &self->clk);
	ASSERT_NE(NULL, self->c);
	memset(&self->ar, 0, sizeof(self->ar));
	/* SUPI 1: GUTI a1 at T0 (SUCI, PEI, GPSI, TAI list), a2 at T0+10s. */
	mk_tai(tl, plmn_a, 0x000102);
	mk_full_assoc(&a, "234150000000001", 0xa1, T0, suci, sizeof(suci), tl);
	icf_associate(self->c, &a);
	mk_assoc(&a, "234150000000001", 0xa2, T0 + 10 * SEC);
	icf_associate(self->c, &a);
	/* SUPI 2 also got GUTI a2 (an AMF error): two SUPIs for one GUTI. */
	mk_assoc(&a, "234150000000002", 0xa2, T0 + 12 * SEC);
	icf_associate(self->c, &a);
	lm_clock_manual_set(&self->clk, T0 + 60 * SEC);
}

FIXTURE_TEARDOWN(iqf)
{
	iqf_arena_free(&self->ar);
	icf_free(self->c);
}

static int rejected(struct __test_metadata *_metadata, struct icf *c,
		    const Lmisf__Iqf__IdentityAssociationRequest *req,
		    struct iqf_arena *ar)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct iqf_outcome o;
	struct icf_stats before, after;

	icf_get_stats(c, &before);
	r = iqf_handle(c, req, &res, ar, &o);
	icf_get_stats(c, &after);
	EXPECT_EQ(before.queries, after.queries); /* not searched */
	if (!r || r->status != LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED ||
	    !r->has_reject_reason || !r->reject_detail)
		return -1;
	return (int)r->reject_reason;
}

#define EXPECT_REJECT(reason)                          \
	EXPECT_EQ(LMISF__IQF__REJECT_REASON__##reason, \
		  rejected(_metadata, self->c, &self->b.req, &self->ar))

TEST_F(iqf, reject_missing_request_value)
{
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	EXPECT_REJECT(MISSING_REQUEST_VALUE);
}

TEST_F(iqf, reject_multiple_request_values)
{
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	rq_guti(&self->b, 0xa1);
	EXPECT_REJECT(MULTIPLE_REQUEST_VALUES);
}

TEST_F(iqf, reject_malformed_supi)
{
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "23415000000000A");
	EXPECT_REJECT(INVALID_SUPI);
	rq_supi(&self->b, "2341500000000012"); /* 16 digits */
	EXPECT_REJECT(INVALID_SUPI);
	self->b.supi.value_case = LMISF__IQF__SUPI__VALUE__NOT_SET;
	EXPECT_REJECT(INVALID_SUPI);
	self->b.supi.value_case = LMISF__IQF__SUPI__VALUE_SUPI_NAI;
	self->b.supi.supi_nai = (char *)"user @realm";
	EXPECT_REJECT(INVALID_SUPI);
}

TEST_F(iqf, reject_malformed_guti)
{
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_guti(&self->b, 0xa1);
	self->b.guti.amf_set_id = 1024;
	EXPECT_REJECT(INVALID_FIVE_G_GUTI);
	rq_guti(&self->b, 0xa1);
	self->b.guti.amf_pointer = 64;
	EXPECT_REJECT(INVALID_FIVE_G_GUTI);
	rq_guti(&self->b, 0xa1);
	self->b.guti.amf_region_id = 256;
	EXPECT_REJECT(INVALID_FIVE_G_GUTI);
	rq_guti(&self->b, 0xa1);
	self->b.guti.mcc = (char *)"23";
	EXPECT_REJECT(INVALID_FIVE_G_GUTI);
	rq_guti(&self->b, 0xa1);
	self->b.guti.mnc = (char *)"1x";
	EXPECT_REJECT(INVALID_FIVE_G_GUTI);
}

TEST_F(iqf, reject_malformed_stmsi)
{
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_stmsi(&self->b, 0xa1);
	self->b.stmsi.amf_pointer = 64;
	EXPECT_REJECT(INVALID_FIVE_G_S_TMSI);
}

TEST_F(iqf, reject_malformed_suci)
{
	static uint8_t shorty[7];

	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	self->b.rv.has_suci = 1;
	self->b.rv.suci.data = shorty;
	self->b.rv.suci.len = sizeof(shorty);
	EXPECT_REJECT(INVALID_SUCI);
}

TEST_F(iqf, reject_malformed_tai_and_ncgi)
{
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_guti(&self->b, 0xa1);
	rq_tai(&self->b, "00010g");
	EXPECT_REJECT(INVALID_TAI);
	rq_tai(&self->b, "0001");
	EXPECT_REJECT(INVALID_TAI);
	rq_tai(&self->b, "000102");
	self->b.ncgi.mcc = (char *)"234";
	self->b.ncgi.mnc = (char *)"15";
	self->b.ncgi.nci = (char *)"12345678"; /* 8 digits, needs 9 */
	self->b.rv.ncgi = &self->b.ncgi;
	EXPECT_REJECT(INVALID_NCGI);
}

TEST_F(iqf, reject_location_with_permanent_identity)
{
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	rq_tai(&self->b, "000102");
	EXPECT_REJECT(LOCATION_WITH_PERMANENT_IDENTITY);
}

TEST_F(iqf, reject_malformed_observed_time)
{
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	self->b.req.observed_time = (char *)"yesterday";
	EXPECT_REJECT(INVALID_OBSERVED_TIME);
	self->b.req.observed_time = (char *)"2026-02-30T00:00:00Z";
	EXPECT_REJECT(INVALID_OBSERVED_TIME);
	self->b.req.observed_time = (char *)"2026-01-01T00:00:30";
	EXPECT_REJECT(INVALID_OBSERVED_TIME); /* no zone */
}

/* 7.6.3.1: requests outside the ICF cache period are rejected. */
TEST_F(iqf, reject_outside_cache_period)
{
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	rq_time(&self->b, T0 - 1); /* before the cache existed */
	EXPECT_REJECT(OUTSIDE_CACHE_PERIOD);
	rq_time(&self->b, T0 + 60 * SEC + 2 * SEC + 1); /* future > window */
	EXPECT_REJECT(OUTSIDE_CACHE_PERIOD);
	/* An hour later the period starts an hour ago. */
	lm_clock_manual_set(&self->clk, T0 + 3 * HOUR);
	rq_time(&self->b, T0 + 2 * HOUR - 1);
	EXPECT_REJECT(OUTSIDE_CACHE_PERIOD);
	rq_time(&self->b, T0 + 2 * HOUR); /* first instant inside */
	{
		Lmisf__Iqf__IdentityAssociationResponse *r;

		r = iqf_handle(self->c, &self->b.req, &res, &self->ar,
			       &self->o);
		ASSERT_NE(NULL, r);
		EXPECT_NE(LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED,
			  r->status);
	}
}

TEST_F(iqf, reject_bad_ongoing_requests)
{
	rq_init(&self->b,
		LMISF__IQF__REQUEST_TYPE__ONGOING_IDENTITY_ASSOCIATION);
	rq_guti(&self->b, 0xa1);
	EXPECT_REJECT(ONGOING_REQUIRES_SUPI);
	rq_init(&self->b,
		LMISF__IQF__REQUEST_TYPE__ONGOING_IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	rq_time(&self->b, T0 + 5 * SEC);
	EXPECT_REJECT(ONGOING_WITH_OBSERVED_TIME);
	rq_init(&self->b, 7);
	rq_supi(&self->b, "234150000000001");
	EXPECT_REJECT(INVALID_TYPE);
}

/* 7.6.3.1: zero matches give "no association found". */
TEST_F(iqf, no_association_found)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000099");
	r = iqf_handle(self->c, &self->b.req, &res, &self->ar, &self->o);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND, r->status);
	EXPECT_EQ(0, r->n_associations);
	EXPECT_EQ(0, self->o.results);
}

/* Every field of the 3GPP IdentityAssociationRecord is filled. */
TEST_F(iqf, record_fields)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;
	Lmisf__Iqf__IdentityAssociationRecord *a;

	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_guti(&self->b, 0xa1);
	self->b.req.has_request_id = 1;
	self->b.req.request_id = 77;
	r = iqf_handle(self->c, &self->b.req, &res, &self->ar, &self->o);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND, r->status);
	EXPECT_EQ(77, r->request_id);
	ASSERT_EQ(1, r->n_associations);
	a = r->associations[0];
	ASSERT_EQ(LMISF__IQF__SUPI__VALUE_SUPI_IMSI, a->supi->value_case);
	EXPECT_STREQ("234150000000001", a->supi->supi_imsi);
	ASSERT_TRUE(a->has_suci);
	EXPECT_EQ(10, a->suci.len);
	EXPECT_STREQ("234", a->five_g_guti->mcc);
	EXPECT_STREQ("15", a->five_g_guti->mnc);
	EXPECT_EQ(1, a->five_g_guti->amf_region_id);
	EXPECT_EQ(5, a->five_g_guti->amf_set_id);
	EXPECT_EQ(3, a->five_g_guti->amf_pointer);
	EXPECT_EQ(0xa1, a->five_g_guti->five_g_tmsi);
	ASSERT_NE(NULL, a->pei);
	EXPECT_STREQ("35925406123456", a->pei->pei_imei);
	ASSERT_NE(NULL, a->gpsi);
	EXPECT_STREQ("447700900001", a->gpsi->gpsi_msisdn);
	EXPECT_STREQ("2026-01-01T00:00:00.000Z", a->association_start_time);
	EXPECT_STREQ("2026-01-01T00:00:10.000Z", a->association_end_time);
	ASSERT_EQ(1, a->n_five_gs_tai_list);
	EXPECT_STREQ("000102", a->five_gs_tai_list[0]->tac);
	ASSERT_NE(NULL, a->ncgi);
	EXPECT_STREQ("123456789", a->ncgi->nci);
	ASSERT_NE(NULL, a->tai);
	EXPECT_STREQ("000100", a->tai->tac);
	EXPECT_FALSE(r->has_multiple_supis);
}

/* Hex forms with letters: MAC / EUI-64 PEI, TAC, NCI; time to the ms. */
TEST(record_hex_forms)
{
	static const uint8_t mac[8] = { 0x0a, 0xbc, 0xde, 0xf0,
					0x12, 0xff, 0x00, 0x9e };
	static const uint8_t tai[6] = { 0x32, 0xf4, 0x51, 0xab, 0xcd, 0xef };
	static const uint8_t ncgi[8] = { 0x32, 0xf4, 0x51, 0xfe,
					 0xdc, 0xba, 0x98, 0x71 };
	static const uint8_t guti[10] = {
		0x32, 0xf4, 0x51, 1, 0, 0, 0, 0, 0, 1
	};
	Lmisf__Iqf__IdentityAssociationRecord *r;
	struct iqf_arena ar = { 0 };
	struct icf_view v = { 0 };

	v.supi.type = ICF_SUPI_NAI;
	v.supi.val = "a@b";
	v.supi.len = 3;
	v.guti = guti;
	v.tai = tai;
	v.has_ncgi = true;
	v.ncgi = ncgi;
	v.start = T0 + DAY * 364 + 86399999; /* 2026-12-31T23:59:59.999Z */
	v.end = ICF_OPEN;
	v.pei_type = ICF_PEI_MAC;
	v.pei = mac;
	v.pei_len = 6;
	r = iqf_record(&ar, &v);
	ASSERT_NE(NULL, r);
	EXPECT_STREQ("0a-bc-de-f0-12-ff", r->pei->pei_mac);
	EXPECT_STREQ("abcdef", r->tai->tac);
	EXPECT_STREQ("fedcba987", r->ncgi->nci);
	EXPECT_STREQ("2026-12-31T23:59:59.999Z", r->association_start_time);
	EXPECT_EQ(NULL, r->association_end_time);
	v.pei_type = ICF_PEI_EUI64;
	v.pei_len = 8;
	r = iqf_record(&ar, &v);
	ASSERT_NE(NULL, r);
	EXPECT_STREQ("0a-bc-de-f0-12-ff-00-9e", r->pei->pei_eui64);
	iqf_arena_free(&ar);
}

/* 7.6.3.1: several GUTIs of one SUPI -> all matched associations. */
TEST_F(iqf, all_associations_of_a_supi)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	rq_time(&self->b, T0 + 9 * SEC); /* window reaches a2's start */
	r = iqf_handle(self->c, &self->b.req, &res, &self->ar, &self->o);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(2, r->n_associations);
	EXPECT_FALSE(r->multiple_supis);
	EXPECT_EQ(NULL, r->associations[0]->association_end_time);
	EXPECT_STREQ("2026-01-01T00:00:10.000Z",
		     r->associations[1]->association_end_time);
}

/* 7.6.3.1: several SUCIs of one SUPI in the window -> all of them. */
TEST_F(iqf, all_sucis_of_a_supi)
{
	static const uint8_t s1[8] = { 1, 0x32, 0xf4, 0x51, 0, 0, 0, 1 };
	static const uint8_t s2[8] = { 1, 0x32, 0xf4, 0x51, 0, 0, 0, 2 };
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct icf_assoc_event a;

	mk_assoc(&a, "234150000000005", 0xc1, T0 + 20 * SEC);
	a.suci = s1;
	a.suci_len = sizeof(s1);
	icf_associate(self->c, &a);
	mk_assoc(&a, "234150000000005", 0xc2, T0 + 21 * SEC);
	a.suci = s2;
	a.suci_len = sizeof(s2);
	icf_associate(self->c, &a);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000005");
	rq_time(&self->b, T0 + 20 * SEC);
	r = iqf_handle(self->c, &self->b.req, &res, &self->ar, &self->o);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(2, r->n_associations);
	ASSERT_TRUE(r->associations[0]->has_suci);
	ASSERT_TRUE(r->associations[1]->has_suci);
	EXPECT_EQ(2, r->associations[0]->suci.data[7]);
	EXPECT_EQ(1, r->associations[1]->suci.data[7]);
	EXPECT_FALSE(r->multiple_supis);
}

/* Multiple SUPIs for one 5G-GUTI / 5G-S-TMSI: returned and flagged. */
TEST_F(iqf, multiple_supis_flagged)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_stmsi(&self->b, 0xa2);
	r = iqf_handle(self->c, &self->b.req, &res, &self->ar, &self->o);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(2, r->n_associations);
	EXPECT_TRUE(r->has_multiple_supis && r->multiple_supis);
	EXPECT_EQ(2, self->o.supis);
}

/* Observed time with a numeric offset is the same instant. */
TEST_F(iqf, observed_time_with_offset)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_guti(&self->b, 0xa1);
	self->b.req.observed_time = (char *)"2026-01-01T01:00:05+01:00";
	r = iqf_handle(self->c, &self->b.req, &res, &self->ar, &self->o);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND, r->status);
	EXPECT_EQ(1, r->n_associations);
}

/* TAI in the request selects through the TAI list (temporary identity). */
TEST_F(iqf, tai_selects)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_stmsi(&self->b, 0xa1);
	rq_tai(&self->b, "000102");
	r = iqf_handle(self->c, &self->b.req, &res, &self->ar, &self->o);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(1, r->n_associations);
	rq_tai(&self->b, "0000ff");
	r = iqf_handle(self->c, &self->b.req, &res, &self->ar, &self->o);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND, r->status);
}

TEST(time_strings)
{
	lm_ms_t t;
	char buf[32];

	ASSERT_EQ(0, lm_time_parse_gt("20260101000000Z", 15, &t));
	EXPECT_EQ(T0, t);
	ASSERT_EQ(0, lm_time_parse_gt("20260101000000.25Z", 18, &t));
	EXPECT_EQ(T0 + 250, t);
	EXPECT_NE(0, lm_time_parse_gt("20260101000000", 14, &t));
	EXPECT_NE(0, lm_time_parse_gt("20261301000000Z", 15, &t));
	lm_time_format_rfc3339(T0 + 1234, buf);
	EXPECT_STREQ("2026-01-01T00:00:01.234Z", buf);
	ASSERT_EQ(0, lm_time_parse_rfc3339("2026-01-01T00:00:01.234Z", &t));
	EXPECT_EQ(T0 + 1234, t);
	ASSERT_EQ(0, lm_time_parse_rfc3339("2025-12-31T23:30:00-00:30", &t));
	EXPECT_EQ(T0, t);
	lm_time_format_rfc3339(-1, buf);
	EXPECT_STREQ("1969-12-31T23:59:59.999Z", buf);
	/* Years outside 0000-9999 keep printf's form. */
	lm_time_format_rfc3339(253402300800000LL, buf);
	EXPECT_STREQ("10000-01-01T00:00:00.000Z", buf);
}

TEST_HARNESS_MAIN
