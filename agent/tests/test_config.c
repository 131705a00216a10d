// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration file: every section and key type, the documented
 * example, and exact, line-numbered error messages for bad files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "config.h"

#define DID1 "7f1d1a52-93a4-4bb7-8c3e-0e2f7d9a4b11"
#define DID2 "0c0e57a4-2d44-4b39-9a38-52d1c87d0f00"

TEST(defaults)
{
	struct lm_config c;
	char err[256];

	ASSERT_EQ(0, config_parse(&c, "", "t.conf", err, sizeof(err)));
	EXPECT_EQ(65536, c.sink.nlbufsiz);
	EXPECT_EQ(64, c.sink.qthreshold);
	EXPECT_EQ(10, c.sink.flush_ms);
	EXPECT_EQ(LMISF_COPY_RANGE_MAX, c.sink.copy_range);
	EXPECT_EQ(64 << 20, c.sink.rcvbuf);
	EXPECT_EQ(2152, c.decode.gtpu_port);
	EXPECT_EQ(0, c.n_dests);
	EXPECT_FALSE(c.icf.enabled);
	EXPECT_EQ(LOG_LVL_INFO, c.log.level);
	EXPECT_EQ(60, c.log.stats_interval_s);
	config_free(&c);
}

TEST(every_section)
{
	static const char text[] = "# comment\n"
				   "; also a comment\n"
				   "\n"
				   "[sink]\n"
				   "nlbufsiz = 262144\n"
				   "  qthreshold=128  \r\n"
				   "flush_ms = 5\n"
				   "copy_range = 0\n"
				   "rcvbuf = 128M\n"
				   "[decode]\n"
				   "gtpu_port = 2153\n"
				   "frag_timeout_ms = 1500\n"
				   "frag_max_bytes = 16M\n"
				   "tcp_max_buffer = 512k\n"
				   "tcp_idle_timeout_s = 60\n"
				   "[ims]\n"
				   "max_dialogs = 5000\n"
				   "flow_grace_ms = 0\n"
				   "[delivery]\n"
				   "keepalive_interval_s = 0\n"
				   "reconnect_min_ms = 100\n"
				   "reconnect_max_ms = 100\n"
				   "[destination " DID1 "]\n"
				   "address = 192.0.2.50\n"
				   "port = 4000\n"
				   "[destination " DID2 "]\n"
				   "address = 2001:db8::50\n"
				   "port = 4001\n"
				   "tls = yes\n"
				   "ca = /etc/lmisf/ca.pem\n"
				   "cert = /etc/lmisf/agent.pem\n"
				   "key = /etc/lmisf/agent.key\n"
				   "server_name = mdf.example\n"
				   "[spool]\n"
				   "dir = /var/lib/lmisf spool\n"
				   "fsync = always\n"
				   "[icf]\n"
				   "lixer_address = ::\n"
				   "lixer_port = 7000\n"
				   "query_socket = /run/lmisfd/iqf.sock\n"
				   "query_mode = 0600\n"
				   "audit_log = /var/log/lmisfd/iqf-audit.log\n"
				   "search_window_s = 0\n"
				   "[log]\n"
				   "level = debug\n"
				   "stats_interval_s = 0\n";
	uint8_t did[16] = { 0x0c, 0x0e, 0x57, 0xa4 };
	const struct lm_dest *d;
	struct lm_config c;
	char err[256] = "";

	ASSERT_EQ(0, config_parse(&c, text, "t.conf", err, sizeof(err)))
	TH_LOG("%s", err);
	EXPECT_EQ(262144, c.sink.nlbufsiz);
	EXPECT_EQ(128, c.sink.qthreshold);
	EXPECT_EQ(5, c.sink.flush_ms);
	EXPECT_EQ(0, c.sink.copy_range);
	EXPECT_EQ(128 << 20, c.sink.rcvbuf);
	EXPECT_EQ(2153, c.decode.gtpu_port);
	EXPECT_EQ(1500000000ULL, c.decode.frag.timeout_ns);
	EXPECT_EQ(16 << 20, c.decode.frag.max_bytes);
	EXPECT_EQ(512 << 10, c.decode.tcp.max_buf);
	EXPECT_EQ(60000000000ULL, c.decode.tcp.idle_ns);
	EXPECT_EQ(5000, c.ims.max_dialogs);
	EXPECT_EQ(0, c.ims.flow_grace_ms);
	EXPECT_EQ(0, c.delivery.keepalive_interval_s);
	ASSERT_EQ(2, c.n_dests);
	EXPECT_STREQ("192.0.2.50", c.dests[0].address);
	EXPECT_EQ(4000, c.dests[0].port);
	EXPECT_FALSE(c.dests[0].tls);
	EXPECT_EQ(23, c.dests[0].line);
	EXPECT_EQ(0x7f, c.dests[0].did[0]);
	memcpy(did, c.dests[1].did, 16);
	d = config_find_dest(&c, did);
	ASSERT_NE(NULL, d);
	EXPECT_TRUE(d->tls);
	EXPECT_STREQ("/etc/lmisf/agent.key", d->key);
	EXPECT_STREQ("mdf.example", d->server_name);
	did[15] ^= 1;
	EXPECT_EQ(NULL, config_find_dest(&c, did));
	EXPECT_STREQ("/var/lib/lmisf spool", c.spool.dir);
	EXPECT_EQ(SPOOL_FSYNC_ALWAYS, c.spool.fsync);
	EXPECT_TRUE(c.icf.enabled);
	EXPECT_STREQ("::", c.icf.lixer_address);
	EXPECT_EQ(7000, c.icf.lixer_port);
	EXPECT_EQ(0600, c.icf.query_mode);
	EXPECT_EQ(0, c.icf.search_window_s);
	EXPECT_EQ(LOG_LVL_DEBUG, c.log.level);
	EXPECT_EQ(0, c.log.stats_interval_s);
	config_free(&c);
	EXPECT_EQ(0, c.n_dests);
}

