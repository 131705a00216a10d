// SPDX-License-Identifier: GPL-2.0
/*
 * lmisfctl task: X1 ActivateTask (add), ModifyTask (modify, a full
 * replacement), DeactivateTask (del), DeactivateAllTasks (flush) and
 * GetTaskDetails (show).
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "lmisfctl.h"
#include "nl.h"
#include "output.h"
#include "target.h"

void task_usage(FILE *f)
{
	fprintf(f,
		"Usage: lmisfctl [-j] task { add | modify } xid UUID delivery { x2 | x3 | x2x3 }\n"
		"                [ correlation N ] target TARGET [ target TARGET ]...\n"
		"                [ did UUID ]...\n"
		"       lmisfctl task del xid UUID\n"
		"       lmisfctl task flush\n"
		"       lmisfctl [-j] task show [ xid UUID ]\n"
		"TARGET := { ipv4 ADDR | ipv6 ADDR | ipv4-cidr ADDR/LEN | ipv6-cidr ADDR/LEN |\n"
		"            teid N [ endpoint ADDR ] |\n"
		"            { sip-uri | tel-uri | impu | impi | imsi | supi | imei | pei |\n"
		"              e164 | nai } VALUE [ non-local ] }\n");
}

struct task_args {
	uint8_t xid[16];
	uint32_t delivery;
	bool has_correlation;
	uint64_t correlation;
	struct target *targets;
	size_t ntargets;
	uint8_t (*dids)[16];
	size_t ndids;
};

static void task_parse(struct args *a, struct task_args *t)
{
	bool xid = false, delivery = false;
	const char *kw;

	memset(t, 0, sizeof(*t));
	/* Each target or DID takes at least two words: argc bounds both. */
	t->targets = calloc((size_t)a->argc + 1, sizeof(*t->targets));
	t->dids = calloc((size_t)a->argc + 1, sizeof(*t->dids));
	if (!t->targets || !t->dids)
		usage_err("out of memory");
	while ((kw = args_next(a))) {
		if (!strcmp(kw, "xid")) {
			args_once(&xid, kw);
			args_uuid(a, kw, t->xid);
		} else if (!strcmp(kw, "delivery")) {
			const char *s = args_value(a, kw);

			args_once(&delivery, kw);
			if (parse_delivery(s, &t->delivery))
				usage_err(
					"delivery \"%s\": expected x2, x3 or x2x3",
					s);
		} else if (!strcmp(kw, "correlation")) {
			args_once(&t->has_correlation, kw);
			t->correlation = args_u64(a, kw);
		} else if (!strcmp(kw, "target")) {
			target_parse(a, &t->targets[t->ntargets++]);
		} else if (!strcmp(kw, "did")) {
			args_uuid(a, kw, t->dids[t->ndids++]);
		} else {
			usage_err("unknown keyword \"%s\"", kw);
		}
	}
	if (!xid)
		usage_err("xid is required");
	if (!delivery)
		usage_err("delivery is required");
	if (!t->ntargets)
		usage_err("at least one target is required");
}

/* Prints the reply to add: the task's id and XID (JSON only). */
static int print_created(struct nlattr **tb, void *arg)
{
	struct nlattr *t[LMISF_TASK_A_MAX + 1];
	uint8_t xid[16];
	char uuid[UUID_STR_LEN];
	uint32_t id;

	(void)arg;
	if (!attr_nest(t, LMISF_TASK_A_MAX, tb[LMISF_A_TASK]) ||
	    !attr_u32(t[LMISF_TASK_A_ID], &id))
		return lm_bad_reply("task.id");
	if (!ctl.json)
		return 0;
	out_obj_open(NULL, NULL);
	out_u64("id", id);
	if (attr_bytes(t[LMISF_TASK_A_XID], xid, sizeof(xid))) {
		format_uuid(xid, uuid);
		out_str("xid", uuid);
	}
	out_obj_close();
	return 0;
}

