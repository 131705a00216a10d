/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layers lmisfd puts on the pipeline (pipeline.h): the IMS layer
 * (ims.h) as the consumer, configured from [ims] and [delivery], and, live,
 * X2/X3 delivery (deliver.h) to the configured destinations on the loop.
 */
#ifndef LMISF_LAYERS_H
#define LMISF_LAYERS_H

#include <stddef.h>

#include "config.h"
#include "loop.h"
#include "pipeline_core.h"

/* The IMS layer's settings from the configuration. */
struct ims_config;
void layers_ims_config(const struct lm_config *cfg, struct ims_config *ic);

/*
 * layers_attach - register the IMS layer and (with @l and at least one
 * destination) delivery on @pl. Without delivery, records are built and
 * counted as undeliverable, never faked. @d (may be NULL) gets the
 * delivery, owned by @pl, or NULL. 0, or -errno with @err set.
 */
struct deliver;
int layers_attach(struct pipeline *pl, const struct lm_config *cfg,
		  struct loop *l, struct deliver **d, char *err, size_t errlen);

#endif /* LMISF_LAYERS_H */
