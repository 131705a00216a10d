/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the IMS layer (ims.h): its state, and what its parts give each
 * other. ims.c is the pl_consumer; ims_match.c decides which tasks
 * intercept, ims_report.c emits the xIRI, ims_reg.c and ims_call.c follow
 * registrations and sessions, ims_media.c their media (flows and X3).
 */
#ifndef LMISF_IMS_INT_H
#define LMISF_IMS_INT_H

#include "ber.h"
#include "ims.h"
#include "intercept.h"
#include "iri.h"
#include "match.h"
#include "media.h"

/* The layer (ims.c); its parts are the ims_*.c files. */
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

static inline const struct task *task_of(struct ims *ims, const uint8_t *xid)
{
	const struct tasks *ts = ims->svc->tasks(ims->svc->ctx);

	return ts ? tasks_find(ts, xid) : NULL;
}

static inline bool wants_x2(const struct task *t)
{
	return t && t->delivery != LMISF_DELIVERY_X3_ONLY;
}

static inline bool wants_x3(const struct task *t)
{
	return t && t->delivery != LMISF_DELIVERY_X2_ONLY;
}

/* What ims_media_install could not do, for IMSCCUnavailable. */
struct media_result {
	unsigned int problems; /* MEDIA_P_* */
	int err; /* the first flow install refused, -errno */
};

/* A task event walked over the calls and registrations. */
struct task_walk {
	struct ims *ims;
	const struct task *t;
	enum task_event ev;
};

/* ims_match.c */
struct icpt *ims_icpt_add(struct icpt_set *set, const struct task *t,
			  const char *key, enum icpt_role role,
			  unsigned int target);
void ims_kernel_matches(struct ims *ims, struct icpt_set *set,
			const struct pl_sip *s, const char *key);
unsigned int ims_match_tasks(struct ims *ims, struct icpt_set *set,
			     const struct match_ids *ids,
			     const struct match_sub *self, const char *key);
void ims_reg_ids(struct match_ids *ids, const struct registration *r);
bool ims_call_selected(struct ims *ims, const struct task *t,
		       const struct call *c, enum icpt_role *role,
		       unsigned int *target);

/* ims_report.c */
void ims_report_message(struct ims *ims, const struct icpt_set *set,
			const struct pl_sip *s, bool from_caller);
void ims_cc_unavailable(struct ims *ims, struct icpt *ic, const struct call *c,
			const char *reason, uint64_t ts);
void ims_start_of_interception(struct ims *ims, const struct call *c,
			       const struct icpt *ic);

/* ims_reg.c */
void ims_on_register(struct ims *ims, const struct pl_sip *s);
int ims_task_reg(void *arg, struct registration *r);

/* ims_call.c */
void ims_on_dialog(struct ims *ims, const struct pl_sip *s);
int ims_task_call(void *arg, struct call *c);
int ims_loss_call(void *arg, struct call *c);
void ims_call_gone(void *arg, struct call *c, bool timeout);

/* ims_media.c */
void ims_media_install(struct ims *ims, const struct call *c,
		       const struct icpt *ic, uint64_t ts,
		       struct media_result *res);
void ims_media_report(struct ims *ims, const struct call *c, struct icpt *ic,
		      const struct media_result *res, uint64_t ts);
void ims_media_for(struct ims *ims, const struct call *c, struct icpt *ic,
		   uint64_t ts);
void ims_packet(void *ctx, const struct pl_packet *p);
void ims_flow_gone(void *ctx, uint32_t flow_id, uint32_t reason);

#endif /* LMISF_IMS_INT_H */
