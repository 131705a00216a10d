// SPDX-License-Identifier: GPL-2.0
/*
 * SIP, SIPS and tel URIs (RFC 3261 19.1, 25.1; RFC 3966), hosts (IPv4,
 * IPv6 references per RFC 5118), name-addr / addr-spec.
 */
#include <arpa/inet.h>
#include <string.h>

#include "sip_lex.h"

/*
 * Consume characters of class @cls or %HH escapes. Sets *bad on a broken
 * escape (RFC 3261 requires two hex digits after '%').
 */
static const char *span(const char *p, const char *e, unsigned int cls,
			bool *bad)
{
	while (p < e) {
		unsigned char c = (unsigned char)*p;

		if (c == '%') {
			if (e - p < 3 || !cc((unsigned char)p[1], C_HEX) ||
			    !cc((unsigned char)p[2], C_HEX)) {
				*bad = true;
				return p;
			}
			p += 3;
		} else if (cc(c, cls)) {
			p++;
		} else {
			break;
		}
	}
	return p;
}

/*
 * Dotted-quad IPv4 at p; returns its end when it is one (and is followed
 * by no further host character), else NULL.
 */
static const char *ipv4_scan(const char *p, const char *e)
{
	unsigned int parts, v, d;

	for (parts = 0;; p++) {
		/* 1*3DIGIT, unrolled: this runs for most Via and Contact hosts */
		if (p >= e || (v = (unsigned char)*p - '0') > 9)
			return NULL;
		if (++p < e && (d = (unsigned char)*p - '0') <= 9) {
			v = v * 10 + d;
			if (++p < e && (d = (unsigned char)*p - '0') <= 9) {
				v = v * 10 + d;
				p++;
			}
		}
		if (v > 255)
			return NULL;
		if (++parts == 4)
			break;
		if (p >= e || *p != '.')
			return NULL;
	}
	/* a fourth digit or more host characters: not a dotted quad */
	return (p < e && cc((unsigned char)*p, C_HOST)) ? NULL : p;
}

static bool ipv6_valid(const char *p, const char *e)
{
	char buf[INET6_ADDRSTRLEN + 1];
	unsigned char a[16];
	size_t n = (size_t)(e - p);

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return inet_pton(AF_INET6, buf, a) == 1;
}

/* host = hostname / IPv4address / IPv6reference; returns end or NULL. */
static const char *host_parse(const char *p, const char *e,
			      struct sip_str *host, enum sip_host_type *type,
			      const char **why)
{
	const char *h = p, *q;
	bool numeric;

	if (p < e && *p == '[') {
		const char *rb = memchr(p, ']', (size_t)(e - p));

		if (!rb || !ipv6_valid(p + 1, rb)) {
			*why = "invalid IPv6 reference";
			return NULL;
		}
		*host = mkstr(p + 1, rb);
		*type = SIP_HOST_IPV6;
		return rb + 1;
	}
	/* the common case first: an IPv4 literal, in one pass */
	if (p < e && cc((unsigned char)*p, C_DIGIT)) {
		q = ipv4_scan(p, e);
		if (q) {
			*type = SIP_HOST_IPV4;
			*host = mkstr(h, q);
			return q;
		}
	}
	while (p < e && cc((unsigned char)*p, C_HOST)) {
		if (*p == '.' && (p == h || p[-1] == '.'))
			break;
		p++;
	}
	/* a name starting with a digit must not be all digits and dots */
	numeric = p > h && cc((unsigned char)*h, C_DIGIT);
	for (q = h; numeric && q < p; q++)
		if ((unsigned int)(*q - '0') > 9 && *q != '.')
			numeric = false;
	if (p < e && *p == '.') {
		*why = "empty label in host name";
		return NULL;
	}
	if (p == h || *h == '-') {
		*why = (p == h) ? "missing host" : "invalid host name";
		return NULL;
	}
	/* all digits and dots, but not a valid dotted quad */
	if (numeric) {
		*why = "invalid IPv4 address";
		return NULL;
	}
	*type = SIP_HOST_NAME;
	*host = mkstr(h, p);
	return p;
}

