/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ICF: the identifier-association cache of TS 33.128 clause 7.6.2.
 *
 * Input is one association or deassociation event at a time (decoded from
 * LI_XER by the caller); output is a query over SUPI, 5G-GUTI, 5G-S-TMSI or
 * SUCI with an optional observed time and TAI. Time is read through a
 * struct lm_clock so that tests control expiry. Single-threaded: the host
 * serialises ingest, queries and icf_expire().
 *
 * Design notes (record layout, indexes, expiry wheel, persistence) are in
 * Documentation/icf.rst.
 */
#ifndef LMISF_ICF_H
#define LMISF_ICF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"

#define ICF_GUTI_LEN 10
#define ICF_STMSI_LEN \
	6 /* AMF Set ID, AMF Pointer, 5G-TMSI (GUTI octets 5-10) */
#define ICF_TAI_LEN 6
#define ICF_NCGI_LEN 8 /* PLMN ID (3) + NCI (36 bits, left-aligned in 5) */
#define ICF_SUPI_MAX 253 /* NAI: RFC 7542 limit; IMSI 6..15 digits */
#define ICF_GPSI_MAX 253
#define ICF_PEI_MAX 16
#define ICF_SUCI_MIN 8
#define ICF_SUCI_MAX 3008
#define ICF_TAI_LIST_MAX 256 /* 3GPP caps a 5GS TAI list at 16 per PLMN */
#define ICF_MAX_RESULTS 1024

enum icf_supi_type { ICF_SUPI_IMSI = 1, ICF_SUPI_NAI = 2 };
enum icf_pei_type {
	ICF_PEI_NONE = 0,
	ICF_PEI_IMEI = 1, /* 14 digits */
	ICF_PEI_IMEISV = 2, /* 16 digits */
	ICF_PEI_MAC = 3, /* 6 octets */
	ICF_PEI_EUI64 = 4, /* 8 octets */
};
enum icf_gpsi_type { ICF_GPSI_NONE = 0, ICF_GPSI_MSISDN = 1, ICF_GPSI_NAI = 2 };

/* Open end time of an active association. */
#define ICF_OPEN INT64_MAX

struct icf_supi {
	uint8_t type; /* enum icf_supi_type */
	uint16_t len;
	const char *val; /* digits (IMSI) or UTF-8 (NAI), not NUL-terminated */
};

/* IEFAssociationRecord, decoded. Pointers are only read during the call. */
struct icf_assoc_event {
	struct icf_supi supi;
	uint8_t guti[ICF_GUTI_LEN];
	lm_ms_t timestamp;
	uint8_t tai[ICF_TAI_LEN];
	bool has_ncgi; /* mandatory in the schema; carried forward if absent */
	uint8_t ncgi[ICF_NCGI_LEN];
	const uint8_t *suci; /* NULL when absent */
	uint16_t suci_len;
	uint8_t pei_type; /* enum icf_pei_type, NONE when absent */
	uint8_t pei_len;
	const uint8_t *pei; /* digits for IMEI/IMEISV, octets otherwise */
	uint8_t gpsi_type; /* enum icf_gpsi_type, NONE when absent */
	uint16_t gpsi_len;
	const char *gpsi;
	bool has_tai_list;
	uint16_t n_tai_list;
	const uint8_t *tai_list; /* n_tai_list * ICF_TAI_LEN octets */
};

/* IEFDeassociationRecord, decoded. */
struct icf_deassoc_event {
	struct icf_supi supi;
	uint8_t guti[ICF_GUTI_LEN];
	lm_ms_t timestamp;
};

struct icf_config {
	lm_ms_t max_active_lifetime; /* CSP maximum active association lifetime */
	lm_ms_t cache_time_limit; /* how long previous associations are kept */
	lm_ms_t search_window; /* +/- around the observed time */
	lm_ms_t expiry_granularity; /* bucket width of the expiry wheel, >= 1 */
	uint64_t size_hint; /* expected associations (0: grow from small);
			     * sizes the indexes up front, saving rehashes */
};

