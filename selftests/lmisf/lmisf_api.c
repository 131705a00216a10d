// SPDX-License-Identifier: GPL-2.0
/*
 * Every command of the lmisf family: the success path and the refusals
 * (missing, oversized and wrong-length attributes, unknown attributes and
 * types, duplicate and unknown XIDs, identity syntax), each asserting the
 * errno and that the extended ACK names the problem. Every test runs in a
 * fresh network namespace, so none sees another's state.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lmisf_util.h"

FIXTURE(api)
{
	struct lnl nl;
	struct lnl_err e;
	struct lmsg m;
	uint8_t xid[LMISF_XID_LEN];
};

FIXTURE_SETUP(api)
{
	int ret = new_netns();

	if (ret)
		SKIP(return, "unshare(CLONE_NEWNET): %s", strerror(-ret));
	ret = lnl_open(&self->nl);
	ASSERT_EQ(0, ret) TH_LOG("lnl_open: %s", strerror(-ret));
	xid_of(self->xid, 1, 1);
}

FIXTURE_TEARDOWN(api)
{
	lnl_close(&self->nl);
}

#define TALK(_self) lnl_talk(&(_self)->nl, &(_self)->m, NULL, NULL, &(_self)->e)

/* A TASK_NEW request whose task nest is left open for the caller. */
static struct nlattr *begin_task(FIXTURE_DATA(api) * self, uint8_t cmd)
{
	lmsg_init(&self->m, &self->nl, cmd, 0);
	return put_task(&self->m, self->xid, LMISF_DELIVERY_X2_AND_X3);
}

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

TEST_F(api, task_new_missing_task_nest)
{
	lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_NEW, 0);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, NULL,
		       LMISF_A_TASK, "task");
}

TEST_F(api, task_new_missing_xid)
{
	struct nlattr *n;

	lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_NEW, 0);
	n = put_task(&self->m, NULL, LMISF_DELIVERY_X2_ONLY);
	put_target_ipv4(&self->m, "10.0.0.1");
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, NULL,
		       LMISF_TASK_A_XID, "xid");
}

TEST_F(api, task_new_xid_wrong_length)
{
	static const size_t lens[] = { 0, 15, 17, 36 };
	uint8_t buf[40] = { 1 };
	struct nlattr *n, *x;
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_NEW, 0);
		n = lmsg_nest(&self->m, LMISF_A_TASK);
		x = lmsg_put(&self->m, LMISF_TASK_A_XID, buf, lens[i]);
		lmsg_put_u32(&self->m, LMISF_TASK_A_DELIVERY, 1);
		put_target_ipv4(&self->m, "10.0.0.1");
		lmsg_nest_end(&self->m, n);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, x, -1,
			       NULL);
	}
}

TEST_F(api, task_new_missing_delivery)
{
	struct nlattr *n;

	lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_NEW, 0);
	n = put_task(&self->m, self->xid, 0);
	put_target_ipv4(&self->m, "10.0.0.1");
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, NULL,
		       LMISF_TASK_A_DELIVERY, "delivery");
}

TEST_F(api, task_new_bad_delivery)
{
	static const uint32_t bad[] = { 0, 4, 0xffffffff };
	struct nlattr *n, *d;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		lmsg_init(&self->m, &self->nl, LMISF_CMD_TASK_NEW, 0);
		n = put_task(&self->m, self->xid, 0);
		d = lmsg_put(&self->m, LMISF_TASK_A_DELIVERY, &bad[i], 4);
		put_target_ipv4(&self->m, "10.0.0.1");
		lmsg_nest_end(&self->m, n);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, d, -1,
			       NULL);
	}
}

TEST_F(api, task_new_no_target)
{
	struct nlattr *n = begin_task(self, LMISF_CMD_TASK_NEW);

	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, NULL,
		       LMISF_TASK_A_TARGET, "target");
}

