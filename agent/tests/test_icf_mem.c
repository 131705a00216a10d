// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_mem.c - the ICF's records live on memory advised for huge pages
 * (icf_mem.h): a region is one 2 MiB-aligned mapping that grows in 2 MiB
 * steps without moving, the association and SUPI slabs of a cache that
 * has grown over several steps still share one such mapping, a SUPI record
 * on the page of its first association, and the small objects are on such
 * memory from the first one; a short SUCI is inside its association (the
 * query latency tail on a shadow-paged guest depends on it; see
 * Documentation/performance-icf.rst).
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "kselftest_harness.h"

#include "icf_attrs.h"
#include "icf_fixture.h"
#include "icf_int.h"
#include "icf_mem.h"

static struct icf_result res; /* large: keep it off the stack */
static struct icf_query q_mem;

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#define MIB ((size_t)1 << 20)

/*
 * The mapping (from /proc/self/smaps) holding @p: its bounds, and whether
 * it is advised for huge pages (VmFlags "hg"). 0, or -1 when not found.
 */
static int vma_of(const void *p, uintptr_t *lo, uintptr_t *hi, int *hg)
{
	unsigned long a = (uintptr_t)p, s, e;
	char line[512];
	int in = 0, r = -1;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		/* Only a mapping's first line has "start-end". */
		if (sscanf(line, "%lx-%lx ", &s, &e) == 2) {
			in = a >= s && a < e;
			if (in)
				*lo = s, *hi = e;
			continue;
		}
		if (in && !strncmp(line, "VmFlags:", 8)) {
			*hg = strstr(line, " hg") != NULL;
			r = 0;
			break;
		}
	}
	fclose(f);
	return r;
}

TEST(region_grows_in_place_on_huge_page_advised_memory)
{
	struct icf_region r;
	uintptr_t lo = 0, hi = 0;
	uint8_t *base;
	int hg = 0;

	ASSERT_EQ(0, icf_region_init(&r, 64 * MIB));
	base = r.base;
	EXPECT_EQ(0, (uintptr_t)base % (2 * MIB));
	EXPECT_EQ(0, r.usable);
	ASSERT_EQ(0, icf_region_extend(&r, 100));
	EXPECT_EQ(2 * MIB, r.usable); /* whole huge pages */
	ASSERT_EQ(0, icf_region_extend(&r, 5 * MIB + 1));
	EXPECT_EQ(6 * MIB, r.usable);
	EXPECT_EQ(base, r.base); /* never moves */
	/* Zeroed and writable up to the end of what is usable. */
	EXPECT_EQ(0, base[0]);
	EXPECT_EQ(0, base[r.usable - 1]);
	base[0] = 1;
	base[r.usable - 1] = 2;
	/* One read-write mapping from the base over all steps, advised. */
	ASSERT_EQ(0, vma_of(base, &lo, &hi, &hg));
	EXPECT_EQ((uintptr_t)base, lo);
	EXPECT_EQ((uintptr_t)base + 6 * MIB, hi);
	EXPECT_TRUE(hg);
	/* Not beyond the reservation. */
	EXPECT_EQ(-ENOMEM, icf_region_extend(&r, 64 * MIB + 1));
	EXPECT_EQ(0, icf_region_extend(&r, 64 * MIB));
	icf_region_free(&r);
	EXPECT_EQ(NULL, r.base);
}

/* A cache with @n first registrations (SUPI i, GUTI i), NULL on failure. */
static struct icf *filled(struct lm_clock *clk, uint32_t n)
{
	struct icf_assoc_event ev;
	struct icf *c;
	char supi[16];

	lm_clock_manual_init(clk, T0);
	c = icf_new(&test_cfg, clk);
	for (uint32_t i = 0; c && i < n; i++) {
		snprintf(supi, sizeof(supi), "23415%010u", i);
		mk_assoc(&ev, supi, i, T0);
		if (icf_associate(c, &ev) != ICF_STORED) {
			icf_free(c);
			return NULL;
		}
	}
	return c;
}

/*
 * Associations and SUPI records past several growth steps: one mapping on
 * huge-page-advised memory, and each first registration's SUPI record on
 * the page of its association (one translation for a query by SUPI).
 */
