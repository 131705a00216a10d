// SPDX-License-Identifier: GPL-2.0
/*
 * The periodic statistics line: every kernel counter under its
 * LMISF_STATS_A_* name, then the agent's counters.
 */
#include <stdio.h>

#include "kselftest_harness.h"

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

TEST_HARNESS_MAIN
