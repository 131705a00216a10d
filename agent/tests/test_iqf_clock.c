// SPDX-License-Identifier: GPL-2.0
/*
 * test_iqf_clock.c - an IQF request reads the cache's clock once: expiry,
 * the observed time's check against the cache period, the search and the
 * response's cache period are judged at that one instant (icf_query_at(),
 * icf_cache_period_at(), icf_expire_at()), in the server's packed answer
 * and in iqf_handle(); and icf_query_at() searches at the time it is
 * given, not at the clock's.
 */
#include "kselftest_harness.h"

#include <stdlib.h>

#include "icf_fixture.h"
#include "iqf_fixture.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

static struct icf_result res;

/* A manual clock that counts its reads and moves @step ms after each. */
struct counting_clock {
	struct lm_clock clk; /* first: the cache is given &clk */
	unsigned long reads;
	lm_ms_t t, step;
};

static lm_ms_t counted_now(const struct lm_clock *clk)
{
	struct counting_clock *k = (struct counting_clock *)clk;
	lm_ms_t t = k->t;

	k->reads++;
	k->t += k->step;
	return t;
}

FIXTURE(clock)
{
	struct counting_clock k;
	struct icf *c;
	struct req_buf b;
};

FIXTURE_SETUP(clock)
{
	struct icf_assoc_event a;

	self->k.clk.now = counted_now;
	self->k.t = T0;
	self->k.step = 0;
	self->c = icf_new(&test_cfg, &self->k.clk);
	ASSERT_NE(NULL, self->c);
	mk_assoc(&a, "234150000000001", 0xa1, T0);
	ASSERT_EQ(ICF_STORED, icf_associate(self->c, &a));
	mk_assoc(&a, "234150000000001", 0xa2, T0 + 10 * SEC);
	ASSERT_EQ(ICF_STORED, icf_associate(self->c, &a));
	self->k.t = T0 + 20 * SEC;
}

FIXTURE_TEARDOWN(clock)
{
	icf_free(self->c);
}

/* SUPI 1 at an observed time that finds both its associations. */
static void request(struct req_buf *b)
{
	rq_init(b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(b, "234150000000001");
	rq_time(b, T0 + 10 * SEC);
}

TEST_F(clock, packed_answer_reads_the_clock_once)
{
	struct iqf_arena ar = { 0 };
	struct streambuf b = { 0 };
	struct iqf_outcome o;

	request(&self->b);
	self->k.reads = 0;
	self->k.step = 1; /* a second read would see another millisecond */
	ASSERT_EQ(0,
		  iqf_handle_packed(self->c, &self->b.req, &res, &ar, &b, &o));
	EXPECT_EQ(1, self->k.reads);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND, o.status);
	EXPECT_EQ(2, o.results);
	EXPECT_TRUE(o.has_now);
	EXPECT_EQ(T0 + 20 * SEC, o.now);
	free(b.p);
	iqf_arena_free(&ar);
}

TEST_F(clock, message_answer_reads_the_clock_once_at_one_instant)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct iqf_arena ar = { 0 };
	struct iqf_outcome o;
	char want[32];

	request(&self->b);
	self->k.reads = 0;
	self->k.step = 1;
	r = iqf_handle(self->c, &self->b.req, &res, &ar, &o);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(1, self->k.reads);
	EXPECT_EQ(2, r->n_associations);
	/* The cache period ends at the instant the request was judged. */
	lm_time_format_rfc3339(T0 + 20 * SEC, want);
	EXPECT_STREQ(want, r->cache_period_end);
	iqf_arena_free(&ar);
}

/* The search is judged at the time given, not at the clock's. */
TEST_F(clock, query_at_searches_at_the_given_time)
{
	struct icf_query q = { .key = ICF_KEY_SUPI };
	struct icf_assoc_event a;
	lm_ms_t later = T0 + 10 * SEC + test_cfg.cache_time_limit;

	mk_assoc(&a, "234150000000001", 0, T0); /* for the SUPI only */
	q.supi = a.supi;
	q.has_time = true;
	q.observed = T0 + 5 * SEC;
	/* At the clock's time the first association, closed at +10 s. */
	ASSERT_EQ(0, icf_query(self->c, &q, &res));
	ASSERT_EQ(1, res.n);
	EXPECT_EQ(0, icf_query_at(self->c, &q, T0 + 20 * SEC, &res));
	EXPECT_EQ(1, res.n);
	/* Past its cache time limit it is gone for queries, swept or not. */
	EXPECT_EQ(0, icf_query_at(self->c, &q, later, &res));
	EXPECT_EQ(0, res.n);
	/* The clock has not moved: icf_query() still finds it. */
	self->k.step = 0;
	ASSERT_EQ(0, icf_query(self->c, &q, &res));
	EXPECT_EQ(1, res.n);
	/* Expiry at that time deletes it; the newer one stays. */
	icf_expire_at(self->c, later);
	ASSERT_EQ(0, icf_query(self->c, &q, &res));
	EXPECT_EQ(0, res.n);
	q.has_time = false;
	ASSERT_EQ(0, icf_query(self->c, &q, &res));
	EXPECT_EQ(1, res.n);
}

TEST_HARNESS_MAIN
