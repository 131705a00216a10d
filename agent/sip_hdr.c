// SPDX-License-Identifier: GPL-2.0
/*
 * SIP header names and structured header values: Via, CSeq, RAck,
 * credentials, Date, option-tag lists, name-addr lists, and the decoder
 * that validates each known header while the message is indexed.
 */
#include <string.h>

#include "sip_lex.h"

static const char *const hdr_names[SIP_H__COUNT] = {
	[SIP_H_OTHER] = "",
	[SIP_H_VIA] = "Via",
	[SIP_H_FROM] = "From",
	[SIP_H_TO] = "To",
	[SIP_H_CALL_ID] = "Call-ID",
	[SIP_H_CSEQ] = "CSeq",
	[SIP_H_CONTACT] = "Contact",
	[SIP_H_MAX_FORWARDS] = "Max-Forwards",
	[SIP_H_EXPIRES] = "Expires",
	[SIP_H_CONTENT_LENGTH] = "Content-Length",
	[SIP_H_CONTENT_TYPE] = "Content-Type",
	[SIP_H_CONTENT_ENCODING] = "Content-Encoding",
	[SIP_H_ROUTE] = "Route",
	[SIP_H_RECORD_ROUTE] = "Record-Route",
	[SIP_H_PATH] = "Path",
	[SIP_H_SERVICE_ROUTE] = "Service-Route",
	[SIP_H_P_ASSERTED_IDENTITY] = "P-Asserted-Identity",
	[SIP_H_P_PREFERRED_IDENTITY] = "P-Preferred-Identity",
	[SIP_H_P_CALLED_PARTY_ID] = "P-Called-Party-ID",
	[SIP_H_P_ACCESS_NETWORK_INFO] = "P-Access-Network-Info",
	[SIP_H_P_ASSOCIATED_URI] = "P-Associated-URI",
	[SIP_H_P_CHARGING_VECTOR] = "P-Charging-Vector",
	[SIP_H_HISTORY_INFO] = "History-Info",
	[SIP_H_DIVERSION] = "Diversion",
	[SIP_H_AUTHORIZATION] = "Authorization",
	[SIP_H_PROXY_AUTHORIZATION] = "Proxy-Authorization",
	[SIP_H_WWW_AUTHENTICATE] = "WWW-Authenticate",
	[SIP_H_PROXY_AUTHENTICATE] = "Proxy-Authenticate",
	[SIP_H_SUPPORTED] = "Supported",
	[SIP_H_REQUIRE] = "Require",
	[SIP_H_PROXY_REQUIRE] = "Proxy-Require",
	[SIP_H_RSEQ] = "RSeq",
	[SIP_H_RACK] = "RAck",
	[SIP_H_DATE] = "Date",
	[SIP_H_SUBJECT] = "Subject",
	[SIP_H_EVENT] = "Event",
	[SIP_H_ALLOW_EVENTS] = "Allow-Events",
	[SIP_H_REFER_TO] = "Refer-To",
	[SIP_H_REFERRED_BY] = "Referred-By",
	[SIP_H_SESSION_EXPIRES] = "Session-Expires",
	[SIP_H_IDENTITY] = "Identity",
	[SIP_H_ACCEPT_CONTACT] = "Accept-Contact",
	[SIP_H_REJECT_CONTACT] = "Reject-Contact",
	[SIP_H_REQUEST_DISPOSITION] = "Request-Disposition",
	[SIP_H_IDENTITY_INFO] = "Identity-Info",
	[SIP_H_ALLOW] = "Allow",
	[SIP_H_ACCEPT] = "Accept",
	[SIP_H_USER_AGENT] = "User-Agent",
	[SIP_H_SERVER] = "Server",
};

