// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrent netlink fuzzing of one namespace: the family runs with
 * parallel_ops, so several processes send valid and mutated requests of
 * every command at once (sharing the XIDs, fighting for the sink, closing
 * sockets, the bound sink among them, with dumps half read) while loopback
 * traffic, GTP-U included, is copied to whichever sink is bound. Every
 * reply must be well-formed (nlfuzz.c). Afterwards the tables agree with
 * each other and with the stats, no sink is left bound, a fresh one
 * receives a copy, copies add up; then rmmod and the kernel log.
 *
 * LMISF_NLFUZZ_SEED replays the request streams (not their interleaving),
 * LMISF_NLRACE_COUNT sets the requests per process (default 20000, 4000
 * when LMISF_KERNEL_FLAVOUR=debug).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lmisf_util.h"
#include "nlfuzz.h"
#include "nlfuzz_build.h"
#include "nlfuzz_model.h"

#define NPROC 4

static int kmsg_fd = -1;
static uint64_t seed;
static struct lmsg req, sentinel;

/* One request and its replies, checked; a sentinel when it may be silent. */
static int exchange(struct lnl *nl, size_t wire, struct fz_reply *r)
{
	enum fz_fate fate = fz_fate(&req, wire);
	struct fz_reply sr = { 0 };

	if (fz_send(nl, &req, wire))
		return -1;
	r->seq = req.nlh.nlmsg_seq;
	r->sent_len = req.nlh.nlmsg_len < wire ? req.nlh.nlmsg_len : wire;
	if (fate == FZ_TERMINAL)
		return fz_await(nl, r, NULL);
	lmsg_init(&sentinel, nl, LMISF_CMD_STATS_GET, 0);
	if (fz_send(nl, &sentinel, sentinel.nlh.nlmsg_len))
		return -1;
	sr.seq = sentinel.nlh.nlmsg_seq;
	sr.sent_len = sentinel.nlh.nlmsg_len;
	return fz_await(nl, &sr, r) || sr.err ? -1 : 0;
}

static int reopen(struct lnl *nl)
{
	int big = 8 << 20;

	lnl_close(nl);
	if (lnl_open(nl))
		return -1;
	setsockopt(nl->fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	return 0;
}

/* A worker: n requests on two sockets; exits 0, or 1 saying why. */
static void worker(unsigned int k, unsigned long long n)
{
	struct lnl nl[2] = { { .fd = -1 }, { .fd = -1 } };
	unsigned long long i;
	struct fz_reply r;
	uint32_t cfg[4];
	size_t wire;
	int s;

	fz_seed(seed + k);
	M.last_task_id = M.last_flow_id = 1000;
	if (reopen(&nl[0]) || reopen(&nl[1]))
		_exit(1);
	for (i = 0; i < n; i++) {
		unsigned int w = fz_below(100);

		s = fz_below(2);
		memset(&r, 0, sizeof(r));
		if (w < 2) {
			if (reopen(&nl[s]))
				_exit(1);
			continue;
		}
		if (w < 4) { /* a dump half read, then the socket goes */
			lmsg_init(&req, &nl[s], LMISF_CMD_TASK_GET, NLM_F_DUMP);
			if (fz_send(&nl[s], &req, req.nlh.nlmsg_len) ||
			    fz_read_one(&nl[s], 100) || reopen(&nl[s]))
				goto fail;
			continue;
		}
		if (w < 20)
			build_sink(&req, &nl[s],
				   w < 15 ? LMISF_CMD_SINK_BIND :
					    LMISF_CMD_SINK_SET,
				   cfg);
		else if (w < 24)
			lmsg_init(&req, &nl[s], LMISF_CMD_SINK_UNBIND, 0);
		else
			build_any(&req, &nl[s]);
		wire = req.nlh.nlmsg_len;
		if (w >= 24 && fz_chance(40))
			fz_mutate(&req, &wire);
		if (exchange(&nl[s], wire, &r) || fz_drain(&nl[!s]))
			goto fail;
	}
	_exit(0);
fail:
	fprintf(stderr, "# worker %u, request %llu: %s\n", k, i, fz_bad);
	_exit(1);
}

/* Loopback datagrams the targets and selector match, T-PDUs included. */
static void traffic(void)
{
	static const uint8_t tpdu[] = {
		0x30, 0xff, 0x00, 0x20, 0x00, 0x00, 0x00, 0x05, /* TEID 5 */
		0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00,
		0x40, 0x11, 0x00, 0x00, 10,   0,    0,	  1,
		10,   2,    0,	  1,	0x0f, 0xa0, 0x13, 0x88,
		0x00, 0x0c, 0x00, 0x00, 'x',  'y',  'z',  '!',
	};
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	unsigned int i;

	for (i = 0;; i++) {
		a4.sin_addr.s_addr = htonl(0x7f000001 + i % 8);
		a4.sin_port = htons(i % 3 == 0 ? 2152 :
				    i % 3 == 1 ? 5060 :
						 6000);
		sendto(fd, tpdu, sizeof(tpdu), 0, (void *)&a4, sizeof(a4));
		if (i % 64 == 63)
			usleep(1000);
	}
}

static int count_flows(const struct snapshot *s, const uint8_t *xid)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->nf; i++)
		n += !memcmp(s->f[i].xid, xid, LMISF_XID_LEN);
	return n;
}

