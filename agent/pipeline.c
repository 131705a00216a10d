// SPDX-License-Identifier: GPL-2.0
/*
 * The pipeline: decoded payloads become SIP messages for the IMS layer;
 * the IMS layer's PDUs go to delivery; delivery's amounts go back to the
 * kernel. SIP framing follows RFC 3261 18.3: one message per UDP
 * datagram; on TCP, messages back to back, delimited by Content-Length
 * (sip_frame()), with CRLF keepalives between them (RFC 5626 3.5.1).
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "pipeline_core.h"

struct report_slot {
	struct pl_report r;
	bool used;
};

struct pipeline {
	enum pl_source_kind mode;
	struct decoder *dec;
	struct tasks *tasks;
	struct pl_consumer consumer;
	struct pl_deliver_ops deliver;
	struct pl_services services;
	struct pl_flow_ops flow_ops;
	struct pipeline_stats st;
	const struct pl_origin *origin; /* of the packet being decoded */
	struct sip_msg *msg; /* large: one, reused */
	uint8_t *pdu_buf;
	size_t pdu_cap;
	struct report_slot *reports;
	unsigned int n_reports, cap_reports;
};

/*
 * Does a payload begin like a SIP start line? A letter, then within the
 * first line "SIP/" (a status line starts with it, a request line ends
 * with it). RTP (first byte 0x80..0xbf), DNS, STUN and TLS never pass;
 * anything that passes and does not parse is counted as a parse error
 * rather than ignored, so malformed start lines stay visible.
 */
static bool sip_start_plausible(const uint8_t *d, size_t n)
{
	size_t i, lim = n < 8192 ? n : 8192;

	if (!n ||
	    !((d[0] >= 'A' && d[0] <= 'Z') || (d[0] >= 'a' && d[0] <= 'z')))
		return false;
	for (i = 0; i + 4 <= lim && d[i] != '\r' && d[i] != '\n'; i++)
		if (!strncasecmp((const char *)d + i, "SIP/", 4))
			return true;
	return false;
}

/* RFC 3261 25.1 token characters. */
static bool is_token(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("-.!%*_+`'~", c));
}

/*
 * Stricter, to find a message inside a stream after lost bytes, where the
 * tail of a request line ("e.example SIP/2.0") or a header line ("Via:
 * SIP/2.0/TCP ...") must not pass: "SIP/" then a digit (status line), or
 * Method SP Request-URI SP "SIP/" (RFC 3261 7.1), the URI with a scheme.
 */
static bool sip_start_line(const uint8_t *d, size_t n)
{
	size_t i = 0, colon = 0, lim = n < 8192 ? n : 8192;

	if (n >= 5 && !strncasecmp((const char *)d, "SIP/", 4))
		return d[4] >= '0' && d[4] <= '9';
	while (i < lim && is_token(d[i]))
		i++;
	if (!i || i >= lim || d[i] != ' ')
		return false;
	for (i++; i < lim && d[i] > ' ' && d[i] != 0x7f; i++)
		if (d[i] == ':' && !colon)
			colon = i;
	/* a scheme before the colon: the URI starts with a letter */
	if (!colon || i + 5 > lim || d[i] != ' ')
		return false;
	return !strncasecmp((const char *)d + i + 1, "SIP/", 4);
}

static bool all_crlf(const uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (d[i] != '\r' && d[i] != '\n')
			return false;
	return n > 0;
}

