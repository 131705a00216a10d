// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_e2e.c - the ICF rules (TS 33.128 7.6.2.4) and IQF behaviour
 * (7.6.3) through the real LI_XER listener (TCP, BER records encoded with
 * lixer.h) and the real query socket (length-prefixed protobuf on a Unix
 * socket), in one process with a manual clock. Also the listener's
 * connection policy, keepalives, several IEFs, ongoing requests, audit
 * and access control.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "icf_fixture.h"
#include "ief_listener.h"
#include "iqf_client.h"
#include "iqf_fixture.h"
#include "iqf_server.h"
#include "lixer.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#define NS(ms) ((int64_t)(ms)*1000000)

struct e2e {
	struct lm_clock clk;
	struct icf *c;
	struct ief_listener *l;
	struct iqf_server *s;
	char dir[64], sock[128], audit[128];
	int audit_fd, ief;
	struct iqf_client q;
};

static void pump_once(struct e2e *e, int ms)
{
	struct pollfd p[2] = {
		{ .fd = ief_listener_fd(e->l), .events = POLLIN },
		{ .fd = iqf_server_fd(e->s), .events = POLLIN },
	};

	poll(p, 2, ms);
	ief_listener_dispatch(e->l);
	iqf_server_dispatch(e->s);
}

static int tcp_connect(uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int e2e_setup(struct e2e *e, const struct iqf_server_config *over)
{
	struct ief_listener_config lc = { .bind_addr = "127.0.0.1" };
	struct iqf_server_config sc = { .mode = 0600, .gid = (gid_t)-1 };

	memset(e, 0, sizeof(*e));
	strcpy(e->dir, "/tmp/lmisf-e2e-XXXXXX");
	if (!mkdtemp(e->dir))
		return -1;
	snprintf(e->sock, sizeof(e->sock), "%s/iqf.sock", e->dir);
	snprintf(e->audit, sizeof(e->audit), "%s/audit.log", e->dir);
	e->audit_fd = open(e->audit, O_WRONLY | O_CREAT | O_APPEND, 0600);
	lm_clock_manual_init(&e->clk, T0);
	e->c = icf_new(&test_cfg, &e->clk);
	if (!e->c)
		return -1;
	e->l = ief_listener_new(e->c, &lc);
	if (over)
		sc = *over;
	sc.unix_path = e->sock;
	sc.audit_fd = e->audit_fd;
	e->s = iqf_server_new(e->c, &sc);
	if (!e->l || !e->s)
		return -1;
	e->ief = tcp_connect(ief_listener_port(e->l));
	if (e->ief < 0 || iqf_client_connect(&e->q, e->sock))
		return -1;
	pump_once(e, 10);
	return 0;
}

static void e2e_teardown(struct e2e *e)
{
	char path[160];

	iqf_client_close(&e->q);
	if (e->ief >= 0)
		close(e->ief);
	iqf_server_free(e->s);
	ief_listener_free(e->l);
	icf_free(e->c);
	if (e->audit_fd >= 0)
		close(e->audit_fd);
	unlink(e->audit);
	snprintf(path, sizeof(path), "%s", e->sock);
	unlink(path);
	rmdir(e->dir);
}

static void send_bytes(int fd, const void *p, size_t n)
{
	if (write(fd, p, n) != (ssize_t)n)
		abort();
}

static size_t encode(const struct lixer_msg *m, uint8_t *out, size_t cap)
{
	struct ber_enc enc;
	size_t n = 0;

	ber_enc_init(&enc);
	if (!lixer_encode(m, &enc) && !ber_enc_error(&enc) && enc.len <= cap) {
		memcpy(out, enc.buf, enc.len);
		n = enc.len;
	}
	ber_enc_free(&enc);
	return n;
}

static void send_msg(int fd, const struct lixer_msg *m)
{
	uint8_t buf[8192];
	size_t n = encode(m, buf, sizeof(buf));

	if (!n)
		abort();
	send_bytes(fd, buf, n);
}

static void mk_lassoc(struct lixer_msg *m, const char *supi, uint32_t tmsi,
		      lm_ms_t t)
{
	struct lixer_assoc *a = &m->assoc;

	memset(m, 0, sizeof(*m));
	m->kind = LIXER_ASSOCIATION;
	a->supi.kind = LIXER_SUPI_IMSI;
	a->supi.v.ptr = (const uint8_t *)supi;
	a->supi.v.len = strlen(supi);
	mk_guti(a->guti, plmn_a, 1, 5, 3, tmsi);
	a->timestamp_ns = NS(t);
	mk_tai(a->tai, plmn_a, 0x100);
	memcpy(a->ncgi.plmn, plmn_a, 3);
	a->ncgi.nci = 0x123456789ULL;
	a->ncgi_time_ns = NS(t);
}

static void mk_ldeassoc(struct lixer_msg *m, const char *supi, uint32_t tmsi,
			lm_ms_t t)
{
	struct lixer_deassoc *d = &m->deassoc;

	memset(m, 0, sizeof(*m));
	m->kind = LIXER_DEASSOCIATION;
	d->supi.kind = LIXER_SUPI_IMSI;
	d->supi.v.ptr = (const uint8_t *)supi;
	d->supi.v.len = strlen(supi);
	mk_guti(d->guti, plmn_a, 1, 5, 3, tmsi);
	d->timestamp_ns = NS(t);
	memcpy(d->ncgi.plmn, plmn_a, 3);
	d->ncgi_time_ns = NS(t);
}

/* Pumps until the listener has seen @n records in all (or 2 s). */
static int wait_records(struct e2e *e, uint64_t n)
{
	struct ief_listener_stats st;

	for (int i = 0; i < 400; i++) {
		ief_listener_get_stats(e->l, &st);
		if (st.records >= n)
			return 0;
		pump_once(e, 5);
	}
	return -1;
}

static void assoc(struct e2e *e, const char *supi, uint32_t tmsi, lm_ms_t t)
{
	struct ief_listener_stats st;
	struct lixer_msg m;

	ief_listener_get_stats(e->l, &st);
	mk_lassoc(&m, supi, tmsi, t);
	send_msg(e->ief, &m);
	wait_records(e, st.records + 1);
}

static Lmisf__Iqf__ServerMessage *recv_msg(struct e2e *e)
{
	Lmisf__Iqf__ServerMessage *m = NULL;

	for (int i = 0; i < 400; i++) {
		pump_once(e, 1);
		if (iqf_client_recv(&e->q, &m, 2) != 0)
			return m;
	}
	return NULL;
}

static Lmisf__Iqf__ServerMessage *ask(struct e2e *e, struct req_buf *b)
{
	Lmisf__Iqf__ClientMessage cm = LMISF__IQF__CLIENT_MESSAGE__INIT;

	cm.msg_case = LMISF__IQF__CLIENT_MESSAGE__MSG_REQUEST;
	cm.request = &b->req;
	if (iqf_client_send(&e->q, &cm))
		return NULL;
	return recv_msg(e);
}

/* One response's status, with the message kept in *keep (freed later). */
#define RESP(m)                                                             \
	((m) && (m)->msg_case == LMISF__IQF__SERVER_MESSAGE__MSG_RESPONSE ? \
		 (m)->response :                                            \
		 NULL)

FIXTURE(sockets)
{
	struct e2e e;
	struct req_buf b;
	Lmisf__Iqf__ServerMessage *m;
};

FIXTURE_SETUP(sockets)
{
	ASSERT_EQ(0, e2e_setup(&self->e, NULL));
	self->m = NULL;
}

FIXTURE_TEARDOWN(sockets)
{
	if (self->m)
		lmisf__iqf__server_message__free_unpacked(self->m, NULL);
	e2e_teardown(&self->e);
}

static Lmisf__Iqf__IdentityAssociationResponse *
query(struct e2e *e, struct req_buf *b, Lmisf__Iqf__ServerMessage **keep)
{
	if (*keep)
		lmisf__iqf__server_message__free_unpacked(*keep, NULL);
	*keep = ask(e, b);
	return RESP(*keep);
}

/* 7.6.2.4 bullet 1 via sockets: the association becomes active. */
TEST_F(sockets, assoc_active)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND, r->status);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_EQ(0xa1, r->associations[0]->five_g_guti->five_g_tmsi);
	EXPECT_STREQ("2026-01-01T00:00:00.000Z",
		     r->associations[0]->association_start_time);
	EXPECT_EQ(NULL, r->associations[0]->association_end_time);
	EXPECT_STREQ("123456789", r->associations[0]->ncgi->nci);
}

