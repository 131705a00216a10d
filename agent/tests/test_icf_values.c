// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_values.c - how the ICF stores identities and the values that
 * carry forward (PEI, GPSI, TAI list): digits kept as BCD (IMSI, IMEI,
 * IMEISV, MSISDN) come back as the same digits (odd counts too), other
 * values octet for octet, and a TAI list named by many UEs is stored once
 * and goes with its last user.
 */
#include <errno.h>
#include <stdlib.h>

#include "kselftest_harness.h"

#include "icf_fixture.h"

/* The harness defines fixture setup/teardown without prototypes. */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"

FIXTURE(values)
{
	struct lm_clock clk;
	struct icf *c;
	struct icf_assoc_event a;
	struct icf_query q;
};

FIXTURE_SETUP(values)
{
	lm_clock_manual_init(&self->clk, T0);
	self->c = icf_new(&test_cfg, &self->clk);
	ASSERT_NE(NULL, self->c);
}

FIXTURE_TEARDOWN(values)
{
	icf_free(self->c);
}

static struct icf_result res;

/* The one association of @supi, viewed into @v. */
static int view_supi(struct icf *c, struct icf_query *q, const char *supi,
		     struct icf_view *v)
{
	q_supi(q, supi);
	if (strchr(supi, '@'))
		q->supi.type = ICF_SUPI_NAI;
	if (icf_query(c, q, &res) || res.n != 1)
		return -1;
	return icf_view(c, res.ids[0], v);
}

/* IMSIs of every length (BCD) and NAIs inline or not are found and kept. */
TEST_F(values, supi_round_trip)
{
	static const char *const supis[] = {
		"234150",	    "2341500000000", "234150000000001",
		"23415000000000",   "a@b",	     "user@example.org",
		"0123456789@x.org",
	};
	const size_t n = sizeof(supis) / sizeof(supis[0]);
	struct icf_stats st;

	for (size_t i = 0; i < n; i++) {
		mk_assoc(&self->a, supis[i], 0xa1 + i, T0);
		if (strchr(supis[i], '@'))
			self->a.supi.type = ICF_SUPI_NAI;
		ASSERT_EQ(ICF_STORED, icf_associate(self->c, &self->a));
	}
	for (size_t i = 0; i < n; i++) {
		struct icf_view v;

		ASSERT_EQ(0, view_supi(self->c, &self->q, supis[i], &v));
		ASSERT_EQ(strlen(supis[i]), v.supi.len);
		EXPECT_EQ(0, memcmp(supis[i], v.supi.val, v.supi.len));
		EXPECT_EQ(0xa1 + i, v.guti[9]);
	}
	/* A prefix, or one digit more, is another SUPI. */
	q_supi(&self->q, "23415");
	self->q.supi.len = 5;
	EXPECT_EQ(-EINVAL, icf_query(self->c, &self->q, &res));
	q_supi(&self->q, "2341500000000000");
	EXPECT_EQ(-EINVAL, icf_query(self->c, &self->q, &res));
	q_supi(&self->q, "23415000000001");
	ASSERT_EQ(0, icf_query(self->c, &self->q, &res));
	EXPECT_EQ(0, res.n);
	lm_clock_manual_set(&self->clk, T0 + 2 * DAY + SEC);
	icf_expire(self->c);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(0, st.subscribers);
}

/* Every PEI and GPSI form, odd and even digit counts, comes back intact. */
TEST_F(values, pei_and_gpsi_round_trip)
{
	static const struct {
		uint8_t pei_type;
		const char *pei;
		uint8_t pei_len;
		uint8_t gpsi_type;
		const char *gpsi;
	} cases[] = {
		{ ICF_PEI_IMEI, "35925406123456", 14, ICF_GPSI_MSISDN,
		  "447700900001" },
		{ ICF_PEI_IMEISV, "3592540612345601", 16, ICF_GPSI_MSISDN,
		  "12345" },
		{ ICF_PEI_MAC, "\x00\x1b\x63\x84\x45\xe6", 6, ICF_GPSI_MSISDN,
		  "447700900123456" },
		{ ICF_PEI_EUI64, "\x02\x1b\x63\xff\xfe\x84\x45\xe6", 8,
		  ICF_GPSI_NAI, "user@example.com" },
		{ ICF_PEI_IMEI, "00000000000009", 14, ICF_GPSI_MSISDN, "0" },
	};
	char supi[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct icf_view v;

		snprintf(supi, sizeof(supi), "23415000000000%zu", i);
		mk_assoc(&self->a, supi, 0xa1 + i, T0);
		self->a.pei_type = cases[i].pei_type;
		self->a.pei = (const uint8_t *)cases[i].pei;
		self->a.pei_len = cases[i].pei_len;
		self->a.gpsi_type = cases[i].gpsi_type;
		self->a.gpsi = cases[i].gpsi;
		self->a.gpsi_len = (uint16_t)strlen(cases[i].gpsi);
		ASSERT_EQ(ICF_STORED, icf_associate(self->c, &self->a));
		ASSERT_EQ(0, view_supi(self->c, &self->q, supi, &v));
		EXPECT_EQ(cases[i].pei_type, v.pei_type);
		ASSERT_EQ(cases[i].pei_len, v.pei_len);
		EXPECT_EQ(0, memcmp(cases[i].pei, v.pei, v.pei_len));
		EXPECT_EQ(cases[i].gpsi_type, v.gpsi_type);
		ASSERT_EQ(strlen(cases[i].gpsi), v.gpsi_len);
		EXPECT_EQ(0, memcmp(cases[i].gpsi, v.gpsi, v.gpsi_len));
	}
}

