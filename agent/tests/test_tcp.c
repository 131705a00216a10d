// SPDX-License-Identifier: GPL-2.0
/*
 * TCP stream reassembly through the decoder, with a consumer that frames
 * messages the way SIP over TCP does (length known from a header, one
 * message per call): several messages in a segment, one message across
 * many segments, reordering, retransmission, overlaps, FIN/RST/idle
 * cleanup, the bounds, mid-stream pickup, sequence wrap.
 */
#include "kselftest_harness.h"

#include "decode.h"
#include "pkt_build.h"
#include "decode_sink.h"

#define CLI "10.0.0.1"
#define SRV "10.0.0.2"

static uint8_t pkt[PB_MAX], msg[PB_MAX];
static struct sink s;

static struct decoder *new_dec(const struct tcp_config *tc)
{
	struct decode_config cfg;

	decode_config_default(&cfg);
	if (tc)
		cfg.tcp = *tc;
	cfg.seed = 5;
	memset(&s, 0, sizeof(s));
	return decode_new(&cfg, sink_fn, &s);
}

/* client -> server segment */
static void c2s(struct decoder *d, uint32_t seq, uint8_t fl, const void *pl,
		size_t n, uint64_t ts)
{
	struct decode_meta m = meta_at(ts);
	size_t len = pb_tcp4(pkt, CLI, SRV, 40000, 5060, seq, fl, pl, n);

	decode_packet(d, pkt, len, &m);
}

static void s2c(struct decoder *d, uint32_t seq, uint8_t fl, const void *pl,
		size_t n, uint64_t ts)
{
	struct decode_meta m = meta_at(ts);
	size_t len = pb_tcp4(pkt, SRV, CLI, 5060, 40000, seq, fl, pl, n);

	decode_packet(d, pkt, len, &m);
}

static void handshake(struct decoder *d, uint32_t cisn, uint32_t sisn)
{
	c2s(d, cisn, PB_SYN, NULL, 0, 1);
	s2c(d, sisn, PB_SYN | PB_ACK, NULL, 0, 1);
	c2s(d, cisn + 1, PB_ACK, NULL, 0, 1);
}

static int got(int i, const char *body)
{
	size_t n = strlen(body);

	return i < s.n && s.it[i].len == 6 + n &&
	       !memcmp(s.it[i].data + 6, body, n);
}

TEST(several_messages_in_one_segment)
{
	struct decoder *d = new_dec(NULL);
	size_t n = 0;

	handshake(d, 1000, 5000);
	n += frame_msg(msg + n, "INVITE");
	n += frame_msg(msg + n, "ACK");
	n += frame_msg(msg + n, "BYE");
	c2s(d, 1001, PB_ACK, msg, n, 2);
	ASSERT_EQ(3, s.n);
	EXPECT_TRUE(got(0, "INVITE"));
	EXPECT_TRUE(got(1, "ACK"));
	EXPECT_TRUE(got(2, "BYE"));
	EXPECT_EQ(1, s.it[0].p.from_initiator);
	EXPECT_EQ(6, s.it[0].p.proto);
	EXPECT_EQ(40000, s.it[0].p.sport);
	EXPECT_EQ(0, s.gaps);
	decode_free(d);
}

TEST(one_message_across_many_segments)
{
	struct decoder *d = new_dec(NULL);
	char body[1500];
	size_t n, off;

	memset(body, 'b', sizeof(body) - 1);
	body[sizeof(body) - 1] = 0;
	handshake(d, 1000, 5000);
	n = frame_msg(msg, body);
	n += frame_msg(msg + n, "tail");
	for (off = 0; off < n; off += 100) {
		c2s(d, 1001 + off, PB_ACK, msg + off,
		    n - off < 100 ? n - off : 100, 2);
		if (off + 100 < 6 + sizeof(body) - 1)
			EXPECT_EQ(0, s.n);
	}
	ASSERT_EQ(2, s.n);
	EXPECT_TRUE(got(0, body));
	EXPECT_TRUE(got(1, "tail"));
	decode_free(d);
}