static void fill_sip(struct pipeline *pl, struct pl_sip *s,
		     const struct dec_payload *p, const char *raw,
		     size_t raw_len)
{
	memset(s, 0, sizeof(*s));
	s->msg = pl->msg;
	s->raw = raw;
	s->raw_len = raw_len;
	s->ts_ns = p->ts_ns;
	s->transport = p->proto;
	s->src = p->src;
	s->dst = p->dst;
	s->sport = p->sport;
	s->dport = p->dport;
	if (p->flags & DEC_F_REASSEMBLED)
		s->flags |= PL_SIP_F_REASSEMBLED;
	if (p->flags & DEC_F_GAP)
		s->flags |= PL_SIP_F_AFTER_GAP;
	if (p->proto == IPPROTO_TCP && p->from_initiator)
		s->flags |= PL_SIP_F_FROM_INITIATOR;
	s->tunnelled = p->tunnelled;
	s->teid = p->teid;
	s->outer_src = p->outer_src;
	s->outer_dst = p->outer_dst;
	s->outer_sport = p->outer_sport;
	s->outer_dport = p->outer_dport;
	s->ip = p->ip;
	s->ip_len = p->ip_len;
	s->pani = sip_hdr_first(pl->msg, SIP_H_P_ACCESS_NETWORK_INFO);
	s->origin = p->meta ? pl->origin : NULL;
}

/* Parses one message and hands it on; false if it was refused. */
static bool sip_message(struct pipeline *pl, const struct dec_payload *p,
			const uint8_t *d, size_t n, unsigned int flags)
{
	struct sip_error err;
	struct pl_sip s;

	if (sip_parse(pl->msg, (const char *)d, n, flags, &err)) {
		pl->st.sip_parse_errors++;
		log_debug("SIP message refused: %s (offset %zu)",
			  err.reason ? err.reason : "?", err.offset);
		return false;
	}
	if (sip_msg_check(pl->msg, &err)) {
		pl->st.sip_check_errors++;
		log_debug("SIP message refused: %s",
			  err.reason ? err.reason : "?");
		return false;
	}
	if (p->proto == IPPROTO_UDP)
		pl->st.sip_udp++;
	else
		pl->st.sip_tcp++;
	if (pl->msg->is_request)
		pl->st.sip_requests++;
	else
		pl->st.sip_responses++;
	fill_sip(pl, &s, p, (const char *)d, pl->msg->len);
	if (pl->consumer.sip)
		pl->consumer.sip(pl->consumer.ctx, &s);
	return true;
}

static void on_udp(struct pipeline *pl, const struct dec_payload *p)
{
	if (all_crlf(p->data, p->len)) {
		pl->st.sip_keepalives++;
		return;
	}
	if (!sip_start_plausible(p->data, p->len)) {
		pl->st.udp_not_sip++;
		return;
	}
	sip_message(pl, p, p->data, p->len, 0);
}

/*
 * Where the next message may start: at 0 if the bytes begin like one, else
 * after the first line break followed by a plausible start line. Without
 * one, everything up to the last line break is skipped (the rest may be
 * the beginning of a start line).
 */
static size_t resync_offset(const uint8_t *d, size_t n, size_t from)
{
	size_t i, last_nl = 0;

	if (!from && sip_start_line(d, n))
		return 0;
	for (i = from; i < n; i++) {
		if (d[i] != '\n')
			continue;
		last_nl = i + 1;
		if (i + 1 < n && sip_start_line(d + i + 1, n - i - 1))
			return i + 1;
	}
	return last_nl;
}

static bool printable(const uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((d[i] < ' ' && d[i] != '\t') || d[i] > '~')
			return false;
	return true;
}

/*
 * The stream does not begin with a SIP start line (another protocol, or
 * the middle of a message after lost bytes): skip to the next line that
 * could start one. A first line still arriving is waited for while it
 * could be SIP (short, printable).
 */
static size_t tcp_skip(struct pipeline *pl, const struct dec_payload *p)
{
	size_t skip = resync_offset(p->data, p->len, 0);

	if (!skip) {
		if (!(p->flags & DEC_F_END) && p->len < 8192 &&
		    printable(p->data, p->len))
			return 0;
		skip = p->len;
	}
	pl->st.tcp_resync_bytes += skip;
	return skip;
}