/* A record repeating the values in force shares them; one change does not. */
TEST_F(values, repetition_shares_change_does_not)
{
	struct icf_stats st;
	struct icf_view v;

	mk_assoc(&self->a, "234150000000001", 0xa1, T0);
	self->a.gpsi_type = ICF_GPSI_MSISDN;
	self->a.gpsi = "447700900001";
	self->a.gpsi_len = 12;
	icf_associate(self->c, &self->a);
	self->a.timestamp = T0 + SEC;
	self->a.guti[9] = 0xa2;
	icf_associate(self->c, &self->a);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(1, st.attr_sets);
	self->a.timestamp = T0 + 2 * SEC;
	self->a.guti[9] = 0xa3;
	self->a.gpsi = "447700900002";
	icf_associate(self->c, &self->a);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(2, st.attr_sets);
	ASSERT_EQ(0, view_supi(self->c, &self->q, "234150000000001", &v));
	EXPECT_EQ(0, memcmp("447700900002", v.gpsi, 12));
}

/* One TAI list for every UE that names it; deleted with its last user. */
TEST_F(values, tai_lists_interned)
{
	uint8_t l1[3 * ICF_TAI_LEN], l2[3 * ICF_TAI_LEN];
	struct icf_stats st;
	struct icf_view v;
	char supi[32];

	for (int k = 0; k < 3; k++) {
		mk_tai(l1 + k * ICF_TAI_LEN, plmn_a, 0x100 + k);
		mk_tai(l2 + k * ICF_TAI_LEN, plmn_a, 0x200 + k);
	}
	for (int i = 0; i < 10; i++) {
		snprintf(supi, sizeof(supi), "23415000000001%d", i);
		mk_assoc(&self->a, supi, 0xb0 + i, T0);
		self->a.has_tai_list = true;
		self->a.n_tai_list = 3;
		/* Different value sets (PEI), the same list for most. */
		self->a.tai_list = i < 8 ? l1 : l2;
		self->a.pei_type = ICF_PEI_MAC;
		self->a.pei = (const uint8_t *)supi;
		self->a.pei_len = 6;
		ASSERT_EQ(ICF_STORED, icf_associate(self->c, &self->a));
	}
	icf_get_stats(self->c, &st);
	EXPECT_EQ(10, st.attr_sets);
	EXPECT_EQ(2, st.tai_lists);
	ASSERT_EQ(0, view_supi(self->c, &self->q, "234150000000019", &v));
	ASSERT_TRUE(v.has_tai_list);
	ASSERT_EQ(3, v.n_tai_list);
	EXPECT_EQ(0, memcmp(l2, v.tai_list, sizeof(l2)));
	/* An empty list is a list too (known, no TAIs). */
	mk_assoc(&self->a, "234150000000099", 0xc0, T0);
	self->a.has_tai_list = true;
	self->a.n_tai_list = 0;
	self->a.tai_list = NULL;
	ASSERT_EQ(ICF_STORED, icf_associate(self->c, &self->a));
	ASSERT_EQ(0, view_supi(self->c, &self->q, "234150000000099", &v));
	EXPECT_TRUE(v.has_tai_list);
	EXPECT_EQ(0, v.n_tai_list);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(3, st.tai_lists);
	/* Past the maximum active lifetime everything goes, lists too. */
	lm_clock_manual_set(&self->clk, T0 + 2 * DAY + SEC);
	icf_expire(self->c);
	icf_get_stats(self->c, &st);
	EXPECT_EQ(0, st.associations);
	EXPECT_EQ(0, st.attr_sets);
	EXPECT_EQ(0, st.tai_lists);
}

TEST_HARNESS_MAIN
