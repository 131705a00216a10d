// SPDX-License-Identifier: GPL-2.0
/*
 * What one query touches in the cache: distinct cache lines and distinct
 * 2 MiB pages per query kind, counted from the cache's own addresses over
 * random UEs (the cache's data only: not the stack, the response arena or
 * the code). On a shadow-paged host every distinct page is one more draw at
 * a stall of tens of microseconds (Documentation/performance-icf.rst); the
 * 4 KiB count is what a translation costs when the host backs the guest's
 * huge pages with small ones.
 * It follows the paths of icf_query.c and icf_view(); reads internals.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bench_touch.h"
#include "icf_attrs.h"
#include "icf_int.h"

#define MAXL 64

struct touched {
	uintptr_t line[MAXL];
	int n;
};

static void add(struct touched *t, const void *p, size_t len)
{
	uintptr_t l = (uintptr_t)p >> 6, end = ((uintptr_t)p + len - 1) >> 6;

	for (; l <= end; l++) {
		int i;

		for (i = 0; i < t->n && t->line[i] != l; i++)
			;
		if (i == t->n && t->n < MAXL)
			t->line[t->n++] = l;
	}
}

/* Distinct pages of 2^(@shift + 6) octets among the lines. */
static int pages(const struct touched *t, int shift)
{
	uintptr_t p[MAXL];
	int n = 0;

	for (int i = 0; i < t->n; i++) {
		uintptr_t q = t->line[i] >> shift;
		int k;

		for (k = 0; k < n && p[k] != q; k++)
			;
		if (k == n)
			p[n++] = q;
	}
	return n;
}

/* The probed slots up to (h, id). */
static void slots(struct touched *t, const struct icf_index *x, uint32_t h,
		  uint32_t id)
{
	for (uint32_t pos = h & x->mask;; pos = (pos + 1) & x->mask) {
		const struct icf_slot *s = &x->slots[pos];

		add(t, s, sizeof(*s));
		if (!s->id || (s->h == h && s->id == id))
			return;
	}
}

/* What icf_view() reads beyond the association: SUCI, value set, TAIs. */
static void view(struct touched *t, const struct icf *c,
		 const struct icf_assoc *a)
{
	struct icf_view v;
	uint16_t l = 0;

	if (a->suci_len)
		add(t, assoc_suci(c, a, &l), l);
	if (a->attrs) {
		memset(&v, 0, sizeof(v));
		add(t, icf_attrs_addr(c, a->attrs), 24);
		icf_attrs_view(c, a->attrs, &v);
		if (v.has_tai_list)
			add(t, v.tai_list, (size_t)v.n_tai_list * ICF_TAI_LEN);
	}
}

enum { SUPI, IQF, GUTI, SUCI, NK };

void bench_touch(const struct icf *c, uint64_t n_ue, uint64_t nq)
{
	static const char *const name[NK] = {
		"by SUPI (most recent)",
		"by SUPI, full IQF (+ SUCI, value set, TAI list)",
		"by 5G-GUTI / 5G-S-TMSI",
		"by SUCI",
	};
	double lines[NK] = { 0 }, pg[NK] = { 0 }, pg4[NK] = { 0 };
	uint64_t rng = 4242, done = 0;

	for (uint64_t i = 0; i < nq; i++) {
		char supi[32];
		struct icf_supi s = { ICF_SUPI_IMSI, 15, supi };
		struct touched t[NK] = { 0 };
		const struct icf_assoc *a, *b = NULL;
		uint8_t stmsi[ICF_STMSI_LEN];
		uint32_t sid, id, h;
		const uint8_t *u;
		uint16_t l = 0;

		rng = rng * 6364136223846793005ull + 1;
		snprintf(supi, sizeof(supi), "23415%010" PRIu64,
			 (rng >> 17) % n_ue);
		sid = icf_find_sub(c, &s);
		if (!sid)
			continue;
		done++;
		slots(&t[SUPI], &c->by_supi, icf_supi_hash(c, &s), sid);
		add(&t[SUPI], sub_at(c, sid), sizeof(struct icf_sub));
		id = sub_at(c, sid)->newest;
		a = assoc_at(c, id);
		add(&t[SUPI], a, sizeof(*a));
		/* The search stops at an active one (icf_query.c). */
		for (uint32_t o = assoc_end(a) == ICF_OPEN ? 0 : a->older; o;
		     o = assoc_at(c, o)->older)
			add(&t[SUPI], assoc_at(c, o), sizeof(*a));
		t[IQF] = t[SUPI];
		view(&t[IQF], c, a);
		icf_guti_to_stmsi(a->guti, stmsi);
		slots(&t[GUTI], &c->by_stmsi, icf_stmsi_hash(c, stmsi), id);
		add(&t[GUTI], a, sizeof(*a));
		/* The SUCI of its registration: its oldest one with a SUCI. */
		for (uint32_t o = id; o; o = assoc_at(c, o)->older)
			if (assoc_at(c, o)->suci_len)
				b = assoc_at(c, o), id = o;
		if (b) {
			u = assoc_suci(c, b, &l);
			h = icf_suci_hash(c, u, l);
			slots(&t[SUCI], &c->by_suci, h, id);
			add(&t[SUCI], b, sizeof(*b));
			add(&t[SUCI], u, l);
		}
		for (int k = 0; k < NK; k++) {
			lines[k] += t[k].n;
			pg[k] += pages(&t[k], 15); /* 64-octet lines to 2 MiB */
			pg4[k] += pages(&t[k], 6);
		}
	}
	for (int k = 0; k < NK && done; k++)
		printf("icf query touches, %s: %.2f cache lines, %.2f distinct "
		       "2 MiB pages (%.2f 4 KiB ones) per query (the cache's "
		       "data)\n",
		       name[k], lines[k] / (double)done, pg[k] / (double)done,
		       pg4[k] / (double)done);
}
