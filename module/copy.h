/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LMISF_COPY_H
#define _LMISF_COPY_H

#include "lmisf.h"

/* One packet to copy, with what it matched. */
struct lmisf_copy {
	const struct sk_buff *skb;
	const struct nf_hook_state *state;
	const struct lmisf_pkt *pkt;
	const struct lmisf_matches *m;
	unsigned int netoff;
	u32 len;		/* from the network header to the end */
	u64 tstamp;
};

u32 lmisf_copy_caplen(const struct lmisf_copy *c, u32 copy_range);
size_t lmisf_copy_size(const struct lmisf_copy *c, u32 caplen);
int lmisf_copy_fill(struct sk_buff *msg, const struct lmisf_copy *c,
		    u64 seq, u32 caplen);
unsigned int lmisf_copy_task_ids(const struct lmisf_matches *m, u32 *ids);
void lmisf_copy_packet(struct lmisf_net *ln, const struct sk_buff *skb,
		       const struct nf_hook_state *state,
		       const struct lmisf_pkt *pkt,
		       const struct lmisf_matches *m);

#endif /* _LMISF_COPY_H */