/* Bullet 1: previous association kept until the cache time limit. */
TEST_F(sockets, previous_until_cache_limit)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	assoc(&self->e, "234150000000001", 0xa2, T0 + 10 * SEC);
	lm_clock_manual_set(&self->e.clk, T0 + 20 * SEC);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_guti(&self->b, 0xa1);
	rq_time(&self->b, T0 + 1 * SEC);
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_STREQ("2026-01-01T00:00:10.000Z",
		     r->associations[0]->association_end_time);
	lm_clock_manual_set(&self->e.clk, T0 + 10 * SEC + HOUR);
	self->b.req.observed_time = NULL;
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND, r->status);
}

/* Bullet 2: the SUCI stays with its association. */
TEST_F(sockets, suci_with_association)
{
	static const uint8_t suci[12] = { 1, 0x32, 0xf4, 0x51, 0xf0, 0xff,
					  0, 0,	   0,	 0,    0x21, 0x43 };
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct lixer_msg m;

	mk_lassoc(&m, "234150000000001", 0xa1, T0);
	m.assoc.suci.ptr = suci;
	m.assoc.suci.len = sizeof(suci);
	send_msg(self->e.ief, &m);
	assoc(&self->e, "234150000000001", 0xa2, T0 + 5 * SEC);
	lm_clock_manual_set(&self->e.clk, T0 + 20 * SEC);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	self->b.rv.has_suci = 1;
	self->b.rv.suci.data = (uint8_t *)suci;
	self->b.rv.suci.len = sizeof(suci);
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_EQ(0xa1, r->associations[0]->five_g_guti->five_g_tmsi);
	ASSERT_TRUE(r->associations[0]->has_suci);
	EXPECT_EQ(0, memcmp(suci, r->associations[0]->suci.data, sizeof(suci)));
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_FALSE(r->associations[0]->has_suci);
}

