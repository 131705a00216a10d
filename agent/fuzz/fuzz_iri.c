// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_iri.c - libFuzzer target for the xIRI reader: whatever it accepts
 * must re-encode to something it reads back identically.
 */
#include <stdlib.h>
#include <string.h>

#include "iri.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iri_event ev, ev2;
	struct ber_enc e, e2;
	struct ber_error err;

	if (iri_decode(data, size, &ev, NULL, &err)) {
		if (!err.code || !err.msg[0])
			abort();
		return 0;
	}
	ber_enc_init(&e);
	ber_enc_init(&e2);
	/* A decoded IMSMessage with an empty SIP body is refused on encode. */
	if (iri_encode(&ev, &e) == 0) {
		if (iri_decode(e.buf, e.len, &ev2, NULL, &err) ||
		    ev2.kind != ev.kind || iri_encode(&ev2, &e2) ||
		    e.len != e2.len || memcmp(e.buf, e2.buf, e.len))
			abort();
	}
	ber_enc_free(&e);
	ber_enc_free(&e2);
	return 0;
}
