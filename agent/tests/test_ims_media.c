// SPDX-License-Identifier: GPL-2.0
/*
 * Media of intercepted sessions: flows from offer and answer (RTP and
 * RTCP per m= line), forking, re-INVITE, 100rel/PRACK/UPDATE, removal
 * after the grace time, X3 PDUs, IMSCCUnavailable, and mid-call
 * activation (StartOfInterceptionForActiveIMSSession).
 */
#include "kselftest_harness.h"

#include "ims_flows.h"
#include "pkt_build.h"

#define SEC 1000000000ull
#define TASK_X2X3 \
	"xid " XID_A " delivery x2x3 target impu sip:alice@ims.example"

static bool bytes_eq_s(struct iri_bytes b, const char *s)
{
	return b.len == strlen(s) && !memcmp(b.ptr, s, b.len);
}

/* @needle occurs in @b. */
static bool bytes_eq_n(struct iri_bytes b, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= b.len; i++)
		if (!memcmp(b.ptr + i, needle, n))
			return true;
	return false;
}

static bool has_flow(const struct fake *f, const char *a, uint16_t ap,
		     const char *b, uint16_t bp)
{
	struct ipaddr x, y;
	unsigned int i;

	f_addr(&x, a);
	f_addr(&y, b);
	for (i = 0; i < f->nflows; i++)
		if (!f->removed[i] && ipaddr_eq(&f->flows[i].src, &x) &&
		    ipaddr_eq(&f->flows[i].dst, &y) &&
		    f->flows[i].sport == ap && f->flows[i].dport == bp)
			return true;
	return false;
}

/* An endpoint flow (no destination) of @a:@ap is installed. */
static bool has_endpoint(const struct fake *f, const char *a, uint16_t ap)
{
	struct ipaddr x;
	unsigned int i;

	f_addr(&x, a);
	for (i = 0; i < f->nflows; i++)
		if (!f->removed[i] && ipaddr_eq(&f->flows[i].src, &x) &&
		    f->flows[i].sport == ap &&
		    pl_flow_is_endpoint(&f->flows[i]))
			return true;
	return false;
}

/* Index of the first flow still installed. */
static unsigned int live_flow(const struct fake *f)
{
	unsigned int i;

	for (i = 0; i < f->nflows && f->removed[i]; i++)
		;
	return i;
}

/* A copied RTP packet that matched flow @idx (media match). */
static void media_pkt(struct fake *f, unsigned int idx, const char *src,
		      uint16_t sport, const char *dst, uint16_t dport)
{
	static uint8_t buf[2048];
	static const uint8_t rtp[12] = { 0x80, 0 };
	struct pl_match m = { .kind = LMISF_COPY_MEDIA,
			      .has_correlation = true,
			      .correlation_id = f->flows[idx].correlation_id,
			      .flow_id = f->flow_ids[idx] };
	struct pl_origin o = { .source = PL_SRC_REPLAY,
			       .kind = LMISF_COPY_MEDIA,
			       .n_matches = 1,
			       .matches = &m };
	struct pl_packet p = { .origin = &o, .pkt = buf };

	memcpy(m.xid, f->flows[idx].xid, LMISF_XID_LEN);
	f->now += 20000000ull;
	o.ts_ns = f->now;
	p.len = pb_udp4(buf, src, dst, sport, dport, rtp, sizeof(rtp));
	o.orig_len = (uint32_t)p.len;
	f->c.packet(f->c.ctx, &p);
}

