// SPDX-License-Identifier: GPL-2.0
/*
 * The task table (events, resync) and the replay task syntax (`lmisfctl
 * task add` words, tasks files with line-numbered errors).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "tasks.h"

#define XID1 "2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162"
#define XID2 "0c0e57a4-2d44-4b39-9a38-52d1c87d0f00"
#define DID1 "7f1d1a52-93a4-4bb7-8c3e-0e2f7d9a4b11"

struct evlog {
	int n[4];
	char last_xid0;
};

static void on_event(void *ctx, enum task_event ev, const struct task *t)
{
	struct evlog *l = ctx;

	l->n[ev]++;
	l->last_xid0 = (char)t->xid[0];
}

static int parse(const char *line, struct task *t, char *err)
{
	return task_parse_line(line, t, err, 256);
}

TEST(parse_full)
{
	struct task t;
	char err[256] = "";

	ASSERT_EQ(0, parse("xid " XID1 " delivery x2x3 correlation 42 "
			   "target ipv4 10.45.0.7 target teid 0x1a2b3c4d "
			   "endpoint 192.0.2.10 target imsi 001010123456789 "
			   "non-local target ipv6-cidr 2001:db8::/32 "
			   "did " DID1,
			   &t, err))
	TH_LOG("%s", err);
	EXPECT_EQ(0x2b, t.xid[0]);
	EXPECT_EQ(LMISF_DELIVERY_X2_AND_X3, t.delivery);
	EXPECT_TRUE(t.has_correlation);
	EXPECT_EQ(42, t.correlation_id);
	ASSERT_EQ(4, t.n_targets);
	EXPECT_EQ(LMISF_TARGET_IPV4, t.targets[0].type);
	EXPECT_EQ(4, t.targets[0].addr.ver);
	EXPECT_EQ(10, t.targets[0].addr.a[0]);
	EXPECT_EQ(7, t.targets[0].addr.a[3]);
	EXPECT_EQ(32, t.targets[0].prefix_len);
	EXPECT_EQ(LMISF_TARGET_GTPU_TEID, t.targets[1].type);
	EXPECT_EQ(0x1a2b3c4d, t.targets[1].teid);
	EXPECT_EQ(4, t.targets[1].addr.ver);
	EXPECT_EQ(LMISF_TARGET_IMSI, t.targets[2].type);
	EXPECT_STREQ("001010123456789", t.targets[2].value);
	EXPECT_TRUE(t.targets[2].non_local);
	EXPECT_EQ(32, t.targets[3].prefix_len);
	EXPECT_EQ(6, t.targets[3].addr.ver);
	ASSERT_EQ(1, t.n_dids);
	EXPECT_EQ(0x7f, t.dids[0][0]);
	task_clear(&t);
}

TEST(parse_identities)
{
	static const char *const ok[] = {
		"sip-uri sip:alice@ims.example",
		"sip-uri SIPS:bob@x",
		"tel-uri tel:+15551234",
		"impu tel:+1",
		"impu sip:a@b",
		"impi alice@ims.example",
		"nai a@b@c",
		"imsi 001010",
		"supi imsi-001010123456789",
		"supi nai-a@b",
		"imei 35123456789012",
		"pei imei-351234567890123",
		"pei imeisv-3512345678901234",
		"e164 +4915112345678",
		"e164 1",
		"teid 4294967295",
		"teid 7 endpoint 2001:db8::1",
		"ipv4-cidr 0.0.0.0/0",
	};
	static const char *const bad[] = {
		"sip-uri tel:+1",
		"sip-uri sip:",
		"tel-uri sip:a@b",
		"impi alice",
		"impi @b",
		"impi a@",
		"imsi 12345",
		"imsi 1234567890123456",
		"supi 001010",
		"imei 1234567890123",
		"pei imei-35123456789012",
		"e164 +",
		"e164 1234567890123456",
		"teid 4294967296",
		"teid -1",
		"teid 0x",
		"ipv4 10.0.0",
		"ipv6 10.0.0.1",
		"ipv4-cidr 10.0.0.1/24",
		"ipv4-cidr 10.0.0.0/33",
		"ipv4-cidr 10.0.0.0",
		"ipv6-cidr 2001:db8::1/64",
		"ipv4 10.0.0.1 non-local",
		"foo bar",
	};
	char line[256], err[256];
	struct task t;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(line, sizeof(line),
			 "xid " XID1 " delivery x2 target %s", ok[i]);
		EXPECT_EQ(0, parse(line, &t, err))
		TH_LOG("%s: %s", ok[i], err);
		task_clear(&t);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(line, sizeof(line),
			 "xid " XID1 " delivery x2 target %s", bad[i]);
		EXPECT_EQ(-EINVAL, parse(line, &t, err))
		TH_LOG("accepted: %s", bad[i]);
	}
}

TEST(parse_errors_exact)
{
	static const struct {
		const char *line, *err;
	} c[] = {
		{ "delivery x2 target ipv4 10.0.0.1", "xid is required" },
		{ "xid " XID1 " target ipv4 10.0.0.1", "delivery is required" },
		{ "xid " XID1 " delivery x2",
		  "at least one target is required" },
		{ "xid nope delivery x2", "xid: expected a UUID" },
		{ "xid " XID1 " xid " XID1, "xid given twice" },
		{ "xid " XID1 " delivery x4",
		  "delivery: expected x2, x3 or x2x3" },
		{ "xid " XID1 " delivery x2 correlation -3",
		  "correlation: expected a 64-bit number" },
		{ "xid " XID1 " delivery x2 target",
		  "target: expected a type" },
		{ "xid " XID1 " delivery x2 target ipv4",
		  "ipv4: expected a value" },
		{ "xid " XID1 " delivery x2 target ipv4-cidr 10.0.0.1/24",
		  "ipv4-cidr: host bits set past the prefix length" },
		{ "xid " XID1 " delivery x2 target ipv6 10.1.1.1",
		  "ipv6: not an IPv6 address" },
		/* the value is never repeated: tasks are secret */
		{ "xid " XID1 " delivery x2 target imsi 12",
		  "imsi: value does not match its syntax (see uapi/linux/lmisf.h)" },
		{ "xid " XID1 " delivery x2 target ipv4 10.0.0.1 frob",
		  "unknown keyword \"frob\" (expected xid, delivery, correlation, target or did)" },
		{ "xid " XID1 " delivery x2 target ipv4 10.0.0.1 did x",
		  "did: expected a UUID" },
		{ "xid " XID1 " delivery x2 target teid 1 endpoint",
		  "endpoint: expected an IPv4 or IPv6 address" },
	};
	char err[256];
	struct task t;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		err[0] = 0;
		EXPECT_EQ(-EINVAL, parse(c[i].line, &t, err));
		EXPECT_STREQ(c[i].err, err);
	}
}

