// SPDX-License-Identifier: GPL-2.0
/*
 * lixer.c - LI_XER IEFMessage codec (TS33128IdentityAssociation, r17).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lixer.h"

const uint32_t LIXER_OID[LIXER_OID_ARCS] = { 4, 20, 17, 1, 1 };

#define CTX BER_CONTEXT
#define SUCI_MIN 8
#define SUCI_MAX 3008
/* RFC 7542: a NAI fits 253 octets; allow some slack, refuse absurd. */
#define NAI_MAX 1024

/* ------------------------------------------------------------------ */
/* Decoding                                                           */
/* ------------------------------------------------------------------ */

static void set_bytes(struct lixer_bytes *b, const struct ber_tlv *t)
{
	b->ptr = t->val;
	b->len = t->len;
}

static int dec_fixed(struct ber_reader *r, const struct ber_tlv *t,
		     uint8_t *out, size_t n)
{
	int rc = ber_get_octets(r, t, n, n);

	if (!rc)
		memcpy(out, t->val, n);
	return rc;
}

/* SUPI ::= CHOICE { iMSI [1] NumericString (SIZE(6..15)), nAI [2] } */
static int dec_supi(struct ber_reader *r, const struct ber_tlv *outer,
		    struct lixer_supi *s)
{
	struct ber_reader in;
	struct ber_tlv t;
	int rc;

	ber_reader_sub(&in, r, outer);
	rc = ber_read(&in, &t);
	if (rc)
		return rc;
	if (t.cls != CTX || (t.num != 1 && t.num != 2))
		return ber_fail(r, &t, BER_EUNKNOWN, "SUPI alternative [%u]",
				t.num);
	if (t.num == 1) {
		s->kind = LIXER_SUPI_IMSI;
		rc = ber_get_digits(r, &t, 6, 15);
	} else {
		s->kind = LIXER_SUPI_NAI;
		rc = ber_get_octets(r, &t, 1, NAI_MAX);
	}
	if (rc)
		return rc;
	set_bytes(&s->v, &t);
	return ber_expect_end(&in);
}

static int dec_pei(struct ber_reader *r, const struct ber_tlv *outer,
		   struct lixer_pei *p)
{
	static const struct {
		size_t len;
		bool digits;
	} alt[] = { [1] = { 14, true },
		    [2] = { 16, true },
		    [3] = { 6, false },
		    [4] = { 8, false } };
	struct ber_reader in;
	struct ber_tlv t;
	int rc;

	ber_reader_sub(&in, r, outer);
	rc = ber_read(&in, &t);
	if (rc)
		return rc;
	if (t.cls != CTX || t.num < 1 || t.num > 4)
		return ber_fail(r, &t, BER_EUNKNOWN, "PEI alternative [%u]",
				t.num);
	if (alt[t.num].digits)
		rc = ber_get_digits(r, &t, alt[t.num].len, alt[t.num].len);
	else
		rc = ber_get_octets(r, &t, alt[t.num].len, alt[t.num].len);
	if (rc)
		return rc;
	p->kind = t.num;
	set_bytes(&p->v, &t);
	return ber_expect_end(&in);
}

static int dec_gpsi(struct ber_reader *r, const struct ber_tlv *outer,
		    struct lixer_gpsi *g)
{
	struct ber_reader in;
	struct ber_tlv t;
	int rc;

	ber_reader_sub(&in, r, outer);
	rc = ber_read(&in, &t);
	if (rc)
		return rc;
	if (t.cls != CTX || (t.num != 1 && t.num != 2))
		return ber_fail(r, &t, BER_EUNKNOWN, "GPSI alternative [%u]",
				t.num);
	if (t.num == 1)
		rc = ber_get_digits(r, &t, 1, 15);
	else
		rc = ber_get_octets(r, &t, 1, NAI_MAX);
	if (rc)
		return rc;
	g->kind = t.num;
	set_bytes(&g->v, &t);
	return ber_expect_end(&in);
}

/* NCGI ::= SEQUENCE { pLMNID [1] PLMNID, nCI [2] NCI } */
static int dec_ncgi(struct ber_reader *r, const struct ber_tlv *outer,
		    struct lixer_ncgi *n)
{
	struct ber_reader in;
	struct ber_tlv t;
	uint8_t bits[5];
	size_t nbits;
	int rc, i;

