// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_wheel.c - the ICF expiry wheel (icf_wheel.h): a bucket holds
 * any number of ids, in the order they were added, across its chain of
 * blocks; deadlines beyond a lap wait in the far list; a handled bucket's
 * blocks are reused, so steady expiry takes no new memory.
 */
#include <stdint.h>

#include "kselftest_harness.h"

#include "icf_wheel.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

/* The ids of @b in chain order into @out; how many. */
static uint32_t collect(const struct icf_wheel *w, const struct icf_bucket *b,
			uint32_t *out, uint32_t max)
{
	const struct icf_wheel_block *k;
	uint32_t n = 0;

	for (k = icf_wheel_block(w, b->head); k;
	     k = icf_wheel_block(w, k->next))
		for (uint32_t i = 0; i < k->n && n < max; i++)
			out[n++] = k->ids[i];
	return n;
}

#define MANY (5 * ICF_WHEEL_BLOCK_IDS + 7)

TEST(bucket_keeps_every_id_in_order)
{
	static uint32_t got[MANY + 1];
	struct icf_wheel w;
	struct icf_bucket *b;

	/* 1 s buckets, a lap of at least 100 s, now = 0. */
	ASSERT_EQ(0, icf_wheel_init(&w, 100000, 1000, 0));
	for (uint32_t i = 1; i <= MANY; i++)
		ASSERT_EQ(0, icf_wheel_add(&w, 5000, i));
	ASSERT_EQ(0, icf_wheel_add(&w, 7000, MANY + 1));
	EXPECT_EQ(NULL, icf_wheel_next_due(&w, 4999));
	b = icf_wheel_next_due(&w, 5000);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(MANY, collect(&w, b, got, MANY + 1));
	for (uint32_t i = 0; i < MANY; i++)
		ASSERT_EQ(i + 1, got[i]);
	icf_wheel_done(&w, b);
	EXPECT_EQ(NULL, icf_wheel_next_due(&w, 6999));
	b = icf_wheel_next_due(&w, 7000);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(1, collect(&w, b, got, MANY + 1));
	EXPECT_EQ(MANY + 1, got[0]);
	icf_wheel_done(&w, b);
	icf_wheel_free(&w);
}

TEST(far_deadlines_wait_in_the_far_list)
{
	static uint32_t got[MANY];
	struct icf_wheel w;
	struct icf_bucket f;

	ASSERT_EQ(0, icf_wheel_init(&w, 100000, 1000, 0));
	for (uint32_t i = 1; i <= MANY; i++)
		ASSERT_EQ(0, icf_wheel_add(&w, (lm_ms_t)1000 * 1000000, i));
	EXPECT_FALSE(icf_wheel_far_due(&w));
	/* Half a lap later the far list is due, its ids in order. */
	while (icf_wheel_next_due(&w, (lm_ms_t)w.nb * 1000))
		;
	ASSERT_TRUE(icf_wheel_far_due(&w));
	f = icf_wheel_take_far(&w);
	EXPECT_FALSE(icf_wheel_far_due(&w));
	ASSERT_EQ(MANY, collect(&w, &f, got, MANY));
	for (uint32_t i = 0; i < MANY; i++)
		ASSERT_EQ(i + 1, got[i]);
	/* Re-adding while the taken list is still held. */
	for (uint32_t i = 0; i < MANY; i++)
		ASSERT_EQ(0,
			  icf_wheel_add(&w, (lm_ms_t)1000 * 1000000, got[i]));
	icf_wheel_done(&w, &f);
	EXPECT_EQ(0, f.head);
	icf_wheel_free(&w);
}

TEST(handled_blocks_are_reused)
{
	struct icf_wheel w;
	struct icf_bucket *b;
	size_t bytes;

	ASSERT_EQ(0, icf_wheel_init(&w, 100000, 1000, 0));
	for (uint32_t i = 1; i <= 100000; i++)
		ASSERT_EQ(0, icf_wheel_add(&w, 2000, i));
	bytes = icf_wheel_bytes(&w);
	EXPECT_GE(bytes, (size_t)w.nb * sizeof(*w.b) + 100000 * 4);
	/* Second after second, as many ids again: no new memory. */
	for (lm_ms_t t = 2000; t <= 10000; t += 1000) {
		b = icf_wheel_next_due(&w, t);
		ASSERT_NE(NULL, b);
		icf_wheel_done(&w, b);
		for (uint32_t i = 1; i <= 100000; i++)
			ASSERT_EQ(0, icf_wheel_add(&w, t + 1000, i));
		EXPECT_EQ(bytes, icf_wheel_bytes(&w));
	}
	icf_wheel_free(&w);
}

TEST_HARNESS_MAIN
