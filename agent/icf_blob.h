/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small-object allocator for the ICF's variable-size parts (SUCIs, shared
 * value sets, long SUPIs): size classes of 8 octets carved from 64 KiB
 * pages, with per-class free lists. No per-object header, so a 15-octet
 * SUCI costs 24 octets instead of malloc's 32. The caller passes the size
 * back on free (it is always derivable from the object).
 */
#ifndef LMISF_ICF_BLOB_H
#define LMISF_ICF_BLOB_H

#include <stddef.h>

#define BLOB_MAX 512 /* larger objects go to malloc(), with a header */

struct icf_large;

struct icf_blobs {
	void *free[BLOB_MAX / 8 + 1];
	unsigned char *page;
	size_t page_left;
	void **pages;
	size_t npages, cap_pages;
	size_t large_bytes;
	struct icf_large *large; /* malloc()ed objects, freed on destroy */
};

void *icf_blob_alloc(struct icf_blobs *b, size_t n);
void icf_blob_free(struct icf_blobs *b, void *p, size_t n);
void icf_blob_destroy(struct icf_blobs *b);
size_t icf_blob_bytes(const struct icf_blobs *b);

#endif /* LMISF_ICF_BLOB_H */
