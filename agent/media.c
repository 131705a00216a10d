// SPDX-License-Identifier: GPL-2.0
/*
 * RTP/RTCP flows from offer and answer, and their kernel flows.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "media.h"
#include "sdp.h"

struct media_table {
	const struct pl_services *svc;
	uint64_t grace_ns;
	struct media_flow *list;
	struct media_stats st;
};

static bool conn_ep(const struct sdp_conn *c, uint16_t port,
		    struct media_ep *ep)
{
	memset(ep, 0, sizeof(*ep));
	ep->port = port;
	if (c->family == AF_INET) {
		ep->addr.ver = 4;
		memcpy(ep->addr.a, &c->ip.v4, 4);
	} else if (c->family == AF_INET6) {
		ep->addr.ver = 6;
		memcpy(ep->addr.a, &c->ip.v6, 16);
	} else {
		return false;
	}
	return port != 0;
}

static bool has(struct sip_str s, const char *needle)
{
	size_t n = strlen(needle);
	uint32_t i;

	for (i = 0; i + n <= s.len; i++)
		if (!strncasecmp(s.p + i, needle, n))
			return true;
	return false;
}

static bool add_pair(struct media_pair *out, unsigned int *n, unsigned int max,
		     uint8_t mline, bool rtcp, const struct sdp_conn *ca,
		     uint16_t cp, const struct sdp_conn *cb, uint16_t bp)
{
	struct media_pair p = { .mline = mline, .rtcp = rtcp };

	if (!conn_ep(ca, cp, &p.caller) || !conn_ep(cb, bp, &p.callee) ||
	    p.caller.addr.ver != p.callee.addr.ver)
		return false;
	if (*n < max)
		out[(*n)++] = p;
	return true;
}

unsigned int media_pairs(const char *asdp, uint32_t alen, const char *bsdp,
			 uint32_t blen, struct media_pair *out,
			 unsigned int max, unsigned int *problems)
{
	/* Two descriptions are ~11 KiB: too much for a fuzzer's stack. */
	struct sdp_session *a = malloc(2 * sizeof(*a)), *b;
	unsigned int n = 0, i;

	*problems = 0;
	if (!a)
		return 0;
	b = a + 1;
	if (sdp_parse(a, asdp, alen, NULL) || sdp_parse(b, bsdp, blen, NULL)) {
		*problems |= MEDIA_P_SDP;
		free(a);
		return 0;
	}
	for (i = 0; i < a->nmedia && i < b->nmedia; i++) {
		const struct sdp_media *ma = &a->media[i], *mb = &b->media[i];
		bool mux = ma->rtcp_mux && mb->rtcp_mux;

		if (ma->disabled || mb->disabled)
			continue;
		if (has(ma->proto, "SAVP") || has(mb->proto, "SAVP") ||
		    has(ma->proto, "TLS") || has(mb->proto, "TLS")) {
			/* Keys are end to end (SDES, DTLS-SRTP): the copies
			 * would be ciphertext nobody can read. */
			*problems |= MEDIA_P_ENCRYPTED;
			continue;
		}
		if (!has(ma->proto, "RTP/AVP") || !has(mb->proto, "RTP/AVP") ||
		    has(ma->proto, "TCP") || has(mb->proto, "TCP")) {
			*problems |= MEDIA_P_TRANSPORT;
			continue;
		}
		if (!add_pair(out, &n, max, (uint8_t)i, false, &ma->rtp_addr,
			      ma->rtp_port, &mb->rtp_addr, mb->rtp_port)) {
			*problems |= MEDIA_P_NO_ADDR;
			continue;
		}
		if (mux || (ma->rtcp_port == ma->rtp_port &&
			    mb->rtcp_port == mb->rtp_port))
			continue;
		if (!add_pair(out, &n, max, (uint8_t)i, true, &ma->rtcp_addr,
			      ma->rtcp_port, &mb->rtcp_addr, mb->rtcp_port))
			*problems |= MEDIA_P_NO_ADDR;
	}
	free(a);
	return n;
}

static bool ep_eq(const struct media_ep *a, const struct media_ep *b)
{
	return a->port == b->port && ipaddr_eq(&a->addr, &b->addr);
}

/* Is @ep one end of a pair in @p[0..n)? */
static bool ep_known(const struct media_pair *p, unsigned int n,
		     const struct media_ep *ep)
{
	for (unsigned int i = 0; i < n; i++)
		if (ep_eq(&p[i].caller, ep) || ep_eq(&p[i].callee, ep))
			return true;
	return false;
}

