// SPDX-License-Identifier: GPL-2.0
/*
 * test_streambuf.c - the stream reassembly buffer (streambuf.h): growth by
 * doubling, compaction of what was consumed, an exact first allocation
 * and in-place writing, the overflow bound, an allocation the allocator
 * refuses, zero-length input, and the error each user reports
 * (-BER_ENOMEM, -X2X3_ENOMEM, -ENOMEM).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#include "iqf.h"
#include "lixer.h"
#include "streambuf.h"
#include "x2x3.h"

/*
 * An allocation the allocator refuses is a request over PTRDIFF_MAX;
 * glibc returns NULL for it, ASan (which these tests run under) only
 * when told to.
 */
__attribute__((used)) const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

static void fill(uint8_t *p, size_t n, uint8_t from)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(from + i);
}

/* b holds exactly @n octets counting up from @from, none consumed. */
static int holds(const struct streambuf *b, size_t n, uint8_t from)
{
	size_t i;

	if (b->head || b->len != n || b->cap < n)
		return 0;
	for (i = 0; i < n; i++)
		if (b->p[i] != (uint8_t)(from + i))
			return 0;
	return 1;
}

TEST(grows_by_doubling)
{
	struct streambuf b = { 0 };
	static uint8_t d[3 * STREAMBUF_MIN];

	fill(d, sizeof(d), 0);
	ASSERT_EQ(0, streambuf_append(&b, d, 1));
	EXPECT_EQ(STREAMBUF_MIN, b.cap);
	/* Filling it exactly does not grow it. */
	ASSERT_EQ(0, streambuf_append(&b, d + 1, STREAMBUF_MIN - 1));
	EXPECT_EQ(STREAMBUF_MIN, b.cap);
	ASSERT_EQ(0, streambuf_append(&b, d + STREAMBUF_MIN, 1));
	EXPECT_EQ(2 * STREAMBUF_MIN, b.cap);
	/* Past twice the capacity: doubled as often as needed. */
	ASSERT_EQ(0, streambuf_append(&b, d + STREAMBUF_MIN + 1,
				      2 * STREAMBUF_MIN - 1));
	EXPECT_EQ(4 * STREAMBUF_MIN, b.cap);
	EXPECT_TRUE(holds(&b, sizeof(d), 0));
	streambuf_free(&b);
	EXPECT_EQ(NULL, b.p);
	EXPECT_EQ(0, b.len + b.cap + b.head);
}

TEST(grow_first_need_over_min)
{
	uint8_t *p = NULL;
	size_t cap = 0;

	ASSERT_EQ(0, streambuf_grow(&p, &cap, 0, 5 * STREAMBUF_MIN));
	EXPECT_EQ(8 * STREAMBUF_MIN, cap);
	/* Room enough: nothing moves. */
	ASSERT_EQ(0,
		  streambuf_grow(&p, &cap, 7 * STREAMBUF_MIN, STREAMBUF_MIN));
	EXPECT_EQ(8 * STREAMBUF_MIN, cap);
	free(p);
}

TEST(compacts_consumed)
{
	struct streambuf b = { 0 };
	uint8_t d[STREAMBUF_MIN];
	uint8_t *before;

	fill(d, sizeof(d), 0);
	ASSERT_EQ(0, streambuf_append(&b, d, 100));
	b.head = 60;
	ASSERT_EQ(0, streambuf_append(&b, d + 100, 10));
	EXPECT_TRUE(holds(&b, 50, 60));

	/* What consuming frees is reused: no growth for a read that fits. */
	ASSERT_EQ(0, streambuf_append(&b, d + 110, STREAMBUF_MIN - 110));
	EXPECT_EQ(STREAMBUF_MIN, b.cap);
	before = b.p;
	b.head = b.len - 10; /* 10 octets left unconsumed */
	ASSERT_EQ(0, streambuf_append(&b, d, STREAMBUF_MIN - 10));
	EXPECT_EQ(STREAMBUF_MIN, b.cap);
	EXPECT_EQ(before, b.p);
	EXPECT_EQ(STREAMBUF_MIN, b.len);
	EXPECT_EQ(0, memcmp(b.p, d + STREAMBUF_MIN - 10, 10));
	EXPECT_EQ(0, memcmp(b.p + 10, d, STREAMBUF_MIN - 10));

	/* Everything consumed: empty, still allocated. */
	b.head = b.len;
	ASSERT_EQ(0, streambuf_append(&b, d, 0));
	EXPECT_EQ(0, b.len);
	EXPECT_EQ(0, b.head);
	EXPECT_EQ(STREAMBUF_MIN, b.cap);
	streambuf_free(&b);
}

/*
 * Needs between SIZE_MAX / 2 and SIZE_MAX are refused before the doubling
 * loop, which would wrap to 0 and spin for them (the harness's timeout
 * would end this test); so is a length that overflows.
 */
/*
 * The in-place writer's calls (the IQF server's connections): an exact
 * first allocation (a bound that is not a power of two is not rounded up),
 * room that moves nothing, and the consumed part dropped on its own.
 */