/* One bad line each; the message names the file, the line and the fault. */
TEST(errors_exact)
{
	static const struct {
		const char *text, *err;
	} c[] = {
		{ "nlbufsiz = 1\n",
		  "t.conf:1: key \"nlbufsiz\" outside a section" },
		{ "[sink]\nnlbufsiz = 1\n",
		  "t.conf:2: nlbufsiz: 1 is out of range (4096..1048576)" },
		{ "[sink]\nnlbufsiz = 4k\n",
		  "t.conf:2: nlbufsiz: \"4k\" is not a decimal number" },
		{ "[sink]\nqthreshold = 1025\n",
		  "t.conf:2: qthreshold: 1025 is out of range (1..1024)" },
		{ "[sink]\nflush_ms = -1\n",
		  "t.conf:2: flush_ms: \"-1\" is not a decimal number" },
		{ "[sink]\ncopy_range = 65532\n",
		  "t.conf:2: copy_range: 65532 is out of range (0..65531)" },
		{ "[sink]\nrcvbuf = 1T\n",
		  "t.conf:2: rcvbuf: \"1T\" is not a size (bytes, or with k, M or G)" },
		{ "[sink]\nrcvbuf = 99999999999999999999\n",
		  "t.conf:2: rcvbuf: \"99999999999999999999\" is not a size (bytes, or with k, M or G)" },
		{ "[sink]\nrcvbuf = 16G\n",
		  "t.conf:2: rcvbuf: 17179869184 is out of range (65536..2147483647)" },
		{ "[sink]\nbufsize = 1\n",
		  "t.conf:2: unknown key \"bufsize\" in [sink]" },
		{ "[sink]\nflush_ms = 5\n\nflush_ms = 6\n",
		  "t.conf:4: flush_ms given twice (first at line 2)" },
		{ "[sink]\nflush_ms =\n", "t.conf:2: flush_ms: empty value" },
		{ "[sink]\nflush_ms 5\n",
		  "t.conf:2: expected \"key = value\", a [section] or a # comment" },
		{ "[sink]\n= 5\n", "t.conf:2: missing key before \"=\"" },
		{ "[sink]\nflush_ms = 5 # five\n",
		  "t.conf:2: flush_ms: \"5 # five\" is not a decimal number" },
		{ "[sinks]\n", "t.conf:1: unknown section [sinks]" },
		{ "[sink\n",
		  "t.conf:1: malformed section header (expected [name])" },
		{ "[sink] x\n",
		  "t.conf:1: malformed section header (expected [name])" },
		{ "[sink x]\n", "t.conf:1: section [sink] takes no argument" },
		{ "[log]\n[sink]\n[log]\n",
		  "t.conf:3: section [log] given twice (first at line 1)" },
		{ "[log]\nlevel = verbose\n",
		  "t.conf:2: level: \"verbose\" is not error, warning, notice, info or debug" },
		{ "[destination]\n",
		  "t.conf:1: [destination] needs a DID (a UUID): [destination UUID]" },
		{ "[destination 7f1d1a52]\n",
		  "t.conf:1: [destination] needs a DID (a UUID): [destination UUID]" },
		{ "[destination " DID1 "]\naddress = 10.0.0.1\nport = 1\n"
		  "[destination " DID1 "]\n",
		  "t.conf:4: destination " DID1
		  " given twice (first at line 1)" },
		{ "[destination " DID1 "]\naddress = mdf.example\n",
		  "t.conf:2: address: \"mdf.example\" is not a numeric IPv4 or IPv6 address" },
		{ "[destination " DID1 "]\naddress = 10.0.0.1\n",
		  "t.conf:1: destination: port is required" },
		{ "[destination " DID1 "]\nport = 4000\n",
		  "t.conf:1: destination: address is required" },
		{ "[destination " DID1 "]\naddress = 10.0.0.1\nport = 0\n",
		  "t.conf:3: port: 0 is out of range (1..65535)" },
		{ "[destination " DID1
		  "]\naddress = 10.0.0.1\nport = 1\ntls = on\n",
		  "t.conf:4: tls: expected yes or no" },
		{ "[destination " DID1
		  "]\naddress = 10.0.0.1\nport = 1\ntls = yes\n"
		  "ca = /ca.pem\ncert = /c.pem\n",
		  "t.conf:1: destination: tls = yes needs ca, cert and key (mutual authentication)" },
		{ "[destination " DID1
		  "]\naddress = 10.0.0.1\nport = 1\nca = /ca\n",
		  "t.conf:1: destination: ca, cert, key and server_name need tls = yes" },
		{ "[destination " DID1 "]\naddress = 10.0.0.1\nport = 1\n"
		  "key = agent.key\n",
		  "t.conf:4: key: \"agent.key\" is not an absolute path" },
		{ "[delivery]\nreconnect_min_ms = 1000\nreconnect_max_ms = 999\n",
		  "t.conf:1: reconnect_max_ms is below reconnect_min_ms" },
		{ "[spool]\nfsync = sometimes\n",
		  "t.conf:2: fsync: \"sometimes\" is not always, interval or never" },
		{ "[icf]\nquery_mode = 660\n",
		  "t.conf:2: query_mode: \"660\" is not an octal mode (0000..0777)" },
		{ "[icf]\nquery_mode = 01777\n",
		  "t.conf:2: query_mode: \"01777\" is not an octal mode (0000..0777)" },
		{ "\n[icf]\nlixer_port = 7000\n",
		  "t.conf:2: icf: lixer_address and lixer_port go together" },
		{ "[icf]\nlixer_address = ::\nlixer_port = 7000\nlixer_ca = /ca\n",
		  "t.conf:1: icf: lixer_ca, lixer_cert and lixer_key go together" },
		{ "[icf]\nquery_socket = /run/q.sock\n",
		  "t.conf:1: icf: query_socket needs audit_log (every query is audited)" },
		{ "[log]\nlevel = info\x01\n",
		  "t.conf:2: level: control character in the value" },
	};
	struct lm_config cfg;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		err[0] = 0;
		EXPECT_EQ(-EINVAL, config_parse(&cfg, c[i].text, "t.conf", err,
						sizeof(err)));
		EXPECT_STREQ(c[i].err, err);
		/* a refused file leaves the defaults, nothing allocated */
		EXPECT_EQ(0, cfg.n_dests);
		EXPECT_EQ(NULL, cfg.dests);
		EXPECT_EQ(65536, cfg.sink.nlbufsiz);
		config_free(&cfg);
	}
}

