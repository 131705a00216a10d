// SPDX-License-Identifier: GPL-2.0
/*
 * Lexical building blocks for the SIP parser: character classes, numbers,
 * quoted strings, parameter lists, escapes.
 */
#include <string.h>

#include "sip_lex.h"

/* Generated from the RFC 3261 ABNF classes listed in sip_lex.h. */
/* clang-format off */
const uint16_t sip_cc[256] = {
	/* 8 per row from 0x00; 0x80-0xff are 0 */
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0002, 0x0002, 0x0000, 0x0000, 0x0002, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0002, 0x20fd, 0x0080, 0x1000, 0x0078, 0x2081, 0x0038, 0x20fd,
	0x10fc, 0x10fc, 0x30fd, 0x28f9, 0x0018, 0x39fd, 0x39fd, 0x00e8,
	0x3ffd, 0x3ffd, 0x3ffd, 0x3ffd, 0x3ffd, 0x3ffd, 0x3ffd, 0x3ffd,
	0x3ffd, 0x3ffd, 0x20e0, 0x0008, 0x0080, 0x0018, 0x0080, 0x00c8,
	0x0000, 0x3dfd, 0x3dfd, 0x3dfd, 0x3dfd, 0x3dfd, 0x3dfd, 0x29fd,
	0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd,
	0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd,
	0x29fd, 0x29fd, 0x29fd, 0x20e0, 0x0080, 0x20e0, 0x0000, 0x21fd,
	0x2081, 0x3dfd, 0x3dfd, 0x3dfd, 0x3dfd, 0x3dfd, 0x3dfd, 0x29fd,
	0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd,
	0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd, 0x29fd,
	0x29fd, 0x29fd, 0x29fd, 0x0080, 0x0000, 0x0080, 0x20fd, 0x0000,
};
/* clang-format on */

