// SPDX-License-Identifier: GPL-2.0
/*
 * pcap source: captures the test writes itself for every link type (and a
 * hand-made pcapng), refused link types, then replays of the outside
 * captures in ../shared/testdata/pcaps (skipped when absent) with counts
 * checked against tshark 4.0 (see the comments at each expectation).
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "testdata.h"

#include "pcap_source.h"
#include "pkt_build.h"
#include "sip.h"
#include "decode_sink.h"

static uint8_t ip4[PB_MAX], ip6[PB_MAX], frame[PB_MAX];
static size_t ip4_len, ip6_len;
static struct sink s;

static void make_packets(void)
{
	uint8_t u[64];
	size_t n = pb_udp(u, 5060, 5060, "OPTIONS", 7);

	ip4_len = pb_ip4(ip4, "192.0.2.10", "192.0.2.20", 17, 1, 0, 0, u, n);
	ip6_len =
		pb_ip6(ip6, "2001:db8::10", "2001:db8::20", 17, NULL, 0, u, n);
}

static char *tmp_path(char *buf, size_t size, const char *tag)
{
	snprintf(buf, size, "/tmp/lmisf-test-pcap-%d-%s", (int)getpid(), tag);
	return buf;
}

/* Writes frames (each with ts = 1700000000 s + i ns) as a pcap of @dlt. */
static int write_pcap(const char *path, int dlt, const uint8_t *const *fr,
		      const size_t *len, int n)
{
	pcap_t *pd = pcap_open_dead_with_tstamp_precision(
		dlt, 262144, PCAP_TSTAMP_PRECISION_NANO);
	struct pcap_pkthdr h;
	pcap_dumper_t *w;
	int i;

	if (!pd)
		return -1;
	w = pcap_dump_open(pd, path);
	if (!w) {
		pcap_close(pd);
		return -1;
	}
	for (i = 0; i < n; i++) {
		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = 1700000000;
		h.ts.tv_usec = 123456789 + i; /* ns: nano precision */
		h.caplen = h.len = (bpf_u_int32)len[i];
		pcap_dump((u_char *)w, &h, fr[i]);
	}
	pcap_dump_close(w);
	pcap_close(pd);
	return 0;
}

struct replay {
	struct pcap_source_stats ps;
	struct decode_stats ds;
	long n;
	char err[512];
};

/* Replays @path through a decoder feeding @fn/@ctx; 0 or -1 (err). */
static int replay(const char *path, decode_deliver_fn fn, void *ctx,
		  struct replay *r)
{
	struct decode_config cfg;
	struct pcap_source *src;
	struct decoder *dec;

	memset(r, 0, sizeof(*r));
	src = pcap_source_open(path, r->err, sizeof(r->err));
	if (!src)
		return -1;
	decode_config_default(&cfg);
	cfg.seed = 11;
	dec = decode_new(&cfg, fn, ctx);
	if (!dec) {
		pcap_source_close(src);
		return -1;
	}
	r->n = pcap_source_run(src, dec);
	if (r->n < 0)
		snprintf(r->err, sizeof(r->err), "%s", pcap_source_error(src));
	r->ps = *pcap_source_get_stats(src);
	decode_flush(dec); /* end of capture: END deliveries */
	r->ds = *decode_get_stats(dec);
	decode_free(dec);
	pcap_source_close(src);
	return r->n < 0 ? -1 : 0;
}

/* Writes @fr as a one-frame capture of @dlt and replays it. */
static int one_frame(int dlt, const uint8_t *fr, size_t len, struct replay *r)
{
	const uint8_t *frs[1] = { fr };
	char path[128];
	int rc;

	tmp_path(path, sizeof(path), "one");
	if (write_pcap(path, dlt, frs, &len, 1))
		return -1;
	memset(&s, 0, sizeof(s));
	rc = replay(path, sink_fn, &s, r);
	unlink(path);
	return rc;
}

static size_t eth(uint8_t *o, const uint16_t *types, int ntypes,
		  const uint8_t *pl, size_t n)
{
	size_t off = 12;
	int i;

	memset(o, 0x02, 12);
	for (i = 0; i < ntypes; i++) {
		pb_be16(o + off, types[i]);
		off += 2;
		if (i + 1 < ntypes) {
			pb_be16(o + off, 100 + i); /* TCI */
			off += 2;
		}
	}
	memcpy(o + off, pl, n);
	return off + n;
}

