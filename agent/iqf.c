// SPDX-License-Identifier: GPL-2.0
/*
 * IQF request validation (TS 33.128 7.6.3.1), search and response building.
 * Validation happens completely before the ICF is searched; a rejected
 * request never touches the cache.
 */
#include "iqf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena ---- */

struct iqf_chunk {
	struct iqf_chunk *next;
	size_t used, cap;
	max_align_t data[];
};

void *iqf_arena_alloc(struct iqf_arena *a, size_t n)
{
	struct iqf_chunk *c = a->head;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > 16384 ? n : 16384;

		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->next = a->head;
		c->used = 0;
		c->cap = cap;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *iqf_arena_strdup(struct iqf_arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = iqf_arena_alloc(a, n);

	if (p)
		memcpy(p, s, n);
	return p;
}

static char *arena_strndup(struct iqf_arena *a, const void *s, size_t n)
{
	char *p = iqf_arena_alloc(a, n + 1);

	if (p)
		memcpy(p, s, n);
	return p;
}

void iqf_arena_free(struct iqf_arena *a)
{
	while (a->head) {
		struct iqf_chunk *c = a->head;

		a->head = c->next;
		free(c);
	}
}

void iqf_arena_reset(struct iqf_arena *a)
{
	struct iqf_chunk *keep = a->head;

	if (!keep)
		return;
	a->head = keep->next;
	iqf_arena_free(a);
	keep->next = NULL;
	keep->used = 0;
	a->head = keep;
}

/* ---- textual forms ---- */

static const char hex[] = "0123456789abcdef";

/*
 * @n lower-case hex digits of @v, zero-padded, and a NUL at @p: the
 * response holds several (TACs, NCI, MAC/EUI-64 octets), and snprintf()
 * was most of the IQF's CPU time.
 */
static void put_hex(char *p, uint64_t v, unsigned int n)
{
	p[n] = '\0';
	for (unsigned int i = n; i-- > 0; v >>= 4)
		p[i] = hex[v & 15];
}

void iqf_plmn_to_mcc_mnc(const uint8_t plmn[3], char mcc[4], char mnc[4])
{
	mcc[0] = hex[plmn[0] & 0xf];
	mcc[1] = hex[plmn[0] >> 4];
	mcc[2] = hex[plmn[1] & 0xf];
	mcc[3] = '\0';
	mnc[0] = hex[plmn[2] & 0xf];
	mnc[1] = hex[plmn[2] >> 4];
	if ((plmn[1] >> 4) == 0xf) {
		mnc[2] = '\0';
	} else {
		mnc[2] = hex[plmn[1] >> 4];
		mnc[3] = '\0';
	}
}

static bool digits_n(const char *s, size_t lo, size_t hi)
{
	size_t n;

	if (!s)
		return false;
	n = strlen(s);
	if (n < lo || n > hi)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int iqf_mcc_mnc_to_plmn(const char *mcc, const char *mnc, uint8_t plmn[3])
{
	if (!digits_n(mcc, 3, 3) || !digits_n(mnc, 2, 3))
		return -EINVAL;
	plmn[0] = (uint8_t)((mcc[1] - '0') << 4 | (mcc[0] - '0'));
	plmn[1] =
		(uint8_t)((mnc[2] ? mnc[2] - '0' : 0xf) << 4 | (mcc[2] - '0'));
	plmn[2] = (uint8_t)((mnc[1] - '0') << 4 | (mnc[0] - '0'));
	return 0;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Exactly @n hex digits into a value. */
static int parse_hex(const char *s, size_t n, uint64_t *v)
{
	if (!s || strlen(s) != n)
		return -EINVAL;
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = hexval(s[i]);

		if (d < 0)
			return -EINVAL;
		*v = *v << 4 | (uint64_t)d;
	}
	return 0;
}

static int tai_from_msg(const Lmisf__Iqf__FiveGSTAI *t, uint8_t tai[6])
{
	uint64_t tac;

	if (iqf_mcc_mnc_to_plmn(t->mcc, t->mnc, tai) ||
	    parse_hex(t->tac, 6, &tac))
		return -EINVAL;
	tai[3] = (uint8_t)(tac >> 16);
	tai[4] = (uint8_t)(tac >> 8);
	tai[5] = (uint8_t)tac;
	return 0;
}

static int ncgi_valid(const Lmisf__Iqf__NCGI *n)
{
	uint8_t plmn[3];
	uint64_t nci;

	return !iqf_mcc_mnc_to_plmn(n->mcc, n->mnc, plmn) &&
	       !parse_hex(n->nci, 9, &nci);
}

/* ---- validation (7.6.3.1) ---- */

#define REJ(reason, text)                                   \
	do {                                                \
		*detail = text;                             \
		return LMISF__IQF__REJECT_REASON__##reason; \
	} while (0)

int iqf_prepare(const struct icf *c,
		const Lmisf__Iqf__IdentityAssociationRequest *req, lm_ms_t now,
		struct icf_query *q, const char **detail)
{
	const Lmisf__Iqf__RequestValues *rv = req->request_values;
	const struct icf_config *cfg = icf_config(c);
	bool ongoing;
	lm_ms_t from, to;
	int n = 0;

	memset(q, 0, sizeof(*q));
	if (req->type != LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION &&
	    req->type != LMISF__IQF__REQUEST_TYPE__ONGOING_IDENTITY_ASSOCIATION)
		REJ(INVALID_TYPE, "unknown request type");
	ongoing = req->type ==
		  LMISF__IQF__REQUEST_TYPE__ONGOING_IDENTITY_ASSOCIATION;
	if (!rv)
		REJ(MISSING_REQUEST_VALUE, "no request values");
	n = !!rv->supi + !!rv->has_suci + !!rv->five_g_guti +
	    !!rv->five_g_s_tmsi;
	if (!n)
		REJ(MISSING_REQUEST_VALUE,
		    "one of SUPI, SUCI, 5G-GUTI, 5G-S-TMSI is required");
	if (n > 1)
		REJ(MULTIPLE_REQUEST_VALUES, "more than one identity given");
	if (ongoing && !rv->supi)
		REJ(ONGOING_REQUIRES_SUPI,
		    "ongoing requests take a permanent identity (SUPI)");
	if (ongoing && req->observed_time)
		REJ(ONGOING_WITH_OBSERVED_TIME,
		    "ongoing requests take no observed time");
	if (rv->supi) {
		if (rv->tai || rv->ncgi)
			REJ(LOCATION_WITH_PERMANENT_IDENTITY,
			    "TAI/NCGI only accompany a temporary identity");
		q->key = ICF_KEY_SUPI;
		switch (rv->supi->value_case) {
		case LMISF__IQF__SUPI__VALUE_SUPI_IMSI:
			q->supi.type = ICF_SUPI_IMSI;
			q->supi.val = rv->supi->supi_imsi;
			break;
		case LMISF__IQF__SUPI__VALUE_SUPI_NAI:
			q->supi.type = ICF_SUPI_NAI;
			q->supi.val = rv->supi->supi_nai;
			break;
		default:
			REJ(INVALID_SUPI, "SUPI has neither IMSI nor NAI");
		}
		if (!q->supi.val || strlen(q->supi.val) > ICF_SUPI_MAX)
			REJ(INVALID_SUPI, "malformed SUPI");
		q->supi.len = (uint16_t)strlen(q->supi.val);
		if (!icf_supi_valid(&q->supi))
			REJ(INVALID_SUPI, "malformed SUPI");
	} else if (rv->has_suci) {
		if (rv->suci.len < ICF_SUCI_MIN || rv->suci.len > ICF_SUCI_MAX)
			REJ(INVALID_SUCI, "SUCI must be 8..3008 octets");
		q->key = ICF_KEY_SUCI;
		q->suci = rv->suci.data;
		q->suci_len = (uint16_t)rv->suci.len;
	} else if (rv->five_g_guti) {
		const Lmisf__Iqf__FiveGGUTI *g = rv->five_g_guti;

		if (iqf_mcc_mnc_to_plmn(g->mcc, g->mnc, q->guti) ||
		    g->amf_region_id > 255 || g->amf_set_id > 1023 ||
		    g->amf_pointer > 63)
			REJ(INVALID_FIVE_G_GUTI, "malformed 5G-GUTI");
		q->key = ICF_KEY_GUTI;
		q->guti[3] = (uint8_t)g->amf_region_id;
		q->guti[4] = (uint8_t)(g->amf_set_id >> 2);
		q->guti[5] =
			(uint8_t)((g->amf_set_id & 3) << 6 | g->amf_pointer);
		q->guti[6] = (uint8_t)(g->five_g_tmsi >> 24);
		q->guti[7] = (uint8_t)(g->five_g_tmsi >> 16);
		q->guti[8] = (uint8_t)(g->five_g_tmsi >> 8);
		q->guti[9] = (uint8_t)g->five_g_tmsi;
	} else {
		const Lmisf__Iqf__FiveGSTMSI *s = rv->five_g_s_tmsi;

		if (s->amf_set_id > 1023 || s->amf_pointer > 63)
			REJ(INVALID_FIVE_G_S_TMSI, "malformed 5G-S-TMSI");
		q->key = ICF_KEY_STMSI;
		q->stmsi[0] = (uint8_t)(s->amf_set_id >> 2);
		q->stmsi[1] =
			(uint8_t)((s->amf_set_id & 3) << 6 | s->amf_pointer);
		q->stmsi[2] = (uint8_t)(s->five_g_tmsi >> 24);
		q->stmsi[3] = (uint8_t)(s->five_g_tmsi >> 16);
		q->stmsi[4] = (uint8_t)(s->five_g_tmsi >> 8);
		q->stmsi[5] = (uint8_t)s->five_g_tmsi;
	}
	if (rv->tai) {
		if (tai_from_msg(rv->tai, q->tai))
			REJ(INVALID_TAI, "malformed TAI");
		q->has_tai = true;
	}
	if (rv->ncgi && !ncgi_valid(rv->ncgi))
		REJ(INVALID_NCGI, "malformed NCGI");
	if (req->observed_time) {
		if (lm_time_parse_rfc3339(req->observed_time, &q->observed))
			REJ(INVALID_OBSERVED_TIME,
			    "observed time is not an RFC 3339 date-time");
		icf_cache_period_at(c, now, &from, &to);
		/* Later than now by more than the window cannot be served. */
		if (q->observed < from || q->observed > to + cfg->search_window)
			REJ(OUTSIDE_CACHE_PERIOD,
			    "observed time outside the ICF cache period");
		q->has_time = true;
	}
	return 0;
}

/* ---- response building ---- */

static Lmisf__Iqf__FiveGSTAI *tai_msg(struct iqf_arena *ar,
				      const uint8_t tai[6])
{
	Lmisf__Iqf__FiveGSTAI *t = iqf_arena_alloc(ar, sizeof(*t));
	char mcc[4], mnc[4], tac[8];

	if (!t)
		return NULL;
	lmisf__iqf__five_gstai__init(t);
	iqf_plmn_to_mcc_mnc(tai, mcc, mnc);
	put_hex(tac, (uint32_t)tai[3] << 16 | tai[4] << 8 | tai[5], 6);
	t->mcc = iqf_arena_strdup(ar, mcc);
	t->mnc = iqf_arena_strdup(ar, mnc);
	t->tac = iqf_arena_strdup(ar, tac);
	return t->mcc && t->mnc && t->tac ? t : NULL;
}

static Lmisf__Iqf__NCGI *ncgi_msg(struct iqf_arena *ar, const uint8_t n[8])
{
	Lmisf__Iqf__NCGI *m = iqf_arena_alloc(ar, sizeof(*m));
	char mcc[4], mnc[4], nci[16];
	uint64_t v;

	if (!m)
		return NULL;
	lmisf__iqf__ncgi__init(m);
	iqf_plmn_to_mcc_mnc(n, mcc, mnc);
	/* 36 bits left-aligned in 5 octets. */
	v = ((uint64_t)n[3] << 32 | (uint64_t)n[4] << 24 |
	     (uint64_t)n[5] << 16 | (uint64_t)n[6] << 8 | n[7]) >>
	    4;
	put_hex(nci, v, 9);
	m->mcc = iqf_arena_strdup(ar, mcc);
	m->mnc = iqf_arena_strdup(ar, mnc);
	m->nci = iqf_arena_strdup(ar, nci);
	return m->mcc && m->mnc && m->nci ? m : NULL;
}

static char *time_str(struct iqf_arena *ar, lm_ms_t t)
{
	char buf[32];

	lm_time_format_rfc3339(t, buf);
	return iqf_arena_strdup(ar, buf);
}

static char *octets_str(struct iqf_arena *ar, const uint8_t *p, size_t n)
{
	char *s = iqf_arena_alloc(ar, n * 3 + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		put_hex(s + 3 * i, p[i], 2);
		if (i + 1 < n)
			s[3 * i + 2] = '-';
	}
	return s;
}

Lmisf__Iqf__IdentityAssociationRecord *iqf_record(struct iqf_arena *ar,
						  const struct icf_view *v)
{
	Lmisf__Iqf__IdentityAssociationRecord *r;
	Lmisf__Iqf__FiveGGUTI *g;
	Lmisf__Iqf__SUPI *s;
	char mcc[4], mnc[4];

	r = iqf_arena_alloc(ar, sizeof(*r));
	s = iqf_arena_alloc(ar, sizeof(*s));
	g = iqf_arena_alloc(ar, sizeof(*g));
	if (!r || !s || !g)
		return NULL;
	lmisf__iqf__identity_association_record__init(r);
	lmisf__iqf__supi__init(s);
	lmisf__iqf__five_gguti__init(g);
	if (v->supi.type == ICF_SUPI_IMSI) {
		s->value_case = LMISF__IQF__SUPI__VALUE_SUPI_IMSI;
		s->supi_imsi = arena_strndup(ar, v->supi.val, v->supi.len);
	} else {
		s->value_case = LMISF__IQF__SUPI__VALUE_SUPI_NAI;
		s->supi_nai = arena_strndup(ar, v->supi.val, v->supi.len);
	}
	r->supi = s;
	iqf_plmn_to_mcc_mnc(v->guti, mcc, mnc);
	g->mcc = iqf_arena_strdup(ar, mcc);
	g->mnc = iqf_arena_strdup(ar, mnc);
	g->amf_region_id = v->guti[3];
	g->amf_set_id = (uint32_t)v->guti[4] << 2 | v->guti[5] >> 6;
	g->amf_pointer = v->guti[5] & 0x3f;
	g->five_g_tmsi = (uint32_t)v->guti[6] << 24 | v->guti[7] << 16 |
			 v->guti[8] << 8 | v->guti[9];
	r->five_g_guti = g;
	if (v->suci) {
		r->has_suci = 1;
		r->suci.len = v->suci_len;
		r->suci.data = iqf_arena_alloc(ar, v->suci_len);
		if (!r->suci.data)
			return NULL;
		memcpy(r->suci.data, v->suci, v->suci_len);
	}
	if (v->pei_type) {
		Lmisf__Iqf__PEI *p = iqf_arena_alloc(ar, sizeof(*p));

		if (!p)
			return NULL;
		lmisf__iqf__pei__init(p);
		switch (v->pei_type) {
		case ICF_PEI_IMEI:
			p->value_case = LMISF__IQF__PEI__VALUE_PEI_IMEI;
			p->pei_imei = arena_strndup(ar, v->pei, v->pei_len);
			break;
		case ICF_PEI_IMEISV:
			p->value_case = LMISF__IQF__PEI__VALUE_PEI_IMEISV;
			p->pei_imeisv = arena_strndup(ar, v->pei, v->pei_len);
			break;
		case ICF_PEI_MAC:
			p->value_case = LMISF__IQF__PEI__VALUE_PEI_MAC;
			p->pei_mac = octets_str(ar, v->pei, v->pei_len);
			break;
		default:
			p->value_case = LMISF__IQF__PEI__VALUE_PEI_EUI64;
			p->pei_eui64 = octets_str(ar, v->pei, v->pei_len);
			break;
		}
		r->pei = p;
	}
	if (v->gpsi_type) {
		Lmisf__Iqf__GPSI *p = iqf_arena_alloc(ar, sizeof(*p));

		if (!p)
			return NULL;
		lmisf__iqf__gpsi__init(p);
		if (v->gpsi_type == ICF_GPSI_MSISDN) {
			p->value_case = LMISF__IQF__GPSI__VALUE_GPSI_MSISDN;
			p->gpsi_msisdn =
				arena_strndup(ar, v->gpsi, v->gpsi_len);
		} else {
			p->value_case = LMISF__IQF__GPSI__VALUE_GPSI_NAI;
			p->gpsi_nai = arena_strndup(ar, v->gpsi, v->gpsi_len);
		}
		r->gpsi = p;
	}
	r->association_start_time = time_str(ar, v->start);
	if (v->end != ICF_OPEN)
		r->association_end_time = time_str(ar, v->end);
	if (v->has_tai_list && v->n_tai_list) {
		r->five_gs_tai_list = iqf_arena_alloc(
			ar, v->n_tai_list * sizeof(*r->five_gs_tai_list));
		if (!r->five_gs_tai_list)
			return NULL;
		for (unsigned int i = 0; i < v->n_tai_list; i++) {
			r->five_gs_tai_list[i] =
				tai_msg(ar, v->tai_list + i * ICF_TAI_LEN);
			if (!r->five_gs_tai_list[i])
				return NULL;
		}
		r->n_five_gs_tai_list = v->n_tai_list;
	}
	if (v->has_ncgi)
		r->ncgi = ncgi_msg(ar, v->ncgi);
	r->tai = tai_msg(ar, v->tai);
	return r;
}

static Lmisf__Iqf__IdentityAssociationResponse *
new_response(struct iqf_arena *ar, int status)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	r = iqf_arena_alloc(ar, sizeof(*r));
	if (!r)
		return NULL;
	lmisf__iqf__identity_association_response__init(r);
	r->status = status;
	return r;
}

Lmisf__Iqf__IdentityAssociationResponse *
iqf_reject(struct iqf_arena *ar, int reason, const char *detail)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	r = new_response(ar, LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED);
	if (!r)
		return NULL;
	r->has_reject_reason = 1;
	r->reject_reason = reason;
	r->reject_detail = iqf_arena_strdup(ar, detail);
	return r;
}

