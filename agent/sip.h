/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Zero-copy SIP (RFC 3261) message parser.
 *
 * sip_parse() indexes one message in the caller's buffer: every string in
 * the result is a (pointer, length) slice of that buffer, which must stay
 * alive and unchanged while the result is used. Nothing is allocated; the
 * header index has a fixed capacity (SIP_MAX_HEADERS). Structured headers
 * the IMS mirror relies on are validated while indexing, so a message that
 * parses can be walked with the helpers below without further error paths
 * for syntax. What is accepted and refused, and why, is in
 * Documentation/sip.rst.
 */
#ifndef LMISF_SIP_H
#define LMISF_SIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIP_MAX_HEADERS 128 /* header lines per message */
#define SIP_MAX_HEADER_BYTES 65536 /* start line + header section */
#define SIP_MAX_BODY_BYTES (1u << 20) /* Content-Length upper bound */

/* A slice of the caller's buffer; never NUL-terminated. */
struct sip_str {
	const char *p;
	uint32_t len;
};

/* Error classes; functions return 0 or the negative class. */
enum sip_err {
	SIP_OK = 0,
	SIP_EINCOMPLETE = 1, /* stream: more bytes needed */
	SIP_ESTARTLINE, /* malformed request or status line */
	SIP_EVERSION, /* not SIP/2.0 */
	SIP_EHEADER, /* malformed header line (name, colon, CR) */
	SIP_EVALUE, /* malformed header value */
	SIP_EURI, /* malformed URI */
	SIP_ERANGE, /* number out of its allowed range */
	SIP_ELIMIT, /* too many headers, too large */
	SIP_ELENGTH, /* Content-Length missing/conflicting/short */
	SIP_EMISMATCH, /* CSeq method differs from request method */
	SIP_EMISSING, /* sip_msg_check: mandatory header absent */
	SIP_EDUPLICATE, /* sip_msg_check: single header repeated */
	SIP_EBODY, /* body (SDP) malformed */
};

/*
 * Why a message was refused: the class, a static human-readable reason
 * and the byte offset in the input where the problem was found.
 */
struct sip_error {
	enum sip_err code;
	const char *reason;
	size_t offset;
};

enum sip_method {
	SIP_M_OTHER = 0,
	SIP_M_INVITE,
	SIP_M_ACK,
	SIP_M_BYE,
	SIP_M_CANCEL,
	SIP_M_REGISTER,
	SIP_M_OPTIONS,
	SIP_M_PRACK,
	SIP_M_UPDATE,
	SIP_M_INFO,
	SIP_M_SUBSCRIBE,
	SIP_M_NOTIFY,
	SIP_M_REFER,
	SIP_M_MESSAGE,
	SIP_M_PUBLISH,
};

/* Headers the parser knows (compact forms map to these). */
enum sip_hdr_id {
	SIP_H_OTHER = 0,
	SIP_H_VIA,
	SIP_H_FROM,
	SIP_H_TO,
	SIP_H_CALL_ID,
	SIP_H_CSEQ,
	SIP_H_CONTACT,
	SIP_H_MAX_FORWARDS,
	SIP_H_EXPIRES,
	SIP_H_CONTENT_LENGTH,
	SIP_H_CONTENT_TYPE,
	SIP_H_CONTENT_ENCODING,
	SIP_H_ROUTE,
	SIP_H_RECORD_ROUTE,
	SIP_H_PATH,
	SIP_H_SERVICE_ROUTE,
	SIP_H_P_ASSERTED_IDENTITY,
	SIP_H_P_PREFERRED_IDENTITY,
	SIP_H_P_CALLED_PARTY_ID,
	SIP_H_P_ACCESS_NETWORK_INFO,
	SIP_H_P_ASSOCIATED_URI,
	SIP_H_P_CHARGING_VECTOR,
	SIP_H_HISTORY_INFO,
	SIP_H_DIVERSION,
	SIP_H_AUTHORIZATION,
	SIP_H_PROXY_AUTHORIZATION,
	SIP_H_WWW_AUTHENTICATE,
	SIP_H_PROXY_AUTHENTICATE,
	SIP_H_SUPPORTED,
	SIP_H_REQUIRE,
	SIP_H_PROXY_REQUIRE,
	SIP_H_RSEQ,
	SIP_H_RACK,
	SIP_H_DATE,
	SIP_H_SUBJECT,
	SIP_H_EVENT,
	SIP_H_ALLOW_EVENTS,
	SIP_H_REFER_TO,
	SIP_H_REFERRED_BY,
	SIP_H_SESSION_EXPIRES,
	SIP_H_IDENTITY,
	SIP_H_ACCEPT_CONTACT,
	SIP_H_REJECT_CONTACT,
	SIP_H_REQUEST_DISPOSITION,
	SIP_H_IDENTITY_INFO,
	SIP_H_ALLOW,
	SIP_H_ACCEPT,
	SIP_H_USER_AGENT,
	SIP_H_SERVER,
	SIP_H__COUNT
};

