// SPDX-License-Identifier: GPL-2.0
/*
 * Retransmission keys of the state mirror, and the X2 records of an
 * interception decision (intercept.h).
 */
#include <errno.h>
#include <netinet/in.h>

#include "ber.h"
#include <stdlib.h>

#include "dialog.h"
#include "intercept.h"
#include "iri.h"
#include "media.h"
#include "pipeline.h"
#include "sip.h"
#include "x2x3.h"

/* Empty slices may have a NULL pointer: never hand those to memcpy. */
static uint64_t hs(struct sip_str s, uint64_t h)
{
	return s.len ? hash_bytes(s.p, s.len, h) : hash_bytes("", 0, h);
}

uint64_t seen_key(const struct sip_msg *m)
{
	uint64_t h = 0x6c6d697366ull;

	h = hs(m->via.branch, h);
	h = hash_bytes(&m->cseq, sizeof(m->cseq), h);
	h = hs(m->cseq_method_str, h);
	h = hash_bytes(&m->is_request, sizeof(m->is_request), h);
	if (m->is_request) {
		/* Without a branch (RFC 2543 peers) the Call-ID and tags
		 * must stand in for it. */
		if (!m->via.branch.len) {
			h = hs(m->call_id, h);
			h = hs(m->from_tag, h);
			h = hs(m->to_tag, h);
		}
	} else {
		h = hash_bytes(&m->status, sizeof(m->status), h);
		h = hs(m->to_tag, h);
	}
	return h ? h : 1;
}

uint16_t icpt_x2x3_dir(int d)
{
	switch (d) {
	case IRI_FROM_TARGET:
		return X2X3_DIR_FROM_TARGET;
	case IRI_TO_TARGET:
		return X2X3_DIR_TO_TARGET;
	case IRI_COMBINED:
		return X2X3_DIR_BOTH;
	}
	return X2X3_DIR_UNKNOWN;
}

static void put_addr(struct x2x3_pdu *pdu, const struct ipaddr *src,
		     const struct ipaddr *dst)
{
	if (src->ver != dst->ver || (src->ver != 4 && src->ver != 6))
		return;
	memcpy(pdu->src_ip, src->a, 16);
	memcpy(pdu->dst_ip, dst->a, 16);
	if (src->ver == 4)
		pdu->present |= 1u << X2X3_A_SRC_IPV4 | 1u << X2X3_A_DST_IPV4;
	else
		pdu->present |= 1u << X2X3_A_SRC_IPV6 | 1u << X2X3_A_DST_IPV6;
}

static void put_ts(struct x2x3_pdu *pdu, uint64_t ts_ns)
{
	pdu->ts_sec = ts_ns / 1000000000ull;
	pdu->ts_nsec = (uint32_t)(ts_ns % 1000000000ull);
	pdu->present |= 1u << X2X3_A_TIMESTAMP;
}

bool icpt_fill_l3(struct x2x3_pdu *pdu, const uint8_t *ip, size_t len,
		  struct ipaddr *src, struct ipaddr *dst, uint16_t *sport,
		  uint16_t *dport)
{
	struct ip_pkt p;

	if (ip_parse(ip, len, &p) != IP_OK)
		return false;
	*src = p.src;
	*dst = p.dst;
	*sport = *dport = 0;
	put_addr(pdu, &p.src, &p.dst);
	pdu->ip_proto = p.proto;
	pdu->present |= 1u << X2X3_A_IP_PROTO;
	if (!p.is_frag && p.l4_len >= 4 &&
	    (p.proto == IPPROTO_UDP || p.proto == IPPROTO_TCP ||
	     p.proto == IPPROTO_SCTP)) {
		*sport = get_be16(p.l4);
		*dport = get_be16(p.l4 + 2);
		pdu->src_port = *sport;
		pdu->dst_port = *dport;
		pdu->present |= 1u << X2X3_A_SRC_PORT | 1u << X2X3_A_DST_PORT;
	}
	return true;
}

