// SPDX-License-Identifier: GPL-2.0
/*
 * Decoder: IPv4 (options, bad lengths), IPv6 extension-header chains,
 * ESP/AH refused, UDP edge cases, GTP-U decapsulation with the kernel's
 * rules (optional fields, extension chains, bogus lengths, non-T-PDU, GTP
 * in GTP, configurable port).
 */
#include "kselftest_harness.h"

#include "decode.h"
#include "pkt_build.h"
#include "decode_sink.h"

static uint8_t pkt[PB_MAX], l4[PB_MAX], inner[PB_MAX], g[PB_MAX];

static struct decoder *new_dec(struct sink *s, uint16_t gtpu_port)
{
	struct decode_config cfg;

	decode_config_default(&cfg);
	if (gtpu_port)
		cfg.gtpu_port = gtpu_port;
	cfg.seed = 1;
	memset(s, 0, sizeof(*s));
	return decode_new(&cfg, sink_fn, s);
}

static void feed(struct decoder *d, const uint8_t *p, size_t n, uint64_t ts)
{
	struct decode_meta m = meta_at(ts);

	decode_packet(d, p, n, &m);
}

static struct sink s;

TEST(udp4_delivered_with_addresses)
{
	struct decoder *d = new_dec(&s, 0);
	struct ipaddr a = pb_addr("10.0.0.1"), b = pb_addr("10.0.0.2");
	size_t n =
		pb_udp4(pkt, "10.0.0.1", "10.0.0.2", 5060, 5062, "INVITE", 6);

	feed(d, pkt, n, 7 * SEC);
	ASSERT_EQ(1, s.n);
	EXPECT_EQ(17, s.it[0].p.proto);
	EXPECT_TRUE(ipaddr_eq(&a, &s.it[0].p.src));
	EXPECT_TRUE(ipaddr_eq(&b, &s.it[0].p.dst));
	EXPECT_EQ(5060, s.it[0].p.sport);
	EXPECT_EQ(5062, s.it[0].p.dport);
	EXPECT_EQ(7 * SEC, s.it[0].p.ts_ns);
	EXPECT_FALSE(s.it[0].p.tunnelled);
	EXPECT_EQ(6, s.it[0].len);
	EXPECT_EQ(0, memcmp(s.it[0].data, "INVITE", 6));
	EXPECT_EQ(1, decode_get_stats(d)->udp);
	decode_free(d);
}

TEST(ip4_options_and_link_padding)
{
	struct decoder *d = new_dec(&s, 0);
	/* Record route, then end of options: IHL 7. */
	const uint8_t opt[8] = { 7, 7, 4, 0, 0, 0, 0, 0 };
	size_t n = pb_udp(l4, 1000, 5060, "hello", 5);

	n = pb_ip4_opt(pkt, "1.1.1.1", "2.2.2.2", 17, 9, 0, 0, opt, 8, l4, n);
	/* Ethernet minimum-frame padding after the datagram. */
	memset(pkt + n, 0xee, 20);
	feed(d, pkt, n + 20, 1);
	ASSERT_EQ(1, s.n);
	EXPECT_EQ(5, s.it[0].len);
	EXPECT_EQ(0, memcmp(s.it[0].data, "hello", 5));
	EXPECT_EQ(n, s.it[0].p.ip_len);
	decode_free(d);
}

TEST(ip4_bad_headers_counted)
{
	struct decoder *d = new_dec(&s, 0);
	const struct decode_stats *st = decode_get_stats(d);
	size_t n = pb_udp4(pkt, "1.1.1.1", "2.2.2.2", 1, 5060, "xxxxxxxx", 8);

	feed(d, pkt, n - 1, 1); /* truncated by the capture */
	feed(d, pkt, 19, 1); /* header itself truncated */
	feed(d, pkt, 0, 1);
	pkt[0] = 0x44; /* IHL 4 */
	feed(d, pkt, n, 1);
	pkt[0] = 0x45;
	pb_be16(pkt + 2, 19); /* total length < IHL */
	feed(d, pkt, n, 1);
	pkt[0] = 0x55; /* version 5 */
	feed(d, pkt, n, 1);
	EXPECT_EQ(0, s.n);
	EXPECT_EQ(3, st->ip_truncated);
	EXPECT_EQ(1, st->ip4_bad_hdrlen);
	EXPECT_EQ(1, st->ip4_bad_totlen);
	EXPECT_EQ(1, st->ip_bad_version);
	decode_free(d);
}

