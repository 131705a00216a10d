// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink fuzzing of the lmisf family: a seeded stream of requests on a
 * few sockets in a fresh namespace, of three kinds:
 *
 *  - valid requests of every command (tasks, flows, selector, config,
 *    sink, stats; do and dump) whose outcome a model predicts exactly: the
 *    errno, the IDs, what GET and dumps return;
 *  - the same requests mutated (attribute types and lengths, truncated
 *    TLVs, nlmsg_len lies, flags, command, version, repeated attributes,
 *    deep nests); when one still succeeds, the tables may only have
 *    changed the way its command can change them;
 *  - requests built from scratch: random commands, flags and attribute
 *    trees, nests valid and bogus.
 *
 * Sockets are closed and reopened on the way, the bound sink among them,
 * sometimes with a dump half read; loopback traffic makes copies flow to
 * the sink meanwhile. Every message the kernel sends back must be a
 * well-formed ack, error, dump part or lmisf message (nlfuzz.c), and the
 * model is compared with dumps, GETs and stats every CHECK_EVERY requests.
 * Afterwards a fresh sink binds and receives a copy, stats add up, the
 * module unloads and the kernel logged nothing.
 *
 * LMISF_NLFUZZ_SEED replays a run (the seed is printed), LMISF_NLFUZZ_COUNT
 * sets the number of requests (default 100000, 20000 when
 * LMISF_KERNEL_FLAVOUR=debug).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lmisf_util.h"
#include "nlfuzz.h"
#include "nlfuzz_model.h"
#include "nlfuzz_build.h"

#define CHECK_EVERY 1000
#define EXTRA_TASKS 300

static struct lnl ctl;
static int kmsg_fd = -1, udp4 = -1, udp6 = -1;
static uint64_t seed;
static unsigned long long nreq, nvalid, nmut, nrand, nresync, nevents;
static char why[640];
static struct lmsg req, sentinel;

#define FAIL(...) (snprintf(why, sizeof(why), __VA_ARGS__), -1)

/* A fuzzed socket: big receive buffer, the sink's copies pile up. */
static int pool_open(struct lnl *nl)
{
	int big = 8 << 20, ret = lnl_open(nl);

	if (!ret)
		setsockopt(nl->fd, SOL_SOCKET, SO_RCVBUFFORCE, &big,
			   sizeof(big));
	return ret;
}

/* Sends req (wire bytes) on nl and reads its replies into r. */
static int talk(struct lnl *nl, size_t wire, struct fz_reply *r)
{
	int ret = fz_send(nl, &req, wire);

	if (ret)
		return FAIL("send: %s", strerror(-ret));
	r->seq = req.nlh.nlmsg_seq;
	r->sent_len = req.nlh.nlmsg_len < wire ? req.nlh.nlmsg_len : wire;
	if (fz_await(nl, r, NULL))
		return FAIL("%s", fz_bad);
	return 0;
}

/* The outcome the model predicted, else a failure naming both. */
static int expect(const char *what, int want, const struct fz_reply *r)
{
	if (r->err == want)
		return 0;
	return FAIL("%s: expected %s, got %s (extack '%s')", what,
		    strerror(-want), strerror(-r->err), r->extack);
}

static int id_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1], *in[LMISF_TASK_A_MAX + 1];
	const struct nlattr *nest;

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	nest = tb[LMISF_A_TASK] ?: tb[LMISF_A_FLOW];
	if (!nest)
		return 0;
	lnl_parse_nest(in, LMISF_TASK_A_MAX, nest);
	/* LMISF_TASK_A_ID == LMISF_FLOW_A_ID == 1 */
	if (in[LMISF_TASK_A_ID])
		*(uint32_t *)arg = lnl_u32(in[LMISF_TASK_A_ID]);
	return 0;
}

