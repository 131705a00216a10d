// SPDX-License-Identifier: GPL-2.0
/*
 * Target matching (TS 33.128 7.10, TS 33.107 clause 20, digest 1.4):
 * every rule has a SIP flow that matches because of it and a twin that
 * does not match without it.
 */
#include "kselftest_harness.h"

#include "ims_flows.h"
#include "match.h"

#define TASK(targets) "xid " XID_A " delivery x2 " targets

/* An out-of-dialog INVITE on @p; returns records it produced. */
static unsigned int invite(struct fake *f, const struct f_pkt *p,
			   const char *ruri, const char *from, const char *to,
			   const char *extra)
{
	static int n;
	char h[2048];
	unsigned int before = f->n;

	n++;
	snprintf(h, sizeof(h),
		 "INVITE %s SIP/2.0\n"
		 "Via: SIP/2.0/UDP %s:5060;branch=z9hG4bKm%d\n"
		 "From: <%s>;tag=f%d\n"
		 "To: <%s>\n"
		 "Call-ID: m%d@x\n"
		 "CSeq: 1 INVITE\n%s",
		 ruri, p->src, n, from, n, to, n, extra ? extra : "");
	if (f_sip(f, p, h, NULL))
		return 1000; /* a parse failure fails the test */
	return f->n - before;
}

static int last_dir(const struct fake *f)
{
	return f->n ? (int)f->r[f->n - 1].ev.msg.direction : 0;
}

#define ALICE "sip:alice@ims.example"
#define BOB "sip:bob@ims.example"
#define CAROL "sip:carol@other.example"
#define ANON "sip:anonymous@anonymous.invalid"
#define CONTACT "sip:alice@10.0.0.1:5060"

TEST(uri_keys)
{
	struct sip_uri u;
	char k[MATCH_KEY_MAX];
	static const char *const in[][2] = {
		{ "sip:alice@IMS.Example:5060;transport=udp",
		  "sip:alice@ims.example" },
		{ "sips:alice@ims.example", "sip:alice@ims.example" },
		{ "sip:%61lice@ims.example", "sip:alice@ims.example" },
		{ "tel:+49-171-123.4567", "tel:+491711234567" },
		{ "sip:+49(171)1234567@ims.example;user=phone",
		  "tel:+491711234567" },
		{ "sip:+491711234567@ims.example",
		  "sip:+491711234567@ims.example" },
		{ "tel:1234;phone-context=IMS.example",
		  "tel:1234;phone-context=ims.example" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		ASSERT_EQ(0,
			  sip_uri_parse(&u, in[i][0], strlen(in[i][0]), NULL));
		ASSERT_LT(0, match_uri_key(&u, k, sizeof(k)));
		EXPECT_STREQ(in[i][1], k);
	}
}

TEST(impu_originating_by_ppi)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " ALICE)));
	EXPECT_EQ(0, invite(f, &UP, BOB, ANON, BOB, NULL));
	EXPECT_EQ(1, invite(f, &UP, BOB, ANON, BOB,
			    "P-Preferred-Identity: <" ALICE ">\n"));
	EXPECT_EQ(IRI_FROM_TARGET, last_dir(f));
	f_free(f);
}

TEST(impu_originating_by_pai)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " ALICE)));
	EXPECT_EQ(0, invite(f, &DOWN, CONTACT, ANON, BOB,
			    "P-Asserted-Identity: <" BOB ">\n"));
	EXPECT_EQ(1, invite(f, &DOWN, CONTACT, ANON, BOB,
			    "P-Asserted-Identity: \"A\" <" ALICE ">, "
			    "<tel:+4930123>\n"));
	EXPECT_EQ(IRI_FROM_TARGET, last_dir(f));
	f_free(f);
}

TEST(impu_originating_by_from)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " ALICE)));
	EXPECT_EQ(0, invite(f, &UP, BOB, "sip:alice@elsewhere.example", BOB,
			    NULL));
	EXPECT_EQ(1, invite(f, &UP, BOB, ALICE, BOB, NULL));
	EXPECT_EQ(IRI_FROM_TARGET, last_dir(f));
	f_free(f);
}

TEST(impu_terminating_by_request_uri)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " ALICE)));
	EXPECT_EQ(0, invite(f, &DOWN, CONTACT, BOB, "sip:other@ims.example",
			    NULL));
	EXPECT_EQ(1,
		  invite(f, &DOWN, ALICE, BOB, "sip:other@ims.example", NULL));
	EXPECT_EQ(IRI_TO_TARGET, last_dir(f));
	f_free(f);
}

