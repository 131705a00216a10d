// SPDX-License-Identifier: GPL-2.0
/*
 * The IMS layer through its pl_consumer: which records a registration
 * and a call produce (IMSMessage per message, directions, addresses,
 * attributes, correlation), retransmissions, forking, CANCEL, re-INVITE,
 * 100rel/PRACK/UPDATE, mid-call activation (StartOfInterception),
 * IMSCCUnavailable, and the media flows and X3 PDUs.
 */
#include "kselftest_harness.h"

#include "ims_flows.h"

static bool bytes_eq(struct iri_bytes b, const char *s, size_t n)
{
	return b.len == n && !memcmp(b.ptr, s, n);
}

TEST(register_flow_reported)
{
	struct fake *f = f_new(NULL);
	unsigned int i;

	ASSERT_EQ(0, f_task(f, "xid " XID_A " delivery x2 target impu "
			       "sip:alice@ims.example"));
	flow_register(f);
	ASSERT_EQ(4, f->n);
	ASSERT_EQ(4, f_count(f, IRI_IMS_MESSAGE));
	for (i = 0; i < 4; i++) {
		const struct x2x3_pdu *p = &f->r[i].pdu;
		const struct iri_ims_message *m = &f->r[i].ev.msg;
		bool up = i % 2 == 0;

		EXPECT_EQ(X2X3_PDU_X2, p->type);
		EXPECT_EQ(X2X3_PF_3GPP_33128, p->payload_format);
		EXPECT_EQ(i, p->seq);
		EXPECT_EQ(p->correlation_id, f->r[0].pdu.correlation_id);
		EXPECT_NE(0, p->correlation_id);
		EXPECT_EQ(up ? X2X3_DIR_FROM_TARGET : X2X3_DIR_TO_TARGET,
			  p->direction);
		EXPECT_EQ(up ? IRI_FROM_TARGET : IRI_TO_TARGET, m->direction);
		EXPECT_EQ(IRI_ROAMING_NONE, m->roaming);
		EXPECT_EQ(4, m->src.family);
		EXPECT_EQ(up ? 1 : 10, m->src.addr[3]);
		EXPECT_EQ(up ? 10 : 1, m->dst.addr[3]);
		EXPECT_TRUE(X2X3_HAS(p, X2X3_A_SRC_IPV4));
		EXPECT_EQ(5060, p->src_port);
		EXPECT_EQ(IPPROTO_UDP, p->ip_proto);
		EXPECT_TRUE(X2X3_HAS(p, X2X3_A_TIMESTAMP));
		ASSERT_EQ(1, p->n_matched);
		EXPECT_EQ(0, memcmp(p->matched[0].ptr, "sip:alice@ims.example",
				    p->matched[0].len));
		EXPECT_EQ(up ? 1 : 0, m->pani.n);
	}
	/* The last message is the 200 verbatim. */
	EXPECT_TRUE(bytes_eq(f->r[3].ev.msg.sip, f->msg.buf, f->msg.len));
	f_free(f);
}

TEST(registration_state)
{
	struct fake *f = f_new(NULL);
	struct registration *r;

	flow_register(f);
	r = reg_lookup(ims_registrations(f->ims), "sip:alice@ims.example");
	ASSERT_NE(NULL, r);
	EXPECT_EQ(REG_REGISTERED, r->state);
	ASSERT_NE(NULL, r->impi);
	EXPECT_STREQ(IMPI, r->impi);
	EXPECT_STREQ("35209900176148", r->imei);
	ASSERT_NE(NULL, r->pani);
	EXPECT_STREQ(PANI, r->pani);
	ASSERT_EQ(1, r->ncontacts);
	EXPECT_STREQ("sip:alice@10.0.0.1:5060", r->contacts[0].uri);
	/* The implicit registration set finds the same entry. */
	EXPECT_EQ(r,
		  reg_lookup(ims_registrations(f->ims), "tel:+491711234567"));
	EXPECT_EQ(1, reg_stats(ims_registrations(f->ims))->challenges);
	/* Nothing is reported without a task. */
	EXPECT_EQ(0, f->n);
	f_free(f);
}

TEST(deregistration_and_expiry)
{
	struct fake *f = f_new(NULL);
	struct reg_table *rt = ims_registrations(f->ims);

	flow_register(f);
	ASSERT_EQ(1, reg_count(rt));
	f_sip(f, &UP, REG_HDRS("3", "z9hG4bKr3", AUTH) "Expires: 0\n", NULL);
	f_sip(f, &DOWN,
	      REG_RESP("200 OK", "3", "z9hG4bKr3",
		       "Contact: <sip:alice@10.0.0.1:5060>;expires=0\n"),
	      NULL);
	EXPECT_EQ(REG_ENDED, reg_lookup(rt, "sip:alice@ims.example")->state);
	EXPECT_EQ(1, reg_stats(rt)->deregistered);
	f_tick(f, 33ull * 1000000000ull);
	EXPECT_EQ(0, reg_count(rt));
	/* A binding that is never refreshed expires. */
	flow_register(f);
	f_tick(f, 599ull * 1000000000ull);
	EXPECT_EQ(1, reg_count(rt));
	f_tick(f, 120ull * 1000000000ull);
	EXPECT_EQ(0, reg_count(rt));
	EXPECT_EQ(1, reg_stats(rt)->expired);
	f_free(f);
}

