/* SPDX-License-Identifier: GPL-2.0 */
/* Decoded LI_XER records (lixer.h) applied to the ICF cache (icf.h). */
#ifndef LMISF_ICF_LIXER_H
#define LMISF_ICF_LIXER_H

#include "icf.h"
#include "lixer.h"

/*
 * icf_apply_lixer - apply an association or deassociation record.
 * Keepalives are not records for the cache: ICF_INVALID.
 */
enum icf_ingest_result icf_apply_lixer(struct icf *c,
				       const struct lixer_msg *m);

/* icf_prefetch() for a decoded record (no-op for keepalives). */
void icf_prefetch_lixer(const struct icf *c, const struct lixer_msg *m,
			int stage);

/* NCGI of the record, in the cache's 8-octet form. */
void icf_ncgi_from_lixer(const struct lixer_ncgi *n, uint8_t out[ICF_NCGI_LEN]);

#endif /* LMISF_ICF_LIXER_H */
