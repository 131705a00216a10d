// SPDX-License-Identifier: GPL-2.0
/*
 * ber.c - ASN.1 BER encoder and error texts (see ber.h); the reader is
 * in ber_decode.c.
 */
#include <stdlib.h>
#include <string.h>

#include "ber.h"

static const char *const ber_errstr[BER_NERR] = {
	[BER_OK] = "ok",
	[BER_ETRUNC] = "truncated",
	[BER_EINDEF] = "indefinite length not allowed",
	[BER_ELENLONG] = "length field too long",
	[BER_ELENNONMIN] = "non-minimal length",
	[BER_ELIMIT] = "length over limit",
	[BER_ETAG] = "unexpected tag",
	[BER_ETAGENC] = "malformed tag",
	[BER_EINTNONMIN] = "non-minimal integer",
	[BER_EINTRANGE] = "integer out of range",
	[BER_EVALUE] = "malformed value",
	[BER_EOID] = "bad object identifier",
	[BER_ETRAILING] = "trailing data",
	[BER_EMISSING] = "mandatory component missing",
	[BER_EUNKNOWN] = "unknown alternative",
	[BER_ENOMEM] = "out of memory",
	[BER_EDEPTH] = "bad nesting",
	[BER_EINVAL] = "invalid argument",
	[BER_ECOUNT] = "too many elements",
};

const char *ber_strerror(int code)
{
	if (code < 0)
		code = -code;
	if (code >= BER_NERR)
		return "unknown error";
	return ber_errstr[code];
}

/* ------------------------------------------------------------------ */
/* Encoder                                                            */
/* ------------------------------------------------------------------ */

void ber_enc_init(struct ber_enc *e)
{
	memset(e, 0, sizeof(*e));
}

void ber_enc_free(struct ber_enc *e)
{
	free(e->buf);
	memset(e, 0, sizeof(*e));
}

void ber_enc_reset(struct ber_enc *e)
{
	e->len = 0;
	e->err = 0;
	e->depth = 0;
}

int ber_enc_error(const struct ber_enc *e)
{
	if (e->err)
		return -e->err;
	return e->depth ? -BER_EDEPTH : 0;
}

static bool enc_reserve(struct ber_enc *e, size_t n)
{
	size_t want, cap;
	uint8_t *nb;

	if (e->err)
		return false;
	if (n > SIZE_MAX / 2 - e->len) {
		e->err = BER_ENOMEM;
		return false;
	}
	want = e->len + n;
	if (e->limit && want > e->limit) {
		e->err = BER_ELIMIT;
		return false;
	}
	if (want <= e->cap)
		return true;
	cap = e->cap ? e->cap : 256;
	while (cap < want)
		cap *= 2;
	nb = realloc(e->buf, cap);
	if (!nb) {
		e->err = BER_ENOMEM;
		return false;
	}
	e->buf = nb;
	e->cap = cap;
	return true;
}

void ber_put_raw(struct ber_enc *e, const void *p, size_t n)
{
	if (!enc_reserve(e, n))
		return;
	if (n)
		memcpy(e->buf + e->len, p, n);
	e->len += n;
}

static void put_byte(struct ber_enc *e, uint8_t b)
{
	ber_put_raw(e, &b, 1);
}

void ber_put_tag(struct ber_enc *e, uint8_t cls, bool cons, uint32_t num)
{
	uint8_t id = (cls & 0xc0) | (cons ? 0x20 : 0);
	uint8_t tmp[5];
	int n = 0, i;

	if (e->err)
		return;
	if (num > BER_TAG_MAX) {
		e->err = BER_EINVAL;
		return;
	}
	if (num < 31) {
		put_byte(e, id | num);
		return;
	}
	/* High-tag-number form: base 128, most significant group first. */
	do {
		tmp[n++] = num & 0x7f;
		num >>= 7;
	} while (num);
	put_byte(e, id | 0x1f);
	for (i = n - 1; i >= 0; i--)
		put_byte(e, tmp[i] | (i ? 0x80 : 0));
}

/* Minimal definite length octets for @len into @out; returns count. */
static int len_octets(size_t len, uint8_t out[9])
{
	uint8_t tmp[8];
	int n = 0, i;

	if (len < 0x80) {
		out[0] = len;
		return 1;
	}
	while (len) {
		tmp[n++] = len & 0xff;
		len >>= 8;
	}
	out[0] = 0x80 | n;
	for (i = 0; i < n; i++)
		out[1 + i] = tmp[n - 1 - i];
	return n + 1;
}

void ber_put_len(struct ber_enc *e, size_t len)
{
	uint8_t o[9];

	ber_put_raw(e, o, len_octets(len, o));
}

void ber_put_prim(struct ber_enc *e, uint8_t cls, uint32_t num, const void *val,
		  size_t len)
{
	ber_put_tag(e, cls, false, num);
	ber_put_len(e, len);
	ber_put_raw(e, val, len);
}

void ber_begin(struct ber_enc *e, uint8_t cls, uint32_t num)
{
	ber_put_tag(e, cls, true, num);
	if (e->err)
		return;
	if (e->depth >= BER_ENC_DEPTH) {
		e->err = BER_EDEPTH;
		return;
	}
	/* One length octet reserved; ber_end() widens it if needed. */
	e->open[e->depth++] = e->len;
	put_byte(e, 0);
}

