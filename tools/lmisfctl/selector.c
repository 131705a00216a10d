// SPDX-License-Identifier: GPL-2.0
/*
 * lmisfctl selector: the IMS signalling selector, copied for every
 * subscriber (protocol/port pairs and P-CSCF prefixes). "set" replaces it
 * as a whole; "selector set" with nothing empties it.
 */
#include <string.h>
#include <sys/socket.h>

#include "args.h"
#include "lmisfctl.h"
#include "nl.h"
#include "output.h"

void selector_usage(FILE *f)
{
	fprintf(f,
		"Usage: lmisfctl selector set [ port { udp | tcp | sctp } PORT ]...\n"
		"                             [ prefix ADDR/LEN ]...\n"
		"       lmisfctl [-j] selector show\n");
}

static int selector_set(struct args *a)
{
	struct nl_msg *msg;
	struct nlattr *sel, *nest;
	const char *kw;
	struct prefix p;
	uint16_t port;
	uint8_t proto;

	/* Parse everything before talking to the kernel. */
	struct args check = *a;

	while ((kw = args_next(&check))) {
		if (!strcmp(kw, "port")) {
			args_proto(&check, kw);
			args_port(&check, kw);
		} else if (!strcmp(kw, "prefix")) {
			args_prefix(&check, kw, AF_UNSPEC, &p);
		} else {
			usage_err("unknown keyword \"%s\"", kw);
		}
	}

	msg = lm_request(LMISF_CMD_SELECTOR_SET);
	if (!args_more(a)) {
		/* libnl's nla_nest_end() drops an empty nest: put it bare. */
		lm_put(msg, LMISF_A_SELECTOR | NLA_F_NESTED, 0, NULL);
		return lm_status(lm_do(msg, NULL, NULL));
	}
	sel = lm_nest(msg, LMISF_A_SELECTOR);
	while ((kw = args_next(a))) {
		if (!strcmp(kw, "port")) {
			proto = args_proto(a, kw);
			port = args_port(a, kw);
			nest = lm_nest(msg, LMISF_SELECTOR_A_PORT);
			lm_put_u8(msg, LMISF_PORT_A_PROTO, proto);
			lm_put_be16(msg, LMISF_PORT_A_PORT, port);
			lm_nest_end(msg, nest);
		} else {
			args_prefix(a, kw, AF_UNSPEC, &p);
			nest = lm_nest(msg, LMISF_SELECTOR_A_PREFIX);
			if (p.addr.family == AF_INET)
				lm_put(msg, LMISF_PREFIX_A_IPV4, 4,
				       p.addr.bytes);
			else
				lm_put(msg, LMISF_PREFIX_A_IPV6, 16,
				       p.addr.bytes);
			lm_put_u8(msg, LMISF_PREFIX_A_LEN, p.len);
			lm_nest_end(msg, nest);
		}
	}
	lm_nest_end(msg, sel);
	return lm_status(lm_do(msg, NULL, NULL));
}

static int print_port(const struct nlattr *nest)
{
	struct nlattr *tb[LMISF_PORT_A_MAX + 1];
	const char *name;
	char num[8];
	uint16_t port;
	uint8_t proto;

	if (!attr_nest(tb, LMISF_PORT_A_MAX, nest) ||
	    !attr_u8(tb[LMISF_PORT_A_PROTO], &proto) ||
	    !attr_be16(tb[LMISF_PORT_A_PORT], &port))
		return lm_bad_reply("selector.port");
	name = proto_name(proto);
	if (!name) {
		snprintf(num, sizeof(num), "%u", proto);
		name = num;
	}
	if (!ctl.json) {
		fprintf(out_file(), "port %s %u\n", name, port);
		return 0;
	}
	json_obj_open(out_json(), NULL);
	json_str(out_json(), "proto", name);
	json_u64(out_json(), "port", port);
	json_obj_close(out_json());
	return 0;
}

static int print_prefix(const struct nlattr *nest)
{
	struct nlattr *tb[LMISF_PREFIX_A_MAX + 1];
	char buf[PREFIX_STR_LEN];
	struct prefix p = { 0 };
	bool ok;

	if (!attr_nest(tb, LMISF_PREFIX_A_MAX, nest))
		return lm_bad_reply("selector.prefix");
	if (tb[LMISF_PREFIX_A_IPV4]) {
		p.addr.family = AF_INET;
		ok = attr_bytes(tb[LMISF_PREFIX_A_IPV4], p.addr.bytes, 4);
	} else {
		p.addr.family = AF_INET6;
		ok = attr_bytes(tb[LMISF_PREFIX_A_IPV6], p.addr.bytes, 16);
	}
	if (!ok || !attr_u8(tb[LMISF_PREFIX_A_LEN], &p.len))
		return lm_bad_reply("selector.prefix");
	format_prefix(&p, buf);
	if (ctl.json)
		json_str(out_json(), NULL, buf);
	else
		fprintf(out_file(), "prefix %s\n", buf);
	return 0;
}

static int print_selector(struct nlattr **tb, void *arg)
{
	const struct nlattr *sel = tb[LMISF_A_SELECTOR];
	struct nlattr *a;
	int rem;

	(void)arg;
	out_obj_open(NULL, NULL);
	/* An empty selector may come back as an empty or absent nest. */
	out_arr_open("ports");
	if (sel) {
		nla_for_each_nested(a, sel, rem)
			if (nla_type(a) == LMISF_SELECTOR_A_PORT &&
			    print_port(a))
				return -1;
	}
	out_arr_close();
	out_arr_open("prefixes");
	if (sel) {
		nla_for_each_nested(a, sel, rem)
			if (nla_type(a) == LMISF_SELECTOR_A_PREFIX &&
			    print_prefix(a))
				return -1;
	}
	out_arr_close();
	out_obj_close();
	return 0;
}

int selector_cmd(int argc, char **argv)
{
	struct args a = { argc ? argc - 1 : 0, argv + (argc ? 1 : 0) };
	const char *verb = argc ? argv[0] : "show";

	if (!strcmp(verb, "set")) {
		ctl.cmd = "selector set";
		return selector_set(&a);
	}
	if (!strcmp(verb, "show")) {
		ctl.cmd = "selector show";
		args_end(&a);
		return lm_status(lm_do(lm_request(LMISF_CMD_SELECTOR_GET),
				       print_selector, NULL));
	}
	if (!strcmp(verb, "help")) {
		selector_usage(stdout);
		return 0;
	}
	usage_err("unknown verb \"%s\"", verb);
}
