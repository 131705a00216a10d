// SPDX-License-Identifier: GPL-2.0
/*
 * lixer_fast.c - the LI_XER decoder's straight path (lixer_int.h).
 *
 * Why: the generic walk reads a record as a sequence of TLVs of unknown
 * tags, dispatching each through a callback, which costs about 2800
 * instructions for a registration an IEF sends: most of an ICF's ingest.
 * Here each component is expected at its place, by its identifier octet,
 * so a record costs a few hundred. It only says yes to what the walk
 * accepts, with the same result (tests/test_lixer_fast.c holds the two
 * side by side over every one-octet change and truncation); at the first
 * surprise it says no and the walk starts over, so every error and its
 * message remain the walk's.
 */
#include <string.h>

#include "lixer_int.h"

/* A span of the input: a record, or one constructed value's content. */
struct span {
	const uint8_t *p, *end;
};

/*
 * take - the TLV at @c if its identifier octet is @id and its definite
 * length (short form, or long form of one or two octets) fits: its
 * content in @v, and @c moves past it.
 */
static inline bool take(struct span *c, uint8_t id, struct span *v)
{
	const uint8_t *p = c->p;
	size_t avail = (size_t)(c->end - p), len, h = 2;

	if (avail < 2 || p[0] != id)
		return false;
	len = p[1];
	if (len & 0x80) {
		if (len == 0x81 && avail >= 3) {
			len = p[2];
			h = 3;
		} else if (len == 0x82 && avail >= 4) {
			len = (size_t)p[2] << 8 | p[3];
			h = 4;
		} else {
			return false;
		}
	}
	if (len > avail - h)
		return false;
	v->p = p + h;
	v->end = v->p + len;
	c->p = v->end;
	return true;
}

static inline size_t span_len(const struct span *v)
{
	return (size_t)(v->end - v->p);
}

/* A primitive of exactly @n octets, copied to @out. */
static inline bool take_fixed(struct span *c, uint8_t id, uint8_t *out,
			      size_t n)
{
	struct span v;

	if (!take(c, id, &v) || span_len(&v) != n)
		return false;
	memcpy(out, v.p, n);
	return true;
}

static inline bool take_time(struct span *c, uint8_t id, int64_t *ns)
{
	struct span v;

	return take(c, id, &v) && ber_gtime_quick(v.p, span_len(&v), ns);
}

/*
 * A tagged CHOICE of strings (explicit: the outer [n] holds exactly one
 * primitive [k], 1 <= k <= @n): the alternative's number, or 0.
 */
static inline unsigned int take_choice(struct span *c, uint8_t id,
				       const struct lixer_alt *alt,
				       unsigned int n, struct lixer_bytes *b)
{
	struct span o, v;
	unsigned int k;
	size_t len;

	if (!take(c, id, &o) || o.p == o.end)
		return 0;
	k = (unsigned int)o.p[0] - BER_CONTEXT;
	if (k < 1 || k > n || !take(&o, o.p[0], &v) || o.p != o.end)
		return 0;
	len = span_len(&v);
	if (len < alt[k].min || len > alt[k].max ||
	    (alt[k].digits && !lm_all_digits(v.p, len)))
		return 0;
	b->ptr = v.p;
	b->len = len;
	return k;
}

/* NCGI: pLMNID [1] of 3 octets, nCI [2] a BIT STRING of 36 bits. */
static inline bool take_ncgi(struct span *c, uint8_t id, struct lixer_ncgi *n)
{
	struct span o, v;
	uint64_t nci = 0;

	if (!take(c, id, &o) || !take_fixed(&o, 0x81, n->plmn, 3) ||
	    !take(&o, 0x82, &v) || span_len(&v) != 6 || v.p[0] != 4)
		return false;
	for (int i = 1; i <= 5; i++)
		nci = nci << 8 | v.p[i];
	n->nci = nci >> 4;
	/* What follows [2] the walk does not read either (extensions). */
	return true;
}

