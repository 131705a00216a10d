// SPDX-License-Identifier: GPL-2.0
/*
 * test_lixer.c - LI_XER IEFMessage codec: round trips, byte-exact
 * encodings, malformed input (truncated, over-long, wrong tag, wrong
 * OID), stream framing, and an independent decoder: asn1c compiles
 * tests/asn1/TS33128IdentityAssociation.asn at test time and its
 * converter must decode what lixer_encode() writes (skipped without
 * asn1c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

/* FIXTURE_SETUP/TEARDOWN define non-static functions without prototypes. */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#include "li_oracle.h"
#include "lixer.h"

#define B(s) ((struct lixer_bytes){ (const uint8_t *)(s), sizeof(s) - 1 })

static const uint8_t suci_bytes[] = { 0x01, 0x00, 0xf1, 0x10, 0xf0, 0xff,
				      0x00, 0x00, 0x12, 0x34, 0x56, 0x78 };

/* 2024-03-01 10:00:00.25 UTC */
#define T0 1709287200250000000LL

static void fill_assoc(struct lixer_msg *m)
{
	struct lixer_guti_fields g = { .amf_region_id = 0xca,
				       .amf_set_id = 0x3fe,
				       .amf_pointer = 0x21,
				       .tmsi = 0xdeadbeef };
	struct lixer_assoc *a = &m->assoc;

	memset(m, 0, sizeof(*m));
	m->kind = LIXER_ASSOCIATION;
	a->supi.kind = LIXER_SUPI_IMSI;
	a->supi.v = B("001010123456789");
	lixer_plmn_from_str("00101", g.plmn);
	lixer_guti_build(&g, a->guti);
	a->timestamp_ns = T0;
	lixer_plmn_from_str("00101", a->tai);
	a->tai[3] = 0x00;
	a->tai[4] = 0x01;
	a->tai[5] = 0x02;
	memcpy(a->ncgi.plmn, a->tai, 3);
	a->ncgi.nci = 0x987654321ULL;
	a->ncgi_time_ns = T0 - 5000000000LL;
	a->suci.ptr = suci_bytes;
	a->suci.len = sizeof(suci_bytes);
	a->pei.kind = LIXER_PEI_IMEI;
	a->pei.v = B("35693803564380");
	a->has_tai_list = true;
	a->n_tais = 2;
	memcpy(a->tai_list[0], a->tai, 6);
	memcpy(a->tai_list[1], a->tai, 6);
	a->tai_list[1][5] = 0x03;
	a->gpsi.kind = LIXER_GPSI_MSISDN;
	a->gpsi.v = B("491711234567");
	a->has_additional_cgis = true;
	a->n_add_ncgis = 1;
	memcpy(a->add_ncgis[0].plmn, a->tai, 3);
	a->add_ncgis[0].nci = 0xfffffffffULL;
}

static void fill_deassoc(struct lixer_msg *m)
{
	struct lixer_msg a;

	fill_assoc(&a);
	memset(m, 0, sizeof(*m));
	m->kind = LIXER_DEASSOCIATION;
	m->deassoc.supi.kind = LIXER_SUPI_NAI;
	m->deassoc.supi.v = B("user@example.org");
	memcpy(m->deassoc.guti, a.assoc.guti, LIXER_GUTI_LEN);
	m->deassoc.timestamp_ns = T0 + 60000000000LL;
	m->deassoc.ncgi = a.assoc.ncgi;
	m->deassoc.ncgi_time_ns = T0 + 59000000000LL;
}

static int encode(const struct lixer_msg *m, struct ber_enc *e)
{
	ber_enc_init(e);
	return lixer_encode(m, e);
}

static int bytes_eq(struct lixer_bytes a, struct lixer_bytes b)
{
	return a.len == b.len && !memcmp(a.ptr, b.ptr, a.len);
}

