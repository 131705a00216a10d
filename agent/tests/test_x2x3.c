// SPDX-License-Identifier: GPL-2.0
/*
 * test_x2x3.c - ETSI TS 103 221-2 PDU encoder/parser/stream tests, with
 * two outside oracles: the PDUs other implementations wrote
 * (../shared/testdata/li, compared with tshark's dissection stored
 * beside them) and tshark's 5gli dissector run on a pcap of our PDUs.
 * Both skip when their material or tool is absent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

/* FIXTURE_SETUP/TEARDOWN define non-static functions without prototypes. */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#include "li_oracle.h"
#include "x2x3.h"

#define S(s) ((struct x2x3_str){ (const uint8_t *)(s), sizeof(s) - 1 })

static const char sip_invite[] =
	"INVITE sip:bob@ims.example SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n"
	"From: <sip:alice@ims.example>;tag=1\r\n"
	"To: <sip:bob@ims.example>\r\n"
	"Call-ID: c1@10.0.0.1\r\n"
	"CSeq: 1 INVITE\r\n"
	"Max-Forwards: 70\r\n"
	"Content-Length: 0\r\n\r\n";

static void x2_sip(struct x2x3_pdu *p)
{
	memset(p, 0, sizeof(*p));
	p->version = X2X3_VERSION_DEFAULT;
	p->type = X2X3_PDU_X2;
	p->payload_format = X2X3_PF_SIP;
	p->direction = X2X3_DIR_FROM_TARGET;
	x2x3_uuid_parse("8c292fa1-5831-46ec-86be-bd85f2083299", p->xid);
	p->correlation_id = 0x0102030405060708ULL;
	p->present = 1u << X2X3_A_SEQ | 1u << X2X3_A_TIMESTAMP |
		     1u << X2X3_A_SRC_IPV4 | 1u << X2X3_A_DST_IPV4 |
		     1u << X2X3_A_SRC_PORT | 1u << X2X3_A_DST_PORT |
		     1u << X2X3_A_IP_PROTO | 1u << X2X3_A_NFID;
	p->seq = 70000;
	p->ts_sec = 1700000000;
	p->ts_nsec = 123456789;
	memcpy(p->src_ip, "\x0a\x00\x00\x01", 4);
	memcpy(p->dst_ip, "\x0a\x00\x00\x02", 4);
	p->src_port = 5060;
	p->dst_port = 5062;
	p->ip_proto = 17;
	p->nfid = S("lmisf-1");
	p->n_matched = 2;
	p->matched[0] = S("sip:alice@ims.example");
	p->matched[1] = S("tel:+491711234567");
	p->payload = (const uint8_t *)sip_invite;
	p->payload_len = sizeof(sip_invite) - 1;
}

static const uint8_t rtp[] = { 0x80, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00,
			       0xa0, 0x11, 0x22, 0x33, 0x44, 0xd5, 0xd5 };
static const uint8_t v6a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t v6b[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 1, [15] = 2 };

static void x3_rtp6(struct x2x3_pdu *p)
{
	memset(p, 0, sizeof(*p));
	p->version = X2X3_VERSION_DEFAULT;
	p->type = X2X3_PDU_X3;
	p->payload_format = X2X3_PF_RTP;
	p->direction = X2X3_DIR_TO_TARGET;
	x2x3_uuid_parse("00112233-4455-6677-8899-aabbccddeeff", p->xid);
	p->correlation_id = 42;
	p->present = 1u << X2X3_A_SEQ | 1u << X2X3_A_TIMESTAMP |
		     1u << X2X3_A_SRC_IPV6 | 1u << X2X3_A_DST_IPV6 |
		     1u << X2X3_A_SRC_PORT | 1u << X2X3_A_DST_PORT |
		     1u << X2X3_A_IP_PROTO;
	p->seq = 7;
	p->ts_sec = 1700000001;
	memcpy(p->src_ip, v6a, 16);
	memcpy(p->dst_ip, v6b, 16);
	p->src_port = 49170;
	p->dst_port = 6000;
	p->ip_proto = 17;
	p->payload = rtp;
	p->payload_len = sizeof(rtp);
}

/* The attributes x2_sip() leaves out, repeatable ones repeated. */
static void x2_more_attrs(struct x2x3_pdu *p)
{
	static const uint8_t xid2[16] = { 0xde, 0xad, [15] = 1 };

	x2_sip(p);
	p->direction = X2X3_DIR_NA;
	p->correlation_id = 0;
	p->present = 1u << X2X3_A_DID | 1u << X2X3_A_IPID |
		     1u << X2X3_A_MIME_TYPE | 1u << X2X3_A_MIME_CTE |
		     1u << X2X3_A_SDP;
	p->did = S("li-domain");
	p->ipid = S("poi-7");
	p->mime_type = S("application/sdp");
	p->mime_cte = S("binary");
	p->sdp = S("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\n");
	p->n_matched = 0;
	p->n_other = 2;
	p->other[0] = S("sip:ben@ims.example");
	p->other[1] = S("tel:+15550100");
	p->n_additional_xid = 2;
	p->additional_xid[0] = xid2;
	p->additional_xid[1] = xid2;
	p->payload = (const uint8_t *)"BYE sip:a SIP/2.0\r\n\r\n";
	p->payload_len = 21;
}

