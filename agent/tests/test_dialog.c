// SPDX-License-Identifier: GPL-2.0
/*
 * The dialog table on its own: joining a dialog mid-way, legs of a fork,
 * offers from the callee, limits on legs and stored SDP, retransmitted
 * responses, timeouts after BYE without an answer.
 */
#include "kselftest_harness.h"

#include "dialog.h"
#include "ims_flows.h"

#define SEC 1000000000ull

static struct sip_msg M;
static char *raw;

/* Parse for the table (the fixture's builder, without a consumer). */
static const struct sip_msg *msg(const char *hdrs, const char *body)
{
	static struct fake *f;

	if (!f)
		f = f_new(NULL);
	if (f_build(f, hdrs, body))
		return NULL;
	free(raw);
	raw = malloc(f->msg.len);
	memcpy(raw, f->msg.buf, f->msg.len);
	if (sip_parse(&M, raw, f->msg.len, 0, NULL))
		return NULL;
	return &M;
}

static struct call *feed(struct dlg_table *t, const char *h, const char *b,
			 uint64_t now, struct dlg_event *ev)
{
	const struct sip_msg *m = msg(h, b);

	return m ? dlg_message(t, m, now, ev) : NULL;
}

TEST(joined_mid_dialog)
{
	struct dlg_config cfg = { 0 };
	struct dlg_table *t = dlg_new(&cfg);
	struct dlg_event ev;
	struct call *c;

	c = feed(t,
		 A_REQ("BYE", "sip:bob@10.0.0.2", "5", "z9hG4bKb", ";tag=b1",
		       ""),
		 NULL, 1, &ev);
	ASSERT_NE(NULL, c);
	EXPECT_TRUE(ev.created);
	EXPECT_EQ(CALL_ENDING, c->state);
	ASSERT_NE(NULL, c->ids);
	c = feed(t, A_RESP("200 OK", "5", "BYE", "z9hG4bKb", ";tag=b1", ""),
		 NULL, 2, &ev);
	EXPECT_TRUE(ev.ended);
	EXPECT_FALSE(ev.from_caller);
	EXPECT_EQ(CALL_ENDED, c->state);
	dlg_free(t);
}

TEST(callee_offer_in_reinvite)
{
	struct dlg_config cfg = { 0 };
	struct dlg_table *t = dlg_new(&cfg);
	struct dlg_event ev;
	struct call *c;
	const char *bob_reinvite =
		"INVITE sip:alice@10.0.0.1 SIP/2.0\n"
		"Via: SIP/2.0/UDP 10.0.0.10;branch=z9hG4bKbr\n"
		"From: <sip:bob@ims.example>;tag=b1\n"
		"To: <sip:alice@ims.example>;tag=a1\n"
		"Call-ID: c1@10.0.0.1\nCSeq: 9 INVITE\n" CT;
	const char *alice_ok = "SIP/2.0 200 OK\n"
			       "Via: SIP/2.0/UDP 10.0.0.10;branch=z9hG4bKbr\n"
			       "From: <sip:bob@ims.example>;tag=b1\n"
			       "To: <sip:alice@ims.example>;tag=a1\n"
			       "Call-ID: c1@10.0.0.1\nCSeq: 9 INVITE\n" CT;

	feed(t, INVITE_A(""), OFFER_A, 1, &ev);
	c = feed(t, A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b1", CT),
		 SDP("10.0.0.2", "50000", "RTP/AVP"), 2, &ev);
	EXPECT_TRUE(ev.confirmed);
	EXPECT_TRUE(ev.media);
	c = feed(t, bob_reinvite, SDP("10.0.0.2", "50100", "RTP/AVP"), 3, &ev);
	EXPECT_FALSE(ev.from_caller);
	EXPECT_FALSE(ev.media); /* pending until answered */
	ASSERT_EQ(1, c->nlegs);
	EXPECT_NE(NULL, strstr(c->legs[0].pend.p, "50100"));
	c = feed(t, alice_ok, SDP("10.0.0.1", "40100", "RTP/AVP"), 4, &ev);
	EXPECT_TRUE(ev.from_caller);
	EXPECT_TRUE(ev.media);
	EXPECT_EQ(NULL, c->legs[0].pend.p);
	EXPECT_NE(NULL,
		  memmem(c->legs[0].sdp.p, c->legs[0].sdp.len, "50100", 5));
	EXPECT_NE(NULL, memmem(c->sdp.p, c->sdp.len, "40100", 5));
	dlg_free(t);
}

TEST(legs_bounded)
{
	struct dlg_config cfg = { 0 };
	struct dlg_table *t = dlg_new(&cfg);
	struct dlg_event ev;
	char h[1024];
	struct call *c = NULL;
	int i;

	feed(t, INVITE_A(""), OFFER_A, 1, &ev);
	for (i = 0; i < DLG_MAX_LEGS + 2; i++) {
		snprintf(h, sizeof(h),
			 A_RESP("180 Ringing", "1", "INVITE", "z9hG4bKi1",
				";tag=f%d", ""),
			 i);
		c = feed(t, h, NULL, 2, &ev);
	}
	ASSERT_NE(NULL, c);
	EXPECT_EQ(DLG_MAX_LEGS, c->nlegs);
	EXPECT_EQ(2, dlg_stats(t)->legs_full);
	EXPECT_EQ(DLG_MAX_LEGS - 1, dlg_stats(t)->forks);
	EXPECT_EQ(CALL_EARLY, c->state);
	dlg_free(t);
}

TEST(stored_sdp_bounded)
{
	struct dlg_config cfg = { .max_sdp = 40 };
	struct dlg_table *t = dlg_new(&cfg);
	struct dlg_event ev;
	struct call *c;

	c = feed(t, INVITE_A(""), OFFER_A, 1, &ev);
	EXPECT_EQ(NULL, c->sdp.p);
	EXPECT_EQ(1, dlg_stats(t)->sdp_too_big);
	dlg_free(t);
}

TEST(retransmitted_200_recognised)
{
	struct dlg_config cfg = { 0 };
	struct dlg_table *t = dlg_new(&cfg);
	struct dlg_event ev;

	feed(t, INVITE_A(""), OFFER_A, 1, &ev);
	feed(t, A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b1", ""),
	     NULL, 2, &ev);
	EXPECT_FALSE(ev.retrans);
	feed(t, A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b1", ""),
	     NULL, 3, &ev);
	EXPECT_TRUE(ev.retrans);
	/* The same status from another fork is not a retransmission. */
	feed(t, A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b2", ""),
	     NULL, 4, &ev);
	EXPECT_FALSE(ev.retrans);
	EXPECT_EQ(1, dlg_stats(t)->retrans);
	dlg_free(t);
}

TEST(bye_without_answer_times_out)
{
	struct dlg_config cfg = { .linger_ns = 10 * SEC };
	struct dlg_table *t = dlg_new(&cfg);
	struct dlg_event ev;

	feed(t, INVITE_A(""), OFFER_A, 1, &ev);
	feed(t, A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b1", ""),
	     NULL, 2, &ev);
	feed(t, A_REQ("BYE", "sip:bob@x", "2", "z9hG4bKb", ";tag=b1", ""), NULL,
	     3, &ev);
	dlg_expire(t, 5 * SEC, NULL, NULL);
	EXPECT_EQ(1, dlg_count(t));
	dlg_expire(t, 11 * SEC, NULL, NULL);
	EXPECT_EQ(0, dlg_count(t));
	EXPECT_EQ(1, dlg_stats(t)->timeouts);
	dlg_free(t);
}

TEST_HARNESS_MAIN
