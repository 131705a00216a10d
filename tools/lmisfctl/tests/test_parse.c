// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of lmisfctl's argument parsing (parse.c): every refusal has
 * its own reason, and what is accepted round-trips through the formatter.
 */
#include <arpa/inet.h>
#include <string.h>

#include <kselftest_harness.h>
#include <linux/lmisf.h>

#include "parse.h"

#define XID "2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162"

TEST(uuid_round_trip)
{
	uint8_t u[16];
	char buf[UUID_STR_LEN];

	ASSERT_EQ(PARSE_OK, parse_uuid(XID, u));
	EXPECT_EQ(0x2b, u[0]);
	EXPECT_EQ(0x62, u[15]);
	format_uuid(u, buf);
	EXPECT_STREQ(XID, buf);
	/* Upper case is accepted, printed in lower case. */
	ASSERT_EQ(PARSE_OK,
		  parse_uuid("2B5E3F4C-8A1D-4F7E-9C0B-1D2E3F405162", u));
	format_uuid(u, buf);
	EXPECT_STREQ(XID, buf);
}

TEST(uuid_refused)
{
	static const char *const bad[] = {
		"",
		"2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f40516", /* short */
		"2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f4051623", /* long */
		"2b5e3f4c8a1d-4f7e-9c0b-1d2e3f40516200", /* dash missing */
		"2b5e3f4-c8a1d-4f7e-9c0b-1d2e3f405162", /* dash misplaced */
		"2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f40516g", /* not hex */
		"{b5e3f4c-8a1d-4f7e-9c0b-1d2e3f40516}",
		"2b5e3f4c 8a1d 4f7e 9c0b 1d2e3f405162",
		"2b5e3f4c2b5e3f4c2b5e3f4c2b5e3f4c", /* no dashes */
	};
	uint8_t u[16], before[16];
	size_t i;

	memset(u, 0xaa, sizeof(u));
	memcpy(before, u, sizeof(u));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(PARSE_ESYNTAX, parse_uuid(bad[i], u))
		TH_LOG("accepted \"%s\"", bad[i]);
		/* A refused value leaves the output untouched. */
		EXPECT_EQ(0, memcmp(u, before, sizeof(u)));
	}
}

TEST(addr_families)
{
	char buf[ADDR_STR_LEN];
	struct addr a;

	ASSERT_EQ(PARSE_OK, parse_addr("192.0.2.1", AF_UNSPEC, &a));
	EXPECT_EQ(AF_INET, a.family);
	EXPECT_EQ(htonl(0xc0000201), a.v4.s_addr);
	format_addr(&a, buf);
	EXPECT_STREQ("192.0.2.1", buf);

	ASSERT_EQ(PARSE_OK, parse_addr("2001:DB8::1", AF_INET6, &a));
	EXPECT_EQ(AF_INET6, a.family);
	EXPECT_EQ(0x20, a.bytes[0]);
	EXPECT_EQ(1, a.bytes[15]);
	format_addr(&a, buf);
	EXPECT_STREQ("2001:db8::1", buf);

	ASSERT_EQ(PARSE_OK, parse_addr("::ffff:192.0.2.1", AF_INET6, &a));
	EXPECT_EQ(AF_INET6, a.family);

	EXPECT_EQ(PARSE_EFAMILY, parse_addr("2001:db8::1", AF_INET, &a));
	EXPECT_EQ(PARSE_EFAMILY, parse_addr("192.0.2.1", AF_INET6, &a));
}

TEST(addr_refused)
{
	static const char *const bad[] = {
		"1.2.3",	"256.1.1.1",	"1.2.3.4 ",	" 1.2.3.4",
		"1.2.3.4/32",	"0x01020304",	"2001:db8:::1", "2001:db8::g",
		"host.example", "1.2.3.4%eth0",
	};
	struct addr a;
	size_t i;

	EXPECT_EQ(PARSE_EEMPTY, parse_addr("", AF_UNSPEC, &a));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *s = bad[i];

		EXPECT_EQ(PARSE_ESYNTAX, parse_addr(s, AF_UNSPEC, &a))
		TH_LOG("accepted \"%s\"", s ? s : "");
	}
}

