// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "log.h"
#include "nlmsg.h"
#include "nlsource.h"

/* Room for the largest batch (nlbufsiz max) plus headers. */
#define DATA_BUFSIZE (LMISF_NLBUFSIZ_MAX + 16384)

struct nlsource {
	struct pipeline *pl;
	struct nlconn data, ctl;
	bool attached;
	uint64_t next_seq; /* expected copy sequence number */
	bool resync_pending;
	bool unbind_acked;
	uint32_t unbind_seq;
	unsigned int flows;
	struct nlsource_stats st;
};

static void sink_attrs(struct nlmsghdr *nlh, const struct lm_config *cfg)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, LMISF_A_SINK);

	mnl_attr_put_u32(nlh, LMISF_SINK_A_NLBUFSIZ, cfg->sink.nlbufsiz);
	mnl_attr_put_u32(nlh, LMISF_SINK_A_QTHRESHOLD, cfg->sink.qthreshold);
	mnl_attr_put_u32(nlh, LMISF_SINK_A_FLUSH_MS, cfg->sink.flush_ms);
	mnl_attr_put_u32(nlh, LMISF_SINK_A_COPY_RANGE, cfg->sink.copy_range);
	mnl_attr_nest_end(nlh, n);
}

static void set_rcvbuf(struct nlsource *ns, uint64_t bytes)
{
	int fd = mnl_socket_get_fd(ns->data.nl), v = (int)bytes;

	/* FORCE passes rmem_max (CAP_NET_ADMIN, which the sink needs) */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)))
		log_warn("receive buffer of %d bytes refused: %s", v,
			 strerror(errno));
}

struct nlsource *nlsource_new_detached(struct pipeline *pl)
{
	struct nlsource *ns = calloc(1, sizeof(*ns));

	if (!ns)
		return NULL;
	ns->pl = pl;
	ns->next_seq = 1;
	return ns;
}

struct nlsource *nlsource_new(struct pipeline *pl, const struct lm_config *cfg,
			      char *err, size_t errlen)
{
	struct nlsource *ns = nlsource_new_detached(pl);
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int r;

	if (!ns) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r = nlconn_open(&ns->ctl, 65536);
	if (!r)
		r = nlconn_open(&ns->data, DATA_BUFSIZE);
	if (r) {
		snprintf(err, errlen, "generic netlink family \"%s\": %s%s",
			 LMISF_GENL_NAME, strerror(-r),
			 r == -ENOENT ? " (is lmisf.ko loaded?)" : "");
		goto fail;
	}
	ns->attached = true;
	set_rcvbuf(ns, cfg->sink.rcvbuf);
	nlh = nlconn_msg(&ns->data, buf, LMISF_CMD_SINK_BIND, NLM_F_ACK);
	sink_attrs(nlh, cfg);
	r = nlconn_request(&ns->data, nlh, NULL, NULL);
	if (r) {
		snprintf(err, errlen, "sink bind: %s%s%s", strerror(-r),
			 ns->data.errmsg[0] ? ": " : "", ns->data.errmsg);
		goto fail;
	}
	log_info(
		"bound as the sink (nlbufsiz %u, qthreshold %u, flush %u ms, copy range %u)",
		cfg->sink.nlbufsiz, cfg->sink.qthreshold, cfg->sink.flush_ms,
		cfg->sink.copy_range);
	r = nlsource_resync(ns);
	if (r) {
		snprintf(err, errlen, "dump: %s%s%s", strerror(-r),
			 ns->ctl.errmsg[0] ? ": " : "", ns->ctl.errmsg);
		goto fail;
	}
	ns->st.resyncs = 0; /* the first dump is not a resync */
	return ns;
fail:
	nlsource_free(ns);
	return NULL;
}

void nlsource_free(struct nlsource *ns)
{
	if (!ns)
		return;
	nlconn_close(&ns->data);
	nlconn_close(&ns->ctl);
	free(ns);
}

int nlsource_fd(const struct nlsource *ns)
{
	return ns->attached ? mnl_socket_get_fd(ns->data.nl) : -1;
}

bool nlsource_resync_pending(const struct nlsource *ns)
{
	return ns->resync_pending;
}