int icpt_emit_iri(struct icpt_out *o, const struct icpt *ic,
		  const struct iri_event *ev, uint32_t seq, uint64_t ts_ns,
		  const struct pl_sip *s, int dir)
{
	struct x2x3_pdu pdu = {
		.version = o->version,
		.type = X2X3_PDU_X2,
		.payload_format = X2X3_PF_3GPP_33128,
		.direction = icpt_x2x3_dir(dir),
		.correlation_id = ic->correlation_id,
		.seq = seq,
		.present = 1u << X2X3_A_SEQ,
	};
	int r;

	ber_enc_reset(o->enc);
	if (iri_encode(ev, o->enc) || ber_enc_error(o->enc))
		return -EINVAL;
	memcpy(pdu.xid, ic->xid, sizeof(pdu.xid));
	put_ts(&pdu, ts_ns);
	if (s) {
		put_addr(&pdu, &s->src, &s->dst);
		pdu.src_port = s->sport;
		pdu.dst_port = s->dport;
		pdu.ip_proto = s->transport;
		pdu.present |= 1u << X2X3_A_SRC_PORT | 1u << X2X3_A_DST_PORT |
			       1u << X2X3_A_IP_PROTO;
	}
	if (ic->matched[0]) {
		pdu.n_matched = 1;
		pdu.matched[0].ptr = (const uint8_t *)ic->matched;
		pdu.matched[0].len = strlen(ic->matched);
	}
	pdu.payload = o->enc->buf;
	pdu.payload_len = o->enc->len;
	r = o->svc->emit(o->svc->ctx, &pdu);
	return r;
}

struct icpt_seq {
	struct icpt_seq *next;
	uint8_t xid[LMISF_XID_LEN];
	uint32_t x2, x3;
};

uint32_t icpt_next_seq(struct icpt_out *o, const uint8_t *xid, bool x3)
{
	struct icpt_seq **head = &o->seq[xid[0] % ICPT_SEQ_SLOTS], *s;

	for (s = *head; s; s = s->next)
		if (!memcmp(s->xid, xid, LMISF_XID_LEN))
			break;
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			return 0;
		memcpy(s->xid, xid, LMISF_XID_LEN);
		s->next = *head;
		*head = s;
	}
	return x3 ? s->x3++ : s->x2++;
}

void icpt_seq_forget(struct icpt_out *o, const uint8_t *xid)
{
	struct icpt_seq **pp = &o->seq[xid[0] % ICPT_SEQ_SLOTS], *s;

	for (; *pp; pp = &(*pp)->next)
		if (!memcmp((*pp)->xid, xid, LMISF_XID_LEN)) {
			s = *pp;
			*pp = s->next;
			free(s);
			return;
		}
}

void icpt_out_free(struct icpt_out *o)
{
	unsigned int i;

	for (i = 0; i < ICPT_SEQ_SLOTS; i++)
		while (o->seq[i]) {
			struct icpt_seq *s = o->seq[i];

			o->seq[i] = s->next;
			free(s);
		}
}

static void set_impu(struct iri_impu *o, const char *key)
{
	o->kind = strncmp(key, "tel:", 4) ? IRI_IMPU_SIP : IRI_IMPU_TEL;
	o->uri.ptr = (const uint8_t *)key;
	o->uri.len = strlen(key);
}

static int x3_direction(const struct media_flow *f, const struct ipaddr *src,
			uint16_t sport, const struct ipaddr *dst,
			uint16_t dport)
{
	const struct media_ep *me, *peer;

	if (!f || f->side == MEDIA_SIDE_UNKNOWN)
		return IRI_INDETERMINATE;
	me = f->side == MEDIA_SIDE_CALLER ? &f->pair.caller : &f->pair.callee;
	peer = f->side == MEDIA_SIDE_CALLER ? &f->pair.callee : &f->pair.caller;
	if (ipaddr_eq(src, &me->addr) && sport == me->port)
		return IRI_FROM_TARGET;
	if (ipaddr_eq(dst, &me->addr) && dport == me->port)
		return IRI_TO_TARGET;
	if (ipaddr_eq(src, &peer->addr) && sport == peer->port)
		return IRI_TO_TARGET;
	if (ipaddr_eq(dst, &peer->addr) && dport == peer->port)
		return IRI_FROM_TARGET;
	return IRI_INDETERMINATE;
}

