/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x2x3.h - ETSI TS 103 221-2 X2/X3 PDUs: encoder, parser, stream framer.
 *
 * A PDU is a 40-octet big-endian header (version, PDU type, header
 * length, payload length, payload format, payload direction, XID,
 * correlation ID), conditional attribute TLVs up to the header length,
 * then the payload. PDUs follow each other on a TCP (or TLS) stream.
 *
 * Parsing is zero-copy: variable-length attributes and the payload point
 * into the caller's buffer. The parser checks every length against the
 * buffer and the configured limits, every fixed-size attribute's length,
 * the PDU type and the payload format allowed for it. See
 * Documentation/records.rst for the version, sequence-number width and
 * timestamp choices.
 */
#ifndef LMISF_X2X3_H
#define LMISF_X2X3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "streambuf.h"

#define X2X3_HDR_LEN 40
#define X2X3_VERSION_DEFAULT 5
/* Limits used when the caller passes 0. */
#define X2X3_MAX_HDR_DEFAULT 65535u
#define X2X3_MAX_PAYLOAD_DEFAULT (1u << 20)
/* Repeatable attributes kept per PDU; more are refused. */
#define X2X3_MAX_TARGETS 8

enum x2x3_pdu_type {
	X2X3_PDU_X2 = 1,
	X2X3_PDU_X3 = 2,
	X2X3_PDU_KEEPALIVE = 3,
	X2X3_PDU_KEEPALIVE_ACK = 4,
};

enum x2x3_payload_format {
	X2X3_PF_KEEPALIVE = 0,
	X2X3_PF_ETSI_102232 = 1,
	X2X3_PF_3GPP_33128 = 2, /* BER XIRIPayload */
	X2X3_PF_3GPP_33108 = 3,
	X2X3_PF_PROPRIETARY = 4,
	X2X3_PF_IPV4 = 5,
	X2X3_PF_IPV6 = 6,
	X2X3_PF_ETHERNET = 7,
	X2X3_PF_RTP = 8,
	X2X3_PF_SIP = 9,
	X2X3_PF_DHCP = 10,
	X2X3_PF_RADIUS = 11,
	X2X3_PF_GTPU = 12,
	X2X3_PF_MSRP = 13,
	X2X3_PF_EPSIRI = 14,
	X2X3_PF_MIME = 15,
	X2X3_PF_UNSTRUCTURED = 16,
	X2X3_PF_MAX = 16,
};

enum x2x3_direction {
	X2X3_DIR_KEEPALIVE = 0,
	X2X3_DIR_UNKNOWN = 1,
	X2X3_DIR_TO_TARGET = 2,
	X2X3_DIR_FROM_TARGET = 3,
	X2X3_DIR_BOTH = 4,
	X2X3_DIR_NA = 5,
};

enum x2x3_attr {
	X2X3_A_ETSI_102232 = 1,
	X2X3_A_3GPP_33128 = 2,
	X2X3_A_3GPP_33108 = 3,
	X2X3_A_PROPRIETARY = 4,
	X2X3_A_DID = 5,
	X2X3_A_NFID = 6,
	X2X3_A_IPID = 7,
	X2X3_A_SEQ = 8,
	X2X3_A_TIMESTAMP = 9,
	X2X3_A_SRC_IPV4 = 10,
	X2X3_A_DST_IPV4 = 11,
	X2X3_A_SRC_IPV6 = 12,
	X2X3_A_DST_IPV6 = 13,
	X2X3_A_SRC_PORT = 14,
	X2X3_A_DST_PORT = 15,
	X2X3_A_IP_PROTO = 16,
	X2X3_A_MATCHED_TARGET = 17,
	X2X3_A_OTHER_TARGET = 18,
	X2X3_A_MIME_TYPE = 19,
	X2X3_A_MIME_CTE = 20,
	X2X3_A_ADDITIONAL_XID = 21,
	X2X3_A_SDP = 22,
	X2X3_A_MAX = 22,
};

#define X2X3_HAS(p, a) (((p)->present >> (a)) & 1u)

struct x2x3_str {
	const uint8_t *ptr;
	size_t len;
};

/*
 * struct x2x3_pdu - one PDU. For encoding fill the header fields, set
 * the bit of every single-valued attribute to send in @present (bit n =
 * attribute type n) and list repeatable ones (17, 18, 21) with their
 * counts; their @present bits are ignored. The parser fills the same
 * structure (with bits for the repeatable ones seen), so a parsed PDU
 * re-encodes unless it used a form we do not write (12-octet timestamp,
 * 2/8-octet or > 32-bit sequence number, attributes 1-4 or unknown).
 */
struct x2x3_pdu {
	uint16_t version;
	uint16_t type; /* enum x2x3_pdu_type */
	uint16_t payload_format; /* enum x2x3_payload_format */
	uint16_t direction; /* enum x2x3_direction */
	uint8_t xid[16];
	uint64_t correlation_id;