static int op_task_new(struct lnl *nl, uint8_t cmd)
{
	struct fz_reply r = { .cb = id_cb };
	struct mtask mt = { 0 };
	uint8_t xid[LMISF_XID_LEN];
	struct mtask *cur;
	uint32_t id = 0;

	valid_xid(xid);
	cur = model_task(xid);
	build_task(&req, nl, cmd, xid, &mt);
	r.arg = &id;
	if (talk(nl, req.nlh.nlmsg_len, &r))
		return -1;
	if (cmd == LMISF_CMD_TASK_SET) {
		if (expect("TASK_SET", cur ? 0 : -ENOENT, &r))
			return -1;
		if (cur) {
			cur->ntargets = mt.ntargets;
			cur->nkernel = mt.nkernel;
		}
		return 0;
	}
	if (expect("TASK_NEW", cur ? -EEXIST : 0, &r))
		return -1;
	if (cur)
		return 0;
	if (id <= M.last_task_id)
		return FAIL("TASK_NEW: ID %u after %u", id, M.last_task_id);
	mt.id = M.last_task_id = id;
	return model_add_task(&mt) ? FAIL("model full") : 0;
}

static int task_get_cb(const struct nlmsghdr *nlh, void *arg)
{
	return parse_task(nlh, arg);
}

static int op_task_xid(struct lnl *nl, uint8_t cmd, int s)
{
	struct task_info ti = { 0 };
	struct fz_reply r = { .cb = task_get_cb, .arg = &ti };
	uint8_t xid[LMISF_XID_LEN];
	uint64_t pdus = fz_below(1000);
	struct mtask *cur;
	int want;

	valid_xid(xid);
	cur = model_task(xid);
	want = cur ? 0 : -ENOENT;
	build_task_sel(&req, nl, cmd, xid);
	if (cmd == LMISF_CMD_TASK_REPORT) {
		struct nlattr *t =
			(void *)(req.buf + NLMSG_HDRLEN + GENL_HDRLEN);

		lmsg_put_u64(&req, LMISF_TASK_A_X2_PDUS, pdus);
		lmsg_nest_end(&req, t);
		if (M.sink != s)
			want = -EPERM;
	}
	if (talk(nl, req.nlh.nlmsg_len, &r) || expect("task by XID", want, &r))
		return -1;
	if (!cur || want)
		return 0;
	if (cmd == LMISF_CMD_TASK_DEL)
		model_del_task(cur);
	else if (cmd == LMISF_CMD_TASK_REPORT)
		cur->x2 += pdus;
	else if (ti.id != cur->id ||
		 (unsigned int)ti.ntargets != cur->ntargets ||
		 ti.flows != model_task_flows(xid) || ti.x2_pdus != cur->x2)
		return FAIL("TASK_GET: id %u targets %d flows %u x2 %llu, "
			    "model %u %u %u %llu",
			    ti.id, ti.ntargets, ti.flows,
			    (unsigned long long)ti.x2_pdus, cur->id,
			    cur->ntargets, model_task_flows(xid),
			    (unsigned long long)cur->x2);
	return 0;
}

static int op_flow_new(struct lnl *nl)
{
	struct fz_reply r = { .cb = id_cb };
	struct mflow mf = { 0 };
	uint32_t id = 0;
	int want;

	valid_xid(mf.xid);
	build_flow(&req, nl, mf.xid, &mf.key);
	want = !model_task(mf.xid)     ? -ENOENT :
	       model_flow_key(&mf.key) ? -EEXIST :
					 0;
	r.arg = &id;
	if (talk(nl, req.nlh.nlmsg_len, &r) || expect("FLOW_NEW", want, &r))
		return -1;
	if (want)
		return 0;
	if (id <= M.last_flow_id)
		return FAIL("FLOW_NEW: ID %u after %u", id, M.last_flow_id);
	mf.id = M.last_flow_id = id;
	return model_add_flow(&mf) ? FAIL("model full") : 0;
}

static int op_flow_id(struct lnl *nl, uint8_t cmd)
{
	struct fz_reply r = { .cb = flow_cb };
	struct snapshot *got = snap_new();
	uint32_t id = some_flow_id();
	struct mflow *cur = model_flow(id);

	build_flow_sel(&req, nl, cmd, 0, id, NULL);
	r.arg = got;
	if (talk(nl, req.nlh.nlmsg_len, &r) ||
	    expect("flow by ID", cur ? 0 : -ENOENT, &r))
		return -1;
	if (!cur)
		return 0;
	if (cmd == LMISF_CMD_FLOW_DEL) {
		model_del_flow(cur);
		return 0;
	}
	if (got->nf != 1 || got->f[0].id != id ||
	    memcmp(&got->f[0].key, &cur->key, sizeof(cur->key)) ||
	    memcmp(got->f[0].xid, cur->xid, LMISF_XID_LEN))
		return FAIL("FLOW_GET %u: not the flow installed", id);
	return 0;
}

