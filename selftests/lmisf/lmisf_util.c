// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers of the lmisf C selftests (see lmisf_util.h).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lmisf_util.h"

char lmisf_ctx[128] = "";

void xid_of(uint8_t xid[LMISF_XID_LEN], uint32_t tag, uint32_t n)
{
	static const uint8_t base[LMISF_XID_LEN] = {
		0x2b, 0x5e, 0x3f, 0x4c, 0x8a, 0x1d, 0x4f, 0x7e,
		0x9c, 0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};

	memcpy(xid, base, LMISF_XID_LEN);
	xid[10] = tag >> 8;
	xid[11] = tag;
	xid[12] = n >> 24;
	xid[13] = n >> 16;
	xid[14] = n >> 8;
	xid[15] = n;
}

uint32_t ip4(const char *addr)
{
	struct in_addr a;

	if (inet_pton(AF_INET, addr, &a) != 1)
		abort();
	return a.s_addr;
}

void ip6(const char *addr, uint8_t out[16])
{
	if (inet_pton(AF_INET6, addr, out) != 1)
		abort();
}

struct nlattr *put_task(struct lmsg *m, const uint8_t *xid, uint32_t delivery)
{
	struct nlattr *nest = lmsg_nest(m, LMISF_A_TASK);

	if (xid)
		lmsg_put(m, LMISF_TASK_A_XID, xid, LMISF_XID_LEN);
	if (delivery)
		lmsg_put_u32(m, LMISF_TASK_A_DELIVERY, delivery);
	return nest;
}

struct nlattr *put_target_ipv4(struct lmsg *m, const char *addr)
{
	struct nlattr *t = lmsg_nest(m, LMISF_TASK_A_TARGET);

	lmsg_put_u32(m, LMISF_TARGET_A_TYPE, LMISF_TARGET_IPV4);
	lmsg_put_u32(m, LMISF_TARGET_A_IPV4, ip4(addr));
	lmsg_nest_end(m, t);
	return t;
}

struct nlattr *put_target_ipv6(struct lmsg *m, const char *addr)
{
	struct nlattr *t = lmsg_nest(m, LMISF_TASK_A_TARGET);
	uint8_t a[16];

	ip6(addr, a);
	lmsg_put_u32(m, LMISF_TARGET_A_TYPE, LMISF_TARGET_IPV6);
	lmsg_put(m, LMISF_TARGET_A_IPV6, a, 16);
	lmsg_nest_end(m, t);
	return t;
}

struct nlattr *put_target_cidr(struct lmsg *m, const char *addr, uint8_t plen)
{
	struct nlattr *t = lmsg_nest(m, LMISF_TASK_A_TARGET);
	uint8_t a[16];

	if (strchr(addr, ':')) {
		ip6(addr, a);
		lmsg_put_u32(m, LMISF_TARGET_A_TYPE, LMISF_TARGET_IPV6_CIDR);
		lmsg_put(m, LMISF_TARGET_A_IPV6, a, 16);
	} else {
		lmsg_put_u32(m, LMISF_TARGET_A_TYPE, LMISF_TARGET_IPV4_CIDR);
		lmsg_put_u32(m, LMISF_TARGET_A_IPV4, ip4(addr));
	}
	lmsg_put_u8(m, LMISF_TARGET_A_PREFIX_LEN, plen);
	lmsg_nest_end(m, t);
	return t;
}

struct nlattr *put_target_teid(struct lmsg *m, uint32_t teid,
			       const char *endpoint)
{
	struct nlattr *t = lmsg_nest(m, LMISF_TASK_A_TARGET);

	lmsg_put_u32(m, LMISF_TARGET_A_TYPE, LMISF_TARGET_GTPU_TEID);
	lmsg_put_u32(m, LMISF_TARGET_A_TEID, teid);
	if (endpoint)
		lmsg_put_u32(m, LMISF_TARGET_A_IPV4, ip4(endpoint));
	lmsg_nest_end(m, t);
	return t;
}

struct nlattr *put_target_value(struct lmsg *m, uint32_t type,
				const char *value)
{
	struct nlattr *t = lmsg_nest(m, LMISF_TASK_A_TARGET);

	lmsg_put_u32(m, LMISF_TARGET_A_TYPE, type);
	if (value)
		lmsg_put_str(m, LMISF_TARGET_A_VALUE, value);
	lmsg_nest_end(m, t);
	return t;
}

static int task_id_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	const struct nlattr *tt[LMISF_TASK_A_MAX + 1];

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (!tb[LMISF_A_TASK])
		return 0;
	lnl_parse_nest(tt, LMISF_TASK_A_MAX, tb[LMISF_A_TASK]);
	if (tt[LMISF_TASK_A_ID])
		*(uint32_t *)arg = lnl_u32(tt[LMISF_TASK_A_ID]);
	return 0;
}

