// SPDX-License-Identifier: GPL-2.0
/*
 * The wire side of the netlink fuzzer (see nlfuzz.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nlfuzz.h"

struct fz_seen fz_seen;
char fz_bad[512];

static uint64_t fz_state;

void fz_seed(uint64_t seed)
{
	fz_state = seed;
}

uint64_t fz_rand(void)
{
	uint64_t z = (fz_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint32_t fz_below(uint32_t n)
{
	return n ? (uint32_t)(fz_rand() % n) : 0;
}

bool fz_chance(unsigned int percent)
{
	return fz_below(100) < percent;
}

/* ---- generation ---------------------------------------------------------- */

/* Room left for a random attribute tree: well inside struct lmsg. */
#define FZ_ROOM 16384

static const char *const fz_strings[] = {
	"sip:alice@ims.example",
	"tel:+441234567",
	"001010123456789",
	"imsi-001010123456789",
	"user@realm",
	"imei-490154203237518",
	"+4412345678",
	"sip:",
	"@",
	"a@",
	"sip:a b",
	"",
};

/* Mostly the family's own types, then the edges, then anything. */
static uint16_t random_type(void)
{
	uint32_t r = fz_below(100);

	if (r < 70)
		return 1 + fz_below(13);
	if (r < 90)
		return fz_below(LMISF_STATS_A_MAX + 3);
	return fz_below(0x10000);
}

static void random_payload(struct lmsg *m, uint16_t type)
{
	static const uint16_t lens[] = { 0,  1,	 2,  3,	  4,   5,   6,
					 7,  8,	 9,  12,  15,  16,  17,
					 20, 32, 64, 255, 256, 257, 1000 };
	uint8_t buf[1024];
	uint32_t v, len;

	switch (fz_below(4)) {
	case 0: /* a small number, as u32: types, delivery, ports */
		v = fz_below(24);
		lmsg_put(m, type, &v, fz_chance(80) ? 4 : 1 + fz_below(8));
		return;
	case 1: {
		const char *s = fz_strings[fz_below(sizeof(fz_strings) /
						    sizeof(fz_strings[0]))];

		lmsg_put(m, type, s, strlen(s) + fz_chance(70));
		return;
	}
	default:
		len = lens[fz_below(sizeof(lens) / sizeof(lens[0]))];
		for (v = 0; v < len; v++)
			buf[v] = fz_chance(50) ? 0 : (uint8_t)fz_rand();
		lmsg_put(m, type, buf, len);
	}
}

static void random_attrs(struct lmsg *m, unsigned int depth, unsigned int n)
{
	while (n-- && m->nlh.nlmsg_len < FZ_ROOM) {
		uint16_t type = random_type();

		if (depth < 6 && fz_chance(40)) {
			struct nlattr *a = lmsg_put(m, type, NULL, 0);

			if (fz_chance(85))
				a->nla_type |= NLA_F_NESTED;
			random_attrs(m, depth + 1, fz_below(6));
			lmsg_nest_end(m, a);
		} else {
			random_payload(m, type & ~NLA_F_NESTED);
		}
	}
}

/* A chain of nests deeper than any policy, around a random tail. */
static void deep_chain(struct lmsg *m)
{
	struct nlattr *stack[64];
	unsigned int i, d = 8 + fz_below(56);

	for (i = 0; i < d; i++)
		stack[i] = lmsg_nest(m, 1 + fz_below(LMISF_A_MAX));
	random_attrs(m, 6, fz_below(3));
	while (i--)
		lmsg_nest_end(m, stack[i]);
}

void fz_random_msg(struct lmsg *m, const struct lnl *nl)
{
	uint8_t cmd = fz_chance(90) ? fz_below(LMISF_CMD_MAX + 3) :
				      fz_below(256);

	/* an empty TASK_FLUSH succeeds: keep the tables from emptying */
	if (cmd == LMISF_CMD_TASK_FLUSH && fz_chance(95))
		cmd = LMISF_CMD_TASK_GET;

	lmsg_init(m, nl, cmd, fz_chance(25) ? NLM_F_DUMP : 0);
	if (fz_chance(5))
		deep_chain(m);
	else
		random_attrs(m, 0, fz_below(7));
}

/* Offsets of the attributes that are fully inside [off, end). */
static unsigned int collect(const struct lmsg *m, size_t off, size_t end,
			    size_t *out, unsigned int n, unsigned int max)
{
	while (off + NLA_HDRLEN <= end && n < max) {
		const struct nlattr *a = (const void *)(m->buf + off);

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > end)
			break;
		out[n++] = off;
		if (a->nla_type & NLA_F_NESTED)
			n = collect(m, off + NLA_HDRLEN, off + a->nla_len, out,
				    n, max);
		off += NLA_ALIGN(a->nla_len);
	}
	return n;
}