static int op_flow_del_xid(struct lnl *nl)
{
	struct fz_reply r = { 0 };
	uint8_t xid[LMISF_XID_LEN];
	bool known;

	valid_xid(xid);
	known = model_task(xid);
	build_flow_sel(&req, nl, LMISF_CMD_FLOW_DEL, 0, 0, xid);
	if (talk(nl, req.nlh.nlmsg_len, &r) ||
	    expect("FLOW_DEL by XID", known ? 0 : -ENOENT, &r))
		return -1;
	model_del_flows_of(xid);
	return 0;
}

static int op_selector(struct lnl *nl)
{
	struct fz_reply r = { 0 };
	unsigned int np, nx;

	build_selector(&req, nl, &np, &nx);
	if (talk(nl, req.nlh.nlmsg_len, &r) || expect("SELECTOR_SET", 0, &r))
		return -1;
	M.nports = np;
	M.nprefixes = nx;
	return 0;
}

static int op_config(struct lnl *nl)
{
	struct fz_reply r = { 0 };
	uint16_t port = htons(2152 + fz_below(3));
	struct nlattr *n;

	lmsg_init(&req, nl, LMISF_CMD_CONFIG_SET, 0);
	n = lmsg_nest(&req, LMISF_A_CONFIG);
	lmsg_put_u16(&req, LMISF_CONFIG_A_GTPU_PORT, port);
	lmsg_nest_end(&req, n);
	if (talk(nl, req.nlh.nlmsg_len, &r) || expect("CONFIG_SET", 0, &r))
		return -1;
	M.gtpu_port = port;
	return 0;
}

static int op_sink(struct lnl *nl, uint8_t cmd, int s)
{
	uint32_t cfg[4];
	struct fz_reply r = { 0 };
	int want = 0;

	memcpy(cfg, M.sink == s ? M.scfg : sink_defaults, sizeof(cfg));
	if (cmd == LMISF_CMD_SINK_UNBIND)
		lmsg_init(&req, nl, cmd, 0);
	else
		build_sink(&req, nl, cmd, cfg);
	if (cmd == LMISF_CMD_SINK_BIND)
		want = M.sink < 0 || M.sink == s ? 0 : -EBUSY;
	else
		want = M.sink == s ? 0 : -EPERM;
	if (talk(nl, req.nlh.nlmsg_len, &r) || expect("sink", want, &r))
		return -1;
	if (want)
		return 0;
	if (cmd == LMISF_CMD_SINK_UNBIND) {
		M.sink = -1;
		return 0;
	}
	M.sink = s;
	memcpy(M.scfg, cfg, sizeof(cfg));
	return 0;
}

/* A valid request of a random command, its outcome predicted. */
static int valid_op(int s)
{
	struct lnl *nl = &pool[s];
	unsigned int w = fz_below(1000);

	nvalid++;
	if (w < 150)
		return op_task_new(nl, LMISF_CMD_TASK_NEW);
	if (w < 210)
		return op_task_new(nl, LMISF_CMD_TASK_SET);
	if (w < 260)
		return op_task_xid(nl, LMISF_CMD_TASK_DEL, s);
	if (w < 320)
		return op_task_xid(nl, LMISF_CMD_TASK_GET, s);
	if (w < 360)
		return op_task_xid(nl, LMISF_CMD_TASK_REPORT, s);
	if (w < 500)
		return op_flow_new(nl);
	if (w < 550)
		return op_flow_id(nl, LMISF_CMD_FLOW_DEL);
	if (w < 600)
		return op_flow_id(nl, LMISF_CMD_FLOW_GET);
	if (w < 620)
		return op_flow_del_xid(nl);
	if (w < 650)
		return check_all(nl, why, sizeof(why));
	if (w < 680)
		return op_selector(nl);
	if (w < 690)
		return op_config(nl);
	if (w < 760)
		return op_sink(nl, LMISF_CMD_SINK_BIND, s);
	if (w < 800)
		return op_sink(nl, LMISF_CMD_SINK_UNBIND, s);
	if (w < 840)
		return op_sink(nl, LMISF_CMD_SINK_SET, s);
	if (w < 998)
		return check_one(nl, fz_below(5), why, sizeof(why));
	/* rare: everything goes (TASK_FLUSH), the model empties */
	{
		struct fz_reply r = { 0 };

		lmsg_init(&req, nl, LMISF_CMD_TASK_FLUSH, 0);
		if (talk(nl, req.nlh.nlmsg_len, &r) ||
		    expect("TASK_FLUSH", 0, &r))
			return -1;
		M.nt = M.nf = 0;
		return 0;
	}
}