int task_add_ipv4(struct lnl *nl, const uint8_t *xid, const char *addr,
		  uint32_t *id, struct lnl_err *e)
{
	struct lmsg m;
	struct nlattr *t;
	uint32_t tid = 0;
	int ret;

	lmsg_init(&m, nl, LMISF_CMD_TASK_NEW, 0);
	t = put_task(&m, xid, LMISF_DELIVERY_X2_AND_X3);
	put_target_ipv4(&m, addr);
	lmsg_nest_end(&m, t);
	ret = lnl_talk(nl, &m, task_id_cb, &tid, e);
	if (id)
		*id = tid;
	return ret;
}

int parse_task(const struct nlmsghdr *nlh, struct task_info *t)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	const struct nlattr *a;

	memset(t, 0, sizeof(*t));
	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (!tb[LMISF_A_TASK])
		return -1;
	lnl_for_each(a, lnl_data(tb[LMISF_A_TASK]), lnl_len(tb[LMISF_A_TASK]))
	{
		switch (lnl_type(a)) {
		case LMISF_TASK_A_ID:
			t->id = lnl_u32(a);
			break;
		case LMISF_TASK_A_XID:
			if (lnl_len(a) == LMISF_XID_LEN)
				memcpy(t->xid, lnl_data(a), LMISF_XID_LEN);
			break;
		case LMISF_TASK_A_DELIVERY:
			t->delivery = lnl_u32(a);
			break;
		case LMISF_TASK_A_CORRELATION_ID:
			t->has_corr = 1;
			t->corr = lnl_u64(a);
			break;
		case LMISF_TASK_A_TARGET: {
			const struct nlattr *tt[LMISF_TARGET_A_MAX + 1];

			lnl_parse_nest(tt, LMISF_TARGET_A_MAX, a);
			if (t->ntargets < LMISF_MAX_TARGETS + 1 &&
			    tt[LMISF_TARGET_A_TYPE])
				t->target_type[t->ntargets] =
					lnl_u32(tt[LMISF_TARGET_A_TYPE]);
			t->ntargets++;
			break;
		}
		case LMISF_TASK_A_DID:
			t->ndids++;
			break;
		case LMISF_TASK_A_CREATED:
			t->created = lnl_u64(a);
			break;
		case LMISF_TASK_A_MODIFIED:
			t->modified = lnl_u64(a);
			break;
		case LMISF_TASK_A_MODIFICATIONS:
			t->modifications = lnl_u32(a);
			break;
		case LMISF_TASK_A_LAST_INTERCEPT:
			t->last_intercept = lnl_u64(a);
			break;
		case LMISF_TASK_A_COPIES:
			t->copies = lnl_u64(a);
			break;
		case LMISF_TASK_A_COPY_BYTES:
			t->copy_bytes = lnl_u64(a);
			break;
		case LMISF_TASK_A_COPY_DROPS:
			t->copy_drops = lnl_u64(a);
			break;
		case LMISF_TASK_A_X2_PDUS:
			t->x2_pdus = lnl_u64(a);
			break;
		case LMISF_TASK_A_X2_BYTES:
			t->x2_bytes = lnl_u64(a);
			break;
		case LMISF_TASK_A_X3_PDUS:
			t->x3_pdus = lnl_u64(a);
			break;
		case LMISF_TASK_A_X3_BYTES:
			t->x3_bytes = lnl_u64(a);
			break;
		case LMISF_TASK_A_FLOWS:
			t->flows = lnl_u32(a);
			break;
		}
	}
	return 0;
}

int task_info_cb(const struct nlmsghdr *nlh, void *arg)
{
	parse_task(nlh, arg);
	return 0;
}

int task_del(struct lnl *nl, const uint8_t *xid, struct lnl_err *e)
{
	struct lmsg m;
	struct nlattr *t;

	lmsg_init(&m, nl, LMISF_CMD_TASK_DEL, 0);
	t = put_task(&m, xid, 0);
	lmsg_nest_end(&m, t);
	return lnl_talk(nl, &m, NULL, NULL, e);
}

int task_get(struct lnl *nl, const uint8_t *xid, lnl_cb cb, void *arg,
	     struct lnl_err *e)
{
	struct lmsg m;
	struct nlattr *t;

	lmsg_init(&m, nl, LMISF_CMD_TASK_GET, 0);
	t = put_task(&m, xid, 0);
	lmsg_nest_end(&m, t);
	return lnl_talk(nl, &m, cb, arg, e);
}

static int count_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(*(unsigned int *)arg)++;
	return 0;
}

