// SPDX-License-Identifier: GPL-2.0
/*
 * Target identifiers. The kernel matches addresses, prefixes and TEIDs
 * itself and stores identities (URIs, IMSI, ...) for the agent; it also
 * validates identity syntax, so we only check what we must to build the
 * request and leave the rules in one place (the module's extack says
 * what is wrong).
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "lmisfctl.h"
#include "output.h"
#include "target.h"

void target_parse(struct args *a, struct target *t)
{
	const char *type = args_value(a, "target");
	enum parse_err err;

	memset(t, 0, sizeof(*t));
	err = parse_target_type(type, &t->type);
	if (err)
		usage_err(
			"target type \"%s\": %s (expected ipv4, ipv6, ipv4-cidr, ipv6-cidr, teid, sip-uri, tel-uri, impu, impi, imsi, supi, imei, pei, e164 or nai)",
			type, parse_strerror(err));
	switch (t->type) {
	case LMISF_TARGET_IPV4:
		args_addr(a, type, AF_INET, &t->prefix.addr);
		break;
	case LMISF_TARGET_IPV6:
		args_addr(a, type, AF_INET6, &t->prefix.addr);
		break;
	case LMISF_TARGET_IPV4_CIDR:
		args_prefix(a, type, AF_INET, &t->prefix);
		break;
	case LMISF_TARGET_IPV6_CIDR:
		args_prefix(a, type, AF_INET6, &t->prefix);
		break;
	case LMISF_TARGET_GTPU_TEID:
		t->teid = args_u32(a, type);
		if (args_accept(a, "endpoint")) {
			args_addr(a, "endpoint", AF_UNSPEC, &t->prefix.addr);
			t->has_endpoint = true;
		}
		break;
	default:
		t->value = args_value(a, type);
		err = parse_identity(t->value);
		if (err)
			usage_err("%s \"%s\": %s (at most %d bytes)", type,
				  t->value, parse_strerror(err),
				  LMISF_MAX_VALUE_LEN);
		break;
	}
	if (args_accept(a, "non-local")) {
		if (!target_type_is_identity(t->type))
			usage_err(
				"non-local applies to identity targets, not %s",
				type);
		t->non_local = true;
	}
}

static void put_addr(struct nl_msg *msg, const struct addr *ad)
{
	if (ad->family == AF_INET)
		lm_put(msg, LMISF_TARGET_A_IPV4, 4, ad->bytes);
	else
		lm_put(msg, LMISF_TARGET_A_IPV6, 16, ad->bytes);
}

void target_put(struct nl_msg *msg, const struct target *t)
{
	struct nlattr *nest = lm_nest(msg, LMISF_TASK_A_TARGET);

	lm_put_u32(msg, LMISF_TARGET_A_TYPE, t->type);
	switch (t->type) {
	case LMISF_TARGET_IPV4:
	case LMISF_TARGET_IPV6:
		put_addr(msg, &t->prefix.addr);
		break;
	case LMISF_TARGET_IPV4_CIDR:
	case LMISF_TARGET_IPV6_CIDR:
		put_addr(msg, &t->prefix.addr);
		lm_put_u8(msg, LMISF_TARGET_A_PREFIX_LEN, t->prefix.len);
		break;
	case LMISF_TARGET_GTPU_TEID:
		lm_put_u32(msg, LMISF_TARGET_A_TEID, t->teid);
		if (t->has_endpoint)
			put_addr(msg, &t->prefix.addr);
		break;
	default:
		lm_put_str(msg, LMISF_TARGET_A_VALUE, t->value);
		break;
	}
	if (t->non_local)
		lm_put_flag(msg, LMISF_TARGET_A_NON_LOCAL);
	lm_nest_end(msg, nest);
}

/* The target's address: IPV4 or IPV6 attribute, whichever is present. */
static bool get_addr(struct nlattr **tb, struct addr *ad)
{
	memset(ad, 0, sizeof(*ad));
	if (tb[LMISF_TARGET_A_IPV4]) {
		ad->family = AF_INET;
		return attr_bytes(tb[LMISF_TARGET_A_IPV4], ad->bytes, 4);
	}
	ad->family = AF_INET6;
	return attr_bytes(tb[LMISF_TARGET_A_IPV6], ad->bytes, 16);
}

int target_print(const struct nlattr *nest)
{
	struct nlattr *tb[LMISF_TARGET_A_MAX + 1];
	struct json *j = out_json();
	char text[LMISF_MAX_VALUE_LEN + 64], buf[LMISF_MAX_VALUE_LEN + 1];
	char addr[PREFIX_STR_LEN], unknown[16];
	const char *name;
	struct prefix p;
	uint32_t type, teid;
	bool non_local;

	if (!attr_nest(tb, LMISF_TARGET_A_MAX, nest) ||
	    !attr_u32(tb[LMISF_TARGET_A_TYPE], &type))
		return lm_bad_reply("task.target.type");
	name = target_type_name(type);
	if (!name) {
		snprintf(unknown, sizeof(unknown), "type-%u", type);
		name = unknown;
	}
	non_local = tb[LMISF_TARGET_A_NON_LOCAL];
	if (ctl.json) {
		json_obj_open(j, NULL);
		json_str(j, "type", name);
	}
	switch (type) {
	case LMISF_TARGET_IPV4:
	case LMISF_TARGET_IPV6:
	case LMISF_TARGET_IPV4_CIDR:
	case LMISF_TARGET_IPV6_CIDR:
		if (!get_addr(tb, &p.addr))
			return lm_bad_reply("task.target address");
		if (type == LMISF_TARGET_IPV4_CIDR ||
		    type == LMISF_TARGET_IPV6_CIDR) {
			if (!attr_u8(tb[LMISF_TARGET_A_PREFIX_LEN], &p.len))
				return lm_bad_reply("task.target.prefix-len");
			format_prefix(&p, addr);
		} else {
			format_addr(&p.addr, addr);
		}
		snprintf(text, sizeof(text), "%s %s", name, addr);
		if (ctl.json)
			json_str(j, "value", addr);
		break;
	case LMISF_TARGET_GTPU_TEID:
		if (!attr_u32(tb[LMISF_TARGET_A_TEID], &teid))
			return lm_bad_reply("task.target.teid");
		/* Hexadecimal, as TEIDs are usually written (and accepted). */
		snprintf(text, sizeof(text), "%s 0x%08x", name, teid);
		if (ctl.json)
			json_u64(j, "teid", teid);
		if (tb[LMISF_TARGET_A_IPV4] || tb[LMISF_TARGET_A_IPV6]) {
			if (!get_addr(tb, &p.addr))
				return lm_bad_reply("task.target endpoint");
			format_addr(&p.addr, addr);
			snprintf(text + strlen(text),
				 sizeof(text) - strlen(text), " endpoint %s",
				 addr);
			if (ctl.json)
				json_str(j, "endpoint", addr);
		}
		break;
	default:
		if (!attr_str(tb[LMISF_TARGET_A_VALUE], buf, sizeof(buf)))
			return lm_bad_reply("task.target.value");
		snprintf(text, sizeof(text), "%s %s%s", name, buf,
			 non_local ? " non-local" : "");
		if (ctl.json) {
			json_str(j, "value", buf);
			json_bool(j, "non_local", non_local);
		}
		break;
	}
	if (ctl.json)
		json_obj_close(j);
	else
		out_line("target", "%s", text);
	return 0;
}
