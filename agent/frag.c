// SPDX-License-Identifier: GPL-2.0
/*
 * Fragment reassembly. A datagram is a sorted list of pieces; since
 * overlaps discard the datagram, the pieces never overlap and completion is
 * "bytes held == end". Every byte held is charged against max_bytes, and the
 * oldest datagrams are evicted to make room.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "frag.h"
#include "lru.h"

#define IP_MAXPACKET_LEN 65535

struct frag_key {
	uint8_t src[16], dst[16];
	uint64_t tunnel;
	uint32_t id;
	uint8_t ver, proto;
	uint8_t pad[2];
};

struct frag_piece {
	struct frag_piece *next;
	uint32_t off, len;
	uint8_t data[];
};

struct frag_dgram {
	struct frag_dgram *hnext;
	struct lru_node age; /* arrival order */
	struct frag_key key;
	uint64_t first_ns;
	struct frag_piece *pieces;
	uint32_t npieces;
	uint32_t have;
	uint32_t end;
	bool last_seen;
	bool dead; /* discarded: absorbs its later fragments */
	uint8_t proto; /* IPv6: next header from the first fragment */
	uint8_t *hdr; /* unfragmentable part of the first fragment */
	size_t hdr_len;
	size_t nexthdr_off;
	size_t mem;
};

struct frag_table {
	struct frag_config cfg;
	struct frag_stats *st;
	uint64_t seed;
	struct frag_dgram **buckets;
	size_t nbuckets;
	struct lru age; /* oldest first */
	uint32_t count;
	size_t mem;
};

void frag_config_default(struct frag_config *cfg)
{
	cfg->max_datagrams = 1024;
	cfg->max_frags = 128;
	cfg->max_bytes = 8u << 20;
	cfg->timeout_ns = 30ULL * 1000000000ULL;
}

struct frag_table *frag_new(const struct frag_config *cfg,
			    struct frag_stats *stats, uint64_t seed)
{
	struct frag_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->cfg = *cfg;
	if (!t->cfg.max_datagrams)
		t->cfg.max_datagrams = 1;
	if (!t->cfg.max_frags)
		t->cfg.max_frags = 1;
	t->st = stats;
	t->seed = seed;
	t->nbuckets = lru_buckets(t->cfg.max_datagrams);
	t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
	if (!t->buckets) {
		free(t);
		return NULL;
	}
	return t;
}

static struct frag_dgram *oldest(const struct frag_table *t)
{
	return lru_or_null(t->age.head, struct frag_dgram, age);
}

static void dgram_free_data(struct frag_table *t, struct frag_dgram *d)
{
	struct frag_piece *p, *n;

	for (p = d->pieces; p; p = n) {
		n = p->next;
		free(p);
	}
	d->pieces = NULL;
	free(d->hdr);
	d->hdr = NULL;
	t->mem -= d->mem - sizeof(*d);
	d->mem = sizeof(*d);
}

static void dgram_del(struct frag_table *t, struct frag_dgram *d)
{
	size_t b = hash_bytes(&d->key, sizeof(d->key), t->seed) &
		   (t->nbuckets - 1);
	struct frag_dgram **pp;

	for (pp = &t->buckets[b]; *pp; pp = &(*pp)->hnext) {
		if (*pp == d) {
			*pp = d->hnext;
			break;
		}
	}
	lru_del(&t->age, &d->age);
	dgram_free_data(t, d);
	t->mem -= sizeof(*d);
	t->count--;
	free(d);
}

/* Keeps the entry so that the rest of its fragments are refused too. */
static void dgram_kill(struct frag_table *t, struct frag_dgram *d)
{
	dgram_free_data(t, d);
	d->dead = true;
}

void frag_free(struct frag_table *t)
{
	if (!t)
		return;
	while (t->age.head)
		dgram_del(t, oldest(t));
	free(t->buckets);
	free(t);
}

void frag_expire(struct frag_table *t, uint64_t now_ns)
{
	struct frag_dgram *d;

	/* Age list is in arrival order: stop at the first one still young. */
	while ((d = oldest(t)) && now_ns >= d->first_ns &&
	       now_ns - d->first_ns >= t->cfg.timeout_ns) {
		if (!d->dead)
			t->st->timeouts++;
		dgram_del(t, d);
	}
}

/* Evicts the oldest datagrams other than @keep until @need more fits. */
static bool make_room(struct frag_table *t, size_t need,
		      struct frag_dgram *keep)
{
	struct frag_dgram *d = oldest(t), *n;

	while (d && t->mem + need > t->cfg.max_bytes) {
		n = lru_or_null(d->age.next, struct frag_dgram, age);
		if (d != keep) {
			if (!d->dead)
				t->st->evicted++;
			dgram_del(t, d);
		}
		d = n;
	}
	return t->mem + need <= t->cfg.max_bytes;
}

static struct frag_dgram *dgram_get(struct frag_table *t,
				    const struct frag_key *k, uint64_t now_ns)
{
	size_t b = hash_bytes(k, sizeof(*k), t->seed) & (t->nbuckets - 1);
	struct frag_dgram *d;

	for (d = t->buckets[b]; d; d = d->hnext)
		if (!memcmp(&d->key, k, sizeof(*k)))
			return d;

	if (t->count >= t->cfg.max_datagrams) {
		if (!oldest(t)->dead)
			t->st->evicted++;
		dgram_del(t, oldest(t));
	}
	if (!make_room(t, sizeof(*d), NULL))
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->key = *k;
	d->first_ns = now_ns;
	d->mem = sizeof(*d);
	d->hnext = t->buckets[b];
	t->buckets[b] = d;
	lru_add_tail(&t->age, &d->age);
	t->count++;
	t->mem += sizeof(*d);
	return d;
}

