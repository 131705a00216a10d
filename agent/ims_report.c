// SPDX-License-Identifier: GPL-2.0
/*
 * The xIRI of the IMS layer: IMSMessage per SIP message,
 * IMSCCUnavailable, StartOfInterceptionForActiveIMSSession, with the
 * direction as seen from the target.
 */
#include <string.h>

#include "ims_int.h"
#include "log.h"

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
void ims_report_message(struct ims *ims, const struct icpt_set *set,
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

void ims_cc_unavailable(struct ims *ims, struct icpt *ic, const struct call *c,
			const char *reason, uint64_t ts)
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

void ims_start_of_interception(struct ims *ims, const struct call *c,
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