TEST(flows_after_offer_and_answer_removed_after_grace)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	f_sip(f, &UP, INVITE_A(""), OFFER_A);
	/* No answer yet: the offer's ends, whatever the peer. */
	EXPECT_EQ(2, f_active_flows(f));
	EXPECT_TRUE(has_endpoint(f, "10.0.0.1", 40000));
	EXPECT_TRUE(has_endpoint(f, "10.0.0.1", 40001));
	flow_call_up(f, OFFER_A);
	/* The answer's 5-tuples replace them at once. */
	EXPECT_EQ(2, f_active_flows(f));
	EXPECT_FALSE(has_endpoint(f, "10.0.0.1", 40000));
	EXPECT_TRUE(has_flow(f, "10.0.0.1", 40000, "10.0.0.2", 50000));
	EXPECT_TRUE(has_flow(f, "10.0.0.1", 40001, "10.0.0.2", 50001));
	EXPECT_EQ(f->r[0].pdu.correlation_id,
		  f->flows[live_flow(f)].correlation_id);
	flow_bye(f);
	f_tick(f, 1 * SEC);
	EXPECT_EQ(2, f_active_flows(f)); /* grace time */
	f_tick(f, 5 * SEC);
	EXPECT_EQ(0, f_active_flows(f));
	f_free(f);
}

TEST(media_racing_the_answer_copied_through_the_offers_ends)
{
	struct fake *f = f_new(NULL);
	unsigned int ep;

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	f_sip(f, &UP, INVITE_A(""), OFFER_A);
	ep = live_flow(f);
	ASSERT_TRUE(pl_flow_is_endpoint(&f->flows[ep]));
	/* Early media from the callee, and the caller's first RTP right
	 * after the 200 OK, before the answer was processed. */
	media_pkt(f, ep, "10.0.0.9", 7000, "10.0.0.1", 40000);
	media_pkt(f, ep, "10.0.0.1", 40000, "10.0.0.9", 7000);
	ASSERT_EQ(2, f_count(f, 0));
	EXPECT_EQ(X2X3_DIR_TO_TARGET, f->r[f->n - 2].pdu.direction);
	EXPECT_EQ(X2X3_DIR_FROM_TARGET, f->r[f->n - 1].pdu.direction);
	EXPECT_EQ(f->r[0].pdu.correlation_id,
		  f->r[f->n - 1].pdu.correlation_id);
	f_free(f);
}

/*
 * The flows of a message are installed before its records are emitted:
 * media can follow the INVITE or the 200 within milliseconds, and the
 * records (and their delivery) must not delay the flows.
 */
TEST(flows_installed_before_the_messages_records)
{
	struct fake *f = f_new(NULL);
	unsigned int before;

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	f_sip(f, &UP, INVITE_A(""), OFFER_A);
	ASSERT_EQ(2, f->nflows);
	EXPECT_EQ(0, f->recs_before[0]); /* the INVITE's IMSMessage after */
	EXPECT_EQ(0, f->recs_before[1]);
	EXPECT_EQ(1, f->n);
	before = f->n;
	f_sip(f, &DOWN,
	      A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b1",
		     "Contact: <sip:bob@10.0.0.2>\n" CT),
	      SDP("10.0.0.2", "50000", "RTP/AVP"));
	ASSERT_EQ(4, f->nflows);
	EXPECT_EQ(before, f->recs_before[2]);
	EXPECT_EQ(before, f->recs_before[3]);
	EXPECT_EQ(before + 1, f->n);
	f_free(f);
}

TEST(offers_ends_removed_when_the_invite_fails)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	f_sip(f, &UP, INVITE_A(""), OFFER_A);
	EXPECT_EQ(2, f_active_flows(f));
	f_sip(f, &DOWN,
	      A_RESP("486 Busy Here", "1", "INVITE", "z9hG4bKi1", ";tag=b1",
		     ""),
	      NULL);
	f_tick(f, 6 * SEC);
	EXPECT_EQ(0, f_active_flows(f));
	f_free(f);
}

