// SPDX-License-Identifier: GPL-2.0
/*
 * SIP message framing and indexing: start line, header lines (folding,
 * compact names), Content-Length framing for datagrams and streams, and
 * the RFC 3261 semantic checks.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sip_lex.h"

static const struct {
	const char *name;
	uint8_t len;
	enum sip_method id;
} methods[] = {
	{ "INVITE", 6, SIP_M_INVITE },	   { "ACK", 3, SIP_M_ACK },
	{ "BYE", 3, SIP_M_BYE },	   { "CANCEL", 6, SIP_M_CANCEL },
	{ "REGISTER", 8, SIP_M_REGISTER }, { "OPTIONS", 7, SIP_M_OPTIONS },
	{ "PRACK", 5, SIP_M_PRACK },	   { "UPDATE", 6, SIP_M_UPDATE },
	{ "INFO", 4, SIP_M_INFO },	   { "SUBSCRIBE", 9, SIP_M_SUBSCRIBE },
	{ "NOTIFY", 6, SIP_M_NOTIFY },	   { "REFER", 5, SIP_M_REFER },
	{ "MESSAGE", 7, SIP_M_MESSAGE },   { "PUBLISH", 7, SIP_M_PUBLISH },
};

/* Methods are case-sensitive (RFC 3261 7.1). */
enum sip_method sip_method_lookup(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (methods[i].len == len &&
		    memcmp(methods[i].name, p, len) == 0)
			return methods[i].id;
	return SIP_M_OTHER;
}

/* "SIP/2.0": the literal is case-insensitive in the ABNF. */
static int version_check(const char *p, const char *e, const char *base,
			 struct sip_error *err)
{
	const char *q;

	if (e - p < 4 || !lex_ieq(p, 4, "sip/"))
		return set_err(err, SIP_ESTARTLINE, "missing SIP version", base,
			       p);
	for (q = p + 4; q < e && (cc((unsigned char)*q, C_DIGIT) || *q == '.');
	     q++)
		;
	if (q - p == 7 && memcmp(p + 4, "2.0", 3) == 0) {
		if (q == e)
			return 0;
		return set_err(err, SIP_ESTARTLINE,
			       "characters after SIP version", base, q);
	}
	return set_err(err, SIP_EVERSION,
		       "unsupported SIP version (only SIP/2.0)", base, p);
}

static int request_line(struct sip_msg *m, const char *p, const char *e,
			struct sip_error *err)
{
	const char *b = m->buf, *q = skip_token(p, e), *u;
	int r;

	if (q == p || q >= e || *q != ' ')
		return set_err(err, SIP_ESTARTLINE,
			       "method is not a token followed by SP", b, q);
	m->method_str = mkstr(p, q);
	m->method = sip_method_lookup(p, (size_t)(q - p));
	u = ++q;
	if (u < e && (*u == ' ' || *u == '\t'))
		return set_err(err, SIP_ESTARTLINE,
			       "more than one SP after method", b, u);
	q = memchr(u, ' ', (size_t)(e - u));
	if (!q)
		return set_err(err, SIP_ESTARTLINE,
			       "request line without SIP version", b, e);
	if (*u == '<')
		return set_err(err, SIP_EURI, "Request-URI enclosed in <>", b,
			       u);
	/* a second SP before the version means whitespace inside the URI */
	if (memchr(q + 1, ' ', (size_t)(e - q - 1)) ||
	    memchr(u, '\t', (size_t)(e - u))) {
		const char *v = e;

		while (v > q + 1 && v[-1] == ' ')
			v--;
		if (v == q + 1)
			return set_err(err, SIP_ESTARTLINE,
				       "request line without SIP version", b,
				       v);
		if (v == e || memchr(q + 1, ' ', (size_t)(v - q - 1)))
			return set_err(err, SIP_EURI,
				       "whitespace inside Request-URI", b, q);
		return set_err(err, SIP_ESTARTLINE,
			       "whitespace after SIP version", b, v);
	}
	r = sip_uri_parse(&m->ruri, u, (size_t)(q - u), err);
	if (r) {
		if (err)
			err->offset += (size_t)(u - b);
		return r;
	}
	/* RFC 3261 19.1.1 table: headers are not allowed in a Request-URI */
	if (m->ruri.headers.len)
		return set_err(err, SIP_EURI, "Request-URI contains headers", b,
			       m->ruri.headers.p);
	return version_check(q + 1, e, b, err);
}

