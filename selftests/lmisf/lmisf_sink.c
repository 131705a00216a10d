// SPDX-License-Identifier: GPL-2.0
/*
 * The sink: one bound socket per namespace. Binding, settings and their
 * ranges, EBUSY for a second socket and EPERM for its changes, the binding
 * ending by itself when the socket closes or its process dies, copies
 * (sequence numbers, kinds, matches, truncation) and the task/flow events
 * unicast to the sink. Every test runs in a fresh network namespace.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lmisf_util.h"

struct sink_cfg {
	int bound;
	uint32_t portid, nlbufsiz, qthreshold, flush_ms, copy_range;
	uint64_t next_seq;
};

static int sink_cfg_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	const struct nlattr *ts[LMISF_SINK_A_MAX + 1];
	struct sink_cfg *c = arg;

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (!tb[LMISF_A_SINK])
		return 0;
	lnl_parse_nest(ts, LMISF_SINK_A_MAX, tb[LMISF_A_SINK]);
	c->bound = 1;
#define GET32(f, a) c->f = ts[a] ? lnl_u32(ts[a]) : UINT32_MAX
	GET32(portid, LMISF_SINK_A_PORTID);
	GET32(nlbufsiz, LMISF_SINK_A_NLBUFSIZ);
	GET32(qthreshold, LMISF_SINK_A_QTHRESHOLD);
	GET32(flush_ms, LMISF_SINK_A_FLUSH_MS);
	GET32(copy_range, LMISF_SINK_A_COPY_RANGE);
#undef GET32
	c->next_seq = ts[LMISF_SINK_A_NEXT_SEQ] ?
			      lnl_u64(ts[LMISF_SINK_A_NEXT_SEQ]) :
			      UINT64_MAX;
	return 0;
}

static int sink_get(struct lnl *nl, struct sink_cfg *c, struct lnl_err *e)
{
	struct lmsg m;

	memset(c, 0, sizeof(*c));
	lmsg_init(&m, nl, LMISF_CMD_SINK_GET, 0);
	return lnl_talk(nl, &m, sink_cfg_cb, c, e);
}

/* SINK_BIND or SINK_SET with one u32 setting (attr 0: none). */
static int sink_cmd(struct lnl *nl, uint8_t cmd, uint16_t attr, uint32_t v,
		    struct lmsg *m, struct nlattr **a, struct lnl_err *e)
{
	struct nlattr *n;

	lmsg_init(m, nl, cmd, 0);
	if (attr) {
		n = lmsg_nest(m, LMISF_A_SINK);
		*a = lmsg_put(m, attr, &v, sizeof(v));
		lmsg_nest_end(m, n);
	}
	return lnl_talk(nl, m, NULL, NULL, e);
}

FIXTURE(sink)
{
	struct lnl nl, other;
	struct lnl_err e;
	struct lmsg m;
	uint8_t xid[LMISF_XID_LEN];
};

FIXTURE_SETUP(sink)
{
	int ret = new_netns();

	if (ret)
		SKIP(return, "unshare(CLONE_NEWNET): %s", strerror(-ret));
	ASSERT_EQ(0, lnl_open(&self->nl));
	ASSERT_EQ(0, lnl_open(&self->other));
	xid_of(self->xid, 5, 1);
}

FIXTURE_TEARDOWN(sink)
{
	lnl_close(&self->nl);
	lnl_close(&self->other);
}

TEST_F(sink, bind_and_defaults)
{
	struct sink_cfg c;

	ASSERT_EQ(0, sink_bind(&self->nl, &self->e)) TH_LOG("%s", self->e.msg);
	ASSERT_EQ(0, sink_get(&self->other, &c, &self->e));
	ASSERT_TRUE(c.bound);
	EXPECT_EQ(self->nl.portid, c.portid);
	EXPECT_EQ(65536, c.nlbufsiz);
	EXPECT_EQ(64, c.qthreshold);
	EXPECT_EQ(10, c.flush_ms);
	EXPECT_EQ(LMISF_COPY_RANGE_MAX, c.copy_range);
	EXPECT_EQ(1, c.next_seq);
}

