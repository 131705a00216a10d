// SPDX-License-Identifier: GPL-2.0
/*
 * libmnl plumbing and the parsers of the family's attribute trees. Types
 * and lengths are checked with mnl_attr_validate() before any read; an
 * attribute we do not know is skipped (newer kernels may add some).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lmisf_stats.h"
#include "nlmsg.h"

static struct nlmsghdr *genl_hdr(void *buf, uint16_t type, uint8_t cmd,
				 uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = LMISF_GENL_VERSION;
	return nlh;
}

struct nlmsghdr *nlconn_msg(struct nlconn *c, void *buf, uint8_t cmd,
			    uint16_t flags)
{
	return genl_hdr(buf, c->family, cmd, flags, ++c->seq);
}

static int family_attr(const struct nlattr *a, void *data)
{
	uint16_t *id = data;

	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(a, MNL_TYPE_U16) == 0)
		*id = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

int nlconn_open(struct nlconn *c, size_t bufsize)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int one = 1, r = 0;
	size_t len;
	ssize_t n;

	memset(c, 0, sizeof(*c));
	c->bufsize = bufsize < (size_t)MNL_SOCKET_BUFFER_SIZE ?
			     (size_t)MNL_SOCKET_BUFFER_SIZE :
			     bufsize;
	c->buf = malloc(c->bufsize);
	if (!c->buf)
		return -ENOMEM;
	c->nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!c->nl || mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		r = -errno;
		nlconn_close(c);
		return r;
	}
	c->portid = mnl_socket_get_portid(c->nl);
	mnl_socket_setsockopt(c->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(c->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	c->seq = (uint32_t)time(NULL);
	nlh = genl_hdr(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK,
		       ++c->seq);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, LMISF_GENL_NAME);
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0) {
		r = -errno;
		nlconn_close(c);
		return r;
	}
	do {
		n = mnl_socket_recvfrom(c->nl, c->buf, c->bufsize);
		if (n < 0) {
			r = -errno;
			break;
		}
		len = (size_t)n;
		for (nlh = (struct nlmsghdr *)c->buf; nl_msg_ok(nlh, len);
		     nlh = (struct nlmsghdr *)nl_msg_next(nlh, &len)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e =
					mnl_nlmsg_get_payload(nlh);

				r = e->error;
				goto out;
			}
			if (nlh->nlmsg_type == GENL_ID_CTRL)
				mnl_attr_parse(nlh, GENL_HDRLEN, family_attr,
					       &c->family);
		}
	} while (1);
out:
	if (!r && !c->family)
		r = -ENOENT;
	if (r)
		nlconn_close(c);
	return r;
}

void nlconn_close(struct nlconn *c)
{
	if (c->nl)
		mnl_socket_close(c->nl);
	free(c->buf);
	c->nl = NULL;
	c->buf = NULL;
}

const char *nl_extack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	size_t off = sizeof(*e);

	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e) ||
	    !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		/* the request is echoed: skip it, within the message */
		if (e->msg.nlmsg_len < sizeof(e->msg) ||
		    e->msg.nlmsg_len > nlh->nlmsg_len)
			return NULL;
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - sizeof(e->msg);
	}
	if (NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return NULL;
	mnl_attr_for_each(a, nlh, off)
	{
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			return mnl_attr_get_str(a);
	}
	return NULL;
}

struct top {
	const struct nlattr **tb;
};

static int top_attr(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t t = mnl_attr_get_type(a);

	if (t > LMISF_A_MAX)
		return MNL_CB_OK;
	if (mnl_attr_validate(a, (t == LMISF_A_EVENT || t == LMISF_A_REASON) ?
					 MNL_TYPE_U32 :
					 MNL_TYPE_NESTED) < 0)
		return MNL_CB_ERROR;
	tb[t] = a;
	return MNL_CB_OK;
}

bool nl_parse_top(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	memset(tb, 0, (LMISF_A_MAX + 1) * sizeof(*tb));
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return false;
	return mnl_attr_parse(nlh, GENL_HDRLEN, top_attr, tb) >= 0;
}

