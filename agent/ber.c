// SPDX-License-Identifier: GPL-2.0
/*
 * ber.c - ASN.1 BER encoder and zero-copy decoder (see ber.h).
 */
#include <stdarg.h>
#include <stdio.h>
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

void ber_put_prim(struct ber_enc *e, uint8_t cls, uint32_t num,
		  const void *val, size_t len)
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
	while (n - i > 1 &&
	       ((o[i] == 0x00 && !(o[i + 1] & 0x80)) ||
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

void ber_put_octets(struct ber_enc *e, uint8_t cls, uint32_t num,
		    const void *p, size_t len)
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

void ber_put_gtime(struct ber_enc *e, uint8_t cls, uint32_t num,
		   int64_t ns_since_epoch)
{
	int64_t secs = ns_since_epoch / 1000000000;
	int64_t frac = ns_since_epoch % 1000000000;
	int64_t days, sod, y;
	unsigned int m, d;
	char s[40], f[12];
	int n, digits = 9;

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
	n = snprintf(s, sizeof(s), "%04d%02u%02u%02d%02d%02d", (int)y, m, d,
		     (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
	if (frac) {
		while (frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		snprintf(f, sizeof(f), ".%0*d", digits, (int)frac);
		memcpy(s + n, f, strlen(f));
		n += strlen(f);
	}
	s[n++] = 'Z';
	ber_put_prim(e, cls, num, s, n);
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

/* ------------------------------------------------------------------ */
/* Decoder                                                            */
/* ------------------------------------------------------------------ */

void ber_reader_init(struct ber_reader *r, const void *buf, size_t len,
		     size_t max_len, struct ber_error *err)
{
	r->base = buf;
	r->p = buf;
	r->end = r->p + len;
	r->max_len = max_len ? max_len : BER_LEN_MAX_DEFAULT;
	r->flags = 0;
	r->err = err;
	if (err) {
		err->code = 0;
		err->offset = 0;
		err->msg[0] = '\0';
	}
}

void ber_reader_sub(struct ber_reader *sub, const struct ber_reader *parent,
		    const struct ber_tlv *t)
{
	*sub = *parent;
	sub->p = t->val;
	sub->end = t->val + t->len;
}

bool ber_reader_done(const struct ber_reader *r)
{
	return r->p >= r->end;
}

static const char *cls_name(uint8_t cls)
{
	switch (cls) {
	case BER_UNIVERSAL:
		return "UNIVERSAL ";
	case BER_APPLICATION:
		return "APPLICATION ";
	case BER_CONTEXT:
		return "";
	default:
		return "PRIVATE ";
	}
}

int ber_fail(struct ber_reader *r, const struct ber_tlv *t, int code,
	     const char *fmt, ...)
{
	struct ber_error *err = r->err;
	va_list ap;
	int n;

	if (err && !err->code) {
		err->code = code;
		err->offset = t ? t->off : (size_t)(r->p - r->base);
		n = snprintf(err->msg, sizeof(err->msg), "%s: ",
			     ber_strerror(code));
		if (n < 0 || (size_t)n >= sizeof(err->msg))
			n = 0;
		va_start(ap, fmt);
		vsnprintf(err->msg + n, sizeof(err->msg) - n, fmt, ap);
		va_end(ap);
	}
	return -code;
}

int ber_header(const uint8_t *p, size_t avail, struct ber_tlv *t,
	       unsigned int flags)
{
	size_t i = 0, len;
	uint32_t num;
	unsigned int nlen, k;

	if (avail < 1)
		return 0;
	t->cls = p[0] & 0xc0;
	t->cons = p[0] & 0x20;
	num = p[0] & 0x1f;
	i = 1;
	if (num == 0x1f) {
		num = 0;
		for (k = 0;; k++) {
			if (i >= avail)
				return 0;
			/* X.690 8.1.2.4.2 c): no leading 0x80 octet. */
			if (k == 0 && p[i] == 0x80)
				return -BER_ETAGENC;
			if (num > (BER_TAG_MAX >> 7))
				return -BER_ETAGENC;
			num = (num << 7) | (p[i] & 0x7f);
			if (!(p[i++] & 0x80))
				break;
		}
		/* Numbers below 31 must use the short form. */
		if (num < 31)
			return -BER_ETAGENC;
	}
	t->num = num;
	if (i >= avail)
		return 0;
	if (p[i] < 0x80) {
		len = p[i++];
	} else if (p[i] == 0x80) {
		return -BER_EINDEF;
	} else if (p[i] == 0xff) {
		return -BER_ELENLONG; /* reserved (X.690 8.1.3.5 c) */
	} else {
		nlen = p[i++] & 0x7f;
		if (nlen > 4)
			return -BER_ELENLONG;
		if (avail - i < nlen)
			return 0;
		len = 0;
		for (k = 0; k < nlen; k++)
			len = (len << 8) | p[i++];
		if ((flags & BER_RD_STRICT_LEN) &&
		    (len < 0x80 || (nlen > 1 && p[i - nlen] == 0)))
			return -BER_ELENNONMIN;
	}
	t->len = len;
	return i;
}

static int read_tlv(const struct ber_reader *r, struct ber_tlv *t,
		    const uint8_t **next)
{
	size_t avail = r->end - r->p;
	int h;

	t->off = r->p - r->base;
	if (!avail)
		return ber_fail((struct ber_reader *)r, t, BER_ETRUNC,
				"expected a value at the end of the data");
	h = ber_header(r->p, avail, t, r->flags);
	if (h == 0)
		return ber_fail((struct ber_reader *)r, t, BER_ETRUNC,
				"identifier/length octets cut off");
	if (h < 0)
		return ber_fail((struct ber_reader *)r, t, -h,
				"bad identifier or length octets");
	if (t->len > r->max_len)
		return ber_fail((struct ber_reader *)r, t, BER_ELIMIT,
				"%s[%u] length %zu > %zu", cls_name(t->cls),
				t->num, t->len, r->max_len);
	if (t->len > avail - h)
		return ber_fail((struct ber_reader *)r, t, BER_ETRUNC,
				"%s[%u] length %zu, only %zu octets left",
				cls_name(t->cls), t->num, t->len, avail - h);
	t->val = r->p + h;
	*next = t->val + t->len;
	return 0;
}

int ber_read(struct ber_reader *r, struct ber_tlv *t)
{
	const uint8_t *next;
	int rc = read_tlv(r, t, &next);

	if (!rc)
		r->p = next;
	return rc;
}

int ber_peek(const struct ber_reader *r, struct ber_tlv *t)
{
	const uint8_t *next;

	return read_tlv(r, t, &next);
}

bool ber_next_is(const struct ber_reader *r, uint8_t cls, bool cons,
		 uint32_t num)
{
	struct ber_tlv t;
	int h;

	if (r->p >= r->end)
		return false;
	h = ber_header(r->p, r->end - r->p, &t, r->flags);
	return h > 0 && t.cls == cls && t.cons == cons && t.num == num;
}

int ber_expect(struct ber_reader *r, struct ber_tlv *t, uint8_t cls,
	       bool cons, uint32_t num)
{
	int rc = ber_peek(r, t);

	if (rc)
		return rc;
	if (t->cls != cls || t->cons != cons || t->num != num)
		return ber_fail(r, t, BER_ETAG,
				"expected %s[%u]%s, found %s[%u]%s",
				cls_name(cls), num, cons ? " constructed" : "",
				cls_name(t->cls), t->num,
				t->cons ? " constructed" : "");
	return ber_read(r, t);
}

int ber_expect_end(struct ber_reader *r)
{
	if (r->p < r->end)
		return ber_fail(r, NULL, BER_ETRAILING,
				"%zu unexpected octets",
				(size_t)(r->end - r->p));
	return 0;
}

static int need_prim(struct ber_reader *r, const struct ber_tlv *t)
{
	if (t->cons)
		return ber_fail(r, t, BER_EVALUE,
				"[%u] must be primitive", t->num);
	return 0;
}

int ber_get_int(struct ber_reader *r, const struct ber_tlv *t, int64_t *v)
{
	uint64_t u;
	size_t i;

	if (need_prim(r, t))
		return -BER_EVALUE;
	if (!t->len)
		return ber_fail(r, t, BER_EVALUE, "[%u] empty INTEGER", t->num);
	if (t->len > 1 && ((t->val[0] == 0x00 && !(t->val[1] & 0x80)) ||
			   (t->val[0] == 0xff && (t->val[1] & 0x80))))
		return ber_fail(r, t, BER_EINTNONMIN,
				"[%u] redundant leading octet", t->num);
	if (t->len > 8)
		return ber_fail(r, t, BER_EINTRANGE,
				"[%u] %zu-octet INTEGER exceeds 64 bits",
				t->num, t->len);
	u = (t->val[0] & 0x80) ? UINT64_MAX : 0;
	for (i = 0; i < t->len; i++)
		u = (u << 8) | t->val[i];
	*v = (int64_t)u;
	return 0;
}

int ber_get_int_range(struct ber_reader *r, const struct ber_tlv *t,
		      int64_t min, int64_t max, int64_t *v)
{
	int rc = ber_get_int(r, t, v);

	if (rc)
		return rc;
	if (*v < min || *v > max)
		return ber_fail(r, t, BER_EINTRANGE,
				"[%u] value %lld outside %lld..%lld", t->num,
				(long long)*v, (long long)min, (long long)max);
	return 0;
}

int ber_get_bool(struct ber_reader *r, const struct ber_tlv *t, bool *v)
{
	if (need_prim(r, t))
		return -BER_EVALUE;
	if (t->len != 1)
		return ber_fail(r, t, BER_EVALUE,
				"[%u] BOOLEAN of %zu octets", t->num, t->len);
	*v = t->val[0] != 0;
	return 0;
}

int ber_get_null(struct ber_reader *r, const struct ber_tlv *t)
{
	if (need_prim(r, t))
		return -BER_EVALUE;
	if (t->len)
		return ber_fail(r, t, BER_EVALUE, "[%u] NULL with content",
				t->num);
	return 0;
}

int ber_get_octets(struct ber_reader *r, const struct ber_tlv *t,
		   size_t min, size_t max)
{
	/* Constructed (segmented) strings are legal BER but never sent by
	 * the peers we talk to; refusing them keeps values zero-copy. */
	if (t->cons)
		return ber_fail(r, t, BER_EVALUE,
				"[%u] constructed string not supported",
				t->num);
	if (t->len < min || t->len > max)
		return ber_fail(r, t, BER_EVALUE,
				"[%u] size %zu outside %zu..%zu", t->num,
				t->len, min, max);
	return 0;
}

int ber_get_digits(struct ber_reader *r, const struct ber_tlv *t,
		   size_t min, size_t max)
{
	size_t i;
	int rc = ber_get_octets(r, t, min, max);

	if (rc)
		return rc;
	for (i = 0; i < t->len; i++)
		if (t->val[i] < '0' || t->val[i] > '9')
			return ber_fail(r, t, BER_EVALUE,
					"[%u] non-digit 0x%02x at %zu", t->num,
					t->val[i], i);
	return 0;
}

int ber_get_bits(struct ber_reader *r, const struct ber_tlv *t,
		 uint8_t *out, size_t out_size, size_t *nbits)
{
	unsigned int unused;
	size_t n;

	if (need_prim(r, t))
		return -BER_EVALUE;
	if (!t->len)
		return ber_fail(r, t, BER_EVALUE, "[%u] empty BIT STRING",
				t->num);
	unused = t->val[0];
	n = t->len - 1;
	if (unused > 7 || (n == 0 && unused))
		return ber_fail(r, t, BER_EVALUE,
				"[%u] %u unused bits in %zu octets", t->num,
				unused, n);
	if (n > out_size)
		return ber_fail(r, t, BER_EVALUE,
				"[%u] BIT STRING of %zu octets, room for %zu",
				t->num, n, out_size);
	if (n) {
		memcpy(out, t->val + 1, n);
		out[n - 1] &= (uint8_t)(0xff << unused);
	}
	*nbits = n * 8 - unused;
	return 0;
}

static int digits(const uint8_t *p, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

int ber_get_gtime(struct ber_reader *r, const struct ber_tlv *t, int64_t *ns)
{
	static const uint8_t mdays[] = { 31, 29, 31, 30, 31, 30,
					 31, 31, 30, 31, 30, 31 };
	const uint8_t *p = t->val;
	size_t n = t->len, i = 10;
	int y, mo, d, h, mi = 0, s = 0, off = 0;
	int64_t frac = 0, secs;
	int fd = 0;

	if (need_prim(r, t))
		return -BER_EVALUE;
	if (n < 11 || n > 40)
		goto bad;
	y = digits(p, 4);
	mo = digits(p + 4, 2);
	d = digits(p + 6, 2);
	h = digits(p + 8, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    h < 0 || h > 23)
		goto bad;
	if (mo == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)))
		goto bad;
	if (i + 2 <= n && p[i] >= '0' && p[i] <= '9') {
		mi = digits(p + i, 2);
		i += 2;
		if (mi < 0 || mi > 59)
			goto bad;
		if (i + 2 <= n && p[i] >= '0' && p[i] <= '9') {
			s = digits(p + i, 2);
			i += 2;
			/* 60 allows a leap second; it folds into the next. */
			if (s < 0 || s > 60)
				goto bad;
		}
	}
	if (i < n && (p[i] == '.' || p[i] == ',')) {
		i++;
		while (i < n && p[i] >= '0' && p[i] <= '9') {
			if (fd < 9) {
				frac = frac * 10 + (p[i] - '0');
				fd++;
			}
			i++;
		}
		if (!fd)
			goto bad;
		while (fd++ < 9)
			frac *= 10;
	}
	/* Local time without a zone is ambiguous: refused. */
	if (i + 1 == n && p[i] == 'Z') {
		off = 0;
	} else if (i + 5 == n && (p[i] == '+' || p[i] == '-')) {
		int oh = digits(p + i + 1, 2), om = digits(p + i + 3, 2);

		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			goto bad;
		off = (oh * 60 + om) * 60 * (p[i] == '+' ? 1 : -1);
	} else {
		goto bad;
	}
	secs = ber_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	       s - off;
	/* int64 nanoseconds cover 1677..2262; refuse what would overflow. */
	if (secs > INT64_MAX / 1000000000 - 1 ||
	    secs < INT64_MIN / 1000000000 + 1)
		return ber_fail(r, t, BER_EVALUE,
				"[%u] GeneralizedTime out of range", t->num);
	*ns = secs * 1000000000 + frac;
	return 0;
bad:
	return ber_fail(r, t, BER_EVALUE, "[%u] bad GeneralizedTime \"%.*s\"",
			t->num, (int)(n > 40 ? 40 : n), (const char *)p);
}

int ber_get_reloid(struct ber_reader *r, const struct ber_tlv *t,
		   uint32_t *arcs, size_t max_arcs, size_t *narcs)
{
	size_t i, k = 0;
	uint32_t a = 0;
	bool start = true;

	if (need_prim(r, t))
		return -BER_EVALUE;
	if (!t->len)
		return ber_fail(r, t, BER_EOID, "[%u] empty RELATIVE-OID",
				t->num);
	for (i = 0; i < t->len; i++) {
		uint8_t b = t->val[i];

		if (start && b == 0x80)
			return ber_fail(r, t, BER_EOID,
					"[%u] arc %zu has a leading 0x80",
					t->num, k);
		if (a > (UINT32_MAX >> 7))
			return ber_fail(r, t, BER_EOID,
					"[%u] arc %zu exceeds 32 bits", t->num,
					k);
		a = (a << 7) | (b & 0x7f);
		start = !(b & 0x80);
		if (start) {
			if (k >= max_arcs)
				return ber_fail(r, t, BER_EOID,
						"[%u] more than %zu arcs",
						t->num, max_arcs);
			arcs[k++] = a;
			a = 0;
		}
	}
	if (!start)
		return ber_fail(r, t, BER_EOID, "[%u] last arc cut off",
				t->num);
	*narcs = k;
	return 0;
}
