// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_hash.c - icf_hash() (icf_index.h), whose last 1-7 octets are
 * read with loads that overlap inside the key: it reads only the key (each
 * key here is a heap block of exactly its size, so ASan sees any read
 * past it), every octet counts (one bit changed anywhere changes the
 * hash), the length counts, and the seed does.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "icf_index.h"

#define MAXLEN 40

/* A copy of @k in a block of exactly @n octets (ASan bounds). */
static uint8_t *exact(const uint8_t *k, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	if (p && n)
		memcpy(p, k, n);
	return p;
}

TEST(reads_only_the_key_and_every_octet)
{
	uint8_t k[MAXLEN];

	for (size_t i = 0; i < MAXLEN; i++)
		k[i] = (uint8_t)(i * 37 + 11);
	for (size_t n = 0; n <= MAXLEN; n++) {
		uint8_t *p = exact(k, n);
		uint64_t h;

		ASSERT_NE(NULL, p);
		h = icf_hash(p, n, 42);
		/* The same octets elsewhere, amid other octets: same hash. */
		for (size_t off = 1; off < 8; off++) {
			uint8_t buf[MAXLEN + 16];

			memset(buf, 0xa5 ^ (int)off, sizeof(buf));
			memcpy(buf + off, k, n);
			EXPECT_EQ(h, icf_hash(buf + off, n, 42));
		}
		for (size_t i = 0; i < n; i++)
			for (int bit = 0; bit < 8; bit++) {
				p[i] ^= (uint8_t)(1 << bit);
				EXPECT_NE(h, icf_hash(p, n, 42))
				TH_LOG("len %zu octet %zu bit %d", n, i, bit);
				p[i] ^= (uint8_t)(1 << bit);
			}
		free(p);
	}
}

TEST(length_and_seed_count)
{
	static const uint8_t z[MAXLEN + 1];

	for (size_t n = 0; n < MAXLEN; n++) {
		EXPECT_NE(icf_hash(z, n, 7), icf_hash(z, n + 1, 7));
		EXPECT_NE(icf_hash(z, n, 7), icf_hash(z, n, 8));
	}
}

TEST_HARNESS_MAIN
