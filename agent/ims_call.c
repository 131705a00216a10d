// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions in the IMS layer: the dialog mirror's update, the tasks that
 * intercept a call, its records and media per message, task activation
 * mid-call, its end.
 */
#include <stdlib.h>
#include <string.h>

#include "ims_int.h"

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

void ims_on_dialog(struct ims *ims, const struct pl_sip *s)
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
		ims_match_tasks(ims, &c->icpts, c->ids, NULL, c->call_id);
	} else if (m->is_request && !m->to_tag.len) {
		/* Another out-of-dialog request on the Call-ID. */
		struct match_ids *ids = malloc(sizeof(*ids));

		if (ids) {
			match_collect(ids, m);
			ims_match_tasks(ims, &c->icpts, ids, NULL, c->call_id);
			free(ids);
		}
	}
	ims_kernel_matches(ims, &c->icpts, s, c->call_id);
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
			ims_media_install(ims, c, &c->icpts.v[i], s->ts_ns,
					  &res[i]);
	ims_report_message(ims, &c->icpts, s, ev.from_caller);
	if (ev.ended) {
		media_end(ims->media, c->serial, NULL, s->ts_ns);
		return;
	}
	for (i = 0; i < c->icpts.n; i++)
		if (media_now || i >= before)
			ims_media_report(ims, c, &c->icpts.v[i], &res[i],
					 s->ts_ns);
}

int ims_task_call(void *arg, struct call *c)
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
	sel = ims_call_selected(ims, w->t, c, &role, &target);
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
	ic = ims_icpt_add(&c->icpts, w->t, c->call_id, role, target);
	if (!ic) {
		ims->st.icpt_full++;
		return 0;
	}
	if (wants_x2(w->t))
		ims_start_of_interception(ims, c, ic);
	ims_media_for(ims, c, ic, ims->now_ns);
	return 0;
}

int ims_loss_call(void *arg, struct call *c)
{
	struct ims *ims = arg;
	unsigned int i;

	for (i = 0; i < c->icpts.n; i++)
		if (media_owner_has(ims->media, c->serial, c->icpts.v[i].xid))
			ims_cc_unavailable(
				ims, &c->icpts.v[i], c,
				"copies lost between kernel and agent",
				ims->now_ns);
	return 0;
}

void ims_call_gone(void *arg, struct call *c, bool timeout)
{
	struct ims *ims = arg;

	(void)timeout;
	media_end(ims->media, c->serial, NULL, ims->now_ns);
}
