// SPDX-License-Identifier: GPL-2.0
/*
 * test_lixer_fast.c - the LI_XER decoder's fast path against its generic
 * walk (lixer_int.h): for records of every shape, and for every one-octet
 * change and every truncation of them, lixer_decode() (fast path first)
 * and lixer_decode_walk() must agree on the result, the error code, its
 * offset and its message, and on every decoded field; the fast path must
 * take the shapes IEFs send, and only say yes where the walk does.
 * Decoded fields: those lixer.h defines (the decoder does not clear the
 * message first), compared by lixer_msg_same(), which is tested here too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "lixer_int.h"

#define B(s) ((struct lixer_bytes){ (const uint8_t *)(s), sizeof(s) - 1 })

static uint8_t suci_long[300];

/* 2026-01-01 00:00:00 UTC plus @frac_ns. */
#define T0 1767225600000000000LL

enum { N_SHAPES = 14 };

/*
 * Record @i of the shapes below in @m; true when it is one the fast path
 * is for (no additional CGIs, lengths of at most two octets).
 */
static bool shape(int i, struct lixer_msg *m)
{
	static const int64_t frac[] = { 0,	   100000000, 10000,
					123456789, 1,	      999000000 };
	struct lixer_assoc *a = &m->assoc;

	memset(m, 0, sizeof(*m));
	if (i == 12 || i == 13) {
		m->kind = LIXER_DEASSOCIATION;
		m->deassoc.supi.kind = i == 12 ? LIXER_SUPI_IMSI :
						 LIXER_SUPI_NAI;
		m->deassoc.supi.v = i == 12 ? B("234150000000001") :
					      B("user@example.org");
		m->deassoc.guti[0] = 0x32;
		m->deassoc.timestamp_ns = T0 + 5;
		m->deassoc.ncgi.nci = 0x123456789ULL;
		m->deassoc.ncgi_time_ns = T0 - 1000000000LL;
		if (i == 13) {
			m->deassoc.has_additional_cgis = true;
			m->deassoc.n_add_ncgis = 1;
			m->deassoc.add_ncgis[0].nci = 7;
		}
		return i == 12;
	}
	m->kind = LIXER_ASSOCIATION;
	a->supi.kind = LIXER_SUPI_IMSI;
	a->supi.v = B("234150000000042");
	memcpy(a->guti, "\x32\xf4\x51\x01\x00\x01\x71\x9b\xa3\xa0", 10);
	a->timestamp_ns = T0 + frac[i % 6];
	memcpy(a->tai, "\x32\xf4\x51\x00\x0d\xda", 6);
	memcpy(a->ncgi.plmn, a->tai, 3);
	a->ncgi.nci = 0xdda2760ULL;
	a->ncgi_time_ns = T0 + frac[(i + 3) % 6];
	if (i == 0) /* only the mandatory components */
		return true;
	a->suci.ptr = suci_long;
	a->suci.len = i == 5 ? 200 : i == 6 ? 300 : 13;
	a->pei.kind = LIXER_PEI_IMEI + i % 4;
	a->pei.v = i % 4 == 0 ? B("35000000000000") :
		   i % 4 == 1 ? B("3500000000000001") :
		   i % 4 == 2 ? B("\x00\x1b\x63\x84\x45\xe6") :
				B("\x00\x1b\x63\xff\xfe\x84\x45\xe6");
	a->has_tai_list = true;
	a->n_tais = i == 3 ? 0 : i == 4 ? LIXER_MAX_TAIS : 3;
	for (unsigned int k = 0; k < a->n_tais; k++) {
		memcpy(a->tai_list[k], a->tai, 6);
		a->tai_list[k][5] += k;
	}
	a->gpsi.kind = i == 7 ? LIXER_GPSI_NAI : LIXER_GPSI_MSISDN;
	a->gpsi.v = i == 7 ? B("+44@example.org") : B("447700000042");
	if (i == 8) {
		a->supi.kind = LIXER_SUPI_NAI;
		a->supi.v = B("type0.rid678.schid0.userid0999@example.org");
	}
	if (i == 9)
		a->pei.kind = LIXER_PEI_NONE;
	if (i == 10)
		a->gpsi.kind = LIXER_GPSI_NONE;
	if (i == 11) {
		a->has_additional_cgis = true;
		a->n_add_ncgis = 2;
		a->add_ncgis[1].nci = LIXER_NCI_MAX;
		return false;
	}
	return true;
}

