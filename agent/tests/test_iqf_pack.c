// SPDX-License-Identifier: GPL-2.0
/*
 * test_iqf_pack.c - the server's answers packed straight from the cache
 * (iqf_handle_packed(), iqf_pack.c) are, octet for octet, what protobuf-c
 * packs for iqf_handle()'s response in a ServerMessage, over every field
 * shape (PEI and GPSI kinds, NAI SUPI, long SUCI, TAI lists, closed
 * associations, several SUPIs, truncation, lengths of one to three varint
 * octets, rejections); and a query in steady state allocates nothing, in
 * iqf_handle_packed() and in the server's whole dispatch (malloc counted
 * through the sanitizer's hooks; skipped in a build without them).
 */
#include "kselftest_harness.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "icf_fixture.h"
#include "iqf_client.h"
#include "iqf_fixture.h"
#include "iqf_server.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

/* From the sanitizer runtime when there is one (ASan, the unit tests). */
int __sanitizer_install_malloc_and_free_hooks(void (*m)(const volatile void *,
							size_t),
					      void (*f)(const volatile void *))
	__attribute__((weak));

static volatile int counting;
static volatile unsigned long mallocs;

static void on_malloc(const volatile void *p, size_t n)
{
	(void)p;
	(void)n;
	if (counting)
		mallocs++;
}

static void on_free(const volatile void *p)
{
	(void)p;
}

static struct icf_result res;

#define LONG_NAI                                                          \
	"a-rather-long-network-access-identifier-for-a-subscriber-whose-" \
	"realm-is-also-long@ims.mnc015.mcc234.3gppnetwork.org"

FIXTURE(pack)
{
	struct lm_clock clk;
	struct icf *c;
	struct req_buf b;
};

FIXTURE_SETUP(pack)
{
	static const uint8_t suci[10] = { 1,	0x32, 0xf4, 0x51, 0xf0,
					  0xff, 0,    0,    0x21, 0x43 };
	static const uint8_t mac[6] = { 0x0a, 0xbc, 0xde, 0xf0, 0x12, 0xff };
	static const uint8_t eui[8] = { 1, 2, 3, 4, 5, 6, 7, 0xfe };
	static uint8_t long_suci[40], tl[16 * ICF_TAI_LEN];
	struct icf_assoc_event a;

	lm_clock_manual_init(&self->clk, T0);
	self->c = icf_new(&test_cfg, &self->clk);
	ASSERT_NE(NULL, self->c);
	for (int i = 0; i < 16; i++)
		mk_tai(tl + i * ICF_TAI_LEN, i & 1 ? plmn_b : plmn_a,
		       0xabc000u + (unsigned int)i);
	memcpy(long_suci, suci, sizeof(suci));
	long_suci[0] = 0x11; /* not null-scheme: long, kept as a blob */
	/* SUPI 1: every field, one TAI; then a second association. */
	mk_full_assoc(&a, "234150000000001", 0xa1, T0, suci, sizeof(suci), tl);
	ASSERT_LE(0, icf_associate(self->c, &a));
	mk_assoc(&a, "234150000000001", 0xa2, T0 + 10 * SEC);
	ASSERT_LE(0, icf_associate(self->c, &a));
	/* SUPI 2 also got GUTI a2: two SUPIs for one GUTI. */
	mk_assoc(&a, "234150000000002", 0xa2, T0 + 12 * SEC);
	a.pei_type = ICF_PEI_IMEISV;
	a.pei = (const uint8_t *)"3592540612345601";
	a.pei_len = 16;
	ASSERT_LE(0, icf_associate(self->c, &a));
	/* A NAI SUPI: MAC PEI, NAI GPSI, long SUCI, 16 TAIs, no NCGI. */
	mk_assoc(&a, LONG_NAI, 0xb1, T0 + 13 * SEC);
	a.supi.type = ICF_SUPI_NAI;
	a.has_ncgi = false;
	a.suci = long_suci;
	a.suci_len = sizeof(long_suci);
	a.pei_type = ICF_PEI_MAC;
	a.pei = mac;
	a.pei_len = sizeof(mac);
	a.gpsi_type = ICF_GPSI_NAI;
	a.gpsi = LONG_NAI;
	a.gpsi_len = sizeof(LONG_NAI) - 1;
	a.has_tai_list = true;
	a.tai_list = tl;
	a.n_tai_list = 16;
	ASSERT_LE(0, icf_associate(self->c, &a));
	/* An EUI-64 PEI. */
	mk_assoc(&a, "234150000000003", 0xc1, T0 + 14 * SEC);
	a.pei_type = ICF_PEI_EUI64;
	a.pei = eui;
	a.pei_len = sizeof(eui);
	ASSERT_LE(0, icf_associate(self->c, &a));
	/* 1100 associations of one SUPI within a search window: truncated. */
	for (int i = 0; i < 1100; i++) {
		mk_assoc(&a, "234150000000004", 0xd000u + (unsigned int)i,
			 T0 + 100 * SEC + i);
		ASSERT_LE(0, icf_associate(self->c, &a));
	}
	lm_clock_manual_set(&self->clk, T0 + 200 * SEC);
}

