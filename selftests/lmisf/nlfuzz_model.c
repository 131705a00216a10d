// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink fuzzer's model of the kernel state (see nlfuzz_model.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lmisf_util.h"
#include "nlfuzz.h"
#include "nlfuzz_model.h"

struct model M;
struct lnl pool[NSOCK];
const uint32_t sink_defaults[4] = { 65536, 64, 10, LMISF_COPY_RANGE_MAX };

static struct lmsg q;

#define FAIL(...) (snprintf(why, len, __VA_ARGS__), -1)

void fkey_make(struct fkey *k, uint8_t family, uint8_t proto, const uint8_t *s,
	       uint16_t sp, const uint8_t *d, uint16_t dp)
{
	size_t alen = family == 4 ? 4 : 16;
	int c = memcmp(s, d, alen);

	if (!c)
		c = memcmp(&sp, &dp, sizeof(sp));
	memset(k, 0, sizeof(*k));
	k->family = family;
	k->proto = proto;
	memcpy(k->lo, c > 0 ? d : s, alen);
	memcpy(k->hi, c > 0 ? s : d, alen);
	k->plo = c > 0 ? dp : sp;
	k->phi = c > 0 ? sp : dp;
}

void model_reset(void)
{
	memset(&M, 0, sizeof(M));
	M.sink = -1;
	M.nports = 2; /* UDP and TCP 5060 */
	M.gtpu_port = htons(2152);
	memcpy(M.scfg, sink_defaults, sizeof(M.scfg));
}

static struct mtask *find_task(struct mtask *t, unsigned int n,
			       const uint8_t *xid)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!memcmp(t[i].xid, xid, LMISF_XID_LEN))
			return &t[i];
	return NULL;
}

static struct mflow *find_flow(struct mflow *f, unsigned int n, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (f[i].id == id)
			return &f[i];
	return NULL;
}

struct mtask *model_task(const uint8_t *xid)
{
	return find_task(M.t, M.nt, xid);
}

int model_add_task(const struct mtask *t)
{
	if (M.nt == MAXT)
		return -1;
	M.t[M.nt++] = *t;
	return 0;
}

void model_del_task(struct mtask *t)
{
	model_del_flows_of(t->xid);
	*t = M.t[--M.nt];
}

unsigned int model_task_flows(const uint8_t *xid)
{
	unsigned int i, n = 0;

	for (i = 0; i < M.nf; i++)
		n += !memcmp(M.f[i].xid, xid, LMISF_XID_LEN);
	return n;
}

struct mflow *model_flow(uint32_t id)
{
	return find_flow(M.f, M.nf, id);
}

struct mflow *model_flow_key(const struct fkey *k)
{
	unsigned int i;

	for (i = 0; i < M.nf; i++)
		if (!memcmp(&M.f[i].key, k, sizeof(*k)))
			return &M.f[i];
	return NULL;
}

int model_add_flow(const struct mflow *f)
{
	if (M.nf == MAXF)
		return -1;
	M.f[M.nf++] = *f;
	return 0;
}

void model_del_flow(struct mflow *f)
{
	*f = M.f[--M.nf];
}

void model_del_flows_of(const uint8_t *xid)
{
	unsigned int i = 0;

	while (i < M.nf) {
		if (!memcmp(M.f[i].xid, xid, LMISF_XID_LEN))
			model_del_flow(&M.f[i]);
		else
			i++;
	}
}

/* ---- what the kernel says ------------------------------------------------ */

struct snapshot *snap_new(void)
{
	static struct snapshot s[2];
	static unsigned int next;
	struct snapshot *p = &s[next++ % 2];

	p->nt = p->nf = 0;
	return p;
}