TEST(out_of_order_and_retransmissions)
{
	struct decoder *d = new_dec(NULL);
	const struct tcp_stats *ts = &decode_get_stats(d)->tcp;
	size_t n = 0, a, b;

	handshake(d, 1000, 5000);
	a = frame_msg(msg, "FIRST");
	b = frame_msg(msg + a, "SECOND");
	n = a + b;
	n += frame_msg(msg + n, "THIRD");
	/* third part, then second, then first */
	c2s(d, 1001 + a + b, PB_ACK, msg + a + b, n - a - b, 2);
	c2s(d, 1001 + a, PB_ACK, msg + a, b, 2);
	EXPECT_EQ(0, s.n);
	EXPECT_EQ(2, ts->ooo);
	c2s(d, 1001, PB_ACK, msg, a, 2);
	ASSERT_EQ(3, s.n);
	EXPECT_TRUE(got(0, "FIRST"));
	EXPECT_TRUE(got(1, "SECOND"));
	EXPECT_TRUE(got(2, "THIRD"));
	/* full retransmission, and one overlapping old and new bytes */
	c2s(d, 1001, PB_ACK, msg, n, 3);
	EXPECT_EQ(1, ts->retrans);
	a = frame_msg(msg + n, "FOURTH");
	c2s(d, 1001 + n - 4, PB_ACK, msg + n - 4, a + 4, 3);
	EXPECT_EQ(1, ts->partial_retrans);
	ASSERT_EQ(4, s.n);
	EXPECT_TRUE(got(3, "FOURTH"));
	decode_free(d);
}

TEST(overlapping_queued_data_first_copy_wins)
{
	struct decoder *d = new_dec(NULL);
	const struct tcp_stats *ts = &decode_get_stats(d)->tcp;
	uint8_t evil[64];
	size_t n;

	handshake(d, 1000, 5000);
	n = frame_msg(msg, "AAAAAAAAAAAAAAAAAAAA");
	/* bytes 10..n queued, then a conflicting copy of 8..n, then 0..10 */
	c2s(d, 1011, PB_ACK, msg + 10, n - 10, 2);
	memcpy(evil, msg, n);
	memset(evil + 8, 'Z', n - 8);
	c2s(d, 1009, PB_ACK, evil + 8, n - 8, 2);
	EXPECT_EQ(1, ts->overlaps);
	EXPECT_EQ(1, ts->overlap_conflicts);
	c2s(d, 1001, PB_ACK, msg, 8, 2);
	ASSERT_EQ(1, s.n);
	/* 8..10 came from the second copy (nobody else had them) */
	EXPECT_EQ(0, memcmp(s.it[0].data + 10, msg + 10, n - 10));
	EXPECT_EQ('Z', s.it[0].data[8]);
	decode_free(d);
}

TEST(both_directions_and_fin_cleanup)
{
	struct decoder *d = new_dec(NULL);
	const struct tcp_stats *ts = &decode_get_stats(d)->tcp;
	size_t a, b;

	handshake(d, 1000, 5000);
	a = frame_msg(msg, "REGISTER");
	c2s(d, 1001, PB_ACK | PB_PSH, msg, a, 2);
	b = frame_msg(msg, "401");
	s2c(d, 5001, PB_ACK | PB_PSH, msg, b, 2);
	/* a partial message is left when the client closes */
	c2s(d, 1001 + a, PB_ACK | PB_FIN, "M00", 3, 3);
	EXPECT_EQ(1, decode_tcp_flows(d));
	s2c(d, 5001 + b, PB_ACK | PB_FIN, NULL, 0, 3);
	ASSERT_EQ(2, s.n);
	EXPECT_EQ(1, s.it[0].p.from_initiator);
	EXPECT_EQ(0, s.it[1].p.from_initiator);
	EXPECT_EQ(5060, s.it[1].p.sport);
	EXPECT_EQ(2, s.ends);
	EXPECT_EQ(3, s.end_bytes);
	EXPECT_EQ(0, decode_tcp_flows(d));
	EXPECT_EQ(1, ts->flows_fin);
	EXPECT_EQ(0, decode_mem(d));
	decode_free(d);
}