/* Bullet 3: the deassociation closes the matching active association. */
TEST_F(sockets, deassociation)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct lixer_msg m;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	mk_ldeassoc(&m, "234150000000001", 0xa1, T0 + 7 * SEC);
	send_msg(self->e.ief, &m);
	ASSERT_EQ(0, wait_records(&self->e, 2));
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_STREQ("2026-01-01T00:00:07.000Z",
		     r->associations[0]->association_end_time);
}

/* Maximum active association lifetime. */
TEST_F(sockets, max_active_lifetime)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	lm_clock_manual_set(&self->e.clk, T0 + 2 * DAY);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND, r->status);
}

/* PEI/GPSI/TAI list carried to later associations; old stay with old. */
TEST_F(sockets, carry_forward)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct lixer_msg m;

	mk_lassoc(&m, "234150000000001", 0xa1, T0);
	m.assoc.pei.kind = LIXER_PEI_IMEI;
	m.assoc.pei.v.ptr = (const uint8_t *)"35925406123456";
	m.assoc.pei.v.len = 14;
	m.assoc.gpsi.kind = LIXER_GPSI_MSISDN;
	m.assoc.gpsi.v.ptr = (const uint8_t *)"447700900001";
	m.assoc.gpsi.v.len = 12;
	m.assoc.has_tai_list = true;
	m.assoc.n_tais = 1;
	mk_tai(m.assoc.tai_list[0], plmn_a, 0x777);
	send_msg(self->e.ief, &m);
	assoc(&self->e, "234150000000001", 0xa2, T0 + 10 * SEC);
	mk_lassoc(&m, "234150000000001", 0xa3, T0 + 20 * SEC);
	m.assoc.pei.kind = LIXER_PEI_IMEI;
	m.assoc.pei.v.ptr = (const uint8_t *)"35925406999999";
	m.assoc.pei.v.len = 14;
	send_msg(self->e.ief, &m);
	ASSERT_EQ(0, wait_records(&self->e, 3));
	lm_clock_manual_set(&self->e.clk, T0 + 30 * SEC);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	rq_time(&self->b, T0 + 15 * SEC);
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_EQ(0xa2, r->associations[0]->five_g_guti->five_g_tmsi);
	ASSERT_NE(NULL, r->associations[0]->pei);
	EXPECT_STREQ("35925406123456", r->associations[0]->pei->pei_imei);
	ASSERT_NE(NULL, r->associations[0]->gpsi);
	ASSERT_EQ(1, r->associations[0]->n_five_gs_tai_list);
	EXPECT_STREQ("000777", r->associations[0]->five_gs_tai_list[0]->tac);
	self->b.req.observed_time = NULL;
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_STREQ("35925406999999", r->associations[0]->pei->pei_imei);
	ASSERT_NE(NULL, r->associations[0]->gpsi);
	EXPECT_EQ(1, r->associations[0]->n_five_gs_tai_list);
	rq_time(&self->b, T0 + 5 * SEC);
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_STREQ("35925406123456", r->associations[0]->pei->pei_imei);
}