/*
 * A mutated or random request: replies checked, and if it may have
 * succeeded, the tables may only have changed as its command can.
 */
static int blind_op(int s, size_t wire)
{
	struct fz_reply r = { 0 }, sr = { 0 };
	struct lnl *nl = &pool[s];
	enum fz_fate fate = fz_fate(&req, wire);
	uint8_t cmd = req.nlh.nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN ?
			      ((struct genlmsghdr *)NLMSG_DATA(&req.nlh))->cmd :
			      0;
	bool dump = (req.nlh.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	int ret;

	if (fate == FZ_TERMINAL) {
		if (talk(nl, wire, &r))
			return -1;
		if (r.err || dump)
			return 0;
		nresync++;
		return model_resync(&ctl, cmd, why, sizeof(why));
	}
	ret = fz_send(nl, &req, wire);
	if (ret)
		return FAIL("send: %s", strerror(-ret));
	r.seq = req.nlh.nlmsg_seq;
	r.sent_len = req.nlh.nlmsg_len < wire ? req.nlh.nlmsg_len : wire;
	/* STATS_GET with an ack behind it: all of r's replies came before */
	lmsg_init(&sentinel, nl, LMISF_CMD_STATS_GET, 0);
	ret = fz_send(nl, &sentinel, sentinel.nlh.nlmsg_len);
	if (ret)
		return FAIL("send: %s", strerror(-ret));
	sr.seq = sentinel.nlh.nlmsg_seq;
	sr.sent_len = sentinel.nlh.nlmsg_len;
	if (fz_await(nl, &sr, &r) || sr.err)
		return FAIL("sentinel: %s",
			    fz_bad[0] ? fz_bad : strerror(-sr.err));
	if (fate == FZ_IGNORED && (r.terminal || r.msgs))
		return FAIL("a reply to a message the kernel must ignore");
	if (fate == FZ_ACK_ONLY && (!r.terminal || r.err || r.msgs))
		return FAIL("not a request: expected a bare ack");
	if (fate == FZ_MAYBE_SILENT && !(r.terminal && r.err) && !dump) {
		nresync++;
		return model_resync(&ctl, cmd, why, sizeof(why));
	}
	return 0;
}

/* Socket churn and traffic between requests. */
static int event(void)
{
	int s = fz_below(NSOCK), ret;
	unsigned int w = fz_below(1000);

	if (w < 8 || (w < 11 && M.sink >= 0)) {
		if (w >= 8)
			s = M.sink; /* the sink itself, a dump half read */
		if (w >= 5) {
			lmsg_init(&req, &pool[s],
				  fz_chance(50) ? LMISF_CMD_TASK_GET :
						  LMISF_CMD_FLOW_GET,
				  NLM_F_DUMP);
			if (fz_send(&pool[s], &req, req.nlh.nlmsg_len) ||
			    fz_read_one(&pool[s], fz_below(3) ? 1000 : 0))
				return FAIL("half dump: %s", fz_bad);
		}
		lnl_close(&pool[s]);
		if (M.sink == s)
			M.sink = -1;
		nevents++;
		ret = pool_open(&pool[s]);
		return ret ? FAIL("reopen: %s", strerror(-ret)) : 0;
	}
	if (w < 40) {
		struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
					   .sin6_port = htons(5060),
					   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
		struct sockaddr_in a4 = { .sin_family = AF_INET };

		a4.sin_port = htons(fz_chance(50) ? 5060 : 6000);
		a4.sin_addr.s_addr = htonl(0x7f000001 + fz_below(8));
		sendto(udp4, "INVITE", 6, 0, (void *)&a4, sizeof(a4));
		if (fz_chance(30))
			sendto(udp6, "BYE", 3, 0, (void *)&a6, sizeof(a6));
	}
	return 0;
}

static int run_one(void)
{
	int s = fz_below(NSOCK), i;
	unsigned int w = fz_below(100);
	size_t wire;

	if (event())
		return -1;
	if (w < 40) {
		if (valid_op(s))
			return -1;
	} else {
		if (w < 75) {
			nmut++;
			build_any(&req, &pool[s]);
		} else {
			nrand++;
			fz_random_msg(&req, &pool[s]);
		}
		fz_mutate(&req, &wire);
		if (blind_op(s, wire))
			return -1;
	}
	for (i = 0; i < NSOCK; i++)
		if (fz_drain(&pool[i]))
			return FAIL("%s", fz_bad);
	return 0;
}

static int periodic_check(void)
{
	unsigned int i;

	if (check_all(&ctl, why, sizeof(why)))
		return -1;
	for (i = 0; i < 5; i++)
		if (check_one(&ctl, i, why, sizeof(why)))
			return -1;
	return 0;
}

/*
 * After the stream: the sink closes with a dump half read, a fresh one
 * binds and gets a copy, and the copies add up once nothing is pending.
 */
static int final_checks(void)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	uint8_t xid[LMISF_XID_LEN];
	struct fz_reply r = { 0 };
	struct lnl_err e;
	char addr[32];
	int i, ret;

	if (periodic_check())
		return -1;
	for (i = 0; i < NSOCK; i++)
		lnl_close(&pool[i]);
	M.sink = -1;
	if (pool_open(&pool[0]))
		return FAIL("socket");
	lmsg_init(&req, &pool[0], LMISF_CMD_SINK_BIND, 0);
	if (talk(&pool[0], req.nlh.nlmsg_len, &r) || expect("bind", 0, &r))
		return -1;
	/* enough tasks that the dump is still running when the sink closes */
	for (i = 0; i < EXTRA_TASKS; i++) {
		xid_of(xid, 0x79, i);
		snprintf(addr, sizeof(addr), "10.99.%d.%d", i >> 8, i & 255);
		if (task_add_ipv4(&ctl, xid, addr, NULL, &e))
			return FAIL("extra task %d: %s", i, e.msg);
	}
	lmsg_init(&req, &pool[0], LMISF_CMD_TASK_GET, NLM_F_DUMP);
	if (fz_send(&pool[0], &req, req.nlh.nlmsg_len) ||
	    fz_read_one(&pool[0], 5000))
		return FAIL("dump: %s", fz_bad);
	lnl_close(&pool[0]);
	if (check_one(&ctl, 1, why, sizeof(why)))
		return -1;

	if (pool_open(&pool[0]) || sink_bind(&pool[0], &e))
		return FAIL("a fresh sink cannot bind: %s", e.msg);
	xid_of(xid, 0x78, 1);
	if (task_add_ipv4(&ctl, xid, "127.0.0.99", NULL, &e) ||
	    send_udp4("127.0.0.99", 7000, 64))
		return FAIL("task or datagram for the fresh sink: %s", e.msg);
	ret = sink_wait_copy(&pool[0], 5000, xid);
	if (ret < 0)
		return FAIL("fresh sink: %s", strerror(-ret));
	if (!ret)
		return FAIL("the fresh sink got no copy");
	if (task_get(&ctl, xid, NULL, NULL, &e) ||
	    simple_cmd(&pool[0], LMISF_CMD_SINK_UNBIND, &e))
		return FAIL("fresh sink: %s", e.msg);
	/* a closed sink's pending copies are counted by a work item */
	ret = wait_copies_add_up(&ctl, st, 5000);
	if (ret && ret != -ETIMEDOUT)
		return FAIL("STATS_GET failed");
	if (ret)
		return FAIL("copies %llu != delivered %llu + drops %llu %llu "
			    "%llu %llu",
			    (unsigned long long)st[LMISF_STATS_A_COPIES],
			    (unsigned long long)st[LMISF_STATS_A_DELIVERED],
			    (unsigned long long)st[LMISF_STATS_A_DROP_NO_SINK],
			    (unsigned long long)st[LMISF_STATS_A_DROP_NOMEM],
			    (unsigned long long)st[LMISF_STATS_A_DROP_RCVBUF],
			    (unsigned long long)st[LMISF_STATS_A_DROP_UNBIND]);
	if (st[LMISF_STATS_A_TASKS] != M.nt + EXTRA_TASKS + 1)
		return FAIL("%llu tasks, expected %u",
			    (unsigned long long)st[LMISF_STATS_A_TASKS],
			    M.nt + EXTRA_TASKS + 1);
	return 0;
}