static int collect_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct snapshot *s = arg;
	struct task_info ti;
	int i;

	if (parse_task(nlh, &ti) || s->nt == MAXT)
		return 0;
	memcpy(s->t[s->nt].xid, ti.xid, LMISF_XID_LEN);
	s->t[s->nt].nflows = ti.flows;
	s->t[s->nt].nkernel = 0;
	for (i = 0; i < ti.ntargets && i <= LMISF_MAX_TARGETS; i++)
		s->t[s->nt].nkernel += ti.target_type[i] <=
				       LMISF_TARGET_GTPU_TEID;
	s->nt++;
	return 0;
}

static unsigned long long per_proc(void)
{
	const char *n = getenv("LMISF_NLRACE_COUNT");
	const char *flavour = getenv("LMISF_KERNEL_FLAVOUR");

	if (n && *n)
		return strtoull(n, NULL, 0);
	return flavour && !strcmp(flavour, "debug") ? 4000 : 20000;
}

FIXTURE(nlrace)
{
	int unused;
};

FIXTURE_SETUP(nlrace)
{
	(void)self;
}

FIXTURE_TEARDOWN(nlrace)
{
	(void)self;
}

TEST_F_TIMEOUT(nlrace, concurrent, 3600)
{
	unsigned long long n = per_proc();
	uint64_t st[LMISF_STATS_A_MAX + 1];
	struct snapshot *s = snap_new();
	struct fz_reply r = { .cb = collect_cb, .arg = s };
	pid_t pids[NPROC], tpid;
	unsigned int i, nk = 0, failed = 0;
	struct timespec t0, t1;
	struct lnl ctl, sink;
	struct lnl_err e;
	int status;

	ASSERT_EQ(0, new_netns());
	TH_LOG("seed %llu, %u processes x %llu requests",
	       (unsigned long long)seed, NPROC, n);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	tpid = fork();
	ASSERT_LE(0, tpid);
	if (!tpid)
		traffic();
	for (i = 0; i < NPROC; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (!pids[i])
			worker(i, n);
	}
	for (i = 0; i < NPROC; i++) {
		waitpid(pids[i], &status, 0);
		failed += !WIFEXITED(status) || WEXITSTATUS(status);
	}
	kill(tpid, SIGKILL);
	waitpid(tpid, &status, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	TH_LOG("%llu requests in %.1f s", n * NPROC,
	       t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	ASSERT_EQ(0, failed);

	/* the tables agree with each other and with the stats */
	ASSERT_EQ(0, lnl_open(&ctl));
	lmsg_init(&req, &ctl, LMISF_CMD_TASK_GET, NLM_F_DUMP);
	ASSERT_EQ(0, exchange(&ctl, req.nlh.nlmsg_len, &r))
	TH_LOG("%s", fz_bad);
	ASSERT_EQ(0, r.err);
	r.cb = flow_cb;
	lmsg_init(&req, &ctl, LMISF_CMD_FLOW_GET, NLM_F_DUMP);
	ASSERT_EQ(0, exchange(&ctl, req.nlh.nlmsg_len, &r))
	TH_LOG("%s", fz_bad);
	ASSERT_EQ(0, r.err);
	for (i = 0; i < s->nt; i++) {
		nk += s->t[i].nkernel;
		EXPECT_EQ(s->t[i].nflows, count_flows(s, s->t[i].xid));
	}
	for (i = 0; i < s->nf; i++) {
		unsigned int j;

		for (j = 0; j < s->nt; j++)
			if (!memcmp(s->t[j].xid, s->f[i].xid, LMISF_XID_LEN))
				break;
		EXPECT_LT(j, s->nt) TH_LOG("flow %u of no task", s->f[i].id);
	}
	ASSERT_EQ(0, stats_get(&ctl, st));
	EXPECT_EQ(s->nt, st[LMISF_STATS_A_TASKS]);
	EXPECT_EQ(s->nf, st[LMISF_STATS_A_FLOWS]);
	EXPECT_EQ(nk, st[LMISF_STATS_A_TARGETS]);
	TH_LOG("%u tasks, %u flows, %llu copies", s->nt, s->nf,
	       (unsigned long long)st[LMISF_STATS_A_COPIES]);

	/* every worker's socket is closed: no sink; a fresh one works */
	lmsg_init(&req, &ctl, LMISF_CMD_SINK_GET, 0);
	r.cb = NULL;
	ASSERT_EQ(0, exchange(&ctl, req.nlh.nlmsg_len, &r));
	EXPECT_EQ(-ENOENT, r.err);
	ASSERT_EQ(0, lnl_open(&sink));
	ASSERT_EQ(0, sink_bind(&sink, &e)) TH_LOG("%s", e.msg);
	ASSERT_EQ(0, simple_cmd(&ctl, LMISF_CMD_SELECTOR_SET, &e));
	ASSERT_EQ(0, task_add_ipv4(&ctl, (uint8_t[16]){ 0x7b }, "127.0.0.98",
				   NULL, &e));
	ASSERT_EQ(0, send_udp4("127.0.0.98", 7000, 64));
	EXPECT_EQ(1, sink_wait_copy(&sink, 5000, NULL))
	TH_LOG("the fresh sink got no copy");
	ASSERT_EQ(0, simple_cmd(&sink, LMISF_CMD_SINK_UNBIND, &e));
	EXPECT_EQ(0, wait_copies_add_up(&ctl, st, 5000))
	TH_LOG("copies do not add up");
}

#define NLFUZZ_FIXTURE nlrace
#include "nlfuzz_main.h"
