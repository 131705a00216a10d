/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Clock abstraction: every time-dependent decision of the ICF/IQF (expiry,
 * cache period, search window) reads "now" through a struct lm_clock so that
 * tests drive time explicitly instead of sleeping.
 */
#ifndef LMISF_CLOCK_H
#define LMISF_CLOCK_H

#include <stdint.h>

/* Milliseconds since the Unix epoch, UTC. */
typedef int64_t lm_ms_t;

struct lm_clock {
	lm_ms_t (*now)(const struct lm_clock *clk);
	lm_ms_t manual_ms; /* used by lm_clock_manual only */
};

/* CLOCK_REALTIME, the wall clock the IEF timestamps are compared with. */
extern const struct lm_clock lm_clock_realtime;

/* A clock that only moves when told to (tests, replay). */
void lm_clock_manual_init(struct lm_clock *clk, lm_ms_t start);
void lm_clock_manual_set(struct lm_clock *clk, lm_ms_t now);
void lm_clock_manual_advance(struct lm_clock *clk, lm_ms_t delta);

static inline lm_ms_t lm_clock_now(const struct lm_clock *clk)
{
	return clk->now(clk);
}

/*
 * GeneralizedTime "YYYYMMDDHHMMSS[.f{1,9}]Z" <-> ms since the epoch.
 * Only UTC ("Z") forms are accepted: LI_XER and the IQF carry UTC.
 * Return 0 on success, -EINVAL on a malformed string.
 */
int lm_time_parse_gt(const char *s, unsigned int len, lm_ms_t *out);
/* Writes "YYYY-MM-DDTHH:MM:SS.mmmZ" (RFC 3339, 25 bytes with NUL). */
void lm_time_format_rfc3339(lm_ms_t t, char buf[32]);
/* Parses RFC 3339 with "Z" or a numeric offset, fraction optional. */
int lm_time_parse_rfc3339(const char *s, lm_ms_t *out);

#endif /* LMISF_CLOCK_H */