TEST(ethernet_vlan_qinq)
{
	static const uint16_t plain[] = { 0x0800 };
	static const uint16_t vlan[] = { 0x8100, 0x86dd };
	static const uint16_t qinq[] = { 0x88a8, 0x8100, 0x0800 };
	static const uint16_t deep[] = { 0x8100, 0x8100, 0x8100,
					 0x8100, 0x8100, 0x0800 };
	static const uint16_t arp[] = { 0x0806 };
	struct replay r;
	size_t n;

	make_packets();
	n = eth(frame, plain, 1, ip4, ip4_len);
	ASSERT_EQ(0, one_frame(DLT_EN10MB, frame, n, &r));
	ASSERT_EQ(1, s.n);
	EXPECT_EQ(1700000000ULL * SEC + 123456789, s.it[0].p.ts_ns);
	EXPECT_EQ(0, memcmp(s.it[0].data, "OPTIONS", 7));

	n = eth(frame, vlan, 2, ip6, ip6_len);
	ASSERT_EQ(0, one_frame(DLT_EN10MB, frame, n, &r));
	ASSERT_EQ(1, s.n);
	EXPECT_EQ(6, s.it[0].p.src.ver);

	n = eth(frame, qinq, 3, ip4, ip4_len);
	ASSERT_EQ(0, one_frame(DLT_EN10MB, frame, n, &r));
	EXPECT_EQ(1, s.n);

	n = eth(frame, deep, 6, ip4, ip4_len);
	ASSERT_EQ(0, one_frame(DLT_EN10MB, frame, n, &r));
	EXPECT_EQ(0, s.n);
	EXPECT_EQ(1, r.ps.vlan_too_deep);

	n = eth(frame, arp, 1, ip4, 28);
	ASSERT_EQ(0, one_frame(DLT_EN10MB, frame, n, &r));
	EXPECT_EQ(1, r.ps.non_ip);
	/* 802.3 length field instead of an EtherType */
	pb_be16(frame + 12, 46);
	ASSERT_EQ(0, one_frame(DLT_EN10MB, frame, n, &r));
	EXPECT_EQ(1, r.ps.non_ip);
	ASSERT_EQ(0, one_frame(DLT_EN10MB, frame, 13, &r));
	EXPECT_EQ(1, r.ps.link_truncated);
	/* a VLAN tag cut short */
	n = eth(frame, vlan, 2, ip6, 0);
	ASSERT_EQ(0, one_frame(DLT_EN10MB, frame, n - 2, &r));
	EXPECT_EQ(1, r.ps.link_truncated);
}

TEST(linux_sll_and_sll2)
{
	struct replay r;

	make_packets();
	memset(frame, 0, 16);
	pb_be16(frame + 0, 4); /* sent by us */
	pb_be16(frame + 2, 1); /* ARPHRD_ETHER */
	pb_be16(frame + 4, 6);
	pb_be16(frame + 14, 0x0800);
	memcpy(frame + 16, ip4, ip4_len);
	ASSERT_EQ(0, one_frame(DLT_LINUX_SLL, frame, 16 + ip4_len, &r));
	EXPECT_EQ(1, s.n);
	ASSERT_EQ(0, one_frame(DLT_LINUX_SLL, frame, 15, &r));
	EXPECT_EQ(1, r.ps.link_truncated);

	memset(frame, 0, 20);
	pb_be16(frame + 0, 0x86dd);
	pb_be32(frame + 4, 3); /* ifindex */
	pb_be16(frame + 8, 1);
	memcpy(frame + 20, ip6, ip6_len);
	ASSERT_EQ(0, one_frame(DLT_LINUX_SLL2, frame, 20 + ip6_len, &r));
	ASSERT_EQ(1, s.n);
	EXPECT_EQ(6, s.it[0].p.dst.ver);
}

