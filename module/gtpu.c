// SPDX-License-Identifier: GPL-2.0
/*
 * GTPv1-U header parsing (3GPP TS 29.281 section 5). Only T-PDUs carrying
 * IPv4 or IPv6 are decapsulated; everything else is reported so that the
 * caller counts it and matches the outer packet instead.
 */

#include "gtpu.h"

#define GTPU_VERSION_1	1
#define GTPU_F_PT	0x10
#define GTPU_F_E	0x04
#define GTPU_F_S	0x02
#define GTPU_F_PN	0x01
#define GTPU_TPDU	0xff
#define GTPU_HDR_LEN	8
#define GTPU_OPT_LEN	4	/* sequence number, N-PDU number, next ext */
/* An honest sender uses one or two extension headers (PDU session
 * container, UDP port); the bound stops a crafted chain from costing more.
 */
#define GTPU_MAX_EXT	16

struct gtpu_hdr {
	u8 flags;
	u8 type;
	__be16 length;
	__be32 teid;
};

static int gtpu_byte(const struct sk_buff *skb, unsigned int off, u8 *v)
{
	return skb_copy_bits(skb, off, v, 1);
}

/**
 * lmisf_gtpu_parse - parse a GTPv1-U header
 * @skb: the packet
 * @off: skb offset of the GTP-U header (end of the UDP header)
 * @end: skb offset of the end of the UDP payload
 * @teid: the TEID (host order), for T-PDUs
 * @inner: skb offset of the inner IP header, for T-PDUs
 *
 * Return: LMISF_GTPU_TPDU when the inner packet can be matched.
 */
enum lmisf_gtpu_result lmisf_gtpu_parse(const struct sk_buff *skb,
					unsigned int off, unsigned int end,
					u32 *teid, unsigned int *inner)
{
	struct gtpu_hdr _gh;
	const struct gtpu_hdr *gh;
	unsigned int pos, pend, i;
	u8 next, len, ver;

	if (end < off + GTPU_HDR_LEN)
		return LMISF_GTPU_MALFORMED;
	gh = skb_header_pointer(skb, off, sizeof(_gh), &_gh);
	if (!gh)
		return LMISF_GTPU_MALFORMED;
	if ((gh->flags >> 5) != GTPU_VERSION_1 || !(gh->flags & GTPU_F_PT))
		return LMISF_GTPU_MALFORMED;
	if (gh->type != GTPU_TPDU)
		return LMISF_GTPU_NOT_TPDU;

	/* length counts everything after the mandatory 8 bytes */
	pend = off + GTPU_HDR_LEN + ntohs(gh->length);
	if (pend > end)
		return LMISF_GTPU_MALFORMED;
	pos = off + GTPU_HDR_LEN;

	if (gh->flags & (GTPU_F_E | GTPU_F_S | GTPU_F_PN)) {
		if (pos + GTPU_OPT_LEN > pend ||
		    gtpu_byte(skb, pos + GTPU_OPT_LEN - 1, &next))
			return LMISF_GTPU_MALFORMED;
		pos += GTPU_OPT_LEN;
		if (!(gh->flags & GTPU_F_E))
			next = 0;
		/* each extension: length in 4-octet units, content, next type */
		for (i = 0; next; i++) {
			if (i == GTPU_MAX_EXT || pos >= pend ||
			    gtpu_byte(skb, pos, &len) || !len ||
			    pos + len * 4 > pend ||
			    gtpu_byte(skb, pos + len * 4 - 1, &next))
				return LMISF_GTPU_MALFORMED;
			pos += len * 4;
		}
	}

	/* only IP PDUs are decapsulated (not Ethernet or unstructured) */
	if (pos >= pend || gtpu_byte(skb, pos, &ver))
		return LMISF_GTPU_MALFORMED;
	ver >>= 4;
	if (ver != 4 && ver != 6)
		return LMISF_GTPU_MALFORMED;

	*teid = ntohl(gh->teid);
	*inner = pos;
	return LMISF_GTPU_TPDU;
}
