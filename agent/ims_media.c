// SPDX-License-Identifier: GPL-2.0
/*
 * The xCC of intercepted sessions: the media flows each task needs from
 * the session's offer and answer (media.h), IMSCCUnavailable when they
 * cannot be had, and X3 for every media copy, including the target's
 * copies of media that came before its flow.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "ims_int.h"

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

/*
 * Flows for every m= line both sides agreed on, for one task; and
 * endpoint flows for the ends an offer names before its answer is known
 * (the first offer, or a pending one of a re-INVITE/UPDATE), so that
 * media racing the answer is copied too.
 */
void ims_media_install(struct ims *ims, const struct call *c,
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
void ims_media_report(struct ims *ims, const struct call *c, struct icpt *ic,
		      const struct media_result *res, uint64_t ts)
{
	unsigned int prob = res->problems, i;
	char why[96];

	for (i = 0; i < sizeof(problems) / sizeof(problems[0]); i++)
		if ((prob & problems[i].bit) &&
		    !(ic->cc_reported & problems[i].bit)) {
			ic->cc_reported |= problems[i].bit;
			ims_cc_unavailable(ims, ic, c, problems[i].reason, ts);
		}
	if (res->err && !ic->install_reported) {
		ic->install_reported = true;
		snprintf(why, sizeof(why),
			 "media flow refused by the kernel (%s)",
			 strerror(-res->err));
		ims_cc_unavailable(ims, ic, c, why, ts);
	}
}

void ims_media_for(struct ims *ims, const struct call *c, struct icpt *ic,
		   uint64_t ts)
{
	struct media_result res;

	ims_media_install(ims, c, ic, ts, &res);
	ims_media_report(ims, c, ic, &res, ts);
}

/* Tasks given an X3 PDU of the copy at hand: one per task and copy. */
struct x3_done {
	unsigned int n;
	uint8_t xid[PL_MAX_MATCHES * ICPT_MAX][LMISF_XID_LEN];
};

/* Whether @xid had its PDU; when not and @mark, it has it from now on.
 * Full (more tasks than a copy can name): taken as had, so never two. */
static bool x3_had(struct x3_done *d, const uint8_t *xid, bool mark)
{
	unsigned int i;

	for (i = 0; i < d->n; i++)
		if (!memcmp(d->xid[i], xid, LMISF_XID_LEN))
			return true;
	if (d->n == sizeof(d->xid) / sizeof(d->xid[0]))
		return true;
	if (mark)
		memcpy(d->xid[d->n++], xid, LMISF_XID_LEN);
	return false;
}

static void emit_x3(struct ims *ims, struct x3_done *d,
		    const struct pl_packet *p, const uint8_t *xid,
		    uint64_t corr, const struct media_flow *f)
{
	if (x3_had(d, xid, true) || !wants_x3(task_of(ims, xid)))
		return;
	if (icpt_emit_x3(&ims->out, p, xid, corr, f, ims->cfg.x3_gtpu))
		ims->st.x3_failed++;
	else
		ims->st.x3++;
}

/* The UDP ends of the copy at hand, read once when first needed. */
struct copy_ends {
	int state; /* -1 not read yet, 0 not UDP (or a fragment), 1 read */
	struct media_ep src, dst;
};

static bool udp_ends(const struct pl_packet *p, struct copy_ends *e)
{
	size_t off = p->tunnelled ? p->inner_offset : 0;
	struct ip_pkt ip;

	if (off >= p->len || ip_parse(p->pkt + off, p->len - off, &ip) ||
	    ip.proto != IPPROTO_UDP || ip.is_frag || ip.l4_len < 8)
		return false;
	e->src.addr = ip.src;
	e->dst.addr = ip.dst;
	e->src.port = get_be16(ip.l4);
	e->dst.port = get_be16(ip.l4 + 2);
	return true;
}

/* The flow of task @xid the copy's (inner) packet belongs to, if any. */
static const struct media_flow *flow_by_ends(struct ims *ims,
					     const struct pl_packet *p,
					     struct copy_ends *e,
					     const uint8_t *xid)
{
	if (e->state < 0)
		e->state = udp_ends(p, e);
	return e->state ? media_find_tuple(ims->media, xid, &e->src, &e->dst) :
			  NULL;
}

/*
 * A copy that matched task @xid's UE address or TEID but none of its
 * flows: media of one of its sessions that crossed the kernel before
 * the flow was installed (copies wait up to flush_ms; the first RTP
 * follows the ACK at once), while the agent, reading copies in order,
 * already has the flow. It is X3 as if the flow had matched.
 */
static void target_x3(struct ims *ims, struct x3_done *d,
		      const struct pl_packet *p, const uint8_t *xid,
		      struct copy_ends *e)
{
	const struct media_flow *f;

	if (x3_had(d, xid, false) || !wants_x3(task_of(ims, xid)))
		return;
	f = flow_by_ends(ims, p, e, xid);
	if (f) {
		ims->st.x3_early++;
		emit_x3(ims, d, p, xid, f->correlation_id, f);
	}
}

/*
 * X3 for each task a copy matched through a flow (and the tasks riding on
 * it), then for each task it matched through its target only when the
 * packet is media of that task's session: each task at most once.
 */
void ims_packet(void *ctx, const struct pl_packet *p)
{
	struct copy_ends ends = { .state = -1 };
	struct ims *ims = ctx;
	struct x3_done done;
	unsigned int i;

	if (!p->origin)
		return;
	done.n = 0;
	for (i = 0; i < p->origin->n_matches; i++) {
		const struct pl_match *pm = &p->origin->matches[i];
		const struct media_flow *f, *rider = NULL;

		if (pm->kind != LMISF_COPY_MEDIA)
			continue;
		f = media_find(ims->media, pm->flow_id);
		if (!f)
			/* A flow the agent removed while this copy was on
			 * its way (an endpoint flow the answer superseded):
			 * the session's flow of the same ends. */
			f = flow_by_ends(ims, p, &ends, pm->xid);
		if (!f)
			/* Installed by an earlier run of the agent: still
			 * the session's xCC, direction unknown. */
			ims->st.x3_unknown_flow++;
		emit_x3(ims, &done, p, pm->xid,
			pm->has_correlation ? pm->correlation_id :
			f		    ? f->correlation_id :
					      0,
			f);
		while (f && (rider = media_riders(ims->media, rider, f)))
			emit_x3(ims, &done, p, rider->xid,
				rider->correlation_id, rider);
	}
	for (i = 0; i < p->origin->n_matches; i++) {
		const struct pl_match *pm = &p->origin->matches[i];

		if (pm->kind == LMISF_COPY_TARGET)
			target_x3(ims, &done, p, pm->xid, &ends);
	}
}

void ims_flow_gone(void *ctx, uint32_t flow_id, uint32_t reason)
{
	struct ims *ims = ctx;

	(void)reason;
	media_gone(ims->media, flow_id);
}