static const uint8_t hdr_len[SIP_H__COUNT] = {
	[SIP_H_OTHER] = 0,
	[SIP_H_VIA] = 3,
	[SIP_H_FROM] = 4,
	[SIP_H_TO] = 2,
	[SIP_H_CALL_ID] = 7,
	[SIP_H_CSEQ] = 4,
	[SIP_H_CONTACT] = 7,
	[SIP_H_MAX_FORWARDS] = 12,
	[SIP_H_EXPIRES] = 7,
	[SIP_H_CONTENT_LENGTH] = 14,
	[SIP_H_CONTENT_TYPE] = 12,
	[SIP_H_CONTENT_ENCODING] = 16,
	[SIP_H_ROUTE] = 5,
	[SIP_H_RECORD_ROUTE] = 12,
	[SIP_H_PATH] = 4,
	[SIP_H_SERVICE_ROUTE] = 13,
	[SIP_H_P_ASSERTED_IDENTITY] = 19,
	[SIP_H_P_PREFERRED_IDENTITY] = 20,
	[SIP_H_P_CALLED_PARTY_ID] = 17,
	[SIP_H_P_ACCESS_NETWORK_INFO] = 21,
	[SIP_H_P_ASSOCIATED_URI] = 16,
	[SIP_H_P_CHARGING_VECTOR] = 17,
	[SIP_H_HISTORY_INFO] = 12,
	[SIP_H_DIVERSION] = 9,
	[SIP_H_AUTHORIZATION] = 13,
	[SIP_H_PROXY_AUTHORIZATION] = 19,
	[SIP_H_WWW_AUTHENTICATE] = 16,
	[SIP_H_PROXY_AUTHENTICATE] = 18,
	[SIP_H_SUPPORTED] = 9,
	[SIP_H_REQUIRE] = 7,
	[SIP_H_PROXY_REQUIRE] = 13,
	[SIP_H_RSEQ] = 4,
	[SIP_H_RACK] = 4,
	[SIP_H_DATE] = 4,
	[SIP_H_SUBJECT] = 7,
	[SIP_H_EVENT] = 5,
	[SIP_H_ALLOW_EVENTS] = 12,
	[SIP_H_REFER_TO] = 8,
	[SIP_H_REFERRED_BY] = 11,
	[SIP_H_SESSION_EXPIRES] = 15,
	[SIP_H_IDENTITY] = 8,
	[SIP_H_ACCEPT_CONTACT] = 14,
	[SIP_H_REJECT_CONTACT] = 14,
	[SIP_H_REQUEST_DISPOSITION] = 19,
	[SIP_H_IDENTITY_INFO] = 13,
	[SIP_H_ALLOW] = 5,
	[SIP_H_ACCEPT] = 6,
	[SIP_H_USER_AGENT] = 10,
	[SIP_H_SERVER] = 6,
};

/* Compact forms (RFC 3261 7.3.3 and the IANA registry), by letter. */
static const uint8_t hdr_compact[26] = {
	['a' - 'a'] = SIP_H_ACCEPT_CONTACT,
	['b' - 'a'] = SIP_H_REFERRED_BY,
	['c' - 'a'] = SIP_H_CONTENT_TYPE,
	['d' - 'a'] = SIP_H_REQUEST_DISPOSITION,
	['e' - 'a'] = SIP_H_CONTENT_ENCODING,
	['f' - 'a'] = SIP_H_FROM,
	['i' - 'a'] = SIP_H_CALL_ID,
	['j' - 'a'] = SIP_H_REJECT_CONTACT,
	['k' - 'a'] = SIP_H_SUPPORTED,
	['l' - 'a'] = SIP_H_CONTENT_LENGTH,
	['m' - 'a'] = SIP_H_CONTACT,
	['n' - 'a'] = SIP_H_IDENTITY_INFO,
	['o' - 'a'] = SIP_H_EVENT,
	['r' - 'a'] = SIP_H_REFER_TO,
	['s' - 'a'] = SIP_H_SUBJECT,
	['t' - 'a'] = SIP_H_TO,
	['u' - 'a'] = SIP_H_ALLOW_EVENTS,
	['v' - 'a'] = SIP_H_VIA,
	['x' - 'a'] = SIP_H_SESSION_EXPIRES,
	['y' - 'a'] = SIP_H_IDENTITY,
};

/*
 * Long names by hash: ((first | 0x20) * 2 + (last | 0x20) * 25 + len * 25)
 * & 127 is collision-free over the names above (found by a search).
 */
