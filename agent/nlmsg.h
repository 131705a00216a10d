/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's netlink vocabulary for the "lmisf" family, over libmnl:
 * resolving the family, requests with extended ACKs, dumps restarted when
 * flagged NLM_F_DUMP_INTR, and checked parsers for the trees of
 * uapi/linux/lmisf.h (task, flow, copy, stats). Parsers never trust the
 * kernel's lengths: a malformed message is refused with a reason, never
 * read past.
 */
#ifndef LMISF_NLMSG_H
#define LMISF_NLMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/lmisf.h>

#include "pipeline.h"
#include "tasks.h"

/* One netlink socket to the family. */
struct nlconn {
	struct mnl_socket *nl;
	uint16_t family;
	uint32_t portid;
	uint32_t seq;
	char *buf; /* receive buffer */
	size_t bufsize;
	char errmsg[256]; /* extack message of the last failed request */
};

/* Opens, binds, resolves "lmisf", sets NETLINK_EXT_ACK. 0 or -errno
 * (-ENOENT: the family is not registered: module not loaded). */
int nlconn_open(struct nlconn *c, size_t bufsize);
void nlconn_close(struct nlconn *c);
/* A request header for @cmd in @buf (MNL_SOCKET_BUFFER_SIZE bytes). */
struct nlmsghdr *nlconn_msg(struct nlconn *c, void *buf, uint8_t cmd,
			    uint16_t flags);

/* Called per reply message with the top-level attributes. */
typedef int (*nl_reply_fn)(const struct nlattr **tb, void *arg);
/*
 * nlconn_request - send @nlh and read until its ACK (or the end of a dump)
 * Return: 0, -errno from the kernel (c->errmsg has its extack message),
 * -EINTR for a dump flagged NLM_F_DUMP_INTR (read to its end), or the
 * callback's negative return.
 */
int nlconn_request(struct nlconn *c, struct nlmsghdr *nlh, nl_reply_fn fn,
		   void *arg);
/* A dump retried while interrupted (up to 16 times). */
int nlconn_dump(struct nlconn *c, uint8_t cmd, nl_reply_fn fn, void *arg);

/*
 * Walks the messages of a datagram. libmnl's mnl_nlmsg_ok() compares
 * nlmsg_len as an int, so a length over INT_MAX passes it; this does not.
 * libmnl's attribute walkers end at the padded length, NLMSG_ALIGN
 * (nlmsg_len), so that must be inside the datagram too (the kernel's
 * messages are padded; an unpadded last one made them read past it).
 */
static inline bool nl_msg_ok(const struct nlmsghdr *nlh, size_t len)
{
	return len >= sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) &&
	       nlh->nlmsg_len <= len && NLMSG_ALIGN(nlh->nlmsg_len) <= len;
}

static inline const struct nlmsghdr *nl_msg_next(const struct nlmsghdr *nlh,
						 size_t *len)
{
	size_t n = NLMSG_ALIGN(nlh->nlmsg_len);

	n = n < *len ? n : *len;
	*len -= n;
	return (const struct nlmsghdr *)((const char *)nlh + n);
}

/* Top-level attributes of a genl message of the family; false if bad. */
bool nl_parse_top(const struct nlmsghdr *nlh, const struct nlattr **tb);
/* Extack message of an NLMSG_ERROR, or NULL. */
const char *nl_extack_msg(const struct nlmsghdr *nlh);

/* LMISF_A_TASK -> struct task (task_clear() it). 0 or -EINVAL. */
int nl_parse_task(const struct nlattr *nest, struct task *t);
/* Only the XID of LMISF_A_TASK (deletions). */
int nl_parse_task_xid(const struct nlattr *nest, uint8_t xid[LMISF_XID_LEN]);

struct nl_flow {
	uint32_t id;
	struct pl_flow f;
	uint64_t packets, bytes;
};
int nl_parse_flow(const struct nlattr *nest, struct nl_flow *f);

/* One LMISF_A_COPY, pointers into the message. */
struct nl_copy {
	uint64_t seq, tstamp;
	uint32_t kind, hook, ifindex_in, ifindex_out, orig_len;
	bool gtpu; /* decapsulated: teid and inner_offset are set */
	uint32_t teid, inner_offset;
	const uint8_t *packet;
	size_t len;
	unsigned int n_matches; /* kept; more are counted in dropped */
	unsigned int matches_dropped;
	struct pl_match matches[PL_MAX_MATCHES];
};
/* 0, or -EINVAL with a static reason in *why. */
int nl_parse_copy(const struct nlattr *nest, struct nl_copy *c,
		  const char **why);

/* LMISF_A_STATS -> vals[LMISF_STATS_A_*]; present bits set. */
int nl_parse_stats(const struct nlattr *nest,
		   uint64_t vals[LMISF_STATS_A_MAX + 1],
		   bool present[LMISF_STATS_A_MAX + 1]);
/* "packets", "copies", ... (LMISF_STATS_A_ names in lower case). */
const char *nl_stats_name(unsigned int attr);

/* Builders (into a request built by nlconn_msg()). */
void nl_put_task_xid(struct nlmsghdr *nlh, const uint8_t xid[LMISF_XID_LEN]);
void nl_put_flow(struct nlmsghdr *nlh, const struct pl_flow *f);

#endif /* LMISF_NLMSG_H */