static int task_set(uint8_t cmd, struct args *a)
{
	struct task_args t;
	struct nl_msg *msg;
	struct nlattr *nest;
	size_t i;

	task_parse(a, &t);
	msg = lm_request(cmd);
	nest = lm_nest(msg, LMISF_A_TASK);
	lm_put(msg, LMISF_TASK_A_XID, sizeof(t.xid), t.xid);
	lm_put_u32(msg, LMISF_TASK_A_DELIVERY, t.delivery);
	if (t.has_correlation)
		lm_put_u64(msg, LMISF_TASK_A_CORRELATION_ID, t.correlation);
	for (i = 0; i < t.ntargets; i++)
		target_put(msg, &t.targets[i]);
	for (i = 0; i < t.ndids; i++)
		lm_put(msg, LMISF_TASK_A_DID, 16, t.dids[i]);
	lm_nest_end(msg, nest);
	free(t.targets);
	free(t.dids);
	return lm_status(lm_do(
		msg, cmd == LMISF_CMD_TASK_NEW ? print_created : NULL, NULL));
}

static void put_xid(struct nl_msg *msg, const uint8_t xid[16])
{
	struct nlattr *nest = lm_nest(msg, LMISF_A_TASK);

	lm_put(msg, LMISF_TASK_A_XID, 16, xid);
	lm_nest_end(msg, nest);
}

static int task_del(struct args *a)
{
	uint8_t xid[16];
	bool have = false;
	struct nl_msg *msg;
	const char *kw;

	while ((kw = args_next(a))) {
		if (strcmp(kw, "xid"))
			usage_err("unknown keyword \"%s\"", kw);
		args_once(&have, kw);
		args_uuid(a, kw, xid);
	}
	if (!have)
		usage_err("xid is required");
	msg = lm_request(LMISF_CMD_TASK_DEL);
	put_xid(msg, xid);
	return lm_status(lm_do(msg, NULL, NULL));
}

static int task_flush(struct args *a)
{
	args_end(a);
	return lm_status(lm_do(lm_request(LMISF_CMD_TASK_FLUSH), NULL, NULL));
}

/* An optional counter: printed if present, -1 if present but malformed. */
static int opt_u64(struct nlattr **t, int type, const char *key)
{
	uint64_t v;

	if (!t[type])
		return 0;
	if (!attr_uint(t[type], &v))
		return lm_bad_reply(key);
	out_u64(key, v);
	return 0;
}

static int opt_time(struct nlattr **t, int type, const char *key,
		    int zero_never)
{
	uint64_t v;

	if (!t[type])
		return 0;
	if (!attr_uint(t[type], &v))
		return lm_bad_reply(key);
	out_time(key, v, zero_never);
	return 0;
}

static int print_dids(struct nlattr *task)
{
	struct nlattr *a;
	uint8_t did[16];
	char uuid[UUID_STR_LEN];
	int rem;

	out_arr_open("dids");
	nla_for_each_nested(a, task, rem) {
		if (nla_type(a) != LMISF_TASK_A_DID)
			continue;
		if (!attr_bytes(a, did, sizeof(did)))
			return lm_bad_reply("task.did");
		format_uuid(did, uuid);
		if (ctl.json)
			json_str(out_json(), NULL, uuid);
		else
			out_line("did", "%s", uuid);
	}
	out_arr_close();
	return 0;
}

static int print_targets(struct nlattr *task)
{
	struct nlattr *a;
	int rem;

	out_arr_open("targets");
	nla_for_each_nested(a, task, rem) {
		if (nla_type(a) == LMISF_TASK_A_TARGET && target_print(a))
			return -1;
	}
	out_arr_close();
	return 0;
}

static const struct {
	int type;
	const char *key;
} counters[] = {
	{ LMISF_TASK_A_COPIES, "copies" },
	{ LMISF_TASK_A_COPY_BYTES, "copy_bytes" },
	{ LMISF_TASK_A_COPY_DROPS, "copy_drops" },
	{ LMISF_TASK_A_X2_PDUS, "x2_pdus" },
	{ LMISF_TASK_A_X2_BYTES, "x2_bytes" },
	{ LMISF_TASK_A_X3_PDUS, "x3_pdus" },
	{ LMISF_TASK_A_X3_BYTES, "x3_bytes" },
	{ LMISF_TASK_A_FLOWS, "flows" },
};

