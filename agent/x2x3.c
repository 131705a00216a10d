// SPDX-License-Identifier: GPL-2.0
/*
 * x2x3.c - ETSI TS 103 221-2 X2/X3 PDU codec (see x2x3.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x2x3.h"

static const char *const x2x3_errstr[X2X3_NERR] = {
	[X2X3_OK] = "ok",
	[X2X3_ETRUNC] = "truncated",
	[X2X3_EHDRLEN] = "bad header length",
	[X2X3_EPAYLEN] = "payload length over limit",
	[X2X3_ETYPE] = "unknown PDU type",
	[X2X3_EFORMAT] = "payload format not allowed",
	[X2X3_EDIR] = "bad payload direction",
	[X2X3_EATTR] = "malformed attribute",
	[X2X3_EATTRLEN] = "attribute has the wrong length",
	[X2X3_EDUP] = "attribute repeated",
	[X2X3_ECOUNT] = "too many attributes of one type",
	[X2X3_EKEEPALIVE] = "keepalive with payload",
	[X2X3_EINVAL] = "invalid PDU",
	[X2X3_ENOSPC] = "buffer too small",
	[X2X3_ENOMEM] = "out of memory",
	[X2X3_ETRAILING] = "trailing data",
};

const char *x2x3_strerror(int code)
{
	if (code < 0)
		code = -code;
	return code < X2X3_NERR ? x2x3_errstr[code] : "unknown error";
}

static int fail(struct x2x3_error *err, int code, bool fatal, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));

static int fail(struct x2x3_error *err, int code, bool fatal, const char *fmt,
		...)
{
	va_list ap;
	int n;

	if (err) {
		err->code = code;
		err->fatal = fatal;
		n = snprintf(err->msg, sizeof(err->msg),
			     "%s: ", x2x3_strerror(code));
		if (n < 0 || (size_t)n >= sizeof(err->msg))
			n = 0;
		va_start(ap, fmt);
		vsnprintf(err->msg + n, sizeof(err->msg) - n, fmt, ap);
		va_end(ap);
	}
	return -code;
}

static uint16_t get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

static uint8_t *put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
	return p + 2;
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
	return p + 4;
}

/*
 * Payload formats accepted per PDU type, as OpenLI's X2/X3 ingest does
 * (TS 103 221-2 leaves the pairing to the payload definitions): X2
 * carries records and signalling, X3 carries content.
 */
#define PF(n) (1u << (n))
static const uint32_t pf_allowed[5] = {
	[X2X3_PDU_X2] = PF(1) | PF(2) | PF(3) | PF(4) | PF(5) | PF(6) | PF(9) |
			PF(10) | PF(11) | PF(14) | PF(15),
	[X2X3_PDU_X3] = PF(1) | PF(2) | PF(3) | PF(4) | PF(5) | PF(6) | PF(7) |
			PF(8) | PF(12) | PF(13) | PF(15) | PF(16),
	[X2X3_PDU_KEEPALIVE] = PF(0),
	[X2X3_PDU_KEEPALIVE_ACK] = PF(0),
};

/* Fixed attribute sizes on encode (0: variable). */
static size_t attr_size(const struct x2x3_pdu *p, unsigned int a)
{
	switch (a) {
	case X2X3_A_SEQ:
		return 4;
	case X2X3_A_TIMESTAMP:
		return 8;
	case X2X3_A_SRC_IPV4:
	case X2X3_A_DST_IPV4:
		return 4;
	case X2X3_A_SRC_IPV6:
	case X2X3_A_DST_IPV6:
		return 16;
	case X2X3_A_SRC_PORT:
	case X2X3_A_DST_PORT:
		return 2;
	case X2X3_A_IP_PROTO:
		return 1;
	case X2X3_A_DID:
		return p->did.len;
	case X2X3_A_NFID:
		return p->nfid.len;
	case X2X3_A_IPID:
		return p->ipid.len;
	case X2X3_A_MIME_TYPE:
		return p->mime_type.len;
	case X2X3_A_MIME_CTE:
		return p->mime_cte.len;
	case X2X3_A_SDP:
		return p->sdp.len;
	}
	return 0;
}

