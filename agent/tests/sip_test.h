/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the SIP unit tests: parse an exactly sized copy (so
 * ASan sees reads past the end), compare slices, expect refusals.
 */
#ifndef SIP_TEST_H
#define SIP_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sip.h"

static struct sip_msg M;
static struct sip_error E;
static char *keep; /* the last parsed copy: M points into it */

/* Parse a copy sized exactly, so ASan catches any read past the end. */
static inline int parse_n(const char *s, size_t n, unsigned int flags)
{
	char *b = malloc(n ? n : 1);
	int r;

	memcpy(b, s, n);
	r = sip_parse(&M, b, n, flags, &E);
	free(keep);
	keep = b;
	return r;
}

static inline int parse(const char *s)
{
	return parse_n(s, strlen(s), 0);
}

static inline bool streq(struct sip_str s, const char *lit)
{
	return s.len == strlen(lit) && memcmp(s.p, lit, s.len) == 0;
}

#define ASSERT_STR(s, lit)                                                  \
	do {                                                                \
		if (!streq((s), (lit)))                                     \
			TH_LOG("got '%.*s' want '%s'", (int)(s).len, (s).p, \
			       (lit));                                      \
		ASSERT_TRUE(streq((s), (lit)));                             \
	} while (0)

#define ASSERT_REFUSED(code, msg)                              \
	do {                                                   \
		int __r = parse(msg);                          \
		if (__r != -(code))                            \
			TH_LOG("r=%d reason=%s", __r,          \
			       __r ? E.reason : "(accepted)"); \
		ASSERT_EQ(-(code), __r);                       \
		ASSERT_NE(NULL, E.reason);                     \
		ASSERT_NE(0, strlen(E.reason));                \
	} while (0)

#define REQ_HEAD                                         \
	"INVITE sip:bob@example.com SIP/2.0\r\n"         \
	"Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n" \
	"From: <sip:alice@example.com>;tag=a1\r\n"       \
	"To: <sip:bob@example.com>\r\n"                  \
	"Call-ID: c1@192.0.2.1\r\n"                      \
	"CSeq: 1 INVITE\r\n"

static inline int count_values(enum sip_hdr_id id)
{
	struct sip_iter it;
	struct sip_str v;
	int n = 0;

	sip_iter_init(&it, &M, id);
	while (sip_iter_next(&it, &v))
		n++;
	return n;
}

#endif /* SIP_TEST_H */
