/* SPDX-License-Identifier: GPL-2.0 */
/*
 * module/ident.h for userspace (agent/ident.c checks that the two
 * declarations agree): is a task target's value valid for its type?
 */
#ifndef LMISF_AGENT_IDENT_H
#define LMISF_AGENT_IDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool lmisf_ident_valid(uint32_t type, const char *s, size_t len);

#endif /* LMISF_AGENT_IDENT_H */
