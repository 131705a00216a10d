// SPDX-License-Identifier: GPL-2.0
/*
 * lixer_frame.c - cutting a TCP stream of LI_XER IEFMessages into records
 * (lixer.h): BER is self-delimiting, so the records follow each other
 * with no extra length prefix.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lixer.h"

ssize_t lixer_frame(const uint8_t *buf, size_t len, size_t max,
		    struct ber_error *err)
{
	struct ber_tlv t;
	int h;
	int code = 0;

	/* What a stream nearly always holds: a SEQUENCE of 1..255 octets. */
	if (len >= 3 && buf[0] == 0x30 && buf[1] != 0x80 && buf[1] <= 0x81) {
		size_t n = buf[1] == 0x81 ? buf[2] : buf[1];
		size_t hn = buf[1] == 0x81 ? 3 : 2;

		if (n <= max && hn <= max - n)
			return len < hn + n ? 0 : (ssize_t)(hn + n);
	}
	h = ber_header(buf, len, &t, 0);
	if (h == 0 && len >= 1 && buf[0] != 0x30)
		h = -BER_ETAG;
	if (h == 0)
		return 0;
	if (h < 0)
		code = -h;
	else if (t.cls != BER_UNIVERSAL || !t.cons || t.num != BER_TAG_SEQUENCE)
		code = BER_ETAG;
	else if (t.len > max || (size_t)h > max - t.len)
		code = BER_ELIMIT;
	if (code) {
		if (err) {
			err->code = code;
			err->offset = 0;
			snprintf(
				err->msg, sizeof(err->msg),
				"%s: cannot frame IEFMessage (first octet 0x%02x)",
				ber_strerror(code), buf[0]);
		}
		return -code;
	}
	if (len < h + t.len)
		return 0;
	return h + t.len;
}

void lixer_framer_init(struct lixer_framer *f, size_t max_record)
{
	memset(f, 0, sizeof(*f));
	f->max = max_record ? max_record : LIXER_MAX_RECORD_DEFAULT;
}

void lixer_framer_free(struct lixer_framer *f)
{
	streambuf_free(&f->in);
	memset(f, 0, sizeof(*f));
}

int lixer_framer_feed(struct lixer_framer *f, const void *data, size_t n)
{
	/* The record _next() handed out is consumed: the append drops it. */
	f->in.head += f->pending;
	f->pending = 0;
	return streambuf_append(&f->in, data, n) ? -BER_ENOMEM : 0;
}

int lixer_framer_next(struct lixer_framer *f, const uint8_t **rec, size_t *len,
		      struct ber_error *err)
{
	ssize_t n;

	f->in.head += f->pending;
	f->pending = 0;
	if (f->in.head == f->in.len)
		return 0;
	n = lixer_frame(f->in.p + f->in.head, f->in.len - f->in.head, f->max,
			err);
	if (n <= 0)
		return n;
	*rec = f->in.p + f->in.head;
	*len = n;
	f->pending = n;
	return 1;
}
