// SPDX-License-Identifier: GPL-2.0
/*
 * Fragment reassembly: IPv4 and IPv6, any order, the unfragmentable part
 * of IPv6, overlaps (RFC 5722: the whole datagram goes, later fragments
 * too), duplicates, timeout on the caller's clock, the bounds, and
 * fragments on both sides of a GTP-U tunnel.
 */
#include "kselftest_harness.h"

#include "decode.h"
#include "pkt_build.h"
#include "decode_sink.h"

static uint8_t pkt[PB_MAX], dg[PB_MAX], tmp[PB_MAX];
static struct sink s;

static struct decoder *new_dec(const struct frag_config *fc)
{
	struct decode_config cfg;

	decode_config_default(&cfg);
	if (fc)
		cfg.frag = *fc;
	cfg.seed = 3;
	memset(&s, 0, sizeof(s));
	return decode_new(&cfg, sink_fn, &s);
}

static void feed(struct decoder *d, const uint8_t *p, size_t n, uint64_t ts)
{
	struct decode_meta m = meta_at(ts);

	decode_packet(d, p, n, &m);
}

/* A UDP datagram of @plen pattern bytes; returns its length. */
static size_t udp_dgram(size_t plen, uint8_t seed)
{
	uint8_t pl[PB_MAX];
	size_t i;

	for (i = 0; i < plen; i++)
		pl[i] = (uint8_t)(seed + i * 7);
	return pb_udp(dg, 4000, 5060, pl, plen);
}

/* IPv4 fragment [off, off+len) of dg. */
static size_t frag4(uint16_t id, size_t off, size_t len, int mf)
{
	return pb_ip4(pkt, "10.1.0.1", "10.1.0.2", 17, id, off, mf, dg + off,
		      len);
}

/* IPv6 fragment [off, off+len) of dg after a destination-options header. */
static size_t frag6(uint32_t id, size_t off, size_t len, int m)
{
	uint8_t ext[16];

	pb_ext8(ext, 44);
	pb_frag6(ext + 8, 17, off, m, id);
	return pb_ip6(pkt, "2001:db8::1", "2001:db8::2", 60, ext, 16, dg + off,
		      len);
}

static int payload_ok(size_t plen, uint8_t seed)
{
	size_t i;

	if (s.n < 1 || s.it[s.n - 1].len != plen)
		return 0;
	for (i = 0; i < plen && i < sizeof(s.it[0].data); i++)
		if ((uint8_t)s.it[s.n - 1].data[i] != (uint8_t)(seed + i * 7))
			return 0;
	return 1;
}

TEST(ip4_in_order_and_reversed)
{
	struct decoder *d = new_dec(NULL);
	size_t n = udp_dgram(1992, 1);

	feed(d, pkt, frag4(1, 0, 800, 1), 1);
	feed(d, pkt, frag4(1, 800, 800, 1), 1);
	EXPECT_EQ(0, s.n);
	feed(d, pkt, frag4(1, 1600, n - 1600, 0), 1);
	ASSERT_EQ(1, s.n);
	EXPECT_TRUE(payload_ok(1992, 1));
	EXPECT_TRUE(s.it[0].p.flags & DEC_F_REASSEMBLED);
	EXPECT_EQ(20 + n, s.it[0].p.ip_len);

	n = udp_dgram(1992, 2);
	feed(d, pkt, frag4(2, 1600, n - 1600, 0), 1);
	feed(d, pkt, frag4(2, 800, 800, 1), 1);
	feed(d, pkt, frag4(2, 0, 800, 1), 1);
	ASSERT_EQ(2, s.n);
	EXPECT_TRUE(payload_ok(1992, 2));
	EXPECT_EQ(2, decode_get_stats(d)->frag.reassembled);
	decode_free(d);
}

TEST(ip6_unfragmentable_part_kept)
{
	struct decoder *d = new_dec(NULL);
	size_t n = udp_dgram(3000, 9);

	feed(d, pkt, frag6(77, 1504, n - 1504, 0), 1);
	feed(d, pkt, frag6(77, 0, 1504, 1), 1);
	ASSERT_EQ(1, s.n);
	EXPECT_TRUE(payload_ok(3000, 9));
	EXPECT_EQ(6, s.it[0].p.src.ver);
	/* IPv6 header + destination options, fragment header spliced out */
	EXPECT_EQ(40 + 8 + n, s.it[0].p.ip_len);
	decode_free(d);
}

TEST(ip6_extension_after_fragment_header)
{
	struct decoder *d = new_dec(NULL);
	uint8_t ext[8], fp[PB_MAX];
	size_t n = udp_dgram(1000, 12), m;

	/* fragmentable part: destination options, then the UDP datagram */
	pb_ext8(fp, 17);
	memcpy(fp + 8, dg, n);
	m = n + 8;
	memcpy(dg, fp, m);
	pb_frag6(ext, 60, 512, 0, 5);
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 44, ext, 8, dg + 512, m - 512),
	     1);
	pb_frag6(ext, 60, 0, 1, 5);
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 44, ext, 8, dg, 512), 1);
	ASSERT_EQ(1, s.n);
	EXPECT_EQ(1000, s.it[0].len);
	EXPECT_EQ(40 + m, s.it[0].p.ip_len);
	decode_free(d);
}

