// SPDX-License-Identifier: GPL-2.0
/*
 * The matches a copy lists: at most 16 (the uapi's LMISF_COPY_A_MATCH).
 * A packet matching more tasks is still copied once, with 16 matches, and
 * the matches left out are counted in LMISF_STATS_A_MATCHES_UNLISTED.
 * Every test runs in a fresh network namespace; the datagrams go to a
 * bound socket on 127.0.0.2 (no ICMP error to match a second time).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lmisf_util.h"

#define LISTED 16
#define UE "127.0.0.2"
#define PORT 9000

struct seen {
	unsigned int copies, nmatch;
};

static int copy_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct seen *s = arg;
	struct copy_info c;

	if (parse_copy(nlh, &c))
		return 0;
	s->copies++;
	s->nmatch = (unsigned int)c.nmatch;
	return 0;
}

FIXTURE(matches)
{
	struct lnl sink, ctl;
	struct lnl_err e;
	int rx;
	unsigned int ntasks;
};

FIXTURE_SETUP(matches)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons(PORT),
		.sin_addr.s_addr = ip4(UE),
	};
	int ret = new_netns();

	self->rx = -1;
	if (ret)
		SKIP(return, "unshare(CLONE_NEWNET): %s", strerror(-ret));
	ASSERT_EQ(0, lnl_open(&self->sink));
	ASSERT_EQ(0, lnl_open(&self->ctl));
	ASSERT_EQ(0, sink_bind(&self->sink, &self->e));
	self->rx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->rx);
	ASSERT_EQ(0, bind(self->rx, (struct sockaddr *)&sa, sizeof(sa)));
}

FIXTURE_TEARDOWN(matches)
{
	if (self->rx >= 0)
		close(self->rx);
	lnl_close(&self->sink);
	lnl_close(&self->ctl);
}

/* Tasks up to n in all, each with the one target UE. */
static int tasks_to(struct lnl *ctl, unsigned int *have, unsigned int n,
		    struct lnl_err *e)
{
	uint8_t xid[LMISF_XID_LEN];
	int ret;

	for (; *have < n; (*have)++) {
		xid_of(xid, 16, *have + 1);
		ret = task_add_ipv4(ctl, xid, UE, NULL, e);
		if (ret)
			return ret;
	}
	return 0;
}

/* One datagram to UE; what the sink got and the counter afterwards. */
static int send_one(struct lnl *sink, struct lnl *ctl, struct seen *s,
		    uint64_t *unlisted)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	int ret;

	memset(s, 0, sizeof(*s));
	ret = send_udp4(UE, PORT, 64);
	if (!ret)
		ret = sink_read(sink, 300, copy_cb, s);
	if (ret < 0)
		return ret;
	ret = stats_get(ctl, st);
	*unlisted = st[LMISF_STATS_A_MATCHES_UNLISTED];
	return ret;
}

TEST_F(matches, sixteen_listed_none_counted)
{
	uint64_t unlisted;
	struct seen s;

	ASSERT_EQ(0, tasks_to(&self->ctl, &self->ntasks, LISTED, &self->e))
	TH_LOG("%s", self->e.msg);
	ASSERT_EQ(0, send_one(&self->sink, &self->ctl, &s, &unlisted));
	EXPECT_EQ(1, s.copies);
	EXPECT_EQ(LISTED, s.nmatch);
	EXPECT_EQ(0, unlisted);
}

TEST_F(matches, beyond_sixteen_counted)
{
	uint64_t unlisted;
	struct seen s;

	ASSERT_EQ(0, tasks_to(&self->ctl, &self->ntasks, LISTED + 5, &self->e))
	TH_LOG("%s", self->e.msg);
	ASSERT_EQ(0, send_one(&self->sink, &self->ctl, &s, &unlisted));
	EXPECT_EQ(1, s.copies);
	EXPECT_EQ(LISTED, s.nmatch);
	EXPECT_EQ(5, unlisted);

	/* per packet: a second one adds its own 5, then 2 tasks more */
	ASSERT_EQ(0, send_one(&self->sink, &self->ctl, &s, &unlisted));
	EXPECT_EQ(1, s.copies);
	EXPECT_EQ(10, unlisted);
	ASSERT_EQ(0, tasks_to(&self->ctl, &self->ntasks, LISTED + 7, &self->e));
	ASSERT_EQ(0, send_one(&self->sink, &self->ctl, &s, &unlisted));
	EXPECT_EQ(LISTED, s.nmatch);
	EXPECT_EQ(17, unlisted);
}

/* ModifyTask: the task also gets a CIDR target covering UE. */
static int task_overlap(struct lnl *ctl, unsigned int n, struct lnl_err *e)
{
	uint8_t xid[LMISF_XID_LEN];
	struct nlattr *t;
	struct lmsg m;

	xid_of(xid, 16, n);
	lmsg_init(&m, ctl, LMISF_CMD_TASK_SET, 0);
	t = put_task(&m, xid, LMISF_DELIVERY_X2_AND_X3);
	put_target_ipv4(&m, UE);
	put_target_cidr(&m, "127.0.0.0", 24);
	lmsg_nest_end(&m, t);
	return lnl_talk(ctl, &m, NULL, NULL, e);
}

TEST_F(matches, listed_task_found_twice_not_counted)
{
	uint64_t unlisted;
	struct seen s;

	/* 16 tasks, one of them found by two targets: still 16 matches */
	ASSERT_EQ(0, tasks_to(&self->ctl, &self->ntasks, LISTED, &self->e));
	ASSERT_EQ(0, task_overlap(&self->ctl, 1, &self->e))
	TH_LOG("%s", self->e.msg);
	ASSERT_EQ(0, send_one(&self->sink, &self->ctl, &s, &unlisted));
	EXPECT_EQ(1, s.copies);
	EXPECT_EQ(LISTED, s.nmatch);
	EXPECT_EQ(0, unlisted);
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