static int encode(int i, struct ber_enc *e)
{
	struct lixer_msg m;

	shape(i, &m);
	ber_enc_init(e);
	return lixer_encode(&m, e);
}

/* 0 when both paths agree on @buf; which field differs otherwise. */
static int differ(const uint8_t *buf, size_t len)
{
	struct lixer_msg a, b, c;
	struct ber_error ea, eb;
	int ra, rb;

	memset(&ea, 0x55, sizeof(ea));
	memset(&eb, 0xaa, sizeof(eb));
	/* Left over from other records: a member not written shows. */
	memset(&a, 0x55, sizeof(a));
	memset(&b, 0xaa, sizeof(b));
	memset(&c, 0x33, sizeof(c));
	ra = lixer_decode(buf, len, &a, &ea);
	rb = lixer_decode_walk(buf, len, &b, &eb);
	if (ra != rb)
		return 1;
	if (ea.code != eb.code || ea.offset != eb.offset ||
	    strcmp(ea.msg, eb.msg))
		return 2;
	if (!ra && !lixer_msg_same(&a, &b))
		return 3;
	/* The fast path alone: yes only where the walk says yes, the same. */
	if (lixer_decode_fast(buf, len, &c) && (rb || !lixer_msg_same(&b, &c)))
		return 4;
	return 0;
}

TEST(fast_path_takes_what_iefs_send)
{
	struct lixer_msg m, d;
	struct ber_enc e;

	for (int i = 0; i < N_SHAPES; i++) {
		bool want = shape(i, &m);

		ASSERT_EQ(0, encode(i, &e));
		EXPECT_EQ(want, lixer_decode_fast(e.buf, e.len, &d))
		TH_LOG("shape %d", i);
		EXPECT_EQ(0, differ(e.buf, e.len)) TH_LOG("shape %d", i);
		ber_enc_free(&e);
	}
}

/* Keepalives, and what the walk accepts in other forms, are the walk's. */
TEST(other_forms_left_to_the_walk)
{
	static const uint8_t keepalive[] = { 0x30, 0x0c, 0x81, 0x05, 0x04, 0x14,
					     0x11, 0x01, 0x01, 0xa2, 0x05, 0xa3,
					     0x03, 0x80, 0x01, 0x07 };
	struct lixer_msg d;
	struct ber_enc e;
	uint8_t *b;

	EXPECT_FALSE(lixer_decode_fast(keepalive, sizeof(keepalive), &d));
	EXPECT_EQ(0, differ(keepalive, sizeof(keepalive)));
	/* The outer length in three octets: valid BER, not the fast form. */
	ASSERT_EQ(0, encode(1, &e));
	ASSERT_EQ(0x81, e.buf[1]);
	b = malloc(e.len + 2);
	ASSERT_NE(NULL, b);
	b[0] = 0x30;
	b[1] = 0x83;
	b[2] = 0;
	b[3] = 0;
	memcpy(b + 4, e.buf + 2, e.len - 2);
	EXPECT_FALSE(lixer_decode_fast(b, e.len + 2, &d));
	EXPECT_EQ(0, lixer_decode(b, e.len + 2, &d, NULL));
	EXPECT_EQ(0, differ(b, e.len + 2));
	free(b);
	ber_enc_free(&e);
}

