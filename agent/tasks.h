/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's mirror of the kernel's tasks: XID -> targets, delivery type,
 * correlation ID, DIDs. The agent never keeps a target list of its own:
 * live, the table is filled from the kernel's task dump and TASK_NTF
 * events (nlsource.c); in replay, from `--task "ARGS"` and a tasks file,
 * in the words of `lmisfctl task add` (Documentation/lmisfctl.rst).
 *
 * Tasks are secret: nothing here logs a target value.
 */
#ifndef LMISF_TASKS_H
#define LMISF_TASKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/lmisf.h>

#include "ip.h"

struct task_target {
	uint32_t type; /* enum lmisf_target_type */
	bool non_local;
	/* IPV4/IPV6 (prefix_len 32/128), the CIDR types, or the optional
	 * tunnel endpoint of GTPU_TEID (ver 0: none). */
	struct ipaddr addr;
	uint8_t prefix_len;
	uint32_t teid; /* GTPU_TEID */
	char *value; /* identity types: NUL-terminated, else NULL */
};

struct task {
	uint32_t id; /* kernel task ID; replay: 1, 2, ... in order given */
	uint8_t xid[LMISF_XID_LEN];
	uint32_t delivery; /* enum lmisf_delivery */
	bool has_correlation;
	uint64_t correlation_id;
	unsigned int n_targets;
	struct task_target *targets;
	unsigned int n_dids;
	uint8_t (*dids)[LMISF_XID_LEN];
	/* private to tasks.c */
	uint64_t mark;
};

enum task_event {
	TASK_EV_NEW = 1, /* = LMISF_EVENT_NEW */
	TASK_EV_MODIFIED,
	TASK_EV_DELETED,
};

/*
 * Called after a change; for TASK_EV_DELETED the task is still readable
 * during the call and freed after it.
 */
typedef void (*tasks_event_fn)(void *ctx, enum task_event ev,
			       const struct task *t);

struct tasks;

struct tasks *tasks_new(tasks_event_fn fn, void *ctx);
void tasks_free(struct tasks *ts);

/*
 * tasks_put - insert or replace the task with @t->xid (a deep copy is
 * kept; @t stays the caller's). Emits NEW or MODIFIED (MODIFIED only if
 * something differs). Return: 0 or -ENOMEM.
 */
int tasks_put(struct tasks *ts, const struct task *t);
/* Return: 0, or -ENOENT for an unknown XID. Emits DELETED. */
int tasks_del(struct tasks *ts, const uint8_t xid[LMISF_XID_LEN]);
/* Deletes every task (DELETED for each). */
void tasks_flush(struct tasks *ts);
const struct task *tasks_find(const struct tasks *ts,
			      const uint8_t xid[LMISF_XID_LEN]);
unsigned int tasks_count(const struct tasks *ts);
/* In table order; stop early by returning non-zero (returned). */
int tasks_foreach(const struct tasks *ts,
		  int (*fn)(void *arg, const struct task *t), void *arg);

/*
 * Resynchronisation after a dump: tasks_sync_begin(), tasks_put() of every
 * task dumped, tasks_sync_end() deletes (DELETED) those not seen since.
 */
void tasks_sync_begin(struct tasks *ts);
void tasks_sync_end(struct tasks *ts);

/* Frees what a parsed or caller-built struct task owns. */
void task_clear(struct task *t);
/* Deep copy; 0 or -ENOMEM. */
int task_copy(struct task *dst, const struct task *src);

/*
 * task_parse_args - a task in `lmisfctl task add` words:
 *   xid UUID delivery x2|x3|x2x3 [correlation N]
 *   [target TYPE VALUE [endpoint ADDR] [non-local]]... [did UUID]...
 * @t: result (task_clear() it); id is left 0
 * @err: the reason on failure, naming the word, never echoing a target
 *   value (tasks are secret)
 * Return: 0 or -EINVAL.
 */
int task_parse_args(int argc, char *const argv[], struct task *t, char *err,
		    size_t errlen);
/* The same from one line, split at blanks (no quoting). */
int task_parse_line(const char *line, struct task *t, char *err, size_t errlen);

/*
 * tasks_load_file - one task per line ("#" comments and blank lines
 * skipped), added to @ts (a duplicate XID is an error). Errors are
 * "FILE:LINE: reason". Return: tasks added, or -errno (nothing added on
 * error).
 */
int tasks_load_file(struct tasks *ts, const char *path, char *err,
		    size_t errlen);

const char *task_target_type_name(uint32_t type);
const char *task_delivery_name(uint32_t delivery);

#endif /* LMISF_TASKS_H */
