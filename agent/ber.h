/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ber.h - a small ASN.1 BER codec (X.690) shared by the xIRI encoder
 * (TS 33.128 TS33128Payloads) and the LI_XER codec
 * (TS33128IdentityAssociation).
 *
 * Encoder: appends to a growable buffer, definite lengths only (minimal
 * short/long form), constructed values are opened with ber_begin() and
 * closed with ber_end(), which back-patches the length. Errors are
 * sticky: after the first failure every call is a no-op and
 * ber_enc_error() reports it, so builders check once at the end.
 *
 * Decoder: a zero-copy TLV reader over a caller-owned buffer. Every read
 * is bounds-checked; values point into the buffer. Failures return a
 * negative BER_E* code and fill a struct ber_error (code, offset of the
 * offending TLV, human-readable message).
 *
 * Tagged CHOICE rule (X.680 31.2.7): in a module with IMPLICIT TAGS a
 * tag on a CHOICE type is nevertheless EXPLICIT, because a CHOICE has no
 * tag of its own to replace. "supi [1] SUPI" with SUPI ::= CHOICE
 * { iMSI [1] ..., nAI [2] ... } is therefore encoded as a constructed
 * [1] whose content is the chosen alternative with its own tag:
 *     a1 0a 81 08 3x 3x ...        (not 81 08 ...)
 * Callers use ber_begin()/ber_end() for the outer tag. Every other
 * tagged type is implicit: the context tag replaces the universal one
 * (primitive stays primitive, SEQUENCE becomes constructed [n]).
 */
#ifndef LMISF_BER_H
#define LMISF_BER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "digits.h"

/* Tag classes, as they appear in bits 8-7 of the identifier octet. */
#define BER_UNIVERSAL 0x00
#define BER_APPLICATION 0x40
#define BER_CONTEXT 0x80
#define BER_PRIVATE 0xc0

/* Universal tag numbers used here. */
#define BER_TAG_BOOLEAN 1
#define BER_TAG_INTEGER 2
#define BER_TAG_BIT_STRING 3
#define BER_TAG_OCTET_STRING 4
#define BER_TAG_NULL 5
#define BER_TAG_ENUMERATED 10
#define BER_TAG_UTF8STRING 12
#define BER_TAG_RELATIVE_OID 13
#define BER_TAG_SEQUENCE 16
#define BER_TAG_NUMERICSTRING 18
#define BER_TAG_GENERALIZEDTIME 24

/* Largest tag number accepted or produced (fits 4 base-128 octets). */
#define BER_TAG_MAX 0x0fffffffu
/* Default and hard limits on a single value's length. */
#define BER_LEN_MAX_DEFAULT (1u << 20)
/* Nesting depth of an encoder's open constructed values. */
#define BER_ENC_DEPTH 24
/* Longest RELATIVE-OID handled (arcs). */
#define BER_OID_MAX_ARCS 16

enum ber_errcode {
	BER_OK = 0,
	BER_ETRUNC, /* input ends inside a TLV */
	BER_EINDEF, /* indefinite length where not allowed */
	BER_ELENLONG, /* length field longer than 4 octets */
	BER_ELENNONMIN, /* non-minimal length (strict mode only) */
	BER_ELIMIT, /* length exceeds the reader's limit */
	BER_ETAG, /* unexpected tag */
	BER_ETAGENC, /* badly encoded identifier octets */
	BER_EINTNONMIN, /* INTEGER/ENUMERATED not minimally encoded */
	BER_EINTRANGE, /* INTEGER too large or outside the allowed range */
	BER_EVALUE, /* malformed value (BOOLEAN, time, digits, sizes...) */
	BER_EOID, /* malformed or unexpected RELATIVE-OID */
	BER_ETRAILING, /* bytes left over after the value */
	BER_EMISSING, /* mandatory component absent */
	BER_EUNKNOWN, /* unknown CHOICE alternative */
	BER_ENOMEM, /* encoder allocation failed */
	BER_EDEPTH, /* nesting too deep / ber_end() without ber_begin() */
	BER_EINVAL, /* bad argument to an encoder function */
	BER_ECOUNT, /* more elements than the C structure holds */
	BER_NERR
};

/** ber_strerror - short constant text for an enum ber_errcode. */
const char *ber_strerror(int code);

/*
 * struct ber_error - where and why decoding failed. @offset is relative
 * to the start of the buffer given to ber_reader_init().
 */
