// SPDX-License-Identifier: GPL-2.0
/* GTPv1-U (3GPP TS 29.281) header parsing, read-only and bounds-checked. */
#include <string.h>

#include "gtpu.h"
#include "ip.h"

#define GTP_F_VERSION 0xe0
#define GTP_F_PT 0x10
#define GTP_F_E 0x04
#define GTP_F_S 0x02
#define GTP_F_PN 0x01

static enum gtpu_result malformed(struct gtpu_hdr *out, const char *why)
{
	out->why = why;
	return GTPU_MALFORMED;
}

enum gtpu_result gtpu_parse(const uint8_t *p, size_t len, struct gtpu_hdr *out)
{
	size_t end, off = 8, el;
	uint8_t next;

	memset(out, 0, sizeof(*out));
	if (len < 8)
		return malformed(out, "shorter than the mandatory header");
	out->flags = p[0];
	out->type = p[1];
	out->teid = get_be32(p + 4);
	if ((p[0] & GTP_F_VERSION) != 0x20)
		return malformed(out, "not version 1");
	if (!(p[0] & GTP_F_PT))
		return malformed(out, "protocol type GTP'");
	/* As the module: the type decides before the lengths are checked. */
	if (out->type != GTPU_TPDU)
		return GTPU_NOT_TPDU;
	end = 8 + (size_t)get_be16(p + 2);
	if (end > len)
		return malformed(out, "length beyond the datagram");

	if (p[0] & (GTP_F_E | GTP_F_S | GTP_F_PN)) {
		if (end < 12)
			return malformed(out, "optional fields beyond length");
		out->seq = get_be16(p + 8);
		next = p[11];
		off = 12;
		if (!(p[0] & GTP_F_E))
			next = 0;
		while (next) {
			if (++out->n_ext > GTPU_MAX_EXT)
				return malformed(out,
						 "extension chain too long");
			if (end - off < 4)
				return malformed(out,
						 "extension beyond length");
			el = (size_t)p[off] * 4;
			if (!el)
				return malformed(out, "zero-length extension");
			if (end - off < el)
				return malformed(out,
						 "extension beyond length");
			next = p[off + el - 1];
			off += el;
		}
	}
	out->hdr_len = off;
	out->inner = p + off;
	out->inner_len = end - off;
	if (!out->inner_len)
		return malformed(out, "empty T-PDU");
	if (out->inner[0] >> 4 != 4 && out->inner[0] >> 4 != 6)
		return malformed(out, "inner packet not IPv4/IPv6");
	return GTPU_OK;
}
