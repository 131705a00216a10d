// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks through the lmisf family: TASK_NEW with every target type and its
 * reply, duplicate XIDs, TASK_SET as full replacement, TASK_DEL, TASK_FLUSH,
 * resumable dumps and TASK_REPORT, each refusal asserting the errno and
 * that the extended ACK names the problem.
 */
#include "lmisf_api.h"

TEST_F(api, task_new_reply_has_id_and_xid)
{
	struct task_info t;
	struct nlattr *n = begin_task(self, LMISF_CMD_TASK_NEW);

	put_target_ipv4(&self->m, "10.0.0.1");
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, task_info_cb, &t, &self->e))
	TH_LOG("%s", self->e.msg);
	ASSERT_EQ(1, self->e.msgs);
	EXPECT_NE(0, t.id);
	EXPECT_EQ(0, memcmp(t.xid, self->xid, LMISF_XID_LEN));
}

/* The identity types with a valid value each. */
static const struct {
	uint32_t type;
	const char *value;
} good_ids[] = {
	{ LMISF_TARGET_SIP_URI, "sip:alice@ims.example.net" },
	{ LMISF_TARGET_SIP_URI,
	  "sips:+491701234567@ims.example.net;user=phone" },
	{ LMISF_TARGET_TEL_URI, "tel:+491701234567" },
	{ LMISF_TARGET_IMPU, "sip:bob@ims.example.net" },
	{ LMISF_TARGET_IMPU, "tel:+15551234567" },
	{ LMISF_TARGET_IMPI,
	  "001010123456789@ims.mnc001.mcc001.3gppnetwork.org" },
	{ LMISF_TARGET_IMSI, "001010123456789" },
	{ LMISF_TARGET_IMSI, "001010" },
	{ LMISF_TARGET_SUPI, "imsi-001010123456789" },
	{ LMISF_TARGET_SUPI, "nai-user@realm.example" },
	{ LMISF_TARGET_IMEI, "49015420323751" },
	{ LMISF_TARGET_IMEI, "490154203237518" },
	{ LMISF_TARGET_PEI, "imei-490154203237518" },
	{ LMISF_TARGET_PEI, "imeisv-4901542032375181" },
	{ LMISF_TARGET_E164, "+491701234567" },
	{ LMISF_TARGET_E164, "1" },
	{ LMISF_TARGET_NAI, "user@realm.example" },
};

TEST_F(api, task_new_every_target_type)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	uint8_t did[LMISF_XID_LEN];
	struct task_info t;
	struct nlattr *n, *tg;
	size_t i;

	n = begin_task(self, LMISF_CMD_TASK_NEW);
	lmsg_put_u64(&self->m, LMISF_TASK_A_CORRELATION_ID,
		     0x1122334455667788ULL);
	put_target_ipv4(&self->m, "10.0.0.1");
	put_target_ipv6(&self->m, "2001:db8::1");
	put_target_cidr(&self->m, "10.1.0.0", 16);
	put_target_cidr(&self->m, "2001:db8:1::", 48);
	put_target_teid(&self->m, 0x1234, "192.0.2.1");
	for (i = 0; i < sizeof(good_ids) / sizeof(good_ids[0]); i++)
		put_target_value(&self->m, good_ids[i].type, good_ids[i].value);
	tg = put_target_value(&self->m, LMISF_TARGET_SIP_URI,
			      "sip:nl@x.example");
	/* NON_LOCAL goes inside the last target nest. */
	self->m.nlh.nlmsg_len = lmsg_off(&self->m, tg) + tg->nla_len;
	lmsg_put_flag(&self->m, LMISF_TARGET_A_NON_LOCAL);
	lmsg_nest_end(&self->m, tg);
	xid_of(did, 9, 1);
	lmsg_put(&self->m, LMISF_TASK_A_DID, did, LMISF_XID_LEN);
	xid_of(did, 9, 2);
	lmsg_put(&self->m, LMISF_TASK_A_DID, did, LMISF_XID_LEN);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);

	ASSERT_EQ(0, task_get(&self->nl, self->xid, task_info_cb, &t, &self->e))
	TH_LOG("%s", self->e.msg);
	EXPECT_EQ(0, memcmp(t.xid, self->xid, LMISF_XID_LEN));
	EXPECT_EQ(LMISF_DELIVERY_X2_AND_X3, t.delivery);
	EXPECT_TRUE(t.has_corr);
	EXPECT_EQ(0x1122334455667788ULL, t.corr);
	ASSERT_EQ(5 + (int)(sizeof(good_ids) / sizeof(good_ids[0])) + 1,
		  t.ntargets);
	EXPECT_EQ(LMISF_TARGET_IPV4, t.target_type[0]);
	EXPECT_EQ(LMISF_TARGET_GTPU_TEID, t.target_type[4]);
	for (i = 0; i < sizeof(good_ids) / sizeof(good_ids[0]); i++)
		EXPECT_EQ(good_ids[i].type, t.target_type[5 + i]);
	EXPECT_EQ(2, t.ndids);
	EXPECT_NE(0, t.created);
	EXPECT_EQ(0, t.modifications);
	EXPECT_EQ(0, t.flows);
	EXPECT_EQ(0, t.last_intercept);

	ASSERT_EQ(0, stats_get(&self->nl, st));
	EXPECT_EQ(1, st[LMISF_STATS_A_TASKS]);
	EXPECT_EQ(5, st[LMISF_STATS_A_TARGETS]);
}