TEST(limits)
{
	char line[8192], err[256];
	struct task t;
	size_t off;
	int i;

	off = (size_t)snprintf(line, sizeof(line), "xid " XID1 " delivery x3");
	for (i = 0; i < LMISF_MAX_TARGETS; i++)
		off += (size_t)snprintf(line + off, sizeof(line) - off,
					" target teid %d", i);
	ASSERT_EQ(0, parse(line, &t, err));
	EXPECT_EQ(LMISF_MAX_TARGETS, t.n_targets);
	task_clear(&t);
	snprintf(line + off, sizeof(line) - off, " target teid 99");
	ASSERT_EQ(-EINVAL, parse(line, &t, err));
	EXPECT_STREQ("more than 64 targets", err);
}

TEST(table_events_and_resync)
{
	struct evlog l = { 0 };
	struct tasks *ts = tasks_new(on_event, &l);
	uint8_t xid[LMISF_XID_LEN];
	struct task a, b;
	char err[256];

	ASSERT_NE(NULL, ts);
	ASSERT_EQ(0, parse("xid " XID1 " delivery x2 target ipv4 10.0.0.1", &a,
			   err));
	ASSERT_EQ(0, parse("xid " XID2 " delivery x3 target ipv4 10.0.0.2", &b,
			   err));
	ASSERT_EQ(0, tasks_put(ts, &a));
	ASSERT_EQ(0, tasks_put(ts, &b));
	EXPECT_EQ(2, l.n[TASK_EV_NEW]);
	EXPECT_EQ(2, tasks_count(ts));
	/* the same again: no event */
	ASSERT_EQ(0, tasks_put(ts, &a));
	EXPECT_EQ(0, l.n[TASK_EV_MODIFIED]);
	a.correlation_id = 9;
	a.has_correlation = true;
	ASSERT_EQ(0, tasks_put(ts, &a));
	EXPECT_EQ(1, l.n[TASK_EV_MODIFIED]);
	EXPECT_EQ(9, tasks_find(ts, a.xid)->correlation_id);
	/* the table keeps its own copy */
	memcpy(xid, a.xid, sizeof(xid));
	task_clear(&a);
	ASSERT_NE(NULL, tasks_find(ts, xid));
	EXPECT_EQ(9, tasks_find(ts, xid)->correlation_id);

	/* a resync that only sees b deletes the other */
	tasks_sync_begin(ts);
	ASSERT_EQ(0, tasks_put(ts, &b));
	tasks_sync_end(ts);
	EXPECT_EQ(1, l.n[TASK_EV_DELETED]);
	EXPECT_EQ(0x2b, l.last_xid0);
	EXPECT_EQ(1, tasks_count(ts));
	EXPECT_EQ(-ENOENT, tasks_del(ts, xid));
	EXPECT_EQ(0, tasks_del(ts, b.xid));
	EXPECT_EQ(2, l.n[TASK_EV_DELETED]);
	task_clear(&b);
	tasks_free(ts);
}

