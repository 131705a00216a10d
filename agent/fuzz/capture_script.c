// SPDX-License-Identifier: GPL-2.0
/*
 * capture_script.c - seed capture for the fuzz targets whose input is a
 * script rather than one parser input (fuzz/mkcorpus.sh links it with
 * capture.c and -Wl,--wrap=FN for the functions below):
 *
 *   fuzz_ims     every IMS layer a test creates (ims_new) is recorded
 *                through its pl_consumer: SIP messages, ticks, task
 *                changes, media copies, loss and flows gone, in the
 *                script format of fuzz_ims.c, saved when it is freed;
 *   fuzz_decode  every decoder (decode_new) is recorded as the frames
 *                handed to decode_packet, with clock steps and flushes,
 *                in the format of decode_records.h, saved when freed.
 *
 * The fuzz targets' fixed tasks and addresses are those of the IMS tests
 * (tests/ims_flows.h), so a recorded call is intercepted there as well.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "decode.h"
#include "ims.h"
#include "x2x3.h"

struct script {
	uint8_t *buf;
	size_t len, cap;
	bool full;
};

static void script_add(struct script *s, uint8_t op, const void *p, size_t n)
{
	size_t need = s->len + 3 + n;
	uint8_t *b;

	if (s->full || n > 0xffff || need > CAPTURE_MAX) {
		s->full = true;
		return;
	}
	if (need > s->cap) {
		b = realloc(s->buf, need * 2);
		if (!b) {
			s->full = true;
			return;
		}
		s->buf = b;
		s->cap = need * 2;
	}
	s->buf[s->len] = op;
	s->buf[s->len + 1] = n >> 8;
	s->buf[s->len + 2] = n & 0xff;
	if (n && p)
		memcpy(s->buf + s->len + 3, p, n);
	else if (n)
		memset(s->buf + s->len + 3, 0, n);
	s->len = need;
}

/* A script that overflowed is not a faithful recording: dropped. */
static void script_save(struct script *s, const char *target)
{
	if (!s->full && s->len)
		capture_save2(target, NULL, 0, s->buf, s->len);
	free(s->buf);
}

/* fuzz_ims.c's tasks: 0/1 are XID A (x2x3, x2), 2/3 XID B (x3, x2x3). */
static const char xid_b_text[] = "0c0e57a4-2d44-4b39-9a38-52d1c87d0f00";

static bool is_xid_b(const uint8_t *xid)
{
	uint8_t b[16];

	return !x2x3_uuid_parse(xid_b_text, b) && !memcmp(xid, b, 16);
}

/* Flow IDs: the IMS fixture numbers from 100, fuzz_ims.c from 1. */
static uint8_t flow_no(uint32_t id)
{
	return (uint8_t)(id >= 100 ? id - 99 : id);
}

struct ims_rec {
	void *ctx;
	struct pl_consumer real;
	struct script s;
	uint64_t last_ns;
	struct ims_rec *next;
};

static struct ims_rec *ims_recs;

static struct ims_rec *ims_rec_find(void *ctx)
{
	struct ims_rec *r;

	for (r = ims_recs; r && r->ctx != ctx; r = r->next)
		;
	return r;
}

static void rec_sip(void *ctx, const struct pl_sip *s)
{
	struct ims_rec *r = ims_rec_find(ctx);
	bool up = s->src.ver == 4 && s->src.a[3] == 1;
	uint8_t sel = s->tunnelled ? 4 : 0;
	unsigned int i;

	for (i = 0; s->origin && i < s->origin->n_matches; i++) {
		if (s->origin->matches[i].kind != LMISF_COPY_TARGET)
			continue;
		sel |= 1;
		if (is_xid_b(s->origin->matches[i].xid))
			sel |= 2;
	}
	script_add(&r->s, (uint8_t)((up ? 0 : 1) | sel << 3), s->raw,
		   s->raw_len);
	r->real.sip(ctx, s);
}

static void rec_tick(void *ctx, uint64_t now_ns)
{
	struct ims_rec *r = ims_rec_find(ctx);
	uint64_t sec = 0;

	if (r->last_ns && now_ns > r->last_ns)
		sec = (now_ns - r->last_ns) / 1000000000ull;
	r->last_ns = now_ns;
	script_add(&r->s, (uint8_t)(2 | (sec > 31 ? 31 : sec) << 3), NULL, 0);
	r->real.tick(ctx, now_ns);
}

static void rec_task_event(void *ctx, enum task_event ev, const struct task *t)
{
	struct ims_rec *r = ims_rec_find(ctx);
	bool b = is_xid_b(t->xid);
	uint8_t line;

	if (ev == TASK_EV_DELETED) {
		script_add(&r->s, (uint8_t)(4 | b << 3), NULL, 0);
	} else {
		if (b)
			line = t->delivery == LMISF_DELIVERY_X3_ONLY ? 2 : 3;
		else
			line = t->delivery == LMISF_DELIVERY_X2_ONLY ? 1 : 0;
		script_add(&r->s, (uint8_t)(3 | line << 3), NULL, 0);
	}
	r->real.task_event(ctx, ev, t);
}

static void rec_packet(void *ctx, const struct pl_packet *p)
{
	struct ims_rec *r = ims_rec_find(ctx);
	uint8_t arg[2] = { 0, 40 }; /* flow, length of fuzz_ims's packet */
	unsigned int i;

	for (i = 0; i < p->origin->n_matches; i++)
		if (p->origin->matches[i].kind == LMISF_COPY_MEDIA)
			arg[0] = flow_no(p->origin->matches[i].flow_id);
	script_add(&r->s, 5, arg, sizeof(arg));
	r->real.packet(ctx, p);
}