	if (!outer->cons)
		return ber_fail(r, outer, BER_ETAG, "NCGI must be constructed");
	ber_reader_sub(&in, r, outer);
	rc = ber_expect(&in, &t, CTX, false, 1);
	if (!rc)
		rc = dec_fixed(r, &t, n->plmn, LIXER_PLMN_LEN);
	if (!rc)
		rc = ber_expect(&in, &t, CTX, false, 2);
	if (!rc)
		rc = ber_get_bits(r, &t, bits, sizeof(bits), &nbits);
	if (rc)
		return rc;
	if (nbits != 36)
		return ber_fail(r, &t, BER_EVALUE, "NCI of %zu bits, not 36",
				nbits);
	n->nci = 0;
	for (i = 0; i < 5; i++)
		n->nci = (n->nci << 8) | bits[i];
	n->nci >>= 4;
	/* Later components would be extension additions: skip them. */
	return 0;
}

/* AdditionalCGIs ::= SEQUENCE { additionalNCGIList [1] SEQUENCE (SIZE(1..MAX))
 *   OF AdditionalNCGI OPTIONAL }, AdditionalNCGI ::= SEQUENCE { nCGI [1] } */
static int dec_add_cgis(struct ber_reader *r, const struct ber_tlv *outer,
			unsigned int *count, struct lixer_ncgi *out)
{
	struct ber_reader in, list, item;
	struct ber_tlv t, e, n;
	int rc;

	*count = 0;
	if (!outer->cons)
		return ber_fail(r, outer, BER_ETAG,
				"AdditionalCGIs must be constructed");
	ber_reader_sub(&in, r, outer);
	if (!ber_next_is(&in, CTX, true, 1))
		return 0;
	rc = ber_expect(&in, &t, CTX, true, 1);
	if (rc)
		return rc;
	ber_reader_sub(&list, r, &t);
	if (ber_reader_done(&list))
		return ber_fail(r, &t, BER_EVALUE,
				"additionalNCGIList must not be empty");
	while (!ber_reader_done(&list)) {
		rc = ber_expect(&list, &e, BER_UNIVERSAL, true,
				BER_TAG_SEQUENCE);
		if (rc)
			return rc;
		if (*count >= LIXER_MAX_ADD_NCGIS)
			return ber_fail(r, &e, BER_ECOUNT,
					"more than %d additional NCGIs",
					LIXER_MAX_ADD_NCGIS);
		ber_reader_sub(&item, r, &e);
		rc = ber_expect(&item, &n, CTX, true, 1);
		if (!rc)
			rc = dec_ncgi(r, &n, &out[*count]);
		if (rc)
			return rc;
		(*count)++;
	}
	return 0;
}

static int dec_tai_list(struct ber_reader *r, const struct ber_tlv *outer,
			struct lixer_assoc *a)
{
	struct ber_reader in;
	struct ber_tlv t;
	int rc;

	if (!outer->cons)
		return ber_fail(r, outer, BER_ETAG,
				"FiveGSTAIList must be constructed");
	ber_reader_sub(&in, r, outer);
	a->has_tai_list = true;
	while (!ber_reader_done(&in)) {
		rc = ber_expect(&in, &t, BER_UNIVERSAL, false,
				BER_TAG_OCTET_STRING);
		if (rc)
			return rc;
		if (a->n_tais >= LIXER_MAX_TAIS)
			return ber_fail(r, &t, BER_ECOUNT,
					"more than %d TAIs in the list",
					LIXER_MAX_TAIS);
		rc = dec_fixed(r, &t, a->tai_list[a->n_tais], LIXER_TAI_LEN);
		if (rc)
			return rc;
		a->n_tais++;
	}
	return 0;
}

static int assoc_field(struct ber_reader *r, const struct ber_tlv *t, void *ctx)
{
	struct lixer_assoc *a = ctx;
	bool cons = t->num == 1 || t->num == 5 || t->num >= 8;

	if (ber_need_cons(r, t, cons))
		return -BER_ETAG;
	switch (t->num) {
	case 1:
		return dec_supi(r, t, &a->supi);
	case 2:
		return dec_fixed(r, t, a->guti, LIXER_GUTI_LEN);
	case 3:
		return ber_get_gtime(r, t, &a->timestamp_ns);
	case 4:
		return dec_fixed(r, t, a->tai, LIXER_TAI_LEN);
	case 5:
		return dec_ncgi(r, t, &a->ncgi);
	case 6:
		return ber_get_gtime(r, t, &a->ncgi_time_ns);
	case 7:
		if (ber_get_octets(r, t, SUCI_MIN, SUCI_MAX))
			return -BER_EVALUE;
		set_bytes(&a->suci, t);
		return 0;
	case 8:
		return dec_pei(r, t, &a->pei);
	case 9:
		return dec_tai_list(r, t, a);
	case 10:
		return dec_gpsi(r, t, &a->gpsi);
	case 11:
		a->has_additional_cgis = true;
		return dec_add_cgis(r, t, &a->n_add_ncgis, a->add_ncgis);
	}
	return 0;
}