struct ber_error {
	int code;
	size_t offset;
	char msg[160];
};

/* No error: what a decode that succeeds leaves in @err (may be NULL). */
static inline void ber_error_clear(struct ber_error *err)
{
	if (err) {
		err->code = 0;
		err->offset = 0;
		err->msg[0] = '\0';
	}
}

/* ------------------------------------------------------------------ */
/* Encoder                                                            */
/* ------------------------------------------------------------------ */

struct ber_enc {
	uint8_t *buf;
	size_t len;
	size_t cap;
	size_t limit; /* 0: no limit on total size */
	int err; /* sticky enum ber_errcode */
	unsigned int depth;
	size_t open[BER_ENC_DEPTH]; /* offsets of the reserved length octet */
};

void ber_enc_init(struct ber_enc *e);
void ber_enc_free(struct ber_enc *e);
/* Forget the content but keep the allocation, for reuse. */
void ber_enc_reset(struct ber_enc *e);
/* 0 when every call so far succeeded and all ber_begin()s are closed. */
int ber_enc_error(const struct ber_enc *e);

/* Raw pieces, for callers that need them (and for the tests). */
void ber_put_tag(struct ber_enc *e, uint8_t cls, bool cons, uint32_t num);
void ber_put_len(struct ber_enc *e, size_t len);
void ber_put_raw(struct ber_enc *e, const void *p, size_t n);

/* Primitive TLV with arbitrary content octets. */
void ber_put_prim(struct ber_enc *e, uint8_t cls, uint32_t num, const void *val,
		  size_t len);
/* Open a constructed value; ber_end() closes the innermost one. */
void ber_begin(struct ber_enc *e, uint8_t cls, uint32_t num);
void ber_end(struct ber_enc *e);

/* Values; cls/num are the tag to use (context tag under IMPLICIT). */
void ber_put_int(struct ber_enc *e, uint8_t cls, uint32_t num, int64_t v);
void ber_put_bool(struct ber_enc *e, uint8_t cls, uint32_t num, bool v);
void ber_put_null(struct ber_enc *e, uint8_t cls, uint32_t num);
/* OCTET STRING, UTF8String, NumericString share this shape. */
void ber_put_octets(struct ber_enc *e, uint8_t cls, uint32_t num, const void *p,
		    size_t len);
void ber_put_str(struct ber_enc *e, uint8_t cls, uint32_t num, const char *s);
/* @nbits bits taken MSB-first from @bits; padding bits written as 0. */
void ber_put_bits(struct ber_enc *e, uint8_t cls, uint32_t num,
		  const uint8_t *bits, size_t nbits);
/* UTC "YYYYMMDDHHMMSS[.f]Z", fraction without trailing zeros. */
void ber_put_gtime(struct ber_enc *e, uint8_t cls, uint32_t num,
		   int64_t ns_since_epoch);
void ber_put_reloid(struct ber_enc *e, uint8_t cls, uint32_t num,
		    const uint32_t *arcs, size_t narcs);

/* Universal-tag conveniences. */
#define ber_put_enum(e, cls, num, v) ber_put_int(e, cls, num, v)

/* ------------------------------------------------------------------ */
/* Decoder                                                            */
/* ------------------------------------------------------------------ */

struct ber_tlv {
	uint8_t cls; /* BER_CONTEXT, ... */
	bool cons; /* constructed */
	uint32_t num; /* tag number */
	const uint8_t *val; /* content octets (inside the buffer) */
	size_t len; /* content length */
	size_t off; /* offset of the identifier octet */
};

/* Reader flags. */
#define BER_RD_STRICT_LEN 0x1 /* also refuse non-minimal lengths (DER) */

struct ber_reader {
	const uint8_t *base; /* start of the outermost buffer (offsets) */
	const uint8_t *p;
	const uint8_t *end;
	size_t max_len; /* largest acceptable content length */
	unsigned int flags;
	struct ber_error *err;
};

/*
 * ber_reader_init - read @len bytes at @buf. @max_len 0 means
 * BER_LEN_MAX_DEFAULT. @err receives failures (may be NULL).
 */
void ber_reader_init(struct ber_reader *r, const void *buf, size_t len,
		     size_t max_len, struct ber_error *err);
