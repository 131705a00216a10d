// SPDX-License-Identifier: GPL-2.0
/*
 * The IMS layer's pl_consumer: state mirror for every subscriber,
 * interception decisions per task, and when each record is emitted.
 * Documentation/ims.rst gives the rules and their sources.
 */
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ber.h"
#include "ims.h"
#include "iri.h"
#include "log.h"
#include "match.h"
#include "media.h"

#define NS 1000000000ull

struct ims {
	struct ims_config cfg;
	const struct pl_services *svc;
	struct reg_table *regs;
	struct dlg_table *dlgs;
	struct media_table *media;
	struct ber_enc enc;
	struct icpt_out out;
	uint64_t now_ns;
	struct ims_stats st;
};

static const struct task *task_of(struct ims *ims, const uint8_t *xid)
{
	const struct tasks *ts = ims->svc->tasks(ims->svc->ctx);

	return ts ? tasks_find(ts, xid) : NULL;
}

static bool wants_x2(const struct task *t)
{
	return t && t->delivery != LMISF_DELIVERY_X3_ONLY;
}

static bool wants_x3(const struct task *t)
{
	return t && t->delivery != LMISF_DELIVERY_X2_ONLY;
}

/*
 * The correlation ID of a session: the task's configured one when set,
 * else one derived from the Call-ID (registrations: the IMPU), so every
 * xIRI and xCC of the session carry the same value even across an agent
 * restart. Never 0 (0 reads as "none" to most receivers).
 */
static uint64_t correlation(const struct task *t, const char *key)
{
	uint64_t h;

	if (t->has_correlation)
		return t->correlation_id;
	h = hash_bytes(key, strlen(key), 0x4c4d495346ull);
	return h ? h : 1;
}

static struct icpt *icpt_add(struct icpt_set *set, const struct task *t,
			     const char *key, enum icpt_role role,
			     unsigned int target)
{
	struct icpt *ic;

	if (set->n >= ICPT_MAX)
		return NULL;
	ic = &set->v[set->n++];
	memset(ic, 0, sizeof(*ic));
	memcpy(ic->xid, t->xid, LMISF_XID_LEN);
	ic->correlation_id = correlation(t, key);
	ic->role = role;
	ic->target = target;
	if (target < t->n_targets)
		match_target_text(&t->targets[target], ic->matched,
				  sizeof(ic->matched));
	return ic;
}

static int iri_ip(struct iri_ip *o, const struct ipaddr *a)
{
	o->family = a->ver;
	memcpy(o->addr, a->a, 16);
	return a->ver == 4 || a->ver == 6 ? 0 : -1;
}

static void fill_pani(struct iri_pani *p, const struct sip_msg *m)
{
	unsigned int i;

	p->n = 0;
	for (i = 0; m && i < m->nhdr && p->n < IRI_MAX_PANI; i++)
		if (m->hdr[i].id == SIP_H_P_ACCESS_NETWORK_INFO) {
			p->value[p->n].ptr = (const uint8_t *)m->hdr[i].value.p;
			p->value[p->n].len = m->hdr[i].value.len;
			p->n++;
		}
}

static int direction(struct ims *ims, const struct icpt *ic, bool from_caller,
		     const struct pl_sip *s)
{
	const struct task *t;

	switch (ic->role) {
	case ICPT_CALLER:
		return from_caller ? IRI_FROM_TARGET : IRI_TO_TARGET;
	case ICPT_CALLEE:
		return from_caller ? IRI_TO_TARGET : IRI_FROM_TARGET;
	case ICPT_BY_ADDR:
		t = task_of(ims, ic->xid);
		if (t && s && match_ip_target(t, &s->src) >= 0)
			return IRI_FROM_TARGET;
		if (t && s && match_ip_target(t, &s->dst) >= 0)
			return IRI_TO_TARGET;
		break;
	case ICPT_UNKNOWN:
		break;
	}
	return IRI_INDETERMINATE;
}

static void emit_iri(struct ims *ims, const struct icpt *ic,
		     const struct iri_event *ev, uint64_t ts,
		     const struct pl_sip *s, int dir)
{
	int r = icpt_emit_iri(&ims->out, ic, ev,
			      icpt_next_seq(&ims->out, ic->xid, false), ts, s,
			      dir);

	if (r) {
		ims->st.x2_failed++;
		log_debug("ims: X2 record refused: %d", r);
		return;
	}
	ims->st.x2++;
	if (ev->kind == IRI_START_OF_INTERCEPTION_IMS)
		ims->st.start_of_interception++;
	else if (ev->kind == IRI_IMS_CC_UNAVAILABLE)
		ims->st.cc_unavailable++;
}

