// SPDX-License-Identifier: GPL-2.0
/* mmap()-backed allocations with transparent huge pages (icf_mem.h). */
#include "icf_mem.h"

#include <errno.h>
#include <sys/mman.h>

/* @n + one huge page mapped with @prot, trimmed to a 2 MiB-aligned @n. */
static void *map_aligned(size_t n, int prot, int flags)
{
	void *p = mmap(NULL, n + ICF_HUGE_PAGE, prot,
		       MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	uintptr_t a, b;

	if (p == MAP_FAILED)
		return NULL;
	a = (uintptr_t)p;
	b = icf_huge_round(a);
	if (b > a)
		munmap(p, b - a);
	if (b + n < a + n + ICF_HUGE_PAGE)
		munmap((void *)(b + n), a + n + ICF_HUGE_PAGE - (b + n));
	/* Advisory: without THP this is plain 4 KiB memory. */
	madvise((void *)b, n, MADV_HUGEPAGE);
	return (void *)b;
}

void *icf_big_alloc(size_t n)
{
	void *p;

	if (n < ICF_HUGE_PAGE) {
		p = mmap(NULL, n, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		return p == MAP_FAILED ? NULL : p;
	}
	/* 2 MiB aligned, so the kernel can back all of it with huge pages. */
	return map_aligned(n, PROT_READ | PROT_WRITE, 0);
}

void icf_big_free(void *p, size_t n)
{
	if (p)
		munmap(p, n);
}

int icf_region_init(struct icf_region *r, size_t size)
{
	size = icf_huge_round(size);
	r->base = map_aligned(size, PROT_NONE, MAP_NORESERVE);
	r->size = r->base ? size : 0;
	r->usable = 0;
	return r->base ? 0 : -ENOMEM;
}

int icf_region_extend(struct icf_region *r, size_t n)
{
	size_t to = icf_huge_round(n);

	if (n <= r->usable)
		return 0;
	if (to > r->size)
		return -ENOMEM;
	if (mprotect(r->base + r->usable, to - r->usable,
		     PROT_READ | PROT_WRITE))
		return -ENOMEM;
	r->usable = to;
	return 0;
}

void icf_region_free(struct icf_region *r)
{
	if (r->base)
		munmap(r->base, r->size);
	r->base = NULL;
	r->size = r->usable = 0;
}
