// SPDX-License-Identifier: GPL-2.0
/*
 * The decoder's pipeline: IP -> (fragments) -> UDP -> (GTP-U -> IP ->
 * (fragments) -> UDP/TCP) or TCP. Two levels only: a T-PDU whose inner
 * packet is GTP-U again is not decapsulated, as in the kernel.
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "decode.h"

/* Outer and inner level: each owns a buffer for its reassembled datagram. */
#define LEVELS 2

struct tunnel {
	uint32_t teid;
	struct ipaddr src, dst;
	uint16_t sport, dport;
	const uint8_t *outer;
	size_t outer_len;
};

/* The packet being decoded, handed through tcp_input to the consumer. */
struct pkt_ctx {
	const struct decode_meta *meta;
	const struct tunnel *tun;
	const uint8_t *ip;
	size_t ip_len;
	uint32_t flags;
};

struct decoder {
	struct decode_config cfg;
	struct decode_stats st;
	decode_deliver_fn fn;
	void *ctx;
	struct frag_table *frag;
	struct tcp_table *tcp;
	uint8_t *reasm[LEVELS]; /* FRAG_BUF_SIZE each, on first use */
};

void decode_config_default(struct decode_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->gtpu_port = GTPU_PORT_DEFAULT;
	frag_config_default(&cfg->frag);
	tcp_config_default(&cfg->tcp);
}

static size_t tcp_chunk_cb(void *arg, const struct tcp_chunk *c)
{
	struct decoder *dec = arg;
	const struct pkt_ctx *pc = c->pkt;
	struct dec_payload p;

	memset(&p, 0, sizeof(p));
	p.proto = IPPROTO_TCP;
	p.src = *c->src;
	p.dst = *c->dst;
	p.sport = c->sport;
	p.dport = c->dport;
	p.from_initiator = c->from_initiator;
	p.tunnelled = c->tunnel != 0;
	if (c->flags & TCP_CHUNK_GAP)
		p.flags |= DEC_F_GAP;
	if (c->flags & TCP_CHUNK_END)
		p.flags |= DEC_F_END;
	if (pc) {
		p.meta = pc->meta;
		p.ts_ns = pc->meta->ts_ns;
		p.flags |= pc->flags;
		p.ip = pc->ip;
		p.ip_len = pc->ip_len;
		if (pc->tun) {
			p.teid = pc->tun->teid;
			p.outer_src = pc->tun->src;
			p.outer_dst = pc->tun->dst;
			p.outer_sport = pc->tun->sport;
			p.outer_dport = pc->tun->dport;
			p.outer = pc->tun->outer;
			p.outer_len = pc->tun->outer_len;
		} else {
			p.outer = pc->ip;
			p.outer_len = pc->ip_len;
		}
	}
	p.data = c->data;
	p.len = c->len;
	return dec->fn(dec->ctx, &p);
}

static uint64_t random_seed(void)
{
	uint64_t s = 0;

	if (getrandom(&s, sizeof(s), GRND_NONBLOCK) != sizeof(s))
		s = (uint64_t)(uintptr_t)&s ^ 0x9e3779b97f4a7c15ULL;
	return s;
}

struct decoder *decode_new(const struct decode_config *cfg,
			   decode_deliver_fn fn, void *ctx)
{
	struct decoder *dec = calloc(1, sizeof(*dec));
	uint64_t seed;

	if (!dec)
		return NULL;
	dec->cfg = *cfg;
	dec->fn = fn;
	dec->ctx = ctx;
	seed = cfg->seed ? cfg->seed : random_seed();
	dec->frag = frag_new(&cfg->frag, &dec->st.frag, seed);
	dec->tcp = tcp_new(&cfg->tcp, &dec->st.tcp, seed ^ 0x5bd1e995,
			   tcp_chunk_cb, dec);
	if (!dec->frag || !dec->tcp) {
		decode_free(dec);
		return NULL;
	}
	return dec;
}

void decode_free(struct decoder *dec)
{
	if (!dec)
		return;
	tcp_free(dec->tcp);
	frag_free(dec->frag);
	free(dec->reasm[0]);
	free(dec->reasm[1]);
	free(dec);
}

