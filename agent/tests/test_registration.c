// SPDX-License-Identifier: GPL-2.0
/*
 * The registration table on its own: refusals, de-registration with
 * "Contact: *", pending timeouts, shedding that spares intercepted
 * entries.
 */
#include "kselftest_harness.h"

#include "ims_flows.h"
#include "registration.h"

#define SEC 1000000000ull

static struct sip_msg M;
static char *raw;
static struct fake *F;

static const struct sip_msg *msg(const char *hdrs)
{
	if (!F)
		F = f_new(NULL);
	if (f_build(F, hdrs, NULL))
		return NULL;
	free(raw);
	raw = malloc(F->msg.len);
	memcpy(raw, F->msg.buf, F->msg.len);
	return sip_parse(&M, raw, F->msg.len, 0, NULL) ? NULL : &M;
}

static struct registration *feed(struct reg_table *t, const char *h,
				 uint64_t now)
{
	const struct sip_msg *m = msg(h);
	struct ipaddr ue = { 4, { 10, 0, 0, 1 } };

	return m ? reg_message(t, m, &ue, now) : NULL;
}

TEST(refused_registration_ends)
{
	struct reg_config cfg = { .linger_ns = 5 * SEC };
	struct reg_table *t = reg_new(&cfg);
	struct registration *r;

	r = feed(t, REG_HDRS("1", "z9hG4bKr1", ""), 1);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(REG_PENDING, r->state);
	EXPECT_EQ(NULL, r->impi);
	EXPECT_EQ(1, r->ue.a[3]);
	feed(t, REG_RESP("403 Forbidden", "1", "z9hG4bKr1", ""), 2);
	EXPECT_EQ(REG_ENDED, r->state);
	EXPECT_EQ(1, reg_stats(t)->refused);
	reg_expire(t, 6 * SEC, NULL, NULL);
	EXPECT_EQ(0, reg_count(t));
	reg_free(t);
}

TEST(star_contact_deregisters)
{
	struct reg_config cfg = { 0 };
	struct reg_table *t = reg_new(&cfg);
	struct registration *r;

	feed(t, REG_HDRS("1", "z9hG4bKr1", AUTH), 1);
	r = feed(t, REG_RESP("200 OK", "1", "z9hG4bKr1", REG_OK_EXTRA), 2);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(REG_REGISTERED, r->state);
	EXPECT_EQ(2, r->nkeys);
	feed(t,
	     "REGISTER sip:ims.example SIP/2.0\n"
	     "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKd\n"
	     "From: <sip:alice@ims.example>;tag=r1\n"
	     "To: <sip:alice@ims.example>\n"
	     "Call-ID: reg1@10.0.0.1\nCSeq: 3 REGISTER\n"
	     "Contact: *\nExpires: 0\n",
	     3);
	r = feed(t, REG_RESP("200 OK", "3", "z9hG4bKd", "Contact: *\n"), 4);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(REG_ENDED, r->state);
	EXPECT_EQ(0, r->ncontacts);
	EXPECT_EQ(1, reg_stats(t)->deregistered);
	reg_free(t);
}

TEST(unanswered_register_times_out)
{
	struct reg_config cfg = { .pending_ns = 10 * SEC };
	struct reg_table *t = reg_new(&cfg);

	feed(t, REG_HDRS("1", "z9hG4bKr1", AUTH), 1);
	reg_expire(t, 5 * SEC, NULL, NULL);
	EXPECT_EQ(1, reg_count(t));
	reg_expire(t, 11 * SEC, NULL, NULL);
	EXPECT_EQ(0, reg_count(t));
	EXPECT_EQ(1, reg_stats(t)->expired);
	reg_free(t);
}

TEST(response_without_state_ignored)
{
	struct reg_config cfg = { 0 };
	struct reg_table *t = reg_new(&cfg);

	EXPECT_EQ(NULL, feed(t, REG_RESP("200 OK", "1", "z9hG4bKr1", ""), 1));
	EXPECT_EQ(0, reg_count(t));
	reg_free(t);
}

TEST(shedding_spares_intercepted)
{
	struct reg_config cfg = { .max = 2 };
	struct reg_table *t = reg_new(&cfg);
	struct registration *first;
	char h[1024];
	int i;

	for (i = 0; i < 4; i++) {
		struct registration *r;

		snprintf(h, sizeof(h),
			 "REGISTER sip:ims.example SIP/2.0\n"
			 "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK%d\n"
			 "From: <sip:u%d@ims.example>;tag=r\n"
			 "To: <sip:u%d@ims.example>\n"
			 "Call-ID: r%d\nCSeq: 1 REGISTER\n",
			 i, i, i, i);
		r = feed(t, h, (uint64_t)i + 1);
		ASSERT_NE(NULL, r);
		if (!i) {
			first = r;
			first->icpts.n = 1; /* as if a task intercepted it */
		}
	}
	EXPECT_EQ(2, reg_count(t));
	EXPECT_EQ(2, reg_stats(t)->shed);
	EXPECT_EQ(first, reg_lookup(t, "sip:u0@ims.example"));
	EXPECT_EQ(NULL, reg_lookup(t, "sip:u1@ims.example"));
	reg_free(t);
}

TEST_HARNESS_MAIN