static int task_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct snapshot *s = arg;
	struct task_info ti;
	struct mtask *t;
	int i;

	if (parse_task(nlh, &ti) || s->nt == MAXT)
		return 0;
	t = &s->t[s->nt++];
	memcpy(t->xid, ti.xid, LMISF_XID_LEN);
	t->id = ti.id;
	t->ntargets = ti.ntargets;
	t->nflows = ti.flows;
	t->x2 = ti.x2_pdus;
	t->nkernel = 0;
	for (i = 0; i < ti.ntargets && i <= LMISF_MAX_TARGETS; i++)
		t->nkernel += ti.target_type[i] <= LMISF_TARGET_GTPU_TEID;
	return 0;
}

int flow_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1], *f[LMISF_FLOW_A_MAX + 1];
	struct snapshot *s = arg;
	struct mflow *m;
	bool v6;

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (!tb[LMISF_A_FLOW] || s->nf == MAXF)
		return 0;
	lnl_parse_nest(f, LMISF_FLOW_A_MAX, tb[LMISF_A_FLOW]);
	if (!f[LMISF_FLOW_A_ID] || !f[LMISF_FLOW_A_XID] ||
	    !f[LMISF_FLOW_A_PROTO] || !f[LMISF_FLOW_A_SRC_PORT] ||
	    !f[LMISF_FLOW_A_DST_PORT])
		return 0;
	v6 = f[LMISF_FLOW_A_SRC_IPV6] && f[LMISF_FLOW_A_DST_IPV6];
	if (!v6 && !(f[LMISF_FLOW_A_SRC_IPV4] && f[LMISF_FLOW_A_DST_IPV4]))
		return 0;
	m = &s->f[s->nf++];
	m->id = lnl_u32(f[LMISF_FLOW_A_ID]);
	memcpy(m->xid, lnl_data(f[LMISF_FLOW_A_XID]), LMISF_XID_LEN);
	fkey_make(
		&m->key, v6 ? 6 : 4, lnl_u8(f[LMISF_FLOW_A_PROTO]),
		lnl_data(f[v6 ? LMISF_FLOW_A_SRC_IPV6 : LMISF_FLOW_A_SRC_IPV4]),
		lnl_u16(f[LMISF_FLOW_A_SRC_PORT]),
		lnl_data(f[v6 ? LMISF_FLOW_A_DST_IPV6 : LMISF_FLOW_A_DST_IPV4]),
		lnl_u16(f[LMISF_FLOW_A_DST_PORT]));
	return 0;
}

/* Sends q on nl and reads its replies; 0 or -1 with why set. */
static int ask(struct lnl *nl, struct fz_reply *r, char *why, size_t len)
{
	int ret = fz_send(nl, &q, q.nlh.nlmsg_len);

	if (ret)
		return FAIL("send: %s", strerror(-ret));
	r->seq = q.nlh.nlmsg_seq;
	r->sent_len = q.nlh.nlmsg_len;
	if (fz_await(nl, r, NULL))
		return FAIL("%s", fz_bad);
	return 0;
}

/* Dumps tasks and flows into s (again when a dump was interrupted). */
static int dump_tables(struct lnl *nl, struct snapshot *s, char *why,
		       size_t len)
{
	struct fz_reply r = { .arg = s };
	int tries;

	for (tries = 0; tries < 5; tries++) {
		s->nt = s->nf = 0;
		r.cb = task_cb;
		lmsg_init(&q, nl, LMISF_CMD_TASK_GET, NLM_F_DUMP);
		if (ask(nl, &r, why, len))
			return -1;
		if (r.err)
			return FAIL("task dump: %s", strerror(-r.err));
		if (r.intr)
			continue;
		r.cb = flow_cb;
		lmsg_init(&q, nl, LMISF_CMD_FLOW_GET, NLM_F_DUMP);
		if (ask(nl, &r, why, len))
			return -1;
		if (r.err)
			return FAIL("flow dump: %s", strerror(-r.err));
		if (!r.intr)
			return 0;
	}
	return FAIL("dumps interrupted 5 times without concurrent changes");
}

static int xid_no(const uint8_t *xid)
{
	return xid[14] << 8 | xid[15];
}

