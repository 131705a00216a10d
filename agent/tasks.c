// SPDX-License-Identifier: GPL-2.0
/*
 * The agent's task table. Tasks change on the control path only (dump,
 * TASK_NTF, start of a replay), so the table is an array searched by XID;
 * per-packet lookups go through the kernel's match list or, in replay,
 * through replay_match.c's indexes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tasks.h"

struct tasks {
	struct task **v;
	unsigned int n, cap;
	uint64_t mark; /* current sync generation */
	tasks_event_fn fn;
	void *ctx;
};

struct tasks *tasks_new(tasks_event_fn fn, void *ctx)
{
	struct tasks *ts = calloc(1, sizeof(*ts));

	if (!ts)
		return NULL;
	ts->fn = fn;
	ts->ctx = ctx;
	return ts;
}

void task_clear(struct task *t)
{
	unsigned int i;

	for (i = 0; i < t->n_targets; i++)
		free(t->targets[i].value);
	free(t->targets);
	free(t->dids);
	memset(t, 0, sizeof(*t));
}

static void task_destroy(struct task *t)
{
	task_clear(t);
	free(t);
}

void tasks_free(struct tasks *ts)
{
	unsigned int i;

	if (!ts)
		return;
	for (i = 0; i < ts->n; i++)
		task_destroy(ts->v[i]);
	free(ts->v);
	free(ts);
}

int task_copy(struct task *dst, const struct task *src)
{
	unsigned int i;

	*dst = *src;
	dst->targets = NULL;
	dst->dids = NULL;
	dst->n_targets = 0;
	dst->n_dids = 0;
	if (src->n_targets) {
		dst->targets = calloc(src->n_targets, sizeof(*dst->targets));
		if (!dst->targets)
			goto nomem;
		for (i = 0; i < src->n_targets; i++) {
			dst->targets[i] = src->targets[i];
			dst->targets[i].value = NULL;
			dst->n_targets = i + 1;
			if (src->targets[i].value) {
				dst->targets[i].value =
					strdup(src->targets[i].value);
				if (!dst->targets[i].value)
					goto nomem;
			}
		}
	}
	if (src->n_dids) {
		dst->dids = malloc(src->n_dids * sizeof(*dst->dids));
		if (!dst->dids)
			goto nomem;
		memcpy(dst->dids, src->dids, src->n_dids * sizeof(*dst->dids));
		dst->n_dids = src->n_dids;
	}
	return 0;
nomem:
	task_clear(dst);
	return -ENOMEM;
}

static bool target_eq(const struct task_target *a, const struct task_target *b)
{
	if (a->type != b->type || a->non_local != b->non_local ||
	    a->prefix_len != b->prefix_len || a->teid != b->teid ||
	    !ipaddr_eq(&a->addr, &b->addr))
		return false;
	if (!a->value || !b->value)
		return a->value == b->value;
	return !strcmp(a->value, b->value);
}

static bool task_eq(const struct task *a, const struct task *b)
{
	unsigned int i;

	if (a->id != b->id || a->delivery != b->delivery ||
	    a->has_correlation != b->has_correlation ||
	    (a->has_correlation && a->correlation_id != b->correlation_id) ||
	    a->n_targets != b->n_targets || a->n_dids != b->n_dids)
		return false;
	for (i = 0; i < a->n_targets; i++)
		if (!target_eq(&a->targets[i], &b->targets[i]))
			return false;
	return !a->n_dids ||
	       !memcmp(a->dids, b->dids, a->n_dids * sizeof(*a->dids));
}

static int find_idx(const struct tasks *ts, const uint8_t *xid)
{
	unsigned int i;

	for (i = 0; i < ts->n; i++)
		if (!memcmp(ts->v[i]->xid, xid, LMISF_XID_LEN))
			return (int)i;
	return -1;
}

const struct task *tasks_find(const struct tasks *ts,
			      const uint8_t xid[LMISF_XID_LEN])
{
	int i = find_idx(ts, xid);

	return i < 0 ? NULL : ts->v[i];
}

int tasks_put(struct tasks *ts, const struct task *t)
{
	struct task *n;
	int i = find_idx(ts, t->xid);

	if (i >= 0 && task_eq(ts->v[i], t)) {
		ts->v[i]->mark = ts->mark;
		return 0;
	}
	n = calloc(1, sizeof(*n));
	if (!n || task_copy(n, t)) {
		free(n);
		return -ENOMEM;
	}
	n->mark = ts->mark;
	if (i >= 0) {
		task_destroy(ts->v[i]);
		ts->v[i] = n;
		if (ts->fn)
			ts->fn(ts->ctx, TASK_EV_MODIFIED, n);
		return 0;
	}
	if (ts->n == ts->cap) {
		unsigned int cap = ts->cap ? ts->cap * 2 : 16;
		struct task **v = realloc(ts->v, cap * sizeof(*v));

		if (!v) {
			task_destroy(n);
			return -ENOMEM;
		}
		ts->v = v;
		ts->cap = cap;
	}
	ts->v[ts->n++] = n;
	if (ts->fn)
		ts->fn(ts->ctx, TASK_EV_NEW, n);
	return 0;
}

static void del_idx(struct tasks *ts, unsigned int i)
{
	struct task *t = ts->v[i];

	memmove(&ts->v[i], &ts->v[i + 1], (ts->n - i - 1) * sizeof(*ts->v));
	ts->n--;
	if (ts->fn)
		ts->fn(ts->ctx, TASK_EV_DELETED, t);
	task_destroy(t);
}

int tasks_del(struct tasks *ts, const uint8_t xid[LMISF_XID_LEN])
{
	int i = find_idx(ts, xid);

	if (i < 0)
		return -ENOENT;
	del_idx(ts, (unsigned int)i);
	return 0;
}

void tasks_flush(struct tasks *ts)
{
	while (ts->n)
		del_idx(ts, ts->n - 1);
}

unsigned int tasks_count(const struct tasks *ts)
{
	return ts->n;
}

int tasks_foreach(const struct tasks *ts,
		  int (*fn)(void *arg, const struct task *t), void *arg)
{
	unsigned int i;
	int r;

	for (i = 0; i < ts->n; i++) {
		r = fn(arg, ts->v[i]);
		if (r)
			return r;
	}
	return 0;
}

void tasks_sync_begin(struct tasks *ts)
{
	ts->mark++;
}

void tasks_sync_end(struct tasks *ts)
{
	unsigned int i = ts->n;

	while (i--)
		if (ts->v[i]->mark != ts->mark)
			del_idx(ts, i);
}
