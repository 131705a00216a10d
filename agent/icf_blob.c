// SPDX-License-Identifier: GPL-2.0
/* Size-class allocator for the ICF's small variable-size objects. */
#include "icf_blob.h"
#include "icf_mem.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

/*
 * Every page is 2 MiB, so that all objects sit on huge pages (icf_mem.h):
 * with small first pages (64 KiB, on 4 KiB pages) a 10 M cache's queries
 * stalled three times as often on this shadow-paged host (Documentation/
 * performance-icf.rst). A page costs memory only where it is touched. 2 MiB
 * is also the most an 18-bit offset in 8-octet units reaches.
 */
/* Small handles stay under BLOB_USER: the last page's last slot too. */
#define MAX_PAGES ((1u << (30 - BLOB_OFF_BITS)) - 1)
_Static_assert(ICF_HUGE_PAGE == (size_t)8 << BLOB_OFF_BITS,
	       "a page is what an offset in 8-octet units reaches");

static size_t cls(size_t n)
{
	return n < 8 ? 1 : (n + 7) / 8;
}

static uint32_t large_alloc(struct icf_blobs *b, size_t n, void **p)
{
	uint32_t i;
	void *o;

	if (!b->large_free && b->nlarge == b->cap_large) {
		uint32_t cap = b->cap_large ? b->cap_large * 2 : 64;
		void **nl;

		if (cap > BLOB_USER)
			return 0;
		nl = realloc(b->large, cap * sizeof(*nl));
		if (!nl)
			return 0;
		b->large = nl;
		b->cap_large = cap;
	}
	o = malloc(n);
	if (!o)
		return 0;
	if (b->large_free) {
		i = b->large_free - 1;
		b->large_free = (uint32_t)((uintptr_t)b->large[i] >> 1);
	} else {
		i = b->nlarge++;
	}
	b->large[i] = o;
	b->large_bytes += malloc_usable_size(o);
	*p = o;
	return BLOB_LARGE | i;
}

uint32_t icf_blob_alloc(struct icf_blobs *b, size_t n, void **p)
{
	size_t c, sz, off;
	uint32_t h;

	if (n > BLOB_MAX)
		return large_alloc(b, n, p);
	c = cls(n);
	sz = c * 8;
	if (b->free[c]) {
		h = b->free[c];
		*p = icf_blob_ptr(b, h);
		memcpy(&b->free[c], *p, sizeof(uint32_t));
		return h;
	}
	if (b->page_left < sz) {
		/* The page's tail is too small: lost, at most BLOB_MAX. */
		if (b->npages == MAX_PAGES)
			return 0;
		if (b->npages == b->cap_pages) {
			size_t cap = b->cap_pages ? b->cap_pages * 2 : 64;
			unsigned char **np =
				realloc(b->pages, cap * sizeof(*np));

			if (!np)
				return 0;
			b->pages = np;
			b->cap_pages = cap;
		}
		b->page = icf_big_alloc(ICF_HUGE_PAGE);
		if (!b->page)
			return 0;
		b->page_left = ICF_HUGE_PAGE;
		b->pages[b->npages++] = b->page;
	}
	off = ICF_HUGE_PAGE - b->page_left;
	*p = b->page;
	b->page += sz;
	b->page_left -= sz;
	return (uint32_t)(((b->npages - 1) << BLOB_OFF_BITS) | (off >> 3)) + 1;
}

void icf_blob_free(struct icf_blobs *b, uint32_t h, size_t n)
{
	size_t c;

	if (!h)
		return;
	if (h & BLOB_LARGE) {
		uint32_t i = h & ~BLOB_LARGE;

		b->large_bytes -= malloc_usable_size(b->large[i]);
		free(b->large[i]);
		/* Odd: a free slot (malloc() pointers are even). */
		b->large[i] = (void *)(((uintptr_t)b->large_free << 1) | 1);
		b->large_free = i + 1;
		return;
	}
	c = cls(n);
	memcpy(icf_blob_ptr(b, h), &b->free[c], sizeof(uint32_t));
	b->free[c] = h;
}

void icf_blob_destroy(struct icf_blobs *b)
{
	for (uint32_t i = 0; i < b->nlarge; i++)
		if (!((uintptr_t)b->large[i] & 1))
			free(b->large[i]);
	free(b->large);
	for (size_t i = 0; i < b->npages; i++)
		icf_big_free(b->pages[i], ICF_HUGE_PAGE);
	free(b->pages);
	memset(b, 0, sizeof(*b));
}

size_t icf_blob_bytes(const struct icf_blobs *b)
{
	return b->npages * (size_t)ICF_HUGE_PAGE +
	       b->cap_pages * sizeof(void *) + b->cap_large * sizeof(void *) +
	       b->large_bytes;
}
