// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace state: the tasks, flows, selector, configuration, sink and
 * copies of one network namespace are invisible to and unaffected by
 * another, and a namespace that dies with state in it is cleaned up.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lmisf_util.h"

FIXTURE(netns)
{
	int fd_a, fd_b; /* namespace file descriptors */
	struct lnl a, b; /* a socket in each */
	struct lnl_err e;
	struct lmsg m;
	uint8_t xid[LMISF_XID_LEN];
};

FIXTURE_SETUP(netns)
{
	int ret = new_netns();

	if (ret)
		SKIP(return, "unshare(CLONE_NEWNET): %s", strerror(-ret));
	self->fd_a = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, self->fd_a);
	ASSERT_EQ(0, lnl_open(&self->a));
	ASSERT_EQ(0, new_netns());
	self->fd_b = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, self->fd_b);
	ASSERT_EQ(0, lnl_open(&self->b));
	xid_of(self->xid, 6, 1);
}

FIXTURE_TEARDOWN(netns)
{
	lnl_close(&self->a);
	lnl_close(&self->b);
	close(self->fd_a);
	close(self->fd_b);
}

static int count_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(*(unsigned int *)arg)++;
	return 0;
}

TEST_F(netns, tasks_and_flows)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	unsigned int cnt = 0;
	struct nlattr *n;

	ASSERT_EQ(0, task_add_ipv4(&self->a, self->xid, "10.0.0.1", NULL,
				   &self->e));
	ASSERT_EQ(0, flow_add4(&self->a, self->xid, 1, IPPROTO_UDP, "10.0.0.1",
			       1000, "10.0.0.2", 2000, NULL, &self->e));

	ASSERT_EQ(0, task_count(&self->b, &cnt));
	EXPECT_EQ(0, cnt);
	EXPECT_EQ(-ENOENT, task_get(&self->b, self->xid, NULL, NULL, &self->e));
	EXPECT_EQ(-ENOENT, task_del(&self->b, self->xid, &self->e));
	cnt = 0;
	lmsg_init(&self->m, &self->b, LMISF_CMD_FLOW_GET, NLM_F_DUMP);
	ASSERT_EQ(0, lnl_talk(&self->b, &self->m, count_cb, &cnt, &self->e));
	EXPECT_EQ(0, cnt);
	EXPECT_EQ(-ENOENT,
		  flow_add4(&self->b, self->xid, 1, IPPROTO_UDP, "10.0.0.1",
			    1000, "10.0.0.2", 2000, NULL, &self->e));
	lmsg_init(&self->m, &self->b, LMISF_CMD_FLOW_DEL, 0);
	n = lmsg_nest(&self->m, LMISF_A_FLOW);
	lmsg_put(&self->m, LMISF_FLOW_A_XID, self->xid, LMISF_XID_LEN);
	lmsg_nest_end(&self->m, n);
	lnl_talk(&self->b, &self->m, NULL, NULL, &self->e);
	ASSERT_EQ(0, stats_get(&self->b, st));
	EXPECT_EQ(0, st[LMISF_STATS_A_TASKS]);
	EXPECT_EQ(0, st[LMISF_STATS_A_FLOWS]);
	EXPECT_EQ(0, st[LMISF_STATS_A_TARGETS]);

	/* The same XID is free in B; B's flush leaves A alone. */
	ASSERT_EQ(0, task_add_ipv4(&self->b, self->xid, "10.0.0.9", NULL,
				   &self->e))
	TH_LOG("%s", self->e.msg);
	ASSERT_EQ(0, simple_cmd(&self->b, LMISF_CMD_TASK_FLUSH, &self->e));
	ASSERT_EQ(0, stats_get(&self->a, st));
	EXPECT_EQ(1, st[LMISF_STATS_A_TASKS]);
	EXPECT_EQ(1, st[LMISF_STATS_A_FLOWS]);
	ASSERT_EQ(0, task_get(&self->a, self->xid, NULL, NULL, &self->e));
}

struct sel_ports {
	unsigned int n;
};

static int sel_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1], *a;

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (tb[LMISF_A_SELECTOR])
		lnl_for_each(a, lnl_data(tb[LMISF_A_SELECTOR]),
			     lnl_len(tb[LMISF_A_SELECTOR]))(
			(struct sel_ports *)arg)
			->n++;
	return 0;
}

