// SPDX-License-Identifier: GPL-2.0
/*
 * `lmisfd --replay` with a destination configured: the records reach an
 * MDF through the live delivery path (tests/mdf_fixture.h, in a child
 * process since replay_main runs its own loop), every one of them, and
 * the summary counts them as sent, not as undeliverable.
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#include "kselftest_harness.h"

#include "config.h"
#include "li_oracle.h"
#include "mdf_fixture.h"
#include "replay.h"

#define XID "2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162"
#define DID "7f1d1a52-93a4-4bb7-8c3e-0e2f7d9a4b11"

struct counts {
	unsigned int x2, x3, other, accepted;
};

/*
 * The MDF, in a child with a loop of its own (an epoll instance is shared
 * across fork): says its port, counts PDUs until the agent closes its
 * connection, says the counts.
 */
static void mdf_child(int out)
{
	struct counts c = { 0 };
	uint64_t end = loop_now_ms() + 60000;
	struct loop *l = loop_new();
	struct tmdf mdf, *m = &mdf;

	tmdf_init(m, l);
	if (!l || tmdf_start(m, 0) ||
	    write(out, &m->port, sizeof(m->port)) != sizeof(m->port))
		_exit(1);
	while (loop_now_ms() < end && !(m->accepted && m->cfd < 0))
		loop_run_once(m->l, 100);
	for (unsigned int i = 0; i < m->n; i++) {
		struct x2x3_pdu p;

		if (x2x3_parse(m->pdu[i], m->len[i], NULL, &p, NULL))
			c.other++;
		else if (p.type == X2X3_PDU_X2)
			c.x2++;
		else if (p.type == X2X3_PDU_X3)
			c.x3++;
		else
			c.other++;
	}
	c.accepted = m->accepted;
	if (write(out, &c, sizeof(c)) != sizeof(c))
		_exit(1);
	_exit(0);
}

/* Not used here: the child exits without freeing. */
static void __attribute__((unused)) unused(void)
{
	(void)tmdf_pause;
	(void)tmdf_free;
}

TEST(replay_delivers_to_the_mdf)
{
	char *tasks[] = { "xid " XID " delivery x2x3 target ipv4 127.0.0.1 "
			  "did " DID };
	char path[PATH_MAX + 128], conf[512], err[256], spool[64];
	const char *td = li_testdata();
	struct lm_config cfg;
	struct counts c = { 0 };
	uint16_t port;
	char *out = NULL;
	size_t len = 0;
	int fds[2], status;
	pid_t pid;
	FILE *f;

	if (!td)
		SKIP(return, "testdata absent");
	/* tshark: 6 SIP messages and 246 RTP packets of one call */
	snprintf(path, sizeof(path),
		 "%s/pcaps/sip-rtp/sipp_uac_pcap_vs_uas_loopback.pcapng", td);
	ASSERT_EQ(0, pipe(fds));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(fds[0]);
		mdf_child(fds[1]);
	}
	close(fds[1]);
	ASSERT_EQ(sizeof(port), read(fds[0], &port, sizeof(port)));
	snprintf(spool, sizeof(spool), "/tmp/lmisf-test-rdeliver-%d",
		 (int)getpid());
	snprintf(conf, sizeof(conf),
		 "[destination " DID "]\naddress = 127.0.0.1\nport = %u\n"
		 "[spool]\ndir = %s\n",
		 port, spool);
	ASSERT_EQ(0, config_parse(&cfg, conf, "test.conf", err, sizeof(err)))
	TH_LOG("%s", err);
	f = open_memstream(&out, &len);
	ASSERT_EQ(0, replay_main(&cfg, path, tasks, 1, NULL, f));
	fclose(f);
	ASSERT_EQ(sizeof(c), read(fds[0], &c, sizeof(c)));
	waitpid(pid, &status, 0);
	EXPECT_EQ(0, status);
	/* all 252 records reached the MDF, none counted undeliverable */
	EXPECT_EQ(1, c.accepted);
	EXPECT_EQ(6, c.x2);
	EXPECT_EQ(246, c.x3);
	EXPECT_EQ(0, c.other);
	EXPECT_NE(NULL, strstr(out, " records_x2=6 records_x3=246 "
				    "records_refused=0 "
				    "records_undeliverable=0 "))
	TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, " delivered_x2=6 delivered_x3=246 "))
	TH_LOG("%s", out);
	free(out);
	config_free(&cfg);
	snprintf(conf, sizeof(conf), "rm -rf %s", spool);
	if (system(conf))
		TH_LOG("could not remove %s", spool);
}

TEST_HARNESS_MAIN