TEST_F(sink, second_socket_refused)
{
	struct nlattr *a = NULL;
	struct sink_cfg c;

	ASSERT_EQ(0, sink_bind(&self->nl, &self->e));
	lmsg_init(&self->m, &self->other, LMISF_CMD_SINK_BIND, 0);
	ASSERT_NL_FAIL(lnl_talk(&self->other, &self->m, NULL, NULL, &self->e),
		       self->e, EBUSY, &self->m, NULL, -1, "bound|sink|busy");
	ASSERT_NL_FAIL(sink_cmd(&self->other, LMISF_CMD_SINK_SET,
				LMISF_SINK_A_QTHRESHOLD, 1, &self->m, &a,
				&self->e),
		       self->e, EPERM, &self->m, NULL, -1, "sink");
	lmsg_init(&self->m, &self->other, LMISF_CMD_SINK_UNBIND, 0);
	ASSERT_NL_FAIL(lnl_talk(&self->other, &self->m, NULL, NULL, &self->e),
		       self->e, EPERM, &self->m, NULL, -1, "sink");
	ASSERT_EQ(0, sink_get(&self->other, &c, &self->e));
	EXPECT_EQ(self->nl.portid, c.portid);
	EXPECT_EQ(64, c.qthreshold);
	/* The bound socket itself may bind again (and change settings). */
	ASSERT_EQ(0,
		  sink_cmd(&self->nl, LMISF_CMD_SINK_BIND,
			   LMISF_SINK_A_QTHRESHOLD, 7, &self->m, &a, &self->e))
	TH_LOG("%s", self->e.msg);
	ASSERT_EQ(0, sink_get(&self->other, &c, &self->e));
	EXPECT_EQ(self->nl.portid, c.portid);
	EXPECT_EQ(7, c.qthreshold);
}

/* The binding must be gone once close() returns. */
TEST_F(sink, unbind_on_close)
{
	struct sink_cfg c;

	ASSERT_EQ(0, sink_bind(&self->nl, &self->e));
	lnl_close(&self->nl);
	ASSERT_EQ(-ENOENT, sink_get(&self->other, &c, &self->e))
	TH_LOG("still bound after the sink socket closed");
	ASSERT_EQ(0, sink_bind(&self->other, &self->e))
	TH_LOG("%s", self->e.msg);
	ASSERT_EQ(0, sink_get(&self->other, &c, &self->e));
	EXPECT_EQ(self->other.portid, c.portid);
	EXPECT_EQ(1, c.next_seq);
}

TEST_F(sink, unbind_on_process_exit)
{
	struct sink_cfg c;
	int status;
	pid_t pid = fork();

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct lnl nl;

		if (lnl_open(&nl) || sink_bind(&nl, NULL))
			_exit(1);
		_exit(0); /* no close(): the kernel tears the socket down */
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(-ENOENT, sink_get(&self->other, &c, &self->e));
	ASSERT_EQ(0, sink_bind(&self->other, &self->e));
}

TEST_F(sink, unbind_explicit)
{
	struct sink_cfg c;

	ASSERT_EQ(0, sink_bind(&self->nl, &self->e));
	ASSERT_EQ(0, simple_cmd(&self->nl, LMISF_CMD_SINK_UNBIND, &self->e))
	TH_LOG("%s", self->e.msg);
	ASSERT_EQ(-ENOENT, sink_get(&self->other, &c, &self->e));
	EXPECT_NE(0, simple_cmd(&self->nl, LMISF_CMD_SINK_UNBIND, &self->e));
	ASSERT_EQ(0, sink_bind(&self->other, &self->e));
}