/* IMSMessage for every task intercepting this registration or call. */
static void report_message(struct ims *ims, const struct icpt_set *set,
			   const struct pl_sip *s, bool from_caller)
{
	struct iri_event ev = { .kind = IRI_IMS_MESSAGE };
	unsigned int i;

	if (iri_ip(&ev.msg.src, &s->src) || iri_ip(&ev.msg.dst, &s->dst))
		return;
	ev.msg.sip.ptr = (const uint8_t *)s->raw;
	ev.msg.sip.len = s->raw_len;
	/* Inside GTP-U at the LMISF means home-routed roaming (S8HR). */
	ev.msg.roaming = s->tunnelled ? IRI_ROAMING_S8HR : IRI_ROAMING_NONE;
	fill_pani(&ev.msg.pani, s->msg);
	for (i = 0; i < set->n; i++) {
		const struct icpt *ic = &set->v[i];

		if (!wants_x2(task_of(ims, ic->xid)))
			continue;
		ev.msg.direction = direction(ims, ic, from_caller, s);
		emit_iri(ims, ic, &ev, s->ts_ns, s, ev.msg.direction);
	}
}

/* Tasks the kernel matched this packet for (IP and TEID targets). */
static void kernel_matches(struct ims *ims, struct icpt_set *set,
			   const struct pl_sip *s, const char *key)
{
	unsigned int i;

	if (!s->origin)
		return;
	for (i = 0; i < s->origin->n_matches; i++) {
		const struct pl_match *pm = &s->origin->matches[i];
		const struct task *t;
		enum icpt_role role;
		int ti;

		if (pm->kind != LMISF_COPY_TARGET || icpt_find(set, pm->xid))
			continue;
		t = task_of(ims, pm->xid);
		if (!t) {
			ims->st.unmatched_tasks++;
			continue;
		}
		role = ICPT_BY_ADDR;
		ti = match_ip_target(t, &s->src);
		if (ti < 0)
			ti = match_ip_target(t, &s->dst);
		if (ti < 0) {
			/* A TEID target: the tunnel says nothing of which
			 * end is the UE's. */
			role = ICPT_UNKNOWN;
			for (ti = 0; ti < (int)t->n_targets; ti++)
				if (t->targets[ti].type ==
				    LMISF_TARGET_GTPU_TEID)
					break;
		}
		if (!icpt_add(set, t, key, role, (unsigned int)ti))
			ims->st.icpt_full++;
	}
}

struct match_walk {
	struct ims *ims;
	const struct match_ids *ids;
	const struct match_sub *self;
	struct icpt_set *set;
	const char *key;
	unsigned int added;
};

static const struct match_sub *lookup_sub(void *arg, const char *key)
{
	struct registration *r = reg_lookup(arg, key);

	return r ? &r->sub : NULL;
}

static int match_one(void *arg, const struct task *t)
{
	struct match_walk *w = arg;
	struct match_hit hit;

	if (icpt_find(w->set, t->xid))
		return 0;
	if (!match_ids_task(t, w->ids, w->self, lookup_sub, w->ims->regs, &hit))
		return 0;
	if (icpt_add(w->set, t, w->key,
		     hit.from_target ? ICPT_CALLER : ICPT_CALLEE, hit.target))
		w->added++;
	else
		w->ims->st.icpt_full++;
	return 0;
}

static unsigned int match_tasks(struct ims *ims, struct icpt_set *set,
				const struct match_ids *ids,
				const struct match_sub *self, const char *key)
{
	struct match_walk w = { ims, ids, self, set, key, 0 };
	const struct tasks *ts = ims->svc->tasks(ims->svc->ctx);

	if (ts)
		tasks_foreach(ts, match_one, &w);
	return w.added;
}

/* Identities of a registration as its REGISTER and 2xx showed them. */
static void reg_ids(struct match_ids *ids, const struct registration *r)
{
	unsigned int i;

	memset(ids, 0, offsetof(struct match_ids, buf));
	ids->is_register = true;
	for (i = 0; i < r->nkeys; i++)
		match_add_key(ids, i ? MSRC_ASSOCIATED : MSRC_TO,
			      reg_key_at(r, i));
}