static unsigned long long request_count(void)
{
	const char *n = getenv("LMISF_NLFUZZ_COUNT");
	const char *flavour = getenv("LMISF_KERNEL_FLAVOUR");

	if (n && *n)
		return strtoull(n, NULL, 0);
	return flavour && !strcmp(flavour, "debug") ? 20000 : 100000;
}

FIXTURE(nlfuzz)
{
	int unused;
};

FIXTURE_SETUP(nlfuzz)
{
	(void)self;
}

FIXTURE_TEARDOWN(nlfuzz)
{
	(void)self;
}

TEST_F_TIMEOUT(nlfuzz, requests, 3600)
{
	unsigned long long n = request_count();
	struct timespec t0, t1;
	double secs;
	int i, ret;

	ASSERT_EQ(0, new_netns());
	model_reset();
	for (i = 0; i < NSOCK; i++)
		ASSERT_EQ(0, pool_open(&pool[i]));
	ASSERT_EQ(0, pool_open(&ctl));
	udp4 = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	udp6 = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, udp4);
	ASSERT_LE(0, udp6);
	fz_seed(seed);
	TH_LOG("seed %llu (LMISF_NLFUZZ_SEED replays it), %llu requests",
	       (unsigned long long)seed, n);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (nreq = 0; nreq < n; nreq++) {
		ret = run_one();
		if (!ret && (nreq + 1) % CHECK_EVERY == 0)
			ret = periodic_check();
		ASSERT_EQ(0, ret)
		TH_LOG("request %llu of seed %llu: %s", nreq,
		       (unsigned long long)seed, why);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	TH_LOG("%llu requests (%llu valid, %llu mutated, %llu random) in "
	       "%.1f s; %llu resyncs, %llu socket closes",
	       nreq, nvalid, nmut, nrand, secs, nresync, nevents);
	TH_LOG("seen: %llu datagrams, %llu acks, %llu errors, %llu dones, "
	       "%llu copies, %llu notifications, %llu stale, %llu overruns",
	       fz_seen.datagrams, fz_seen.acks, fz_seen.errors, fz_seen.dones,
	       fz_seen.copies, fz_seen.ntfs, fz_seen.stale, fz_seen.overruns);
	TH_LOG("model at the end: %u tasks, %u flows, sink %d", M.nt, M.nf,
	       M.sink);
	ASSERT_EQ(0, final_checks()) TH_LOG("%s", why);
}

