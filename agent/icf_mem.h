/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Large zeroed allocations for the ICF's tables and slabs, straight from
 * mmap() and, from 2 MiB up, backed by transparent huge pages when the
 * system allows (madvise mode): the index probes and record accesses are
 * random over hundreds of MB, and with 4 KiB pages nearly each one also
 * misses the TLB; huge pages also take 512 times fewer page faults.
 *
 * On a guest whose memory is shadow-paged (PVM), a TLB miss that also
 * misses the hypervisor's shadow page table costs tens of microseconds,
 * and that happens far less often on huge pages (Documentation/
 * performance-icf.rst): everything a query touches should be on them.
 */
#ifndef LMISF_ICF_MEM_H
#define LMISF_ICF_MEM_H

#include <stddef.h>
#include <stdint.h>

/* A huge page: the unit the ICF's big memory is mapped and grown in. */
#define ICF_HUGE_PAGE ((size_t)2 << 20)

static inline size_t icf_huge_round(size_t n)
{
	return (n + ICF_HUGE_PAGE - 1) & ~(ICF_HUGE_PAGE - 1);
}

/* Zeroed, page-aligned; NULL when out of memory. */
void *icf_big_alloc(size_t n);
void icf_big_free(void *p, size_t n);

/*
 * Address space reserved up front and made usable from its start in 2 MiB
 * steps, so that a slab growing in small steps stays one 2 MiB-aligned
 * mapping that huge pages cover entirely (separate mmap()s of a size that
 * is not a multiple of 2 MiB each end in 4 KiB pages). Reserving costs no
 * memory; only what is made usable counts (and is zeroed on first touch).
 */
struct icf_region {
	uint8_t *base;
	size_t size; /* reserved */
	size_t usable; /* [base, base + usable) is read-write */
};

/* 0, or -ENOMEM when the address space cannot be reserved. */
int icf_region_init(struct icf_region *r, size_t size);
/* Makes at least the first @n octets usable: 0 or -ENOMEM. */
int icf_region_extend(struct icf_region *r, size_t n);
void icf_region_free(struct icf_region *r);

#endif /* LMISF_ICF_MEM_H */
