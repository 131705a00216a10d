// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_supi_key.c - the SUPI index's key comparison (icf.c find_sub()):
 * an IMSI is compared with its stored BCD as one masked word, packed eight
 * digits at a time. Every valid length (6-15 digits) is found, the odd
 * ones with their filler nibble, and a record under the same hash whose
 * IMSI differs in any one digit is not taken for it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kselftest_harness.h"

#include "icf_fixture.h"
#include "icf_int.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

static struct icf_supi imsi(const char *digits)
{
	return (struct icf_supi){ .type = ICF_SUPI_IMSI,
				  .len = (uint16_t)strlen(digits),
				  .val = digits };
}

/* The SUPI record of @digits, made by a first registration. */
static uint32_t registered(struct icf *c, const char *digits, uint32_t tmsi)
{
	struct icf_assoc_event ev;
	struct icf_supi s = imsi(digits);

	mk_assoc(&ev, digits, tmsi, T0);
	if (icf_associate(c, &ev) != ICF_STORED)
		return 0;
	return icf_find_sub(c, &s);
}

/* Each length, found again, by a later record too (no second record). */
TEST(every_imsi_length_found)
{
	static const char all[] = "987654321012345";
	struct lm_clock clk;
	struct icf_stats st;
	struct icf *c;
	char d[16];

	lm_clock_manual_init(&clk, T0);
	c = icf_new(&test_cfg, &clk);
	ASSERT_NE(NULL, c);
	for (size_t n = 6; n <= 15; n++) {
		struct icf_assoc_event ev;
		struct icf_supi s;
		uint32_t id;

		memcpy(d, all, n);
		d[n] = '\0';
		id = registered(c, d, (uint32_t)n);
		ASSERT_NE(0, id) TH_LOG("length %zu", n);
		EXPECT_EQ(n, sub_at(c, id)->len);
		mk_assoc(&ev, d, 100 + (uint32_t)n, T0 + SEC);
		EXPECT_EQ(ICF_STORED, icf_associate(c, &ev));
		s = imsi(d);
		EXPECT_EQ(id, icf_find_sub(c, &s)) TH_LOG("length %zu", n);
	}
	icf_get_stats(c, &st);
	EXPECT_EQ(10, st.subscribers);
	icf_free(c);
}

/*
 * A record indexed under the hash of another IMSI (a collision, made by
 * hand) is compared by key: with one digit changed, anywhere, at every
 * length, it is not a match (a mask or packing one octet short would let
 * the last digits through).
 */
TEST(one_digit_apart_not_matched)
{
	static const char base[] = "310410123456789";
	struct lm_clock clk;
	struct icf *c;

	lm_clock_manual_init(&clk, T0);
	c = icf_new(&test_cfg, &clk);
	ASSERT_NE(NULL, c);
	for (size_t n = 6; n <= 15; n++) {
		char a[16], b[16];
		struct icf_supi sa, sb;
		uint32_t id, h;

		memcpy(a, base, n);
		a[n] = '\0';
		id = registered(c, a, (uint32_t)n);
		ASSERT_NE(0, id);
		sa = imsi(a);
		for (size_t i = 0; i < n; i++) {
			for (char x = '0'; x <= '9'; x++) {
				if (x == a[i])
					continue;
				memcpy(b, a, n + 1);
				b[i] = x;
				sb = imsi(b);
				h = icf_supi_hash(c, &sb);
				ASSERT_EQ(0,
					  icf_index_insert(&c->by_supi, h, id));
				EXPECT_EQ(0, icf_find_sub(c, &sb))
				TH_LOG("length %zu, digit %zu -> %c", n, i, x);
				ASSERT_EQ(0,
					  icf_index_remove(&c->by_supi, h, id));
			}
		}
		EXPECT_EQ(id, icf_find_sub(c, &sa));
	}
	icf_free(c);
}

TEST_HARNESS_MAIN