static int deassoc_field(struct ber_reader *r, const struct ber_tlv *t,
			 void *ctx)
{
	struct lixer_deassoc *d = ctx;
	bool cons = t->num == 1 || t->num == 4 || t->num == 6;

	if (ber_need_cons(r, t, cons))
		return -BER_ETAG;
	switch (t->num) {
	case 1:
		return dec_supi(r, t, &d->supi);
	case 2:
		return dec_fixed(r, t, d->guti, LIXER_GUTI_LEN);
	case 3:
		return ber_get_gtime(r, t, &d->timestamp_ns);
	case 4:
		return dec_ncgi(r, t, &d->ncgi);
	case 5:
		return ber_get_gtime(r, t, &d->ncgi_time_ns);
	case 6:
		d->has_additional_cgis = true;
		return dec_add_cgis(r, t, &d->n_add_ncgis, d->add_ncgis);
	}
	return 0;
}

static int keepalive_field(struct ber_reader *r, const struct ber_tlv *t,
			   void *ctx)
{
	if (ber_need_cons(r, t, false))
		return -BER_ETAG;
	return ber_get_int(r, t, ctx);
}

int lixer_decode(const uint8_t *buf, size_t len, struct lixer_msg *m,
		 struct ber_error *err)
{
	struct ber_reader top, msg, rec;
	struct ber_tlv t, o, c;
	uint32_t arcs[BER_OID_MAX_ARCS];
	size_t narcs;
	int rc;

	memset(m, 0, sizeof(*m));
	ber_reader_init(&top, buf, len, 0, err);
	rc = ber_expect(&top, &t, BER_UNIVERSAL, true, BER_TAG_SEQUENCE);
	if (rc)
		return rc;
	rc = ber_expect_end(&top);
	if (rc)
		return rc;
	ber_reader_sub(&msg, &top, &t);
	rc = ber_expect(&msg, &o, CTX, false, 1);
	if (rc)
		return rc;
	rc = ber_get_reloid(&msg, &o, arcs, BER_OID_MAX_ARCS, &narcs);
	if (rc)
		return rc;
	if (narcs != LIXER_OID_ARCS ||
	    memcmp(arcs, LIXER_OID, sizeof(LIXER_OID)))
		return ber_fail(&msg, &o, BER_EOID,
				"iEFRecordOID is not 4.20.17.1.1");
	rc = ber_expect(&msg, &c, CTX, true, 2);
	if (!rc)
		rc = ber_expect_extensions(&msg, 2);
	if (rc)
		return rc;

	/* record [2] IEFRecord: a tagged CHOICE, so explicit. */
	ber_reader_sub(&rec, &msg, &c);
	rc = ber_read(&rec, &t);
	if (rc)
		return rc;
	if (t.cls != CTX || t.num < 1 || t.num > 4)
		return ber_fail(&rec, &t, BER_EUNKNOWN,
				"IEFRecord alternative [%u]", t.num);
	rc = ber_expect_end(&rec);
	if (rc)
		return rc;
	m->kind = t.num;
	switch (m->kind) {
	case LIXER_ASSOCIATION:
		return ber_seq_walk(&rec, &t, 11, 0x7e, assoc_field, &m->assoc,
				    "IEFAssociationRecord");
	case LIXER_DEASSOCIATION:
		return ber_seq_walk(&rec, &t, 6, 0x3e, deassoc_field,
				    &m->deassoc, "IEFDeassociationRecord");
	default:
		return ber_seq_walk(&rec, &t, 1, 0x2, keepalive_field, &m->seq,
				    "IEFKeepaliveMessage");
	}
}

/* ------------------------------------------------------------------ */
/* Encoding                                                           */
/* ------------------------------------------------------------------ */

static bool all_digits(const struct lixer_bytes *b)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if (b->ptr[i] < '0' || b->ptr[i] > '9')
			return false;
	return true;
}

static bool bytes_ok(const struct lixer_bytes *b, size_t min, size_t max)
{
	return b->len >= min && b->len <= max && (b->ptr || !b->len);
}

