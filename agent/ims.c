// SPDX-License-Identifier: GPL-2.0
/*
 * The IMS layer's pl_consumer: state mirror for every subscriber,
 * interception decisions per task, and when each record is emitted.
 * Documentation/ims.rst gives the rules and their sources.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "ims_int.h"

#define NS 1000000000ull

static void ims_sip(void *ctx, const struct pl_sip *s)
{
	struct ims *ims = ctx;
	const struct sip_msg *m = s->msg;

	ims->st.sip++;
	if (s->ts_ns > ims->now_ns)
		ims->now_ns = s->ts_ns;
	if (m->is_request ? m->method == SIP_M_REGISTER :
			    m->cseq_method == SIP_M_REGISTER)
		ims_on_register(ims, s);
	else
		ims_on_dialog(ims, s);
}

static void ims_task_event(void *ctx, enum task_event ev, const struct task *t)
{
	struct ims *ims = ctx;
	struct task_walk w = { ims, t, ev };

	dlg_foreach(ims->dlgs, ims_task_call, &w);
	reg_foreach(ims->regs, ims_task_reg, &w);
	if (ev == TASK_EV_DELETED) {
		/* The kernel deleted the task's flows with it. */
		media_forget_task(ims->media, t->xid);
		icpt_seq_forget(&ims->out, t->xid);
	}
}

static void ims_loss(void *ctx, uint64_t copies)
{
	struct ims *ims = ctx;

	(void)copies;
	ims->st.loss_events++;
	dlg_foreach(ims->dlgs, ims_loss_call, ims);
}

static void ims_tick(void *ctx, uint64_t now)
{
	struct ims *ims = ctx;

	if (now > ims->now_ns)
		ims->now_ns = now;
	reg_expire(ims->regs, ims->now_ns, NULL, NULL);
	dlg_expire(ims->dlgs, ims->now_ns, ims_call_gone, ims);
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
		" x3_unknown_flow=%" PRIu64 " x3_early=%" PRIu64 " soi=%" PRIu64
		" ccu=%" PRIu64 " flows=%" PRIu64 " flow_failed=%" PRIu64
		" icpt_full=%" PRIu64 " nomem=%" PRIu64,
		s->sip, s->retrans, reg_count(ims->regs), r->shed, r->expired,
		dlg_count(ims->dlgs), d->shed, d->timeouts, d->forks, s->x2,
		s->x2_failed, s->x3, s->x3_failed, s->x3_unknown_flow,
		s->x3_early, s->start_of_interception, s->cc_unavailable,
		m->active, m->install_failed, s->icpt_full,
		r->nomem + d->nomem);
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