static char *write_file(const char *text)
{
	static char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/lmisf-test-tasks-%d", (int)getpid());
	f = fopen(path, "w");
	if (!f)
		return NULL;
	fputs(text, f);
	fclose(f);
	return path;
}

TEST(tasks_file)
{
	struct tasks *ts = tasks_new(NULL, NULL);
	char err[512], want[600];
	char *path;

	ASSERT_NE(NULL, ts);
	path = write_file("# replay tasks\n\n"
			  "xid " XID1 " delivery x2 target sip-uri sip:a@b\n"
			  "   \t\n"
			  "xid " XID2 " delivery x2x3 target ipv4 10.0.0.2\n");
	ASSERT_NE(NULL, path);
	ASSERT_EQ(2, tasks_load_file(ts, path, err, sizeof(err)));
	EXPECT_EQ(2, tasks_count(ts));

	/* an error loses nothing and adds nothing */
	tasks_flush(ts);
	path = write_file("xid " XID1 " delivery x2 target ipv4 10.0.0.1\n"
			  "# comment\n"
			  "xid " XID2 " delivery x2 target ipv4 10.0.0.300\n");
	EXPECT_EQ(-EINVAL, tasks_load_file(ts, path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:3: ipv4: not an IPv4 address", path);
	EXPECT_STREQ(want, err);
	EXPECT_EQ(0, tasks_count(ts));

	path = write_file("xid " XID1 " delivery x2 target ipv4 10.0.0.1\n"
			  "xid " XID1 " delivery x3 target ipv4 10.0.0.2\n");
	EXPECT_EQ(-EINVAL, tasks_load_file(ts, path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:2: xid given to an earlier task",
		 path);
	EXPECT_STREQ(want, err);
	EXPECT_EQ(0, tasks_count(ts));
	unlink(path);

	EXPECT_EQ(-ENOENT,
		  tasks_load_file(ts, "/nonexistent/tasks", err, sizeof(err)));
	EXPECT_STREQ("/nonexistent/tasks: No such file or directory", err);
	tasks_free(ts);
}

TEST_HARNESS_MAIN