/* Outcome of one ingested event (also counted in struct icf_stats). */
enum icf_ingest_result {
	ICF_STORED = 0, /* new active association */
	ICF_STORED_HISTORY, /* older than the active one: stored as previous */
	ICF_DUPLICATE, /* same SUPI, GUTI and time as a stored association */
	ICF_CLOSED, /* deassociation closed the active association */
	ICF_UNMATCHED, /* deassociation for no active association */
	ICF_INVALID, /* malformed event, cache unchanged */
	ICF_NOMEM, /* allocation failed, cache unchanged */
};

struct icf_stats {
	uint64_t assoc_events, deassoc_events;
	uint64_t stored, stored_history, duplicates, closed, unmatched;
	uint64_t invalid, nomem;
	uint64_t expired_lifetime, expired_cache;
	uint64_t queries; /* searches run (rejected requests never get here) */
	uint64_t associations, active, subscribers, attr_sets, suci_stored;
	uint64_t tai_lists; /* distinct TAI lists (interned) */
	uint64_t bytes; /* heap owned by the cache, tables included */
};

enum icf_key {
	ICF_KEY_SUPI = 1,
	ICF_KEY_GUTI = 2,
	ICF_KEY_STMSI = 3,
	ICF_KEY_SUCI = 4,
};

struct icf_query {
	enum icf_key key;
	struct icf_supi supi; /* ICF_KEY_SUPI */
	uint8_t guti[ICF_GUTI_LEN]; /* ICF_KEY_GUTI */
	uint8_t stmsi[ICF_STMSI_LEN]; /* ICF_KEY_STMSI */
	const uint8_t *suci; /* ICF_KEY_SUCI */
	uint16_t suci_len;
	bool has_time; /* absent: the most recent association(s) */
	lm_ms_t observed;
	bool has_tai; /* a single TAI, matched to the record TAI and list */
	uint8_t tai[ICF_TAI_LEN];
};

/* A stored association, as a read-only view valid until the next mutation. */
struct icf_view {
	uint32_t id;
	struct icf_supi supi;
	const uint8_t *guti;
	lm_ms_t start, end; /* end == ICF_OPEN while active */
	const uint8_t *tai;
	bool has_ncgi;
	const uint8_t *ncgi;
	const uint8_t *suci; /* NULL when none */
	uint16_t suci_len;
	uint8_t pei_type, pei_len;
	const uint8_t *pei;
	uint8_t gpsi_type;
	uint16_t gpsi_len;
	const char *gpsi;
	bool has_tai_list;
	uint16_t n_tai_list;
	const uint8_t *tai_list;
	/* Decoded digits (stored as BCD) that supi.val, pei and gpsi may
	 * point into: a view is not to be copied. */
	char supi_digits[15], pei_digits[ICF_PEI_MAX], gpsi_digits[15];
};

struct icf_result {
	uint32_t n; /* matches in ids[], newest first per SUPI */
	uint32_t n_supi; /* distinct SUPIs among them (> 1: flag it) */
	bool truncated; /* more than ICF_MAX_RESULTS matched */
	uint32_t ids[ICF_MAX_RESULTS];
};

/* Called after an association is stored or closed (ongoing requests). */
enum icf_event { ICF_EV_NEW = 1, ICF_EV_CLOSED = 2 };
typedef void (*icf_observer_fn)(void *arg, enum icf_event ev, uint32_t id);

/* Called after an event changed the cache, with the time it was applied. */
typedef void (*icf_journal_fn)(void *arg, const struct icf_assoc_event *a,
			       const struct icf_deassoc_event *d, lm_ms_t now);

struct icf;

struct icf *icf_new(const struct icf_config *cfg, const struct lm_clock *clk);
void icf_free(struct icf *c);
const struct icf_config *icf_config(const struct icf *c);
const struct lm_clock *icf_clock(const struct icf *c);
void icf_set_observer(struct icf *c, icf_observer_fn fn, void *arg);
void icf_set_journal(struct icf *c, icf_journal_fn fn, void *arg);

enum icf_ingest_result icf_associate(struct icf *c,
				     const struct icf_assoc_event *ev);
enum icf_ingest_result icf_deassociate(struct icf *c,
				       const struct icf_deassoc_event *ev);

