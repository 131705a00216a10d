/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GTPv1-U header parsing, with the kernel module's rules: only a T-PDU
 * (message type 255) of version 1, protocol type GTP, is decapsulated;
 * optional fields and the extension-header chain are walked with bounds
 * checks against both the captured bytes and the header's length field;
 * the inner packet must be IPv4 or IPv6.
 */
#ifndef LMISF_GTPU_H
#define LMISF_GTPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GTPU_PORT_DEFAULT 2152
#define GTPU_TPDU 0xff
/* Longest extension-header chain walked; longer is malformed. */
#define GTPU_MAX_EXT 16

enum gtpu_result {
	GTPU_OK, /* T-PDU, inner packet found */
	GTPU_NOT_TPDU, /* well-formed, another message type */
	GTPU_MALFORMED, /* see gtpu_hdr.why */
};

struct gtpu_hdr {
	uint8_t flags;
	uint8_t type;
	uint16_t seq; /* when flags & 0x02 */
	uint32_t teid;
	unsigned int n_ext;
	size_t hdr_len; /* incl. optional fields and extensions
				 * (GTPU_OK only) */
	const uint8_t *inner; /* GTPU_OK only */
	size_t inner_len;
	const char *why; /* GTPU_MALFORMED: a short reason */
};

/**
 * gtpu_parse - parse a GTP-U message (a UDP payload)
 * @p, @len: the UDP payload as captured
 * @out: filled in
 *
 * Bytes after the length the header declares (padding) are ignored; a
 * declared length beyond the captured bytes is malformed (truncated).
 */
enum gtpu_result gtpu_parse(const uint8_t *p, size_t len, struct gtpu_hdr *out);

#endif /* LMISF_GTPU_H */
