// SPDX-License-Identifier: GPL-2.0
/*
 * Zero-copy search of MIME multipart bodies (RFC 2046 5.1.1): delimiter
 * lines, part headers, nested multiparts. Bare LF line ends are accepted
 * as the SIP parser accepts them.
 */
#include <string.h>
#include <strings.h>

#include "multipart.h"

static bool type_is(struct sip_str v, const char *type)
{
	size_t n = strlen(type);
	uint32_t i = 0;

	while (i < v.len && (v.p[i] == ' ' || v.p[i] == '\t'))
		i++;
	if (v.len - i < n || strncasecmp(v.p + i, type, n))
		return false;
	i += (uint32_t)n;
	return i == v.len || v.p[i] == ';' || v.p[i] == ' ' || v.p[i] == '\t' ||
	       v.p[i] == '\r';
}

bool multipart_is(struct sip_str ct)
{
	static const char mp[] = "multipart/";
	uint32_t i = 0;

	while (i < ct.len && (ct.p[i] == ' ' || ct.p[i] == '\t'))
		i++;
	return ct.len - i >= sizeof(mp) - 1 &&
	       !strncasecmp(ct.p + i, mp, sizeof(mp) - 1);
}

/* The boundary parameter of a Content-Type value (quotes removed). */
static bool boundary_of(struct sip_str ct, struct sip_str *b)
{
	const char *semi = memchr(ct.p, ';', ct.len);
	struct sip_str params;

	if (!semi)
		return false;
	params.p = semi;
	params.len = (uint32_t)(ct.p + ct.len - semi);
	/* RFC 2046 5.1.1: 1 to 70 characters. */
	return sip_param_get(params, "boundary", b) && b->len >= 1 &&
	       b->len <= 70;
}

struct delim {
	const char *line; /* the "--" that starts the delimiter line */
	const char *next; /* after its line end */
	bool close; /* "--boundary--" */
};

/*
 * The next delimiter line at or after @p: "--" boundary at the start of a
 * line, then "--" for the last one, transport padding (spaces) and the
 * line end (or the end of the body).
 */
static bool next_delim(const char *start, const char *p, const char *end,
		       struct sip_str b, struct delim *d)
{
	while (p < end) {
		const char *q = memmem(p, (size_t)(end - p), "--", 2);
		const char *r;

		if (!q || (size_t)(end - q) < 2 + b.len)
			return false;
		p = q + 1;
		if ((q != start && q[-1] != '\n') || memcmp(q + 2, b.p, b.len))
			continue;
		r = q + 2 + b.len;
		d->close = end - r >= 2 && r[0] == '-' && r[1] == '-';
		if (d->close)
			r += 2;
		while (r < end && (*r == ' ' || *r == '\t'))
			r++;
		if (r < end && *r == '\r')
			r++;
		if (r < end && *r != '\n')
			continue; /* "--boundary" is only a prefix here */
		d->line = q;
		d->next = r < end ? r + 1 : r;
		return true;
	}
	return false;
}

/* The end of the line at @p (its first byte after the line end). */
static const char *line_end(const char *p, const char *end, const char **eol)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	if (!nl) {
		*eol = end;
		return end;
	}
	*eol = nl > p && nl[-1] == '\r' ? nl - 1 : nl;
	return nl + 1;
}

/*
 * Split a part into its Content-Type value (empty when absent) and its
 * content. A part whose header block does not end is refused.
 */
static bool part_split(const char *p, const char *end, struct sip_str *ct,
		       struct sip_str *content)
{
	ct->p = NULL;
	ct->len = 0;
	while (p < end) {
		const char *eol, *next = line_end(p, end, &eol);
		const char *colon;
		size_t nlen;

		if (eol == p) { /* the empty line ending the headers */
			content->p = next;
			content->len = (uint32_t)(end - next);
			return true;
		}
		if (next == end && eol == end)
			return false;
		colon = memchr(p, ':', (size_t)(eol - p));
		nlen = colon ? (size_t)(colon - p) : 0;
		while (nlen && (p[nlen - 1] == ' ' || p[nlen - 1] == '\t'))
			nlen--;
		/* continuation lines (leading space) are not headers */
		if (colon && *p != ' ' && *p != '\t' &&
		    ((nlen == 12 && !strncasecmp(p, "Content-Type", 12)) ||
		     (nlen == 1 && (*p == 'c' || *p == 'C')))) {
			ct->p = colon + 1;
			ct->len = (uint32_t)(eol - colon - 1);
		}
		p = next;
	}
	return false;
}

static bool find(struct sip_str ct, struct sip_str body, const char *type,
		 struct sip_str *out, unsigned int depth)
{
	const char *end = body.p + body.len;
	struct sip_str b, pct, content;
	struct delim d, e;

	if (!body.p || !boundary_of(ct, &b) ||
	    !next_delim(body.p, body.p, end, b, &d))
		return false;
	while (!d.close && next_delim(body.p, d.next, end, b, &e)) {
		/* The line end before a delimiter belongs to it. */
		const char *cend = e.line;

		if (cend > d.next && cend[-1] == '\n')
			cend--;
		if (cend > d.next && cend[-1] == '\r')
			cend--;
		if (part_split(d.next, cend, &pct, &content)) {
			if (type_is(pct, type)) {
				*out = content;
				return true;
			}
			if (depth + 1 < MULTIPART_MAX_DEPTH &&
			    multipart_is(pct) &&
			    find(pct, content, type, out, depth + 1))
				return true;
		}
		d = e;
	}
	return false;
}

bool multipart_find(struct sip_str ct, struct sip_str body, const char *type,
		    struct sip_str *out)
{
	return multipart_is(ct) && find(ct, body, type, out, 0);
}
