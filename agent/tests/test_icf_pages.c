// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_pages.c - what an IQF answer reads of the record pages lies in
 * one 4 KiB block: a first registration's association, its SUPI record
 * and its value set (PEI, GPSI, TAI list) share a block (icf_int.h), over
 * more than one 2 MiB page of records, after later associations that
 * share the value set, and in a cache restored from a snapshot. On this
 * host a query costs about a third of a microsecond per distinct 4 KiB
 * page (Documentation/performance-icf.rst).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "icf_attrs.h"
#include "icf_fixture.h"
#include "icf_int.h"
#include "icf_journal.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

static struct icf_result res; /* large: keep it off the stack */

static const uint8_t tais[3 * ICF_TAI_LEN] = {
	0x32, 0xf4, 0x51, 0,	1,    0,    0x32, 0xf4, 0x51,
	0,    1,    1,	  0x32, 0xf4, 0x51, 0,	  1,	2,
};

static uintptr_t block_of(const void *p)
{
	return (uintptr_t)p / REC_BLOCK;
}

/* First registration @i with every value: PEI, GPSI, TAI list. */
static void registration(struct icf_assoc_event *ev, uint32_t i, char *supi,
			 char *imei, char *msisdn)
{
	snprintf(supi, 16, "23415%010u", i);
	snprintf(imei, 16, "35%012u", i);
	snprintf(msisdn, 16, "4477%08u", i);
	mk_assoc(ev, supi, i, T0);
	ev->pei_type = ICF_PEI_IMEI;
	ev->pei = (const uint8_t *)imei;
	ev->pei_len = 14;
	ev->gpsi_type = ICF_GPSI_MSISDN;
	ev->gpsi = msisdn;
	ev->gpsi_len = 12;
	ev->has_tai_list = true;
	ev->n_tai_list = 3;
	ev->tai_list = tais;
}

static int fill(struct icf *c, uint32_t n)
{
	struct icf_assoc_event ev;
	char supi[16], imei[16], msisdn[16];

	for (uint32_t i = 0; i < n; i++) {
		registration(&ev, i, supi, imei, msisdn);
		if (icf_associate(c, &ev) != ICF_STORED)
			return -1;
	}
	return 0;
}

/*
 * Associations of @c whose SUPI record or value set is not in their
 * 4 KiB block; *n counts the associations looked at.
 */
static uint32_t apart(const struct icf *c, uint32_t *n)
{
	uint32_t k = 0;

	*n = 0;
	for (uint32_t id = 1; id < c->assocs.used; id++) {
		const struct icf_assoc *a = assoc_at(c, id);

		if (!a->sub)
			continue;
		(*n)++;
		k += block_of(sub_at(c, a->sub)) != block_of(a) || !a->attrs ||
		     block_of(icf_attrs_addr(c, a->attrs)) != block_of(a);
	}
	return k;
}

TEST(first_registration_in_one_block)
{
	const uint32_t n = REC_PER_PAGE + 3 * REC_PER_BLOCK + 5;
	struct icf_assoc_event ev;
	struct lm_clock clk;
	struct icf_query q = { .key = ICF_KEY_SUPI };
	struct icf_view v;
	uint32_t seen, id;
	struct icf *c;
	char supi[16], pei[16], gpsi[16];

	lm_clock_manual_init(&clk, T0);
	c = icf_new(&test_cfg, &clk);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(0, fill(c, n));
	EXPECT_EQ(0, apart(c, &seen));
	EXPECT_EQ(n, seen);
	/* Beyond the first 2 MiB page too. */
	EXPECT_LT(REC_PER_PAGE, c->assocs.used);
	/*
	 * A later association of the last SUPI shares its value set: the
	 * value set stays in the first association's block, the SUPI
	 * record's, and reads back the same through the new association.
	 */
	lm_clock_manual_set(&clk, T0 + SEC);
	registration(&ev, n - 1, supi, pei, gpsi);
	mk_assoc(&ev, supi, 0x7777, T0 + SEC);
	ASSERT_EQ(ICF_STORED, icf_associate(c, &ev));
	q.supi = ev.supi;
	ASSERT_EQ(0, icf_query(c, &q, &res));
	ASSERT_EQ(1, res.n);
	id = res.ids[0];
	ASSERT_EQ(0, icf_view(c, id, &v));
	EXPECT_EQ(block_of(sub_at(c, assoc_at(c, id)->sub)),
		  block_of(icf_attrs_addr(c, assoc_at(c, id)->attrs)));
	EXPECT_EQ(assoc_at(c, assoc_at(c, id)->older)->attrs,
		  assoc_at(c, id)->attrs);
	ASSERT_EQ(14, v.pei_len);
	EXPECT_EQ(0, memcmp(v.pei, pei, 14));
	ASSERT_EQ(12, v.gpsi_len);
	EXPECT_EQ(0, memcmp(v.gpsi, gpsi, 12));
	ASSERT_EQ(3, v.n_tai_list);
	EXPECT_EQ(0, memcmp(v.tai_list, tais, sizeof(tais)));
	icf_free(c);
}

/* A cache restored from a snapshot keeps each registration in its block. */
TEST(restored_registrations_in_one_block)
{
	const uint32_t n = 3 * REC_PER_BLOCK + 7;
	char dir[] = "/tmp/lmisf-pages-XXXXXX", path[64];
	struct icf_persist *p;
	struct lm_clock clk;
	struct icf *c, *c2;
	uint32_t seen;

	ASSERT_NE(NULL, mkdtemp(dir));
	lm_clock_manual_init(&clk, T0);
	c = icf_new(&test_cfg, &clk);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(0, icf_persist_open(c, dir, &p));
	ASSERT_EQ(0, fill(c, n));
	ASSERT_EQ(0, icf_persist_snapshot(p));
	icf_persist_close(p);
	icf_free(c);
	c2 = icf_new(&test_cfg, &clk);
	ASSERT_NE(NULL, c2);
	ASSERT_EQ(0, icf_persist_open(c2, dir, &p));
	EXPECT_EQ(0, apart(c2, &seen));
	EXPECT_EQ(n, seen);
	icf_persist_close(p);
	icf_free(c2);
	snprintf(path, sizeof(path), "%s/snapshot", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/journal", dir);
	unlink(path);
	rmdir(dir);
}

TEST_HARNESS_MAIN
