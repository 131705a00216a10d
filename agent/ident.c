// SPDX-License-Identifier: GPL-2.0
/*
 * The identity syntax of task targets (uapi/linux/lmisf.h, "Identity
 * syntax"): module/ident.c itself, built for userspace against the
 * stand-ins in kshim/linux/, so that lmisfd and the kernel accept exactly
 * the same values.
 */
#include "ident.h"
#include "../module/ident.c"