TEST(raw_ip_link_types)
{
	struct replay r;

	make_packets();
	ASSERT_EQ(0, one_frame(DLT_RAW, ip4, ip4_len, &r));
	EXPECT_EQ(1, s.n);
	ASSERT_EQ(0, one_frame(DLT_RAW, ip6, ip6_len, &r));
	EXPECT_EQ(1, s.n);
	ASSERT_EQ(0, one_frame(228 /* DLT_IPV4 */, ip4, ip4_len, &r));
	EXPECT_EQ(1, s.n);
	ASSERT_EQ(0, one_frame(229 /* DLT_IPV6 */, ip6, ip6_len, &r));
	EXPECT_EQ(1, s.n);
}

TEST(null_and_loopback)
{
	struct replay r;

	make_packets();
	/* AF_INET in little-endian host order */
	frame[0] = 2;
	frame[1] = frame[2] = frame[3] = 0;
	memcpy(frame + 4, ip4, ip4_len);
	ASSERT_EQ(0, one_frame(DLT_NULL, frame, 4 + ip4_len, &r));
	EXPECT_EQ(1, s.n);
	/* AF_INET6 of a BSD (30), written big-endian */
	pb_be32(frame, 30);
	memcpy(frame + 4, ip6, ip6_len);
	ASSERT_EQ(0, one_frame(DLT_NULL, frame, 4 + ip6_len, &r));
	EXPECT_EQ(1, s.n);
	/* DLT_LOOP is always network order */
	pb_be32(frame, 2);
	memcpy(frame + 4, ip4, ip4_len);
	ASSERT_EQ(0, one_frame(DLT_LOOP, frame, 4 + ip4_len, &r));
	EXPECT_EQ(1, s.n);
	/* AF_APPLETALK */
	pb_be32(frame, 16);
	ASSERT_EQ(0, one_frame(DLT_NULL, frame, 4 + ip4_len, &r));
	EXPECT_EQ(1, r.ps.non_ip);
	EXPECT_EQ(0, s.n);
}

TEST(unsupported_link_type_refused_clearly)
{
	struct replay r;

	make_packets();
	ASSERT_EQ(-1, one_frame(DLT_IEEE802_11, ip4, ip4_len, &r));
	EXPECT_NE(NULL, strstr(r.err, "unsupported link type 105"));
	EXPECT_NE(NULL, strstr(r.err, "IEEE802_11"));
	memset(&s, 0, sizeof(s));
	ASSERT_EQ(-1, replay("/nonexistent/x.pcap", sink_fn, &s, &r));
	EXPECT_NE(NULL, strstr(r.err, "/nonexistent/x.pcap"));
}

/* pcapng block: type, total length, body, total length again */
static size_t ng_block(uint8_t *o, uint32_t type, const uint8_t *body, size_t n)
{
	uint32_t tot = (uint32_t)(12 + ((n + 3) & ~3u));

	memcpy(o, &type, 4);
	memcpy(o + 4, &tot, 4);
	memset(o + 8, 0, tot - 12);
	memcpy(o + 8, body, n);
	memcpy(o + tot - 4, &tot, 4);
	return tot;
}

TEST(pcapng_read)
{
	uint8_t body[256], *f = frame;
	uint32_t v32;
	uint16_t v16;
	struct replay r;
	char path[128];
	size_t n = 0;
	FILE *fp;

	make_packets();
	/* section header: byte-order magic, version 1.0, unknown length */
	v32 = 0x1a2b3c4d;
	memcpy(body, &v32, 4);
	v16 = 1;
	memcpy(body + 4, &v16, 2);
	v16 = 0;
	memcpy(body + 6, &v16, 2);
	memset(body + 8, 0xff, 8);
	n += ng_block(f + n, 0x0a0d0d0a, body, 16);
	/* interface: Ethernet, snaplen 0 */
	memset(body, 0, 8);
	v16 = DLT_EN10MB;
	memcpy(body, &v16, 2);
	n += ng_block(f + n, 1, body, 8);
	/* enhanced packet: interface 0, ts in microseconds (default) */
	memset(body, 0, 20);
	v32 = 0;
	memcpy(body + 4, &v32, 4);
	v32 = 1000000;
	memcpy(body + 8, &v32, 4);
	v32 = (uint32_t)(14 + ip4_len);
	memcpy(body + 12, &v32, 4);
	memcpy(body + 16, &v32, 4);
	memset(body + 20, 0x02, 12);
	pb_be16(body + 32, 0x0800);
	memcpy(body + 34, ip4, ip4_len);
	n += ng_block(f + n, 6, body, 20 + 14 + ip4_len);

	tmp_path(path, sizeof(path), "ng");
	fp = fopen(path, "wb");
	ASSERT_NE(NULL, fp);
	ASSERT_EQ(n, fwrite(frame, 1, n, fp));
	fclose(fp);
	memset(&s, 0, sizeof(s));
	ASSERT_EQ(0, replay(path, sink_fn, &s, &r));
	unlink(path);
	ASSERT_EQ(1, s.n);
	/* 10^6 us = 1 s */
	EXPECT_EQ(1 * SEC, s.it[0].p.ts_ns);
}

