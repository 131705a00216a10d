// SPDX-License-Identifier: GPL-2.0
/*
 * One generic netlink socket to the "lmisf" family (libnl-genl-3).
 *
 * Every request asks for an ACK and NETLINK_EXT_ACK is on, so a refusal
 * comes back with the kernel's message and the offset of the offending
 * attribute, which attrpath.c turns into a name. Dumps: the kernel flags a
 * dump that raced with a change of its table with NLM_F_DUMP_INTR; we read
 * it to the end, throw it away and start again (bounded), as wg does.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "attrpath.h"
#include "lmisfctl.h"
#include "nl.h"
#include "output.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* A large request: 64 targets with 255-byte identities fit easily. */
#define REQUEST_SIZE 65536
/* How often a dump is restarted before giving up. */
#define DUMP_TRIES 16

static struct nl_sock *sk;
static int family;

/* The failure of the last request, printed by lm_status(). */
static struct {
	char msg[512]; /* the kernel's extack message */
	char where[256]; /* "attribute task.xid" or "missing attribute ..." */
	char local[256]; /* a failure on our side (no errno from the kernel) */
} last;

struct req {
	struct nl_msg *msg;
	lm_parse_fn parse;
	void *arg;
	bool done; /* the ACK, error or NLMSG_DONE was read */
	bool intr; /* a part of the dump was flagged NLM_F_DUMP_INTR */
	bool bad; /* a reply was malformed */
	int err; /* negative errno from the kernel */
};

static void lm_open(void)
{
	int one = 1, r;

	if (sk)
		return;
	sk = nl_socket_alloc();
	if (!sk) {
		fprintf(stderr, "lmisfctl: out of memory\n");
		exit(EXIT_KERNEL);
	}
	r = genl_connect(sk);
	if (r < 0) {
		fprintf(stderr, "lmisfctl: %s: netlink: %s\n", ctl.cmd,
			nl_geterror(r));
		exit(EXIT_KERNEL);
	}
	/* Without it errors still work, only less precisely (pre-4.12). */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	/* Dump replies can exceed a page; peek at their size first. */
	nl_socket_enable_msg_peek(sk);
	family = genl_ctrl_resolve(sk, LMISF_GENL_NAME);
	if (family < 0) {
		if (family == -NLE_OBJ_NOTFOUND)
			fprintf(stderr,
				"lmisfctl: %s: generic netlink family \"%s\" not found (is lmisf.ko loaded?)\n",
				ctl.cmd, LMISF_GENL_NAME);
		else
			fprintf(stderr, "lmisfctl: %s: resolving \"%s\": %s\n",
				ctl.cmd, LMISF_GENL_NAME, nl_geterror(family));
		exit(EXIT_KERNEL);
	}
}

struct nl_msg *lm_request(uint8_t cmd)
{
	struct nl_msg *msg;

	lm_open();
	msg = nlmsg_alloc_size(REQUEST_SIZE);
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
				 NLM_F_ACK, cmd, LMISF_GENL_VERSION)) {
		fprintf(stderr, "lmisfctl: out of memory\n");
		exit(EXIT_KERNEL);
	}
	return msg;
}

static void too_big(void)
{
	usage_err("too many arguments for one request (%d bytes)",
		  REQUEST_SIZE);
}

void lm_put(struct nl_msg *msg, int type, size_t len, const void *data)
{
	if (nla_put(msg, type, (int)len, data) < 0)
		too_big();
}

void lm_put_u8(struct nl_msg *msg, int type, uint8_t v)
{
	lm_put(msg, type, sizeof(v), &v);
}

void lm_put_u32(struct nl_msg *msg, int type, uint32_t v)
{
	lm_put(msg, type, sizeof(v), &v);
}

void lm_put_u64(struct nl_msg *msg, int type, uint64_t v)
{
	lm_put(msg, type, sizeof(v), &v);
}

void lm_put_be16(struct nl_msg *msg, int type, uint16_t host)
{
	uint16_t v = htons(host);

	lm_put(msg, type, sizeof(v), &v);
}

void lm_put_flag(struct nl_msg *msg, int type)
{
	lm_put(msg, type, 0, NULL);
}

