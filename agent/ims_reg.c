// SPDX-License-Identifier: GPL-2.0
/*
 * Registrations in the IMS layer: the mirror's update, the tasks that
 * intercept them, the REGISTER held until its answer, task activation.
 */
#include <stdlib.h>
#include <string.h>

#include "ims_int.h"

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
		ims_report_message(ims, only, &h->s, true);
		h->s.msg = NULL;
		h->s.pani = NULL;
	}
	free(only);
	free(m);
}

void ims_on_register(struct ims *ims, const struct pl_sip *s)
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
			ims_reg_ids(ids, r); /* with its new associated IMPUs */
		ims_match_tasks(ims, &r->icpts, ids, &r->sub, key);
		free(ids);
	}
	ims_kernel_matches(ims, &r->icpts, s, key);
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
	ims_report_message(ims, &r->icpts, s, m->is_request);
}

int ims_task_reg(void *arg, struct registration *r)
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
	ims_reg_ids(ids, r);
	ims_match_tasks(w->ims, &r->icpts, ids, &r->sub, reg_impu(r));
	free(ids);
	if (!icpt_find(&r->icpts, w->t->xid)) {
		int ti = match_ip_target(w->t, &r->ue);

		if (ti >= 0)
			ims_icpt_add(&r->icpts, w->t, reg_impu(r), ICPT_BY_ADDR,
				     (unsigned int)ti);
	}
	return 0;
}