TEST(ip4_malformed_options_refused)
{
	struct decoder *d = new_dec(&s, 0);
	/* NOP, then an option whose length runs past the header */
	const uint8_t bad_len[4] = { 1, 7, 8, 0 };
	/* an option of length 1 (less than its own type and length) */
	const uint8_t too_short[4] = { 0x44, 1, 0, 0 };
	/* NOP, NOP, end of list, garbage after it is ignored */
	const uint8_t eol[4] = { 1, 1, 0, 0xff };
	size_t n = pb_udp(l4, 1000, 5060, "hello", 5), m;

	m = pb_ip4_opt(pkt, "1.1.1.1", "2.2.2.2", 17, 9, 0, 0, bad_len, 4, l4,
		       n);
	feed(d, pkt, m, 1);
	m = pb_ip4_opt(pkt, "1.1.1.1", "2.2.2.2", 17, 9, 0, 0, too_short, 4, l4,
		       n);
	feed(d, pkt, m, 1);
	EXPECT_EQ(2, decode_get_stats(d)->ip4_bad_options);
	EXPECT_EQ(0, s.n);
	m = pb_ip4_opt(pkt, "1.1.1.1", "2.2.2.2", 17, 9, 0, 0, eol, 4, l4, n);
	feed(d, pkt, m, 1);
	EXPECT_EQ(1, s.n);
	decode_free(d);
}

TEST(ip6_extension_chain_walked)
{
	struct decoder *d = new_dec(&s, 0);
	uint8_t ext[32];
	size_t e = 0, n;

	/* hop-by-hop -> routing -> destination options -> UDP */
	e += pb_ext8(ext + e, 43);
	e += pb_ext8(ext + e, 60);
	e += pb_ext8(ext + e, 17);
	n = pb_udp(l4, 5060, 5060, "REGISTER", 8);
	n = pb_ip6(pkt, "2001:db8::1", "2001:db8::2", 0, ext, e, l4, n);
	feed(d, pkt, n, 1);
	ASSERT_EQ(1, s.n);
	EXPECT_EQ(6, s.it[0].p.src.ver);
	EXPECT_EQ(8, s.it[0].len);
	decode_free(d);
}

TEST(ip6_bad_chains_counted)
{
	struct decoder *d = new_dec(&s, 0);
	const struct decode_stats *st = decode_get_stats(d);
	uint8_t ext[128];
	size_t e, n, i;

	n = pb_udp(l4, 5060, 5060, "x", 1);
	/* hop-by-hop after destination options */
	e = pb_ext8(ext, 0);
	e += pb_ext8(ext + e, 17);
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 60, ext, e, l4, n), 1);
	EXPECT_EQ(1, st->ip6_hbh_not_first);

	/* header extension length pointing past the payload */
	e = pb_ext8(ext, 17);
	ext[1] = 200;
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 60, ext, e, l4, n), 1);
	EXPECT_EQ(1, st->ip6_ext_truncated);

	/* chain ends without room for the next header */
	e = pb_ext8(ext, 60);
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 60, ext, e, NULL, 0), 1);
	EXPECT_EQ(2, st->ip6_ext_truncated);

	/* more extension headers than IP_MAX_EXT */
	for (e = 0, i = 0; i < IP_MAX_EXT + 1; i++)
		e += pb_ext8(ext + e, i == IP_MAX_EXT ? 17 : 60);
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 60, ext, e, l4, n), 1);
	EXPECT_EQ(1, st->ip6_ext_too_many);

	/* exactly IP_MAX_EXT is fine */
	for (e = 0, i = 0; i < IP_MAX_EXT; i++)
		e += pb_ext8(ext + e, i == IP_MAX_EXT - 1 ? 17 : 60);
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 60, ext, e, l4, n), 1);
	EXPECT_EQ(1, s.n);

	/* no next header, mobility header, jumbogram, truncated */
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 59, NULL, 0, NULL, 0), 1);
	EXPECT_EQ(1, st->ip6_no_next);
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 135, NULL, 0, l4, n), 1);
	EXPECT_EQ(1, st->ip6_ext_unknown);
	n = pb_ip6(pkt, "::1", "::2", 0, NULL, 0, NULL, 0);
	feed(d, pkt, n, 1);
	EXPECT_EQ(1, st->ip6_jumbo);
	feed(d, pkt, 39, 1);
	EXPECT_EQ(1, st->ip_truncated);
	EXPECT_EQ(1, s.n);
	decode_free(d);
}