static const char *port_parse(const char *p, const char *e, uint16_t *port,
			      const char **why)
{
	const char *d = p;
	unsigned int v = 0, c;

	for (; p < e && (c = (unsigned char)*p - '0') <= 9; p++) {
		v = v * 10 + c;
		if (v > 65535)
			break;
	}
	if (p == d || v > 65535) {
		*why = "invalid port";
		return NULL;
	}
	*port = (uint16_t)v;
	return p;
}

/* ;name[=value] URI parameters, name and value paramchar or escapes. */
static const char *uri_params(const char *p, const char *e, const char **why)
{
	bool bad = false;

	while (p < e && *p == ';') {
		const char *n = p + 1;

		p = span(n, e, C_PARAM, &bad);
		if (bad || p == n) {
			*why = bad ? "bad %-escape in URI parameter" :
				     "empty URI parameter";
			return NULL;
		}
		if (p < e && *p == '=') {
			n = ++p;
			p = span(n, e, C_PARAM, &bad);
			if (bad || p == n) {
				*why = "bad URI parameter value";
				return NULL;
			}
		}
	}
	return p;
}

static int sip_uri_body(struct sip_uri *u, const char *s, const char *e,
			struct sip_error *err)
{
	const char *at = memchr(s, '@', (size_t)(e - s));
	const char *p = s, *why = NULL;
	bool bad = false;

	if (at) {
		const char *ue = span(p, at, C_USER, &bad);

		if (bad || ue == p)
			return set_err(err, SIP_EURI,
				       bad ? "bad %-escape in URI user" :
					     "empty URI user",
				       u->raw.p, ue);
		u->user = mkstr(p, ue);
		if (ue < at && *ue == ':') {
			const char *pe = span(ue + 1, at, C_PASS, &bad);

			if (bad || pe != at)
				return set_err(err, SIP_EURI,
					       "invalid URI password", u->raw.p,
					       pe);
			u->password = mkstr(ue + 1, at);
		} else if (ue != at) {
			return set_err(err, SIP_EURI,
				       "invalid character in URI user",
				       u->raw.p, ue);
		}
		p = at + 1;
	}
	p = host_parse(p, e, &u->host, &u->host_type, &why);
	if (p && p < e && *p == ':')
		p = port_parse(p + 1, e, &u->port, &why);
	if (p && p < e && *p == ';') {
		const char *ps = p;

		p = uri_params(p, e, &why);
		if (p)
			u->params = mkstr(ps, p);
	}
	if (p && p < e && *p == '?') {
		const char *hs = ++p;

		for (;;) {
			const char *n = p;

			p = span(p, e, C_HNV, &bad);
			if (bad || p == n || p >= e || *p != '=') {
				why = "malformed URI headers";
				p = NULL;
				break;
			}
			p = span(p + 1, e, C_HNV, &bad);
			if (bad) {
				why = "bad %-escape in URI headers";
				p = NULL;
				break;
			}
			if (p < e && *p == '&') {
				p++;
				continue;
			}
			break;
		}
		if (p)
			u->headers = mkstr(hs, p);
	}
	if (!p) {
		const char *hp = at ? at + 1 : s;
		const char *c1 = memchr(hp, ':', (size_t)(e - hp));

		/* RFC 5118 4.2: an IPv6 address must be written as a reference */
		if (hp < e && *hp != '[' && c1 &&
		    memchr(c1 + 1, ':', (size_t)(e - c1 - 1)))
			why = "IPv6 address in URI not enclosed in [ ]";
		return set_err(err, SIP_EURI, why, u->raw.p, at ? at + 1 : s);
	}
	if (p != e)
		return set_err(err, SIP_EURI, "unexpected character in SIP URI",
			       u->raw.p, p);
	return 0;
}

/* RFC 3966: global numbers start with '+'; local ones need phone-context. */
static int tel_uri_body(struct sip_uri *u, const char *s, const char *e,
			struct sip_error *err)
{
	const char *p = s, *why = NULL;
	bool digit = false;