int nlconn_request(struct nlconn *c, struct nlmsghdr *nlh, nl_reply_fn fn,
		   void *arg)
{
	uint32_t seq = nlh->nlmsg_seq;
	const struct nlattr *tb[LMISF_A_MAX + 1];
	bool intr = false, dump = nlh->nlmsg_flags & NLM_F_DUMP;
	int r = 0, cr;
	size_t len;
	ssize_t n;

	c->errmsg[0] = 0;
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(c->nl, c->buf, c->bufsize);
		if (n < 0)
			return -errno;
		len = (size_t)n;
		for (nlh = (struct nlmsghdr *)c->buf; nl_msg_ok(nlh, len);
		     nlh = (struct nlmsghdr *)nl_msg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq)
				continue; /* a late answer to an earlier one */
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return intr ? -EINTR : r;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e =
					mnl_nlmsg_get_payload(nlh);
				const char *m = nl_extack_msg(nlh);

				if (m)
					snprintf(c->errmsg, sizeof(c->errmsg),
						 "%s", m);
				/* a dump ends with DONE; an error ends all */
				if (e->error || !dump)
					return e->error ? e->error : r;
				continue;
			}
			if (nlh->nlmsg_type != c->family || r || intr)
				continue;
			if (!nl_parse_top(nlh, tb))
				r = -EBADMSG;
			else if (fn && (cr = fn(tb, arg)) < 0)
				r = cr;
		}
	}
}

int nlconn_dump(struct nlconn *c, uint8_t cmd, nl_reply_fn fn, void *arg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int r = -EINTR;

	for (int i = 0; i < 16 && r == -EINTR; i++)
		r = nlconn_request(c, nlconn_msg(c, buf, cmd, NLM_F_DUMP), fn,
				   arg);
	return r;
}

/* Generic nested parse into tb[0..max] with a type table. */
static int parse_nest(const struct nlattr *nest, const struct nlattr **tb,
		      unsigned int max, const enum mnl_attr_data_type *types)
{
	const struct nlattr *a;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	mnl_attr_for_each_nested(a, nest)
	{
		uint16_t t = mnl_attr_get_type(a);

		if (t > max || !t)
			continue;
		if (types[t] != MNL_TYPE_UNSPEC &&
		    mnl_attr_validate(a, types[t]) < 0)
			return -EINVAL;
		tb[t] = a;
	}
	return 0;
}

static bool bin_len(const struct nlattr *a, size_t len)
{
	return a && mnl_attr_get_payload_len(a) == len;
}

static int parse_target(const struct nlattr *nest, struct task_target *t)
{
	static const enum mnl_attr_data_type types[LMISF_TARGET_A_MAX + 1] = {
		[LMISF_TARGET_A_TYPE] = MNL_TYPE_U32,
		[LMISF_TARGET_A_IPV4] = MNL_TYPE_U32,
		[LMISF_TARGET_A_IPV6] = MNL_TYPE_BINARY,
		[LMISF_TARGET_A_PREFIX_LEN] = MNL_TYPE_U8,
		[LMISF_TARGET_A_TEID] = MNL_TYPE_U32,
		[LMISF_TARGET_A_VALUE] = MNL_TYPE_NUL_STRING,
		[LMISF_TARGET_A_NON_LOCAL] = MNL_TYPE_FLAG,
	};
	const struct nlattr *tb[LMISF_TARGET_A_MAX + 1];

	memset(t, 0, sizeof(*t));
	if (parse_nest(nest, tb, LMISF_TARGET_A_MAX, types) ||
	    !tb[LMISF_TARGET_A_TYPE])
		return -EINVAL;
	t->type = mnl_attr_get_u32(tb[LMISF_TARGET_A_TYPE]);
	if (tb[LMISF_TARGET_A_IPV4]) {
		t->addr.ver = 4;
		memcpy(t->addr.a, mnl_attr_get_payload(tb[LMISF_TARGET_A_IPV4]),
		       4);
	} else if (tb[LMISF_TARGET_A_IPV6]) {
		if (!bin_len(tb[LMISF_TARGET_A_IPV6], 16))
			return -EINVAL;
		t->addr.ver = 6;
		memcpy(t->addr.a, mnl_attr_get_payload(tb[LMISF_TARGET_A_IPV6]),
		       16);
	}
	t->non_local = tb[LMISF_TARGET_A_NON_LOCAL] != NULL;
	switch (t->type) {
	case LMISF_TARGET_IPV4:
	case LMISF_TARGET_IPV6:
		if (t->addr.ver != (t->type == LMISF_TARGET_IPV4 ? 4 : 6))
			return -EINVAL;
		t->prefix_len = t->addr.ver == 4 ? 32 : 128;
		return 0;
	case LMISF_TARGET_IPV4_CIDR:
	case LMISF_TARGET_IPV6_CIDR:
		if (t->addr.ver !=
			    (t->type == LMISF_TARGET_IPV4_CIDR ? 4 : 6) ||
		    !tb[LMISF_TARGET_A_PREFIX_LEN])
			return -EINVAL;
		t->prefix_len = mnl_attr_get_u8(tb[LMISF_TARGET_A_PREFIX_LEN]);
		return t->prefix_len <= (t->addr.ver == 4 ? 32 : 128) ? 0 :
									-EINVAL;
	case LMISF_TARGET_GTPU_TEID:
		if (!tb[LMISF_TARGET_A_TEID])
			return -EINVAL;
		t->teid = mnl_attr_get_u32(tb[LMISF_TARGET_A_TEID]);
		return 0;
	}
	if (t->type < LMISF_TARGET_SIP_URI || t->type > LMISF_TARGET_TYPE_MAX ||
	    !tb[LMISF_TARGET_A_VALUE])
		return -EINVAL;
	t->addr.ver = 0;
	t->value = strdup(mnl_attr_get_str(tb[LMISF_TARGET_A_VALUE]));
	return t->value ? 0 : -ENOMEM;
}

