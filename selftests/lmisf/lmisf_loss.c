// SPDX-License-Identifier: GPL-2.0
/*
 * Loss accounting: a sink with a tiny receive buffer under a burst. The
 * sequence gaps the agent sees (trailing ones against the kernel's next
 * sequence number) equal DROP_RCVBUF + DROP_NOMEM + DROP_UNBIND exactly,
 * what arrived equals DELIVERED, and the task's drop counter agrees. Copies
 * pending in a batch when the sink goes away are counted as DROP_UNBIND.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lmisf_util.h"

#define BURST 3000

struct rx {
	uint64_t received, gaps, last, reorder;
};

static int rx_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct rx *rx = arg;
	struct copy_info c;

	if (parse_copy(nlh, &c))
		return 0;
	rx->received++;
	if (c.seq > rx->last + 1)
		rx->gaps += c.seq - rx->last - 1;
	if (c.seq <= rx->last)
		rx->reorder++;
	else
		rx->last = c.seq;
	return 0;
}

static int next_seq_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	const struct nlattr *ts[LMISF_SINK_A_MAX + 1];

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (tb[LMISF_A_SINK]) {
		lnl_parse_nest(ts, LMISF_SINK_A_MAX, tb[LMISF_A_SINK]);
		if (ts[LMISF_SINK_A_NEXT_SEQ])
			*(uint64_t *)arg = lnl_u64(ts[LMISF_SINK_A_NEXT_SEQ]);
	}
	return 0;
}

FIXTURE(loss)
{
	struct lnl sink, ctl;
	struct lnl_err e;
	uint8_t xid[LMISF_XID_LEN];
};

FIXTURE_VARIANT(loss)
{
	uint32_t qthreshold, nlbufsiz, flush_ms;
};

/* One copy per datagram, and batches of many. */
FIXTURE_VARIANT_ADD(loss, single){ .qthreshold = 1,
				   .nlbufsiz = 4096,
				   .flush_ms = 10 };
FIXTURE_VARIANT_ADD(loss, batched){ .qthreshold = 32,
				    .nlbufsiz = 16384,
				    .flush_ms = 5 };

FIXTURE_SETUP(loss)
{
	int ret = new_netns();

	if (ret)
		SKIP(return, "unshare(CLONE_NEWNET): %s", strerror(-ret));
	ASSERT_EQ(0, lnl_open(&self->sink));
	ASSERT_EQ(0, lnl_open(&self->ctl));
	xid_of(self->xid, 8, 1);
	ASSERT_EQ(0, task_add_ipv4(&self->ctl, self->xid, "127.0.0.2", NULL,
				   &self->e));
}

FIXTURE_TEARDOWN(loss)
{
	lnl_close(&self->sink);
	lnl_close(&self->ctl);
}

static int bind_with(struct lnl *nl, uint32_t q, uint32_t nb, uint32_t fl,
		     struct lnl_err *e)
{
	struct nlattr *n;
	struct lmsg m;

	lmsg_init(&m, nl, LMISF_CMD_SINK_BIND, 0);
	n = lmsg_nest(&m, LMISF_A_SINK);
	lmsg_put_u32(&m, LMISF_SINK_A_QTHRESHOLD, q);
	lmsg_put_u32(&m, LMISF_SINK_A_NLBUFSIZ, nb);
	lmsg_put_u32(&m, LMISF_SINK_A_FLUSH_MS, fl);
	lmsg_nest_end(&m, n);
	return lnl_talk(nl, &m, NULL, NULL, e);
}