TEST(impu_terminating_by_p_called_party_id)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " ALICE)));
	EXPECT_EQ(0, invite(f, &DOWN, CONTACT, BOB, "sip:other@ims.example",
			    NULL));
	EXPECT_EQ(1, invite(f, &DOWN, CONTACT, BOB, "sip:other@ims.example",
			    "P-Called-Party-ID: <" ALICE ">\n"));
	EXPECT_EQ(IRI_TO_TARGET, last_dir(f));
	f_free(f);
}

TEST(impu_terminating_by_to)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " ALICE)));
	EXPECT_EQ(0, invite(f, &DOWN, CONTACT, BOB, "sip:other@ims.example",
			    NULL));
	EXPECT_EQ(1, invite(f, &DOWN, CONTACT, BOB, ALICE, NULL));
	EXPECT_EQ(IRI_TO_TARGET, last_dir(f));
	f_free(f);
}

static unsigned int reg(struct fake *f, const char *from, const char *to,
			const char *extra)
{
	static int n;
	char h[2048];
	unsigned int before = f->n;

	n++;
	snprintf(h, sizeof(h),
		 "REGISTER sip:ims.example SIP/2.0\n"
		 "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKg%d\n"
		 "From: <%s>;tag=g%d\nTo: <%s>\n"
		 "Call-ID: g%d@x\nCSeq: 1 REGISTER\n%s",
		 n, from, n, to, n, extra ? extra : "");
	if (f_sip(f, &UP, h, NULL))
		return 1000;
	return f->n - before;
}

TEST(register_by_from)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " ALICE)));
	EXPECT_EQ(0, reg(f, BOB, "sip:alice2@ims.example", NULL));
	EXPECT_EQ(1, reg(f, ALICE, "sip:alice3@ims.example", NULL));
	EXPECT_EQ(IRI_FROM_TARGET, last_dir(f));
	f_free(f);
}

TEST(register_by_to)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " ALICE)));
	EXPECT_EQ(0, reg(f, BOB, BOB, NULL));
	EXPECT_EQ(1, reg(f, BOB, ALICE, NULL));
	f_free(f);
}

TEST(register_in_implicit_set)
{
	struct fake *f = f_new(NULL);

	/* The target is only in P-Associated-URI of the 200. */
	ASSERT_EQ(0, f_task(f, TASK("target tel-uri tel:+491711234567")));
	f_sip(f, &UP, REG_HDRS("1", "z9hG4bKr1", AUTH), NULL);
	EXPECT_EQ(0, f->n);
	f_sip(f, &DOWN,
	      REG_RESP("200 OK", "1", "z9hG4bKr1",
		       "Contact: <sip:alice@10.0.0.1:5060>;expires=600\n"),
	      NULL);
	EXPECT_EQ(0, f->n);
	f_sip(f, &UP, REG_HDRS("2", "z9hG4bKr2", AUTH), NULL);
	f_sip(f, &DOWN, REG_RESP("200 OK", "2", "z9hG4bKr2", REG_OK_EXTRA),
	      NULL);
	/* The 200 names the target: its REGISTER is reported first. */
	ASSERT_EQ(2, f->n);
	EXPECT_EQ(0, memcmp(f->r[0].ev.msg.sip.ptr, "REGISTER ", 9));
	EXPECT_EQ(IRI_FROM_TARGET, f->r[0].ev.msg.direction);
	EXPECT_EQ(0, memcmp(f->r[1].ev.msg.sip.ptr, "SIP/2.0 200", 11));
	EXPECT_EQ(f->r[0].pdu.seq + 1, f->r[1].pdu.seq);
	/* From then on the registration is intercepted. */
	f_sip(f, &UP, REG_HDRS("3", "z9hG4bKr3", AUTH), NULL);
	EXPECT_EQ(3, f->n);
	/* Only once: a retransmitted 200 reports nothing. */
	f_sip(f, &DOWN, REG_RESP("200 OK", "2", "z9hG4bKr2", REG_OK_EXTRA),
	      NULL);
	EXPECT_EQ(3, f->n);
	f_free(f);
}

TEST(register_not_for_non_local_targets)
{
	struct fake *f = f_new(NULL);

	/* A non-local identity is by definition not registered here. */
	ASSERT_EQ(0, f_task(f, TASK("target impu " CAROL " non-local")));
	EXPECT_EQ(0, reg(f, CAROL, CAROL, NULL));
	ASSERT_EQ(0, f_task(f, "xid " XID_B " delivery x2 target impu " CAROL));
	EXPECT_EQ(1, reg(f, CAROL, CAROL, NULL));
	f_free(f);
}

TEST(impi_by_authorization_username)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impi " IMPI)));
	EXPECT_EQ(0, reg(f, ALICE, ALICE, NULL));
	EXPECT_EQ(1, reg(f, BOB, BOB, AUTH));
	f_free(f);
}

