// SPDX-License-Identifier: GPL-2.0
/*
 * test_ber_gtime.c - GeneralizedTime: the generic decoder against X.690
 * examples, and ber_gtime_quick() (the LI_XER fast path, with its
 * per-thread minute cache) against the long way. Split from test_ber.c.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"

#include "ber.h"
#include "ber_check.h"

TEST(generalized_time)
{
	struct ber_enc e;
	int64_t ns;

	ber_enc_init(&e);
	/* 2024-02-29 12:34:56.789 UTC = 1709210096.789 */
	ber_put_gtime(&e, BER_UNIVERSAL, 24, 1709210096789000000LL);
	EXPECT_TRUE(enc_eq(&e, "1813"
			       "32303234303232393132333435362e3738395a"));
	ber_enc_reset(&e);
	ber_put_gtime(&e, BER_CONTEXT, 3, 0);
	EXPECT_TRUE(enc_eq(&e, "830f"
			       "31393730303130313030303030305a"));
	ber_enc_reset(&e);
	ber_put_gtime(&e, BER_CONTEXT, 3, 1000000001LL);
	EXPECT_TRUE(enc_eq(
		&e, "8319"
		    "31393730303130313030303030312e3030303030303030315a"));
	ber_enc_free(&e);

	ASSERT_EQ(0, gt_decode("20240229123456.789Z", &ns));
	EXPECT_EQ(1709210096789000000LL, ns);
	ASSERT_EQ(0, gt_decode("20240229143456.789+0200", &ns));
	EXPECT_EQ(1709210096789000000LL, ns);
	ASSERT_EQ(0, gt_decode("202402291234Z", &ns));
	EXPECT_EQ(1709210040000000000LL, ns);
	ASSERT_EQ(0, gt_decode("19691231235959.5Z", &ns));
	EXPECT_EQ(-500000000LL, ns);
	EXPECT_GT(0, gt_decode("20230229123456Z", &ns)); /* no Feb 29 */
	EXPECT_GT(0, gt_decode("20240229123456", &ns)); /* local time */
	EXPECT_GT(0, gt_decode("20241301000000Z", &ns));
	EXPECT_GT(0, gt_decode("2024022912345Z", &ns));
	EXPECT_GT(0, gt_decode("20240229123456.Z", &ns));
	EXPECT_GT(0, gt_decode("99990101000000Z", &ns)); /* beyond int64 ns */
}

/*
 * The quick form, "YYYYMMDDHHMMSS[.f]Z" with 1-9 fraction digits: read
 * alone it gives the instant (expected values from Python's
 * calendar.timegm) and says no to everything else, which ber_get_gtime()
 * still takes or refuses the long way.
 */
