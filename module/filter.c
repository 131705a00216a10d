// SPDX-License-Identifier: GPL-2.0
/*
 * The counting filter of filter.h. Writers hold the namespace's mutex;
 * readers run under RCU. A key is added before its table entry is
 * published and deleted after it is removed, so a reader never skips a
 * published entry.
 */

#include <linux/limits.h>
#include <linux/random.h>
#include <linux/slab.h>
#include "filter.h"

struct lmisf_filter *lmisf_filter_alloc(unsigned int bits)
{
	struct lmisf_filter *f;

	f = kvzalloc(struct_size(f, cnt, 1UL << bits), GFP_KERNEL);
	if (!f)
		return NULL;
	f->seed[0] = get_random_u64();
	f->seed[1] = get_random_u64();
	f->bits = bits;
	return f;
}

void lmisf_filter_free(struct lmisf_filter *f)
{
	kvfree(f);
}

/* Both slots, the same one twice when they coincide (del undoes add). */
void lmisf_filter_add(struct lmisf_filter *f, u64 key)
{
	unsigned int i;
	u8 *c;

	for (i = 0; i < ARRAY_SIZE(f->seed); i++) {
		c = &f->cnt[lmisf_filter_slot(f, key, i)];
		if (*c != U8_MAX)
			WRITE_ONCE(*c, *c + 1);
	}
}

void lmisf_filter_del(struct lmisf_filter *f, u64 key)
{
	unsigned int i;
	u8 *c;

	for (i = 0; i < ARRAY_SIZE(f->seed); i++) {
		c = &f->cnt[lmisf_filter_slot(f, key, i)];
		/* a saturated counter no longer knows how many keys it holds */
		if (*c != U8_MAX)
			WRITE_ONCE(*c, *c - 1);
	}
}
