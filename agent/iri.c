// SPDX-License-Identifier: GPL-2.0
/*
 * iri.c - TS 33.128 XIRIPayload builders and reader for the IMS events
 * (see iri.h). Tag numbers follow TS33128Payloads r19 version3.
 */
#include <string.h>

#include "iri.h"

const uint32_t IRI_XIRI_OID[IRI_OID_ARCS] = { 4, 19, 19, 3, 1 };

#define CTX BER_CONTEXT
#define SEQ BER_UNIVERSAL, BER_TAG_SEQUENCE
#define SEQ_TAG_ARGS BER_UNIVERSAL, true, BER_TAG_SEQUENCE

/* ------------------------------------------------------------------ */
/* Encoding                                                           */
/* ------------------------------------------------------------------ */

static bool ip_ok(const struct iri_ip *ip)
{
	return ip->family == 4 || ip->family == 6;
}

static bool bytes_ok(const struct iri_bytes *b)
{
	return b->ptr || !b->len;
}

static bool impu_ok(const struct iri_impu *u)
{
	return (u->kind == IRI_IMPU_SIP || u->kind == IRI_IMPU_TEL) &&
	       u->uri.len && bytes_ok(&u->uri);
}

static bool pani_ok(const struct iri_pani *p)
{
	unsigned int i;

	if (p->n > IRI_MAX_PANI)
		return false;
	for (i = 0; i < p->n; i++)
		if (!bytes_ok(&p->value[i]))
			return false;
	return true;
}

/* IPAddress is a CHOICE: the field tag is explicit around it. */
static void enc_ip(struct ber_enc *e, uint32_t tag, const struct iri_ip *ip)
{
	ber_begin(e, CTX, tag);
	ber_put_octets(e, CTX, ip->family == 4 ? 1 : 2, ip->addr,
		       ip->family == 4 ? 4 : 16);
	ber_end(e);
}

/* IMPU as a tagged field (explicit) or as a SEQUENCE OF element (bare). */
static void enc_impu(struct ber_enc *e, uint32_t tag, const struct iri_impu *u)
{
	if (tag)
		ber_begin(e, CTX, tag);
	ber_put_octets(e, CTX, u->kind, u->uri.ptr, u->uri.len);
	if (tag)
		ber_end(e);
}

/* SIPAccessNetworkInformation ::= SEQUENCE { accessNetworkInfo [1]
 * UTF8String, servingPLMN [2] OPTIONAL } with the given outer tag. */
static void enc_sip_ani(struct ber_enc *e, uint8_t cls, uint32_t tag,
			const struct iri_bytes *v)
{
	ber_begin(e, cls, tag);
	ber_put_octets(e, CTX, 1, v->ptr, v->len);
	ber_end(e);
}

/* location [tag] Location { iMSLocation [6] { pANIHeaderInfo [1]
 * SEQUENCE OF PANIHeaderInfo { accessNetworkInformation [1] } } } */
static void enc_location(struct ber_enc *e, uint32_t tag,
			 const struct iri_pani *p)
{
	unsigned int i;

	ber_begin(e, CTX, tag);
	ber_begin(e, CTX, 6);
	ber_begin(e, CTX, 1);
	for (i = 0; i < p->n; i++) {
		ber_begin(e, SEQ);
		enc_sip_ani(e, CTX, 1, &p->value[i]);
		ber_end(e);
	}
	ber_end(e);
	ber_end(e);
	ber_end(e);
}

/* accessNetworkInformation [tag] SEQUENCE OF SIPAccessNetworkInformation */
static void enc_ani_list(struct ber_enc *e, uint32_t tag,
			 const struct iri_pani *p)
{
	unsigned int i;

	ber_begin(e, CTX, tag);
	for (i = 0; i < p->n; i++)
		enc_sip_ani(e, SEQ, &p->value[i]);
	ber_end(e);
}

