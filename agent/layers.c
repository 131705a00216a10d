// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "deliver.h"
#include "ims.h"
#include "layers.h"

#define NS_PER_MS 1000000ULL
#define NS_PER_S 1000000000ULL

void layers_ims_config(const struct lm_config *cfg, struct ims_config *ic)
{
	memset(ic, 0, sizeof(*ic));
	ic->reg.max = cfg->ims.max_subscribers;
	/* 0 in the IMS layer means its default: a grace of 0 is 1 ns */
	ic->reg.linger_ns = cfg->ims.registration_grace_s ?
				    cfg->ims.registration_grace_s * NS_PER_S :
				    1;
	ic->dlg.max = cfg->ims.max_dialogs;
	ic->dlg.setup_ns = cfg->ims.early_dialog_timeout_s * NS_PER_S;
	ic->dlg.idle_ns = cfg->ims.dialog_idle_timeout_s * NS_PER_S;
	ic->media_grace_ns =
		cfg->ims.flow_grace_ms ? cfg->ims.flow_grace_ms * NS_PER_MS : 1;
	ic->x3_gtpu = cfg->delivery.x3_gtpu;
	ic->x2x3_version = cfg->delivery.pdu_version;
}

static void sent(void *arg, const uint8_t xid[LMISF_XID_LEN],
		 enum x2x3_pdu_type type, size_t bytes, uint64_t ts_ns)
{
	pl_delivered(arg, xid, type, bytes, ts_ns);
}

int layers_attach(struct pipeline *pl, const struct lm_config *cfg,
		  struct loop *l, struct deliver **dout, char *err,
		  size_t errlen)
{
	struct pl_deliver_ops ops;
	struct pl_consumer c;
	struct ims_config ic;
	struct deliver *d;

	if (dout)
		*dout = NULL;
	layers_ims_config(cfg, &ic);
	if (!ims_new(&ic, pl_services(pl), &c)) {
		snprintf(err, errlen, "IMS layer: out of memory");
		return -ENOMEM;
	}
	pl_set_consumer(pl, &c);
	if (!l || !cfg->n_dests)
		return 0;
	d = deliver_new(l, cfg, NULL, sent, pl, err, errlen);
	if (!d)
		return -EINVAL;
	ops = deliver_ops(d);
	pl_set_delivery(pl, &ops);
	if (dout)
		*dout = d;
	return 0;
}
