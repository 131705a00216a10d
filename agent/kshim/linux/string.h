/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LMISF_KSHIM_STRING_H
#define LMISF_KSHIM_STRING_H

#include <string.h>
#include <strings.h>

#endif /* LMISF_KSHIM_STRING_H */