TEST(esp_and_ah_never_guessed_at)
{
	struct decoder *d = new_dec(&s, 0);
	const struct decode_stats *st = decode_get_stats(d);
	/* An ESP payload that happens to look like UDP to 5060. */
	size_t n = pb_udp(l4, 5060, 5060, "INVITE", 6);
	uint8_t ext[8];

	feed(d, pkt, pb_ip4(pkt, "1.1.1.1", "2.2.2.2", 50, 1, 0, 0, l4, n), 1);
	feed(d, pkt, pb_ip4(pkt, "1.1.1.1", "2.2.2.2", 51, 1, 0, 0, l4, n), 1);
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 50, NULL, 0, l4, n), 1);
	pb_ext8(ext, 51);
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 0, ext, 8, l4, n), 1);
	EXPECT_EQ(0, s.n);
	EXPECT_EQ(2, st->esp);
	EXPECT_EQ(2, st->ah);
	decode_free(d);
}

TEST(ip6_atomic_fragment_decoded_directly)
{
	struct decoder *d = new_dec(&s, 0);
	uint8_t ext[8];
	size_t n = pb_udp(l4, 5060, 5060, "OPTIONS", 7);

	pb_frag6(ext, 17, 0, 0, 1234);
	feed(d, pkt, pb_ip6(pkt, "::1", "::2", 44, ext, 8, l4, n), 1);
	ASSERT_EQ(1, s.n);
	EXPECT_EQ(1, decode_get_stats(d)->ip6_atomic_frag);
	EXPECT_EQ(0, decode_get_stats(d)->frag.fragments);
	decode_free(d);
}

TEST(udp_edge_cases)
{
	struct decoder *d = new_dec(&s, 0);
	const struct decode_stats *st = decode_get_stats(d);
	size_t n;

	n = pb_udp4(pkt, "1.1.1.1", "2.2.2.2", 1, 2, NULL, 0);
	feed(d, pkt, n, 1);
	EXPECT_EQ(1, st->udp_empty);

	n = pb_udp4(pkt, "1.1.1.1", "2.2.2.2", 1, 2, "abcd", 4);
	pb_be16(pkt + 24, 7); /* UDP length < 8 */
	feed(d, pkt, n, 1);
	EXPECT_EQ(1, st->udp_bad_len);
	pb_be16(pkt + 24, 13); /* longer than the IP payload */
	feed(d, pkt, n, 1);
	EXPECT_EQ(1, st->udp_truncated);
	pb_be16(pkt + 24, 10); /* shorter: the rest is not payload */
	feed(d, pkt, n, 1);
	ASSERT_EQ(1, s.n);
	EXPECT_EQ(2, s.it[0].len);

	/* IP payload too short for a UDP header */
	n = pb_ip4(pkt, "1.1.1.1", "2.2.2.2", 17, 1, 0, 0, "abc", 3);
	feed(d, pkt, n, 1);
	EXPECT_EQ(2, st->udp_truncated);

	n = pb_ip4(pkt, "1.1.1.1", "2.2.2.2", 1, 1, 0, 0, "icmp", 4);
	feed(d, pkt, n, 1);
	EXPECT_EQ(1, st->other_proto);
	decode_free(d);
}

