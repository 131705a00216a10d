/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The value sets of the ICF: PEI, GPSI and TAI list, the values that carry
 * forward from one association of a SUPI to the next (TS 33.128 7.6.2.4).
 *
 * A value set is immutable and shared (reference-counted) by the
 * associations it applies to. Digit strings (IMEI, IMEISV, MSISDN) are
 * kept as BCD, two digits an octet. TAI lists are interned: a list is
 * stored once, however many value sets name it, since every UE of a
 * registration area gets the same one. A value set is 9 octets plus its
 * PEI and GPSI: 24 octets for an IMEI and a 12-digit MSISDN. One of up to
 * REC_VAL_SIZE octets is kept on the record pages (icf_int.h), on the page
 * of the association it was made for, so that the IQF response reads it
 * from the page it reads the association from; a longer one is a blob.
 */
#ifndef LMISF_ICF_ATTRS_H
#define LMISF_ICF_ATTRS_H

#include <stdbool.h>
#include <stdint.h>

#include "icf.h"

struct icf;

/*
 * The value set for association @id: what the record carries, the rest
 * from @base (the values in force, a handle, 0: none). Returns a new
 * reference (0: no values at all); *err is -ENOMEM when out of memory.
 * A new value set goes on @id's record page when it has room. @p: the
 * event's prefetch state, whose TAI list hash is used when set (NULL:
 * hashed here).
 */
uint32_t icf_attrs_merge(struct icf *c, uint32_t base,
			 const struct icf_assoc_event *ev, uint32_t id,
			 const struct icf_prep *p, int *err);
void icf_attrs_put(struct icf *c, uint32_t h);
/* Fills the PEI, GPSI and TAI list of @v (digits decoded into @v). */
void icf_attrs_view(const struct icf *c, uint32_t h, struct icf_view *v);
/* Whether the value set's TAI list holds @tai. */
bool icf_attrs_has_tai(const struct icf *c, uint32_t h, const uint8_t *tai);
/*
 * A batch's prefetch of the interned copy of a record's TAI list, which
 * icf_attrs_merge() looks up: its index slot at stage 1, the list at
 * stage 2 (every registration carries a list; the few thousand lists are
 * not in the cache any more after the records in between). Stage 1
 * hashes the list into @p, for stage 2 and for icf_attrs_merge() (the
 * event's @p, after icf_prefetch()'s stage 1). Stage 2 also preloads
 * the free value-set slot on the page of the SUPI record icf_prefetch()'s
 * stage 2 found, where the record's new value set will go.
 */
void icf_tais_prefetch(const struct icf *c, const uint8_t *l, size_t n,
		       struct icf_prep *p, int stage);
/* Where a batch's stage 4 prefetch goes: the value set itself. */
const void *icf_attrs_addr(const struct icf *c, uint32_t h);

#endif /* LMISF_ICF_ATTRS_H */