static size_t on_tcp(struct pipeline *pl, const struct dec_payload *p)
{
	struct sip_error err;
	size_t len = 0, skip;

	if (!p->len)
		return 0;
	/* after lost bytes only a real start line will do */
	if (p->data[0] != '\r' && p->data[0] != '\n' &&
	    !(p->flags & DEC_F_GAP ? sip_start_line(p->data, p->len) :
				     sip_start_plausible(p->data, p->len)))
		return tcp_skip(pl, p);
	switch (sip_frame((const char *)p->data, p->len, &len, &err)) {
	case SIP_FRAME_KEEPALIVE:
		pl->st.sip_keepalives++;
		return len;
	case SIP_FRAME_MESSAGE:
		/* a refused message is still consumed: its length is known */
		sip_message(pl, p, p->data, len, SIP_PARSE_STREAM);
		return len;
	case SIP_FRAME_ERROR:
		pl->st.tcp_frame_errors++;
		skip = resync_offset(p->data, p->len, 1);
		if (!skip)
			skip = p->len;
		pl->st.tcp_resync_bytes += skip;
		return skip;
	case SIP_FRAME_NEED_MORE:
		break;
	}
	if (p->flags & DEC_F_END) {
		pl->st.tcp_end_bytes += p->len;
		return p->len;
	}
	return 0;
}

static size_t on_payload(void *ctx, const struct dec_payload *p)
{
	struct pipeline *pl = ctx;

	if (p->proto == IPPROTO_UDP) {
		on_udp(pl, p);
		return p->len;
	}
	return on_tcp(pl, p);
}

/* Services for the IMS layer (pipeline.h (b)). */

static int svc_emit(void *ctx, const struct x2x3_pdu *pdu)
{
	struct pipeline *pl = ctx;
	const struct task *t = tasks_find(pl->tasks, pdu->xid);
	bool x2 = pdu->type == X2X3_PDU_X2;
	ssize_t n;

	if (!t || (pdu->type != X2X3_PDU_X2 && pdu->type != X2X3_PDU_X3)) {
		pl->st.records_refused++;
		return t ? -EINVAL : -ENOENT;
	}
	if (t->delivery ==
	    (x2 ? LMISF_DELIVERY_X3_ONLY : LMISF_DELIVERY_X2_ONLY)) {
		pl->st.records_refused++;
		return -EPERM;
	}
	n = x2x3_encoded_size(pdu);
	if (n < 0) {
		pl->st.records_undeliverable++;
		return -EINVAL;
	}
	if ((size_t)n > pl->pdu_cap) {
		uint8_t *b = realloc(pl->pdu_buf, (size_t)n);

		if (!b) {
			pl->st.records_undeliverable++;
			return -ENOMEM;
		}
		pl->pdu_buf = b;
		pl->pdu_cap = (size_t)n;
	}
	n = x2x3_encode(pdu, pl->pdu_buf, pl->pdu_cap);
	if (n < 0) {
		pl->st.records_undeliverable++;
		return -EINVAL;
	}
	if (x2)
		pl->st.records_x2++;
	else
		pl->st.records_x3++;
	if (!t->n_dids) {
		pl->st.records_undeliverable++;
		return -EDESTADDRREQ;
	}
	if (!pl->deliver.submit) {
		pl->st.records_undeliverable++;
		return -ENODEV;
	}
	return pl->deliver.submit(pl->deliver.ctx, t->xid, pdu->type,
				  (const uint8_t(*)[LMISF_XID_LEN])t->dids,
				  t->n_dids, pl->pdu_buf, (size_t)n);
}

static int svc_flow_install(void *ctx, const struct pl_flow *f,
			    uint32_t *flow_id)
{
	struct pipeline *pl = ctx;
	int r = -EOPNOTSUPP;

	if (pl->flow_ops.install)
		r = pl->flow_ops.install(pl->flow_ops.ctx, f, flow_id);
	if (r)
		pl->st.flows_install_failed++;
	else
		pl->st.flows_installed++;
	return r;
}

static int svc_flow_remove(void *ctx, uint32_t flow_id)
{
	struct pipeline *pl = ctx;
	int r = -EOPNOTSUPP;

	if (pl->flow_ops.remove)
		r = pl->flow_ops.remove(pl->flow_ops.ctx, flow_id);
	if (!r)
		pl->st.flows_removed++;
	return r;
}

