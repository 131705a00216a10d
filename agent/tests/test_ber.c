// SPDX-License-Identifier: GPL-2.0
/*
 * test_ber.c - BER encoder/decoder unit tests, byte-exact against X.690
 * examples worked out by hand.
 */
#include <string.h>

#include "kselftest_harness.h"

#include "ber.h"
#include "ber_check.h"

static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;

	while (s[0] && s[1]) {
		unsigned int b;

		sscanf(s, "%2x", &b);
		out[n++] = b;
		s += 2;
	}
	return n;
}

TEST(int_minimal)
{
	static const struct {
		int64_t v;
		const char *hex;
	} c[] = {
		{ 0, "020100" },
		{ 127, "02017f" },
		{ 128, "02020080" },
		{ 256, "02020100" },
		{ -1, "0201ff" },
		{ -128, "020180" },
		{ -129, "0202ff7f" },
		{ 4294967295LL, "020500ffffffff" },
		{ INT64_MAX, "02087fffffffffffffff" },
		{ INT64_MIN, "02088000000000000000" },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct ber_enc e;
		struct ber_reader r;
		struct ber_tlv t;
		int64_t v;

		ber_enc_init(&e);
		ber_put_int(&e, BER_UNIVERSAL, BER_TAG_INTEGER, c[i].v);
		EXPECT_TRUE(enc_eq(&e, c[i].hex));
		ber_reader_init(&r, e.buf, e.len, 0, NULL);
		ASSERT_EQ(0, ber_read(&r, &t));
		ASSERT_EQ(0, ber_get_int(&r, &t, &v));
		EXPECT_EQ(c[i].v, v);
		ber_enc_free(&e);
	}
}

TEST(int_rejects)
{
	static const char *const bad[] = {
		"0200", /* empty */
		"02020001", /* leading 00 */
		"0202ff80", /* leading ff */
		"0209010000000000000000", /* 9 octets */
	};
	static const int code[] = { BER_EVALUE, BER_EINTNONMIN, BER_EINTNONMIN,
				    BER_EINTRANGE };
	size_t i;

	for (i = 0; i < 4; i++) {
		uint8_t b[32];
		size_t n = unhex(bad[i], b);
		struct ber_error err;
		struct ber_reader r;
		struct ber_tlv t;
		int64_t v;

		ber_reader_init(&r, b, n, 0, &err);
		ASSERT_EQ(0, ber_read(&r, &t));
		EXPECT_EQ(-code[i], ber_get_int(&r, &t, &v));
		EXPECT_EQ(code[i], err.code);
		EXPECT_NE(0, strlen(err.msg));
	}
}

TEST(int_range)
{
	uint8_t b[] = { 0x02, 0x02, 0x01, 0x00 };
	struct ber_error err;
	struct ber_reader r;
	struct ber_tlv t;
	int64_t v;

	ber_reader_init(&r, b, sizeof(b), 0, &err);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(-BER_EINTRANGE, ber_get_int_range(&r, &t, 0, 255, &v));
	EXPECT_NE(NULL, strstr(err.msg, "256"));
}