TEST(assoc_round_trip)
{
	struct lixer_msg m, d;
	struct ber_error err;
	struct ber_enc e;
	unsigned int i;

	fill_assoc(&m);
	ASSERT_EQ(0, encode(&m, &e));
	ASSERT_EQ(0, lixer_decode(e.buf, e.len, &d, &err))
	TH_LOG("%s", err.msg);
	ASSERT_EQ(LIXER_ASSOCIATION, d.kind);
	EXPECT_EQ(LIXER_SUPI_IMSI, d.assoc.supi.kind);
	EXPECT_TRUE(bytes_eq(m.assoc.supi.v, d.assoc.supi.v));
	EXPECT_EQ(0, memcmp(m.assoc.guti, d.assoc.guti, 10));
	EXPECT_EQ(T0, d.assoc.timestamp_ns);
	EXPECT_EQ(T0 - 5000000000LL, d.assoc.ncgi_time_ns);
	EXPECT_EQ(0, memcmp(m.assoc.tai, d.assoc.tai, 6));
	EXPECT_EQ(0x987654321ULL, d.assoc.ncgi.nci);
	EXPECT_EQ(0, memcmp(m.assoc.ncgi.plmn, d.assoc.ncgi.plmn, 3));
	EXPECT_TRUE(bytes_eq(m.assoc.suci, d.assoc.suci));
	EXPECT_EQ(LIXER_PEI_IMEI, d.assoc.pei.kind);
	EXPECT_TRUE(bytes_eq(m.assoc.pei.v, d.assoc.pei.v));
	EXPECT_TRUE(d.assoc.has_tai_list);
	ASSERT_EQ(2, d.assoc.n_tais);
	for (i = 0; i < 2; i++)
		EXPECT_EQ(0,
			  memcmp(m.assoc.tai_list[i], d.assoc.tai_list[i], 6));
	EXPECT_EQ(LIXER_GPSI_MSISDN, d.assoc.gpsi.kind);
	EXPECT_TRUE(bytes_eq(m.assoc.gpsi.v, d.assoc.gpsi.v));
	EXPECT_TRUE(d.assoc.has_additional_cgis);
	ASSERT_EQ(1, d.assoc.n_add_ncgis);
	EXPECT_EQ(0xfffffffffULL, d.assoc.add_ncgis[0].nci);
	/* Zero-copy: strings point into the encoded buffer. */
	EXPECT_TRUE(d.assoc.supi.v.ptr > e.buf &&
		    d.assoc.supi.v.ptr < e.buf + e.len);
	ber_enc_free(&e);
}

TEST(minimal_assoc_and_deassoc)
{
	struct lixer_msg m, d;
	struct ber_error err;
	struct ber_enc e;

	fill_assoc(&m);
	memset(&m.assoc.suci, 0, sizeof(m.assoc.suci));
	m.assoc.pei.kind = LIXER_PEI_NONE;
	m.assoc.gpsi.kind = LIXER_GPSI_NONE;
	m.assoc.has_tai_list = false;
	m.assoc.n_tais = 0;
	m.assoc.has_additional_cgis = false;
	m.assoc.n_add_ncgis = 0;
	ASSERT_EQ(0, encode(&m, &e));
	/* The decoder does not clear @d first: absent must still read so. */
	memset(&d, 0xa5, sizeof(d));
	ASSERT_EQ(0, lixer_decode(e.buf, e.len, &d, &err));
	EXPECT_EQ(0, d.assoc.suci.len);
	EXPECT_EQ(LIXER_PEI_NONE, d.assoc.pei.kind);
	EXPECT_FALSE(d.assoc.has_tai_list);
	EXPECT_EQ(0, d.assoc.n_tais);
	EXPECT_EQ(LIXER_GPSI_NONE, d.assoc.gpsi.kind);
	EXPECT_FALSE(d.assoc.has_additional_cgis);
	EXPECT_EQ(0, d.assoc.n_add_ncgis);
	ber_enc_free(&e);

	fill_deassoc(&m);
	ASSERT_EQ(0, encode(&m, &e));
	memset(&d, 0xa5, sizeof(d));
	ASSERT_EQ(0, lixer_decode(e.buf, e.len, &d, &err))
	TH_LOG("%s", err.msg);
	ASSERT_EQ(LIXER_DEASSOCIATION, d.kind);
	EXPECT_EQ(LIXER_SUPI_NAI, d.deassoc.supi.kind);
	EXPECT_TRUE(bytes_eq(m.deassoc.supi.v, d.deassoc.supi.v));
	EXPECT_EQ(T0 + 60000000000LL, d.deassoc.timestamp_ns);
	EXPECT_EQ(0x987654321ULL, d.deassoc.ncgi.nci);
	EXPECT_FALSE(d.deassoc.has_additional_cgis);
	EXPECT_EQ(0, d.deassoc.n_add_ncgis);
	ber_enc_free(&e);
}

