// SPDX-License-Identifier: GPL-2.0
/*
 * The IMS signalling selector: packets to or from a configured protocol and
 * port, or from or to an address inside a configured prefix (P-CSCF), are
 * copied for every subscriber. Ports are a bitmap per protocol (O(1)); the
 * prefix list is short (at most LMISF_MAX_SELECTOR_PREFIXES) and scanned.
 */

#include <linux/in.h>
#include <linux/slab.h>
#include "selector.h"
#include "target.h"

#define LMISF_SIP_PORT 5060

struct lmisf_selector *lmisf_selector_alloc(void)
{
	return kvzalloc(sizeof(struct lmisf_selector), GFP_KERNEL);
}

int lmisf_selector_proto_index(u8 proto)
{
	switch (proto) {
	case IPPROTO_UDP:
		return 0;
	case IPPROTO_TCP:
		return 1;
	case IPPROTO_SCTP:
		return 2;
	}
	return -1;
}

/* Duplicates are ignored: the list echoed by GET stays a set. */
void lmisf_selector_add_port(struct lmisf_selector *sel, u8 proto,
			     __be16 port)
{
	int i = lmisf_selector_proto_index(proto);

	if (i < 0 || __test_and_set_bit(ntohs(port), sel->bits[i]))
		return;
	sel->ports[sel->nports].proto = proto;
	sel->ports[sel->nports].port = port;
	sel->nports++;
}

struct lmisf_selector *lmisf_selector_default(void)
{
	struct lmisf_selector *sel = lmisf_selector_alloc();

	if (!sel)
		return NULL;
	lmisf_selector_add_port(sel, IPPROTO_UDP, htons(LMISF_SIP_PORT));
	lmisf_selector_add_port(sel, IPPROTO_TCP, htons(LMISF_SIP_PORT));
	return sel;
}

/*
 * Mutex held; the old selector is freed after a grace period. Return: 0, or
 * the error of arming the hooks (sel is then not used).
 */
int lmisf_selector_replace(struct lmisf_net *ln, struct lmisf_selector *sel)
{
	struct lmisf_selector *old;
	int err;

	/* a bound sink matches with it */
	if (rcu_access_pointer(ln->sink) && !lmisf_selector_empty(sel)) {
		err = lmisf_hooks_arm(ln);
		if (err)
			return err;
	}
	old = rcu_replace_pointer(ln->selector, sel,
				  lockdep_is_held(&ln->lock));
	lmisf_update_active(ln);
	if (old)
		kvfree_rcu(old, rcu);
	return 0;
}

bool lmisf_selector_empty(const struct lmisf_selector *sel)
{
	return !sel || (!sel->nports && !sel->nprefixes);
}

static bool prefix_match(const struct lmisf_sel_prefix *p, u8 family,
			 const union nf_inet_addr *addr)
{
	union nf_inet_addr masked;

	if (p->family != family)
		return false;
	lmisf_addr_mask(family, &masked, addr, p->len);
	return !memcmp(&masked, &p->addr, sizeof(masked));
}

/* Runs under rcu_read_lock(). */
bool lmisf_selector_match(const struct lmisf_selector *sel,
			  const struct lmisf_tuple *tp)
{
	unsigned int i;
	int pi;

	if (!sel)
		return false;
	if (tp->has_ports) {
		pi = lmisf_selector_proto_index(tp->proto);
		if (pi >= 0 && (test_bit(ntohs(tp->sport), sel->bits[pi]) ||
				test_bit(ntohs(tp->dport), sel->bits[pi])))
			return true;
	}
	for (i = 0; i < sel->nprefixes; i++) {
		if (prefix_match(&sel->prefixes[i], tp->family, &tp->saddr) ||
		    prefix_match(&sel->prefixes[i], tp->family, &tp->daddr))
			return true;
	}
	return false;
}