/* inner UDP/IPv4 SIP in a plain T-PDU */
static size_t inner_sip(void)
{
	return pb_udp4(inner, "10.45.0.2", "10.46.0.1", 5060, 5060, "MESSAGE",
		       7);
}

TEST(gtpu_tpdu_decapsulated)
{
	struct decoder *d = new_dec(&s, 0);
	struct ipaddr enb = pb_addr("192.0.2.1"), ue = pb_addr("10.45.0.2");
	size_t n = pb_gtpu4(pkt, "192.0.2.1", "192.0.2.2", 0x11223344, inner,
			    inner_sip());

	feed(d, pkt, n, 5);
	ASSERT_EQ(1, s.n);
	EXPECT_TRUE(s.it[0].p.tunnelled);
	EXPECT_EQ(0x11223344, s.it[0].p.teid);
	EXPECT_TRUE(ipaddr_eq(&enb, &s.it[0].p.outer_src));
	EXPECT_TRUE(ipaddr_eq(&ue, &s.it[0].p.src));
	EXPECT_EQ(2152, s.it[0].p.outer_dport);
	EXPECT_EQ(5060, s.it[0].p.dport);
	EXPECT_EQ(n, s.it[0].p.outer_len);
	EXPECT_EQ(inner_sip(), s.it[0].p.ip_len);
	EXPECT_EQ(1, decode_get_stats(d)->gtpu_decap);
	decode_free(d);
}

TEST(gtpu_optional_fields_and_extension_chain)
{
	struct decoder *d = new_dec(&s, 0);
	uint8_t opt[64];
	size_t ilen, n, o = 0;

	n = pb_udp(l4, 5060, 5060, "BYE", 3);
	ilen = pb_ip6(inner, "2001:db8::a", "2001:db8::b", 17, NULL, 0, l4, n);
	/* seq 7, N-PDU 0, next = PDU session container (0x85) */
	memset(opt, 0, sizeof(opt));
	pb_be16(opt, 7);
	opt[3] = 0x85;
	o = 4;
	opt[o] = 1; /* 4 bytes */
	opt[o + 3] = 0x40; /* next: UDP port ext */
	o += 4;
	opt[o] = 2; /* 8 bytes */
	opt[o + 7] = 0; /* end of chain */
	o += 8;
	n = pb_gtpu(g, 0x36, 0xff, 42, opt, o, inner, ilen, -1);
	n = pb_udp4(pkt, "192.0.2.1", "192.0.2.2", 2152, 2152, g, n);
	feed(d, pkt, n, 1);
	ASSERT_EQ(1, s.n);
	EXPECT_EQ(42, s.it[0].p.teid);
	EXPECT_EQ(6, s.it[0].p.src.ver);
	EXPECT_EQ(3, s.it[0].len);
	decode_free(d);
}

/* A GTP-U message over UDP/IPv4 to 2152 with raw optional bytes. */
static size_t gtpu_raw(uint8_t flags, uint8_t type, const uint8_t *opt,
		       size_t olen, const uint8_t *in, size_t ilen, int lenov)
{
	size_t n = pb_gtpu(g, flags, type, 7, opt, olen, in, ilen, lenov);

	return pb_udp4(pkt, "192.0.2.1", "192.0.2.2", 2152, 2152, g, n);
}