int check_all(struct lnl *nl, char *why, size_t len)
{
	struct snapshot *s = snap_new();
	unsigned int i;

	if (dump_tables(nl, s, why, len))
		return -1;
	if (s->nt != M.nt || s->nf != M.nf)
		return FAIL("dumps: %u tasks %u flows, model %u %u", s->nt,
			    s->nf, M.nt, M.nf);
	for (i = 0; i < M.nt; i++) {
		struct mtask *t = find_task(s->t, s->nt, M.t[i].xid);

		if (!t || t->id != M.t[i].id ||
		    t->ntargets != M.t[i].ntargets || t->x2 != M.t[i].x2 ||
		    t->nflows != model_task_flows(M.t[i].xid))
			return FAIL("task %d (ID %u) differs from the model",
				    xid_no(M.t[i].xid), M.t[i].id);
	}
	for (i = 0; i < M.nf; i++) {
		struct mflow *f = find_flow(s->f, s->nf, M.f[i].id);

		if (!f || memcmp(f, &M.f[i], sizeof(*f)))
			return FAIL("flow %u differs from the model",
				    M.f[i].id);
	}
	return 0;
}

struct counts {
	uint64_t st[LMISF_STATS_A_MAX + 1];
	uint32_t sink[LMISF_SINK_A_MAX + 1];
	unsigned int ports, prefixes;
	uint16_t gtpu;
};

static int counts_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1], *a;
	struct counts *c = arg;

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (tb[LMISF_A_STATS])
		lnl_for_each(a, lnl_data(tb[LMISF_A_STATS]),
			     lnl_len(tb[LMISF_A_STATS]))
		{
			if (lnl_type(a) <= LMISF_STATS_A_MAX)
				c->st[lnl_type(a)] = lnl_u64(a);
		}
	if (tb[LMISF_A_SINK])
		lnl_for_each(a, lnl_data(tb[LMISF_A_SINK]),
			     lnl_len(tb[LMISF_A_SINK]))
		{
			if (lnl_type(a) <= LMISF_SINK_A_MAX)
				c->sink[lnl_type(a)] = lnl_u32(a);
		}
	if (tb[LMISF_A_SELECTOR])
		lnl_for_each(a, lnl_data(tb[LMISF_A_SELECTOR]),
			     lnl_len(tb[LMISF_A_SELECTOR]))
		{
			c->ports += lnl_type(a) == LMISF_SELECTOR_A_PORT;
			c->prefixes += lnl_type(a) == LMISF_SELECTOR_A_PREFIX;
		}
	if (tb[LMISF_A_CONFIG]) {
		const struct nlattr *in[LMISF_CONFIG_A_MAX + 1];

		lnl_parse_nest(in, LMISF_CONFIG_A_MAX, tb[LMISF_A_CONFIG]);
		if (in[LMISF_CONFIG_A_GTPU_PORT])
			c->gtpu = lnl_u16(in[LMISF_CONFIG_A_GTPU_PORT]);
	}
	return 0;
}

static int sink_matches(const struct counts *c, char *why, size_t len)
{
	static const int attr[4] = { LMISF_SINK_A_NLBUFSIZ,
				     LMISF_SINK_A_QTHRESHOLD,
				     LMISF_SINK_A_FLUSH_MS,
				     LMISF_SINK_A_COPY_RANGE };
	int i;

	if (c->sink[LMISF_SINK_A_PORTID] != pool[M.sink].portid)
		return FAIL("SINK_GET: port ID %u, model %u",
			    c->sink[LMISF_SINK_A_PORTID], pool[M.sink].portid);
	for (i = 0; i < 4; i++)
		if (c->sink[attr[i]] != M.scfg[i])
			return FAIL("SINK_GET: setting %d is %u, model %u",
				    attr[i], c->sink[attr[i]], M.scfg[i]);
	return 0;
}