TEST(generalized_time_quick_form)
{
	static const struct {
		const char *s;
		int64_t ns; /* 0: the quick form says no */
	} c[] = {
		{ "20240229123456Z", 1709210096000000000LL },
		{ "20240229123456.7Z", 1709210096700000000LL },
		{ "20240229123456,789Z", 1709210096789000000LL },
		{ "20240229123456.123456789Z", 1709210096123456789LL },
		{ "20240229123456.12345678Z", 1709210096123456780LL },
		{ "20240229123456.0000001Z", 1709210096000000100LL },
		{ "20240229123456.a23456789Z", 0 },
		{ "20240229123456.1a3456789Z", 0 },
		{ "20240229123456.1234567a9Z", 0 },
		{ "20240229123456.12345678aZ", 0 },
		{ "20240229123456.a2345678Z", 0 },
		{ "20240229123456./Z", 0 },
		{ "20240229123456.:Z", 0 },
		{ "20000229000000Z", 951782400000000000LL },
		{ "19700101000001.000000001Z", 1000000001LL },
		{ "21001231235960Z", 4133980800000000000LL }, /* leap second */
		{ "19000229000000Z", 0 }, /* 1900 is not a leap year */
		{ "21000229000000Z", 0 },
		{ "20230229123456Z", 0 },
		{ "20240431000000Z", 0 },
		{ "20240001000000Z", 0 },
		{ "20241301000000Z", 0 },
		{ "20240100000000Z", 0 },
		{ "20240101240000Z", 0 },
		{ "20240101006000Z", 0 },
		{ "20240101000061Z", 0 },
		{ "2024010100000aZ", 0 },
		{ "2024/101000000Z", 0 },
		{ "20240101000000.Z", 0 },
		{ "20240101000000.1234567891Z", 0 }, /* the long way takes it */
		{ "20240101000000.12a4Z", 0 },
		{ "20240101000000:1Z", 0 },
		{ "20240101020000+0200", 0 }, /* the long way takes it */
		{ "202401010000Z", 0 },
		{ "20240101000000z", 0 },
		{ "99990101000000Z", 0 }, /* beyond int64 ns */
		{ "16000101000000Z", 0 },
	};
	int64_t quick, slow;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		const uint8_t *p = (const uint8_t *)c[i].s;
		bool ok = ber_gtime_quick(p, strlen(c[i].s), &quick);

		EXPECT_EQ(c[i].ns != 0, ok) TH_LOG("%s", c[i].s);
		if (ok)
			EXPECT_EQ(c[i].ns, quick) TH_LOG("%s", c[i].s);
	}
	/* Every fraction length, each digit value at each place. */
	for (unsigned int fd = 1; fd <= 9; fd++) {
		for (unsigned int at = 0; at < fd; at++) {
			for (char dig = '0'; dig <= '9'; dig++) {
				char s[32] = "20240229123456.";
				int64_t want = 0;

				for (unsigned int k = 0; k < fd; k++) {
					s[15 + k] = k == at ?
							    dig :
							    (char)('1' + k % 9);
					want = want * 10 + (s[15 + k] - '0');
				}
				for (unsigned int k = fd; k < 9; k++)
					want *= 10;
				s[15 + fd] = 'Z';
				ASSERT_TRUE(ber_gtime_quick((const uint8_t *)s,
							    16 + fd, &quick))
				TH_LOG("%s", s);
				ASSERT_EQ(1709210096000000000LL + want, quick)
				TH_LOG("%s", s);
			}
		}
	}
	/* Every month's first and last day of the years int64 ns cover. */
	for (unsigned int y = 1678; y <= 2261; y++) {
		for (unsigned int mo = 1; mo <= 12; mo++) {
			static const uint8_t last[] = {
				31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
			};
			unsigned int ld =
				last[mo - 1] + (mo == 2 && y % 4 == 0 &&
						(y % 100 || y % 400 == 0));
			char s[24];

			for (unsigned int d = 1; d <= ld; d += ld - 1) {
				snprintf(s, sizeof(s), "%04u%02u%02u235959Z", y,
					 mo, d);
				ASSERT_TRUE(ber_gtime_quick((const uint8_t *)s,
							    15, &quick))
				TH_LOG("%s", s);
				ASSERT_EQ(
					(ber_days_from_civil(y, mo, d) * 86400 +
					 86399) *
						1000000000,
					quick)
				TH_LOG("%s", s);
			}
		}
	}
	/* What the quick form leaves is still the long way's. */
	ASSERT_EQ(0, gt_decode("20240101000000.1234567891Z", &slow));
	EXPECT_EQ(1704067200123456789LL, slow);
	ASSERT_EQ(0, gt_decode("20240101020000+0200", &slow));
	EXPECT_EQ(1704067200000000000LL, slow);
	EXPECT_GT(0, gt_decode("20240101000000.12a4Z", &slow));
}

/* The quick reading of @s, or INT64_MIN when it says no. */
static int64_t gt_quick(const char *s)
{
	int64_t ns;

	return ber_gtime_quick((const uint8_t *)s, strlen(s), &ns) ? ns :
								     INT64_MIN;
}

/* The long way's reading of @s, or INT64_MIN when it refuses it. */
static int64_t gt_slow(const char *s)
{
	int64_t ns;

	return gt_decode(s, &ns) ? INT64_MIN : ns;
}

/* "YYYYMMDDHHMMSS[.f]Z", 1-9 fraction digits: ber_gtime_quick()'s form. */
static bool quick_form(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 15 || n > 25 || n == 16 || s[n - 1] != 'Z')
		return false;
	for (i = 0; i < n - 1; i++)
		if (i != 14 && (s[i] < '0' || s[i] > '9'))
			return false;
	return n == 15 || s[14] == '.' || s[14] == ',';
}

