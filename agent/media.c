// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel flows of intercepted sessions, per session (owner) and task.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "media.h"

#define MEDIA_MIN_BITS 6
#define MEDIA_MAX_BITS 22

struct media_table {
	const struct pl_services *svc;
	uint64_t grace_ns;
	/* 2^bits buckets each, one allocation (by_id = by_owner + 2^bits,
	 * by_tuple = by_id + 2^bits): flows by owner, flows with a kernel
	 * ID by ID, every flow by its ends (tuple_key) */
	struct media_flow **by_owner, **by_id, **by_tuple;
	unsigned int bits;
	/* The ends come from subscribers' SDP and packets: a seed of our
	 * own keeps them from choosing one chain. */
	uint64_t seed;
	struct lru dying; /* flows with remove_at set, oldest first */
	struct media_stats st;
};

static size_t bucket_of(uint64_t key, unsigned int bits)
{
	/* Fibonacci hashing: owners and IDs are serials, mostly sequential */
	return (size_t)((key * 0x9e3779b97f4a7c15ull) >> (64 - bits));
}

static struct media_flow **owner_head(const struct media_table *mt,
				      uint64_t owner)
{
	return &mt->by_owner[bucket_of(owner, mt->bits)];
}

static struct media_flow **id_head(const struct media_table *mt, uint32_t id)
{
	return &mt->by_id[bucket_of(id, mt->bits)];
}

static uint64_t ep_hash(const struct media_table *mt, const struct media_ep *e)
{
	return hash_bytes(e->addr.a, sizeof(e->addr.a),
			  mt->seed ^ ((uint64_t)e->addr.ver << 16 | e->port));
}

/*
 * An endpoint flow by its one end, a 5-tuple flow by both ends in either
 * order (a packet of either direction finds it): a packet looks in at
 * most three chains, whatever the number of flows.
 */
static uint64_t tuple_key(const struct media_table *mt,
			  const struct media_pair *p)
{
	if (!p->caller.port)
		return ep_hash(mt, &p->callee);
	if (!p->callee.port)
		return ep_hash(mt, &p->caller);
	return ep_hash(mt, &p->caller) ^ ep_hash(mt, &p->callee);
}

static struct media_flow **tuple_head(const struct media_table *mt,
				      uint64_t key)
{
	return &mt->by_tuple[bucket_of(key, mt->bits)];
}

/* Appends keep each chain in insertion order across a resize. */
static void chain_append(struct media_flow **pp, struct media_flow *f,
			 bool by_id)
{
	while (*pp)
		pp = by_id ? &(*pp)->id_next : &(*pp)->owner_next;
	*pp = f;
}

static void link_flow(struct media_table *mt, struct media_flow *f,
		      bool at_tail)
{
	struct media_flow **oh = owner_head(mt, f->owner);
	struct media_flow **th = tuple_head(mt, tuple_key(mt, &f->pair));

	f->owner_next = NULL;
	f->id_next = NULL;
	f->tuple_next = *th;
	*th = f;
	if (at_tail) {
		chain_append(oh, f, false);
	} else {
		f->owner_next = *oh;
		*oh = f;
	}
	if (f->flow_id)
		chain_append(id_head(mt, f->flow_id), f, true);
}

/* Twice the buckets once there are more flows than buckets. */
static void maybe_grow(struct media_table *mt)
{
	unsigned int old_bits = mt->bits, bits = old_bits + 1;
	size_t i, n = (size_t)1 << bits;
	struct media_flow **old = mt->by_owner, **o;

	if (mt->st.active <= ((size_t)1 << old_bits) || bits > MEDIA_MAX_BITS)
		return;
	o = calloc(3 * n, sizeof(*o));
	if (!o) /* longer chains, still correct */
		return;
	mt->by_owner = o;
	mt->by_id = o + n;
	mt->by_tuple = o + 2 * n;
	mt->bits = bits;
	for (i = 0; i < ((size_t)1 << old_bits); i++) {
		struct media_flow *f = old[i], *next;

		for (; f; f = next) {
			next = f->owner_next;
			link_flow(mt, f, true);
		}
	}
	free(old);
}