/* A reader over the content of constructed @t, sharing @parent's limits. */
static inline void ber_reader_sub(struct ber_reader *sub,
				  const struct ber_reader *parent,
				  const struct ber_tlv *t)
{
	*sub = *parent;
	sub->p = t->val;
	sub->end = t->val + t->len;
}

static inline bool ber_reader_done(const struct ber_reader *r)
{
	return r->p >= r->end;
}

/*
 * ber_tlv_at - the TLV at the reader's position, *@next just past it;
 * the reader does not move. Inline for what nearly every TLV of a record
 * is, a tag number below 31 with a short-form length that fits; the rest,
 * and every failure, in ber_tlv_slow().
 */
int ber_tlv_slow(const struct ber_reader *r, struct ber_tlv *t,
		 const uint8_t **next);

static inline int ber_tlv_at(const struct ber_reader *r, struct ber_tlv *t,
			     const uint8_t **next)
{
	const uint8_t *p = r->p;
	size_t avail = (size_t)(r->end - p);

	if (avail >= 2 && (p[0] & 0x1f) != 0x1f && p[1] < 0x80 &&
	    p[1] <= avail - 2 && p[1] <= r->max_len) {
		t->cls = p[0] & 0xc0;
		t->cons = p[0] & 0x20;
		t->num = p[0] & 0x1f;
		t->len = p[1];
		t->val = p + 2;
		t->off = (size_t)(p - r->base);
		*next = p + 2 + p[1];
		return 0;
	}
	return ber_tlv_slow(r, t, next);
}

/* Read the next TLV (definite length only). 0 or -BER_E*. */
static inline int ber_read(struct ber_reader *r, struct ber_tlv *t)
{
	const uint8_t *next;
	int rc = ber_tlv_at(r, t, &next);

	if (!rc)
		r->p = next;
	return rc;
}

/* As ber_read() without advancing. */
int ber_peek(const struct ber_reader *r, struct ber_tlv *t);

/* BER_ETAG for @t where [@num] of @cls, constructed or not, was expected. */
int ber_tag_mismatch(struct ber_reader *r, const struct ber_tlv *t, uint8_t cls,
		     bool cons, uint32_t num);

/* Read the next TLV and require class/constructed/number. */
static inline int ber_expect(struct ber_reader *r, struct ber_tlv *t,
			     uint8_t cls, bool cons, uint32_t num)
{
	const uint8_t *next;
	/* One parse of the header: consumed only when it is the one expected. */
	int rc = ber_tlv_at(r, t, &next);

	if (rc)
		return rc;
	if (t->cls != cls || t->cons != cons || t->num != num)
		return ber_tag_mismatch(r, t, cls, cons, num);
	r->p = next;
	return 0;
}
int ber_fail_trailing(struct ber_reader *r);
/* Fail with BER_ETRAILING unless everything was consumed. */
static inline int ber_expect_end(struct ber_reader *r)
{
	return r->p < r->end ? ber_fail_trailing(r) : 0;
}
/* True if the next TLV has this tag (false at end or on error). */
bool ber_next_is(const struct ber_reader *r, uint8_t cls, bool cons,
		 uint32_t num);

/*
 * ber_header - parse identifier and length octets at @p. Returns the
 * number of header octets (>0), 0 when more input is needed, or
 * -BER_E*. Used by stream framers, which must know a record's size
 * before it is complete.
 */
int ber_header(const uint8_t *p, size_t avail, struct ber_tlv *t,
	       unsigned int flags);

/* Value getters; all check primitive form and content, report via @r. */
int ber_get_int(struct ber_reader *r, const struct ber_tlv *t, int64_t *v);
int ber_get_int_range(struct ber_reader *r, const struct ber_tlv *t,
		      int64_t min, int64_t max, int64_t *v);
int ber_get_bool(struct ber_reader *r, const struct ber_tlv *t, bool *v);
int ber_get_null(struct ber_reader *r, const struct ber_tlv *t);
int ber_fail_octets(struct ber_reader *r, const struct ber_tlv *t, size_t min,
		    size_t max);
int ber_fail_digits(struct ber_reader *r, const struct ber_tlv *t);

/* Primitive content with a size range (OCTET STRING, UTF8String...). */
static inline int ber_get_octets(struct ber_reader *r, const struct ber_tlv *t,
				 size_t min, size_t max)
{
	if (t->cons || t->len < min || t->len > max)
		return ber_fail_octets(r, t, min, max);
	return 0;
}