/* Single-valued attributes this encoder can write. */
#define ENC_SINGLE                                                             \
	(PF(X2X3_A_DID) | PF(X2X3_A_NFID) | PF(X2X3_A_IPID) | PF(X2X3_A_SEQ) | \
	 PF(X2X3_A_TIMESTAMP) | PF(X2X3_A_SRC_IPV4) | PF(X2X3_A_DST_IPV4) |    \
	 PF(X2X3_A_SRC_IPV6) | PF(X2X3_A_DST_IPV6) | PF(X2X3_A_SRC_PORT) |     \
	 PF(X2X3_A_DST_PORT) | PF(X2X3_A_IP_PROTO) | PF(X2X3_A_MIME_TYPE) |    \
	 PF(X2X3_A_MIME_CTE) | PF(X2X3_A_SDP))

static bool str_ok(struct x2x3_str s)
{
	return s.len <= 0xffff && (s.ptr || !s.len);
}

ssize_t x2x3_encoded_size(const struct x2x3_pdu *p)
{
	size_t n = X2X3_HDR_LEN;
	unsigned int a, i;

	/* Repeatable ones are sent by count; their bits may be set (the
	 * parser sets them) and are ignored. */
	if (p->present & ~(ENC_SINGLE | PF(X2X3_A_MATCHED_TARGET) |
			   PF(X2X3_A_OTHER_TARGET) | PF(X2X3_A_ADDITIONAL_XID)))
		return -X2X3_EINVAL;
	if (p->type < 1 || p->type > 4 || p->payload_format > X2X3_PF_MAX ||
	    !(pf_allowed[p->type] & PF(p->payload_format)))
		return -X2X3_EINVAL;
	if (p->n_matched > X2X3_MAX_TARGETS || p->n_other > X2X3_MAX_TARGETS ||
	    p->n_additional_xid > X2X3_MAX_TARGETS)
		return -X2X3_EINVAL;
	if ((p->present & PF(X2X3_A_SEQ)) && p->seq > UINT32_MAX)
		return -X2X3_EINVAL;
	if ((p->present & PF(X2X3_A_TIMESTAMP)) &&
	    (p->ts_sec > UINT32_MAX || p->ts_nsec >= 1000000000))
		return -X2X3_EINVAL;
	if (!str_ok(p->did) || !str_ok(p->nfid) || !str_ok(p->ipid) ||
	    !str_ok(p->mime_type) || !str_ok(p->mime_cte) || !str_ok(p->sdp))
		return -X2X3_EINVAL;
	if ((p->type >= X2X3_PDU_KEEPALIVE && p->payload_len) ||
	    (p->payload_len && !p->payload) || p->payload_len > UINT32_MAX)
		return -X2X3_EINVAL;
	for (a = 1; a <= X2X3_A_MAX; a++)
		if (p->present & ENC_SINGLE & PF(a))
			n += 4 + attr_size(p, a);
	for (i = 0; i < p->n_matched; i++) {
		if (!str_ok(p->matched[i]))
			return -X2X3_EINVAL;
		n += 4 + p->matched[i].len;
	}
	for (i = 0; i < p->n_other; i++) {
		if (!str_ok(p->other[i]))
			return -X2X3_EINVAL;
		n += 4 + p->other[i].len;
	}
	for (i = 0; i < p->n_additional_xid; i++)
		n += 4 + 16;
	if (n > UINT32_MAX)
		return -X2X3_EINVAL;
	return n + p->payload_len;
}

static uint8_t *put_attr(uint8_t *q, unsigned int type, const void *v,
			 size_t len)
{
	q = put16(q, type);
	q = put16(q, len);
	if (len)
		memcpy(q, v, len);
	return q + len;
}

static uint8_t *put_str_attr(uint8_t *q, unsigned int type, struct x2x3_str s)
{
	return put_attr(q, type, s.ptr, s.len);
}