TEST(tags)
{
	struct ber_enc e;
	struct ber_reader r;
	struct ber_tlv t;

	ber_enc_init(&e);
	ber_put_null(&e, BER_CONTEXT, 30);
	ber_put_null(&e, BER_CONTEXT, 31);
	ber_put_null(&e, BER_CONTEXT, 105);
	ber_put_null(&e, BER_APPLICATION, 128);
	ber_put_null(&e, BER_PRIVATE, 16384);
	EXPECT_TRUE(enc_eq(&e, "9e00"
			       "9f1f00"
			       "9f6900"
			       "5f810000"
			       "df81800000"));
	ber_reader_init(&r, e.buf, e.len, 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(30, t.num);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(31, t.num);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(105, t.num);
	EXPECT_EQ(BER_CONTEXT, t.cls);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(128, t.num);
	EXPECT_EQ(BER_APPLICATION, t.cls);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(16384, t.num);
	EXPECT_EQ(BER_PRIVATE, t.cls);
	EXPECT_TRUE(ber_reader_done(&r));
	ber_enc_free(&e);
}

TEST(tag_encoding_rejects)
{
	static const char *const bad[] = {
		"9f1e00", /* 30 in long form */
		"9f806900", /* leading 0x80 */
		"9f8f8f8f8f0f00", /* > 28 bits */
	};
	size_t i;

	for (i = 0; i < 3; i++) {
		uint8_t b[16];
		size_t n = unhex(bad[i], b);
		struct ber_error err;
		struct ber_reader r;
		struct ber_tlv t;

		ber_reader_init(&r, b, n, 0, &err);
		EXPECT_EQ(-BER_ETAGENC, ber_read(&r, &t));
	}
}

TEST(lengths)
{
	uint8_t big[300];
	struct ber_enc e;
	struct ber_reader r;
	struct ber_tlv t;

	memset(big, 0xab, sizeof(big));
	ber_enc_init(&e);
	ber_put_octets(&e, BER_UNIVERSAL, BER_TAG_OCTET_STRING, big, 127);
	ASSERT_EQ(129, e.len);
	EXPECT_EQ(0x7f, e.buf[1]);
	ber_enc_reset(&e);
	ber_put_octets(&e, BER_UNIVERSAL, BER_TAG_OCTET_STRING, big, 128);
	EXPECT_EQ(0x81, e.buf[1]);
	EXPECT_EQ(0x80, e.buf[2]);
	ber_enc_reset(&e);
	ber_put_octets(&e, BER_UNIVERSAL, BER_TAG_OCTET_STRING, big, 300);
	EXPECT_EQ(0x82, e.buf[1]);
	EXPECT_EQ(0x01, e.buf[2]);
	EXPECT_EQ(0x2c, e.buf[3]);
	ber_reader_init(&r, e.buf, e.len, 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(300, t.len);
	EXPECT_EQ(0, memcmp(t.val, big, 300));
	ber_enc_free(&e);
}

TEST(length_rejects)
{
	static const struct {
		const char *hex;
		int code;
	} c[] = {
		{ "0480", BER_EINDEF }, /* indefinite */
		{ "3080020100 0000", BER_EINDEF }, /* constructed indefinite */
		{ "0485000000000100", BER_ELENLONG },
		{ "04ff", BER_ELENLONG },
		{ "0405616263", BER_ETRUNC }, /* content cut */
		{ "0482", BER_ETRUNC }, /* length cut */
		{ "04", BER_ETRUNC },
		{ "9f", BER_ETRUNC }, /* tag cut */
		{ "048400100001", BER_ELIMIT }, /* over the reader's limit */
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		uint8_t b[32];
		char h[64];
		size_t n, k, j = 0;
		struct ber_error err;
		struct ber_reader r;
		struct ber_tlv t;

		for (k = 0; c[i].hex[k]; k++)
			if (c[i].hex[k] != ' ')
				h[j++] = c[i].hex[k];
		h[j] = '\0';
		n = unhex(h, b);
		ber_reader_init(&r, b, n, 4096, &err);
		EXPECT_EQ(-c[i].code, ber_read(&r, &t))
		TH_LOG("case %zu (%s)", i, c[i].hex);
		EXPECT_EQ(c[i].code, err.code);
	}
}

TEST(length_nonminimal_strict)
{
	uint8_t b[] = { 0x04, 0x81, 0x03, 'a', 'b', 'c' };
	struct ber_error err;
	struct ber_reader r;
	struct ber_tlv t;

	/* Legal BER... */
	ber_reader_init(&r, b, sizeof(b), 0, &err);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(3, t.len);
	/* ...refused when the reader is strict. */
	ber_reader_init(&r, b, sizeof(b), 0, &err);
	r.flags = BER_RD_STRICT_LEN;
	EXPECT_EQ(-BER_ELENNONMIN, ber_read(&r, &t));
}

TEST(nested_backpatch)
{
	uint8_t big[200];
	struct ber_enc e;
	struct ber_reader r, s1, s2;
	struct ber_tlv t, u, v;

	memset(big, 'x', sizeof(big));
	ber_enc_init(&e);
	ber_begin(&e, BER_UNIVERSAL, BER_TAG_SEQUENCE);
	ber_put_bool(&e, BER_CONTEXT, 1, true);
	ber_begin(&e, BER_CONTEXT, 2);
	ber_put_octets(&e, BER_CONTEXT, 1, big, 200);
	ber_end(&e);
	ber_end(&e);
	ASSERT_EQ(0, ber_enc_error(&e));
	/* 30 81 d1 | 81 01 ff | a2 81 cb | 81 81 c8 ... */
	EXPECT_EQ(0x30, e.buf[0]);
	EXPECT_EQ(0x81, e.buf[1]);
	EXPECT_EQ(3 + 3 + 3 + 200, e.buf[2]);
	EXPECT_EQ(0xa2, e.buf[6]);
	EXPECT_EQ(0x81, e.buf[7]);
	EXPECT_EQ(203, e.buf[8]);
	ber_reader_init(&r, e.buf, e.len, 0, NULL);
	ASSERT_EQ(0, ber_expect(&r, &t, BER_UNIVERSAL, true, 16));
	ber_reader_sub(&s1, &r, &t);
	ASSERT_EQ(0, ber_expect(&s1, &u, BER_CONTEXT, false, 1));
	ASSERT_EQ(0, ber_expect(&s1, &u, BER_CONTEXT, true, 2));
	ber_reader_sub(&s2, &s1, &u);
	ASSERT_EQ(0, ber_expect(&s2, &v, BER_CONTEXT, false, 1));
	EXPECT_EQ(200, v.len);
	EXPECT_EQ(0, ber_expect_end(&s2));
	EXPECT_EQ(0, ber_expect_end(&s1));
	EXPECT_EQ(0, ber_expect_end(&r));
	ber_enc_free(&e);
}

TEST(unbalanced_nesting)
{
	struct ber_enc e;

	ber_enc_init(&e);
	ber_begin(&e, BER_UNIVERSAL, BER_TAG_SEQUENCE);
	EXPECT_EQ(-BER_EDEPTH, ber_enc_error(&e));
	ber_end(&e);
	EXPECT_EQ(0, ber_enc_error(&e));
	ber_end(&e);
	EXPECT_EQ(-BER_EDEPTH, ber_enc_error(&e));
	/* Sticky: later calls do nothing. */
	ber_put_bool(&e, BER_CONTEXT, 1, true);
	EXPECT_EQ(2, e.len);
	ber_enc_free(&e);
}

TEST(encoder_limit)
{
	uint8_t big[64] = { 0 };
	struct ber_enc e;

	ber_enc_init(&e);
	e.limit = 32;
	ber_put_octets(&e, BER_UNIVERSAL, 4, big, sizeof(big));
	EXPECT_EQ(-BER_ELIMIT, ber_enc_error(&e));
	ber_enc_free(&e);
}

TEST(wrong_tag)
{
	uint8_t b[] = { 0x82, 0x01, 0x05 };
	struct ber_error err;
	struct ber_reader r;
	struct ber_tlv t;

	ber_reader_init(&r, b, sizeof(b), 0, &err);
	EXPECT_EQ(-BER_ETAG, ber_expect(&r, &t, BER_CONTEXT, false, 1));
	EXPECT_EQ(0, err.offset);
	EXPECT_NE(NULL, strstr(err.msg, "expected [1], found [2]"));
	/* Nothing consumed on a tag mismatch. */
	EXPECT_FALSE(ber_reader_done(&r));
	/* Primitive vs constructed is part of the tag. */
	ber_reader_init(&r, b, sizeof(b), 0, &err);
	EXPECT_EQ(-BER_ETAG, ber_expect(&r, &t, BER_CONTEXT, true, 2));
}

TEST(trailing)
{
	uint8_t b[] = { 0x05, 0x00, 0x00 };
	struct ber_error err;
	struct ber_reader r;
	struct ber_tlv t;

	ber_reader_init(&r, b, sizeof(b), 0, &err);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(-BER_ETRAILING, ber_expect_end(&r));
	EXPECT_EQ(2, err.offset);
}

TEST(boolean_enum_null)
{
	uint8_t bad_bool[] = { 0x01, 0x02, 0xff, 0xff };
	uint8_t bad_null[] = { 0x05, 0x01, 0x00 };
	struct ber_enc e;
	struct ber_reader r;
	struct ber_tlv t;
	bool bv;
	int64_t v;

	ber_enc_init(&e);
	ber_put_bool(&e, BER_UNIVERSAL, BER_TAG_BOOLEAN, true);
	ber_put_bool(&e, BER_UNIVERSAL, BER_TAG_BOOLEAN, false);
	ber_put_enum(&e, BER_CONTEXT, 2, 3);
	EXPECT_TRUE(enc_eq(&e, "0101ff010100820103"));
	ber_reader_init(&r, e.buf, e.len, 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	ASSERT_EQ(0, ber_get_bool(&r, &t, &bv));
	EXPECT_TRUE(bv);
	ASSERT_EQ(0, ber_read(&r, &t));
	ASSERT_EQ(0, ber_get_bool(&r, &t, &bv));
	EXPECT_FALSE(bv);
	ASSERT_EQ(0, ber_read(&r, &t));
	ASSERT_EQ(0, ber_get_int(&r, &t, &v));
	EXPECT_EQ(3, v);
	ber_enc_free(&e);

	ber_reader_init(&r, bad_bool, sizeof(bad_bool), 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(-BER_EVALUE, ber_get_bool(&r, &t, &bv));
	ber_reader_init(&r, bad_null, sizeof(bad_null), 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(-BER_EVALUE, ber_get_null(&r, &t));
}

TEST(strings)
{
	uint8_t d[] = { 0x12, 0x03, '1', 'a', '3' };
	uint8_t c[] = { 0x24, 0x03, 0x04, 0x01, 'x' };
	struct ber_enc e;
	struct ber_reader r;
	struct ber_tlv t;

	ber_enc_init(&e);
	ber_put_str(&e, BER_UNIVERSAL, BER_TAG_UTF8STRING, "h\xc3\xa9");
	ber_put_str(&e, BER_CONTEXT, 1, "262019876543210");
	EXPECT_TRUE(enc_eq(&e, "0c0368c3a9810f323632303139383736353433323130"));
	ber_reader_init(&r, e.buf, e.len, 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(0, ber_get_octets(&r, &t, 1, 3));
	EXPECT_EQ(-BER_EVALUE, ber_get_octets(&r, &t, 4, 10));
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(0, ber_get_digits(&r, &t, 6, 15));
	EXPECT_EQ(-BER_EVALUE, ber_get_digits(&r, &t, 6, 14));
	ber_enc_free(&e);

	ber_reader_init(&r, d, sizeof(d), 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(-BER_EVALUE, ber_get_digits(&r, &t, 1, 5));
	/* Segmented (constructed) OCTET STRING is refused with a reason. */
	ber_reader_init(&r, c, sizeof(c), 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(-BER_EVALUE, ber_get_octets(&r, &t, 0, 10));
}

TEST(bit_string)
{
	/* 36-bit NCI 0x123456789: 5 octets, 4 unused bits. */
	uint8_t nci[5] = { 0x12, 0x34, 0x56, 0x78, 0x9f };
	uint8_t out[8];
	uint8_t bad[] = { 0x03, 0x01, 0x01 };
	uint8_t bad2[] = { 0x03, 0x02, 0x08, 0x00 };
	struct ber_enc e;
	struct ber_reader r;
	struct ber_tlv t;
	size_t nbits;

	ber_enc_init(&e);
	ber_put_bits(&e, BER_CONTEXT, 2, nci, 36);
	/* Padding bits are cleared: 0x9f -> 0x90. */
	EXPECT_TRUE(enc_eq(&e, "8206041234567890"));
	ber_reader_init(&r, e.buf, e.len, 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	ASSERT_EQ(0, ber_get_bits(&r, &t, out, sizeof(out), &nbits));
	EXPECT_EQ(36, nbits);
	EXPECT_EQ(0x90, out[4]);
	EXPECT_EQ(-BER_EVALUE, ber_get_bits(&r, &t, out, 4, &nbits));
	ber_enc_reset(&e);
	ber_put_bits(&e, BER_UNIVERSAL, 3, NULL, 0);
	EXPECT_TRUE(enc_eq(&e, "030100"));
	ber_enc_free(&e);

	ber_reader_init(&r, bad, sizeof(bad), 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(-BER_EVALUE, ber_get_bits(&r, &t, out, 8, &nbits));
	ber_reader_init(&r, bad2, sizeof(bad2), 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(-BER_EVALUE, ber_get_bits(&r, &t, out, 8, &nbits));
}

TEST(relative_oid)
{
	static const uint32_t arcs[] = { 4, 19, 19, 3, 1 };
	static const uint32_t big[] = { 128, 16383, 16384, 4294967295u };
	uint8_t bad1[] = { 0x0d, 0x02, 0x04, 0x93 }; /* cut */
	uint8_t bad2[] = { 0x0d, 0x02, 0x80, 0x01 }; /* leading 0x80 */
	uint8_t bad3[] = { 0x0d, 0x06, 0x90, 0x80, 0x80, 0x80, 0x80, 0x00 };
	uint32_t out[8];
	size_t n;
	struct ber_enc e;
	struct ber_reader r;
	struct ber_tlv t;

	ber_enc_init(&e);
	ber_put_reloid(&e, BER_CONTEXT, 1, arcs, 5);
	EXPECT_TRUE(enc_eq(&e, "81050413130301"));
	ber_enc_reset(&e);
	ber_put_reloid(&e, BER_UNIVERSAL, 13, big, 4);
	EXPECT_TRUE(enc_eq(&e, "0d0c"
			       "8100"
			       "ff7f"
			       "818000"
			       "8fffffff7f"));
	ber_reader_init(&r, e.buf, e.len, 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	ASSERT_EQ(0, ber_get_reloid(&r, &t, out, 8, &n));
	ASSERT_EQ(4, n);
	EXPECT_EQ(0, memcmp(out, big, sizeof(big)));
	EXPECT_EQ(-BER_EOID, ber_get_reloid(&r, &t, out, 3, &n));
	ber_enc_free(&e);

	ber_reader_init(&r, bad1, sizeof(bad1), 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(-BER_EOID, ber_get_reloid(&r, &t, out, 8, &n));
	ber_reader_init(&r, bad2, sizeof(bad2), 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(-BER_EOID, ber_get_reloid(&r, &t, out, 8, &n));
	ber_reader_init(&r, bad3, sizeof(bad3), 0, NULL);
	ASSERT_EQ(0, ber_read(&r, &t));
	EXPECT_EQ(-BER_EOID, ber_get_reloid(&r, &t, out, 8, &n));
}

TEST(tagged_choice_is_explicit)
{
	/* supi [1] SUPI, SUPI ::= CHOICE { iMSI [1] NumericString }:
	 * outer constructed [1] around the alternative's own [1]. */
	struct ber_enc e;

	ber_enc_init(&e);
	ber_begin(&e, BER_CONTEXT, 1);
	ber_put_str(&e, BER_CONTEXT, 1, "001010123456789");
	ber_end(&e);
	EXPECT_TRUE(enc_eq(&e, "a111810f303031303130313233343536373839"));
	ber_enc_free(&e);
}

TEST(header_for_framing)
{
	uint8_t b[] = { 0x30, 0x82, 0x01, 0x00 };
	struct ber_tlv t;

	EXPECT_EQ(0, ber_header(b, 0, &t, 0));
	EXPECT_EQ(0, ber_header(b, 1, &t, 0));
	EXPECT_EQ(0, ber_header(b, 3, &t, 0));
	EXPECT_EQ(4, ber_header(b, 4, &t, 0));
	EXPECT_EQ(256, t.len);
	EXPECT_TRUE(t.cons);
	EXPECT_EQ(16, t.num);
}

TEST(strerror_all)
{
	int i;

	for (i = 0; i < BER_NERR; i++)
		EXPECT_NE(NULL, ber_strerror(i));
	EXPECT_STREQ("unknown error", ber_strerror(BER_NERR));
}

TEST_HARNESS_MAIN