TEST(load_files)
{
	char path[64], err[256], want[256];
	struct lm_config c;
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/lmisf-test-config-%d",
		 (int)getpid());
	f = fopen(path, "w");
	ASSERT_NE(NULL, f);
	fputs("[log]\nlevel = warning\n", f);
	fclose(f);
	ASSERT_EQ(0, config_load(&c, path, err, sizeof(err)));
	EXPECT_EQ(LOG_LVL_WARN, c.log.level);
	config_free(&c);

	f = fopen(path, "w");
	ASSERT_NE(NULL, f);
	fwrite("[log]\nlevel = info\n\0\n", 1, 21, f);
	fclose(f);
	EXPECT_EQ(-EINVAL, config_load(&c, path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:3: NUL byte", path);
	EXPECT_STREQ(want, err);
	unlink(path);

	EXPECT_EQ(-ENOENT, config_load(&c, path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	EXPECT_STREQ(want, err);
	EXPECT_EQ(-EINVAL, config_load(&c, "/tmp", err, sizeof(err)));
	EXPECT_STREQ("/tmp: not a regular file of at most 1048576 bytes", err);
}

/* The documented example must load as it is. */
TEST(example_file)
{
	const char *p = "../Documentation/lmisfd.conf.example";
	struct lm_config c;
	char err[256] = "";

	if (access(p, R_OK))
		p = "../../Documentation/lmisfd.conf.example";
	if (access(p, R_OK))
		SKIP(return, "run from agent/ (make check does)");
	ASSERT_EQ(0, config_load(&c, p, err, sizeof(err)))
	TH_LOG("%s", err);
	EXPECT_EQ(1, c.n_dests);
	config_free(&c);
}

TEST_HARNESS_MAIN
