/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel series lmisf builds for (6.1 and 6.12).
 * The rest of the module uses the newer API; this header supplies it on
 * older kernels. The COMPAT_CANNOT_* symbols come from Kbuild.include.
 */

#ifndef _LMISF_COMPAT_H
#define _LMISF_COMPAT_H

#include <linux/netlink.h>
#include <net/genetlink.h>

/* 6.4: typed dump state in cb->ctx, checked at build time. */
#ifndef NL_ASSERT_DUMP_CTX_FITS
#define NL_ASSERT_DUMP_CTX_FITS(type_name)				\
	BUILD_BUG_ON(sizeof(type_name) >				\
		     sizeof_field(struct netlink_callback, ctx))
#endif

/* 6.6: genl_info_dump() exposes the parsed request of a dump. */
static inline struct nlattr **lmisf_dump_attrs(struct netlink_callback *cb)
{
#ifdef COMPAT_CANNOT_USE_GENL_INFO_DUMP
	return genl_dumpit_info(cb)->attrs;
#else
	return genl_info_dump(cb)->attrs;
#endif
}

/* 6.2: policies point to const range validations. */
#ifdef COMPAT_CANNOT_USE_CONST_POLICY_RANGE
#define __lmisf_policy_range
#else
#define __lmisf_policy_range const
#endif

/*
 * 6.10: a family keeps private data per socket (sock_priv_size,
 * sock_priv_destroy), destroyed when the socket is released or the family
 * unregistered; modules need genl_sk_priv_get() exported, which 6.12 is
 * not. Elsewhere sock_priv.c does the same: it keys the data by namespace
 * and port ID and learns of the release from the NETLINK_URELEASE
 * notifier, where destroy() may run in atomic context.
 */
#ifdef COMPAT_CANNOT_USE_GENL_SOCK_PRIV
int lmisf_genl_register_family(struct genl_family *family, size_t priv_size,
			       void (*destroy)(void *priv));
void lmisf_genl_unregister_family(struct genl_family *family);
void *lmisf_genl_sk_priv_get(struct genl_family *family,
			     struct sk_buff *skb, struct genl_info *info);
#else
static inline int
lmisf_genl_register_family(struct genl_family *family, size_t priv_size,
			   void (*destroy)(void *priv))
{
	family->sock_priv_size = priv_size;
	family->sock_priv_destroy = destroy;
	return genl_register_family(family);
}

static inline void lmisf_genl_unregister_family(struct genl_family *family)
{
	genl_unregister_family(family);
}

/* Zeroed at first use; ERR_PTR() on failure. */
static inline void *lmisf_genl_sk_priv_get(struct genl_family *family,
					   struct sk_buff *skb,
					   struct genl_info *info)
{
	return genl_sk_priv_get(family, NETLINK_CB(skb).sk);
}
#endif

#endif /* _LMISF_COMPAT_H */