Lmisf__Iqf__IdentityAssociationResponse *
iqf_answer(struct icf *c, const struct icf_query *q, struct icf_result *res,
	   struct iqf_arena *ar, struct iqf_outcome *out)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;
	lm_ms_t from, to;
	struct icf_view v;

	out->key = q->key;
	out->has_time = q->has_time;
	if (icf_query_at(c, q, out->now, res))
		return NULL; /* prepared queries are valid */
	r = new_response(
		ar, res->n ? LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND :
			     LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND);
	if (!r)
		return NULL;
	if (res->n) {
		r->associations =
			iqf_arena_alloc(ar, res->n * sizeof(*r->associations));
		if (!r->associations)
			return NULL;
	}
	for (uint32_t i = 0; i < res->n && i < 16; i++)
		icf_view_prefetch(c, res->ids[i]);
	for (uint32_t i = 0; i < res->n; i++) {
		if (icf_view(c, res->ids[i], &v))
			continue;
		r->associations[r->n_associations] = iqf_record(ar, &v);
		if (!r->associations[r->n_associations])
			return NULL;
		r->n_associations++;
	}
	if (res->n_supi > 1)
		r->has_multiple_supis = r->multiple_supis = 1;
	if (res->truncated)
		r->has_truncated = r->truncated = 1;
	icf_cache_period_at(c, out->now, &from, &to);
	r->cache_period_start = time_str(ar, from);
	r->cache_period_end = time_str(ar, to);
	out->status = (int)r->status;
	out->results = res->n;
	out->supis = res->n_supi;
	return r;
}