void ber_end(struct ber_enc *e)
{
	size_t at, clen;
	uint8_t o[9];
	int n;

	if (e->err)
		return;
	if (!e->depth) {
		e->err = BER_EDEPTH;
		return;
	}
	at = e->open[--e->depth];
	clen = e->len - at - 1;
	n = len_octets(clen, o);
	if (n > 1) {
		if (!enc_reserve(e, n - 1))
			return;
		memmove(e->buf + at + n, e->buf + at + 1, clen);
		e->len += n - 1;
	}
	memcpy(e->buf + at, o, n);
}

void ber_put_int(struct ber_enc *e, uint8_t cls, uint32_t num, int64_t v)
{
	uint8_t o[8];
	int n = 8, i;
	uint64_t u = (uint64_t)v;

	for (i = 7; i >= 0; i--) {
		o[i] = u & 0xff;
		u >>= 8;
	}
	/* Drop leading octets that only repeat the sign (X.690 8.3.2). */
	i = 0;
	while (n - i > 1 && ((o[i] == 0x00 && !(o[i + 1] & 0x80)) ||
			     (o[i] == 0xff && (o[i + 1] & 0x80))))
		i++;
	ber_put_prim(e, cls, num, o + i, n - i);
}

void ber_put_bool(struct ber_enc *e, uint8_t cls, uint32_t num, bool v)
{
	uint8_t b = v ? 0xff : 0x00;

	ber_put_prim(e, cls, num, &b, 1);
}

void ber_put_null(struct ber_enc *e, uint8_t cls, uint32_t num)
{
	ber_put_prim(e, cls, num, NULL, 0);
}

void ber_put_octets(struct ber_enc *e, uint8_t cls, uint32_t num, const void *p,
		    size_t len)
{
	if (len && !p) {
		if (!e->err)
			e->err = BER_EINVAL;
		return;
	}
	ber_put_prim(e, cls, num, p, len);
}

void ber_put_str(struct ber_enc *e, uint8_t cls, uint32_t num, const char *s)
{
	ber_put_octets(e, cls, num, s, s ? strlen(s) : 0);
}

void ber_put_bits(struct ber_enc *e, uint8_t cls, uint32_t num,
		  const uint8_t *bits, size_t nbits)
{
	size_t nbytes = (nbits + 7) / 8;
	unsigned int unused = nbytes * 8 - nbits;

	if (nbits > SIZE_MAX - 7 || (nbytes && !bits)) {
		if (!e->err)
			e->err = BER_EINVAL;
		return;
	}
	ber_put_tag(e, cls, false, num);
	ber_put_len(e, nbytes + 1);
	put_byte(e, unused);
	if (!nbytes)
		return;
	ber_put_raw(e, bits, nbytes - 1);
	put_byte(e, bits[nbytes - 1] & (uint8_t)(0xff << unused));
}

int64_t ber_days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	/* Howard Hinnant's days_from_civil, proleptic Gregorian. */
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned int *m,
			    unsigned int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* @n decimal digits of @v, zero-padded, at @p. */
static char *put_digits(char *p, unsigned long v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = '0' + v % 10;
		v /= 10;
	}
	return p + n;
}

void ber_put_gtime(struct ber_enc *e, uint8_t cls, uint32_t num,
		   int64_t ns_since_epoch)
{
	int64_t secs = ns_since_epoch / 1000000000;
	int64_t frac = ns_since_epoch % 1000000000;
	int64_t days, sod, y;
	unsigned int m, d;
	char s[32], *p = s;
	int digits = 9;

	if (frac < 0) {
		frac += 1000000000;
		secs--;
	}
	days = secs / 86400;
	sod = secs % 86400;
	if (sod < 0) {
		sod += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		if (!e->err)
			e->err = BER_EINVAL;
		return;
	}
	/* Hand-formatted: snprintf dominated the cost of an LI_XER record. */
	p = put_digits(p, y, 4);
	p = put_digits(p, m, 2);
	p = put_digits(p, d, 2);
	p = put_digits(p, sod / 3600, 2);
	p = put_digits(p, sod / 60 % 60, 2);
	p = put_digits(p, sod % 60, 2);
	if (frac) {
		while (frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		*p++ = '.';
		p = put_digits(p, frac, digits);
	}
	*p++ = 'Z';
	ber_put_prim(e, cls, num, s, p - s);
}

void ber_put_reloid(struct ber_enc *e, uint8_t cls, uint32_t num,
		    const uint32_t *arcs, size_t narcs)
{
	uint8_t o[BER_OID_MAX_ARCS * 5], tmp[5];
	size_t n = 0, i;
	int k, j;

	if (!narcs || narcs > BER_OID_MAX_ARCS || !arcs) {
		if (!e->err)
			e->err = BER_EINVAL;
		return;
	}
	for (i = 0; i < narcs; i++) {
		uint32_t a = arcs[i];

		k = 0;
		do {
			tmp[k++] = a & 0x7f;
			a >>= 7;
		} while (a);
		for (j = k - 1; j >= 0; j--)
			o[n++] = tmp[j] | (j ? 0x80 : 0);
	}
	ber_put_prim(e, cls, num, o, n);
}