ssize_t x2x3_encode(const struct x2x3_pdu *p, uint8_t *out, size_t size)
{
	ssize_t total = x2x3_encoded_size(p);
	uint8_t *q = out, v[8];
	unsigned int i;

	if (total < 0)
		return total;
	if ((size_t)total > size)
		return -X2X3_ENOSPC;
	q = put16(q, p->version);
	q = put16(q, p->type);
	q = put32(q, total - p->payload_len);
	q = put32(q, p->payload_len);
	q = put16(q, p->payload_format);
	q = put16(q, p->direction);
	memcpy(q, p->xid, 16);
	q += 16;
	q = put32(q, p->correlation_id >> 32);
	q = put32(q, p->correlation_id);

	/* Ascending type order, repeatable ones at their own position. */
	if (X2X3_HAS(p, X2X3_A_DID))
		q = put_str_attr(q, X2X3_A_DID, p->did);
	if (X2X3_HAS(p, X2X3_A_NFID))
		q = put_str_attr(q, X2X3_A_NFID, p->nfid);
	if (X2X3_HAS(p, X2X3_A_IPID))
		q = put_str_attr(q, X2X3_A_IPID, p->ipid);
	if (X2X3_HAS(p, X2X3_A_SEQ)) {
		put32(v, p->seq);
		q = put_attr(q, X2X3_A_SEQ, v, 4);
	}
	if (X2X3_HAS(p, X2X3_A_TIMESTAMP)) {
		put32(v, p->ts_sec);
		put32(v + 4, p->ts_nsec);
		q = put_attr(q, X2X3_A_TIMESTAMP, v, 8);
	}
	if (X2X3_HAS(p, X2X3_A_SRC_IPV4))
		q = put_attr(q, X2X3_A_SRC_IPV4, p->src_ip, 4);
	if (X2X3_HAS(p, X2X3_A_DST_IPV4))
		q = put_attr(q, X2X3_A_DST_IPV4, p->dst_ip, 4);
	if (X2X3_HAS(p, X2X3_A_SRC_IPV6))
		q = put_attr(q, X2X3_A_SRC_IPV6, p->src_ip, 16);
	if (X2X3_HAS(p, X2X3_A_DST_IPV6))
		q = put_attr(q, X2X3_A_DST_IPV6, p->dst_ip, 16);
	if (X2X3_HAS(p, X2X3_A_SRC_PORT)) {
		put16(v, p->src_port);
		q = put_attr(q, X2X3_A_SRC_PORT, v, 2);
	}
	if (X2X3_HAS(p, X2X3_A_DST_PORT)) {
		put16(v, p->dst_port);
		q = put_attr(q, X2X3_A_DST_PORT, v, 2);
	}
	if (X2X3_HAS(p, X2X3_A_IP_PROTO))
		q = put_attr(q, X2X3_A_IP_PROTO, &p->ip_proto, 1);
	for (i = 0; i < p->n_matched; i++)
		q = put_str_attr(q, X2X3_A_MATCHED_TARGET, p->matched[i]);
	for (i = 0; i < p->n_other; i++)
		q = put_str_attr(q, X2X3_A_OTHER_TARGET, p->other[i]);
	if (X2X3_HAS(p, X2X3_A_MIME_TYPE))
		q = put_str_attr(q, X2X3_A_MIME_TYPE, p->mime_type);
	if (X2X3_HAS(p, X2X3_A_MIME_CTE))
		q = put_str_attr(q, X2X3_A_MIME_CTE, p->mime_cte);
	for (i = 0; i < p->n_additional_xid; i++)
		q = put_attr(q, X2X3_A_ADDITIONAL_XID, p->additional_xid[i],
			     16);
	if (X2X3_HAS(p, X2X3_A_SDP))
		q = put_str_attr(q, X2X3_A_SDP, p->sdp);
	if (p->payload_len)
		memcpy(q, p->payload, p->payload_len);
	return total;
}

static void lim_defaults(const struct x2x3_limits *in, struct x2x3_limits *l)
{
	l->max_header = in && in->max_header ? in->max_header :
					       X2X3_MAX_HDR_DEFAULT;
	l->max_payload = in && in->max_payload ? in->max_payload :
						 X2X3_MAX_PAYLOAD_DEFAULT;
}

