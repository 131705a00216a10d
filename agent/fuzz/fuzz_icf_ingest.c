// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_icf_ingest - arbitrary bytes as an IEF's LI_XER stream: framing,
 * BER decoding and the ICF rules, as the listener runs them, with the
 * clock moving. After each input the cache must still be consistent: its
 * counters agree with what a walk over it finds, and every association's
 * SUPI finds it again through the SUPI index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icf.h"
#include "icf_lixer.h"
#include "lixer.h"

#define T0 1767225600000LL

static struct icf *cache;
static struct lm_clock clk;
static struct icf_result res;

struct walk {
	uint64_t n, active;
};

static int check_one(void *arg, const struct icf_view *v)
{
	struct walk *w = arg;
	struct icf_query q = { .key = ICF_KEY_SUPI, .supi = v->supi };
	bool seen = false;

	w->n++;
	w->active += v->end == ICF_OPEN;
	if (v->end != ICF_OPEN && v->end < v->start)
		abort();
	q.has_time = true;
	q.observed = v->start;
	/* Only what is inside the cache period can be asked for. */
	if (icf_query(cache, &q, &res))
		abort();
	for (uint32_t i = 0; i < res.n; i++)
		seen |= res.ids[i] == v->id;
	/* A stored association is found by its SUPI at its start time
	 * (unless the IEF stamped it in the ICF's future).
	 */
	if (!seen && !res.truncated && v->start <= lm_clock_now(&clk))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct icf_config cfg = {
		.max_active_lifetime = 600000,
		.cache_time_limit = 60000,
		.search_window = 2000,
		.expiry_granularity = 1000,
	};
	struct lixer_framer fr;
	const uint8_t *rec;
	struct ber_error err;
	struct icf_stats st;
	struct walk w = { 0 };
	size_t len;

	static unsigned int runs;

	/* State carries across inputs (it is what finds ordering bugs), but
	 * a periodic fresh cache keeps the consistency walk cheap.
	 */
	if (cache && ++runs % 256 == 0) {
		icf_free(cache);
		cache = NULL;
	}
	if (!cache) {
		lm_clock_manual_init(&clk, T0);
		cache = icf_new(&cfg, &clk);
		if (!cache)
			abort();
	}
	lixer_framer_init(&fr, LIXER_MAX_RECORD_DEFAULT);
	if (lixer_framer_feed(&fr, data, size) == 0) {
		while (lixer_framer_next(&fr, &rec, &len, &err) > 0) {
			struct lixer_msg m;

			if (!lixer_decode(rec, len, &m, &err))
				icf_apply_lixer(cache, &m);
			lm_clock_manual_advance(&clk, 1000);
		}
	}
	lixer_framer_free(&fr);
	icf_expire(cache);
	icf_for_each(cache, check_one, &w);
	icf_get_stats(cache, &st);
	if (st.associations != w.n || st.active != w.active ||
	    st.active > st.subscribers)
		abort();
	return 0;
}
