/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake pipeline for the IMS layer's tests: a task table, pl_services
 * that record every PDU (re-parsed with the X2/X3 parser, xIRI decoded
 * with iri_decode) and every flow installed or removed, and helpers that
 * hand SIP text to pl_consumer.sip the way the pipeline would.
 */
#ifndef IMS_FIXTURE_H
#define IMS_FIXTURE_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims.h"
#include "iri.h"
#include "sip.h"
#include "tasks.h"
#include "x2x3.h"

#define F_MAX_RECS 256
#define F_MAX_FLOWS 64

struct f_rec {
	uint8_t *buf;
	struct x2x3_pdu pdu;
	bool has_ev;
	struct iri_event ev;
};

struct fake {
	struct tasks *ts;
	struct pl_services svc;
	struct pl_consumer c;
	struct ims *ims;
	unsigned int n;
	struct f_rec r[F_MAX_RECS];
	unsigned int nflows;
	struct pl_flow flows[F_MAX_FLOWS];
	uint32_t flow_ids[F_MAX_FLOWS];
	bool removed[F_MAX_FLOWS];
	unsigned int recs_before[F_MAX_FLOWS]; /* records emitted before it */
	int install_err; /* returned by flow_install when set */
	int emit_bad; /* PDUs the parser refused */
	uint64_t now;
	struct sip_msg msg;
	char *raw;
};

static int f_emit(void *ctx, const struct x2x3_pdu *pdu)
{
	struct fake *f = ctx;
	const struct task *t = tasks_find(f->ts, pdu->xid);
	struct f_rec *r;
	ssize_t len;

	if (!t)
		return -ENOENT;
	if ((pdu->type == X2X3_PDU_X2 &&
	     t->delivery == LMISF_DELIVERY_X3_ONLY) ||
	    (pdu->type == X2X3_PDU_X3 && t->delivery == LMISF_DELIVERY_X2_ONLY))
		return -EPERM;
	if (f->n >= F_MAX_RECS)
		return -ENOSPC;
	r = &f->r[f->n];
	len = x2x3_encoded_size(pdu);
	if (len < 0)
		return -EINVAL;
	r->buf = malloc((size_t)len);
	if (x2x3_encode(pdu, r->buf, (size_t)len) != len ||
	    x2x3_parse(r->buf, (size_t)len, NULL, &r->pdu, NULL)) {
		free(r->buf);
		f->emit_bad++;
		return -EINVAL;
	}
	r->has_ev = pdu->type == X2X3_PDU_X2 &&
		    !iri_decode(r->pdu.payload, r->pdu.payload_len, &r->ev,
				NULL, NULL);
	f->n++;
	return 0;
}

static int f_install(void *ctx, const struct pl_flow *fl, uint32_t *id)
{
	struct fake *f = ctx;
	unsigned int i;

	if (f->install_err)
		return f->install_err;
	for (i = 0; i < f->nflows; i++)
		if (!f->removed[i] && fl->proto == f->flows[i].proto &&
		    ipaddr_eq(&fl->src, &f->flows[i].src) &&
		    ipaddr_eq(&fl->dst, &f->flows[i].dst) &&
		    fl->sport == f->flows[i].sport &&
		    fl->dport == f->flows[i].dport)
			return -EEXIST;
	if (f->nflows >= F_MAX_FLOWS)
		return -ENOSPC;
	f->flows[f->nflows] = *fl;
	f->flow_ids[f->nflows] = 100 + f->nflows;
	f->recs_before[f->nflows] = f->n;
	*id = 100 + f->nflows++;
	return 0;
}

static int f_remove(void *ctx, uint32_t id)
{
	struct fake *f = ctx;

	if (id < 100 || id - 100 >= f->nflows || f->removed[id - 100])
		return -ENOENT;
	f->removed[id - 100] = true;
	return 0;
}

static const struct tasks *f_tasks(void *ctx)
{
	return ((struct fake *)ctx)->ts;
}

static void f_task_ev(void *ctx, enum task_event ev, const struct task *t)
{
	struct fake *f = ctx;

	if (f->c.task_event)
		f->c.task_event(f->c.ctx, ev, t);
}

static inline struct fake *f_new(const struct ims_config *cfg)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct ims_config def = { 0 };

	f->ts = tasks_new(f_task_ev, f);
	f->svc =
		(struct pl_services){ f, f_emit, f_install, f_remove, f_tasks };
	f->ims = ims_new(cfg ? cfg : &def, &f->svc, &f->c);
	f->now = 1700000000ull * 1000000000ull;
	return f;
}

