/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIP flows of the IMS tests, as text: alice (UE 10.0.0.1) registers
 * through the P-CSCF (10.0.0.10) and calls bob (media 10.0.0.2).
 */
#ifndef IMS_FLOWS_H
#define IMS_FLOWS_H

#include "ims_fixture.h"

#define XID_A "2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162"
#define XID_B "0c0e57a4-2d44-4b39-9a38-52d1c87d0f00"
#define IMPI "001010123456789@ims.mnc001.mcc001.3gppnetwork.org"
#define PANI "3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=001010001000019B"

static const struct f_pkt UP = { "10.0.0.1", "10.0.0.10", 5060, 5060 };
static const struct f_pkt DOWN = { "10.0.0.10", "10.0.0.1", 5060, 5060 };

#define REG_HDRS(cseq, branch, auth)                                 \
	"REGISTER sip:ims.example SIP/2.0\n"                         \
	"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=" branch "\n"         \
	"From: <sip:alice@ims.example>;tag=r1\n"                     \
	"To: <sip:alice@ims.example>\n"                              \
	"Call-ID: reg1@10.0.0.1\n"                                   \
	"CSeq: " cseq " REGISTER\n"                                  \
	"Contact: <sip:alice@10.0.0.1:5060>;expires=600;"            \
	"+sip.instance=\"<urn:gsma:imei:35209900-176148-1>\"\n" auth \
	"P-Access-Network-Info: " PANI "\n"

#define AUTH                                                                 \
	"Authorization: Digest username=\"" IMPI "\",realm=\"ims.example\"," \
	"nonce=\"\",uri=\"sip:ims.example\",response=\"\"\n"

#define REG_RESP(status, cseq, branch, extra)                \
	"SIP/2.0 " status "\n"                               \
	"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=" branch "\n" \
	"From: <sip:alice@ims.example>;tag=r1\n"             \
	"To: <sip:alice@ims.example>;tag=p1\n"               \
	"Call-ID: reg1@10.0.0.1\n"                           \
	"CSeq: " cseq " REGISTER\n" extra

#define REG_OK_EXTRA                                       \
	"Contact: <sip:alice@10.0.0.1:5060>;expires=600\n" \
	"P-Associated-URI: <sip:alice@ims.example>, <tel:+491711234567>\n"

/* Full registration: REGISTER, 401, REGISTER, 200. */
static inline void flow_register(struct fake *f)
{
	f_sip(f, &UP, REG_HDRS("1", "z9hG4bKr1", AUTH), NULL);
	f_sip(f, &DOWN,
	      REG_RESP("401 Unauthorized", "1", "z9hG4bKr1",
		       "WWW-Authenticate: Digest realm=\"ims.example\","
		       "nonce=\"abc\"\n"),
	      NULL);
	f_sip(f, &UP, REG_HDRS("2", "z9hG4bKr2", AUTH), NULL);
	f_sip(f, &DOWN, REG_RESP("200 OK", "2", "z9hG4bKr2", REG_OK_EXTRA),
	      NULL);
}

#define SDP(addr, port, proto)                                          \
	"v=0\no=- 1 1 IN IP4 " addr "\ns=-\nc=IN IP4 " addr "\nt=0 0\n" \
	"m=audio " port " " proto " 0\n"

#define CT "Content-Type: application/sdp\n"

/* A request of alice's call (c1) from alice: method, cseq, branch,
 * to-tag ("" before the answer), extra headers. */
#define A_REQ(method, ruri, cseq, branch, totag, extra)             \
	method " " ruri " SIP/2.0\n"                                \
	       "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=" branch "\n" \
	       "From: <sip:alice@ims.example>;tag=a1\n"             \
	       "To: <sip:bob@ims.example>" totag "\n"               \
	       "Call-ID: c1@10.0.0.1\n"                             \
	       "CSeq: " cseq " " method "\n"                        \
	       "Max-Forwards: 70\n" extra

/* A response to alice's request. */
#define A_RESP(status, cseq, method, branch, totag, extra)   \
	"SIP/2.0 " status "\n"                               \
	"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=" branch "\n" \
	"From: <sip:alice@ims.example>;tag=a1\n"             \
	"To: <sip:bob@ims.example>" totag "\n"               \
	"Call-ID: c1@10.0.0.1\n"                             \
	"CSeq: " cseq " " method "\n" extra

#define INVITE_A(extra)                                              \
	A_REQ("INVITE", "sip:bob@ims.example", "1", "z9hG4bKi1", "", \
	      "Contact: <sip:alice@10.0.0.1:5060>\n" extra CT)

/* alice calls bob and the call is answered: INVITE/100/180/200/ACK. */
static inline void flow_call_up(struct fake *f, const char *offer)
{
	f_sip(f, &UP,
	      INVITE_A("P-Preferred-Identity: <sip:alice@ims.example>\n"),
	      offer);
	f_sip(f, &DOWN,
	      A_RESP("100 Trying", "1", "INVITE", "z9hG4bKi1", "", ""), NULL);
	f_sip(f, &DOWN,
	      A_RESP("180 Ringing", "1", "INVITE", "z9hG4bKi1", ";tag=b1", ""),
	      NULL);
	f_sip(f, &DOWN,
	      A_RESP("200 OK", "1", "INVITE", "z9hG4bKi1", ";tag=b1",
		     "Contact: <sip:bob@10.0.0.2>\n" CT),
	      SDP("10.0.0.2", "50000", "RTP/AVP"));
	f_sip(f, &UP,
	      A_REQ("ACK", "sip:bob@10.0.0.2", "1", "z9hG4bKack1", ";tag=b1",
		    ""),
	      NULL);
}

static inline void flow_bye(struct fake *f)
{
	f_sip(f, &UP,
	      A_REQ("BYE", "sip:bob@10.0.0.2", "2", "z9hG4bKbye", ";tag=b1",
		    ""),
	      NULL);
	f_sip(f, &DOWN,
	      A_RESP("200 OK", "2", "BYE", "z9hG4bKbye", ";tag=b1", ""), NULL);
}

#define OFFER_A SDP("10.0.0.1", "40000", "RTP/AVP")

#endif /* IMS_FLOWS_H */