TEST(keepalive_bytes)
{
	struct lixer_msg d;
	struct ber_error err;
	struct ber_enc e;
	/* 30 0e | 81 05 04 14 11 01 01 | a2 05 a3 03 81 01 2a */
	static const uint8_t want[] = { 0x30, 0x0e, 0x81, 0x05, 0x04, 0x14,
					0x11, 0x01, 0x01, 0xa2, 0x05, 0xa3,
					0x03, 0x81, 0x01, 0x2a };
	struct lixer_msg m = { .kind = LIXER_KEEPALIVE, .seq = 42 };

	ASSERT_EQ(0, encode(&m, &e));
	ASSERT_EQ(sizeof(want), e.len);
	EXPECT_EQ(0, memcmp(want, e.buf, e.len));
	ASSERT_EQ(0, lixer_decode(e.buf, e.len, &d, &err));
	EXPECT_EQ(LIXER_KEEPALIVE, d.kind);
	EXPECT_EQ(42, d.seq);
	ber_enc_reset(&e);
	ASSERT_EQ(0, lixer_encode_keepalive_response(42, &e));
	ASSERT_EQ(0, lixer_decode(e.buf, e.len, &d, &err));
	EXPECT_EQ(LIXER_KEEPALIVE_RESPONSE, d.kind);
	EXPECT_EQ(42, d.seq);
	EXPECT_EQ(0xa4, e.buf[11]);
	ber_enc_free(&e);
}

TEST(supi_choice_is_explicit)
{
	struct lixer_msg m;
	struct ber_enc e;

	fill_deassoc(&m);
	ASSERT_EQ(0, encode(&m, &e));
	/* 30 L 81 05 .. a2 L a2 L | a1 12 82 10 "user@example.org" */
	EXPECT_EQ(0xa1, e.buf[13]);
	EXPECT_EQ(0x12, e.buf[14]);
	EXPECT_EQ(0x82, e.buf[15]);
	EXPECT_EQ(0x10, e.buf[16]);
	ber_enc_free(&e);
}

TEST(every_truncation_refused)
{
	struct lixer_msg m, d;
	struct ber_error err;
	struct ber_enc e;
	size_t n;

	fill_assoc(&m);
	ASSERT_EQ(0, encode(&m, &e));
	for (n = 0; n < e.len; n++) {
		uint8_t *copy = malloc(n + 1);

		memcpy(copy, e.buf, n);
		EXPECT_GT(0, lixer_decode(copy, n, &d, &err))
		TH_LOG("prefix %zu accepted", n);
		EXPECT_NE(0, err.code);
		free(copy);
	}
	ber_enc_free(&e);
}

/* Patch one octet of a valid encoding and expect a given error. */
static int mutate(const struct lixer_msg *m, size_t at, uint8_t val,
		  struct ber_error *err)
{
	struct lixer_msg d;
	struct ber_enc e;
	int rc;

	ber_enc_init(&e);
	if (lixer_encode(m, &e))
		return 1000;
	e.buf[at] = val;
	rc = lixer_decode(e.buf, e.len, &d, err);
	ber_enc_free(&e);
	return rc;
}