bool lex_uint(const char *p, const char *e, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (p >= e)
		return false;
	for (; p < e; p++) {
		unsigned int d = (unsigned char)*p - '0';

		/* no division per digit: v * 10 + 9 cannot wrap below this */
		if (d > 9 || v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + d;
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

bool lex_quoted(const char *p, const char *e, const char **end)
{
	for (p++; p < e; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"') {
			*end = p + 1;
			return true;
		}
		if (c == '\\') {
			/* quoted-pair: any ASCII except CR and LF */
			if (++p >= e)
				return false;
			c = (unsigned char)*p;
			if (c > 0x7f || c == '\r' || c == '\n')
				return false;
			continue;
		}
		if (c < 0x20 && c != '\t' && c != '\r' && c != '\n')
			return false;
		if (c == 0x7f)
			return false;
	}
	return false;
}

const char *lex_params(const char *p, const char *e, char stop,
		       const char *want, struct sip_str *val)
{
	for (;;) {
		const char *q = skip_ws(p, e), *n, *v, *ve;
		const char *name;

		if (q == e || (stop && *q == stop))
			return q;
		if (*q != ';')
			return NULL;
		q = skip_ws(q + 1, e);
		name = q;
		n = skip_token(q, e);
		if (n == q)
			return NULL;
		q = skip_ws(n, e);
		v = ve = n;
		if (q < e && *q == '=') {
			q = skip_ws(q + 1, e);
			if (q < e && *q == '"') {
				if (!lex_quoted(q, e, &ve))
					return NULL;
				v = q + 1;
				q = ve--;
			} else {
				/* token / host (IPv6 with or without [ ]) */
				v = q;
				while (q < e && cc((unsigned char)*q, C_PVAL))
					q++;
				if (q == v)
					return NULL;
				ve = q;
			}
			p = q;
		} else {
			p = n;
		}
		if (want && (*name | 0x20) == want[0] &&
		    lex_ieq(name, (size_t)(n - name), want)) {
			*val = mkstr(v, ve);
			want = NULL;
		}
	}
}

bool lex_ieq(const char *a, size_t alen, const char *lit)
{
	size_t i;

	for (i = 0; i < alen; i++) {
		char x = a[i], y = lit[i];

		/* lit ended first (a NUL in @a must not match its end) */
		if (!y)
			return false;
		/* equal, or the same ASCII letter in the other case */
		if (x != y &&
		    ((x ^ y) != 0x20 || (unsigned int)((y | 0x20) - 'a') > 25))
			return false;
	}
	return lit[alen] == '\0';
}

bool sip_str_ieq(struct sip_str s, const char *lit)
{
	return lex_ieq(s.p, s.len, lit);
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Next unescaped byte of s at *i, or -1 on a bad escape. */
static int unesc_next(struct sip_str s, uint32_t *i)
{
	unsigned char c = (unsigned char)s.p[*i];
	int hi, lo;

	if (c != '%') {
		(*i)++;
		return c;
	}
	if (s.len - *i < 3)
		return -1;
	hi = hexval((unsigned char)s.p[*i + 1]);
	lo = hexval((unsigned char)s.p[*i + 2]);
	if (hi < 0 || lo < 0)
		return -1;
	*i += 3;
	return hi << 4 | lo;
}

long sip_unescape(struct sip_str in, char *out, size_t outsz)
{
	uint32_t i = 0;
	size_t n = 0;

	while (i < in.len) {
		int c = unesc_next(in, &i);

		if (c < 0 || n >= outsz)
			return -1;
		out[n++] = (char)c;
	}
	return (long)n;
}

bool sip_str_eq_unescaped(struct sip_str a, struct sip_str b)
{
	uint32_t i = 0, j = 0;

	while (i < a.len && j < b.len) {
		int ca = unesc_next(a, &i), cb = unesc_next(b, &j);

		if (ca < 0 || cb < 0 || ca != cb)
			return false;
	}
	return i == a.len && j == b.len;
}

long sip_unquote(struct sip_str in, char *out, size_t outsz)
{
	const char *p = in.p, *e;
	size_t n = 0;

	if (!in.len)
		return 0;
	e = p + in.len;
	if (in.len >= 2 && p[0] == '"' && e[-1] == '"') {
		p++;
		e--;
	}
	for (; p < e; p++) {
		if (*p == '\\') {
			if (++p >= e)
				return -1;
		}
		if (n >= outsz)
			return -1;
		out[n++] = *p;
	}
	return (long)n;
}

long sip_tel_normalize(struct sip_str number, char *out, size_t outsz)
{
	size_t n = 0;
	uint32_t i;

	for (i = 0; i < number.len; i++) {
		char c = number.p[i];

		if (c == '-' || c == '.' || c == '(' || c == ')')
			continue;
		if (n >= outsz)
			return -1;
		out[n++] = lc(c);
	}
	return (long)n;
}

/* Compare a parameter name, which in URIs may be %-escaped. */
static bool pname_eq(const char *p, size_t len, const char *name)
{
	char buf[64];
	long n;

	if (!memchr(p, '%', len))
		return lex_ieq(p, len, name);
	n = sip_unescape((struct sip_str){ p, (uint32_t)len }, buf,
			 sizeof(buf));
	return n >= 0 && lex_ieq(buf, (size_t)n, name);
}

bool sip_param_get(struct sip_str params, const char *name,
		   struct sip_str *value)
{
	const char *p = params.p, *e;

	if (!params.len)
		return false;
	e = p + params.len;
	while (p < e) {
		const char *n, *ne, *v, *ve;

		p = skip_ws(p, e);
		if (p < e && *p == ';')
			p = skip_ws(p + 1, e);
		n = p;
		while (p < e && *p != '=' && *p != ';' &&
		       !cc((unsigned char)*p, C_WS))
			p++;
		ne = p;
		p = skip_ws(p, e);
		v = ve = p;
		if (p < e && *p == '=') {
			p = skip_ws(p + 1, e);
			v = p;
			if (p < e && *p == '"') {
				if (!lex_quoted(p, e, &p))
					return false;
				v++;
				ve = p - 1;
			} else {
				while (p < e && *p != ';' &&
				       !cc((unsigned char)*p, C_WS))
					p++;
				ve = p;
			}
		}
		if (ne > n && pname_eq(n, (size_t)(ne - n), name)) {
			if (value)
				*value = mkstr(v, ve);
			return true;
		}
		while (p < e && *p != ';')
			p++;
	}
	return false;
}
