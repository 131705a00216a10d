// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_decoded.c - records lixer_decode() accepted skip the cache's
 * checks of what the decoder checked (icf_associate_decoded()): both
 * decoders mark what they accept, and a stream of decoded records, valid
 * and not (a bad PLMN ID in each place, an NAI SUPI or GPSI that is not
 * UTF-8, every PEI and GPSI kind), leaves the same results, counters and
 * cache as the same records fully checked.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kselftest_harness.h"

#include "icf_fixture.h"
#include "icf_lixer.h"
#include "lixer_int.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#define N 120

static char supis[N][24], gpsis[N][24];

/* What mk() makes wrong: the NAI SUPI, the GPSI NAI, a PLMN ID. */
static bool wrong(int i)
{
	return i % 10 == 9 || (i % 14 == 1 && i % 3 == 1) ||
	       (i % 13 == 2 || i % 13 == 5 || i % 13 == 8 || i % 13 == 11);
}

/* Record @i: mostly valid, with one wrong value every few records. */
static void mk(struct lixer_msg *m, int i)
{
	struct lixer_assoc *a = &m->assoc;
	int64_t t = (int64_t)(T0 + (i * 37 % 50) * SEC) * 1000000;

	memset(m, 0, sizeof(*m));
	m->kind = LIXER_ASSOCIATION;
	if (i % 5 == 4) {
		/* An NAI; every 10th not UTF-8 (a lone continuation octet). */
		snprintf(supis[i], sizeof(supis[i]), "ue%d%s@ims.example",
			 i % 9, i % 10 == 9 ? "\x80" : "");
		a->supi.kind = LIXER_SUPI_NAI;
	} else {
		snprintf(supis[i], sizeof(supis[i]), "2341500000000%02d",
			 i % 9);
		a->supi.kind = LIXER_SUPI_IMSI;
	}
	a->supi.v.ptr = (const uint8_t *)supis[i];
	a->supi.v.len = strlen(supis[i]);
	mk_guti(a->guti, plmn_a, 1, 5, 3, 0xa0 + i % 11);
	a->timestamp_ns = t;
	mk_tai(a->tai, plmn_a, 0x100 + i % 3);
	memcpy(a->ncgi.plmn, plmn_b, 3);
	a->ncgi.nci = (uint64_t)i;
	a->ncgi_time_ns = t;
	if (i % 3 == 0) {
		a->suci.ptr = (const uint8_t *)supis[i];
		a->suci.len = 9;
	}
	a->pei.kind = (enum lixer_pei_kind)(i % 5);
	a->pei.v.ptr = (const uint8_t *)"3592540612345678";
	a->pei.v.len = (size_t[]){ 0, 14, 16, 6, 8 }[i % 5];
	if (i % 4 == 1) {
		a->has_tai_list = true;
		a->n_tais = 1 + i % 3;
		for (unsigned int k = 0; k < a->n_tais; k++)
			mk_tai(a->tai_list[k], plmn_b, 0x200 + k);
	}
	if (i % 3 == 1) {
		bool nai = i % 2;

		/* Some an NAI with a space (i % 14 == 1: odd). */
		if (nai)
			snprintf(gpsis[i], sizeof(gpsis[i]),
				 "msisdn%s@x.example", i % 14 == 1 ? " " : "");
		else
			snprintf(gpsis[i], sizeof(gpsis[i]), "4479%02d", i);
		a->gpsi.kind = nai ? LIXER_GPSI_NAI : LIXER_GPSI_MSISDN;
		a->gpsi.v.ptr = (const uint8_t *)gpsis[i];
		a->gpsi.v.len = strlen(gpsis[i]);
	}
	/* A PLMN ID that is not BCD, in turn in each place checked. */
	switch (i % 13) {
	case 2:
		a->guti[0] = 0xaa;
		break;
	case 5:
		a->tai[1] = 0x3a;
		break;
	case 8:
		a->ncgi.plmn[2] = 0xc0;
		break;
	case 11:
		a->has_tai_list = true;
		a->n_tais = 2;
		mk_tai(a->tai_list[0], plmn_b, 7);
		a->tai_list[1][0] = 0xf1;
		break;
	}
}