static const uint8_t hdr_hash[128] = {
	[2] = SIP_H_PROXY_REQUIRE,
	[3] = SIP_H_REFER_TO,
	[8] = SIP_H_SERVICE_ROUTE,
	[9] = SIP_H_DATE,
	[11] = SIP_H_SUPPORTED,
	[12] = SIP_H_P_ASSERTED_IDENTITY,
	[22] = SIP_H_REJECT_CONTACT,
	[24] = SIP_H_SESSION_EXPIRES,
	[27] = SIP_H_EVENT,
	[30] = SIP_H_SERVER,
	[37] = SIP_H_P_PREFERRED_IDENTITY,
	[41] = SIP_H_ALLOW_EVENTS,
	[43] = SIP_H_P_CHARGING_VECTOR,
	[44] = SIP_H_ACCEPT,
	[48] = SIP_H_VIA,
	[49] = SIP_H_P_ASSOCIATED_URI,
	[51] = SIP_H_CSEQ,
	[52] = SIP_H_EXPIRES,
	[56] = SIP_H_USER_AGENT,
	[57] = SIP_H_CALL_ID,
	[59] = SIP_H_RACK,
	[62] = SIP_H_ROUTE,
	[65] = SIP_H_MAX_FORWARDS,
	[68] = SIP_H_P_ACCESS_NETWORK_INFO,
	[69] = SIP_H_AUTHORIZATION,
	[72] = SIP_H_REFERRED_BY,
	[73] = SIP_H_CONTACT,
	[76] = SIP_H_CONTENT_LENGTH,
	[77] = SIP_H_P_CALLED_PARTY_ID,
	[79] = SIP_H_CONTENT_TYPE,
	[81] = SIP_H_RSEQ,
	[83] = SIP_H_HISTORY_INFO,
	[85] = SIP_H_FROM,
	[91] = SIP_H_WWW_AUTHENTICATE,
	[94] = SIP_H_ALLOW,
	[101] = SIP_H_CONTENT_ENCODING,
	[103] = SIP_H_DIVERSION,
	[105] = SIP_H_SUBJECT,
	[107] = SIP_H_IDENTITY,
	[108] = SIP_H_PATH,
	[109] = SIP_H_RECORD_ROUTE,
	[110] = SIP_H_IDENTITY_INFO,
	[112] = SIP_H_REQUIRE,
	[113] = SIP_H_TO,
	[116] = SIP_H_ACCEPT_CONTACT,
	[121] = SIP_H_PROXY_AUTHORIZATION,
	[125] = SIP_H_REQUEST_DISPOSITION,
	[127] = SIP_H_PROXY_AUTHENTICATE,
};

/* ASCII case-insensitive equality of @n bytes, exact for non-letters. */
static bool name_eq(const char *a, const char *lit, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char x = a[i], y = lit[i];

		if (x != y &&
		    ((x ^ y) != 0x20 || (unsigned int)((y | 0x20) - 'a') > 25))
			return false;
	}
	return true;
}

/* @name must be a token (header names always are). */
enum sip_hdr_id sip_hdr_lookup(const char *name, size_t len)
{
	unsigned int c, id;

	if (len == 0)
		return SIP_H_OTHER;
	c = (unsigned char)(name[0] | 0x20) - 'a';
	if (c >= 26)
		return SIP_H_OTHER;
	if (len == 1)
		return (enum sip_hdr_id)hdr_compact[c];
	id = hdr_hash[((unsigned char)(name[0] | 0x20) * 2 +
		       (unsigned char)(name[len - 1] | 0x20) * 25 + len * 25) &
		      127];
	/* most names arrive in their canonical case: memcmp first */
	if (id && hdr_len[id] == len &&
	    (memcmp(name, hdr_names[id], len) == 0 ||
	     name_eq(name, hdr_names[id], len)))
		return (enum sip_hdr_id)id;
	return SIP_H_OTHER;
}

const char *sip_hdr_name(enum sip_hdr_id id)
{
	return (unsigned int)id < SIP_H__COUNT ? hdr_names[id] : "";
}

/* One via-parm, ending at ',' or @e; returns the end or NULL. */
static const char *via_elem(struct sip_via *v, const char *p, const char *e,
			    struct sip_error *err)
{
	const char *base = p, *q, *why = "malformed Via sent-protocol";
	struct sip_str *part[3] = { &v->protocol, &v->version, &v->transport };
	int i;