static void add_end(struct media_pair *out, unsigned int *n, unsigned int max,
		    uint8_t mline, bool rtcp, bool caller,
		    const struct sdp_conn *c, uint16_t port)
{
	struct media_pair p = { .mline = mline, .rtcp = rtcp };
	struct media_ep *ep = caller ? &p.caller : &p.callee;

	if (!conn_ep(c, port, ep) || ep_known(out, *n, ep) || *n >= max)
		return;
	out[(*n)++] = p;
}

void media_ends(const char *sdp, uint32_t len, bool caller,
		struct media_pair *out, unsigned int *n, unsigned int max)
{
	struct sdp_session *s = malloc(sizeof(*s));
	unsigned int i;

	if (!s)
		return;
	if (sdp_parse(s, sdp, len, NULL)) {
		free(s);
		return;
	}
	for (i = 0; i < s->nmedia; i++) {
		const struct sdp_media *m = &s->media[i];

		/* What media_pairs would refuse is reported once the
		 * answer is known; nothing is installed for it now. */
		if (m->disabled || has(m->proto, "SAVP") ||
		    has(m->proto, "TLS") || !has(m->proto, "RTP/AVP") ||
		    has(m->proto, "TCP"))
			continue;
		add_end(out, n, max, (uint8_t)i, false, caller, &m->rtp_addr,
			m->rtp_port);
		/* With rtcp-mux offered, RTCP shares the RTP end unless the
		 * answer refuses it (then the 5-tuple flows have it). */
		if (!m->rtcp_mux && m->rtcp_port != m->rtp_port)
			add_end(out, n, max, (uint8_t)i, true, caller,
				&m->rtcp_addr, m->rtcp_port);
	}
	free(s);
}

struct media_table *media_new(const struct pl_services *svc, uint64_t grace)
{
	struct media_table *mt = calloc(1, sizeof(*mt));

	if (mt) {
		mt->svc = svc;
		mt->grace_ns = grace;
	}
	return mt;
}

static void flow_drop(struct media_table *mt, struct media_flow **pp,
		      bool remove)
{
	struct media_flow *f = *pp;

	if (remove && f->flow_id) {
		if (mt->svc->flow_remove &&
		    mt->svc->flow_remove(mt->svc->ctx, f->flow_id))
			mt->st.remove_failed++;
		else
			mt->st.removed++;
	}
	*pp = f->next;
	mt->st.active--;
	free(f);
}

void media_free(struct media_table *mt)
{
	if (!mt)
		return;
	while (mt->list)
		flow_drop(mt, &mt->list, false);
	free(mt);
}

void media_flush(struct media_table *mt)
{
	struct media_flow **pp = &mt->list;

	while (*pp) {
		if ((*pp)->remove_at)
			flow_drop(mt, pp, true);
		else
			pp = &(*pp)->next;
	}
}

static bool pair_eq(const struct media_pair *a, const struct media_pair *b)
{
	return ep_eq(&a->caller, &b->caller) && ep_eq(&a->callee, &b->callee);
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

	for (f = mt->list; f; f = f->next)
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
	struct media_flow **pp = &mt->list;

	while (*pp) {
		struct media_flow *f = *pp;
		const struct media_ep *ep =
			f->pair.caller.port ? &f->pair.caller : &f->pair.callee;
		bool covered = false;

		for (unsigned int i = 0; i < n && !covered; i++)
			covered = !media_pair_is_end(&pairs[i]) &&
				  (ep_eq(&pairs[i].caller, ep) ||
				   ep_eq(&pairs[i].callee, ep));
		if (mine(f, owner, xid) && f->remove_at &&
		    media_pair_is_end(&f->pair) && covered)
			flow_drop(mt, pp, true);
		else
			pp = &f->next;
	}
}

int media_sync(struct media_table *mt, uint64_t owner,
	       const uint8_t xid[LMISF_XID_LEN], uint64_t corr,
	       const struct media_pair *pairs, unsigned int n,
	       enum media_side side, uint64_t now)
{
	struct media_flow *f;
	unsigned int i;
	int err = 0;

