/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lmisfd's IMS layer: the struct pl_consumer (pipeline.h) that mirrors
 * IMS state for every subscriber seen (registration.h, dialog.h), matches
 * the kernel's tasks against it (match.h), and emits per intercepted
 * registration or session: IMSMessage for every SIP message,
 * StartOfInterceptionForActiveIMSSession when a task is activated
 * mid-session, IMSCCUnavailable when media cannot be delivered (X2), and
 * the session's media as X3 through the flows it installs (media.h).
 * Documentation/ims.rst.
 */
#ifndef LMISF_IMS_H
#define LMISF_IMS_H

#include <stdbool.h>
#include <stdint.h>

#include "dialog.h"
#include "pipeline.h"
#include "registration.h"

struct ims_config {
	struct reg_config reg;
	struct dlg_config dlg;
	uint64_t media_grace_ns; /* flows outlive their session (0: 5 s) */
	/* X3 of a copy that came in GTP-U: the GTP-U message (payload
	 * format 12) instead of the inner IP packet (5/6). */
	bool x3_gtpu;
	uint16_t x2x3_version; /* 0: X2X3_VERSION_DEFAULT */
};

struct ims_stats {
	uint64_t sip, registers, dialog_msgs, retrans, unmatched_tasks;
	uint64_t x2, x2_failed, x3, x3_failed, x3_unknown_flow;
	uint64_t x3_early; /* a target's media copy before its flow */
	uint64_t start_of_interception, cc_unavailable, loss_events;
	uint64_t icpt_full; /* more than ICPT_MAX tasks on one session */
};

struct ims;

/*
 * ims_new - the IMS layer, using @svc (kept; must outlive it).
 * @c: filled with the consumer to hand to pl_set_consumer(); its .free
 *   frees the layer.
 */
struct ims *ims_new(const struct ims_config *cfg, const struct pl_services *svc,
		    struct pl_consumer *c);
void ims_free(struct ims *ims);

const struct ims_stats *ims_stats(const struct ims *ims);
struct reg_table *ims_registrations(struct ims *ims);
struct dlg_table *ims_dialogs(struct ims *ims);
struct media_table *ims_media(struct ims *ims);

#endif /* LMISF_IMS_H */
