// SPDX-License-Identifier: GPL-2.0
/* LI_XER record -> ICF event translation (no copies: the cache copies). */
#include "icf_lixer.h"

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

void icf_prefetch_lixer(const struct icf *c, const struct lixer_msg *m,
			int stage)
{
	struct icf_supi s;

	if (m->kind == LIXER_ASSOCIATION) {
		supi_of(&m->assoc.supi, &s);
		icf_prefetch(c, &s, m->assoc.guti, m->assoc.suci.ptr,
			     m->assoc.suci.len, stage);
	} else if (m->kind == LIXER_DEASSOCIATION) {
		supi_of(&m->deassoc.supi, &s);
		icf_prefetch(c, &s, NULL, NULL, 0, stage);
	}
}

enum icf_ingest_result icf_apply_lixer(struct icf *c, const struct lixer_msg *m)
{
	if (m->kind == LIXER_ASSOCIATION) {
		const struct lixer_assoc *a = &m->assoc;
		struct icf_assoc_event ev;

		memset(&ev, 0, sizeof(ev));
		supi_of(&a->supi, &ev.supi);
		memcpy(ev.guti, a->guti, ICF_GUTI_LEN);
		ev.timestamp = ns_to_ms(a->timestamp_ns);
		memcpy(ev.tai, a->tai, ICF_TAI_LEN);
		ev.has_ncgi = true;
		icf_ncgi_from_lixer(&a->ncgi, ev.ncgi);
		if (a->suci.len) {
			ev.suci = a->suci.ptr;
			ev.suci_len = a->suci.len > ICF_SUCI_MAX + 1 ?
					      ICF_SUCI_MAX + 1 :
					      (uint16_t)a->suci.len;
		}
		if (a->pei.kind != LIXER_PEI_NONE) {
			ev.pei_type = (uint8_t)a->pei.kind;
			ev.pei = a->pei.v.ptr;
			ev.pei_len = a->pei.v.len > 255 ? 255 :
							  (uint8_t)a->pei.v.len;
		}
		if (a->gpsi.kind != LIXER_GPSI_NONE) {
			ev.gpsi_type = (uint8_t)a->gpsi.kind;
			ev.gpsi = (const char *)a->gpsi.v.ptr;
			ev.gpsi_len = a->gpsi.v.len > 0xffff ?
					      0xffff :
					      (uint16_t)a->gpsi.v.len;
		}
		if (a->has_tai_list) {
			ev.has_tai_list = true;
			ev.n_tai_list = (uint16_t)a->n_tais;
			ev.tai_list = a->tai_list[0];
		}
		return icf_associate(c, &ev);
	}
	if (m->kind == LIXER_DEASSOCIATION) {
		struct icf_deassoc_event ev;

		memset(&ev, 0, sizeof(ev));
		supi_of(&m->deassoc.supi, &ev.supi);
		memcpy(ev.guti, m->deassoc.guti, ICF_GUTI_LEN);
		ev.timestamp = ns_to_ms(m->deassoc.timestamp_ns);
		return icf_deassociate(c, &ev);
	}
	return ICF_INVALID;
}

void icf_apply_lixer_batch(struct icf *c, const struct lixer_msg *m, size_t n,
			   enum icf_ingest_result *res)
{
	for (int stage = 1; stage <= ICF_PREFETCH_STAGES; stage++)
		for (size_t i = 0; i < n; i++)
			icf_prefetch_lixer(c, &m[i], stage);
	for (size_t i = 0; i < n; i++)
		res[i] = icf_apply_lixer(c, &m[i]);
}