struct media_table *media_new(const struct pl_services *svc, uint64_t grace)
{
	struct media_table *mt = calloc(1, sizeof(*mt));
	size_t n = (size_t)1 << MEDIA_MIN_BITS;

	if (!mt)
		return NULL;
	mt->svc = svc;
	mt->grace_ns = grace;
	mt->bits = MEDIA_MIN_BITS;
	if (getrandom(&mt->seed, sizeof(mt->seed), GRND_NONBLOCK) !=
	    sizeof(mt->seed))
		mt->seed = (uint64_t)(uintptr_t)mt; /* early boot: still ours */
	mt->by_owner = calloc(3 * n, sizeof(*mt->by_owner));
	if (!mt->by_owner) {
		free(mt);
		return NULL;
	}
	mt->by_id = mt->by_owner + n;
	mt->by_tuple = mt->by_owner + 2 * n;
	return mt;
}

static bool is_dying(const struct media_table *mt, const struct media_flow *f)
{
	return f->dying.prev || f->dying.next || mt->dying.head == &f->dying;
}

static void schedule(struct media_table *mt, struct media_flow *f, uint64_t at)
{
	f->remove_at = at;
	if (!is_dying(mt, f))
		lru_add_tail(&mt->dying, &f->dying);
}

static void wanted(struct media_table *mt, struct media_flow *f)
{
	f->remove_at = 0;
	if (is_dying(mt, f))
		lru_del(&mt->dying, &f->dying);
}

/* Unlinks and frees *@pp (a link of its owner chain), removing its kernel
 * flow first when @remove. */
static void flow_drop(struct media_table *mt, struct media_flow **pp,
		      bool remove)
{
	struct media_flow *f = *pp, **ip;

	if (remove && f->flow_id) {
		if (mt->svc->flow_remove &&
		    mt->svc->flow_remove(mt->svc->ctx, f->flow_id))
			mt->st.remove_failed++;
		else
			mt->st.removed++;
	}
	*pp = f->owner_next;
	if (f->flow_id) {
		for (ip = id_head(mt, f->flow_id); *ip != f;
		     ip = &(*ip)->id_next)
			;
		*ip = f->id_next;
	}
	for (ip = tuple_head(mt, tuple_key(mt, &f->pair)); *ip != f;
	     ip = &(*ip)->tuple_next)
		;
	*ip = f->tuple_next;
	if (is_dying(mt, f))
		lru_del(&mt->dying, &f->dying);
	mt->st.active--;
	free(f);
}

/* The link of its owner chain that points at @f. */
static struct media_flow **owner_link(struct media_table *mt,
				      struct media_flow *f)
{
	struct media_flow **pp = owner_head(mt, f->owner);

	while (*pp != f)
		pp = &(*pp)->owner_next;
	return pp;
}

void media_free(struct media_table *mt)
{
	size_t i;

	if (!mt)
		return;
	for (i = 0; mt->by_owner && i < ((size_t)1 << mt->bits); i++)
		while (mt->by_owner[i])
			flow_drop(mt, &mt->by_owner[i], false);
	free(mt->by_owner);
	free(mt);
}

/* Removes the flows of the removal list that are due at @now (@all: all). */
static void drop_dying(struct media_table *mt, uint64_t now, bool all)
{
	struct lru_node *n = mt->dying.head, *next;

	for (; n; n = next) {
		struct media_flow *f = lru_entry(n, struct media_flow, dying);

		next = n->next;
		if (all || now >= f->remove_at)
			flow_drop(mt, owner_link(mt, f), true);
	}
}

void media_flush(struct media_table *mt)
{
	drop_dying(mt, 0, true);
}

static bool pair_eq(const struct media_pair *a, const struct media_pair *b)
{
	return media_ep_eq(&a->caller, &b->caller) &&
	       media_ep_eq(&a->callee, &b->callee);
}

static bool mine(const struct media_flow *f, uint64_t owner, const uint8_t *xid)
{
	return f->owner == owner &&
	       (!xid || !memcmp(f->xid, xid, LMISF_XID_LEN));
}

static bool shared_with(const struct media_table *mt, uint64_t owner,
			const struct media_pair *p)
{
	const struct media_flow *f;

	for (f = *owner_head(mt, owner); f; f = f->owner_next)
		if (f->owner == owner && f->flow_id && pair_eq(&f->pair, p))
			return true;
	return false;
}