static int enc_ims_message(struct ber_enc *e, const struct iri_ims_message *m)
{
	if (!ip_ok(&m->src) || !ip_ok(&m->dst) || !m->sip.len ||
	    !bytes_ok(&m->sip) || m->direction < IRI_FROM_TARGET ||
	    m->direction > IRI_INDETERMINATE || m->roaming > IRI_ROAMING_N9HR ||
	    !pani_ok(&m->pani))
		return -BER_EINVAL;
	ber_begin(e, CTX, IRI_IMS_MESSAGE);
	/* payload [1] IMSPayload (CHOICE) -> encapsulatedSIPMessage [1] */
	ber_begin(e, CTX, 1);
	ber_begin(e, CTX, 1);
	enc_ip(e, 1, &m->src);
	enc_ip(e, 2, &m->dst);
	ber_put_octets(e, CTX, 3, m->sip.ptr, m->sip.len);
	ber_end(e);
	ber_end(e);
	ber_put_enum(e, CTX, 2, m->direction);
	if (m->roaming)
		ber_put_enum(e, CTX, 3, m->roaming);
	if (m->pani.n) {
		enc_location(e, 6, &m->pani);
		enc_ani_list(e, 7, &m->pani);
	}
	ber_end(e);
	return 0;
}

static int enc_start(struct ber_enc *e, const struct iri_start_ims *s)
{
	unsigned int i;

	if (!s->n_originating || s->n_originating > IRI_MAX_IDS ||
	    !impu_ok(&s->terminating) || s->n_sdp > IRI_MAX_SDP ||
	    (s->diversion.kind && !impu_ok(&s->diversion)) ||
	    s->roaming > IRI_ROAMING_N9HR || !pani_ok(&s->pani))
		return -BER_EINVAL;
	for (i = 0; i < s->n_originating; i++)
		if (!impu_ok(&s->originating[i]))
			return -BER_EINVAL;
	for (i = 0; i < s->n_sdp; i++)
		if (!bytes_ok(&s->sdp[i]))
			return -BER_EINVAL;
	ber_begin(e, CTX, IRI_START_OF_INTERCEPTION_IMS);
	ber_begin(e, CTX, 1);
	for (i = 0; i < s->n_originating; i++)
		enc_impu(e, 0, &s->originating[i]);
	ber_end(e);
	enc_impu(e, 2, &s->terminating);
	if (s->n_sdp) {
		ber_begin(e, CTX, 3);
		for (i = 0; i < s->n_sdp; i++)
			ber_put_octets(e, BER_UNIVERSAL, BER_TAG_OCTET_STRING,
				       s->sdp[i].ptr, s->sdp[i].len);
		ber_end(e);
	}
	if (s->diversion.kind)
		enc_impu(e, 4, &s->diversion);
	if (s->roaming)
		ber_put_enum(e, CTX, 5, s->roaming);
	if (s->pani.n) {
		enc_location(e, 7, &s->pani);
		enc_ani_list(e, 8, &s->pani);
	}
	ber_end(e);
	return 0;
}

static int enc_ccu(struct ber_enc *e, const struct iri_cc_unavailable *c)
{
	if (!bytes_ok(&c->reason) || !bytes_ok(&c->sdp))
		return -BER_EINVAL;
	ber_begin(e, CTX, IRI_IMS_CC_UNAVAILABLE);
	ber_put_octets(e, CTX, 1, c->reason.ptr, c->reason.len);
	if (c->sdp.len)
		ber_put_octets(e, CTX, 2, c->sdp.ptr, c->sdp.len);
	ber_end(e);
	return 0;
}

int iri_encode(const struct iri_event *ev, struct ber_enc *e)
{
	size_t start = e->len;
	unsigned int depth = e->depth;
	int rc;

	if (e->err)
		return -e->err;
	ber_begin(e, SEQ);
	ber_put_reloid(e, CTX, 1, IRI_XIRI_OID, IRI_OID_ARCS);
	/* event [2] XIRIEvent is a CHOICE: explicit. */
	ber_begin(e, CTX, 2);
	switch (ev->kind) {
	case IRI_IMS_MESSAGE:
		rc = enc_ims_message(e, &ev->msg);
		break;
	case IRI_START_OF_INTERCEPTION_IMS:
		rc = enc_start(e, &ev->start);
		break;
	case IRI_IMS_CC_UNAVAILABLE:
		rc = enc_ccu(e, &ev->ccu);
		break;
	default:
		rc = -BER_EINVAL;
	}
	if (rc) {
		e->len = start;
		e->depth = depth;
		return rc;
	}
	ber_end(e);
	ber_end(e);
	return ber_enc_error(e);
}

/* ------------------------------------------------------------------ */
/* Decoding                                                           */
/* ------------------------------------------------------------------ */