static const enum mnl_attr_data_type task_types[LMISF_TASK_A_MAX + 1] = {
	[LMISF_TASK_A_ID] = MNL_TYPE_U32,
	[LMISF_TASK_A_XID] = MNL_TYPE_BINARY,
	[LMISF_TASK_A_DELIVERY] = MNL_TYPE_U32,
	[LMISF_TASK_A_CORRELATION_ID] = MNL_TYPE_U64,
	[LMISF_TASK_A_TARGET] = MNL_TYPE_NESTED,
	[LMISF_TASK_A_DID] = MNL_TYPE_BINARY,
};

int nl_parse_task_xid(const struct nlattr *nest, uint8_t xid[LMISF_XID_LEN])
{
	const struct nlattr *tb[LMISF_TASK_A_MAX + 1];

	if (parse_nest(nest, tb, LMISF_TASK_A_MAX, task_types) ||
	    !bin_len(tb[LMISF_TASK_A_XID], LMISF_XID_LEN))
		return -EINVAL;
	memcpy(xid, mnl_attr_get_payload(tb[LMISF_TASK_A_XID]), LMISF_XID_LEN);
	return 0;
}

int nl_parse_task(const struct nlattr *nest, struct task *t)
{
	const struct nlattr *tb[LMISF_TASK_A_MAX + 1], *a;
	unsigned int nt = 0, nd = 0;
	int r;

	memset(t, 0, sizeof(*t));
	if (nl_parse_task_xid(nest, t->xid) ||
	    parse_nest(nest, tb, LMISF_TASK_A_MAX, task_types) ||
	    !tb[LMISF_TASK_A_DELIVERY])
		return -EINVAL;
	memcpy(t->xid, mnl_attr_get_payload(tb[LMISF_TASK_A_XID]),
	       LMISF_XID_LEN);
	if (tb[LMISF_TASK_A_ID])
		t->id = mnl_attr_get_u32(tb[LMISF_TASK_A_ID]);
	t->delivery = mnl_attr_get_u32(tb[LMISF_TASK_A_DELIVERY]);
	if (tb[LMISF_TASK_A_CORRELATION_ID]) {
		t->has_correlation = true;
		t->correlation_id =
			mnl_attr_get_u64(tb[LMISF_TASK_A_CORRELATION_ID]);
	}
	mnl_attr_for_each_nested(a, nest)
	{
		if (mnl_attr_get_type(a) == LMISF_TASK_A_TARGET)
			nt++;
		else if (mnl_attr_get_type(a) == LMISF_TASK_A_DID)
			nd++;
	}
	if (nt > LMISF_MAX_TARGETS || nd > LMISF_MAX_DIDS)
		return -EINVAL;
	t->targets = calloc(nt ? nt : 1, sizeof(*t->targets));
	t->dids = calloc(nd ? nd : 1, sizeof(*t->dids));
	if (!t->targets || !t->dids) {
		task_clear(t);
		return -ENOMEM;
	}
	mnl_attr_for_each_nested(a, nest)
	{
		if (mnl_attr_get_type(a) == LMISF_TASK_A_TARGET) {
			r = parse_target(a, &t->targets[t->n_targets++]);
			if (r) {
				task_clear(t);
				return r;
			}
		} else if (mnl_attr_get_type(a) == LMISF_TASK_A_DID) {
			if (!bin_len(a, LMISF_XID_LEN)) {
				task_clear(t);
				return -EINVAL;
			}
			memcpy(t->dids[t->n_dids++], mnl_attr_get_payload(a),
			       LMISF_XID_LEN);
		}
	}
	return 0;
}

