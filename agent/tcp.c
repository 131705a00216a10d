// SPDX-License-Identifier: GPL-2.0
/*
 * TCP stream reassembly. Each direction ("half") keeps the next expected
 * sequence number, a buffer of in-order bytes the consumer has not taken
 * yet, and a sorted queue of non-overlapping out-of-order segments. When
 * the queue is full the oldest hole is given up (TCP_CHUNK_GAP) instead of
 * growing without bound; a passive observer cannot ask for retransmission.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lru.h"
#include "tcp.h"

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_ACK 0x10

/* Segments further ahead than this are not believed. */
#define OOO_WINDOW (1u << 30)

struct tcp_seg {
	struct tcp_seg *next;
	uint32_t seq, len;
	uint8_t data[];
};

struct tcp_half {
	bool started, syn_seen, fin_seen, closed, gap;
	uint32_t isn, next_seq, fin_seq;
	uint8_t *buf;
	uint32_t off, len, cap; /* unconsumed bytes: buf[off, off + len) */
	struct tcp_seg *ooo;
	uint32_t ooo_bytes, ooo_n;
};

struct flow_key {
	uint8_t a[16], b[16];
	uint64_t tunnel;
	uint16_t pa, pb;
	uint8_t ver;
	uint8_t pad[3];
};

struct tcp_flow {
	struct tcp_flow *hnext;
	struct lru_node lru; /* least recently used first */
	struct flow_key key;
	struct ipaddr addr[2]; /* endpoint 0 sorts first; half d sends */
	uint16_t port[2];
	uint8_t initiator;
	uint64_t last_ns;
	size_t mem;
	struct tcp_half h[2];
};

struct tcp_table {
	struct tcp_config cfg;
	struct tcp_stats *st;
	uint64_t seed;
	tcp_deliver_fn fn;
	void *ctx;
	struct tcp_flow **buckets;
	size_t nbuckets;
	struct lru lru;
	uint32_t count;
	size_t mem;
	/*
	 * Set while a flow delivers its end: no eviction then, or ending one
	 * flow could end others recursively (and the one ending).
	 */
	bool ending;
};

void tcp_config_default(struct tcp_config *cfg)
{
	cfg->max_flows = 4096;
	cfg->max_buf = 256u << 10;
	cfg->max_ooo = 256u << 10;
	cfg->max_ooo_segs = 512;
	cfg->max_bytes = 64u << 20;
	cfg->idle_ns = 300ULL * 1000000000ULL;
}

struct tcp_table *tcp_new(const struct tcp_config *cfg, struct tcp_stats *st,
			  uint64_t seed, tcp_deliver_fn fn, void *ctx)
{
	struct tcp_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->cfg = *cfg;
	if (!t->cfg.max_flows)
		t->cfg.max_flows = 1;
	if (!t->cfg.max_buf)
		t->cfg.max_buf = 1;
	if (!t->cfg.max_ooo_segs)
		t->cfg.max_ooo_segs = 1;
	t->st = st;
	t->seed = seed;
	t->fn = fn;
	t->ctx = ctx;
	t->nbuckets = lru_buckets(t->cfg.max_flows);
	t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
	if (!t->buckets) {
		free(t);
		return NULL;
	}
	return t;
}

static void charge(struct tcp_table *t, struct tcp_flow *f, long delta)
{
	t->mem += delta;
	f->mem += delta;
}

static void chunk_init(const struct tcp_flow *f, int d, void *pkt,
		       struct tcp_chunk *c)
{
	memset(c, 0, sizeof(*c));
	c->src = &f->addr[d];
	c->dst = &f->addr[!d];
	c->sport = f->port[d];
	c->dport = f->port[!d];
	c->from_initiator = d == f->initiator;
	c->tunnel = f->key.tunnel;
	c->pkt = pkt;
}

