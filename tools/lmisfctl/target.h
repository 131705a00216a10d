/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A task's target identifier: "TYPE VALUE [endpoint ADDR] [non-local]" on
 * the command line, an LMISF_TASK_A_TARGET nest on the wire.
 */
#ifndef LMISFCTL_TARGET_H
#define LMISFCTL_TARGET_H

#include <stdbool.h>
#include <stdint.h>

#include "args.h"
#include "nl.h"

struct target {
	uint32_t type;
	struct prefix prefix; /* address (len unused) or CIDR */
	bool has_endpoint; /* teid: tunnel endpoint in prefix.addr */
	uint32_t teid;
	const char *value; /* identity types */
	bool non_local;
};

/* Parses the words after the keyword "target". */
void target_parse(struct args *a, struct target *t);
void target_put(struct nl_msg *msg, const struct target *t);
/* Prints one LMISF_TASK_A_TARGET nest; -1 if malformed. */
int target_print(const struct nlattr *nest);

#endif /* LMISFCTL_TARGET_H */