static void count_ip_error(struct decode_stats *st, enum ip_result r)
{
	switch (r) {
	case IP_OK:
	case __IP_RESULT_MAX:
		break;
	case IP_TRUNCATED:
		st->ip_truncated++;
		break;
	case IP_BAD_VERSION:
		st->ip_bad_version++;
		break;
	case IP_BAD_HDRLEN:
		st->ip4_bad_hdrlen++;
		break;
	case IP_BAD_TOTLEN:
		st->ip4_bad_totlen++;
		break;
	case IP_BAD_OPTIONS:
		st->ip4_bad_options++;
		break;
	case IP_JUMBO:
		st->ip6_jumbo++;
		break;
	case IP_EXT_TRUNCATED:
		st->ip6_ext_truncated++;
		break;
	case IP_EXT_TOO_MANY:
		st->ip6_ext_too_many++;
		break;
	case IP_HBH_NOT_FIRST:
		st->ip6_hbh_not_first++;
		break;
	case IP_EXT_UNKNOWN:
		st->ip6_ext_unknown++;
		break;
	case IP_ESP:
		st->esp++;
		break;
	case IP_AH:
		st->ah++;
		break;
	case IP_NO_NEXT:
		st->ip6_no_next++;
		break;
	}
}

static void decode_ip(struct decoder *dec, const uint8_t *p, size_t len,
		      const struct decode_meta *meta, const struct tunnel *tun,
		      bool reasm);

static bool is_gtpu_port(const struct decoder *dec, uint16_t sport,
			 uint16_t dport)
{
	return sport == dec->cfg.gtpu_port || dport == dec->cfg.gtpu_port;
}

/* Is the inner packet itself UDP to or from the GTP-U port? */
static bool inner_is_gtpu(const struct decoder *dec, const uint8_t *p,
			  size_t len)
{
	struct ip_pkt ip;

	if (ip_parse(p, len, &ip) != IP_OK || ip.is_frag ||
	    ip.proto != IPPROTO_UDP || ip.l4_len < 8)
		return false;
	return is_gtpu_port(dec, get_be16(ip.l4), get_be16(ip.l4 + 2));
}

static void check_kernel(struct decoder *dec, const struct decode_meta *meta,
			 const struct ip_pkt *ip, const struct gtpu_hdr *g,
			 bool decap, bool reasm)
{
	if (!meta->from_kernel || reasm)
		return;
	if (decap != meta->kernel_decap ||
	    (decap &&
	     (g->teid != meta->kernel_teid ||
	      (size_t)(g->inner - ip->pkt) != meta->kernel_inner_offset)))
		dec->st.gtpu_kernel_mismatch++;
}

/* Returns true when the datagram was decapsulated. */
static bool try_gtpu(struct decoder *dec, const struct ip_pkt *ip,
		     uint16_t sport, uint16_t dport, const uint8_t *pl,
		     size_t plen, const struct decode_meta *meta, bool reasm)
{
	struct tunnel tun;
	struct gtpu_hdr g;

	switch (gtpu_parse(pl, plen, &g)) {
	case GTPU_NOT_TPDU:
		dec->st.gtpu_not_tpdu++;
		check_kernel(dec, meta, ip, &g, false, reasm);
		return false;
	case GTPU_MALFORMED:
		dec->st.gtpu_malformed++;
		check_kernel(dec, meta, ip, &g, false, reasm);
		return false;
	case GTPU_OK:
		break;
	}
	if (inner_is_gtpu(dec, g.inner, g.inner_len)) {
		dec->st.gtpu_nested++;
		check_kernel(dec, meta, ip, &g, false, reasm);
		return false;
	}
	dec->st.gtpu_decap++;
	check_kernel(dec, meta, ip, &g, true, reasm);
	tun.teid = g.teid;
	tun.src = ip->src;
	tun.dst = ip->dst;
	tun.sport = sport;
	tun.dport = dport;
	tun.outer = ip->pkt;
	tun.outer_len = ip->pkt_len;
	decode_ip(dec, g.inner, g.inner_len, meta, &tun, false);
	return true;
}

