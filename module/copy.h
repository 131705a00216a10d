/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LMISF_COPY_H
#define _LMISF_COPY_H

#include <net/genetlink.h>
#include "lmisf.h"
#include "task.h"

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

static inline size_t lmisf_copy_attrs_size(const struct lmisf_copy *c)
{
	return nla_total_size(sizeof(struct lmisf_copy_hdr)) +
	       c->m->n * nla_total_size(sizeof(struct lmisf_copy_match));
}

/*
 * The packet is nested in LMISF_A_COPY, whose length is 16 bits: beyond
 * the configured copy range, a copy is cut so that the nest fits.
 * Inline, as the size below: both run for every copy.
 */
static inline u32 lmisf_copy_caplen(const struct lmisf_copy *c,
				    u32 copy_range)
{
	u32 fit = 0xffff - NLA_HDRLEN - lmisf_copy_attrs_size(c) - NLA_HDRLEN;

	fit &= ~(NLA_ALIGNTO - 1);
	return min3(c->len, copy_range, fit);
}

/* The bytes lmisf_copy_fill() adds to a batch. */
static inline size_t lmisf_copy_size(const struct lmisf_copy *c, u32 caplen)
{
	return nlmsg_total_size(GENL_HDRLEN +
				nla_total_size(lmisf_copy_attrs_size(c) +
					       nla_total_size(caplen)));
}

/*
 * The IDs of the distinct tasks of a copy; ids has LMISF_MAX_MATCHES room.
 * Inline: the sink records them for every copy.
 */
static inline unsigned int lmisf_copy_task_ids(const struct lmisf_matches *m,
					       u32 *ids)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < m->n; i++) {
		for (j = 0; j < i; j++) {
			if (m->m[j].task == m->m[i].task)
				break;
		}
		if (j == i)
			ids[n++] = m->m[i].task->id;
	}
	return n;
}

int lmisf_copy_fill(struct sk_buff *msg, const struct lmisf_copy *c,
		    u64 seq, u32 caplen);
void lmisf_copy_packet(struct lmisf_net *ln, const struct sk_buff *skb,
		       const struct nf_hook_state *state,
		       const struct lmisf_pkt *pkt,
		       const struct lmisf_matches *m);

#endif /* _LMISF_COPY_H */
