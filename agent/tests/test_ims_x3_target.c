// SPDX-License-Identifier: GPL-2.0
/*
 * X3 of media copies that matched a task's UE address or TEID but none of
 * its flows: the first RTP packets of a session can cross the kernel
 * before the agent has installed the flow (copies are batched), yet the
 * agent has seen the offer and answer when it reads them. Such a copy is
 * X3 of the session once per task, with the flow's correlation ID and
 * direction; other UDP of the target is not.
 */
#include "kselftest_harness.h"

#include "ims_flows.h"
#include "pkt_build.h"

#define TASK_ADDR "xid " XID_A " delivery x2x3 target ipv4 10.0.0.1"
#define UE "10.0.0.1"
#define PEER "10.0.0.2"

/* The kernel's match of a task's target (XID_A unless @xid). */
static struct pl_match target_match(const char *xid)
{
	struct pl_match m = { .kind = LMISF_COPY_TARGET };

	x2x3_uuid_parse(xid ? xid : XID_A, m.xid);
	return m;
}

/* alice (the target: address or TEID) calls bob; every message matched. */
static void target_call(struct fake *f, bool answer, bool tunnelled)
{
	struct pl_match m = target_match(NULL);
	struct f_pkt up = UP, down = DOWN;

	up.n_matches = down.n_matches = 1;
	up.matches = down.matches = &m;
	up.tunnelled = down.tunnelled = tunnelled;
	f_sip(f, &up, INVITE_A(""), OFFER_A);
	if (!answer)
		return;
	f_sip(f, &down,
	      A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b1",
		     "Contact: <sip:bob@10.0.0.2>\n" CT),
	      SDP(PEER, "50000", "RTP/AVP"));
	f_sip(f, &up,
	      A_REQ("ACK", "sip:bob@10.0.0.2", "1", "z9hG4bKack1", ";tag=b1",
		    ""),
	      NULL);
}

/*
 * A copied UDP packet with matches @m[0..@n), inside GTP-U (TEID 0x1234)
 * when @gtpu. Returns the X3 PDUs it gave.
 */
static unsigned int copy(struct fake *f, const struct pl_match *m,
			 unsigned int n, bool gtpu, const char *src,
			 uint16_t sport, const char *dst, uint16_t dport)
{
	static uint8_t inner[256], buf[512];
	static const uint8_t rtp[12] = { 0x80, 0 };
	struct pl_origin o = { .source = PL_SRC_REPLAY,
			       .n_matches = n,
			       .matches = m };
	struct pl_packet p = { .origin = &o, .pkt = buf };
	unsigned int before = f_count(f, 0);
	size_t len;

	f->now += 20000000ull;
	o.ts_ns = f->now;
	len = pb_udp4(inner, src, dst, sport, dport, rtp, sizeof(rtp));
	if (gtpu) {
		p.len = pb_gtpu4(buf, "192.0.2.1", "192.0.2.2", 0x1234, inner,
				 len);
		p.tunnelled = true;
		p.teid = 0x1234;
		p.inner_offset = p.len - len;
	} else {
		memcpy(buf, inner, len);
		p.len = len;
	}
	o.orig_len = (uint32_t)p.len;
	f->c.packet(f->c.ctx, &p);
	return f_count(f, 0) - before;
}

/* The MEDIA match of the flow installed for @src:@sport - @dst:@dport. */
static struct pl_match media_match(const struct fake *f, const char *src,
				   uint16_t sport, const char *dst,
				   uint16_t dport)
{
	struct pl_match m = { .kind = LMISF_COPY_MEDIA };
	struct ipaddr a, b;
	unsigned int i;

	f_addr(&a, src);
	f_addr(&b, dst);
	for (i = 0; i < f->nflows; i++)
		if (!f->removed[i] && ipaddr_eq(&f->flows[i].src, &a) &&
		    ipaddr_eq(&f->flows[i].dst, &b) &&
		    f->flows[i].sport == sport && f->flows[i].dport == dport) {
			memcpy(m.xid, f->flows[i].xid, LMISF_XID_LEN);
			m.has_correlation = true;
			m.correlation_id = f->flows[i].correlation_id;
			m.flow_id = f->flow_ids[i];
		}
	return m;
}