	*v = (struct sip_via){ 0 };
	p = skip_ws(p, e);
	for (i = 0; i < 3; i++) {
		q = skip_token(p, e);
		if (q == p)
			goto bad;
		*part[i] = mkstr(p, q);
		p = skip_ws(q, e);
		if (i < 2) {
			if (p >= e || *p != '/')
				goto bad;
			p = skip_ws(p + 1, e);
		}
	}
	if (p == q) {
		why = "no whitespace before Via sent-by";
		goto bad;
	}
	p = sip_hostport_parse(p, e, &v->host, &v->host_type, &v->port, &why);
	if (!p)
		goto bad;
	q = lex_params(p, e, ',', "branch", &v->branch);
	if (!q) {
		why = "malformed Via parameter";
		goto bad;
	}
	p = skip_ws(p, e);
	{
		const char *t = q;

		rtrim_ws(p, &t);
		v->params = mkstr(p, t);
	}
	return q;
bad:
	set_err(err, SIP_EVALUE, why, base, p);
	return NULL;
}

int sip_via_parse(struct sip_via *v, const char *p, size_t len,
		  struct sip_error *err)
{
	const char *q;

	if (!p)
		p = "", len = 0;
	q = via_elem(v, p, p + len, err);
	if (!q)
		return -(int)err_code(err, SIP_EVALUE);
	if (q != p + len)
		return set_err(err, SIP_EVALUE, "more than one Via value", p,
			       q);
	return 0;
}

int sip_cseq_parse(const char *p, size_t len, uint32_t *num,
		   struct sip_str *method, struct sip_error *err)
{
	const char *e, *s, *d, *m;
	uint64_t v;

	if (!p)
		p = "", len = 0;
	e = p + len;
	s = d = skip_ws(p, e);
	while (s < e && cc((unsigned char)*s, C_DIGIT))
		s++;
	if (s == d)
		return set_err(err, SIP_EVALUE, "CSeq without a number", p, d);
	/* RFC 3261 8.1.1.5: the sequence number MUST be below 2**31 */
	if (!lex_uint(d, s, 0x7fffffff, &v))
		return set_err(err, SIP_ERANGE, "CSeq number not below 2^31", p,
			       d);
	m = skip_ws(s, e);
	if (m == s)
		return set_err(err, SIP_EVALUE, "CSeq without method", p, s);
	s = skip_token(m, e);
	if (s == m || skip_ws(s, e) != e)
		return set_err(err, SIP_EVALUE, "CSeq method is not a token", p,
			       m);
	*num = (uint32_t)v;
	*method = mkstr(m, s);
	return 0;
}

int sip_rack_parse(const char *p, size_t len, uint32_t *rseq, uint32_t *cseq,
		   struct sip_str *method, struct sip_error *err)
{
	const char *e, *s, *d;
	uint64_t v;

	if (!p)
		p = "", len = 0;
	e = p + len;
	s = d = skip_ws(p, e);
	while (s < e && cc((unsigned char)*s, C_DIGIT))
		s++;
	if (!lex_uint(d, s, 0xffffffffu, &v) || v == 0)
		return set_err(err, SIP_ERANGE,
			       "RAck response-num not in 1..2^32-1", p, d);
	if (skip_ws(s, e) == s)
		return set_err(err, SIP_EVALUE, "malformed RAck", p, s);
	*rseq = (uint32_t)v;
	return sip_cseq_parse(s, (size_t)(e - s), cseq, method, err);
}

int sip_auth_parse(struct sip_auth *a, const char *p, size_t len,
		   struct sip_error *err)
{
	const char *e, *s, *q;