TEST_F(api, task_new_duplicate_xid)
{
	struct task_info t;
	struct nlattr *n;

	ASSERT_EQ(0, task_add_ipv4(&self->nl, self->xid, "10.0.0.1", NULL,
				   &self->e));
	n = begin_task(self, LMISF_CMD_TASK_NEW);
	put_target_ipv4(&self->m, "10.0.0.2");
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EEXIST, &self->m, n, -1,
		       "exist|xid");
	/* The first one is untouched. */
	ASSERT_EQ(0,
		  task_get(&self->nl, self->xid, task_info_cb, &t, &self->e));
	EXPECT_EQ(1, t.ntargets);
	EXPECT_EQ(0, t.modifications);
}

TEST_F(api, task_set_replaces_whole_task)
{
	struct task_info before, after;
	struct nlattr *n;
	uint32_t id;

	n = begin_task(self, LMISF_CMD_TASK_NEW);
	lmsg_put_u64(&self->m, LMISF_TASK_A_CORRELATION_ID, 42);
	put_target_ipv4(&self->m, "10.0.0.1");
	put_target_value(&self->m, LMISF_TARGET_IMSI, "001010123456789");
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, task_info_cb, &before,
			      &self->e))
	TH_LOG("%s", self->e.msg);
	id = before.id;
	ASSERT_EQ(0, task_get(&self->nl, self->xid, task_info_cb, &before,
			      &self->e));

	lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_SET, 0);
	n = put_task(&self->m, self->xid, LMISF_DELIVERY_X3_ONLY);
	put_target_ipv6(&self->m, "2001:db8::7");
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);

	ASSERT_EQ(0, task_get(&self->nl, self->xid, task_info_cb, &after,
			      &self->e));
	EXPECT_EQ(id, after.id);
	EXPECT_EQ(LMISF_DELIVERY_X3_ONLY, after.delivery);
	EXPECT_FALSE(after.has_corr);
	ASSERT_EQ(1, after.ntargets);
	EXPECT_EQ(LMISF_TARGET_IPV6, after.target_type[0]);
	EXPECT_EQ(1, after.modifications);
	EXPECT_EQ(before.created, after.created);
	EXPECT_GE(after.modified, after.created);
}

TEST_F(api, task_set_unknown_xid)
{
	struct nlattr *n = begin_task(self, LMISF_CMD_TASK_SET);

	put_target_ipv4(&self->m, "10.0.0.1");
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, ENOENT, &self->m, n, -1,
		       "xid|no such|unknown|not found");
}

TEST_F(api, task_set_invalid_keeps_task)
{
	struct task_info t;
	struct nlattr *n, *tg;

	ASSERT_EQ(0, task_add_ipv4(&self->nl, self->xid, "10.0.0.1", NULL,
				   &self->e));
	n = begin_task(self, LMISF_CMD_TASK_SET);
	put_target_ipv4(&self->m, "10.0.0.2");
	tg = put_target_value(&self->m, LMISF_TARGET_IMSI, "12");
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, tg, -1, NULL);
	ASSERT_EQ(0,
		  task_get(&self->nl, self->xid, task_info_cb, &t, &self->e));
	EXPECT_EQ(1, t.ntargets);
	EXPECT_EQ(LMISF_TARGET_IPV4, t.target_type[0]);
	EXPECT_EQ(0, t.modifications);
}

TEST_F(api, task_del)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	struct nlattr *n;

	ASSERT_EQ(0, task_add_ipv4(&self->nl, self->xid, "10.0.0.1", NULL,
				   &self->e));
	ASSERT_EQ(0, task_del(&self->nl, self->xid, &self->e))
	TH_LOG("%s", self->e.msg);
	lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_DEL, 0);
	n = put_task(&self->m, self->xid, 0);
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, ENOENT, &self->m, n, -1,
		       "xid|no such|unknown|not found");
	lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_GET, 0);
	n = put_task(&self->m, self->xid, 0);
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, ENOENT, &self->m, n, -1,
		       "xid|no such|unknown|not found");
	ASSERT_EQ(0, stats_get(&self->nl, st));
	EXPECT_EQ(0, st[LMISF_STATS_A_TASKS]);
	EXPECT_EQ(0, st[LMISF_STATS_A_TARGETS]);
}