static const struct tasks *svc_tasks(void *ctx)
{
	struct pipeline *pl = ctx;

	return pl->tasks;
}

static void on_task_event(void *ctx, enum task_event ev, const struct task *t)
{
	struct pipeline *pl = ctx;

	if (pl->consumer.task_event)
		pl->consumer.task_event(pl->consumer.ctx, ev, t);
}

struct pipeline *pipeline_new(const struct lm_config *cfg,
			      enum pl_source_kind mode)
{
	struct pipeline *pl = calloc(1, sizeof(*pl));

	if (!pl)
		return NULL;
	pl->mode = mode;
	pl->msg = malloc(sizeof(*pl->msg));
	pl->tasks = tasks_new(on_task_event, pl);
	pl->dec = decode_new(&cfg->decode, on_payload, pl);
	if (!pl->msg || !pl->tasks || !pl->dec) {
		pipeline_free(pl);
		return NULL;
	}
	pl->services = (struct pl_services){
		.ctx = pl,
		.emit = svc_emit,
		.flow_install = svc_flow_install,
		.flow_remove = svc_flow_remove,
		.tasks = svc_tasks,
	};
	return pl;
}

void pipeline_free(struct pipeline *pl)
{
	if (!pl)
		return;
	/* ends TCP streams: their last bytes still reach the consumer */
	if (pl->dec)
		decode_free(pl->dec);
	if (pl->consumer.free)
		pl->consumer.free(pl->consumer.ctx);
	if (pl->deliver.free)
		pl->deliver.free(pl->deliver.ctx);
	tasks_free(pl->tasks);
	free(pl->msg);
	free(pl->pdu_buf);
	free(pl->reports);
	free(pl);
}

void pl_set_consumer(struct pipeline *pl, const struct pl_consumer *c)
{
	pl->consumer = *c;
}

void pl_set_delivery(struct pipeline *pl, const struct pl_deliver_ops *d)
{
	pl->deliver = *d;
}

const struct pl_services *pl_services(struct pipeline *pl)
{
	return &pl->services;
}

struct tasks *pipeline_tasks(struct pipeline *pl)
{
	return pl->tasks;
}

void pipeline_set_flow_ops(struct pipeline *pl, const struct pl_flow_ops *o)
{
	pl->flow_ops = *o;
}

void pipeline_packet(struct pipeline *pl, const uint8_t *pkt, size_t len,
		     const struct pl_origin *origin,
		     const struct decode_meta *meta)
{
	pl->origin = origin;
	decode_packet(pl->dec, pkt, len, meta);
	if (origin->n_matches &&
	    origin->kind & (LMISF_COPY_TARGET | LMISF_COPY_MEDIA)) {
		struct pl_packet pp = {
			.origin = origin,
			.pkt = pkt,
			.len = len,
			.tunnelled = meta->kernel_decap,
			.teid = meta->kernel_teid,
			.inner_offset = meta->kernel_inner_offset,
		};

		pl->st.packets_matched++;
		if (pl->consumer.packet)
			pl->consumer.packet(pl->consumer.ctx, &pp);
	}
	pl->origin = NULL;
}

void pipeline_tick(struct pipeline *pl, uint64_t now_ns)
{
	decode_expire(pl->dec, now_ns);
	if (pl->consumer.tick)
		pl->consumer.tick(pl->consumer.ctx, now_ns);
}

void pipeline_loss(struct pipeline *pl, uint64_t copies)
{
	pl->st.loss_events++;
	pl->st.lost_copies += copies;
	if (pl->consumer.loss)
		pl->consumer.loss(pl->consumer.ctx, copies);
}

void pipeline_flow_gone(struct pipeline *pl, uint32_t flow_id, uint32_t reason)
{
	if (pl->consumer.flow_gone)
		pl->consumer.flow_gone(pl->consumer.ctx, flow_id, reason);
}

void pipeline_flush(struct pipeline *pl)
{
	decode_flush(pl->dec);
	if (pl->consumer.flush)
		pl->consumer.flush(pl->consumer.ctx);
	if (pl->deliver.flush)
		pl->deliver.flush(pl->deliver.ctx);
}