static void handle_copy(struct nlsource *ns, const struct nlattr *a)
{
	struct pl_origin o = { .source = PL_SRC_KERNEL };
	struct decode_meta meta = { 0 };
	struct nl_copy c;
	const char *why;

	if (nl_parse_copy(a, &c, &why)) {
		ns->st.bad_messages++;
		log_warn_ratelimited("copy refused: %s", why);
		return;
	}
	ns->st.rx_copies++;
	ns->st.rx_bytes += c.len;
	ns->st.matches_dropped += c.matches_dropped;
	if (c.seq > ns->next_seq) {
		uint64_t lost = c.seq - ns->next_seq;

		ns->st.seq_gaps++;
		ns->st.seq_lost += lost;
		ns->resync_pending = true;
		log_warn_ratelimited(
			"%llu copies lost (sequence %llu, expected %llu)",
			(unsigned long long)lost, (unsigned long long)c.seq,
			(unsigned long long)ns->next_seq);
		pipeline_loss(ns->pl, lost);
	} else if (c.seq < ns->next_seq) {
		ns->st.seq_backwards++;
	}
	ns->next_seq = c.seq + 1;

	o.seq = c.seq;
	o.ts_ns = c.tstamp;
	o.hook = (int)c.hook;
	o.ifindex_in = c.ifindex_in;
	o.ifindex_out = c.ifindex_out;
	o.kind = c.kind;
	o.orig_len = c.orig_len;
	o.n_matches = c.n_matches;
	o.matches = c.matches;
	meta.ts_ns = c.tstamp;
	meta.hook = (int)c.hook;
	meta.ifindex_in = c.ifindex_in;
	meta.ifindex_out = c.ifindex_out;
	meta.seq = c.seq;
	meta.from_kernel = true;
	meta.kernel_decap = c.gtpu;
	meta.kernel_teid = c.teid;
	meta.kernel_inner_offset = c.inner_offset;
	pipeline_packet(ns->pl, c.packet, c.len, &o, &meta);
}

static void handle_task_ntf(struct nlsource *ns, const struct nlattr **tb)
{
	uint8_t xid[LMISF_XID_LEN];
	struct task t;
	uint32_t ev;

	ns->st.task_ntf++;
	if (!tb[LMISF_A_EVENT] || !tb[LMISF_A_TASK])
		goto bad;
	ev = mnl_attr_get_u32(tb[LMISF_A_EVENT]);
	if (ev == LMISF_EVENT_DELETED) {
		if (nl_parse_task_xid(tb[LMISF_A_TASK], xid))
			goto bad;
		/* -ENOENT: already gone after a resync */
		tasks_del(pipeline_tasks(ns->pl), xid);
		return;
	}
	if ((ev != LMISF_EVENT_NEW && ev != LMISF_EVENT_MODIFIED) ||
	    nl_parse_task(tb[LMISF_A_TASK], &t))
		goto bad;
	if (tasks_put(pipeline_tasks(ns->pl), &t)) {
		/* the mirror is now wrong: dump again */
		ns->resync_pending = true;
	}
	task_clear(&t);
	return;
bad:
	ns->st.bad_messages++;
}

static void handle_flow_ntf(struct nlsource *ns, const struct nlattr **tb)
{
	struct nl_flow f;
	uint32_t ev;

	ns->st.flow_ntf++;
	if (!tb[LMISF_A_EVENT] || !tb[LMISF_A_FLOW] ||
	    nl_parse_flow(tb[LMISF_A_FLOW], &f)) {
		ns->st.bad_messages++;
		return;
	}
	ev = mnl_attr_get_u32(tb[LMISF_A_EVENT]);
	if (ev == LMISF_EVENT_NEW) {
		ns->flows++;
	} else if (ev == LMISF_EVENT_DELETED) {
		if (ns->flows)
			ns->flows--;
		pipeline_flow_gone(
			ns->pl, f.id,
			tb[LMISF_A_REASON] ?
				mnl_attr_get_u32(tb[LMISF_A_REASON]) :
				0);
	}
}

static void handle_error(struct nlsource *ns, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const char *m;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e)) {
		ns->st.bad_messages++;
		return;
	}
	if (ns->unbind_seq && nlh->nlmsg_seq == ns->unbind_seq)
		ns->unbind_acked = true;
	if (!e->error)
		return;
	ns->st.request_errors++;
	m = nl_extack_msg(nlh);
	log_warn_ratelimited("request %u refused: %s%s%s", nlh->nlmsg_seq,
			     strerror(-e->error), m ? ": " : "", m ? m : "");
}

