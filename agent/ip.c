// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4/IPv6 header parsing. Everything is checked against both the captured
 * length and the datagram's own length fields before it is read.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "ip.h"

enum {
	NH_HOPOPTS = 0,
	NH_ROUTING = 43,
	NH_FRAGMENT = 44,
	NH_ESP = 50,
	NH_AH = 51,
	NH_NONE = 59,
	NH_DSTOPTS = 60,
	NH_MOBILITY = 135,
	NH_HIP = 139,
	NH_SHIM6 = 140,
	NH_EXP1 = 253,
	NH_EXP2 = 254,
};

/*
 * The option list must be well-formed, or the receiving host drops the
 * packet (Linux: ip_options_compile) and the agent must not see it either.
 */
static bool ip4_options_ok(const uint8_t *o, size_t n)
{
	size_t i = 0, l;

	while (i < n) {
		if (o[i] == 0) /* end of list */
			return true;
		if (o[i] == 1) { /* no-operation */
			i++;
			continue;
		}
		if (n - i < 2)
			return false;
		l = o[i + 1];
		if (l < 2 || l > n - i)
			return false;
		i += l;
	}
	return true;
}

static enum ip_result ip4_parse(const uint8_t *p, size_t len,
				struct ip_pkt *out)
{
	size_t ihl, tot;
	uint16_t fo;

	if (len < 20)
		return IP_TRUNCATED;
	ihl = (size_t)(p[0] & 0x0f) * 4;
	if (ihl < 20)
		return IP_BAD_HDRLEN;
	tot = get_be16(p + 2);
	if (tot < ihl)
		return IP_BAD_TOTLEN;
	if (tot > len)
		return IP_TRUNCATED;
	if (!ip4_options_ok(p + 20, ihl - 20))
		return IP_BAD_OPTIONS;

	out->ver = 4;
	out->proto = p[9];
	out->src.ver = out->dst.ver = 4;
	memcpy(out->src.a, p + 12, 4);
	memcpy(out->dst.a, p + 16, 4);
	out->pkt = p;
	out->pkt_len = tot;
	out->l4 = p + ihl;
	out->l4_len = tot - ihl;
	out->unfrag_len = ihl;
	out->nexthdr_off = 9;

	fo = get_be16(p + 6);
	out->frag_off = (uint32_t)(fo & 0x1fff) * 8;
	out->more_frags = fo & 0x2000;
	out->is_frag = out->frag_off || out->more_frags;
	out->frag_id = get_be16(p + 4);
	if (out->is_frag)
		return IP_OK;
	if (out->proto == NH_ESP)
		return IP_ESP;
	if (out->proto == NH_AH)
		return IP_AH;
	return IP_OK;
}

static enum ip_result ip6_parse(const uint8_t *p, size_t len,
				struct ip_pkt *out)
{
	size_t plen, end, off = 40, hl;
	unsigned int n = 0;
	uint8_t nh;
	uint16_t fo;

	if (len < 40)
		return IP_TRUNCATED;
	plen = get_be16(p + 4);
	nh = p[6];
	if (plen == 0 && nh == NH_HOPOPTS)
		return IP_JUMBO;
	end = 40 + plen;
	if (end > len)
		return IP_TRUNCATED;

	out->ver = 6;
	out->src.ver = out->dst.ver = 6;
	memcpy(out->src.a, p + 8, 16);
	memcpy(out->dst.a, p + 24, 16);
	out->pkt = p;
	out->pkt_len = end;
	out->nexthdr_off = 6;