/* ---- outside captures ------------------------------------------------ */

/*
 * A test-local SIP framer (the product's lives in sip*.c): headers end at
 * the blank line, the body is Content-Length (or "l") bytes.
 */
static size_t sip_need(const uint8_t *d, size_t len)
{
	const uint8_t *e = memmem(d, len, "\r\n\r\n", 4), *p;
	size_t hdr, cl = 0;

	if (!e)
		return 0;
	hdr = (size_t)(e - d) + 4;
	for (p = d; p && p < e; p = memmem(p, (size_t)(e - p), "\r\n", 2)) {
		p += (p == d) ? 0 : 2;
		if (!strncasecmp((const char *)p, "Content-Length:", 15) ||
		    !strncasecmp((const char *)p, "l:", 2)) {
			p = memchr(p, ':', (size_t)(e - p)) + 1;
			cl = strtoul((const char *)p, NULL, 10);
			break;
		}
	}
	return hdr + cl;
}

struct sip_count {
	int msgs, gaps, ends;
	size_t left;
	char first[4][32];
	size_t mlen[4];
};

static size_t sip_fn(void *ctx, const struct dec_payload *p)
{
	struct sip_count *c = ctx;
	size_t need;

	if (p->flags & DEC_F_GAP)
		c->gaps++;
	if (p->flags & DEC_F_END) {
		c->ends++;
		c->left += p->len;
		return 0;
	}
	need = p->proto == 17 ? p->len : sip_need(p->data, p->len);
	if (!need || need > p->len)
		return 0;
	if (c->msgs < 4) {
		snprintf(c->first[c->msgs], sizeof(c->first[0]), "%.*s",
			 (int)(need < 20 ? need : 20), (const char *)p->data);
		c->mlen[c->msgs] = need;
	}
	c->msgs++;
	return need;
}

TEST(replay_sip_over_tcp)
{
	struct sip_count c;
	struct replay r;
	char path[512];

	if (!testdata_file(path, sizeof(path),
			   "pcaps/sip-tcp/suricata_sip-body-large.pcap"))
		SKIP(return, "testdata absent (%s)", path);
	memset(&c, 0, sizeof(c));
	ASSERT_EQ(0, replay(path, sip_fn, &c, &r));
	/* tshark: INVITE (Content-Length 65536, 4 x 16332 + 465 bytes), 100 */
	ASSERT_EQ(2, c.msgs);
	EXPECT_EQ(0, strncmp(c.first[0], "INVITE ", 7));
	EXPECT_EQ(4 * 16332 + 465, c.mlen[0]);
	EXPECT_EQ(0, strncmp(c.first[1], "SIP/2.0 100", 11));
	EXPECT_EQ(207, c.mlen[1]);
	EXPECT_EQ(0, c.gaps);
	EXPECT_EQ(0, c.left);
	EXPECT_EQ(2, c.ends); /* FIN both ways */
	EXPECT_EQ(1, r.ds.tcp.flows_fin);

	if (!testdata_file(path, sizeof(path),
			   "pcaps/sip-tcp/suricata_sip-tcp.pcap"))
		SKIP(return, "testdata absent (%s)", path);
	memset(&c, 0, sizeof(c));
	ASSERT_EQ(0, replay(path, sip_fn, &c, &r));
	/* tshark: REGISTER (400 + 185 bytes, two segments) and 200 */
	ASSERT_EQ(2, c.msgs);
	EXPECT_EQ(0, strncmp(c.first[0], "REGISTER ", 9));
	EXPECT_EQ(585, c.mlen[0]);
	EXPECT_EQ(0, strncmp(c.first[1], "SIP/2.0 200", 11));
	EXPECT_EQ(0, c.gaps);
}