TEST(call_reported_with_directions)
{
	struct fake *f = f_new(NULL);
	static const int dir[7] = { 1, 2, 2, 2, 1, 1, 2 };
	unsigned int i;

	ASSERT_EQ(0, f_task(f, "xid " XID_A " delivery x2 target impu "
			       "sip:alice@ims.example"));
	flow_call_up(f, OFFER_A);
	flow_bye(f);
	ASSERT_EQ(7, f_count(f, IRI_IMS_MESSAGE));
	for (i = 0; i < 7; i++) {
		EXPECT_EQ(dir[i], (int)f->r[i].ev.msg.direction);
		EXPECT_EQ(f->r[0].pdu.correlation_id,
			  f->r[i].pdu.correlation_id);
		EXPECT_EQ(i, f->r[i].pdu.seq);
	}
	/* X2 only: no flows. */
	EXPECT_EQ(0, f->nflows);
	EXPECT_EQ(CALL_ENDED, dlg_lookup(ims_dialogs(f->ims),
					 (struct sip_str){ "c1@10.0.0.1", 11 })
				      ->state);
	f_free(f);
}

TEST(retransmissions_not_reported_twice)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, "xid " XID_A " delivery x2 target impu "
			       "sip:alice@ims.example"));
	f_sip(f, &UP, INVITE_A(""), OFFER_A);
	f_sip(f, &UP, INVITE_A(""), OFFER_A);
	f_sip(f, &DOWN,
	      A_RESP("180 Ringing", "1", "INVITE", "z9hG4bKi1", ";tag=b1", ""),
	      NULL);
	f_sip(f, &DOWN,
	      A_RESP("180 Ringing", "1", "INVITE", "z9hG4bKi1", ";tag=b1", ""),
	      NULL);
	/* CANCEL shares the INVITE's branch and CSeq number: not a
	 * retransmission. */
	f_sip(f, &UP,
	      A_REQ("CANCEL", "sip:bob@ims.example", "1", "z9hG4bKi1", "", ""),
	      NULL);
	EXPECT_EQ(3, f->n);
	EXPECT_EQ(2, ims_stats(f->ims)->retrans);
	f_free(f);
}

TEST(cancel_487_ends_the_call)
{
	struct fake *f = f_new(NULL);
	struct call *c;

	ASSERT_EQ(0, f_task(f, "xid " XID_A " delivery x2 target impu "
			       "sip:alice@ims.example"));
	f_sip(f, &UP, INVITE_A(""), OFFER_A);
	f_sip(f, &DOWN,
	      A_RESP("180 Ringing", "1", "INVITE", "z9hG4bKi1", ";tag=b1", ""),
	      NULL);
	f_sip(f, &UP,
	      A_REQ("CANCEL", "sip:bob@ims.example", "1", "z9hG4bKi1", "", ""),
	      NULL);
	c = dlg_lookup(ims_dialogs(f->ims),
		       (struct sip_str){ "c1@10.0.0.1", 11 });
	ASSERT_NE(NULL, c);
	EXPECT_EQ(CALL_ENDING, c->state);
	f_sip(f, &DOWN,
	      A_RESP("200 OK", "1", "CANCEL", "z9hG4bKi1", ";tag=b1", ""),
	      NULL);
	EXPECT_EQ(CALL_ENDING, c->state);
	f_sip(f, &DOWN,
	      A_RESP("487 Request Terminated", "1", "INVITE", "z9hG4bKi1",
		     ";tag=b1", ""),
	      NULL);
	EXPECT_EQ(CALL_ENDED, c->state);
	f_sip(f, &UP,
	      A_REQ("ACK", "sip:bob@ims.example", "1", "z9hG4bKi1", ";tag=b1",
		    ""),
	      NULL);
	EXPECT_EQ(6, f_count(f, IRI_IMS_MESSAGE));
	f_tick(f, 33ull * 1000000000ull);
	EXPECT_EQ(0, dlg_count(ims_dialogs(f->ims)));
	EXPECT_EQ(0, dlg_stats(ims_dialogs(f->ims))->timeouts);
	f_free(f);
}

TEST(failure_response_ends_the_call)
{
	struct fake *f = f_new(NULL);

	f_sip(f, &UP, INVITE_A(""), OFFER_A);
	f_sip(f, &DOWN,
	      A_RESP("486 Busy Here", "1", "INVITE", "z9hG4bKi1", ";tag=b1",
		     ""),
	      NULL);
	EXPECT_EQ(CALL_ENDED, dlg_lookup(ims_dialogs(f->ims),
					 (struct sip_str){ "c1@10.0.0.1", 11 })
				      ->state);
	f_free(f);
}

TEST(unanswered_call_times_out)
{
	struct ims_config cfg = { .dlg.setup_ns = 10ull * 1000000000ull };
	struct fake *f = f_new(&cfg);

	f_sip(f, &UP, INVITE_A(""), OFFER_A);
	f_tick(f, 5ull * 1000000000ull);
	EXPECT_EQ(1, dlg_count(ims_dialogs(f->ims)));
	f_tick(f, 6ull * 1000000000ull);
	EXPECT_EQ(0, dlg_count(ims_dialogs(f->ims)));
	EXPECT_EQ(1, dlg_stats(ims_dialogs(f->ims))->timeouts);
	f_free(f);
}

TEST(dialogs_bounded_and_shed)
{
	struct ims_config cfg = { .dlg.max = 2 };
	struct fake *f = f_new(&cfg);
	char hdrs[1024];
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(hdrs, sizeof(hdrs),
			 "OPTIONS sip:bob@ims.example SIP/2.0\n"
			 "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKo%d\n"
			 "From: <sip:alice@ims.example>;tag=o\n"
			 "To: <sip:bob@ims.example>\n"
			 "Call-ID: opt%d\nCSeq: 1 OPTIONS\n",
			 i, i);
		ASSERT_EQ(0, f_sip(f, &UP, hdrs, NULL));
	}
	EXPECT_EQ(2, dlg_count(ims_dialogs(f->ims)));
	EXPECT_EQ(3, dlg_stats(ims_dialogs(f->ims))->shed);
	f_free(f);
}

TEST_HARNESS_MAIN
