/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink side of lmisfctl: one socket to the "lmisf" family,
 * requests with extended ACKs, dumps restarted when interrupted, and the
 * checked attribute getters for replies.
 */
#ifndef LMISFCTL_NL_H
#define LMISFCTL_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/lmisf.h>

/* A request for cmd of the family, to fill with nla_put*(). Exits 1 if
 * the family cannot be reached. */
struct nl_msg *lm_request(uint8_t cmd);

/* Attribute putters; a request that outgrows its buffer is a usage error. */
void lm_put(struct nl_msg *msg, int type, size_t len, const void *data);
void lm_put_u8(struct nl_msg *msg, int type, uint8_t v);
void lm_put_u32(struct nl_msg *msg, int type, uint32_t v);
void lm_put_u64(struct nl_msg *msg, int type, uint64_t v);
void lm_put_be16(struct nl_msg *msg, int type, uint16_t host);
void lm_put_flag(struct nl_msg *msg, int type);
void lm_put_str(struct nl_msg *msg, int type, const char *s);
struct nlattr *lm_nest(struct nl_msg *msg, int type);
void lm_nest_end(struct nl_msg *msg, struct nlattr *nest);

/*
 * Called for each reply message with its top-level attributes (indexed by
 * enum lmisf_attr). Returns 0, or -1 if the reply is malformed (the
 * callback has named the problem with lm_bad_reply()).
 */
typedef int (*lm_parse_fn)(struct nlattr **tb, void *arg);

/*
 * Sends msg (consumed) and waits for the acknowledgement, passing replies
 * to parse (may be NULL). Returns 0 or a negative errno; the details of a
 * failure (strerror, the kernel's extack message, the attribute it names)
 * are kept for lm_status().
 */
int lm_do(struct nl_msg *msg, lm_parse_fn parse, void *arg);

/*
 * A dump: build fills the request (NULL: no attributes); parse gets each
 * object. A dump flagged NLM_F_DUMP_INTR (the table changed meanwhile) is
 * discarded, output included, and restarted a bounded number of times.
 */
typedef int (*lm_build_fn)(struct nl_msg *msg, void *arg);
int lm_dump(uint8_t cmd, lm_build_fn build, void *barg, lm_parse_fn parse,
	    void *parg);

/* 0 for 0; otherwise prints the failure of the last request and returns
 * EXIT_KERNEL. */
int lm_status(int err);

/* Records that a reply is malformed ("task.xid missing"); returns -1. */
int lm_bad_reply(const char *what);

/* Checked getters: false if a is NULL or of the wrong length. */
bool attr_uint(const struct nlattr *a, uint64_t *v); /* 1..8 bytes */
bool attr_u32(const struct nlattr *a, uint32_t *v);
bool attr_u8(const struct nlattr *a, uint8_t *v);
bool attr_be16(const struct nlattr *a, uint16_t *host);
bool attr_bytes(const struct nlattr *a, void *buf, size_t len);
/* A NUL-terminated string that fits in buf. */
bool attr_str(const struct nlattr *a, char *buf, size_t len);
/* Parses nest a into tb[0..max]; false if a is NULL or malformed. */
bool attr_nest(struct nlattr **tb, int max, const struct nlattr *a);

#endif /* LMISFCTL_NL_H */