static int status_line(struct sip_msg *m, const char *p, const char *e,
		       struct sip_error *err)
{
	const char *b = m->buf, *q = memchr(p, ' ', (size_t)(e - p)), *d, *r;
	uint64_t v;
	int ret;

	if (!q)
		return set_err(err, SIP_ESTARTLINE,
			       "status line without status code", b, e);
	ret = version_check(p, q, b, err);
	if (ret)
		return ret;
	for (d = ++q; q < e && cc((unsigned char)*q, C_DIGIT); q++)
		;
	if (q - d != 3 || (q < e && *q != ' '))
		return set_err(err, SIP_ESTARTLINE,
			       "status code is not 3 digits", b, d);
	lex_uint(d, q, 999, &v);
	if (v < 100 || v > 699)
		return set_err(err, SIP_ERANGE, "status code not in 100..699",
			       b, d);
	m->status = (uint16_t)v;
	r = q < e ? q + 1 : q;
	for (q = r; q < e; q++)
		if (((unsigned char)*q < 0x20 && *q != '\t') || *q == 0x7f)
			return set_err(err, SIP_ESTARTLINE,
				       "control character in reason phrase", b,
				       q);
	m->reason = mkstr(r, e);
	return 0;
}

static void msg_init(struct sip_msg *m, const char *buf)
{
	/* only the bookkeeping; hdr[] is written as it fills */
	memset(m, 0, offsetof(struct sip_msg, hdr));
	memset(m->hfirst, 0xff, sizeof(m->hfirst));
	m->buf = buf;
	/* from, to and via are written when present, cleared at the end if not */
	m->from_tag = m->to_tag = m->call_id = m->cseq_method_str = m->body =
		(struct sip_str){ 0 };
	m->cseq = 0;
	m->cseq_method = SIP_M_OTHER;
	m->max_forwards = -1;
	m->expires = -1;
	m->content_length = 0;
	m->has_content_length = false;
}

/*
 * First CR or LF in [p, e); @b is the start of the buffer, so the last
 * bytes can be read with one load that ends at @e. One scan finds line
 * ends and bare CRs together.
 */