/* As ber_get_octets() and every octet an ASCII digit (NumericString
 * without spaces, as every 3GPP digit string is). */
static inline int ber_get_digits(struct ber_reader *r, const struct ber_tlv *t,
				 size_t min, size_t max)
{
	int rc = ber_get_octets(r, t, min, max);

	if (!rc && !lm_all_digits(t->val, t->len))
		rc = ber_fail_digits(r, t);
	return rc;
}

/* BIT STRING: copies the bits to @out (MSB first), padding cleared. */
int ber_get_bits(struct ber_reader *r, const struct ber_tlv *t, uint8_t *out,
		 size_t out_size, size_t *nbits);
/* GeneralizedTime "YYYYMMDDHH[MM[SS[.f]]](Z|+-hhmm)" to ns since epoch. */
int ber_get_gtime(struct ber_reader *r, const struct ber_tlv *t, int64_t *ns);
/*
 * ber_gtime_quick - the content octets of the form records carry,
 * "YYYYMMDDHHMMSS[.f]Z" with 1-9 fraction digits, read in a few dozen
 * instructions: true and *@ns as ber_get_gtime() gives it, or false for
 * anything else, which only ber_get_gtime() can judge and explain. It
 * keeps the last valid minute it read (per thread) and skips the
 * calendar when the next time is in the same minute; the result is the
 * same either way.
 */
bool ber_gtime_quick(const uint8_t *p, size_t n, int64_t *ns);
int ber_get_reloid(struct ber_reader *r, const struct ber_tlv *t,
		   uint32_t *arcs, size_t max_arcs, size_t *narcs);

/* Record a failure at @t (or the reader position) with a message. */
int ber_fail(struct ber_reader *r, const struct ber_tlv *t, int code,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * ber_seq_walk - walk SEQUENCE @seq whose components are context-tagged
 * with strictly increasing numbers. @fn handles each component numbered
 * up to @known_max; higher numbers are extension additions and skipped
 * (EXTENSIBILITY IMPLIED); a repeated or out-of-order tag is an error.
 * @mandatory has bit n set for each component [n] that must be present
 * (n < 32). @what names the type in error messages.
 */
typedef int (*ber_field_fn)(struct ber_reader *r, const struct ber_tlv *t,
			    void *ctx);
/*
 * Why a walk failed, for the message: @t is @seq when @miss has the
 * absent mandatory components, else the component that broke the order.
 */
int ber_seq_fail(struct ber_reader *r, const struct ber_tlv *seq,
		 const struct ber_tlv *t, uint32_t miss, const char *what);

/* Inline, so that a constant @fn becomes a direct (or inlined) call. */
static inline int ber_seq_walk(struct ber_reader *r, const struct ber_tlv *seq,
			       uint32_t known_max, uint32_t mandatory,
			       ber_field_fn fn, void *ctx, const char *what)
{
	struct ber_reader in;
	struct ber_tlv t;
	uint32_t seen = 0, last = 0;
	int rc;

	if (!seq->cons)
		return ber_seq_fail(r, seq, seq, 0, what);
	ber_reader_sub(&in, r, seq);
	while (!ber_reader_done(&in)) {
		rc = ber_read(&in, &t);
		if (rc)
			return rc;
		if (t.cls != BER_CONTEXT || t.num <= last)
			return ber_seq_fail(r, seq, &t, 0, what);
		last = t.num;
		if (t.num > known_max)
			continue;
		seen |= 1u << t.num;
		rc = fn(r, &t, ctx);
		if (rc)
			return rc;
	}
	if ((seen & mandatory) != mandatory)
		return ber_seq_fail(r, seq, seq, mandatory & ~seen, what);
	return 0;
}
/*
 * ber_expect_extensions - what is left in @r must be well-formed
 * context-tagged components numbered above @last, in ascending order
 * (extension additions we do not know): they are skipped, anything else
 * is an error.
 */
int ber_expect_extensions(struct ber_reader *r, uint32_t last);
/* BER_ETAG unless @t's constructed bit is @cons. */
int ber_need_cons(struct ber_reader *r, const struct ber_tlv *t, bool cons);

/* Civil time helpers shared with the record codecs and tests. */
int64_t ber_days_from_civil(int64_t y, unsigned int m, unsigned int d);

#endif /* LMISF_BER_H */