TEST(rst_and_idle_cleanup)
{
	struct tcp_config tc;
	struct decoder *d;
	const struct tcp_stats *ts;
	size_t a;

	tcp_config_default(&tc);
	tc.idle_ns = 60 * SEC;
	d = new_dec(&tc);
	ts = &decode_get_stats(d)->tcp;
	handshake(d, 1000, 5000);
	a = frame_msg(msg, "INVITE");
	c2s(d, 1001, PB_ACK, msg, a - 1, 2);
	s2c(d, 5001, PB_RST, NULL, 0, 2);
	EXPECT_EQ(1, ts->flows_rst);
	EXPECT_EQ(0, decode_tcp_flows(d));
	EXPECT_EQ(a - 1, s.end_bytes);

	/* a flow that goes quiet */
	handshake(d, 7000, 9000);
	c2s(d, 7001, PB_ACK, msg, a, 10 * SEC);
	EXPECT_EQ(1, decode_tcp_flows(d));
	decode_expire(d, 69 * SEC);
	EXPECT_EQ(1, decode_tcp_flows(d));
	decode_expire(d, 70 * SEC);
	EXPECT_EQ(0, decode_tcp_flows(d));
	EXPECT_EQ(1, ts->flows_idle);
	/* RST and bare ACKs for unknown flows create nothing */
	c2s(d, 1, PB_RST, NULL, 0, 80 * SEC);
	c2s(d, 1, PB_ACK, NULL, 0, 80 * SEC);
	EXPECT_EQ(0, decode_tcp_flows(d));
	EXPECT_EQ(2, ts->no_flow);
	decode_free(d);
}

TEST(buffer_compaction_keeps_bytes)
{
	struct decoder *d = new_dec(NULL);
	char body[5][1001];
	size_t n = 0, off, i;

	handshake(d, 1000, 5000);
	for (i = 0; i < 5; i++) {
		memset(body[i], 'a' + i, 1000);
		body[i][1000] = 0;
		n += frame_msg(msg + n, body[i]);
	}
	/* 700-byte segments: each message is taken with bytes left behind */
	for (off = 0; off < n; off += 700)
		c2s(d, 1001 + off, PB_ACK, msg + off,
		    n - off < 700 ? n - off : 700, 2);
	ASSERT_EQ(5, s.n);
	for (i = 0; i < 5; i++)
		EXPECT_TRUE(got(i, body[i]));
	decode_free(d);
}

TEST(segment_larger_than_queue_skips_to_it)
{
	struct tcp_config tc;
	struct decoder *d;
	const struct tcp_stats *ts;
	char big[1401];
	size_t a, b;

	tcp_config_default(&tc);
	tc.max_ooo = 1024;
	d = new_dec(&tc);
	ts = &decode_get_stats(d)->tcp;
	handshake(d, 1000, 5000);
	memset(big, 'y', 1400);
	big[1400] = 0;
	a = frame_msg(msg, "LOST");
	b = frame_msg(msg + a, big);
	c2s(d, 1001 + a, PB_ACK, msg + a, b, 2);
	EXPECT_EQ(1, ts->gaps);
	EXPECT_EQ(0, ts->ooo);
	ASSERT_EQ(1, s.n);
	EXPECT_EQ(b, s.it[0].len);
	EXPECT_TRUE(s.it[0].p.flags & DEC_F_GAP);
	decode_free(d);
}

