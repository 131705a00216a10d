// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing and formatting of lmisfctl's arguments. Strict on purpose: a
 * lawful-interception task installed from a mistyped argument intercepts
 * the wrong subscriber, so nothing is guessed (no signs, no spaces, no
 * octal, no host bits in prefixes).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <linux/lmisf.h>

#include "parse.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *parse_strerror(enum parse_err err)
{
	switch (err) {
	case PARSE_OK:
		return "no error";
	case PARSE_ESYNTAX:
		return "invalid syntax";
	case PARSE_ERANGE:
		return "out of range";
	case PARSE_EFAMILY:
		return "wrong address family";
	case PARSE_EHOSTBITS:
		return "host bits set past the prefix length";
	case PARSE_ETOOLONG:
		return "too long";
	case PARSE_EEMPTY:
		return "empty";
	}
	return "unknown error";
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

enum parse_err parse_uuid(const char *s, uint8_t uuid[16])
{
	uint8_t out[16];
	size_t i, n = 0;

	if (strlen(s) != 36)
		return PARSE_ESYNTAX;
	for (i = 0; i < 36;) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i++] != '-')
				return PARSE_ESYNTAX;
			continue;
		}
		hi = hexval(s[i]);
		lo = hexval(s[i + 1]);
		if (hi < 0 || lo < 0)
			return PARSE_ESYNTAX;
		out[n++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	memcpy(uuid, out, sizeof(out));
	return PARSE_OK;
}

void format_uuid(const uint8_t u[16], char buf[UUID_STR_LEN])
{
	snprintf(
		buf, UUID_STR_LEN,
		"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		u[10], u[11], u[12], u[13], u[14], u[15]);
}

enum parse_err parse_addr(const char *s, int family, struct addr *a)
{
	struct addr out = { 0 };
	int want = strchr(s, ':') ? AF_INET6 : AF_INET;

	if (!*s)
		return PARSE_EEMPTY;
	out.family = want;
	if (inet_pton(want, s, out.bytes) != 1)
		return PARSE_ESYNTAX;
	if (family != AF_UNSPEC && family != want)
		return PARSE_EFAMILY;
	*a = out;
	return PARSE_OK;
}

void format_addr(const struct addr *a, char buf[ADDR_STR_LEN])
{
	if (!inet_ntop(a->family, a->bytes, buf, ADDR_STR_LEN))
		snprintf(buf, ADDR_STR_LEN, "?");
}

static unsigned int addr_bits(const struct addr *a)
{
	return a->family == AF_INET ? 32 : 128;
}

void prefix_mask(struct prefix *p)
{
	unsigned int bytes = addr_bits(&p->addr) / 8, i;

	for (i = 0; i < bytes; i++) {
		unsigned int first = i * 8;

		if (first >= p->len)
			p->addr.bytes[i] = 0;
		else if (p->len - first < 8)
			p->addr.bytes[i] &=
				(uint8_t)(0xff << (8 - (p->len - first)));
	}
}

static enum parse_err prefix_syntax(const char *s, int family, struct prefix *p)
{
	char buf[ADDR_STR_LEN];
	const char *slash = strchr(s, '/'), *d;
	struct prefix out = { 0 };
	unsigned int len = 0;
	enum parse_err err;

	if (!*s)
		return PARSE_EEMPTY;
	if (!slash || slash == s || (size_t)(slash - s) >= sizeof(buf))
		return PARSE_ESYNTAX;
	memcpy(buf, s, slash - s);
	buf[slash - s] = '\0';
	err = parse_addr(buf, family, &out.addr);
	if (err)
		return err;
	d = slash + 1;
	if (!*d || strlen(d) > 3)
		return PARSE_ESYNTAX;
	for (; *d; d++) {
		if (*d < '0' || *d > '9')
			return PARSE_ESYNTAX;
		len = len * 10 + (unsigned int)(*d - '0');
	}
	if (len > addr_bits(&out.addr))
		return PARSE_ERANGE;
	out.len = (uint8_t)len;
	*p = out;
	return PARSE_OK;
}

enum parse_err parse_prefix_unmasked(const char *s, struct prefix *p)
{
	return prefix_syntax(s, AF_UNSPEC, p);
}

enum parse_err parse_prefix(const char *s, int family, struct prefix *p)
{
	struct prefix out, masked;
	enum parse_err err;

	err = prefix_syntax(s, family, &out);
	if (err)
		return err;
	masked = out;
	prefix_mask(&masked);
	if (memcmp(masked.addr.bytes, out.addr.bytes, sizeof(out.addr.bytes)))
		return PARSE_EHOSTBITS;
	*p = out;
	return PARSE_OK;
}

void format_prefix(const struct prefix *p, char buf[PREFIX_STR_LEN])
{
	char a[ADDR_STR_LEN];

	format_addr(&p->addr, a);
	snprintf(buf, PREFIX_STR_LEN, "%s/%u", a, p->len);
}

enum parse_err parse_u64(const char *s, uint64_t *v)
{
	unsigned int base = 10;
	uint64_t n = 0;

	if (!*s)
		return PARSE_EEMPTY;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return PARSE_ESYNTAX;
	}
	for (; *s; s++) {
		int d = hexval(*s);

		if (d < 0 || (unsigned int)d >= base)
			return PARSE_ESYNTAX;
		if (n > (UINT64_MAX - (unsigned int)d) / base)
			return PARSE_ERANGE;
		n = n * base + (unsigned int)d;
	}
	*v = n;
	return PARSE_OK;
}