#define ATTRS_OFF (NLMSG_HDRLEN + GENL_HDRLEN)

/* Wraps all attributes in a chain of nests. */
static void wrap(struct lmsg *m)
{
	size_t len = m->nlh.nlmsg_len - ATTRS_OFF;
	unsigned int i, d = 1 + fz_below(40);
	uint8_t save[FZ_ROOM + 2048];
	struct nlattr *stack[40];

	if (len > sizeof(save))
		return;
	memcpy(save, m->buf + ATTRS_OFF, len);
	m->nlh.nlmsg_len = ATTRS_OFF;
	for (i = 0; i < d; i++)
		stack[i] = lmsg_nest(m, 1 + fz_below(LMISF_A_MAX + 1));
	memcpy(m->buf + m->nlh.nlmsg_len, save, len);
	m->nlh.nlmsg_len += len;
	while (i--)
		lmsg_nest_end(m, stack[i]);
}

static void mutate_once(struct lmsg *m)
{
	size_t offs[256], len = m->nlh.nlmsg_len;
	unsigned int n = collect(m, ATTRS_OFF, len, offs, 0, 256);
	struct nlattr *a = n ? (void *)(m->buf + offs[fz_below(n)]) : NULL;
	struct genlmsghdr *g = (void *)(m->buf + NLMSG_HDRLEN);
	uint8_t copy[FZ_ROOM];

	switch (fz_below(12)) {
	case 0: /* a bit or a byte of the attributes */
		if (len > ATTRS_OFF) {
			size_t at = ATTRS_OFF + fz_below(len - ATTRS_OFF);

			m->buf[at] ^= fz_chance(50) ? 1 << fz_below(8) :
						      (uint8_t)fz_rand();
		}
		break;
	case 1: /* attribute type, nest flag included */
		if (a)
			a->nla_type = fz_chance(50) ?
					      random_type() :
					      a->nla_type ^ NLA_F_NESTED;
		break;
	case 2: /* attribute length: zero, short, off by one, beyond */
		if (a) {
			static const int d[] = { -5, -4, -1, 1, 3, 4, 8, 4096 };

			int nl = a->nla_len +
				 d[fz_below(sizeof(d) / sizeof(d[0]))];

			a->nla_len = fz_chance(20) ? (int)fz_below(4) : nl;
		}
		break;
	case 3: /* truncated: the message ends inside an attribute */
		m->nlh.nlmsg_len = ATTRS_OFF + fz_below(len - ATTRS_OFF + 1);
		break;
	case 4:
		m->nlh.nlmsg_flags ^= 1 << fz_below(16);
		break;
	case 5:
		m->nlh.nlmsg_flags = (uint16_t)fz_rand() | NLM_F_REQUEST;
		break;
	case 6:
		g->cmd = fz_chance(50) ? fz_below(LMISF_CMD_MAX + 3) :
					 (uint8_t)fz_rand();
		break;
	case 7:
		if (fz_chance(50))
			g->version = (uint8_t)fz_rand();
		else
			g->reserved = (uint16_t)fz_rand();
		break;
	case 8: /* an attribute repeated at the end */
		if (a && a->nla_len <= sizeof(copy) &&
		    m->nlh.nlmsg_len < FZ_ROOM) {
			memcpy(copy, a, a->nla_len);
			a = (void *)copy;
			lmsg_put(m, a->nla_type, copy + NLA_HDRLEN,
				 a->nla_len - NLA_HDRLEN);
		}
		break;
	case 9:
		random_attrs(m, 0, 1 + fz_below(3));
		break;
	case 10:
		wrap(m);
		break;
	default: /* the first attribute empty: its content becomes top-level */
		if (n)
			((struct nlattr *)(m->buf + offs[0]))->nla_len =
				NLA_HDRLEN;
	}
}

void fz_mutate(struct lmsg *m, size_t *wire)
{
	unsigned int k = 1 + fz_below(3);
	size_t len;

	while (k--)
		mutate_once(m);
	len = m->nlh.nlmsg_len;
	*wire = len;
	if (!fz_chance(20))
		return;
	switch (fz_below(3)) {
	case 0: /* shorter than the datagram; the rest too short to parse */
		if (len > NLMSG_HDRLEN) {
			uint32_t lie =
				NLMSG_HDRLEN + fz_below(len - NLMSG_HDRLEN);
			size_t end = NLMSG_ALIGN(lie) + fz_below(NLMSG_HDRLEN);

			m->nlh.nlmsg_len = lie;
			*wire = end < len ? end : len;
			if (*wire < lie)
				*wire = lie;
		}
		break;
	case 1: /* longer than the datagram */
		m->nlh.nlmsg_len = len + 1 + fz_below(4096);
		break;
	default: /* shorter than a header */
		m->nlh.nlmsg_len = fz_below(NLMSG_HDRLEN);
	}
}

