/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the lmisf C selftests: building task/flow requests,
 * reading stats, fresh network namespaces, ovpn_cmd_fail-style asserts.
 */
#ifndef LMISF_UTIL_H
#define LMISF_UTIL_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "lmisf_nl.h"

#define KSFT_SKIP 4

/* A deterministic XID: a fixed UUID prefix with n in the last bytes. */
void xid_of(uint8_t xid[LMISF_XID_LEN], uint32_t tag, uint32_t n);

struct nlattr *put_task(struct lmsg *m, const uint8_t *xid, uint32_t delivery);
struct nlattr *put_target_ipv4(struct lmsg *m, const char *addr);
struct nlattr *put_target_ipv6(struct lmsg *m, const char *addr);
struct nlattr *put_target_cidr(struct lmsg *m, const char *addr, uint8_t plen);
struct nlattr *put_target_teid(struct lmsg *m, uint32_t teid,
			       const char *endpoint);
struct nlattr *put_target_value(struct lmsg *m, uint32_t type,
				const char *value);
uint32_t ip4(const char *addr); /* network order */
void ip6(const char *addr, uint8_t out[16]);

/* TASK_NEW with one IPv4 target; *id gets the reply's task ID if set. */
int task_add_ipv4(struct lnl *nl, const uint8_t *xid, const char *addr,
		  uint32_t *id, struct lnl_err *e);
int task_del(struct lnl *nl, const uint8_t *xid, struct lnl_err *e);
int task_get(struct lnl *nl, const uint8_t *xid, lnl_cb cb, void *arg,
	     struct lnl_err *e);
int task_count(struct lnl *nl, unsigned int *n);
int flow_add4(struct lnl *nl, const uint8_t *xid, uint64_t corr, uint8_t proto,
	      const char *src, uint16_t sport, const char *dst, uint16_t dport,
	      uint32_t *id, struct lnl_err *e);
int simple_cmd(struct lnl *nl, uint8_t cmd, struct lnl_err *e);
int stats_get(struct lnl *nl, uint64_t st[LMISF_STATS_A_MAX + 1]);
int sink_bind(struct lnl *nl, struct lnl_err *e);

struct task_info {
	uint32_t id;
	uint8_t xid[LMISF_XID_LEN];
	uint32_t delivery;
	int has_corr;
	uint64_t corr;
	int ntargets;
	uint32_t target_type[LMISF_MAX_TARGETS + 1];
	int ndids;
	uint64_t created, modified, last_intercept;
	uint32_t modifications, flows;
	uint64_t copies, copy_bytes, copy_drops;
	uint64_t x2_pdus, x2_bytes, x3_pdus, x3_bytes;
};

/* Parses a task GET reply or TASK_NTF; returns 0 if it had a task. */
int parse_task(const struct nlmsghdr *nlh, struct task_info *t);
/* lnl_cb: parse_task into the struct task_info at arg. */
int task_info_cb(const struct nlmsghdr *nlh, void *arg);

#define COPY_MAX_MATCH 8

struct copy_info {
	uint64_t seq, tstamp, corr[COPY_MAX_MATCH];
	uint32_t kind, hook, ifindex_in, ifindex_out, orig_len;
	uint32_t teid, inner_offset, flow_id[COPY_MAX_MATCH];
	uint32_t match_kind[COPY_MAX_MATCH];
	uint8_t xid[COPY_MAX_MATCH][LMISF_XID_LEN];
	int has_hdr, has_teid, has_inner, has_packet, nmatch;
	const uint8_t *packet; /* into the receive buffer */
	size_t packet_len;
};

/* Parses one LMISF_CMD_COPY message; returns 0 if it was one. */
int parse_copy(const struct nlmsghdr *nlh, struct copy_info *c);
uint8_t genl_cmd(const struct nlmsghdr *nlh);

/*
 * Reads what the kernel sends a sink: calls cb for every message (copies
 * and notifications) until cb returns non-zero or nothing arrives for
 * idle_ms. Returns the number of ENOBUFS overruns seen, or -errno.
 */
int sink_read(struct lnl *nl, int idle_ms, lnl_cb cb, void *arg);

/*
 * Reads the sink until a copy comes (of the task xid, as its first match,
 * when xid is not NULL) or nothing arrives for idle_ms: 1 if one came, 0
 * if not, or -errno.
 */
int sink_wait_copy(struct lnl *sink, int idle_ms, const uint8_t *xid);
/* COPIES == DELIVERED + every DROP_*: no copy of the netns is pending. */
int copies_add_up(const uint64_t *st);
/*
 * Polls the stats (into st) until the copies add up, for at most
 * timeout_ms: a closed sink's pending copies are counted by a work item.
 * 0, -ETIMEDOUT, or the error of STATS_GET.
 */
int wait_copies_add_up(struct lnl *ctl, uint64_t *st, int timeout_ms);

/* Moves the calling process into a new network namespace with lo up. */
int new_netns(void);
/* UDP datagram of len bytes from src to dst:dport (both IPv4 strings). */
int send_udp4(const char *dst, uint16_t dport, size_t len);

/* Is the reported offending attribute (offset) inside [attr, attr+len)? */
static inline int off_in(const struct lnl_err *e, const struct lmsg *m,
			 const struct nlattr *a)
{
	long off = (long)lmsg_off(m, a);

	return e->bad_off >= off && e->bad_off < off + (long)a->nla_len;
}

/*
 * The kernel refused with errno _errno and an extended ACK that names the
 * problem: a message containing one of the '|'-separated keywords, or the
 * offending attribute (offset inside _attr, or missing type _miss).
 */
int extack_names(const struct lnl_err *e, const struct lmsg *m,
		 const struct nlattr *attr, int miss, const char *words);

/* What a looping test is at, for the failure logs of ASSERT_NL_FAIL. */
extern char lmisf_ctx[128];

/*
 * Bad input: EINVAL, or ERANGE where the kernel's policy layer rejects a
 * value or length out of range (it chooses that errno, not the module).
 */
#define EBADINPUT (-1)
static inline int errno_is(int want, int ret)
{
	if (want == EBADINPUT)
		return ret == -EINVAL || ret == -ERANGE;
	return ret == -want;
}

#define ASSERT_NL_FAIL(_ret, _e, _errno, _m, _attr, _miss, _words)             \
	do {                                                                   \
		int __r = (_ret);                                              \
		ASSERT_TRUE(errno_is((_errno), __r))                           \
		TH_LOG("%s: expected %s, got %s (extack '%s')", lmisf_ctx,     \
		       (_errno) == EBADINPUT ? "EINVAL/ERANGE" :               \
					       strerror(_errno),               \
		       strerror(-__r), (_e).msg);                              \
		ASSERT_NE(0, (_e).msg[0] || (_e).miss_type >= 0)               \
		TH_LOG("%s: no extended ACK message", lmisf_ctx);              \
		ASSERT_TRUE(                                                   \
			extack_names(&(_e), (_m), (_attr), (_miss), (_words))) \
		TH_LOG("%s: extack '%s' off %d miss %d does not name %s",      \
		       lmisf_ctx, (_e).msg, (_e).bad_off, (_e).miss_type,      \
		       (_words) ? (_words) : "the attribute");                 \
	} while (0)

#endif /* LMISF_UTIL_H */