TEST(stalled_consumer_bounded)
{
	struct tcp_config tc;
	struct decoder *d;
	const struct tcp_stats *ts;
	char big[3000];
	size_t n;

	tcp_config_default(&tc);
	tc.max_buf = 1024;
	d = new_dec(&tc);
	ts = &decode_get_stats(d)->tcp;
	handshake(d, 1000, 5000);
	/* a message longer than the buffer can never be framed */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	n = frame_msg(msg, big);
	n += frame_msg(msg + n, "NEXT");
	c2s(d, 1001, PB_ACK, msg, 1000, 2);
	c2s(d, 2001, PB_ACK, msg + 1000, 1000, 2);
	EXPECT_EQ(1, ts->overflows);
	c2s(d, 3001, PB_ACK, msg + 2000, n - 2000, 2);
	/* the consumer resynchronised after the gap */
	EXPECT_GE(s.gaps, 1);
	ASSERT_EQ(1, s.n);
	EXPECT_TRUE(got(0, "NEXT"));
	EXPECT_LE(decode_mem(d), 2 * 1024 + 4096);
	decode_free(d);
}

TEST(hole_given_up_when_queue_full)
{
	struct tcp_config tc;
	struct decoder *d;
	const struct tcp_stats *ts;
	size_t a, i, off;

	tcp_config_default(&tc);
	tc.max_ooo_segs = 4;
	d = new_dec(&tc);
	ts = &decode_get_stats(d)->tcp;
	handshake(d, 1000, 5000);
	/* ten messages; the first segment is never seen */
	for (i = 0, off = 0; i < 10; i++)
		off += frame_msg(msg + off, "MSG-0123");
	a = off / 10;
	for (i = 1; i < 10; i++)
		c2s(d, 1001 + i * a, PB_ACK, msg + i * a, a, 2);
	EXPECT_EQ(1, ts->gaps);
	EXPECT_EQ(9, s.n);
	EXPECT_EQ(1, s.gaps);
	EXPECT_TRUE(got(8, "MSG-0123"));
	decode_free(d);
}

TEST(midstream_pickup_flagged)
{
	struct decoder *d = new_dec(NULL);
	size_t n;

	/* no handshake: the capture starts in the middle of a message */
	n = frame_msg(msg, "lost-beginning");
	n += frame_msg(msg + n, "OPTIONS");
	c2s(d, 777, PB_ACK, msg + 3, n - 3, 1);
	EXPECT_EQ(1, s.gaps);
	EXPECT_EQ(1, s.bad_frames);
	ASSERT_EQ(1, s.n);
	EXPECT_TRUE(got(0, "OPTIONS"));
	/* first sender seen is taken as the initiator */
	EXPECT_EQ(1, s.it[0].p.from_initiator);
	decode_free(d);
}

TEST(gap_flag_stays_until_consumed)
{
	struct decoder *d = new_dec(NULL);

	/* mid-stream, and the first bytes are not enough to frame */
	c2s(d, 500, PB_ACK, "M00", 3, 1);
	EXPECT_EQ(1, s.gaps);
	c2s(d, 503, PB_ACK, "05:hello", 8, 1);
	EXPECT_EQ(2, s.gaps);
	ASSERT_EQ(1, s.n);
	EXPECT_TRUE(got(0, "hello"));
	EXPECT_TRUE(s.it[0].p.flags & DEC_F_GAP);
	c2s(d, 511, PB_ACK, "M0002:hi", 8, 1);
	ASSERT_EQ(2, s.n);
	EXPECT_FALSE(s.it[1].p.flags & DEC_F_GAP);
	decode_free(d);
}