TEST(exact_room_drop)
{
	const size_t bound = 4 + 65536; /* IQF_IN_CAP */
	struct streambuf b;

	ASSERT_EQ(0, streambuf_init(&b, bound));
	EXPECT_EQ(bound, b.cap);
	EXPECT_EQ(0, b.len + b.head);
	/* A read of the whole bound fits: no reallocation. */
	ASSERT_EQ(0, streambuf_room(&b, bound));
	EXPECT_EQ(bound, b.cap);
	fill(b.p, 10, 0);
	b.len = 10;
	b.head = 4;
	/* Room does not drop: a writer appends after the unsent part. */
	ASSERT_EQ(0, streambuf_room(&b, bound - 10));
	EXPECT_EQ(4, b.head);
	streambuf_drop(&b);
	EXPECT_TRUE(holds(&b, 6, 4));
	/* Past the bound: doubled from it. */
	ASSERT_EQ(0, streambuf_room(&b, bound));
	EXPECT_EQ(2 * bound, b.cap);
	EXPECT_TRUE(holds(&b, 6, 4));
	/* All consumed: empty, the allocation kept. */
	b.head = b.len;
	streambuf_drop(&b);
	EXPECT_EQ(0, b.len + b.head);
	EXPECT_EQ(2 * bound, b.cap);
	streambuf_free(&b);
}

TEST(overflow_bound)
{
	struct streambuf b = { 0 };
	uint8_t d[16];

	fill(d, sizeof(d), 0);
	ASSERT_EQ(0, streambuf_append(&b, d, 16));
	EXPECT_EQ(-ENOMEM, streambuf_grow(&b.p, &b.cap, b.len, SIZE_MAX - 16));
	EXPECT_EQ(-ENOMEM,
		  streambuf_grow(&b.p, &b.cap, b.len, SIZE_MAX / 2 - 16 + 2));
	EXPECT_EQ(-ENOMEM,
		  streambuf_grow(&b.p, &b.cap, b.len, SIZE_MAX / 2 - 16 + 1));
	EXPECT_EQ(-ENOMEM, streambuf_grow(&b.p, &b.cap, b.len, SIZE_MAX));
	/* The lengths are refused before @data is read. */
	EXPECT_EQ(-ENOMEM, streambuf_append(&b, d, SIZE_MAX - 16));
	EXPECT_EQ(-ENOMEM, streambuf_append(&b, d, SIZE_MAX));
	EXPECT_EQ(STREAMBUF_MIN, b.cap);
	EXPECT_TRUE(holds(&b, 16, 0));
	streambuf_free(&b);
}

/*
 * A need of SIZE_MAX / 2 passes the bound and reaches realloc(), which
 * refuses it: -ENOMEM, and the octets are all still there.
 */
TEST(allocation_failure)
{
	struct streambuf b = { 0 };
	uint8_t *p = NULL;
	size_t cap = 0;
	uint8_t d[STREAMBUF_MIN];

	EXPECT_EQ(-ENOMEM, streambuf_grow(&p, &cap, 0, SIZE_MAX / 2));
	EXPECT_EQ(NULL, p);
	EXPECT_EQ(0, cap);

	fill(d, sizeof(d), 7);
	ASSERT_EQ(0, streambuf_append(&b, d, 100));
	b.head = 40;
	/* Refused before @data is read. */
	EXPECT_EQ(-ENOMEM, streambuf_append(&b, d, SIZE_MAX / 2 - 60));
	/* The consumed octets are dropped, the rest kept. */
	EXPECT_TRUE(holds(&b, 60, 47));
	EXPECT_EQ(STREAMBUF_MIN, b.cap);
	/* And the buffer works on. */
	ASSERT_EQ(0, streambuf_append(&b, d + 100, 10));
	EXPECT_TRUE(holds(&b, 70, 47));
	streambuf_free(&b);
}

/* A fresh buffer given nothing allocates nothing (nor offsets NULL). */
TEST(zero_length)
{
	struct streambuf b = { 0 };
	uint8_t *p = NULL;
	size_t cap = 0;

	ASSERT_EQ(0, streambuf_append(&b, NULL, 0));
	EXPECT_EQ(NULL, b.p);
	EXPECT_EQ(0, b.len + b.cap + b.head);
	ASSERT_EQ(0, streambuf_grow(&p, &cap, 0, 0));
	EXPECT_EQ(NULL, p);
	EXPECT_EQ(0, cap);
	streambuf_free(&b);
}

/* Each user reports a failure in the domain its callers print with. */
TEST(users_error_domains)
{
	struct lixer_framer f;
	struct x2x3_stream s;
	struct streambuf ib = { 0 };
	uint8_t d[4] = { 0 };

	lixer_framer_init(&f, 0);
	EXPECT_EQ(0, lixer_framer_feed(&f, d, 0));
	ASSERT_EQ(0, lixer_framer_feed(&f, d, 4));
	EXPECT_EQ(-BER_ENOMEM, lixer_framer_feed(&f, d, SIZE_MAX / 2));
	EXPECT_EQ(-BER_ENOMEM, lixer_framer_feed(&f, d, SIZE_MAX - 4));
	lixer_framer_free(&f);

	/* Zero octets into a fresh stream: nothing, as the framer. */
	x2x3_stream_init(&s, NULL);
	EXPECT_EQ(0, x2x3_stream_feed(&s, d, 0));
	ASSERT_EQ(0, x2x3_stream_feed(&s, d, 4));
	EXPECT_EQ(-X2X3_ENOMEM, x2x3_stream_feed(&s, d, SIZE_MAX / 2));
	EXPECT_EQ(-X2X3_ENOMEM, x2x3_stream_feed(&s, d, SIZE_MAX - 4));
	x2x3_stream_free(&s);

	ASSERT_EQ(0, streambuf_room(&ib, 4));
	ib.len = 4;
	EXPECT_EQ(-ENOMEM, streambuf_room(&ib, SIZE_MAX / 2));
	EXPECT_EQ(-ENOMEM, streambuf_room(&ib, SIZE_MAX - 4));
	EXPECT_EQ(STREAMBUF_MIN, ib.cap);
	free(ib.p);
}

TEST_HARNESS_MAIN