static inline void f_free(struct fake *f)
{
	unsigned int i;

	f->c.free(f->c.ctx);
	tasks_free(f->ts);
	for (i = 0; i < f->n; i++)
		free(f->r[i].buf);
	free(f->raw);
	free(f);
}

/* "xid UUID delivery ... target ..." as lmisfctl words. 0 or -errno. */
static inline int f_task(struct fake *f, const char *line)
{
	struct task t;
	char err[256];
	int r = task_parse_line(line, &t, err, sizeof(err));

	if (r) {
		fprintf(stderr, "task: %s\n", err);
		return r;
	}
	r = tasks_put(f->ts, &t);
	task_clear(&t);
	return r;
}

static inline void f_addr(struct ipaddr *a, const char *s)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->a) == 1)
		a->ver = 4;
	else if (inet_pton(AF_INET6, s, a->a) == 1)
		a->ver = 6;
}

/*
 * Parse @hdrs (lines ending "\n", no Content-Length) + @body into a
 * message with CRLF line ends and the right Content-Length.
 */
static inline size_t f_crlf(char *out, const char *in)
{
	size_t n = 0;

	for (; *in; in++) {
		if (*in == '\n')
			out[n++] = '\r';
		out[n++] = *in;
	}
	return n;
}

static inline int f_build(struct fake *f, const char *hdrs, const char *body)
{
	size_t cap = 2 * (strlen(hdrs) + (body ? strlen(body) : 0)) + 64;
	char *b = malloc(cap), *bb = malloc(cap);
	size_t n, bl = body ? f_crlf(bb, body) : 0;
	int r;

	n = f_crlf(b, hdrs);
	n += (size_t)sprintf(b + n, "Content-Length: %zu\r\n\r\n", bl);
	memcpy(b + n, bb, bl);
	n += bl;
	free(bb);
	free(f->raw);
	/* An exactly sized copy, so ASan sees any read past the end. */
	f->raw = realloc(b, n);
	r = sip_parse(&f->msg, f->raw, n, 0, NULL);
	if (!r)
		r = sip_msg_check(&f->msg, NULL);
	return r;
}

struct f_pkt {
	const char *src, *dst;
	uint16_t sport, dport;
	bool tunnelled;
	unsigned int n_matches;
	const struct pl_match *matches;
};

/* Hand one message to the consumer; advances the clock by 10 ms. */
static inline int f_sip(struct fake *f, const struct f_pkt *p, const char *hdrs,
			const char *body)
{
	struct pl_origin o = { .source = PL_SRC_REPLAY };
	struct pl_sip s = { 0 };
	int r = f_build(f, hdrs, body);

	if (r)
		return r;
	f->now += 10000000ull;
	o.ts_ns = f->now;
	o.n_matches = p->n_matches;
	o.matches = p->matches;
	s.msg = &f->msg;
	s.raw = f->msg.buf;
	s.raw_len = f->msg.len;
	s.ts_ns = f->now;
	s.transport = IPPROTO_UDP;
	f_addr(&s.src, p->src);
	f_addr(&s.dst, p->dst);
	s.sport = p->sport;
	s.dport = p->dport;
	s.tunnelled = p->tunnelled;
	s.pani = sip_hdr_first(&f->msg, SIP_H_P_ACCESS_NETWORK_INFO);
	s.origin = &o;
	f->c.sip(f->c.ctx, &s);
	return 0;
}

static inline void f_tick(struct fake *f, uint64_t advance_ns)
{
	f->now += advance_ns;
	f->c.tick(f->c.ctx, f->now);
}

/* Records of one kind (X2 xIRI event kind, or 0 for X3 PDUs). */
static inline unsigned int f_count(const struct fake *f, int kind)
{
	unsigned int i, n = 0;

	for (i = 0; i < f->n; i++)
		if (kind ? f->r[i].has_ev && (int)f->r[i].ev.kind == kind :
			   f->r[i].pdu.type == X2X3_PDU_X3)
			n++;
	return n;
}

static inline unsigned int f_active_flows(const struct fake *f)
{
	unsigned int i, n = 0;

	for (i = 0; i < f->nflows; i++)
		n += !f->removed[i];
	return n;
}

#endif /* IMS_FIXTURE_H */
