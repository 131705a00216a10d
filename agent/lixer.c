// SPDX-License-Identifier: GPL-2.0
/*
 * lixer.c - LI_XER IEFMessage codec (TS33128IdentityAssociation, r17):
 * the decoder's walk, the encoder, and the 5G-GUTI and PLMN ID helpers.
 * The decoder's straight path is lixer_fast.c, the stream framing
 * lixer_frame.c.
 */
#include <string.h>

#include "digits.h"
#include "lixer_int.h"

const uint32_t LIXER_OID[LIXER_OID_ARCS] = { 4, 20, 17, 1, 1 };
const uint8_t LIXER_OID_BER[LIXER_OID_ARCS] = { 4, 20, 17, 1, 1 };

#define CTX BER_CONTEXT
#define SUCI_MIN LIXER_SUCI_MIN
#define SUCI_MAX LIXER_SUCI_MAX
#define NAI_MAX LIXER_NAI_MAX

/* SUPI ::= CHOICE { iMSI [1] NumericString (SIZE(6..15)), nAI [2] } */
const struct lixer_alt
	LIXER_SUPI_ALT[] = { [1] = { 6, 15, true }, [2] = { 1, NAI_MAX, false } };
/* PEI ::= CHOICE { iMEI [1], iMEISV [2], mACAddress [3], eUI64 [4] } */
const struct lixer_alt LIXER_PEI_ALT[] = { [1] = { 14, 14, true },
					   [2] = { 16, 16, true },
					   [3] = { 6, 6, false },
					   [4] = { 8, 8, false } };
/* GPSI ::= CHOICE { mSISDN [1] NumericString (SIZE(1..15)), nAI [2] } */
const struct lixer_alt
	LIXER_GPSI_ALT[] = { [1] = { 1, 15, true }, [2] = { 1, NAI_MAX, false } };

/* ------------------------------------------------------------------ */
/* Decoding                                                           */
/* ------------------------------------------------------------------ */

static void set_bytes(struct lixer_bytes *b, const struct ber_tlv *t)
{
	b->ptr = t->val;
	b->len = t->len;
}

/* Inline: @n is a constant at every call, so the copy is a few moves. */
static inline int dec_fixed(struct ber_reader *r, const struct ber_tlv *t,
			    uint8_t *out, size_t n)
{
	int rc = ber_get_octets(r, t, n, n);

	if (!rc)
		memcpy(out, t->val, n);
	return rc;
}

/*
 * A CHOICE of [1]..[n] strings (SUPI, PEI, GPSI) into @v: the number of
 * the alternative, or a negative error.
 */
static int dec_choice(struct ber_reader *r, const struct ber_tlv *outer,
		      const char *what, const struct lixer_alt *alt,
		      unsigned int n, struct lixer_bytes *v)
{
	struct ber_reader in;
	struct ber_tlv t;
	int rc;

	ber_reader_sub(&in, r, outer);
	rc = ber_read(&in, &t);
	if (rc)
		return rc;
	if (t.cls != CTX || t.num < 1 || t.num > n)
		return ber_fail(r, &t, BER_EUNKNOWN, "%s alternative [%u]",
				what, t.num);
	if (alt[t.num].digits)
		rc = ber_get_digits(r, &t, alt[t.num].min, alt[t.num].max);
	else
		rc = ber_get_octets(r, &t, alt[t.num].min, alt[t.num].max);
	if (rc)
		return rc;
	set_bytes(v, &t);
	rc = ber_expect_end(&in);
	return rc ? rc : (int)t.num;
}

static int dec_supi(struct ber_reader *r, const struct ber_tlv *outer,
		    struct lixer_supi *s)
{
	int rc = dec_choice(r, outer, "SUPI", LIXER_SUPI_ALT, LIXER_SUPI_ALTS,
			    &s->v);

	if (rc < 0)
		return rc;
	s->kind = rc;
	return 0;
}

