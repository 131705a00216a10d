// SPDX-License-Identifier: GPL-2.0
/*
 * lmisfctl flow: media flows (a 5-tuple matched in both directions) of a
 * task. The agent installs them from SDP; by hand they are for testing.
 */
#include <string.h>
#include <sys/socket.h>

#include "args.h"
#include "lmisfctl.h"
#include "nl.h"
#include "output.h"

void flow_usage(FILE *f)
{
	fprintf(f,
		"Usage: lmisfctl [-j] flow add xid UUID correlation N proto { udp | tcp | sctp }\n"
		"                src ADDR sport PORT dst ADDR dport PORT\n"
		"       lmisfctl flow del { id N | xid UUID }\n"
		"       lmisfctl [-j] flow show [ xid UUID ] [ id N ]\n");
}

static void put_xid(struct nl_msg *msg, const uint8_t xid[16])
{
	lm_put(msg, LMISF_FLOW_A_XID, 16, xid);
}

static int print_created(struct nlattr **tb, void *arg)
{
	struct nlattr *f[LMISF_FLOW_A_MAX + 1];
	uint32_t id;

	(void)arg;
	if (!attr_nest(f, LMISF_FLOW_A_MAX, tb[LMISF_A_FLOW]) ||
	    !attr_u32(f[LMISF_FLOW_A_ID], &id))
		return lm_bad_reply("flow.id");
	if (ctl.json) {
		out_obj_open(NULL, NULL);
		out_u64("id", id);
		out_obj_close();
	}
	return 0;
}

static int flow_add(struct args *a)
{
	bool xid = false, corr = false, proto = false, src = false,
	     sport = false, dst = false, dport = false;
	uint8_t uuid[16], ipproto = 0;
	uint16_t sp = 0, dp = 0;
	uint64_t correlation = 0;
	struct addr s, d;
	struct nl_msg *msg;
	struct nlattr *nest;
	const char *kw;

	while ((kw = args_next(a))) {
		if (!strcmp(kw, "xid")) {
			args_once(&xid, kw);
			args_uuid(a, kw, uuid);
		} else if (!strcmp(kw, "correlation")) {
			args_once(&corr, kw);
			correlation = args_u64(a, kw);
		} else if (!strcmp(kw, "proto")) {
			args_once(&proto, kw);
			ipproto = args_proto(a, kw);
		} else if (!strcmp(kw, "src")) {
			args_once(&src, kw);
			args_addr(a, kw, AF_UNSPEC, &s);
		} else if (!strcmp(kw, "sport")) {
			args_once(&sport, kw);
			sp = args_port(a, kw);
		} else if (!strcmp(kw, "dst")) {
			args_once(&dst, kw);
			args_addr(a, kw, AF_UNSPEC, &d);
		} else if (!strcmp(kw, "dport")) {
			args_once(&dport, kw);
			dp = args_port(a, kw);
		} else {
			usage_err("unknown keyword \"%s\"", kw);
		}
	}
	if (!xid || !corr || !proto || !src || !sport || dst != dport)
		usage_err(
			"xid, correlation, proto, src and sport are required, dst and dport both or neither (an endpoint flow)");
	if (dst && s.family != d.family)
		usage_err("src and dst must be of the same address family");

	msg = lm_request(LMISF_CMD_FLOW_NEW);
	nest = lm_nest(msg, LMISF_A_FLOW);
	put_xid(msg, uuid);
	lm_put_u64(msg, LMISF_FLOW_A_CORRELATION_ID, correlation);
	lm_put_u8(msg, LMISF_FLOW_A_PROTO, ipproto);
	if (s.family == AF_INET)
		lm_put(msg, LMISF_FLOW_A_SRC_IPV4, 4, s.bytes);
	else
		lm_put(msg, LMISF_FLOW_A_SRC_IPV6, 16, s.bytes);
	lm_put_be16(msg, LMISF_FLOW_A_SRC_PORT, sp);
	if (dst) {
		if (d.family == AF_INET)
			lm_put(msg, LMISF_FLOW_A_DST_IPV4, 4, d.bytes);
		else
			lm_put(msg, LMISF_FLOW_A_DST_IPV6, 16, d.bytes);
		lm_put_be16(msg, LMISF_FLOW_A_DST_PORT, dp);
	}
	lm_nest_end(msg, nest);
	return lm_status(lm_do(msg, print_created, NULL));
}