static bool supi_ok(const struct lixer_supi *s)
{
	if (s->kind == LIXER_SUPI_IMSI)
		return bytes_ok(&s->v, 6, 15) && all_digits(&s->v);
	return s->kind == LIXER_SUPI_NAI && bytes_ok(&s->v, 1, NAI_MAX);
}

static bool pei_ok(const struct lixer_pei *p)
{
	switch (p->kind) {
	case LIXER_PEI_NONE:
		return true;
	case LIXER_PEI_IMEI:
		return bytes_ok(&p->v, 14, 14) && all_digits(&p->v);
	case LIXER_PEI_IMEISV:
		return bytes_ok(&p->v, 16, 16) && all_digits(&p->v);
	case LIXER_PEI_MAC:
		return bytes_ok(&p->v, 6, 6);
	case LIXER_PEI_EUI64:
		return bytes_ok(&p->v, 8, 8);
	}
	return false;
}

static bool gpsi_ok(const struct lixer_gpsi *g)
{
	switch (g->kind) {
	case LIXER_GPSI_NONE:
		return true;
	case LIXER_GPSI_MSISDN:
		return bytes_ok(&g->v, 1, 15) && all_digits(&g->v);
	case LIXER_GPSI_NAI:
		return bytes_ok(&g->v, 1, NAI_MAX);
	}
	return false;
}

static bool ncgis_ok(bool has, unsigned int n, const struct lixer_ncgi *v)
{
	unsigned int i;

	if (n > LIXER_MAX_ADD_NCGIS || (!has && n))
		return false;
	for (i = 0; i < n; i++)
		if (v[i].nci > LIXER_NCI_MAX)
			return false;
	return true;
}

static void enc_choice(struct ber_enc *e, uint32_t outer, uint32_t alt,
		       const struct lixer_bytes *v)
{
	ber_begin(e, CTX, outer);
	ber_put_octets(e, CTX, alt, v->ptr, v->len);
	ber_end(e);
}

static void enc_ncgi(struct ber_enc *e, uint32_t tag,
		     const struct lixer_ncgi *n)
{
	uint64_t v = n->nci << 4;
	uint8_t bits[5];
	int i;

	for (i = 4; i >= 0; i--) {
		bits[i] = v & 0xff;
		v >>= 8;
	}
	ber_begin(e, CTX, tag);
	ber_put_octets(e, CTX, 1, n->plmn, LIXER_PLMN_LEN);
	ber_put_bits(e, CTX, 2, bits, 36);
	ber_end(e);
}

static void enc_add_cgis(struct ber_enc *e, uint32_t tag, unsigned int n,
			 const struct lixer_ncgi *v)
{
	unsigned int i;

	ber_begin(e, CTX, tag);
	if (n) {
		ber_begin(e, CTX, 1);
		for (i = 0; i < n; i++) {
			ber_begin(e, BER_UNIVERSAL, BER_TAG_SEQUENCE);
			enc_ncgi(e, 1, &v[i]);
			ber_end(e);
		}
		ber_end(e);
	}
	ber_end(e);
}

static int enc_assoc(struct ber_enc *e, const struct lixer_assoc *a)
{
	unsigned int i;

	if (!supi_ok(&a->supi) || !pei_ok(&a->pei) || !gpsi_ok(&a->gpsi) ||
	    a->ncgi.nci > LIXER_NCI_MAX ||
	    (a->suci.len && !bytes_ok(&a->suci, SUCI_MIN, SUCI_MAX)) ||
	    a->n_tais > LIXER_MAX_TAIS || (!a->has_tai_list && a->n_tais) ||
	    !ncgis_ok(a->has_additional_cgis, a->n_add_ncgis, a->add_ncgis))
		return -BER_EINVAL;
	ber_begin(e, CTX, LIXER_ASSOCIATION);
	enc_choice(e, 1, a->supi.kind, &a->supi.v);
	ber_put_octets(e, CTX, 2, a->guti, LIXER_GUTI_LEN);
	ber_put_gtime(e, CTX, 3, a->timestamp_ns);
	ber_put_octets(e, CTX, 4, a->tai, LIXER_TAI_LEN);
	enc_ncgi(e, 5, &a->ncgi);
	ber_put_gtime(e, CTX, 6, a->ncgi_time_ns);
	if (a->suci.len)
		ber_put_octets(e, CTX, 7, a->suci.ptr, a->suci.len);
	if (a->pei.kind)
		enc_choice(e, 8, a->pei.kind, &a->pei.v);
	if (a->has_tai_list) {
		ber_begin(e, CTX, 9);
		for (i = 0; i < a->n_tais; i++)
			ber_put_octets(e, BER_UNIVERSAL, BER_TAG_OCTET_STRING,
				       a->tai_list[i], LIXER_TAI_LEN);
		ber_end(e);
	}
	if (a->gpsi.kind)
		enc_choice(e, 10, a->gpsi.kind, &a->gpsi.v);
	if (a->has_additional_cgis)
		enc_add_cgis(e, 11, a->n_add_ncgis, a->add_ncgis);
	ber_end(e);
	return 0;
}