TEST(sequence_wraps)
{
	struct decoder *d = new_dec(NULL);
	size_t a, b;

	handshake(d, 0xfffffff0u, 5000);
	a = frame_msg(msg, "ACROSS-THE-WRAP");
	b = frame_msg(msg + a, "AFTER");
	c2s(d, 0xfffffff1u + 10, PB_ACK, msg + 10, a + b - 10, 2);
	c2s(d, 0xfffffff1u, PB_ACK, msg, 10, 2);
	ASSERT_EQ(2, s.n);
	EXPECT_TRUE(got(0, "ACROSS-THE-WRAP"));
	EXPECT_TRUE(got(1, "AFTER"));
	decode_free(d);
}

TEST(port_reuse_and_flow_limit)
{
	struct tcp_config tc;
	struct decoder *d;
	const struct tcp_stats *ts;
	struct decode_meta m = meta_at(1);
	size_t a, len;
	int i;

	tcp_config_default(&tc);
	tc.max_flows = 3;
	d = new_dec(&tc);
	ts = &decode_get_stats(d)->tcp;
	handshake(d, 1000, 5000);
	a = frame_msg(msg, "X");
	c2s(d, 1001, PB_ACK, msg, a - 1, 2);
	/* a new connection on the same ports with another ISN */
	handshake(d, 90000, 5000);
	EXPECT_EQ(1, ts->flows_reused);
	/* both directions of the old flow end; the partial message is let go */
	EXPECT_EQ(2, s.ends);
	EXPECT_EQ(a - 1, s.end_bytes);
	c2s(d, 90001, PB_ACK, msg, a, 2);
	EXPECT_EQ(1, s.n);
	/* more flows than allowed: the least recently used goes */
	for (i = 0; i < 4; i++) {
		len = pb_tcp4(pkt, CLI, SRV, 41000 + i, 5060, 1, PB_SYN, NULL,
			      0);
		decode_packet(d, pkt, len, &m);
	}
	EXPECT_EQ(3, decode_tcp_flows(d));
	EXPECT_EQ(2, ts->flows_evicted);
	decode_free(d);
}

TEST(bad_headers_counted)
{
	struct decoder *d = new_dec(NULL);
	const struct tcp_stats *ts = &decode_get_stats(d)->tcp;
	struct decode_meta m = meta_at(1);
	size_t len;

	len = pb_tcp4(pkt, CLI, SRV, 1, 2, 3, PB_ACK, "data", 4);
	pkt[20 + 12] = 4 << 4; /* data offset 16 bytes */
	decode_packet(d, pkt, len, &m);
	EXPECT_EQ(1, ts->bad_hdr);
	pkt[20 + 12] = 7 << 4; /* 28 bytes, only 24 there */
	decode_packet(d, pkt, len, &m);
	EXPECT_EQ(1, ts->truncated);
	len = pb_ip4(pkt, CLI, SRV, 6, 1, 0, 0, "short", 5);
	decode_packet(d, pkt, len, &m);
	EXPECT_EQ(2, ts->truncated);
	EXPECT_EQ(0, decode_tcp_flows(d));
	decode_free(d);
}

TEST(end_offers_bytes_beyond_holes)
{
	struct decoder *d = new_dec(NULL);
	const struct tcp_stats *ts = &decode_get_stats(d)->tcp;
	size_t a, b;

	handshake(d, 1000, 5000);
	a = frame_msg(msg, "NEVER-SEEN");
	b = frame_msg(msg + a, "AFTER-THE-HOLE");
	c2s(d, 1001 + a, PB_ACK, msg + a, b, 2);
	EXPECT_EQ(0, s.n);
	decode_flush(d);
	ASSERT_EQ(1, s.n);
	EXPECT_TRUE(got(0, "AFTER-THE-HOLE"));
	EXPECT_EQ(1, s.gaps);
	EXPECT_EQ(2, s.ends);
	EXPECT_EQ(1, ts->flows_flushed);
	EXPECT_EQ(1, ts->gaps);
	EXPECT_EQ(0, decode_tcp_flows(d));
	decode_free(d);
}