TEST_F(sink, settings_and_ranges)
{
	static const struct {
		uint16_t attr;
		uint32_t good, bad[2];
	} s[] = {
		{ LMISF_SINK_A_NLBUFSIZ,
		  8192,
		  { LMISF_NLBUFSIZ_MIN - 1, LMISF_NLBUFSIZ_MAX + 1 } },
		{ LMISF_SINK_A_QTHRESHOLD, 1024, { 0, 1025 } },
		{ LMISF_SINK_A_FLUSH_MS, 10000, { 0, 10001 } },
		{ LMISF_SINK_A_COPY_RANGE,
		  0,
		  { LMISF_COPY_RANGE_MAX + 1, UINT32_MAX } },
	};
	struct nlattr *a = NULL;
	struct sink_cfg c;
	size_t i, j;

	/* A bind with a bad setting binds nothing. */
	ASSERT_NL_FAIL(sink_cmd(&self->nl, LMISF_CMD_SINK_BIND,
				LMISF_SINK_A_QTHRESHOLD, 0, &self->m, &a,
				&self->e),
		       self->e, EBADINPUT, &self->m, a, -1, NULL);
	ASSERT_EQ(-ENOENT, sink_get(&self->other, &c, &self->e));

	ASSERT_EQ(0, sink_bind(&self->nl, &self->e));
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		for (j = 0; j < 2; j++) {
			snprintf(lmisf_ctx, sizeof(lmisf_ctx),
				 "attr %u value %u", s[i].attr, s[i].bad[j]);
			ASSERT_NL_FAIL(sink_cmd(&self->nl, LMISF_CMD_SINK_SET,
						s[i].attr, s[i].bad[j],
						&self->m, &a, &self->e),
				       self->e, EBADINPUT, &self->m, a, -1,
				       NULL);
		}
		ASSERT_EQ(0, sink_cmd(&self->nl, LMISF_CMD_SINK_SET, s[i].attr,
				      s[i].good, &self->m, &a, &self->e))
		TH_LOG("attr %u: %s", s[i].attr, self->e.msg);
	}
	ASSERT_EQ(0, sink_get(&self->nl, &c, &self->e));
	EXPECT_EQ(8192, c.nlbufsiz);
	EXPECT_EQ(1024, c.qthreshold);
	EXPECT_EQ(10000, c.flush_ms);
	EXPECT_EQ(0, c.copy_range);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_SINK_SET, 0);
	ASSERT_NL_FAIL(lnl_talk(&self->nl, &self->m, NULL, NULL, &self->e),
		       self->e, EBADINPUT, &self->m, NULL, LMISF_A_SINK,
		       "sink");
}

struct copies {
	unsigned int n, ntf;
	struct copy_info c[16];
	uint8_t pkt[16][128];
	uint8_t ntf_cmd[16];
	struct task_info ntf_task[16];
	uint32_t ntf_event[16], ntf_reason[16];
	unsigned int want;
};

static int collect_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	struct copies *cs = arg;
	struct copy_info c;

	if (!parse_copy(nlh, &c)) {
		if (cs->n < 16) {
			cs->c[cs->n] = c;
			memcpy(cs->pkt[cs->n], c.packet,
			       c.packet_len < 128 ? c.packet_len : 128);
			cs->c[cs->n].packet = cs->pkt[cs->n];
		}
		cs->n++;
	} else if (cs->ntf < 16) {
		unsigned int i = cs->ntf++;

		cs->ntf_cmd[i] = genl_cmd(nlh);
		lnl_parse_msg(tb, LMISF_A_MAX, nlh);
		parse_task(nlh, &cs->ntf_task[i]);
		cs->ntf_event[i] =
			tb[LMISF_A_EVENT] ? lnl_u32(tb[LMISF_A_EVENT]) : 0;
		cs->ntf_reason[i] =
			tb[LMISF_A_REASON] ? lnl_u32(tb[LMISF_A_REASON]) : 0;
	}
	return cs->want && cs->n + cs->ntf >= cs->want;
}

static int set_qthreshold1(struct lnl *nl)
{
	struct nlattr *a;
	struct lmsg m;

	return sink_cmd(nl, LMISF_CMD_SINK_SET, LMISF_SINK_A_QTHRESHOLD, 1, &m,
			&a, NULL);
}