/*
 * ber_gtime_quick() keeps the last minute it read ("YYYYMMDDHHMM"). Each
 * octet of a time changed right after the original was read (so that
 * the cache holds the original's minute) must give what the long way
 * gives, read once (hit or miss) and again (a hit if it was accepted);
 * the original must then read as before. A change in the minute's twelve
 * octets must miss, the seconds and fraction are checked on a hit, and a
 * refused minute is never kept.
 */
TEST(generalized_time_quick_minute_cache)
{
	static const char *const base[] = {
		"20240229123456.789Z",	    "19700101000000Z",
		"21001231235960Z",	    "20231231235959.999999999Z",
		"22620411234716.85477580Z", "16770921001244,1Z",
		"00000101000000Z",
	};
	static const char subst[] = { '0', '1', '2', '3', '4', '5', '6', '8',
				      '9', '/', ':', 'a', '.', ',', 'Z', 0 };
	char s[32];

	for (size_t b = 0; b < sizeof(base) / sizeof(base[0]); b++) {
		int64_t want = gt_slow(base[b]);
		size_t n = strlen(base[b]);

		ASSERT_EQ(want, gt_quick(base[b])) TH_LOG("%s", base[b]);
		for (size_t pos = 0; pos < n; pos++) {
			for (size_t k = 0; k < sizeof(subst); k++) {
				int64_t slow;

				memcpy(s, base[b], n + 1);
				if (s[pos] == subst[k])
					continue;
				s[pos] = subst[k];
				ASSERT_EQ(want, gt_quick(base[b]));
				/* Other forms are the long way's alone. */
				slow = quick_form(s) ? gt_slow(s) : INT64_MIN;
				ASSERT_EQ(slow, gt_quick(s))
				TH_LOG("%s after %s", s, base[b]);
				ASSERT_EQ(slow, gt_quick(s))
				TH_LOG("%s again", s);
				ASSERT_EQ(want, gt_quick(base[b]))
				TH_LOG("%s after %s", base[b], s);
			}
		}
	}
	/* A refused minute is not kept: the same minute stays refused. */
	EXPECT_EQ(INT64_MIN, gt_quick("20230229123456Z"));
	EXPECT_EQ(INT64_MIN, gt_quick("20230229123457Z"));
	EXPECT_EQ(1677501296000000000LL, gt_quick("20230227123456Z"));
	EXPECT_EQ(INT64_MIN, gt_quick("20230229123456Z"));
	/* Seconds on a hit: 60 folds into the next minute, 61 is refused. */
	EXPECT_EQ(1709209980000000000LL, gt_quick("20240229123300Z"));
	EXPECT_EQ(1709210040000000000LL, gt_quick("20240229123360Z"));
	EXPECT_EQ(INT64_MIN, gt_quick("20240229123361Z"));
	EXPECT_EQ(INT64_MIN, gt_quick("2024022912336aZ"));
	EXPECT_EQ(INT64_MIN, gt_quick("202402291233a0Z"));
	EXPECT_EQ(INT64_MIN, gt_quick("20240229123359.Z"));
	EXPECT_EQ(INT64_MIN, gt_quick("20240229123359.1234567890Z"));
}

static uint64_t pow10_of(unsigned int k)
{
	uint64_t v = 1;

	while (k--)
		v *= 10;
	return v;
}

/*
 * A stream's times in order, as an IEF sends them (minutes repeating,
 * crossing a leap day, a month and a year end), every fraction length:
 * what ber_put_gtime() wrote reads back exactly, the quick way and the
 * long way.
 */
TEST(generalized_time_quick_in_order)
{
	/* 2023-12-30 00:00:00 to 2024-03-02, about 9.9 s apart. */
	const int64_t from = 1703894400LL * 1000000000;
	const int64_t to = 1709337600LL * 1000000000;
	struct ber_enc e;
	uint64_t i = 0;
	char s[32];

	ber_enc_init(&e);
	for (int64_t t = from; t < to; t += 9876000000LL + 123457, i++) {
		/* Every fraction length: trailing zeros are not written. */
		int64_t ns = t - t % 1000000000 +
			     (t % 1000000000) / (int64_t)pow10_of(i % 10) *
				     (int64_t)pow10_of(i % 10);

		ber_enc_reset(&e);
		ber_put_gtime(&e, BER_UNIVERSAL, 24, ns);
		ASSERT_FALSE(ber_enc_error(&e));
		ASSERT_GT(sizeof(s), (size_t)e.buf[1]);
		memcpy(s, e.buf + 2, e.buf[1]);
		s[e.buf[1]] = '\0';
		ASSERT_EQ(ns, gt_quick(s)) TH_LOG("%s", s);
		ASSERT_EQ(ns, gt_slow(s)) TH_LOG("%s", s);
	}
	ber_enc_free(&e);
	EXPECT_LT(500000u, i);
}