/* A TAI list one longer than a list holds: valid BER, refused by both. */
TEST(tai_list_over_the_limit)
{
	static const uint8_t bits[5] = { 0x0d, 0xda, 0x27, 0x60, 0x00 };
	struct lixer_msg m, d;
	struct ber_error err;
	struct ber_enc e;

	shape(1, &m);
	ber_enc_init(&e);
	ber_begin(&e, BER_UNIVERSAL, BER_TAG_SEQUENCE);
	ber_put_reloid(&e, BER_CONTEXT, 1, LIXER_OID, LIXER_OID_ARCS);
	ber_begin(&e, BER_CONTEXT, 2);
	ber_begin(&e, BER_CONTEXT, 1);
	ber_begin(&e, BER_CONTEXT, 1);
	ber_put_octets(&e, BER_CONTEXT, 1, m.assoc.supi.v.ptr,
		       m.assoc.supi.v.len);
	ber_end(&e);
	ber_put_octets(&e, BER_CONTEXT, 2, m.assoc.guti, LIXER_GUTI_LEN);
	ber_put_gtime(&e, BER_CONTEXT, 3, T0);
	ber_put_octets(&e, BER_CONTEXT, 4, m.assoc.tai, LIXER_TAI_LEN);
	ber_begin(&e, BER_CONTEXT, 5);
	ber_put_octets(&e, BER_CONTEXT, 1, m.assoc.tai, 3);
	ber_put_bits(&e, BER_CONTEXT, 2, bits, 36);
	ber_end(&e);
	ber_put_gtime(&e, BER_CONTEXT, 6, T0);
	ber_begin(&e, BER_CONTEXT, 9);
	for (int k = 0; k <= LIXER_MAX_TAIS; k++)
		ber_put_octets(&e, BER_UNIVERSAL, BER_TAG_OCTET_STRING,
			       m.assoc.tai, LIXER_TAI_LEN);
	ber_end(&e);
	ber_end(&e);
	ber_end(&e);
	ber_end(&e);
	ASSERT_EQ(0, ber_enc_error(&e));
	EXPECT_FALSE(lixer_decode_fast(e.buf, e.len, &d));
	EXPECT_EQ(-BER_ECOUNT, lixer_decode(e.buf, e.len, &d, &err));
	EXPECT_EQ(0, differ(e.buf, e.len));
	ber_enc_free(&e);
}

/* Every octet changed to values that sit on the fast path's edges. */
TEST(every_octet_changed)
{
	static const uint8_t vals[] = { 0x00, 0x01, 0x04, 0x1f, 0x20, 0x2b,
					0x2c, 0x2e, 0x2f, 0x30, 0x39, 0x3a,
					0x5a, 0x7f, 0x80, 0x81, 0x82, 0x83,
					0x84, 0x87, 0xa1, 0xa2, 0xab, 0xff };
	struct ber_enc e;
	int bad = 0;

	for (int i = 0; i < N_SHAPES; i++) {
		ASSERT_EQ(0, encode(i, &e));
		for (size_t at = 0; at < e.len; at++) {
			uint8_t keep = e.buf[at];
			uint8_t more[] = { keep ^ 0x01, keep ^ 0x20,
					   keep ^ 0x80, keep + 1, keep - 1 };

			for (size_t k = 0; k < sizeof(vals) + sizeof(more);
			     k++) {
				int r;

				e.buf[at] = k < sizeof(vals) ?
						    vals[k] :
						    more[k - sizeof(vals)];
				r = differ(e.buf, e.len);
				if (r && bad++ < 10)
					TH_LOG("shape %d octet %zu = 0x%02x: %d",
					       i, at, e.buf[at], r);
			}
			e.buf[at] = keep;
		}
		ber_enc_free(&e);
	}
	EXPECT_EQ(0, bad);
}

TEST(every_truncation_and_extension)
{
	struct ber_enc e;
	int bad = 0;

	for (int i = 0; i < N_SHAPES; i++) {
		uint8_t *b;

		ASSERT_EQ(0, encode(i, &e));
		b = malloc(e.len + 1);
		ASSERT_NE(NULL, b);
		memcpy(b, e.buf, e.len);
		b[e.len] = 0;
		for (size_t n = 0; n <= e.len + 1; n++)
			if (differ(b, n) && bad++ < 10)
				TH_LOG("shape %d, %zu of %zu octets", i, n,
				       e.len);
		free(b);
		ber_enc_free(&e);
	}
	EXPECT_EQ(0, bad);
}

/* lixer_frame()'s short cut: every prefix wants more, then the record. */
TEST(frame_every_prefix)
{
	struct ber_error err;
	struct ber_enc e;

	for (int i = 0; i < N_SHAPES; i++) {
		ASSERT_EQ(0, encode(i, &e));
		for (size_t n = 0; n < e.len; n++) {
			ASSERT_EQ(0, lixer_frame(e.buf, n, 4096, &err))
			TH_LOG("shape %d, %zu of %zu", i, n, e.len);
		}
		EXPECT_EQ((ssize_t)e.len,
			  lixer_frame(e.buf, e.len, 4096, &err));
		EXPECT_EQ((ssize_t)e.len,
			  lixer_frame(e.buf, e.len, e.len, &err));
		EXPECT_EQ(-BER_ELIMIT,
			  lixer_frame(e.buf, e.len, e.len - 1, &err));
		ber_enc_free(&e);
	}
}

