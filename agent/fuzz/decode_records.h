/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The decoder fuzz input format, shared by fuzz_decode.c and the unit test
 * that replays the committed corpus: a sequence of records
 *
 *   u8 ctl, u16 length (big endian), length bytes of frame
 *
 * ctl bits 0-1 advance the clock (0, 1 ms, 10 s, 100 s) so that fragment
 * and TCP timeouts fire; bits 2-4 pick the link layer (0: none, the frame
 * is an IP packet; else one of the pcap link types); bit 5 flushes TCP
 * after the frame; bit 6 makes the consumer take nothing during this frame
 * (a stalled framer); bit 7 presents the frame as a kernel copy that the
 * module decapsulated (TEID 7, inner offset 36). Bounds are small so
 * eviction paths run too. Each frame is copied into a buffer of exactly
 * its size so that ASan sees overreads.
 */
#ifndef LMISF_FUZZ_DECODE_RECORDS_H
#define LMISF_FUZZ_DECODE_RECORDS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "pcap_source.h"

static const int decode_records_dlt[8] = {
	-1,	      1 /* EN10MB */, 113 /* SLL */, 276 /* SLL2 */,
	0 /* NULL */, 108 /* LOOP */, 12 /* RAW */,  229 /* IPV6 */,
};

struct decode_records_state {
	uint64_t sum;
	bool stall;
};

/* Consumes a data-dependent prefix, like a framer would. */
static size_t decode_records_consumer(void *ctx, const struct dec_payload *p)
{
	struct decode_records_state *st = ctx;
	uint64_t *sum = &st->sum;
	size_t n;

	if (!p->len)
		return 0;
	/* Touch every byte: ASan checks the slice is really there. */
	for (n = 0; n < p->len; n++)
		*sum += p->data[n];
	if (p->ip && p->ip_len)
		*sum += p->ip[p->ip_len - 1];
	if (p->outer && p->outer_len)
		*sum += p->outer[p->outer_len - 1];
	if (p->proto != 6 || st->stall)
		return 0;
	n = (size_t)(p->data[0] & 0x3f) + 1;
	return n <= p->len ? n : 0;
}

static void decode_records_run(const uint8_t *data, size_t size)
{
	struct decode_config cfg;
	struct decode_meta meta;
	struct decoder *dec;
	struct decode_records_state st = { 0 };
	uint64_t now = 1000000000ULL;
	static const uint64_t step[4] = { 0, 1000000ULL, 10000000000ULL,
					  100000000000ULL };
	size_t off;
	int dlt;

	decode_config_default(&cfg);
	cfg.seed = 1;
	cfg.frag.max_datagrams = 8;
	cfg.frag.max_frags = 16;
	cfg.frag.max_bytes = 16 * 1024;
	cfg.tcp.max_flows = 8;
	cfg.tcp.max_buf = 2048;
	cfg.tcp.max_ooo = 3072;
	cfg.tcp.max_ooo_segs = 6;
	cfg.tcp.max_bytes = 12 * 1024;
	cfg.tcp.idle_ns = 60000000000ULL;
	dec = decode_new(&cfg, decode_records_consumer, &st);
	if (!dec)
		return;
	while (size >= 3) {
		uint8_t ctl = data[0];
		size_t len = (size_t)data[1] << 8 | data[2];
		uint8_t *frame;

		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		now += step[ctl & 3];
		frame = malloc(len ? len : 1);
		if (!frame)
			break;
		memcpy(frame, data, len);
		memset(&meta, 0, sizeof(meta));
		meta.ts_ns = now;
		meta.hook = -1;
		if (ctl & 0x80) {
			meta.from_kernel = true;
			meta.kernel_decap = len & 1;
			meta.kernel_teid = 7;
			meta.kernel_inner_offset = 36;
		}
		st.stall = ctl & 0x40;
		dlt = decode_records_dlt[(ctl >> 2) & 7];
		off = 0;
		if (dlt < 0 ||
		    pcap_link_strip(dlt, frame, len, &off) == PCAP_LINK_IP)
			decode_packet(dec, frame + off, len - off, &meta);
		if (ctl & 0x20)
			decode_flush(dec);
		free(frame);
		data += len;
		size -= len;
	}
	decode_free(dec);
}

#endif /* LMISF_FUZZ_DECODE_RECORDS_H */