/*
 * Endpoint flows whose end is now part of a 5-tuple flow go at once, not
 * after the grace time: the 5-tuple flow copies what is in flight between
 * the two ends, and every endpoint flow costs the kernel two lookups per
 * packet.
 */
static void superseded(struct media_table *mt, uint64_t owner,
		       const uint8_t *xid, const struct media_pair *pairs,
		       unsigned int n)
{
	struct media_flow **pp = owner_head(mt, owner);

	while (*pp) {
		struct media_flow *f = *pp;
		const struct media_ep *ep =
			f->pair.caller.port ? &f->pair.caller : &f->pair.callee;
		bool covered = false;

		for (unsigned int i = 0; i < n && !covered; i++)
			covered = !media_pair_is_end(&pairs[i]) &&
				  (media_ep_eq(&pairs[i].caller, ep) ||
				   media_ep_eq(&pairs[i].callee, ep));
		if (mine(f, owner, xid) && f->remove_at &&
		    media_pair_is_end(&f->pair) && covered)
			flow_drop(mt, pp, true);
		else
			pp = &f->owner_next;
	}
}

static bool have_pair(const struct media_table *mt, uint64_t owner,
		      const uint8_t *xid, const struct media_pair *p)
{
	const struct media_flow *f;

	for (f = *owner_head(mt, owner); f; f = f->owner_next)
		if (mine(f, owner, xid) && pair_eq(&f->pair, p) &&
		    !f->remove_at)
			return true;
	return false;
}

static int install(struct media_table *mt, struct media_flow *f,
		   const struct media_pair *p)
{
	struct pl_flow pf = { .proto = IPPROTO_UDP };
	int r;

	memcpy(pf.xid, f->xid, LMISF_XID_LEN);
	pf.correlation_id = f->correlation_id;
	if (!p->caller.port) { /* the callee's end only */
		pf.src = p->callee.addr;
		pf.sport = p->callee.port;
	} else {
		pf.src = p->caller.addr;
		pf.dst = p->callee.addr;
		pf.sport = p->caller.port;
		pf.dport = p->callee.port;
	}
	r = mt->svc->flow_install ?
		    mt->svc->flow_install(mt->svc->ctx, &pf, &f->flow_id) :
		    -EOPNOTSUPP;
	if (r == -EEXIST && shared_with(mt, f->owner, p)) {
		/* Another task of this session has the 5-tuple: the kernel
		 * keeps one flow per 5-tuple, so this task rides on its
		 * copies (flow_id 0). */
		f->flow_id = 0;
		r = 0;
	}
	return r;
}

int media_sync(struct media_table *mt, uint64_t owner,
	       const uint8_t xid[LMISF_XID_LEN], uint64_t corr,
	       const struct media_pair *pairs, unsigned int n,
	       enum media_side side, uint64_t now)
{
	struct media_flow *f;
	unsigned int i;
	int err = 0;

	for (f = *owner_head(mt, owner); f; f = f->owner_next) {
		bool want = false;

		if (!mine(f, owner, xid))
			continue;
		for (i = 0; i < n && !want; i++)
			want = pair_eq(&f->pair, &pairs[i]);
		if (want) {
			wanted(mt, f);
			f->side = side;
		} else if (!f->remove_at) {
			schedule(mt, f, now + mt->grace_ns);
		}
	}
	for (i = 0; i < n; i++) {
		int r;

		if (have_pair(mt, owner, xid, &pairs[i]))
			continue;
		f = calloc(1, sizeof(*f));
		if (!f) {
			err = err ? err : -ENOMEM;
			mt->st.install_failed++;
			continue;
		}
		f->owner = owner;
		memcpy(f->xid, xid, LMISF_XID_LEN);
		f->correlation_id = corr;
		f->pair = pairs[i];
		f->side = side;
		r = install(mt, f, &pairs[i]);
		if (r) {
			free(f);
			mt->st.install_failed++;
			err = err ? err : r;
			continue;
		}
		link_flow(mt, f, false);
		mt->st.installed++;
		mt->st.active++;
		maybe_grow(mt);
	}
	superseded(mt, owner, xid, pairs, n);
	return err;
}