	if (p < e && *p == '+')
		p++;
	for (; p < e && cc((unsigned char)*p, C_TEL); p++)
		if (!(*p == '-' || *p == '.' || *p == '(' || *p == ')'))
			digit = true;
	if (!digit)
		return set_err(err, SIP_EURI, "tel URI without a number",
			       u->raw.p, s);
	if (*s == '+') {
		const char *q;

		for (q = s + 1; q < p; q++)
			if (!(cc((unsigned char)*q, C_DIGIT) || *q == '-' ||
			      *q == '.' || *q == '(' || *q == ')'))
				return set_err(err, SIP_EURI,
					       "non-digit in global tel number",
					       u->raw.p, q);
	}
	u->user = mkstr(s, p);
	if (p < e && *p == ';') {
		const char *ps = p;

		p = uri_params(p, e, &why);
		if (!p)
			return set_err(err, SIP_EURI, why, u->raw.p, ps);
		u->params = mkstr(ps, p);
	}
	if (p != e)
		return set_err(err, SIP_EURI, "unexpected character in tel URI",
			       u->raw.p, p);
	if (*s != '+' && !sip_param_get(u->params, "phone-context", NULL))
		return set_err(err, SIP_EURI,
			       "local tel number without phone-context",
			       u->raw.p, s);
	return 0;
}

int sip_uri_parse(struct sip_uri *u, const char *p, size_t len,
		  struct sip_error *err)
{
	const char *e, *s, *q;
	bool bad = false;

