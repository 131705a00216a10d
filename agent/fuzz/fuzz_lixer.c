// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_lixer.c - libFuzzer target for the LI_XER decoder and framer.
 * A record the decoder accepts must re-encode, and the re-encoding must
 * decode to the same record (byte-identical on a second round). The
 * decoder's fast path may only accept what its generic walk accepts, and
 * must decode it to the same record (lixer_msg_same(): the members
 * lixer.h defines).
 */
#include <stdlib.h>
#include <string.h>

#include "lixer_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const uint8_t *data, size_t size)
{
	struct lixer_msg m, m2, m3;
	struct ber_enc e, e2;
	struct ber_error err;

	/* Left over from other records: a member not written shows. */
	memset(&m, 0x55, sizeof(m));
	memset(&m2, 0xaa, sizeof(m2));
	if (lixer_decode_fast(data, size, &m) &&
	    (lixer_decode_walk(data, size, &m2, &err) ||
	     !lixer_msg_same(&m, &m2)))
		abort();
	if (lixer_decode(data, size, &m, &err)) {
		if (!err.code || !err.msg[0])
			abort(); /* every refusal has a reason */
		return;
	}
	ber_enc_init(&e);
	ber_enc_init(&e2);
	if (lixer_encode(&m, &e) || lixer_decode(e.buf, e.len, &m2, &err))
		abort();
	if (m2.kind != m.kind)
		abort();
	if (lixer_encode(&m2, &e2) || e.len != e2.len ||
	    memcmp(e.buf, e2.buf, e.len) ||
	    lixer_decode(e2.buf, e2.len, &m3, &err))
		abort();
	ber_enc_free(&e);
	ber_enc_free(&e2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lixer_framer f;
	struct ber_error err;
	const uint8_t *rec;
	size_t len, off = 0;
	int rc;

	round_trip(data, size);
	/* The same bytes as a stream, in uneven chunks. */
	lixer_framer_init(&f, 4096);
	while (off < size) {
		size_t chunk = 1 + (data[off] % 97);

		if (chunk > size - off)
			chunk = size - off;
		if (lixer_framer_feed(&f, data + off, chunk))
			abort();
		off += chunk;
		while ((rc = lixer_framer_next(&f, &rec, &len, &err)) == 1)
			round_trip(rec, len);
		if (rc < 0)
			break;
	}
	lixer_framer_free(&f);
	return 0;
}