struct sip_hdr {
	struct sip_str name; /* as written (may be compact) */
	struct sip_str value; /* trimmed; may contain folded CRLF+WSP */
	enum sip_hdr_id id;
};

enum sip_scheme {
	SIP_URI_OTHER = 0, /* absoluteURI, kept opaque */
	SIP_URI_SIP,
	SIP_URI_SIPS,
	SIP_URI_TEL,
};

enum sip_host_type {
	SIP_HOST_NONE = 0,
	SIP_HOST_NAME,
	SIP_HOST_IPV4,
	SIP_HOST_IPV6, /* host holds the address without [ ] */
};

/*
 * A parsed URI. Components keep their %-escapes (compare them with
 * sip_str_eq_unescaped()). For tel: URIs, user is the telephone-subscriber
 * number and params the ;parameters. For other schemes only scheme and raw
 * are set (opaque = everything after the colon).
 */
struct sip_uri {
	enum sip_scheme scheme;
	enum sip_host_type host_type;
	uint16_t port; /* 0 when absent */
	struct sip_str raw;
	struct sip_str scheme_str;
	struct sip_str opaque;
	struct sip_str user;
	struct sip_str password;
	struct sip_str host;
	struct sip_str params; /* raw, from the first ';' */
	struct sip_str headers; /* after '?', raw */
};

/* name-addr or addr-spec, with the header parameters that follow it. */
struct sip_name_addr {
	struct sip_str display; /* raw: quoted form keeps quotes */
	struct sip_uri uri;
	struct sip_str params; /* raw, from the first ';' */
	struct sip_str tag; /* ;tag= value, empty when absent */
	bool star; /* Contact: * */
};

struct sip_via {
	struct sip_str protocol; /* "SIP" */
	struct sip_str version; /* "2.0" */
	struct sip_str transport; /* "UDP", "TCP", ... */
	struct sip_str host; /* IPv6 without [ ] */
	enum sip_host_type host_type;
	uint16_t port; /* 0 when absent */
	struct sip_str params; /* raw, from the first ';' */
	struct sip_str branch; /* empty when absent */
};

/* Authorization / Proxy-Authorization credentials (digest or other). */
struct sip_auth {
	struct sip_str scheme;
	struct sip_str username; /* quotes removed, escapes kept */
	struct sip_str realm; /* quotes removed, escapes kept */
	struct sip_str params; /* everything after the scheme */
};

struct sip_msg {
	const char *buf;
	uint32_t len; /* bytes of this message (framing) */
	uint32_t trailing; /* datagram bytes after the body */
	bool is_request;

	/* request line */
	enum sip_method method;
	struct sip_str method_str;
	struct sip_uri ruri;
	/* status line */
	uint16_t status;
	struct sip_str reason;

	/* header index, in message order */
	uint16_t nhdr;
	uint8_t hcount[SIP_H__COUNT]; /* occurrences, saturating at 255 */
	int16_t hfirst[SIP_H__COUNT]; /* index in hdr[] or -1 */
	struct sip_hdr hdr[SIP_MAX_HEADERS];

	/* first occurrence of core headers, decoded */
	struct sip_name_addr from, to;
	struct sip_str from_tag, to_tag;
	struct sip_str call_id;
	uint32_t cseq;
	enum sip_method cseq_method;
	struct sip_str cseq_method_str;
	struct sip_via via; /* topmost Via value */
	int16_t max_forwards; /* -1 when absent */
	int64_t expires; /* -1 when absent */
	uint32_t content_length;
	bool has_content_length;
	struct sip_str body;
};

/* Parse flags. */
#define SIP_PARSE_STREAM 0x1 /* TCP/TLS: Content-Length is mandatory */

/**
 * sip_parse - index one SIP message
 * @m: result, valid while @buf is
 * @buf: message bytes; for a datagram, the whole payload
 * @len: bytes in @buf
 * @flags: SIP_PARSE_*
 * @err: set on failure (may be NULL)
 *
 * Datagram: the body is exactly Content-Length bytes (bytes after it are
 * counted in m->trailing and ignored; a shorter datagram is refused), or the
 * rest of the datagram when Content-Length is absent. Stream: call
 * sip_frame() first, or pass a buffer that begins with a message;
 * -SIP_EINCOMPLETE means more bytes are needed. After a failure only @err
 * is meaningful, not @m.
 *
 * Return: 0, or a negative enum sip_err.
 */
int sip_parse(struct sip_msg *m, const char *buf, size_t len,
	      unsigned int flags, struct sip_error *err);

/**
 * sip_msg_check - RFC 3261 8.1.1/8.2.2 semantic checks on a parsed message
 * @m: a message sip_parse() accepted
 * @err: set on failure (may be NULL)
 *
 * Refuses a message missing Via, From, To, Call-ID or CSeq, or carrying one
 * of the single-valued headers (From, To, Call-ID, CSeq, Max-Forwards,
 * Content-Type) more than once. Max-Forwards is not required (RFC 2543
 * elements omit it; RFC 4475 3.4.1).
 *
 * Return: 0, or -SIP_EMISSING / -SIP_EDUPLICATE.
 */
