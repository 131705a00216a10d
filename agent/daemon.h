/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lmisfd live: bind to lmisf.ko as the sink and run the pipeline on the
 * event loop until SIGTERM or SIGINT; SIGHUP reloads the configuration.
 */
#ifndef LMISF_DAEMON_H
#define LMISF_DAEMON_H

#include "config.h"

/*
 * @cfg: the loaded configuration (taken over: replaced on SIGHUP, freed
 * on return); @config_path: where SIGHUP reads it again (NULL: defaults,
 * nothing to reload). Return: the exit status.
 */
int daemon_run(struct lm_config *cfg, const char *config_path);

#endif /* LMISF_DAEMON_H */
