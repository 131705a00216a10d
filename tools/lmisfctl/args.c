// SPDX-License-Identifier: GPL-2.0
/*
 * Argument cursor and typed getters. Every refusal names the keyword, the
 * value and what was expected, then exits 2 (usage_err).
 */
#include <string.h>
#include <sys/socket.h>

#include "args.h"
#include "lmisfctl.h"

bool args_more(const struct args *a)
{
	return a->argc > 0;
}

const char *args_peek(const struct args *a)
{
	return a->argc > 0 ? a->argv[0] : NULL;
}

const char *args_next(struct args *a)
{
	if (a->argc <= 0)
		return NULL;
	a->argc--;
	return *a->argv++;
}

bool args_accept(struct args *a, const char *kw)
{
	const char *s = args_peek(a);

	if (!s || strcmp(s, kw))
		return false;
	args_next(a);
	return true;
}

const char *args_value(struct args *a, const char *kw)
{
	const char *s = args_next(a);

	if (!s)
		usage_err("\"%s\" needs a value", kw);
	return s;
}

void args_end(const struct args *a)
{
	if (args_more(a))
		usage_err("unexpected argument \"%s\"", args_peek(a));
}

void args_once(bool *seen, const char *kw)
{
	if (*seen)
		usage_err("\"%s\" given twice", kw);
	*seen = true;
}

static void bad(const char *kw, const char *s, enum parse_err err,
		const char *expected)
{
	usage_err("%s \"%s\": %s (expected %s)", kw, s, parse_strerror(err),
		  expected);
}

void args_uuid(struct args *a, const char *kw, uint8_t uuid[16])
{
	const char *s = args_value(a, kw);
	enum parse_err err = parse_uuid(s, uuid);

	if (err)
		bad(kw, s, err,
		    "a UUID such as 2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162");
}

static const char *family_text(int family)
{
	switch (family) {
	case AF_INET:
		return "an IPv4 address";
	case AF_INET6:
		return "an IPv6 address";
	}
	return "an IPv4 or IPv6 address";
}

void args_addr(struct args *a, const char *kw, int family, struct addr *ad)
{
	const char *s = args_value(a, kw);
	enum parse_err err = parse_addr(s, family, ad);

	if (err)
		bad(kw, s, err, family_text(family));
}

void args_prefix(struct args *a, const char *kw, int family, struct prefix *p)
{
	const char *s = args_value(a, kw);
	enum parse_err err = parse_prefix(s, family, p);
	char buf[PREFIX_STR_LEN];

	if (err == PARSE_EHOSTBITS) {
		struct prefix masked;

		/* Tell the network the user probably meant. */
		parse_prefix_unmasked(s, &masked);
		prefix_mask(&masked);
		format_prefix(&masked, buf);
		usage_err("%s \"%s\": %s (did you mean %s?)", kw, s,
			  parse_strerror(err), buf);
	}
	if (err)
		bad(kw, s, err,
		    family == AF_INET  ? "IPv4ADDRESS/0..32" :
		    family == AF_INET6 ? "IPv6ADDRESS/0..128" :
					 "ADDRESS/LENGTH");
}

uint64_t args_u64(struct args *a, const char *kw)
{
	const char *s = args_value(a, kw);
	enum parse_err err;
	uint64_t v;

	err = parse_u64(s, &v);
	if (err)
		bad(kw, s, err, "a number 0..18446744073709551615");
	return v;
}

uint32_t args_u32(struct args *a, const char *kw)
{
	const char *s = args_value(a, kw);
	enum parse_err err;
	uint32_t v;

	err = parse_u32(s, &v);
	if (err)
		bad(kw, s, err, "a number 0..4294967295");
	return v;
}

uint16_t args_port(struct args *a, const char *kw)
{
	const char *s = args_value(a, kw);
	enum parse_err err;
	uint16_t v;

	err = parse_port(s, &v);
	if (err)
		bad(kw, s, err, "a port 1..65535");
	return v;
}

uint8_t args_proto(struct args *a, const char *kw)
{
	const char *s = args_value(a, kw);
	enum parse_err err;
	uint8_t v;

	err = parse_proto(s, &v);
	if (err)
		bad(kw, s, err, "udp, tcp or sctp");
	return v;
}