TEST(callee_target_direction_on_the_callers_end)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, "xid " XID_A " delivery x2x3 target impu "
			       "sip:bob@ims.example"));
	f_sip(f, &UP, INVITE_A(""), OFFER_A);
	ASSERT_TRUE(has_endpoint(f, "10.0.0.1", 40000));
	/* The target (callee) is the peer of the caller's end. */
	media_pkt(f, live_flow(f), "10.0.0.1", 40000, "10.0.0.2", 50000);
	ASSERT_EQ(1, f_count(f, 0));
	EXPECT_EQ(X2X3_DIR_TO_TARGET, f->r[f->n - 1].pdu.direction);
	f_free(f);
}

TEST(x3_pdus_share_xid_and_correlation)
{
	struct fake *f = f_new(NULL);
	const struct f_rec *r;
	uint64_t corr;

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	flow_call_up(f, OFFER_A);
	corr = f->r[0].pdu.correlation_id;
	ASSERT_EQ(2, f_active_flows(f));
	media_pkt(f, live_flow(f), "10.0.0.1", 40000, "10.0.0.2", 50000);
	media_pkt(f, live_flow(f), "10.0.0.2", 50000, "10.0.0.1", 40000);
	ASSERT_EQ(2, f_count(f, 0));
	r = &f->r[f->n - 2];
	EXPECT_EQ(X2X3_PDU_X3, r->pdu.type);
	EXPECT_EQ(X2X3_PF_IPV4, r->pdu.payload_format);
	EXPECT_EQ(X2X3_DIR_FROM_TARGET, r->pdu.direction);
	EXPECT_EQ(corr, r->pdu.correlation_id);
	EXPECT_EQ(0, memcmp(r->pdu.xid, f->r[0].pdu.xid, 16));
	EXPECT_EQ(0, r->pdu.seq);
	EXPECT_EQ(40000, r->pdu.src_port);
	EXPECT_EQ(40, r->pdu.payload_len); /* 20 IP + 8 UDP + 12 RTP */
	EXPECT_EQ(X2X3_DIR_TO_TARGET, f->r[f->n - 1].pdu.direction);
	EXPECT_EQ(1, f->r[f->n - 1].pdu.seq);
	f_free(f);
}

TEST(configured_correlation_id_used)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3 " correlation 42"));
	flow_call_up(f, OFFER_A);
	EXPECT_EQ(42, f->r[0].pdu.correlation_id);
	EXPECT_EQ(42, f->flows[0].correlation_id); /* an endpoint flow */
	EXPECT_EQ(42, f->flows[live_flow(f)].correlation_id);
	f_free(f);
}

TEST(forked_early_dialogs_then_one_answers)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	f_sip(f, &UP, INVITE_A(""), OFFER_A);
	f_sip(f, &DOWN,
	      A_RESP("183 Session Progress", "1", "INVITE", "z9hG4bKi1",
		     ";tag=b2", CT),
	      SDP("10.0.0.3", "52000", "RTP/AVP"));
	/* Early media of the second fork. */
	EXPECT_TRUE(has_flow(f, "10.0.0.1", 40000, "10.0.0.3", 52000));
	f_sip(f, &DOWN,
	      A_RESP("180 Ringing", "1", "INVITE", "z9hG4bKi1", ";tag=b1", ""),
	      NULL);
	f_sip(f, &DOWN,
	      A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b1", CT),
	      SDP("10.0.0.2", "50000", "RTP/AVP"));
	EXPECT_TRUE(has_flow(f, "10.0.0.1", 40000, "10.0.0.2", 50000));
	EXPECT_EQ(1, dlg_stats(ims_dialogs(f->ims))->forks);
	f_tick(f, 6 * SEC);
	/* The fork that did not answer lost its media. */
	EXPECT_FALSE(has_flow(f, "10.0.0.1", 40000, "10.0.0.3", 52000));
	EXPECT_EQ(2, f_active_flows(f));
	EXPECT_EQ(4, f_count(f, IRI_IMS_MESSAGE));
	f_free(f);
}