int task_count(struct lnl *nl, unsigned int *n)
{
	struct lnl_err e;
	struct lmsg m;
	int ret;

	do {
		*n = 0;
		lmsg_init(&m, nl, LMISF_CMD_TASK_GET, NLM_F_DUMP);
		ret = lnl_talk(nl, &m, count_cb, n, &e);
	} while (!ret && e.intr);
	return ret;
}

static int flow_id_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	const struct nlattr *tf[LMISF_FLOW_A_MAX + 1];

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (!tb[LMISF_A_FLOW])
		return 0;
	lnl_parse_nest(tf, LMISF_FLOW_A_MAX, tb[LMISF_A_FLOW]);
	if (tf[LMISF_FLOW_A_ID])
		*(uint32_t *)arg = lnl_u32(tf[LMISF_FLOW_A_ID]);
	return 0;
}

int flow_add4(struct lnl *nl, const uint8_t *xid, uint64_t corr, uint8_t proto,
	      const char *src, uint16_t sport, const char *dst, uint16_t dport,
	      uint32_t *id, struct lnl_err *e)
{
	struct lmsg m;
	struct nlattr *f;
	uint32_t fid = 0;
	int ret;

	lmsg_init(&m, nl, LMISF_CMD_FLOW_NEW, 0);
	f = lmsg_nest(&m, LMISF_A_FLOW);
	lmsg_put(&m, LMISF_FLOW_A_XID, xid, LMISF_XID_LEN);
	lmsg_put_u64(&m, LMISF_FLOW_A_CORRELATION_ID, corr);
	lmsg_put_u8(&m, LMISF_FLOW_A_PROTO, proto);
	lmsg_put_u32(&m, LMISF_FLOW_A_SRC_IPV4, ip4(src));
	lmsg_put_u32(&m, LMISF_FLOW_A_DST_IPV4, ip4(dst));
	lmsg_put_u16(&m, LMISF_FLOW_A_SRC_PORT, htons(sport));
	lmsg_put_u16(&m, LMISF_FLOW_A_DST_PORT, htons(dport));
	lmsg_nest_end(&m, f);
	ret = lnl_talk(nl, &m, flow_id_cb, &fid, e);
	if (id)
		*id = fid;
	return ret;
}

int simple_cmd(struct lnl *nl, uint8_t cmd, struct lnl_err *e)
{
	struct lmsg m;

	lmsg_init(&m, nl, cmd, 0);
	return lnl_talk(nl, &m, NULL, NULL, e);
}

static int stats_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	const struct nlattr *a;
	uint64_t *st = arg;

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (!tb[LMISF_A_STATS])
		return 0;
	lnl_for_each(
		a, lnl_data(tb[LMISF_A_STATS]),
		lnl_len(tb[LMISF_A_STATS])) if (lnl_type(a) <=
							LMISF_STATS_A_MAX &&
						lnl_type(a) !=
							LMISF_STATS_A_PAD)
		st[lnl_type(a)] = lnl_u64(a);
	return 0;
}

int stats_get(struct lnl *nl, uint64_t st[LMISF_STATS_A_MAX + 1])
{
	struct lmsg m;

	memset(st, 0xff, sizeof(*st) * (LMISF_STATS_A_MAX + 1));
	lmsg_init(&m, nl, LMISF_CMD_STATS_GET, 0);
	return lnl_talk(nl, &m, stats_cb, st, NULL);
}

int sink_bind(struct lnl *nl, struct lnl_err *e)
{
	return simple_cmd(nl, LMISF_CMD_SINK_BIND, e);
}

struct wait_copy {
	const uint8_t *xid;
	int seen;
};

static int wait_copy_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct wait_copy *w = arg;
	struct copy_info c;

	if (parse_copy(nlh, &c))
		return 0;
	if (w->xid && (!c.nmatch || memcmp(c.xid[0], w->xid, LMISF_XID_LEN)))
		return 0;
	w->seen = 1;
	return 1;
}

int sink_wait_copy(struct lnl *sink, int idle_ms, const uint8_t *xid)
{
	struct wait_copy w = { .xid = xid };
	int ret = sink_read(sink, idle_ms, wait_copy_cb, &w);

	return ret < 0 ? ret : w.seen;
}

int copies_add_up(const uint64_t *st)
{
	return st[LMISF_STATS_A_COPIES] ==
	       st[LMISF_STATS_A_DELIVERED] + st[LMISF_STATS_A_DROP_NO_SINK] +
		       st[LMISF_STATS_A_DROP_NOMEM] +
		       st[LMISF_STATS_A_DROP_RCVBUF] +
		       st[LMISF_STATS_A_DROP_UNBIND];
}