/* A REGISTER kept until its final answer: its context and its bytes. */
struct held_register {
	struct pl_sip s;
	char raw[];
};

/*
 * Keep the REGISTER until its final answer: a target that only the 2xx
 * names (P-Associated-URI: a tel: URI of a sip: registration) makes the
 * registration intercepted at the answer, and the request of that
 * transaction is reported then, before the answer.
 */
static void hold_register(struct registration *r, const struct pl_sip *s)
{
	struct held_register *h = malloc(sizeof(*h) + s->raw_len);

	free(r->held);
	r->held = h;
	if (!h)
		return;
	h->s = *s;
	memcpy(h->raw, s->raw, s->raw_len);
	h->s.raw = h->raw;
	h->s.msg = NULL;
	h->s.ip = NULL;
	h->s.pani = NULL;
	h->s.origin = NULL;
	r->held_cseq = s->msg->cseq;
}

/* Report the held REGISTER to the tasks set[from..n). */
static void report_held(struct ims *ims, struct registration *r,
			unsigned int from)
{
	struct held_register *h = r->held;
	struct icpt_set *only;
	struct sip_msg *m;

	if (!h || from >= r->icpts.n)
		return;
	m = malloc(sizeof(*m));
	only = malloc(sizeof(*only));
	if (m && only && !sip_parse(m, h->raw, h->s.raw_len, 0, NULL)) {
		*only = r->icpts;
		only->n -= from;
		memmove(only->v, only->v + from, only->n * sizeof(only->v[0]));
		h->s.msg = m;
		h->s.pani = sip_hdr_first(m, SIP_H_P_ACCESS_NETWORK_INFO);
		report_message(ims, only, &h->s, true);
		h->s.msg = NULL;
		h->s.pani = NULL;
	}
	free(only);
	free(m);
}

static void on_register(struct ims *ims, const struct pl_sip *s)
{
	const struct sip_msg *m = s->msg;
	struct registration *r;
	struct match_ids *ids;
	const char *key;
	unsigned int before;
	bool retrans;

	ims->st.registers++;
	r = reg_message(ims->regs, m, &s->src, s->ts_ns);
	if (!r)
		return;
	key = reg_impu(r);
	before = r->icpts.n;
	ids = malloc(sizeof(*ids));
	if (ids) {
		if (m->is_request)
			match_collect(ids, m);
		else
			reg_ids(ids, r); /* with its new associated IMPUs */
		match_tasks(ims, &r->icpts, ids, &r->sub, key);
		free(ids);
	}
	kernel_matches(ims, &r->icpts, s, key);
	retrans = seen_check(&r->seen, seen_key(m));
	if (!retrans && m->is_request)
		hold_register(r, s);
	else if (!retrans && r->held && m->cseq == r->held_cseq)
		report_held(ims, r, before);
	if (!m->is_request && m->status >= 200 && m->cseq == r->held_cseq) {
		free(r->held);
		r->held = NULL;
	}
	if (retrans) {
		ims->st.retrans++;
		return;
	}
	/* The registrant sends REGISTER: "from_caller" is the request. */
	report_message(ims, &r->icpts, s, m->is_request);
}

static enum media_side media_side(struct ims *ims, const struct icpt *ic,
				  const struct media_pair *p)
{
	const struct task *t;

	switch (ic->role) {
	case ICPT_CALLER:
		return MEDIA_SIDE_CALLER;
	case ICPT_CALLEE:
		return MEDIA_SIDE_CALLEE;
	case ICPT_BY_ADDR:
		t = task_of(ims, ic->xid);
		if (t && match_ip_target(t, &p->caller.addr) >= 0)
			return MEDIA_SIDE_CALLER;
		if (t && match_ip_target(t, &p->callee.addr) >= 0)
			return MEDIA_SIDE_CALLEE;
		break;
	case ICPT_UNKNOWN:
		break;
	}
	return MEDIA_SIDE_UNKNOWN;
}

static void cc_unavailable(struct ims *ims, struct icpt *ic,
			   const struct call *c, const char *reason,
			   uint64_t ts)
{
	struct iri_event ev = { .kind = IRI_IMS_CC_UNAVAILABLE };

	if (!wants_x2(task_of(ims, ic->xid)))
		return;
	ev.ccu.reason.ptr = (const uint8_t *)reason;
	ev.ccu.reason.len = strlen(reason);
	if (c && c->sdp.p) {
		ev.ccu.sdp.ptr = (const uint8_t *)c->sdp.p;
		ev.ccu.sdp.len = c->sdp.len;
	}
	emit_iri(ims, ic, &ev, ts, NULL, IRI_INDETERMINATE);
}