/* Time, window and TAI select; 5G-S-TMSI; several SUPIs flagged. */
TEST_F(sockets, time_tai_window_and_multiple_supis)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct lixer_msg m;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	mk_ldeassoc(&m, "234150000000001", 0xa1, T0 + 10 * SEC);
	send_msg(self->e.ief, &m);
	mk_lassoc(&m, "234150000000002", 0xa1, T0 + 30 * SEC);
	mk_tai(m.assoc.tai, plmn_a, 0x200);
	send_msg(self->e.ief, &m);
	ASSERT_EQ(0, wait_records(&self->e, 3));
	lm_clock_manual_set(&self->e.clk, T0 + 60 * SEC);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_stmsi(&self->b, 0xa1);
	rq_time(&self->b, T0 + 12 * SEC); /* 2 s after the deassociation */
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_STREQ("234150000000001", r->associations[0]->supi->supi_imsi);
	rq_time(&self->b, T0 + 20 * SEC); /* gap */
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND, r->status);
	rq_time(&self->b, T0 + 20 * SEC);
	self->b.req.observed_time = NULL;
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_stmsi(&self->b, 0xa1);
	rq_time(&self->b, T0 + 40 * SEC);
	rq_tai(&self->b, "000200");
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(1, r->n_associations);
	EXPECT_STREQ("234150000000002", r->associations[0]->supi->supi_imsi);
	/* Window wide enough for both (one SUPI per side): flagged. */
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_guti(&self->b, 0xa1);
	assoc(&self->e, "234150000000003", 0xa1, T0 + 59 * SEC);
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(2, r->n_associations); /* both active holders */
	EXPECT_TRUE(r->multiple_supis);
}

/* 7.6.3.1 rejections arrive over the socket with a reason. */
TEST_F(sockets, rejections)
{
	static const uint8_t junk[] = { 0, 0, 0, 3, 0xff, 0xff, 0xff };
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct iqf_server_stats st;

	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	rq_time(&self->b, T0 - HOUR);
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED, r->status);
	EXPECT_EQ(LMISF__IQF__REJECT_REASON__OUTSIDE_CACHE_PERIOD,
		  r->reject_reason);
	ASSERT_EQ(0, iqf_client_send_raw(&self->e.q, junk, sizeof(junk)));
	lmisf__iqf__server_message__free_unpacked(self->m, NULL);
	self->m = recv_msg(&self->e);
	r = RESP(self->m);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__REJECT_REASON__MALFORMED_MESSAGE,
		  r->reject_reason);
	iqf_server_get_stats(self->e.s, &st);
	EXPECT_EQ(1, st.malformed);
	EXPECT_EQ(2, st.rejected);
}

/* An oversize length prefix cannot be framed: the connection is closed. */
TEST_F(sockets, oversize_query_frame_closes)
{
	static const uint8_t big[] = { 0x7f, 0xff, 0xff, 0xff };
	Lmisf__Iqf__ServerMessage *m = NULL;
	int r = 0;

	ASSERT_EQ(0, iqf_client_send_raw(&self->e.q, big, sizeof(big)));
	for (int i = 0; i < 100 && r == 0; i++) {
		pump_once(&self->e, 1);
		r = iqf_client_recv(&self->e.q, &m, 2);
	}
	EXPECT_EQ(-ECONNRESET, r);
}

