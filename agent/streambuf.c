// SPDX-License-Identifier: GPL-2.0
/*
 * streambuf.c - the reassembly buffer of a byte stream (streambuf.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "streambuf.h"

int streambuf_grow(uint8_t **p, size_t *cap, size_t len, size_t n)
{
	size_t c = *cap ? *cap : STREAMBUF_MIN;
	uint8_t *np;

	if (*cap - len >= n)
		return 0;
	/*
	 * SIZE_MAX / 2, not SIZE_MAX: doubling a capacity below the need
	 * cannot wrap while the need is at most SIZE_MAX / 2, but can above
	 * it (to 0, and the loop never ends). Nothing is lost: malloc()
	 * gives no object over PTRDIFF_MAX, which is SIZE_MAX / 2.
	 */
	if (len > SIZE_MAX / 2 || n > SIZE_MAX / 2 - len)
		return -ENOMEM;
	while (c < len + n)
		c *= 2;
	np = realloc(*p, c);
	if (!np)
		return -ENOMEM;
	*p = np;
	*cap = c;
	return 0;
}

int streambuf_init(struct streambuf *b, size_t cap)
{
	memset(b, 0, sizeof(*b));
	b->p = malloc(cap);
	if (!b->p)
		return -ENOMEM;
	b->cap = cap;
	return 0;
}

void streambuf_drop(struct streambuf *b)
{
	if (b->head) {
		memmove(b->p, b->p + b->head, b->len - b->head);
		b->len -= b->head;
		b->head = 0;
	}
}

int streambuf_append(struct streambuf *b, const void *data, size_t n)
{
	streambuf_drop(b);
	/* Nothing to add: a fresh buffer has no octets to offset (UB). */
	if (!n)
		return 0;
	if (streambuf_grow(&b->p, &b->cap, b->len, n))
		return -ENOMEM;
	memcpy(b->p + b->len, data, n);
	b->len += n;
	return 0;
}

void streambuf_free(struct streambuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}
