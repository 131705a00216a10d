// SPDX-License-Identifier: GPL-2.0
/*
 * Raw generic netlink for the lmisf selftests (see lmisf_nl.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lmisf_nl.h"

#ifndef NLMSGERR_ATTR_MISS_TYPE
#define NLMSGERR_ATTR_MISS_TYPE 5
#endif

static char rxbuf[1 << 20];

int lnl_open(struct lnl *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t salen = sizeof(sa);
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0)
		return -errno;
	/* Extended ACKs, and ACKs without the request echoed back. */
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one,
		   sizeof(one));
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(nl->fd, (struct sockaddr *)&sa, &salen)) {
		int err = -errno;

		close(nl->fd);
		nl->fd = -1;
		return err;
	}
	nl->portid = sa.nl_pid;
	nl->seq = (uint32_t)getpid() << 8;
	return lnl_resolve(nl, LMISF_GENL_NAME);
}

void lnl_close(struct lnl *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
}

static int family_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];

	lnl_parse_msg(tb, CTRL_ATTR_MAX, nlh);
	if (tb[CTRL_ATTR_FAMILY_ID])
		*(uint16_t *)arg = lnl_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

int lnl_resolve(struct lnl *nl, const char *name)
{
	struct lnl_err e;
	struct lmsg m;
	uint16_t id = 0;
	int ret;

	lmsg_init(&m, nl, CTRL_CMD_GETFAMILY, 0);
	m.nlh.nlmsg_type = GENL_ID_CTRL;
	lmsg_put_str(&m, CTRL_ATTR_FAMILY_NAME, name);
	ret = lnl_talk(nl, &m, family_cb, &id, &e);
	if (ret)
		return ret;
	if (!id)
		return -ENOENT;
	nl->family = id;
	return 0;
}

int lmisf_unload(void)
{
	int i, ret = -1;

	/* a closing socket or dying namespace may hold it a moment */
	for (i = 0; i < 200; i++) {
		ret = syscall(SYS_delete_module, "lmisf", O_NONBLOCK);
		if (!ret || (errno != EWOULDBLOCK && errno != EBUSY))
			break;
		usleep(50000);
	}
	if (ret && errno == ENOENT)
		return 0;
	return ret ? -errno : 0;
}

static pid_t loaded_by;

/*
 * A program that loaded the module unloads it, so the next one starts as
 * this one did. Only the loading process: test children exit too.
 */
static void restore_unloaded(void)
{
	int ret;

	if (getpid() != loaded_by)
		return;
	ret = lmisf_unload();
	if (ret)
		printf("# rmmod lmisf (loaded by this program): %s\n",
		       strerror(-ret));
}

/*
 * Is the family there? If not and LMISF_KO names the module, load it (the
 * VM lane exports it) and unload it at exit; otherwise the caller skips.
 * why says what happened.
 */
int lmisf_family_ready(char *why, size_t len)
{
	const char *ko = getenv("LMISF_KO");
	char cmd[512];
	struct lnl nl;
	int ret, fd;

	ret = lnl_open(&nl);
	lnl_close(&nl);
	if (ret != -ENOENT) {
		snprintf(why, len, "family lookup: %s", strerror(-ret));
		return ret;
	}
	if (!ko || !*ko || !strcmp(ko, "-")) {
		snprintf(why, len, "no lmisf family and LMISF_KO not set");
		return -ENOENT;
	}
	/* Its dependencies first, as modprobe would (no depmod for it). */
	snprintf(cmd, sizeof(cmd),
		 "modinfo -F depends '%s' 2>/dev/null | tr , ' ' | "
		 "xargs -r modprobe -a 2>/dev/null",
		 ko);
	ret = system(cmd); /* finit_module below says what is missing */
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, len, "open %s: %s", ko, strerror(errno));
		return -errno;
	}
	ret = syscall(SYS_finit_module, fd, "", 0);
	if (!ret && !loaded_by) {
		loaded_by = getpid();
		atexit(restore_unloaded);
	}
	/* EEXIST: someone else loaded it meanwhile; theirs to unload */
	ret = ret && errno != EEXIST ? -errno : 0;
	close(fd);
	if (ret) {
		snprintf(why, len, "insmod %s: %s", ko, strerror(-ret));
		return ret;
	}
	ret = lnl_open(&nl);
	lnl_close(&nl);
	snprintf(why, len, "after insmod %s: %s", ko, strerror(-ret));
	return ret;
}

