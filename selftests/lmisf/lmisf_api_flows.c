// SPDX-License-Identifier: GPL-2.0
/*
 * Media flows: FLOW_NEW, FLOW_GET, FLOW_DEL (IPv4 and IPv6), duplicates
 * and unknown tasks, bad flows, dumps filtered by task and deletion by
 * XID, each refusal asserting the errno and the extended ACK.
 */
#include "lmisf_api.h"

static int flow_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	const struct nlattr **tf = arg;

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (tb[LMISF_A_FLOW]) {
		static char copy[4096];

		/* Keep the nest: the receive buffer is reused. */
		memcpy(copy, tb[LMISF_A_FLOW], tb[LMISF_A_FLOW]->nla_len);
		lnl_parse_nest(tf, LMISF_FLOW_A_MAX,
			       (const struct nlattr *)copy);
	}
	return 0;
}

TEST_F(api, flow_new_get_del)
{
	const struct nlattr *tf[LMISF_FLOW_A_MAX + 1] = { 0 };
	uint64_t st[LMISF_STATS_A_MAX + 1];
	struct task_info t;
	struct nlattr *n;
	uint32_t id = 0;

	ASSERT_EQ(0, task_add_ipv4(&self->nl, self->xid, "10.0.0.1", NULL,
				   &self->e));
	ASSERT_EQ(0,
		  flow_add4(&self->nl, self->xid, 77, IPPROTO_UDP, "10.0.0.1",
			    40000, "192.0.2.9", 50000, &id, &self->e))
	TH_LOG("%s", self->e.msg);
	ASSERT_NE(0, id) TH_LOG("FLOW_NEW reply without LMISF_FLOW_A_ID");

	lmsg_init(&self->m, &self->nl, LMISF_CMD_FLOW_GET, 0);
	n = lmsg_nest(&self->m, LMISF_A_FLOW);
	lmsg_put_u32(&self->m, LMISF_FLOW_A_ID, id);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, flow_cb, tf, &self->e))
	TH_LOG("%s", self->e.msg);
	ASSERT_NE(NULL, tf[LMISF_FLOW_A_ID]);
	EXPECT_EQ(id, lnl_u32(tf[LMISF_FLOW_A_ID]));
	ASSERT_NE(NULL, tf[LMISF_FLOW_A_XID]);
	EXPECT_EQ(0, memcmp(lnl_data(tf[LMISF_FLOW_A_XID]), self->xid, 16));
	ASSERT_NE(NULL, tf[LMISF_FLOW_A_CORRELATION_ID]);
	EXPECT_EQ(77, lnl_u64(tf[LMISF_FLOW_A_CORRELATION_ID]));
	ASSERT_NE(NULL, tf[LMISF_FLOW_A_PROTO]);
	EXPECT_EQ(IPPROTO_UDP, lnl_u8(tf[LMISF_FLOW_A_PROTO]));
	ASSERT_NE(NULL, tf[LMISF_FLOW_A_SRC_IPV4]);
	EXPECT_EQ(ip4("10.0.0.1"), lnl_u32(tf[LMISF_FLOW_A_SRC_IPV4]));
	ASSERT_NE(NULL, tf[LMISF_FLOW_A_DST_IPV4]);
	EXPECT_EQ(ip4("192.0.2.9"), lnl_u32(tf[LMISF_FLOW_A_DST_IPV4]));
	ASSERT_NE(NULL, tf[LMISF_FLOW_A_SRC_PORT]);
	EXPECT_EQ(htons(40000), lnl_u16(tf[LMISF_FLOW_A_SRC_PORT]));
	ASSERT_NE(NULL, tf[LMISF_FLOW_A_DST_PORT]);
	EXPECT_EQ(htons(50000), lnl_u16(tf[LMISF_FLOW_A_DST_PORT]));
	EXPECT_NE(NULL, tf[LMISF_FLOW_A_PACKETS]);
	EXPECT_NE(NULL, tf[LMISF_FLOW_A_BYTES]);

	ASSERT_EQ(0,
		  task_get(&self->nl, self->xid, task_info_cb, &t, &self->e));
	EXPECT_EQ(1, t.flows);
	ASSERT_EQ(0, stats_get(&self->nl, st));
	EXPECT_EQ(1, st[LMISF_STATS_A_FLOWS]);

	/* Delete by id; again is ENOENT. */
	lmsg_init(&self->m, &self->nl, LMISF_CMD_FLOW_DEL, 0);
	n = lmsg_nest(&self->m, LMISF_A_FLOW);
	lmsg_put_u32(&self->m, LMISF_FLOW_A_ID, id);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);
	ASSERT_NL_FAIL(TALK(self), self->e, ENOENT, &self->m, n, -1,
		       "flow|no such|unknown|not found");
	lmsg_init(&self->m, &self->nl, LMISF_CMD_FLOW_GET, 0);
	n = lmsg_nest(&self->m, LMISF_A_FLOW);
	lmsg_put_u32(&self->m, LMISF_FLOW_A_ID, id);
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, ENOENT, &self->m, n, -1,
		       "flow|no such|unknown|not found");
	ASSERT_EQ(0,
		  task_get(&self->nl, self->xid, task_info_cb, &t, &self->e));
	EXPECT_EQ(0, t.flows);
}