ssize_t x2x3_frame(const uint8_t *buf, size_t len,
		   const struct x2x3_limits *lim, struct x2x3_error *err)
{
	struct x2x3_limits l;
	uint32_t hl, pl;

	if (len < 12)
		return 0;
	lim_defaults(lim, &l);
	hl = get32(buf + 4);
	pl = get32(buf + 8);
	if (hl < X2X3_HDR_LEN || hl > l.max_header)
		return fail(err, X2X3_EHDRLEN, true,
			    "header length %u (40..%zu)", hl, l.max_header);
	if (pl > l.max_payload)
		return fail(err, X2X3_EPAYLEN, true, "payload length %u > %zu",
			    pl, l.max_payload);
	if (len < (size_t)hl + pl)
		return 0;
	return (size_t)hl + pl;
}

/* Store a single-valued attribute, refusing repeats. */
static int once(struct x2x3_pdu *p, unsigned int a, struct x2x3_error *err)
{
	if (X2X3_HAS(p, a))
		return fail(err, X2X3_EDUP, false, "attribute %u repeated", a);
	p->present |= PF(a);
	return 0;
}

static int want_len(unsigned int a, size_t len, size_t want,
		    struct x2x3_error *err)
{
	if (len != want)
		return fail(err, X2X3_EATTRLEN, false,
			    "attribute %u has %zu octets, expected %zu", a, len,
			    want);
	return 0;
}

static int parse_attr(struct x2x3_pdu *p, unsigned int a, const uint8_t *v,
		      size_t len, struct x2x3_error *err)
{
	struct x2x3_str s = { v, len };
	int rc;

	switch (a) {
	case 0:
		return fail(err, X2X3_EATTR, false, "attribute type 0");
	case X2X3_A_SEQ:
		/* 4 octets (OpenLI, lippycat); 2 and 8 seen in the wild. */
		if (len != 2 && len != 4 && len != 8)
			return fail(err, X2X3_EATTRLEN, false,
				    "sequence number of %zu octets", len);
		if ((rc = once(p, a, err)))
			return rc;
		p->seq = len == 2 ? get16(v) : len == 4 ? get32(v) : get64(v);
		return 0;
	case X2X3_A_TIMESTAMP:
		/* 4+4 per the spec text; 8+4 as lippycat writes and
		 * Wireshark reads. */
		if (len != 8 && len != 12)
			return fail(err, X2X3_EATTRLEN, false,
				    "timestamp of %zu octets", len);
		if ((rc = once(p, a, err)))
			return rc;
		p->ts_sec = len == 8 ? get32(v) : get64(v);
		p->ts_nsec = get32(v + len - 4);
		if (p->ts_nsec >= 1000000000)
			return fail(err, X2X3_EATTR, false,
				    "timestamp nanoseconds %u >= 10^9",
				    p->ts_nsec);
		return 0;
	case X2X3_A_SRC_IPV4:
	case X2X3_A_DST_IPV4:
	case X2X3_A_SRC_IPV6:
	case X2X3_A_DST_IPV6: {
		bool v6 = a >= X2X3_A_SRC_IPV6;
		bool src = a == X2X3_A_SRC_IPV4 || a == X2X3_A_SRC_IPV6;

		if ((rc = want_len(a, len, v6 ? 16 : 4, err)))
			return rc;
		/* One source and one destination, whatever the family. */
		if (X2X3_HAS(p, src ? X2X3_A_SRC_IPV4 : X2X3_A_DST_IPV4) ||
		    X2X3_HAS(p, src ? X2X3_A_SRC_IPV6 : X2X3_A_DST_IPV6))
			return fail(err, X2X3_EDUP, false, "second %s address",
				    src ? "source" : "destination");
		p->present |= PF(a);
		memcpy(src ? p->src_ip : p->dst_ip, v, len);
		return 0;
	}
	case X2X3_A_SRC_PORT:
	case X2X3_A_DST_PORT:
		if ((rc = want_len(a, len, 2, err)) || (rc = once(p, a, err)))
			return rc;
		*(a == X2X3_A_SRC_PORT ? &p->src_port : &p->dst_port) =
			get16(v);
		return 0;
	case X2X3_A_IP_PROTO:
		if ((rc = want_len(a, len, 1, err)) || (rc = once(p, a, err)))
			return rc;
		p->ip_proto = v[0];
		return 0;
	case X2X3_A_DID:
	case X2X3_A_NFID:
	case X2X3_A_IPID:
	case X2X3_A_MIME_TYPE:
	case X2X3_A_MIME_CTE:
	case X2X3_A_SDP:
		if ((rc = once(p, a, err)))
			return rc;
		*(a == X2X3_A_DID	? &p->did :
		  a == X2X3_A_NFID	? &p->nfid :
		  a == X2X3_A_IPID	? &p->ipid :
		  a == X2X3_A_MIME_TYPE ? &p->mime_type :
		  a == X2X3_A_MIME_CTE	? &p->mime_cte :
					  &p->sdp) = s;
		return 0;
	case X2X3_A_MATCHED_TARGET:
	case X2X3_A_OTHER_TARGET: {
		unsigned int *n = a == X2X3_A_MATCHED_TARGET ? &p->n_matched :
							       &p->n_other;

		if (*n >= X2X3_MAX_TARGETS)
			return fail(err, X2X3_ECOUNT, false,
				    "more than %d of attribute %u",
				    X2X3_MAX_TARGETS, a);
		(a == X2X3_A_MATCHED_TARGET ? p->matched : p->other)[(*n)++] =
			s;
		p->present |= PF(a);
		return 0;
	}
	case X2X3_A_ADDITIONAL_XID:
		if ((rc = want_len(a, len, 16, err)))
			return rc;
		if (p->n_additional_xid >= X2X3_MAX_TARGETS)
			return fail(err, X2X3_ECOUNT, false,
				    "more than %d additional XIDs",
				    X2X3_MAX_TARGETS);
		p->additional_xid[p->n_additional_xid++] = v;
		p->present |= PF(a);
		return 0;
	}
	/* 1-4 (defined elsewhere) and types newer than this code. */
	p->n_opaque++;
	return 0;
}

