// SPDX-License-Identifier: GPL-2.0
/*
 * Flows are hashed by their 5-tuple in a canonical order so one lookup
 * serves both directions; an endpoint flow (pl_flow_is_endpoint) as a
 * 5-tuple whose other end is all zeros, looked up for each end of a
 * packet, as the module does; a second hash by flow ID serves removals.
 * Both grow with the flows. Targets are walked per packet: replay runs
 * offline over the few tasks given on its command line (live, the module's
 * hash tables do this).
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "gtpu.h"
#include "ip.h"
#include "replay_match.h"

struct rflow {
	struct rflow *next, *id_next; /* chains by 5-tuple and by ID */
	uint32_t id;
	struct pl_flow f;
	uint8_t key[40];
};

struct replay_match {
	const struct tasks *tasks;
	uint16_t gtpu_port;
	/* nbuckets each (a power of two), one allocation: ids = buckets + n */
	struct rflow **buckets, **ids;
	unsigned int nbuckets, nflows, nendpoints;
	uint32_t next_id;
};

struct replay_match *replay_match_new(const struct tasks *tasks,
				      uint16_t gtpu_port)
{
	struct replay_match *rm = calloc(1, sizeof(*rm));

	if (!rm)
		return NULL;
	rm->tasks = tasks;
	rm->gtpu_port = gtpu_port;
	rm->nbuckets = 1024;
	rm->buckets = calloc(2 * (size_t)rm->nbuckets, sizeof(*rm->buckets));
	if (!rm->buckets) {
		free(rm);
		return NULL;
	}
	rm->ids = rm->buckets + rm->nbuckets;
	return rm;
}

void replay_match_free(struct replay_match *rm)
{
	if (!rm)
		return;
	for (unsigned int i = 0; rm->buckets && i < rm->nbuckets; i++) {
		struct rflow *f = rm->buckets[i], *n;

		for (; f; f = n) {
			n = f->next;
			free(f);
		}
	}
	free(rm->buckets);
	free(rm);
}

/* proto, then the lower (address, port) endpoint, then the other. */
static void flow_key(uint8_t key[40], uint8_t proto, const struct ipaddr *a,
		     uint16_t ap, const struct ipaddr *b, uint16_t bp)
{
	int c = ipaddr_cmp(a, b);

	if (c > 0 || (c == 0 && ap > bp)) {
		const struct ipaddr *t = a;
		uint16_t tp = ap;

		a = b;
		ap = bp;
		b = t;
		bp = tp;
	}
	memset(key, 0, 40);
	key[0] = proto;
	key[1] = a->ver;
	memcpy(key + 2, a->a, 16);
	put_be16(key + 18, ap);
	memcpy(key + 20, b->a, 16);
	put_be16(key + 36, bp);
}

static unsigned int bucket(const struct replay_match *rm, const uint8_t *key)
{
	return (unsigned int)(hash_bytes(key, 40, 0x6c6d6973) &
			      (rm->nbuckets - 1));
}

/* IDs are sequential: their low bits spread them evenly. */
static struct rflow **id_head(const struct replay_match *rm, uint32_t id)
{
	return &rm->ids[id & (rm->nbuckets - 1)];
}

static void link_flow(struct replay_match *rm, struct rflow *f)
{
	struct rflow **kh = &rm->buckets[bucket(rm, f->key)];
	struct rflow **ih = id_head(rm, f->id);

	f->next = *kh;
	*kh = f;
	f->id_next = *ih;
	*ih = f;
}

/* Twice the buckets once there are more flows than buckets. */
static void maybe_grow(struct replay_match *rm)
{
	unsigned int n = rm->nbuckets * 2, i;
	struct rflow **ob = rm->buckets, **nb;

	if (rm->nflows <= rm->nbuckets || n > (1u << 24))
		return;
	nb = calloc(2 * (size_t)n, sizeof(*nb));
	if (!nb) /* longer chains, still correct */
		return;
	rm->buckets = nb;
	rm->ids = nb + n;
	rm->nbuckets = n;
	for (i = 0; i < n / 2; i++) {
		struct rflow *f = ob[i], *next;

		for (; f; f = next) {
			next = f->next;
			link_flow(rm, f);
		}
	}
	free(ob);
}