TEST(records_share_pages_of_one_huge_page_advised_mapping)
{
	struct lm_clock clk;
	struct icf *c;
	const uint32_t n = 2 * REC_PER_PAGE + 100;
	uintptr_t lo = 0, hi = 0;
	uint32_t apart = 0;
	int hg = 0;

	c = filled(&clk, n);
	ASSERT_NE(NULL, c);
	ASSERT_LT(n, c->assocs.used);
	ASSERT_EQ(0, vma_of(assoc_at(c, 1), &lo, &hi, &hg));
	EXPECT_TRUE(hg);
	EXPECT_EQ(0, lo % (2 * MIB));
	EXPECT_LE((uintptr_t)(sub_at(c, c->subs.used - 1) + 1), hi);
	EXPECT_LE((uintptr_t)(assoc_at(c, c->assocs.used - 1) + 1), hi);
	for (uint32_t id = 1; id < c->assocs.used; id++)
		apart += (uintptr_t)assoc_at(c, id) / (2 * MIB) !=
			 (uintptr_t)sub_at(c, assoc_at(c, id)->sub) / (2 * MIB);
	EXPECT_EQ(0, apart);
	icf_free(c);
}

static uint32_t page_of(const void *p)
{
	return (uint32_t)((uintptr_t)p / (2 * MIB));
}

/*
 * A SUPI's later association goes to its SUPI record's page when a slot
 * there is free, even when a slot elsewhere was freed after it.
 */
TEST(later_association_on_its_supi_page)
{
	const uint32_t n = REC_PER_PAGE + 10; /* page 0 full, page 1 begun */
	struct lm_clock clk;
	struct icf_assoc_event ev;
	struct icf_query q;
	struct icf *c;
	char supi[16];
	uint32_t id;

	c = filled(&clk, n);
	ASSERT_NE(NULL, c);
	/* Free a slot on page 0 (SUPI 0's first), then one on page 1. */
	mk_assoc(&ev, "234150000000000", 0x10000, T0 + 1 * SEC);
	ASSERT_EQ(ICF_STORED, icf_associate(c, &ev));
	snprintf(supi, sizeof(supi), "23415%010u", n - 1);
	mk_assoc(&ev, supi, 0x10001, T0 + 2 * SEC);
	ASSERT_EQ(ICF_STORED, icf_associate(c, &ev));
	lm_clock_manual_set(&clk, T0 + 3 * SEC + test_cfg.cache_time_limit);
	icf_expire(c);
	/* SUPI 5 (page 0) gets a new association: on page 0. */
	mk_assoc(&ev, "234150000000005", 0x10002, T0 + 3 * SEC);
	ASSERT_EQ(ICF_STORED, icf_associate(c, &ev));
	q_supi(&q, "234150000000005");
	ASSERT_EQ(0, icf_query(c, &q, &res));
	ASSERT_EQ(1, res.n);
	id = res.ids[0];
	EXPECT_EQ(0, page_of(assoc_at(c, id)) - page_of(assoc_at(c, 1)));
	EXPECT_EQ(page_of(sub_at(c, assoc_at(c, id)->sub)),
		  page_of(assoc_at(c, id)));
	icf_free(c);
}

/* A SUCI query for @suci of @len octets: how many results. */
static uint32_t by_suci(struct icf *c, const uint8_t *suci, uint16_t len)
{
	struct icf_query q = { .key = ICF_KEY_SUCI };

	q.suci = suci;
	q.suci_len = len;
	if (icf_query(c, &q, &res))
		return UINT32_MAX;
	return res.n;
}

/*
 * A short SUCI is read from the association record itself (no page more
 * for a query by SUCI or the IQF response); a long one, kept elsewhere,
 * reads back the same, and both are released with their association.
 */