int check_one(struct lnl *nl, unsigned int what, char *why, size_t len)
{
	static const uint8_t cmd[] = { LMISF_CMD_STATS_GET, LMISF_CMD_SINK_GET,
				       LMISF_CMD_SELECTOR_GET,
				       LMISF_CMD_CONFIG_GET };
	struct snapshot *s = snap_new();
	struct counts c = { 0 };
	struct fz_reply r = { .cb = counts_cb, .arg = &c };
	unsigned int i, nk = 0;
	uint8_t xid[LMISF_XID_LEN];

	if (what >= 4) {
		/* flows of one task: exactly the model's */
		xid_of(xid, 0x77, fz_below(NXID));
		struct nlattr *n;

		lmsg_init(&q, nl, LMISF_CMD_FLOW_GET, NLM_F_DUMP);
		n = lmsg_nest(&q, LMISF_A_FLOW);
		lmsg_put(&q, LMISF_FLOW_A_XID, xid, LMISF_XID_LEN);
		lmsg_nest_end(&q, n);
		r.cb = flow_cb;
		r.arg = s;
		if (ask(nl, &r, why, len))
			return -1;
		if (r.err || (!r.intr && s->nf != model_task_flows(xid)))
			return FAIL("filtered flow dump: %u flows (%s), "
				    "model %u",
				    s->nf, strerror(-r.err),
				    model_task_flows(xid));
		return 0;
	}
	lmsg_init(&q, nl, cmd[what], 0);
	if (ask(nl, &r, why, len))
		return -1;
	switch (cmd[what]) {
	case LMISF_CMD_STATS_GET:
		for (i = 0; i < M.nt; i++)
			nk += M.t[i].nkernel;
		if (r.err || c.st[LMISF_STATS_A_TASKS] != M.nt ||
		    c.st[LMISF_STATS_A_FLOWS] != M.nf ||
		    c.st[LMISF_STATS_A_TARGETS] != nk)
			return FAIL(
				"STATS_GET (%s): tasks %llu flows %llu "
				"targets %llu, model %u %u %u",
				strerror(-r.err),
				(unsigned long long)c.st[LMISF_STATS_A_TASKS],
				(unsigned long long)c.st[LMISF_STATS_A_FLOWS],
				(unsigned long long)c.st[LMISF_STATS_A_TARGETS],
				M.nt, M.nf, nk);
		return 0;
	case LMISF_CMD_SINK_GET:
		if (r.err != (M.sink < 0 ? -ENOENT : 0))
			return FAIL("SINK_GET: %s, model sink %d",
				    strerror(-r.err), M.sink);
		return M.sink < 0 ? 0 : sink_matches(&c, why, len);
	case LMISF_CMD_SELECTOR_GET:
		if (r.err || c.ports != M.nports || c.prefixes != M.nprefixes)
			return FAIL("SELECTOR_GET (%s): %u ports %u prefixes, "
				    "model %u %u",
				    strerror(-r.err), c.ports, c.prefixes,
				    M.nports, M.nprefixes);
		return 0;
	default:
		if (r.err || c.gtpu != M.gtpu_port)
			return FAIL("CONFIG_GET (%s): port %u, model %u",
				    strerror(-r.err), ntohs(c.gtpu),
				    ntohs(M.gtpu_port));
		return 0;
	}
}

/* The sink, selector and config as the kernel has them now. */
static int adopt_settings(struct lnl *nl, char *why, size_t len)
{
	struct counts c = { 0 };
	struct fz_reply r = { .cb = counts_cb, .arg = &c };
	int i;

	lmsg_init(&q, nl, LMISF_CMD_SINK_GET, 0);
	if (ask(nl, &r, why, len))
		return -1;
	M.sink = -1;
	for (i = 0; !r.err && i < NSOCK; i++)
		if (pool[i].fd >= 0 &&
		    pool[i].portid == c.sink[LMISF_SINK_A_PORTID])
			M.sink = i;
	if (!r.err && M.sink < 0)
		return FAIL("SINK_GET: port ID %u is none of ours",
			    c.sink[LMISF_SINK_A_PORTID]);
	M.scfg[0] = c.sink[LMISF_SINK_A_NLBUFSIZ];
	M.scfg[1] = c.sink[LMISF_SINK_A_QTHRESHOLD];
	M.scfg[2] = c.sink[LMISF_SINK_A_FLUSH_MS];
	M.scfg[3] = c.sink[LMISF_SINK_A_COPY_RANGE];
	lmsg_init(&q, nl, LMISF_CMD_SELECTOR_GET, 0);
	if (ask(nl, &r, why, len))
		return -1;
	M.nports = c.ports;
	M.nprefixes = c.prefixes;
	lmsg_init(&q, nl, LMISF_CMD_CONFIG_GET, 0);
	if (ask(nl, &r, why, len))
		return -1;
	M.gtpu_port = c.gtpu;
	return 0;
}