	for (f = mt->list; f; f = f->next) {
		bool want = false;

		if (!mine(f, owner, xid))
			continue;
		for (i = 0; i < n && !want; i++)
			want = pair_eq(&f->pair, &pairs[i]);
		if (want) {
			f->remove_at = 0;
			f->side = side;
		} else if (!f->remove_at) {
			f->remove_at = now + mt->grace_ns;
		}
	}
	for (i = 0; i < n; i++) {
		struct pl_flow pf = { .proto = IPPROTO_UDP };
		bool have = false;
		int r;

		for (f = mt->list; f && !have; f = f->next)
			have = mine(f, owner, xid) &&
			       pair_eq(&f->pair, &pairs[i]) && !f->remove_at;
		if (have)
			continue;
		f = calloc(1, sizeof(*f));
		if (!f) {
			err = err ? err : -ENOMEM;
			mt->st.install_failed++;
			continue;
		}
		memcpy(pf.xid, xid, LMISF_XID_LEN);
		pf.correlation_id = corr;
		if (!pairs[i].caller.port) { /* the callee's end only */
			pf.src = pairs[i].callee.addr;
			pf.sport = pairs[i].callee.port;
		} else {
			pf.src = pairs[i].caller.addr;
			pf.dst = pairs[i].callee.addr;
			pf.sport = pairs[i].caller.port;
			pf.dport = pairs[i].callee.port;
		}
		r = mt->svc->flow_install ?
			    mt->svc->flow_install(mt->svc->ctx, &pf,
						  &f->flow_id) :
			    -EOPNOTSUPP;
		if (r == -EEXIST && shared_with(mt, owner, &pairs[i])) {
			/* Another task of this session has the 5-tuple: the
			 * kernel keeps one flow per 5-tuple, so this task
			 * rides on its copies (flow_id 0). */
			f->flow_id = 0;
			r = 0;
		}
		if (r) {
			free(f);
			mt->st.install_failed++;
			err = err ? err : r;
			continue;
		}
		f->owner = owner;
		memcpy(f->xid, xid, LMISF_XID_LEN);
		f->correlation_id = corr;
		f->pair = pairs[i];
		f->side = side;
		f->next = mt->list;
		mt->list = f;
		mt->st.installed++;
		mt->st.active++;
	}
	superseded(mt, owner, xid, pairs, n);
	return err;
}

void media_end(struct media_table *mt, uint64_t owner, const uint8_t *xid,
	       uint64_t now)
{
	struct media_flow *f;

	for (f = mt->list; f; f = f->next)
		if (mine(f, owner, xid) && !f->remove_at)
			f->remove_at = now + mt->grace_ns;
}

void media_tick(struct media_table *mt, uint64_t now)
{
	struct media_flow **pp = &mt->list;

	while (*pp) {
		if ((*pp)->remove_at && now >= (*pp)->remove_at)
			flow_drop(mt, pp, true);
		else
			pp = &(*pp)->next;
	}
}

void media_gone(struct media_table *mt, uint32_t flow_id)
{
	struct media_flow **pp;

	for (pp = &mt->list; *pp; pp = &(*pp)->next)
		if (flow_id && (*pp)->flow_id == flow_id) {
			mt->st.gone++;
			flow_drop(mt, pp, false);
			return;
		}
}

void media_forget_task(struct media_table *mt, const uint8_t xid[16])
{
	struct media_flow **pp = &mt->list;

	while (*pp) {
		if (!memcmp((*pp)->xid, xid, LMISF_XID_LEN)) {
			mt->st.gone++;
			flow_drop(mt, pp, false);
		} else {
			pp = &(*pp)->next;
		}
	}
}

const struct media_flow *media_find(const struct media_table *mt,
				    uint32_t flow_id)
{
	const struct media_flow *f;

	for (f = mt->list; f; f = f->next)
		if (flow_id && f->flow_id == flow_id)
			return f;
	return NULL;
}

bool media_owner_has(const struct media_table *mt, uint64_t owner,
		     const uint8_t xid[LMISF_XID_LEN])
{
	const struct media_flow *f;

	for (f = mt->list; f; f = f->next)
		if (mine(f, owner, xid) && !f->remove_at)
			return true;
	return false;
}

const struct media_flow *media_riders(const struct media_table *mt,
				      const struct media_flow *prev,
				      const struct media_flow *of)
{
	const struct media_flow *f = prev ? prev->next : mt->list;

	for (; f; f = f->next)
		if (!f->flow_id && f->owner == of->owner &&
		    pair_eq(&f->pair, &of->pair))
			return f;
	return NULL;
}

const struct media_stats *media_stats(const struct media_table *mt)
{
	return &mt->st;
}
