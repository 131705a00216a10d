// SPDX-License-Identifier: GPL-2.0
/*
 * test_iri.c - TS 33.128 xIRI (XIRIPayload) IMS events: byte-exact
 * encoding, round trips, constraint checks, malformed input, and two
 * outside decoders: tshark (li5g + xiri) on an X2 pcap, and an asn1c
 * build of tests/asn1/TS33128Payloads-IMS.asn. Each skips when absent.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

/* FIXTURE_SETUP/TEARDOWN define non-static functions without prototypes. */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#include "iri.h"
#include "li_oracle.h"
#include "x2x3.h"

#define IB(s) ((struct iri_bytes){ (const uint8_t *)(s), sizeof(s) - 1 })

static const char sip[] =
	"INVITE sip:+491711234567@ims.example;user=phone SIP/2.0\r\n"
	"Via: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK7\r\n"
	"From: <sip:alice@ims.example>;tag=a1\r\n"
	"To: <tel:+491711234567>\r\n"
	"Call-ID: abc@2001:db8::1\r\n"
	"CSeq: 1 INVITE\r\n"
	"P-Access-Network-Info: 3GPP-E-UTRAN-FDD; "
	"utran-cell-id-3gpp=262011234ABCDEF01\r\n"
	"Content-Length: 0\r\n\r\n";

#define PANI "3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=262011234ABCDEF01"
#define SDP_OFFER                                                              \
	"v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\n" \
	"t=0 0\r\nm=audio 49170 RTP/AVP 8\r\n"

