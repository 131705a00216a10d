/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LMISF_IDENT_H
#define _LMISF_IDENT_H

#include <linux/types.h>

bool lmisf_ident_valid(u32 type, const char *s, size_t len);

#endif /* _LMISF_IDENT_H */