void lm_put_str(struct nl_msg *msg, int type, const char *s)
{
	lm_put(msg, type, strlen(s) + 1, s);
}

struct nlattr *lm_nest(struct nl_msg *msg, int type)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest)
		too_big();
	return nest;
}

void lm_nest_end(struct nl_msg *msg, struct nlattr *nest)
{
	nla_nest_end(msg, nest);
}

int lm_bad_reply(const char *what)
{
	if (!last.local[0])
		snprintf(last.local, sizeof(last.local),
			 "malformed reply from the kernel (%s)", what);
	return -1;
}

/* Reads the extended ACK TLVs that start tlv_off bytes into nlh. */
static void parse_extack(const struct req *r, const struct nlmsghdr *nlh,
			 size_t tlv_off)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const struct nlmsghdr *req = nlmsg_hdr(r->msg);
	char path[192];

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || tlv_off >= nlh->nlmsg_len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + tlv_off),
		      (int)(nlh->nlmsg_len - tlv_off), NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		attr_str(tb[NLMSGERR_ATTR_MSG], last.msg, sizeof(last.msg));
	if (tb[NLMSGERR_ATTR_OFFS] && nla_len(tb[NLMSGERR_ATTR_OFFS]) == 4) {
		attr_path(req, nla_get_u32(tb[NLMSGERR_ATTR_OFFS]), path,
			  sizeof(path));
		snprintf(last.where, sizeof(last.where), "attribute %s", path);
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE] &&
	    nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) == 4) {
		const struct nlattr *nest = tb[NLMSGERR_ATTR_MISS_NEST];

		attr_missing(req, nest && nla_len(nest) == 4,
			     nest && nla_len(nest) == 4 ? nla_get_u32(nest) : 0,
			     nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]), path,
			     sizeof(path));
		snprintf(last.where, sizeof(last.where), "missing attribute %s",
			 path);
	}
}

static int valid_cb(struct nl_msg *m, void *arg)
{
	struct nlattr *tb[LMISF_A_MAX + 1];
	struct req *r = arg;

	/* Keep reading after a bad reply: the dump must be drained. */
	if (r->bad)
		return NL_OK;
	if (genlmsg_parse(nlmsg_hdr(m), 0, tb, LMISF_A_MAX, NULL) < 0) {
		r->bad = true;
		lm_bad_reply("attributes");
		return NL_OK;
	}
	if (r->parse && r->parse(tb, r->arg) < 0)
		r->bad = true;
	return NL_OK;
}

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct req *r = arg;
	size_t off = sizeof(*e);

	(void)nla;
	/* The request is echoed before the TLVs unless the reply is capped. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	parse_extack(r, nlh, NLMSG_HDRLEN + NLMSG_ALIGN(off));
	r->err = e->error;
	r->done = true;
	return NL_STOP;
}

static void warn_extack(const struct req *r, const struct nlmsghdr *nlh,
			size_t tlv_off)
{
	parse_extack(r, nlh, tlv_off);
	/* A success can carry a warning (extack message with error 0). */
	if (last.msg[0])
		fprintf(stderr, "lmisfctl: %s: warning: %s\n", ctl.cmd,
			last.msg);
	last.msg[0] = '\0';
	last.where[0] = '\0';
}

static int ack_cb(struct nl_msg *m, void *arg)
{
	struct req *r = arg;

	warn_extack(r, nlmsg_hdr(m),
		    NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nlmsgerr)));
	r->done = true;
	return NL_STOP;
}

static int finish_cb(struct nl_msg *m, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct req *r = arg;
	int err = 0;

	/* NLMSG_DONE carries the dump's status: a dump can fail midway. */
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
	if (err < 0) {
		parse_extack(r, nlh, NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int)));
		r->err = err;
	}
	r->done = true;
	return NL_STOP;
}

static int intr_cb(struct nl_msg *m, void *arg)
{
	struct req *r = arg;

	(void)m;
	r->intr = true;
	return NL_OK;
}