/* A string's copy in @buf with its last octet changed. */
static void other(struct lixer_bytes *b, uint8_t *buf)
{
	memcpy(buf, b->ptr, b->len);
	buf[b->len - 1] ^= 1;
	b->ptr = buf;
}

/*
 * Changes member @k of @m, one lixer.h defines of shape 1 or 12 (an
 * association, a deassociation); false when there is no member @k.
 */
static bool change(struct lixer_msg *m, int k, uint8_t *buf)
{
	bool as = m->kind == LIXER_ASSOCIATION;
	struct lixer_assoc *a = &m->assoc;
	struct lixer_deassoc *d = &m->deassoc;
	struct lixer_ncgi *ncgi = as ? &a->ncgi : &d->ncgi;

	switch (k) {
	case 1:
		m->kind = as ? LIXER_DEASSOCIATION : LIXER_ASSOCIATION;
		return true;
	case 2:
		m->decoded = !m->decoded;
		return true;
	case 3:
		other(as ? &a->supi.v : &d->supi.v, buf);
		return true;
	case 4:
		(as ? &a->supi.v : &d->supi.v)->len--;
		return true;
	case 5:
		(as ? a->guti : d->guti)[9] ^= 1;
		return true;
	case 6:
		(*(as ? &a->timestamp_ns : &d->timestamp_ns))++;
		return true;
	case 7:
		ncgi->plmn[2] ^= 1;
		return true;
	case 8:
		ncgi->nci ^= 1;
		return true;
	case 9:
		(*(as ? &a->ncgi_time_ns : &d->ncgi_time_ns))--;
		return true;
	case 10:
		*(as ? &a->has_additional_cgis : &d->has_additional_cgis) =
			true;
		return true;
	}
	if (!as)
		return false;
	switch (k) {
	case 11:
		a->tai[5] ^= 1;
		return true;
	case 12:
		other(&a->suci, buf);
		return true;
	case 13:
		a->suci.len = 0;
		return true;
	case 14:
		a->pei.kind = a->pei.kind == LIXER_PEI_IMEI ? LIXER_PEI_IMEISV :
							      LIXER_PEI_IMEI;
		return true;
	case 15:
		other(&a->pei.v, buf);
		return true;
	case 16:
		a->has_tai_list = false;
		return true;
	case 17:
		a->n_tais--;
		return true;
	case 18:
		a->tai_list[a->n_tais - 1][0] ^= 1;
		return true;
	case 19:
		a->gpsi.kind = LIXER_GPSI_NONE;
		return true;
	case 20:
		other(&a->gpsi.v, buf);
		return true;
	}
	return false;
}

/* lixer_msg_same() sees each member lixer.h defines, and only those. */
TEST(msg_same_compares_the_defined_members)
{
	static uint8_t buf[400];

	for (int i = 1; i <= 12; i += 11) {
		struct lixer_msg m, x;
		struct lixer_supi *s = &x.assoc.supi;
		int k;

		shape(i, &m);
		if (i == 12)
			s = &x.deassoc.supi;
		ASSERT_TRUE(lixer_msg_same(&m, &m));
		for (k = 1; (x = m, change(&x, k, buf)); k++)
			EXPECT_FALSE(lixer_msg_same(&m, &x))
		TH_LOG("shape %d, member %d", i, k);
		EXPECT_EQ(i == 1 ? 21 : 11, k);
		/* What is not defined: unused list entries, the union's rest. */
		x = m;
		x.assoc.add_ncgis[0].nci ^= 1;
		x.assoc.tai_list[LIXER_MAX_TAIS - 1][0] ^= 1;
		((uint8_t *)&x)[sizeof(x) - 1] ^= 1;
		EXPECT_TRUE(lixer_msg_same(&m, &x)) TH_LOG("shape %d", i);
		/* A string equal by content, elsewhere: the same. */
		x = m;
		s->v.ptr = memcpy(buf, s->v.ptr, s->v.len);
		EXPECT_TRUE(lixer_msg_same(&m, &x)) TH_LOG("shape %d", i);
	}
}

int main(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(suci_long); i++)
		suci_long[i] = (uint8_t)(i * 7 + 1);
	return test_harness_run(argc, argv);
}
