// SPDX-License-Identifier: GPL-2.0
/* LI_XER record -> ICF event translation (no copies: the cache copies). */
#include "icf_lixer.h"
#include "icf_attrs.h"

#include <stddef.h>
#include <string.h>

/* ns -> ms, rounding towards minus infinity. */
static lm_ms_t ns_to_ms(int64_t ns)
{
	return ns >= 0 ? ns / 1000000 : -((-ns + 999999) / 1000000);
}

void icf_ncgi_from_lixer(const struct lixer_ncgi *n, uint8_t out[ICF_NCGI_LEN])
{
	uint64_t v = (n->nci & LIXER_NCI_MAX) << 4; /* left-align 36 bits */

	memcpy(out, n->plmn, 3);
	out[3] = (uint8_t)(v >> 32);
	out[4] = (uint8_t)(v >> 24);
	out[5] = (uint8_t)(v >> 16);
	out[6] = (uint8_t)(v >> 8);
	out[7] = (uint8_t)v;
}

static void supi_of(const struct lixer_supi *s, struct icf_supi *o)
{
	o->type = s->kind == LIXER_SUPI_IMSI ? ICF_SUPI_IMSI : ICF_SUPI_NAI;
	o->val = (const char *)s->v.ptr;
	/* Longer than any valid SUPI: the cache refuses it as invalid. */
	o->len = s->v.len > 0xffff ? 0xffff : (uint16_t)s->v.len;
}

/* A record as the cache's event, and what the prefetch stages learnt. */
struct icf_lixer_event {
	bool assoc;
	bool decoded; /* by lixer_decode(): see icf_associate_decoded() */
	union {
		struct icf_assoc_event a;
		struct icf_deassoc_event d;
	};
	struct icf_prep p;
};

/*
 * The cache's event for an association or deassociation record. Every
 * field is written, the padding is not: nothing reads an event as bytes
 * (the journal writes it field by field).
 */
static bool event_of(const struct lixer_msg *m, struct icf_lixer_event *e)
{
	if (m->kind == LIXER_ASSOCIATION) {
		const struct lixer_assoc *a = &m->assoc;
		struct icf_assoc_event *ev = &e->a;

		e->assoc = true;
		e->decoded = m->decoded;
		/* From the SUCI on, the optional values: none unless below. */
		memset(&ev->suci, 0,
		       sizeof(*ev) - offsetof(struct icf_assoc_event, suci));
		supi_of(&a->supi, &ev->supi);
		memcpy(ev->guti, a->guti, ICF_GUTI_LEN);
		ev->timestamp = ns_to_ms(a->timestamp_ns);
		memcpy(ev->tai, a->tai, ICF_TAI_LEN);
		ev->has_ncgi = true;
		icf_ncgi_from_lixer(&a->ncgi, ev->ncgi);
		if (a->suci.len) {
			ev->suci = a->suci.ptr;
			ev->suci_len = a->suci.len > ICF_SUCI_MAX + 1 ?
					       ICF_SUCI_MAX + 1 :
					       (uint16_t)a->suci.len;
		}
		if (a->pei.kind != LIXER_PEI_NONE) {
			ev->pei_type = (uint8_t)a->pei.kind;
			ev->pei = a->pei.v.ptr;
			ev->pei_len = a->pei.v.len > 255 ?
					      255 :
					      (uint8_t)a->pei.v.len;
		}
		if (a->gpsi.kind != LIXER_GPSI_NONE) {
			ev->gpsi_type = (uint8_t)a->gpsi.kind;
			ev->gpsi = (const char *)a->gpsi.v.ptr;
			ev->gpsi_len = a->gpsi.v.len > 0xffff ?
					       0xffff :
					       (uint16_t)a->gpsi.v.len;
		}
		if (a->has_tai_list) {
			ev->has_tai_list = true;
			ev->n_tai_list = (uint16_t)a->n_tais;
			ev->tai_list = a->tai_list[0];
		}
		return true;
	}
	if (m->kind == LIXER_DEASSOCIATION) {
		struct icf_deassoc_event *ev = &e->d;

		e->assoc = false;
		supi_of(&m->deassoc.supi, &ev->supi);
		memcpy(ev->guti, m->deassoc.guti, ICF_GUTI_LEN);
		ev->timestamp = ns_to_ms(m->deassoc.timestamp_ns);
		return true;
	}
	return false;
}

static enum icf_ingest_result
apply(struct icf *c, const struct icf_lixer_event *e, const struct icf_prep *p)
{
	if (!e->assoc)
		return icf_deassociate_prep(c, &e->d, p);
	return e->decoded ? icf_associate_decoded(c, &e->a, p) :
			    icf_associate_prep(c, &e->a, p);
}

enum icf_ingest_result icf_apply_lixer(struct icf *c, const struct lixer_msg *m)
{
	struct icf_lixer_event e;

	return event_of(m, &e) ? apply(c, &e, NULL) : ICF_INVALID;
}

static void prefetch(const struct icf *c, struct icf_lixer_event *e, int stage)
{
	if (e->assoc) {
		icf_prefetch(c, &e->p, &e->a.supi, e->a.guti, e->a.suci,
			     e->a.suci_len, stage);
		if (e->a.has_tai_list && stage <= 2)
			icf_tais_prefetch(c, e->a.tai_list, e->a.n_tai_list,
					  &e->p, stage);
	} else
		icf_prefetch(c, &e->p, &e->d.supi, NULL, NULL, 0, stage);
}

void icf_apply_lixer_batch(struct icf *c, const struct lixer_msg *m, size_t n,
			   enum icf_ingest_result *res)
{
	struct icf_lixer_event e[ICF_BATCH];
	bool ok[ICF_BATCH];

	for (size_t base = 0; base < n; base += ICF_BATCH) {
		size_t k = n - base < ICF_BATCH ? n - base : ICF_BATCH;

		for (size_t i = 0; i < k; i++)
			ok[i] = event_of(&m[base + i], &e[i]);
		for (int stage = 1; stage <= ICF_PREFETCH_STAGES; stage++)
			for (size_t i = 0; i < k; i++)
				if (ok[i])
					prefetch(c, &e[i], stage);
		for (size_t i = 0; i < k; i++)
			res[base + i] = ok[i] ? apply(c, &e[i], &e[i].p) :
						ICF_INVALID;
	}
}