/* The product's stream framer (sip_frame) as the TCP consumer. */
static size_t sip_frame_fn(void *ctx, const struct dec_payload *p)
{
	struct sip_count *c = ctx;
	struct sip_error err;
	size_t n = 0;

	if (p->flags & DEC_F_END) {
		c->ends++;
		c->left += p->len;
		return 0;
	}
	if (p->proto != 6)
		return 0;
	switch (sip_frame((const char *)p->data, p->len, &n, &err)) {
	case SIP_FRAME_MESSAGE:
		if (c->msgs < 4)
			c->mlen[c->msgs] = n;
		c->msgs++;
		return n <= p->len ? n : 0;
	case SIP_FRAME_KEEPALIVE:
		return n <= p->len ? n : 0;
	case SIP_FRAME_NEED_MORE:
		return 0;
	case SIP_FRAME_ERROR:
		c->gaps++;
		return p->len;
	}
	return 0;
}

TEST(replay_sip_over_tcp_with_sip_frame)
{
	struct sip_count c;
	struct replay r;
	char path[512];

	if (!testdata_file(path, sizeof(path),
			   "pcaps/sip-tcp/suricata_sip-body-large.pcap"))
		SKIP(return, "testdata absent (%s)", path);
	memset(&c, 0, sizeof(c));
	ASSERT_EQ(0, replay(path, sip_frame_fn, &c, &r));
	/* tshark: INVITE (65793 bytes over five segments) and 100 */
	ASSERT_EQ(2, c.msgs);
	EXPECT_EQ(4 * 16332 + 465, c.mlen[0]);
	EXPECT_EQ(207, c.mlen[1]);
	EXPECT_EQ(0, c.gaps);
	EXPECT_EQ(0, c.left);
}

struct gtp_expect {
	const char *file;
	uint64_t frames, decap, not_tpdu, malformed, nested, esp, reasm;
	uint64_t ip_truncated, tcp_bytes;
};

/*
 * Checked with tshark 4.0: decap = frames matching "gtp.message == 0xff"
 * whose payload is IP; not_tpdu = "gtp && gtp.message != 0xff"; esp =
 * "esp"; reasm = "ip.fragment.count". Differences, each explained:
 * zeek_gtp3 (DNS on 2152) is no GTP to tshark and malformed to us;
 * zeek_gtp4 is decoded recursively by tshark, never by us (nested);
 * zeek_gtp9 frame 12 is a T-PDU whose payload is not IP (malformed) and
 * frame 11's inner IPv4 claims 1480 bytes in a 172-byte T-PDU (truncated).
 * tcp_bytes = sum of tcp.len over frames not flagged as retransmissions;
 * zeek_gtp9 less frame 11's 132 truncated bytes; nokia_vlan: the sum over
 * all frames (900186) less the two exact duplicates (frames 222, 3577),
 * since tshark also calls "retransmission" data whose first copy was never
 * captured (frames 2373, 4012) or that arrived after the FIN (415, 416).
 */
static const struct gtp_expect gtp_expect[] = {
	{ "magma_inbound_roaming_01_S8.pcapng", 240, 40, 4, 0, 0, 0, 0, 0, 0 },
	{ "nokia_51_esp_sip_in_gtp.pcapng", 447, 149, 0, 0, 0, 447, 0, 0, 0 },
	{ "nokia_vlan_gtpu_ipv6_2MB.pcap", 4143, 4143, 0, 0, 0, 6, 0, 0,
	  900099 },
	{ "zeek_gtp10_not_0xff.pcap", 3, 0, 3, 0, 0, 0, 0, 0, 0 },
	{ "zeek_gtp1_gn_normal_incl_fragmentation.pcap", 108, 68, 0, 0, 0, 0,
	  36, 0, 53042 },
	{ "zeek_gtp2_different_udp_port.pcap", 120, 78, 0, 0, 0, 0, 42, 0,
	  64562 },
	{ "zeek_gtp3_false_gtp.pcap", 1, 0, 0, 1, 0, 0, 0, 0, 0 },
	{ "zeek_gtp4_udp_2152_inside.pcap", 1, 0, 0, 0, 1, 0, 0, 0, 0 },
	{ "zeek_gtp6_gtp_0x32.pcap", 31, 31, 0, 0, 0, 0, 0, 0, 1730 },
	{ "zeek_gtp7_ipv6.pcap", 2, 2, 0, 0, 0, 0, 0, 0, 0 },
	{ "zeek_gtp9_unknown_or_too_short_payload.pcap", 19, 11, 0, 1, 0, 0, 7,
	  1, 10080 },
	{ "zeek_gtp_ext_header.pcap", 2, 1, 0, 0, 0, 0, 1, 0, 1448 },
};

