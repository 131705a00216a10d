/* SPDX-License-Identifier: GPL-2.0 */
/* ICF internals shared by icf.c, icf_query.c and icf_journal.c. */
#ifndef LMISF_ICF_INT_H
#define LMISF_ICF_INT_H

#include <string.h>

#include "icf.h"
#include "icf_blob.h"
#include "icf_index.h"
#include "icf_mem.h"
#include "icf_wheel.h"

#define SUCI_INLINE 14

/*
 * One association: 64 bytes, one cache line (the slab's base and the
 * record size are multiples of 64). Variable-size parts are shared
 * (attrs: PEI, GPSI, TAI list, reference-counted because they carry
 * forward from one association to the next, icf_attrs.h) or owned
 * (SUCI). A SUCI of up to SUCI_INLINE octets (a null-scheme SUCI is at
 * most 13) is kept in the record itself, so that a query by SUCI and the
 * IQF response read it from the association's line and 2 MiB page
 * (Documentation/performance-icf.rst); a longer one (a protection
 * scheme's output, 50 octets or more) is a blob named by the 32-bit
 * handle in suci[]. Times are 48-bit (icf_time_storable(): 4459 years
 * either side of 1970). sub == 0 marks a free slot; the free list is threaded
 * through the first 4 bytes.
 */
struct icf_assoc {
	uint8_t start[6];
	uint8_t end[6]; /* ICF_OPEN while active */
	uint32_t attrs; /* value set (icf_attrs.h), 0: none known */
	uint32_t sub;
	uint32_t older; /* next older association of the same SUPI, 0: none */
	uint8_t guti[ICF_GUTI_LEN];
	uint8_t tai[ICF_TAI_LEN];
	/* PLMN ID, NCI in 36 bits; bit 0 of the last octet: NCGI known. */
	uint8_t ncgi[ICF_NCGI_LEN];
	uint16_t suci_len; /* 0: no SUCI */
	uint8_t suci[SUCI_INLINE]; /* the SUCI, or a blob handle if longer */
};

/* A 48-bit time: two's complement, the largest value meaning ICF_OPEN. */
#define TIME48_OPEN 0x7fffffffffffull
#define TIME48_MIN (-(1ll << 47))

/* Whether a record's time fits in 48 bits: years -2489 to 6429. */
static inline bool icf_time_storable(lm_ms_t t)
{
	return t >= TIME48_MIN && t < (lm_ms_t)TIME48_OPEN;
}

/* Two loads, in host order: the form exists only in memory. */
static inline lm_ms_t time48_get(const uint8_t p[6])
{
	uint32_t lo;
	uint16_t hi;
	uint64_t u;

	memcpy(&lo, p, 4);
	memcpy(&hi, p + 4, 2);
	u = (uint64_t)hi << 32 | lo;
	if (u == TIME48_OPEN)
		return ICF_OPEN;
	return (lm_ms_t)(u << 16) >> 16; /* sign-extended */
}

static inline void time48_put(uint8_t p[6], lm_ms_t t)
{
	uint64_t u = t == ICF_OPEN ? TIME48_OPEN : (uint64_t)t;
	uint32_t lo = (uint32_t)u;
	uint16_t hi = (uint16_t)(u >> 32);

	memcpy(p, &lo, 4);
	memcpy(p + 4, &hi, 2);
}

static inline lm_ms_t assoc_start(const struct icf_assoc *a)
{
	return time48_get(a->start);
}

static inline lm_ms_t assoc_end(const struct icf_assoc *a)
{
	return time48_get(a->end);
}

static inline void assoc_set_start(struct icf_assoc *a, lm_ms_t t)
{
	time48_put(a->start, t);
}

static inline void assoc_set_end(struct icf_assoc *a, lm_ms_t t)
{
	time48_put(a->end, t);
}

#define NCGI_KNOWN 0x01

#define SUB_INLINE 10

/*
 * One SUPI: 16 bytes. type == 0 marks a free slot. The values in force
 * (what carries to the next association) are the newest association's.
 * An IMSI is kept as BCD (8 octets for 15 digits), a NAI as it is; either
 * inline when it fits in SUB_INLINE octets, else in a blob named there.
 */
struct icf_sub {
	uint32_t newest;
	uint8_t type, len; /* len: digits or octets of the SUPI */
	uint8_t name[SUB_INLINE];
};

_Static_assert(sizeof(struct icf_assoc) == 64, "an association, a line");
_Static_assert(sizeof(struct icf_sub) == 16, "compact SUPI record");