	uint32_t present; /* bit per attribute type seen / to send */
	uint64_t seq; /* 8: written as 4 octets */
	uint64_t ts_sec; /* 9: written as 4 + 4 octets */
	uint32_t ts_nsec;
	uint8_t src_ip[16]; /* 10 (first 4 octets) or 12 */
	uint8_t dst_ip[16]; /* 11 or 13 */
	uint16_t src_port; /* 14 */
	uint16_t dst_port; /* 15 */
	uint8_t ip_proto; /* 16 */
	struct x2x3_str did; /* 5 */
	struct x2x3_str nfid; /* 6 */
	struct x2x3_str ipid; /* 7 */
	struct x2x3_str mime_type; /* 19 */
	struct x2x3_str mime_cte; /* 20 */
	struct x2x3_str sdp; /* 22 */
	unsigned int n_matched; /* 17, repeatable */
	struct x2x3_str matched[X2X3_MAX_TARGETS];
	unsigned int n_other; /* 18, repeatable */
	struct x2x3_str other[X2X3_MAX_TARGETS];
	unsigned int n_additional_xid; /* 21, repeatable, 16 octets each */
	const uint8_t *additional_xid[X2X3_MAX_TARGETS];
	unsigned int n_opaque; /* 1-4 and unknown types: skipped, counted */

	const uint8_t *payload;
	size_t payload_len;
};

enum x2x3_errcode {
	X2X3_OK = 0,
	X2X3_ETRUNC, /* buffer shorter than the lengths say */
	X2X3_EHDRLEN, /* header length < 40 or over the limit */
	X2X3_EPAYLEN, /* payload length over the limit */
	X2X3_ETYPE, /* PDU type not 1..4 */
	X2X3_EFORMAT, /* payload format unknown or not allowed here */
	X2X3_EDIR, /* payload direction out of range */
	X2X3_EATTR, /* malformed attribute TLV */
	X2X3_EATTRLEN, /* attribute of the wrong size */
	X2X3_EDUP, /* single-valued attribute repeated */
	X2X3_ECOUNT, /* too many repeatable attributes */
	X2X3_EKEEPALIVE, /* keepalive with a payload */
	X2X3_EINVAL, /* encoder: inconsistent PDU */
	X2X3_ENOSPC, /* encoder: output buffer too small */
	X2X3_ENOMEM,
	X2X3_ETRAILING, /* x2x3_parse(): bytes after the PDU */
	X2X3_NERR
};

/*
 * struct x2x3_error - @fatal is set when the stream cannot be framed any
 * more (bad lengths): the connection must be closed. Otherwise only the
 * one PDU is lost and the stream continues.
 */
struct x2x3_error {
	int code;
	bool fatal;
	char msg[128];
};

const char *x2x3_strerror(int code);

/* Parse limits; zero members take the defaults. */
struct x2x3_limits {
	size_t max_header;
	size_t max_payload;
};

/* Encoded size of @p, or -X2X3_EINVAL. */
ssize_t x2x3_encoded_size(const struct x2x3_pdu *p);
/* Write @p to @out; returns the length or -X2X3_E*. */
ssize_t x2x3_encode(const struct x2x3_pdu *p, uint8_t *out, size_t size);

/*
 * x2x3_frame - length of the first PDU in @buf: > 0 when complete, 0 when
 * more is needed, -X2X3_E* (fatal) when the header lengths are invalid.
 */
ssize_t x2x3_frame(const uint8_t *buf, size_t len,
		   const struct x2x3_limits *lim, struct x2x3_error *err);

/* Parse exactly one PDU of @len bytes. 0 or -X2X3_E*. */
int x2x3_parse(const uint8_t *buf, size_t len, const struct x2x3_limits *lim,
	       struct x2x3_pdu *p, struct x2x3_error *err);

/* Keepalive (seq attribute set) and the acknowledgement answering one:
 * type 4, XID and correlation ID zero, the keepalive's sequence number. */
void x2x3_keepalive(struct x2x3_pdu *p, uint16_t version, uint32_t seq);
void x2x3_keepalive_ack(const struct x2x3_pdu *ka, struct x2x3_pdu *ack);

/* Stream reassembly for a receiver (lmisfd reading the MDF's keepalives
 * and acknowledgements, the test MDF, tests). */
struct x2x3_stream {
	struct streambuf in; /* in.head: the start of the next PDU */
	size_t pending; /* length of the PDU returned by _next(), if any */
	struct x2x3_limits lim;
	bool broken;
	uint64_t pdus, bad_pdus;
};

void x2x3_stream_init(struct x2x3_stream *s, const struct x2x3_limits *lim);
void x2x3_stream_free(struct x2x3_stream *s);
/* Append received bytes. 0, or -X2X3_ENOMEM on allocation failure. */
int x2x3_stream_feed(struct x2x3_stream *s, const void *data, size_t n);
/*
 * x2x3_stream_next - 1: @p parsed (and @raw/@rawlen the PDU's bytes),
 * valid until the next call; 0: need more input; < 0: error in @err.
 * A non-fatal error skips that PDU (call again); a fatal one is sticky.
 */
int x2x3_stream_next(struct x2x3_stream *s, struct x2x3_pdu *p,
		     const uint8_t **raw, size_t *rawlen,
		     struct x2x3_error *err);

/* UUID text <-> 16 octets ("8c292fa1-5831-46ec-86be-bd85f2083299"). */
int x2x3_uuid_parse(const char *s, uint8_t xid[16]);
void x2x3_uuid_format(const uint8_t xid[16], char out[37]);

#endif /* LMISF_X2X3_H */
