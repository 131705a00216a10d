// SPDX-License-Identifier: GPL-2.0
/*
 * lmisfd: the lmisf agent. Live (default): the pipeline on lmisf.ko's
 * copies; --replay: the same pipeline on a capture. See lmisfd(8),
 * Documentation/lmisfd.rst.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "daemon.h"
#include "log.h"
#include "replay.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: lmisfd [--config FILE] [--check]\n"
		"       lmisfd --replay CAPTURE [--task \"ARGS\"]... [--tasks-file FILE]\n"
		"              [--config FILE]\n"
		"  -c, --config FILE     configuration (default: built-in defaults)\n"
		"      --check           validate the configuration and exit\n"
		"  -r, --replay CAPTURE  run the pipeline on a pcap/pcapng file\n"
		"  -t, --task \"ARGS\"     a replay task, in `lmisfctl task add` words\n"
		"  -T, --tasks-file FILE replay tasks, one per line\n"
		"  -h, --help\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'C' },
		{ "replay", required_argument, NULL, 'r' },
		{ "task", required_argument, NULL, 't' },
		{ "tasks-file", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL, *replay = NULL, *tasks_file = NULL;
	char **tasks = calloc((size_t)argc, sizeof(*tasks));
	struct lm_config *cfg = malloc(sizeof(*cfg));
	int c, ntasks = 0, check = 0, status;
	char err[512];

	log_init("lmisfd");
	if (!tasks || !cfg) {
		log_err("out of memory");
		return 1;
	}
	while ((c = getopt_long(argc, argv, "c:r:t:T:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'C':
			check = 1;
			break;
		case 'r':
			replay = optarg;
			break;
		case 't':
			tasks[ntasks++] = optarg;
			break;
		case 'T':
			tasks_file = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc || (!replay && (ntasks || tasks_file)) ||
	    (check && !config)) {
		usage(stderr);
		return 2;
	}
	if (config) {
		if (config_load(cfg, config, err, sizeof(err))) {
			log_err("%s", err);
			return 2;
		}
	} else {
		config_default(cfg);
	}
	if (check) {
		printf("%s: OK\n", config);
		config_free(cfg);
		free(cfg);
		free(tasks);
		return 0;
	}
	log_set_level(cfg->log.level);
	if (replay) {
		status = replay_main(cfg, replay, tasks, ntasks, tasks_file,
				     stdout);
		config_free(cfg);
		free(cfg);
	} else {
		status = daemon_run(cfg, config);
	}
	free(tasks);
	return status;
}