int model_resync(struct lnl *nl, uint8_t cmd, char *why, size_t len)
{
	struct snapshot *s = snap_new();
	unsigned int i, ta = 0, tr = 0, fa = 0, fr = 0, changed = 0;
	unsigned int fr_of_removed = 0, fr_same_task = 1;
	const uint8_t *fr_xid = NULL;
	bool ok;

	if (dump_tables(nl, s, why, len))
		return -1;
	for (i = 0; i < s->nt; i++) {
		struct mtask *m = model_task(s->t[i].xid);

		if (!m || m->id != s->t[i].id) {
			ta++;
			if (s->t[i].id <= M.last_task_id)
				return FAIL("new task with old ID %u",
					    s->t[i].id);
		} else if (m->ntargets != s->t[i].ntargets ||
			   m->x2 != s->t[i].x2) {
			changed++;
		}
	}
	for (i = 0; i < M.nt; i++) {
		struct mtask *t = find_task(s->t, s->nt, M.t[i].xid);

		if (!t || t->id != M.t[i].id) {
			tr++;
			fr_of_removed += model_task_flows(M.t[i].xid);
		}
	}
	for (i = 0; i < s->nf; i++) {
		if (model_flow(s->f[i].id))
			continue;
		fa++;
		if (s->f[i].id <= M.last_flow_id)
			return FAIL("new flow with old ID %u", s->f[i].id);
	}
	for (i = 0; i < M.nf; i++) {
		if (find_flow(s->f, s->nf, M.f[i].id))
			continue;
		fr++;
		if (fr_xid && memcmp(fr_xid, M.f[i].xid, LMISF_XID_LEN))
			fr_same_task = 0;
		fr_xid = M.f[i].xid;
	}
	switch (cmd) {
	case LMISF_CMD_TASK_NEW:
		ok = ta == 1 && !tr && !fa && !fr && !changed;
		break;
	case LMISF_CMD_TASK_SET:
	case LMISF_CMD_TASK_REPORT:
		ok = !ta && !tr && !fa && !fr && changed <= 1;
		break;
	case LMISF_CMD_TASK_DEL:
		ok = !ta && tr == 1 && !fa && fr == fr_of_removed && !changed;
		break;
	case LMISF_CMD_TASK_FLUSH:
		ok = !s->nt && !s->nf;
		break;
	case LMISF_CMD_FLOW_NEW:
		ok = !ta && !tr && fa == 1 && !fr && !changed;
		break;
	case LMISF_CMD_FLOW_DEL:
		ok = !ta && !tr && !fa && fr_same_task && !changed;
		break;
	default:
		ok = !ta && !tr && !fa && !fr && !changed;
	}
	if (!ok)
		return FAIL("after a successful cmd %u: tasks +%u -%u ~%u, "
			    "flows +%u -%u",
			    cmd, ta, tr, changed, fa, fr);
	memcpy(M.t, s->t, sizeof(s->t[0]) * s->nt);
	M.nt = s->nt;
	memcpy(M.f, s->f, sizeof(s->f[0]) * s->nf);
	M.nf = s->nf;
	for (i = 0; i < s->nt; i++)
		if (s->t[i].id > M.last_task_id)
			M.last_task_id = s->t[i].id;
	for (i = 0; i < s->nf; i++)
		if (s->f[i].id > M.last_flow_id)
			M.last_flow_id = s->f[i].id;
	return adopt_settings(nl, why, len);
}