static inline const char *find_eol(const char *b, const char *p, const char *e)
{
#ifdef __SSE2__
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
	unsigned int mask;
	__m128i v;

	for (; e - p >= 16; p += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)p);
		mask = (unsigned int)_mm_movemask_epi8(_mm_or_si128(
			_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
		if (mask)
			return p + __builtin_ctz(mask);
	}
	if (p < e && e - b >= 16) {
		const char *s = e - 16;

		v = _mm_loadu_si128((const __m128i *)(const void *)s);
		mask = (unsigned int)_mm_movemask_epi8(_mm_or_si128(
			_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
		mask >>= (unsigned int)(p - s);
		return mask ? p + __builtin_ctz(mask) : e;
	}
#endif
	while (p < e && *p != '\r' && *p != '\n')
		p++;
	return p;
}

enum eol { EOL_OK, EOL_NONE, EOL_BARE_CR };

/*
 * The line starting at @p: *le is where its content ends, *next the byte
 * after its LF. Lines end in CRLF or, tolerated, LF; a CR anywhere else is
 * refused (stacks disagree on what a bare CR means).
 */
static inline enum eol line_end(const char *b, const char *p, const char *e,
				const char **le, const char **next)
{
	const char *q = find_eol(b, p, e);

	*le = q;
	if (q >= e)
		return EOL_NONE;
	if (*q == '\n') {
		*next = q + 1;
		return EOL_OK;
	}
	if (q + 1 >= e)
		return EOL_NONE;
	if (q[1] != '\n')
		return EOL_BARE_CR;
	*next = q + 2;
	return EOL_OK;
}

/* Index one header line [p, le) whose value may continue on folded lines. */
static int add_header(struct sip_msg *m, const char *p, const char *ve,
		      struct sip_error *err)
{
	const char *b = m->buf, *n = skip_token(p, ve), *q = n, *vs;
	struct sip_hdr *h;
	int r;

	if (n == p)
		return set_err(err, SIP_EHEADER, "header name is not a token",
			       b, p);
	while (q < ve && (*q == ' ' || *q == '\t'))
		q++;
	if (q >= ve || *q != ':')
		return set_err(err, SIP_EHEADER, "header line without ':'", b,
			       q);
	if (m->nhdr >= SIP_MAX_HEADERS)
		return set_err(err, SIP_ELIMIT, "too many headers (limit 128)",
			       b, p);
	vs = skip_ws(q + 1, ve);
	rtrim_ws(vs, &ve);
	h = &m->hdr[m->nhdr];
	h->name = mkstr(p, n);
	h->value = mkstr(vs, ve);
	h->id = sip_hdr_lookup(p, (size_t)(n - p));
	if (m->hfirst[h->id] < 0)
		m->hfirst[h->id] = (int16_t)m->nhdr;
	if (m->hcount[h->id] < 255)
		m->hcount[h->id]++;
	m->nhdr++;
	if (h->id == SIP_H_OTHER)
		return 0;
	r = sip_hdr_decode(m, h, m->hcount[h->id] == 1, err);
	if (r && err)
		err->offset += (size_t)(vs - b);
	return r;
}

/* Header section: returns the body start, or NULL with *ret set. */
static const char *headers(struct sip_msg *m, const char *p, const char *e,
			   bool stream, int *ret, struct sip_error *err)
{
	const char *b = m->buf;

	for (;;) {
		const char *le, *nx, *start = p;
		enum eol r;

		if (p >= e) {
			/* tolerated for datagrams: the packet ends the header section */
			if (!stream)
				return p;
			*ret = set_err(err, SIP_EINCOMPLETE,
				       "header section incomplete", b, p);
			return NULL;
		}
		if (p - b > SIP_MAX_HEADER_BYTES) {
			*ret = set_err(err, SIP_ELIMIT,
				       "header section larger than 64 KiB", b,
				       p);
			return NULL;
		}
		r = line_end(b, p, e, &le, &nx);
		if (r == EOL_OK && le == p)
			return nx;
		if (r == EOL_OK && (*p == ' ' || *p == '\t')) {
			*ret = set_err(err, SIP_EHEADER,
				       "continuation line without a header", b,
				       p);
			return NULL;
		}
		/* folding: following lines that start with SP or HT */
		while (r == EOL_OK && nx < e && (*nx == ' ' || *nx == '\t'))
			r = line_end(b, nx, e, &le, &nx);
		if (r == EOL_BARE_CR) {
			*ret = set_err(err, SIP_EHEADER, "bare CR in header", b,
				       le);
			return NULL;
		}
		if (r == EOL_NONE) {
			*ret = set_err(err,
				       stream ? SIP_EINCOMPLETE : SIP_EHEADER,
				       "header line not terminated", b, le);
			return NULL;
		}
		if (stream && nx >= e) {
			*ret = set_err(err, SIP_EINCOMPLETE,
				       "header section incomplete", b, p);
			return NULL;
		}
		*ret = add_header(m, start, le, err);
		if (*ret)
			return NULL;
		p = nx;
	}
}

int sip_parse(struct sip_msg *m, const char *buf, size_t len,
	      unsigned int flags, struct sip_error *err)
{
	const char *p, *e, *nl, *le, *body;
	bool stream = flags & SIP_PARSE_STREAM;
	size_t avail;
	int r = 0;

	if (!buf)
		buf = "", len = 0;
	p = buf;
	msg_init(m, buf);
	if (len > UINT32_MAX)
		return set_err(err, SIP_ELIMIT, "message larger than 4 GiB",
			       buf, buf);
	e = buf + len;
	/* RFC 3261 7.5: ignore CRLFs before the start line */
	while (p < e && (*p == '\r' || *p == '\n'))
		p++;
	if (p == e)
		return set_err(err, stream ? SIP_EINCOMPLETE : SIP_ESTARTLINE,
			       "empty message", buf, p);
	switch (line_end(buf, p, e, &le, &nl)) {
	case EOL_NONE:
		return set_err(err, stream ? SIP_EINCOMPLETE : SIP_ESTARTLINE,
			       "start line not terminated", buf, p);
	case EOL_BARE_CR:
		return set_err(err, SIP_ESTARTLINE, "bare CR in start line",
			       buf, le);
	default:
		break;
	}
	if (le - p >= 4 && lex_ieq(p, 4, "sip/") &&
	    memchr(p, ' ', (size_t)(le - p))) {
		m->is_request = false;
		r = status_line(m, p, le, err);
	} else {
		m->is_request = true;
		r = request_line(m, p, le, err);
	}
	if (r)
		return r;
	body = headers(m, nl, e, stream, &r, err);
	if (!body)
		return r;
	avail = (size_t)(e - body);
	if (m->has_content_length) {
		if (m->content_length > avail) {
			if (stream)
				return set_err(err, SIP_EINCOMPLETE,
					       "body incomplete", buf, e);
			/* RFC 3261 18.3: the datagram ends before the body does */
			return set_err(
				err, SIP_ELENGTH,
				"Content-Length larger than the datagram", buf,
				body);
		}
		avail = m->content_length;
	} else if (stream) {
		/* RFC 3261 18.3/20.14: mandatory on stream transports */
		return set_err(err, SIP_ELENGTH,
			       "Content-Length missing on a stream transport",
			       buf, body);
	}
	if (!m->hcount[SIP_H_FROM])
		m->from = (struct sip_name_addr){ 0 };
	if (!m->hcount[SIP_H_TO])
		m->to = (struct sip_name_addr){ 0 };
	if (!m->hcount[SIP_H_VIA])
		m->via = (struct sip_via){ 0 };
	m->body = mkstr(body, body + avail);
	m->len = (uint32_t)(body + avail - buf);
	m->trailing = (uint32_t)(len - m->len);
	if (m->is_request && m->hcount[SIP_H_CSEQ] &&
	    !(m->cseq_method_str.len == m->method_str.len &&
	      memcmp(m->cseq_method_str.p, m->method_str.p,
		     m->method_str.len) == 0))
		return set_err(err, SIP_EMISMATCH,
			       "CSeq method differs from request method", buf,
			       m->cseq_method_str.p);
	return 0;
}

int sip_msg_check(const struct sip_msg *m, struct sip_error *err)
{
	static const enum sip_hdr_id required[] = { SIP_H_VIA, SIP_H_FROM,
						    SIP_H_TO, SIP_H_CALL_ID,
						    SIP_H_CSEQ };
	static const enum sip_hdr_id single[] = {
		SIP_H_FROM, SIP_H_TO,		SIP_H_CALL_ID,
		SIP_H_CSEQ, SIP_H_MAX_FORWARDS, SIP_H_CONTENT_TYPE
	};
	static const char *const missing[] = { "Via missing", "From missing",
					       "To missing", "Call-ID missing",
					       "CSeq missing" };
	static const char *const dup[] = { "From given more than once",
					   "To given more than once",
					   "Call-ID given more than once",
					   "CSeq given more than once",
					   "Max-Forwards given more than once",
					   "Content-Type given more than once" };
	size_t i;

	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!m->hcount[required[i]])
			return set_err(err, SIP_EMISSING, missing[i], NULL,
				       NULL);
	for (i = 0; i < sizeof(single) / sizeof(single[0]); i++)
		if (m->hcount[single[i]] > 1)
			return set_err(err, SIP_EDUPLICATE, dup[i], m->buf,
				       m->hdr[m->hfirst[single[i]]].name.p);
	return 0;
}

const struct sip_hdr *sip_hdr_first(const struct sip_msg *m, enum sip_hdr_id id)
{
	if ((unsigned int)id >= SIP_H__COUNT || m->hfirst[id] < 0)
		return NULL;
	return &m->hdr[m->hfirst[id]];
}

const struct sip_hdr *sip_hdr_find(const struct sip_msg *m, const char *name)
{
	enum sip_hdr_id id = sip_hdr_lookup(name, strlen(name));
	uint16_t i;

	if (id != SIP_H_OTHER)
		return sip_hdr_first(m, id);
	for (i = 0; i < m->nhdr; i++)
		if (m->hdr[i].id == SIP_H_OTHER &&
		    sip_str_ieq(m->hdr[i].name, name))
			return &m->hdr[i];
	return NULL;
}

/* Content-Length value of a header line starting at p, if it is one. */
static int frame_cl(const char *p, const char *e, uint64_t *cl)
{
	const char *n = skip_token(p, e), *q = n, *d;
	enum sip_hdr_id id = sip_hdr_lookup(p, (size_t)(n - p));

	if (id != SIP_H_CONTENT_LENGTH)
		return 0;
	while (q < e && (*q == ' ' || *q == '\t'))
		q++;
	if (q >= e || *q != ':')
		return 0;
	q = skip_ws(q + 1, e);
	for (d = q; q < e && cc((unsigned char)*q, C_DIGIT); q++)
		;
	if (skip_ws(q, e) != e || !lex_uint(d, q, SIP_MAX_BODY_BYTES, cl))
		return -1;
	return 1;
}

enum sip_frame_kind sip_frame(const char *buf, size_t len, size_t *msg_len,
			      struct sip_error *err)
{
	const char *p, *e, *line, *nl;
	uint64_t cl = 0, v;
	bool have_cl = false;

	if (!buf)
		buf = "", len = 0;
	p = line = buf;
	e = buf + len;
	*msg_len = 0;
	while (p < e && (*p == '\r' || *p == '\n'))
		p++;
	if (p > buf) {
		*msg_len = (size_t)(p - buf);
		return SIP_FRAME_KEEPALIVE;
	}
	while ((nl = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		const char *le = (nl > line && nl[-1] == '\r') ? nl - 1 : nl;

		if (line > buf && le == line) {
			*msg_len = (size_t)(nl + 1 - buf) + cl;
			return *msg_len <= len ? SIP_FRAME_MESSAGE :
						 SIP_FRAME_NEED_MORE;
		}
		if (line > buf) {
			int r = frame_cl(line, le, &v);

			if (r < 0 || (r > 0 && have_cl && v != cl)) {
				set_err(err, SIP_ELENGTH,
					r < 0 ? "malformed Content-Length" :
						"conflicting Content-Length values",
					buf, line);
				return SIP_FRAME_ERROR;
			}
			if (r > 0) {
				have_cl = true;
				cl = v;
			}
		}
		p = line = nl + 1;
		if (p - buf > SIP_MAX_HEADER_BYTES)
			break;
	}
	if (len > SIP_MAX_HEADER_BYTES) {
		set_err(err, SIP_ELIMIT, "header section larger than 64 KiB",
			buf, buf);
		return SIP_FRAME_ERROR;
	}
	return SIP_FRAME_NEED_MORE;
}