int iqf_begin(struct icf *c, const Lmisf__Iqf__IdentityAssociationRequest *req,
	      struct icf_query *q, struct iqf_outcome *out, const char **detail)
{
	int reason;

	memset(out, 0, sizeof(*out));
	out->type = (int)req->type;
	out->has_time = !!req->observed_time;
	out->now = lm_clock_now(icf_clock(c));
	out->has_now = true;
	/* The cache period is judged at the current time. */
	icf_expire_at(c, out->now);
	reason = iqf_prepare(c, req, out->now, q, detail);
	if (reason) {
		out->status = LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED;
		out->reject_reason = reason;
	} else {
		out->key = q->key;
		out->has_time = q->has_time;
	}
	return reason;
}

Lmisf__Iqf__IdentityAssociationResponse *
iqf_handle(struct icf *c, const Lmisf__Iqf__IdentityAssociationRequest *req,
	   struct icf_result *res, struct iqf_arena *ar,
	   struct iqf_outcome *out)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;
	const char *detail;
	struct icf_query q;
	int reason;

	reason = iqf_begin(c, req, &q, out, &detail);
	if (reason)
		r = iqf_reject(ar, reason, detail);
	else
		r = iqf_answer(c, &q, res, ar, out);
	if (r && req->has_request_id) {
		r->has_request_id = 1;
		r->request_id = req->request_id;
	}
	return r;
}

void iqf_frame_prefix(uint8_t *out, size_t body)
{
	out[0] = (uint8_t)(body >> 24);
	out[1] = (uint8_t)(body >> 16);
	out[2] = (uint8_t)(body >> 8);
	out[3] = (uint8_t)body;
}

void iqf_frame_into(const ProtobufCMessage *m, size_t body, uint8_t *out)
{
	iqf_frame_prefix(out, body);
	protobuf_c_message_pack(m, out + 4);
}

uint8_t *iqf_frame(const ProtobufCMessage *m, size_t *len)
{
	size_t n = protobuf_c_message_get_packed_size(m);
	uint8_t *p;

	if (n > UINT32_MAX - 4)
		return NULL;
	p = malloc(n + 4);
	if (!p)
		return NULL;
	iqf_frame_into(m, n, p);
	*len = n + 4;
	return p;
}

uint32_t iqf_frame_len(const uint8_t p[4])
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}