static int flow_del(struct args *a)
{
	bool by_id = false, by_xid = false;
	uint8_t uuid[16];
	uint32_t id = 0;
	struct nl_msg *msg;
	struct nlattr *nest;
	const char *kw;

	while ((kw = args_next(a))) {
		if (!strcmp(kw, "id")) {
			args_once(&by_id, kw);
			id = args_u32(a, kw);
		} else if (!strcmp(kw, "xid")) {
			args_once(&by_xid, kw);
			args_uuid(a, kw, uuid);
		} else {
			usage_err("unknown keyword \"%s\"", kw);
		}
	}
	if (by_id == by_xid)
		usage_err("give either id or xid");
	msg = lm_request(LMISF_CMD_FLOW_DEL);
	nest = lm_nest(msg, LMISF_A_FLOW);
	if (by_id)
		lm_put_u32(msg, LMISF_FLOW_A_ID, id);
	else
		put_xid(msg, uuid);
	lm_nest_end(msg, nest);
	return lm_status(lm_do(msg, NULL, NULL));
}

struct show {
	bool by_xid;
	uint8_t xid[16];
	bool by_id;
	uint32_t id;
	unsigned int shown;
};

/* The ends of a flow; @d->family 0 for an endpoint flow (no DST). */
static bool get_ends(struct nlattr **f, struct addr *s, struct addr *d)
{
	int sa = f[LMISF_FLOW_A_SRC_IPV4] ? LMISF_FLOW_A_SRC_IPV4 :
					    LMISF_FLOW_A_SRC_IPV6;
	int da = sa == LMISF_FLOW_A_SRC_IPV4 ? LMISF_FLOW_A_DST_IPV4 :
					       LMISF_FLOW_A_DST_IPV6;
	size_t len = sa == LMISF_FLOW_A_SRC_IPV4 ? 4 : 16;

	memset(s, 0, sizeof(*s));
	memset(d, 0, sizeof(*d));
	s->family = len == 4 ? AF_INET : AF_INET6;
	if (!attr_bytes(f[sa], s->bytes, len))
		return false;
	if (!f[da] && !f[LMISF_FLOW_A_DST_PORT])
		return true;
	d->family = s->family;
	return attr_bytes(f[da], d->bytes, len);
}