static void set_bytes(struct iri_bytes *b, const struct ber_tlv *t)
{
	b->ptr = t->val;
	b->len = t->len;
}

/* The single alternative inside an explicitly tagged CHOICE field. */
static int choice_inner(struct ber_reader *r, const struct ber_tlv *outer,
			struct ber_tlv *alt, const char *what)
{
	struct ber_reader in;
	int rc;

	if (!outer->cons)
		return ber_fail(r, outer, BER_ETAG,
				"%s: tagged CHOICE must be constructed", what);
	ber_reader_sub(&in, r, outer);
	rc = ber_read(&in, alt);
	if (!rc)
		rc = ber_expect_end(&in);
	return rc;
}

static int dec_ip(struct ber_reader *r, const struct ber_tlv *outer,
		  struct iri_ip *ip)
{
	struct ber_tlv t;
	int rc = choice_inner(r, outer, &t, "IPAddress");

	if (rc)
		return rc;
	if (t.cls != CTX || t.cons || (t.num != 1 && t.num != 2))
		return ber_fail(r, &t, BER_EUNKNOWN,
				"IPAddress alternative [%u]", t.num);
	ip->family = t.num == 1 ? 4 : 6;
	rc = ber_get_octets(r, &t, ip->family == 4 ? 4 : 16,
			    ip->family == 4 ? 4 : 16);
	if (!rc)
		memcpy(ip->addr, t.val, t.len);
	return rc;
}

/* IMPU alternative itself (a SEQUENCE OF element or a CHOICE's inner). */
static int dec_impu_alt(struct ber_reader *r, const struct ber_tlv *t,
			struct iri_impu *u)
{
	if (t->cls != CTX || (t->num != 1 && t->num != 2))
		return ber_fail(r, t, BER_EUNKNOWN, "IMPU alternative [%u]",
				t->num);
	if (ber_get_octets(r, t, 1, BER_LEN_MAX_DEFAULT))
		return -BER_EVALUE;
	u->kind = t->num;
	set_bytes(&u->uri, t);
	return 0;
}

static int dec_impu(struct ber_reader *r, const struct ber_tlv *outer,
		    struct iri_impu *u)
{
	struct ber_tlv t;
	int rc = choice_inner(r, outer, &t, "IMPU");

	return rc ? rc : dec_impu_alt(r, &t, u);
}

struct sip_ani_ctx {
	struct iri_bytes *value;
};

static int sip_ani_field(struct ber_reader *r, const struct ber_tlv *t,
			 void *ctx)
{
	struct sip_ani_ctx *c = ctx;

	if (t->num != 1)
		return 0; /* servingPLMN: not kept */
	if (ber_get_octets(r, t, 0, BER_LEN_MAX_DEFAULT))
		return -BER_EVALUE;
	set_bytes(c->value, t);
	return 0;
}

static int add_pani(struct ber_reader *r, const struct ber_tlv *t,
		    struct iri_pani *p, const struct ber_tlv *seq)
{
	struct sip_ani_ctx c;

	if (p->n >= IRI_MAX_PANI)
		return ber_fail(r, t, BER_ECOUNT,
				"more than %d access "
				"network entries",
				IRI_MAX_PANI);
	c.value = &p->value[p->n];
	if (ber_seq_walk(r, seq, 2, 0x2, sip_ani_field, &c,
			 "SIPAccessNetworkInformation"))
		return -BER_EVALUE;
	p->n++;
	return 0;
}

/* accessNetworkInformation: SEQUENCE OF SIPAccessNetworkInformation */
static int dec_ani_list(struct ber_reader *r, const struct ber_tlv *outer,
			struct iri_pani *p)
{
	struct ber_reader in;
	struct ber_tlv t;
	int rc;

	if (ber_need_cons(r, outer, true))
		return -BER_ETAG;
	p->n = 0;
	ber_reader_sub(&in, r, outer);
	while (!ber_reader_done(&in)) {
		rc = ber_expect(&in, &t, SEQ_TAG_ARGS);
		if (rc)
			return rc;
		rc = add_pani(r, &t, p, &t);
		if (rc)
			return rc;
	}
	return 0;
}

static int pani_hdr_field(struct ber_reader *r, const struct ber_tlv *t,
			  void *ctx)
{
	if (t->num != 1)
		return 0; /* accessInfo, pANILocation: not kept */
	return add_pani(r, t, ctx, t);
}