TEST_F(api, task_new_target_limit)
{
	char addr[32];
	struct nlattr *n;
	unsigned int cnt;
	int i;

	/* LMISF_MAX_TARGETS is accepted... */
	n = begin_task(self, LMISF_CMD_TASK_NEW);
	for (i = 0; i < LMISF_MAX_TARGETS; i++) {
		snprintf(addr, sizeof(addr), "10.0.%d.%d", i / 200,
			 i % 200 + 1);
		put_target_ipv4(&self->m, addr);
	}
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);

	/* ...one more is not, and leaves nothing behind. */
	xid_of(self->xid, 1, 2);
	n = begin_task(self, LMISF_CMD_TASK_NEW);
	for (i = 0; i < LMISF_MAX_TARGETS + 1; i++) {
		snprintf(addr, sizeof(addr), "10.1.%d.%d", i / 200,
			 i % 200 + 1);
		put_target_ipv4(&self->m, addr);
	}
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, NULL, -1,
		       "target");
	ASSERT_EQ(0, task_count(&self->nl, &cnt));
	EXPECT_EQ(1, cnt);
}

TEST_F(api, task_new_did_limit_and_length)
{
	uint8_t did[LMISF_XID_LEN];
	struct nlattr *n, *d = NULL;
	int i;

	n = begin_task(self, LMISF_CMD_TASK_NEW);
	put_target_ipv4(&self->m, "10.0.0.1");
	for (i = 0; i < LMISF_MAX_DIDS; i++) {
		xid_of(did, 7, i);
		lmsg_put(&self->m, LMISF_TASK_A_DID, did, LMISF_XID_LEN);
	}
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);

	xid_of(self->xid, 1, 2);
	n = begin_task(self, LMISF_CMD_TASK_NEW);
	put_target_ipv4(&self->m, "10.0.0.2");
	for (i = 0; i < LMISF_MAX_DIDS + 1; i++) {
		xid_of(did, 7, i);
		lmsg_put(&self->m, LMISF_TASK_A_DID, did, LMISF_XID_LEN);
	}
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, NULL, -1,
		       "did|destination");

	n = begin_task(self, LMISF_CMD_TASK_NEW);
	put_target_ipv4(&self->m, "10.0.0.2");
	d = lmsg_put(&self->m, LMISF_TASK_A_DID, did, 8);
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, d, -1, NULL);
}

TEST_F(api, task_new_bad_target_type)
{
	static const uint32_t bad[] = { 0, LMISF_TARGET_TYPE_MAX + 1, 1000 };
	struct nlattr *n, *t;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = begin_task(self, LMISF_CMD_TASK_NEW);
		t = lmsg_nest(&self->m, LMISF_TASK_A_TARGET);
		lmsg_put_u32(&self->m, LMISF_TARGET_A_TYPE, bad[i]);
		lmsg_put_str(&self->m, LMISF_TARGET_A_VALUE, "x");
		lmsg_nest_end(&self->m, t);
		lmsg_nest_end(&self->m, n);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, t, -1,
			       NULL);
	}
}

/* A target nest missing what its type requires. */
TEST_F(api, task_new_target_missing_fields)
{
	static const struct {
		uint32_t type;
		int with_addr; /* 4 or 6: put that address, no prefix len */
		int miss;
	} cases[] = {
		{ LMISF_TARGET_IPV4, 0, LMISF_TARGET_A_IPV4 },
		{ LMISF_TARGET_IPV6, 0, LMISF_TARGET_A_IPV6 },
		{ LMISF_TARGET_IPV4_CIDR, 4, LMISF_TARGET_A_PREFIX_LEN },
		{ LMISF_TARGET_IPV6_CIDR, 6, LMISF_TARGET_A_PREFIX_LEN },
		{ LMISF_TARGET_GTPU_TEID, 0, LMISF_TARGET_A_TEID },
		{ LMISF_TARGET_IMSI, 0, LMISF_TARGET_A_VALUE },
		{ LMISF_TARGET_SIP_URI, 0, LMISF_TARGET_A_VALUE },
	};
	struct nlattr *n, *t;
	uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = begin_task(self, LMISF_CMD_TASK_NEW);
		t = lmsg_nest(&self->m, LMISF_TASK_A_TARGET);
		lmsg_put_u32(&self->m, LMISF_TARGET_A_TYPE, cases[i].type);
		if (cases[i].with_addr == 4)
			lmsg_put_u32(&self->m, LMISF_TARGET_A_IPV4,
				     ip4("10.0.0.0"));
		if (cases[i].with_addr == 6)
			lmsg_put(&self->m, LMISF_TARGET_A_IPV6, a6, 16);
		lmsg_nest_end(&self->m, t);
		lmsg_nest_end(&self->m, n);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, t,
			       cases[i].miss, NULL);
	}
}