int nl_parse_flow(const struct nlattr *nest, struct nl_flow *f)
{
	static const enum mnl_attr_data_type types[LMISF_FLOW_A_MAX + 1] = {
		[LMISF_FLOW_A_ID] = MNL_TYPE_U32,
		[LMISF_FLOW_A_XID] = MNL_TYPE_BINARY,
		[LMISF_FLOW_A_CORRELATION_ID] = MNL_TYPE_U64,
		[LMISF_FLOW_A_PROTO] = MNL_TYPE_U8,
		[LMISF_FLOW_A_SRC_IPV4] = MNL_TYPE_U32,
		[LMISF_FLOW_A_DST_IPV4] = MNL_TYPE_U32,
		[LMISF_FLOW_A_SRC_IPV6] = MNL_TYPE_BINARY,
		[LMISF_FLOW_A_DST_IPV6] = MNL_TYPE_BINARY,
		[LMISF_FLOW_A_SRC_PORT] = MNL_TYPE_U16,
		[LMISF_FLOW_A_DST_PORT] = MNL_TYPE_U16,
		[LMISF_FLOW_A_PACKETS] = MNL_TYPE_U64,
		[LMISF_FLOW_A_BYTES] = MNL_TYPE_U64,
	};
	const struct nlattr *tb[LMISF_FLOW_A_MAX + 1];

	memset(f, 0, sizeof(*f));
	if (parse_nest(nest, tb, LMISF_FLOW_A_MAX, types) ||
	    !tb[LMISF_FLOW_A_ID])
		return -EINVAL;
	f->id = mnl_attr_get_u32(tb[LMISF_FLOW_A_ID]);
	if (bin_len(tb[LMISF_FLOW_A_XID], LMISF_XID_LEN))
		memcpy(f->f.xid, mnl_attr_get_payload(tb[LMISF_FLOW_A_XID]),
		       LMISF_XID_LEN);
	if (tb[LMISF_FLOW_A_CORRELATION_ID])
		f->f.correlation_id =
			mnl_attr_get_u64(tb[LMISF_FLOW_A_CORRELATION_ID]);
	if (tb[LMISF_FLOW_A_PROTO])
		f->f.proto = mnl_attr_get_u8(tb[LMISF_FLOW_A_PROTO]);
	/* No destination: an endpoint flow (dst.ver and dport stay 0). */
	if (tb[LMISF_FLOW_A_SRC_IPV4]) {
		f->f.src.ver = 4;
		memcpy(f->f.src.a,
		       mnl_attr_get_payload(tb[LMISF_FLOW_A_SRC_IPV4]), 4);
		if (tb[LMISF_FLOW_A_DST_IPV4]) {
			f->f.dst.ver = 4;
			memcpy(f->f.dst.a,
			       mnl_attr_get_payload(tb[LMISF_FLOW_A_DST_IPV4]),
			       4);
		}
	} else if (bin_len(tb[LMISF_FLOW_A_SRC_IPV6], 16)) {
		f->f.src.ver = 6;
		memcpy(f->f.src.a,
		       mnl_attr_get_payload(tb[LMISF_FLOW_A_SRC_IPV6]), 16);
		if (bin_len(tb[LMISF_FLOW_A_DST_IPV6], 16)) {
			f->f.dst.ver = 6;
			memcpy(f->f.dst.a,
			       mnl_attr_get_payload(tb[LMISF_FLOW_A_DST_IPV6]),
			       16);
		}
	}
	if (tb[LMISF_FLOW_A_SRC_PORT])
		f->f.sport = ntohs(mnl_attr_get_u16(tb[LMISF_FLOW_A_SRC_PORT]));
	if (tb[LMISF_FLOW_A_DST_PORT])
		f->f.dport = ntohs(mnl_attr_get_u16(tb[LMISF_FLOW_A_DST_PORT]));
	if (tb[LMISF_FLOW_A_PACKETS])
		f->packets = mnl_attr_get_u64(tb[LMISF_FLOW_A_PACKETS]);
	if (tb[LMISF_FLOW_A_BYTES])
		f->bytes = mnl_attr_get_u64(tb[LMISF_FLOW_A_BYTES]);
	return 0;
}

/* A struct attribute: at least the size we know (a newer kernel may append). */
static bool get_struct(const struct nlattr *a, void *dst, size_t len)
{
	if (mnl_attr_get_payload_len(a) < len)
		return false;
	memcpy(dst, mnl_attr_get_payload(a), len); /* only 4-byte aligned */
	return true;
}

