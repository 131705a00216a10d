/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LMISF_SELECTOR_H
#define _LMISF_SELECTOR_H

#include "lmisf.h"

#define LMISF_SEL_PROTOS 3	/* UDP, TCP, SCTP */

struct lmisf_sel_port {
	u8 proto;
	__be16 port;
};

struct lmisf_sel_prefix {
	u8 family;
	u8 len;
	union nf_inet_addr addr;	/* host bits zero */
};

/* Immutable once published; SELECTOR_SET swaps in a new one. */
struct lmisf_selector {
	struct rcu_head rcu;		/* kvfree_rcu() wants it near the start */
	unsigned int nports;
	unsigned int nprefixes;
	struct lmisf_sel_port ports[LMISF_MAX_SELECTOR_PORTS];
	struct lmisf_sel_prefix prefixes[LMISF_MAX_SELECTOR_PREFIXES];
	/* one bit per port and protocol: a port match is O(1) */
	unsigned long bits[LMISF_SEL_PROTOS][BITS_TO_LONGS(65536)];
};

struct lmisf_selector *lmisf_selector_alloc(void);
int lmisf_selector_proto_index(u8 proto);
void lmisf_selector_add_port(struct lmisf_selector *sel, u8 proto,
			     __be16 port);
struct lmisf_selector *lmisf_selector_default(void);
int lmisf_selector_replace(struct lmisf_net *ln, struct lmisf_selector *sel);
bool lmisf_selector_empty(const struct lmisf_selector *sel);
bool lmisf_selector_match(const struct lmisf_selector *sel,
			  const struct lmisf_tuple *tp);

#endif /* _LMISF_SELECTOR_H */