TEST_F(sink, signalling_copy)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	struct copies cs = { .want = 1 };
	struct sink_cfg c;
	unsigned int i;

	ASSERT_EQ(0, sink_bind(&self->nl, &self->e));
	ASSERT_EQ(0, set_qthreshold1(&self->nl));
	ASSERT_EQ(0, send_udp4("127.0.0.1", 5060, 100));
	ASSERT_LE(0, sink_read(&self->nl, 2000, collect_cb, &cs));
	cs.want = 0;
	ASSERT_LE(0, sink_read(&self->nl, 100, collect_cb, &cs));
	ASSERT_GE(cs.n, 1) TH_LOG("no copy of a SIP datagram");
	for (i = 0; i < cs.n && i < 16; i++) {
		EXPECT_TRUE(cs.c[i].has_hdr);
		EXPECT_EQ(i + 1, cs.c[i].seq);
		EXPECT_TRUE(cs.c[i].kind & LMISF_COPY_SIGNALLING);
		EXPECT_EQ(0, cs.c[i].nmatch);
		EXPECT_EQ(128, cs.c[i].orig_len);
		EXPECT_EQ(128, cs.c[i].packet_len);
		EXPECT_EQ(0x45, cs.c[i].packet[0]);
		EXPECT_NE(0, cs.c[i].tstamp);
		EXPECT_TRUE(cs.c[i].hook == NF_INET_PRE_ROUTING ||
			    cs.c[i].hook == NF_INET_LOCAL_OUT);
		EXPECT_FALSE(cs.c[i].has_teid);
	}
	ASSERT_EQ(0, sink_get(&self->nl, &c, &self->e));
	EXPECT_EQ(cs.n + 1, c.next_seq);
	ASSERT_EQ(0, stats_get(&self->nl, st));
	EXPECT_EQ(cs.n, st[LMISF_STATS_A_COPIES_SIGNALLING]);
	EXPECT_EQ(cs.n, st[LMISF_STATS_A_DELIVERED]);
	EXPECT_EQ(0, st[LMISF_STATS_A_DROP_RCVBUF]);
}

/*
 * A signalling copy sends its batch at once, taking the copies queued
 * before it along; a target copy waits for its batch (here: qthreshold
 * 1024, the timer 10 s away). Without this the agent would read an
 * offer flush_ms late and miss the media right after the answer.
 */
TEST_F(sink, signalling_copy_sent_at_once)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	struct copies cs = { 0 };
	struct nlattr *a;

	ASSERT_EQ(0, task_add_ipv4(&self->other, self->xid, "127.0.0.2", NULL,
				   &self->e));
	ASSERT_EQ(0, sink_bind(&self->nl, &self->e));
	ASSERT_EQ(0, sink_cmd(&self->nl, LMISF_CMD_SINK_SET,
			      LMISF_SINK_A_QTHRESHOLD, 1024, &self->m, &a,
			      &self->e));
	ASSERT_EQ(0,
		  sink_cmd(&self->nl, LMISF_CMD_SINK_SET, LMISF_SINK_A_FLUSH_MS,
			   10000, &self->m, &a, &self->e));
	ASSERT_EQ(0, send_udp4("127.0.0.2", 7000, 10));
	ASSERT_LE(0, sink_read(&self->nl, 500, collect_cb, &cs));
	ASSERT_EQ(0, cs.n) TH_LOG("a target copy was sent before its batch");
	ASSERT_EQ(0, stats_get(&self->nl, st));
	ASSERT_GE(st[LMISF_STATS_A_COPIES], 1);
	ASSERT_EQ(0, st[LMISF_STATS_A_BATCHES]);

	ASSERT_EQ(0, send_udp4("127.0.0.1", 5060, 100));
	cs.want = st[LMISF_STATS_A_COPIES] + 1;
	ASSERT_LE(0, sink_read(&self->nl, 3000, collect_cb, &cs));
	ASSERT_EQ(cs.want, cs.n)
	TH_LOG("the SIP copy waited for the flush timer");
	EXPECT_EQ(LMISF_COPY_TARGET, cs.c[0].kind);
	EXPECT_TRUE(cs.c[cs.n - 1].kind & LMISF_COPY_SIGNALLING);
	cs.want = 0; /* a second copy of the datagram, at the other hook */
	ASSERT_LE(0, sink_read(&self->nl, 200, collect_cb, &cs));
	ASSERT_EQ(0, stats_get(&self->nl, st));
	EXPECT_EQ(st[LMISF_STATS_A_COPIES], st[LMISF_STATS_A_DELIVERED]);
	EXPECT_EQ(cs.n, st[LMISF_STATS_A_DELIVERED]);
	EXPECT_GE(st[LMISF_STATS_A_BATCHES], 1);
}

