/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the state mirror remembers of an interception decision: which task
 * intercepts a registration or a dialog, with which correlation ID, and
 * on which side of it the target is; plus the retransmission memory that
 * keeps a message from being reported twice.
 */
#ifndef LMISF_INTERCEPT_H
#define LMISF_INTERCEPT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <linux/lmisf.h>

#include "ip.h"

#define ICPT_MAX 4 /* tasks intercepting one dialog or registration */
#define ICPT_TEXT 128 /* Matched Target Identifier kept */
#define SEEN_RING 16 /* messages remembered for retransmissions */

enum icpt_role {
	ICPT_CALLER = 1, /* the target sent the dialog-creating request */
	ICPT_CALLEE, /* the target received it */
	ICPT_BY_ADDR, /* IP target: direction by the target's address */
	ICPT_UNKNOWN, /* TEID target: direction indeterminate */
};

struct icpt {
	uint8_t xid[LMISF_XID_LEN];
	uint64_t correlation_id;
	enum icpt_role role;
	unsigned int target; /* index in the task's targets */
	unsigned int cc_reported; /* MEDIA_P_* already in IMSCCUnavailable */
	bool install_reported; /* a refused flow install was reported */
	char matched[ICPT_TEXT];
};

struct icpt_set {
	unsigned int n;
	struct icpt v[ICPT_MAX];
};

static inline struct icpt *icpt_find(struct icpt_set *s,
				     const uint8_t xid[LMISF_XID_LEN])
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (!memcmp(s->v[i].xid, xid, LMISF_XID_LEN))
			return &s->v[i];
	return NULL;
}

static inline void icpt_del(struct icpt_set *s,
			    const uint8_t xid[LMISF_XID_LEN])
{
	struct icpt *c = icpt_find(s, xid);

	if (c) {
		*c = s->v[s->n - 1];
		s->n--;
	}
}

/* Recently seen messages (a hash of what makes a retransmission). */
struct seen_ring {
	uint64_t h[SEEN_RING];
	unsigned int pos;
};

/* true when @h was seen (a retransmission); else remembers it. */
static inline bool seen_check(struct seen_ring *r, uint64_t h)
{
	unsigned int i;

	for (i = 0; i < SEEN_RING; i++)
		if (r->h[i] == h)
			return true;
	r->h[r->pos++ % SEEN_RING] = h;
	return false;
}

struct sip_msg;
/*
 * Retransmission key (RFC 3261 17.2.3): a request by its top Via branch,
 * CSeq and method; a response by the same plus status and To tag. An
 * ACK to a 2xx has its own branch, so it is not taken for the INVITE.
 * Never 0.
 */
uint64_t seen_key(const struct sip_msg *m);

/* Record emission: an xIRI on X2, a copied packet on X3. */
struct ber_enc;
struct iri_event;
struct pl_services;
struct pl_sip;
struct x2x3_pdu;

struct call;
struct media_flow;
struct pl_packet;

#define ICPT_SEQ_SLOTS 64

struct icpt_out {
	const struct pl_services *svc;
	uint16_t version; /* X2/X3 header version */
	struct ber_enc *enc; /* reused for every xIRI */
	struct icpt_seq *seq[ICPT_SEQ_SLOTS]; /* per task */
};

/*
 * Sequence numbers count each task's X2 PDUs and, separately, its X3
 * PDUs from 0 (the pipeline gives every DID of the task the same PDU,
 * so a receiver sees the task's sequence without gaps).
 */
uint32_t icpt_next_seq(struct icpt_out *o, const uint8_t *xid, bool x3);
void icpt_seq_forget(struct icpt_out *o, const uint8_t *xid);
void icpt_out_free(struct icpt_out *o);

/*
 * icpt_emit_iri - one X2 PDU (payload format 2, BER XIRIPayload) for @ic:
 * sequence number @seq, timestamp, and when @s is given the SIP packet's
 * addresses, ports and IP protocol; the matched target identifier.
 * Return: 0 or -errno (encoder refused: -EINVAL; else what emit said).
 */
int icpt_emit_iri(struct icpt_out *o, const struct icpt *ic,
		  const struct iri_event *ev, uint32_t seq, uint64_t ts_ns,
		  const struct pl_sip *s, int iri_direction);

/*
 * icpt_fill_l3 - the source/destination address, port and protocol
 * attributes of an IP packet (@ip, @len) into @pdu. false: unreadable.
 */
bool icpt_fill_l3(struct x2x3_pdu *pdu, const uint8_t *ip, size_t len,
		  struct ipaddr *src, struct ipaddr *dst, uint16_t *sport,
		  uint16_t *dport);

/*
 * icpt_emit_x3 - one X3 PDU of a copied media packet for task @xid: the
 * inner IP packet (payload format 5/6), or with @gtpu and a copy that
 * came in GTP-U the GTP-U message (12); direction from @f's target side
 * (unknown without @f). Return: 0 or -errno.
 */
int icpt_emit_x3(struct icpt_out *o, const struct pl_packet *p,
		 const uint8_t *xid, uint64_t correlation_id,
		 const struct media_flow *f, bool gtpu);

/* StartOfInterceptionForActiveIMSSession of a call (pointers into it).
 * false when the call's parties are unknown. */
bool icpt_start_event(struct iri_event *ev, const struct call *c);

/* enum iri_direction to the X2/X3 header's payload direction. */
uint16_t icpt_x2x3_dir(int iri_direction);

#endif /* LMISF_INTERCEPT_H */
