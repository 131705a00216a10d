// SPDX-License-Identifier: GPL-2.0
/*
 * ICF cache: storage and the event handling rules of TS 33.128 7.6.2.4.
 *
 *  - an IEFAssociationRecord becomes the SUPI's active association; the
 *    previous active one is closed at the new record's time and kept until
 *    the cache time limit;
 *  - its SUCI is stored with that association for the association's life;
 *  - an IEFDeassociationRecord matching the active association (SUPI and
 *    5G-GUTI) closes it;
 *  - an active association is deleted at start + maximum active lifetime;
 *  - PEI, GPSI and TAI list carry forward to later associations until a
 *    record updates them; older associations keep the values they had. The
 *    NCGI, mandatory in every record, is carried forward the same way when
 *    an IEF leaves it out.
 */
#include "icf_attrs.h"
#include "icf_int.h"
#include "icf_mem.h"

#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>

static lm_ms_t sat_add(lm_ms_t a, lm_ms_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

lm_ms_t icf_deadline(const struct icf *c, const struct icf_assoc *a)
{
	if (assoc_end(a) == ICF_OPEN)
		return sat_add(assoc_start(a), c->cfg.max_active_lifetime);
	return sat_add(assoc_end(a), c->cfg.cache_time_limit);
}

/* ---- keys ---- */

uint32_t icf_supi_hash(const struct icf *c, const struct icf_supi *s)
{
	return (uint32_t)icf_hash(s->val, s->len, c->seed ^ s->type);
}

uint32_t icf_stmsi_hash(const struct icf *c, const uint8_t *stmsi)
{
	return (uint32_t)icf_hash(stmsi, ICF_STMSI_LEN, c->seed + 1);
}

uint32_t icf_suci_hash(const struct icf *c, const uint8_t *p, size_t len)
{
	return (uint32_t)icf_hash(p, len, c->seed + 2);
}

void icf_guti_to_stmsi(const uint8_t guti[ICF_GUTI_LEN],
		       uint8_t stmsi[ICF_STMSI_LEN])
{
	/* PLMN (3) and AMF Region ID (1) are not part of the 5G-S-TMSI. */
	memcpy(stmsi, guti + 4, ICF_STMSI_LEN);
}

static void prep_keys(const struct icf *c, struct icf_prep *p,
		      const struct icf_supi *supi, const uint8_t *guti,
		      const uint8_t *suci, size_t suci_len)
{
	p->supi_h = icf_supi_hash(c, supi);
	p->stmsi_h = guti ? icf_stmsi_hash(c, guti + 4) : 0;
	p->suci_h = suci ? icf_suci_hash(c, suci, suci_len) : 0;
	p->hop = 0;
	p->tais_h_set = false;
}

void icf_prefetch(const struct icf *c, struct icf_prep *p,
		  const struct icf_supi *supi, const uint8_t *guti,
		  const uint8_t *suci, size_t suci_len, int stage)
{
	uint32_t pos;

	switch (stage) {
	case 1:
		prep_keys(c, p, supi, guti, suci, suci_len);
		__builtin_prefetch(
			&c->by_supi.slots[p->supi_h & c->by_supi.mask]);
		if (suci)
			__builtin_prefetch(
				&c->by_suci.slots[p->suci_h & c->by_suci.mask],
				1);
		if (guti)
			__builtin_prefetch(&c->by_stmsi.slots[p->stmsi_h &
							      c->by_stmsi.mask],
					   1);
		return;
	/*
	 * Each later stage reads what the stage before prefetched and
	 * prefetches the next hop: SUPI record (the first candidate: a hint)
	 * and, for an association, the free slot it will take on that
	 * record's page (icf_slab_preload()); the SUPI's newest association;
	 * that one's value set (shared with the new association).
	 */
	case 2:
		pos = icf_index_start(&c->by_supi, p->supi_h);
		p->hop = icf_index_next(&c->by_supi, p->supi_h, &pos);
		if (!p->hop)
			return;
		__builtin_prefetch(sub_at(c, p->hop));
		if (guti)
			icf_slab_preload(&c->recs, &c->assocs, p->hop);
		return;
	case 3:
		if (p->hop)
			p->hop = sub_at(c, p->hop)->newest;
		if (p->hop)
			__builtin_prefetch(assoc_at(c, p->hop), 1);
		return;
	case 4:
		if (p->hop && assoc_at(c, p->hop)->attrs)
			__builtin_prefetch(
				icf_attrs_addr(c, assoc_at(c, p->hop)->attrs),
				1);
		return;
	}
}

/* The stored form of @s: BCD into @buf for an IMSI, else the NAI. */
static const uint8_t *key_of(const struct icf_supi *s, uint8_t *buf)
{
	if (s->type != ICF_SUPI_IMSI)
		return (const uint8_t *)s->val;
	icf_bcd_pack(buf, s->val, s->len);
	return buf;
}

/* Octets as a little-endian number: the order BCD is packed in. */
static inline uint64_t le64_at(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static inline uint32_t le32_at(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

/* Up to eight digits, digit i in octet i, as BCD in octets 0-3. */
static inline uint64_t bcd_of_digits(uint64_t d)
{
	d &= 0x0f0f0f0f0f0f0f0full; /* '0'-'9' -> 0-9, the filler kept */
	d = (d & 0x000f000f000f000full) | (d >> 4 & 0x00f000f000f000f0ull);
	d = (d | d >> 8) & 0x0000ffff0000ffffull;
	return (d | d >> 16) & 0xffffffffull;
}

/*
 * icf_bcd_pack() of the @n (4..16) digits at @d as a little-endian number
 * of (n + 1) / 2 octets, eight digits a step, reading only the digits:
 * find_sub() runs once a record, and the nibble loop was about 130
 * instructions of it (callgrind, Documentation/performance-icf.rst).
 */
static uint64_t imsi_key(const char *d, size_t n)
{
	uint64_t lo, hi = 0;

	if (n >= 8) {
		lo = le64_at(d);
		if (n > 8)
			hi = le64_at(d + n - 8) >> (8 * (16 - n));
		if (n & 1)
			hi |= 0xfull << (8 * (n - 8)); /* the filler */
	} else {
		lo = le32_at(d) | (uint64_t)le32_at(d + n - 4) << (8 * (n - 4));
		if (n & 1)
			lo |= 0xfull << (8 * n);
	}
	return bcd_of_digits(lo) | bcd_of_digits(hi) << 32;
}

_Static_assert(SUB_INLINE >= 8, "find_sub() reads 8 octets of a SUPI record");

static uint32_t find_sub(const struct icf *c, const struct icf_supi *s,
			 uint32_t h)
{
	size_t n = sub_octets(s->type, s->len);
	uint64_t key = 0, mask = 0;
	const uint8_t *k = NULL;
	uint32_t pos, id;
	uint8_t buf[8];

	/*
	 * An IMSI (6-15 digits: 3-8 octets, always inline) is compared as one
	 * masked word: its BCD once, no memcmp() call per candidate.
	 */
	if (s->type == ICF_SUPI_IMSI && s->len >= 4 && s->len <= 16) {
		key = imsi_key(s->val, s->len);
		mask = n == 8 ? ~0ull : (1ull << (8 * n)) - 1;
	}
	pos = icf_index_start(&c->by_supi, h);
	while ((id = icf_index_next(&c->by_supi, h, &pos))) {
		const struct icf_sub *sub = sub_at(c, id);

		if (sub->type != s->type || sub->len != s->len)
			continue;
		if (mask) {
			if (!((le64_at(sub->name) ^ key) & mask))
				return id;
			continue;
		}
		if (!k)
			k = key_of(s, buf);
		if (!memcmp(sub_key(c, sub), k, n))
			return id;
	}
	return 0;
}

uint32_t icf_find_sub(const struct icf *c, const struct icf_supi *s)
{
	return find_sub(c, s, icf_supi_hash(c, s));
}

/* ---- create / destroy ---- */

struct icf *icf_new(const struct icf_config *cfg, const struct lm_clock *clk)
{
	unsigned int log2;
	struct icf *c;
	lm_ms_t horizon;

	if (cfg->max_active_lifetime <= 0 || cfg->cache_time_limit <= 0 ||
	    cfg->search_window < 0 || cfg->expiry_granularity < 1)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->cfg = *cfg;
	c->clk = clk;
	c->origin = lm_clock_now(clk);
	if (getrandom(&c->seed, sizeof(c->seed), 0) != sizeof(c->seed))
		c->seed = (uint64_t)c->origin * 0x9e3779b97f4a7c15ull;
	icf_slab_init(&c->assocs, sizeof(struct icf_assoc), 0);
	icf_slab_init(&c->subs, sizeof(struct icf_sub), REC_SUB_OFF);
	icf_slab_init(&c->vals, REC_VAL_SIZE, REC_VAL_OFF);
	horizon = cfg->max_active_lifetime > cfg->cache_time_limit ?
			  cfg->max_active_lifetime :
			  cfg->cache_time_limit;
	/* Room for the hint at a load of at most 3/4. */
	for (log2 = 10; log2 < 31 && ((uint64_t)3 << log2) / 4 < cfg->size_hint;
	     log2++)
		;
	if (icf_index_init(&c->by_supi, log2) ||
	    icf_index_init(&c->by_stmsi, log2) ||
	    icf_index_init(&c->by_suci, 10) ||
	    icf_index_init(&c->by_tais, 10) ||
	    icf_wheel_init(&c->wheel, horizon, cfg->expiry_granularity,
			   c->origin)) {
		icf_free(c);
		return NULL;
	}
	return c;
}

void icf_free(struct icf *c)
{
	if (!c)
		return;
	icf_blob_destroy(&c->blobs); /* TAI lists, long SUPIs, SUCIs, sets */
	icf_slab_free(&c->assocs);
	icf_slab_free(&c->subs);
	icf_slab_free(&c->vals);
	icf_recs_free(&c->recs);
	icf_index_free(&c->by_supi);
	icf_index_free(&c->by_stmsi);
	icf_index_free(&c->by_suci);
	icf_index_free(&c->by_tais);
	icf_wheel_free(&c->wheel);
	free(c);
}

const struct icf_config *icf_config(const struct icf *c)
{
	return &c->cfg;
}

const struct lm_clock *icf_clock(const struct icf *c)
{
	return c->clk;
}

void icf_set_observer(struct icf *c, icf_observer_fn fn, void *arg)
{
	c->observer = fn;
	c->observer_arg = arg;
}

void icf_set_journal(struct icf *c, icf_journal_fn fn, void *arg)
{
	c->journal = fn;
	c->journal_arg = arg;
}

void icf_set_origin(struct icf *c, lm_ms_t origin)
{
	c->origin = origin;
}

void icf_cache_period(const struct icf *c, lm_ms_t *from, lm_ms_t *to)
{
	icf_cache_period_at(c, lm_clock_now(c->clk), from, to);
}

void icf_cache_period_at(const struct icf *c, lm_ms_t now, lm_ms_t *from,
			 lm_ms_t *to)
{
	lm_ms_t f = now - c->cfg.cache_time_limit;

	*from = f > c->origin ? f : c->origin;
	*to = now;
}

static void notify(struct icf *c, enum icf_event ev, uint32_t id)
{
	if (c->observer)
		c->observer(c->observer_arg, ev, id);
}

/* ---- subscribers ---- */

/* The blob handle of a SUPI longer than SUB_INLINE. */
static uint32_t sub_blob(const struct icf_sub *sub)
{
	uint32_t h;

	memcpy(&h, sub->name, sizeof(h));
	return h;
}

static uint32_t sub_create(struct icf *c, const struct icf_supi *s,
			   uint32_t hash)
{
	uint32_t id = icf_slab_alloc(&c->recs, &c->subs, 0);
	size_t n = sub_octets(s->type, s->len);
	uint8_t buf[8];
	struct icf_sub *sub;

	if (!id)
		return 0;
	sub = sub_at(c, id);
	if (n > SUB_INLINE) {
		void *p;
		uint32_t h = icf_blob_alloc(&c->blobs, n, &p);

		if (!h)
			goto fail;
		memcpy(p, key_of(s, buf), n);
		memcpy(sub->name, &h, sizeof(h));
	} else {
		memcpy(sub->name, key_of(s, buf), n);
	}
	sub->type = s->type;
	sub->len = (uint8_t)s->len;
	if (icf_index_insert(&c->by_supi, hash, id)) {
		if (n > SUB_INLINE)
			icf_blob_free(&c->blobs, sub_blob(sub), n);
		goto fail;
	}
	c->st.subscribers++;
	return id;
fail:
	sub->type = 0;
	icf_slab_release(&c->recs, &c->subs, id);
	return 0;
}

uint32_t icf_sub_hash(const struct icf *c, const struct icf_sub *sub)
{
	char buf[15] = { 0 };
	struct icf_supi k = { sub->type, sub->len, sub_name(c, sub, buf) };

	return icf_supi_hash(c, &k);
}

void icf_sub_destroy(struct icf *c, uint32_t id, uint32_t hash)
{
	struct icf_sub *sub = sub_at(c, id);
	size_t n = sub_octets(sub->type, sub->len);

	icf_index_remove(&c->by_supi, hash, id);
	if (n > SUB_INLINE)
		icf_blob_free(&c->blobs, sub_blob(sub), n);
	sub->type = 0;
	icf_slab_release(&c->recs, &c->subs, id);
	c->st.subscribers--;
}

/* ---- associations ---- */

/* Stores the SUCI in @a (inline when it fits): 0 or -ENOMEM. */
static int suci_put(struct icf *c, struct icf_assoc *a, const uint8_t *suci,
		    uint16_t len)
{
	void *b;
	uint32_t h;

	if (len <= SUCI_INLINE) {
		memcpy(a->suci, suci, len);
	} else {
		h = icf_blob_alloc(&c->blobs, len, &b);
		if (!h)
			return -ENOMEM;
		memcpy(b, suci, len);
		memcpy(a->suci, &h, sizeof(h));
	}
	a->suci_len = len;
	c->st.suci_stored++;
	return 0;
}

void icf_suci_drop(struct icf *c, struct icf_assoc *a)
{
	if (!a->suci_len)
		return;
	if (a->suci_len > SUCI_INLINE)
		icf_blob_free(&c->blobs, assoc_suci_blob(a), a->suci_len);
	a->suci_len = 0;
	c->st.suci_stored--;
}

void icf_schedule(struct icf *c, uint32_t id, const struct icf_assoc *a)
{
	/*
	 * An id the wheel could not take is still deleted by a later
	 * schedule or hidden by the queries' deadline check; count it.
	 */
	if (icf_wheel_add(&c->wheel, icf_deadline(c, a), id))
		c->st.nomem++;
}

static void close_assoc(struct icf *c, uint32_t id, struct icf_assoc *a,
			lm_ms_t end)
{
	assoc_set_end(a, end < assoc_start(a) ? assoc_start(a) : end);
	c->st.active--;
	icf_schedule(c, id, a);
	notify(c, ICF_EV_CLOSED, id);
}

static int link_new(struct icf *c, uint32_t sid, uint32_t id,
		    struct icf_assoc *a, const struct icf_assoc_event *ev,
		    const struct icf_prep *p)
{
	struct icf_sub *sub = sub_at(c, sid);
	struct icf_assoc *n = NULL, *x;
	uint32_t *link = &sub->newest, base;
	int err;

	/* Find the first association not newer than the record. */
	while (*link && assoc_start(assoc_at(c, *link)) > ev->timestamp) {
		n = assoc_at(c, *link);
		link = &n->older;
	}
	x = *link ? assoc_at(c, *link) : NULL;
	/*
	 * Values in force: those of the association the record follows (for
	 * a new active one, the SUPI's newest: the values in force).
	 */
	base = x ? x->attrs : 0;
	a->attrs = icf_attrs_merge(c, base, ev, id, p, &err);
	if (err)
		return err;
	if (ev->has_ncgi)
		memcpy(a->ncgi, ev->ncgi, ICF_NCGI_LEN),
			a->ncgi[7] =
				(uint8_t)((a->ncgi[7] & 0xf0) | NCGI_KNOWN);
	else if (x)
		memcpy(a->ncgi, x->ncgi, ICF_NCGI_LEN);
	a->older = *link;
	*link = id;
	if (!n) {
		/* Newest: the SUPI's active association from now on. */
		if (x && assoc_end(x) == ICF_OPEN)
			close_assoc(c, a->older, x, ev->timestamp);
		assoc_set_end(a, ICF_OPEN);
		c->st.active++;
		return ICF_STORED;
	}
	/* Late record: it ended when the next newer association began. */
	assoc_set_end(a, assoc_start(n));
	if (x && assoc_end(x) != ICF_OPEN && assoc_end(x) > ev->timestamp) {
		assoc_set_end(x, ev->timestamp < assoc_start(x) ?
					 assoc_start(x) :
					 ev->timestamp);
		icf_schedule(c, a->older, x);
	} else if (x && assoc_end(x) == ICF_OPEN) {
		close_assoc(c, a->older, x, ev->timestamp);
	}
	return ICF_STORED_HISTORY;
}

static bool is_duplicate(const struct icf *c, const struct icf_sub *sub,
			 const struct icf_assoc_event *ev)
{
	for (uint32_t id = sub->newest; id; id = assoc_at(c, id)->older) {
		const struct icf_assoc *a = assoc_at(c, id);

		if (assoc_start(a) == ev->timestamp &&
		    !memcmp(a->guti, ev->guti, ICF_GUTI_LEN))
			return true;
		if (assoc_start(a) < ev->timestamp)
			break;
	}
	return false;
}

enum icf_ingest_result icf_associate(struct icf *c,
				     const struct icf_assoc_event *ev)
{
	return icf_associate_prep(c, ev, NULL);
}

/* Inline: @decoded is a constant at both calls. */
static inline enum icf_ingest_result associate(struct icf *c,
					       const struct icf_assoc_event *ev,
					       const struct icf_prep *p,
					       bool decoded)
{
	lm_ms_t now = lm_clock_now(c->clk);
	struct icf_prep k;
	uint32_t sid, id;
	struct icf_assoc *a;
	bool new_sub = false;
	int r;

	c->st.assoc_events++;
	if (!(decoded ? icf_assoc_event_valid_decoded(ev) :
			icf_assoc_event_valid(ev)) ||
	    !icf_time_storable(ev->timestamp)) {
		c->st.invalid++;
		return ICF_INVALID;
	}
	/*
	 * Expire first, at the instant journalled with the event: replaying
	 * the journal then takes exactly the same decisions.
	 */
	if (!p) {
		prep_keys(c, &k, &ev->supi, ev->guti, ev->suci, ev->suci_len);
		p = &k;
	}
	icf_expire_at(c, now);
	sid = find_sub(c, &ev->supi, p->supi_h);
	if (sid && is_duplicate(c, sub_at(c, sid), ev)) {
		c->st.duplicates++;
		return ICF_DUPLICATE;
	}
	if (!sid) {
		sid = sub_create(c, &ev->supi, p->supi_h);
		if (!sid)
			goto nomem;
		new_sub = true;
	}
	id = icf_slab_alloc(&c->recs, &c->assocs, sid);
	if (!id)
		goto nomem_sub;
	a = assoc_at(c, id);
	a->sub = sid;
	assoc_set_start(a, ev->timestamp);
	memcpy(a->guti, ev->guti, ICF_GUTI_LEN);
	memcpy(a->tai, ev->tai, ICF_TAI_LEN);
	if (ev->suci) {
		if (suci_put(c, a, ev->suci, ev->suci_len))
			goto nomem_assoc;
		if (icf_index_insert(&c->by_suci, p->suci_h, id)) {
			icf_suci_drop(c, a);
			goto nomem_assoc;
		}
	}
	if (icf_index_insert(&c->by_stmsi, p->stmsi_h, id))
		goto nomem_unindex;
	assoc_set_end(a, 0); /* not active until linked */
	r = link_new(c, sid, id, a, ev, p);
	if (r < 0) {
		icf_index_remove(&c->by_stmsi, p->stmsi_h, id);
		goto nomem_unindex;
	}
	c->st.associations++;
	icf_schedule(c, id, a);
	if (c->journal)
		c->journal(c->journal_arg, ev, NULL, now);
	if (r == ICF_STORED) {
		c->st.stored++;
		notify(c, ICF_EV_NEW, id);
	} else {
		c->st.stored_history++;
	}
	return (enum icf_ingest_result)r;

nomem_unindex:
	if (a->suci_len) {
		icf_index_remove(&c->by_suci, p->suci_h, id);
		icf_suci_drop(c, a);
	}
nomem_assoc:
	a->sub = 0;
	icf_slab_release(&c->recs, &c->assocs, id);
nomem_sub:
	if (new_sub)
		icf_sub_destroy(c, sid, p->supi_h);
nomem:
	c->st.nomem++;
	return ICF_NOMEM;
}

enum icf_ingest_result icf_associate_prep(struct icf *c,
					  const struct icf_assoc_event *ev,
					  const struct icf_prep *p)
{
	return associate(c, ev, p, false);
}

enum icf_ingest_result icf_associate_decoded(struct icf *c,
					     const struct icf_assoc_event *ev,
					     const struct icf_prep *p)
{
	return associate(c, ev, p, true);
}

enum icf_ingest_result icf_deassociate(struct icf *c,
				       const struct icf_deassoc_event *ev)
{
	return icf_deassociate_prep(c, ev, NULL);
}

enum icf_ingest_result icf_deassociate_prep(struct icf *c,
					    const struct icf_deassoc_event *ev,
					    const struct icf_prep *p)
{
	lm_ms_t now = lm_clock_now(c->clk);
	struct icf_assoc *a;
	uint32_t sid, id;

	c->st.deassoc_events++;
	if (!icf_supi_valid(&ev->supi) || !icf_plmn_valid(ev->guti) ||
	    !icf_time_storable(ev->timestamp)) {
		c->st.invalid++;
		return ICF_INVALID;
	}
	icf_expire_at(c, now);
	sid = p ? find_sub(c, &ev->supi, p->supi_h) :
		  icf_find_sub(c, &ev->supi);
	id = sid ? sub_at(c, sid)->newest : 0;
	a = id ? assoc_at(c, id) : NULL;
	/* Only the active association with the same 5G-GUTI is closed. */
	if (!a || assoc_end(a) != ICF_OPEN ||
	    memcmp(a->guti, ev->guti, ICF_GUTI_LEN)) {
		c->st.unmatched++;
		return ICF_UNMATCHED;
	}
	close_assoc(c, id, a, ev->timestamp);
	c->st.closed++;
	if (c->journal)
		c->journal(c->journal_arg, NULL, ev, now);
	return ICF_CLOSED;
}

int icf_view(const struct icf *c, uint32_t id, struct icf_view *v)
{
	const struct icf_assoc *a;
	const struct icf_sub *s;

	if (!assoc_id_valid(c, id))
		return -ENOENT;
	a = assoc_at(c, id);
	s = sub_at(c, a->sub);
	memset(v, 0, sizeof(*v));
	v->id = id;
	v->supi.type = s->type;
	v->supi.len = s->len;
	v->supi.val = sub_name(c, s, v->supi_digits);
	v->guti = a->guti;
	v->start = assoc_start(a);
	v->end = assoc_end(a);
	v->tai = a->tai;
	v->has_ncgi = a->ncgi[7] & NCGI_KNOWN;
	v->ncgi = a->ncgi;
	v->suci = assoc_suci(c, a, &v->suci_len);
	icf_attrs_view(c, a->attrs, v);
	return 0;
}

void icf_view_prefetch(const struct icf *c, uint32_t id)
{
	const struct icf_assoc *a;

	if (!assoc_id_valid(c, id))
		return;
	a = assoc_at(c, id);
	/* An inline SUCI is on the association's line already. */
	if (a->suci_len > SUCI_INLINE)
		__builtin_prefetch(icf_blob_ptr(&c->blobs, assoc_suci_blob(a)));
	if (a->attrs)
		__builtin_prefetch(icf_attrs_addr(c, a->attrs));
}

int icf_for_each(const struct icf *c,
		 int (*fn)(void *arg, const struct icf_view *v), void *arg)
{
	struct icf_view v;
	int r;

	for (uint32_t id = 1; id < c->assocs.used; id++) {
		if (icf_view(c, id, &v))
			continue;
		r = fn(arg, &v);
		if (r)
			return r;
	}
	return 0;
}

void icf_get_stats(const struct icf *c, struct icf_stats *st)
{
	*st = c->st;
	st->bytes = sizeof(*c) + icf_recs_bytes(&c->recs) +
		    icf_slab_bytes(&c->assocs) + icf_slab_bytes(&c->subs) +
		    icf_slab_bytes(&c->vals) + icf_index_bytes(&c->by_supi) +
		    icf_index_bytes(&c->by_stmsi) +
		    icf_index_bytes(&c->by_suci) +
		    icf_index_bytes(&c->by_tais) + icf_wheel_bytes(&c->wheel) +
		    icf_blob_bytes(&c->blobs);
}