TEST(reinvite_moves_media_rejected_one_does_not)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	flow_call_up(f, OFFER_A);
	/* A rejected re-INVITE changes nothing. */
	f_sip(f, &UP,
	      A_REQ("INVITE", "sip:bob@10.0.0.2", "2", "z9hG4bKre1", ";tag=b1",
		    CT),
	      SDP("10.0.0.1", "40100", "RTP/AVP"));
	/* While it is pending, its new end is copied (the answer may
	 * race the media). */
	EXPECT_TRUE(has_endpoint(f, "10.0.0.1", 40100));
	f_sip(f, &DOWN,
	      A_RESP("488 Not Acceptable Here", "2", "INVITE", "z9hG4bKre1",
		     ";tag=b1", ""),
	      NULL);
	f_tick(f, 6 * SEC); /* the refused end goes after the grace time */
	EXPECT_FALSE(has_endpoint(f, "10.0.0.1", 40100));
	EXPECT_EQ(2, f_active_flows(f));
	EXPECT_FALSE(has_flow(f, "10.0.0.1", 40100, "10.0.0.2", 50000));
	/* An accepted one moves the media; the old flows go later. */
	f_sip(f, &UP,
	      A_REQ("INVITE", "sip:bob@10.0.0.2", "3", "z9hG4bKre2", ";tag=b1",
		    CT),
	      SDP("10.0.0.1", "40200", "RTP/AVP"));
	EXPECT_FALSE(has_flow(f, "10.0.0.1", 40200, "10.0.0.2", 50000));
	f_sip(f, &DOWN,
	      A_RESP("200 OK", "3", "INVITE", "z9hG4bKre2", ";tag=b1", CT),
	      SDP("10.0.0.2", "50000", "RTP/AVP"));
	EXPECT_TRUE(has_flow(f, "10.0.0.1", 40200, "10.0.0.2", 50000));
	EXPECT_EQ(CALL_CONFIRMED,
		  dlg_lookup(ims_dialogs(f->ims),
			     (struct sip_str){ "c1@10.0.0.1", 11 })
			  ->state);
	f_tick(f, 6 * SEC);
	EXPECT_FALSE(has_flow(f, "10.0.0.1", 40000, "10.0.0.2", 50000));
	EXPECT_EQ(2, f_active_flows(f));
	f_free(f);
}

TEST(prack_and_update_before_answer)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	f_sip(f, &UP, INVITE_A("Supported: 100rel\n"), OFFER_A);
	f_sip(f, &DOWN,
	      A_RESP("183 Session Progress", "1", "INVITE", "z9hG4bKi1",
		     ";tag=b1", "Require: 100rel\nRSeq: 1\n" CT),
	      SDP("10.0.0.2", "50000", "RTP/AVP"));
	EXPECT_TRUE(has_flow(f, "10.0.0.1", 40000, "10.0.0.2", 50000));
	f_sip(f, &UP,
	      A_REQ("PRACK", "sip:bob@10.0.0.2", "2", "z9hG4bKp1", ";tag=b1",
		    "RAck: 1 1 INVITE\n"),
	      NULL);
	f_sip(f, &DOWN,
	      A_RESP("200 OK", "2", "PRACK", "z9hG4bKp1", ";tag=b1", ""), NULL);
	/* Preconditions met: UPDATE with a new offer, answered in 200. */
	f_sip(f, &UP,
	      A_REQ("UPDATE", "sip:bob@10.0.0.2", "3", "z9hG4bKu1", ";tag=b1",
		    CT),
	      SDP("10.0.0.1", "40002", "RTP/AVP"));
	f_sip(f, &DOWN,
	      A_RESP("200 OK", "3", "UPDATE", "z9hG4bKu1", ";tag=b1", CT),
	      SDP("10.0.0.2", "50002", "RTP/AVP"));
	EXPECT_TRUE(has_flow(f, "10.0.0.1", 40002, "10.0.0.2", 50002));
	f_sip(f, &DOWN,
	      A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b1", ""),
	      NULL);
	EXPECT_EQ(CALL_CONFIRMED,
		  dlg_lookup(ims_dialogs(f->ims),
			     (struct sip_str){ "c1@10.0.0.1", 11 })
			  ->state);
	f_tick(f, 6 * SEC);
	EXPECT_EQ(2, f_active_flows(f));
	EXPECT_EQ(7, f_count(f, IRI_IMS_MESSAGE));
	f_free(f);
}

