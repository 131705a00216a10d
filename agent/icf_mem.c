// SPDX-License-Identifier: GPL-2.0
/* mmap()-backed allocations with transparent huge pages (icf_mem.h). */
#include "icf_mem.h"

#include <stdint.h>
#include <sys/mman.h>

#define HUGE (2u << 20)

void *icf_big_alloc(size_t n)
{
	void *p;

	if (n < HUGE) {
		p = mmap(NULL, n, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		return p == MAP_FAILED ? NULL : p;
	}
	/*
	 * Over-map by one huge page and trim, so the region is 2 MiB
	 * aligned and the kernel can back all of it with huge pages.
	 */
	p = mmap(NULL, n + HUGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	{
		uintptr_t a = (uintptr_t)p,
			  b = (a + HUGE - 1) & ~(uintptr_t)(HUGE - 1);

		if (b > a)
			munmap(p, b - a);
		if (b + n < a + n + HUGE)
			munmap((void *)(b + n), a + n + HUGE - (b + n));
		p = (void *)b;
	}
	/* Advisory: without THP this is plain 4 KiB memory. */
	madvise(p, n, MADV_HUGEPAGE);
	return p;
}

void icf_big_free(void *p, size_t n)
{
	if (p)
		munmap(p, n);
}