void lmsg_init(struct lmsg *m, const struct lnl *nl, uint8_t cmd,
	       uint16_t flags)
{
	struct genlmsghdr *g;

	memset(&m->nlh, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->nlh.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->nlh.nlmsg_type = nl->family;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	g = (struct genlmsghdr *)((char *)&m->nlh + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = LMISF_GENL_VERSION;
}

void *lmsg_put(struct lmsg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->nlh.nlmsg_len);

	if (m->nlh.nlmsg_len + NLA_HDRLEN + NLA_ALIGN(len) > sizeof(m->buf))
		abort(); /* a test bug, not a kernel one */
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	memset((char *)a + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	m->nlh.nlmsg_len += NLA_ALIGN(a->nla_len);
	return a;
}

void lmsg_put_u8(struct lmsg *m, uint16_t type, uint8_t v)
{
	lmsg_put(m, type, &v, sizeof(v));
}

void lmsg_put_u16(struct lmsg *m, uint16_t type, uint16_t v)
{
	lmsg_put(m, type, &v, sizeof(v));
}

void lmsg_put_u32(struct lmsg *m, uint16_t type, uint32_t v)
{
	lmsg_put(m, type, &v, sizeof(v));
}

void lmsg_put_u64(struct lmsg *m, uint16_t type, uint64_t v)
{
	lmsg_put(m, type, &v, sizeof(v));
}

void lmsg_put_str(struct lmsg *m, uint16_t type, const char *s)
{
	lmsg_put(m, type, s, strlen(s) + 1);
}

void lmsg_put_flag(struct lmsg *m, uint16_t type)
{
	lmsg_put(m, type, NULL, 0);
}

struct nlattr *lmsg_nest(struct lmsg *m, uint16_t type)
{
	return lmsg_put(m, type | NLA_F_NESTED, NULL, 0);
}

void lmsg_nest_end(struct lmsg *m, struct nlattr *nest)
{
	nest->nla_len = m->buf + m->nlh.nlmsg_len - (char *)nest;
}

size_t lmsg_off(const struct lmsg *m, const void *attr)
{
	return (const char *)attr - m->buf;
}

int lnl_send(struct lnl *nl, struct lmsg *m)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;

	m->nlh.nlmsg_seq = ++nl->seq;
	m->nlh.nlmsg_pid = 0;
	n = sendto(nl->fd, m->buf, m->nlh.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa));
	if (n < 0)
		return -errno;
	return n == m->nlh.nlmsg_len ? 0 : -EIO;
}

static void parse_ack(const struct nlmsghdr *nlh, struct lnl_err *e)
{
	const struct nlmsgerr *err = NLMSG_DATA(nlh);
	size_t hlen = sizeof(*err), len;
	const struct nlattr *a;
	const char *tlvs;

	e->err = err->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		hlen += err->msg.nlmsg_len - sizeof(err->msg);
	if (NLMSG_HDRLEN + hlen > nlh->nlmsg_len)
		return;
	tlvs = (const char *)err + hlen;
	len = nlh->nlmsg_len - NLMSG_HDRLEN - hlen;
	lnl_for_each(a, tlvs, len)
	{
		switch (lnl_type(a)) {
		case NLMSGERR_ATTR_MSG:
			snprintf(e->msg, sizeof(e->msg), "%.*s",
				 (int)lnl_len(a), (const char *)lnl_data(a));
			break;
		case NLMSGERR_ATTR_OFFS:
			e->bad_off = lnl_u32(a);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			e->miss_type = lnl_u32(a);
			break;
		}
	}
}

/*
 * Reads replies to seq until the ACK, the error or NLMSG_DONE. Returns
 * 0 or the negative errno of the request (also in e->err).
 */
int lnl_recv(struct lnl *nl, uint32_t seq, lnl_cb cb, void *arg,
	     struct lnl_err *e)
{
	struct lnl_err dummy;
	bool stop = false;

	if (!e)
		e = &dummy;
	memset(e, 0, sizeof(*e));
	e->bad_off = -1;
	e->miss_type = -1;
	for (;;) {
		const struct nlmsghdr *nlh;
		ssize_t n;

		n = recv(nl->fd, rxbuf, sizeof(rxbuf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			e->err = -errno;
			return e->err;
		}
		for (nlh = (void *)rxbuf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue; /* e.g. a notification to a sink */
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				e->intr = true;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				parse_ack(nlh, e);
				return e->err;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				/* A dump's error (if any) follows DONE's int. */
				if (nlh->nlmsg_len >=
				    NLMSG_HDRLEN + sizeof(int))
					e->err = *(const int *)NLMSG_DATA(nlh);
				return e->err;
			}
			e->msgs++;
			if (cb && !stop && cb(nlh, arg))
				stop = true;
		}
	}
}

int lnl_talk(struct lnl *nl, struct lmsg *m, lnl_cb cb, void *arg,
	     struct lnl_err *e)
{
	int ret = lnl_send(nl, m);

	if (ret) {
		if (e) {
			memset(e, 0, sizeof(*e));
			e->err = ret;
			e->bad_off = e->miss_type = -1;
		}
		return ret;
	}
	return lnl_recv(nl, m->nlh.nlmsg_seq, cb, arg, e);
}

const void *lnl_payload(const struct nlmsghdr *nlh, size_t *len)
{
	*len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	return (const char *)nlh + NLMSG_HDRLEN + GENL_HDRLEN;
}

void lnl_parse(const struct nlattr **tb, int max, const void *data, size_t len)
{
	const struct nlattr *a;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	lnl_for_each(a, data, len) if (lnl_type(a) <= max) tb[lnl_type(a)] = a;
}

void lnl_parse_msg(const struct nlattr **tb, int max,
		   const struct nlmsghdr *nlh)
{
	size_t len;
	const void *p = lnl_payload(nlh, &len);

	lnl_parse(tb, max, p, len);
}

void lnl_parse_nest(const struct nlattr **tb, int max,
		    const struct nlattr *nest)
{
	lnl_parse(tb, max, lnl_data(nest), lnl_len(nest));
}

uint8_t lnl_u8(const struct nlattr *a)
{
	return *(const uint8_t *)lnl_data(a);
}

uint16_t lnl_u16(const struct nlattr *a)
{
	uint16_t v;

	memcpy(&v, lnl_data(a), sizeof(v));
	return v;
}

uint32_t lnl_u32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, lnl_data(a), sizeof(v));
	return v;
}

uint64_t lnl_u64(const struct nlattr *a)
{
	uint64_t v = 0;

	memcpy(&v, lnl_data(a), lnl_len(a) < 8 ? lnl_len(a) : 8);
	return v;
}