TEST(wrong_oid)
{
	struct lixer_msg m = { .kind = LIXER_KEEPALIVE, .seq = 1 };
	struct ber_error err;

	/* r16 version2 (4.20.16.2.1): different record layout, refused. */
	EXPECT_EQ(-BER_EOID, mutate(&m, 6, 16, &err));
	EXPECT_NE(NULL, strstr(err.msg, "4.20.17.1.1"));
	/* A payloads-module OID (4.19...) is refused as well. */
	EXPECT_EQ(-BER_EOID, mutate(&m, 5, 19, &err));
	/* Malformed arc (cut off). */
	EXPECT_EQ(-BER_EOID, mutate(&m, 8, 0x81, &err));
}

TEST(wrong_tags)
{
	struct lixer_msg m = { .kind = LIXER_KEEPALIVE, .seq = 1 };
	struct ber_error err;

	EXPECT_EQ(-BER_ETAG, mutate(&m, 0, 0x31, &err)); /* SET */
	EXPECT_EQ(-BER_ETAG, mutate(&m, 2, 0x82, &err)); /* OID tag */
	EXPECT_EQ(-BER_ETAG, mutate(&m, 9, 0x82, &err)); /* record prim */
	/* Unknown IEFRecord alternative [5]: counted as unknown. */
	EXPECT_EQ(-BER_EUNKNOWN, mutate(&m, 11, 0xa5, &err));
	/* sequenceNumber constructed. */
	EXPECT_EQ(-BER_ETAG, mutate(&m, 13, 0xa1, &err));
	/* Missing sequenceNumber: [1] renumbered [2] = unknown addition. */
	EXPECT_EQ(-BER_EMISSING, mutate(&m, 13, 0x82, &err));
}

TEST(over_long_and_indefinite)
{
	struct lixer_msg m = { .kind = LIXER_KEEPALIVE, .seq = 1 };
	struct ber_error err;

	EXPECT_EQ(-BER_EINDEF, mutate(&m, 1, 0x80, &err));
	EXPECT_EQ(-BER_ELENLONG, mutate(&m, 1, 0x85, &err));
	/* Inner length larger than its container. */
	EXPECT_EQ(-BER_ETRUNC, mutate(&m, 10, 0x06, &err));
	/* Outer length shorter than the content: trailing octets. */
	EXPECT_EQ(-BER_ETRAILING, mutate(&m, 1, 0x0d, &err));
}

TEST(value_constraints)
{
	struct lixer_msg m, d;
	struct ber_error err;
	struct ber_enc e;
	size_t i;

	/* IMSI with a letter: refused by the encoder... */
	fill_assoc(&m);
	m.assoc.supi.v = B("00101012345678A");
	ber_enc_init(&e);
	EXPECT_EQ(-BER_EINVAL, lixer_encode(&m, &e));
	EXPECT_EQ(0, e.len);
	/* ...and by the decoder. */
	fill_assoc(&m);
	ASSERT_EQ(0, lixer_encode(&m, &e));
	for (i = 0; i + 15 <= e.len; i++)
		if (!memcmp(e.buf + i, "001010123456789", 15))
			break;
	ASSERT_LT(i + 15, e.len);
	e.buf[i + 14] = 'A';
	EXPECT_EQ(-BER_EVALUE, lixer_decode(e.buf, e.len, &d, &err));
	EXPECT_NE(NULL, strstr(err.msg, "non-digit"));
	ber_enc_free(&e);

	/* SUCI too short, NCI beyond 36 bits, too many TAIs. */
	fill_assoc(&m);
	m.assoc.suci.len = 7;
	ber_enc_init(&e);
	EXPECT_EQ(-BER_EINVAL, lixer_encode(&m, &e));
	fill_assoc(&m);
	m.assoc.ncgi.nci = 1ULL << 36;
	EXPECT_EQ(-BER_EINVAL, lixer_encode(&m, &e));
	fill_assoc(&m);
	m.assoc.n_tais = LIXER_MAX_TAIS + 1;
	EXPECT_EQ(-BER_EINVAL, lixer_encode(&m, &e));
	EXPECT_EQ(0, ber_enc_error(&e));
	EXPECT_EQ(0, e.len);
	ber_enc_free(&e);
}

