// SPDX-License-Identifier: GPL-2.0
/*
 * ber_decode.c - zero-copy, bounds-checked BER reader (see ber.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ber.h"

void ber_reader_init(struct ber_reader *r, const void *buf, size_t len,
		     size_t max_len, struct ber_error *err)
{
	r->base = buf;
	r->p = buf;
	r->end = r->p + len;
	r->max_len = max_len ? max_len : BER_LEN_MAX_DEFAULT;
	r->flags = 0;
	r->err = err;
	ber_error_clear(err);
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
		n = snprintf(err->msg, sizeof(err->msg),
			     "%s: ", ber_strerror(code));
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

int ber_tlv_slow(const struct ber_reader *r, struct ber_tlv *t,
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

int ber_peek(const struct ber_reader *r, struct ber_tlv *t)
{
	const uint8_t *next;

	return ber_tlv_at(r, t, &next);
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

int ber_tag_mismatch(struct ber_reader *r, const struct ber_tlv *t, uint8_t cls,
		     bool cons, uint32_t num)
{
	return ber_fail(r, t, BER_ETAG, "expected %s[%u]%s, found %s[%u]%s",
			cls_name(cls), num, cons ? " constructed" : "",
			cls_name(t->cls), t->num,
			t->cons ? " constructed" : "");
}

int ber_fail_trailing(struct ber_reader *r)
{
	return ber_fail(r, NULL, BER_ETRAILING, "%zu unexpected octets",
			(size_t)(r->end - r->p));
}

static int need_prim(struct ber_reader *r, const struct ber_tlv *t)
{
	if (t->cons)
		return ber_fail(r, t, BER_EVALUE, "[%u] must be primitive",
				t->num);
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
		return ber_fail(r, t, BER_EVALUE, "[%u] BOOLEAN of %zu octets",
				t->num, t->len);
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

int ber_fail_octets(struct ber_reader *r, const struct ber_tlv *t, size_t min,
		    size_t max)
{
	/* Constructed (segmented) strings are legal BER but never sent by
	 * the peers we talk to; refusing them keeps values zero-copy. */
	if (t->cons)
		return ber_fail(r, t, BER_EVALUE,
				"[%u] constructed string not supported",
				t->num);
	return ber_fail(r, t, BER_EVALUE, "[%u] size %zu outside %zu..%zu",
			t->num, t->len, min, max);
}

int ber_fail_digits(struct ber_reader *r, const struct ber_tlv *t)
{
	size_t i;

	for (i = 0; t->val[i] >= '0' && t->val[i] <= '9'; i++)
		;
	return ber_fail(r, t, BER_EVALUE, "[%u] non-digit 0x%02x at %zu",
			t->num, t->val[i], i);
}

int ber_get_bits(struct ber_reader *r, const struct ber_tlv *t, uint8_t *out,
		 size_t out_size, size_t *nbits)
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