/* Offers the unconsumed bytes until the consumer stops taking them. */
static void deliver(struct tcp_table *t, struct tcp_flow *f, int d, void *pkt)
{
	struct tcp_half *h = &f->h[d];
	struct tcp_chunk c;
	size_t n;

	chunk_init(f, d, pkt, &c);
	while (h->len) {
		c.data = h->buf + h->off;
		c.len = h->len;
		c.flags = h->gap ? TCP_CHUNK_GAP : 0;
		n = t->fn(t->ctx, &c);
		if (!n)
			break;
		/* Flagged until the consumer has resynchronised past it. */
		h->gap = false;
		if (n > h->len)
			n = h->len;
		h->off += n;
		h->len -= n;
	}
	if (!h->len)
		h->off = 0;
}

static void skip_hole(struct tcp_table *t, struct tcp_flow *f, int d,
		      void *pkt);

static void deliver_end(struct tcp_table *t, struct tcp_flow *f, int d,
			void *pkt)
{
	struct tcp_half *h = &f->h[d];
	bool ending = t->ending;
	struct tcp_chunk c;

	if (h->closed)
		return;
	h->closed = true;
	if (!h->started)
		return;
	t->ending = true;
	deliver(t, f, d, pkt);
	/* Holes will not fill any more: what lies beyond them is still news. */
	while (h->ooo)
		skip_hole(t, f, d, pkt);
	chunk_init(f, d, pkt, &c);
	c.data = h->len ? h->buf + h->off : NULL;
	c.len = h->len;
	c.flags = TCP_CHUNK_END | (h->gap ? TCP_CHUNK_GAP : 0);
	t->fn(t->ctx, &c);
	t->st->dropped_bytes += h->len;
	h->off = h->len = 0;
	t->ending = ending;
}

static struct tcp_flow *oldest(const struct tcp_table *t)
{
	return lru_or_null(t->lru.head, struct tcp_flow, lru);
}

static void flow_del(struct tcp_table *t, struct tcp_flow *f, void *pkt)
{
	size_t b = hash_bytes(&f->key, sizeof(f->key), t->seed) &
		   (t->nbuckets - 1);
	struct tcp_flow **pp;
	struct tcp_seg *s, *n;
	int d;

	for (d = 0; d < 2; d++)
		deliver_end(t, f, d, pkt);
	for (pp = &t->buckets[b]; *pp; pp = &(*pp)->hnext) {
		if (*pp == f) {
			*pp = f->hnext;
			break;
		}
	}
	lru_del(&t->lru, &f->lru);
	for (d = 0; d < 2; d++) {
		free(f->h[d].buf);
		for (s = f->h[d].ooo; s; s = n) {
			n = s->next;
			free(s);
		}
	}
	t->mem -= f->mem;
	t->count--;
	free(f);
}

void tcp_free(struct tcp_table *t)
{
	if (!t)
		return;
	while (t->lru.head)
		flow_del(t, oldest(t), NULL);
	free(t->buckets);
	free(t);
}

void tcp_flush(struct tcp_table *t)
{
	while (t->lru.head) {
		t->st->flows_flushed++;
		flow_del(t, oldest(t), NULL);
	}
}

void tcp_expire(struct tcp_table *t, uint64_t now_ns)
{
	struct tcp_flow *f;

	while ((f = oldest(t)) && now_ns >= f->last_ns &&
	       now_ns - f->last_ns >= t->cfg.idle_ns) {
		t->st->flows_idle++;
		flow_del(t, f, NULL);
	}
}

/*
 * Evicts least recently used flows other than @keep until @need fits.
 * While a flow is ending, its buffers may exceed max_bytes by up to one
 * max_buf instead.
 */
static bool make_room(struct tcp_table *t, size_t need, struct tcp_flow *keep)
{
	struct tcp_flow *f;

	if (t->ending)
		return true;
	while (t->mem + need > t->cfg.max_bytes) {
		f = oldest(t);
		if (f && f == keep)
			f = lru_or_null(keep->lru.next, struct tcp_flow, lru);
		if (!f)
			break;
		t->st->flows_evicted++;
		flow_del(t, f, NULL);
	}
	return t->mem + need <= t->cfg.max_bytes;
}

