// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_batch.c - icf_apply_lixer_batch() (what the LI_XER listener
 * uses) takes exactly the decisions icf_apply_lixer() takes one record at
 * a time: the same result per record and the same cache afterwards, over a
 * stream with repeated SUPIs inside one batch, duplicates, late records,
 * deassociations and an invalid record; and the keys the batch hashes
 * once per record (SUPI, SUCI, 5G-S-TMSI) find the same associations.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kselftest_harness.h"

#include "icf_fixture.h"
#include "icf_lixer.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#define N 100

static char supis[N][16];
static uint8_t sucis[N][9];

static void mk(struct lixer_msg *m, int i)
{
	int ue = i % 7;
	int64_t t = (int64_t)(T0 + (i * 37 % 50) * SEC) * 1000000;

	memset(m, 0, sizeof(*m));
	snprintf(supis[i], sizeof(supis[i]), "2341500000000%02d", ue);
	if (i % 11 == 5) {
		m->kind = LIXER_DEASSOCIATION;
		m->deassoc.supi.kind = LIXER_SUPI_IMSI;
		m->deassoc.supi.v.ptr = (const uint8_t *)supis[i];
		m->deassoc.supi.v.len = 15;
		mk_guti(m->deassoc.guti, plmn_a, 1, 5, 3, 0xa0 + (i - 1) % 9);
		m->deassoc.timestamp_ns = t;
		return;
	}
	m->kind = LIXER_ASSOCIATION;
	m->assoc.supi.kind = LIXER_SUPI_IMSI;
	m->assoc.supi.v.ptr = (const uint8_t *)supis[i];
	/* One SUPI with a letter: refused by the cache. */
	m->assoc.supi.v.len = i == 42 ? 3 : 15;
	mk_guti(m->assoc.guti, plmn_a, 1, 5, 3, 0xa0 + i % 9);
	m->assoc.timestamp_ns = t;
	mk_tai(m->assoc.tai, plmn_a, 0x100 + i % 3);
	memcpy(m->assoc.ncgi.plmn, plmn_a, 3);
	m->assoc.ncgi.nci = (uint64_t)i;
	if (i % 3 == 0) {
		memcpy(sucis[i], "\x01\x32\xf4\x51\xf0\xff\x00\x00", 8);
		sucis[i][8] = (uint8_t)i;
		m->assoc.suci.ptr = sucis[i];
		m->assoc.suci.len = 9;
	}
	if (i % 4 == 0) {
		m->assoc.pei.kind = LIXER_PEI_IMEI;
		m->assoc.pei.v.ptr = (const uint8_t *)"35925406123456";
		m->assoc.pei.v.len = 14;
	}
}

static int line(void *arg, const struct icf_view *v)
{
	char **s = arg;
	char buf[256];
	size_t n = *s ? strlen(*s) : 0;
	int k = snprintf(buf, sizeof(buf), "%u %.*s %02x %lld %lld %u %u\n",
			 v->id, (int)v->supi.len, v->supi.val, v->guti[9],
			 (long long)v->start, (long long)v->end, v->pei_len,
			 v->ncgi[7]);

	*s = realloc(*s, n + (size_t)k + 1);
	memcpy(*s + n, buf, (size_t)k + 1);
	return 0;
}

/* The same answer from both caches for @q. */
static bool same_query(struct icf *a, struct icf *b, const struct icf_query *q)
{
	static struct icf_result ra, rb;

	if (icf_query(a, q, &ra) || icf_query(b, q, &rb))
		return false;
	return ra.n && ra.n == rb.n &&
	       !memcmp(ra.ids, rb.ids, ra.n * sizeof(ra.ids[0]));
}

TEST(batch_same_as_one_by_one)
{
	static struct lixer_msg m[N];
	enum icf_ingest_result one[N], batch[N];
	struct lm_clock clk;
	struct icf *a, *b;
	char *da = NULL, *db = NULL;
	int dup = 0;

	lm_clock_manual_init(&clk, T0 + 60 * SEC);
	a = icf_new(&test_cfg, &clk);
	b = icf_new(&test_cfg, &clk);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	for (int i = 0; i < N; i++)
		mk(&m[i], i);
	m[60] = m[59]; /* an exact duplicate */
	for (int i = 0; i < N; i++)
		one[i] = icf_apply_lixer(a, &m[i]);
	for (int i = 0; i < N; i += ICF_BATCH)
		icf_apply_lixer_batch(b, &m[i],
				      N - i < ICF_BATCH ? N - i : ICF_BATCH,
				      &batch[i]);
	for (int i = 0; i < N; i++) {
		EXPECT_EQ(one[i], batch[i]);
		dup += one[i] == ICF_DUPLICATE;
	}
	EXPECT_EQ(ICF_INVALID, one[42]);
	EXPECT_GE(dup, 1);
	for (int i = 0; i < N; i++) {
		struct icf_query q = { .key = ICF_KEY_SUPI };

		if (m[i].kind != LIXER_ASSOCIATION || one[i] != ICF_STORED)
			continue;
		q.supi.type = ICF_SUPI_IMSI;
		q.supi.val = supis[i];
		q.supi.len = 15;
		EXPECT_TRUE(same_query(a, b, &q));
		q.key = ICF_KEY_STMSI;
		icf_guti_to_stmsi(m[i].assoc.guti, q.stmsi);
		EXPECT_TRUE(same_query(a, b, &q));
		if (i % 3)
			continue;
		q.key = ICF_KEY_SUCI;
		q.suci = sucis[i];
		q.suci_len = 9;
		EXPECT_TRUE(same_query(a, b, &q));
	}
	icf_for_each(a, line, &da);
	icf_for_each(b, line, &db);
	ASSERT_NE(NULL, da);
	EXPECT_STREQ(da, db);
	free(da);
	free(db);
	icf_free(a);
	icf_free(b);
}

/*
 * The batch hashes a TAI list while prefetching and interns it with that
 * hash: a record applied on its own (hashed when merged) finds the same
 * interned list, before and after.
 */
TEST(batch_tai_list_hash_shared)
{
	static struct lixer_msg m[ICF_BATCH + 2];
	enum icf_ingest_result res[ICF_BATCH];
	struct icf_stats st;
	struct lm_clock clk;
	struct icf *c;

	lm_clock_manual_init(&clk, T0 + 60 * SEC);
	c = icf_new(&test_cfg, &clk);
	ASSERT_NE(NULL, c);
	for (int i = 0; i < ICF_BATCH + 2; i++) {
		mk(&m[i], i * 11 % N); /* associations only */
		ASSERT_EQ(LIXER_ASSOCIATION, m[i].kind);
		m[i].assoc.has_tai_list = true;
		m[i].assoc.n_tais = 2;
		mk_tai(m[i].assoc.tai_list[0], plmn_b, 0x300);
		mk_tai(m[i].assoc.tai_list[1], plmn_b, 0x301);
	}
	EXPECT_NE(ICF_INVALID, icf_apply_lixer(c, &m[0]));
	icf_apply_lixer_batch(c, &m[1], ICF_BATCH, res);
	for (int i = 0; i < ICF_BATCH; i++)
		EXPECT_NE(ICF_INVALID, res[i]);
	EXPECT_NE(ICF_INVALID, icf_apply_lixer(c, &m[ICF_BATCH + 1]));
	icf_get_stats(c, &st);
	EXPECT_EQ(1, st.tai_lists);
	icf_free(c);
}

TEST_HARNESS_MAIN