TEST(short_suci_inside_its_association_long_one_elsewhere)
{
	struct lm_clock clk;
	struct icf_assoc_event ev;
	uint8_t shrt[13], lng[64];
	struct icf_view v;
	struct icf_stats st;
	struct icf *c;
	uint32_t id;

	for (size_t i = 0; i < sizeof(lng); i++)
		lng[i] = (uint8_t)(i * 7 + 1);
	memcpy(shrt, lng, sizeof(shrt));
	c = filled(&clk, 0);
	ASSERT_NE(NULL, c);
	mk_assoc(&ev, "234150000000001", 1, T0);
	ev.suci = shrt;
	ev.suci_len = sizeof(shrt);
	ASSERT_EQ(ICF_STORED, icf_associate(c, &ev));
	mk_assoc(&ev, "234150000000002", 2, T0);
	ev.suci = lng;
	ev.suci_len = sizeof(lng);
	ASSERT_EQ(ICF_STORED, icf_associate(c, &ev));
	ASSERT_EQ(1, by_suci(c, shrt, sizeof(shrt)));
	id = res.ids[0];
	ASSERT_EQ(0, icf_view(c, id, &v));
	ASSERT_EQ(sizeof(shrt), v.suci_len);
	EXPECT_EQ(0, memcmp(v.suci, shrt, sizeof(shrt)));
	EXPECT_LE((uintptr_t)assoc_at(c, id), (uintptr_t)v.suci);
	EXPECT_GE((uintptr_t)(assoc_at(c, id) + 1),
		  (uintptr_t)(v.suci + v.suci_len));
	ASSERT_EQ(1, by_suci(c, lng, sizeof(lng)));
	id = res.ids[0];
	ASSERT_EQ(0, icf_view(c, id, &v));
	ASSERT_EQ(sizeof(lng), v.suci_len);
	EXPECT_EQ(0, memcmp(v.suci, lng, sizeof(lng)));
	/* A prefix of the long one is not it. */
	EXPECT_EQ(0, by_suci(c, lng, SUCI_INLINE));
	icf_get_stats(c, &st);
	EXPECT_EQ(2, st.suci_stored);
	/* Both close and expire: their SUCIs go with them. */
	mk_assoc(&ev, "234150000000001", 3, T0 + SEC);
	ASSERT_EQ(ICF_STORED, icf_associate(c, &ev));
	mk_assoc(&ev, "234150000000002", 4, T0 + SEC);
	ASSERT_EQ(ICF_STORED, icf_associate(c, &ev));
	lm_clock_manual_set(&clk, T0 + 2 * SEC + test_cfg.cache_time_limit);
	icf_expire(c);
	icf_get_stats(c, &st);
	EXPECT_EQ(0, st.suci_stored);
	EXPECT_EQ(0, by_suci(c, shrt, sizeof(shrt)));
	EXPECT_EQ(0, by_suci(c, lng, sizeof(lng)));
	icf_free(c);
}

/*
 * A value set (PEI, GPSI, TAI list) is on the page of the association it
 * was made for, over several pages of records (the IQF response reads it
 * with the association: no page more); one too long for the record pages
 * reads back the same from elsewhere.
 */
TEST(value_set_on_its_association_page)
{
	static const uint8_t tais[2 * ICF_TAI_LEN] = { 0x32, 0xf4, 0x51, 0,
						       1,    0,	   0x32, 0xf4,
						       0x51, 0,	   1,	 1 };
	const uint32_t n = 2 * REC_PER_PAGE + 100;
	const char *nai = "a-long-external-identifier@example.org";
	struct icf_assoc_event ev;
	struct lm_clock clk;
	struct icf_view v;
	uint32_t apart = 0, none = 0, id;
	struct icf *c;
	char supi[16], imei[16], msisdn[16];

	c = filled(&clk, 0);
	ASSERT_NE(NULL, c);
	for (uint32_t i = 0; i < n; i++) {
		snprintf(supi, sizeof(supi), "23415%010u", i);
		snprintf(imei, sizeof(imei), "35%012u", i);
		snprintf(msisdn, sizeof(msisdn), "4477%08u", i);
		mk_assoc(&ev, supi, i, T0);
		ev.pei_type = ICF_PEI_IMEI;
		ev.pei = (const uint8_t *)imei;
		ev.pei_len = 14;
		ev.gpsi_type = ICF_GPSI_MSISDN;
		ev.gpsi = msisdn;
		ev.gpsi_len = 12;
		ev.has_tai_list = true;
		ev.n_tai_list = 2;
		ev.tai_list = tais;
		ASSERT_EQ(ICF_STORED, icf_associate(c, &ev));
	}
	for (id = 1; id < c->assocs.used; id++) {
		const struct icf_assoc *a = assoc_at(c, id);

		if (!a->attrs) {
			none++;
			continue;
		}
		apart += page_of(icf_attrs_addr(c, a->attrs)) != page_of(a);
	}
	EXPECT_EQ(0, none);
	EXPECT_EQ(0, apart);
	/* A 38-octet NAI does not fit a record page's value set. */
	mk_assoc(&ev, "234150000000007", 0x20000, T0 + SEC);
	ev.gpsi_type = ICF_GPSI_NAI;
	ev.gpsi = nai;
	ev.gpsi_len = (uint16_t)strlen(nai);
	ASSERT_EQ(ICF_STORED, icf_associate(c, &ev));
	q_supi(&q_mem, "234150000000007");
	ASSERT_EQ(0, icf_query(c, &q_mem, &res));
	ASSERT_EQ(1, res.n);
	ASSERT_EQ(0, icf_view(c, res.ids[0], &v));
	ASSERT_EQ(strlen(nai), v.gpsi_len);
	EXPECT_EQ(0, memcmp(v.gpsi, nai, v.gpsi_len));
	EXPECT_EQ(14, v.pei_len); /* carried forward from the first */
	EXPECT_EQ(0, memcmp(v.pei, "35000000000007", 14));
	EXPECT_EQ(2, v.n_tai_list);
	icf_free(c);
}