static int ims_location_field(struct ber_reader *r, const struct ber_tlv *t,
			      void *ctx)
{
	struct ber_reader in;
	struct ber_tlv e;
	int rc;

	if (t->num != 1)
		return 0;
	if (ber_need_cons(r, t, true))
		return -BER_ETAG;
	ber_reader_sub(&in, r, t);
	while (!ber_reader_done(&in)) {
		rc = ber_expect(&in, &e, SEQ_TAG_ARGS);
		if (!rc)
			rc = ber_seq_walk(r, &e, 3, 0x2, pani_hdr_field, ctx,
					  "PANIHeaderInfo");
		if (rc)
			return rc;
	}
	return 0;
}

static int location_field(struct ber_reader *r, const struct ber_tlv *t,
			  void *ctx)
{
	if (t->num != 6)
		return 0; /* other location kinds: not produced by us */
	return ber_seq_walk(r, t, 3, 0, ims_location_field, ctx, "IMSLocation");
}

/* Location: only iMSLocation's P-Access-Network-Info values are read. */
static int dec_location(struct ber_reader *r, const struct ber_tlv *t,
			struct iri_pani *loc)
{
	loc->n = 0;
	return ber_seq_walk(r, t, 7, 0, location_field, loc, "Location");
}

struct msg_ctx {
	struct iri_ims_message *m;
	struct iri_pani loc;
};

static int sip_message_field(struct ber_reader *r, const struct ber_tlv *t,
			     void *ctx)
{
	struct iri_ims_message *m = ctx;

	switch (t->num) {
	case 1:
		return dec_ip(r, t, &m->src);
	case 2:
		return dec_ip(r, t, &m->dst);
	case 3:
		if (ber_get_octets(r, t, 0, BER_LEN_MAX_DEFAULT))
			return -BER_EVALUE;
		set_bytes(&m->sip, t);
		return 0;
	}
	return 0;
}

static int ims_message_field(struct ber_reader *r, const struct ber_tlv *t,
			     void *ctx)
{
	struct msg_ctx *c = ctx;
	struct iri_ims_message *m = c->m;
	struct ber_tlv alt;
	int64_t v;
	int rc;

	switch (t->num) {
	case 1:
		rc = choice_inner(r, t, &alt, "IMSPayload");
		if (rc)
			return rc;
		if (alt.cls != CTX || alt.num != 1)
			return ber_fail(r, &alt, BER_EUNKNOWN,
					"IMSPayload alternative [%u] "
					"(only encapsulatedSIPMessage)",
					alt.num);
		return ber_seq_walk(r, &alt, 3, 0xe, sip_message_field, m,
				    "SIPMessage");
	case 2:
		rc = ber_get_int_range(r, t, 1, 4, &v);
		m->direction = v;
		return rc;
	case 3:
		rc = ber_get_int_range(r, t, 1, 3, &v);
		m->roaming = v;
		return rc;
	case 6:
		return dec_location(r, t, &c->loc);
	case 7:
		return dec_ani_list(r, t, &m->pani);
	}
	return 0;
}

struct start_ctx {
	struct iri_start_ims *s;
	struct iri_pani loc;
};

static int start_field(struct ber_reader *r, const struct ber_tlv *t, void *ctx)
{
	struct start_ctx *c = ctx;
	struct iri_start_ims *s = c->s;
	struct ber_reader in;
	struct ber_tlv e;
	int64_t v;
	int rc;

	switch (t->num) {
	case 1:
	case 3:
		if (ber_need_cons(r, t, true))
			return -BER_ETAG;
		ber_reader_sub(&in, r, t);
		while (!ber_reader_done(&in)) {
			unsigned int *n = t->num == 1 ? &s->n_originating :
							&s->n_sdp;

			rc = ber_read(&in, &e);
			if (rc)
				return rc;
			if (*n >= (t->num == 1 ? IRI_MAX_IDS : IRI_MAX_SDP))
				return ber_fail(r, &e, BER_ECOUNT,
						"too many entries in [%u]",
						t->num);
			if (t->num == 1) {
				rc = dec_impu_alt(r, &e, &s->originating[*n]);
			} else if (e.cls != BER_UNIVERSAL ||
				   e.num != BER_TAG_OCTET_STRING) {
				rc = ber_fail(r, &e, BER_ETAG,
					      "sDPState entry not an OCTET "
					      "STRING");
			} else {
				rc = ber_get_octets(r, &e, 0,
						    BER_LEN_MAX_DEFAULT);
				set_bytes(&s->sdp[*n], &e);
			}
			if (rc)
				return rc;
			(*n)++;
		}
		if (t->num == 1 && !s->n_originating)
			return ber_fail(r, t, BER_EVALUE,
					"originatingId is empty");
		return 0;
	case 2:
		return dec_impu(r, t, &s->terminating);
	case 4:
		return dec_impu(r, t, &s->diversion);
	case 5:
		rc = ber_get_int_range(r, t, 1, 3, &v);
		s->roaming = v;
		return rc;
	case 7:
		return dec_location(r, t, &c->loc);
	case 8:
		return dec_ani_list(r, t, &s->pani);
	}
	return 0;
}

