// SPDX-License-Identifier: GPL-2.0
/*
 * The periodic statistics line: every kernel counter under its
 * LMISF_STATS_A_* name, then the agent's counters.
 */
#include <stdio.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "layers.h"
#include "log.h"
#include "nlmsg.h"
#include "statsline.h"

TEST(names_match_the_kernel)
{
	uint64_t kv[LMISF_STATS_A_MAX + 1] = { 0 };
	bool kp[LMISF_STATS_A_MAX + 1] = { 0 };
	struct lm_config cfg;
	struct pipeline *pl;
	struct nlsource *ns;
	char line[8192], want[64];
	unsigned int i;
	size_t n;

	config_default(&cfg);
	pl = pipeline_new(&cfg, PL_SRC_KERNEL);
	ASSERT_NE(NULL, pl);
	ns = nlsource_new_detached(pl);
	ASSERT_NE(NULL, ns);
	for (i = 1; i < LMISF_STATS_A_PAD; i++) {
		kv[i] = 100 + i;
		kp[i] = true;
	}
	n = stats_line(line, sizeof(line), kv, kp, ns, pl);
	EXPECT_EQ(strlen(line), n);
	/* the kernel's counters first, in attribute order */
	EXPECT_EQ(0,
		  strncmp(line, "packets=101 copies=102 copies_signalling=103 ",
			  45));
	for (i = 1; i < LMISF_STATS_A_PAD; i++) {
		snprintf(want, sizeof(want), " %s=%u ", nl_stats_name(i),
			 100 + i);
		EXPECT_NE(NULL, i == 1 ? line : strstr(line, want))
		TH_LOG("%s missing", want);
	}
	EXPECT_NE(NULL, strstr(line, " drop_rcvbuf=110 "));
	EXPECT_NE(NULL, strstr(line, " rx_copies=0 "));
	EXPECT_NE(NULL, strstr(line, " seq_lost=0 "));
	EXPECT_NE(NULL, strstr(line, " enobufs=0 "));
	EXPECT_NE(NULL, strstr(line, " tasks_known=0 "));
	EXPECT_NE(NULL, strstr(line, " sip_udp=0 "));
	EXPECT_NE(NULL, strstr(line, " records_x2=0 "));
	/* the decoder's own names are prefixed: no second "packets=" */
	EXPECT_NE(NULL, strstr(line, " dec_packets=0 "));
	EXPECT_EQ(NULL, strstr(line + 1, " packets="));

	/* without the kernel's counters the line says so */
	stats_line(line, sizeof(line), NULL, NULL, ns, pl);
	EXPECT_EQ(0, strncmp(line, "kernel=unavailable rx_datagrams=0", 33));
	/* a short buffer is cut, never overrun */
	n = stats_line(line, 20, kv, kp, ns, pl);
	EXPECT_LT(n, 20);
	EXPECT_EQ(n, strlen(line));
	nlsource_free(ns);
	pipeline_free(pl);
}

/* The live line has every layer's counters after the pipeline's, and
 * the log writes it whole (it once cut lines at 1 KiB, losing the IMS
 * layer's and delivery's counters). */
TEST(whole_line_reaches_the_log)
{
	uint64_t kv[LMISF_STATS_A_MAX + 1] = { 0 };
	bool kp[LMISF_STATS_A_MAX + 1] = { 0 };
	static char line[LOG_LINE_MAX], got[LOG_LINE_MAX + 64];
	struct lm_config cfg;
	struct pipeline *pl;
	struct nlsource *ns;
	char err[128];
	int fds[2];
	ssize_t r;
	unsigned int i;

	config_default(&cfg);
	pl = pipeline_new(&cfg, PL_SRC_KERNEL);
	ASSERT_NE(NULL, pl);
	ASSERT_EQ(0, layers_attach(pl, &cfg, NULL, NULL, err, sizeof(err)));
	ns = nlsource_new_detached(pl);
	ASSERT_NE(NULL, ns);
	for (i = 1; i < LMISF_STATS_A_PAD; i++)
		kp[i] = true;
	stats_line(line, sizeof(line), kv, kp, ns, pl);
	/* the IMS layer's counters, retransmissions among them */
	EXPECT_NE(NULL, strstr(line, " retrans=0 "));
	EXPECT_NE(NULL, strstr(line, " nomem=0"));
	ASSERT_EQ(0, pipe(fds));
	log_set_fd(fds[1], false);
	log_set_level(LOG_LVL_INFO);
	log_info("stats: %s", line);
	r = read(fds[0], got, sizeof(got) - 1);
	ASSERT_LT(1024, r);
	got[r] = 0;
	EXPECT_NE(NULL, strstr(got, line));
	EXPECT_EQ('\n', got[r - 1]);
	close(fds[0]);
	close(fds[1]);
	log_set_fd(2, false);
	nlsource_free(ns);
	pipeline_free(pl);
}

TEST_HARNESS_MAIN
