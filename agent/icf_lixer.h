/* SPDX-License-Identifier: GPL-2.0 */
/* Decoded LI_XER records (lixer.h) applied to the ICF cache (icf.h). */
#ifndef LMISF_ICF_LIXER_H
#define LMISF_ICF_LIXER_H

#include "icf.h"
#include "lixer.h"

/*
 * icf_apply_lixer - apply an association or deassociation record.
 * Keepalives are not records for the cache: ICF_INVALID. What the decoder
 * checked is not checked again when @m->decoded says lixer_decode() made
 * it (icf_associate_decoded()); a record built by hand is fully checked.
 */
enum icf_ingest_result icf_apply_lixer(struct icf *c,
				       const struct lixer_msg *m);

/*
 * icf_apply_lixer_batch - apply @n decoded records in order (results in
 * @res), as icf_apply_lixer() would one by one. The index slots of all of
 * them are prefetched first, then their SUPI records: a batch has many
 * cache misses in flight instead of one at a time. Each record is turned
 * into the cache's event and its keys hashed once (struct icf_prep).
 * ICF_BATCH or so is enough (larger @n is taken ICF_BATCH at a time); the
 * records only have to stay valid during the call.
 */
#define ICF_BATCH 16
void icf_apply_lixer_batch(struct icf *c, const struct lixer_msg *m, size_t n,
			   enum icf_ingest_result *res);

/* NCGI of the record, in the cache's 8-octet form. */
void icf_ncgi_from_lixer(const struct lixer_ncgi *n, uint8_t out[ICF_NCGI_LEN]);

#endif /* LMISF_ICF_LIXER_H */