TEST_F(sink, copy_range_truncates)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	struct copies cs = { .want = 1 };
	struct nlattr *a;

	ASSERT_EQ(0, sink_bind(&self->nl, &self->e));
	ASSERT_EQ(0, set_qthreshold1(&self->nl));
	ASSERT_EQ(0, sink_cmd(&self->nl, LMISF_CMD_SINK_SET,
			      LMISF_SINK_A_COPY_RANGE, 40, &self->m, &a,
			      &self->e));
	ASSERT_EQ(0, send_udp4("127.0.0.1", 5060, 1000));
	ASSERT_LE(0, sink_read(&self->nl, 2000, collect_cb, &cs));
	ASSERT_GE(cs.n, 1);
	EXPECT_EQ(40, cs.c[0].packet_len);
	EXPECT_EQ(1028, cs.c[0].orig_len);
	ASSERT_EQ(0, stats_get(&self->nl, st));
	EXPECT_GE(st[LMISF_STATS_A_TRUNCATED], 1);
	EXPECT_EQ(0, st[LMISF_STATS_A_DROP_RCVBUF]);
}

/*
 * Target copies made while no sink is bound are counted as DROP_NO_SINK.
 * (Signalling alone does not arm the hooks without a sink: module/pernet.c.)
 */
TEST_F(sink, no_sink_is_counted)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	struct task_info t;

	ASSERT_EQ(0, task_add_ipv4(&self->other, self->xid, "127.0.0.2", NULL,
				   &self->e));
	ASSERT_EQ(0, send_udp4("127.0.0.2", 7000, 10));
	ASSERT_EQ(0, stats_get(&self->nl, st));
	EXPECT_GE(st[LMISF_STATS_A_COPIES], 1);
	EXPECT_EQ(st[LMISF_STATS_A_COPIES], st[LMISF_STATS_A_DROP_NO_SINK]);
	EXPECT_EQ(0, st[LMISF_STATS_A_DELIVERED]);
	ASSERT_EQ(0, task_get(&self->other, self->xid, task_info_cb, &t,
			      &self->e));
	EXPECT_EQ(t.copies, t.copy_drops);
	EXPECT_GE(t.copies, 1);
}

TEST_F(sink, target_copy_carries_match)
{
	struct copies cs = { .want = 1 };
	struct task_info t;
	struct nlattr *n;

	lmsg_init(&self->m, &self->other, LMISF_CMD_TASK_NEW, 0);
	n = put_task(&self->m, self->xid, LMISF_DELIVERY_X2_AND_X3);
	lmsg_put_u64(&self->m, LMISF_TASK_A_CORRELATION_ID, 99);
	put_target_ipv4(&self->m, "127.0.0.2");
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, lnl_talk(&self->other, &self->m, NULL, NULL, &self->e));
	ASSERT_EQ(0, sink_bind(&self->nl, &self->e));
	ASSERT_EQ(0, set_qthreshold1(&self->nl));
	ASSERT_EQ(0, send_udp4("127.0.0.2", 7000, 50));
	ASSERT_LE(0, sink_read(&self->nl, 2000, collect_cb, &cs));
	ASSERT_GE(cs.n, 1);
	EXPECT_EQ(LMISF_COPY_TARGET, cs.c[0].kind);
	ASSERT_EQ(1, cs.c[0].nmatch);
	EXPECT_EQ(LMISF_COPY_TARGET, cs.c[0].match_kind[0]);
	EXPECT_EQ(0, memcmp(cs.c[0].xid[0], self->xid, LMISF_XID_LEN));
	EXPECT_EQ(99, cs.c[0].corr[0]);
	ASSERT_EQ(0, task_get(&self->other, self->xid, task_info_cb, &t,
			      &self->e));
	EXPECT_GE(t.copies, 1);
	EXPECT_GE(t.copy_bytes, 78);
	EXPECT_EQ(0, t.copy_drops);
}