static int flow_install(void *ctx, const struct pl_flow *f, uint32_t *id)
{
	struct replay_match *rm = ctx;
	struct rflow *n, *e;
	unsigned int b;

	bool ep = pl_flow_is_endpoint(f);

	if (!f->sport || (!ep && (!f->dport || f->src.ver != f->dst.ver)) ||
	    (f->src.ver != 4 && f->src.ver != 6) ||
	    (f->proto != IPPROTO_UDP && f->proto != IPPROTO_TCP &&
	     f->proto != IPPROTO_SCTP))
		return -EINVAL;
	if (!tasks_find(rm->tasks, f->xid))
		return -ENOENT;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->f = *f;
	flow_key(n->key, f->proto, &f->src, f->sport, &f->dst, f->dport);
	b = bucket(rm, n->key);
	for (e = rm->buckets[b]; e; e = e->next) {
		if (!memcmp(e->key, n->key, sizeof(n->key))) {
			free(n);
			return -EEXIST;
		}
	}
	n->id = ++rm->next_id;
	link_flow(rm, n);
	rm->nflows++;
	rm->nendpoints += ep;
	*id = n->id;
	maybe_grow(rm);
	return 0;
}

/* Frees *@pp (a link of its 5-tuple chain), unlinking it from its ID's. */
static void flow_drop(struct replay_match *rm, struct rflow **pp)
{
	struct rflow *f = *pp, **ip = id_head(rm, f->id);

	*pp = f->next;
	while (*ip != f)
		ip = &(*ip)->id_next;
	*ip = f->id_next;
	rm->nendpoints -= pl_flow_is_endpoint(&f->f);
	rm->nflows--;
	free(f);
}

static int flow_remove(void *ctx, uint32_t id)
{
	struct replay_match *rm = ctx;
	struct rflow *f, **pp;

	for (f = *id_head(rm, id); f && f->id != id; f = f->id_next)
		;
	if (!f)
		return -ENOENT;
	for (pp = &rm->buckets[bucket(rm, f->key)]; *pp != f; pp = &(*pp)->next)
		;
	flow_drop(rm, pp);
	return 0;
}

void replay_match_flow_ops(struct replay_match *rm, struct pl_flow_ops *ops)
{
	ops->ctx = rm;
	ops->install = flow_install;
	ops->remove = flow_remove;
}

/* A task deletion is rare: every flow is looked at. */
void replay_match_task_deleted(struct replay_match *rm,
			       const uint8_t xid[LMISF_XID_LEN])
{
	for (unsigned int i = 0; i < rm->nbuckets; i++) {
		struct rflow **pp = &rm->buckets[i];

		while (*pp) {
			if (!memcmp((*pp)->f.xid, xid, LMISF_XID_LEN))
				flow_drop(rm, pp);
			else
				pp = &(*pp)->next;
		}
	}
}

unsigned int replay_match_flows(const struct replay_match *rm)
{
	return rm->nflows;
}

static bool in_prefix(const struct ipaddr *a, const struct ipaddr *p,
		      unsigned int len)
{
	unsigned int full = len / 8, rest = len % 8;

	if (a->ver != p->ver)
		return false;
	if (memcmp(a->a, p->a, full))
		return false;
	return !rest ||
	       !((a->a[full] ^ p->a[full]) & (uint8_t)(0xff << (8 - rest)));
}

struct pkt_view {
	const struct ip_pkt *ip;
	uint16_t sport, dport; /* 0 when not UDP/TCP/SCTP or a later frag */
	bool decap;
	uint32_t teid;
	const struct ipaddr *tun_dst;
};

static bool target_hits(const struct task_target *t, const struct pkt_view *v)
{
	const struct ip_pkt *ip = v->ip;

	switch (t->type) {
	case LMISF_TARGET_IPV4:
	case LMISF_TARGET_IPV6:
	case LMISF_TARGET_IPV4_CIDR:
	case LMISF_TARGET_IPV6_CIDR:
		return in_prefix(&ip->src, &t->addr, t->prefix_len) ||
		       in_prefix(&ip->dst, &t->addr, t->prefix_len);
	case LMISF_TARGET_GTPU_TEID:
		return v->decap && t->teid == v->teid &&
		       (!t->addr.ver || ipaddr_eq(&t->addr, v->tun_dst));
	}
	return false; /* identities: matched in signalling, not here */
}

struct walk {
	const struct pkt_view *v;
	struct pl_origin *o;
	struct pl_match *m;
};

static int match_task(void *arg, const struct task *t)
{
	struct walk *w = arg;
	struct pl_match *m;

	for (unsigned int i = 0; i < t->n_targets; i++) {
		if (!target_hits(&t->targets[i], w->v))
			continue;
		if (w->o->n_matches == PL_MAX_MATCHES)
			return 1;
		m = &w->m[w->o->n_matches++];
		memset(m, 0, sizeof(*m));
		m->kind = LMISF_COPY_TARGET;
		memcpy(m->xid, t->xid, LMISF_XID_LEN);
		m->has_correlation = t->has_correlation;
		m->correlation_id = t->correlation_id;
		w->o->kind |= LMISF_COPY_TARGET;
		return 0; /* one match per task */
	}
	return 0;
}