int icpt_emit_x3(struct icpt_out *o, const struct pl_packet *p,
		 const uint8_t *xid, uint64_t corr, const struct media_flow *f,
		 bool gtpu)
{
	struct x2x3_pdu pdu = {
		.version = o->version,
		.type = X2X3_PDU_X3,
		.correlation_id = corr,
		.present = 1u << X2X3_A_SEQ,
	};
	size_t off = p->tunnelled ? p->inner_offset : 0;
	struct ipaddr src, dst;
	uint16_t sport, dport;
	struct ip_pkt outer;

	if (off >= p->len || !icpt_fill_l3(&pdu, p->pkt + off, p->len - off,
					   &src, &dst, &sport, &dport))
		return -EINVAL;
	memcpy(pdu.xid, xid, LMISF_XID_LEN);
	put_ts(&pdu, p->origin->ts_ns);
	pdu.direction =
		icpt_x2x3_dir(x3_direction(f, &src, sport, &dst, dport));
	pdu.payload = p->pkt + off;
	pdu.payload_len = p->len - off;
	pdu.payload_format = (p->pkt[off] >> 4) == 6 ? X2X3_PF_IPV6 :
						       X2X3_PF_IPV4;
	if (p->tunnelled && gtpu && ip_parse(p->pkt, p->len, &outer) == IP_OK &&
	    outer.proto == IPPROTO_UDP && outer.l4_len > 8) {
		/* TS 33.128 6.3.3: the GTP-U message (header + T-PDU). */
		pdu.payload = outer.l4 + 8;
		pdu.payload_len = outer.l4_len - 8;
		pdu.payload_format = X2X3_PF_GTPU;
	}
	pdu.seq = icpt_next_seq(o, xid, true);
	return o->svc->emit(o->svc->ctx, &pdu);
}

/*
 * StartOfInterceptionForActiveIMSSession from what the mirror kept of the
 * dialog: its parties as the creating request named them, both sides'
 * SDP, the redirecting party, roaming and access network.
 */
bool icpt_start_event(struct iri_event *ev, const struct call *c)
{
	struct iri_start_ims *st = &ev->start;
	const struct match_ids *ids = c->ids;
	const struct leg *leg = dlg_media_leg(c);
	const char *term = NULL;
	int term_rank = 0;
	unsigned int i;

	memset(ev, 0, sizeof(*ev));
	ev->kind = IRI_START_OF_INTERCEPTION_IMS;
	for (i = 0; ids && i < ids->n; i++) {
		const char *k = match_id_key(ids, i);
		enum match_src src = ids->id[i].src;
		int rank = src == MSRC_PCPID ? 3 :
			   src == MSRC_TO    ? 2 :
			   src == MSRC_RURI  ? 1 :
					       0;

		if ((src == MSRC_PPI || src == MSRC_PAI || src == MSRC_FROM) &&
		    st->n_originating < IRI_MAX_IDS) {
			unsigned int j;

			for (j = 0; j < st->n_originating; j++)
				if (!strcmp((const char *)st->originating[j]
						    .uri.ptr,
					    k))
					break;
			if (j == st->n_originating)
				set_impu(&st->originating[st->n_originating++],
					 k);
		}
		if (rank > term_rank) {
			term = k;
			term_rank = rank;
		}
		if ((src == MSRC_HISTORY || src == MSRC_DIVERSION) &&
		    st->diversion.kind == IRI_IMPU_NONE)
			set_impu(&st->diversion, k);
	}
	if (!st->n_originating || !term)
		return false;
	set_impu(&st->terminating, term);
	if (c->sdp.p) {
		st->sdp[st->n_sdp].ptr = (const uint8_t *)c->sdp.p;
		st->sdp[st->n_sdp++].len = c->sdp.len;
	}
	if (leg && leg->sdp.p) {
		st->sdp[st->n_sdp].ptr = (const uint8_t *)leg->sdp.p;
		st->sdp[st->n_sdp++].len = leg->sdp.len;
	}
	st->roaming = c->tunnelled ? IRI_ROAMING_S8HR : IRI_ROAMING_NONE;
	if (c->pani) {
		st->pani.n = 1;
		st->pani.value[0].ptr = (const uint8_t *)c->pani;
		st->pani.value[0].len = strlen(c->pani);
	}
	return true;
}