static int run(struct req *r)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret;

	memset(&last, 0, sizeof(last));
	if (!cb) {
		snprintf(last.local, sizeof(last.local), "out of memory");
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, r);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, intr_cb, r);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, r);

	ret = nl_send_auto(sk, r->msg);
	if (ret < 0) {
		snprintf(last.local, sizeof(last.local), "netlink send: %s",
			 nl_geterror(ret));
		nl_cb_put(cb);
		return -EIO;
	}
	while (!r->done) {
		ret = nl_recvmsgs(sk, cb);
		if (ret < 0 && !r->done) {
			snprintf(last.local, sizeof(last.local),
				 "netlink receive: %s", nl_geterror(ret));
			nl_cb_put(cb);
			return -EIO;
		}
	}
	nl_cb_put(cb);
	if (r->err)
		return r->err;
	if (r->bad)
		return -EBADMSG;
	return 0;
}

int lm_do(struct nl_msg *msg, lm_parse_fn parse, void *arg)
{
	struct req r = { .msg = msg, .parse = parse, .arg = arg };
	int ret;

	ret = run(&r);
	nlmsg_free(msg);
	return ret;
}

int lm_dump(uint8_t cmd, lm_build_fn build, void *barg, lm_parse_fn parse,
	    void *parg)
{
	struct out_mark mark;
	int i, ret;

	out_mark(&mark);
	for (i = 0; i < DUMP_TRIES; i++) {
		struct req r = { .parse = parse, .arg = parg };

		r.msg = lm_request(cmd);
		nlmsg_hdr(r.msg)->nlmsg_flags |= NLM_F_DUMP;
		if (build)
			build(r.msg, barg);
		out_rewind(&mark);
		ret = run(&r);
		nlmsg_free(r.msg);
		if (ret || !r.intr)
			return ret;
	}
	snprintf(last.local, sizeof(last.local),
		 "dump interrupted by concurrent changes %d times, giving up",
		 DUMP_TRIES);
	return -EINTR;
}

int lm_status(int err)
{
	if (!err)
		return 0;
	if (last.local[0]) {
		fprintf(stderr, "lmisfctl: %s: %s\n", ctl.cmd, last.local);
		return EXIT_KERNEL;
	}
	fprintf(stderr, "lmisfctl: %s: %s", ctl.cmd, strerror(-err));
	if (last.msg[0])
		fprintf(stderr, ": %s", last.msg);
	if (last.where[0])
		fprintf(stderr, " (%s)", last.where);
	fputc('\n', stderr);
	return EXIT_KERNEL;
}

bool attr_uint(const struct nlattr *a, uint64_t *v)
{
	switch (a ? nla_len(a) : 0) {
	case 1:
		*v = nla_get_u8(a);
		return true;
	case 2:
		*v = nla_get_u16(a);
		return true;
	case 4:
		*v = nla_get_u32(a);
		return true;
	case 8:
		*v = nla_get_u64(a);
		return true;
	}
	return false;
}

bool attr_u32(const struct nlattr *a, uint32_t *v)
{
	if (!a || nla_len(a) != 4)
		return false;
	*v = nla_get_u32(a);
	return true;
}

bool attr_u8(const struct nlattr *a, uint8_t *v)
{
	if (!a || nla_len(a) != 1)
		return false;
	*v = nla_get_u8(a);
	return true;
}

bool attr_be16(const struct nlattr *a, uint16_t *host)
{
	if (!a || nla_len(a) != 2)
		return false;
	*host = ntohs(nla_get_u16(a));
	return true;
}

bool attr_bytes(const struct nlattr *a, void *buf, size_t len)
{
	if (!a || (size_t)nla_len(a) != len)
		return false;
	memcpy(buf, nla_data(a), len);
	return true;
}

bool attr_str(const struct nlattr *a, char *buf, size_t len)
{
	const char *s;
	size_t n;

	if (!a || nla_len(a) < 1)
		return false;
	s = nla_data(a);
	n = strnlen(s, (size_t)nla_len(a));
	if (n == (size_t)nla_len(a) || n >= len)
		return false;
	memcpy(buf, s, n + 1);
	return true;
}

bool attr_nest(struct nlattr **tb, int max, const struct nlattr *a)
{
	if (!a)
		return false;
	return nla_parse_nested(tb, max, (struct nlattr *)a, NULL) == 0;
}
