// SPDX-License-Identifier: GPL-2.0
/* Deterministic LI_XER record generator (see gen.h). */
#include "gen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t plmn[3] = { 0x32, 0xf4, 0x51 }; /* 234-15 */

static uint64_t rnd(struct gen *g)
{
	/* xorshift64*: fast and good enough for a workload. */
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return g->rng * 0x2545f4914f6cdd1dull;
}

int gen_init(struct gen *g, uint64_t n_ue, uint64_t seed, int64_t start_ns,
	     int64_t step_ns, const struct gen_mix *mix)
{
	memset(g, 0, sizeof(*g));
	if (!n_ue || n_ue > 100000000000ull)
		return -EINVAL;
	g->ue = calloc(n_ue, sizeof(*g->ue));
	if (!g->ue)
		return -ENOMEM;
	g->n_ue = n_ue;
	g->rng = seed ? seed : 0x9e3779b97f4a7c15ull;
	g->now_ns = start_ns;
	g->step_ns = step_ns;
	g->mix = *mix;
	g->next_tmsi = (uint32_t)rnd(g);
	return 0;
}

void gen_free(struct gen *g)
{
	free(g->ue);
	g->ue = NULL;
}

static void fill_common(struct gen *g, uint64_t i, struct lixer_supi *s,
			uint8_t guti[LIXER_GUTI_LEN])
{
	struct gen_ue *u = &g->ue[i];

	snprintf(g->supi, sizeof(g->supi), "23415%010llu",
		 (unsigned long long)i);
	s->kind = LIXER_SUPI_IMSI;
	s->v.ptr = (const uint8_t *)g->supi;
	s->v.len = 15;
	memcpy(guti, plmn, 3);
	guti[3] = 0x01; /* AMF Region */
	guti[4] = (uint8_t)(i % 1024 >> 2); /* AMF Set spread over UEs */
	guti[5] = (uint8_t)((i % 4) << 6 | 1);
	guti[6] = (uint8_t)(u->tmsi >> 24);
	guti[7] = (uint8_t)(u->tmsi >> 16);
	guti[8] = (uint8_t)(u->tmsi >> 8);
	guti[9] = (uint8_t)u->tmsi;
}

static void fill_assoc(struct gen *g, uint64_t i, struct lixer_msg *m,
		       bool initial, bool tai_change, bool pei_change)
{
	struct lixer_assoc *a = &m->assoc;
	struct gen_ue *u = &g->ue[i];

	memset(m, 0, sizeof(*m));
	m->kind = LIXER_ASSOCIATION;
	u->tmsi = g->next_tmsi++;
	if (initial || tai_change)
		u->tac = (uint16_t)(rnd(g) % 4096);
	if (pei_change)
		u->pei_gen++;
	fill_common(g, i, &a->supi, a->guti);
	a->timestamp_ns = g->now_ns;
	memcpy(a->tai, plmn, 3);
	a->tai[4] = (uint8_t)(u->tac >> 8);
	a->tai[5] = (uint8_t)u->tac;
	memcpy(a->ncgi.plmn, plmn, 3);
	a->ncgi.nci = ((uint64_t)u->tac << 12 | (rnd(g) & 0xfff)) &
		      LIXER_NCI_MAX;
	a->ncgi_time_ns = g->now_ns;
	if (initial) {
		/* Null-scheme SUCI: type, PLMN, routing ind., scheme, key, MSIN. */
		static const uint8_t head[8] = { 0x01, 0x32, 0xf4, 0x51,
						 0xf0, 0xff, 0x00, 0x00 };

		memcpy(g->suci, head, 8);
		for (int k = 0; k < 5; k++)
			g->suci[8 + k] =
				(uint8_t)((g->supi[5 + 2 * k + 1] - '0') << 4 |
					  (g->supi[5 + 2 * k] - '0'));
		a->suci.ptr = g->suci;
		a->suci.len = 13;
	}
	if (initial || pei_change) {
		snprintf(g->pei, sizeof(g->pei), "35%06u%06u",
			 (unsigned int)(i % 1000000),
			 u->pei_gen * 7919u % 1000000);
		a->pei.kind = LIXER_PEI_IMEI;
		a->pei.v.ptr = (const uint8_t *)g->pei;
		a->pei.v.len = 14;
	}
	if (initial) {
		snprintf(g->gpsi, sizeof(g->gpsi), "4477%08llu",
			 (unsigned long long)(i % 100000000));
		a->gpsi.kind = LIXER_GPSI_MSISDN;
		a->gpsi.v.ptr = (const uint8_t *)g->gpsi;
		a->gpsi.v.len = 12;
	}
	if (initial || tai_change) {
		a->has_tai_list = true;
		a->n_tais = 3;
		for (int k = 0; k < 3; k++) {
			memcpy(a->tai_list[k], a->tai, 6);
			a->tai_list[k][5] = (uint8_t)(u->tac + k);
		}
	}
	u->registered = 1;
}

void gen_register(struct gen *g, uint64_t i, struct lixer_msg *m)
{
	fill_assoc(g, i, m, true, true, false);
	g->counts[0]++;
	g->now_ns += g->step_ns;
}

void gen_next(struct gen *g, struct lixer_msg *m)
{
	uint64_t i = rnd(g) % g->n_ue;
	struct gen_ue *u = &g->ue[i];
	unsigned int p = (unsigned int)(rnd(g) % 100);

	if (!u->registered) {
		gen_register(g, i, m);
		return;
	}
	if (p < g->mix.dereg_pct) {
		struct lixer_deassoc *d = &m->deassoc;

		memset(m, 0, sizeof(*m));
		m->kind = LIXER_DEASSOCIATION;
		fill_common(g, i, &d->supi, d->guti);
		d->timestamp_ns = g->now_ns;
		memcpy(d->ncgi.plmn, plmn, 3);
		d->ncgi.nci = (uint64_t)u->tac << 12;
		d->ncgi_time_ns = g->now_ns;
		u->registered = 0;
		g->counts[2]++;
	} else {
		p = (unsigned int)(rnd(g) % 100);
		fill_assoc(g, i, m, false, p < g->mix.tai_change_pct,
			   (unsigned int)(rnd(g) % 100) <
				   g->mix.pei_change_pct);
		g->counts[1]++;
	}
	g->now_ns += g->step_ns;
}
