// SPDX-License-Identifier: GPL-2.0
/*
 * Control is admin-only: every operation of the family, dumps and the
 * sink binding included, is refused with EPERM without CAP_NET_ADMIN in
 * the initial user namespace, and nothing changes. Four ways to lack it:
 * capabilities dropped with capset (uid still 0), uid nobody, and uid
 * nobody with a user namespace of its own (with and without a network
 * namespace of its own), where it holds CAP_NET_ADMIN over that userns only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lmisf_util.h"

enum drop { DROP_CAPSET, DROP_NOBODY, DROP_USERNS, DROP_USERNS_NETNS };

FIXTURE(perm)
{
	struct lnl nl;
	struct lnl_err e;
	uint8_t xid[LMISF_XID_LEN];
};

FIXTURE_VARIANT(perm)
{
	enum drop how;
};

FIXTURE_VARIANT_ADD(perm, capset){ .how = DROP_CAPSET };
FIXTURE_VARIANT_ADD(perm, nobody){ .how = DROP_NOBODY };
FIXTURE_VARIANT_ADD(perm, userns){ .how = DROP_USERNS };
FIXTURE_VARIANT_ADD(perm, userns_netns){ .how = DROP_USERNS_NETNS };

FIXTURE_SETUP(perm)
{
	int ret = new_netns();

	if (ret)
		SKIP(return, "unshare(CLONE_NEWNET): %s", strerror(-ret));
	ASSERT_EQ(0, lnl_open(&self->nl));
	xid_of(self->xid, 4, 1);
	/* Something to read, modify and delete. */
	ASSERT_EQ(0, task_add_ipv4(&self->nl, self->xid, "10.0.0.1", NULL,
				   &self->e));
	ASSERT_EQ(0, flow_add4(&self->nl, self->xid, 1, IPPROTO_UDP, "10.0.0.1",
			       1000, "10.0.0.2", 2000, NULL, &self->e));
}

FIXTURE_TEARDOWN(perm)
{
	lnl_close(&self->nl);
}

static int drop_net_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -errno;
	d[0].effective &= ~(1u << CAP_NET_ADMIN);
	d[0].permitted &= ~(1u << CAP_NET_ADMIN);
	d[0].inheritable &= ~(1u << CAP_NET_ADMIN);
	if (syscall(SYS_capset, &h, d))
		return -errno;
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	return 0;
}

static int become_nobody(void)
{
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
		return -errno;
	return 0;
}

/* One request; prints and counts it unless the kernel said EPERM. */
static int expect_eperm(struct lnl *nl, struct lmsg *m, const char *what)
{
	struct lnl_err e;
	int ret = lnl_talk(nl, m, NULL, NULL, &e);

	if (ret == -EPERM)
		return 0;
	printf("# %s: expected EPERM, got %s ('%s')\n", what,
	       ret ? strerror(-ret) : "success", e.msg);
	return 1;
}

/* In the unprivileged child: every operation, with valid arguments. */
static int try_everything(const uint8_t *xid)
{
	uint8_t xid2[LMISF_XID_LEN];
	struct lnl nl;
	struct lmsg m;
	struct nlattr *n, *p;
	int bad = 0, ret, cmd;

	ret = lnl_open(&nl);
	if (ret) {
		/* The family must be visible, just not usable. */
		printf("# lnl_open: %s\n", strerror(-ret));
		return 100;
	}
	xid_of(xid2, 4, 2);
	for (cmd = 1; cmd <= LMISF_CMD_STATS_GET; cmd++) {
		char what[64];

		lmsg_init(&m, &nl, cmd, 0);
		switch (cmd) {
		case LMISF_CMD_TASK_NEW:
		case LMISF_CMD_TASK_SET:
			n = put_task(&m, cmd == LMISF_CMD_TASK_NEW ? xid2 : xid,
				     LMISF_DELIVERY_X2_ONLY);
			put_target_ipv4(&m, "10.0.0.9");
			lmsg_nest_end(&m, n);
			break;
		case LMISF_CMD_TASK_DEL:
		case LMISF_CMD_TASK_GET:
		case LMISF_CMD_TASK_REPORT:
			n = put_task(&m, xid, 0);
			if (cmd == LMISF_CMD_TASK_REPORT)
				lmsg_put_u64(&m, LMISF_TASK_A_X2_PDUS, 5);
			lmsg_nest_end(&m, n);
			break;
		case LMISF_CMD_FLOW_NEW:
		case LMISF_CMD_FLOW_DEL:
		case LMISF_CMD_FLOW_GET:
			n = lmsg_nest(&m, LMISF_A_FLOW);
			lmsg_put(&m, LMISF_FLOW_A_XID, xid, LMISF_XID_LEN);
			if (cmd == LMISF_CMD_FLOW_NEW) {
				lmsg_put_u64(&m, LMISF_FLOW_A_CORRELATION_ID,
					     1);
				lmsg_put_u8(&m, LMISF_FLOW_A_PROTO,
					    IPPROTO_UDP);
				lmsg_put_u32(&m, LMISF_FLOW_A_SRC_IPV4,
					     ip4("10.0.0.1"));
				lmsg_put_u32(&m, LMISF_FLOW_A_DST_IPV4,
					     ip4("10.0.0.3"));
				lmsg_put_u16(&m, LMISF_FLOW_A_SRC_PORT,
					     htons(1));
				lmsg_put_u16(&m, LMISF_FLOW_A_DST_PORT,
					     htons(2));
			}
			lmsg_nest_end(&m, n);
			break;
		case LMISF_CMD_SELECTOR_SET:
			n = lmsg_nest(&m, LMISF_A_SELECTOR);
			p = lmsg_nest(&m, LMISF_SELECTOR_A_PORT);
			lmsg_put_u8(&m, LMISF_PORT_A_PROTO, IPPROTO_UDP);
			lmsg_put_u16(&m, LMISF_PORT_A_PORT, htons(9999));
			lmsg_nest_end(&m, p);
			lmsg_nest_end(&m, n);
			break;
		case LMISF_CMD_CONFIG_SET:
			n = lmsg_nest(&m, LMISF_A_CONFIG);
			lmsg_put_u16(&m, LMISF_CONFIG_A_GTPU_PORT, htons(9999));
			lmsg_nest_end(&m, n);
			break;
		case LMISF_CMD_SINK_BIND:
		case LMISF_CMD_SINK_SET:
			n = lmsg_nest(&m, LMISF_A_SINK);
			lmsg_put_u32(&m, LMISF_SINK_A_QTHRESHOLD, 1);
			lmsg_nest_end(&m, n);
			break;
		}
		snprintf(what, sizeof(what), "command %d", cmd);
		bad += expect_eperm(&nl, &m, what);
	}
	lmsg_init(&m, &nl, LMISF_CMD_TASK_GET, NLM_F_DUMP);
	bad += expect_eperm(&nl, &m, "task dump");
	lmsg_init(&m, &nl, LMISF_CMD_FLOW_GET, NLM_F_DUMP);
	bad += expect_eperm(&nl, &m, "flow dump");
	lnl_close(&nl);
	return bad;
}