TEST(gtpu_malformed_not_decapsulated)
{
	struct decoder *d = new_dec(&s, 0);
	const struct decode_stats *st = decode_get_stats(d);
	size_t ilen = inner_sip(), i;
	uint8_t opt[256];

	/* length field beyond the datagram */
	feed(d, pkt, gtpu_raw(0x30, 0xff, NULL, 0, inner, ilen, ilen + 1), 1);
	/* optional fields announced, length too short for them */
	feed(d, pkt, gtpu_raw(0x32, 0xff, NULL, 0, NULL, 0, 2), 1);
	/* zero-length extension header: would loop forever */
	memset(opt, 0, sizeof(opt));
	opt[3] = 0x85;
	opt[4] = 0;
	feed(d, pkt, gtpu_raw(0x34, 0xff, opt, 8, inner, ilen, -1), 1);
	/* extension runs past the length */
	opt[4] = 60;
	feed(d, pkt, gtpu_raw(0x34, 0xff, opt, 8, inner, ilen, -1), 1);
	/* a chain of GTPU_MAX_EXT + 1 extensions */
	for (i = 0; i <= GTPU_MAX_EXT; i++) {
		opt[4 + 4 * i] = 1;
		opt[4 + 4 * i + 3] = 0x85;
	}
	feed(d, pkt,
	     gtpu_raw(0x34, 0xff, opt, 4 + 4 * (GTPU_MAX_EXT + 1), inner, ilen,
		      -1),
	     1);
	/* version 2, and GTP' */
	feed(d, pkt, gtpu_raw(0x50, 0xff, NULL, 0, inner, ilen, -1), 1);
	feed(d, pkt, gtpu_raw(0x20, 0xff, NULL, 0, inner, ilen, -1), 1);
	/* inner not IP, empty T-PDU, too short for a header */
	feed(d, pkt,
	     gtpu_raw(0x30, 0xff, NULL, 0, (const uint8_t *)"\x01zz", 3, -1),
	     1);
	feed(d, pkt, gtpu_raw(0x30, 0xff, NULL, 0, NULL, 0, -1), 1);
	feed(d, pkt, pb_udp4(pkt, "1.1.1.1", "2.2.2.2", 2152, 2152, "\x30", 1),
	     1);
	EXPECT_EQ(10, st->gtpu_malformed);
	EXPECT_EQ(0, st->gtpu_decap);
	/* Not decapsulated: the outer UDP payload goes on as plain UDP. */
	ASSERT_EQ(10, s.n);
	for (i = 0; i < 10; i++)
		EXPECT_FALSE(s.it[i].p.tunnelled);

	/* the longest chain allowed still decapsulates */
	opt[4 + 4 * (GTPU_MAX_EXT - 1) + 3] = 0;
	feed(d, pkt,
	     gtpu_raw(0x34, 0xff, opt, 4 + 4 * GTPU_MAX_EXT, inner, ilen, -1),
	     1);
	EXPECT_EQ(1, st->gtpu_decap);
	decode_free(d);
}

TEST(gtpu_not_tpdu_and_nested)
{
	struct decoder *d = new_dec(&s, 0);
	const struct decode_stats *st = decode_get_stats(d);
	size_t ilen = inner_sip(), n;
	uint8_t opt[4] = { 0, 1, 0, 0 };

	/* echo request, with a bogus length: the type decides first */
	feed(d, pkt, gtpu_raw(0x32, 0x01, opt, 4, NULL, 0, 999), 1);
	EXPECT_EQ(1, st->gtpu_not_tpdu);
	EXPECT_EQ(0, st->gtpu_malformed);

	/* GTP-U inside GTP-U: the outer is treated as a plain packet */
	n = pb_gtpu4(g + 2000, "10.0.0.1", "10.0.0.2", 99, inner, ilen);
	memcpy(l4, g + 2000, n);
	n = pb_gtpu4(pkt, "192.0.2.1", "192.0.2.2", 5, l4, n);
	feed(d, pkt, n, 1);
	EXPECT_EQ(1, st->gtpu_nested);
	EXPECT_EQ(0, st->gtpu_decap);
	ASSERT_EQ(2, s.n);
	EXPECT_FALSE(s.it[1].p.tunnelled);
	EXPECT_EQ(2152, s.it[1].p.dport);
	decode_free(d);
}