TEST_F(api, flow_new_ipv6)
{
	uint8_t s[16], d[16];
	struct nlattr *f;

	ASSERT_EQ(0, task_add_ipv4(&self->nl, self->xid, "10.0.0.1", NULL,
				   &self->e));
	ip6("2001:db8::1", s);
	ip6("2001:db8::2", d);
	lmsg_init(&self->m, &self->nl, LMISF_CMD_FLOW_NEW, 0);
	f = lmsg_nest(&self->m, LMISF_A_FLOW);
	lmsg_put(&self->m, LMISF_FLOW_A_XID, self->xid, LMISF_XID_LEN);
	lmsg_put_u64(&self->m, LMISF_FLOW_A_CORRELATION_ID, 1);
	lmsg_put_u8(&self->m, LMISF_FLOW_A_PROTO, IPPROTO_TCP);
	lmsg_put(&self->m, LMISF_FLOW_A_SRC_IPV6, s, 16);
	lmsg_put(&self->m, LMISF_FLOW_A_DST_IPV6, d, 16);
	lmsg_put_u16(&self->m, LMISF_FLOW_A_SRC_PORT, htons(1));
	lmsg_put_u16(&self->m, LMISF_FLOW_A_DST_PORT, htons(65535));
	lmsg_nest_end(&self->m, f);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);
	ASSERT_NL_FAIL(TALK(self), self->e, EEXIST, &self->m, f, -1, "exist");
}

TEST_F(api, flow_new_duplicate_and_unknown_task)
{
	uint8_t other[LMISF_XID_LEN];

	ASSERT_EQ(0, task_add_ipv4(&self->nl, self->xid, "10.0.0.1", NULL,
				   &self->e));
	ASSERT_EQ(0, flow_add4(&self->nl, self->xid, 1, IPPROTO_UDP, "10.0.0.1",
			       1000, "10.0.0.2", 2000, NULL, &self->e));
	ASSERT_EQ(-EEXIST,
		  flow_add4(&self->nl, self->xid, 2, IPPROTO_UDP, "10.0.0.1",
			    1000, "10.0.0.2", 2000, NULL, &self->e));
	EXPECT_NE(0, self->e.msg[0]);
	xid_of(other, 1, 99);
	ASSERT_EQ(-ENOENT,
		  flow_add4(&self->nl, other, 1, IPPROTO_UDP, "10.0.0.1", 1001,
			    "10.0.0.2", 2000, NULL, &self->e));
	EXPECT_NE(0, self->e.msg[0]);
}