enum fz_fate fz_fate(const struct lmsg *m, size_t wire)
{
	const struct nlmsghdr *h = &m->nlh;
	bool ack = h->nlmsg_flags & NLM_F_ACK;

	if (wire < NLMSG_HDRLEN || h->nlmsg_len < NLMSG_HDRLEN ||
	    h->nlmsg_len > wire)
		return FZ_IGNORED;
	if (!(h->nlmsg_flags & NLM_F_REQUEST))
		return ack ? FZ_ACK_ONLY : FZ_IGNORED;
	if (ack || (h->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
		return FZ_TERMINAL;
	return FZ_MAYBE_SILENT;
}

/* ---- sending and checking ------------------------------------------------ */

int fz_send(struct lnl *nl, struct lmsg *m, size_t wire)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;

	m->nlh.nlmsg_seq = ++nl->seq;
	m->nlh.nlmsg_pid = 0;
	n = sendto(nl->fd, m->buf, wire, 0, (struct sockaddr *)&sa, sizeof(sa));
	if (n < 0)
		return -errno;
	return (size_t)n == wire ? 0 : -EIO;
}

static int bad(const char *fmt, ...)
{
	va_list ap;

	if (!fz_bad[0]) {
		va_start(ap, fmt);
		vsnprintf(fz_bad, sizeof(fz_bad), fmt, ap);
		va_end(ap);
	}
	return -EPROTO;
}

/* Attributes fill len exactly, aligned, nests recursively. */
static int walk(const uint8_t *p, size_t len, unsigned int depth)
{
	if (depth > 8)
		return bad("nests deeper than 8");
	while (len) {
		const struct nlattr *a = (const void *)p;
		size_t step;

		if (len < NLA_HDRLEN)
			return bad("%zu trailing bytes after attributes", len);
		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return bad("attribute type %u length %u, %zu left",
				   a->nla_type, a->nla_len, len);
		if ((a->nla_type & NLA_F_NESTED) &&
		    walk(p + NLA_HDRLEN, a->nla_len - NLA_HDRLEN, depth + 1))
			return -EPROTO;
		step = NLA_ALIGN(a->nla_len);
		if (step > len)
			return bad("attribute type %u not padded", a->nla_type);
		p += step;
		len -= step;
	}
	return 0;
}

/* The errors the family and the netlink core may answer with. */
static bool known_errno(int err)
{
	static const int ok[] = { EINVAL,   ERANGE, ENOENT,	EEXIST,
				  EPERM,    EBUSY,  EOPNOTSUPP, ENOSPC,
				  EMSGSIZE, ENOMEM, E2BIG };
	unsigned int i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (err == -ok[i])
			return true;
	return false;
}

static int check_ack_tlvs(const struct nlmsghdr *nlh, size_t hlen,
			  const struct fz_reply *r, char *msg, size_t msglen)
{
	const uint8_t *p = (const uint8_t *)nlh + NLMSG_HDRLEN + hlen;
	size_t len = nlh->nlmsg_len - NLMSG_HDRLEN - hlen;
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return len ? bad("%zu bytes after an ack without TLVs", len) :
			     0;
	if (walk(p, len, 0))
		return -EPROTO;
	lnl_for_each(a, p, len)
	{
		switch (lnl_type(a)) {
		case NLMSGERR_ATTR_MSG:
			if (!lnl_len(a) ||
			    ((const char *)lnl_data(a))[lnl_len(a) - 1])
				return bad("extack message not terminated");
			if (msg)
				snprintf(msg, msglen, "%s",
					 (const char *)lnl_data(a));
			break;
		case NLMSGERR_ATTR_OFFS:
			if (lnl_len(a) != 4 || (r && lnl_u32(a) >= r->sent_len))
				return bad("extack offset %u beyond the %u "
					   "bytes sent",
					   lnl_u32(a), r ? r->sent_len : 0);
			break;
		}
	}
	return 0;
}

static int check_error(const struct nlmsghdr *nlh, struct fz_reply *r)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);

	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
		return bad("short error message (%u bytes)", nlh->nlmsg_len);
	if (e->error > 0 || (e->error && !known_errno(e->error)))
		return bad("error %d (%s) to seq %u", e->error,
			   strerror(-e->error), nlh->nlmsg_seq);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		return bad("ack not capped although NETLINK_CAP_ACK is set");
	if (e->error)
		fz_seen.errors++;
	else
		fz_seen.acks++;
	if (r) {
		r->err = e->error;
		r->terminal = true;
	}
	return check_ack_tlvs(nlh, sizeof(*e), r, r ? r->extack : NULL,
			      sizeof(r->extack));
}