static int line(void *arg, const struct icf_view *v)
{
	char **s = arg;
	char buf[512];
	size_t n = *s ? strlen(*s) : 0;
	int k = snprintf(buf, sizeof(buf),
			 "%u %.*s %02x %lld %lld pei %u/%u gpsi %u/%u suci %u "
			 "tais %u ncgi %02x\n",
			 v->id, (int)v->supi.len, v->supi.val, v->guti[9],
			 (long long)v->start, (long long)v->end, v->pei_type,
			 v->pei_len, v->gpsi_type, v->gpsi_len, v->suci_len,
			 v->n_tai_list, v->ncgi[7]);

	*s = realloc(*s, n + (size_t)k + 1);
	memcpy(*s + n, buf, (size_t)k + 1);
	return 0;
}

/* Every association of @c, one line each (malloc'd; NULL: none). */
static char *dump(struct icf *c)
{
	char *s = NULL;

	icf_for_each(c, line, &s);
	return s;
}

TEST(both_decoders_mark_what_they_accept)
{
	struct lixer_msg m, d;
	struct ber_error err;
	struct ber_enc e;

	mk(&m, 0);
	ber_enc_init(&e);
	ASSERT_EQ(0, lixer_encode(&m, &e));
	ASSERT_TRUE(lixer_decode_fast(e.buf, e.len, &d));
	EXPECT_TRUE(d.decoded);
	memset(&d, 0, sizeof(d));
	ASSERT_EQ(0, lixer_decode_walk(e.buf, e.len, &d, &err));
	EXPECT_TRUE(d.decoded);
	memset(&d, 0, sizeof(d));
	ASSERT_EQ(0, lixer_decode(e.buf, e.len, &d, &err));
	EXPECT_TRUE(d.decoded);
	ber_enc_free(&e);
}

TEST(decoded_same_as_fully_checked)
{
	static struct lixer_msg m[N];
	static struct ber_enc e[N];
	enum icf_ingest_result ra[N], rb[N];
	struct icf_stats sa, sb;
	struct lm_clock clk;
	struct ber_error err;
	struct icf *a, *b;
	char *da = NULL, *db = NULL;
	int invalid = 0, kept = 0;

	lm_clock_manual_init(&clk, T0 + 60 * SEC);
	a = icf_new(&test_cfg, &clk);
	b = icf_new(&test_cfg, &clk);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	for (int i = 0; i < N; i++) {
		struct lixer_msg tmp;

		mk(&tmp, i);
		ber_enc_init(&e[i]);
		ASSERT_EQ(0, lixer_encode(&tmp, &e[i]));
		ASSERT_EQ(0, lixer_decode(e[i].buf, e[i].len, &m[i], &err));
		ASSERT_TRUE(m[i].decoded);
	}
	for (int i = 0; i < N; i += ICF_BATCH)
		icf_apply_lixer_batch(a, &m[i],
				      N - i < ICF_BATCH ? N - i : ICF_BATCH,
				      &ra[i]);
	for (int i = 0; i < N; i++) {
		m[i].decoded = false; /* as if built by hand: every check */
		rb[i] = icf_apply_lixer(b, &m[i]);
		EXPECT_EQ(rb[i], ra[i]) TH_LOG("record %d", i);
		EXPECT_EQ(wrong(i), rb[i] == ICF_INVALID)
		TH_LOG("record %d", i);
		invalid += rb[i] == ICF_INVALID;
		kept += rb[i] == ICF_STORED || rb[i] == ICF_STORED_HISTORY;
	}
	EXPECT_GE(kept, N / 2);
	icf_get_stats(a, &sa);
	icf_get_stats(b, &sb);
	EXPECT_EQ(0, memcmp(&sa, &sb, sizeof(sa)));
	EXPECT_EQ((uint64_t)invalid, sb.invalid);
	da = dump(a);
	db = dump(b);
	ASSERT_NE(NULL, da);
	EXPECT_STREQ(da, db);
	free(da);
	free(db);
	for (int i = 0; i < N; i++)
		ber_enc_free(&e[i]);
	icf_free(a);
	icf_free(b);
}

TEST_HARNESS_MAIN