/* Forgets unconsumed bytes: what follows is not contiguous with them. */
static void drop_unconsumed(struct tcp_table *t, struct tcp_half *h)
{
	t->st->dropped_bytes += h->len;
	h->off = h->len = 0;
	h->gap = true;
}

static void append(struct tcp_table *t, struct tcp_flow *f, int d,
		   const uint8_t *data, uint32_t len)
{
	struct tcp_half *h = &f->h[d];
	uint32_t max = t->cfg.max_buf, ncap;
	uint8_t *nb;

	if (len > max) {
		t->st->overflows++;
		drop_unconsumed(t, h);
		data += len - max;
		len = max;
	} else if (h->len + len > max) {
		t->st->overflows++;
		drop_unconsumed(t, h);
	}
	if (h->off + h->len + len > h->cap) {
		if (h->off) {
			memmove(h->buf, h->buf + h->off, h->len);
			h->off = 0;
		}
		if (h->len + len > h->cap) {
			ncap = h->cap ? h->cap : 2048;
			while (ncap < h->len + len)
				ncap *= 2;
			if (ncap > max)
				ncap = max;
			if (!make_room(t, ncap - h->cap, f) ||
			    !(nb = realloc(h->buf, ncap))) {
				t->st->nomem++;
				drop_unconsumed(t, h);
				return;
			}
			charge(t, f, (long)ncap - (long)h->cap);
			h->buf = nb;
			h->cap = ncap;
		}
	}
	memcpy(h->buf + h->off + h->len, data, len);
	h->len += len;
	t->st->bytes += len;
}

/* Moves queued segments that became contiguous into the buffer. */
static void drain(struct tcp_table *t, struct tcp_flow *f, int d)
{
	struct tcp_half *h = &f->h[d];
	struct tcp_seg *s;
	int32_t end;

	while ((s = h->ooo) && (int32_t)(s->seq - h->next_seq) <= 0) {
		h->ooo = s->next;
		h->ooo_n--;
		h->ooo_bytes -= s->len;
		end = (int32_t)(s->seq + s->len - h->next_seq);
		if (end > 0) {
			append(t, f, d, s->data + (s->len - end), end);
			h->next_seq += end;
		}
		charge(t, f, -(long)(sizeof(*s) + s->len));
		free(s);
	}
}

/* Queues [seq, seq + len) minus what is already queued. */
static void ooo_insert(struct tcp_table *t, struct tcp_flow *f, int d,
		       uint32_t seq, const uint8_t *data, uint32_t len)
{
	struct tcp_half *h = &f->h[d];
	uint32_t base = h->next_seq, cur = seq - base, e = cur + len;
	uint32_t ps, pe, n, ov;
	struct tcp_seg **pp = &h->ooo, *p, *s;
	bool overlap = false, conflict = false;

	t->st->ooo++;
	while (cur < e) {
		p = *pp;
		ps = p ? p->seq - base : e;
		pe = p ? ps + p->len : e;
		if (pe <= cur) {
			pp = &p->next;
			continue;
		}
		if (ps > cur) {
			n = (ps < e ? ps : e) - cur;
			if (!make_room(t, sizeof(*s) + n, f) ||
			    !(s = malloc(sizeof(*s) + n))) {
				t->st->nomem++;
				return;
			}
			s->seq = base + cur;
			s->len = n;
			memcpy(s->data, data + (cur - (seq - base)), n);
			s->next = p;
			*pp = s;
			pp = &s->next;
			h->ooo_n++;
			h->ooo_bytes += n;
			charge(t, f, sizeof(*s) + n);
			cur += n;
			continue;
		}
		/* p covers cur: keep the first copy, note if they differ. */
		ov = (pe < e ? pe : e) - cur;
		overlap = true;
		if (memcmp(p->data + (cur - ps), data + (cur - (seq - base)),
			   ov))
			conflict = true;
		cur += ov;
		pp = &p->next;
	}
	if (overlap)
		t->st->overlaps++;
	if (conflict)
		t->st->overlap_conflicts++;
}