static int check_done(const struct nlmsghdr *nlh, struct fz_reply *r)
{
	int err;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(int))
		return bad("short NLMSG_DONE (%u bytes)", nlh->nlmsg_len);
	memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
	if (err > 0 || (err && !known_errno(err)))
		return bad("NLMSG_DONE with error %d", err);
	fz_seen.dones++;
	if (r) {
		r->err = err;
		r->terminal = true;
	}
	return check_ack_tlvs(nlh, sizeof(int), r, r ? r->extack : NULL,
			      sizeof(r->extack));
}

/* The top-level attributes each message of the family may carry. */
static uint32_t allowed_attrs(uint8_t cmd)
{
	switch (cmd) {
	case LMISF_CMD_TASK_NEW:
	case LMISF_CMD_TASK_GET:
		return 1 << LMISF_A_TASK;
	case LMISF_CMD_FLOW_NEW:
	case LMISF_CMD_FLOW_GET:
		return 1 << LMISF_A_FLOW;
	case LMISF_CMD_SELECTOR_GET:
		return 1 << LMISF_A_SELECTOR;
	case LMISF_CMD_CONFIG_GET:
		return 1 << LMISF_A_CONFIG;
	case LMISF_CMD_SINK_GET:
		return 1 << LMISF_A_SINK;
	case LMISF_CMD_STATS_GET:
		return 1 << LMISF_A_STATS;
	case LMISF_CMD_COPY:
		return 1 << LMISF_A_COPY;
	case LMISF_CMD_TASK_NTF:
		return 1 << LMISF_A_TASK | 1 << LMISF_A_EVENT |
		       1 << LMISF_A_REASON;
	case LMISF_CMD_FLOW_NTF:
		return 1 << LMISF_A_FLOW | 1 << LMISF_A_EVENT |
		       1 << LMISF_A_REASON;
	}
	return 0;
}

static int check_genl(const struct nlmsghdr *nlh, uint16_t family)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	const struct nlattr *a;
	size_t len;
	const void *p;

	if (nlh->nlmsg_type != family)
		return bad("message of type %u", nlh->nlmsg_type);
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return bad("short genetlink message");
	if (!allowed_attrs(g->cmd) || g->version != LMISF_GENL_VERSION)
		return bad("message cmd %u version %u", g->cmd, g->version);
	p = lnl_payload(nlh, &len);
	if (walk(p, len, 0))
		return -EPROTO;
	lnl_for_each(a, p, len)
	{
		uint16_t t = lnl_type(a);
		bool nest = t != LMISF_A_EVENT && t != LMISF_A_REASON;

		if (t > LMISF_A_MAX || !(allowed_attrs(g->cmd) & 1u << t))
			return bad("cmd %u carries attribute %u", g->cmd, t);
		if (nest != !!(a->nla_type & NLA_F_NESTED) ||
		    (!nest && lnl_len(a) != 4))
			return bad("cmd %u attribute %u malformed", g->cmd, t);
	}
	if (g->cmd == LMISF_CMD_COPY)
		fz_seen.copies++;
	else if (g->cmd == LMISF_CMD_TASK_NTF || g->cmd == LMISF_CMD_FLOW_NTF)
		fz_seen.ntfs++;
	return 0;
}

static struct fz_reply *owner(const struct nlmsghdr *nlh, struct fz_reply *r,
			      struct fz_reply *other)
{
	if (!nlh->nlmsg_seq)
		return NULL;
	if (r && nlh->nlmsg_seq == r->seq)
		return r;
	if (other && nlh->nlmsg_seq == other->seq)
		return other;
	return NULL;
}