static int print_task(struct nlattr **tb, void *arg)
{
	struct nlattr *t[LMISF_TASK_A_MAX + 1];
	char uuid[UUID_STR_LEN], num[16];
	const char *name;
	uint8_t xid[16];
	uint32_t id, delivery;
	size_t i;

	(void)arg;
	if (!attr_nest(t, LMISF_TASK_A_MAX, tb[LMISF_A_TASK]))
		return lm_bad_reply("task");
	if (!attr_u32(t[LMISF_TASK_A_ID], &id))
		return lm_bad_reply("task.id");
	if (!attr_bytes(t[LMISF_TASK_A_XID], xid, sizeof(xid)))
		return lm_bad_reply("task.xid");
	if (!attr_u32(t[LMISF_TASK_A_DELIVERY], &delivery))
		return lm_bad_reply("task.delivery");
	format_uuid(xid, uuid);
	name = delivery_name(delivery);
	if (!name) {
		snprintf(num, sizeof(num), "%u", delivery);
		name = num;
	}

	out_obj_open(NULL, "task %u", id);
	if (ctl.json)
		out_u64("id", id);
	out_str("xid", uuid);
	out_str("delivery", name);
	/* JSON keys are always present; an unset correlation ID is null. */
	if (ctl.json && !t[LMISF_TASK_A_CORRELATION_ID])
		json_null(out_json(), "correlation_id");
	if (opt_u64(t, LMISF_TASK_A_CORRELATION_ID, "correlation_id") ||
	    print_targets(tb[LMISF_A_TASK]) || print_dids(tb[LMISF_A_TASK]) ||
	    opt_time(t, LMISF_TASK_A_CREATED, "created", 0) ||
	    opt_time(t, LMISF_TASK_A_MODIFIED, "modified", 0) ||
	    opt_u64(t, LMISF_TASK_A_MODIFICATIONS, "modifications") ||
	    opt_time(t, LMISF_TASK_A_LAST_INTERCEPT, "last_intercept", 1))
		return -1;
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		if (opt_u64(t, counters[i].type, counters[i].key))
			return -1;
	out_obj_close();
	return 0;
}

static int task_show(struct args *a)
{
	uint8_t xid[16];
	bool have = false;
	struct nl_msg *msg;
	const char *kw;
	int err;

	while ((kw = args_next(a))) {
		if (strcmp(kw, "xid"))
			usage_err("unknown keyword \"%s\"", kw);
		args_once(&have, kw);
		args_uuid(a, kw, xid);
	}
	if (have) {
		msg = lm_request(LMISF_CMD_TASK_GET);
		put_xid(msg, xid);
		return lm_status(lm_do(msg, print_task, NULL));
	}
	out_arr_open(NULL);
	err = lm_dump(LMISF_CMD_TASK_GET, NULL, NULL, print_task, NULL);
	out_arr_close();
	return lm_status(err);
}

int task_cmd(int argc, char **argv)
{
	struct args a = { argc ? argc - 1 : 0, argv + (argc ? 1 : 0) };
	const char *verb = argc ? argv[0] : "show";

	if (!strcmp(verb, "add")) {
		ctl.cmd = "task add";
		return task_set(LMISF_CMD_TASK_NEW, &a);
	}
	if (!strcmp(verb, "modify")) {
		ctl.cmd = "task modify";
		return task_set(LMISF_CMD_TASK_SET, &a);
	}
	if (!strcmp(verb, "del")) {
		ctl.cmd = "task del";
		return task_del(&a);
	}
	if (!strcmp(verb, "flush")) {
		ctl.cmd = "task flush";
		return task_flush(&a);
	}
	if (!strcmp(verb, "show")) {
		ctl.cmd = "task show";
		return task_show(&a);
	}
	if (!strcmp(verb, "help")) {
		task_usage(stdout);
		return 0;
	}
	usage_err("unknown verb \"%s\"", verb);
}
