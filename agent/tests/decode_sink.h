/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A recording consumer for the decoder's tests. UDP payloads are kept as
 * they come; TCP bytes are framed like SIP over TCP is: a message is "M" +
 * four decimal digits giving the body length + ":" + body, so the consumer
 * takes exactly one message per call and leaves a partial one waiting.
 */
#ifndef LMISF_TESTS_DECODE_SINK_H
#define LMISF_TESTS_DECODE_SINK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

#define SINK_MAX 256

struct sink_item {
	struct dec_payload p; /* pointers cleared */
	char data[2048]; /* the first bytes */
	size_t len; /* the whole length */
};

struct sink {
	struct sink_item it[SINK_MAX];
	int n;
	int ends; /* DEC_F_END deliveries */
	int gaps; /* deliveries flagged DEC_F_GAP */
	int calls;
	size_t end_bytes; /* bytes left over at END */
	int bad_frames; /* TCP bytes that do not start with a frame */
};

static inline void sink_keep(struct sink *s, const struct dec_payload *p,
			     const uint8_t *data, size_t len)
{
	struct sink_item *it;

	if (s->n >= SINK_MAX)
		return;
	it = &s->it[s->n++];
	it->p = *p;
	it->p.data = NULL;
	it->p.ip = NULL;
	it->p.outer = NULL;
	it->p.meta = NULL;
	it->len = len;
	memcpy(it->data, data, len < sizeof(it->data) ? len : sizeof(it->data));
}

/* Bytes the next framed message needs, 0 if the header is incomplete. */
static inline size_t frame_need(const uint8_t *d, size_t len, int *bad)
{
	size_t body = 0, i;

	*bad = 0;
	if (len < 6)
		return 0;
	if (d[0] != 'M' || d[5] != ':') {
		*bad = 1;
		return 0;
	}
	for (i = 1; i < 5; i++) {
		if (d[i] < '0' || d[i] > '9') {
			*bad = 1;
			return 0;
		}
		body = body * 10 + (d[i] - '0');
	}
	return 6 + body;
}

static inline size_t sink_fn(void *ctx, const struct dec_payload *p)
{
	struct sink *s = ctx;
	size_t need;
	int bad;

	s->calls++;
	if (p->flags & DEC_F_GAP)
		s->gaps++;
	if (p->flags & DEC_F_END) {
		s->ends++;
		s->end_bytes += p->len;
		return 0;
	}
	if ((p->proto != 17 && p->proto != 6) || !p->len)
		return 0;
	if (p->proto == 17) {
		sink_keep(s, p, p->data, p->len);
		return 0;
	}
	need = frame_need(p->data, p->len, &bad);
	if (bad) {
		/* Resync as a SIP parser would: skip to the next 'M'. */
		const uint8_t *m = memchr(p->data + 1, 'M', p->len - 1);

		s->bad_frames++;
		return m ? (size_t)(m - p->data) : p->len;
	}
	if (!need || need > p->len)
		return 0;
	sink_keep(s, p, p->data, need);
	return need;
}

/* A framed message "M%04zu:" + body into @o; returns its length. */
static inline size_t frame_msg(uint8_t *o, const char *body)
{
	size_t n = strlen(body);
	char hdr[24];

	/* The frame has four length digits: a longer body is a test bug. */
	if (n > 9999)
		abort();
	snprintf(hdr, sizeof(hdr), "M%04zu:", n);
	memcpy(o, hdr, 6);
	memcpy(o + 6, body, n);
	return 6 + n;
}

static inline struct decode_meta meta_at(uint64_t ts_ns)
{
	struct decode_meta m;

	memset(&m, 0, sizeof(m));
	m.ts_ns = ts_ns;
	m.hook = -1;
	return m;
}

#define SEC 1000000000ULL

#endif /* LMISF_TESTS_DECODE_SINK_H */
