/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for the kernel headers module/ident.c includes, so
 * that agent/ident.c builds that very file into lmisfd (one parser of
 * the identity syntax). Only the names ident.c uses.
 */
#ifndef LMISF_KSHIM_TYPES_H
#define LMISF_KSHIM_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t u32;

#endif /* LMISF_KSHIM_TYPES_H */