TEST_F(api, task_new_target_wrong_length)
{
	struct nlattr *n, *t, *a;
	uint8_t buf[32] = { 10, 0, 0, 1 };

	/* IPv4 of 2 bytes, 8 bytes; IPv6 of 4 bytes, 17 bytes. */
	static const struct {
		uint32_t type;
		uint16_t attr;
		size_t len;
	} c[] = {
		{ LMISF_TARGET_IPV4, LMISF_TARGET_A_IPV4, 2 },
		{ LMISF_TARGET_IPV4, LMISF_TARGET_A_IPV4, 8 },
		{ LMISF_TARGET_IPV6, LMISF_TARGET_A_IPV6, 4 },
		{ LMISF_TARGET_IPV6, LMISF_TARGET_A_IPV6, 17 },
		{ LMISF_TARGET_GTPU_TEID, LMISF_TARGET_A_TEID, 2 },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		n = begin_task(self, LMISF_CMD_TASK_NEW);
		t = lmsg_nest(&self->m, LMISF_TASK_A_TARGET);
		lmsg_put_u32(&self->m, LMISF_TARGET_A_TYPE, c[i].type);
		a = lmsg_put(&self->m, c[i].attr, buf, c[i].len);
		lmsg_nest_end(&self->m, t);
		lmsg_nest_end(&self->m, n);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, a, -1,
			       NULL);
	}
}

TEST_F(api, task_new_bad_cidr)
{
	static const struct {
		const char *addr;
		uint8_t plen;
	} c[] = {
		{ "10.0.0.0", 33 }, /* too long for IPv4 */
		{ "10.0.0.1", 24 }, /* host bits */
		{ "2001:db8::", 129 },
		{ "2001:db8::1", 64 },
	};
	struct nlattr *n, *t;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		n = begin_task(self, LMISF_CMD_TASK_NEW);
		t = put_target_cidr(&self->m, c[i].addr, c[i].plen);
		lmsg_nest_end(&self->m, n);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, t, -1,
			       "prefix|host");
	}
}

TEST_F(api, task_new_value_oversized)
{
	static const size_t lens[] = { LMISF_MAX_VALUE_LEN + 1, 1000, 4000 };
	char v[4096];
	struct nlattr *n, *t;
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		memset(v, '1', lens[i]);
		memcpy(v, "sip:", 4);
		v[lens[i]] = 0;
		n = begin_task(self, LMISF_CMD_TASK_NEW);
		t = put_target_value(&self->m, LMISF_TARGET_SIP_URI, v);
		lmsg_nest_end(&self->m, n);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, t, -1,
			       NULL);
	}
	/* The longest allowed value is fine. */
	memset(v, 'a', LMISF_MAX_VALUE_LEN);
	memcpy(v, "sip:", 4);
	v[LMISF_MAX_VALUE_LEN] = 0;
	n = begin_task(self, LMISF_CMD_TASK_NEW);
	put_target_value(&self->m, LMISF_TARGET_SIP_URI, v);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);
}

TEST_F(api, task_new_invalid_identities)
{
	static const struct {
		uint32_t type;
		const char *value;
	} bad[] = {
		{ LMISF_TARGET_SIP_URI, "" },
		{ LMISF_TARGET_SIP_URI, "alice@example.net" },
		{ LMISF_TARGET_SIP_URI, "http://example.net" },
		{ LMISF_TARGET_SIP_URI, "sip:alice @example.net" },
		{ LMISF_TARGET_SIP_URI, "sip:alice\t@example.net" },
		{ LMISF_TARGET_SIP_URI, "sip:al\x01ice@example.net" },
		{ LMISF_TARGET_TEL_URI, "sip:+4917012345" },
		{ LMISF_TARGET_TEL_URI, "+4917012345" },
		{ LMISF_TARGET_IMPU, "mailto:a@b" },
		{ LMISF_TARGET_IMPI, "noatsign" },
		{ LMISF_TARGET_IMPI, "@realm" },
		{ LMISF_TARGET_IMPI, "user@" },
		{ LMISF_TARGET_NAI, "user" },
		{ LMISF_TARGET_IMSI, "12345" },
		{ LMISF_TARGET_IMSI, "1234567890123456" },
		{ LMISF_TARGET_IMSI, "00101012345678a" },
		{ LMISF_TARGET_IMSI, "+001010123456789" },
		{ LMISF_TARGET_SUPI, "001010123456789" },
		{ LMISF_TARGET_SUPI, "imsi-123" },
		{ LMISF_TARGET_SUPI, "nai-nouser" },
		{ LMISF_TARGET_IMEI, "4901542032375" },
		{ LMISF_TARGET_IMEI, "4901542032375181" },
		{ LMISF_TARGET_IMEI, "49015420323751x" },
		{ LMISF_TARGET_PEI, "490154203237518" },
		{ LMISF_TARGET_PEI, "imei-49015420323751" },
		{ LMISF_TARGET_PEI, "imeisv-490154203237518" },
		{ LMISF_TARGET_E164, "" },
		{ LMISF_TARGET_E164, "+" },
		{ LMISF_TARGET_E164, "1234567890123456" },
		{ LMISF_TARGET_E164, "49-170-1234" },
	};
	unsigned int cnt;
	struct nlattr *n, *t;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = begin_task(self, LMISF_CMD_TASK_NEW);
		t = put_target_value(&self->m, bad[i].type, bad[i].value);
		lmsg_nest_end(&self->m, n);
		snprintf(lmisf_ctx, sizeof(lmisf_ctx), "type %u value '%s'",
			 bad[i].type, bad[i].value);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, t, -1,
			       NULL);
	}
	ASSERT_EQ(0, task_count(&self->nl, &cnt));
	EXPECT_EQ(0, cnt);
}