TEST(ip6_overlap_discards_whole_datagram)
{
	struct decoder *d = new_dec(NULL);
	const struct frag_stats *fs = &decode_get_stats(d)->frag;
	size_t n = udp_dgram(2400, 4);

	feed(d, pkt, frag6(5, 0, 1200, 1), 1);
	/* overlaps [1000, 1200) with different boundaries */
	feed(d, pkt, frag6(5, 1000, 800, 1), 1);
	EXPECT_EQ(1, fs->overlaps);
	/* the rest arrives: still discarded (RFC 5722) */
	feed(d, pkt, frag6(5, 1200, 1200, 1), 1);
	feed(d, pkt, frag6(5, 2400, n - 2400, 0), 1);
	EXPECT_EQ(2, fs->discarded);
	EXPECT_EQ(0, s.n);
	/* another datagram is unaffected */
	feed(d, pkt, frag6(6, 0, 1200, 1), 1);
	feed(d, pkt, frag6(6, 1200, n - 1200, 0), 1);
	EXPECT_EQ(1, s.n);
	decode_free(d);
}

TEST(ip4_overlap_discards_duplicate_ignored)
{
	struct decoder *d = new_dec(NULL);
	const struct frag_stats *fs = &decode_get_stats(d)->frag;
	size_t n = udp_dgram(1600, 5);

	feed(d, pkt, frag4(9, 0, 800, 1), 1);
	feed(d, pkt, frag4(9, 0, 800, 1), 1); /* exact duplicate */
	EXPECT_EQ(1, fs->duplicates);
	feed(d, pkt, frag4(9, 800, n - 800, 0), 1);
	ASSERT_EQ(1, s.n);
	EXPECT_TRUE(payload_ok(1600, 5));

	/* overlapping tail rewrite attempt: nothing is delivered */
	feed(d, pkt, frag4(10, 0, 800, 1), 1);
	feed(d, pkt, frag4(10, 400, n - 400, 0), 1);
	feed(d, pkt, frag4(10, 800, n - 800, 0), 1);
	EXPECT_EQ(1, fs->overlaps);
	EXPECT_EQ(1, fs->discarded);
	EXPECT_EQ(1, s.n);
	decode_free(d);
}

TEST(timeout_on_callers_clock)
{
	struct frag_config fc;
	struct decoder *d;
	size_t n = udp_dgram(1600, 6);

	frag_config_default(&fc);
	fc.timeout_ns = 30 * SEC;
	d = new_dec(&fc);
	feed(d, pkt, frag4(3, 0, 800, 1), 100 * SEC);
	feed(d, pkt, frag4(3, 800, n - 800, 0), 130 * SEC);
	EXPECT_EQ(0, s.n);
	EXPECT_EQ(1, decode_get_stats(d)->frag.timeouts);
	/* within the timeout it completes */
	feed(d, pkt, frag4(4, 0, 800, 1), 200 * SEC);
	feed(d, pkt, frag4(4, 800, n - 800, 0), 229 * SEC);
	EXPECT_EQ(1, s.n);
	/* the late fragment of 3 started a datagram of its own: gone too */
	EXPECT_EQ(2, decode_get_stats(d)->frag.timeouts);
	/* decode_expire runs the clock without packets */
	feed(d, pkt, frag4(5, 0, 800, 1), 300 * SEC);
	decode_expire(d, 329 * SEC);
	EXPECT_EQ(1, decode_frag_pending(d));
	decode_expire(d, 330 * SEC);
	EXPECT_EQ(3, decode_get_stats(d)->frag.timeouts);
	EXPECT_EQ(0, decode_frag_pending(d));
	decode_free(d);
}

TEST(bounds_datagrams_bytes_fragments)
{
	struct frag_config fc;
	struct decoder *d;
	const struct frag_stats *fs;
	size_t n = udp_dgram(4000, 7);
	int i;

	frag_config_default(&fc);
	fc.max_datagrams = 4;
	fc.max_frags = 8;
	fc.max_bytes = 64 * 1024;
	d = new_dec(&fc);
	fs = &decode_get_stats(d)->frag;
	for (i = 0; i < 6; i++)
		feed(d, pkt, frag4(100 + i, 0, 800, 1), 1);
	EXPECT_EQ(2, fs->evicted);
	/* the oldest went: 100 and 101 cannot complete, 105 can */
	feed(d, pkt, frag4(100, 800, n - 800, 0), 1);
	feed(d, pkt, frag4(105, 800, n - 800, 0), 1);
	EXPECT_EQ(1, s.n);

	/* nine fragments of 8 bytes: the ninth exceeds max_frags */
	for (i = 0; i < 9; i++)
		feed(d, pkt, frag4(200, i * 8, 8, 1), 1);
	EXPECT_EQ(1, fs->too_many);
	decode_free(d);

	/* byte bound: one datagram of 60000 bytes does not fit in 16 KiB */
	fc.max_bytes = 16 * 1024;
	fc.max_frags = 128;
	d = new_dec(&fc);
	fs = &decode_get_stats(d)->frag;
	n = udp_dgram(60000, 8);
	for (i = 0; i < 40; i++) {
		feed(d, pkt, frag4(300, i * 1496, 1496, 1), 1);
		EXPECT_LE(decode_mem(d), fc.max_bytes);
	}
	EXPECT_GE(fs->evicted, 1);
	feed(d, pkt, frag4(300, 40 * 1496, n - 40 * 1496, 0), 1);
	EXPECT_EQ(0, s.n);
	decode_free(d);
}

