/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing and formatting of lmisfctl's arguments: UUIDs, addresses,
 * prefixes, ports, numbers and the names of the family's enums. No netlink
 * here, so all of it is unit-tested on the host.
 */
#ifndef LMISFCTL_PARSE_H
#define LMISFCTL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/* Why an argument was refused; parse_strerror() turns it into text. */
enum parse_err {
	PARSE_OK = 0,
	PARSE_ESYNTAX, /* not of the expected form */
	PARSE_ERANGE, /* a number outside its range */
	PARSE_EFAMILY, /* an address of the other family */
	PARSE_EHOSTBITS, /* a prefix with bits set past its length */
	PARSE_ETOOLONG, /* a string longer than the kernel accepts */
	PARSE_EEMPTY, /* an empty string */
};

const char *parse_strerror(enum parse_err err);

#define UUID_STR_LEN 37 /* 36 characters and the NUL */

enum parse_err parse_uuid(const char *s, uint8_t uuid[16]);
void format_uuid(const uint8_t uuid[16], char buf[UUID_STR_LEN]);

/* An IPv4 or IPv6 address; family is AF_INET or AF_INET6. */
struct addr {
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t bytes[16];
	};
};

#define ADDR_STR_LEN 46 /* INET6_ADDRSTRLEN */
#define PREFIX_STR_LEN (ADDR_STR_LEN + 4)

/* family: AF_INET or AF_INET6 to require one, AF_UNSPEC for either. */
enum parse_err parse_addr(const char *s, int family, struct addr *a);
void format_addr(const struct addr *a, char buf[ADDR_STR_LEN]);

struct prefix {
	struct addr addr;
	uint8_t len;
};

/*
 * "A/N". The length is mandatory and bits past it must be zero (the kernel
 * refuses them too; a typo such as 10.0.0.1/24 is almost never meant).
 */
enum parse_err parse_prefix(const char *s, int family, struct prefix *p);
/* The same without the host-bits check (to suggest the masked prefix). */
enum parse_err parse_prefix_unmasked(const char *s, struct prefix *p);
void format_prefix(const struct prefix *p, char buf[PREFIX_STR_LEN]);
/* p with the bits past its length cleared, for "did you mean". */
void prefix_mask(struct prefix *p);

/* Decimal, or hexadecimal with 0x; no sign, no spaces. */
enum parse_err parse_u64(const char *s, uint64_t *v);
enum parse_err parse_u32(const char *s, uint32_t *v);
/* A port number, 1..65535. */
enum parse_err parse_port(const char *s, uint16_t *port);

/* udp, tcp, sctp <-> IPPROTO_*. */
enum parse_err parse_proto(const char *s, uint8_t *proto);
const char *proto_name(uint8_t proto); /* NULL if not one of those */

/* x2, x3, x2x3 <-> enum lmisf_delivery. */
enum parse_err parse_delivery(const char *s, uint32_t *delivery);
const char *delivery_name(uint32_t delivery); /* NULL if unknown */

/* ipv4, ..., teid, sip-uri, ..., nai <-> enum lmisf_target_type. */
enum parse_err parse_target_type(const char *s, uint32_t *type);
const char *target_type_name(uint32_t type); /* NULL if unknown */
/* Identity types: an opaque value for the agent, may be non-local. */
bool target_type_is_identity(uint32_t type);

/* An identity value: non-empty, at most LMISF_MAX_VALUE_LEN bytes. */
enum parse_err parse_identity(const char *s);

#define TIME_STR_LEN 32
/* ns since the epoch as ISO 8601 UTC, 2026-11-22T09:00:00.123456789Z. */
void format_time_ns(uint64_t ns, char buf[TIME_STR_LEN]);

#endif /* LMISFCTL_PARSE_H */