TEST(late_offer_answered_in_ack)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	f_sip(f, &UP,
	      A_REQ("INVITE", "sip:bob@ims.example", "1", "z9hG4bKi1", "", ""),
	      NULL);
	f_sip(f, &DOWN,
	      A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b1", CT),
	      SDP("10.0.0.2", "50000", "RTP/AVP"));
	/* The callee's offer: its ends until the ACK answers. */
	EXPECT_EQ(2, f_active_flows(f));
	EXPECT_TRUE(has_endpoint(f, "10.0.0.2", 50000));
	f_sip(f, &UP,
	      A_REQ("ACK", "sip:bob@10.0.0.2", "1", "z9hG4bKa", ";tag=b1", CT),
	      OFFER_A);
	EXPECT_TRUE(has_flow(f, "10.0.0.1", 40000, "10.0.0.2", 50000));
	EXPECT_FALSE(has_endpoint(f, "10.0.0.2", 50000));
	f_free(f);
}

TEST(mid_call_activation_starts_interception)
{
	struct fake *f = f_new(NULL);
	const struct iri_start_ims *st;

	flow_call_up(f, OFFER_A);
	ASSERT_EQ(0, f->n);
	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	ASSERT_EQ(1, f_count(f, IRI_START_OF_INTERCEPTION_IMS));
	st = &f->r[0].ev.start;
	ASSERT_EQ(1, st->n_originating);
	EXPECT_TRUE(
		bytes_eq_s(st->originating[0].uri, "sip:alice@ims.example"));
	EXPECT_EQ(IRI_IMPU_SIP, st->terminating.kind);
	EXPECT_TRUE(bytes_eq_s(st->terminating.uri, "sip:bob@ims.example"));
	ASSERT_EQ(2, st->n_sdp);
	EXPECT_TRUE(bytes_eq_n(st->sdp[0], "m=audio 40000"));
	EXPECT_TRUE(bytes_eq_n(st->sdp[1], "m=audio 50000"));
	EXPECT_EQ(X2X3_DIR_FROM_TARGET, f->r[0].pdu.direction);
	EXPECT_EQ(2, f_active_flows(f));
	EXPECT_EQ(f->r[0].pdu.correlation_id,
		  f->flows[live_flow(f)].correlation_id);
	/* The rest of the call is reported as IMSMessage. */
	flow_bye(f);
	EXPECT_EQ(2, f_count(f, IRI_IMS_MESSAGE));
	/* A task activated after the end finds nothing. */
	ASSERT_EQ(0, f_task(f, "xid " XID_B " delivery x2 target impu "
			       "sip:bob@ims.example"));
	EXPECT_EQ(1, f_count(f, IRI_START_OF_INTERCEPTION_IMS));
	f_free(f);
}

TEST(task_deleted_stops_interception)
{
	struct fake *f = f_new(NULL);
	uint8_t xid[16];

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	flow_call_up(f, OFFER_A);
	x2x3_uuid_parse(XID_A, xid);
	ASSERT_EQ(0, tasks_del(f->ts, xid));
	flow_bye(f);
	EXPECT_EQ(5, f_count(f, IRI_IMS_MESSAGE));
	f_free(f);
}