	if (!p)
		p = "", len = 0;
	e = p + len;
	s = skip_ws(p, e);
	*a = (struct sip_auth){ 0 };
	q = skip_token(s, e);
	if (q == s)
		return set_err(err, SIP_EVALUE, "credentials without a scheme",
			       p, s);
	a->scheme = mkstr(s, q);
	s = skip_ws(q, e);
	if (s < e && s == q)
		return set_err(err, SIP_EVALUE,
			       "no whitespace after auth scheme", p, s);
	a->params = mkstr(s, e);
	while (s < e) {
		const char *n = s, *ne, *v, *ve;

		ne = skip_token(n, e);
		if (ne == n)
			return set_err(err, SIP_EVALUE,
				       "malformed auth parameter", p, n);
		s = skip_ws(ne, e);
		if (s >= e || *s != '=')
			return set_err(err, SIP_EVALUE,
				       "auth parameter without '='", p, s);
		s = skip_ws(s + 1, e);
		if (s < e && *s == '"') {
			if (!lex_quoted(s, e, &ve))
				return set_err(err, SIP_EVALUE,
					       "unterminated quoted auth value",
					       p, s);
			v = s + 1;
			s = ve;
			ve--;
		} else {
			v = s;
			s = skip_token(s, e);
			ve = s;
			if (v == ve)
				return set_err(err, SIP_EVALUE,
					       "empty auth parameter value", p,
					       v);
		}
		if (lex_ieq(n, (size_t)(ne - n), "username"))
			a->username = mkstr(v, ve);
		else if (lex_ieq(n, (size_t)(ne - n), "realm"))
			a->realm = mkstr(v, ve);
		s = skip_ws(s, e);
		if (s < e) {
			if (*s != ',')
				return set_err(
					err, SIP_EVALUE,
					"auth parameters not comma-separated",
					p, s);
			s = skip_ws(s + 1, e);
		}
	}
	return 0;
}

/* rfc1123-date, always "GMT" (RFC 3261 20.17): "Sat, 15 Oct 2005 04:44:56 GMT" */
static bool date_valid(struct sip_str v)
{
	static const char *const wk[] = { "Mon", "Tue", "Wed", "Thu",
					  "Fri", "Sat", "Sun" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr",
					   "May", "Jun", "Jul", "Aug",
					   "Sep", "Oct", "Nov", "Dec" };
	static const char shape[] = "www, dd mmm yyyy dd:dd:dd GMT";
	const char *p = v.p;
	unsigned int i;
	bool ok = false;

	if (v.len != sizeof(shape) - 1)
		return false;
	for (i = 0; i < v.len; i++) {
		char s = shape[i];

		if (s == 'd' || s == 'y') {
			if (!cc((unsigned char)p[i], C_DIGIT))
				return false;
		} else if (s != 'w' && s != 'm' && p[i] != s) {
			return false;
		}
	}
	for (i = 0; i < 7; i++)
		ok |= memcmp(p, wk[i], 3) == 0;
	if (!ok)
		return false;
	for (i = 0, ok = false; i < 12; i++)
		ok |= memcmp(p + 8, mon[i], 3) == 0;
	return ok;
}

/*
 * Split a list header value at commas outside quotes and <>; returns the
 * end of the element at [p, e).
 */
static const char *list_elem_end(const char *p, const char *e)
{
	bool quote = false, angle = false;

	for (; p < e; p++) {
		char c = *p;

		if (quote) {
			if (c == '\\' && p + 1 < e)
				p++;
			else if (c == '"')
				quote = false;
		} else if (c == '"') {
			quote = true;
		} else if (c == '<') {
			angle = true;
		} else if (c == '>') {
			angle = false;
		} else if (c == ',' && !angle) {
			break;
		}
	}
	return p;
}

void sip_iter_init(struct sip_iter *it, const struct sip_msg *m,
		   enum sip_hdr_id id)
{
	it->m = m;
	it->id = id;
	it->idx = m->hfirst[id];
	it->pos = it->end = NULL;
	if (it->idx >= 0) {
		it->pos = m->hdr[it->idx].value.p;
		it->end = it->pos + m->hdr[it->idx].value.len;
	}
}

bool sip_iter_next(struct sip_iter *it, struct sip_str *value)
{
	while (it->idx >= 0) {
		const char *s, *q;

		while (it->pos < it->end) {
			s = skip_ws(it->pos, it->end);
			q = list_elem_end(s, it->end);
			it->pos = q < it->end ? q + 1 : q;
			rtrim_ws(s, &q);
			if (q > s) {
				*value = mkstr(s, q);
				return true;
			}
		}
		/* next occurrence of the same header */
		do {
			it->idx++;
		} while (it->idx < it->m->nhdr &&
			 it->m->hdr[it->idx].id != it->id);
		if (it->idx >= it->m->nhdr) {
			it->idx = -1;
			break;
		}
		it->pos = it->m->hdr[it->idx].value.p;
		it->end = it->pos + it->m->hdr[it->idx].value.len;
	}
	return false;
}

bool sip_iter_next_name_addr(struct sip_iter *it, struct sip_name_addr *na)
{
	struct sip_str v;

	while (sip_iter_next(it, &v))
		if (sip_name_addr_parse(na, v.p, v.len, NULL) == 0)
			return true;
	return false;
}

