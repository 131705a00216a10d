/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lmisfctl: what the object files (task.c, flow.c, ...) share with the
 * dispatcher.
 */
#ifndef LMISFCTL_H
#define LMISFCTL_H

#include <stdbool.h>
#include <stdio.h>

/* Exit statuses: the kernel (or netlink) refused, or the command line. */
#define EXIT_KERNEL 1
#define EXIT_USAGE 2

struct ctl {
	bool json;
	const char *cmd; /* "task add", prefix of every message */
	void (*usage)(FILE *f); /* of the object being run */
};

extern struct ctl ctl;

/* Prints "lmisfctl: CMD: message", the object's usage, and exits 2. */
void usage_err(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/* Each object: its usage text and its verbs; returns the exit status. */
void task_usage(FILE *f);
int task_cmd(int argc, char **argv);
void flow_usage(FILE *f);
int flow_cmd(int argc, char **argv);
void selector_usage(FILE *f);
int selector_cmd(int argc, char **argv);
void sink_usage(FILE *f);
int sink_cmd(int argc, char **argv);
void stats_usage(FILE *f);
int stats_cmd(int argc, char **argv);
void config_usage(FILE *f);
int config_cmd(int argc, char **argv);

#endif /* LMISFCTL_H */