static uint32_t pieces_end(const struct frag_dgram *d)
{
	const struct frag_piece *p = d->pieces;

	if (!p)
		return 0;
	while (p->next)
		p = p->next;
	return p->off + p->len;
}

static enum frag_result assemble(struct frag_table *t, struct frag_dgram *d,
				 uint8_t *o, size_t *out_len)
{
	size_t total = d->hdr_len + d->end;
	struct frag_piece *p;

	if ((d->key.ver == 4 && total > IP_MAXPACKET_LEN) ||
	    (d->key.ver == 6 && total - 40 > IP_MAXPACKET_LEN)) {
		t->st->too_big++;
		dgram_kill(t, d);
		return FRAG_DROPPED;
	}
	memcpy(o, d->hdr, d->hdr_len);
	for (p = d->pieces; p; p = p->next)
		memcpy(o + d->hdr_len + p->off, p->data, p->len);
	if (d->key.ver == 4) {
		put_be16(o + 2, (uint16_t)total);
		put_be16(o + 6, 0);
	} else {
		put_be16(o + 4, (uint16_t)(total - 40));
		o[d->nexthdr_off] = d->proto;
	}
	t->st->reassembled++;
	dgram_del(t, d);
	*out_len = total;
	return FRAG_DONE;
}

enum frag_result frag_input(struct frag_table *t, const struct ip_pkt *ip,
			    uint64_t tunnel, uint64_t now_ns, uint8_t *buf,
			    size_t *out_len)
{
	uint32_t off = ip->frag_off, len = (uint32_t)ip->l4_len;
	uint32_t fend = off + len;
	struct frag_piece *p, **pp, *np;
	struct frag_dgram *d;
	struct frag_key k;
	size_t prefix, need;

	t->st->fragments++;
	frag_expire(t, now_ns);

	if (!len || (ip->more_frags && (len & 7))) {
		t->st->bad_len++;
		return FRAG_DROPPED;
	}
	/* What precedes the fragmentable part in the reassembled datagram. */
	prefix = ip->ver == 4 ? ip->unfrag_len : ip->unfrag_len - 40;
	if (prefix + fend > IP_MAXPACKET_LEN) {
		t->st->too_big++;
		return FRAG_DROPPED;
	}

	memset(&k, 0, sizeof(k));
	memcpy(k.src, ip->src.a, 16);
	memcpy(k.dst, ip->dst.a, 16);
	k.tunnel = tunnel;
	k.id = ip->frag_id;
	k.ver = ip->ver;
	/* IPv4 keys on the protocol too (RFC 791); IPv6 does not. */
	k.proto = ip->ver == 4 ? ip->proto : 0;

	d = dgram_get(t, &k, now_ns);
	if (!d) {
		t->st->nomem++;
		return FRAG_DROPPED;
	}
	if (d->dead) {
		t->st->discarded++;
		return FRAG_DROPPED;
	}

	/* The last fragment fixes the end; nothing may lie beyond it. */
	if (!ip->more_frags) {
		if (d->last_seen ? d->end != fend : pieces_end(d) > fend)
			goto bad_last;
	} else if (d->last_seen && fend > d->end) {
		goto bad_last;
	}

	for (pp = &d->pieces; (p = *pp); pp = &p->next) {
		if (p->off >= fend)
			break;
		if (p->off + p->len <= off)
			continue;
		if (p->off == off && p->len == len) {
			t->st->duplicates++;
			return FRAG_HELD;
		}
		t->st->overlaps++;
		dgram_kill(t, d);
		return FRAG_DROPPED;
	}

	if (d->npieces >= t->cfg.max_frags) {
		t->st->too_many++;
		dgram_kill(t, d);
		return FRAG_DROPPED;
	}
	need = sizeof(*np) + len + (off == 0 ? ip->unfrag_len : 0);
	if (!make_room(t, need, d))
		goto evict;
	np = malloc(sizeof(*np) + len);
	if (!np)
		goto nomem;
	if (off == 0) {
		d->hdr = malloc(ip->unfrag_len);
		if (!d->hdr) {
			free(np);
			goto nomem;
		}
		memcpy(d->hdr, ip->pkt, ip->unfrag_len);
		d->hdr_len = ip->unfrag_len;
		d->nexthdr_off = ip->nexthdr_off;
		d->proto = ip->proto;
	}
	np->off = off;
	np->len = len;
	memcpy(np->data, ip->l4, len);
	np->next = *pp;
	*pp = np;
	d->npieces++;
	d->have += len;
	d->mem += need;
	t->mem += need;
	if (!ip->more_frags) {
		d->last_seen = true;
		d->end = fend;
	}
	if (d->last_seen && d->have == d->end && d->hdr)
		return assemble(t, d, buf, out_len);
	return FRAG_HELD;

bad_last:
	t->st->bad_last++;
	dgram_kill(t, d);
	return FRAG_DROPPED;
evict:
	t->st->evicted++;
	dgram_kill(t, d);
	return FRAG_DROPPED;
nomem:
	t->st->nomem++;
	dgram_kill(t, d);
	return FRAG_DROPPED;
}

uint32_t frag_count(const struct frag_table *t)
{
	return t->count;
}

size_t frag_mem(const struct frag_table *t)
{
	return t->mem;
}