/*
 * Found by the fuzzer (6.1, seed 117660069920891): netlink accepts a nest
 * that ends inside its last attribute's padding, and TASK_GET echoed the
 * target nest that way, a length no nest the kernel builds has.
 */
TEST_F(nlfuzz, target_nest_echoed_aligned)
{
	struct fz_reply r = { 0 };
	uint8_t xid[LMISF_XID_LEN];
	struct nlattr *t, *target;
	struct lnl nl;

	ASSERT_EQ(0, new_netns());
	ASSERT_EQ(0, lnl_open(&nl));
	xid_of(xid, 0x7a, 1);
	lmsg_init(&req, &nl, LMISF_CMD_TASK_NEW, 0);
	t = put_task(&req, xid, LMISF_DELIVERY_X2_AND_X3);
	/* ends with the u8 prefix length: 3 bytes of padding to cut */
	target = put_target_cidr(&req, "fd00:4::", 32);
	target->nla_len -= 3;
	lmsg_nest_end(&req, t);
	ASSERT_EQ(0, talk(&nl, req.nlh.nlmsg_len, &r)) TH_LOG("%s", why);
	ASSERT_EQ(0, r.err) TH_LOG("TASK_NEW: %s", r.extack);
	build_task_sel(&req, &nl, LMISF_CMD_TASK_GET, xid);
	ASSERT_EQ(0, talk(&nl, req.nlh.nlmsg_len, &r)) TH_LOG("%s", why);
	ASSERT_EQ(0, r.err);
	ASSERT_EQ(1, r.msgs);
	lnl_close(&nl);
}

#define NLFUZZ_FIXTURE nlfuzz
#include "nlfuzz_main.h"