static void ports(const struct ip_pkt *ip, uint16_t *sp, uint16_t *dp)
{
	*sp = *dp = 0;
	if (ip->is_frag && ip->frag_off)
		return;
	if ((ip->proto == IPPROTO_UDP || ip->proto == IPPROTO_TCP ||
	     ip->proto == IPPROTO_SCTP) &&
	    ip->l4_len >= 4) {
		*sp = get_be16(ip->l4);
		*dp = get_be16(ip->l4 + 2);
	}
}

static bool has_media(const struct pl_origin *o, const uint8_t *xid)
{
	for (unsigned int i = 0; i < o->n_matches; i++)
		if (o->matches[i].kind == LMISF_COPY_MEDIA &&
		    !memcmp(o->matches[i].xid, xid, LMISF_XID_LEN))
			return true;
	return false;
}

/* The flows of @key become MEDIA matches; a task's exact flow wins over
 * its endpoint flow, as in the module. */
static void flows_lookup(struct replay_match *rm, const uint8_t *key,
			 struct pl_origin *o, struct pl_match *m)
{
	struct rflow *f;

	for (f = rm->buckets[bucket(rm, key)]; f; f = f->next) {
		if (memcmp(f->key, key, sizeof(f->key)) ||
		    o->n_matches == PL_MAX_MATCHES ||
		    (pl_flow_is_endpoint(&f->f) && has_media(o, f->f.xid)))
			continue;
		memset(&m[o->n_matches], 0, sizeof(*m));
		m[o->n_matches].kind = LMISF_COPY_MEDIA;
		memcpy(m[o->n_matches].xid, f->f.xid, LMISF_XID_LEN);
		m[o->n_matches].has_correlation = true;
		m[o->n_matches].correlation_id = f->f.correlation_id;
		m[o->n_matches].flow_id = f->id;
		o->n_matches++;
		o->kind |= LMISF_COPY_MEDIA;
	}
}

void replay_match_packet(struct replay_match *rm, const uint8_t *pkt,
			 size_t len, struct pl_origin *o,
			 struct pl_match m[PL_MAX_MATCHES],
			 struct decode_meta *meta)
{
	struct ip_pkt outer, inner;
	struct pkt_view v = { .ip = &outer };
	struct walk w = { .v = &v, .o = o, .m = m };
	static const struct ipaddr any;
	uint8_t key[40];
	struct gtpu_hdr g;

	o->kind = 0;
	o->n_matches = 0;
	o->matches = m;
	if (ip_parse(pkt, len, &outer) != IP_OK)
		return;
	ports(&outer, &v.sport, &v.dport);
	if (outer.proto == IPPROTO_UDP && outer.l4_len > 8 &&
	    (v.sport == rm->gtpu_port || v.dport == rm->gtpu_port) &&
	    gtpu_parse(outer.l4 + 8, outer.l4_len - 8, &g) == GTPU_OK &&
	    ip_parse(g.inner, g.inner_len, &inner) == IP_OK) {
		uint16_t isp, idp;

		ports(&inner, &isp, &idp);
		/* GTP-U in GTP-U: the module matches the outer packet */
		if (!(inner.proto == IPPROTO_UDP &&
		      (isp == rm->gtpu_port || idp == rm->gtpu_port))) {
			v.ip = &inner;
			v.sport = isp;
			v.dport = idp;
			v.decap = true;
			v.teid = g.teid;
			v.tun_dst = &outer.dst;
			meta->kernel_decap = true;
			meta->kernel_teid = g.teid;
			meta->kernel_inner_offset = (uint32_t)(g.inner - pkt);
		}
	}
	if ((v.ip->proto == IPPROTO_UDP || v.ip->proto == IPPROTO_TCP) &&
	    (v.sport == 5060 || v.dport == 5060))
		o->kind |= LMISF_COPY_SIGNALLING;
	tasks_foreach(rm->tasks, match_task, &w);
	if (!v.sport || !rm->nflows)
		return;
	flow_key(key, v.ip->proto, &v.ip->src, v.sport, &v.ip->dst, v.dport);
	flows_lookup(rm, key, o, m);
	if (!rm->nendpoints)
		return;
	flow_key(key, v.ip->proto, &v.ip->src, v.sport, &any, 0);
	flows_lookup(rm, key, o, m);
	flow_key(key, v.ip->proto, &v.ip->dst, v.dport, &any, 0);
	flows_lookup(rm, key, o, m);
}