/* Two digits already checked. */
static int two(const uint8_t *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static const uint8_t mdays[] = {
	31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
};

/* Eight octets, the first in the low byte whatever the host's order. */
static uint64_t load_le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

/*
 * Eight ASCII digits (checked) as four two-digit numbers, one per 16-bit
 * lane, the first pair in the low lane: each octet times ten plus the
 * next, no lane above 99 so nothing carries.
 */
static uint64_t digit_pairs(uint64_t v)
{
	v &= 0x0f0f0f0f0f0f0f0full;
	return (v * 10 + (v >> 8)) & 0x00ff00ff00ff00ffull;
}

/*
 * Days from 1970-01-01 to @y-@mo-@d for years 0..9999, in unsigned 32-bit
 * arithmetic (ber_days_from_civil() takes any year, at twice the cost):
 * 365 a year plus the leap days before the date, counted from year -400
 * so that nothing is negative; January and February count the leap days
 * up to the year before.
 */
static int64_t days_0_9999(unsigned int y, unsigned int mo, unsigned int d)
{
	static const uint16_t before[] = { 0,	31,  59,  90,  120, 151,
					   181, 212, 243, 273, 304, 334 };
	unsigned int k = y + 400 - (mo <= 2);
	uint32_t days = (y + 400) * 365 + k / 4 - k / 100 + k / 400 +
			before[mo - 1] + d - 1;

	/* The same count for 1970-01-01. */
	return (int64_t)days - 865624;
}

/*
 * Seconds since the epoch at the start of the minute "YYYYMMDDHHMM" (@p,
 * whose first eight octets are @ymd as load_le64() gave them), or false
 * when that is no valid minute of years 0..9999. The seconds octets are
 * the caller's.
 */
static bool minute_of(const uint8_t *p, uint64_t ymd, int64_t *secs)
{
	unsigned int y, mo, d, h, mi;
	uint64_t a, b;

	b = load_le64(p + 6); /* DDHHMMSS: SS is checked again, harmless */
	if (!lm_digits8(ymd) || !lm_digits8(b))
		return false;
	a = digit_pairs(ymd);
	b = digit_pairs(b);
	y = (unsigned int)(a & 0xff) * 100 + (unsigned int)(a >> 16 & 0xff);
	mo = a >> 32 & 0xff;
	d = a >> 48;
	h = b >> 16 & 0xff;
	mi = b >> 32 & 0xff;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59)
		return false;
	if (mo == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)))
		return false;
	*secs = days_0_9999(y, mo, d) * 86400 + h * 3600 + mi * 60;
	return true;
}

/*
 * The fraction ".f" or ",f" of 1-9 digits between @p[14] and the 'Z' at
 * @p[@n - 1] (16 <= @n <= 25), in nanoseconds: the eight octets before
 * the 'Z' are loaded at once (never before @p: @n >= 16), the ones that
 * are not fraction digits replaced by '0', checked and converted as one
 * eight-digit number; a ninth digit is added on its own.
 */
static bool fraction_ns(const uint8_t *p, size_t n, int64_t *frac)
{
	static const int32_t scale[] = { 0,	 100000000, 10000000, 1000000,
					 100000, 10000,	    1000,     100,
					 10,	 1 };
	unsigned int fd = (unsigned int)(n - 16);
	uint64_t keep, v;

	if ((p[14] != '.' && p[14] != ',') || fd < 1)
		return false;
	keep = fd >= 8 ? ~0ull : ~0ull << (64 - 8 * fd);
	v = (load_le64(p + n - 9) & keep) | (0x3030303030303030ull & ~keep);
	if (!lm_digits8(v))
		return false;
	v = digit_pairs(v);
	/* Pairs to four-digit groups in 32-bit lanes, then the number. */
	v = (v * 100 + (v >> 16)) & 0x0000ffff0000ffffull;
	v = (v & 0xffff) * 10000 + (v >> 32);
	if (fd == 9) {
		if ((unsigned int)(p[15] - '0') > 9)
			return false;
		v += (uint64_t)(p[15] - '0') * 100000000;
	}
	*frac = (int64_t)v * scale[fd];
	return true;
}

/*
 * The minute ber_gtime_quick() read last, per thread: an IEF's records
 * come in time order, so nearly every time stamp repeats the minute of
 * the one before and the calendar arithmetic is skipped. Only a minute
 * minute_of() accepted is kept, so a hit is exactly what a miss gives.
 */
static _Thread_local struct {
	uint64_t ymd; /* "YYYYMMDD" as loaded; 0 (no digits): none yet */
	uint32_t hm; /* "HHMM" */
	int64_t secs; /* minute_of() */
} last_minute;