static int enc_deassoc(struct ber_enc *e, const struct lixer_deassoc *d)
{
	if (!supi_ok(&d->supi) || d->ncgi.nci > LIXER_NCI_MAX ||
	    !ncgis_ok(d->has_additional_cgis, d->n_add_ncgis, d->add_ncgis))
		return -BER_EINVAL;
	ber_begin(e, CTX, LIXER_DEASSOCIATION);
	enc_choice(e, 1, d->supi.kind, &d->supi.v);
	ber_put_octets(e, CTX, 2, d->guti, LIXER_GUTI_LEN);
	ber_put_gtime(e, CTX, 3, d->timestamp_ns);
	enc_ncgi(e, 4, &d->ncgi);
	ber_put_gtime(e, CTX, 5, d->ncgi_time_ns);
	if (d->has_additional_cgis)
		enc_add_cgis(e, 6, d->n_add_ncgis, d->add_ncgis);
	ber_end(e);
	return 0;
}

int lixer_encode(const struct lixer_msg *m, struct ber_enc *e)
{
	size_t start = e->len;
	int rc;

	if (e->err)
		return -e->err;
	ber_begin(e, BER_UNIVERSAL, BER_TAG_SEQUENCE);
	ber_put_reloid(e, CTX, 1, LIXER_OID, LIXER_OID_ARCS);
	ber_begin(e, CTX, 2);
	switch (m->kind) {
	case LIXER_ASSOCIATION:
		rc = enc_assoc(e, &m->assoc);
		break;
	case LIXER_DEASSOCIATION:
		rc = enc_deassoc(e, &m->deassoc);
		break;
	case LIXER_KEEPALIVE:
	case LIXER_KEEPALIVE_RESPONSE:
		ber_begin(e, CTX, m->kind);
		ber_put_int(e, CTX, 1, m->seq);
		ber_end(e);
		rc = 0;
		break;
	default:
		rc = -BER_EINVAL;
	}
	if (rc) {
		/* Undo: nothing half-written is left behind. */
		e->len = start;
		e->depth -= 2;
		return rc;
	}
	ber_end(e);
	ber_end(e);
	return ber_enc_error(e);
}

int lixer_encode_keepalive_response(int64_t seq, struct ber_enc *e)
{
	struct lixer_msg m = { .kind = LIXER_KEEPALIVE_RESPONSE, .seq = seq };

	return lixer_encode(&m, e);
}

/* ------------------------------------------------------------------ */
/* Stream framing                                                     */
/* ------------------------------------------------------------------ */

ssize_t lixer_frame(const uint8_t *buf, size_t len, size_t max,
		    struct ber_error *err)
{
	struct ber_tlv t;
	int h;
	int code = 0;

	h = ber_header(buf, len, &t, 0);
	if (h == 0 && len >= 1 && buf[0] != 0x30)
		h = -BER_ETAG;
	if (h == 0)
		return 0;
	if (h < 0)
		code = -h;
	else if (t.cls != BER_UNIVERSAL || !t.cons || t.num != BER_TAG_SEQUENCE)
		code = BER_ETAG;
	else if (t.len > max || (size_t)h > max - t.len)
		code = BER_ELIMIT;
	if (code) {
		if (err) {
			err->code = code;
			err->offset = 0;
			snprintf(
				err->msg, sizeof(err->msg),
				"%s: cannot frame IEFMessage (first octet 0x%02x)",
				ber_strerror(code), buf[0]);
		}
		return -code;
	}
	if (len < h + t.len)
		return 0;
	return h + t.len;
}

void lixer_framer_init(struct lixer_framer *f, size_t max_record)
{
	memset(f, 0, sizeof(*f));
	f->max = max_record ? max_record : LIXER_MAX_RECORD_DEFAULT;
}

void lixer_framer_free(struct lixer_framer *f)
{
	free(f->buf);
	memset(f, 0, sizeof(*f));
}