TEST_F(api, task_new_unknown_attributes)
{
	struct nlattr *n, *u;

	/* Inside the task nest (strict validation)... */
	n = begin_task(self, LMISF_CMD_TASK_NEW);
	put_target_ipv4(&self->m, "10.0.0.1");
	u = lmsg_put(&self->m, LMISF_TASK_A_MAX + 1, "\0\0\0\0", 4);
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, u, -1,
		       "unknown");

	/* ...at the top level... */
	n = begin_task(self, LMISF_CMD_TASK_NEW);
	put_target_ipv4(&self->m, "10.0.0.1");
	lmsg_nest_end(&self->m, n);
	u = lmsg_put(&self->m, LMISF_A_MAX + 1, "\0\0\0\0", 4);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, u, -1,
		       "unknown");

	/* ...and a flag with a payload. */
	n = begin_task(self, LMISF_CMD_TASK_NEW);
	u = lmsg_nest(&self->m, LMISF_TASK_A_TARGET);
	lmsg_put_u32(&self->m, LMISF_TARGET_A_TYPE, LMISF_TARGET_IMSI);
	lmsg_put_str(&self->m, LMISF_TARGET_A_VALUE, "001010123456789");
	lmsg_put_u32(&self->m, LMISF_TARGET_A_NON_LOCAL, 1);
	lmsg_nest_end(&self->m, u);
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, u, -1, NULL);
}

TEST_F(api, task_new_nest_without_nested_flag)
{
	struct nlattr *n = begin_task(self, LMISF_CMD_TASK_NEW);

	put_target_ipv4(&self->m, "10.0.0.1");
	lmsg_nest_end(&self->m, n);
	n->nla_type &= ~NLA_F_NESTED;
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, n, -1, "nest");
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

struct selector {
	unsigned int nports, nprefixes;
	uint8_t proto[LMISF_MAX_SELECTOR_PORTS + 1];
	uint16_t port[LMISF_MAX_SELECTOR_PORTS + 1];
};

static int selector_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1], *a;
	struct selector *s = arg;

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (!tb[LMISF_A_SELECTOR])
		return 0;
	lnl_for_each(a, lnl_data(tb[LMISF_A_SELECTOR]),
		     lnl_len(tb[LMISF_A_SELECTOR]))
	{
		const struct nlattr *tp[LMISF_PORT_A_MAX + 1];

		if (lnl_type(a) == LMISF_SELECTOR_A_PREFIX) {
			s->nprefixes++;
			continue;
		}
		if (lnl_type(a) != LMISF_SELECTOR_A_PORT ||
		    s->nports >= LMISF_MAX_SELECTOR_PORTS)
			continue;
		lnl_parse_nest(tp, LMISF_PORT_A_MAX, a);
		s->proto[s->nports] = tp[LMISF_PORT_A_PROTO] ?
					      lnl_u8(tp[LMISF_PORT_A_PROTO]) :
					      0;
		s->port[s->nports] =
			tp[LMISF_PORT_A_PORT] ?
				ntohs(lnl_u16(tp[LMISF_PORT_A_PORT])) :
				0;
		s->nports++;
	}
	return 0;
}