/* Several tasks may target the same UE: one copy, one match per task. */
TEST_F(sink, two_tasks_same_target)
{
	struct copies cs = { .want = 1 };
	uint8_t x2[LMISF_XID_LEN];
	struct nlattr *n;

	xid_of(x2, 5, 2);
	ASSERT_EQ(0, task_add_ipv4(&self->other, self->xid, "127.0.0.2", NULL,
				   &self->e));
	lmsg_init(&self->m, &self->other, LMISF_CMD_TASK_NEW, 0);
	n = put_task(&self->m, x2, LMISF_DELIVERY_X2_ONLY);
	lmsg_put_u64(&self->m, LMISF_TASK_A_CORRELATION_ID, 2);
	put_target_ipv4(&self->m, "127.0.0.2");
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, lnl_talk(&self->other, &self->m, NULL, NULL, &self->e))
	TH_LOG("%s", self->e.msg);
	ASSERT_EQ(0, sink_bind(&self->nl, &self->e));
	ASSERT_EQ(0, set_qthreshold1(&self->nl));
	ASSERT_EQ(0, send_udp4("127.0.0.2", 7000, 50));
	ASSERT_LE(0, sink_read(&self->nl, 2000, collect_cb, &cs));
	ASSERT_GE(cs.n, 1);
	EXPECT_EQ(LMISF_COPY_TARGET, cs.c[0].kind);
	ASSERT_EQ(2, cs.c[0].nmatch);
	EXPECT_NE(0, memcmp(cs.c[0].xid[0], cs.c[0].xid[1], LMISF_XID_LEN));
	/* Loopback copies twice (LOCAL_OUT, PRE_ROUTING): drain. */
	cs.want = 0;
	ASSERT_LE(0, sink_read(&self->nl, 200, collect_cb, &cs));
	/* Deleting one leaves the other matching. */
	ASSERT_EQ(0, task_del(&self->other, self->xid, &self->e));
	ASSERT_LE(0, sink_read(&self->nl, 200, collect_cb, &cs)); /* event */
	memset(&cs, 0, sizeof(cs));
	cs.want = 1;
	ASSERT_EQ(0, send_udp4("127.0.0.2", 7000, 50));
	ASSERT_LE(0, sink_read(&self->nl, 2000, collect_cb, &cs));
	ASSERT_GE(cs.n, 1);
	ASSERT_EQ(1, cs.c[0].nmatch);
	EXPECT_EQ(0, memcmp(cs.c[0].xid[0], x2, LMISF_XID_LEN));
	EXPECT_EQ(2, cs.c[0].corr[0]);
}

/*
 * Many tasks, several of them on the same UE address, inserted while the
 * target table grows: all accepted, all matching, all deletable.
 */
