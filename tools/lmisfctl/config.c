// SPDX-License-Identifier: GPL-2.0
/*
 * lmisfctl config: the namespace's datapath settings (the GTP-U port).
 */
#include <string.h>

#include "args.h"
#include "lmisfctl.h"
#include "nl.h"
#include "output.h"

void config_usage(FILE *f)
{
	fprintf(f, "Usage: lmisfctl config set gtpu-port PORT\n"
		   "       lmisfctl [-j] config show\n");
}

static int config_set(struct args *a)
{
	bool gtpu = false;
	uint16_t port = 0;
	struct nl_msg *msg;
	struct nlattr *nest;
	const char *kw;

	while ((kw = args_next(a))) {
		if (!strcmp(kw, "gtpu-port")) {
			args_once(&gtpu, kw);
			port = args_port(a, kw);
		} else {
			usage_err("unknown keyword \"%s\"", kw);
		}
	}
	if (!gtpu)
		usage_err("nothing to set");
	msg = lm_request(LMISF_CMD_CONFIG_SET);
	nest = lm_nest(msg, LMISF_A_CONFIG);
	lm_put_be16(msg, LMISF_CONFIG_A_GTPU_PORT, port);
	lm_nest_end(msg, nest);
	return lm_status(lm_do(msg, NULL, NULL));
}

static int print_config(struct nlattr **tb, void *arg)
{
	struct nlattr *c[LMISF_CONFIG_A_MAX + 1];
	uint16_t port;

	(void)arg;
	if (!attr_nest(c, LMISF_CONFIG_A_MAX, tb[LMISF_A_CONFIG]) ||
	    !attr_be16(c[LMISF_CONFIG_A_GTPU_PORT], &port))
		return lm_bad_reply("config.gtpu-port");
	out_obj_open(NULL, NULL);
	out_u64("gtpu_port", port);
	out_obj_close();
	return 0;
}

int config_cmd(int argc, char **argv)
{
	struct args a = { argc ? argc - 1 : 0, argv + (argc ? 1 : 0) };
	const char *verb = argc ? argv[0] : "show";

	if (!strcmp(verb, "set")) {
		ctl.cmd = "config set";
		return config_set(&a);
	}
	if (!strcmp(verb, "show")) {
		ctl.cmd = "config show";
		args_end(&a);
		return lm_status(lm_do(lm_request(LMISF_CMD_CONFIG_GET),
				       print_config, NULL));
	}
	if (!strcmp(verb, "help")) {
		config_usage(stdout);
		return 0;
	}
	usage_err("unknown verb \"%s\"", verb);
}