TEST(encrypted_media_cc_unavailable)
{
	struct fake *f = f_new(NULL);
	const struct iri_cc_unavailable *u;

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	f_sip(f, &UP, INVITE_A(""), SDP("10.0.0.1", "40000", "RTP/SAVP"));
	f_sip(f, &DOWN,
	      A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b1", CT),
	      SDP("10.0.0.2", "50000", "RTP/SAVP"));
	EXPECT_EQ(0, f->nflows);
	ASSERT_EQ(1, f_count(f, IRI_IMS_CC_UNAVAILABLE));
	u = &f->r[2].ev.ccu;
	ASSERT_EQ(IRI_IMS_CC_UNAVAILABLE, f->r[2].ev.kind);
	EXPECT_TRUE(bytes_eq_n(u->reason, "media encrypted"));
	EXPECT_TRUE(bytes_eq_n(u->sdp, "RTP/SAVP"));
	f_free(f);
}

TEST(refused_flow_cc_unavailable)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	f->install_err = -ENOSPC;
	flow_call_up(f, OFFER_A);
	EXPECT_EQ(0, f->nflows);
	ASSERT_EQ(1, f_count(f, IRI_IMS_CC_UNAVAILABLE));
	f_free(f);
}

TEST(copies_lost_cc_unavailable)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	flow_call_up(f, OFFER_A);
	f->c.loss(f->c.ctx, 3);
	EXPECT_EQ(1, f_count(f, IRI_IMS_CC_UNAVAILABLE));
	f_free(f);
}

TEST(x2_only_task_gets_no_flows_x3_only_no_xiri)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, "xid " XID_A " delivery x3 target impu "
			       "sip:alice@ims.example"));
	flow_call_up(f, OFFER_A);
	EXPECT_EQ(0, f->n);
	EXPECT_EQ(2, f_active_flows(f));
	EXPECT_EQ(0, ims_stats(f->ims)->x2_failed);
	f_free(f);
}

TEST(two_tasks_share_a_flow)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	ASSERT_EQ(0, f_task(f, "xid " XID_B " delivery x3 target impu "
			       "sip:bob@ims.example"));
	flow_call_up(f, OFFER_A);
	/* The kernel keeps one flow per 5-tuple. */
	EXPECT_EQ(2, f_active_flows(f));
	EXPECT_EQ(0, f_count(f, IRI_IMS_CC_UNAVAILABLE));
	media_pkt(f, live_flow(f), "10.0.0.2", 50000, "10.0.0.1", 40000);
	ASSERT_EQ(2, f_count(f, 0));
	EXPECT_EQ(X2X3_DIR_TO_TARGET, f->r[f->n - 2].pdu.direction);
	EXPECT_EQ(X2X3_DIR_FROM_TARGET, f->r[f->n - 1].pdu.direction);
	f_free(f);
}

/* An RTP copy that came inside GTP-U. */
static void gtpu_media_pkt(struct fake *f, unsigned int idx)
{
	static uint8_t inner[256], gtp[512], buf[1024];
	static const uint8_t rtp[12] = { 0x80, 0 };
	struct pl_match m = { .kind = LMISF_COPY_MEDIA,
			      .has_correlation = true,
			      .correlation_id = f->flows[idx].correlation_id,
			      .flow_id = f->flow_ids[idx] };
	struct pl_origin o = { .source = PL_SRC_REPLAY,
			       .n_matches = 1,
			       .matches = &m };
	struct pl_packet p = { .origin = &o,
			       .pkt = buf,
			       .tunnelled = true,
			       .teid = 0x1234,
			       .inner_offset = 36 };
	size_t n;

	memcpy(m.xid, f->flows[idx].xid, LMISF_XID_LEN);
	o.ts_ns = f->now;
	n = pb_udp4(inner, "10.0.0.1", "10.0.0.2", 40000, 50000, rtp,
		    sizeof(rtp));
	n = pb_gtpu(gtp, 0x30, 0xff, 0x1234, NULL, 0, inner, n, -1);
	p.len = pb_udp4(buf, "192.0.2.1", "192.0.2.2", 2152, 2152, gtp, n);
	f->c.packet(f->c.ctx, &p);
}

