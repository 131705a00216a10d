// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_valid.c - the value checks of icf_valid.c against their rules
 * written out plainly, over every input where that is possible: the PLMN
 * ID check works on all six nibbles at once.
 */
#include <stdint.h>

#include "kselftest_harness.h"

#include "icf.h"

/* TS 24.008 10.5.1.13: MCC digits 1-3, MNC digits 1-2, MNC digit 3 or F. */
static bool plmn_rule(const uint8_t p[3])
{
	return (p[0] & 0x0f) <= 9 && (p[0] >> 4) <= 9 && (p[1] & 0x0f) <= 9 &&
	       ((p[1] >> 4) <= 9 || (p[1] >> 4) == 0xf) && (p[2] & 0x0f) <= 9 &&
	       (p[2] >> 4) <= 9;
}

TEST(plmn_every_value)
{
	unsigned long wrong = 0, valid = 0;
	uint8_t p[3];

	for (uint32_t v = 0; v < 1u << 24; v++) {
		p[0] = v;
		p[1] = v >> 8;
		p[2] = v >> 16;
		valid += plmn_rule(p);
		if (icf_plmn_valid(p) != plmn_rule(p) && wrong++ < 5)
			TH_LOG("%02x %02x %02x", p[0], p[1], p[2]);
	}
	EXPECT_EQ(0, wrong);
	/* 10^5 MCC+MNC digit choices times 11 for the third MNC digit. */
	EXPECT_EQ(1100000, valid);
}

TEST_HARNESS_MAIN