TEST(nci_bit_count_checked)
{
	struct lixer_msg m, d;
	struct ber_error err;
	struct ber_enc e;
	size_t i;

	fill_deassoc(&m);
	ASSERT_EQ(0, encode(&m, &e));
	/* Find the NCI BIT STRING: 82 06 04 ... and claim 5 unused bits. */
	for (i = 0; i + 2 < e.len; i++)
		if (e.buf[i] == 0x82 && e.buf[i + 1] == 0x06 &&
		    e.buf[i + 2] == 0x04)
			break;
	ASSERT_LT(i + 2, e.len);
	e.buf[i + 2] = 0x05;
	EXPECT_EQ(-BER_EVALUE, lixer_decode(e.buf, e.len, &d, &err));
	EXPECT_NE(NULL, strstr(err.msg, "35 bits"));
	ber_enc_free(&e);
}

TEST(extension_additions_skipped)
{
	/* keepalive with an unknown [9] component after sequenceNumber. */
	static const uint8_t b[] = { 0x30, 0x11, 0x81, 0x05, 0x04, 0x14, 0x11,
				     0x01, 0x01, 0xa2, 0x08, 0xa3, 0x06, 0x81,
				     0x01, 0x07, 0x89, 0x01, 0x00 };
	struct lixer_msg d;
	struct ber_error err;

	ASSERT_EQ(0, lixer_decode(b, sizeof(b), &d, &err))
	TH_LOG("%s", err.msg);
	EXPECT_EQ(7, d.seq);
}

TEST(after_the_record)
{
	/* keepalive + an unknown [3] after record [2]: an extension. */
	static const uint8_t ext[] = { 0x30, 0x10, 0x81, 0x05, 0x04, 0x14,
				       0x11, 0x01, 0x01, 0xa2, 0x05, 0xa3,
				       0x03, 0x81, 0x01, 0x07, 0x83, 0x00 };
	uint8_t b[sizeof(ext)];
	struct lixer_msg d;
	struct ber_error err;

	ASSERT_EQ(0, lixer_decode(ext, sizeof(ext), &d, &err))
	TH_LOG("%s", err.msg);
	/* A universal tag there is not an extension addition. */
	memcpy(b, ext, sizeof(b));
	b[16] = 0x04;
	EXPECT_EQ(-BER_ETAG, lixer_decode(b, sizeof(b), &d, &err));
	/* Nor is a second record [2]. */
	b[16] = 0x82;
	EXPECT_EQ(-BER_ETAG, lixer_decode(b, sizeof(b), &d, &err));
	/* And a malformed TLV there is caught, not ignored. */
	b[16] = 0x83;
	b[17] = 0x05;
	EXPECT_EQ(-BER_ETRUNC, lixer_decode(b, sizeof(b), &d, &err));
}

TEST(guti_and_plmn)
{
	struct lixer_guti_fields g = { .amf_region_id = 1,
				       .amf_set_id = 0x2aa,
				       .amf_pointer = 0x15,
				       .tmsi = 0x01020304 },
				 h;
	uint8_t guti[10];
	char s[8];

	ASSERT_EQ(0, lixer_plmn_from_str("310410", g.plmn));
	EXPECT_EQ(0x13, g.plmn[0]);
	EXPECT_EQ(0x00, g.plmn[1]);
	EXPECT_EQ(0x14, g.plmn[2]);
	ASSERT_EQ(0, lixer_plmn_to_str(g.plmn, s, sizeof(s)));
	EXPECT_STREQ("310410", s);
	ASSERT_EQ(0, lixer_plmn_from_str("26201", g.plmn));
	EXPECT_EQ(0xf2, g.plmn[1]);
	ASSERT_EQ(0, lixer_plmn_to_str(g.plmn, s, sizeof(s)));
	EXPECT_STREQ("26201", s);
	EXPECT_GT(0, lixer_plmn_from_str("2620", g.plmn));
	ASSERT_EQ(0, lixer_guti_build(&g, guti));
	lixer_guti_parse(guti, &h);
	EXPECT_EQ(0x2aa, h.amf_set_id);
	EXPECT_EQ(0x15, h.amf_pointer);
	EXPECT_EQ(0x01020304u, h.tmsi);
	EXPECT_EQ(1, h.amf_region_id);
	EXPECT_EQ((0x2aaULL << 38) | (0x15ULL << 32) | 0x01020304ULL,
		  lixer_guti_stmsi(guti));
	g.amf_set_id = 0x400;
	EXPECT_EQ(-BER_EINVAL, lixer_guti_build(&g, guti));
}

