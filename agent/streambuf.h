/* SPDX-License-Identifier: GPL-2.0 */
/*
 * streambuf.h - the byte buffer a stream reader keeps between reads.
 * Received octets are appended at the tail and records consumed from the
 * head; what was consumed is dropped (the rest moved to the front) by the
 * next append, so the buffer holds the unconsumed octets plus one read.
 * It grows by doubling from STREAMBUF_MIN and never shrinks.
 *
 * struct streambuf serves the LI_XER framer (lixer.h), the X2/X3 stream
 * (x2x3.h), the IQF server's connections (input, and output: there the
 * head is what was sent, and the packer writes in place after
 * streambuf_room()) and the IQF client's input (iqf_client.h: it reads
 * in place after streambuf_room() too).
 *
 * Errors are -ENOMEM. The codecs' wrappers report them in their own
 * domains (-BER_ENOMEM, -X2X3_ENOMEM), the one their callers print with.
 */
#ifndef LMISF_STREAMBUF_H
#define LMISF_STREAMBUF_H

#include <stddef.h>
#include <stdint.h>

#define STREAMBUF_MIN 4096 /* the first allocation */

struct streambuf {
	uint8_t *p;
	size_t head; /* p[head..len) is not consumed yet */
	size_t len;
	size_t cap;
};

/*
 * streambuf_grow - room for @n more octets after the first @len of *@p,
 * whose allocation holds *@cap (0: none yet; @len <= *@cap). 0, or
 * -ENOMEM with *@p and *@cap unchanged.
 */
int streambuf_grow(uint8_t **p, size_t *cap, size_t len, size_t n);

/*
 * streambuf_append - drop the consumed octets (b->p[0..head)), then add
 * @n octets from @data. 0, or -ENOMEM with the unconsumed octets still
 * there (moved to the front) and nothing added.
 */
int streambuf_append(struct streambuf *b, const void *data, size_t n);

/*
 * streambuf_init - @b empty with exactly @cap (> 0) octets allocated, for a
 * reader whose records have a known bound (doubling from STREAMBUF_MIN
 * would round it up to a power of two). 0, or -ENOMEM with @b empty.
 */
int streambuf_init(struct streambuf *b, size_t cap);

/*
 * streambuf_room - room for @n more octets at b->p + b->len, for a writer
 * that fills them in place (and then adds them to b->len); nothing is
 * dropped. 0, or -ENOMEM with @b unchanged.
 */
static inline int streambuf_room(struct streambuf *b, size_t n)
{
	return streambuf_grow(&b->p, &b->cap, b->len, n);
}

/* streambuf_drop - drop the consumed octets, the rest moved to the front. */
void streambuf_drop(struct streambuf *b);

/* Free the octets; @b is empty again (and may be reused). */
void streambuf_free(struct streambuf *b);

#endif /* LMISF_STREAMBUF_H */
