// SPDX-License-Identifier: GPL-2.0
/*
 * Dialogs per Call-ID: tags, legs of a forked INVITE, offer/answer per
 * side, the end of a call (BYE/200, CANCEL/487, failure, timeout).
 * How call legs are joined is in Documentation/ims.rst.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialog.h"
#include "multipart.h"

#define NS 1000000000ull

struct dlg_table {
	struct dlg_config cfg;
	struct call **bucket;
	size_t nbucket;
	uint64_t seed, serial;
	unsigned int n;
	struct lru lru;
	struct dlg_stats st;
};

struct dlg_table *dlg_new(const struct dlg_config *cfg)
{
	struct dlg_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->cfg = *cfg;
	if (!t->cfg.max)
		t->cfg.max = 65536;
	if (!t->cfg.setup_ns)
		t->cfg.setup_ns = 180 * NS; /* RFC 3261 Timer C: > 3 min */
	if (!t->cfg.idle_ns)
		t->cfg.idle_ns = 4 * 3600 * NS;
	if (!t->cfg.linger_ns)
		t->cfg.linger_ns = 32 * NS; /* 64*T1: retransmissions end */
	if (!t->cfg.max_sdp)
		t->cfg.max_sdp = 16384;
	t->nbucket = lru_buckets(t->cfg.max);
	t->bucket = calloc(t->nbucket, sizeof(*t->bucket));
	if (!t->bucket) {
		free(t);
		return NULL;
	}
	t->seed = (uint64_t)(uintptr_t)t ^ 0x9e3779b97f4a7c15ull;
	return t;
}

static size_t slot(const struct dlg_table *t, struct sip_str id)
{
	return hash_bytes(id.p ? id.p : "", id.len, t->seed) & (t->nbucket - 1);
}

struct call *dlg_lookup(struct dlg_table *t, struct sip_str id)
{
	struct call *c;

	for (c = t->bucket[slot(t, id)]; c; c = c->hnext)
		if (strlen(c->call_id) == id.len &&
		    !memcmp(c->call_id, id.p, id.len))
			return c;
	return NULL;
}

static void sdp_clear(struct sdp_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
}

static void call_destroy(struct dlg_table *t, struct call *c)
{
	struct call **pp;
	unsigned int i;

	for (pp = &t->bucket[slot(t, (struct sip_str){ c->call_id,
						       strlen(c->call_id) })];
	     *pp && *pp != c; pp = &(*pp)->hnext)
		;
	if (*pp)
		*pp = c->hnext;
	lru_del(&t->lru, &c->lru);
	for (i = 0; i < c->nlegs; i++) {
		sdp_clear(&c->legs[i].sdp);
		sdp_clear(&c->legs[i].pend);
	}
	sdp_clear(&c->sdp);
	sdp_clear(&c->pend);
	free(c->ids);
	free(c->pani);
	free(c->call_id);
	free(c);
	t->n--;
}

void dlg_free(struct dlg_table *t)
{
	if (!t)
		return;
	while (t->lru.head)
		call_destroy(t, lru_entry(t->lru.head, struct call, lru));
	free(t->bucket);
	free(t);
}

static bool intercepted(const struct lru_node *n)
{
	return lru_entry(n, const struct call, lru)->icpts.n;
}

/* Shed the oldest call nobody intercepts (or the oldest of all). */
static void make_room(struct dlg_table *t)
{
	struct lru_node *victim;

	if (t->n < t->cfg.max)
		return;
	victim = lru_victim(&t->lru, intercepted);
	if (victim) {
		t->st.shed++;
		call_destroy(t, lru_entry(victim, struct call, lru));
	}
}

static void copy_tag(char dst[DLG_TAG_MAX], struct sip_str tag)
{
	uint32_t n = tag.len < DLG_TAG_MAX - 1 ? tag.len : DLG_TAG_MAX - 1;

	if (n)
		memcpy(dst, tag.p, n);
	dst[n] = 0;
}

static bool tag_eq(const char *tag, struct sip_str s)
{
	uint32_t n = s.len < DLG_TAG_MAX - 1 ? s.len : DLG_TAG_MAX - 1;

	return strlen(tag) == n && (!n || !memcmp(tag, s.p, n));
}

static struct call *call_create(struct dlg_table *t, const struct sip_msg *m,
				uint64_t now)
{
	struct call *c;
	size_t s;

	make_room(t);
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->call_id = malloc(m->call_id.len + 1);
	if (!c->call_id) {
		free(c);
		return NULL;
	}
	memcpy(c->call_id, m->call_id.p, m->call_id.len);
	c->call_id[m->call_id.len] = 0;
	c->serial = ++t->serial;
	/* Requests and responses alike: From names the request's sender.
	 * Seen first mid-dialog, that may be the callee (ims.rst). */
	copy_tag(c->caller_tag, m->from_tag);
	c->method = m->cseq_method;
	c->created_ns = now;
	c->confirmed_leg = -1;
	if (m->is_request && !m->to_tag.len) {
		c->state = CALL_INIT;
		c->invite_cseq = m->cseq;
	} else {
		c->state = CALL_CONFIRMED;
	}
	if (m->is_request) {
		c->ids = malloc(sizeof(*c->ids));
		if (c->ids)
			match_collect(c->ids, m);
	}
	s = slot(t, m->call_id);
	c->hnext = t->bucket[s];
	t->bucket[s] = c;
	t->n++;
	t->st.created++;
	lru_add_tail(&t->lru, &c->lru);
	return c;
}