/* Keepalive answered with keepaliveResponse, same sequence number. */
TEST_F(sockets, keepalive_response)
{
	struct lixer_msg m = { .kind = LIXER_KEEPALIVE, .seq = 4242 };
	struct ber_error err;
	uint8_t buf[256];
	ssize_t n = 0;

	send_msg(self->e.ief, &m);
	for (int i = 0; i < 200 && n <= 0; i++) {
		pump_once(&self->e, 2);
		n = recv(self->e.ief, buf, sizeof(buf), MSG_DONTWAIT);
	}
	ASSERT_GT(n, 0);
	memset(&m, 0, sizeof(m));
	ASSERT_EQ(0, lixer_decode(buf, (size_t)n, &m, &err));
	EXPECT_EQ(LIXER_KEEPALIVE_RESPONSE, m.kind);
	EXPECT_EQ(4242, m.seq);
}

/* Framing error: counted, connection closed, other IEFs unaffected. */
TEST_F(sockets, framing_error_closes_connection)
{
	static const uint8_t notseq[] = { 0x04, 0x02, 0x00, 0x00 };
	struct ief_listener_stats st;
	struct icf_stats cs;
	int other = tcp_connect(ief_listener_port(self->e.l));
	uint8_t b;
	ssize_t n = -1;

	ASSERT_GE(other, 0);
	send_bytes(self->e.ief, notseq, sizeof(notseq));
	for (int i = 0; i < 200 && n != 0; i++) {
		pump_once(&self->e, 2);
		n = recv(self->e.ief, &b, 1, MSG_DONTWAIT);
	}
	EXPECT_EQ(0, n); /* EOF: closed by the ICF */
	ief_listener_get_stats(self->e.l, &st);
	EXPECT_EQ(1, st.framing_errors);
	icf_get_stats(self->e.c, &cs);
	EXPECT_EQ(0, cs.associations);
	close(self->e.ief);
	self->e.ief = other;
	assoc(&self->e, "234150000000001", 0xa1, T0);
	icf_get_stats(self->e.c, &cs);
	EXPECT_EQ(1, cs.associations);
}

/* Find the OID arcs 04 14 11 01 01 in an encoded record. */
static uint8_t *find_oid(uint8_t *p, size_t n)
{
	static const uint8_t arcs[] = { 0x04, 0x14, 0x11, 0x01, 0x01 };

	for (size_t i = 0; i + sizeof(arcs) <= n; i++)
		if (!memcmp(p + i, arcs, sizeof(arcs)))
			return p + i;
	return NULL;
}

/* Well-framed bad records are counted and skipped; the IEF stays up. */
TEST_F(sockets, bad_records_skipped)
{
	struct ief_listener_stats st;
	struct icf_stats cs;
	struct lixer_msg m;
	uint8_t buf[1024], *o;
	size_t n;

	mk_lassoc(&m, "234150000000001", 0xa1, T0);
	n = encode(&m, buf, sizeof(buf));
	ASSERT_GT(n, 0);
	o = find_oid(buf, n);
	ASSERT_NE(NULL, o);
	o[4] = 0x02; /* iEF(2): not our record OID */
	send_bytes(self->e.ief, buf, n);
	o[4] = 0x01;
	o[5 + 2] = 0xa7; /* record [2] holds alternative [7]: unknown */
	send_bytes(self->e.ief, buf, n);
	/* A SUPI with a letter: decodes as BER but is not a valid value. */
	mk_lassoc(&m, "23415000000000x", 0xa1, T0);
	n = encode(&m, buf, sizeof(buf));
	if (n)
		send_bytes(self->e.ief, buf, n);
	assoc(&self->e, "234150000000001", 0xa1, T0);
	ASSERT_EQ(0, wait_records(&self->e, n ? 4 : 3));
	ief_listener_get_stats(self->e.l, &st);
	EXPECT_EQ(1, st.wrong_oid);
	EXPECT_EQ(1, st.unknown_records);
	EXPECT_EQ(n ? 1 : 0, st.malformed_records + st.refused_by_cache);
	EXPECT_EQ(1, st.associations);
	EXPECT_EQ(0, st.framing_errors);
	EXPECT_EQ(1, st.conns_open); /* still connected */
	icf_get_stats(self->e.c, &cs);
	EXPECT_EQ(1, cs.associations);
}

