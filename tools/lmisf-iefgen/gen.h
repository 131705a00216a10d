/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A simulated AMF population producing LI_XER records: initial
 * registrations (SUCI, PEI, GPSI, TAI list), 5G-GUTI reallocations (some
 * with a new TAI list or PEI), deregistrations. Deterministic for a seed.
 * Shared by lmisf-iefgen and bench/icf.
 */
#ifndef LMISF_IEFGEN_GEN_H
#define LMISF_IEFGEN_GEN_H

#include <stdint.h>

#include "lixer.h"

struct gen_mix {
	unsigned int dereg_pct; /* deregistration of a registered UE */
	unsigned int tai_change_pct; /* of reallocations: new TAI list */
	unsigned int pei_change_pct; /* of reallocations: new PEI */
};

struct gen_ue {
	uint32_t tmsi;
	uint16_t tac;
	uint8_t registered;
	uint8_t pei_gen;
};

struct gen {
	uint64_t n_ue;
	struct gen_ue *ue;
	struct gen_mix mix;
	uint64_t rng;
	uint32_t next_tmsi;
	int64_t now_ns; /* timestamp of the next record */
	int64_t step_ns; /* added after each record */
	uint64_t counts[3]; /* registrations, reallocations, deregistrations */
	/* Storage the produced lixer_msg points into. */
	char supi[16], pei[17], gpsi[16];
	uint8_t suci[32];
};

int gen_init(struct gen *g, uint64_t n_ue, uint64_t seed, int64_t start_ns,
	     int64_t step_ns, const struct gen_mix *mix);
void gen_free(struct gen *g);
/* The next record (valid until the next call). */
void gen_next(struct gen *g, struct lixer_msg *m);
/* Registers UE i (used to fill a cache with exactly one association each). */
void gen_register(struct gen *g, uint64_t i, struct lixer_msg *m);

#endif
