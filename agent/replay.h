/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The replay source (`lmisfd --replay FILE`): a capture's packets through
 * the same pipeline as the kernel's copies, with the module's matching
 * redone by replay_match, timers driven by capture time, and a summary at
 * the end.
 */
#ifndef LMISF_REPLAY_H
#define LMISF_REPLAY_H

#include <stdio.h>

#include "pcap_source.h"
#include "pipeline_core.h"
#include "replay_match.h"

/*
 * replay_run - feed every packet of @path to @pl, then pipeline_flush()
 * @rm: matching (required: the tasks the replay runs with)
 * @ps: the capture's link-layer counters (filled even on error)
 * Return: packets fed, or -1 with the reason in @err (the packets read
 * before a read error were processed).
 */
long replay_run(struct pipeline *pl, struct replay_match *rm, const char *path,
		struct pcap_source_stats *ps, char *err, size_t errlen);

/*
 * The summary: one "section: name=value ..." line per group (capture,
 * decode, sip, records, flows). Counters of the IMS layer and delivery
 * follow when they are registered.
 */
void replay_summary(FILE *f, struct pipeline *pl,
		    const struct pcap_source_stats *ps,
		    const struct replay_match *rm);

/*
 * replay_main - `lmisfd --replay`: tasks from @task_args (each one string
 * in `lmisfctl task add` words) and @tasks_file, then the capture, then
 * the summary on @out. Errors go to the log.
 * Return: the exit status (0; 1 the capture could not be read; 2 bad
 * tasks).
 */
int replay_main(const struct lm_config *cfg, const char *path,
		char *const *task_args, int n_task_args, const char *tasks_file,
		FILE *out);

#endif /* LMISF_REPLAY_H */