static const struct {
	unsigned int bit;
	const char *reason;
} problems[] = {
	{ MEDIA_P_ENCRYPTED, "media encrypted (SRTP profile in SDP)" },
	{ MEDIA_P_NO_ADDR,
	  "media address not usable (FQDN or mixed families)" },
	{ MEDIA_P_TRANSPORT, "media transport not supported (not RTP/UDP)" },
	{ MEDIA_P_SDP, "session description not readable" },
};

/* What media_install could not do, for IMSCCUnavailable. */
struct media_result {
	unsigned int problems; /* MEDIA_P_* */
	int err; /* the first flow install refused, -errno */
};

/*
 * Flows for every m= line both sides agreed on, for one task; and
 * endpoint flows for the ends an offer names before its answer is known
 * (the first offer, or a pending one of a re-INVITE/UPDATE), so that
 * media racing the answer is copied too.
 */
static void media_install(struct ims *ims, const struct call *c,
			  const struct icpt *ic, uint64_t ts,
			  struct media_result *res)
{
	struct media_pair pairs[MEDIA_MAX_PAIRS];
	const struct leg *leg = dlg_media_leg(c);
	unsigned int n = 0, prob = 0;

	res->problems = 0;
	res->err = 0;
	if (!wants_x3(task_of(ims, ic->xid)))
		return;
	if (c->sdp.p && leg && leg->sdp.p)
		n = media_pairs(c->sdp.p, c->sdp.len, leg->sdp.p, leg->sdp.len,
				pairs, MEDIA_MAX_PAIRS, &prob);
	else if (c->sdp.p)
		media_ends(c->sdp.p, c->sdp.len, true, pairs, &n,
			   MEDIA_MAX_PAIRS);
	else if (leg && leg->sdp.p)
		media_ends(leg->sdp.p, leg->sdp.len, false, pairs, &n,
			   MEDIA_MAX_PAIRS);
	if (c->pend.p)
		media_ends(c->pend.p, c->pend.len, true, pairs, &n,
			   MEDIA_MAX_PAIRS);
	if (leg && leg->pend.p)
		media_ends(leg->pend.p, leg->pend.len, false, pairs, &n,
			   MEDIA_MAX_PAIRS);
	res->problems = prob;
	if (!n && !prob && !media_owner_has(ims->media, c->serial, ic->xid))
		return;
	res->err = media_sync(ims->media, c->serial, ic->xid,
			      ic->correlation_id, pairs, n,
			      n ? media_side(ims, ic, &pairs[0]) : 0, ts);
}

/* IMSCCUnavailable once per session, task and reason. */
static void media_report(struct ims *ims, const struct call *c, struct icpt *ic,
			 const struct media_result *res, uint64_t ts)
{
	unsigned int prob = res->problems, i;
	char why[96];

	for (i = 0; i < sizeof(problems) / sizeof(problems[0]); i++)
		if ((prob & problems[i].bit) &&
		    !(ic->cc_reported & problems[i].bit)) {
			ic->cc_reported |= problems[i].bit;
			cc_unavailable(ims, ic, c, problems[i].reason, ts);
		}
	if (res->err && !ic->install_reported) {
		ic->install_reported = true;
		snprintf(why, sizeof(why),
			 "media flow refused by the kernel (%s)",
			 strerror(-res->err));
		cc_unavailable(ims, ic, c, why, ts);
	}
}

static void media_for(struct ims *ims, const struct call *c, struct icpt *ic,
		      uint64_t ts)
{
	struct media_result res;

	media_install(ims, c, ic, ts, &res);
	media_report(ims, c, ic, &res, ts);
}

/* The last P-Access-Network-Info, for StartOfInterception. */
static void keep_pani(struct call *c, const struct sip_hdr *h)
{
	char *p;

	if (c->pani && strlen(c->pani) == h->value.len &&
	    !memcmp(c->pani, h->value.p, h->value.len))
		return;
	p = strndup(h->value.p, h->value.len);
	if (p) {
		free(c->pani);
		c->pani = p;
	}
}

