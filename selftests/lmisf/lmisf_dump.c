// SPDX-License-Identifier: GPL-2.0
/*
 * Dumps of a large task table while other tasks are added and removed
 * concurrently: every dump is either complete and exact (each stable task
 * exactly once, with its own ID and XID, in ID order, nothing foreign) or
 * flagged NLM_F_DUMP_INTR; never silently wrong.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lmisf_util.h"

#define NSTABLE 10000
#define TAG_STABLE 0x51
#define TAG_CHURN 0x52
#define WINDOW 32

static uint32_t stable_id[NSTABLE];

static int new_id_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct task_info t;

	(void)arg;
	if (!parse_task(nlh, &t) && t.xid[11] == TAG_STABLE) {
		uint32_t n = (uint32_t)t.xid[12] << 24 | t.xid[13] << 16 |
			     t.xid[14] << 8 | t.xid[15];

		if (n < NSTABLE)
			stable_id[n] = t.id;
	}
	return 0;
}

/* TASK_NEW for tag/n with a UE address derived from n. */
static void build_new(struct lnl *nl, struct lmsg *m, uint32_t tag, uint32_t n)
{
	uint8_t xid[LMISF_XID_LEN];
	struct nlattr *t;
	char addr[32];

	xid_of(xid, tag, n);
	snprintf(addr, sizeof(addr), "10.%u.%u.%u", tag & 0xff, (n >> 8) & 0xff,
		 n & 0xff);
	lmsg_init(m, nl, LMISF_CMD_TASK_NEW, 0);
	t = put_task(m, xid, LMISF_DELIVERY_X2_AND_X3);
	put_target_ipv4(m, addr);
	lmsg_nest_end(m, t);
}

/* Adds NSTABLE tasks, WINDOW requests in flight at a time. */
static int add_stable(struct lnl *nl)
{
	uint32_t seqs[WINDOW];
	struct lnl_err e;
	struct lmsg m;
	uint32_t n, i, k;
	int ret;

	for (n = 0; n < NSTABLE; n += k) {
		for (k = 0; k < WINDOW && n + k < NSTABLE; k++) {
			build_new(nl, &m, TAG_STABLE, n + k);
			ret = lnl_send(nl, &m);
			if (ret)
				return ret;
			seqs[k] = m.nlh.nlmsg_seq;
		}
		for (i = 0; i < k; i++) {
			ret = lnl_recv(nl, seqs[i], new_id_cb, NULL, &e);
			if (ret) {
				fprintf(stderr, "# task %u: %s (%s)\n", n + i,
					strerror(-ret), e.msg);
				return ret;
			}
		}
	}
	return 0;
}

/* The churn: adds and removes other tasks until killed. */
static void churn(void)
{
	struct lnl nl;
	struct lmsg m;
	uint32_t n;

	if (lnl_open(&nl))
		_exit(1);
	for (n = 0;; n++) {
		uint8_t xid[LMISF_XID_LEN];

		build_new(&nl, &m, TAG_CHURN, n % 4096);
		lnl_talk(&nl, &m, NULL, NULL, NULL);
		xid_of(xid, TAG_CHURN, (n + 2048) % 4096);
		task_del(&nl, xid, NULL);
	}
}

struct dump_check {
	unsigned int entries, stable, churn, foreign, dup, wrong_id, order;
	uint32_t last_id;
	uint8_t seen[NSTABLE];
};

static int check_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_check *d = arg;
	struct task_info t;
	uint32_t n;

	if (parse_task(nlh, &t))
		return 0;
	d->entries++;
	if (d->entries > 1 && t.id <= d->last_id)
		d->order++;
	d->last_id = t.id;
	n = (uint32_t)t.xid[12] << 24 | t.xid[13] << 16 | t.xid[14] << 8 |
	    t.xid[15];
	if (t.xid[11] == TAG_CHURN && n < 4096 && t.ntargets == 1) {
		d->churn++;
	} else if (t.xid[11] == TAG_STABLE && n < NSTABLE) {
		d->stable++;
		if (d->seen[n]++)
			d->dup++;
		if (stable_id[n] != t.id || t.ntargets != 1 ||
		    t.delivery != LMISF_DELIVERY_X2_AND_X3)
			d->wrong_id++;
	} else {
		d->foreign++;
	}
	return 0;
}