int sip_msg_check(const struct sip_msg *m, struct sip_error *err);

/* Stream framing. */
enum sip_frame_kind {
	SIP_FRAME_NEED_MORE = 0, /* *len = bytes known to be needed */
	SIP_FRAME_MESSAGE, /* *len = bytes of the next message */
	SIP_FRAME_KEEPALIVE, /* *len = CRLF bytes to skip */
	SIP_FRAME_ERROR, /* stream cannot be framed; err set */
};

/**
 * sip_frame - how many bytes the next message in a stream occupies
 * @buf: stream bytes not yet consumed
 * @len: bytes available
 * @msg_len: set to the message (or keepalive) length, or for NEED_MORE to
 *           the minimum total needed so far (0 if unknown)
 * @err: set for SIP_FRAME_ERROR
 *
 * Looks only at the header section: finds its end and Content-Length
 * (long or compact form). Never reads the body.
 */
enum sip_frame_kind sip_frame(const char *buf, size_t len, size_t *msg_len,
			      struct sip_error *err);

/* Header access. */
const struct sip_hdr *sip_hdr_first(const struct sip_msg *m,
				    enum sip_hdr_id id);
/* Header by name (case-insensitive, long name only) for unknown headers. */
const struct sip_hdr *sip_hdr_find(const struct sip_msg *m, const char *name);
/* Id of a header name (a token; long or compact form), SIP_H_OTHER if unknown. */
enum sip_hdr_id sip_hdr_lookup(const char *name, size_t len);
const char *sip_hdr_name(enum sip_hdr_id id);

/*
 * Iterate the comma-separated values of every occurrence of a header, in
 * message order, ignoring commas inside quotes and <>. Only for list
 * headers; values are trimmed.
 */
struct sip_iter {
	const struct sip_msg *m;
	enum sip_hdr_id id;
	int idx;
	const char *pos, *end;
};
void sip_iter_init(struct sip_iter *it, const struct sip_msg *m,
		   enum sip_hdr_id id);
bool sip_iter_next(struct sip_iter *it, struct sip_str *value);

/* Parse one value of a name-addr header (From, Contact, PAI, ...). */
int sip_name_addr_parse(struct sip_name_addr *na, const char *p, size_t len,
			struct sip_error *err);
/* Convenience: next name-addr of a list header; false at end or error. */
bool sip_iter_next_name_addr(struct sip_iter *it, struct sip_name_addr *na);

int sip_uri_parse(struct sip_uri *u, const char *p, size_t len,
		  struct sip_error *err);
int sip_via_parse(struct sip_via *v, const char *p, size_t len,
		  struct sip_error *err);
int sip_auth_parse(struct sip_auth *a, const char *p, size_t len,
		   struct sip_error *err);
/* CSeq / RAck helpers. */
int sip_cseq_parse(const char *p, size_t len, uint32_t *num,
		   struct sip_str *method, struct sip_error *err);
int sip_rack_parse(const char *p, size_t len, uint32_t *rseq, uint32_t *cseq,
		   struct sip_str *method, struct sip_error *err);

/**
 * sip_param_get - find a ;parameter in a raw parameter list
 * @params: as in sip_uri.params, sip_name_addr.params, sip_via.params
 * @name: parameter name, compared case-insensitively
 * @value: set to the value (quotes removed; empty for a flag parameter)
 *
 * Return: true when present.
 */
bool sip_param_get(struct sip_str params, const char *name,
		   struct sip_str *value);

/* Is option tag @tag (e.g. "100rel") listed in Supported/Require? */
bool sip_has_option_tag(const struct sip_msg *m, enum sip_hdr_id id,
			const char *tag);

enum sip_method sip_method_lookup(const char *p, size_t len);

/*
 * Percent-unescaping. sip_unescape() writes at most @outsz bytes and returns
 * the unescaped length, or -1 on a malformed escape or short buffer.
 */
long sip_unescape(struct sip_str in, char *out, size_t outsz);
bool sip_str_eq_unescaped(struct sip_str a, struct sip_str b);
/* Unescape a quoted-string's content (\x pairs); same contract. */
long sip_unquote(struct sip_str in, char *out, size_t outsz);

/* tel: number without visual separators (RFC 3966 5.1.1); -1 if too long. */
long sip_tel_normalize(struct sip_str number, char *out, size_t outsz);

static inline bool sip_str_eq(struct sip_str s, const char *lit, size_t n)
{
	return s.len == n && (n == 0 || __builtin_memcmp(s.p, lit, n) == 0);
}
bool sip_str_ieq(struct sip_str s, const char *lit);

#endif /* LMISF_SIP_H */