static void on_dialog(struct ims *ims, const struct pl_sip *s)
{
	const struct sip_msg *m = s->msg;
	struct media_result res[ICPT_MAX];
	struct dlg_event ev;
	struct call *c;
	unsigned int i, before;
	bool media_now;

	ims->st.dialog_msgs++;
	c = dlg_message(ims->dlgs, m, s->ts_ns, &ev);
	if (!c)
		return;
	if (ev.created) {
		c->sig_src = s->src;
		c->sig_dst = s->dst;
	}
	c->tunnelled = s->tunnelled;
	if (s->pani)
		keep_pani(c, s->pani);
	before = c->icpts.n;
	if (ev.created && c->ids) {
		match_tasks(ims, &c->icpts, c->ids, NULL, c->call_id);
	} else if (m->is_request && !m->to_tag.len) {
		/* Another out-of-dialog request on the Call-ID. */
		struct match_ids *ids = malloc(sizeof(*ids));

		if (ids) {
			match_collect(ids, m);
			match_tasks(ims, &c->icpts, ids, NULL, c->call_id);
			free(ids);
		}
	}
	kernel_matches(ims, &c->icpts, s, c->call_id);
	if (ev.retrans) {
		ims->st.retrans++;
		return;
	}
	/*
	 * The flows before the records: the media may follow this message
	 * within milliseconds (RTP right after a 200 with the answer), and a
	 * packet that passes before its flow is installed is not copied.
	 */
	media_now = !ev.ended && (ev.media || ev.offer || ev.confirmed);
	for (i = 0; i < c->icpts.n; i++)
		if (!ev.ended && (media_now || i >= before))
			media_install(ims, c, &c->icpts.v[i], s->ts_ns,
				      &res[i]);
	report_message(ims, &c->icpts, s, ev.from_caller);
	if (ev.ended) {
		media_end(ims->media, c->serial, NULL, s->ts_ns);
		return;
	}
	for (i = 0; i < c->icpts.n; i++)
		if (media_now || i >= before)
			media_report(ims, c, &c->icpts.v[i], &res[i], s->ts_ns);
}

static void ims_sip(void *ctx, const struct pl_sip *s)
{
	struct ims *ims = ctx;
	const struct sip_msg *m = s->msg;

	ims->st.sip++;
	if (s->ts_ns > ims->now_ns)
		ims->now_ns = s->ts_ns;
	if (m->is_request ? m->method == SIP_M_REGISTER :
			    m->cseq_method == SIP_M_REGISTER)
		on_register(ims, s);
	else
		on_dialog(ims, s);
}

static void start_of_interception(struct ims *ims, const struct call *c,
				  const struct icpt *ic)
{
	struct iri_event ev;

	if (!icpt_start_event(&ev, c)) {
		/* Joined mid-dialog without its creating request: the
		 * parties are unknown, so the record cannot be built. */
		ims->st.x2_failed++;
		return;
	}
	emit_iri(ims, ic, &ev, ims->now_ns, NULL,
		 ic->role == ICPT_CALLER ? IRI_FROM_TARGET :
		 ic->role == ICPT_CALLEE ? IRI_TO_TARGET :
					   IRI_INDETERMINATE);
}

struct task_walk {
	struct ims *ims;
	const struct task *t;
	enum task_event ev;
};

/* Does the task (still) select this call? Adds nothing. */
static bool call_selected(struct ims *ims, const struct task *t,
			  const struct call *c, enum icpt_role *role,
			  unsigned int *target)
{
	struct match_hit hit;
	int ti;

	if (c->ids &&
	    match_ids_task(t, c->ids, NULL, lookup_sub, ims->regs, &hit)) {
		*role = hit.from_target ? ICPT_CALLER : ICPT_CALLEE;
		*target = hit.target;
		return true;
	}
	ti = match_ip_target(t, &c->sig_src);
	if (ti < 0)
		ti = match_ip_target(t, &c->sig_dst);
	if (ti >= 0) {
		*role = ICPT_BY_ADDR;
		*target = (unsigned int)ti;
		return true;
	}
	return false;
}

