// SPDX-License-Identifier: GPL-2.0
/*
 * TASK_NEW refused, and why: missing, oversized and wrong-length
 * attributes, limits, bad target types and fields, CIDR host bits,
 * identity syntax, unknown attributes, nests without NLA_F_NESTED; and
 * commands that only the kernel sends. Each asserts the errno and that the
 * extended ACK names the problem.
 */
#include "lmisf_api.h"

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

LMISF_API_MAIN