TEST_F(api, flow_new_bad)
{
	uint8_t a6[16] = { 0x20, 0x01 };
	struct nlattr *f, *bad;
	int i;

	ASSERT_EQ(0, task_add_ipv4(&self->nl, self->xid, "10.0.0.1", NULL,
				   &self->e));
	for (i = 0; i < 9; i++) {
		int miss = -1;

		lmsg_init(&self->m, &self->nl, LMISF_CMD_FLOW_NEW, 0);
		f = lmsg_nest(&self->m, LMISF_A_FLOW);
		bad = f;
		if (i == 0)
			miss = LMISF_FLOW_A_XID;
		else if (i == 1)
			bad = lmsg_put(&self->m, LMISF_FLOW_A_XID, self->xid,
				       8);
		else
			lmsg_put(&self->m, LMISF_FLOW_A_XID, self->xid, 16);
		if (i == 2)
			miss = LMISF_FLOW_A_CORRELATION_ID;
		else
			lmsg_put_u64(&self->m, LMISF_FLOW_A_CORRELATION_ID, 1);
		if (i == 3)
			bad = lmsg_put(&self->m, LMISF_FLOW_A_PROTO, "\x01", 1);
		else
			lmsg_put_u8(&self->m, LMISF_FLOW_A_PROTO, IPPROTO_UDP);
		lmsg_put_u32(&self->m, LMISF_FLOW_A_SRC_IPV4, ip4("10.0.0.1"));
		if (i == 4) /* mixed families */
			bad = lmsg_put(&self->m, LMISF_FLOW_A_DST_IPV6, a6, 16);
		else if (i == 5) /* no destination */
			miss = LMISF_FLOW_A_DST_IPV4;
		else if (i == 6)
			bad = lmsg_put(&self->m, LMISF_FLOW_A_DST_IPV4, a6, 3);
		else
			lmsg_put_u32(&self->m, LMISF_FLOW_A_DST_IPV4,
				     ip4("10.0.0.2"));
		if (i == 7)
			bad = lmsg_put(&self->m, LMISF_FLOW_A_SRC_PORT, "\0\0",
				       2);
		else
			lmsg_put_u16(&self->m, LMISF_FLOW_A_SRC_PORT, htons(1));
		if (i == 8)
			miss = LMISF_FLOW_A_DST_PORT;
		else
			lmsg_put_u16(&self->m, LMISF_FLOW_A_DST_PORT, htons(2));
		lmsg_nest_end(&self->m, f);
		snprintf(lmisf_ctx, sizeof(lmisf_ctx), "case %d", i);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, bad,
			       miss, NULL);
	}
}

static int count_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(*(unsigned int *)arg)++;
	return 0;
}

TEST_F(api, flow_dump_filter_and_del_by_xid)
{
	uint8_t x2[LMISF_XID_LEN];
	unsigned int cnt;
	struct nlattr *n;
	int i;

	xid_of(x2, 1, 2);
	ASSERT_EQ(0, task_add_ipv4(&self->nl, self->xid, "10.0.0.1", NULL,
				   &self->e));
	ASSERT_EQ(0, task_add_ipv4(&self->nl, x2, "10.0.0.2", NULL, &self->e));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, flow_add4(&self->nl, self->xid, 1, IPPROTO_UDP,
				       "10.0.0.1", 1000 + i, "10.9.9.9", 2000,
				       NULL, &self->e));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, flow_add4(&self->nl, x2, 1, IPPROTO_UDP,
				       "10.0.0.2", 1000 + i, "10.9.9.9", 2000,
				       NULL, &self->e));

	cnt = 0;
	lmsg_init(&self->m, &self->nl, LMISF_CMD_FLOW_GET, NLM_F_DUMP);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, count_cb, &cnt, &self->e));
	EXPECT_EQ(5, cnt);
	cnt = 0;
	lmsg_init(&self->m, &self->nl, LMISF_CMD_FLOW_GET, NLM_F_DUMP);
	n = lmsg_nest(&self->m, LMISF_A_FLOW);
	lmsg_put(&self->m, LMISF_FLOW_A_XID, x2, LMISF_XID_LEN);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, count_cb, &cnt, &self->e))
	TH_LOG("%s", self->e.msg);
	EXPECT_EQ(3, cnt);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_FLOW_DEL, 0);
	n = lmsg_nest(&self->m, LMISF_A_FLOW);
	lmsg_put(&self->m, LMISF_FLOW_A_XID, x2, LMISF_XID_LEN);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);
	cnt = 0;
	lmsg_init(&self->m, &self->nl, LMISF_CMD_FLOW_GET, NLM_F_DUMP);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, count_cb, &cnt, &self->e));
	EXPECT_EQ(2, cnt);

	/* Deleting a task deletes its flows. */
	ASSERT_EQ(0, task_del(&self->nl, self->xid, &self->e));
	cnt = 0;
	lmsg_init(&self->m, &self->nl, LMISF_CMD_FLOW_GET, NLM_F_DUMP);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, count_cb, &cnt, &self->e));
	EXPECT_EQ(0, cnt);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_FLOW_DEL, 0);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, NULL,
		       LMISF_A_FLOW, "flow");
}

LMISF_API_MAIN