/* Several IEFs at once, records split across writes. */
TEST_F(sockets, several_iefs_interleaved)
{
	int fds[3] = { self->e.ief, tcp_connect(ief_listener_port(self->e.l)),
		       tcp_connect(ief_listener_port(self->e.l)) };
	uint8_t bufs[3][1024];
	size_t lens[3];
	struct icf_stats cs;
	struct lixer_msg m;
	char supi[3][32];

	for (int i = 0; i < 3; i++) {
		ASSERT_GE(fds[i], 0);
		snprintf(supi[i], sizeof(supi[i]), "23415000000001%d", i);
		mk_lassoc(&m, supi[i], 0xb0 + i, T0);
		lens[i] = encode(&m, bufs[i], sizeof(bufs[i]));
		ASSERT_GT(lens[i], 10);
	}
	/* First halves from everyone, then the rest. */
	for (int i = 0; i < 3; i++) {
		send_bytes(fds[i], bufs[i], 7);
		pump_once(&self->e, 1);
	}
	for (int i = 2; i >= 0; i--)
		send_bytes(fds[i], bufs[i] + 7, lens[i] - 7);
	ASSERT_EQ(0, wait_records(&self->e, 3));
	icf_get_stats(self->e.c, &cs);
	EXPECT_EQ(3, cs.associations);
	close(fds[1]);
	close(fds[2]);
}

/* Ongoing: current associations, then each new one, until deactivated. */
TEST_F(sockets, ongoing_updates)
{
	Lmisf__Iqf__ClientMessage cm = LMISF__IQF__CLIENT_MESSAGE__INIT;
	Lmisf__Iqf__DeactivateAssociationUpdates d =
		LMISF__IQF__DEACTIVATE_ASSOCIATION_UPDATES__INIT;
	Lmisf__Iqf__IdentityAssociationResponse *r;
	Lmisf__Iqf__ServerMessage *u = NULL;
	struct lixer_msg m;
	uint64_t task;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	rq_init(&self->b,
		LMISF__IQF__REQUEST_TYPE__ONGOING_IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND, r->status);
	ASSERT_TRUE(r->has_ongoing_association_task_id);
	task = r->ongoing_association_task_id;
	ASSERT_EQ(1, r->n_associations);
	/* Another SUPI: nothing pushed. */
	assoc(&self->e, "234150000000002", 0xa9, T0 + 1 * SEC);
	/* A new GUTI for ours: the closed one and the new one are pushed. */
	assoc(&self->e, "234150000000001", 0xa2, T0 + 2 * SEC);
	u = recv_msg(&self->e);
	ASSERT_NE(NULL, u);
	ASSERT_EQ(LMISF__IQF__SERVER_MESSAGE__MSG_UPDATE, u->msg_case);
	EXPECT_EQ(task, u->update->ongoing_association_task_id);
	EXPECT_EQ(0xa1, u->update->update_details->five_g_guti->five_g_tmsi);
	EXPECT_NE(NULL, u->update->update_details->association_end_time);
	lmisf__iqf__server_message__free_unpacked(u, NULL);
	u = recv_msg(&self->e);
	ASSERT_NE(NULL, u);
	ASSERT_EQ(LMISF__IQF__SERVER_MESSAGE__MSG_UPDATE, u->msg_case);
	EXPECT_EQ(0xa2, u->update->update_details->five_g_guti->five_g_tmsi);
	EXPECT_EQ(NULL, u->update->update_details->association_end_time);
	lmisf__iqf__server_message__free_unpacked(u, NULL);
	/* Deactivate. */
	d.ongoing_association_task_id = task;
	cm.msg_case = LMISF__IQF__CLIENT_MESSAGE__MSG_DEACTIVATE;
	cm.deactivate = &d;
	ASSERT_EQ(0, iqf_client_send(&self->e.q, &cm));
	u = recv_msg(&self->e);
	ASSERT_NE(NULL, RESP(u));
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__DEACTIVATED,
		  u->response->status);
	lmisf__iqf__server_message__free_unpacked(u, NULL);
	/* No more updates. */
	mk_ldeassoc(&m, "234150000000001", 0xa2, T0 + 3 * SEC);
	send_msg(self->e.ief, &m);
	assoc(&self->e, "234150000000001", 0xa3, T0 + 4 * SEC);
	u = NULL;
	for (int i = 0; i < 20 && !u; i++) {
		pump_once(&self->e, 1);
		if (iqf_client_recv(&self->e.q, &u, 1) < 0)
			break;
	}
	EXPECT_EQ(NULL, u);
	/* Deactivating again: unknown task. */
	ASSERT_EQ(0, iqf_client_send(&self->e.q, &cm));
	u = recv_msg(&self->e);
	ASSERT_NE(NULL, RESP(u));
	EXPECT_EQ(LMISF__IQF__REJECT_REASON__UNKNOWN_TASK,
		  u->response->reject_reason);
	lmisf__iqf__server_message__free_unpacked(u, NULL);
}