TEST(framer_stream)
{
	struct lixer_msg a, k = { .kind = LIXER_KEEPALIVE, .seq = 9 }, d;
	struct lixer_framer f;
	struct ber_error err;
	struct ber_enc e;
	const uint8_t *rec;
	size_t len, i, total;
	int got = 0, rc;

	fill_assoc(&a);
	ber_enc_init(&e);
	ASSERT_EQ(0, lixer_encode(&a, &e));
	ASSERT_EQ(0, lixer_encode(&k, &e));
	ASSERT_EQ(0, lixer_encode(&a, &e));
	total = e.len;
	/* Feed one octet at a time: records come out whole, in order. */
	lixer_framer_init(&f, 0);
	for (i = 0; i < total; i++) {
		ASSERT_EQ(0, lixer_framer_feed(&f, e.buf + i, 1));
		while ((rc = lixer_framer_next(&f, &rec, &len, &err)) == 1) {
			ASSERT_EQ(0, lixer_decode(rec, len, &d, &err));
			EXPECT_EQ(got == 1 ? LIXER_KEEPALIVE :
					     LIXER_ASSOCIATION,
				  d.kind);
			got++;
		}
		ASSERT_EQ(0, rc);
	}
	EXPECT_EQ(3, got);
	lixer_framer_free(&f);
	ber_enc_free(&e);
}

/* fuzz_icf_ingest: an empty read on a fresh framer offset its NULL buffer. */
TEST(framer_feed_nothing)
{
	static const uint8_t none[1];
	struct lixer_framer f;
	struct ber_error err;
	const uint8_t *rec;
	size_t len;

	lixer_framer_init(&f, 0);
	ASSERT_EQ(0, lixer_framer_feed(&f, none, 0));
	EXPECT_EQ(0, lixer_framer_next(&f, &rec, &len, &err));
	lixer_framer_free(&f);
}

TEST(framer_rejects)
{
	static const uint8_t junk[] = { 0x47, 0x45, 0x54, 0x20 }; /* "GET " */
	static const uint8_t indef[] = { 0x30, 0x80 };
	static const uint8_t huge[] = { 0x30, 0x83, 0x10, 0x00, 0x00 };
	struct ber_error err;

	EXPECT_EQ(-BER_ETAG, lixer_frame(junk, 1, 4096, &err));
	EXPECT_EQ(-BER_EINDEF, lixer_frame(indef, 2, 4096, &err));
	EXPECT_EQ(-BER_ELIMIT, lixer_frame(huge, 5, 4096, &err));
	EXPECT_NE(NULL, strstr(err.msg, "cannot frame"));
	EXPECT_EQ(0, lixer_frame(huge, 3, 4096, &err));
	EXPECT_EQ(0, lixer_frame(huge, 0, 4096, &err));
}

/* ------------------------------------------------------------------ */
/* Oracle: asn1c                                                      */
/* ------------------------------------------------------------------ */

/* Generous timeouts: building the decoder takes a while on a busy box. */
FIXTURE(asn1c)
{
	char dir[PATH_MAX];
	char *out;
};

FIXTURE_SETUP(asn1c)
{
	int rc;

	self->out = calloc(1, 65536);
	self->dir[0] = '\0';
	rc = li_asn1c_build(self->dir, "TS33128IdentityAssociation.asn",
			    "IEFMessage");
	if (rc > 0)
		SKIP(return, "asn1c, cc or the .asn source not available");
	ASSERT_EQ(0, rc) TH_LOG("asn1c build failed in %s", self->dir);
}