static int dec_pei(struct ber_reader *r, const struct ber_tlv *outer,
		   struct lixer_pei *p)
{
	int rc = dec_choice(r, outer, "PEI", LIXER_PEI_ALT, LIXER_PEI_ALTS,
			    &p->v);

	if (rc < 0)
		return rc;
	p->kind = rc;
	return 0;
}

static int dec_gpsi(struct ber_reader *r, const struct ber_tlv *outer,
		    struct lixer_gpsi *g)
{
	int rc = dec_choice(r, outer, "GPSI", LIXER_GPSI_ALT, LIXER_GPSI_ALTS,
			    &g->v);

	if (rc < 0)
		return rc;
	g->kind = rc;
	return 0;
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

/*
 * What the two records share, by field: SUPI [1], 5G-GUTI [2], timestamp
 * [3], the NCGI and its time (tags ncgi_tag, ncgi_tag + 1) and the
 * additional CGIs (add_tag).
 */
struct rec_common {
	struct lixer_supi *supi;
	uint8_t *guti;
	int64_t *ts, *ncgi_ts;
	struct lixer_ncgi *ncgi, *add;
	bool *has_add;
	unsigned int *n_add;
	uint32_t ncgi_tag, add_tag;
};

#define REC_COMMON(x, ntag, atag)                                              \
	{                                                                      \
		&(x)->supi, (x)->guti, &(x)->timestamp_ns, &(x)->ncgi_time_ns, \
			&(x)->ncgi, (x)->add_ncgis, &(x)->has_additional_cgis, \
			&(x)->n_add_ncgis, (ntag), (atag)                      \
	}

struct rec_ctx {
	struct rec_common k;
	struct lixer_assoc *a; /* NULL: a deassociation */
};

static bool common_cons(const struct rec_common *k, uint32_t num)
{
	return num == 1 || num == k->ncgi_tag || num == k->add_tag;
}

/* 1 when the field is not one of the shared ones. */
static int common_field(struct ber_reader *r, const struct ber_tlv *t,
			const struct rec_common *k)
{
	if (t->num == 1)
		return dec_supi(r, t, k->supi);
	if (t->num == 2)
		return dec_fixed(r, t, k->guti, LIXER_GUTI_LEN);
	if (t->num == 3)
		return ber_get_gtime(r, t, k->ts);
	if (t->num == k->ncgi_tag)
		return dec_ncgi(r, t, k->ncgi);
	if (t->num == k->ncgi_tag + 1)
		return ber_get_gtime(r, t, k->ncgi_ts);
	if (t->num == k->add_tag) {
		*k->has_add = true;
		return dec_add_cgis(r, t, k->n_add, k->add);
	}
	return 1;
}

static int rec_field(struct ber_reader *r, const struct ber_tlv *t, void *ctx)
{
	const struct rec_ctx *x = ctx;
	struct lixer_assoc *a = x->a;
	bool cons = common_cons(&x->k, t->num) ||
		    (a && t->num >= 8 && t->num <= 10);
	int rc;

	if (ber_need_cons(r, t, cons))
		return -BER_ETAG;
	rc = common_field(r, t, &x->k);
	if (rc <= 0 || !a)
		return rc < 0 ? rc : 0;
	switch (t->num) {
	case 4:
		return dec_fixed(r, t, a->tai, LIXER_TAI_LEN);
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
	if (lixer_decode_fast(buf, len, m)) {
		ber_error_clear(err);
		return 0;
	}
	return lixer_decode_walk(buf, len, m, err);
}

int lixer_decode_walk(const uint8_t *buf, size_t len, struct lixer_msg *m,
		      struct ber_error *err)
{
	struct ber_reader top, msg, rec;
	struct ber_tlv t, o, c;
	uint32_t arcs[BER_OID_MAX_ARCS];
	size_t narcs;
	int rc;

	memset(m, 0, sizeof(*m));
	m->decoded = true; /* meaningful only when we return 0 */
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
	/* Only the minimal encoding decodes to these arcs: compare octets. */
	if (o.len != sizeof(LIXER_OID_BER) ||
	    memcmp(o.val, LIXER_OID_BER, sizeof(LIXER_OID_BER))) {
		rc = ber_get_reloid(&msg, &o, arcs, BER_OID_MAX_ARCS, &narcs);
		if (rc)
			return rc;
		if (narcs != LIXER_OID_ARCS ||
		    memcmp(arcs, LIXER_OID, sizeof(LIXER_OID)))
			return ber_fail(&msg, &o, BER_EOID,
					"iEFRecordOID is not 4.20.17.1.1");
	}
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
	case LIXER_ASSOCIATION: {
		struct rec_ctx x = { REC_COMMON(&m->assoc, 5, 11), &m->assoc };

		return ber_seq_walk(&rec, &t, 11, 0x7e, rec_field, &x,
				    "IEFAssociationRecord");
	}
	case LIXER_DEASSOCIATION: {
		struct rec_ctx x = { REC_COMMON(&m->deassoc, 4, 6), NULL };

		return ber_seq_walk(&rec, &t, 6, 0x3e, rec_field, &x,
				    "IEFDeassociationRecord");
	}
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
	return lm_all_digits(b->ptr, b->len);
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

static bool common_ok(const struct rec_common *k)
{
	return supi_ok(k->supi) && k->ncgi->nci <= LIXER_NCI_MAX &&
	       ncgis_ok(*k->has_add, *k->n_add, k->add);
}

/* Encodes the record's fields in tag order; @a carries the others. */
static int enc_rec(struct ber_enc *e, uint32_t kind, const struct rec_common *k,
		   const struct lixer_assoc *a)
{
	unsigned int i;

	if (!common_ok(k))
		return -BER_EINVAL;
	if (a &&
	    (!pei_ok(&a->pei) || !gpsi_ok(&a->gpsi) ||
	     (a->suci.len && !bytes_ok(&a->suci, SUCI_MIN, SUCI_MAX)) ||
	     a->n_tais > LIXER_MAX_TAIS || (!a->has_tai_list && a->n_tais)))
		return -BER_EINVAL;
	ber_begin(e, CTX, kind);
	enc_choice(e, 1, k->supi->kind, &k->supi->v);
	ber_put_octets(e, CTX, 2, k->guti, LIXER_GUTI_LEN);
	ber_put_gtime(e, CTX, 3, *k->ts);
	if (a)
		ber_put_octets(e, CTX, 4, a->tai, LIXER_TAI_LEN);
	enc_ncgi(e, k->ncgi_tag, k->ncgi);
	ber_put_gtime(e, CTX, k->ncgi_tag + 1, *k->ncgi_ts);
	if (a && a->suci.len)
		ber_put_octets(e, CTX, 7, a->suci.ptr, a->suci.len);
	if (a && a->pei.kind)
		enc_choice(e, 8, a->pei.kind, &a->pei.v);
	if (a && a->has_tai_list) {
		ber_begin(e, CTX, 9);
		for (i = 0; i < a->n_tais; i++)
			ber_put_octets(e, BER_UNIVERSAL, BER_TAG_OCTET_STRING,
				       a->tai_list[i], LIXER_TAI_LEN);
		ber_end(e);
	}
	if (a && a->gpsi.kind)
		enc_choice(e, 10, a->gpsi.kind, &a->gpsi.v);
	if (*k->has_add)
		enc_add_cgis(e, k->add_tag, *k->n_add, k->add);
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
	case LIXER_ASSOCIATION: {
		/* The encoder only reads through these pointers. */
		struct lixer_assoc *a = (struct lixer_assoc *)&m->assoc;
		struct rec_common k = REC_COMMON(a, 5, 11);

		rc = enc_rec(e, LIXER_ASSOCIATION, &k, a);
		break;
	}
	case LIXER_DEASSOCIATION: {
		struct lixer_deassoc *d = (struct lixer_deassoc *)&m->deassoc;
		struct rec_common k = REC_COMMON(d, 4, 6);

		rc = enc_rec(e, LIXER_DEASSOCIATION, &k, NULL);
		break;
	}
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