/* SUPI [1], 5G-GUTI [2], timestamp [3]: both records start so. */
static inline bool take_head(struct span *c, struct lixer_supi *supi,
			     uint8_t *guti, int64_t *ts)
{
	supi->kind =
		take_choice(c, 0xa1, LIXER_SUPI_ALT, LIXER_SUPI_ALTS, &supi->v);
	return supi->kind && take_fixed(c, 0x82, guti, LIXER_GUTI_LEN) &&
	       take_time(c, 0x83, ts);
}

/*
 * Every presence flag and count is written, the component there or not:
 * the message is not cleared first (lixer.h: what a decoded message
 * holds).
 */
static bool take_assoc(struct span *c, struct lixer_assoc *a)
{
	struct span v;

	if (!take_head(c, &a->supi, a->guti, &a->timestamp_ns) ||
	    !take_fixed(c, 0x84, a->tai, LIXER_TAI_LEN) ||
	    !take_ncgi(c, 0xa5, &a->ncgi) ||
	    !take_time(c, 0x86, &a->ncgi_time_ns))
		return false;
	a->suci.len = 0;
	if (take(c, 0x87, &v)) {
		if (span_len(&v) < LIXER_SUCI_MIN ||
		    span_len(&v) > LIXER_SUCI_MAX)
			return false;
		a->suci.ptr = v.p;
		a->suci.len = span_len(&v);
	}
	a->pei.kind = LIXER_PEI_NONE;
	if (c->p < c->end && c->p[0] == 0xa8) {
		a->pei.kind = take_choice(c, 0xa8, LIXER_PEI_ALT,
					  LIXER_PEI_ALTS, &a->pei.v);
		if (!a->pei.kind)
			return false;
	}
	a->has_tai_list = false;
	a->n_tais = 0;
	if (take(c, 0xa9, &v)) {
		a->has_tai_list = true;
		while (v.p < v.end) {
			if (a->n_tais >= LIXER_MAX_TAIS ||
			    !take_fixed(&v, 0x04, a->tai_list[a->n_tais],
					LIXER_TAI_LEN))
				return false;
			a->n_tais++;
		}
	}
	a->gpsi.kind = LIXER_GPSI_NONE;
	if (c->p < c->end && c->p[0] == 0xaa) {
		a->gpsi.kind = take_choice(c, 0xaa, LIXER_GPSI_ALT,
					   LIXER_GPSI_ALTS, &a->gpsi.v);
		if (!a->gpsi.kind)
			return false;
	}
	a->has_additional_cgis = false;
	a->n_add_ncgis = 0;
	/* Additional CGIs [11] or extension additions: the walk's. */
	return c->p == c->end;
}

static bool take_deassoc(struct span *c, struct lixer_deassoc *d)
{
	d->has_additional_cgis = false;
	d->n_add_ncgis = 0;
	return take_head(c, &d->supi, d->guti, &d->timestamp_ns) &&
	       take_ncgi(c, 0xa4, &d->ncgi) &&
	       take_time(c, 0x85, &d->ncgi_time_ns) && c->p == c->end;
}

bool lixer_decode_fast(const uint8_t *buf, size_t len, struct lixer_msg *m)
{
	struct span top = { buf, buf + len }, msg, oid, choice, rec;
	uint8_t kind;

	/* One SEQUENCE, all of the buffer: OID [1], then only record [2]. */
	if (!take(&top, 0x30, &msg) || top.p != top.end ||
	    !take(&msg, 0x81, &oid) || span_len(&oid) != LIXER_OID_ARCS ||
	    memcmp(oid.p, LIXER_OID_BER, LIXER_OID_ARCS) ||
	    !take(&msg, 0xa2, &choice) || msg.p != msg.end ||
	    choice.p == choice.end)
		return false;
	/* The record [2] is a CHOICE: one alternative, constructed. */
	kind = choice.p[0];
	if ((kind != 0xa1 && kind != 0xa2) || !take(&choice, kind, &rec) ||
	    choice.p != choice.end)
		return false;
	m->kind = kind & 0x1f;
	m->decoded = true; /* meaningful only when we return true */
	return m->kind == LIXER_ASSOCIATION ? take_assoc(&rec, &m->assoc) :
					      take_deassoc(&rec, &m->deassoc);
}