FIXTURE_TEARDOWN(pack)
{
	icf_free(self->c);
}

/* iqf_handle() + iqf_frame() against iqf_handle_packed(), after 3 octets. */
static void same(struct __test_metadata *_metadata, struct icf *c,
		 const Lmisf__Iqf__IdentityAssociationRequest *req)
{
	Lmisf__Iqf__ServerMessage m = LMISF__IQF__SERVER_MESSAGE__INIT;
	struct iqf_arena ar = { 0 };
	struct streambuf b = { 0 };
	struct iqf_outcome o1, o2;
	uint8_t *f;
	size_t n;

	m.msg_case = LMISF__IQF__SERVER_MESSAGE__MSG_RESPONSE;
	m.response = iqf_handle(c, req, &res, &ar, &o1);
	ASSERT_NE(NULL, m.response);
	f = iqf_frame(&m.base, &n);
	ASSERT_NE(NULL, f);
	ASSERT_EQ(0, streambuf_room(&b, 3));
	memcpy(b.p, "xyz", 3);
	b.len = 3;
	ASSERT_EQ(0, iqf_handle_packed(c, req, &res, &ar, &b, &o2));
	EXPECT_EQ(n, b.len - 3);
	EXPECT_EQ(0, memcmp(b.p, "xyz", 3));
	if (n == b.len - 3)
		EXPECT_EQ(0, memcmp(f, b.p + 3, n));
	EXPECT_EQ(0, memcmp(&o1, &o2, sizeof(o1)));
	free(f);
	free(b.p);
	iqf_arena_free(&ar);
}