TEST(imsi_by_impi_user_part)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target imsi 001010123456788")));
	EXPECT_EQ(0, reg(f, ALICE, ALICE, AUTH));
	ASSERT_EQ(0, f_task(f, "xid " XID_B " delivery x2 target imsi "
			       "001010123456789"));
	EXPECT_EQ(1, reg(f, BOB, BOB, AUTH));
	f_free(f);
}

#define INSTANCE(imei) \
	"Contact: <sip:x@10.0.0.1>;+sip.instance=\"<urn:gsma:imei:" imei ">\"\n"

TEST(imei_by_sip_instance)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target imei 352099001761481")));
	EXPECT_EQ(0, reg(f, ALICE, ALICE, INSTANCE("35209900-176149-1")));
	EXPECT_EQ(0, reg(f, BOB, BOB, "Contact: <sip:x@10.0.0.1>\n"));
	EXPECT_EQ(1,
		  reg(f, "sip:c@x", "sip:c@x", INSTANCE("35209900-176148-0")));
	f_free(f);
}

TEST(pei_by_sip_instance)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target pei imeisv-3520990017614812")));
	EXPECT_EQ(0, reg(f, ALICE, ALICE, INSTANCE("35209900-176149-1")));
	EXPECT_EQ(1, reg(f, BOB, BOB, INSTANCE("35209900-176148-1")));
	f_free(f);
}

TEST(impi_and_imei_targets_follow_calls_of_their_registration)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impi " IMPI)));
	ASSERT_EQ(0, f_task(f, "xid " XID_B " delivery x2 target imei "
			       "35209900176148"));
	/* Unregistered: the call says nothing about IMPI or IMEI. */
	EXPECT_EQ(0, invite(f, &UP, BOB, ALICE, BOB, NULL));
	flow_register(f);
	EXPECT_EQ(8, f->n);
	EXPECT_EQ(2, invite(f, &UP, BOB, ALICE, BOB, NULL));
	EXPECT_EQ(IRI_FROM_TARGET, last_dir(f));
	/* Through the implicit set, terminating. */
	EXPECT_EQ(2, invite(f, &DOWN, CONTACT, BOB, "tel:+491711234567", NULL));
	EXPECT_EQ(IRI_TO_TARGET, last_dir(f));
	f_free(f);
}

TEST(tel_and_user_phone_equivalent)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target tel-uri tel:+49-171-1234567")));
	EXPECT_EQ(0, invite(f, &DOWN, "sip:+491711234567@ims.example", BOB, BOB,
			    NULL));
	EXPECT_EQ(1,
		  invite(f, &DOWN, "sip:+491711234567@ims.example;user=phone",
			 BOB, BOB, NULL));
	EXPECT_EQ(IRI_TO_TARGET, last_dir(f));
	EXPECT_EQ(1, invite(f, &UP, BOB, "tel:+491711234567", BOB, NULL));
	f_free(f);
}

TEST(impu_target_through_implicit_registration_set)
{
	struct fake *f = f_new(NULL);

	/* tel:+491711234567 is alice's only through P-Associated-URI. */
	ASSERT_EQ(0, f_task(f, TASK("target tel-uri tel:+491711234567")));
	EXPECT_EQ(0, invite(f, &UP, BOB, ALICE, BOB, NULL));
	flow_register(f);
	EXPECT_EQ(2, f->n); /* the 200 listing the target, its REGISTER */
	EXPECT_EQ(1, invite(f, &UP, BOB, ALICE, BOB, NULL));
	EXPECT_EQ(IRI_FROM_TARGET, last_dir(f));
	EXPECT_EQ(1, invite(f, &DOWN, CONTACT, BOB, ALICE, NULL));
	EXPECT_EQ(IRI_TO_TARGET, last_dir(f));
	/* Others' calls, and a Request-URI that is a contact, do not. */
	EXPECT_EQ(0, invite(f, &UP, CAROL, BOB, CAROL, NULL));
	EXPECT_EQ(0, invite(f, &DOWN, ALICE, BOB, CAROL, NULL));
	f_free(f);
}

TEST(implicit_set_not_for_non_local_targets)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target tel-uri tel:+491711234567 "
				    "non-local")));
	flow_register(f);
	EXPECT_EQ(0, invite(f, &UP, BOB, ALICE, BOB, NULL));
	f_free(f);
}

TEST(e164_target)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target e164 491711234567")));
	EXPECT_EQ(0, invite(f, &UP, BOB, ANON, BOB,
			    "P-Asserted-Identity: <tel:+491711234568>\n"));
	EXPECT_EQ(1, invite(f, &UP, BOB, ANON, BOB,
			    "P-Asserted-Identity: <tel:+491711234567>\n"));
	f_free(f);
}