static int task_call(void *arg, struct call *c)
{
	struct task_walk *w = arg;
	struct ims *ims = w->ims;
	struct icpt *ic = icpt_find(&c->icpts, w->t->xid);
	enum icpt_role role;
	unsigned int target;
	bool sel;

	if (w->ev == TASK_EV_DELETED) {
		icpt_del(&c->icpts, w->t->xid);
		return 0;
	}
	if (c->state == CALL_ENDED)
		return 0;
	sel = call_selected(ims, w->t, c, &role, &target);
	if (ic) {
		/* ModifyTask: a session its new targets no longer select
		 * stops being intercepted (TEID: the kernel decides). */
		if (!sel && ic->role != ICPT_UNKNOWN) {
			media_end(ims->media, c->serial, w->t->xid,
				  ims->now_ns);
			icpt_del(&c->icpts, w->t->xid);
		}
		return 0;
	}
	if (!sel)
		return 0;
	ic = icpt_add(&c->icpts, w->t, c->call_id, role, target);
	if (!ic) {
		ims->st.icpt_full++;
		return 0;
	}
	if (wants_x2(w->t))
		start_of_interception(ims, c, ic);
	media_for(ims, c, ic, ims->now_ns);
	return 0;
}

static int task_reg(void *arg, struct registration *r)
{
	struct task_walk *w = arg;
	struct match_ids *ids;

	if (w->ev == TASK_EV_DELETED) {
		icpt_del(&r->icpts, w->t->xid);
		return 0;
	}
	if (r->state == REG_ENDED || icpt_find(&r->icpts, w->t->xid))
		return 0;
	ids = malloc(sizeof(*ids));
	if (!ids)
		return 0;
	reg_ids(ids, r);
	match_tasks(w->ims, &r->icpts, ids, &r->sub, reg_impu(r));
	free(ids);
	if (!icpt_find(&r->icpts, w->t->xid)) {
		int ti = match_ip_target(w->t, &r->ue);

		if (ti >= 0)
			icpt_add(&r->icpts, w->t, reg_impu(r), ICPT_BY_ADDR,
				 (unsigned int)ti);
	}
	return 0;
}

static void ims_task_event(void *ctx, enum task_event ev, const struct task *t)
{
	struct ims *ims = ctx;
	struct task_walk w = { ims, t, ev };

	dlg_foreach(ims->dlgs, task_call, &w);
	reg_foreach(ims->regs, task_reg, &w);
	if (ev == TASK_EV_DELETED) {
		/* The kernel deleted the task's flows with it. */
		media_forget_task(ims->media, t->xid);
		icpt_seq_forget(&ims->out, t->xid);
	}
}

static void emit_x3(struct ims *ims, const struct pl_packet *p,
		    const uint8_t *xid, uint64_t corr,
		    const struct media_flow *f)
{
	if (!wants_x3(task_of(ims, xid)))
		return;
	if (icpt_emit_x3(&ims->out, p, xid, corr, f, ims->cfg.x3_gtpu))
		ims->st.x3_failed++;
	else
		ims->st.x3++;
}

static void ims_packet(void *ctx, const struct pl_packet *p)
{
	struct ims *ims = ctx;
	unsigned int i;

	if (!p->origin)
		return;
	for (i = 0; i < p->origin->n_matches; i++) {
		const struct pl_match *pm = &p->origin->matches[i];
		const struct media_flow *f, *rider = NULL;

		if (pm->kind != LMISF_COPY_MEDIA)
			continue;
		f = media_find(ims->media, pm->flow_id);
		if (!f)
			/* Installed by an earlier run of the agent: still
			 * the session's xCC, direction unknown. */
			ims->st.x3_unknown_flow++;
		emit_x3(ims, p, pm->xid,
			pm->has_correlation ? pm->correlation_id :
			f		    ? f->correlation_id :
					      0,
			f);
		while (f && (rider = media_riders(ims->media, rider, f)))
			emit_x3(ims, p, rider->xid, rider->correlation_id,
				rider);
	}
}

static void ims_flow_gone(void *ctx, uint32_t flow_id, uint32_t reason)
{
	struct ims *ims = ctx;

	(void)reason;
	media_gone(ims->media, flow_id);
}

static int loss_call(void *arg, struct call *c)
{
	struct ims *ims = arg;
	unsigned int i;

	for (i = 0; i < c->icpts.n; i++)
		if (media_owner_has(ims->media, c->serial, c->icpts.v[i].xid))
			cc_unavailable(ims, &c->icpts.v[i], c,
				       "copies lost between kernel and agent",
				       ims->now_ns);
	return 0;
}

static void ims_loss(void *ctx, uint64_t copies)
{
	struct ims *ims = ctx;

	(void)copies;
	ims->st.loss_events++;
	dlg_foreach(ims->dlgs, loss_call, ims);
}

