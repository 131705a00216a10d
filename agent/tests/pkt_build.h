/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet construction for the decoder's tests and fuzz seeds: IPv4, IPv6
 * with extension headers, UDP, TCP and GTP-U, written into a caller's
 * buffer. Checksums are left zero: the decoder does not verify them.
 */
#ifndef LMISF_TESTS_PKT_BUILD_H
#define LMISF_TESTS_PKT_BUILD_H

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "decode.h"

#define PB_MAX 70000

static inline void pb_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void pb_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static inline struct ipaddr pb_addr(const char *s)
{
	struct ipaddr a;

	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, s, a.a) == 1)
		a.ver = 4;
	else if (inet_pton(AF_INET6, s, a.a) == 1)
		a.ver = 6;
	return a;
}

/* IPv4 header (20 bytes, or 20 + optlen) + payload; frag_off in bytes. */
static inline size_t pb_ip4_opt(uint8_t *o, const char *src, const char *dst,
				uint8_t proto, uint16_t id, uint32_t frag_off,
				int mf, const uint8_t *opt, size_t optlen,
				const void *pl, size_t plen)
{
	size_t hl = 20 + optlen;
	struct ipaddr s = pb_addr(src), d = pb_addr(dst);

	memset(o, 0, hl);
	o[0] = 0x40 | (uint8_t)(hl / 4);
	pb_be16(o + 2, (uint16_t)(hl + plen));
	pb_be16(o + 4, id);
	pb_be16(o + 6, (uint16_t)((frag_off / 8) | (mf ? 0x2000 : 0)));
	o[8] = 64;
	o[9] = proto;
	memcpy(o + 12, s.a, 4);
	memcpy(o + 16, d.a, 4);
	if (optlen)
		memcpy(o + 20, opt, optlen);
	if (plen)
		memmove(o + hl, pl, plen);
	return hl + plen;
}

static inline size_t pb_ip4(uint8_t *o, const char *src, const char *dst,
			    uint8_t proto, uint16_t id, uint32_t frag_off,
			    int mf, const void *pl, size_t plen)
{
	return pb_ip4_opt(o, src, dst, proto, id, frag_off, mf, NULL, 0, pl,
			  plen);
}

/*
 * IPv6 header + extension bytes + payload. @nh names the first header
 * after the fixed one; the extension bytes carry their own next headers.
 */
static inline size_t pb_ip6(uint8_t *o, const char *src, const char *dst,
			    uint8_t nh, const void *ext, size_t extlen,
			    const void *pl, size_t plen)
{
	struct ipaddr s = pb_addr(src), d = pb_addr(dst);

	if (plen)
		memmove(o + 40 + extlen, pl, plen);
	memset(o, 0, 40);
	o[0] = 0x60;
	pb_be16(o + 4, (uint16_t)(extlen + plen));
	o[6] = nh;
	o[7] = 64;
	memcpy(o + 8, s.a, 16);
	memcpy(o + 24, d.a, 16);
	if (extlen)
		memcpy(o + 40, ext, extlen);
	return 40 + extlen + plen;
}

/* An 8-byte IPv6 options/routing header with next header @nh. */
static inline size_t pb_ext8(uint8_t *o, uint8_t nh)
{
	memset(o, 0, 8);
	o[0] = nh;
	o[1] = 0;
	if (nh != 44)
		o[2] = 1; /* PadN */
	o[3] = 4;
	return 8;
}

/* An IPv6 fragment header. */
static inline size_t pb_frag6(uint8_t *o, uint8_t nh, uint32_t off, int m,
			      uint32_t id)
{
	o[0] = nh;
	o[1] = 0;
	pb_be16(o + 2, (uint16_t)((off & 0xfff8) | (m ? 1 : 0)));
	pb_be32(o + 4, id);
	return 8;
}

static inline size_t pb_udp(uint8_t *o, uint16_t sport, uint16_t dport,
			    const void *pl, size_t plen)
{
	if (plen)
		memmove(o + 8, pl, plen);
	pb_be16(o, sport);
	pb_be16(o + 2, dport);
	pb_be16(o + 4, (uint16_t)(8 + plen));
	pb_be16(o + 6, 0);
	return 8 + plen;
}

#define PB_FIN 0x01
#define PB_SYN 0x02
#define PB_RST 0x04
#define PB_PSH 0x08
#define PB_ACK 0x10

static inline size_t pb_tcp(uint8_t *o, uint16_t sport, uint16_t dport,
			    uint32_t seq, uint8_t flags, const void *pl,
			    size_t plen)
{
	if (plen)
		memmove(o + 20, pl, plen);
	memset(o, 0, 20);
	pb_be16(o, sport);
	pb_be16(o + 2, dport);
	pb_be32(o + 4, seq);
	o[12] = 5 << 4;
	o[13] = flags;
	pb_be16(o + 14, 65535);
	return 20 + plen;
}

/*
 * GTPv1-U: flags (0x30 plain, | 0x02 sequence, | 0x04 extensions), type,
 * TEID, optional 4 bytes + extensions given raw in @opt, then the inner
 * packet. The length field is computed unless @len_override >= 0.
 */
static inline size_t pb_gtpu(uint8_t *o, uint8_t flags, uint8_t type,
			     uint32_t teid, const void *opt, size_t optlen,
			     const void *inner, size_t ilen, int len_override)
{
	if (ilen)
		memmove(o + 8 + optlen, inner, ilen);
	o[0] = flags;
	o[1] = type;
	pb_be16(o + 2, len_override >= 0 ? (uint16_t)len_override :
					   (uint16_t)(optlen + ilen));
	pb_be32(o + 4, teid);
	if (optlen)
		memcpy(o + 8, opt, optlen);
	return 8 + optlen + ilen;
}

/* UDP/IPv4 datagram in one call. */
static inline size_t pb_udp4(uint8_t *o, const char *src, const char *dst,
			     uint16_t sport, uint16_t dport, const void *pl,
			     size_t plen)
{
	static uint8_t tmp[PB_MAX];
	size_t n = pb_udp(tmp, sport, dport, pl, plen);

	return pb_ip4(o, src, dst, 17, 1, 0, 0, tmp, n);
}

static inline size_t pb_tcp4(uint8_t *o, const char *src, const char *dst,
			     uint16_t sport, uint16_t dport, uint32_t seq,
			     uint8_t flags, const void *pl, size_t plen)
{
	static uint8_t tmp[PB_MAX];
	size_t n = pb_tcp(tmp, sport, dport, seq, flags, pl, plen);

	return pb_ip4(o, src, dst, 6, 1, 0, 0, tmp, n);
}

/* GTP-U T-PDU (plain header) carrying @inner, over UDP/IPv4 to 2152. */
static inline size_t pb_gtpu4(uint8_t *o, const char *src, const char *dst,
			      uint32_t teid, const void *inner, size_t ilen)
{
	static uint8_t g[PB_MAX];
	size_t n = pb_gtpu(g, 0x30, 0xff, teid, NULL, 0, inner, ilen, -1);

	return pb_udp4(o, src, dst, 2152, 2152, g, n);
}

#endif /* LMISF_TESTS_PKT_BUILD_H */
