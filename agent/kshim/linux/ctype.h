/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's isdigit() takes any char: no locale, no negative index. */
#ifndef LMISF_KSHIM_CTYPE_H
#define LMISF_KSHIM_CTYPE_H

#define isdigit(c) ((unsigned int)((unsigned char)(c) - '0') < 10u)

#endif /* LMISF_KSHIM_CTYPE_H */