/*
 * The association, SUPI and value-set slabs share their pages, interleaved
 * in 4 KiB blocks: block b holds associations b * REC_PER_BLOCK onwards,
 * then the SUPI records and the value sets (icf_attrs.h) of the same ids.
 * A SUPI and the association it came with get the same id when they are
 * made together (a first registration), and a value set is placed on the
 * page of the association it is made for (at a first registration, the
 * same id), so a query by SUPI and the IQF response find all three in
 * one 4 KiB block: on this shadow-paged host a query costs about
 * 0.25-0.45 us per distinct 4 KiB page it touches, huge pages or not
 * (Documentation/performance-icf.rst); with the three slabs one after
 * the other in a 2 MiB page they were three 4 KiB pages. A page
 * (REC_PAGE, 2 MiB: the unit of growth and of the slabs' per-page free
 * lists) is 512 blocks. The pages are address space reserved a segment
 * at a time and made usable one page at a time (icf_region), on huge
 * pages; growth never moves a record.
 */
#define REC_PAGE ICF_HUGE_PAGE
#define REC_BLOCK 4096u
#define REC_VAL_SIZE 24 /* an IMEI and an MSISDN of up to 14 digits */
#define REC_PER_BLOCK 39u /* 64 + 16 + 24 octets each, parts 64-aligned */
#define REC_SUB_OFF 2496u /* 64 * REC_PER_BLOCK */
#define REC_VAL_OFF 3136u /* REC_SUB_OFF + 16 * REC_PER_BLOCK, 64-aligned */
#define REC_BLOCKS_PER_PAGE 512u /* REC_PAGE / REC_BLOCK */
#define REC_PER_PAGE (REC_PER_BLOCK * REC_BLOCKS_PER_PAGE)
#define SEG_PAGES 1024u
#define SEG_BLOCKS (SEG_PAGES * REC_BLOCKS_PER_PAGE)
#define SEG_MAX 211u /* SEG_MAX * SEG_PAGES * REC_PER_PAGE >= 2^32 */
_Static_assert(REC_PAGE / REC_BLOCK == REC_BLOCKS_PER_PAGE, "a page of blocks");
_Static_assert(REC_SUB_OFF % 64 == 0 && REC_VAL_OFF % 64 == 0 &&
		       REC_SUB_OFF >=
			       REC_PER_BLOCK * sizeof(struct icf_assoc) &&
		       REC_VAL_OFF >=
			       REC_SUB_OFF +
				       REC_PER_BLOCK * sizeof(struct icf_sub) &&
		       REC_VAL_OFF + REC_PER_BLOCK * REC_VAL_SIZE <= REC_BLOCK,
	       "the slabs fit a block");
_Static_assert(SEG_MAX *(uint64_t)SEG_PAGES *REC_PER_PAGE >= 1ull << 32,
	       "every 32-bit id has a page");

struct icf_recs {
	struct icf_region seg[SEG_MAX];
	uint32_t nsegs;
	uint32_t pages; /* usable: ids < pages * REC_PER_PAGE, in every slab */
};

struct icf_slab {
	uint32_t used; /* ids < used have been handed out once */
	uint32_t live;
	uint32_t elsz;
	uint32_t off; /* where this slab's records start in a page */
	/* Per page: its free ids (chained through the records), 0: none. */
	uint32_t *page_free;
	uint32_t *avail; /* pages with free ids, each listed once */
	uint8_t *listed; /* per page: in avail[] */
	uint32_t npages, navail; /* room of the per-page arrays, avail[] */
};

static inline void *rec_at(const struct icf_recs *r, const struct icf_slab *s,
			   uint32_t id)
{
	uint32_t block = id / REC_PER_BLOCK;

	return r->seg[block / SEG_BLOCKS].base +
	       (size_t)(block % SEG_BLOCKS) * REC_BLOCK + s->off +
	       (size_t)(id % REC_PER_BLOCK) * s->elsz;
}

struct icf {
	struct icf_config cfg;
	const struct lm_clock *clk;
	lm_ms_t origin;
	uint64_t seed;
	struct icf_recs recs; /* pages of the slabs */
	struct icf_slab assocs, subs, vals;
	struct icf_index by_supi, by_stmsi, by_suci;
	struct icf_index by_tais; /* interned TAI lists by content */
	struct icf_wheel wheel;
	icf_observer_fn observer;
	void *observer_arg;
	icf_journal_fn journal;
	void *journal_arg;
	struct icf_stats st;
	struct icf_blobs blobs; /* TAI lists, long SUPIs, SUCIs, value sets */
};

void icf_slab_init(struct icf_slab *s, uint32_t elsz, uint32_t off);
void icf_slab_free(struct icf_slab *s);
size_t icf_slab_bytes(const struct icf_slab *s);
/*
 * A zeroed element id, or 0 when out of memory: a free one on the page of
 * id @near when there is one (0: anywhere), else any free one, else new.
 */
uint32_t icf_slab_alloc(struct icf_recs *r, struct icf_slab *s, uint32_t near);
/* The caller has already cleared the element's "live" marker field. */
void icf_slab_release(struct icf_recs *r, struct icf_slab *s, uint32_t id);