static void put_port(struct lmsg *m, uint8_t proto, uint16_t port)
{
	struct nlattr *p = lmsg_nest(m, LMISF_SELECTOR_A_PORT);

	lmsg_put_u8(m, LMISF_PORT_A_PROTO, proto);
	lmsg_put_u16(m, LMISF_PORT_A_PORT, htons(port));
	lmsg_nest_end(m, p);
}

static struct nlattr *put_prefix4(struct lmsg *m, const char *a, uint8_t len)
{
	struct nlattr *p = lmsg_nest(m, LMISF_SELECTOR_A_PREFIX);

	lmsg_put_u32(m, LMISF_PREFIX_A_IPV4, ip4(a));
	lmsg_put_u8(m, LMISF_PREFIX_A_LEN, len);
	lmsg_nest_end(m, p);
	return p;
}

TEST_F(api, selector_default_set_get)
{
	struct selector s = { 0 };
	struct nlattr *n, *p;
	uint8_t a6[16];
	unsigned int i, udp = 0, tcp = 0;

	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, selector_cb, &s, &self->e));
	for (i = 0; i < s.nports; i++) {
		udp += s.proto[i] == IPPROTO_UDP && s.port[i] == 5060;
		tcp += s.proto[i] == IPPROTO_TCP && s.port[i] == 5060;
	}
	EXPECT_EQ(2, s.nports);
	EXPECT_EQ(1, udp);
	EXPECT_EQ(1, tcp);
	EXPECT_EQ(0, s.nprefixes);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_SET, 0);
	n = lmsg_nest(&self->m, LMISF_A_SELECTOR);
	put_port(&self->m, IPPROTO_UDP, 5070);
	put_port(&self->m, IPPROTO_SCTP, 5060);
	put_port(&self->m, IPPROTO_TCP, 5061);
	put_prefix4(&self->m, "192.0.2.0", 24);
	p = lmsg_nest(&self->m, LMISF_SELECTOR_A_PREFIX);
	ip6("2001:db8:5::", a6);
	lmsg_put(&self->m, LMISF_PREFIX_A_IPV6, a6, 16);
	lmsg_put_u8(&self->m, LMISF_PREFIX_A_LEN, 48);
	lmsg_nest_end(&self->m, p);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);

	memset(&s, 0, sizeof(s));
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, selector_cb, &s, &self->e));
	ASSERT_EQ(3, s.nports);
	EXPECT_EQ(2, s.nprefixes);
	EXPECT_EQ(5070, s.port[0]);
	EXPECT_EQ(IPPROTO_SCTP, s.proto[1]);

	/* Empty selector: nothing is signalling. */
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_SET, 0);
	n = lmsg_nest(&self->m, LMISF_A_SELECTOR);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);
	memset(&s, 0, sizeof(s));
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, selector_cb, &s, &self->e));
	EXPECT_EQ(0, s.nports);
	EXPECT_EQ(0, s.nprefixes);
}

TEST_F(api, selector_bad)
{
	struct selector s = { 0 };
	struct nlattr *n, *bad;
	int i, j, miss;

	for (i = 0; i < 6; i++) {
		miss = -1;
		lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_SET, 0);
		n = lmsg_nest(&self->m, LMISF_A_SELECTOR);
		put_port(&self->m, IPPROTO_UDP, 5080);
		bad = NULL;
		switch (i) {
		case 0: /* port 0 */
			bad = lmsg_nest(&self->m, LMISF_SELECTOR_A_PORT);
			lmsg_put_u8(&self->m, LMISF_PORT_A_PROTO, IPPROTO_UDP);
			lmsg_put_u16(&self->m, LMISF_PORT_A_PORT, 0);
			lmsg_nest_end(&self->m, bad);
			break;
		case 1: /* ICMP */
			bad = lmsg_nest(&self->m, LMISF_SELECTOR_A_PORT);
			lmsg_put_u8(&self->m, LMISF_PORT_A_PROTO, IPPROTO_ICMP);
			lmsg_put_u16(&self->m, LMISF_PORT_A_PORT, htons(1));
			lmsg_nest_end(&self->m, bad);
			break;
		case 2:
			bad = put_prefix4(&self->m, "192.0.2.0", 33);
			break;
		case 3:
			bad = put_prefix4(&self->m, "192.0.2.1", 24);
			break;
		case 4: /* no address: named as missing, or the nest */
			miss = LMISF_PREFIX_A_IPV4;
			bad = lmsg_nest(&self->m, LMISF_SELECTOR_A_PREFIX);
			lmsg_put_u8(&self->m, LMISF_PREFIX_A_LEN, 8);
			lmsg_nest_end(&self->m, bad);
			break;
		case 5:
			for (j = 0; j < LMISF_MAX_SELECTOR_PORTS; j++)
				put_port(&self->m, IPPROTO_TCP, 6000 + j);
			break;
		}
		lmsg_nest_end(&self->m, n);
		snprintf(lmisf_ctx, sizeof(lmisf_ctx), "case %d", i);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, bad,
			       miss, i == 5 ? "port|many|limit" : NULL);
	}
	/* Nothing changed: still the default. */
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, selector_cb, &s, &self->e));
	EXPECT_EQ(2, s.nports);
	EXPECT_EQ(5060, s.port[0]);

	/* Without LMISF_A_SELECTOR: the selector becomes empty (module). */
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_SET, 0);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);
	memset(&s, 0, sizeof(s));
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, selector_cb, &s, &self->e));
	EXPECT_EQ(0, s.nports);
	EXPECT_EQ(0, s.nprefixes);
}