TEST(gtpu_port_configurable)
{
	struct decoder *d = new_dec(&s, 2153);
	const struct decode_stats *st = decode_get_stats(d);
	size_t ilen = inner_sip(), n;

	n = pb_gtpu4(pkt, "192.0.2.1", "192.0.2.2", 5, inner, ilen);
	feed(d, pkt, n, 1);
	EXPECT_EQ(0, st->gtpu_decap);
	n = pb_gtpu(g, 0x30, 0xff, 5, NULL, 0, inner, ilen, -1);
	n = pb_udp4(pkt, "192.0.2.1", "192.0.2.2", 40000, 2153, g, n);
	feed(d, pkt, n, 1);
	EXPECT_EQ(1, st->gtpu_decap);
	decode_free(d);
}

TEST(gtpu_kernel_decap_cross_checked)
{
	struct decoder *d = new_dec(&s, 0);
	size_t n =
		pb_gtpu4(pkt, "192.0.2.1", "192.0.2.2", 77, inner, inner_sip());
	struct decode_meta m = meta_at(1);

	m.from_kernel = true;
	m.kernel_decap = true;
	m.kernel_teid = 77;
	m.kernel_inner_offset = 20 + 8 + 8;
	decode_packet(d, pkt, n, &m);
	EXPECT_EQ(0, decode_get_stats(d)->gtpu_kernel_mismatch);
	m.kernel_teid = 78;
	decode_packet(d, pkt, n, &m);
	EXPECT_EQ(1, decode_get_stats(d)->gtpu_kernel_mismatch);
	m.kernel_decap = false;
	decode_packet(d, pkt, n, &m);
	EXPECT_EQ(2, decode_get_stats(d)->gtpu_kernel_mismatch);
	decode_free(d);
}

TEST(tcp_inside_gtpu_one_flow_both_teids)
{
	struct decoder *d = new_dec(&s, 0);
	uint8_t msg[64];
	size_t m, n;

	m = frame_msg(msg, "REGISTER");
	n = pb_tcp4(inner, "10.45.0.2", "10.46.0.1", 40000, 5060, 100, PB_SYN,
		    NULL, 0);
	feed(d, pkt, pb_gtpu4(pkt, "192.0.2.1", "192.0.2.2", 1, inner, n), 1);
	n = pb_tcp4(inner, "10.46.0.1", "10.45.0.2", 5060, 40000, 500,
		    PB_SYN | PB_ACK, NULL, 0);
	feed(d, pkt, pb_gtpu4(pkt, "192.0.2.2", "192.0.2.1", 2, inner, n), 1);
	n = pb_tcp4(inner, "10.45.0.2", "10.46.0.1", 40000, 5060, 101, PB_ACK,
		    msg, m);
	feed(d, pkt, pb_gtpu4(pkt, "192.0.2.1", "192.0.2.2", 1, inner, n), 1);
	m = frame_msg(msg, "200 OK");
	n = pb_tcp4(inner, "10.46.0.1", "10.45.0.2", 5060, 40000, 501, PB_ACK,
		    msg, m);
	feed(d, pkt, pb_gtpu4(pkt, "192.0.2.2", "192.0.2.1", 2, inner, n), 1);
	ASSERT_EQ(2, s.n);
	EXPECT_EQ(1, decode_get_stats(d)->tcp.flows_new);
	EXPECT_TRUE(s.it[0].p.tunnelled);
	EXPECT_EQ(1, s.it[0].p.teid);
	EXPECT_EQ(1, s.it[0].p.from_initiator);
	EXPECT_EQ(2, s.it[1].p.teid);
	EXPECT_EQ(0, s.it[1].p.from_initiator);
	decode_free(d);
}

static void count_cb(void *arg, const char *name, uint64_t v)
{
	(void)name;
	(void)v;
	(*(int *)arg)++;
}

TEST(stats_enumerated)
{
	struct decoder *d = new_dec(&s, 0);
	int n = 0;

	decode_stats_foreach(decode_get_stats(d), count_cb, &n);
	EXPECT_EQ(sizeof(struct decode_stats) / sizeof(uint64_t), (size_t)n);
	decode_free(d);
}

TEST_HARNESS_MAIN