static void by_supi(struct req_buf *b, const char *supi, bool nai)
{
	rq_init(b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(b, supi);
	if (nai) {
		b->supi.value_case = LMISF__IQF__SUPI__VALUE_SUPI_NAI;
		b->supi.supi_nai = (char *)supi;
	}
}

TEST_F(pack, same_octets_as_protobuf_c)
{
	static const uint8_t suci[10] = { 1,	0x32, 0xf4, 0x51, 0xf0,
					  0xff, 0,    0,    0x21, 0x43 };
	struct req_buf *b = &self->b;

	by_supi(b, "234150000000001", false);
	same(_metadata, self->c, &b->req);
	b->req.has_request_id = 1;
	b->req.request_id = 1ull << 40; /* a long varint */
	same(_metadata, self->c, &b->req);
	rq_time(b, T0 + 5 * SEC); /* the closed association */
	same(_metadata, self->c, &b->req);
	by_supi(b, LONG_NAI, true); /* a record longer than 127 octets */
	same(_metadata, self->c, &b->req);
	by_supi(b, "234150000000003", false);
	same(_metadata, self->c, &b->req);
	by_supi(b, "234150000000099", false); /* none */
	same(_metadata, self->c, &b->req);
	by_supi(b, "234150000000004", false); /* truncated, 3-octet length */
	rq_time(b, T0 + 100 * SEC + 550);
	same(_metadata, self->c, &b->req);
	EXPECT_TRUE(res.truncated);
	rq_init(b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_guti(b, 0xa2); /* two SUPIs */
	same(_metadata, self->c, &b->req);
	EXPECT_EQ(2, res.n_supi);
	rq_init(b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_stmsi(b, 0xb1);
	rq_tai(b, "abc00e");
	same(_metadata, self->c, &b->req);
	EXPECT_EQ(1, res.n);
	rq_init(b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	b->rv.has_suci = 1;
	b->rv.suci.data = (uint8_t *)suci;
	b->rv.suci.len = sizeof(suci);
	same(_metadata, self->c, &b->req);
	/* Times of two days in one response, and a day formatted again. */
	lm_clock_manual_set(&self->clk, T0 + DAY + 30 * MIN + 7);
	by_supi(b, "234150000000002", false);
	same(_metadata, self->c, &b->req);
	lm_clock_manual_set(&self->clk, T0 + 200 * SEC);
	same(_metadata, self->c, &b->req);
	/* Rejections: no value, a malformed one, a wrong type. */
	rq_init(b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	b->req.has_request_id = 1;
	b->req.request_id = 9;
	same(_metadata, self->c, &b->req);
	by_supi(b, "23415x", false);
	same(_metadata, self->c, &b->req);
	by_supi(b, "234150000000001", false);
	b->req.type = 17;
	same(_metadata, self->c, &b->req);
}

/* Without the sanitizer's hooks there is nothing to count with. */
static bool hooks(void)
{
	return __sanitizer_install_malloc_and_free_hooks &&
	       __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
}

TEST_F(pack, steady_state_query_allocates_nothing)
{
	struct iqf_arena ar = { 0 };
	struct streambuf b = { 0 };
	struct iqf_outcome o;

	if (!hooks())
		SKIP(return, "no sanitizer malloc hooks in this build");
	by_supi(&self->b, LONG_NAI, true);
	counting = 1; /* the first grows the buffer: the hooks see it */
	ASSERT_EQ(0,
		  iqf_handle_packed(self->c, &self->b.req, &res, &ar, &b, &o));
	EXPECT_LT(0, mallocs);
	mallocs = 0;
	for (int i = 0; i < 100; i++) {
		b.len = 0;
		by_supi(&self->b, i & 1 ? LONG_NAI : "234150000000001", i & 1);
		iqf_handle_packed(self->c, &self->b.req, &res, &ar, &b, &o);
		iqf_arena_reset(&ar);
	}
	counting = 0;
	EXPECT_EQ(0, mallocs);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND, o.status);
	free(b.p);
	iqf_arena_free(&ar);
}

/* The server's whole turn: read, unpack, answer, send, audit. */
TEST_F(pack, steady_state_server_turn_allocates_nothing)
{
	char dir[] = "/tmp/lmisf-pack-XXXXXX", sock[64], audit[64];
	struct iqf_server_config sc = { .mode = 0600, .gid = (gid_t)-1 };
	Lmisf__Iqf__ClientMessage cm = LMISF__IQF__CLIENT_MESSAGE__INIT;
	Lmisf__Iqf__ServerMessage *m;
	struct iqf_server *s;
	struct iqf_client cl;
	unsigned long turns = 0;

	if (!hooks())
		SKIP(return, "no sanitizer malloc hooks in this build");
	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(sock, sizeof(sock), "%s/iqf.sock", dir);
	snprintf(audit, sizeof(audit), "%s/audit.log", dir);
	sc.unix_path = sock;
	sc.audit_fd = open(audit, O_WRONLY | O_CREAT | O_APPEND, 0600);
	ASSERT_LE(0, sc.audit_fd);
	s = iqf_server_new(self->c, &sc);
	ASSERT_NE(NULL, s);
	ASSERT_EQ(0, iqf_client_connect(&cl, sock));
	ASSERT_EQ(0, iqf_server_dispatch(s)); /* accept */
	cm.msg_case = LMISF__IQF__CLIENT_MESSAGE__MSG_REQUEST;
	cm.request = &self->b.req;
	mallocs = 0;
	for (int i = 0; i < 21; i++) {
		by_supi(&self->b, i & 1 ? LONG_NAI : "234150000000001", i & 1);
		self->b.req.reference = (char *)"LEA-REF-1";
		ASSERT_EQ(0, iqf_client_send(&cl, &cm));
		counting = i > 0; /* the first turn grows the buffers */
		ASSERT_EQ(0, iqf_server_dispatch(s));
		counting = 0;
		turns += i > 0;
		ASSERT_EQ(1, iqf_client_recv(&cl, &m, 1000));
		EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND,
			  m->response->status);
		lmisf__iqf__server_message__free_unpacked(m, NULL);
	}
	EXPECT_EQ(20, turns);
	EXPECT_EQ(0, mallocs);
	iqf_client_close(&cl);
	iqf_server_free(s);
	close(sc.audit_fd);
	unlink(audit);
	rmdir(dir);
}

TEST_HARNESS_MAIN
