/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Large zeroed allocations for the ICF's tables and slabs, straight from
 * mmap() and, from 2 MiB up, backed by transparent huge pages when the
 * system allows (madvise mode): the index probes and record accesses are
 * random over hundreds of MB, and with 4 KiB pages nearly each one also
 * misses the TLB; huge pages also take 512 times fewer page faults.
 */
#ifndef LMISF_ICF_MEM_H
#define LMISF_ICF_MEM_H

#include <stddef.h>

/* Zeroed, page-aligned; NULL when out of memory. */
void *icf_big_alloc(size_t n);
void icf_big_free(void *p, size_t n);

#endif /* LMISF_ICF_MEM_H */
