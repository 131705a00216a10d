// SPDX-License-Identifier: GPL-2.0
/* ICF value sets (PEI, GPSI, TAI list): shared, BCD digits, interned lists. */
#include "icf_attrs.h"
#include "icf_int.h"

#include <errno.h>
#include <stddef.h>

#define REFS_MAX ((1u << 22) - 1)

/*
 * refs saturates at REFS_MAX: a further sharer gets a copy (one SUPI with
 * four million cached associations, not a case worth a wider field).
 */
struct icf_attrs {
	uint32_t refs : 22, pei_type : 3, gpsi_type : 2, pei_len : 5;
	uint32_t tais; /* interned TAI list, 0: none known */
	uint8_t gpsi_len;
	uint8_t data[]; /* PEI, then GPSI; digits as BCD */
};

struct icf_tais {
	uint32_t refs;
	uint16_t n;
	uint8_t tai[]; /* n * ICF_TAI_LEN */
};

static bool pei_bcd(unsigned int type)
{
	return type == ICF_PEI_IMEI || type == ICF_PEI_IMEISV;
}

/* Octets a value of @len takes, BCD or not. */
static size_t stored(bool bcd, size_t len)
{
	return bcd ? (len + 1) / 2 : len;
}

static size_t pei_octets(const struct icf_attrs *a)
{
	return stored(pei_bcd(a->pei_type), a->pei_len);
}

static size_t attrs_size(const struct icf_attrs *a)
{
	return offsetof(struct icf_attrs, data) + pei_octets(a) +
	       stored(a->gpsi_type == ICF_GPSI_MSISDN, a->gpsi_len);
}

static size_t tais_size(size_t n)
{
	return sizeof(struct icf_tais) + n * ICF_TAI_LEN;
}

static void put(uint8_t *dst, bool bcd, const void *src, size_t len)
{
	if (bcd)
		icf_bcd_pack(dst, src, len);
	else
		memcpy(dst, src, len);
}

/*
 * Where value set @h is: BLOB_USER | id names an element of the record
 * pages' value-set slab, anything else a blob; 0 (none) gives NULL, as
 * icf_blob_ptr() does.
 */
static struct icf_attrs *attrs_ptr(const struct icf *c, uint32_t h)
{
	if (h & BLOB_USER)
		return rec_at(&c->recs, &c->vals, h & ~BLOB_USER);
	return icf_blob_ptr(&c->blobs, h);
}

/* Room for a value set of @n octets, near association @near: a handle. */
static uint32_t attrs_alloc(struct icf *c, size_t n, uint32_t near,
			    struct icf_attrs **p)
{
	void *b;
	uint32_t id, h;

	if (n <= REC_VAL_SIZE) {
		id = icf_slab_alloc(&c->recs, &c->vals, near);
		if (id && !(id & BLOB_USER)) {
			*p = rec_at(&c->recs, &c->vals, id);
			return BLOB_USER | id;
		}
		if (id) /* past what a handle can name: a blob instead */
			icf_slab_release(&c->recs, &c->vals, id);
	}
	h = icf_blob_alloc(&c->blobs, n, &b);
	*p = b;
	return h;
}

static void attrs_free(struct icf *c, uint32_t h, size_t n)
{
	if (h & BLOB_USER)
		icf_slab_release(&c->recs, &c->vals, h & ~BLOB_USER);
	else
		icf_blob_free(&c->blobs, h, n);
}

/* ---- interned TAI lists ---- */

static uint32_t tais_hash(const struct icf *c, const uint8_t *l, size_t n)
{
	return (uint32_t)icf_hash(l, n * ICF_TAI_LEN, c->seed + 3 + n);
}

/*
 * A reference to the interned copy of the list, 0 when out of memory.
 * The list's hash is @p's when a batch's prefetch has made it.
 */
static uint32_t tais_get(struct icf *c, const uint8_t *l, size_t n,
			 const struct icf_prep *p)
{
	uint32_t hash = p && p->tais_h_set ? p->tais_h : tais_hash(c, l, n);
	uint32_t pos, h;
	struct icf_tais *t;

	pos = icf_index_start(&c->by_tais, hash);
	while ((h = icf_index_next(&c->by_tais, hash, &pos))) {
		t = icf_blob_ptr(&c->blobs, h);
		if (t->n == n && (!n || !memcmp(t->tai, l, n * ICF_TAI_LEN))) {
			t->refs++;
			return h;
		}
	}
	h = icf_blob_alloc(&c->blobs, tais_size(n), (void **)&t);
	if (!h)
		return 0;
	t->refs = 1;
	t->n = (uint16_t)n;
	if (n)
		memcpy(t->tai, l, n * ICF_TAI_LEN);
	if (icf_index_insert(&c->by_tais, hash, h)) {
		icf_blob_free(&c->blobs, h, tais_size(n));
		return 0;
	}
	c->st.tai_lists++;
	return h;
}