static int check_msg(struct lnl *nl, const struct nlmsghdr *nlh,
		     struct fz_reply *r)
{
	fz_seen.msgs++;
	if (!nlh->nlmsg_seq) {
		/* to the sink: copies, batch ends, notifications */
		if (nlh->nlmsg_pid)
			return bad("unsolicited message with pid %u",
				   nlh->nlmsg_pid);
		if (nlh->nlmsg_type == NLMSG_DONE)
			return check_done(nlh, NULL);
		return check_genl(nlh, nl->family);
	}
	if (nlh->nlmsg_pid != nl->portid)
		return bad("reply to seq %u for pid %u, not %u", nlh->nlmsg_seq,
			   nlh->nlmsg_pid, nl->portid);
	if (!r)
		fz_seen.stale++;
	if (nlh->nlmsg_type == NLMSG_ERROR)
		return check_error(nlh, r);
	if (nlh->nlmsg_type == NLMSG_DONE)
		return check_done(nlh, r);
	if (check_genl(nlh, nl->family))
		return -EPROTO;
	if (r) {
		r->msgs++;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			r->intr = true;
		if (r->cb)
			r->cb(nlh, r->arg);
	}
	return 0;
}

static char fz_buf[2 << 20];

/* Says which message was malformed, and shows it. */
static int dump_bad(const struct nlmsghdr *nlh)
{
	const uint8_t *p = (const uint8_t *)nlh;
	size_t i, len = nlh->nlmsg_len < 512 ? nlh->nlmsg_len : 512;
	size_t at = strlen(fz_bad);

	snprintf(fz_bad + at, sizeof(fz_bad) - at,
		 " (message type %u flags %#x seq %u, %u bytes)",
		 nlh->nlmsg_type, nlh->nlmsg_flags, nlh->nlmsg_seq,
		 nlh->nlmsg_len);
	for (i = 0; i < len; i++)
		fprintf(stderr, "%s%02x%s", i % 16 ? "" : "# ", p[i],
			i % 16 == 15 || i + 1 == len ? "\n" : " ");
	return -EPROTO;
}

/* One datagram within ms; 1 if one was read, 0 if none, -errno. */
static int read_dgram(struct lnl *nl, int ms, struct fz_reply *r,
		      struct fz_reply *other)
{
	struct pollfd pfd = { .fd = nl->fd, .events = POLLIN };
	struct iovec iov = { fz_buf, sizeof(fz_buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	const struct nlmsghdr *nlh;
	ssize_t n;
	int ret;

	ret = poll(&pfd, 1, ms);
	if (ret < 0)
		return errno == EINTR ? 0 : -errno;
	if (!ret)
		return 0;
	n = recvmsg(nl->fd, &mh, MSG_DONTWAIT);
	if (n < 0) {
		if (errno == ENOBUFS) {
			fz_seen.overruns++;
			return 1;
		}
		return errno == EAGAIN || errno == EINTR ? 1 : -errno;
	}
	if (mh.msg_flags & MSG_TRUNC)
		return bad("datagram of more than %zu bytes", sizeof(fz_buf));
	fz_seen.datagrams++;
	for (nlh = (void *)fz_buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n))
		if (check_msg(nl, nlh, owner(nlh, r, other)))
			return dump_bad(nlh);
	if (n)
		return bad("%zd trailing bytes in a datagram", n);
	return 1;
}

int fz_await(struct lnl *nl, struct fz_reply *r, struct fz_reply *other)
{
	r->err = 0;
	r->terminal = r->intr = false;
	r->msgs = 0;
	r->extack[0] = 0;
	while (!r->terminal) {
		int ret = read_dgram(nl, 10000, r, other);

		if (ret < 0)
			return ret;
		if (!ret)
			return bad("no reply to seq %u within 10 s", r->seq),
			       -ETIMEDOUT;
	}
	return 0;
}

int fz_drain(struct lnl *nl)
{
	int ret;

	while ((ret = read_dgram(nl, 0, NULL, NULL)) > 0)
		;
	return ret;
}

int fz_read_one(struct lnl *nl, int ms)
{
	int ret = read_dgram(nl, ms, NULL, NULL);

	return ret < 0 ? ret : 0;
}

int fz_kernel_reports(int fd)
{
	static const char *const bad[] = {
		"WARNING:",
		"BUG:",
		"Oops",
		"general protection",
		"KASAN",
		"UBSAN",
		"kmemleak",
		"refcount_t",
		"list_add corruption",
		"list_del corruption",
		"circular locking",
		"inconsistent lock state",
		"suspicious RCU",
		"lockdep",
		"Kernel panic",
	};
	unsigned int i, found = 0;
	char rec[4096];
	ssize_t r;

	for (;;) {
		r = read(fd, rec, sizeof(rec) - 1);
		if (r < 0 && errno == EPIPE)
			continue; /* overwritten records */
		if (r <= 0)
			break;
		rec[r] = 0;
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			if (strstr(rec, bad[i])) {
				fprintf(stderr, "# %s", rec);
				found++;
				break;
			}
		}
	}
	return found;
}