static int print_flow(struct nlattr **tb, void *arg)
{
	struct nlattr *f[LMISF_FLOW_A_MAX + 1];
	char uuid[UUID_STR_LEN], src[ADDR_STR_LEN], dst[ADDR_STR_LEN];
	char pnum[8];
	uint64_t correlation, packets = 0, bytes = 0;
	uint16_t sport, dport = 0;
	struct show *sh = arg;
	const char *proto;
	struct addr s, d;
	uint8_t xid[16], ipproto;
	uint32_t id;

	if (!attr_nest(f, LMISF_FLOW_A_MAX, tb[LMISF_A_FLOW]) ||
	    !attr_u32(f[LMISF_FLOW_A_ID], &id) ||
	    !attr_bytes(f[LMISF_FLOW_A_XID], xid, sizeof(xid)) ||
	    !attr_uint(f[LMISF_FLOW_A_CORRELATION_ID], &correlation) ||
	    !attr_u8(f[LMISF_FLOW_A_PROTO], &ipproto) || !get_ends(f, &s, &d) ||
	    !attr_be16(f[LMISF_FLOW_A_SRC_PORT], &sport) ||
	    (d.family && !attr_be16(f[LMISF_FLOW_A_DST_PORT], &dport)))
		return lm_bad_reply("flow");
	if ((f[LMISF_FLOW_A_PACKETS] &&
	     !attr_uint(f[LMISF_FLOW_A_PACKETS], &packets)) ||
	    (f[LMISF_FLOW_A_BYTES] &&
	     !attr_uint(f[LMISF_FLOW_A_BYTES], &bytes)))
		return lm_bad_reply("flow counters");
	/* "flow show id N xid X": the flow must belong to that task. */
	if (sh->by_xid && memcmp(xid, sh->xid, sizeof(xid)))
		return 0;
	sh->shown++;
	format_uuid(xid, uuid);
	format_addr(&s, src);
	if (d.family)
		format_addr(&d, dst);
	proto = proto_name(ipproto);
	if (!proto) {
		snprintf(pnum, sizeof(pnum), "%u", ipproto);
		proto = pnum;
	}
	if (!ctl.json) {
		/* One line, in the words of "flow add", plus the counters. */
		fprintf(out_file(),
			"flow %u xid %s correlation %llu proto %s src %s sport %u",
			id, uuid, (unsigned long long)correlation, proto, src,
			sport);
		if (d.family)
			fprintf(out_file(), " dst %s dport %u", dst, dport);
		fprintf(out_file(), " packets %llu bytes %llu\n",
			(unsigned long long)packets, (unsigned long long)bytes);
		return 0;
	}
	out_obj_open(NULL, NULL);
	out_u64("id", id);
	out_str("xid", uuid);
	out_u64("correlation_id", correlation);
	out_str("proto", proto);
	out_str("src", src);
	out_u64("sport", sport);
	if (d.family) {
		out_str("dst", dst);
		out_u64("dport", dport);
	}
	out_u64("packets", packets);
	out_u64("bytes", bytes);
	out_obj_close();
	return 0;
}

static int build_filter(struct nl_msg *msg, void *arg)
{
	struct show *sh = arg;
	struct nlattr *nest;

	if (!sh->by_xid)
		return 0;
	nest = lm_nest(msg, LMISF_A_FLOW);
	put_xid(msg, sh->xid);
	lm_nest_end(msg, nest);
	return 0;
}

static int flow_show(struct args *a)
{
	struct show sh = { 0 };
	struct nl_msg *msg;
	struct nlattr *nest;
	const char *kw;
	int err;

	while ((kw = args_next(a))) {
		if (!strcmp(kw, "id")) {
			args_once(&sh.by_id, kw);
			sh.id = args_u32(a, kw);
		} else if (!strcmp(kw, "xid")) {
			args_once(&sh.by_xid, kw);
			args_uuid(a, kw, sh.xid);
		} else {
			usage_err("unknown keyword \"%s\"", kw);
		}
	}
	if (!sh.by_id) {
		out_arr_open(NULL);
		err = lm_dump(LMISF_CMD_FLOW_GET, build_filter, &sh, print_flow,
			      &sh);
		out_arr_close();
		return lm_status(err);
	}
	msg = lm_request(LMISF_CMD_FLOW_GET);
	nest = lm_nest(msg, LMISF_A_FLOW);
	lm_put_u32(msg, LMISF_FLOW_A_ID, sh.id);
	lm_nest_end(msg, nest);
	err = lm_status(lm_do(msg, print_flow, &sh));
	if (!err && !sh.shown) {
		fprintf(stderr,
			"lmisfctl: %s: flow %u is not a flow of that task\n",
			ctl.cmd, sh.id);
		return EXIT_KERNEL;
	}
	return err;
}

int flow_cmd(int argc, char **argv)
{
	struct args a = { argc ? argc - 1 : 0, argv + (argc ? 1 : 0) };
	const char *verb = argc ? argv[0] : "show";

	if (!strcmp(verb, "add")) {
		ctl.cmd = "flow add";
		return flow_add(&a);
	}
	if (!strcmp(verb, "del")) {
		ctl.cmd = "flow del";
		return flow_del(&a);
	}
	if (!strcmp(verb, "show")) {
		ctl.cmd = "flow show";
		return flow_show(&a);
	}
	if (!strcmp(verb, "help")) {
		flow_usage(stdout);
		return 0;
	}
	usage_err("unknown verb \"%s\"", verb);
}