void icf_tais_prefetch(const struct icf *c, const uint8_t *l, size_t n,
		       struct icf_prep *p, int stage)
{
	uint32_t pos, h;

	if (stage == 1) {
		p->tais_h = tais_hash(c, l, n);
		p->tais_h_set = true;
		__builtin_prefetch(
			&c->by_tais.slots[p->tais_h & c->by_tais.mask]);
	} else if (stage == 2) {
		pos = icf_index_start(&c->by_tais, p->tais_h);
		h = icf_index_next(&c->by_tais, p->tais_h, &pos);
		if (h)
			__builtin_prefetch(icf_blob_ptr(&c->blobs, h));
		/* A new list, a new value set: on the SUPI's page if it can. */
		if (p->hop)
			icf_slab_preload(&c->recs, &c->vals, p->hop);
	}
}

static uint32_t tais_ref(struct icf *c, uint32_t h)
{
	struct icf_tais *t = icf_blob_ptr(&c->blobs, h);

	if (t)
		t->refs++;
	return h;
}

static void tais_put(struct icf *c, uint32_t h)
{
	struct icf_tais *t = icf_blob_ptr(&c->blobs, h);

	if (!t || --t->refs)
		return;
	icf_index_remove(&c->by_tais, tais_hash(c, t->tai, t->n), h);
	c->st.tai_lists--;
	icf_blob_free(&c->blobs, h, tais_size(t->n));
}

/* ---- value sets ---- */

void icf_attrs_put(struct icf *c, uint32_t h)
{
	struct icf_attrs *a = attrs_ptr(c, h);

	if (a && !--a->refs) {
		c->st.attr_sets--;
		tais_put(c, a->tais);
		attrs_free(c, h, attrs_size(a));
	}
}

/* A copy with one reference (the original's count is saturated). */
static uint32_t attrs_copy(struct icf *c, const struct icf_attrs *a, int *err)
{
	size_t n = attrs_size(a);
	struct icf_attrs *b;
	uint32_t h = attrs_alloc(c, n, 0, &b);

	if (!h) {
		*err = -ENOMEM;
		return 0;
	}
	memcpy(b, a, n);
	b->refs = 1;
	tais_ref(c, b->tais);
	c->st.attr_sets++;
	return h;
}

static uint32_t attrs_get(struct icf *c, uint32_t h, int *err)
{
	struct icf_attrs *a = attrs_ptr(c, h);

	if (!a)
		return 0;
	if (a->refs == REFS_MAX)
		return attrs_copy(c, a, err);
	a->refs++;
	return h;
}

static bool same_tais(const struct icf *c, uint32_t h,
		      const struct icf_assoc_event *ev)
{
	const struct icf_tais *t = icf_blob_ptr(&c->blobs, h);

	return t && t->n == ev->n_tai_list &&
	       (!t->n ||
		!memcmp(t->tai, ev->tai_list, (size_t)t->n * ICF_TAI_LEN));
}

/* Whether the record repeats every value of @b that it carries. */
static bool repeats(const struct icf *c, const struct icf_attrs *b,
		    const struct icf_assoc_event *ev)
{
	uint8_t buf[ICF_GPSI_MAX];

	if (ev->pei_type) {
		if (ev->pei_type != b->pei_type || ev->pei_len != b->pei_len)
			return false;
		put(buf, pei_bcd(ev->pei_type), ev->pei, ev->pei_len);
		if (memcmp(buf, b->data, pei_octets(b)))
			return false;
	}
	if (ev->gpsi_type) {
		bool bcd = ev->gpsi_type == ICF_GPSI_MSISDN;

		if (ev->gpsi_type != b->gpsi_type ||
		    ev->gpsi_len != b->gpsi_len)
			return false;
		put(buf, bcd, ev->gpsi, ev->gpsi_len);
		if (memcmp(buf, b->data + pei_octets(b),
			   stored(bcd, ev->gpsi_len)))
			return false;
	}
	return !ev->has_tai_list || same_tais(c, b->tais, ev);
}

