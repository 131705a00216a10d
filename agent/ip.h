/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv4 and IPv6 header parsing for the agent's decoder: bounds-checked,
 * zero-copy, never guessing at what it cannot read (ESP, AH, unknown IPv6
 * extension headers are reported, not skipped).
 */
#ifndef LMISF_IP_H
#define LMISF_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An IPv4 or IPv6 address; IPv4 occupies a[0..3] and the rest is zero. */
struct ipaddr {
	uint8_t ver; /* 4 or 6; 0 = unset */
	uint8_t a[16];
};

/* Why ip_parse() refused a header; each has a decode counter. */
enum ip_result {
	IP_OK = 0,
	IP_TRUNCATED, /* captured bytes end inside a header/payload */
	IP_BAD_VERSION, /* neither 4 nor 6 */
	IP_BAD_HDRLEN, /* IPv4 IHL < 5 */
	IP_BAD_TOTLEN, /* IPv4 total length < IHL */
	IP_BAD_OPTIONS, /* IPv4 option list malformed */
	IP_JUMBO, /* IPv6 payload length 0 (jumbogram) */
	IP_EXT_TRUNCATED, /* IPv6 extension header runs past the payload */
	IP_EXT_TOO_MANY, /* more than IP_MAX_EXT extension headers */
	IP_HBH_NOT_FIRST, /* hop-by-hop options not right after the header */
	IP_EXT_UNKNOWN, /* an extension header we cannot walk */
	IP_ESP, /* encrypted: nothing to decode */
	IP_AH, /* authenticated: not walked, never guessed at */
	IP_NO_NEXT, /* IPv6 next header 59 */
	__IP_RESULT_MAX
};

#define IP_MAX_EXT 8

/* A parsed IP header. Pointers point into the caller's buffer. */
struct ip_pkt {
	uint8_t ver;
	uint8_t proto; /* upper-layer protocol, or fragment's next hdr */
	struct ipaddr src, dst;
	const uint8_t *pkt; /* start of the IP header */
	size_t pkt_len; /* bytes of the datagram (trimmed to its length) */
	const uint8_t *l4; /* upper-layer header (or fragment data) */
	size_t l4_len;
	/* Fragment information (is_frag only). */
	bool is_frag;
	bool atomic_frag; /* IPv6 atomic fragment header stripped */
	bool more_frags;
	uint32_t frag_id; /* IPv4: 16 bits */
	uint32_t frag_off; /* in bytes */
	/*
	 * IPv6: length of the unfragmentable part (IPv6 header plus the
	 * extension headers before the fragment header) and the offset of the
	 * next-header byte that names the fragment header, so reassembly can
	 * splice it out. IPv4: the header length.
	 */
	size_t unfrag_len;
	size_t nexthdr_off;
};

/**
 * ip_parse - parse an IPv4 or IPv6 packet
 * @p: the packet from its network header
 * @len: captured bytes
 * @out: filled on IP_OK
 *
 * Trailing bytes after the datagram's own length (link padding) are
 * ignored. An IPv6 fragment header stops the walk (the rest belongs to the
 * fragmentable part) unless it is an atomic fragment (RFC 6946), which is
 * stripped and walked through.
 *
 * Return: IP_OK or the reason the packet cannot be decoded.
 */
enum ip_result ip_parse(const uint8_t *p, size_t len, struct ip_pkt *out);

const char *ip_result_str(enum ip_result r);

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

bool ipaddr_eq(const struct ipaddr *a, const struct ipaddr *b);
int ipaddr_cmp(const struct ipaddr *a, const struct ipaddr *b);
/* Text form into buf (at least 46 bytes); returns buf. */
char *ipaddr_str(const struct ipaddr *a, char *buf, size_t size);

/* A seeded 64-bit mix for the decoder's hash tables. */
uint64_t hash_bytes(const void *data, size_t len, uint64_t seed);

#endif /* LMISF_IP_H */