TEST(replay_gtp_captures)
{
	struct replay r;
	char path[512], rel[256];
	size_t i;
	int ran = 0;

	for (i = 0; i < sizeof(gtp_expect) / sizeof(gtp_expect[0]); i++) {
		const struct gtp_expect *e = &gtp_expect[i];

		snprintf(rel, sizeof(rel), "pcaps/gtp/%s", e->file);
		if (!testdata_file(path, sizeof(path), rel))
			continue;
		ran++;
		memset(&s, 0, sizeof(s));
		ASSERT_EQ(0, replay(path, sink_fn, &s, &r)) TH_LOG("%s", r.err);
		TH_LOG("%s", e->file);
		EXPECT_EQ(e->frames, r.ps.frames);
		EXPECT_EQ(e->decap, r.ds.gtpu_decap);
		EXPECT_EQ(e->not_tpdu, r.ds.gtpu_not_tpdu);
		EXPECT_EQ(e->malformed, r.ds.gtpu_malformed);
		EXPECT_EQ(e->nested, r.ds.gtpu_nested);
		EXPECT_EQ(e->esp, r.ds.esp);
		EXPECT_EQ(e->reasm, r.ds.frag.reassembled);
		EXPECT_EQ(e->ip_truncated, r.ds.ip_truncated);
		EXPECT_EQ(e->tcp_bytes, r.ds.tcp.bytes);
		EXPECT_EQ(0, r.ds.gtpu_kernel_mismatch);
	}
	if (!ran)
		SKIP(return, "testdata absent");
}

TEST(replay_esp_in_gtp_parses_nothing)
{
	struct sip_count c;
	struct replay r;
	char path[512];

	if (!testdata_file(path, sizeof(path),
			   "pcaps/gtp/nokia_51_esp_sip_in_gtp.pcapng"))
		SKIP(return, "testdata absent (%s)", path);
	memset(&c, 0, sizeof(c));
	ASSERT_EQ(0, replay(path, sip_fn, &c, &r));
	/* tshark: 298 ESP + 149 GTP-U carrying ESP; no UDP/TCP inside */
	EXPECT_EQ(0, c.msgs);
	EXPECT_EQ(0, r.ds.udp);
	EXPECT_EQ(0, r.ds.tcp.segments);
}

TEST(replay_sip_udp_captures)
{
	static const struct {
		const char *file;
		uint64_t udp;
	} ex[] = {
		/* tshark: every frame is one UDP datagram */
		{ "pcaps/sip-rtp/sipp_uac_pcap_vs_uas_loopback.pcapng", 252 },
		{ "pcaps/sip-edge/suricata_sip_compact_form.pcap", 1 },
		{ "pcaps/sip-edge/suricata_sip_header_multi_val.pcap", 1 },
		{ "pcaps/sip-edge/suricata_sip_sdp.pcap", 2 },
		{ "pcaps/sip-edge/zeek_sip-junk-before-request.pcap", 2 },
		/* LINKTYPE_IPV4 */
		{ "pcaps/sip-edge/zeek_sip-long-request-response-paths.pcap",
		  2 },
		{ "pcaps/sip-edge/zeek_sip_invalid-content-length.pcap", 2 },
	};
	struct replay r;
	char path[512];
	size_t i;
	int ran = 0;

	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		if (!testdata_file(path, sizeof(path), ex[i].file))
			continue;
		ran++;
		memset(&s, 0, sizeof(s));
		ASSERT_EQ(0, replay(path, sink_fn, &s, &r));
		TH_LOG("%s", ex[i].file);
		EXPECT_EQ(ex[i].udp, r.ds.udp);
		EXPECT_EQ(ex[i].udp, r.ps.frames);
	}
	if (!ran)
		SKIP(return, "testdata absent");
}

TEST_HARNESS_MAIN