TEST_F(perm, every_operation_eperm)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	struct task_info t;
	struct lmsg m;
	int status, ret;
	pid_t pid;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		switch (variant->how) {
		case DROP_CAPSET:
			ret = drop_net_admin();
			break;
		case DROP_NOBODY:
			ret = become_nobody();
			break;
		default:
			ret = become_nobody();
			if (ret)
				break;
			if (unshare(CLONE_NEWUSER |
				    (variant->how == DROP_USERNS_NETNS ?
					     CLONE_NEWNET :
					     0))) {
				printf("# unshare(CLONE_NEWUSER): %s\n",
				       strerror(errno));
				_exit(KSFT_SKIP);
			}
			/* lo up needs CAP_NET_ADMIN over the new netns: held. */
			if (variant->how == DROP_USERNS_NETNS)
				new_netns();
		}
		if (ret) {
			printf("# dropping privileges: %s\n", strerror(-ret));
			_exit(101);
		}
		_exit(try_everything(self->xid));
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	if (WEXITSTATUS(status) == KSFT_SKIP)
		SKIP(return, "unprivileged user namespaces are not available");
	ASSERT_EQ(0, WEXITSTATUS(status))
	TH_LOG("%d operations were not refused with EPERM",
	       WEXITSTATUS(status));

	/* Nothing changed. */
	ASSERT_EQ(0,
		  task_get(&self->nl, self->xid, task_info_cb, &t, &self->e));
	EXPECT_EQ(0, t.modifications);
	EXPECT_EQ(1, t.ntargets);
	EXPECT_EQ(1, t.flows);
	EXPECT_EQ(0, t.x2_pdus);
	ASSERT_EQ(0, stats_get(&self->nl, st));
	EXPECT_EQ(1, st[LMISF_STATS_A_TASKS]);
	EXPECT_EQ(1, st[LMISF_STATS_A_FLOWS]);
	lmsg_init(&m, &self->nl, LMISF_CMD_SINK_GET, 0);
	EXPECT_EQ(-ENOENT, lnl_talk(&self->nl, &m, NULL, NULL, &self->e));
}

/*
 * A socket opened by root and kept after dropping CAP_NET_ADMIN: the
 * sender's capability counts, not only the opener's.
 */
TEST_F(perm, privileged_socket_after_drop)
{
	struct lmsg m;
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct lnl nl;
		int bad;

		if (lnl_open(&nl))
			_exit(100);
		if (variant->how == DROP_CAPSET ? drop_net_admin() :
						  become_nobody())
			_exit(101);
		lmsg_init(&m, &nl, LMISF_CMD_TASK_GET, NLM_F_DUMP);
		bad = expect_eperm(&nl, &m, "task dump");
		lmsg_init(&m, &nl, LMISF_CMD_SINK_BIND, 0);
		bad += expect_eperm(&nl, &m, "sink bind");
		lmsg_init(&m, &nl, LMISF_CMD_TASK_FLUSH, 0);
		bad += expect_eperm(&nl, &m, "task flush");
		_exit(bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	lmsg_init(&m, &self->nl, LMISF_CMD_SINK_GET, 0);
	EXPECT_EQ(-ENOENT, lnl_talk(&self->nl, &m, NULL, NULL, &self->e));
}

int main(int argc, char **argv)
{
	char why[256];

	if (lmisf_family_ready(why, sizeof(why))) {
		printf("1..0 # SKIP %s\n", why);
		return KSFT_SKIP;
	}
	if (geteuid() != 0) {
		printf("1..0 # SKIP must run as root\n");
		return KSFT_SKIP;
	}
	return test_harness_run(argc, argv);
}