static int dump(struct lnl *nl, struct dump_check *d, struct lnl_err *e)
{
	struct lmsg m;

	memset(d, 0, sizeof(*d));
	lmsg_init(&m, nl, LMISF_CMD_TASK_GET, NLM_F_DUMP);
	return lnl_talk(nl, &m, check_cb, d, e);
}

FIXTURE(dump)
{
	struct lnl nl;
	struct lnl_err e;
};

FIXTURE_SETUP(dump)
{
	int ret = new_netns();

	if (ret)
		SKIP(return, "unshare(CLONE_NEWNET): %s", strerror(-ret));
	ASSERT_EQ(0, lnl_open(&self->nl));
	ASSERT_EQ(0, add_stable(&self->nl));
}

FIXTURE_TEARDOWN(dump)
{
	lnl_close(&self->nl);
}

#define ASSERT_EXACT(d)                          \
	do {                                     \
		ASSERT_EQ(NSTABLE, (d)->stable); \
		EXPECT_EQ(0, (d)->dup);          \
		EXPECT_EQ(0, (d)->wrong_id);     \
		EXPECT_EQ(0, (d)->foreign);      \
		EXPECT_EQ(0, (d)->order);        \
	} while (0)

TEST_F_TIMEOUT(dump, concurrent_changes, 600)
{
	static struct dump_check d;
	unsigned int i, intr = 0, exact = 0;
	int status;
	pid_t pid;

	/* Quiet table: exact, not interrupted. */
	ASSERT_EQ(0, dump(&self->nl, &d, &self->e)) TH_LOG("%s", self->e.msg);
	EXPECT_FALSE(self->e.intr);
	ASSERT_EXACT(&d);
	TH_LOG("quiet dump: %u tasks in %u messages", d.entries, self->e.msgs);

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0)
		churn();
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(0, dump(&self->nl, &d, &self->e))
		TH_LOG("%s", self->e.msg);
		if (self->e.intr) {
			/* Flagged: may be incomplete, never garbled. */
			EXPECT_EQ(0, d.wrong_id);
			EXPECT_EQ(0, d.foreign);
			intr++;
			continue;
		}
		exact++;
		ASSERT_EXACT(&d);
	}
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	TH_LOG("under churn: %u dumps exact, %u flagged NLM_F_DUMP_INTR", exact,
	       intr);

	/* Quiet again: exact, and the churn's leftovers are well-formed. */
	ASSERT_EQ(0, dump(&self->nl, &d, &self->e));
	EXPECT_FALSE(self->e.intr);
	ASSERT_EXACT(&d);
}

/* Small reads: a dump spread over many messages and restarts by ID. */
TEST_F_TIMEOUT(dump, delete_half_while_dumping, 600)
{
	static struct dump_check d;
	struct lnl other;
	uint8_t xid[LMISF_XID_LEN];
	unsigned int i, deleted = 0;
	int ret;

	ASSERT_EQ(0, lnl_open(&other));
	/* Start a dump, delete every other task, then read the dump out. */
	{
		struct lmsg m;

		memset(&d, 0, sizeof(d));
		lmsg_init(&m, &self->nl, LMISF_CMD_TASK_GET, NLM_F_DUMP);
		ASSERT_EQ(0, lnl_send(&self->nl, &m));
		for (i = 0; i < NSTABLE; i += 2) {
			xid_of(xid, TAG_STABLE, i);
			ASSERT_EQ(0, task_del(&other, xid, &self->e));
			deleted++;
		}
		ret = lnl_recv(&self->nl, m.nlh.nlmsg_seq, check_cb, &d,
			       &self->e);
		ASSERT_EQ(0, ret);
	}
	TH_LOG("%u of %u tasks seen, interrupted: %d", d.stable, NSTABLE,
	       self->e.intr);
	EXPECT_EQ(0, d.dup);
	EXPECT_EQ(0, d.wrong_id);
	EXPECT_EQ(0, d.order);
	if (!self->e.intr) {
		/* Unflagged: every task that stayed must be there. */
		for (i = 1; i < NSTABLE; i += 2)
			ASSERT_TRUE(d.seen[i]) TH_LOG("task %u missing", i);
	}
	ASSERT_EQ(0, dump(&self->nl, &d, &self->e));
	EXPECT_EQ(NSTABLE - deleted, d.stable);
	EXPECT_EQ(0, d.dup);
	lnl_close(&other);
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