TEST_F(netns, sink_selector_config)
{
	struct sel_ports sp = { 0 };
	struct nlattr *n, *p;

	ASSERT_EQ(0, sink_bind(&self->a, &self->e));
	EXPECT_EQ(-ENOENT, simple_cmd(&self->b, LMISF_CMD_SINK_GET, &self->e));
	/* B has its own sink: no EBUSY. */
	ASSERT_EQ(0, sink_bind(&self->b, &self->e)) TH_LOG("%s", self->e.msg);
	ASSERT_EQ(0, simple_cmd(&self->b, LMISF_CMD_SINK_UNBIND, &self->e));
	ASSERT_EQ(0, simple_cmd(&self->a, LMISF_CMD_SINK_GET, &self->e))
	TH_LOG("unbinding B's sink unbound A's");

	lmsg_init(&self->m, &self->a, LMISF_CMD_SELECTOR_SET, 0);
	n = lmsg_nest(&self->m, LMISF_A_SELECTOR);
	p = lmsg_nest(&self->m, LMISF_SELECTOR_A_PORT);
	lmsg_put_u8(&self->m, LMISF_PORT_A_PROTO, IPPROTO_UDP);
	lmsg_put_u16(&self->m, LMISF_PORT_A_PORT, htons(5099));
	lmsg_nest_end(&self->m, p);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, lnl_talk(&self->a, &self->m, NULL, NULL, &self->e));
	lmsg_init(&self->m, &self->b, LMISF_CMD_SELECTOR_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->b, &self->m, sel_cb, &sp, &self->e));
	EXPECT_EQ(2, sp.n) TH_LOG("B's selector is not the default");

	lmsg_init(&self->m, &self->a, LMISF_CMD_CONFIG_SET, 0);
	n = lmsg_nest(&self->m, LMISF_A_CONFIG);
	lmsg_put_u16(&self->m, LMISF_CONFIG_A_GTPU_PORT, htons(3000));
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, lnl_talk(&self->a, &self->m, NULL, NULL, &self->e));
}

TEST_F(netns, copies_stay_in_their_namespace)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	struct nlattr *n;
	uint32_t one = 1;

	/* Both have a sink and a task for the same address. */
	ASSERT_EQ(0, task_add_ipv4(&self->a, self->xid, "127.0.0.2", NULL,
				   &self->e));
	ASSERT_EQ(0, task_add_ipv4(&self->b, self->xid, "127.0.0.2", NULL,
				   &self->e));
	lmsg_init(&self->m, &self->a, LMISF_CMD_SINK_BIND, 0);
	n = lmsg_nest(&self->m, LMISF_A_SINK);
	lmsg_put(&self->m, LMISF_SINK_A_QTHRESHOLD, &one, 4);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, lnl_talk(&self->a, &self->m, NULL, NULL, &self->e));
	ASSERT_EQ(0, sink_bind(&self->b, &self->e));

	ASSERT_EQ(0, setns(self->fd_a, CLONE_NEWNET));
	ASSERT_EQ(0, send_udp4("127.0.0.2", 7000, 20));
	ASSERT_EQ(0, send_udp4("127.0.0.1", 5060, 20));
	EXPECT_EQ(1, sink_wait_copy(&self->a, 2000, NULL));

	/* B's hooks saw nothing: no packets, no copies, nothing queued. */
	ASSERT_EQ(0, stats_get(&self->b, st));
	EXPECT_EQ(0, st[LMISF_STATS_A_PACKETS]);
	EXPECT_EQ(0, st[LMISF_STATS_A_COPIES]);
	EXPECT_EQ(0, sink_wait_copy(&self->b, 0, NULL));
	ASSERT_EQ(0, stats_get(&self->a, st));
	EXPECT_GE(st[LMISF_STATS_A_COPIES_TARGET], 1);
	EXPECT_GE(st[LMISF_STATS_A_COPIES_SIGNALLING], 1);
}

/* A namespace that dies holding tasks, flows, a bound sink and copies. */
TEST_F(netns, dies_with_state)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	int status, i;
	pid_t pid;

	for (i = 0; i < 3; i++) {
		pid = fork();
		ASSERT_GE(pid, 0);
		if (pid == 0) {
			struct lnl nl;
			char addr[32];
			int j;

			if (new_netns() || lnl_open(&nl) ||
			    sink_bind(&nl, NULL))
				_exit(1);
			for (j = 0; j < 50; j++) {
				xid_of(self->xid, 6, j);
				snprintf(addr, sizeof(addr), "127.0.1.%d",
					 j + 1);
				if (task_add_ipv4(&nl, self->xid, addr, NULL,
						  NULL) ||
				    flow_add4(&nl, self->xid, j, IPPROTO_UDP,
					      addr, 1000, "127.0.0.1", 2000,
					      NULL, NULL))
					_exit(2);
				send_udp4(addr, 9, 100);
			}
			_exit(0); /* copies still queued on the socket */
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_EQ(0, WEXITSTATUS(status));
	}
	/* The family still works (the dead namespaces' state went quietly). */
	ASSERT_EQ(0, stats_get(&self->a, st));
	EXPECT_EQ(0, st[LMISF_STATS_A_TASKS]);
}

int main(int argc, char **argv)
{
	char why[256];

	if (lmisf_family_ready(why, sizeof(why))) {
		printf("1..0 # SKIP %s\n", why);
		return KSFT_SKIP;
	}
	return test_harness_run(argc, argv);
}
