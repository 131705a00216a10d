/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small-object allocator for the ICF's variable-size parts (SUCIs, shared
 * value sets, long SUPIs): size classes of 8 octets carved from pages,
 * with per-class free lists. No per-object header, so a 15-octet SUCI
 * costs 16 octets instead of malloc's 32. Objects are named by 32-bit
 * handles (0: none) rather than pointers, which halves what a record
 * spends to refer to one. The caller passes the size back on free (it is
 * always derivable from the object).
 */
#ifndef LMISF_ICF_BLOB_H
#define LMISF_ICF_BLOB_H

#include <stddef.h>
#include <stdint.h>

#define BLOB_MAX 512 /* larger objects go to malloc(), one table slot each */

/*
 * Small: (page << 18 | offset / 8) + 1; large: LARGE | table index. Bit
 * 30 is never set in a handle: a user may name its own objects with it
 * (the value sets kept on the record pages, icf_attrs.c).
 */
#define BLOB_LARGE 0x80000000u
#define BLOB_USER 0x40000000u
#define BLOB_OFF_BITS 18

struct icf_blobs {
	uint32_t free[BLOB_MAX / 8 + 1]; /* handles; next one in the object */
	unsigned char *page;
	size_t page_left;
	unsigned char **pages;
	size_t npages, cap_pages;
	void **large; /* malloc()ed objects by index; free slots chained */
	uint32_t nlarge, cap_large, large_free; /* large_free: index + 1 */
	size_t large_bytes;
};

/* A handle (0 when out of memory) and the object in *p. */
uint32_t icf_blob_alloc(struct icf_blobs *b, size_t n, void **p);
void icf_blob_free(struct icf_blobs *b, uint32_t h, size_t n);
void icf_blob_destroy(struct icf_blobs *b);
size_t icf_blob_bytes(const struct icf_blobs *b);

static inline void *icf_blob_ptr(const struct icf_blobs *b, uint32_t h)
{
	if (!h)
		return NULL;
	if (h & BLOB_LARGE)
		return b->large[h & ~BLOB_LARGE];
	h--;
	return b->pages[h >> BLOB_OFF_BITS] +
	       ((size_t)(h & ((1u << BLOB_OFF_BITS) - 1)) << 3);
}

#endif /* LMISF_ICF_BLOB_H */
