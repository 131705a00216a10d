// SPDX-License-Identifier: GPL-2.0
/*
 * The ICF's record slabs on shared 2 MiB pages (icf_int.h): growth never
 * moves a record, and each page keeps its own free list, so that a record
 * can be placed on a chosen page when that page has a free slot: a SUPI's
 * later associations go to its SUPI record's page, where a query by SUPI
 * reads anyway (Documentation/icf.rst, Data layout).
 */
#include "icf_int.h"

#include <errno.h>
#include <stdlib.h>

void icf_slab_init(struct icf_slab *s, uint32_t elsz, uint32_t off)
{
	memset(s, 0, sizeof(*s));
	s->elsz = elsz;
	s->off = off;
	s->used = 1; /* id 0 means "none" */
}

void icf_slab_free(struct icf_slab *s)
{
	free(s->page_free);
	free(s->avail);
	free(s->listed);
	s->page_free = s->avail = NULL;
	s->listed = NULL;
	s->npages = s->navail = 0;
}

size_t icf_slab_bytes(const struct icf_slab *s)
{
	return (size_t)s->npages * (2 * sizeof(uint32_t) + 1);
}

void icf_recs_free(struct icf_recs *r)
{
	for (uint32_t i = 0; i < r->nsegs; i++)
		icf_region_free(&r->seg[i]);
	memset(r, 0, sizeof(*r));
}

size_t icf_recs_bytes(const struct icf_recs *r)
{
	return (size_t)r->pages * REC_PAGE;
}

/* Makes one more page usable (REC_PER_PAGE ids of each slab): 0 or -ENOMEM. */
static int recs_grow(struct icf_recs *r)
{
	uint32_t k = r->pages / SEG_PAGES;

	if (k >= SEG_MAX)
		return -ENOMEM;
	if (k == r->nsegs) {
		if (icf_region_init(&r->seg[k], SEG_PAGES * REC_PAGE))
			return -ENOMEM;
		r->nsegs++;
	}
	if (icf_region_extend(&r->seg[k],
			      (r->pages % SEG_PAGES + 1) * REC_PAGE))
		return -ENOMEM;
	r->pages++;
	return 0;
}

/* Per-page lists for @pages pages: 0 or -ENOMEM. */
static int slab_pages(struct icf_slab *s, uint32_t pages)
{
	uint32_t *pf, *av;
	uint8_t *ls;

	if (pages <= s->npages)
		return 0;
	pages += pages / 4 + 16;
	pf = realloc(s->page_free, pages * sizeof(*pf));
	if (pf)
		s->page_free = pf;
	av = realloc(s->avail, pages * sizeof(*av));
	if (av)
		s->avail = av;
	ls = realloc(s->listed, pages);
	if (ls)
		s->listed = ls;
	if (!pf || !av || !ls)
		return -ENOMEM;
	memset(pf + s->npages, 0, (pages - s->npages) * sizeof(*pf));
	memset(ls + s->npages, 0, pages - s->npages);
	s->npages = pages;
	return 0;
}

/* A free id of page @p, 0 when it has none. */
static uint32_t take(const struct icf_recs *r, struct icf_slab *s, uint32_t p)
{
	uint32_t id = s->page_free[p];

	if (id)
		memcpy(&s->page_free[p], rec_at(r, s, id), sizeof(uint32_t));
	return id;
}

uint32_t icf_slab_alloc(struct icf_recs *r, struct icf_slab *s, uint32_t near)
{
	uint32_t id = 0;

	if (near && near / REC_PER_PAGE < s->npages)
		id = take(r, s, near / REC_PER_PAGE);
	while (!id && s->navail) {
		uint32_t p = s->avail[s->navail - 1];

		id = take(r, s, p);
		if (!s->page_free[p]) {
			s->listed[p] = 0;
			s->navail--;
		}
	}
	if (!id) {
		if (s->used == UINT32_MAX)
			return 0;
		if ((uint64_t)s->used >= (uint64_t)r->pages * REC_PER_PAGE &&
		    recs_grow(r))
			return 0;
		/* Lists for every page an id may be released on. */
		if (slab_pages(s, r->pages))
			return 0;
		id = s->used++;
	}
	memset(rec_at(r, s, id), 0, s->elsz);
	s->live++;
	return id;
}

void icf_slab_release(struct icf_recs *r, struct icf_slab *s, uint32_t id)
{
	uint32_t p = id / REC_PER_PAGE;

	memcpy(rec_at(r, s, id), &s->page_free[p], sizeof(uint32_t));
	s->page_free[p] = id;
	if (!s->listed[p]) {
		s->listed[p] = 1;
		s->avail[s->navail++] = p;
	}
	s->live--;
}