int x2x3_parse(const uint8_t *buf, size_t len, const struct x2x3_limits *lim,
	       struct x2x3_pdu *p, struct x2x3_error *err)
{
	const uint8_t *a, *end;
	ssize_t n;
	uint32_t hl;
	int rc;

	memset(p, 0, sizeof(*p));
	n = x2x3_frame(buf, len, lim, err);
	if (n < 0)
		return n;
	if (n == 0)
		return fail(err, X2X3_ETRUNC, false,
			    "%zu octets, header says more", len);
	if ((size_t)n != len)
		return fail(err, X2X3_ETRAILING, false,
			    "%zu octets after the PDU", len - n);
	hl = get32(buf + 4);
	p->version = get16(buf);
	p->type = get16(buf + 2);
	p->payload_len = get32(buf + 8);
	p->payload_format = get16(buf + 12);
	p->direction = get16(buf + 14);
	memcpy(p->xid, buf + 16, 16);
	p->correlation_id = get64(buf + 32);
	p->payload = p->payload_len ? buf + hl : NULL;

	if (p->type < 1 || p->type > 4)
		return fail(err, X2X3_ETYPE, false, "PDU type %u", p->type);
	if (p->payload_format > X2X3_PF_MAX ||
	    !(pf_allowed[p->type] & PF(p->payload_format)))
		return fail(err, X2X3_EFORMAT, false,
			    "payload format %u in PDU type %u",
			    p->payload_format, p->type);
	if (p->direction > X2X3_DIR_NA)
		return fail(err, X2X3_EDIR, false, "direction %u",
			    p->direction);
	if (p->type >= X2X3_PDU_KEEPALIVE && p->payload_len)
		return fail(err, X2X3_EKEEPALIVE, false,
			    "%zu payload octets in a keepalive",
			    p->payload_len);

