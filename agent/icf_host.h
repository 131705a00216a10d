/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lmisfd's ICF/IQF as configured in [icf]: the cache, its persistence,
 * the LI_XER listener and the IQF query server, all on the event loop.
 */
#ifndef LMISF_ICF_HOST_H
#define LMISF_ICF_HOST_H

#include <stddef.h>

#include "config.h"
#include "loop.h"

struct icf_host;

/* NULL with the reason in @err. Only call with cfg->icf.enabled. */
struct icf_host *icf_host_new(const struct lm_config *cfg, struct loop *l,
			      char *err, size_t errlen);
void icf_host_free(struct icf_host *h);
/* Appends " icf_name=value ..." counters to @buf. */
size_t icf_host_stats(const struct icf_host *h, char *buf, size_t size);

#endif /* LMISF_ICF_HOST_H */
