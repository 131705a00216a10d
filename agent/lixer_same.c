// SPDX-License-Identifier: GPL-2.0
/*
 * lixer_same.c - whether two LI_XER messages say the same, reading only
 * the members lixer_decode() defines (lixer.h): a decoded message is not
 * cleared first, so comparing whole structures compares leftovers.
 */
#include <string.h>

#include "lixer.h"

static bool bytes_same(const struct lixer_bytes *a, const struct lixer_bytes *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->ptr, b->ptr, a->len));
}

static bool ncgi_same(const struct lixer_ncgi *a, const struct lixer_ncgi *b)
{
	return !memcmp(a->plmn, b->plmn, LIXER_PLMN_LEN) && a->nci == b->nci;
}

static bool ncgis_same(bool has_a, unsigned int na, const struct lixer_ncgi *a,
		       bool has_b, unsigned int nb, const struct lixer_ncgi *b)
{
	if (has_a != has_b || na != nb || na > LIXER_MAX_ADD_NCGIS)
		return false;
	for (unsigned int i = 0; i < na; i++)
		if (!ncgi_same(&a[i], &b[i]))
			return false;
	return true;
}

/* SUPI, 5G-GUTI, timestamp, NCGI and its time: both records have them. */
#define HEAD_SAME(a, b)                                         \
	((a)->supi.kind == (b)->supi.kind &&                    \
	 bytes_same(&(a)->supi.v, &(b)->supi.v) &&              \
	 !memcmp((a)->guti, (b)->guti, LIXER_GUTI_LEN) &&       \
	 (a)->timestamp_ns == (b)->timestamp_ns &&              \
	 ncgi_same(&(a)->ncgi, &(b)->ncgi) &&                   \
	 (a)->ncgi_time_ns == (b)->ncgi_time_ns &&              \
	 ncgis_same((a)->has_additional_cgis, (a)->n_add_ncgis, \
		    (a)->add_ncgis, (b)->has_additional_cgis,   \
		    (b)->n_add_ncgis, (b)->add_ncgis))

static bool assoc_same(const struct lixer_assoc *a, const struct lixer_assoc *b)
{
	if (!HEAD_SAME(a, b) || memcmp(a->tai, b->tai, LIXER_TAI_LEN) ||
	    !bytes_same(&a->suci, &b->suci) || a->pei.kind != b->pei.kind ||
	    (a->pei.kind && !bytes_same(&a->pei.v, &b->pei.v)) ||
	    a->gpsi.kind != b->gpsi.kind ||
	    (a->gpsi.kind && !bytes_same(&a->gpsi.v, &b->gpsi.v)) ||
	    a->has_tai_list != b->has_tai_list || a->n_tais != b->n_tais ||
	    a->n_tais > LIXER_MAX_TAIS)
		return false;
	return !memcmp(a->tai_list, b->tai_list, a->n_tais * LIXER_TAI_LEN);
}

bool lixer_msg_same(const struct lixer_msg *a, const struct lixer_msg *b)
{
	if (a->kind != b->kind || a->decoded != b->decoded)
		return false;
	switch (a->kind) {
	case LIXER_ASSOCIATION:
		return assoc_same(&a->assoc, &b->assoc);
	case LIXER_DEASSOCIATION:
		return HEAD_SAME(&a->deassoc, &b->deassoc);
	case LIXER_KEEPALIVE:
	case LIXER_KEEPALIVE_RESPONSE:
		return a->seq == b->seq;
	}
	return true; /* no such record: nothing else to compare */
}