void nlsource_input(struct nlsource *ns, const void *buf, size_t len)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	const struct nlmsghdr *nlh = buf;
	const struct genlmsghdr *g;
	size_t n = len;

	ns->st.rx_datagrams++;
	for (; nl_msg_ok(nlh, n); nlh = nl_msg_next(nlh, &n)) {
		if (nlh->nlmsg_type == NLMSG_DONE ||
		    nlh->nlmsg_type == NLMSG_NOOP)
			continue;
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			handle_error(ns, nlh);
			continue;
		}
		if ((ns->attached && nlh->nlmsg_type != ns->data.family) ||
		    !nl_parse_top(nlh, tb)) {
			ns->st.bad_messages++;
			continue;
		}
		g = mnl_nlmsg_get_payload(nlh);
		switch (g->cmd) {
		case LMISF_CMD_COPY:
			if (tb[LMISF_A_COPY])
				handle_copy(ns, tb[LMISF_A_COPY]);
			else
				ns->st.bad_messages++;
			break;
		case LMISF_CMD_TASK_NTF:
			handle_task_ntf(ns, tb);
			break;
		case LMISF_CMD_FLOW_NTF:
			handle_flow_ntf(ns, tb);
			break;
		default:
			/* a reply to SINK_SET and the like */
			break;
		}
	}
	if (n > 0)
		ns->st.bad_messages++; /* a truncated tail */
}

int nlsource_dispatch(struct nlsource *ns)
{
	ssize_t n;

	for (;;) {
		n = recv(nlsource_fd(ns), ns->data.buf, ns->data.bufsize,
			 MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			if (errno == ENOBUFS) {
				/* copies and events were dropped: the
				 * module counted them, the gap shows the
				 * copies, a dump recovers the events */
				ns->st.enobufs++;
				ns->resync_pending = true;
				pipeline_loss(ns->pl, 0);
				continue;
			}
			return -errno;
		}
		nlsource_input(ns, ns->data.buf, (size_t)n);
	}
	if (ns->resync_pending)
		nlsource_resync(ns);
	return 0;
}

static int dump_task(const struct nlattr **tb, void *arg)
{
	struct nlsource *ns = arg;
	struct task t;
	int r;

	if (!tb[LMISF_A_TASK] || nl_parse_task(tb[LMISF_A_TASK], &t)) {
		ns->st.bad_messages++;
		return 0;
	}
	r = tasks_put(pipeline_tasks(ns->pl), &t);
	task_clear(&t);
	return r;
}

static int dump_flow(const struct nlattr **tb, void *arg)
{
	struct nlsource *ns = arg;
	struct nl_flow f;

	if (!tb[LMISF_A_FLOW] || nl_parse_flow(tb[LMISF_A_FLOW], &f))
		ns->st.bad_messages++;
	else
		ns->flows++;
	return 0;
}

int nlsource_resync(struct nlsource *ns)
{
	struct tasks *ts = pipeline_tasks(ns->pl);
	unsigned int flows = ns->flows;
	int r;

	if (!ns->attached)
		return -ENOTCONN;
	ns->st.resyncs++;
	tasks_sync_begin(ts);
	r = nlconn_dump(&ns->ctl, LMISF_CMD_TASK_GET, dump_task, ns);
	if (r) {
		/* keep what we had: a partial dump must not delete tasks */
		ns->st.resync_failures++;
		log_err("task dump: %s", strerror(-r));
		return r;
	}
	tasks_sync_end(ts);
	ns->flows = 0;
	r = nlconn_dump(&ns->ctl, LMISF_CMD_FLOW_GET, dump_flow, ns);
	if (r) {
		ns->flows = flows;
		ns->st.resync_failures++;
		log_err("flow dump: %s", strerror(-r));
		return r;
	}
	ns->resync_pending = false;
	log_info("%u tasks, %u flows", tasks_count(ts), ns->flows);
	return 0;
}

