// SPDX-License-Identifier: GPL-2.0
/* Size-class allocator for the ICF's small variable-size objects. */
#include "icf_blob.h"
#include "icf_mem.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

/*
 * The first pages are small (a small cache stays small), later ones 2 MiB
 * so that a large cache's objects sit on huge pages (icf_mem.h).
 */
#define SMALL_PAGES 16
#define PAGE_SMALL (64 * 1024)
#define PAGE_LARGE (2 * 1024 * 1024)

static size_t page_size(size_t i)
{
	return i < SMALL_PAGES ? PAGE_SMALL : PAGE_LARGE;
}

struct icf_large {
	struct icf_large *prev, *next;
	max_align_t data[];
};

static size_t cls(size_t n)
{
	return n < 8 ? 1 : (n + 7) / 8;
}

void *icf_blob_alloc(struct icf_blobs *b, size_t n)
{
	size_t c, sz;
	void *p;

	if (n > BLOB_MAX) {
		struct icf_large *l = malloc(sizeof(*l) + n);

		if (!l)
			return NULL;
		b->large_bytes += malloc_usable_size(l);
		l->prev = NULL;
		l->next = b->large;
		if (b->large)
			b->large->prev = l;
		b->large = l;
		return l->data;
	}
	c = cls(n);
	sz = c * 8;
	if (b->free[c]) {
		p = b->free[c];
		memcpy(&b->free[c], p, sizeof(void *));
		return p;
	}
	if (b->page_left < sz) {
		/* The page's tail is too small: lost, at most BLOB_MAX. */
		if (b->npages == b->cap_pages) {
			size_t cap = b->cap_pages ? b->cap_pages * 2 : 64;
			void **np = realloc(b->pages, cap * sizeof(*np));

			if (!np)
				return NULL;
			b->pages = np;
			b->cap_pages = cap;
		}
		b->page = icf_big_alloc(page_size(b->npages));
		if (!b->page)
			return NULL;
		b->page_left = page_size(b->npages);
		b->pages[b->npages++] = b->page;
	}
	p = b->page;
	b->page += sz;
	b->page_left -= sz;
	return p;
}

void icf_blob_free(struct icf_blobs *b, void *p, size_t n)
{
	size_t c;

	if (!p)
		return;
	if (n > BLOB_MAX) {
		struct icf_large *l =
			(struct icf_large *)((char *)p - sizeof(*l));

		if (l->prev)
			l->prev->next = l->next;
		else
			b->large = l->next;
		if (l->next)
			l->next->prev = l->prev;
		b->large_bytes -= malloc_usable_size(l);
		free(l);
		return;
	}
	c = cls(n);
	memcpy(p, &b->free[c], sizeof(void *));
	b->free[c] = p;
}

void icf_blob_destroy(struct icf_blobs *b)
{
	while (b->large) {
		struct icf_large *l = b->large;

		b->large = l->next;
		free(l);
	}
	for (size_t i = 0; i < b->npages; i++)
		icf_big_free(b->pages[i], page_size(i));
	free(b->pages);
	memset(b, 0, sizeof(*b));
}

size_t icf_blob_bytes(const struct icf_blobs *b)
{
	size_t n = b->npages < SMALL_PAGES ? b->npages : SMALL_PAGES;

	return n * PAGE_SMALL + (b->npages - n) * (size_t)PAGE_LARGE +
	       b->cap_pages * sizeof(void *) + b->large_bytes;
}
