/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw generic netlink for the lmisf selftests: message building, request
 * and dump with extended ACK, attribute parsing. Dependency-free on
 * purpose (no libmnl/libnl), so the tests run on any guest.
 */
#ifndef LMISF_NL_H
#define LMISF_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/lmisf.h>

#define LMSG_MAX 65536

struct lnl {
	int fd;
	uint16_t family;
	uint32_t portid;
	uint32_t seq;
};

/* What the kernel said about a failed request (extended ACK). */
struct lnl_err {
	int err; /* negative errno, 0 on success */
	char msg[256]; /* NLMSGERR_ATTR_MSG, "" if none */
	int32_t bad_off; /* NLMSGERR_ATTR_OFFS into our message, -1 */
	int32_t miss_type; /* NLMSGERR_ATTR_MISS_TYPE, -1 */
	bool intr; /* a dump part carried NLM_F_DUMP_INTR */
	unsigned int msgs; /* data messages seen */
};

struct lmsg {
	union {
		struct nlmsghdr nlh;
		char buf[LMSG_MAX];
	};
};

/* Called per data message of a reply; a non-zero return stops. */
typedef int (*lnl_cb)(const struct nlmsghdr *nlh, void *arg);

int lnl_open(struct lnl *nl);
void lnl_close(struct lnl *nl);
int lnl_resolve(struct lnl *nl, const char *name);
int lmisf_family_ready(char *why, size_t len);
/* rmmod lmisf, retried while busy; 0 when it is not loaded (any more). */
int lmisf_unload(void);

void lmsg_init(struct lmsg *m, const struct lnl *nl, uint8_t cmd,
	       uint16_t flags);
void *lmsg_put(struct lmsg *m, uint16_t type, const void *data, size_t len);
void lmsg_put_u8(struct lmsg *m, uint16_t type, uint8_t v);
void lmsg_put_u16(struct lmsg *m, uint16_t type, uint16_t v);
void lmsg_put_u32(struct lmsg *m, uint16_t type, uint32_t v);
void lmsg_put_u64(struct lmsg *m, uint16_t type, uint64_t v);
void lmsg_put_str(struct lmsg *m, uint16_t type, const char *s);
void lmsg_put_flag(struct lmsg *m, uint16_t type);
struct nlattr *lmsg_nest(struct lmsg *m, uint16_t type);
void lmsg_nest_end(struct lmsg *m, struct nlattr *nest);
size_t lmsg_off(const struct lmsg *m, const void *attr);

int lnl_send(struct lnl *nl, struct lmsg *m);
int lnl_recv(struct lnl *nl, uint32_t seq, lnl_cb cb, void *arg,
	     struct lnl_err *e);
int lnl_talk(struct lnl *nl, struct lmsg *m, lnl_cb cb, void *arg,
	     struct lnl_err *e);

/* Attributes. */
#define lnl_for_each(a, data, len)                                           \
	for (a = (const struct nlattr *)(data);                              \
	     (const char *)a + NLA_HDRLEN <= (const char *)(data) + (len) && \
	     a->nla_len >= NLA_HDRLEN &&                                     \
	     (const char *)a + a->nla_len <= (const char *)(data) + (len);   \
	     a = (const struct nlattr *)((const char *)a +                   \
					 NLA_ALIGN(a->nla_len)))
#define lnl_type(a) ((a)->nla_type & NLA_TYPE_MASK)
#define lnl_data(a) ((const void *)((const char *)(a) + NLA_HDRLEN))
#define lnl_len(a) ((size_t)(a)->nla_len - NLA_HDRLEN)

const void *lnl_payload(const struct nlmsghdr *nlh, size_t *len);
void lnl_parse(const struct nlattr **tb, int max, const void *data, size_t len);
void lnl_parse_msg(const struct nlattr **tb, int max,
		   const struct nlmsghdr *nlh);
void lnl_parse_nest(const struct nlattr **tb, int max,
		    const struct nlattr *nest);
uint8_t lnl_u8(const struct nlattr *a);
uint16_t lnl_u16(const struct nlattr *a);
uint32_t lnl_u32(const struct nlattr *a);
uint64_t lnl_u64(const struct nlattr *a);

#endif /* LMISF_NL_H */
