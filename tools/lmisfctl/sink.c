// SPDX-License-Identifier: GPL-2.0
/*
 * lmisfctl sink: which socket receives the copies (the agent binds it from
 * its own socket; a binding cannot outlive lmisfctl's, so there is no
 * "bind" verb) and its batching settings.
 */
#include <errno.h>
#include <string.h>

#include "args.h"
#include "lmisfctl.h"
#include "nl.h"
#include "output.h"

void sink_usage(FILE *f)
{
	fprintf(f, "Usage: lmisfctl [-j] sink show\n");
}

static const struct {
	int type;
	const char *key;
} fields[] = {
	{ LMISF_SINK_A_PORTID, "portid" },
	{ LMISF_SINK_A_NLBUFSIZ, "nlbufsiz" },
	{ LMISF_SINK_A_QTHRESHOLD, "qthreshold" },
	{ LMISF_SINK_A_FLUSH_MS, "flush_ms" },
	{ LMISF_SINK_A_COPY_RANGE, "copy_range" },
	{ LMISF_SINK_A_NEXT_SEQ, "next_seq" },
};

static int print_sink(struct nlattr **tb, void *arg)
{
	struct nlattr *s[LMISF_SINK_A_MAX + 1];
	uint64_t v;
	size_t i;

	(void)arg;
	if (!attr_nest(s, LMISF_SINK_A_MAX, tb[LMISF_A_SINK]))
		return lm_bad_reply("sink");
	out_obj_open(NULL, NULL);
	if (ctl.json)
		json_bool(out_json(), "bound", true);
	else
		out_line("bound", "yes");
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!s[fields[i].type])
			continue;
		if (!attr_uint(s[fields[i].type], &v))
			return lm_bad_reply(fields[i].key);
		out_u64(fields[i].key, v);
	}
	out_obj_close();
	return 0;
}

int sink_cmd(int argc, char **argv)
{
	struct args a = { argc ? argc - 1 : 0, argv + (argc ? 1 : 0) };
	const char *verb = argc ? argv[0] : "show";
	int err;

	if (!strcmp(verb, "help")) {
		sink_usage(stdout);
		return 0;
	}
	if (strcmp(verb, "show"))
		usage_err("unknown verb \"%s\"", verb);
	ctl.cmd = "sink show";
	args_end(&a);
	err = lm_do(lm_request(LMISF_CMD_SINK_GET), print_sink, NULL);
	/* No sink bound is a state, not a failure of the command. */
	if (err == -ENOENT) {
		out_obj_open(NULL, NULL);
		if (ctl.json)
			json_bool(out_json(), "bound", false);
		else
			out_line("bound", "no");
		out_obj_close();
		return 0;
	}
	return lm_status(err);
}
