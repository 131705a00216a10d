// SPDX-License-Identifier: GPL-2.0
/*
 * lmisfctl stats: the namespace's counters. Counters this version does not
 * know (a newer module) are printed by number rather than hidden.
 */
#include <string.h>

#include "args.h"
#include "lmisf_stats.h"
#include "lmisfctl.h"
#include "nl.h"
#include "output.h"

void stats_usage(FILE *f)
{
	fprintf(f, "Usage: lmisfctl [-j] stats [ show ]\n");
}

static int print_stats(struct nlattr **tb, void *arg)
{
	const struct nlattr *stats = tb[LMISF_A_STATS];
	struct nlattr *a;
	char key[32];
	const char *name;
	unsigned int type;
	uint64_t v;
	int rem;

	(void)arg;
	if (!stats)
		return lm_bad_reply("stats");
	out_obj_open(NULL, NULL);
	nla_for_each_nested(a, stats, rem) {
		type = (unsigned int)nla_type(a);
		if (type == LMISF_STATS_A_PAD)
			continue;
		name = lmisf_stats_name(type);
		if (!name) {
			snprintf(key, sizeof(key), "attr_%u", type);
			name = key;
		}
		if (!attr_uint(a, &v))
			return lm_bad_reply(name);
		out_u64(name, v);
	}
	out_obj_close();
	return 0;
}

int stats_cmd(int argc, char **argv)
{
	struct args a = { argc ? argc - 1 : 0, argv + (argc ? 1 : 0) };
	const char *verb = argc ? argv[0] : "show";

	if (!strcmp(verb, "help")) {
		stats_usage(stdout);
		return 0;
	}
	if (strcmp(verb, "show"))
		usage_err("unknown verb \"%s\"", verb);
	ctl.cmd = "stats";
	args_end(&a);
	return lm_status(
		lm_do(lm_request(LMISF_CMD_STATS_GET), print_stats, NULL));
}
