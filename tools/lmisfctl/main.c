// SPDX-License-Identifier: GPL-2.0
/*
 * lmisfctl: administration of lmisf.ko, the LI Mirror IMS State Function
 * datapath, over generic netlink. Dispatch only; each object lives in its
 * own file.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <linux/lmisf.h>

#include "lmisfctl.h"
#include "output.h"

struct ctl ctl;

static const struct object {
	const char *name;
	int (*cmd)(int argc, char **argv);
	void (*usage)(FILE *f);
} objects[] = {
	{ "task", task_cmd, task_usage },
	{ "flow", flow_cmd, flow_usage },
	{ "selector", selector_cmd, selector_usage },
	{ "sink", sink_cmd, sink_usage },
	{ "stats", stats_cmd, stats_usage },
	{ "config", config_cmd, config_usage },
};

#define NOBJECTS (sizeof(objects) / sizeof(objects[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: lmisfctl [ -j | --json ] OBJECT { COMMAND | help }\n"
		"       lmisfctl { -h | --help | help | -V | --version }\n"
		"OBJECT := { task | flow | selector | sink | stats | config }\n"
		"Exit status: 0 success, 1 refused by the kernel, 2 usage error.\n\n");
	for (i = 0; i < NOBJECTS; i++)
		objects[i].usage(f);
}

void usage_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "lmisfctl: ");
	if (ctl.cmd)
		fprintf(stderr, "%s: ", ctl.cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (ctl.usage)
		ctl.usage(stderr);
	else
		usage(stderr);
	exit(EXIT_USAGE);
}

int main(int argc, char **argv)
{
	const char *name;
	size_t i;
	int ret;

	for (argc--, argv++; argc && argv[0][0] == '-'; argc--, argv++) {
		if (!strcmp(argv[0], "-j") || !strcmp(argv[0], "--json")) {
			ctl.json = true;
		} else if (!strcmp(argv[0], "-h") ||
			   !strcmp(argv[0], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[0], "-V") ||
			   !strcmp(argv[0], "--version")) {
			printf("lmisfctl for generic netlink family %s version %d\n",
			       LMISF_GENL_NAME, LMISF_GENL_VERSION);
			return 0;
		} else if (!strcmp(argv[0], "--")) {
			argc--, argv++;
			break;
		} else {
			usage_err("unknown option \"%s\"", argv[0]);
		}
	}
	if (!argc)
		usage_err("no object given");
	name = argv[0];
	if (!strcmp(name, "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < NOBJECTS; i++) {
		if (strcmp(name, objects[i].name))
			continue;
		ctl.cmd = objects[i].name;
		ctl.usage = objects[i].usage;
		out_init();
		ret = objects[i].cmd(argc - 1, argv + 1);
		if (!ret)
			ret = out_flush();
		return ret;
	}
	usage_err("unknown object \"%s\"", name);
}