	for (;;) {
		switch (nh) {
		case NH_HOPOPTS:
			if (off != 40)
				return IP_HBH_NOT_FIRST;
			/* fallthrough */
		case NH_ROUTING:
		case NH_DSTOPTS:
			if (++n > IP_MAX_EXT)
				return IP_EXT_TOO_MANY;
			if (end - off < 8)
				return IP_EXT_TRUNCATED;
			hl = ((size_t)p[off + 1] + 1) * 8;
			if (end - off < hl)
				return IP_EXT_TRUNCATED;
			out->nexthdr_off = off;
			nh = p[off];
			off += hl;
			continue;
		case NH_FRAGMENT:
			if (++n > IP_MAX_EXT)
				return IP_EXT_TOO_MANY;
			if (end - off < 8)
				return IP_EXT_TRUNCATED;
			fo = get_be16(p + off + 2);
			if ((fo & 0xfff8) == 0 && !(fo & 1)) {
				/* Atomic fragment (RFC 6946): not reassembled. */
				out->atomic_frag = true;
				out->nexthdr_off = off;
				nh = p[off];
				off += 8;
				continue;
			}
			out->is_frag = true;
			out->frag_off = fo & 0xfff8;
			out->more_frags = fo & 1;
			out->frag_id = get_be32(p + off + 4);
			out->proto = p[off];
			out->unfrag_len = off;
			out->l4 = p + off + 8;
			out->l4_len = end - off - 8;
			return IP_OK;
		case NH_ESP:
			return IP_ESP;
		case NH_AH:
			return IP_AH;
		case NH_NONE:
			return IP_NO_NEXT;
		case NH_MOBILITY:
		case NH_HIP:
		case NH_SHIM6:
		case NH_EXP1:
		case NH_EXP2:
			return IP_EXT_UNKNOWN;
		default:
			out->proto = nh;
			out->unfrag_len = off;
			out->l4 = p + off;
			out->l4_len = end - off;
			return IP_OK;
		}
	}
}

enum ip_result ip_parse(const uint8_t *p, size_t len, struct ip_pkt *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 1)
		return IP_TRUNCATED;
	switch (p[0] >> 4) {
	case 4:
		return ip4_parse(p, len, out);
	case 6:
		return ip6_parse(p, len, out);
	default:
		return IP_BAD_VERSION;
	}
}

const char *ip_result_str(enum ip_result r)
{
	static const char *const names[__IP_RESULT_MAX] = {
		[IP_OK] = "ok",
		[IP_TRUNCATED] = "truncated",
		[IP_BAD_VERSION] = "bad version",
		[IP_BAD_HDRLEN] = "bad IPv4 header length",
		[IP_BAD_TOTLEN] = "bad IPv4 total length",
		[IP_BAD_OPTIONS] = "malformed IPv4 options",
		[IP_JUMBO] = "IPv6 jumbogram",
		[IP_EXT_TRUNCATED] = "IPv6 extension header truncated",
		[IP_EXT_TOO_MANY] = "too many IPv6 extension headers",
		[IP_HBH_NOT_FIRST] = "IPv6 hop-by-hop options not first",
		[IP_EXT_UNKNOWN] = "unsupported IPv6 extension header",
		[IP_ESP] = "ESP",
		[IP_AH] = "AH",
		[IP_NO_NEXT] = "IPv6 no next header",
	};

	if ((unsigned int)r >= __IP_RESULT_MAX)
		return "?";
	return names[r];
}

bool ipaddr_eq(const struct ipaddr *a, const struct ipaddr *b)
{
	return a->ver == b->ver && !memcmp(a->a, b->a, 16);
}

int ipaddr_cmp(const struct ipaddr *a, const struct ipaddr *b)
{
	if (a->ver != b->ver)
		return a->ver < b->ver ? -1 : 1;
	return memcmp(a->a, b->a, 16);
}

char *ipaddr_str(const struct ipaddr *a, char *buf, size_t size)
{
	if (a->ver == 4)
		inet_ntop(AF_INET, a->a, buf, size);
	else if (a->ver == 6)
		inet_ntop(AF_INET6, a->a, buf, size);
	else if (size)
		snprintf(buf, size, "-");
	return buf;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

uint64_t hash_bytes(const void *data, size_t len, uint64_t seed)
{
	const uint8_t *p = data;
	uint64_t h = mix64(seed ^ (len * 0x9e3779b97f4a7c15ULL));
	uint64_t w;

	while (len >= 8) {
		memcpy(&w, p, 8);
		h = mix64(h ^ w) * 0x9e3779b97f4a7c15ULL;
		p += 8;
		len -= 8;
	}
	w = 0;
	memcpy(&w, p, len);
	return mix64(h ^ w);
}
