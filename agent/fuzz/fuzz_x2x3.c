// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_x2x3.c - libFuzzer target for the X2/X3 parser and stream
 * reassembler. A PDU the parser accepts and the encoder can represent
 * must re-encode and parse back to the same header and payload.
 */
#include <stdlib.h>
#include <string.h>

#include "x2x3.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t out[1 << 17];

static void round_trip(const uint8_t *data, size_t size)
{
	struct x2x3_pdu p, q;
	struct x2x3_error err;
	ssize_t n;

	if (x2x3_parse(data, size, NULL, &p, &err)) {
		if (!err.code || !err.msg[0])
			abort();
		return;
	}
	n = x2x3_encode(&p, out, sizeof(out));
	if (n < 0)
		return; /* e.g. 12-octet timestamps or opaque attributes */
	if (x2x3_parse(out, n, NULL, &q, &err))
		abort();
	if (q.type != p.type || q.version != p.version ||
	    q.correlation_id != p.correlation_id || memcmp(q.xid, p.xid, 16) ||
	    q.payload_len != p.payload_len || q.present != p.present ||
	    q.seq != p.seq || q.n_matched != p.n_matched ||
	    (p.payload_len && memcmp(q.payload, p.payload, p.payload_len)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x2x3_limits lim = { .max_header = 4096, .max_payload = 65536 };
	struct x2x3_stream s;
	struct x2x3_error err;
	struct x2x3_pdu p;
	const uint8_t *raw;
	size_t rawlen, off = 0;
	int rc;

	round_trip(data, size);
	x2x3_stream_init(&s, &lim);
	while (off < size) {
		size_t chunk = 1 + (data[off] % 61);

		if (chunk > size - off)
			chunk = size - off;
		if (x2x3_stream_feed(&s, data + off, chunk))
			abort();
		off += chunk;
		while ((rc = x2x3_stream_next(&s, &p, &raw, &rawlen, &err))) {
			if (rc < 0 && err.fatal)
				break;
		}
		if (s.broken)
			break;
	}
	x2x3_stream_free(&s);
	return 0;
}
