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

#endif /* _LMISF_COMPAT_H */