bool ber_gtime_quick(const uint8_t *p, size_t n, int64_t *ns)
{
	unsigned int s0, s1;
	int64_t secs, frac = 0;
	uint64_t ymd;
	uint32_t hm;

	if (n < 15 || n > 25 || p[n - 1] != 'Z')
		return false;
	ymd = load_le64(p);
	memcpy(&hm, p + 8, 4);
	if (ymd != last_minute.ymd || hm != last_minute.hm) {
		if (!minute_of(p, ymd, &secs))
			return false;
		last_minute.ymd = ymd;
		last_minute.hm = hm;
		last_minute.secs = secs;
	}
	/* Second 60 allows a leap second; it folds into the next. */
	s0 = (unsigned int)(p[12] - '0');
	s1 = (unsigned int)(p[13] - '0');
	if (s0 > 9 || s1 > 9 || s0 * 10 + s1 > 60)
		return false;
	if (n > 15 && !fraction_ns(p, n, &frac))
		return false;
	secs = last_minute.secs + s0 * 10 + s1;
	if (secs > INT64_MAX / 1000000000 - 1 ||
	    secs < INT64_MIN / 1000000000 + 1)
		return false;
	*ns = secs * 1000000000 + frac;
	return true;
}

int ber_get_gtime(struct ber_reader *r, const struct ber_tlv *t, int64_t *ns)
{
	const uint8_t *p = t->val;
	size_t n = t->len, i = 10;
	int y, mo, d, h, mi = 0, s = 0, off = 0;
	int64_t frac = 0, secs;
	int fd = 0;

	/*
	 * Not ber_gtime_quick() first: the records' decoder tries it, and
	 * this way stays the independent reading that tests and fuzzers
	 * hold it against.
	 */
	if (need_prim(r, t))
		return -BER_EVALUE;
	if (n < 11 || n > 40)
		goto bad;
	if (n > 14 && lm_all_digits(p, 14)) {
		/* YYYYMMDDHHMMSS, the form records carry: one digit check. */
		y = two(p) * 100 + two(p + 2);
		mo = two(p + 4);
		d = two(p + 6);
		h = two(p + 8);
		mi = two(p + 10);
		s = two(p + 12);
		i = 14;
	} else {
		y = digits(p, 4);
		mo = digits(p + 4, 2);
		d = digits(p + 6, 2);
		h = digits(p + 8, 2);
		if (i + 2 <= n && p[i] >= '0' && p[i] <= '9') {
			mi = digits(p + i, 2);
			i += 2;
			if (i + 2 <= n && p[i] >= '0' && p[i] <= '9') {
				s = digits(p + i, 2);
				i += 2;
			}
		}
	}
	/* Second 60 allows a leap second; it folds into the next. */
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h < 0 ||
	    h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60)
		goto bad;
	if (mo == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)))
		goto bad;
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
	secs = ber_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s -
	       off;
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

int ber_seq_fail(struct ber_reader *r, const struct ber_tlv *seq,
		 const struct ber_tlv *t, uint32_t miss, const char *what)
{
	unsigned int i = 0;

	if (miss) {
		while (!(miss & (1u << i)))
			i++;
		return ber_fail(r, seq, BER_EMISSING, "%s: [%u] absent", what,
				i);
	}
	if (t == seq)
		return ber_fail(r, seq, BER_ETAG, "%s must be constructed",
				what);
	if (t->cls != BER_CONTEXT)
		return ber_fail(r, t, BER_ETAG,
				"%s: non-context tag in SEQUENCE", what);
	return ber_fail(r, t, BER_ETAG, "%s: [%u] out of order or repeated",
			what, t->num);
}

int ber_expect_extensions(struct ber_reader *r, uint32_t last)
{
	struct ber_tlv t;
	int rc;

	while (!ber_reader_done(r)) {
		rc = ber_read(r, &t);
		if (rc)
			return rc;
		if (t.cls != BER_CONTEXT || t.num <= last)
			return ber_fail(r, &t, BER_ETAG,
					"unexpected %s[%u] after [%u]",
					cls_name(t.cls), t.num, last);
		last = t.num;
	}
	return 0;
}

int ber_need_cons(struct ber_reader *r, const struct ber_tlv *t, bool cons)
{
	if (t->cons != cons)
		return ber_fail(r, t, BER_ETAG, "[%u] must be %s", t->num,
				cons ? "constructed" : "primitive");
	return 0;
}