static int config_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	const struct nlattr *tc[LMISF_CONFIG_A_MAX + 1];

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (!tb[LMISF_A_CONFIG])
		return 0;
	lnl_parse_nest(tc, LMISF_CONFIG_A_MAX, tb[LMISF_A_CONFIG]);
	if (tc[LMISF_CONFIG_A_GTPU_PORT])
		*(int *)arg = ntohs(lnl_u16(tc[LMISF_CONFIG_A_GTPU_PORT]));
	return 0;
}

TEST_F(api, config)
{
	struct nlattr *n, *p;
	int port = -1;

	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, config_cb, &port, &self->e));
	EXPECT_EQ(2152, port);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_SET, 0);
	n = lmsg_nest(&self->m, LMISF_A_CONFIG);
	lmsg_put_u16(&self->m, LMISF_CONFIG_A_GTPU_PORT, htons(2153));
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);
	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, config_cb, &port, &self->e));
	EXPECT_EQ(2153, port);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_SET, 0);
	n = lmsg_nest(&self->m, LMISF_A_CONFIG);
	p = lmsg_put(&self->m, LMISF_CONFIG_A_GTPU_PORT, "\0\0", 2);
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, p, -1, NULL);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_SET, 0);
	n = lmsg_nest(&self->m, LMISF_A_CONFIG);
	p = lmsg_put(&self->m, LMISF_CONFIG_A_GTPU_PORT, "\0\0\0\1", 4);
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, p, -1, NULL);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_SET, 0);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, NULL,
		       LMISF_A_CONFIG, "config");
	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, config_cb, &port, &self->e));
	EXPECT_EQ(2153, port);
}

TEST_F(api, stats_has_every_counter)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	int i;

	ASSERT_EQ(0, stats_get(&self->nl, st));
	for (i = LMISF_STATS_A_PACKETS; i <= LMISF_STATS_A_TARGETS; i++)
		EXPECT_NE(UINT64_MAX, st[i])
	TH_LOG("stats attribute %d missing", i);
	EXPECT_EQ(0, st[LMISF_STATS_A_TASKS]);
	EXPECT_EQ(0, st[LMISF_STATS_A_COPIES]);
}

TEST_F(api, sink_get_unbound)
{
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SINK_GET, 0);
	ASSERT_NL_FAIL(TALK(self), self->e, ENOENT, &self->m, NULL, -1, "sink");
	/* Unbind or set without being the sink. */
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SINK_UNBIND, 0);
	EXPECT_NE(0, TALK(self));
}

TEST_F(api, kernel_to_user_commands_refused)
{
	static const uint8_t cmds[] = { 0,
					LMISF_CMD_COPY,
					LMISF_CMD_TASK_NTF,
					LMISF_CMD_FLOW_NTF,
					LMISF_CMD_MAX + 1,
					200 };
	size_t i;

	for (i = 0; i < sizeof(cmds); i++) {
		lmsg_init(&self->m, &self->nl, cmds[i], 0);
		EXPECT_EQ(-EOPNOTSUPP, TALK(self)) TH_LOG("cmd %u", cmds[i]);
	}
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