/*
 * A hint, for a batch's stage: reads the first word of the element
 * icf_slab_alloc(r, s, near) takes first when @near's page has a free one
 * (the page's free list runs through its elements), so that the miss
 * overlaps those of the other records' stages instead of stalling the
 * allocation. A load, not a prefetch instruction: with
 * __builtin_prefetch() the allocation still stalled on that element
 * (13-15 % of the benchmark's churn samples, Documentation/
 * performance-icf.rst); the load ends it.
 */
static inline void icf_slab_preload(const struct icf_recs *r,
				    const struct icf_slab *s, uint32_t near)
{
	uint32_t p = near / REC_PER_PAGE;

	if (p < s->npages && s->page_free[p])
		(void)*(volatile const uint32_t *)rec_at(r, s, s->page_free[p]);
}
void icf_recs_free(struct icf_recs *r);
size_t icf_recs_bytes(const struct icf_recs *r);

static inline struct icf_assoc *assoc_at(const struct icf *c, uint32_t id)
{
	return rec_at(&c->recs, &c->assocs, id);
}

static inline struct icf_sub *sub_at(const struct icf *c, uint32_t id)
{
	return rec_at(&c->recs, &c->subs, id);
}

/* Digits to BCD, low nibble first; an odd count ends in the filler 0xf. */
static inline void icf_bcd_pack(uint8_t *dst, const char *digits, size_t n)
{
	for (size_t i = 0; i < n; i += 2)
		dst[i / 2] =
			(uint8_t)((digits[i] - '0') |
				  (i + 1 < n ? digits[i + 1] - '0' : 0xf) << 4);
}

static inline void icf_bcd_unpack(char *dst, const uint8_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = (char)('0' +
				(i & 1 ? src[i / 2] >> 4 : src[i / 2] & 15));
}

/* Octets a SUPI of @type and @len takes in a struct icf_sub. */
static inline size_t sub_octets(uint8_t type, size_t len)
{
	return type == ICF_SUPI_IMSI ? (len + 1) / 2 : len;
}

/* The stored form of a SUPI (BCD or the NAI itself). */
static inline const uint8_t *sub_key(const struct icf *c,
				     const struct icf_sub *s)
{
	uint32_t h;

	if (sub_octets(s->type, s->len) <= SUB_INLINE)
		return s->name;
	memcpy(&h, s->name, sizeof(h));
	return icf_blob_ptr(&c->blobs, h);
}

/* The SUPI as text: an IMSI decoded into @buf (15 octets). */
static inline const char *sub_name(const struct icf *c, const struct icf_sub *s,
				   char *buf)
{
	if (s->type != ICF_SUPI_IMSI)
		return (const char *)sub_key(c, s);
	icf_bcd_unpack(buf, sub_key(c, s), s->len);
	return buf;
}

/* The blob handle of a SUCI longer than SUCI_INLINE. */
static inline uint32_t assoc_suci_blob(const struct icf_assoc *a)
{
	uint32_t h;

	memcpy(&h, a->suci, sizeof(h));
	return h;
}

/* The SUCI (length in *len) or NULL. */
static inline const uint8_t *
assoc_suci(const struct icf *c, const struct icf_assoc *a, uint16_t *len)
{
	*len = a->suci_len;
	if (!a->suci_len)
		return NULL;
	if (a->suci_len <= SUCI_INLINE)
		return a->suci;
	return icf_blob_ptr(&c->blobs, assoc_suci_blob(a));
}

static inline bool assoc_id_valid(const struct icf *c, uint32_t id)
{
	return id && id < c->assocs.used && assoc_at(c, id)->sub;
}

lm_ms_t icf_deadline(const struct icf *c, const struct icf_assoc *a);
uint32_t icf_supi_hash(const struct icf *c, const struct icf_supi *s);
uint32_t icf_stmsi_hash(const struct icf *c, const uint8_t *stmsi);
uint32_t icf_suci_hash(const struct icf *c, const uint8_t *p, size_t len);
uint32_t icf_find_sub(const struct icf *c, const struct icf_supi *s);
/* The hash of a stored SUPI: icf_supi_hash() of what it was made from. */
uint32_t icf_sub_hash(const struct icf *c, const struct icf_sub *sub);
/* Removes SUPI record @id, indexed under @hash. */
void icf_sub_destroy(struct icf *c, uint32_t id, uint32_t hash);
void icf_suci_drop(struct icf *c, struct icf_assoc *a);
/* Puts @id on the expiry wheel at @a's current deadline. */
void icf_schedule(struct icf *c, uint32_t id, const struct icf_assoc *a);
bool icf_assoc_event_valid(const struct icf_assoc_event *ev);
bool icf_assoc_event_valid_decoded(const struct icf_assoc_event *ev);

#endif /* LMISF_ICF_INT_H */