TEST(malformed_fragments)
{
	struct decoder *d = new_dec(NULL);
	const struct frag_stats *fs = &decode_get_stats(d)->frag;
	size_t n = udp_dgram(1600, 1);

	feed(d, pkt, frag4(1, 0, 801, 1), 1); /* not 8-aligned */
	feed(d, pkt, frag4(1, 0, 0, 1), 1); /* empty */
	EXPECT_EQ(2, fs->bad_len);
	feed(d, pkt, frag4(2, 65528, 16, 0), 1); /* past 65535 */
	EXPECT_EQ(1, fs->too_big);
	feed(d, pkt, frag4(3, 800, 800, 0), 1);
	feed(d, pkt, frag4(3, 800, 400, 0), 1); /* second, other end */
	EXPECT_EQ(1, fs->bad_last);
	feed(d, pkt, frag4(4, 800, 800, 1), 1);
	feed(d, pkt, frag4(4, 8, 400, 0), 1); /* end before data */
	EXPECT_EQ(2, fs->bad_last);
	feed(d, pkt, frag4(5, 8, 800, 0), 1);
	feed(d, pkt, frag4(5, 808, 800, 1), 1); /* data after end */
	EXPECT_EQ(3, fs->bad_last);
	(void)n;
	EXPECT_EQ(0, s.n);
	decode_free(d);
}

TEST(reassembled_fragment_again_refused)
{
	struct decoder *d = new_dec(NULL);
	uint8_t inner[64], ext[8];
	size_t n;

	/* fragment data that starts with another fragment header */
	n = pb_frag6(inner, 17, 0, 1, 9);
	n += pb_udp(inner + n, 1, 2, "abcdefgh", 8);
	memcpy(dg, inner, n);
	pb_frag6(ext, 44, 8, 0, 8);
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 44, ext, 8, dg + 8, n - 8), 1);
	pb_frag6(ext, 44, 0, 1, 8);
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 44, ext, 8, dg, 8), 1);
	EXPECT_EQ(1, decode_get_stats(d)->frag.reassembled);
	EXPECT_EQ(1, decode_get_stats(d)->frag_nested);
	EXPECT_EQ(0, s.n);
	decode_free(d);
}

TEST(outer_and_inner_fragments_with_gtpu)
{
	struct decoder *d = new_dec(NULL);
	uint8_t gt[PB_MAX], in[PB_MAX];
	size_t n, ilen, glen, i;

	/* outer fragments: a GTP-U datagram split in two IPv4 fragments */
	n = udp_dgram(1400, 3);
	ilen = pb_ip4(in, "10.45.0.2", "10.46.0.1", 17, 1, 0, 0, dg, n);
	glen = pb_gtpu(gt, 0x30, 0xff, 0xabc, NULL, 0, in, ilen, -1);
	glen = pb_udp(tmp, 2152, 2152, gt, glen);
	feed(d, pkt,
	     pb_ip4(pkt, "192.0.2.1", "192.0.2.2", 17, 50, 0, 1, tmp, 1000), 1);
	feed(d, pkt,
	     pb_ip4(pkt, "192.0.2.1", "192.0.2.2", 17, 50, 1000, 0, tmp + 1000,
		    glen - 1000),
	     1);
	ASSERT_EQ(1, s.n);
	EXPECT_TRUE(s.it[0].p.tunnelled);
	EXPECT_EQ(0xabc, s.it[0].p.teid);
	EXPECT_TRUE(payload_ok(1400, 3));

	/* inner fragments in two T-PDUs; same inner id in another tunnel */
	n = udp_dgram(1400, 4);
	for (i = 0; i < 2; i++) {
		ilen = pb_ip4(in, "10.45.0.2", "10.46.0.1", 17, 7, 0, 1, dg,
			      800);
		feed(d, pkt,
		     pb_gtpu4(pkt, "192.0.2.1", "192.0.2.2", 0x100 + i, in,
			      ilen),
		     1);
	}
	ilen = pb_ip4(in, "10.45.0.2", "10.46.0.1", 17, 7, 800, 0, dg + 800,
		      n - 800);
	feed(d, pkt, pb_gtpu4(pkt, "192.0.2.1", "192.0.2.2", 0x100, in, ilen),
	     1);
	ASSERT_EQ(2, s.n);
	EXPECT_EQ(0x100, s.it[1].p.teid);
	EXPECT_TRUE(payload_ok(1400, 4));
	EXPECT_EQ(1, decode_frag_pending(d));
	decode_free(d);
}

TEST_HARNESS_MAIN
