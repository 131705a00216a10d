/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ICF contents the IQF fuzz targets query (fuzz_iqf, fuzz_iqf_server):
 * fixed, so that every search path (SUPI, SUCI, 5G-GUTI, 5G-S-TMSI, with
 * and without time) has something to find.
 */
#ifndef LMISF_FUZZ_IQF_CACHE_H
#define LMISF_FUZZ_IQF_CACHE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icf.h"

#define IQF_CACHE_T0 1767225600000LL

/* A cache of 64 associations (16 SUPIs, some with SUCI, TAI list, PEI)
 * on @clk, whose time is then 2 minutes past the last one.
 */
static inline struct icf *iqf_cache_load(struct lm_clock *clk)
{
	static const struct icf_config cfg = {
		.max_active_lifetime = 86400000,
		.cache_time_limit = 3600000,
		.search_window = 2000,
		.expiry_granularity = 1000,
	};
	struct icf_assoc_event a = { 0 };
	struct icf *cache;
	char supi[16];

	lm_clock_manual_init(clk, IQF_CACHE_T0);
	cache = icf_new(&cfg, clk);
	if (!cache)
		abort();
	for (int i = 0; i < 64; i++) {
		static const uint8_t suci[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
		static const uint8_t tl[12] = { 0x32, 0xf4, 0x51, 0, 1, 0,
						0x32, 0xf4, 0x51, 0, 1, 1 };

		snprintf(supi, sizeof(supi), "2341500000%05d", i % 16);
		memset(&a, 0, sizeof(a));
		a.supi.type = ICF_SUPI_IMSI;
		a.supi.val = supi;
		a.supi.len = 15;
		a.guti[0] = 0x32, a.guti[1] = 0xf4, a.guti[2] = 0x51;
		a.guti[3] = 1, a.guti[4] = 1, a.guti[5] = 0x43;
		a.guti[9] = (uint8_t)(i % 8);
		a.timestamp = IQF_CACHE_T0 + i * 1000;
		a.tai[0] = 0x32, a.tai[1] = 0xf4, a.tai[2] = 0x51;
		a.tai[5] = (uint8_t)i;
		if (i % 3 == 0) {
			a.suci = suci;
			a.suci_len = sizeof(suci);
			a.has_tai_list = true;
			a.tai_list = tl;
			a.n_tai_list = 2;
			a.pei_type = ICF_PEI_MAC;
			a.pei = suci;
			a.pei_len = 6;
		}
		icf_associate(cache, &a);
	}
	lm_clock_manual_set(clk, IQF_CACHE_T0 + 120000);
	return cache;
}

#endif /* LMISF_FUZZ_IQF_CACHE_H */