void media_end(struct media_table *mt, uint64_t owner, const uint8_t *xid,
	       uint64_t now)
{
	struct media_flow *f;

	for (f = *owner_head(mt, owner); f; f = f->owner_next)
		if (mine(f, owner, xid) && !f->remove_at)
			schedule(mt, f, now + mt->grace_ns);
}

void media_tick(struct media_table *mt, uint64_t now)
{
	drop_dying(mt, now, false);
}

void media_gone(struct media_table *mt, uint32_t flow_id)
{
	struct media_flow *f = (struct media_flow *)media_find(mt, flow_id);

	if (f) {
		mt->st.gone++;
		flow_drop(mt, owner_link(mt, f), false);
	}
}

/* A task deletion is rare: every flow is looked at. */
void media_forget_task(struct media_table *mt, const uint8_t xid[16])
{
	size_t i;

	for (i = 0; i < ((size_t)1 << mt->bits); i++) {
		struct media_flow **pp = &mt->by_owner[i];

		while (*pp) {
			if (!memcmp((*pp)->xid, xid, LMISF_XID_LEN)) {
				mt->st.gone++;
				flow_drop(mt, pp, false);
			} else {
				pp = &(*pp)->owner_next;
			}
		}
	}
}

const struct media_flow *media_find(const struct media_table *mt,
				    uint32_t flow_id)
{
	const struct media_flow *f;

	if (!flow_id)
		return NULL;
	for (f = *id_head(mt, flow_id); f; f = f->id_next)
		if (f->flow_id == flow_id)
			return f;
	return NULL;
}

/* How well @f of @xid fits a packet between @a and @b: 0 not at all; a
 * 5-tuple flow before an endpoint flow (the kernel's order), a wanted
 * flow before one in its grace time. */
static int tuple_fit(const struct media_flow *f, const uint8_t *xid,
		     const struct media_ep *a, const struct media_ep *b)
{
	const struct media_pair *p = &f->pair;
	int fit;

	if (memcmp(f->xid, xid, LMISF_XID_LEN))
		return 0;
	if (media_pair_is_end(p))
		fit = media_ep_eq(p->caller.port ? &p->caller : &p->callee, a);
	else if ((media_ep_eq(&p->caller, a) && media_ep_eq(&p->callee, b)) ||
		 (media_ep_eq(&p->caller, b) && media_ep_eq(&p->callee, a)))
		fit = 3;
	else
		fit = 0;
	return fit && !f->remove_at ? fit + 1 : fit;
}

const struct media_flow *media_find_tuple(const struct media_table *mt,
					  const uint8_t xid[LMISF_XID_LEN],
					  const struct media_ep *src,
					  const struct media_ep *dst)
{
	const struct media_ep *ends[3][2] = { { src, dst },
					      { src, src },
					      { dst, dst } };
	const uint64_t hs = ep_hash(mt, src), hd = ep_hash(mt, dst);
	const uint64_t keys[3] = { hs ^ hd, hs, hd };
	const struct media_flow *f, *best = NULL;
	int fit, best_fit = 0;
	unsigned int i;

	for (i = 0; i < 3 && best_fit < 4; i++)
		for (f = *tuple_head(mt, keys[i]); f; f = f->tuple_next) {
			fit = tuple_fit(f, xid, ends[i][0], ends[i][1]);
			if (fit > best_fit) {
				best = f;
				best_fit = fit;
			}
		}
	return best;
}

bool media_owner_has(const struct media_table *mt, uint64_t owner,
		     const uint8_t xid[LMISF_XID_LEN])
{
	const struct media_flow *f;

	for (f = *owner_head(mt, owner); f; f = f->owner_next)
		if (mine(f, owner, xid) && !f->remove_at)
			return true;
	return false;
}

const struct media_flow *media_riders(const struct media_table *mt,
				      const struct media_flow *prev,
				      const struct media_flow *of)
{
	const struct media_flow *f = prev ? prev->owner_next :
					    *owner_head(mt, of->owner);

	for (; f; f = f->owner_next)
		if (!f->flow_id && f->owner == of->owner &&
		    pair_eq(&f->pair, &of->pair))
			return f;
	return NULL;
}

const struct media_stats *media_stats(const struct media_table *mt)
{
	return &mt->st;
}