static int ccu_field(struct ber_reader *r, const struct ber_tlv *t, void *ctx)
{
	struct iri_cc_unavailable *c = ctx;

	if (ber_get_octets(r, t, 0, BER_LEN_MAX_DEFAULT))
		return -BER_EVALUE;
	set_bytes(t->num == 1 ? &c->reason : &c->sdp, t);
	return 0;
}

/*
 * We write the same values to location and accessNetworkInformation;
 * other encoders may fill only one: take accessNetworkInformation, else
 * the location's.
 */
static void pani_merge(const struct iri_pani *loc, struct iri_pani *ani)
{
	if (!ani->n)
		*ani = *loc;
}

int iri_decode(const uint8_t *buf, size_t len, struct iri_event *ev,
	       uint32_t oid[IRI_OID_ARCS], struct ber_error *err)
{
	struct ber_reader top, in, evr;
	struct ber_tlv t, o, c, x;
	uint32_t arcs[BER_OID_MAX_ARCS];
	size_t narcs;
	int rc;

	memset(ev, 0, sizeof(*ev));
	ber_reader_init(&top, buf, len, 0, err);
	rc = ber_expect(&top, &t, SEQ_TAG_ARGS);
	if (!rc)
		rc = ber_expect_end(&top);
	if (rc)
		return rc;
	ber_reader_sub(&in, &top, &t);
	rc = ber_expect(&in, &o, CTX, false, 1);
	if (!rc)
		rc = ber_get_reloid(&in, &o, arcs, BER_OID_MAX_ARCS, &narcs);
	if (rc)
		return rc;
	if (narcs != IRI_OID_ARCS || arcs[0] != 4 || arcs[1] != 19 ||
	    arcs[4] != 1)
		return ber_fail(&in, &o, BER_EOID,
				"not a TS 33.128 xIRIPayloadOID");
	if (oid)
		memcpy(oid, arcs, sizeof(uint32_t) * IRI_OID_ARCS);
	rc = ber_expect(&in, &c, CTX, true, 2);
	if (!rc)
		rc = ber_expect_extensions(&in, 2);
	if (rc)
		return rc;
	ber_reader_sub(&evr, &in, &c);
	rc = ber_read(&evr, &x);
	if (!rc)
		rc = ber_expect_end(&evr);
	if (rc)
		return rc;
	if (x.cls != CTX || x.num < IRI_IMS_MESSAGE ||
	    x.num > IRI_IMS_CC_UNAVAILABLE)
		return ber_fail(&evr, &x, BER_EUNKNOWN,
				"XIRIEvent [%u] not handled here", x.num);
	ev->kind = x.num;
	switch (ev->kind) {
	case IRI_IMS_MESSAGE: {
		struct msg_ctx mc = { .m = &ev->msg };

		rc = ber_seq_walk(&evr, &x, 7, 0x6, ims_message_field, &mc,
				  "IMSMessage");
		pani_merge(&mc.loc, &ev->msg.pani);
		return rc;
	}
	case IRI_START_OF_INTERCEPTION_IMS: {
		struct start_ctx sc = { .s = &ev->start };

		rc = ber_seq_walk(&evr, &x, 8, 0x6, start_field, &sc,
				  "StartOfInterceptionForActiveIMSSession");
		pani_merge(&sc.loc, &ev->start.pani);
		return rc;
	}
	default:
		return ber_seq_walk(&evr, &x, 2, 0x2, ccu_field, &ev->ccu,
				    "IMSCCUnavailable");
	}
}