TEST(x3_inner_packet_or_gtpu_message)
{
	struct ims_config cfg = { .x3_gtpu = true };
	struct fake *f = f_new(NULL), *g = f_new(&cfg);
	const struct f_rec *r;

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	ASSERT_EQ(0, f_task(g, TASK_X2X3));
	flow_call_up(f, OFFER_A);
	flow_call_up(g, OFFER_A);
	gtpu_media_pkt(f, live_flow(f));
	gtpu_media_pkt(g, live_flow(g));
	ASSERT_EQ(1, f_count(f, 0));
	r = &f->r[f->n - 1];
	EXPECT_EQ(X2X3_PF_IPV4, r->pdu.payload_format);
	EXPECT_EQ(40, r->pdu.payload_len);
	EXPECT_EQ(0x45, r->pdu.payload[0]);
	EXPECT_EQ(X2X3_DIR_FROM_TARGET, r->pdu.direction);
	ASSERT_EQ(1, f_count(g, 0));
	r = &g->r[g->n - 1];
	EXPECT_EQ(X2X3_PF_GTPU, r->pdu.payload_format);
	EXPECT_EQ(48, r->pdu.payload_len);
	EXPECT_EQ(0x30, r->pdu.payload[0]);
	EXPECT_EQ(0xff, r->pdu.payload[1]);
	/* Attributes describe the media packet, not the tunnel. */
	EXPECT_EQ(40000, r->pdu.src_port);
	EXPECT_EQ(X2X3_DIR_FROM_TARGET, r->pdu.direction);
	f_free(f);
	f_free(g);
}

TEST(ipv6_call)
{
	static const struct f_pkt up6 = { "2001:db8::1", "2001:db8::10", 5060,
					  5060 };
	struct fake *f = f_new(NULL);
	const struct f_rec *r;

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	f_sip(f, &up6, INVITE_A(""),
	      "v=0\no=- 1 1 IN IP6 2001:db8::1\ns=-\nc=IN IP6 2001:db8::1\n"
	      "t=0 0\nm=audio 40000 RTP/AVP 0\na=rtcp-mux\n");
	f_sip(f, &up6,
	      A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b1", CT),
	      "v=0\no=- 1 1 IN IP6 2001:db8::2\ns=-\nc=IN IP6 2001:db8::2\n"
	      "t=0 0\nm=audio 50000 RTP/AVP 0\na=rtcp-mux\n");
	ASSERT_EQ(2, f->n);
	r = &f->r[0];
	EXPECT_EQ(6, r->ev.msg.src.family);
	EXPECT_TRUE(X2X3_HAS(&r->pdu, X2X3_A_SRC_IPV6));
	EXPECT_TRUE(X2X3_HAS(&r->pdu, X2X3_A_DST_IPV6));
	/* rtcp-mux on both sides: RTP only. */
	EXPECT_EQ(1, f_active_flows(f));
	EXPECT_TRUE(has_flow(f, "2001:db8::1", 40000, "2001:db8::2", 50000));
	f_free(f);
}

TEST(media_of_previous_agent_run_still_delivered)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	flow_call_up(f, OFFER_A);
	/* A flow this instance does not know (installed before a restart),
	 * of media that is no pair of a session it knows. */
	f->flow_ids[0] = 999;
	media_pkt(f, 0, "10.0.0.1", 41000, "10.0.0.2", 51000);
	ASSERT_EQ(1, f_count(f, 0));
	EXPECT_EQ(X2X3_DIR_UNKNOWN, f->r[f->n - 1].pdu.direction);
	EXPECT_EQ(f->flows[0].correlation_id,
		  f->r[f->n - 1].pdu.correlation_id);
	EXPECT_EQ(1, ims_stats(f->ims)->x3_unknown_flow);
	f->flow_ids[0] = 100;
	f_free(f);
}

/*
 * The copy of a packet that matched the offer's endpoint flow just before
 * the answer superseded it (the agent forgot the flow when it removed it):
 * the session's 5-tuple flow gives its direction.
 */