	a = buf + X2X3_HDR_LEN;
	end = buf + hl;
	while (a < end) {
		unsigned int type;
		size_t alen;

		if (end - a < 4)
			return fail(err, X2X3_EATTR, false,
				    "%zu stray octets at the end of the header",
				    (size_t)(end - a));
		type = get16(a);
		alen = get16(a + 2);
		if (alen > (size_t)(end - a) - 4)
			return fail(err, X2X3_EATTR, false,
				    "attribute %u length %zu overruns the "
				    "header by %zu",
				    type, alen, alen - (size_t)(end - a - 4));
		rc = parse_attr(p, type, a + 4, alen, err);
		if (rc)
			return rc;
		a += 4 + alen;
	}
	return 0;
}

void x2x3_keepalive(struct x2x3_pdu *p, uint16_t version, uint32_t seq)
{
	memset(p, 0, sizeof(*p));
	p->version = version;
	p->type = X2X3_PDU_KEEPALIVE;
	p->present = PF(X2X3_A_SEQ);
	p->seq = seq;
}

void x2x3_keepalive_ack(const struct x2x3_pdu *ka, struct x2x3_pdu *ack)
{
	memset(ack, 0, sizeof(*ack));
	ack->version = ka->version;
	ack->type = X2X3_PDU_KEEPALIVE_ACK;
	if (X2X3_HAS(ka, X2X3_A_SEQ) && ka->seq <= UINT32_MAX) {
		ack->present = PF(X2X3_A_SEQ);
		ack->seq = ka->seq;
	}
}

void x2x3_stream_init(struct x2x3_stream *s, const struct x2x3_limits *lim)
{
	memset(s, 0, sizeof(*s));
	lim_defaults(lim, &s->lim);
}

void x2x3_stream_free(struct x2x3_stream *s)
{
	streambuf_free(&s->in);
	memset(s, 0, sizeof(*s));
}

int x2x3_stream_feed(struct x2x3_stream *s, const void *data, size_t n)
{
	/* The PDU _next() handed out is consumed: the append drops it. */
	s->in.head += s->pending;
	s->pending = 0;
	return streambuf_append(&s->in, data, n) ? -X2X3_ENOMEM : 0;
}

int x2x3_stream_next(struct x2x3_stream *s, struct x2x3_pdu *p,
		     const uint8_t **raw, size_t *rawlen,
		     struct x2x3_error *err)
{
	ssize_t n;
	int rc;

	if (s->broken)
		return fail(err, X2X3_EHDRLEN, true, "stream already broken");
	s->in.head += s->pending;
	s->pending = 0;
	n = x2x3_frame(s->in.p + s->in.head, s->in.len - s->in.head, &s->lim,
		       err);
	if (n < 0) {
		s->broken = true;
		return n;
	}
	if (n == 0)
		return 0;
	/* Consumed whether or not it parses: the stream stays framed. */
	s->pending = n;
	if (raw) {
		*raw = s->in.p + s->in.head;
		*rawlen = n;
	}
	rc = x2x3_parse(s->in.p + s->in.head, n, &s->lim, p, err);
	if (rc) {
		s->bad_pdus++;
		return rc;
	}
	s->pdus++;
	return 1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int x2x3_uuid_parse(const char *s, uint8_t xid[16])
{
	int i, k = 0, h, l;

	for (i = 0; i < 16; i++) {
		if (k == 8 || k == 13 || k == 18 || k == 23) {
			if (s[k] != '-')
				return -X2X3_EINVAL;
			k++;
		}
		h = hexval(s[k]);
		l = h < 0 ? -1 : hexval(s[k + 1]);
		if (l < 0)
			return -X2X3_EINVAL;
		xid[i] = h << 4 | l;
		k += 2;
	}
	return s[k] ? -X2X3_EINVAL : 0;
}

void x2x3_uuid_format(const uint8_t xid[16], char out[37])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 xid[0], xid[1], xid[2], xid[3], xid[4], xid[5], xid[6], xid[7],
		 xid[8], xid[9], xid[10], xid[11], xid[12], xid[13], xid[14],
		 xid[15]);
}