	if (!p)
		p = "", len = 0;
	e = p + len;
	s = p;
	*u = (struct sip_uri){ .raw = mkstr(p, e) };
	if (s >= e || !((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))
		return set_err(err, SIP_EURI,
			       "URI does not start with a scheme", p, s);
	while (s < e && cc((unsigned char)*s, C_SCHEME))
		s++;
	if (s >= e || *s != ':')
		return set_err(err, SIP_EURI, "URI without scheme", p, s);
	u->scheme_str = mkstr(p, s);
	u->opaque = mkstr(s + 1, e);
	s++;
	if (lex_ieq(u->scheme_str.p, u->scheme_str.len, "sip")) {
		u->scheme = SIP_URI_SIP;
		return sip_uri_body(u, s, e, err);
	}
	if (lex_ieq(u->scheme_str.p, u->scheme_str.len, "sips")) {
		u->scheme = SIP_URI_SIPS;
		return sip_uri_body(u, s, e, err);
	}
	if (lex_ieq(u->scheme_str.p, u->scheme_str.len, "tel")) {
		u->scheme = SIP_URI_TEL;
		return tel_uri_body(u, s, e, err);
	}
	/* absoluteURI: uric characters, kept opaque */
	for (q = s; q < e;) {
		q = span(q, e, C_UNRES, &bad);
		if (bad)
			return set_err(err, SIP_EURI, "bad %-escape in URI", p,
				       q);
		if (q < e && strchr(";/?:@&=+$,[]#", *q) && *q)
			q++;
		else
			break;
	}
	if (q == s || q != e)
		return set_err(err, SIP_EURI, "invalid character in URI", p, q);
	return 0;
}

/*
 * One word of an unquoted display name: token characters and, tolerated,
 * quoted-pairs ("\"" or "\x", visible ASCII). RFC 3261 allows quoted-pairs
 * only inside a quoted-string, but deployed UAs send From: \"name\" <...>
 * (seen in the suricata captures); the backslash makes the quote part of
 * the word, so an unescaped quote still opens a quoted-string and must be
 * balanced (quotbal), and a comma or other separator still ends the
 * display name (baddn). Documentation/sip.rst.
 */
static const char *skip_dn_word(const char *p, const char *e)
{
	while (p < e) {
		if (cc((unsigned char)*p, C_TOKEN))
			p++;
		else if (*p == '\\' && e - p >= 2 && p[1] > 0x20 && p[1] < 0x7f)
			p += 2;
		else
			break;
	}
	return p;
}

/*
 * One name-addr / addr-spec with its header parameters, ending at @stop
 * (',' inside a list) or @e. Returns the end position or NULL.
 */
const char *sip_na_parse(struct sip_name_addr *na, const char *p, const char *e,
			 char stop, struct sip_error *err)
{
	const char *base = p, *q, *ue;

	/* na->uri is set by sip_uri_parse() on every path that returns */
	na->display = na->params = na->tag = (struct sip_str){ 0 };
	na->star = false;
	p = skip_ws(p, e);
	if (p < e && *p == '"') {
		if (!lex_quoted(p, e, &q)) {
			set_err(err, SIP_EVALUE,
				"unterminated quoted display name", base, p);
			return NULL;
		}
		na->display = mkstr(p, q);
		p = skip_ws(q, e);
		if (p >= e || *p != '<') {
			set_err(err, SIP_EVALUE,
				"quoted display name not followed by <URI>",
				base, p);
			return NULL;
		}
	} else if (p < e && *p != '<') {
		const char *last, *t;

		q = skip_token(p, e);
		if (q > p && q < e && *q == ':')
			goto addr_spec;
		if (q < e && *q == '\\') /* the word goes on (tolerance) */
			q = skip_dn_word(q, e);
		last = q;
		/* display-name = *(token LWS): tokens separated by whitespace */
		while (q > p) {
			const char *w;

			t = skip_ws(q, e);
			w = t > q ? skip_dn_word(t, e) : t;
			if (w > t) {
				q = w;
				last = q;
				continue;
			}
			q = t;
			break;
		}
		if (q >= e || *q != '<' || last == p) {
			set_err(err, SIP_EVALUE,
				"display name is neither tokens nor a quoted string",
				base, q);
			return NULL;
		}
		na->display = mkstr(p, last);
		p = q;
	}
	if (p >= e || *p != '<') {
		set_err(err, SIP_EVALUE, "missing URI", base, p);
		return NULL;
	}
	/* name-addr: the URI is everything up to '>', no whitespace allowed */
	q = memchr(p, '>', (size_t)(e - p));
	if (!q) {
		set_err(err, SIP_EVALUE, "'<' without matching '>'", base, p);
		return NULL;
	}
	if (q > p + 1 &&
	    (cc((unsigned char)p[1], C_WS) || cc((unsigned char)q[-1], C_WS))) {
		set_err(err, SIP_EVALUE, "whitespace inside <URI>", base,
			p + 1);
		return NULL;
	}
	if (sip_uri_parse(&na->uri, p + 1, (size_t)(q - p - 1), err)) {
		if (err)
			err->offset += (size_t)(p + 1 - base);
		return NULL;
	}
	p = q + 1;
	goto params;

addr_spec:
	/* RFC 3261 20: a URI with ',', ';' or '?' must be inside < > */
	ue = p;
	while (ue < e && *ue != ';' && *ue != ',' &&
	       !cc((unsigned char)*ue, C_WS))
		ue++;
	if (sip_uri_parse(&na->uri, p, (size_t)(ue - p), err)) {
		if (err)
			err->offset += (size_t)(p - base);
		return NULL;
	}
	if (na->uri.headers.len || (na->uri.scheme != SIP_URI_OTHER &&
				    memchr(p, '?', (size_t)(ue - p)))) {
		set_err(err, SIP_EVALUE,
			"URI with headers must be enclosed in <>", base, p);
		return NULL;
	}
	p = ue;

params:
	q = lex_params(p, e, stop, "tag", &na->tag);
	if (!q) {
		set_err(err, SIP_EVALUE, "malformed header parameter", base, p);
		return NULL;
	}
	p = skip_ws(p, e);
	ue = q;
	rtrim_ws(p, &ue);
	na->params = mkstr(p, ue);
	return q;
}

int sip_name_addr_parse(struct sip_name_addr *na, const char *p, size_t len,
			struct sip_error *err)
{
	const char *e, *q, *t;

	if (!p)
		p = "", len = 0;
	e = t = p + len;
	q = skip_ws(p, e);
	rtrim_ws(q, &t);
	if (t - q == 1 && *q == '*') {
		*na = (struct sip_name_addr){ .star = true };
		return 0;
	}
	q = sip_na_parse(na, p, e, 0, err);
	if (!q)
		return err ? -(int)err->code : -SIP_EVALUE;
	if (q != e)
		return set_err(err, SIP_EVALUE,
			       "trailing characters after address", p, q);
	return 0;
}

const char *sip_hostport_parse(const char *p, const char *e,
			       struct sip_str *host, enum sip_host_type *type,
			       uint16_t *port, const char **why)
{
	const char *q;

	p = host_parse(p, e, host, type, why);
	if (!p)
		return NULL;
	q = skip_ws(p, e);
	if (q < e && *q == ':')
		return port_parse(skip_ws(q + 1, e), e, port, why);
	return p;
}