TEST(copy_of_a_superseded_endpoint_flow_keeps_its_direction)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	flow_call_up(f, OFFER_A);
	ASSERT_TRUE(f->removed[0] && pl_flow_is_endpoint(&f->flows[0]));
	media_pkt(f, 0, "10.0.0.2", 50000, "10.0.0.1", 40000);
	ASSERT_EQ(1, f_count(f, 0));
	EXPECT_EQ(X2X3_DIR_TO_TARGET, f->r[f->n - 1].pdu.direction);
	EXPECT_EQ(f->flows[0].correlation_id,
		  f->r[f->n - 1].pdu.correlation_id);
	EXPECT_EQ(0, ims_stats(f->ims)->x3_unknown_flow);
	f_free(f);
}

TEST(flush_removes_ended_sessions_flows_only)
{
	struct fake *f = f_new(NULL);

	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	flow_call_up(f, OFFER_A);
	f->c.flush(f->c.ctx);
	/* A running session keeps its flows (a restarted agent still
	 * gets its copies). */
	EXPECT_EQ(2, f_active_flows(f));
	flow_bye(f);
	EXPECT_EQ(2, f_active_flows(f));
	f->c.flush(f->c.ctx);
	EXPECT_EQ(0, f_active_flows(f));
	f_free(f);
}

TEST(mid_call_activation_terminating_roaming)
{
	struct f_pkt down = DOWN, up = UP;
	struct fake *f = f_new(NULL);
	const struct iri_start_ims *st;

	down.tunnelled = up.tunnelled = true;
	f_sip(f, &down,
	      "INVITE sip:alice@10.0.0.1:5060 SIP/2.0\n"
	      "Via: SIP/2.0/UDP 10.0.0.10;branch=z9hG4bKt1\n"
	      "From: <sip:bob@ims.example>;tag=b9\n"
	      "To: <tel:+491711234567>\n"
	      "Call-ID: t1@x\nCSeq: 1 INVITE\n"
	      "P-Called-Party-ID: <sip:alice@ims.example>\n" CT,
	      SDP("10.0.0.2", "50000", "RTP/AVP"));
	f_sip(f, &up,
	      "SIP/2.0 200 OK\n"
	      "Via: SIP/2.0/UDP 10.0.0.10;branch=z9hG4bKt1\n"
	      "From: <sip:bob@ims.example>;tag=b9\n"
	      "To: <tel:+491711234567>;tag=a9\n"
	      "Call-ID: t1@x\nCSeq: 1 INVITE\n"
	      "P-Access-Network-Info: " PANI "\n" CT,
	      OFFER_A);
	ASSERT_EQ(0, f_task(f, TASK_X2X3));
	ASSERT_EQ(1, f_count(f, IRI_START_OF_INTERCEPTION_IMS));
	st = &f->r[0].ev.start;
	EXPECT_EQ(X2X3_DIR_TO_TARGET, f->r[0].pdu.direction);
	EXPECT_TRUE(bytes_eq_s(st->originating[0].uri, "sip:bob@ims.example"));
	/* P-Called-Party-ID is the called party the network resolved. */
	EXPECT_TRUE(bytes_eq_s(st->terminating.uri, "sip:alice@ims.example"));
	EXPECT_EQ(IRI_ROAMING_S8HR, st->roaming);
	ASSERT_EQ(1, st->pani.n);
	EXPECT_TRUE(bytes_eq_s(st->pani.value[0], PANI));
	EXPECT_EQ(2, st->n_sdp);
	/* Media: alice's end is the callee's. */
	ASSERT_EQ(2, f_active_flows(f));
	media_pkt(f, 0, "10.0.0.1", 40000, "10.0.0.2", 50000);
	EXPECT_EQ(X2X3_DIR_FROM_TARGET, f->r[f->n - 1].pdu.direction);
	f_free(f);
}

TEST_HARNESS_MAIN
