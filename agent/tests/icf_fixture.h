/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the ICF/IQF unit tests: build events tersely. */
#ifndef LMISF_TEST_ICF_FIXTURE_H
#define LMISF_TEST_ICF_FIXTURE_H

#include <string.h>

#include "icf.h"

#define T0 1767225600000LL /* 2026-01-01T00:00:00Z */
#define SEC 1000LL
#define MIN (60 * SEC)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)

static const struct icf_config test_cfg = {
	.max_active_lifetime = 2 * DAY,
	.cache_time_limit = 1 * HOUR,
	.search_window = 2 * SEC,
	.expiry_granularity = 1 * SEC,
};

/* MCC 234, MNC 15: BCD 32 f4 51. */
static const uint8_t plmn_a[3] = { 0x32, 0xf4, 0x51 };
static const uint8_t plmn_b[3] = { 0x13, 0x00, 0x14 }; /* 310-410 */

static inline void mk_guti(uint8_t g[ICF_GUTI_LEN], const uint8_t plmn[3],
			   uint8_t region, uint16_t set, uint8_t ptr,
			   uint32_t tmsi)
{
	memcpy(g, plmn, 3);
	g[3] = region;
	g[4] = (uint8_t)(set >> 2);
	g[5] = (uint8_t)((set & 3) << 6 | (ptr & 0x3f));
	g[6] = (uint8_t)(tmsi >> 24);
	g[7] = (uint8_t)(tmsi >> 16);
	g[8] = (uint8_t)(tmsi >> 8);
	g[9] = (uint8_t)tmsi;
}

static inline void mk_tai(uint8_t t[ICF_TAI_LEN], const uint8_t plmn[3],
			  uint32_t tac)
{
	memcpy(t, plmn, 3);
	t[3] = (uint8_t)(tac >> 16);
	t[4] = (uint8_t)(tac >> 8);
	t[5] = (uint8_t)tac;
}

/* An association record for IMSI supi, GUTI with 5G-TMSI tmsi, at time t. */
static inline void mk_assoc(struct icf_assoc_event *ev, const char *supi,
			    uint32_t tmsi, lm_ms_t t)
{
	memset(ev, 0, sizeof(*ev));
	ev->supi.type = ICF_SUPI_IMSI;
	ev->supi.val = supi;
	ev->supi.len = (uint16_t)strlen(supi);
	mk_guti(ev->guti, plmn_a, 1, 5, 3, tmsi);
	ev->timestamp = t;
	mk_tai(ev->tai, plmn_a, 0x100);
	ev->has_ncgi = true;
	memcpy(ev->ncgi, plmn_a, 3);
	ev->ncgi[3] = 0x12;
	ev->ncgi[4] = 0x34;
	ev->ncgi[5] = 0x56;
	ev->ncgi[6] = 0x78;
	ev->ncgi[7] = 0x90;
}

static inline void mk_deassoc(struct icf_deassoc_event *ev, const char *supi,
			      uint32_t tmsi, lm_ms_t t)
{
	memset(ev, 0, sizeof(*ev));
	ev->supi.type = ICF_SUPI_IMSI;
	ev->supi.val = supi;
	ev->supi.len = (uint16_t)strlen(supi);
	mk_guti(ev->guti, plmn_a, 1, 5, 3, tmsi);
	ev->timestamp = t;
}

static inline void q_supi(struct icf_query *q, const char *supi)
{
	memset(q, 0, sizeof(*q));
	q->key = ICF_KEY_SUPI;
	q->supi.type = ICF_SUPI_IMSI;
	q->supi.val = supi;
	q->supi.len = (uint16_t)strlen(supi);
}

static inline void q_guti(struct icf_query *q, uint32_t tmsi)
{
	memset(q, 0, sizeof(*q));
	q->key = ICF_KEY_GUTI;
	mk_guti(q->guti, plmn_a, 1, 5, 3, tmsi);
}

static inline void q_at(struct icf_query *q, lm_ms_t t)
{
	q->has_time = true;
	q->observed = t;
}

#endif