/* Gives up the first hole: its bytes were never seen and never will be. */
static void skip_hole(struct tcp_table *t, struct tcp_flow *f, int d, void *pkt)
{
	struct tcp_half *h = &f->h[d];

	t->st->gaps++;
	drop_unconsumed(t, h);
	h->next_seq = h->ooo->seq;
	drain(t, f, d);
	deliver(t, f, d, pkt);
}

static void half_data(struct tcp_table *t, struct tcp_flow *f, int d,
		      uint32_t seq, const uint8_t *data, uint32_t len,
		      void *pkt)
{
	struct tcp_half *h = &f->h[d];
	int32_t rel, past;
	uint32_t old;

	if (h->fin_seen) {
		past = (int32_t)(seq + len - h->fin_seq);
		if (past > 0) {
			if ((uint32_t)past >= len) {
				t->st->out_of_window++;
				return;
			}
			len -= past;
		}
	}
	for (;;) {
		rel = (int32_t)(seq - h->next_seq);
		if (rel < 0) {
			old = (uint32_t)(-(int64_t)rel);
			if (old >= len) {
				t->st->retrans++;
				return;
			}
			t->st->partial_retrans++;
			seq += old;
			data += old;
			len -= old;
			continue;
		}
		if (rel == 0) {
			append(t, f, d, data, len);
			h->next_seq += len;
			drain(t, f, d);
			deliver(t, f, d, pkt);
			return;
		}
		if ((uint32_t)rel > OOO_WINDOW) {
			t->st->out_of_window++;
			return;
		}
		if (h->ooo_bytes + len <= t->cfg.max_ooo &&
		    h->ooo_n < t->cfg.max_ooo_segs) {
			ooo_insert(t, f, d, seq, data, len);
			return;
		}
		if (h->ooo) {
			skip_hole(t, f, d, pkt);
			continue;
		}
		/* Too big to queue even alone: skip straight to it. */
		t->st->gaps++;
		drop_unconsumed(t, h);
		h->next_seq = seq;
	}
}

static void key_init(struct flow_key *k, const struct ipaddr *src,
		     const struct ipaddr *dst, uint16_t sport, uint16_t dport,
		     uint64_t tunnel, int *dir)
{
	int c = ipaddr_cmp(src, dst);

	memset(k, 0, sizeof(*k));
	*dir = c > 0 || (c == 0 && sport > dport);
	memcpy(k->a, *dir ? dst->a : src->a, 16);
	memcpy(k->b, *dir ? src->a : dst->a, 16);
	k->pa = *dir ? dport : sport;
	k->pb = *dir ? sport : dport;
	k->ver = src->ver;
	k->tunnel = tunnel;
}

static struct tcp_flow *flow_find(struct tcp_table *t, const struct flow_key *k)
{
	size_t b = hash_bytes(k, sizeof(*k), t->seed) & (t->nbuckets - 1);
	struct tcp_flow *f;

	for (f = t->buckets[b]; f; f = f->hnext)
		if (!memcmp(&f->key, k, sizeof(*k)))
			return f;
	return NULL;
}

static struct tcp_flow *flow_new(struct tcp_table *t, const struct flow_key *k,
				 const struct ipaddr *src,
				 const struct ipaddr *dst, uint16_t sport,
				 uint16_t dport, int dir)
{
	size_t b = hash_bytes(k, sizeof(*k), t->seed) & (t->nbuckets - 1);
	struct tcp_flow *f;

	if (t->count >= t->cfg.max_flows) {
		t->st->flows_evicted++;
		flow_del(t, oldest(t), NULL);
	}
	if (!make_room(t, sizeof(*f), NULL) || !(f = calloc(1, sizeof(*f)))) {
		t->st->nomem++;
		return NULL;
	}
	f->key = *k;
	f->addr[dir] = *src;
	f->addr[!dir] = *dst;
	f->port[dir] = sport;
	f->port[!dir] = dport;
	f->initiator = dir;
	f->mem = sizeof(*f);
	t->mem += sizeof(*f);
	f->hnext = t->buckets[b];
	t->buckets[b] = f;
	lru_add_tail(&t->lru, &f->lru);
	t->count++;
	t->st->flows_new++;
	return f;
}