/*
 * Association times are kept in 48 bits: every storable time and "open"
 * read back as they were; a record with a time beyond them is invalid
 * (counted, nothing stored), so that no time can come back as another.
 */
TEST(times_in_48_bits)
{
	static const lm_ms_t t[] = { TIME48_MIN,      -1,      0, T0,
				     (1ll << 47) - 2, ICF_OPEN };
	const lm_ms_t top = (1ll << 47) - 2;
	struct icf_deassoc_event de;
	struct icf_assoc_event ev;
	struct lm_clock clk;
	struct icf_assoc a;
	struct icf_view v;
	struct icf_stats st;
	struct icf *c;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assoc_set_start(&a, t[i]);
		assoc_set_end(&a, t[i]);
		EXPECT_EQ(t[i], assoc_start(&a));
		EXPECT_EQ(t[i], assoc_end(&a));
	}
	c = filled(&clk, 0);
	ASSERT_NE(NULL, c);
	mk_assoc(&ev, "234150000000001", 1, top + 1);
	EXPECT_EQ(ICF_INVALID, icf_associate(c, &ev));
	mk_assoc(&ev, "234150000000001", 1, TIME48_MIN - 1);
	EXPECT_EQ(ICF_INVALID, icf_associate(c, &ev));
	/* The last storable instant is a time, not "open". */
	mk_assoc(&ev, "234150000000001", 1, top);
	ASSERT_EQ(ICF_STORED, icf_associate(c, &ev));
	mk_deassoc(&de, "234150000000001", 1, top + 1);
	EXPECT_EQ(ICF_INVALID, icf_deassociate(c, &de));
	mk_deassoc(&de, "234150000000001", 1, top);
	ASSERT_EQ(ICF_CLOSED, icf_deassociate(c, &de));
	q_supi(&q_mem, "234150000000001");
	ASSERT_EQ(0, icf_query(c, &q_mem, &res));
	ASSERT_EQ(1, res.n);
	ASSERT_EQ(0, icf_view(c, res.ids[0], &v));
	EXPECT_EQ(top, v.start);
	EXPECT_EQ(top, v.end);
	icf_get_stats(c, &st);
	EXPECT_EQ(3, st.invalid);
	EXPECT_EQ(1, st.associations);
	icf_free(c);
}

/* Small objects (SUCIs, value sets, TAI lists): huge pages from the first. */
TEST(blobs_are_on_huge_page_advised_memory_from_the_first)
{
	struct icf_blobs b = { 0 };
	uintptr_t lo = 0, hi = 0;
	void *p = NULL;
	int hg = 0;

	ASSERT_NE(0, icf_blob_alloc(&b, 16, &p));
	ASSERT_EQ(0, vma_of(p, &lo, &hi, &hg));
	EXPECT_TRUE(hg);
	EXPECT_EQ(0, lo % (2 * MIB));
	EXPECT_LE(lo + 2 * MIB, hi);
	icf_blob_destroy(&b);
}

TEST_HARNESS_MAIN