static int parse_match(const struct nlattr *a, struct pl_match *m)
{
	struct lmisf_copy_match cm;

	if (!get_struct(a, &cm, sizeof(cm)))
		return -EINVAL;
	memset(m, 0, sizeof(*m));
	m->kind = cm.kind;
	memcpy(m->xid, cm.xid, LMISF_XID_LEN);
	m->has_correlation = cm.flags & LMISF_MATCH_F_CORRELATION_ID;
	if (m->has_correlation)
		m->correlation_id = cm.correlation_id;
	m->flow_id = cm.flow_id;
	return 0;
}

int nl_parse_copy(const struct nlattr *nest, struct nl_copy *c,
		  const char **why)
{
	struct lmisf_copy_hdr h;
	const struct nlattr *a;
	bool have_hdr = false;

	memset(c, 0, sizeof(*c));
	mnl_attr_for_each_nested(a, nest)
	{
		switch (mnl_attr_get_type(a)) {
		case LMISF_COPY_A_HDR:
			*why = "short copy header";
			if (!get_struct(a, &h, sizeof(h)))
				return -EINVAL;
			have_hdr = true;
			break;
		case LMISF_COPY_A_MATCH:
			if (c->n_matches == PL_MAX_MATCHES) {
				c->matches_dropped++;
				break;
			}
			*why = "malformed match";
			if (parse_match(a, &c->matches[c->n_matches]))
				return -EINVAL;
			c->n_matches++;
			break;
		case LMISF_COPY_A_PACKET:
			c->packet = mnl_attr_get_payload(a);
			c->len = mnl_attr_get_payload_len(a);
			break;
		}
	}
	*why = "no header or packet";
	if (!have_hdr || !c->packet)
		return -EINVAL;
	c->seq = h.seq;
	c->tstamp = h.tstamp;
	c->kind = h.kind;
	c->hook = h.hook;
	c->ifindex_in = h.ifindex_in;
	c->ifindex_out = h.ifindex_out;
	c->orig_len = h.orig_len;
	if (h.flags & LMISF_COPY_F_GTPU) {
		c->gtpu = true;
		c->teid = h.teid;
		c->inner_offset = h.inner_offset;
		*why = "inner offset outside the packet";
		if (c->inner_offset >= c->len)
			return -EINVAL;
	}
	return 0;
}

const char *nl_stats_name(unsigned int attr)
{
	return lmisf_stats_name(attr);
}

int nl_parse_stats(const struct nlattr *nest,
		   uint64_t vals[LMISF_STATS_A_MAX + 1],
		   bool present[LMISF_STATS_A_MAX + 1])
{
	const struct nlattr *a;

	memset(vals, 0, (LMISF_STATS_A_MAX + 1) * sizeof(*vals));
	memset(present, 0, (LMISF_STATS_A_MAX + 1) * sizeof(*present));
	mnl_attr_for_each_nested(a, nest)
	{
		uint16_t t = mnl_attr_get_type(a);

		if (!lmisf_stats_name(t))
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_U64) < 0)
			return -EINVAL;
		vals[t] = mnl_attr_get_u64(a);
		present[t] = true;
	}
	return 0;
}

void nl_put_task_xid(struct nlmsghdr *nlh, const uint8_t xid[LMISF_XID_LEN])
{
	mnl_attr_put(nlh, LMISF_TASK_A_XID, LMISF_XID_LEN, xid);
}

void nl_put_flow(struct nlmsghdr *nlh, const struct pl_flow *f)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, LMISF_A_FLOW);

	mnl_attr_put(nlh, LMISF_FLOW_A_XID, LMISF_XID_LEN, f->xid);
	mnl_attr_put_u64(nlh, LMISF_FLOW_A_CORRELATION_ID, f->correlation_id);
	mnl_attr_put_u8(nlh, LMISF_FLOW_A_PROTO, f->proto);
	mnl_attr_put(nlh,
		     f->src.ver == 4 ? LMISF_FLOW_A_SRC_IPV4 :
				       LMISF_FLOW_A_SRC_IPV6,
		     f->src.ver == 4 ? 4 : 16, f->src.a);
	mnl_attr_put_u16(nlh, LMISF_FLOW_A_SRC_PORT, htons(f->sport));
	if (pl_flow_is_endpoint(f)) /* no destination attribute at all */
		goto out;
	mnl_attr_put(nlh,
		     f->dst.ver == 4 ? LMISF_FLOW_A_DST_IPV4 :
				       LMISF_FLOW_A_DST_IPV6,
		     f->dst.ver == 4 ? 4 : 16, f->dst.a);
	mnl_attr_put_u16(nlh, LMISF_FLOW_A_DST_PORT, htons(f->dport));
out:
	mnl_attr_nest_end(nlh, n);
}