enum parse_err parse_u32(const char *s, uint32_t *v)
{
	enum parse_err err;
	uint64_t n;

	err = parse_u64(s, &n);
	if (err)
		return err;
	if (n > UINT32_MAX)
		return PARSE_ERANGE;
	*v = (uint32_t)n;
	return PARSE_OK;
}

enum parse_err parse_port(const char *s, uint16_t *port)
{
	enum parse_err err;
	uint64_t n;
	const char *c;

	/* Ports are decimal only: 0x1f90 is more likely a mistake than 8080. */
	for (c = s; *c; c++)
		if (*c < '0' || *c > '9')
			return PARSE_ESYNTAX;
	err = parse_u64(s, &n);
	if (err)
		return err;
	if (n < 1 || n > 65535)
		return PARSE_ERANGE;
	*port = (uint16_t)n;
	return PARSE_OK;
}

struct name {
	const char *name;
	uint32_t value;
};

static enum parse_err lookup(const struct name *t, size_t n, const char *s,
			     uint32_t *v)
{
	size_t i;

	if (!*s)
		return PARSE_EEMPTY;
	for (i = 0; i < n; i++) {
		if (!strcmp(t[i].name, s)) {
			*v = t[i].value;
			return PARSE_OK;
		}
	}
	return PARSE_ESYNTAX;
}

static const char *rlookup(const struct name *t, size_t n, uint32_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	return NULL;
}

static const struct name protos[] = {
	{ "udp", IPPROTO_UDP },
	{ "tcp", IPPROTO_TCP },
	{ "sctp", IPPROTO_SCTP },
};

enum parse_err parse_proto(const char *s, uint8_t *proto)
{
	enum parse_err err;
	uint32_t v;

	err = lookup(protos, ARRAY_SIZE(protos), s, &v);
	if (!err)
		*proto = (uint8_t)v;
	return err;
}

const char *proto_name(uint8_t proto)
{
	return rlookup(protos, ARRAY_SIZE(protos), proto);
}

static const struct name deliveries[] = {
	{ "x2", LMISF_DELIVERY_X2_ONLY },
	{ "x3", LMISF_DELIVERY_X3_ONLY },
	{ "x2x3", LMISF_DELIVERY_X2_AND_X3 },
};

enum parse_err parse_delivery(const char *s, uint32_t *delivery)
{
	return lookup(deliveries, ARRAY_SIZE(deliveries), s, delivery);
}

const char *delivery_name(uint32_t delivery)
{
	return rlookup(deliveries, ARRAY_SIZE(deliveries), delivery);
}

static const struct name target_types[] = {
	{ "ipv4", LMISF_TARGET_IPV4 },
	{ "ipv6", LMISF_TARGET_IPV6 },
	{ "ipv4-cidr", LMISF_TARGET_IPV4_CIDR },
	{ "ipv6-cidr", LMISF_TARGET_IPV6_CIDR },
	{ "teid", LMISF_TARGET_GTPU_TEID },
	{ "sip-uri", LMISF_TARGET_SIP_URI },
	{ "tel-uri", LMISF_TARGET_TEL_URI },
	{ "impu", LMISF_TARGET_IMPU },
	{ "impi", LMISF_TARGET_IMPI },
	{ "imsi", LMISF_TARGET_IMSI },
	{ "supi", LMISF_TARGET_SUPI },
	{ "imei", LMISF_TARGET_IMEI },
	{ "pei", LMISF_TARGET_PEI },
	{ "e164", LMISF_TARGET_E164 },
	{ "nai", LMISF_TARGET_NAI },
};

enum parse_err parse_target_type(const char *s, uint32_t *type)
{
	return lookup(target_types, ARRAY_SIZE(target_types), s, type);
}

const char *target_type_name(uint32_t type)
{
	return rlookup(target_types, ARRAY_SIZE(target_types), type);
}

bool target_type_is_identity(uint32_t type)
{
	return type >= LMISF_TARGET_SIP_URI && type <= LMISF_TARGET_TYPE_MAX;
}

enum parse_err parse_identity(const char *s)
{
	if (!*s)
		return PARSE_EEMPTY;
	if (strlen(s) > LMISF_MAX_VALUE_LEN)
		return PARSE_ETOOLONG;
	return PARSE_OK;
}

void format_time_ns(uint64_t ns, char buf[TIME_STR_LEN])
{
	time_t secs = (time_t)(ns / 1000000000ULL);
	struct tm tm;
	size_t n;

	if (!gmtime_r(&secs, &tm)) {
		snprintf(buf, TIME_STR_LEN, "?");
		return;
	}
	n = strftime(buf, TIME_STR_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, TIME_STR_LEN - n, ".%09lluZ",
		 (unsigned long long)(ns % 1000000000ULL));
}
