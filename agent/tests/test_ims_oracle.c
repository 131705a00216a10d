// SPDX-License-Identifier: GPL-2.0
/*
 * The IMS layer's output read by an independent decoder: the X2 and X3
 * PDUs of an intercepted call (IMSMessage per SIP message, then RTP on
 * X3) written as one TCP stream and dissected by tshark's li5g (+ xiri).
 * Skips when tshark is absent.
 */
#include "kselftest_harness.h"

#include "ims_flows.h"
#include "li_oracle.h"
#include "pkt_build.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#define PORT 41224
#define TSHARK "tshark -n -r %s -d tcp.port==%d,5gli"
#define QUIET "2>&1 | grep -v '^Running as user'"

static void rtp(struct fake *f, const char *src, uint16_t sport,
		const char *dst, uint16_t dport)
{
	static uint8_t buf[256];
	static const uint8_t payload[12] = { 0x80, 0 };
	struct pl_match m = { .kind = LMISF_COPY_MEDIA,
			      .has_correlation = true,
			      .correlation_id = f->flows[0].correlation_id,
			      .flow_id = f->flow_ids[0] };
	struct pl_origin o = { .source = PL_SRC_REPLAY,
			       .n_matches = 1,
			       .matches = &m,
			       .ts_ns = f->now };
	struct pl_packet p = { .origin = &o, .pkt = buf };

	memcpy(m.xid, f->flows[0].xid, LMISF_XID_LEN);
	p.len = pb_udp4(buf, src, dst, sport, dport, payload, sizeof(payload));
	f->c.packet(f->c.ctx, &p);
}

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

TEST_F_TIMEOUT(tshark, call_records_decode, 600)
{
	static char out[1 << 16], want[4096];
	char dir[] = "/tmp/lmisf-ims-XXXXXX", pcap[64], cmd[512];
	struct fake *f = f_new(NULL);
	struct li_pcap c;
	unsigned int i;
	size_t w = 0;

	ASSERT_EQ(0, f_task(f, "xid " XID_A " delivery x2x3 correlation 77 "
			       "target impu sip:alice@ims.example"));
	flow_call_up(f, OFFER_A);
	rtp(f, "10.0.0.1", 40000, "10.0.0.2", 50000);
	rtp(f, "10.0.0.2", 50000, "10.0.0.1", 40000);
	flow_bye(f);
	ASSERT_EQ(9, f->n);

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(pcap, sizeof(pcap), "%s/ims.pcap", dir);
	ASSERT_EQ(0, li_pcap_open(&c, pcap, PORT));
	for (i = 0; i < f->n; i++) {
		ssize_t n = x2x3_encoded_size(&f->r[i].pdu);

		ASSERT_LT(0, n);
		ASSERT_EQ(0, li_pcap_tcp(&c, f->r[i].buf, (size_t)n));
		w += (size_t)snprintf(want + w, sizeof(want) - w,
				      "%u\t%u\t%u\t000000000000004d\t%u\n",
				      f->r[i].pdu.type,
				      f->r[i].pdu.payload_format,
				      f->r[i].pdu.direction,
				      (unsigned int)f->r[i].pdu.seq);
	}
	ASSERT_EQ(0, li_pcap_close(&c));

	snprintf(cmd, sizeof(cmd),
		 TSHARK " -T fields -E occurrence=f -e li5g.type -e li5g.pf "
			"-e li5g.pd -e li5g.cid -e li5g.sq " QUIET,
		 pcap, PORT);
	ASSERT_EQ(0, li_run(cmd, out, sizeof(out)));
	EXPECT_STREQ(want, out);

	snprintf(cmd, sizeof(cmd),
		 TSHARK " -T fields -E occurrence=f -e li5g.srcport "
			"-e li5g.mti -e lix2.xIRIPayloadOID " QUIET,
		 pcap, PORT);
	ASSERT_EQ(0, li_run(cmd, out, sizeof(out)));
	/* tshark 4.0 shows the matched target identifier as hex. */
	EXPECT_EQ(0, strncmp(out,
			     "5060\t7369703a616c69636540696d732e6578616d706c65"
			     "\t.4.19.19.3.1\n",
			     61))
	TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "40000\t\t\n50000\t\t\n"))
	TH_LOG("%s", out);

	snprintf(cmd, sizeof(cmd),
		 TSHARK " -V 2>&1 | grep -c -E "
			"'Malformed|Expert Info \\((Warning|Error)|BER Error' "
			"2>&1; true",
		 pcap, PORT);
	ASSERT_EQ(0, li_run(cmd, out, sizeof(out)));
	EXPECT_STREQ("0\n", out);
	if (!getenv("LMISF_KEEP_TMP")) {
		unlink(pcap);
		rmdir(dir);
	}
	f_free(f);
}

TEST_HARNESS_MAIN