static void touch(struct tcp_table *t, struct tcp_flow *f, uint64_t now_ns)
{
	f->last_ns = now_ns;
	lru_touch(&t->lru, &f->lru);
}

int tcp_input(struct tcp_table *t, const struct ipaddr *src,
	      const struct ipaddr *dst, const uint8_t *l4, size_t len,
	      uint64_t tunnel, uint64_t now_ns, void *pkt)
{
	uint16_t sport, dport;
	struct flow_key k;
	struct tcp_flow *f;
	struct tcp_half *h;
	uint32_t seq, plen;
	size_t doff;
	uint8_t fl;
	int d;

	t->st->segments++;
	if (len < 20) {
		t->st->truncated++;
		return -1;
	}
	doff = (size_t)(l4[12] >> 4) * 4;
	if (doff < 20) {
		t->st->bad_hdr++;
		return -1;
	}
	if (doff > len) {
		t->st->truncated++;
		return -1;
	}
	sport = get_be16(l4);
	dport = get_be16(l4 + 2);
	seq = get_be32(l4 + 4);
	fl = l4[13];
	plen = (uint32_t)(len - doff);

	tcp_expire(t, now_ns);
	key_init(&k, src, dst, sport, dport, tunnel, &d);
	f = flow_find(t, &k);
	if (f && (fl & TH_SYN) && !(fl & TH_ACK) && f->h[d].syn_seen &&
	    f->h[d].isn != seq) {
		t->st->flows_reused++;
		flow_del(t, f, pkt);
		f = NULL;
	}
	if (!f) {
		if (!(fl & TH_SYN) && (!plen || (fl & TH_RST))) {
			t->st->no_flow++;
			return 0;
		}
		f = flow_new(t, &k, src, dst, sport, dport, d);
		if (!f)
			return 0;
		/* The SYN-ACK's sender is the responder. */
		if ((fl & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK))
			f->initiator = !d;
	}
	touch(t, f, now_ns);
	h = &f->h[d];

	if (fl & TH_RST) {
		t->st->flows_rst++;
		flow_del(t, f, pkt);
		return 0;
	}
	if (fl & TH_SYN) {
		if (!h->syn_seen) {
			h->syn_seen = true;
			h->isn = seq;
			if (!h->started) {
				h->started = true;
				h->next_seq = seq + 1;
			}
		}
		seq++;
	}
	if (plen && !h->closed) {
		if (!h->started) {
			/* Picked up mid-stream: the first bytes may be mid-message. */
			h->started = true;
			h->next_seq = seq;
			h->gap = true;
		}
		half_data(t, f, d, seq, l4 + doff, plen, pkt);
	} else if (plen) {
		t->st->out_of_window++;
	}
	if ((fl & TH_FIN) && !h->fin_seen) {
		h->fin_seen = true;
		h->fin_seq = seq + plen;
		if (!h->started) {
			/* Nothing was ever sent this way. */
			h->started = true;
			h->next_seq = h->fin_seq;
		}
	}
	if (h->fin_seen && !h->closed &&
	    (int32_t)(h->next_seq - h->fin_seq) >= 0)
		deliver_end(t, f, d, pkt);
	if (f->h[0].closed && f->h[1].closed) {
		t->st->flows_fin++;
		flow_del(t, f, pkt);
	}
	return 0;
}

uint32_t tcp_flow_count(const struct tcp_table *t)
{
	return t->count;
}

size_t tcp_mem(const struct tcp_table *t)
{
	return t->mem;
}