int wait_copies_add_up(struct lnl *ctl, uint64_t *st, int timeout_ms)
{
	int i, ret;

	for (i = 0; i <= timeout_ms / 50; i++) {
		ret = stats_get(ctl, st);
		if (ret)
			return ret;
		if (copies_add_up(st))
			return 0;
		usleep(50000);
	}
	return -ETIMEDOUT;
}

int new_netns(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd;

	if (unshare(CLONE_NEWNET))
		return -errno;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return 0;
}

int send_udp4(const char *dst, uint16_t dport, size_t len)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons(dport),
		.sin_addr.s_addr = ip4(dst),
	};
	char buf[65536] = "INVITE sip:x SIP/2.0\r\n";
	ssize_t n;
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	n = sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	return n == (ssize_t)len ? 0 : -errno;
}

static int has_word(const char *msg, const char *words)
{
	char buf[256], *save, *w;

	snprintf(buf, sizeof(buf), "%s", words);
	for (w = strtok_r(buf, "|", &save); w; w = strtok_r(NULL, "|", &save))
		if (strcasestr(msg, w))
			return 1;
	return 0;
}

int extack_names(const struct lnl_err *e, const struct lmsg *m,
		 const struct nlattr *attr, int miss, const char *words)
{
	if (attr && off_in(e, m, attr))
		return 1;
	if (miss >= 0 && e->miss_type == miss)
		return 1;
	return words && e->msg[0] && has_word(e->msg, words);
}

uint8_t genl_cmd(const struct nlmsghdr *nlh)
{
	return ((const struct genlmsghdr *)NLMSG_DATA(nlh))->cmd;
}

static void copy_hdr(const struct nlattr *a, struct copy_info *c)
{
	struct lmisf_copy_hdr h;

	if (lnl_len(a) < sizeof(h))
		return;
	memcpy(&h, lnl_data(a), sizeof(h)); /* only 4-byte aligned */
	c->has_hdr = 1;
	c->seq = h.seq;
	c->tstamp = h.tstamp;
	c->kind = h.kind;
	c->hook = h.hook;
	c->ifindex_in = h.ifindex_in;
	c->ifindex_out = h.ifindex_out;
	c->orig_len = h.orig_len;
	if (h.flags & LMISF_COPY_F_GTPU) {
		c->has_teid = 1;
		c->teid = h.teid;
		c->has_inner = 1;
		c->inner_offset = h.inner_offset;
	}
}

static void copy_match(const struct nlattr *a, struct copy_info *c)
{
	struct lmisf_copy_match m;
	int i = c->nmatch++;

	if (i >= COPY_MAX_MATCH || lnl_len(a) < sizeof(m))
		return;
	memcpy(&m, lnl_data(a), sizeof(m));
	c->match_kind[i] = m.kind;
	memcpy(c->xid[i], m.xid, LMISF_XID_LEN);
	if (m.flags & LMISF_MATCH_F_CORRELATION_ID)
		c->corr[i] = m.correlation_id;
	c->flow_id[i] = m.flow_id;
}

int parse_copy(const struct nlmsghdr *nlh, struct copy_info *c)
{
	const struct nlattr *tb[LMISF_A_MAX + 1], *a;

	memset(c, 0, sizeof(*c));
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE || genl_cmd(nlh) != LMISF_CMD_COPY)
		return -1;
	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (!tb[LMISF_A_COPY])
		return -1;
	lnl_for_each(a, lnl_data(tb[LMISF_A_COPY]), lnl_len(tb[LMISF_A_COPY]))
	{
		switch (lnl_type(a)) {
		case LMISF_COPY_A_HDR:
			copy_hdr(a, c);
			break;
		case LMISF_COPY_A_MATCH:
			copy_match(a, c);
			break;
		case LMISF_COPY_A_PACKET:
			c->has_packet = 1;
			c->packet = lnl_data(a);
			c->packet_len = lnl_len(a);
			break;
		}
	}
	return 0;
}

static char sinkbuf[(1 << 20) + 65536];

int sink_read(struct lnl *nl, int idle_ms, lnl_cb cb, void *arg)
{
	struct pollfd pfd = { .fd = nl->fd, .events = POLLIN };
	int overruns = 0;

	for (;;) {
		const struct nlmsghdr *nlh;
		ssize_t n;
		int r = poll(&pfd, 1, idle_ms);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return overruns;
		n = recv(nl->fd, sinkbuf, sizeof(sinkbuf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == ENOBUFS) {
				overruns++;
				continue;
			}
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -errno;
		}
		for (nlh = (void *)sinkbuf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue; /* NLMSG_DONE closing a batch */
			if (cb(nlh, arg))
				return overruns;
		}
	}
}