static struct leg *leg_get(struct dlg_table *t, struct call *c,
			   struct sip_str tag, bool create)
{
	unsigned int i;

	if (!tag.len)
		return NULL;
	for (i = 0; i < c->nlegs; i++)
		if (tag_eq(c->legs[i].tag, tag))
			return &c->legs[i];
	if (!create)
		return NULL;
	if (c->nlegs >= DLG_MAX_LEGS) {
		t->st.legs_full++;
		return NULL;
	}
	if (c->nlegs)
		t->st.forks++;
	memset(&c->legs[c->nlegs], 0, sizeof(c->legs[0]));
	copy_tag(c->legs[c->nlegs].tag, tag);
	return &c->legs[c->nlegs++];
}

/* The message's SDP body, or an empty slice. */
/* The SDP of a message: the body, or its application/sdp part when it
 * is multipart (SDP with a resource list, ISUP, alternatives). */
static struct sip_str sdp_body(const struct sip_msg *m)
{
	const struct sip_hdr *h = sip_hdr_first(m, SIP_H_CONTENT_TYPE);
	struct sip_str none = { NULL, 0 }, part;
	static const char ct[] = "application/sdp";

	if (!h || !m->body.len)
		return none;
	if (multipart_find(h->value, m->body, ct, &part))
		return part.len ? part : none;
	if (h->value.len < sizeof(ct) - 1 ||
	    strncasecmp(h->value.p, ct, sizeof(ct) - 1))
		return none;
	return m->body;
}

static bool sdp_set(struct dlg_table *t, struct sdp_buf *b, struct sip_str s)
{
	char *p;

	if (s.len > t->cfg.max_sdp) {
		t->st.sdp_too_big++;
		return false;
	}
	p = malloc(s.len ? s.len : 1);
	if (!p) {
		t->st.nomem++;
		return false;
	}
	memcpy(p, s.p, s.len);
	free(b->p);
	b->p = p;
	b->len = s.len;
	return true;
}

static void sdp_move(struct sdp_buf *dst, struct sdp_buf *src)
{
	free(dst->p);
	*dst = *src;
	src->p = NULL;
	src->len = 0;
}

/*
 * Offer/answer (RFC 3264, RFC 6337): an SDP in a request is an offer (or,
 * in an ACK or PRACK after an offer in a response, an answer); one in a
 * 1xx/2xx response is an answer. An answer commits both sides; an offer
 * stays pending until it is answered, except when its side has nothing
 * yet (the first offer decides the media as far as an observer can
 * tell). A failure response throws the pending offer away.
 */
static void offer_answer(struct dlg_table *t, struct call *c,
			 const struct sip_msg *m, bool from_caller,
			 struct leg *leg, struct dlg_event *ev)
{
	struct sip_str body = sdp_body(m);
	struct sdp_buf *mine = from_caller ? &c->sdp : leg ? &leg->sdp : NULL;
	struct sdp_buf *mypend = from_caller ? &c->pend :
				 leg	     ? &leg->pend :
					       NULL;
	uint32_t *mycseq = from_caller ? &c->pend_cseq :
			   leg	       ? &leg->pend_cseq :
					 NULL;
	/* The peer's pending offer this message may answer. */
	struct sdp_buf *peerpend = from_caller ? leg ? &leg->pend : NULL :
						 &c->pend;
	struct sdp_buf *peer = from_caller ? leg ? &leg->sdp : NULL : &c->sdp;
	uint32_t peercseq = from_caller ? leg ? leg->pend_cseq : 0 :
					  c->pend_cseq;
	bool answer = !m->is_request || m->method == SIP_M_ACK ||
		      m->method == SIP_M_PRACK;

	if (!m->is_request && m->status >= 300) {
		if (peerpend && peerpend->p && peercseq == m->cseq) {
			sdp_clear(peerpend);
			ev->offer = true;
		}
		return;
	}
	if (!m->is_request && m->status < 200 && !body.len)
		return;
	if (!m->is_request && peerpend && peerpend->p && peercseq == m->cseq) {
		sdp_move(peer, peerpend);
		ev->media = true;
	}
	if (!body.len || !mine)
		return;
	if (answer || !mine->p) {
		if (sdp_set(t, mine, body))
			ev->media = true;
		return;
	}
	if (sdp_set(t, mypend, body)) {
		*mycseq = m->cseq;
		ev->offer = true;
	}
}

static void end_call(struct dlg_table *t, struct call *c, uint64_t now,
		     struct dlg_event *ev)
{
	if (c->state == CALL_ENDED)
		return;
	c->state = CALL_ENDED;
	c->until_ns = now + t->cfg.linger_ns;
	t->st.ended++;
	ev->ended = true;
}