static ssize_t enc(const struct x2x3_pdu *p, uint8_t *out, size_t size)
{
	return x2x3_encode(p, out, size);
}

TEST(header_bytes)
{
	static const uint8_t want[] = {
		0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x30, /* v, type, hl */
		0x00, 0x00, 0x00, 0x03, 0x00, 0x09, 0x00, 0x03, /* pl, pf, dir */
		0x8c, 0x29, 0x2f, 0xa1, 0x58, 0x31, 0x46, 0xec, /* XID */
		0x86, 0xbe, 0xbd, 0x85, 0xf2, 0x08, 0x32, 0x99, 0x01,
		0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, /* CID */
		0x00, 0x08, 0x00, 0x04, 0x00, 0x01, 0x11, 0x70, /* seq 70000 */
		'B',  'Y',  'E',
	};
	struct x2x3_pdu p;
	uint8_t out[256];

	x2_sip(&p);
	p.present = 1u << X2X3_A_SEQ;
	p.n_matched = 0;
	p.payload = (const uint8_t *)"BYE";
	p.payload_len = 3;
	ASSERT_EQ(sizeof(want), enc(&p, out, sizeof(out)));
	EXPECT_EQ(0, memcmp(want, out, sizeof(want)));
	EXPECT_EQ(-X2X3_ENOSPC, enc(&p, out, sizeof(want) - 1));
}