/*
 * Digit strings are checked eight octets at a time: a non-digit at any
 * position of any length must still be found and named, including the
 * octets next to '0'..'9' and those whose low nibble is a digit.
 */
TEST(digit_strings_every_position)
{
	static const uint8_t bad[] = { '/',  ':',  ' ',	 0x00, 0x2a, 0x3a, 0x3f,
				       0x40, 0x70, 0x80, 0xb0, 0xb9, 0xff };
	uint8_t b[2 + 24];
	struct ber_error err;
	struct ber_reader r;
	struct ber_tlv t;
	char want[32];

	for (size_t n = 1; n <= 24; n++) {
		b[0] = 0x12;
		b[1] = (uint8_t)n;
		for (size_t i = 0; i < n; i++)
			b[2 + i] = '0' + (i * 7 + n) % 10;
		ber_reader_init(&r, b, n + 2, 0, &err);
		ASSERT_EQ(0, ber_read(&r, &t));
		ASSERT_EQ(0, ber_get_digits(&r, &t, 0, 64));
		for (size_t pos = 0; pos < n; pos++) {
			for (size_t k = 0; k < sizeof(bad); k++) {
				uint8_t keep = b[2 + pos];

				b[2 + pos] = bad[k];
				ber_reader_init(&r, b, n + 2, 0, &err);
				ASSERT_EQ(0, ber_read(&r, &t));
				ASSERT_EQ(-BER_EVALUE,
					  ber_get_digits(&r, &t, 0, 64));
				snprintf(want, sizeof(want), "0x%02x at %zu",
					 bad[k], pos);
				EXPECT_NE(NULL, strstr(err.msg, want));
				b[2 + pos] = keep;
			}
		}
	}
}

/*
 * The fixed form YYYYMMDDHHMMSS[.f]Z is read in one piece; it must accept
 * and refuse exactly what the field-by-field reading does.
 */
TEST(generalized_time_fixed_form)
{
	static const struct {
		const char *s;
		bool ok;
		int64_t ns;
	} cases[] = {
		/* A leap second folds into the next second. */
		{ "20161231235960Z", true, 1483228800000000000LL },
		{ "20161231235961Z", false, 0 },
		{ "20240229126056Z", false, 0 }, /* minute 60 */
		{ "20240229243456Z", false, 0 }, /* hour 24 */
		{ "20240230123456Z", false, 0 }, /* Feb 30 */
		{ "20240001123456Z", false, 0 }, /* month 0 */
		{ "20240100123456Z", false, 0 }, /* day 0 */
		{ "20000229000000Z", true, 951782400000000000LL },
		{ "21000229000000Z", false, 0 }, /* 2100 is no leap year */
		/* Digits past the ninth of a fraction are read and dropped. */
		{ "19700101000000.1234567891Z", true, 123456789LL },
		{ "19700101000000,5Z", true, 500000000LL },
		/* The same instant with fewer fields, or a zone offset. */
		{ "2024022912Z", true, 1709208000000000000LL },
		{ "20240229120000-0030", true, 1709209800000000000LL },
		{ "202402291234567Z", false, 0 }, /* 15 digits */
	};
	char s[32];
	int64_t ns;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ns = 0;
		EXPECT_EQ(cases[i].ok ? 0 : -BER_EVALUE,
			  gt_decode(cases[i].s, &ns))
		TH_LOG("%s", cases[i].s);
		if (cases[i].ok)
			EXPECT_EQ(cases[i].ns, ns);
	}
	/* A non-digit anywhere in the first fourteen octets. */
	for (int i = 0; i < 14; i++) {
		snprintf(s, sizeof(s), "20240229123456Z");
		s[i] = i % 2 ? ':' : '/';
		EXPECT_GT(0, gt_decode(s, &ns));
	}
}

TEST_HARNESS_MAIN