static void decode_udp(struct decoder *dec, const struct ip_pkt *ip,
		       const struct decode_meta *meta, const struct tunnel *tun,
		       bool reasm)
{
	struct dec_payload p;
	uint16_t sport, dport;
	size_t ulen;

	if (ip->l4_len < 8) {
		dec->st.udp_truncated++;
		return;
	}
	sport = get_be16(ip->l4);
	dport = get_be16(ip->l4 + 2);
	ulen = get_be16(ip->l4 + 4);
	if (ulen < 8) {
		dec->st.udp_bad_len++;
		return;
	}
	if (ulen > ip->l4_len) {
		dec->st.udp_truncated++;
		return;
	}
	if (!tun && is_gtpu_port(dec, sport, dport) &&
	    try_gtpu(dec, ip, sport, dport, ip->l4 + 8, ulen - 8, meta, reasm))
		return;
	if (ulen == 8) {
		dec->st.udp_empty++;
		return;
	}

	memset(&p, 0, sizeof(p));
	p.ts_ns = meta->ts_ns;
	p.meta = meta;
	p.proto = IPPROTO_UDP;
	p.flags = reasm ? DEC_F_REASSEMBLED : 0;
	p.src = ip->src;
	p.dst = ip->dst;
	p.sport = sport;
	p.dport = dport;
	p.ip = ip->pkt;
	p.ip_len = ip->pkt_len;
	p.outer = ip->pkt;
	p.outer_len = ip->pkt_len;
	if (tun) {
		p.tunnelled = true;
		p.teid = tun->teid;
		p.outer_src = tun->src;
		p.outer_dst = tun->dst;
		p.outer_sport = tun->sport;
		p.outer_dport = tun->dport;
		p.outer = tun->outer;
		p.outer_len = tun->outer_len;
	}
	p.data = ip->l4 + 8;
	p.len = ulen - 8;
	dec->st.udp++;
	dec->fn(dec->ctx, &p);
}

static void decode_ip(struct decoder *dec, const uint8_t *p, size_t len,
		      const struct decode_meta *meta, const struct tunnel *tun,
		      bool reasm)
{
	struct pkt_ctx pc;
	struct ip_pkt ip;
	enum ip_result r;
	size_t out_len;
	uint8_t *buf;

	r = ip_parse(p, len, &ip);
	if (r != IP_OK) {
		count_ip_error(&dec->st, r);
		return;
	}
	if (ip.atomic_frag)
		dec->st.ip6_atomic_frag++;
	if (ip.is_frag) {
		if (reasm) {
			dec->st.frag_nested++;
			return;
		}
		buf = dec->reasm[tun ? 1 : 0];
		if (!buf) {
			buf = malloc(FRAG_BUF_SIZE);
			if (!buf) {
				dec->st.frag.nomem++;
				return;
			}
			dec->reasm[tun ? 1 : 0] = buf;
		}
		/* Each level has its buffer: the outer one is still in use. */
		if (frag_input(dec->frag, &ip,
			       tun ? (uint64_t)tun->teid + 1 : 0, meta->ts_ns,
			       buf, &out_len) != FRAG_DONE)
			return;
		decode_ip(dec, buf, out_len, meta, tun, true);
		return;
	}

	switch (ip.proto) {
	case IPPROTO_UDP:
		decode_udp(dec, &ip, meta, tun, reasm);
		break;
	case IPPROTO_TCP:
		pc.meta = meta;
		pc.tun = tun;
		pc.ip = ip.pkt;
		pc.ip_len = ip.pkt_len;
		pc.flags = reasm ? DEC_F_REASSEMBLED : 0;
		tcp_input(dec->tcp, &ip.src, &ip.dst, ip.l4, ip.l4_len,
			  tun ? 1 : 0, meta->ts_ns, &pc);
		break;
	default:
		dec->st.other_proto++;
		break;
	}
}

void decode_packet(struct decoder *dec, const uint8_t *pkt, size_t len,
		   const struct decode_meta *meta)
{
	dec->st.packets++;
	dec->st.bytes += len;
	decode_expire(dec, meta->ts_ns);
	decode_ip(dec, pkt, len, meta, NULL, false);
}

void decode_flush(struct decoder *dec)
{
	tcp_flush(dec->tcp);
}

void decode_expire(struct decoder *dec, uint64_t now_ns)
{
	frag_expire(dec->frag, now_ns);
	tcp_expire(dec->tcp, now_ns);
}

const struct decode_stats *decode_get_stats(const struct decoder *dec)
{
	return &dec->st;
}

uint32_t decode_frag_pending(const struct decoder *dec)
{
	return frag_count(dec->frag);
}

uint32_t decode_tcp_flows(const struct decoder *dec)
{
	return tcp_flow_count(dec->tcp);
}

size_t decode_mem(const struct decoder *dec)
{
	return frag_mem(dec->frag) + tcp_mem(dec->tcp);
}

void decode_stats_foreach(const struct decode_stats *st,
			  void (*fn)(void *arg, const char *name, uint64_t val),
			  void *arg)
{
#define EMIT(name) fn(arg, #name, st->name);
#define EMIT_FRAG(name) fn(arg, "frag_" #name, st->frag.name);
#define EMIT_TCP(name) fn(arg, "tcp_" #name, st->tcp.name);
	DECODE_STATS(EMIT)
	FRAG_STATS(EMIT_FRAG)
	TCP_STATS(EMIT_TCP)
#undef EMIT
#undef EMIT_FRAG
#undef EMIT_TCP
}