static const struct f_rec *last(const struct fake *f)
{
	return &f->r[f->n - 1];
}

TEST(target_copy_of_rtp_before_its_flow_is_x3)
{
	struct fake *f = f_new(NULL);
	struct pl_match m = target_match(NULL);
	uint64_t corr;

	ASSERT_EQ(0, f_task(f, TASK_ADDR));
	target_call(f, true, false);
	ASSERT_EQ(3, f_count(f, IRI_IMS_MESSAGE));
	corr = f->r[0].pdu.correlation_id;
	ASSERT_EQ(1, copy(f, &m, 1, false, UE, 40000, PEER, 50000));
	EXPECT_EQ(X2X3_PDU_X3, last(f)->pdu.type);
	EXPECT_EQ(corr, last(f)->pdu.correlation_id);
	EXPECT_EQ(X2X3_DIR_FROM_TARGET, last(f)->pdu.direction);
	EXPECT_EQ(0, memcmp(last(f)->pdu.xid, m.xid, LMISF_XID_LEN));
	EXPECT_EQ(0, last(f)->pdu.seq);
	EXPECT_EQ(40, last(f)->pdu.payload_len);
	ASSERT_EQ(1, copy(f, &m, 1, false, PEER, 50001, UE, 40001));
	EXPECT_EQ(corr, last(f)->pdu.correlation_id);
	EXPECT_EQ(X2X3_DIR_TO_TARGET, last(f)->pdu.direction);
	EXPECT_EQ(1, last(f)->pdu.seq);
	EXPECT_EQ(2, ims_stats(f->ims)->x3_early);
	f_free(f);
}

TEST(target_and_media_match_one_x3)
{
	struct fake *f = f_new(NULL);
	struct pl_match m[2];

	ASSERT_EQ(0, f_task(f, TASK_ADDR));
	target_call(f, true, false);
	m[0] = target_match(NULL);
	m[1] = media_match(f, UE, 40000, PEER, 50000);
	ASSERT_NE(0, m[1].flow_id);
	EXPECT_EQ(1, copy(f, m, 2, false, UE, 40000, PEER, 50000));
	EXPECT_EQ(X2X3_DIR_FROM_TARGET, last(f)->pdu.direction);
	/* Either order in the copy's match list. */
	m[1] = m[0];
	m[0] = media_match(f, UE, 40000, PEER, 50000);
	EXPECT_EQ(1, copy(f, m, 2, false, PEER, 50000, UE, 40000));
	EXPECT_EQ(X2X3_DIR_TO_TARGET, last(f)->pdu.direction);
	EXPECT_EQ(2, f_count(f, 0));
	EXPECT_EQ(0, ims_stats(f->ims)->x3_early);
	f_free(f);
}

TEST(other_udp_of_the_target_is_not_x3)
{
	struct fake *f = f_new(NULL);
	struct pl_match m = target_match(NULL);

	ASSERT_EQ(0, f_task(f, TASK_ADDR));
	target_call(f, true, false);
	EXPECT_EQ(0, copy(f, &m, 1, false, UE, 53000, "198.51.100.53", 53));
	/* The session's ends, but not as a pair of it. */
	EXPECT_EQ(0, copy(f, &m, 1, false, UE, 40000, "10.0.0.9", 7000));
	EXPECT_EQ(0, copy(f, &m, 1, false, UE, 40002, PEER, 50000));
	EXPECT_EQ(0, copy(f, &m, 1, false, UE, 5060, "10.0.0.10", 5060));
	EXPECT_EQ(0, f_count(f, 0));
	/* After the session and its grace time: no longer its media. */
	flow_bye(f);
	f_tick(f, 6 * 1000000000ull);
	EXPECT_EQ(0, copy(f, &m, 1, false, UE, 40000, PEER, 50000));
	f_free(f);
}

TEST(target_copy_racing_the_answer_is_x3_of_the_offers_end)
{
	struct fake *f = f_new(NULL);
	struct pl_match m = target_match(NULL);

	ASSERT_EQ(0, f_task(f, TASK_ADDR));
	target_call(f, false, false);
	ASSERT_EQ(1, copy(f, &m, 1, false, "10.0.0.9", 7000, UE, 40000));
	EXPECT_EQ(X2X3_DIR_TO_TARGET, last(f)->pdu.direction);
	EXPECT_EQ(f->r[0].pdu.correlation_id, last(f)->pdu.correlation_id);
	f_free(f);
}

