/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LMISF_GTPU_H
#define _LMISF_GTPU_H

#include <linux/skbuff.h>

enum lmisf_gtpu_result {
	LMISF_GTPU_TPDU,	/* *teid and *inner are set */
	LMISF_GTPU_NOT_TPDU,
	LMISF_GTPU_MALFORMED,
};

enum lmisf_gtpu_result lmisf_gtpu_parse(const struct sk_buff *skb,
					unsigned int off, unsigned int end,
					u32 *teid, unsigned int *inner);

#endif /* _LMISF_GTPU_H */
