/* SPDX-License-Identifier: GPL-2.0 */
/*
 * digits.h - "only ASCII digits" checked eight octets at a time: every
 * LI_XER record carries several digit strings (IMSI, IMEI, MSISDN, the
 * GeneralizedTimes), checked by the decoder and again by the cache.
 */
#ifndef LMISF_DIGITS_H
#define LMISF_DIGITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Every octet of @v is '0'..'9': its high nibble is 3, and adding 6 to
 * it does not carry out of the low nibble. (A carry between octets needs
 * a high nibble of 0xf, which the first test refuses.)
 */
static inline bool lm_digits8(uint64_t v)
{
	const uint64_t hi = 0xf0f0f0f0f0f0f0f0ull;
	const uint64_t three = 0x3030303030303030ull;

	return !(((v & hi) ^ three) |
		 (((v + 0x0606060606060606ull) & hi) ^ three));
}

static inline bool lm_all_digits(const void *p, size_t n)
{
	const uint8_t *s = p;
	uint64_t v;
	size_t i;

	if (n < 8) {
		for (i = 0; i < n; i++)
			if ((unsigned int)(s[i] - '0') > 9)
				return false;
		return true;
	}
	for (i = 0; i + 8 < n; i += 8) {
		memcpy(&v, s + i, 8);
		if (!lm_digits8(v))
			return false;
	}
	/* The last eight octets, overlapping the block before if need be. */
	memcpy(&v, s + n - 8, 8);
	return lm_digits8(v);
}

#endif /* LMISF_DIGITS_H */