TEST_F(api, task_del_and_get_missing_xid)
{
	static const uint8_t cmds[] = { LMISF_CMD_TASK_DEL,
					LMISF_CMD_TASK_GET };
	struct nlattr *n;
	size_t i;

	for (i = 0; i < sizeof(cmds); i++) {
		lmsg_init(&self->m, &self->nl, cmds[i], 0);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, NULL,
			       LMISF_A_TASK, "task");
		lmsg_init(&self->m, &self->nl, cmds[i], 0);
		n = put_task(&self->m, NULL, 0);
		lmsg_nest_end(&self->m, n);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, n,
			       LMISF_TASK_A_XID, "xid");
	}
}

TEST_F(api, task_flush)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	unsigned int cnt;
	char addr[32];
	int i;

	for (i = 0; i < 5; i++) {
		xid_of(self->xid, 2, i);
		snprintf(addr, sizeof(addr), "10.0.0.%d", i + 1);
		ASSERT_EQ(0, task_add_ipv4(&self->nl, self->xid, addr, NULL,
					   &self->e));
		ASSERT_EQ(0, flow_add4(&self->nl, self->xid, i, IPPROTO_UDP,
				       addr, 4000, "192.0.2.1", 5000 + i, NULL,
				       &self->e))
		TH_LOG("%s", self->e.msg);
	}
	ASSERT_EQ(0, task_count(&self->nl, &cnt));
	ASSERT_EQ(5, cnt);
	ASSERT_EQ(0, simple_cmd(&self->nl, LMISF_CMD_TASK_FLUSH, &self->e));
	ASSERT_EQ(0, task_count(&self->nl, &cnt));
	EXPECT_EQ(0, cnt);
	ASSERT_EQ(0, stats_get(&self->nl, st));
	EXPECT_EQ(0, st[LMISF_STATS_A_TASKS]);
	EXPECT_EQ(0, st[LMISF_STATS_A_FLOWS]);
	EXPECT_EQ(0, st[LMISF_STATS_A_TARGETS]);
	/* An empty flush is fine too. */
	ASSERT_EQ(0, simple_cmd(&self->nl, LMISF_CMD_TASK_FLUSH, &self->e));
}

struct ids {
	unsigned int n;
	uint32_t id[64];
};

static int ids_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct ids *ids = arg;
	struct task_info t;

	if (!parse_task(nlh, &t) && ids->n < 64)
		ids->id[ids->n++] = t.id;
	return 0;
}

TEST_F(api, task_dump_resumes_after_id)
{
	struct ids all = { 0 }, rest = { 0 };
	struct nlattr *n;
	char addr[32];
	unsigned int i;

	for (i = 0; i < 10; i++) {
		xid_of(self->xid, 3, i);
		snprintf(addr, sizeof(addr), "10.0.0.%u", i + 1);
		ASSERT_EQ(0, task_add_ipv4(&self->nl, self->xid, addr, NULL,
					   &self->e));
	}
	lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_GET, NLM_F_DUMP);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, ids_cb, &all, &self->e));
	ASSERT_EQ(10, all.n);
	for (i = 1; i < all.n; i++)
		ASSERT_LT(all.id[i - 1], all.id[i])
	TH_LOG("dump not in id order");

	lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_GET, NLM_F_DUMP);
	n = lmsg_nest(&self->m, LMISF_A_TASK);
	lmsg_put_u32(&self->m, LMISF_TASK_A_ID, all.id[4]);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, ids_cb, &rest, &self->e))
	TH_LOG("%s", self->e.msg);
	ASSERT_EQ(5, rest.n);
	for (i = 0; i < rest.n; i++)
		EXPECT_EQ(all.id[5 + i], rest.id[i]);
}

TEST_F(api, task_report_needs_sink)
{
	struct nlattr *n;

	ASSERT_EQ(0, task_add_ipv4(&self->nl, self->xid, "10.0.0.1", NULL,
				   &self->e));
	lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_REPORT, 0);
	n = put_task(&self->m, self->xid, 0);
	lmsg_put_u64(&self->m, LMISF_TASK_A_X2_PDUS, 1);
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EPERM, &self->m, NULL, -1, "sink");
}

LMISF_API_MAIN