TEST(round_trip_v4_and_v6)
{
	struct x2x3_pdu p, d;
	struct x2x3_error err;
	uint8_t out[1024];
	ssize_t n;

	x2_sip(&p);
	n = enc(&p, out, sizeof(out));
	ASSERT_LT(0, n);
	ASSERT_EQ(0, x2x3_parse(out, n, NULL, &d, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(5, d.version);
	EXPECT_EQ(X2X3_PDU_X2, d.type);
	EXPECT_EQ(X2X3_PF_SIP, d.payload_format);
	EXPECT_EQ(X2X3_DIR_FROM_TARGET, d.direction);
	EXPECT_EQ(0, memcmp(p.xid, d.xid, 16));
	EXPECT_EQ(p.correlation_id, d.correlation_id);
	EXPECT_EQ(p.present | 1u << X2X3_A_MATCHED_TARGET, d.present);
	EXPECT_EQ(70000, d.seq);
	EXPECT_EQ(1700000000, d.ts_sec);
	EXPECT_EQ(123456789, d.ts_nsec);
	EXPECT_EQ(0, memcmp(d.src_ip, "\x0a\x00\x00\x01", 4));
	EXPECT_EQ(0, memcmp(d.dst_ip, "\x0a\x00\x00\x02", 4));
	EXPECT_EQ(5060, d.src_port);
	EXPECT_EQ(5062, d.dst_port);
	EXPECT_EQ(17, d.ip_proto);
	ASSERT_EQ(7, d.nfid.len);
	EXPECT_EQ(0, memcmp("lmisf-1", d.nfid.ptr, 7));
	ASSERT_EQ(2, d.n_matched);
	EXPECT_EQ(0, memcmp("tel:+491711234567", d.matched[1].ptr, 17));
	ASSERT_EQ(p.payload_len, d.payload_len);
	EXPECT_EQ(0, memcmp(sip_invite, d.payload, d.payload_len));

	x3_rtp6(&p);
	n = enc(&p, out, sizeof(out));
	ASSERT_LT(0, n);
	ASSERT_EQ(0, x2x3_parse(out, n, NULL, &d, &err)) TH_LOG("%s", err.msg);
	EXPECT_TRUE(X2X3_HAS(&d, X2X3_A_SRC_IPV6));
	EXPECT_FALSE(X2X3_HAS(&d, X2X3_A_SRC_IPV4));
	EXPECT_EQ(0, memcmp(d.src_ip, v6a, 16));
	EXPECT_EQ(0, memcmp(d.dst_ip, v6b, 16));
	EXPECT_EQ(X2X3_PF_RTP, d.payload_format);
	EXPECT_EQ(sizeof(rtp), d.payload_len);
}

TEST(round_trip_other_attributes)
{
	struct x2x3_pdu p, d;
	struct x2x3_error err;
	uint8_t out[1024];
	ssize_t n;

	x2_more_attrs(&p);
	n = enc(&p, out, sizeof(out));
	ASSERT_LT(0, n);
	ASSERT_EQ(0, x2x3_parse(out, n, NULL, &d, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(X2X3_DIR_NA, d.direction);
	EXPECT_EQ(0, memcmp("li-domain", d.did.ptr, 9));
	EXPECT_EQ(0, memcmp("poi-7", d.ipid.ptr, 5));
	EXPECT_EQ(15, d.mime_type.len);
	EXPECT_EQ(6, d.mime_cte.len);
	ASSERT_EQ(p.sdp.len, d.sdp.len);
	EXPECT_EQ(0, memcmp(p.sdp.ptr, d.sdp.ptr, d.sdp.len));
	ASSERT_EQ(2, d.n_other);
	EXPECT_EQ(0, memcmp("tel:+15550100", d.other[1].ptr, 13));
	ASSERT_EQ(2, d.n_additional_xid);
	EXPECT_EQ(0xde, d.additional_xid[1][0]);
	EXPECT_EQ(0, d.n_opaque);
	/* Encoding what we parsed gives the same octets. */
	{
		uint8_t again[1024];

		ASSERT_EQ(n, enc(&d, again, sizeof(again)));
		EXPECT_EQ(0, memcmp(out, again, n));
	}
}

TEST(keepalive_and_ack)
{
	struct x2x3_pdu ka, ack, d;
	struct x2x3_error err;
	uint8_t out[64];
	ssize_t n;

	x2x3_keepalive(&ka, 5, 99);
	n = enc(&ka, out, sizeof(out));
	ASSERT_EQ(48, n);
	ASSERT_EQ(0, x2x3_parse(out, n, NULL, &d, &err));
	EXPECT_EQ(X2X3_PDU_KEEPALIVE, d.type);
	EXPECT_EQ(99, d.seq);
	x2x3_keepalive_ack(&d, &ack);
	n = enc(&ack, out, sizeof(out));
	ASSERT_EQ(48, n);
	ASSERT_EQ(0, x2x3_parse(out, n, NULL, &d, &err));
	EXPECT_EQ(X2X3_PDU_KEEPALIVE_ACK, d.type);
	EXPECT_EQ(99, d.seq);
	EXPECT_EQ(0, d.correlation_id);
	EXPECT_EQ(0, d.payload_format);
	EXPECT_EQ(0, d.direction);
	/* A keepalive never carries a payload. */
	ka.payload = out;
	ka.payload_len = 1;
	EXPECT_EQ(-X2X3_EINVAL, enc(&ka, out, sizeof(out)));
}

TEST(encoder_refuses_inconsistent)
{
	struct x2x3_pdu p;
	uint8_t out[1024];

	x2_sip(&p);
	p.payload_format = X2X3_PF_RTP; /* RTP is X3 content */
	EXPECT_EQ(-X2X3_EINVAL, enc(&p, out, sizeof(out)));
	x3_rtp6(&p);
	p.payload_format = X2X3_PF_SIP; /* SIP is X2 */
	EXPECT_EQ(-X2X3_EINVAL, enc(&p, out, sizeof(out)));
	x2_sip(&p);
	p.ts_nsec = 1000000000;
	EXPECT_EQ(-X2X3_EINVAL, enc(&p, out, sizeof(out)));
	x2_sip(&p);
	p.seq = 1ULL << 32;
	EXPECT_EQ(-X2X3_EINVAL, enc(&p, out, sizeof(out)));
	x2_sip(&p);
	p.present |= 1u << X2X3_A_ETSI_102232; /* no encoding of our own */
	EXPECT_EQ(-X2X3_EINVAL, enc(&p, out, sizeof(out)));
	x2_sip(&p);
	p.type = 5;
	EXPECT_EQ(-X2X3_EINVAL, enc(&p, out, sizeof(out)));
}

/* Build a valid PDU, let @patch damage it, expect @code. */
static int damaged(void (*patch)(uint8_t *b, size_t *n), bool *fatal, char *msg)
{
	struct x2x3_pdu p, d;
	struct x2x3_error err = { 0 };
	uint8_t out[1024];
	size_t n;
	int rc;

	x2_sip(&p);
	/* Attributes from offset 40: seq, ts (8), src/dst IPv4, ports,
	 * IP protocol at 88, matched targets. */
	p.present &= ~(1u << X2X3_A_NFID);
	n = enc(&p, out, sizeof(out));
	patch(out, &n);
	rc = x2x3_parse(out, n, NULL, &d, &err);
	*fatal = err.fatal;
	strcpy(msg, err.msg);
	return rc;
}

static void hl_small(uint8_t *b, size_t *n)
{
	(void)n;
	b[7] = 39;
}

static void hl_huge(uint8_t *b, size_t *n)
{
	(void)n;
	b[4] = 0x01;
}

static void pl_huge(uint8_t *b, size_t *n)
{
	(void)n;
	b[8] = 0x40;
}

static void bad_type(uint8_t *b, size_t *n)
{
	(void)n;
	b[3] = 5;
}

static void bad_format(uint8_t *b, size_t *n)
{
	(void)n;
	b[13] = 12; /* GTP-U in X2 */
}

static void bad_dir(uint8_t *b, size_t *n)
{
	(void)n;
	b[15] = 6;
}

static void first_attr_overrun(uint8_t *b, size_t *n)
{
	(void)n;
	b[43] = 0xf0; /* seq attribute length 0x0004 -> 0x00f0 */
}

static void proto_as_port(uint8_t *b, size_t *n)
{
	(void)n;
	b[89] = X2X3_A_SRC_PORT; /* 1-octet IP protocol labelled a port */
}

static void attr_type0(uint8_t *b, size_t *n)
{
	(void)n;
	b[41] = 0;
}

static void seq_twice(uint8_t *b, size_t *n)
{
	(void)n;
	b[61] = X2X3_A_SEQ; /* source IPv4 (4 octets) relabelled */
}

static void nsec_too_big(uint8_t *b, size_t *n)
{
	(void)n;
	memcpy(b + 56, "\x3b\x9a\xca\x00", 4); /* 10^9 */
}

static void ipv4_as_v6(uint8_t *b, size_t *n)
{
	(void)n;
	b[61] = X2X3_A_SRC_IPV6; /* source IPv4 labelled IPv6 */
}

static void truncated(uint8_t *b, size_t *n)
{
	(void)b;
	*n -= 1;
}

static void trailing(uint8_t *b, size_t *n)
{
	b[*n] = 0;
	*n += 1;
}

TEST(parser_rejects)
{
	static const struct {
		void (*patch)(uint8_t *b, size_t *n);
		int code;
		bool fatal;
	} c[] = {
		{ hl_small, X2X3_EHDRLEN, true },
		{ hl_huge, X2X3_EHDRLEN, true },
		{ pl_huge, X2X3_EPAYLEN, true },
		{ bad_type, X2X3_ETYPE, false },
		{ bad_format, X2X3_EFORMAT, false },
		{ bad_dir, X2X3_EDIR, false },
		{ first_attr_overrun, X2X3_EATTR, false },
		{ proto_as_port, X2X3_EATTRLEN, false },
		{ attr_type0, X2X3_EATTR, false },
		{ seq_twice, X2X3_EDUP, false },
		{ nsec_too_big, X2X3_EATTR, false },
		{ ipv4_as_v6, X2X3_EATTRLEN, false },
		{ truncated, X2X3_ETRUNC, false },
		{ trailing, X2X3_ETRAILING, false },
	};
	char msg[128];
	bool fatal;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		EXPECT_EQ(-c[i].code, damaged(c[i].patch, &fatal, msg))
		TH_LOG("case %zu: %s", i, msg);
		EXPECT_EQ(c[i].fatal, fatal) TH_LOG("case %zu", i);
		EXPECT_NE(0, strlen(msg));
	}
}

TEST(keepalive_with_payload_refused)
{
	struct x2x3_pdu p;
	struct x2x3_error err;
	uint8_t b[41] = { 0, 5, 0, 3, 0, 0, 0, 40, 0, 0, 0, 1 };

	EXPECT_EQ(-X2X3_EKEEPALIVE, x2x3_parse(b, 41, NULL, &p, &err));
}

TEST(too_many_targets)
{
	struct x2x3_pdu p, d;
	struct x2x3_error err;
	uint8_t out[2048];
	size_t n;
	unsigned int i;

	x2_sip(&p);
	p.n_matched = X2X3_MAX_TARGETS;
	for (i = 0; i < X2X3_MAX_TARGETS; i++)
		p.matched[i] = S("sip:x@y");
	n = enc(&p, out, sizeof(out));
	ASSERT_EQ(0, x2x3_parse(out, n, NULL, &d, &err));
	/* Turn the other-target list into one more matched target. */
	p.n_other = 1;
	p.other[0] = S("sip:x@y");
	n = enc(&p, out, sizeof(out));
	for (i = 40; i + 4 < n; i++)
		if (out[i] == 0 && out[i + 1] == X2X3_A_OTHER_TARGET &&
		    out[i + 2] == 0 && out[i + 3] == 7)
			out[i + 1] = X2X3_A_MATCHED_TARGET;
	EXPECT_EQ(-X2X3_ECOUNT, x2x3_parse(out, n, NULL, &d, &err));
}

TEST(limits)
{
	struct x2x3_limits lim = { .max_header = 64, .max_payload = 16 };
	struct x2x3_pdu p, d;
	struct x2x3_error err;
	uint8_t out[1024];
	size_t n;

	x2_sip(&p);
	n = enc(&p, out, sizeof(out));
	EXPECT_EQ(-X2X3_EHDRLEN, x2x3_parse(out, n, &lim, &d, &err));
	p.present = 0;
	p.n_matched = 0;
	n = enc(&p, out, sizeof(out));
	EXPECT_EQ(-X2X3_EPAYLEN, x2x3_parse(out, n, &lim, &d, &err));
	EXPECT_TRUE(err.fatal);
}

TEST(stream_framing)
{
	struct x2x3_stream s;
	struct x2x3_pdu p, d;
	struct x2x3_error err;
	uint8_t buf[4096], *q = buf;
	const uint8_t *raw;
	size_t rawlen, i, total;
	int got = 0, bad = 0, rc;

	x2_sip(&p);
	q += enc(&p, q, buf + sizeof(buf) - q);
	/* A well-framed but invalid PDU (type 7) in the middle... */
	x2x3_keepalive(&p, 5, 1);
	q += enc(&p, q, buf + sizeof(buf) - q);
	q[-48 + 3] = 7;
	x3_rtp6(&p);
	q += enc(&p, q, buf + sizeof(buf) - q);
	x2x3_keepalive(&p, 5, 2);
	q += enc(&p, q, buf + sizeof(buf) - q);
	total = q - buf;

	x2x3_stream_init(&s, NULL);
	for (i = 0; i < total; i++) {
		ASSERT_EQ(0, x2x3_stream_feed(&s, buf + i, 1));
		while ((rc = x2x3_stream_next(&s, &d, &raw, &rawlen, &err))) {
			if (rc < 0) {
				/* ...is skipped; the stream goes on. */
				EXPECT_FALSE(err.fatal);
				EXPECT_EQ(-X2X3_ETYPE, rc);
				EXPECT_EQ(48, rawlen);
				bad++;
				continue;
			}
			got++;
			if (got == 2)
				EXPECT_EQ(X2X3_PDU_X3, d.type);
			if (got == 3)
				EXPECT_EQ(2, d.seq);
		}
	}
	EXPECT_EQ(3, got);
	EXPECT_EQ(1, bad);
	EXPECT_EQ(3, s.pdus);
	EXPECT_EQ(1, s.bad_pdus);

	/* A header length below 40 breaks the stream for good. */
	memset(buf, 0, 48);
	buf[3] = 3;
	buf[7] = 8;
	ASSERT_EQ(0, x2x3_stream_feed(&s, buf, 48));
	EXPECT_EQ(-X2X3_EHDRLEN, x2x3_stream_next(&s, &d, NULL, NULL, &err));
	EXPECT_TRUE(err.fatal);
	EXPECT_GT(0, x2x3_stream_next(&s, &d, NULL, NULL, &err));
	x2x3_stream_free(&s);
}

TEST(uuid)
{
	uint8_t x[16];
	char s[37];

	ASSERT_EQ(0,
		  x2x3_uuid_parse("8C292FA1-5831-46ec-86be-bd85f2083299", x));
	x2x3_uuid_format(x, s);
	EXPECT_STREQ("8c292fa1-5831-46ec-86be-bd85f2083299", s);
	EXPECT_GT(0, x2x3_uuid_parse("8c292fa1583146ec86bebd85f2083299", x));
	EXPECT_GT(0, x2x3_uuid_parse("8c292fa1-5831-46ec-86be-bd85f208329", x));
	EXPECT_GT(0,
		  x2x3_uuid_parse("8c292fa1-5831-46ec-86be-bd85f20832990", x));
	EXPECT_GT(0,
		  x2x3_uuid_parse("8c292fa1-5831-46ec-86be-bd85f208329g", x));
}

/* ------------------------------------------------------------------ */
/* Oracle 1: PDUs written by other implementations                    */
/* ------------------------------------------------------------------ */

static size_t load_vector(const char *path, uint8_t *out, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0;
	char line[8192];
	const char *dot = strrchr(path, '.');

	if (!f)
		return 0;
	if (dot && !strcmp(dot, ".bin")) {
		n = fread(out, 1, size, f);
	} else {
		while (fgets(line, sizeof(line), f)) {
			char *c = line;
			unsigned int b;

			if (line[0] == '#')
				continue;
			while (c[0] && c[1] && sscanf(c, "%2x", &b) == 1 &&
			       n < size) {
				out[n++] = b;
				c += 2;
			}
		}
	}
	fclose(f);
	return n;
}

/* The value of "    <label>: N" in a stored tshark dissection. */
static long tshark_num(const char *txt, const char *label)
{
	const char *p = strstr(txt, label);

	return p ? strtol(p + strlen(label), NULL, 0) : -1;
}

/* The number in "(N)" at the end of the line starting with @label. */
static long tshark_paren(const char *txt, const char *label)
{
	const char *p = strstr(txt, label), *nl, *open;

	if (!p)
		return -1;
	nl = strchr(p, '\n');
	open = p;
	while ((p = strchr(p, '(')) && (!nl || p < nl))
		open = p++;
	return *open == '(' ? strtol(open + 1, NULL, 10) : -1;
}

static const char *const vectors[] = {
	"sipgate_x2-demo-01.bin",      "lippycat_keepalive.hex",
	"lippycat_x2_sip_invite.hex",  "lippycat_x2_sip_bye.hex",
	"lippycat_x2_sip_message.hex", "lippycat_x3_rtp.hex",
};

TEST(outside_vectors_match_tshark_dissection)
{
	const char *td = li_testdata();
	static uint8_t buf[65536];
	static char txt[65536];
	char path[PATH_MAX + 256], xid[37], *p;
	struct x2x3_pdu d;
	struct x2x3_error err;
	size_t i, n;

	if (!td)
		SKIP(return, "no ../shared/testdata (set LMISF_TESTDATA)");
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/li/%s", td, vectors[i]);
		n = load_vector(path, buf, sizeof(buf));
		ASSERT_LE(40, n) TH_LOG("%s", path);
		ASSERT_EQ(0, x2x3_parse(buf, n, NULL, &d, &err))
		TH_LOG("%s: %s", vectors[i], err.msg);
		strcpy(path + strlen(path) - strlen(vectors[i]), "tshark/");
		strcat(path, vectors[i]);
		p = strrchr(path, '.');
		strcpy(p, ".tshark.txt");
		f = fopen(path, "r");
		ASSERT_NE(NULL, f) TH_LOG("%s", path);
		txt[fread(txt, 1, sizeof(txt) - 1, f)] = '\0';
		fclose(f);
		EXPECT_EQ(tshark_num(txt, "    Version: "), d.version);
		EXPECT_EQ(tshark_paren(txt, "    PDU Type: "), d.type);
		EXPECT_EQ(tshark_paren(txt, "    Payload Format: "),
			  d.payload_format);
		EXPECT_EQ(tshark_paren(txt, "    Payload Direction: "),
			  d.direction);
		EXPECT_EQ(tshark_num(txt, "    Header Length: "),
			  (long)(n - d.payload_len));
		EXPECT_EQ(tshark_num(txt, "    Payload Length: "),
			  (long)d.payload_len);
		x2x3_uuid_format(d.xid, xid);
		EXPECT_NE(NULL, strstr(txt, xid)) TH_LOG("%s", vectors[i]);
		if (X2X3_HAS(&d, X2X3_A_SEQ))
			EXPECT_EQ(tshark_num(txt, "        Sequence Number: "),
				  (long)d.seq);
	}
}

TEST(outside_vectors_values)
{
	const char *td = li_testdata();
	static uint8_t buf[65536];
	char path[PATH_MAX + 256];
	struct x2x3_pdu d;
	struct x2x3_error err;
	size_t n;

	if (!td)
		SKIP(return, "no ../shared/testdata (set LMISF_TESTDATA)");
	snprintf(path, sizeof(path), "%s/li/lippycat_x3_rtp.hex", td);
	n = load_vector(path, buf, sizeof(buf));
	ASSERT_EQ(0, x2x3_parse(buf, n, NULL, &d, &err)) TH_LOG("%s", err.msg);
	/* Their version field is 05 00: read as 1280, not refused. */
	EXPECT_EQ(0x0500, d.version);
	EXPECT_EQ(X2X3_PDU_X3, d.type);
	EXPECT_EQ(X2X3_PF_RTP, d.payload_format);
	EXPECT_EQ(X2X3_DIR_FROM_TARGET, d.direction);
	EXPECT_EQ(0x1111111111111111ULL, d.correlation_id);
	EXPECT_EQ(1700000000, d.ts_sec); /* 12-octet timestamp */
	EXPECT_EQ(0, d.ts_nsec);
	EXPECT_EQ(4, d.seq);
	EXPECT_EQ(0, memcmp(d.src_ip, "\xc0\xa8\x01\x0a", 4));
	EXPECT_EQ(0, memcmp(d.dst_ip, "\x0a\x00\x00\x05", 4));
	EXPECT_EQ(5060, d.src_port);
	EXPECT_EQ(5060, d.dst_port);
	EXPECT_EQ(0, memcmp(d.nfid.ptr, "proc-01", 7));
	EXPECT_EQ(0, memcmp(d.ipid.ptr, "hunter-01", 9));
	ASSERT_EQ(1, d.n_matched);
	EXPECT_EQ(0, memcmp(d.matched[0].ptr, "sip:alice@example.com", 21));
	EXPECT_EQ(16, d.payload_len);
	EXPECT_EQ(0x80, d.payload[0]);

	snprintf(path, sizeof(path), "%s/li/sipgate_x2-demo-01.bin", td);
	n = load_vector(path, buf, sizeof(buf));
	ASSERT_EQ(0, x2x3_parse(buf, n, NULL, &d, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(5, d.version);
	EXPECT_EQ(X2X3_PDU_X2, d.type);
	EXPECT_EQ(X2X3_PF_SIP, d.payload_format);
	EXPECT_EQ(1, d.correlation_id);
	ASSERT_EQ(1, d.n_matched);
	EXPECT_EQ(37, d.matched[0].len);
	EXPECT_EQ(539, d.payload_len);
	EXPECT_EQ(0, memcmp(d.payload, "REGISTER sip:sipgate.de", 23));

	/* Everything in it is representable: re-encoding is byte-exact. */
	{
		static uint8_t again[65536];

		ASSERT_EQ((ssize_t)n, x2x3_encode(&d, again, sizeof(again)));
		EXPECT_EQ(0, memcmp(buf, again, n));
	}

	snprintf(path, sizeof(path), "%s/li/lippycat_keepalive.hex", td);
	n = load_vector(path, buf, sizeof(buf));
	ASSERT_EQ(0, x2x3_parse(buf, n, NULL, &d, &err));
	EXPECT_EQ(X2X3_PDU_KEEPALIVE, d.type);
	EXPECT_EQ(0, d.present);
}

TEST(outside_vectors_truncated)
{
	const char *td = li_testdata();
	static uint8_t buf[65536];
	char path[PATH_MAX + 256];
	struct x2x3_pdu d;
	struct x2x3_error err;
	size_t i, n, k;

	if (!td)
		SKIP(return, "no ../shared/testdata (set LMISF_TESTDATA)");
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		snprintf(path, sizeof(path), "%s/li/%s", td, vectors[i]);
		n = load_vector(path, buf, sizeof(buf));
		for (k = 0; k < n; k++)
			EXPECT_GT(0, x2x3_parse(buf, k, NULL, &d, &err));
	}
}

/* ------------------------------------------------------------------ */
/* Oracle 2: tshark's 5gli dissector on our PDUs                      */
/* ------------------------------------------------------------------ */

#define LI_PORT 41221
#define TSHARK "tshark -n -r %s -d tcp.port==%d,5gli"
/* tshark's root warning on stderr is noise; real errors stay visible. */
#define QUIET "2>&1 | grep -v '^Running as user'"

/* tshark takes seconds per run on a loaded machine: generous timeout. */
FIXTURE(tshark)
{
	int unused;
};

FIXTURE_SETUP(tshark)
{
	if (!li_have("tshark"))
		SKIP(return, "tshark not installed");
}

FIXTURE_TEARDOWN(tshark)
{
}

TEST_F_TIMEOUT(tshark, decodes_our_pdus, 600)
{
	static char out[1 << 16];
	char dir[] = "/tmp/lmisf-x2x3-XXXXXX", pcap[64], cmd[512], want[2048];
	size_t hl[3], pl[2];
	struct x2x3_pdu p, ack;
	struct li_pcap c;
	uint8_t buf[2048];
	ssize_t n;
	int rc;

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(pcap, sizeof(pcap), "%s/x2x3.pcap", dir);
	ASSERT_EQ(0, li_pcap_open(&c, pcap, LI_PORT));
	x2_sip(&p);
	n = enc(&p, buf, sizeof(buf));
	hl[0] = n - p.payload_len;
	pl[0] = p.payload_len;
	ASSERT_EQ(0, li_pcap_tcp(&c, buf, n));
	x3_rtp6(&p);
	n = enc(&p, buf, sizeof(buf));
	hl[1] = n - p.payload_len;
	pl[1] = p.payload_len;
	ASSERT_EQ(0, li_pcap_tcp(&c, buf, n));
	x2x3_keepalive(&p, 5, 3);
	n = enc(&p, buf, sizeof(buf));
	ASSERT_EQ(0, li_pcap_tcp(&c, buf, n));
	x2x3_keepalive_ack(&p, &ack);
	n = enc(&ack, buf, sizeof(buf));
	ASSERT_EQ(0, li_pcap_tcp(&c, buf, n));
	x2_more_attrs(&p);
	n = enc(&p, buf, sizeof(buf));
	hl[2] = n - p.payload_len;
	ASSERT_EQ(0, li_pcap_tcp(&c, buf, n));
	ASSERT_EQ(0, li_pcap_close(&c));

	/* Field values, one line per PDU; attribute fields appear twice
	 * in li5g's tree (summary and detail), so take the first. */
	snprintf(cmd, sizeof(cmd),
		 TSHARK
		 " -T fields -E separator='|' -E occurrence=f "
		 "-e li5g.ver -e li5g.type -e li5g.hl -e li5g.pl "
		 "-e li5g.pf -e li5g.pd -e li5g.xid -e li5g.cid -e li5g.sq "
		 "-e li5g.srcip -e li5g.dstip -e li5g.srcipv6 -e li5g.dstipv6 "
		 "-e li5g.srcport -e li5g.dstport -e li5g.ipproto " QUIET,
		 pcap, LI_PORT);
	rc = li_run(cmd, out, sizeof(out));
	ASSERT_EQ(0, rc) TH_LOG("%s", out);
	snprintf(
		want, sizeof(want),
		"5|1|%zu|%zu|9|3|8c292fa1-5831-46ec-86be-bd85f2083299|"
		"0102030405060708|70000|10.0.0.1|10.0.0.2|||5060|5062|17\n"
		"5|2|%zu|%zu|8|2|00112233-4455-6677-8899-aabbccddeeff|"
		"000000000000002a|7|||2001:db8::1|2001:db8::102|49170|6000|17\n"
		"5|3|48|0|0|0|00000000-0000-0000-0000-000000000000|"
		"0000000000000000|3|||||||\n"
		"5|4|48|0|0|0|00000000-0000-0000-0000-000000000000|"
		"0000000000000000|3|||||||\n"
		"5|1|%zu|21|9|5|8c292fa1-5831-46ec-86be-bd85f2083299|"
		"0000000000000000||||||||\n",
		hl[0], pl[0], hl[1], pl[1], hl[2]);
	EXPECT_STREQ(want, out);

	/* Both matched target identifiers, in order. */
	snprintf(cmd, sizeof(cmd),
		 TSHARK " -Y li5g.mti -T fields -e li5g.mti " QUIET, pcap,
		 LI_PORT);
	ASSERT_EQ(0, li_run(cmd, out, sizeof(out)));
	EXPECT_STREQ("7369703a616c69636540696d732e6578616d706c65,"
		     "7369703a616c69636540696d732e6578616d706c65,"
		     "74656c3a2b343931373131323334353637,"
		     "74656c3a2b343931373131323334353637\n",
		     out);

	/* DID, IPID and other target identifier. tshark 4.0 does not show
	 * attributes 19-22 at all (its li5g predates them); the malformed
	 * check below still covers their PDU. */
	snprintf(cmd, sizeof(cmd),
		 TSHARK " -Y li5g.pd==5 -T fields -E occurrence=f -e li5g.did "
			"-e li5g.ipid -e li5g.oti " QUIET,
		 pcap, LI_PORT);
	ASSERT_EQ(0, li_run(cmd, out, sizeof(out)));
	EXPECT_STREQ("6c692d646f6d61696e\t706f692d37\t"
		     "7369703a62656e40696d732e6578616d706c65\n",
		     out);

	/* Timestamps: seconds and nanoseconds as we wrote them. */
	snprintf(cmd, sizeof(cmd),
		 TSHARK " -T fields -E occurrence=f -e li5g.ts " QUIET, pcap,
		 LI_PORT);
	ASSERT_EQ(0, li_run(cmd, out, sizeof(out)));
	EXPECT_STREQ("Nov 14, 2023 22:13:20.123456789 UTC\n"
		     "Nov 14, 2023 22:13:21.000000000 UTC\n\n\n\n",
		     out);

	/* The SIP payload is handed to tshark's SIP dissector. */
	snprintf(cmd, sizeof(cmd),
		 TSHARK " -T fields -e sip.Method -e sip.Call-ID " QUIET, pcap,
		 LI_PORT);
	ASSERT_EQ(0, li_run(cmd, out, sizeof(out)));
	EXPECT_EQ(0, strncmp(out, "INVITE\tc1@10.0.0.1\n", 19))
	TH_LOG("%s", out);

	/* No malformed packets, no warnings or errors. */
	snprintf(
		cmd, sizeof(cmd),
		TSHARK
		" -V 2>&1 | grep -c -E "
		"'Malformed|Expert Info \\((Warning|Error)|BER Error' 2>&1; true",
		pcap, LI_PORT);
	ASSERT_EQ(0, li_run(cmd, out, sizeof(out)));
	/* A count, so a broken pattern cannot pass as "no match". */
	EXPECT_STREQ("0\n", out);
	/* Five PDUs dissected. */
	snprintf(cmd, sizeof(cmd), TSHARK " -Y 5gli " QUIET " | wc -l", pcap,
		 LI_PORT);
	ASSERT_EQ(0, li_run(cmd, out, sizeof(out)));
	EXPECT_EQ(5, atoi(out));

	if (!getenv("LMISF_KEEP_TMP")) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		EXPECT_EQ(0, system(cmd));
	}
}

TEST_HARNESS_MAIN
