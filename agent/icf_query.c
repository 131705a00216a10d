// SPDX-License-Identifier: GPL-2.0
/*
 * ICF search (TS 33.128 7.6.2.3/7.6.2.4): active and previous associations
 * by SUPI, 5G-GUTI, 5G-S-TMSI or SUCI; an observed time selects those whose
 * [association, disassociation] interval meets observed time +/- the search
 * window (clamped to the cache period), so that for closed associations the
 * disassociation time decides; a TAI selects those whose TAI is it or whose
 * TAI list holds it. Without an observed time the most recent association(s)
 * are returned: the active ones, else the one(s) closed last.
 */
#include "icf_attrs.h"
#include "icf_int.h"

#include <errno.h>
#include <stdlib.h>

struct search {
	const struct icf *c;
	const struct icf_query *q;
	lm_ms_t now, lo, hi;
	struct icf_result *res;
};

static bool tai_matches(const struct icf *c, const struct icf_assoc *a,
			const uint8_t *tai)
{
	return !memcmp(a->tai, tai, ICF_TAI_LEN) ||
	       icf_attrs_has_tai(c, a->attrs, tai);
}

/* @a is association @id (found once by the caller: rec_at() divides). */
static void consider(struct search *s, uint32_t id, const struct icf_assoc *a)
{
	/* Past its deadline but not yet swept: already gone for queries. */
	if (icf_deadline(s->c, a) <= s->now)
		return;
	if (s->q->has_tai && !tai_matches(s->c, a, s->q->tai))
		return;
	if (s->q->has_time &&
	    (assoc_start(a) > s->hi ||
	     (assoc_end(a) != ICF_OPEN && assoc_end(a) < s->lo)))
		return;
	if (s->res->n == ICF_MAX_RESULTS) {
		s->res->truncated = true;
		return;
	}
	s->res->ids[s->res->n++] = id;
}

/* Without an observed time: keep the active matches, else the last closed. */
static void keep_most_recent(const struct icf *c, struct icf_result *r)
{
	lm_ms_t best = INT64_MIN;
	uint32_t n = 0;

	if (r->n < 2)
		return; /* the one match is the most recent */
	for (uint32_t i = 0; i < r->n; i++) {
		lm_ms_t e = assoc_end(assoc_at(c, r->ids[i]));

		if (e > best)
			best = e;
	}
	for (uint32_t i = 0; i < r->n; i++)
		if (assoc_end(assoc_at(c, r->ids[i])) == best)
			r->ids[n++] = r->ids[i];
	r->n = n;
}

static int cmp_sub_newest(const void *pa, const void *pb, void *arg)
{
	const struct icf *c = arg;
	const struct icf_assoc *a = assoc_at(c, *(const uint32_t *)pa);
	const struct icf_assoc *b = assoc_at(c, *(const uint32_t *)pb);

	if (a->sub != b->sub)
		return a->sub < b->sub ? -1 : 1;
	if (assoc_start(a) != assoc_start(b))
		return assoc_start(a) > assoc_start(b) ? -1 : 1;
	return 0;
}

static bool query_valid(const struct icf_query *q)
{
	switch (q->key) {
	case ICF_KEY_SUPI:
		return icf_supi_valid(&q->supi);
	case ICF_KEY_GUTI:
		return icf_plmn_valid(q->guti);
	case ICF_KEY_STMSI:
		return true;
	case ICF_KEY_SUCI:
		return q->suci && q->suci_len >= ICF_SUCI_MIN &&
		       q->suci_len <= ICF_SUCI_MAX;
	}
	return false;
}

int icf_query(struct icf *c, const struct icf_query *q, struct icf_result *res)
{
	return icf_query_at(c, q, lm_clock_now(c->clk), res);
}

int icf_query_at(struct icf *c, const struct icf_query *q, lm_ms_t now,
		 struct icf_result *res)
{
	struct search s = { .c = c, .q = q, .res = res };
	const struct icf_assoc *a;
	uint8_t stmsi[ICF_STMSI_LEN];
	lm_ms_t from;
	uint32_t h, pos, id;

	res->n = res->n_supi = 0;
	res->truncated = false;
	if (!query_valid(q) || (q->has_tai && !icf_plmn_valid(q->tai)))
		return -EINVAL;
	c->st.queries++;
	icf_cache_period_at(c, now, &from, &s.now);
	if (q->has_time) {
		lm_ms_t w = c->cfg.search_window;

		s.lo = q->observed - w < from ? from : q->observed - w;
		s.hi = q->observed + w > s.now ? s.now : q->observed + w;
	}
	switch (q->key) {
	case ICF_KEY_SUPI:
		id = icf_find_sub(c, &q->supi);
		for (id = id ? sub_at(c, id)->newest : 0; id; id = a->older) {
			a = assoc_at(c, id);
			consider(&s, id, a);
			/*
			 * Without an observed time only the most recent count:
			 * a kept active association (a SUPI has at most one,
			 * its newest) is all there is, so the older ones, each
			 * a cold record, need not be read.
			 */
			if (!q->has_time && res->n && assoc_end(a) == ICF_OPEN)
				break;
		}
		break;
	case ICF_KEY_GUTI:
	case ICF_KEY_STMSI:
		if (q->key == ICF_KEY_GUTI)
			icf_guti_to_stmsi(q->guti, stmsi);
		else
			memcpy(stmsi, q->stmsi, ICF_STMSI_LEN);
		h = icf_stmsi_hash(c, stmsi);
		pos = icf_index_start(&c->by_stmsi, h);
		while ((id = icf_index_next(&c->by_stmsi, h, &pos))) {
			a = assoc_at(c, id);
			if (q->key == ICF_KEY_GUTI ?
				    memcmp(a->guti, q->guti, ICF_GUTI_LEN) :
				    memcmp(a->guti + 4, stmsi, ICF_STMSI_LEN))
				continue;
			consider(&s, id, a);
		}
		break;
	case ICF_KEY_SUCI:
		h = icf_suci_hash(c, q->suci, q->suci_len);
		pos = icf_index_start(&c->by_suci, h);
		while ((id = icf_index_next(&c->by_suci, h, &pos))) {
			uint16_t l = 0;
			const uint8_t *u;

			a = assoc_at(c, id);
			u = assoc_suci(c, a, &l);
			if (u && l == q->suci_len && !memcmp(u, q->suci, l))
				consider(&s, id, a);
		}
		break;
	}
	if (!q->has_time)
		keep_most_recent(c, res);
	if (res->n > 1)
		qsort_r(res->ids, res->n, sizeof(res->ids[0]), cmp_sub_newest,
			c);
	for (uint32_t i = 0; i < res->n; i++)
		if (!i || assoc_at(c, res->ids[i])->sub !=
				  assoc_at(c, res->ids[i - 1])->sub)
			res->n_supi++;
	return 0;
}