TEST(fin_before_the_last_data)
{
	struct decoder *d = new_dec(NULL);
	const struct tcp_stats *ts = &decode_get_stats(d)->tcp;
	size_t a;

	handshake(d, 1000, 5000);
	a = frame_msg(msg, "LAST-WORDS");
	c2s(d, 1001, PB_ACK, msg, 4, 2);
	/* the FIN overtakes the segment before it */
	c2s(d, 1001 + a, PB_ACK | PB_FIN, NULL, 0, 2);
	EXPECT_EQ(0, s.ends);
	c2s(d, 1005, PB_ACK, msg + 4, a - 4, 2);
	ASSERT_EQ(1, s.n);
	EXPECT_TRUE(got(0, "LAST-WORDS"));
	EXPECT_EQ(1, s.ends);
	/* data past the FIN is not believed */
	c2s(d, 1001 + a, PB_ACK, "M0000:", 6, 2);
	EXPECT_EQ(1, ts->out_of_window);
	EXPECT_EQ(1, s.n);
	decode_free(d);
}

TEST(memory_bound_evicts_lru_flows)
{
	struct tcp_config tc;
	struct decoder *d;
	const struct tcp_stats *ts;
	struct decode_meta m = meta_at(1);
	uint8_t seg[4096];
	size_t len, n;
	int i;

	tcp_config_default(&tc);
	tc.max_bytes = 16 * 1024;
	tc.max_buf = 4096;
	tc.max_ooo = 4096;
	d = new_dec(&tc);
	ts = &decode_get_stats(d)->tcp;
	n = frame_msg(msg, "partial-message-that-never-completes");
	memset(seg, 'q', sizeof(seg));
	for (i = 0; i < 12; i++) {
		/* a partial message in order, a segment beyond a hole */
		len = pb_tcp4(pkt, CLI, SRV, 42000 + i, 5060, 1, PB_SYN, NULL,
			      0);
		decode_packet(d, pkt, len, &m);
		len = pb_tcp4(pkt, CLI, SRV, 42000 + i, 5060, 2, PB_ACK, msg,
			      n - 1);
		decode_packet(d, pkt, len, &m);
		len = pb_tcp4(pkt, CLI, SRV, 42000 + i, 5060, 3000, PB_ACK, seg,
			      2500);
		decode_packet(d, pkt, len, &m);
		EXPECT_LE(decode_mem(d), tc.max_bytes);
	}
	EXPECT_GE(ts->flows_evicted, 1);
	/* evicted flows ended with their queued bytes offered past the hole */
	EXPECT_EQ(ts->flows_evicted, (uint64_t)s.ends);
	EXPECT_EQ(ts->flows_evicted, (uint64_t)s.gaps);
	EXPECT_EQ(12 - ts->flows_evicted, decode_tcp_flows(d));
	decode_free(d);
	EXPECT_EQ(12, s.ends);
}

TEST(ipv6_flow)
{
	struct decoder *d = new_dec(NULL);
	struct decode_meta m = meta_at(1);
	uint8_t seg[256];
	size_t n, len;

	n = frame_msg(msg, "SUBSCRIBE");
	n = pb_tcp(seg, 5061, 5060, 77, PB_SYN, NULL, 0);
	len = pb_ip6(pkt, "2001:db8::1", "2001:db8::2", 6, NULL, 0, seg, n);
	decode_packet(d, pkt, len, &m);
	n = frame_msg(msg, "SUBSCRIBE");
	n = pb_tcp(seg, 5061, 5060, 78, PB_ACK, msg, n);
	len = pb_ip6(pkt, "2001:db8::1", "2001:db8::2", 6, NULL, 0, seg, n);
	decode_packet(d, pkt, len, &m);
	ASSERT_EQ(1, s.n);
	EXPECT_EQ(6, s.it[0].p.src.ver);
	EXPECT_TRUE(got(0, "SUBSCRIBE"));
	decode_free(d);
}

TEST_HARNESS_MAIN