TEST_F(loss, gaps_equal_drop_counters)
{
	uint64_t st[LMISF_STATS_A_MAX + 1], next_seq = 0;
	struct rx rx = { 0 };
	struct task_info t;
	struct lmsg m;
	int tiny = 1, i, overruns;

	/* The kernel rounds the buffer up to its minimum (a few KiB). */
	ASSERT_EQ(0, setsockopt(self->sink.fd, SOL_SOCKET, SO_RCVBUFFORCE,
				&tiny, sizeof(tiny)));
	ASSERT_EQ(0, bind_with(&self->sink, variant->qthreshold,
			       variant->nlbufsiz, variant->flush_ms, &self->e))
	TH_LOG("%s", self->e.msg);
	/* The burst, not read meanwhile. */
	for (i = 0; i < BURST; i++)
		ASSERT_EQ(0, send_udp4("127.0.0.2", 9000, 200));
	overruns = sink_read(&self->sink, 500, rx_cb, &rx);
	ASSERT_LE(0, overruns);
	/* Nothing more can come: no traffic; read the kernel's view. */
	lmsg_init(&m, &self->ctl, LMISF_CMD_SINK_GET, 0);
	ASSERT_EQ(0,
		  lnl_talk(&self->ctl, &m, next_seq_cb, &next_seq, &self->e));
	ASSERT_EQ(0, stats_get(&self->ctl, st));
	ASSERT_EQ(0,
		  task_get(&self->ctl, self->xid, task_info_cb, &t, &self->e));
	if (next_seq > rx.last + 1)
		rx.gaps += next_seq - rx.last - 1;
	TH_LOG("copies %llu received %llu gaps %llu overruns %d rcvbuf %llu "
	       "nomem %llu unbind %llu batches %llu",
	       (unsigned long long)st[LMISF_STATS_A_COPIES],
	       (unsigned long long)rx.received, (unsigned long long)rx.gaps,
	       overruns, (unsigned long long)st[LMISF_STATS_A_DROP_RCVBUF],
	       (unsigned long long)st[LMISF_STATS_A_DROP_NOMEM],
	       (unsigned long long)st[LMISF_STATS_A_DROP_UNBIND],
	       (unsigned long long)st[LMISF_STATS_A_BATCHES]);

	ASSERT_GT(st[LMISF_STATS_A_DROP_RCVBUF], 0)
	TH_LOG("the burst did not overflow the sink: the test proves nothing");
	EXPECT_EQ(0, rx.reorder);
	EXPECT_EQ(rx.gaps, st[LMISF_STATS_A_DROP_RCVBUF] +
				   st[LMISF_STATS_A_DROP_NOMEM] +
				   st[LMISF_STATS_A_DROP_UNBIND]);
	EXPECT_EQ(rx.received + rx.gaps, next_seq - 1);
	EXPECT_EQ(rx.received, st[LMISF_STATS_A_DELIVERED]);
	EXPECT_EQ(st[LMISF_STATS_A_COPIES], next_seq - 1);
	EXPECT_EQ(0, st[LMISF_STATS_A_DROP_NO_SINK]);
	EXPECT_EQ(st[LMISF_STATS_A_COPIES], t.copies);
	EXPECT_EQ(rx.gaps, t.copy_drops);
}

TEST_F(loss, pending_batch_counted_on_unbind)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	struct rx rx = { 0 };
	int i;

	/* Big batches and a long timer: the copies stay pending. */
	ASSERT_EQ(0, bind_with(&self->sink, 1024, LMISF_NLBUFSIZ_MAX, 10000,
			       &self->e))
	TH_LOG("%s", self->e.msg);
	for (i = 0; i < 20; i++)
		ASSERT_EQ(0, send_udp4("127.0.0.2", 9000, 100));
	ASSERT_LE(0, sink_read(&self->sink, 0, rx_cb, &rx));
	lnl_close(&self->sink);
	ASSERT_EQ(0, stats_get(&self->ctl, st));
	TH_LOG("copies %llu delivered %llu unbind %llu received %llu",
	       (unsigned long long)st[LMISF_STATS_A_COPIES],
	       (unsigned long long)st[LMISF_STATS_A_DELIVERED],
	       (unsigned long long)st[LMISF_STATS_A_DROP_UNBIND],
	       (unsigned long long)rx.received);
	ASSERT_GE(st[LMISF_STATS_A_COPIES], 20);
	EXPECT_EQ(st[LMISF_STATS_A_COPIES],
		  st[LMISF_STATS_A_DELIVERED] + st[LMISF_STATS_A_DROP_RCVBUF] +
			  st[LMISF_STATS_A_DROP_NOMEM] +
			  st[LMISF_STATS_A_DROP_UNBIND]);
	EXPECT_EQ(st[LMISF_STATS_A_COPIES] - rx.received,
		  st[LMISF_STATS_A_DROP_UNBIND]);
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