static enum parse_err prefix_round_trip(const char *s, int family,
					char buf[PREFIX_STR_LEN])
{
	struct prefix p;
	enum parse_err err = parse_prefix(s, family, &p);

	if (!err)
		format_prefix(&p, buf);
	return err;
}

TEST(prefix_accepted)
{
	static const char *const good[] = {
		"10.0.0.0/8",	   "0.0.0.0/0",		 "192.0.2.1/32",
		"10.0.0.128/25",   "2001:db8::/32",	 "::/0",
		"2001:db8::1/128", "2001:db8:8000::/33", "fe80::/10",
	};
	char buf[PREFIX_STR_LEN];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ASSERT_EQ(PARSE_OK, prefix_round_trip(good[i], AF_UNSPEC, buf))
		TH_LOG("refused \"%s\"", good[i]);
		EXPECT_STREQ(good[i], buf);
	}
	/* Leading zeros in the length are decimal, not octal. */
	ASSERT_EQ(PARSE_OK, prefix_round_trip("10.0.0.0/010", AF_INET, buf));
	EXPECT_STREQ("10.0.0.0/10", buf);
}

TEST(prefix_host_bits)
{
	static const char *const bad[] = {
		"10.0.0.1/24",	"10.0.0.64/25",	  "10.0.0.1/0",
		"192.0.2.3/31", "2001:db8::1/64", "2001:db8:4000::/33",
		"::1/127",	"fe80::1/10",
	};
	struct prefix p;
	char buf[PREFIX_STR_LEN];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *s = bad[i];

		EXPECT_EQ(PARSE_EHOSTBITS, parse_prefix(s, AF_UNSPEC, &p))
		TH_LOG("accepted \"%s\"", s ? s : "");
	}

	/* The suggestion lmisfctl prints is the masked network. */
	ASSERT_EQ(PARSE_OK, parse_prefix_unmasked("10.1.2.3/12", &p));
	prefix_mask(&p);
	format_prefix(&p, buf);
	EXPECT_STREQ("10.0.0.0/12", buf);
	ASSERT_EQ(PARSE_OK, parse_prefix_unmasked("2001:db8:ffff::1/36", &p));
	prefix_mask(&p);
	format_prefix(&p, buf);
	EXPECT_STREQ("2001:db8:f000::/36", buf);
}

