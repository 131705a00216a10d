// SPDX-License-Identifier: GPL-2.0
/*
 * test_x2x3_interop.c - X2/X3 against outside oracles: the PDUs other
 * implementations wrote (../shared/testdata/li, compared with tshark's
 * dissection stored beside them) and tshark's 5gli dissector run on a
 * pcap of our PDUs. Both skip when their material or tool is absent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

/* FIXTURE_SETUP/TEARDOWN define non-static functions without prototypes. */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#include "li_oracle.h"
#include "x2x3.h"
#include "x2x3_samples.h"

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