bool sip_has_option_tag(const struct sip_msg *m, enum sip_hdr_id id,
			const char *tag)
{
	struct sip_iter it;
	struct sip_str v;

	sip_iter_init(&it, m, id);
	while (sip_iter_next(&it, &v))
		if (sip_str_ieq(v, tag))
			return true;
	return false;
}

/* Validate a list of name-addr values; the first one is kept in @first. */
static int na_list(const char *p, const char *e, bool star_ok,
		   struct sip_name_addr *first, struct sip_error *err)
{
	const char *base = p, *q = skip_ws(p, e), *t = e;
	struct sip_name_addr na;
	struct sip_str ex;
	uint64_t v;
	int n = 0;

	rtrim_ws(q, &t);
	if (star_ok && t - q == 1 && *q == '*') {
		if (first)
			*first = (struct sip_name_addr){ .star = true };
		return 0;
	}
	for (;;) {
		q = sip_na_parse(&na, p, e, ',', err);
		if (!q) {
			if (err)
				err->offset += (size_t)(p - base);
			return -(int)err_code(err, SIP_EVALUE);
		}
		if (star_ok && sip_param_get(na.params, "expires", &ex) &&
		    !lex_uint(ex.p, ex.p + ex.len, 0xffffffffu, &v))
			return set_err(err, SIP_ERANGE,
				       "Contact expires not in 0..2^32-1", base,
				       ex.p);
		if (n++ == 0 && first)
			*first = na;
		if (q == e)
			return 0;
		p = q + 1;
	}
}

static int token_list(const char *p, const char *e, struct sip_error *err)
{
	const char *base = p;

	p = skip_ws(p, e);
	while (p < e) {
		const char *q = skip_token(p, e);

		if (q == p)
			return set_err(err, SIP_EVALUE,
				       "list element is not a token", base, p);
		p = skip_ws(q, e);
		if (p < e) {
			if (*p != ',')
				return set_err(err, SIP_EVALUE,
					       "token list not comma-separated",
					       base, p);
			p = skip_ws(p + 1, e);
			if (p == e)
				return set_err(err, SIP_EVALUE,
					       "empty element in token list",
					       base, p);
		}
	}
	return 0;
}

static int uint_hdr(const struct sip_hdr *h, uint64_t max, uint64_t *out,
		    const char *what, struct sip_error *err)
{
	const char *p = h->value.p, *e = p + h->value.len, *q;
	uint64_t v = 0;
	bool big = false;

	/* one pass: digits only, range checked without overflow */
	for (q = p; q < e; q++) {
		unsigned int d = (unsigned char)*q - '0';

		if (d > 9)
			return set_err(err, SIP_EVALUE, what, p, p);
		if (!big && v > (UINT64_MAX - 9) / 10)
			big = true;
		v = big ? v : v * 10 + d;
		big = big || v > max;
	}
	if (q == p)
		return set_err(err, SIP_EVALUE, what, p, p);
	if (big)
		return set_err(err, SIP_ERANGE, what, p, p);
	*out = v;
	return 0;
}

/*
 * Validate one header and decode the first occurrence of the core ones.
 * Error offsets are relative to the header value; the caller rebases.
 */
int sip_hdr_decode(struct sip_msg *m, const struct sip_hdr *h, bool first,
		   struct sip_error *err)
{
	const char *p = h->value.p, *e = p + h->value.len, *q;
	struct sip_name_addr *na = NULL;
	struct sip_via via;
	uint64_t v;
	int r;