TEST_F(sink, many_tasks_shared_targets)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	struct copies cs = { .want = 1 };
	uint8_t xid[LMISF_XID_LEN];
	char addr[32];
	struct nlattr *n;
	int i;

	for (i = 0; i < 300; i++) {
		xid_of(xid, 0x33, i);
		snprintf(addr, sizeof(addr), "10.200.%d.%d", i >> 8, i & 255);
		lmsg_init(&self->m, &self->other, LMISF_CMD_TASK_NEW, 0);
		n = put_task(&self->m, xid, LMISF_DELIVERY_X2_AND_X3);
		put_target_ipv4(&self->m, i < 8 ? "127.0.0.2" : addr);
		put_target_teid(&self->m, i < 8 ? 7 : 1000 + i, NULL);
		lmsg_nest_end(&self->m, n);
		ASSERT_EQ(0, lnl_talk(&self->other, &self->m, NULL, NULL,
				      &self->e))
		TH_LOG("task %d: %s", i, self->e.msg);
	}
	ASSERT_EQ(0, stats_get(&self->other, st));
	EXPECT_EQ(300, st[LMISF_STATS_A_TASKS]);
	EXPECT_EQ(600, st[LMISF_STATS_A_TARGETS]);
	ASSERT_EQ(0, sink_bind(&self->nl, &self->e));
	ASSERT_EQ(0, set_qthreshold1(&self->nl));
	ASSERT_EQ(0, send_udp4("127.0.0.2", 7000, 50));
	ASSERT_LE(0, sink_read(&self->nl, 2000, collect_cb, &cs));
	ASSERT_GE(cs.n, 1);
	EXPECT_EQ(8, cs.c[0].nmatch);
	for (i = 0; i < 300; i += 2) {
		xid_of(xid, 0x33, i);
		ASSERT_EQ(0, task_del(&self->other, xid, &self->e))
		TH_LOG("task %d: %s", i, self->e.msg);
	}
	ASSERT_EQ(0, stats_get(&self->other, st));
	EXPECT_EQ(150, st[LMISF_STATS_A_TASKS]);
	EXPECT_EQ(300, st[LMISF_STATS_A_TARGETS]);
	cs.want = 0;
	ASSERT_LE(0, sink_read(&self->nl, 200, collect_cb, &cs));
	memset(&cs, 0, sizeof(cs));
	cs.want = 1;
	ASSERT_EQ(0, send_udp4("127.0.0.2", 7000, 50));
	ASSERT_LE(0, sink_read(&self->nl, 2000, collect_cb, &cs));
	ASSERT_GE(cs.n, 1);
	EXPECT_EQ(4, cs.c[0].nmatch);
	ASSERT_EQ(0, simple_cmd(&self->other, LMISF_CMD_TASK_FLUSH, &self->e));
	ASSERT_EQ(0, stats_get(&self->other, st));
	EXPECT_EQ(0, st[LMISF_STATS_A_TARGETS]);
}

TEST_F(sink, notifications)
{
	struct copies cs = { 0 };
	uint8_t x2[LMISF_XID_LEN];
	struct nlattr *n;
	unsigned int i;

	ASSERT_EQ(0, sink_bind(&self->nl, &self->e));
	ASSERT_EQ(0, task_add_ipv4(&self->other, self->xid, "10.0.0.1", NULL,
				   &self->e));
	lmsg_init(&self->m, &self->other, LMISF_CMD_TASK_SET, 0);
	n = put_task(&self->m, self->xid, LMISF_DELIVERY_X2_ONLY);
	put_target_ipv4(&self->m, "10.0.0.3");
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, lnl_talk(&self->other, &self->m, NULL, NULL, &self->e));
	ASSERT_EQ(0,
		  flow_add4(&self->other, self->xid, 1, IPPROTO_UDP, "10.0.0.3",
			    1000, "10.0.0.4", 2000, NULL, &self->e));
	ASSERT_EQ(0, task_del(&self->other, self->xid, &self->e));
	xid_of(x2, 5, 2);
	ASSERT_EQ(0,
		  task_add_ipv4(&self->other, x2, "10.0.0.2", NULL, &self->e));
	ASSERT_EQ(0, simple_cmd(&self->other, LMISF_CMD_TASK_FLUSH, &self->e));

	cs.want = 7;
	ASSERT_LE(0, sink_read(&self->nl, 2000, collect_cb, &cs));
	cs.want = 0;
	ASSERT_LE(0, sink_read(&self->nl, 100, collect_cb, &cs));
	ASSERT_EQ(7, cs.ntf);
	for (i = 0; i < cs.ntf; i++)
		TH_LOG("event %u: cmd %u event %u reason %u", i, cs.ntf_cmd[i],
		       cs.ntf_event[i], cs.ntf_reason[i]);
	EXPECT_EQ(LMISF_CMD_TASK_NTF, cs.ntf_cmd[0]);
	EXPECT_EQ(LMISF_EVENT_NEW, cs.ntf_event[0]);
	EXPECT_EQ(0, memcmp(cs.ntf_task[0].xid, self->xid, LMISF_XID_LEN));
	EXPECT_NE(0, cs.ntf_task[0].id);
	EXPECT_EQ(1, cs.ntf_task[0].ntargets);
	EXPECT_EQ(LMISF_CMD_TASK_NTF, cs.ntf_cmd[1]);
	EXPECT_EQ(LMISF_EVENT_MODIFIED, cs.ntf_event[1]);
	EXPECT_EQ(LMISF_DELIVERY_X2_ONLY, cs.ntf_task[1].delivery);
	EXPECT_EQ(LMISF_CMD_FLOW_NTF, cs.ntf_cmd[2]);
	EXPECT_EQ(LMISF_EVENT_NEW, cs.ntf_event[2]);
	/* Deleting the task deletes its flow first. */
	EXPECT_EQ(LMISF_CMD_FLOW_NTF, cs.ntf_cmd[3]);
	EXPECT_EQ(LMISF_EVENT_DELETED, cs.ntf_event[3]);
	EXPECT_EQ(LMISF_REASON_TASK_DELETED, cs.ntf_reason[3]);
	EXPECT_EQ(LMISF_CMD_TASK_NTF, cs.ntf_cmd[4]);
	EXPECT_EQ(LMISF_EVENT_DELETED, cs.ntf_event[4]);
	EXPECT_EQ(LMISF_REASON_USERSPACE, cs.ntf_reason[4]);
	EXPECT_EQ(0, memcmp(cs.ntf_task[4].xid, self->xid, LMISF_XID_LEN));
	EXPECT_EQ(LMISF_EVENT_NEW, cs.ntf_event[5]);
	EXPECT_EQ(LMISF_CMD_TASK_NTF, cs.ntf_cmd[6]);
	EXPECT_EQ(LMISF_EVENT_DELETED, cs.ntf_event[6]);
	EXPECT_EQ(LMISF_REASON_FLUSH, cs.ntf_reason[6]);
	EXPECT_EQ(0, memcmp(cs.ntf_task[6].xid, x2, LMISF_XID_LEN));
}