/*
 * Hints for batched ingest, one hop of the event's path per stage, each
 * stage run for a whole batch before the next (so its misses overlap):
 * 1 the index slots the event will touch, 2 the SUPI's record, 3 its
 * newest association, 4 that one's value set. Optional; no effect on
 * results. What a stage learns is kept in the event's struct icf_prep for
 * the next stage and for icf_associate_prep() / icf_deassociate_prep():
 * the keys are hashed once per event, not once per stage. Stage 1 fills
 * it; the event's keys must not change afterwards.
 */
#define ICF_PREFETCH_STAGES 4
struct icf_prep {
	uint32_t supi_h, stmsi_h, suci_h; /* key hashes */
	uint32_t hop; /* record the last stage reached, 0: none */
	/* The TAI list's, when icf_tais_prefetch() has hashed it. */
	uint32_t tais_h;
	bool tais_h_set;
};
void icf_prefetch(const struct icf *c, struct icf_prep *p,
		  const struct icf_supi *supi, const uint8_t *guti,
		  const uint8_t *suci, size_t suci_len, int stage);
/* icf_associate() / icf_deassociate() with the hashes of stage 1. */
enum icf_ingest_result icf_associate_prep(struct icf *c,
					  const struct icf_assoc_event *ev,
					  const struct icf_prep *p);
enum icf_ingest_result icf_deassociate_prep(struct icf *c,
					    const struct icf_deassoc_event *ev,
					    const struct icf_prep *p);
/*
 * icf_associate_prep() for an event made of a record lixer_decode()
 * accepted (icf_lixer.c): the values the decoder has already checked
 * (IMSI, PEI, MSISDN: sizes and digits) are not checked again; the rest
 * is, with the same result and counters for a refused event. @p may be
 * NULL.
 */
enum icf_ingest_result icf_associate_decoded(struct icf *c,
					     const struct icf_assoc_event *ev,
					     const struct icf_prep *p);

/* Deletes what is due at the clock's now; cheap when nothing is due. */
void icf_expire(struct icf *c);

/*
 * The cache period: [from, to] for which the cache holds every association
 * it was told about: from = max(now - cache time limit, cache origin),
 * to = now. The origin is the creation time, or the restored one.
 */
void icf_cache_period(const struct icf *c, lm_ms_t *from, lm_ms_t *to);
void icf_set_origin(struct icf *c, lm_ms_t origin);

/* Fills res; 0, or -EINVAL for a malformed query (nothing searched). */
int icf_query(struct icf *c, const struct icf_query *q, struct icf_result *res);

/*
 * icf_expire(), icf_cache_period() and icf_query() at @now, a time the
 * caller read from icf_clock(): the IQF reads the clock once per request
 * and judges expiry, the observed time, the search and the response's
 * cache period at that one instant (each read of the real clock is a
 * vDSO call of tens of nanoseconds, and separate reads may disagree by a
 * millisecond). icf_expire_at() deletes every association whose deadline
 * is <= @now.
 */
void icf_expire_at(struct icf *c, lm_ms_t now);
void icf_cache_period_at(const struct icf *c, lm_ms_t now, lm_ms_t *from,
			 lm_ms_t *to);
int icf_query_at(struct icf *c, const struct icf_query *q, lm_ms_t now,
		 struct icf_result *res);
/* 0 and a view of a live association, -ENOENT otherwise. */
int icf_view(const struct icf *c, uint32_t id, struct icf_view *v);
/*
 * A hint before icf_view() of a search's result: its SUCI and value set,
 * which only the association names, are fetched side by side instead of
 * one after the other. No effect on results.
 */
void icf_view_prefetch(const struct icf *c, uint32_t id);

void icf_get_stats(const struct icf *c, struct icf_stats *st);

/* Iterates every live association (snapshots); stops when fn returns != 0. */
int icf_for_each(const struct icf *c,
		 int (*fn)(void *arg, const struct icf_view *v), void *arg);

/* Validation helpers shared with the IQF and the LI_XER adapter. */
bool icf_supi_valid(const struct icf_supi *s);
bool icf_pei_valid(uint8_t type, const uint8_t *p, size_t len);
bool icf_gpsi_valid(uint8_t type, const char *p, size_t len);
bool icf_plmn_valid(const uint8_t plmn[3]);
void icf_guti_to_stmsi(const uint8_t guti[ICF_GUTI_LEN],
		       uint8_t stmsi[ICF_STMSI_LEN]);

#endif /* LMISF_ICF_H */