/* fuzz_ims.c reads the length of ops 6 and 7 as their argument. */
static void rec_loss(void *ctx, uint64_t copies)
{
	struct ims_rec *r = ims_rec_find(ctx);

	script_add(&r->s, 6, NULL, copies > 64 ? 64 : copies);
	r->real.loss(ctx, copies);
}

static void rec_flow_gone(void *ctx, uint32_t flow_id, uint32_t reason)
{
	struct ims_rec *r = ims_rec_find(ctx);

	script_add(&r->s, 7, NULL, flow_no(flow_id));
	r->real.flow_gone(ctx, flow_id, reason);
}

static void rec_free(void *ctx)
{
	struct ims_rec **p, *r;

	for (p = &ims_recs; *p && (*p)->ctx != ctx; p = &(*p)->next)
		;
	r = *p;
	*p = r->next;
	script_save(&r->s, "fuzz_ims");
	r->real.free(ctx);
	free(r);
}

struct ims *__real_ims_new(const struct ims_config *cfg,
			   const struct pl_services *svc,
			   struct pl_consumer *c);
struct ims *__wrap_ims_new(const struct ims_config *cfg,
			   const struct pl_services *svc,
			   struct pl_consumer *c);
struct ims *__wrap_ims_new(const struct ims_config *cfg,
			   const struct pl_services *svc, struct pl_consumer *c)
{
	struct ims *ims = __real_ims_new(cfg, svc, c);
	struct ims_rec *r;

	/* Only a layer with every callback is recorded (ims.c sets all). */
	if (!ims || !c->sip || !c->tick || !c->task_event || !c->packet ||
	    !c->loss || !c->flow_gone || !c->free)
		return ims;
	r = calloc(1, sizeof(*r));
	if (!r)
		return ims;
	r->ctx = c->ctx;
	r->real = *c;
	r->next = ims_recs;
	ims_recs = r;
	c->sip = rec_sip;
	c->tick = rec_tick;
	c->task_event = rec_task_event;
	c->packet = rec_packet;
	c->loss = rec_loss;
	c->flow_gone = rec_flow_gone;
	c->free = rec_free;
	return ims;
}

struct dec_rec {
	const struct decoder *dec;
	struct script s;
	uint64_t last_ns;
	struct dec_rec *next;
};

static struct dec_rec *dec_recs;

static struct dec_rec *dec_rec_find(const struct decoder *dec)
{
	struct dec_rec *r;

	for (r = dec_recs; r && r->dec != dec; r = r->next)
		;
	return r;
}

/* decode_records.h's clock steps: 0, 1 ms, 10 s, 100 s. */
static uint8_t dec_step(struct dec_rec *r, uint64_t now_ns)
{
	uint64_t d = 0;

	if (r->last_ns && now_ns > r->last_ns)
		d = now_ns - r->last_ns;
	r->last_ns = now_ns;
	if (d >= 100000000000ull)
		return 3;
	if (d >= 10000000000ull)
		return 2;
	return d >= 1000000ull;
}

struct decoder *__real_decode_new(const struct decode_config *cfg,
				  decode_deliver_fn fn, void *ctx);
struct decoder *__wrap_decode_new(const struct decode_config *cfg,
				  decode_deliver_fn fn, void *ctx);
struct decoder *__wrap_decode_new(const struct decode_config *cfg,
				  decode_deliver_fn fn, void *ctx)
{
	struct decoder *dec = __real_decode_new(cfg, fn, ctx);
	struct dec_rec *r = dec ? calloc(1, sizeof(*r)) : NULL;

	if (r) {
		r->dec = dec;
		r->next = dec_recs;
		dec_recs = r;
	}
	return dec;
}

void __real_decode_packet(struct decoder *dec, const uint8_t *pkt, size_t len,
			  const struct decode_meta *meta);
void __wrap_decode_packet(struct decoder *dec, const uint8_t *pkt, size_t len,
			  const struct decode_meta *meta);
void __wrap_decode_packet(struct decoder *dec, const uint8_t *pkt, size_t len,
			  const struct decode_meta *meta)
{
	struct dec_rec *r = dec_rec_find(dec);

	if (r)
		script_add(&r->s,
			   (uint8_t)(dec_step(r, meta->ts_ns) |
				     (meta->from_kernel ? 0x80 : 0)),
			   pkt, len);
	__real_decode_packet(dec, pkt, len, meta);
}

void __real_decode_flush(struct decoder *dec);
void __wrap_decode_flush(struct decoder *dec);
void __wrap_decode_flush(struct decoder *dec)
{
	struct dec_rec *r = dec_rec_find(dec);

	/* An empty frame with the flush bit: nothing but the flush. */
	if (r)
		script_add(&r->s, 0x20, NULL, 0);
	__real_decode_flush(dec);
}

void __real_decode_expire(struct decoder *dec, uint64_t now_ns);
void __wrap_decode_expire(struct decoder *dec, uint64_t now_ns);
void __wrap_decode_expire(struct decoder *dec, uint64_t now_ns)
{
	struct dec_rec *r = dec_rec_find(dec);

	/* An empty frame advances the clock, and the decoder expires. */
	if (r)
		script_add(&r->s, dec_step(r, now_ns), NULL, 0);
	__real_decode_expire(dec, now_ns);
}

void __real_decode_free(struct decoder *dec);
void __wrap_decode_free(struct decoder *dec);
void __wrap_decode_free(struct decoder *dec)
{
	struct dec_rec **p, *r;

	for (p = &dec_recs; *p && (*p)->dec != dec; p = &(*p)->next)
		;
	r = *p;
	if (r) {
		*p = r->next;
		script_save(&r->s, "fuzz_decode");
		free(r);
	}
	__real_decode_free(dec);
}
