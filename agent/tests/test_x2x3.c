// SPDX-License-Identifier: GPL-2.0
/*
 * test_x2x3.c - ETSI TS 103 221-2 PDU encoder/parser/stream unit tests:
 * byte-exact header, round trips, every refusal with its reason and
 * whether it breaks the stream. Outside oracles are in
 * test_x2x3_interop.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "x2x3.h"
#include "x2x3_samples.h"

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

TEST_HARNESS_MAIN