TEST(non_local_caller_by_pai_or_from_not_ppi)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " CAROL " non-local")));
	EXPECT_EQ(0, invite(f, &DOWN, CONTACT, ANON, ALICE,
			    "P-Preferred-Identity: <" CAROL ">\n"));
	EXPECT_EQ(1, invite(f, &DOWN, CONTACT, ANON, ALICE,
			    "P-Asserted-Identity: <" CAROL ">\n"));
	EXPECT_EQ(IRI_FROM_TARGET, last_dir(f));
	EXPECT_EQ(1, invite(f, &DOWN, CONTACT, CAROL, ALICE, NULL));
	f_free(f);
}

TEST(non_local_callee_by_request_uri_or_to_not_pcpid)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " CAROL " non-local")));
	EXPECT_EQ(0, invite(f, &UP, BOB, ALICE, BOB,
			    "P-Called-Party-ID: <" CAROL ">\n"));
	EXPECT_EQ(1, invite(f, &UP, CAROL, ALICE, BOB, NULL));
	EXPECT_EQ(IRI_TO_TARGET, last_dir(f));
	EXPECT_EQ(1, invite(f, &UP, BOB, ALICE, CAROL, NULL));
	f_free(f);
}

TEST(non_local_redirecting_by_history_info)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " CAROL " non-local")));
	ASSERT_EQ(0, f_task(f, "xid " XID_B " delivery x2 target impu "
			       "sip:dave@other.example"));
	/* History-Info names a local target: not a rule for it. */
	EXPECT_EQ(0,
		  invite(f, &DOWN, CONTACT, BOB, ALICE,
			 "History-Info: <sip:dave@other.example>;index=1\n"));
	EXPECT_EQ(1, invite(f, &DOWN, CONTACT, BOB, ALICE,
			    "History-Info: <" CAROL ">;index=1, <" ALICE
			    ">;index=1.1\n"));
	EXPECT_EQ(IRI_TO_TARGET, last_dir(f));
	f_free(f);
}

TEST(non_local_redirecting_by_diversion)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " CAROL " non-local")));
	EXPECT_EQ(0,
		  invite(f, &DOWN, CONTACT, BOB, ALICE,
			 "Diversion: <sip:dave@other.example>;reason=busy\n"));
	EXPECT_EQ(1, invite(f, &DOWN, CONTACT, BOB, ALICE,
			    "Diversion: <" CAROL ">;reason=unconditional\n"));
	f_free(f);
}

TEST(ip_target_through_kernel_match)
{
	struct fake *f = f_new(NULL);
	struct pl_match m = { .kind = LMISF_COPY_TARGET };
	struct f_pkt p = UP;

	ASSERT_EQ(0, f_task(f, TASK("target ipv4 10.0.0.1")));
	x2x3_uuid_parse(XID_A, m.xid);
	/* Without the kernel's match the agent does not guess. */
	EXPECT_EQ(0, invite(f, &UP, BOB, BOB, BOB, NULL));
	p.n_matches = 1;
	p.matches = &m;
	EXPECT_EQ(1, invite(f, &p, BOB, BOB, BOB, NULL));
	EXPECT_EQ(IRI_FROM_TARGET, last_dir(f));
	EXPECT_EQ(0, memcmp(f->r[0].pdu.matched[0].ptr, "10.0.0.1", 8));
	/* The answer from the P-CSCF carries no match: still the call's. */
	f_sip(f, &DOWN,
	      "SIP/2.0 180 Ringing\n"
	      "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKm2\n"
	      "From: <" BOB ">;tag=f2\nTo: <" BOB ">;tag=t\n"
	      "Call-ID: m2@x\nCSeq: 1 INVITE\n",
	      NULL);
	EXPECT_EQ(2, f->n);
	EXPECT_EQ(IRI_TO_TARGET, last_dir(f));
	f_free(f);
}

TEST(teid_target_through_kernel_match)
{
	struct fake *f = f_new(NULL);
	struct pl_match m = { .kind = LMISF_COPY_TARGET };
	struct f_pkt p = UP;

	ASSERT_EQ(0, f_task(f, TASK("target teid 0x1234")));
	x2x3_uuid_parse(XID_A, m.xid);
	p.n_matches = 1;
	p.matches = &m;
	p.tunnelled = true;
	EXPECT_EQ(1, invite(f, &p, BOB, BOB, BOB, NULL));
	EXPECT_EQ(IRI_INDETERMINATE, last_dir(f));
	EXPECT_EQ(IRI_ROAMING_S8HR, f->r[0].ev.msg.roaming);
	f_free(f);
}

TEST(modify_task_drops_sessions_no_longer_selected)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK("target impu " ALICE)));
	flow_call_up(f, OFFER_A);
	EXPECT_EQ(5, f->n);
	ASSERT_EQ(0, f_task(f, TASK("target impu sip:zed@ims.example")));
	flow_bye(f);
	EXPECT_EQ(5, f->n);
	f_free(f);
}

TEST_HARNESS_MAIN