/* Audit: who, what, when, how many; never the identifiers. */
TEST_F(sockets, audit_log_without_identifiers)
{
	char log[4096], want[64];
	ssize_t n;
	int fd;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	self->b.req.reference = (char *)"LEA-REF-7";
	ASSERT_NE(NULL, query(&self->e, &self->b, &self->m));
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_guti(&self->b, 0xa1);
	ASSERT_NE(NULL, query(&self->e, &self->b, &self->m));
	fd = open(self->e.audit, O_RDONLY);
	ASSERT_GE(fd, 0);
	n = read(fd, log, sizeof(log) - 1);
	close(fd);
	ASSERT_GT(n, 0);
	log[n] = '\0';
	snprintf(want, sizeof(want), "uid=%u ", (unsigned int)getuid());
	EXPECT_NE(NULL, strstr(log, want));
	EXPECT_NE(NULL, strstr(log, "type=identity key=supi"));
	EXPECT_NE(NULL, strstr(log, "key=5g-guti"));
	EXPECT_NE(NULL, strstr(log, "ref=\"LEA-REF-7\""));
	EXPECT_NE(NULL, strstr(log, "status=found"));
	EXPECT_NE(NULL, strstr(log, "results=1"));
	EXPECT_NE(NULL, strstr(log, "2026-01-01T00:00:00.000Z iqf request"));
	EXPECT_EQ(NULL, strstr(log, "234150000000001"));
	EXPECT_EQ(NULL, strstr(log, "161")); /* 0xa1 as decimal TMSI */
}

/* Many requests in one write: every one answered, in order. */
TEST_F(sockets, pipelined_requests)
{
	Lmisf__Iqf__ClientMessage cm = LMISF__IQF__CLIENT_MESSAGE__INIT;
	static uint8_t buf[200 * 64];
	size_t len = 0;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	self->b.req.has_request_id = 1;
	cm.msg_case = LMISF__IQF__CLIENT_MESSAGE__MSG_REQUEST;
	cm.request = &self->b.req;
	for (int i = 0; i < 200; i++) {
		size_t n;
		uint8_t *f;

		self->b.req.request_id = (uint64_t)i;
		f = iqf_frame(&cm.base, &n);
		ASSERT_NE(NULL, f);
		ASSERT_LE(len + n, sizeof(buf));
		memcpy(buf + len, f, n);
		len += n;
		free(f);
	}
	ASSERT_EQ(0, iqf_client_send_raw(&self->e.q, buf, len));
	for (int i = 0; i < 200; i++) {
		Lmisf__Iqf__ServerMessage *m = recv_msg(&self->e);

		ASSERT_NE(NULL, RESP(m));
		EXPECT_EQ((uint64_t)i, m->response->request_id);
		EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND,
			  m->response->status);
		lmisf__iqf__server_message__free_unpacked(m, NULL);
	}
}

/* Access: socket mode as configured; uids outside the list refused. */
TEST(access_control)
{
	uid_t other = getuid() + 1;
	struct iqf_server_config sc = { .mode = 0600,
					.gid = (gid_t)-1,
					.allowed_uids = &other,
					.n_allowed_uids = 1 };
	Lmisf__Iqf__ServerMessage *m = NULL;
	struct iqf_server_stats st;
	struct stat sb;
	struct e2e e;
	int r = 0;

	ASSERT_EQ(0, e2e_setup(&e, &sc));
	ASSERT_EQ(0, stat(e.sock, &sb));
	EXPECT_EQ(0600, sb.st_mode & 0777);
	for (int i = 0; i < 100 && r == 0; i++) {
		pump_once(&e, 1);
		r = iqf_client_recv(&e.q, &m, 2);
	}
	EXPECT_EQ(-ECONNRESET, r);
	iqf_server_get_stats(e.s, &st);
	EXPECT_EQ(1, st.clients_refused);
	EXPECT_EQ(0, st.clients_accepted);
	e2e_teardown(&e);
}

TEST_HARNESS_MAIN
