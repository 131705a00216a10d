/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ber_check.h - what test_ber.c and test_ber_gtime.c both check with:
 * an encoder's octets against hex, a GeneralizedTime string decoded.
 */
#ifndef LMISF_TESTS_BER_CHECK_H
#define LMISF_TESTS_BER_CHECK_H

#include <stdio.h>
#include <string.h>

#include "ber.h"

static inline int enc_eq(struct ber_enc *e, const char *hex)
{
	char buf[4096];
	size_t i;

	if (ber_enc_error(e))
		return 0;
	for (i = 0; i < e->len && i * 2 + 2 < sizeof(buf); i++)
		sprintf(buf + 2 * i, "%02x", e->buf[i]);
	buf[2 * i] = '\0';
	if (strcmp(buf, hex)) {
		fprintf(stderr, "# got %s\n# exp %s\n", buf, hex);
		return 0;
	}
	return 1;
}

static inline int gt_decode(const char *s, int64_t *ns)
{
	uint8_t b[64];
	struct ber_reader r;
	struct ber_tlv t;
	size_t n = strlen(s);

	b[0] = 0x18;
	b[1] = n;
	memcpy(b + 2, s, n);
	ber_reader_init(&r, b, n + 2, 0, NULL);
	if (ber_read(&r, &t))
		return -1;
	return ber_get_gtime(&r, &t, ns);
}

#endif /* LMISF_TESTS_BER_CHECK_H */
