// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of attrpath.c: the extack offsets the kernel returns name the
 * right attribute of the request we sent.
 */
#include <string.h>

#include <kselftest_harness.h>
#include <linux/genetlink.h>
#include <linux/lmisf.h>
#include <linux/netlink.h>

#include "attrpath.h"

/* A request built by hand: a task with an XID and two targets. */
struct req {
	union {
		char buf[512];
		struct nlmsghdr nlh;
	};
	size_t len;
};

static uint32_t put(struct req *r, uint16_t type, const void *data,
		    uint16_t len)
{
	struct nlattr *a = (struct nlattr *)(r->buf + r->len);
	uint32_t at = (uint32_t)r->len;

	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy(r->buf + r->len + NLA_HDRLEN, data, len);
	r->len += NLA_ALIGN(a->nla_len);
	r->nlh.nlmsg_len = (uint32_t)r->len;
	return at;
}

static uint32_t nest_start(struct req *r, uint16_t type)
{
	return put(r, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct req *r, uint32_t at)
{
	((struct nlattr *)(r->buf + at))->nla_len = (uint16_t)(r->len - at);
}

struct offsets {
	uint32_t task, xid, target1, target2, type2, value2;
};

static void build(struct req *r, struct offsets *o)
{
	uint8_t xid[16] = { 1 };
	uint32_t t;

	memset(r, 0, sizeof(*r));
	r->len = NLMSG_HDRLEN + GENL_HDRLEN;
	o->task = nest_start(r, LMISF_A_TASK);
	o->xid = put(r, LMISF_TASK_A_XID, xid, sizeof(xid));
	t = LMISF_TARGET_IPV4;
	o->target1 = nest_start(r, LMISF_TASK_A_TARGET);
	put(r, LMISF_TARGET_A_TYPE, &t, sizeof(t));
	put(r, LMISF_TARGET_A_IPV4, "\xc0\x00\x02\x01", 4);
	nest_end(r, o->target1);
	t = LMISF_TARGET_IMSI;
	o->target2 = nest_start(r, LMISF_TASK_A_TARGET);
	o->type2 = put(r, LMISF_TARGET_A_TYPE, &t, sizeof(t));
	o->value2 = put(r, LMISF_TARGET_A_VALUE, "12ab", 5);
	nest_end(r, o->target2);
	nest_end(r, o->task);
}

TEST(offsets_named)
{
	struct offsets o;
	struct req r;
	char buf[128];

	build(&r, &o);
	attr_path(&r.nlh, o.task, buf, sizeof(buf));
	EXPECT_STREQ("task", buf);
	attr_path(&r.nlh, o.xid, buf, sizeof(buf));
	EXPECT_STREQ("task.xid", buf);
	attr_path(&r.nlh, o.target1, buf, sizeof(buf));
	EXPECT_STREQ("task.target[1]", buf);
	attr_path(&r.nlh, o.target2, buf, sizeof(buf));
	EXPECT_STREQ("task.target[2]", buf);
	attr_path(&r.nlh, o.type2, buf, sizeof(buf));
	EXPECT_STREQ("task.target[2].type", buf);
	attr_path(&r.nlh, o.value2, buf, sizeof(buf));
	EXPECT_STREQ("task.target[2].value", buf);
	/* An offset inside an attribute's payload still names it. */
	attr_path(&r.nlh, o.value2 + NLA_HDRLEN + 1, buf, sizeof(buf));
	EXPECT_STREQ("task.target[2].value", buf);
}

TEST(offsets_outside)
{
	struct offsets o;
	struct req r;
	char buf[128], expect[32];

	build(&r, &o);
	attr_path(&r.nlh, 2, buf, sizeof(buf));
	EXPECT_STREQ("at offset 2", buf);
	attr_path(&r.nlh, (uint32_t)r.len + 100, buf, sizeof(buf));
	snprintf(expect, sizeof(expect), "at offset %zu", r.len + 100);
	EXPECT_STREQ(expect, buf);
}

TEST(missing)
{
	struct offsets o;
	struct req r;
	char buf[128];

	build(&r, &o);
	attr_missing(&r.nlh, true, o.task, LMISF_TASK_A_DELIVERY, buf,
		     sizeof(buf));
	EXPECT_STREQ("task.delivery", buf);
	attr_missing(&r.nlh, true, o.target2, LMISF_TARGET_A_PREFIX_LEN, buf,
		     sizeof(buf));
	EXPECT_STREQ("task.target[2].prefix-len", buf);
	attr_missing(&r.nlh, false, 0, LMISF_A_FLOW, buf, sizeof(buf));
	EXPECT_STREQ("flow", buf);
	/* A repeated attribute that is missing altogether has no index. */
	attr_missing(&r.nlh, true, o.task, LMISF_TASK_A_DID, buf, sizeof(buf));
	EXPECT_STREQ("task.did", buf);
	attr_missing(&r.nlh, true, o.task, 200, buf, sizeof(buf));
	EXPECT_STREQ("task.attr200", buf);
}

TEST(truncated_request)
{
	struct offsets o;
	struct req r;
	char buf[128], expect[32];

	build(&r, &o);
	/* A nest claiming more than the message holds is not followed. */
	((struct nlattr *)(r.buf + o.task))->nla_len = 400;
	attr_path(&r.nlh, o.xid, buf, sizeof(buf));
	snprintf(expect, sizeof(expect), "at offset %u", o.xid);
	EXPECT_STREQ(expect, buf);
}

TEST_HARNESS_MAIN