FIXTURE_TEARDOWN(asn1c)
{
	free(self->out);
}

static int oracle(const char *dir, const struct lixer_msg *m, char *out,
		  size_t size)
{
	struct ber_enc e;
	int rc;

	ber_enc_init(&e);
	rc = lixer_encode(m, &e);
	if (!rc)
		rc = li_asn1c_decode(dir, e.buf, e.len, out, size);
	ber_enc_free(&e);
	return rc;
}

TEST_F_TIMEOUT(asn1c, association_record, 600)
{
	struct lixer_msg m;

	fill_assoc(&m);
	ASSERT_EQ(0, oracle(self->dir, &m, self->out, 65536))
	TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "<iEFRecordOID>4.20.17.1.1<"));
	EXPECT_NE(NULL, strstr(self->out, "<iMSI>001010123456789</iMSI>"));
	EXPECT_NE(NULL, strstr(self->out, "<timestamp>20240301100000.25Z<"));
	EXPECT_NE(NULL, strstr(self->out, "<nCGITime>20240301095955.25Z<"));
	/* 0x987654321 as 36 bits. */
	EXPECT_NE(NULL,
		  strstr(self->out,
			 "<nCI>100110000111011001010100001100100001</nCI>"));
	EXPECT_NE(NULL, strstr(self->out, "<iMEI>35693803564380</iMEI>"));
	EXPECT_NE(NULL,
		  strstr(self->out, "<gPSIMSISDN>491711234567</gPSIMSISDN>"));
	EXPECT_NE(NULL, strstr(self->out, "<TAI>00F110000103</TAI>"));
	EXPECT_NE(NULL, strstr(self->out, "<additionalNCGIList>"));
	EXPECT_NE(NULL, strstr(self->out, "<sUCI>0100F110F0FF000012345678<"));
}

TEST_F_TIMEOUT(asn1c, deassociation_and_keepalives, 600)
{
	struct lixer_msg m = { .kind = LIXER_KEEPALIVE, .seq = 300 };

	ASSERT_EQ(0, oracle(self->dir, &m, self->out, 65536))
	TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "<keepalive>"));
	EXPECT_NE(NULL, strstr(self->out, "<sequenceNumber>300<"));
	m.kind = LIXER_KEEPALIVE_RESPONSE;
	m.seq = -2;
	ASSERT_EQ(0, oracle(self->dir, &m, self->out, 65536));
	EXPECT_NE(NULL, strstr(self->out, "<keepaliveResponse>"));
	EXPECT_NE(NULL, strstr(self->out, "<sequenceNumber>-2<"));
	fill_deassoc(&m);
	ASSERT_EQ(0, oracle(self->dir, &m, self->out, 65536))
	TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "<deassociationRecord>"));
	EXPECT_NE(NULL, strstr(self->out, "<nAI>user@example.org</nAI>"));
	EXPECT_NE(NULL, strstr(self->out, "<timestamp>20240301100100.25Z<"));
}

TEST_F_TIMEOUT(asn1c, pei_and_gpsi_alternatives, 600)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	struct lixer_msg m;

	fill_assoc(&m);
	m.assoc.pei.kind = LIXER_PEI_MAC;
	m.assoc.pei.v.ptr = mac;
	m.assoc.pei.v.len = 6;
	m.assoc.gpsi.kind = LIXER_GPSI_NAI;
	m.assoc.gpsi.v = B("ext@dom.example");
	m.assoc.has_tai_list = true;
	m.assoc.n_tais = 0;
	ASSERT_EQ(0, oracle(self->dir, &m, self->out, 65536))
	TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "<mACAddress>020000000001<"));
	EXPECT_NE(NULL, strstr(self->out, "<gPSINAI>ext@dom.example<"));
	EXPECT_TRUE(strstr(self->out, "<fiveGSTAIList/>") ||
		    strstr(self->out, "<fiveGSTAIList></fiveGSTAIList>"))
	TH_LOG("%s", self->out);
}

TEST_HARNESS_MAIN
