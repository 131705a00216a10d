/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x2x3_samples.h - sample X2/X3 PDUs shared by the X2/X3 test programs.
 * Header-only; each test program includes it once.
 */
#ifndef LMISF_TESTS_X2X3_SAMPLES_H
#define LMISF_TESTS_X2X3_SAMPLES_H

#include <string.h>
#include <sys/types.h>

#include "x2x3.h"

#define S(s) ((struct x2x3_str){ (const uint8_t *)(s), sizeof(s) - 1 })

static const char sip_invite[] __attribute__((unused)) =
	"INVITE sip:bob@ims.example SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n"
	"From: <sip:alice@ims.example>;tag=1\r\n"
	"To: <sip:bob@ims.example>\r\n"
	"Call-ID: c1@10.0.0.1\r\n"
	"CSeq: 1 INVITE\r\n"
	"Max-Forwards: 70\r\n"
	"Content-Length: 0\r\n\r\n";

static inline void x2_sip(struct x2x3_pdu *p)
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

static const uint8_t rtp[]
	__attribute__((unused)) = { 0x80, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00,
				    0xa0, 0x11, 0x22, 0x33, 0x44, 0xd5, 0xd5 };
static const uint8_t v6a[16]
	__attribute__((unused)) = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t v6b[16] __attribute__((
	unused)) = { 0x20, 0x01, 0x0d, 0xb8, [14] = 1, [15] = 2 };

static inline void x3_rtp6(struct x2x3_pdu *p)
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
static inline void x2_more_attrs(struct x2x3_pdu *p)
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

static inline ssize_t enc(const struct x2x3_pdu *p, uint8_t *out, size_t size)
{
	return x2x3_encode(p, out, size);
}

#endif /* LMISF_TESTS_X2X3_SAMPLES_H */