static void ims_msg6(struct iri_event *ev)
{
	struct iri_ims_message *m = &ev->msg;

	memset(ev, 0, sizeof(*ev));
	ev->kind = IRI_IMS_MESSAGE;
	m->src.family = 6;
	memcpy(m->src.addr, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	m->dst.family = 6;
	memcpy(m->dst.addr, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x02", 16);
	m->sip = IB(sip);
	m->direction = IRI_FROM_TARGET;
	m->roaming = IRI_ROAMING_S8HR;
	m->pani.n = 1;
	m->pani.value[0] = IB(PANI);
}

static void start_ims(struct iri_event *ev)
{
	struct iri_start_ims *s = &ev->start;

	memset(ev, 0, sizeof(*ev));
	ev->kind = IRI_START_OF_INTERCEPTION_IMS;
	s->n_originating = 2;
	s->originating[0] =
		(struct iri_impu){ IRI_IMPU_SIP, IB("sip:alice@ims.example") };
	s->originating[1] =
		(struct iri_impu){ IRI_IMPU_TEL, IB("tel:+491601111111") };
	s->terminating =
		(struct iri_impu){ IRI_IMPU_TEL, IB("tel:+491711234567") };
	s->n_sdp = 2;
	s->sdp[0] = IB(SDP_OFFER);
	s->sdp[1] = IB("v=0\r\n");
	s->diversion =
		(struct iri_impu){ IRI_IMPU_SIP, IB("sip:carol@ims.example") };
	s->roaming = IRI_ROAMING_S8HR;
	s->pani.n = 2;
	s->pani.value[0] = IB(PANI);
	s->pani.value[1] = IB("3GPP-E-UTRAN-FDD");
}

static void ccu(struct iri_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = IRI_IMS_CC_UNAVAILABLE;
	ev->ccu.reason = IB("media flow install refused");
	ev->ccu.sdp = IB(SDP_OFFER);
}

static int hex_eq(const struct ber_enc *e, const char *hex)
{
	char buf[1024];
	size_t i;

	for (i = 0; i < e->len && 2 * i + 2 < sizeof(buf); i++)
		sprintf(buf + 2 * i, "%02x", e->buf[i]);
	buf[2 * i] = '\0';
	if (strcmp(buf, hex))
		fprintf(stderr, "# got %s\n# exp %s\n", buf, hex);
	return !strcmp(buf, hex);
}

TEST(ims_message_bytes)
{
	struct iri_event ev = { .kind = IRI_IMS_MESSAGE };
	struct ber_enc e;

	ev.msg.src.family = 4;
	memcpy(ev.msg.src.addr, "\x0a\x00\x00\x01", 4);
	ev.msg.dst.family = 4;
	memcpy(ev.msg.dst.addr, "\x0a\x00\x00\x02", 4);
	ev.msg.sip = IB("X");
	ev.msg.direction = IRI_FROM_TARGET;
	ev.msg.roaming = IRI_ROAMING_S8HR;
	ber_enc_init(&e);
	ASSERT_EQ(0, iri_encode(&ev, &e));
	/* XIRIPayload { OID 4.19.19.3.1, event [2] { [105] IMSMessage {
	 * payload [1] { encapsulatedSIPMessage [1] { [1] { iPv4 [1] },
	 * [2] { iPv4 [1] }, [3] "X" } }, [2] fromTarget, [3] S8HR } } } */
	EXPECT_TRUE(hex_eq(&e, "3029"
			       "81050413130301"
			       "a220"
			       "bf691d"
			       "a115"
			       "a113"
			       "a106"
			       "81040a000001"
			       "a206"
			       "81040a000002"
			       "830158"
			       "820101"
			       "830102"));
	ber_enc_free(&e);
}

TEST(ims_message_round_trip)
{
	struct iri_event ev, d;
	struct ber_error err;
	struct ber_enc e;
	uint32_t oid[IRI_OID_ARCS];

	ims_msg6(&ev);
	ber_enc_init(&e);
	ASSERT_EQ(0, iri_encode(&ev, &e));
	ASSERT_EQ(0, iri_decode(e.buf, e.len, &d, oid, &err))
	TH_LOG("%s", err.msg);
	EXPECT_EQ(0, memcmp(oid, IRI_XIRI_OID, sizeof(oid)));
	ASSERT_EQ(IRI_IMS_MESSAGE, d.kind);
	EXPECT_EQ(6, d.msg.src.family);
	EXPECT_EQ(0, memcmp(ev.msg.src.addr, d.msg.src.addr, 16));
	EXPECT_EQ(0, memcmp(ev.msg.dst.addr, d.msg.dst.addr, 16));
	ASSERT_EQ(sizeof(sip) - 1, d.msg.sip.len);
	EXPECT_EQ(0, memcmp(sip, d.msg.sip.ptr, d.msg.sip.len));
	EXPECT_EQ(IRI_FROM_TARGET, d.msg.direction);
	EXPECT_EQ(IRI_ROAMING_S8HR, d.msg.roaming);
	ASSERT_EQ(1, d.msg.pani.n);
	ASSERT_EQ(strlen(PANI), d.msg.pani.value[0].len);
	EXPECT_EQ(0, memcmp(PANI, d.msg.pani.value[0].ptr, strlen(PANI)));

	/* Without roaming indication and P-Access-Network-Info. */
	ev.msg.roaming = IRI_ROAMING_NONE;
	ev.msg.pani.n = 0;
	ev.msg.direction = IRI_TO_TARGET;
	ber_enc_reset(&e);
	ASSERT_EQ(0, iri_encode(&ev, &e));
	ASSERT_EQ(0, iri_decode(e.buf, e.len, &d, NULL, &err));
	EXPECT_EQ(IRI_ROAMING_NONE, d.msg.roaming);
	EXPECT_EQ(0, d.msg.pani.n);
	EXPECT_EQ(IRI_TO_TARGET, d.msg.direction);
	ber_enc_free(&e);
}

TEST(start_and_ccu_round_trip)
{
	struct iri_event ev, d;
	struct ber_error err;
	struct ber_enc e;

	start_ims(&ev);
	ber_enc_init(&e);
	ASSERT_EQ(0, iri_encode(&ev, &e));
	ASSERT_EQ(0, iri_decode(e.buf, e.len, &d, NULL, &err))
	TH_LOG("%s", err.msg);
	ASSERT_EQ(IRI_START_OF_INTERCEPTION_IMS, d.kind);
	ASSERT_EQ(2, d.start.n_originating);
	EXPECT_EQ(IRI_IMPU_SIP, d.start.originating[0].kind);
	EXPECT_EQ(IRI_IMPU_TEL, d.start.originating[1].kind);
	EXPECT_EQ(0, memcmp("tel:+491601111111", d.start.originating[1].uri.ptr,
			    17));
	EXPECT_EQ(IRI_IMPU_TEL, d.start.terminating.kind);
	ASSERT_EQ(2, d.start.n_sdp);
	EXPECT_EQ(strlen(SDP_OFFER), d.start.sdp[0].len);
	EXPECT_EQ(IRI_IMPU_SIP, d.start.diversion.kind);
	EXPECT_EQ(IRI_ROAMING_S8HR, d.start.roaming);
	EXPECT_EQ(2, d.start.pani.n);

	/* Minimal: one originating id, no options. */
	ev.start.n_originating = 1;
	ev.start.n_sdp = 0;
	ev.start.diversion.kind = IRI_IMPU_NONE;
	ev.start.roaming = IRI_ROAMING_NONE;
	ev.start.pani.n = 0;
	ber_enc_reset(&e);
	ASSERT_EQ(0, iri_encode(&ev, &e));
	ASSERT_EQ(0, iri_decode(e.buf, e.len, &d, NULL, &err));
	EXPECT_EQ(1, d.start.n_originating);
	EXPECT_EQ(0, d.start.n_sdp);
	EXPECT_EQ(IRI_IMPU_NONE, d.start.diversion.kind);

	ccu(&ev);
	ber_enc_reset(&e);
	ASSERT_EQ(0, iri_encode(&ev, &e));
	ASSERT_EQ(0, iri_decode(e.buf, e.len, &d, NULL, &err));
	ASSERT_EQ(IRI_IMS_CC_UNAVAILABLE, d.kind);
	EXPECT_EQ(26, d.ccu.reason.len);
	EXPECT_EQ(strlen(SDP_OFFER), d.ccu.sdp.len);
	ev.ccu.sdp.len = 0;
	ber_enc_reset(&e);
	ASSERT_EQ(0, iri_encode(&ev, &e));
	ASSERT_EQ(0, iri_decode(e.buf, e.len, &d, NULL, &err));
	EXPECT_EQ(0, d.ccu.sdp.len);
	ber_enc_free(&e);
}

TEST(tagged_choices_are_explicit)
{
	struct iri_event ev;
	struct ber_enc e;
	size_t i;

	start_ims(&ev);
	ev.start.n_originating = 1;
	ber_enc_init(&e);
	ASSERT_EQ(0, iri_encode(&ev, &e));
	/* terminatingId [2] IMPU { tELURI [2] }: a2 13 82 11 "tel:..." */
	for (i = 0; i + 4 < e.len; i++)
		if (!memcmp(e.buf + i, "\xa2\x13\x82\x11tel:+4917", 13))
			break;
	EXPECT_LT(i + 4, e.len);
	/* originatingId [1] SEQUENCE OF IMPU: elements are bare: a1 17 81 15 */
	for (i = 0; i + 4 < e.len; i++)
		if (!memcmp(e.buf + i, "\xa1\x17\x81\x15sip:alice", 13))
			break;
	EXPECT_LT(i + 4, e.len);
	ber_enc_free(&e);
}

TEST(encoder_refuses)
{
	struct iri_event ev;
	struct ber_enc e;

	ber_enc_init(&e);
	ims_msg6(&ev);
	ev.msg.src.family = 5;
	EXPECT_EQ(-BER_EINVAL, iri_encode(&ev, &e));
	ims_msg6(&ev);
	ev.msg.direction = 0;
	EXPECT_EQ(-BER_EINVAL, iri_encode(&ev, &e));
	ims_msg6(&ev);
	ev.msg.sip.len = 0;
	EXPECT_EQ(-BER_EINVAL, iri_encode(&ev, &e));
	ims_msg6(&ev);
	ev.msg.pani.n = IRI_MAX_PANI + 1;
	EXPECT_EQ(-BER_EINVAL, iri_encode(&ev, &e));
	start_ims(&ev);
	ev.start.n_originating = 0;
	EXPECT_EQ(-BER_EINVAL, iri_encode(&ev, &e));
	start_ims(&ev);
	ev.start.terminating.kind = IRI_IMPU_NONE;
	EXPECT_EQ(-BER_EINVAL, iri_encode(&ev, &e));
	start_ims(&ev);
	ev.start.roaming = 4;
	EXPECT_EQ(-BER_EINVAL, iri_encode(&ev, &e));
	ev.kind = 104;
	EXPECT_EQ(-BER_EINVAL, iri_encode(&ev, &e));
	EXPECT_EQ(0, e.len);
	EXPECT_EQ(0, ber_enc_error(&e));
	ber_enc_free(&e);
}

TEST(decoder_rejects_truncation)
{
	struct iri_event ev, d;
	struct ber_error err;
	struct ber_enc e;
	size_t n;

	start_ims(&ev);
	ber_enc_init(&e);
	ASSERT_EQ(0, iri_encode(&ev, &e));
	for (n = 0; n < e.len; n++) {
		uint8_t *c = malloc(n + 1);

		memcpy(c, e.buf, n);
		EXPECT_GT(0, iri_decode(c, n, &d, NULL, &err))
		TH_LOG("prefix %zu", n);
		free(c);
	}
	ber_enc_free(&e);
}

/* Encode the 4-octet-address IMSMessage of ims_message_bytes, patch one
 * octet, decode. */
static int patched2(size_t at, uint8_t v, size_t at2, uint8_t v2,
		    struct ber_error *err)
{
	struct iri_event ev = { .kind = IRI_IMS_MESSAGE }, d;
	struct ber_enc e;
	int rc;

	ev.msg.src.family = 4;
	ev.msg.dst.family = 4;
	ev.msg.sip = IB("X");
	ev.msg.direction = IRI_FROM_TARGET;
	ev.msg.roaming = IRI_ROAMING_S8HR;
	ber_enc_init(&e);
	if (iri_encode(&ev, &e))
		return 1000;
	e.buf[at] = v;
	if (at2 < e.len)
		e.buf[at2] = v2;
	rc = iri_decode(e.buf, e.len, &d, NULL, err);
	ber_enc_free(&e);
	return rc;
}

static int patched(size_t at, uint8_t v, struct ber_error *err)
{
	return patched2(at, v, SIZE_MAX, 0, err);
}

TEST(decoder_rejects_malformed)
{
	struct ber_error err;

	/* Offsets in "3029 81050413130301 a220 bf691d a115 a113 a106
	 * 81040a000001 a206 81040a000002 830158 820101 830102". */
	EXPECT_EQ(-BER_EOID, patched(4, 20, &err)); /* 4.20: LI_XER */
	EXPECT_EQ(-BER_EOID, patched(8, 2, &err)); /* xCC, not xIRI */
	EXPECT_EQ(-BER_EUNKNOWN, patched(12, 0x44, &err)); /* event [68] */
	EXPECT_NE(NULL, strstr(err.msg, "[68]"));
	EXPECT_EQ(-BER_ETAG, patched(9, 0x82, &err)); /* event primitive */
	EXPECT_EQ(-BER_EUNKNOWN, patched(16, 0xa2, &err)); /* modifiedSIP */
	EXPECT_EQ(-BER_EUNKNOWN, patched(20, 0x83, &err)); /* IP alt [3] */
	EXPECT_EQ(-BER_EVALUE, patched(20, 0x82, &err)); /* 4-octet IPv6 */
	EXPECT_EQ(-BER_EINTRANGE, patched(39, 0x05, &err)); /* direction 5 */
	EXPECT_EQ(-BER_EINTRANGE, patched(42, 0x00, &err)); /* roaming 0 */
	EXPECT_EQ(-BER_ETAG, patched(37, 0x83, &err)); /* [3] twice */
	/* [2] and [3] renumbered [8] and [9]: extensions, direction gone. */
	EXPECT_EQ(-BER_EMISSING, patched2(37, 0x88, 40, 0x89, &err));
	EXPECT_NE(NULL, strstr(err.msg, "[2] absent"));
	EXPECT_EQ(-BER_ETAG, patched(0, 0x31, &err));
	EXPECT_EQ(-BER_EINDEF, patched(1, 0x80, &err));
	EXPECT_EQ(-BER_ELENLONG, patched(1, 0x89, &err));
}

/* ------------------------------------------------------------------ */
/* Oracle 1: tshark li5g + xiri                                       */
/* ------------------------------------------------------------------ */

#define LI_PORT 41222
#define TSHARK "tshark -n -r %s -d tcp.port==%d,5gli"
#define QUIET "2>&1 | grep -v '^Running as user'"

static size_t x2_wrap(const struct ber_enc *e, uint8_t *out, size_t size)
{
	struct x2x3_pdu p = {
		.version = X2X3_VERSION_DEFAULT,
		.type = X2X3_PDU_X2,
		.payload_format = X2X3_PF_3GPP_33128,
		.direction = X2X3_DIR_FROM_TARGET,
		.correlation_id = 7,
		.present = 1u << X2X3_A_SEQ | 1u << X2X3_A_TIMESTAMP,
		.seq = 1,
		.ts_sec = 1700000000,
		.payload = e->buf,
		.payload_len = e->len,
	};
	ssize_t n;

	x2x3_uuid_parse("8c292fa1-5831-46ec-86be-bd85f2083299", p.xid);
	n = x2x3_encode(&p, out, size);
	return n < 0 ? 0 : n;
}

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

TEST_F_TIMEOUT(tshark, decodes_xiri_pdus, 600)
{
	static char out[1 << 16];
	char dir[] = "/tmp/lmisf-iri-XXXXXX", pcap[64], cmd[512];
	void (*mk[3])(struct iri_event *) = { ims_msg6, start_ims, ccu };
	static uint8_t buf[8192];
	struct iri_event ev;
	struct li_pcap c;
	struct ber_enc e;
	size_t i, n;

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(pcap, sizeof(pcap), "%s/x2.pcap", dir);
	ASSERT_EQ(0, li_pcap_open(&c, pcap, LI_PORT));
	ber_enc_init(&e);
	for (i = 0; i < 3; i++) {
		mk[i](&ev);
		ber_enc_reset(&e);
		ASSERT_EQ(0, iri_encode(&ev, &e));
		n = x2_wrap(&e, buf, sizeof(buf));
		ASSERT_LT(0, n);
		ASSERT_EQ(0, li_pcap_tcp(&c, buf, n));
	}
	ber_enc_free(&e);
	ASSERT_EQ(0, li_pcap_close(&c));

	/* li5g hands payload format 2 to xiri, which reads the OID. */
	snprintf(cmd, sizeof(cmd),
		 TSHARK " -T fields -E occurrence=f -e li5g.type -e li5g.pf "
			"-e lix2.xIRIPayloadOID " QUIET,
		 pcap, LI_PORT);
	ASSERT_EQ(0, li_run(cmd, out, sizeof(out)));
	EXPECT_STREQ("1\t2\t.4.19.19.3.1\n1\t2\t.4.19.19.3.1\n"
		     "1\t2\t.4.19.19.3.1\n",
		     out);

	/* Neither malformed nor any expert warning/error. */
	snprintf(
		cmd, sizeof(cmd),
		TSHARK
		" -V 2>&1 | grep -c -E "
		"'Malformed|Expert Info \\((Warning|Error)|BER Error' 2>&1; true",
		pcap, LI_PORT);
	ASSERT_EQ(0, li_run(cmd, out, sizeof(out)));
	/* A count, so a broken pattern cannot pass as "no match". */
	EXPECT_STREQ("0\n", out);

	/*
	 * Debian 12's tshark 4.0 has a pre-IMS lix2 module: its XIRIEvent
	 * knows nothing past the MME events and skips [105..107] silently.
	 * A newer tshark decodes them: then check the event numbers.
	 */
	snprintf(cmd, sizeof(cmd),
		 TSHARK " -T fields -E occurrence=f -e lix2.event " QUIET, pcap,
		 LI_PORT);
	ASSERT_EQ(0, li_run(cmd, out, sizeof(out)));
	if (strcmp(out, "\n\n\n")) {
		EXPECT_STREQ("105\n106\n107\n", out);
	} else {
		TH_LOG("tshark's xiri does not know the IMS events; "
		       "checked with asn1c instead");
	}

	if (!getenv("LMISF_KEEP_TMP")) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		EXPECT_EQ(0, system(cmd));
	}
}

TEST(through_x2_stream)
{
	void (*mk[3])(struct iri_event *) = { ims_msg6, start_ims, ccu };
	static uint8_t buf[16384];
	struct x2x3_stream st;
	struct x2x3_error xerr;
	struct ber_error err;
	struct iri_event ev, d;
	struct x2x3_pdu p;
	struct ber_enc e;
	size_t i, n, total = 0;
	int got = 0, rc;

	/* Three xIRIs as X2 PDUs, read back through the MDF-side stream. */
	ber_enc_init(&e);
	for (i = 0; i < 3; i++) {
		mk[i](&ev);
		ber_enc_reset(&e);
		ASSERT_EQ(0, iri_encode(&ev, &e));
		n = x2_wrap(&e, buf + total, sizeof(buf) - total);
		ASSERT_LT(0, n);
		total += n;
	}
	ber_enc_free(&e);
	x2x3_stream_init(&st, NULL);
	for (i = 0; i < total; i += 7) {
		ASSERT_EQ(0, x2x3_stream_feed(&st, buf + i,
					      total - i < 7 ? total - i : 7));
		while ((rc = x2x3_stream_next(&st, &p, NULL, NULL, &xerr))) {
			ASSERT_EQ(1, rc) TH_LOG("%s", xerr.msg);
			ASSERT_EQ(X2X3_PF_3GPP_33128, p.payload_format);
			ASSERT_EQ(0, iri_decode(p.payload, p.payload_len, &d,
						NULL, &err))
			TH_LOG("%s", err.msg);
			EXPECT_EQ(mk[got] == ims_msg6 ?
					  IRI_IMS_MESSAGE :
				  mk[got] == start_ims ?
					  IRI_START_OF_INTERCEPTION_IMS :
					  IRI_IMS_CC_UNAVAILABLE,
				  d.kind);
			got++;
		}
	}
	EXPECT_EQ(3, got);
	x2x3_stream_free(&st);
}

/* ------------------------------------------------------------------ */
/* Oracle 2: asn1c                                                    */
/* ------------------------------------------------------------------ */

/* Generous timeouts: building the decoder takes a while on a busy box. */
FIXTURE(asn1c)
{
	char dir[PATH_MAX];
	char *out;
};

FIXTURE_SETUP(asn1c)
{
	int rc;

	self->out = calloc(1, 1 << 16);
	self->dir[0] = '\0';
	rc = li_asn1c_build(self->dir, "TS33128Payloads-IMS.asn",
			    "XIRIPayload");
	if (rc > 0)
		SKIP(return, "asn1c, cc or the .asn source not available");
	ASSERT_EQ(0, rc) TH_LOG("asn1c build failed in %s", self->dir);
}

FIXTURE_TEARDOWN(asn1c)
{
	free(self->out);
}

static int decode(const char *dir, const struct iri_event *ev, char *out)
{
	struct ber_enc e;
	int rc;

	ber_enc_init(&e);
	rc = iri_encode(ev, &e);
	if (!rc)
		rc = li_asn1c_decode(dir, e.buf, e.len, out, 1 << 16);
	ber_enc_free(&e);
	return rc;
}

/* Hex of @s as asn1c prints OCTET STRINGs (upper case, squashed). */
static void hexup(const char *s, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02X", (unsigned char)s[i]);
}

TEST_F_TIMEOUT(asn1c, ims_message, 600)
{
	static char want[4096];
	struct iri_event ev;
	char *o = self->out;

	ims_msg6(&ev);
	ASSERT_EQ(0, decode(self->dir, &ev, o)) TH_LOG("%s", o);
	EXPECT_NE(NULL, strstr(o, "<xIRIPayloadOID>4.19.19.3.1<"));
	EXPECT_NE(NULL, strstr(o, "<iPSourceAddress><iPv6Address>"
				  "20010DB8000000000000000000000001<"));
	EXPECT_NE(NULL, strstr(o, "<iPDestinationAddress><iPv6Address>"
				  "20010DB8000000000000000000000002<"));
	strcpy(want, "<sIPContent>");
	hexup(sip, sizeof(sip) - 1, want + strlen(want));
	strcat(want, "</sIPContent>");
	EXPECT_NE(NULL, strstr(o, want)) TH_LOG("%s", o);
	EXPECT_NE(NULL, strstr(o, "<sessionDirection><fromTarget/>"));
	EXPECT_NE(NULL, strstr(o, "<voIPRoamingIndication><roamingS8HR/>"));
	EXPECT_NE(NULL, strstr(o, "<location><iMSLocation><pANIHeaderInfo>"
				  "<PANIHeaderInfo><accessNetworkInformation>"
				  "<accessNetworkInfo>3GPP-E-UTRAN-FDD;"
				  "utran-cell-id-3gpp=262011234ABCDEF01<"));
	EXPECT_NE(NULL, strstr(o, "<accessNetworkInformation>"
				  "<SIPAccessNetworkInformation>"
				  "<accessNetworkInfo>3GPP-E-UTRAN-FDD;"));
}

TEST_F_TIMEOUT(asn1c, start_of_interception, 600)
{
	static char want[4096];
	struct iri_event ev;
	char *o = self->out;

	start_ims(&ev);
	ASSERT_EQ(0, decode(self->dir, &ev, o)) TH_LOG("%s", o);
	EXPECT_NE(NULL, strstr(o, "<originatingId>"
				  "<sIPURI>sip:alice@ims.example</sIPURI>"
				  "<tELURI>tel:+491601111111</tELURI>"
				  "</originatingId>"))
	TH_LOG("%s", o);
	EXPECT_NE(NULL, strstr(o, "<terminatingId><tELURI>tel:+491711234567<"));
	strcpy(want, "<sDPState><OCTET_STRING>");
	hexup(SDP_OFFER, strlen(SDP_OFFER), want + strlen(want));
	strcat(want, "</OCTET_STRING><OCTET_STRING>763D300D0A<");
	EXPECT_NE(NULL, strstr(o, want)) TH_LOG("%s", o);
	EXPECT_NE(NULL, strstr(o, "<diversionIdentity><sIPURI>"
				  "sip:carol@ims.example<"));
	EXPECT_NE(NULL, strstr(o, "<voIPRoamingIndication><roamingS8HR/>"));
	EXPECT_NE(NULL, strstr(o, "<accessNetworkInfo>3GPP-E-UTRAN-FDD"
				  "</accessNetworkInfo>"));
}

TEST_F_TIMEOUT(asn1c, cc_unavailable, 600)
{
	struct iri_event ev;
	char *o = self->out;

	ccu(&ev);
	ASSERT_EQ(0, decode(self->dir, &ev, o)) TH_LOG("%s", o);
	EXPECT_NE(NULL, strstr(o, "<iMSCCUnavailable><cCUnavailableReason>"
				  "mediaflowinstallrefused<"))
	TH_LOG("%s", o);
	EXPECT_NE(NULL, strstr(o, "<sDPState>763D300D0A6F3D"));
}

TEST_HARNESS_MAIN