static void transition(struct dlg_table *t, struct call *c,
		       const struct sip_msg *m, struct leg *leg, uint64_t now,
		       struct dlg_event *ev)
{
	unsigned int i;

	if (m->is_request) {
		if (m->method == SIP_M_BYE || m->method == SIP_M_CANCEL) {
			if (c->state != CALL_ENDED)
				c->state = CALL_ENDING;
		}
		return;
	}
	if (m->cseq_method == SIP_M_BYE && m->status >= 200) {
		/* Any final answer ends it: 481 means it was gone. */
		end_call(t, c, now, ev);
		return;
	}
	if (m->cseq_method != c->method || m->cseq != c->invite_cseq ||
	    c->state >= CALL_CONFIRMED)
		goto non_invite;
	if (m->status < 200) {
		if (leg && c->state == CALL_INIT)
			c->state = CALL_EARLY;
		return;
	}
	if (m->status < 300) {
		if (c->method != SIP_M_INVITE) {
			end_call(t, c, now, ev);
			return;
		}
		c->state = CALL_CONFIRMED;
		ev->confirmed = true;
		for (i = 0; i < c->nlegs; i++) {
			if (&c->legs[i] == leg) {
				leg->confirmed = true;
				c->confirmed_leg = (int)i;
			} else {
				/* RFC 3261 13.2.2.4: the other early
				 * dialogs of a fork end with the 2xx. */
				c->legs[i].terminated = true;
			}
		}
		return;
	}
	/* 487 after CANCEL, or any failure of the dialog-creating request. */
	end_call(t, c, now, ev);
	return;
non_invite:
	/* A final answer ends the call if it was ending (CANCEL races). */
	if (c->state == CALL_ENDING && m->status >= 300 &&
	    m->cseq_method == SIP_M_INVITE && m->cseq == c->invite_cseq)
		end_call(t, c, now, ev);
}

struct call *dlg_message(struct dlg_table *t, const struct sip_msg *m,
			 uint64_t now, struct dlg_event *ev)
{
	struct call *c = dlg_lookup(t, m->call_id);
	bool caller_sent_req;
	struct sip_str callee_tag;
	struct leg *leg;

	memset(ev, 0, sizeof(*ev));
	if (!c) {
		c = call_create(t, m, now);
		if (!c) {
			t->st.nomem++;
			return NULL;
		}
		ev->created = true;
	} else {
		lru_touch(&t->lru, &c->lru);
	}
	c->last_ns = now;
	if (seen_check(&c->seen, seen_key(m))) {
		t->st.retrans++;
		ev->retrans = true;
		return c;
	}
	caller_sent_req = tag_eq(c->caller_tag, m->from_tag);
	ev->from_caller = m->is_request ? caller_sent_req : !caller_sent_req;
	callee_tag = caller_sent_req ? m->to_tag : m->from_tag;
	/* Provisional and final answers with a tag make a leg; so do
	 * requests of a dialog the mirror joined late. */
	leg = leg_get(t, c, callee_tag,
		      m->is_request || (m->status > 100 && m->status < 300));
	offer_answer(t, c, m, ev->from_caller, leg, ev);
	transition(t, c, m, leg, now, ev);
	if (c->state != CALL_ENDED)
		c->until_ns =
			now + (c->state == CALL_CONFIRMED ? t->cfg.idle_ns :
			       c->state == CALL_ENDING	  ? t->cfg.linger_ns :
							    t->cfg.setup_ns);
	return c;
}

const struct leg *dlg_media_leg(const struct call *c)
{
	int i;

	if (c->confirmed_leg >= 0)
		return &c->legs[c->confirmed_leg];
	for (i = (int)c->nlegs - 1; i >= 0; i--)
		if (!c->legs[i].terminated && c->legs[i].sdp.p)
			return &c->legs[i];
	return NULL;
}

void dlg_expire(struct dlg_table *t, uint64_t now,
		void (*fn)(void *arg, struct call *c, bool timeout), void *arg)
{
	struct lru_node *n, *next;

	for (n = t->lru.head; n; n = next) {
		struct call *c = lru_entry(n, struct call, lru);
		bool timeout;

		next = n->next;
		if (now < c->until_ns)
			continue;
		timeout = c->state != CALL_ENDED;
		if (timeout)
			t->st.timeouts++;
		if (fn)
			fn(arg, c, timeout);
		call_destroy(t, c);
	}
}

int dlg_foreach(struct dlg_table *t, int (*fn)(void *arg, struct call *c),
		void *arg)
{
	struct lru_node *n, *next;
	int r;

	for (n = t->lru.head; n; n = next) {
		next = n->next;
		r = fn(arg, lru_entry(n, struct call, lru));
		if (r)
			return r;
	}
	return 0;
}

unsigned int dlg_count(const struct dlg_table *t)
{
	return t->n;
}

const struct dlg_stats *dlg_stats(const struct dlg_table *t)
{
	return &t->st;
}