int lixer_framer_feed(struct lixer_framer *f, const void *data, size_t n)
{
	size_t cap;
	uint8_t *nb;

	/* Drop what was handed out, then compact. */
	f->head += f->pending;
	f->pending = 0;
	if (f->head) {
		memmove(f->buf, f->buf + f->head, f->len - f->head);
		f->len -= f->head;
		f->head = 0;
	}
	/* Nothing to add: a fresh framer has no buffer to offset (UB). */
	if (!n)
		return 0;
	if (n > SIZE_MAX - f->len)
		return -BER_ENOMEM;
	if (f->len + n > f->cap) {
		cap = f->cap ? f->cap : 4096;
		while (cap < f->len + n)
			cap *= 2;
		nb = realloc(f->buf, cap);
		if (!nb)
			return -BER_ENOMEM;
		f->buf = nb;
		f->cap = cap;
	}
	memcpy(f->buf + f->len, data, n);
	f->len += n;
	return 0;
}

int lixer_framer_next(struct lixer_framer *f, const uint8_t **rec, size_t *len,
		      struct ber_error *err)
{
	ssize_t n;

	f->head += f->pending;
	f->pending = 0;
	if (f->head == f->len)
		return 0;
	n = lixer_frame(f->buf + f->head, f->len - f->head, f->max, err);
	if (n <= 0)
		return n;
	*rec = f->buf + f->head;
	*len = n;
	f->pending = n;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Identifier helpers                                                 */
/* ------------------------------------------------------------------ */

void lixer_guti_parse(const uint8_t guti[LIXER_GUTI_LEN],
		      struct lixer_guti_fields *g)
{
	memcpy(g->plmn, guti, LIXER_PLMN_LEN);
	g->amf_region_id = guti[3];
	g->amf_set_id = (guti[4] << 2) | (guti[5] >> 6);
	g->amf_pointer = guti[5] & 0x3f;
	g->tmsi = (uint32_t)guti[6] << 24 | guti[7] << 16 | guti[8] << 8 |
		  guti[9];
}

int lixer_guti_build(const struct lixer_guti_fields *g,
		     uint8_t guti[LIXER_GUTI_LEN])
{
	if (g->amf_set_id > 0x3ff || g->amf_pointer > 0x3f)
		return -BER_EINVAL;
	memcpy(guti, g->plmn, LIXER_PLMN_LEN);
	guti[3] = g->amf_region_id;
	guti[4] = g->amf_set_id >> 2;
	guti[5] = (g->amf_set_id & 3) << 6 | g->amf_pointer;
	guti[6] = g->tmsi >> 24;
	guti[7] = g->tmsi >> 16;
	guti[8] = g->tmsi >> 8;
	guti[9] = g->tmsi;
	return 0;
}

uint64_t lixer_guti_stmsi(const uint8_t guti[LIXER_GUTI_LEN])
{
	uint64_t v = 0;
	int i;

	/* Octets 4..9 are exactly Set ID | Pointer | 5G-TMSI. */
	for (i = 4; i < LIXER_GUTI_LEN; i++)
		v = (v << 8) | guti[i];
	return v;
}

int lixer_plmn_to_str(const uint8_t plmn[LIXER_PLMN_LEN], char *out,
		      size_t size)
{
	uint8_t d[6] = { plmn[0] & 0xf, plmn[0] >> 4, plmn[1] & 0xf,
			 plmn[2] & 0xf, plmn[2] >> 4, plmn[1] >> 4 };
	int n = d[5] == 0xf ? 5 : 6, i;

	if (size < 7)
		return -BER_EINVAL;
	for (i = 0; i < n; i++) {
		if (d[i] > 9)
			return -BER_EVALUE;
		out[i] = '0' + d[i];
	}
	out[n] = '\0';
	return 0;
}

int lixer_plmn_from_str(const char *s, uint8_t plmn[LIXER_PLMN_LEN])
{
	size_t n = strlen(s), i;
	uint8_t d[6];

	if (n != 5 && n != 6)
		return -BER_EVALUE;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -BER_EVALUE;
		d[i] = s[i] - '0';
	}
	if (n == 5)
		d[5] = 0xf;
	/* MCC2|MCC1, MNC3|MCC3, MNC2|MNC1 (TS 24.008 10.5.1.13). */
	plmn[0] = d[1] << 4 | d[0];
	plmn[1] = d[5] << 4 | d[2];
	plmn[2] = d[4] << 4 | d[3];
	return 0;
}