int pipeline_reconfigure(struct pipeline *pl, const struct lm_config *cfg)
{
	int r = 0, e;

	log_set_level(cfg->log.level);
	if (pl->consumer.reconfigure) {
		e = pl->consumer.reconfigure(pl->consumer.ctx, cfg);
		if (e && !r)
			r = e;
	}
	if (pl->deliver.reconfigure) {
		e = pl->deliver.reconfigure(pl->deliver.ctx, cfg);
		if (e && !r)
			r = e;
	}
	return r;
}

const struct pipeline_stats *pipeline_get_stats(const struct pipeline *pl)
{
	return &pl->st;
}

const struct decode_stats *pipeline_decode_stats(const struct pipeline *pl)
{
	return decode_get_stats(pl->dec);
}

void pipeline_stats_foreach(const struct pipeline *pl,
			    void (*fn)(void *arg, const char *name,
				       uint64_t val),
			    void *arg)
{
#define PIPELINE_STATS_CALL(name) fn(arg, #name, pl->st.name);
	PIPELINE_STATS(PIPELINE_STATS_CALL)
#undef PIPELINE_STATS_CALL
	decode_stats_foreach(decode_get_stats(pl->dec), fn, arg);
}

size_t pipeline_peer_stats(struct pipeline *pl, char *buf, size_t size)
{
	size_t n = 0;

	if (!size)
		return 0;
	buf[0] = 0;
	if (pl->consumer.stats && size > 1) {
		buf[n++] = ' ';
		buf[n] = 0;
		if (pl->consumer.stats(pl->consumer.ctx, buf + n, size - n) < 0)
			buf[--n] = 0;
		n += strlen(buf + n);
	}
	if (pl->deliver.stats && n + 1 < size) {
		buf[n++] = ' ';
		buf[n] = 0;
		if (pl->deliver.stats(pl->deliver.ctx, buf + n, size - n) < 0)
			buf[--n] = 0;
		n += strlen(buf + n);
	}
	return n;
}

void pl_delivered(struct pipeline *pl, const uint8_t xid[LMISF_XID_LEN],
		  enum x2x3_pdu_type type, size_t bytes, uint64_t ts_ns)
{
	struct report_slot *s = NULL;
	unsigned int i;

	if (type == X2X3_PDU_X2)
		pl->st.delivered_x2++;
	else if (type == X2X3_PDU_X3)
		pl->st.delivered_x3++;
	else
		return;
	for (i = 0; i < pl->n_reports; i++)
		if (!memcmp(pl->reports[i].r.xid, xid, LMISF_XID_LEN))
			s = &pl->reports[i];
	if (!s) {
		if (pl->n_reports == pl->cap_reports) {
			unsigned int cap =
				pl->cap_reports ? pl->cap_reports * 2 : 16;
			struct report_slot *v =
				realloc(pl->reports, cap * sizeof(*v));

			/* the kernel's per-task status is then short; the
			 * agent's own counters above are still right */
			if (!v)
				return;
			pl->reports = v;
			pl->cap_reports = cap;
		}
		s = &pl->reports[pl->n_reports++];
		memset(s, 0, sizeof(*s));
		memcpy(s->r.xid, xid, LMISF_XID_LEN);
	}
	s->used = true;
	if (type == X2X3_PDU_X2) {
		s->r.x2_pdus++;
		s->r.x2_bytes += bytes;
	} else {
		s->r.x3_pdus++;
		s->r.x3_bytes += bytes;
	}
	if (ts_ns > s->r.last_ts_ns)
		s->r.last_ts_ns = ts_ns;
}

void pipeline_take_reports(struct pipeline *pl,
			   void (*fn)(void *arg, const struct pl_report *r),
			   void *arg)
{
	for (unsigned int i = 0; i < pl->n_reports; i++)
		if (pl->reports[i].used)
			fn(arg, &pl->reports[i].r);
	pl->n_reports = 0;
}