	switch (h->id) {
	case SIP_H_VIA:
		if (p == e)
			return set_err(err, SIP_EVALUE, "empty Via", p, p);
		for (;;) {
			q = via_elem(first ? &m->via : &via, p, e, err);
			if (!q) {
				if (err)
					err->offset += (size_t)(p - h->value.p);
				return -(int)err_code(err, SIP_EVALUE);
			}
			first = false;
			if (q == e)
				return 0;
			p = q + 1;
		}
	case SIP_H_FROM:
	case SIP_H_TO:
		if (first)
			na = h->id == SIP_H_FROM ? &m->from : &m->to;
		/* fall through */
	case SIP_H_P_CALLED_PARTY_ID:
	case SIP_H_REFER_TO:
	case SIP_H_REFERRED_BY: {
		struct sip_name_addr tmp;

		r = sip_name_addr_parse(na ? na : &tmp, p, h->value.len, err);
		if (r)
			return r;
		if (na && na->star)
			return set_err(err, SIP_EVALUE,
				       "'*' is only valid in Contact", p, p);
		if (na && h->id == SIP_H_FROM)
			m->from_tag = na->tag;
		else if (na)
			m->to_tag = na->tag;
		return 0;
	}
	case SIP_H_CONTACT:
		return na_list(p, e, true, NULL, err);
	case SIP_H_ROUTE:
	case SIP_H_RECORD_ROUTE:
	case SIP_H_PATH:
	case SIP_H_SERVICE_ROUTE:
	case SIP_H_P_ASSERTED_IDENTITY:
	case SIP_H_P_PREFERRED_IDENTITY:
	case SIP_H_P_ASSOCIATED_URI:
	case SIP_H_HISTORY_INFO:
	case SIP_H_DIVERSION:
		if (p == e)
			return set_err(err, SIP_EVALUE, "empty address list", p,
				       p);
		return na_list(p, e, false, NULL, err);
	case SIP_H_CALL_ID:
		/* callid = word [ "@" word ] */
		q = p;
		while (q < e && cc((unsigned char)*q, C_WORD))
			q++;
		if (q < e && *q == '@' && q > p) {
			const char *w = ++q;

			while (q < e && cc((unsigned char)*q, C_WORD))
				q++;
			if (q == w)
				q = p;
		}
		if (q == p || q != e)
			return set_err(err, SIP_EVALUE, "malformed Call-ID", p,
				       q);
		if (first)
			m->call_id = h->value;
		return 0;
	case SIP_H_CSEQ: {
		uint32_t num;
		struct sip_str meth;

		r = sip_cseq_parse(p, h->value.len, &num, &meth, err);
		if (r || !first)
			return r;
		m->cseq = num;
		m->cseq_method_str = meth;
		m->cseq_method = sip_method_lookup(meth.p, meth.len);
		return 0;
	}
	case SIP_H_MAX_FORWARDS:
		r = uint_hdr(h, 255, &v, "Max-Forwards not in 0..255", err);
		if (!r && first)
			m->max_forwards = (int16_t)v;
		return r;
	case SIP_H_EXPIRES:
		r = uint_hdr(h, 0xffffffffu, &v, "Expires not in 0..2^32-1",
			     err);
		if (!r && first)
			m->expires = (int64_t)v;
		return r;
	case SIP_H_CONTENT_LENGTH:
		r = uint_hdr(h, SIP_MAX_BODY_BYTES, &v,
			     "Content-Length is not a number in 0..1048576",
			     err);
		if (r)
			return set_err(err, SIP_ELENGTH, err ? err->reason : "",
				       p, p);
		if (m->has_content_length && m->content_length != v)
			return set_err(err, SIP_ELENGTH,
				       "conflicting Content-Length values", p,
				       p);
		m->has_content_length = true;
		m->content_length = (uint32_t)v;
		return 0;
	case SIP_H_RSEQ:
		r = uint_hdr(h, 0xffffffffu, &v, "RSeq not in 1..2^32-1", err);
		if (!r && v == 0)
			return set_err(err, SIP_ERANGE, "RSeq not in 1..2^32-1",
				       p, p);
		return r;
	case SIP_H_RACK: {
		uint32_t a, b;
		struct sip_str meth;

		return sip_rack_parse(p, h->value.len, &a, &b, &meth, err);
	}
	case SIP_H_AUTHORIZATION:
	case SIP_H_PROXY_AUTHORIZATION: {
		struct sip_auth a;

		return sip_auth_parse(&a, p, h->value.len, err);
	}
	case SIP_H_DATE:
		if (!date_valid(h->value))
			return set_err(err, SIP_EVALUE,
				       "Date is not an RFC 1123 date in GMT", p,
				       p);
		return 0;
	case SIP_H_SUPPORTED:
	case SIP_H_REQUIRE:
	case SIP_H_PROXY_REQUIRE:
	case SIP_H_ALLOW:
		return token_list(p, e, err);
	default:
		return 0;
	}
}
