/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lixer_int.h - inside the LI_XER decoder: its two paths, each callable
 * alone so that the tests can hold them side by side, and the value
 * constraints they share.
 */
#ifndef LMISF_LIXER_INT_H
#define LMISF_LIXER_INT_H

#include "lixer.h"

#define LIXER_SUCI_MIN 8
#define LIXER_SUCI_MAX 3008
/* RFC 7542: a NAI fits 253 octets; allow some slack, refuse absurd. */
#define LIXER_NAI_MAX 1024

/* iEFRecordOID's content octets: every arc below 128 takes one. */
extern const uint8_t LIXER_OID_BER[LIXER_OID_ARCS];

/* One alternative of a CHOICE of strings: its size, digits or octets. */
struct lixer_alt {
	uint16_t min, max;
	bool digits;
};

/* SUPI, PEI and GPSI, indexed by the alternative's tag number. */
#define LIXER_SUPI_ALTS 2
#define LIXER_PEI_ALTS 4
#define LIXER_GPSI_ALTS 2
extern const struct lixer_alt LIXER_SUPI_ALT[LIXER_SUPI_ALTS + 1];
extern const struct lixer_alt LIXER_PEI_ALT[LIXER_PEI_ALTS + 1];
extern const struct lixer_alt LIXER_GPSI_ALT[LIXER_GPSI_ALTS + 1];

/*
 * lixer_decode_walk - the generic decoder: every BER form the module
 * allows, every check, the error and its message. lixer_decode() is the
 * fast path, then this when the fast path declines.
 */
int lixer_decode_walk(const uint8_t *buf, size_t len, struct lixer_msg *m,
		      struct ber_error *err);

/*
 * lixer_decode_fast - association and deassociation records in the shape
 * IEFs send them (every component in tag order, short or one- and
 * two-octet long-form lengths, no additional CGIs, no extension
 * additions, times as "YYYYMMDDHHMMSS[.f]Z"), read straight through.
 * true: @m holds what lixer_decode_walk() gives for these bytes in every
 * member lixer.h defines of a decoded message (lixer_msg_same(); the
 * walk clears the rest as well); false: anything else, valid or not,
 * which is the walk's to decode or explain (@m is then undefined).
 */
bool lixer_decode_fast(const uint8_t *buf, size_t len, struct lixer_msg *m);

#endif /* LMISF_LIXER_INT_H */