TEST_F(sink, task_report_adds_amounts)
{
	struct task_info t;
	struct nlattr *n;
	int i;

	ASSERT_EQ(0, task_add_ipv4(&self->other, self->xid, "10.0.0.1", NULL,
				   &self->e));
	ASSERT_EQ(0, sink_bind(&self->nl, &self->e));
	for (i = 1; i <= 2; i++) {
		lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_REPORT, 0);
		n = put_task(&self->m, self->xid, 0);
		lmsg_put_u64(&self->m, LMISF_TASK_A_X2_PDUS, 1);
		lmsg_put_u64(&self->m, LMISF_TASK_A_X2_BYTES, 100 * i);
		lmsg_put_u64(&self->m, LMISF_TASK_A_X3_PDUS, 10);
		lmsg_put_u64(&self->m, LMISF_TASK_A_X3_BYTES, 1000);
		lmsg_put_u64(&self->m, LMISF_TASK_A_LAST_INTERCEPT,
			     1700000000000000000ULL + i);
		lmsg_nest_end(&self->m, n);
		ASSERT_EQ(0,
			  lnl_talk(&self->nl, &self->m, NULL, NULL, &self->e))
		TH_LOG("%s", self->e.msg);
	}
	ASSERT_EQ(0, task_get(&self->other, self->xid, task_info_cb, &t,
			      &self->e));
	EXPECT_EQ(2, t.x2_pdus);
	EXPECT_EQ(300, t.x2_bytes);
	EXPECT_EQ(20, t.x3_pdus);
	EXPECT_EQ(2000, t.x3_bytes);
	EXPECT_EQ(1700000000000000002ULL, t.last_intercept);

	/* Unknown XID. */
	xid_of(self->xid, 5, 77);
	lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_REPORT, 0);
	n = put_task(&self->m, self->xid, 0);
	lmsg_put_u64(&self->m, LMISF_TASK_A_X2_PDUS, 1);
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(lnl_talk(&self->nl, &self->m, NULL, NULL, &self->e),
		       self->e, ENOENT, &self->m, n, -1, "xid|task");
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