TEST(prefix_refused)
{
	struct prefix p;

	EXPECT_EQ(PARSE_EEMPTY, parse_prefix("", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_ESYNTAX, parse_prefix("10.0.0.0", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_ESYNTAX, parse_prefix("10.0.0.0/", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_ESYNTAX, parse_prefix("/8", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_ESYNTAX, parse_prefix("10.0.0.0/+8", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_ESYNTAX, parse_prefix("10.0.0.0/-8", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_ESYNTAX, parse_prefix("10.0.0.0/8 ", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_ESYNTAX, parse_prefix("10.0.0.0/0008", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_ESYNTAX, parse_prefix("10.0.0.0/8/8", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_ESYNTAX, parse_prefix("10.0.0/8", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_ERANGE, parse_prefix("10.0.0.0/33", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_ERANGE, parse_prefix("2001:db8::/129", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_ERANGE, parse_prefix("::/999", AF_UNSPEC, &p));
	EXPECT_EQ(PARSE_EFAMILY, parse_prefix("2001:db8::/32", AF_INET, &p));
	EXPECT_EQ(PARSE_EFAMILY, parse_prefix("10.0.0.0/8", AF_INET6, &p));
	/* An address part longer than any address is not copied anywhere. */
	EXPECT_EQ(
		PARSE_ESYNTAX,
		parse_prefix(
			"1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa/64",
			AF_UNSPEC, &p));
}

TEST(ports)
{
	static const char *const syntax[] = { "-1",   "+5",    " 5", "5 ",
					      "0x50", "5060a", "1e3" };
	uint16_t port = 7;
	size_t i;

	ASSERT_EQ(PARSE_OK, parse_port("1", &port));
	EXPECT_EQ(1, port);
	ASSERT_EQ(PARSE_OK, parse_port("65535", &port));
	EXPECT_EQ(65535, port);
	ASSERT_EQ(PARSE_OK, parse_port("05060", &port));
	EXPECT_EQ(5060, port);
	EXPECT_EQ(PARSE_ERANGE, parse_port("0", &port));
	EXPECT_EQ(PARSE_ERANGE, parse_port("65536", &port));
	EXPECT_EQ(PARSE_ERANGE, parse_port("99999999999999999999999", &port));
	EXPECT_EQ(PARSE_EEMPTY, parse_port("", &port));
	for (i = 0; i < sizeof(syntax) / sizeof(syntax[0]); i++) {
		const char *s = syntax[i];

		EXPECT_EQ(PARSE_ESYNTAX, parse_port(s, &port))
		TH_LOG("accepted \"%s\"", s ? s : "");
	}
	EXPECT_EQ(5060, port);
}

TEST(numbers)
{
	uint64_t v64;
	uint32_t v32;

	ASSERT_EQ(PARSE_OK, parse_u64("18446744073709551615", &v64));
	EXPECT_EQ(UINT64_MAX, v64);
	ASSERT_EQ(PARSE_OK, parse_u64("0xFFFFffffFFFFffff", &v64));
	EXPECT_EQ(UINT64_MAX, v64);
	ASSERT_EQ(PARSE_OK, parse_u64("0", &v64));
	EXPECT_EQ(0, v64);
	/* No octal: 010 is ten. */
	ASSERT_EQ(PARSE_OK, parse_u64("010", &v64));
	EXPECT_EQ(10, v64);
	EXPECT_EQ(PARSE_ERANGE, parse_u64("18446744073709551616", &v64));
	EXPECT_EQ(PARSE_ERANGE, parse_u64("0x10000000000000000", &v64));
	EXPECT_EQ(PARSE_ESYNTAX, parse_u64("0x", &v64));
	EXPECT_EQ(PARSE_ESYNTAX, parse_u64("0x1g", &v64));
	EXPECT_EQ(PARSE_ESYNTAX, parse_u64("-1", &v64));
	EXPECT_EQ(PARSE_ESYNTAX, parse_u64("1.5", &v64));
	EXPECT_EQ(PARSE_EEMPTY, parse_u64("", &v64));

	ASSERT_EQ(PARSE_OK, parse_u32("4294967295", &v32));
	EXPECT_EQ(UINT32_MAX, v32);
	ASSERT_EQ(PARSE_OK, parse_u32("0x12345678", &v32));
	EXPECT_EQ(0x12345678, v32);
	EXPECT_EQ(PARSE_ERANGE, parse_u32("4294967296", &v32));
	EXPECT_EQ(PARSE_ERANGE, parse_u32("0x100000000", &v32));
}

TEST(protos)
{
	uint8_t p;

	ASSERT_EQ(PARSE_OK, parse_proto("udp", &p));
	EXPECT_EQ(IPPROTO_UDP, p);
	ASSERT_EQ(PARSE_OK, parse_proto("tcp", &p));
	EXPECT_EQ(IPPROTO_TCP, p);
	ASSERT_EQ(PARSE_OK, parse_proto("sctp", &p));
	EXPECT_EQ(IPPROTO_SCTP, p);
	EXPECT_EQ(PARSE_ESYNTAX, parse_proto("UDP", &p));
	EXPECT_EQ(PARSE_ESYNTAX, parse_proto("icmp", &p));
	EXPECT_EQ(PARSE_ESYNTAX, parse_proto("17", &p));
	EXPECT_EQ(PARSE_EEMPTY, parse_proto("", &p));
	EXPECT_STREQ("udp", proto_name(IPPROTO_UDP));
	EXPECT_STREQ("sctp", proto_name(IPPROTO_SCTP));
	EXPECT_EQ(NULL, proto_name(IPPROTO_ICMP));
}

TEST(deliveries)
{
	uint32_t d;

	ASSERT_EQ(PARSE_OK, parse_delivery("x2", &d));
	EXPECT_EQ(LMISF_DELIVERY_X2_ONLY, d);
	ASSERT_EQ(PARSE_OK, parse_delivery("x3", &d));
	EXPECT_EQ(LMISF_DELIVERY_X3_ONLY, d);
	ASSERT_EQ(PARSE_OK, parse_delivery("x2x3", &d));
	EXPECT_EQ(LMISF_DELIVERY_X2_AND_X3, d);
	EXPECT_EQ(PARSE_ESYNTAX, parse_delivery("x2andx3", &d));
	EXPECT_EQ(PARSE_ESYNTAX, parse_delivery("X2", &d));
	EXPECT_STREQ("x2x3", delivery_name(LMISF_DELIVERY_X2_AND_X3));
	EXPECT_EQ(NULL, delivery_name(0));
	EXPECT_EQ(NULL, delivery_name(4));
}

TEST(target_types)
{
	static const struct {
		const char *name;
		uint32_t type;
		bool identity;
	} types[] = {
		{ "ipv4", LMISF_TARGET_IPV4, false },
		{ "ipv6", LMISF_TARGET_IPV6, false },
		{ "ipv4-cidr", LMISF_TARGET_IPV4_CIDR, false },
		{ "ipv6-cidr", LMISF_TARGET_IPV6_CIDR, false },
		{ "teid", LMISF_TARGET_GTPU_TEID, false },
		{ "sip-uri", LMISF_TARGET_SIP_URI, true },
		{ "tel-uri", LMISF_TARGET_TEL_URI, true },
		{ "impu", LMISF_TARGET_IMPU, true },
		{ "impi", LMISF_TARGET_IMPI, true },
		{ "imsi", LMISF_TARGET_IMSI, true },
		{ "supi", LMISF_TARGET_SUPI, true },
		{ "imei", LMISF_TARGET_IMEI, true },
		{ "pei", LMISF_TARGET_PEI, true },
		{ "e164", LMISF_TARGET_E164, true },
		{ "nai", LMISF_TARGET_NAI, true },
	};
	uint32_t t;
	size_t i;

	/* Every type of the uapi has a name. */
	ASSERT_EQ(LMISF_TARGET_TYPE_MAX, sizeof(types) / sizeof(types[0]));
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		ASSERT_EQ(PARSE_OK, parse_target_type(types[i].name, &t));
		EXPECT_EQ(types[i].type, t);
		EXPECT_STREQ(types[i].name, target_type_name(t));
		EXPECT_EQ(types[i].identity, target_type_is_identity(t))
		TH_LOG("%s", types[i].name);
	}
	EXPECT_EQ(PARSE_ESYNTAX, parse_target_type("msisdn", &t));
	EXPECT_EQ(PARSE_ESYNTAX, parse_target_type("gtpu-teid", &t));
	EXPECT_EQ(PARSE_EEMPTY, parse_target_type("", &t));
	EXPECT_EQ(NULL, target_type_name(0));
	EXPECT_EQ(NULL, target_type_name(LMISF_TARGET_TYPE_MAX + 1));
	EXPECT_FALSE(target_type_is_identity(0));
	EXPECT_FALSE(target_type_is_identity(LMISF_TARGET_TYPE_MAX + 1));
}

TEST(identity_length)
{
	char s[LMISF_MAX_VALUE_LEN + 2];

	EXPECT_EQ(PARSE_EEMPTY, parse_identity(""));
	memset(s, '1', LMISF_MAX_VALUE_LEN);
	s[LMISF_MAX_VALUE_LEN] = '\0';
	EXPECT_EQ(PARSE_OK, parse_identity(s));
	s[LMISF_MAX_VALUE_LEN] = '1';
	s[LMISF_MAX_VALUE_LEN + 1] = '\0';
	EXPECT_EQ(PARSE_ETOOLONG, parse_identity(s));
}

TEST(times)
{
	char buf[TIME_STR_LEN];

	format_time_ns(0, buf);
	EXPECT_STREQ("1970-01-01T00:00:00.000000000Z", buf);
	format_time_ns(1795000000123456789ULL, buf);
	EXPECT_STREQ("2026-11-18T11:06:40.123456789Z", buf);
	format_time_ns(4102444800000000001ULL, buf);
	EXPECT_STREQ("2100-01-01T00:00:00.000000001Z", buf);
}

TEST(strerror_distinct)
{
	EXPECT_NE(0, strcmp(parse_strerror(PARSE_ESYNTAX),
			    parse_strerror(PARSE_EHOSTBITS)));
	EXPECT_NE(NULL, strstr(parse_strerror(PARSE_EHOSTBITS), "host bits"));
}

TEST_HARNESS_MAIN