uint32_t icf_attrs_merge(struct icf *c, uint32_t base_h,
			 const struct icf_assoc_event *ev, uint32_t id,
			 const struct icf_prep *p, int *err)
{
	const struct icf_attrs *base = attrs_ptr(c, base_h);
	struct icf_attrs n = { 0 }, *a;
	const uint8_t *pei = NULL, *gpsi = NULL;
	size_t pei_n, gpsi_n;
	uint32_t h, tais;

	*err = 0;
	if ((!ev->pei_type && !ev->gpsi_type && !ev->has_tai_list) ||
	    (base && repeats(c, base, ev)))
		return attrs_get(c, base_h, err);
	if (base) {
		n = *base;
		pei = base->data;
		gpsi = base->data + pei_octets(base);
	}
	/* pei/gpsi point at stored (BCD) octets from here on, or NULL. */
	if (ev->pei_type)
		n.pei_type = ev->pei_type & 7, n.pei_len = ev->pei_len & 31,
		pei = NULL;
	if (ev->gpsi_type)
		n.gpsi_type = ev->gpsi_type & 3,
		n.gpsi_len = (uint8_t)ev->gpsi_len, gpsi = NULL;
	if (ev->has_tai_list)
		tais = tais_get(c, ev->tai_list, ev->n_tai_list, p);
	else
		tais = base ? tais_ref(c, base->tais) : 0;
	if ((ev->has_tai_list || (base && base->tais)) && !tais)
		goto nomem;
	n.tais = tais;
	n.refs = 1;
	pei_n = pei_octets(&n);
	gpsi_n = stored(n.gpsi_type == ICF_GPSI_MSISDN, n.gpsi_len);
	h = attrs_alloc(c, attrs_size(&n), id, &a);
	if (!h) {
		tais_put(c, tais);
		goto nomem;
	}
	memcpy(a, &n, offsetof(struct icf_attrs, data));
	if (pei)
		memcpy(a->data, pei, pei_n);
	else if (n.pei_type)
		put(a->data, pei_bcd(n.pei_type), ev->pei, n.pei_len);
	if (gpsi)
		memcpy(a->data + pei_n, gpsi, gpsi_n);
	else if (n.gpsi_type)
		put(a->data + pei_n, n.gpsi_type == ICF_GPSI_MSISDN, ev->gpsi,
		    n.gpsi_len);
	c->st.attr_sets++;
	return h;
nomem:
	*err = -ENOMEM;
	return 0;
}

void icf_attrs_view(const struct icf *c, uint32_t h, struct icf_view *v)
{
	const struct icf_attrs *a = attrs_ptr(c, h);
	const struct icf_tais *t;

	if (!a)
		return;
	v->pei_type = a->pei_type;
	v->pei_len = a->pei_len;
	v->pei = a->data;
	if (pei_bcd(a->pei_type)) {
		icf_bcd_unpack(v->pei_digits, a->data, a->pei_len);
		v->pei = (const uint8_t *)v->pei_digits;
	}
	v->gpsi_type = a->gpsi_type;
	v->gpsi_len = a->gpsi_len;
	v->gpsi = (const char *)a->data + pei_octets(a);
	if (a->gpsi_type == ICF_GPSI_MSISDN) {
		icf_bcd_unpack(v->gpsi_digits, a->data + pei_octets(a),
			       a->gpsi_len);
		v->gpsi = v->gpsi_digits;
	}
	t = icf_blob_ptr(&c->blobs, a->tais);
	if (t) {
		v->has_tai_list = true;
		v->n_tai_list = t->n;
		v->tai_list = t->tai;
	}
}

bool icf_attrs_has_tai(const struct icf *c, uint32_t h, const uint8_t *tai)
{
	const struct icf_attrs *a = attrs_ptr(c, h);
	const struct icf_tais *t = a ? icf_blob_ptr(&c->blobs, a->tais) : NULL;

	for (unsigned int i = 0; t && i < t->n; i++)
		if (!memcmp(t->tai + i * ICF_TAI_LEN, tai, ICF_TAI_LEN))
			return true;
	return false;
}

const void *icf_attrs_addr(const struct icf *c, uint32_t h)
{
	return attrs_ptr(c, h);
}