/*
 * A call inside GTP-U: the inner packet's ends find the flow. An IPv4
 * target (the end-to-end test's round gtp-ipv4) knows its side; a TEID
 * target does not.
 */
TEST(target_copy_in_gtpu_is_x3_of_the_inner_packet)
{
	static const struct {
		const char *task;
		uint16_t dir;
	} c[] = {
		{ TASK_ADDR, X2X3_DIR_FROM_TARGET },
		{ "xid " XID_A " delivery x2x3 target teid 0x1234",
		  X2X3_DIR_UNKNOWN },
	};
	struct pl_match m = target_match(NULL);

	for (unsigned int i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct fake *f = f_new(NULL);

		ASSERT_EQ(0, f_task(f, c[i].task));
		target_call(f, true, true);
		ASSERT_EQ(3, f_count(f, IRI_IMS_MESSAGE));
		ASSERT_EQ(1, copy(f, &m, 1, true, UE, 40000, PEER, 50000));
		EXPECT_EQ(X2X3_PF_IPV4, last(f)->pdu.payload_format);
		EXPECT_EQ(40, last(f)->pdu.payload_len);
		EXPECT_EQ(40000, last(f)->pdu.src_port);
		EXPECT_EQ(c[i].dir, last(f)->pdu.direction);
		EXPECT_EQ(f->r[0].pdu.correlation_id,
			  last(f)->pdu.correlation_id);
		f_free(f);
	}
}

/* Only the media of sessions the matched task intercepts. */
TEST(target_copy_of_another_tasks_session_is_not_x3)
{
	struct fake *f = f_new(NULL);
	struct pl_match m = target_match(XID_B);

	ASSERT_EQ(0, f_task(f, "xid " XID_A " delivery x2x3 target impu "
			       "sip:alice@ims.example"));
	/* bob's media address, not his signalling: B intercepts nothing. */
	ASSERT_EQ(0, f_task(f, "xid " XID_B " delivery x2x3 target ipv4 "
			       "10.0.0.2"));
	flow_call_up(f, OFFER_A);
	ASSERT_EQ(2, f_active_flows(f));
	EXPECT_EQ(0, copy(f, &m, 1, false, PEER, 50000, UE, 40000));
	f_free(f);
}

TEST(x2_only_task_target_copy_is_not_x3)
{
	struct fake *f = f_new(NULL);
	struct pl_match m = target_match(NULL);

	ASSERT_EQ(0, f_task(f, "xid " XID_A " delivery x2 target ipv4 "
			       "10.0.0.1"));
	target_call(f, true, false);
	EXPECT_EQ(0, copy(f, &m, 1, false, UE, 40000, PEER, 50000));
	f_free(f);
}

/* Two tasks on one session: the second rides on the first's flow. */
TEST(rider_and_target_one_x3_each)
{
	struct fake *f = f_new(NULL);
	struct pl_match m[2];

	ASSERT_EQ(0, f_task(f, "xid " XID_B " delivery x3 target impu "
			       "sip:bob@ims.example"));
	ASSERT_EQ(0, f_task(f, TASK_ADDR));
	target_call(f, true, false);
	ASSERT_EQ(2, f_active_flows(f));
	m[0] = target_match(NULL);
	m[1] = media_match(f, UE, 40000, PEER, 50000);
	ASSERT_NE(0, m[1].flow_id);
	/* The flow's task, and the other riding on it: two, not three. */
	EXPECT_EQ(2, copy(f, m, 2, false, UE, 40000, PEER, 50000));
	EXPECT_NE(0, memcmp(f->r[f->n - 1].pdu.xid, f->r[f->n - 2].pdu.xid,
			    LMISF_XID_LEN));
	/* Before the flow: the address target's copy, for its task only. */
	EXPECT_EQ(1, copy(f, m, 1, false, UE, 40000, PEER, 50000));
	EXPECT_EQ(0, memcmp(last(f)->pdu.xid, m[0].xid, LMISF_XID_LEN));
	f_free(f);
}

TEST_HARNESS_MAIN