int nlsource_apply(struct nlsource *ns, const struct lm_config *cfg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	if (!ns->attached)
		return -ENOTCONN;
	set_rcvbuf(ns, cfg->sink.rcvbuf);
	/* the answer comes between copies: handle_error() reports it */
	nlh = nlconn_msg(&ns->data, buf, LMISF_CMD_SINK_SET, 0);
	sink_attrs(nlh, cfg);
	if (mnl_socket_sendto(ns->data.nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	return 0;
}

struct report_ctx {
	struct nlsource *ns;
	int err;
};

static void send_report(void *arg, const struct pl_report *r)
{
	struct report_ctx *rc = arg;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *n;

	nlh = nlconn_msg(&rc->ns->data, buf, LMISF_CMD_TASK_REPORT, 0);
	n = mnl_attr_nest_start(nlh, LMISF_A_TASK);
	nl_put_task_xid(nlh, r->xid);
	mnl_attr_put_u64(nlh, LMISF_TASK_A_X2_PDUS, r->x2_pdus);
	mnl_attr_put_u64(nlh, LMISF_TASK_A_X2_BYTES, r->x2_bytes);
	mnl_attr_put_u64(nlh, LMISF_TASK_A_X3_PDUS, r->x3_pdus);
	mnl_attr_put_u64(nlh, LMISF_TASK_A_X3_BYTES, r->x3_bytes);
	if (r->last_ts_ns)
		mnl_attr_put_u64(nlh, LMISF_TASK_A_LAST_INTERCEPT,
				 r->last_ts_ns);
	mnl_attr_nest_end(nlh, n);
	if (mnl_socket_sendto(rc->ns->data.nl, nlh, nlh->nlmsg_len) < 0)
		rc->err = -errno;
	else
		rc->ns->st.reports_sent++;
}

int nlsource_report(struct nlsource *ns)
{
	struct report_ctx rc = { .ns = ns };

	if (!ns->attached)
		return -ENOTCONN;
	pipeline_take_reports(ns->pl, send_report, &rc);
	return rc.err;
}

struct stats_ctx {
	uint64_t *vals;
	bool *present;
};

static int stats_reply(const struct nlattr **tb, void *arg)
{
	struct stats_ctx *sc = arg;

	if (!tb[LMISF_A_STATS])
		return -EBADMSG;
	return nl_parse_stats(tb[LMISF_A_STATS], sc->vals, sc->present);
}

int nlsource_kernel_stats(struct nlsource *ns,
			  uint64_t vals[LMISF_STATS_A_MAX + 1],
			  bool present[LMISF_STATS_A_MAX + 1])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct stats_ctx sc = { vals, present };

	if (!ns->attached)
		return -ENOTCONN;
	return nlconn_request(&ns->ctl,
			      nlconn_msg(&ns->ctl, buf, LMISF_CMD_STATS_GET,
					 NLM_F_ACK),
			      stats_reply, &sc);
}

static int flow_reply(const struct nlattr **tb, void *arg)
{
	struct nl_flow f;

	if (!tb[LMISF_A_FLOW] || nl_parse_flow(tb[LMISF_A_FLOW], &f))
		return -EBADMSG;
	*(uint32_t *)arg = f.id;
	return 0;
}

static int flow_install(void *ctx, const struct pl_flow *f, uint32_t *id)
{
	struct nlsource *ns = ctx;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int r;

	*id = 0;
	nlh = nlconn_msg(&ns->ctl, buf, LMISF_CMD_FLOW_NEW, NLM_F_ACK);
	nl_put_flow(nlh, f);
	r = nlconn_request(&ns->ctl, nlh, flow_reply, id);
	if (!r && !*id)
		r = -EBADMSG;
	if (r)
		log_debug("flow install refused: %s%s%s", strerror(-r),
			  ns->ctl.errmsg[0] ? ": " : "", ns->ctl.errmsg);
	return r;
}

static int flow_remove(void *ctx, uint32_t id)
{
	struct nlsource *ns = ctx;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *n;

	nlh = nlconn_msg(&ns->ctl, buf, LMISF_CMD_FLOW_DEL, NLM_F_ACK);
	n = mnl_attr_nest_start(nlh, LMISF_A_FLOW);
	mnl_attr_put_u32(nlh, LMISF_FLOW_A_ID, id);
	mnl_attr_nest_end(nlh, n);
	return nlconn_request(&ns->ctl, nlh, NULL, NULL);
}

void nlsource_flow_ops(struct nlsource *ns, struct pl_flow_ops *ops)
{
	ops->ctx = ns;
	ops->install = flow_install;
	ops->remove = flow_remove;
}

int nlsource_unbind(struct nlsource *ns)
{
	struct timeval tv = { .tv_sec = 10 };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	ssize_t n;

	if (!ns->attached)
		return -ENOTCONN;
	nlsource_report(ns);
	nlh = nlconn_msg(&ns->data, buf, LMISF_CMD_SINK_UNBIND, NLM_F_ACK);
	ns->unbind_seq = nlh->nlmsg_seq;
	if (mnl_socket_sendto(ns->data.nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	/* the pending copies come first, then the acknowledgement */
	setsockopt(nlsource_fd(ns), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (!ns->unbind_acked) {
		n = recv(nlsource_fd(ns), ns->data.buf, ns->data.bufsize, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				ns->st.enobufs++;
				continue;
			}
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		}
		nlsource_input(ns, ns->data.buf, (size_t)n);
	}
	log_info("unbound");
	return 0;
}

const struct nlsource_stats *nlsource_get_stats(const struct nlsource *ns)
{
	return &ns->st;
}

void nlsource_stats_foreach(const struct nlsource *ns,
			    void (*fn)(void *arg, const char *name,
				       uint64_t val),
			    void *arg)
{
#define NLSOURCE_STATS_CALL(name) fn(arg, #name, ns->st.name);
	NLSOURCE_STATS(NLSOURCE_STATS_CALL)
#undef NLSOURCE_STATS_CALL
}

unsigned int nlsource_flows(const struct nlsource *ns)
{
	return ns->flows;
}