static void call_gone(void *arg, struct call *c, bool timeout)
{
	struct ims *ims = arg;

	(void)timeout;
	media_end(ims->media, c->serial, NULL, ims->now_ns);
}

static void ims_tick(void *ctx, uint64_t now)
{
	struct ims *ims = ctx;

	if (now > ims->now_ns)
		ims->now_ns = now;
	reg_expire(ims->regs, ims->now_ns, NULL, NULL);
	dlg_expire(ims->dlgs, ims->now_ns, call_gone, ims);
	media_tick(ims->media, ims->now_ns);
}

static int ims_stats_line(void *ctx, char *buf, size_t size)
{
	struct ims *ims = ctx;
	const struct reg_stats *r = reg_stats(ims->regs);
	const struct dlg_stats *d = dlg_stats(ims->dlgs);
	const struct media_stats *m = media_stats(ims->media);
	const struct ims_stats *s = &ims->st;

	return snprintf(
		buf, size,
		"sip=%" PRIu64 " retrans=%" PRIu64 " regs=%u reg_shed=%" PRIu64
		" reg_expired=%" PRIu64 " dialogs=%u dlg_shed=%" PRIu64
		" dlg_timeouts=%" PRIu64 " forks=%" PRIu64 " x2=%" PRIu64
		" x2_failed=%" PRIu64 " x3=%" PRIu64 " x3_failed=%" PRIu64
		" x3_unknown_flow=%" PRIu64 " soi=%" PRIu64 " ccu=%" PRIu64
		" flows=%" PRIu64 " flow_failed=%" PRIu64 " icpt_full=%" PRIu64
		" nomem=%" PRIu64,
		s->sip, s->retrans, reg_count(ims->regs), r->shed, r->expired,
		dlg_count(ims->dlgs), d->shed, d->timeouts, d->forks, s->x2,
		s->x2_failed, s->x3, s->x3_failed, s->x3_unknown_flow,
		s->start_of_interception, s->cc_unavailable, m->active,
		m->install_failed, s->icpt_full, r->nomem + d->nomem);
}

static void ims_flush(void *ctx)
{
	struct ims *ims = ctx;

	ims_tick(ctx, 0);
	media_flush(ims->media);
}

static void ims_free_cb(void *ctx)
{
	ims_free(ctx);
}

struct ims *ims_new(const struct ims_config *cfg, const struct pl_services *svc,
		    struct pl_consumer *c)
{
	struct ims *ims = calloc(1, sizeof(*ims));

	if (!ims)
		return NULL;
	ims->cfg = *cfg;
	if (!ims->cfg.media_grace_ns)
		ims->cfg.media_grace_ns = 5 * NS;
	ims->svc = svc;
	ims->regs = reg_new(&cfg->reg);
	ims->dlgs = dlg_new(&cfg->dlg);
	ims->media = media_new(svc, ims->cfg.media_grace_ns);
	if (!ims->regs || !ims->dlgs || !ims->media) {
		ims_free(ims);
		return NULL;
	}
	ber_enc_init(&ims->enc);
	ims->out.svc = svc;
	ims->out.enc = &ims->enc;
	ims->out.version = cfg->x2x3_version ? cfg->x2x3_version :
					       X2X3_VERSION_DEFAULT;
	*c = (struct pl_consumer){
		.ctx = ims,
		.sip = ims_sip,
		.packet = ims_packet,
		.task_event = ims_task_event,
		.flow_gone = ims_flow_gone,
		.loss = ims_loss,
		.tick = ims_tick,
		.stats = ims_stats_line,
		.flush = ims_flush,
		.free = ims_free_cb,
	};
	return ims;
}

void ims_free(struct ims *ims)
{
	if (!ims)
		return;
	media_free(ims->media);
	dlg_free(ims->dlgs);
	reg_free(ims->regs);
	ber_enc_free(&ims->enc);
	icpt_out_free(&ims->out);
	free(ims);
}

const struct ims_stats *ims_stats(const struct ims *ims)
{
	return &ims->st;
}

struct reg_table *ims_registrations(struct ims *ims)
{
	return ims->regs;
}

struct dlg_table *ims_dialogs(struct ims *ims)
{
	return ims->dlgs;
}

struct media_table *ims_media(struct ims *ims)
{
	return ims->media;
}
