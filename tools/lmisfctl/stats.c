// SPDX-License-Identifier: GPL-2.0
/*
 * lmisfctl stats: the namespace's counters. Counters this version does not
 * know (a newer module) are printed by number rather than hidden.
 */
#include <string.h>

#include "args.h"
#include "lmisfctl.h"
#include "nl.h"
#include "output.h"

void stats_usage(FILE *f)
{
	fprintf(f, "Usage: lmisfctl [-j] stats [ show ]\n");
}

static const char *const names[] = {
	[LMISF_STATS_A_PACKETS] = "packets",
	[LMISF_STATS_A_COPIES] = "copies",
	[LMISF_STATS_A_COPIES_SIGNALLING] = "copies_signalling",
	[LMISF_STATS_A_COPIES_TARGET] = "copies_target",
	[LMISF_STATS_A_COPIES_MEDIA] = "copies_media",
	[LMISF_STATS_A_DELIVERED] = "delivered",
	[LMISF_STATS_A_BATCHES] = "batches",
	[LMISF_STATS_A_DROP_NO_SINK] = "drop_no_sink",
	[LMISF_STATS_A_DROP_NOMEM] = "drop_nomem",
	[LMISF_STATS_A_DROP_RCVBUF] = "drop_rcvbuf",
	[LMISF_STATS_A_DROP_UNBIND] = "drop_unbind",
	[LMISF_STATS_A_TRUNCATED] = "truncated",
	[LMISF_STATS_A_GTPU_DECAP] = "gtpu_decap",
	[LMISF_STATS_A_GTPU_NOT_TPDU] = "gtpu_not_tpdu",
	[LMISF_STATS_A_GTPU_MALFORMED] = "gtpu_malformed",
	[LMISF_STATS_A_GTPU_NESTED] = "gtpu_nested",
	[LMISF_STATS_A_NTF_DROPS] = "ntf_drops",
	[LMISF_STATS_A_TASKS] = "tasks",
	[LMISF_STATS_A_FLOWS] = "flows",
	[LMISF_STATS_A_TARGETS] = "targets",
};

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
		name = type < sizeof(names) / sizeof(names[0]) ? names[type] :
								 NULL;
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
