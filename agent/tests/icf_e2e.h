/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the test_icf_e2e_*.c programs: one process holding an ICF, the
 * real LI_XER listener (TCP, BER records encoded with lixer.h) and the real
 * query socket (length-prefixed protobuf on a Unix socket), with a manual
 * clock; helpers to send records and ask queries through them.
 */
#ifndef LMISF_TEST_ICF_E2E_H
#define LMISF_TEST_ICF_E2E_H

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

static inline void pump_once(struct e2e *e, int ms)
{
	struct pollfd p[2] = {
		{ .fd = ief_listener_fd(e->l), .events = POLLIN },
		{ .fd = iqf_server_fd(e->s), .events = POLLIN },
	};

	poll(p, 2, ms);
	ief_listener_dispatch(e->l);
	iqf_server_dispatch(e->s);
}

static inline int tcp_connect(uint16_t port)
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

static inline int e2e_setup(struct e2e *e, const struct iqf_server_config *over)
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

static inline void e2e_teardown(struct e2e *e)
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

static inline void send_bytes(int fd, const void *p, size_t n)
{
	if (write(fd, p, n) != (ssize_t)n)
		abort();
}

static inline size_t encode(const struct lixer_msg *m, uint8_t *out, size_t cap)
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

static inline void send_msg(int fd, const struct lixer_msg *m)
{
	uint8_t buf[8192];
	size_t n = encode(m, buf, sizeof(buf));

	if (!n)
		abort();
	send_bytes(fd, buf, n);
}

/* What both records carry: SUPI, 5G-GUTI, timestamp, NCGI PLMN and time. */
static inline void mk_lids(struct lixer_supi *s, uint8_t guti[LIXER_GUTI_LEN],
			   int64_t *ts, struct lixer_ncgi *ncgi,
			   int64_t *ncgi_ts, const char *supi, uint32_t tmsi,
			   lm_ms_t t)
{
	s->kind = LIXER_SUPI_IMSI;
	s->v.ptr = (const uint8_t *)supi;
	s->v.len = strlen(supi);
	mk_guti(guti, plmn_a, 1, 5, 3, tmsi);
	*ts = NS(t);
	memcpy(ncgi->plmn, plmn_a, 3);
	*ncgi_ts = NS(t);
}

static inline void mk_lassoc(struct lixer_msg *m, const char *supi,
			     uint32_t tmsi, lm_ms_t t)
{
	struct lixer_assoc *a = &m->assoc;

	memset(m, 0, sizeof(*m));
	m->kind = LIXER_ASSOCIATION;
	mk_lids(&a->supi, a->guti, &a->timestamp_ns, &a->ncgi, &a->ncgi_time_ns,
		supi, tmsi, t);
	mk_tai(a->tai, plmn_a, 0x100);
	a->ncgi.nci = 0x123456789ULL;
}

static inline void mk_ldeassoc(struct lixer_msg *m, const char *supi,
			       uint32_t tmsi, lm_ms_t t)
{
	struct lixer_deassoc *d = &m->deassoc;

	memset(m, 0, sizeof(*m));
	m->kind = LIXER_DEASSOCIATION;
	mk_lids(&d->supi, d->guti, &d->timestamp_ns, &d->ncgi, &d->ncgi_time_ns,
		supi, tmsi, t);
}

/* Pumps until the listener has seen @n records in all (or 2 s). */
static inline int wait_records(struct e2e *e, uint64_t n)
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

static inline void assoc(struct e2e *e, const char *supi, uint32_t tmsi,
			 lm_ms_t t)
{
	struct ief_listener_stats st;
	struct lixer_msg m;

	ief_listener_get_stats(e->l, &st);
	mk_lassoc(&m, supi, tmsi, t);
	send_msg(e->ief, &m);
	wait_records(e, st.records + 1);
}

static inline Lmisf__Iqf__ServerMessage *recv_msg(struct e2e *e)
{
	Lmisf__Iqf__ServerMessage *m = NULL;

	for (int i = 0; i < 400; i++) {
		pump_once(e, 1);
		if (iqf_client_recv(&e->q, &m, 2) != 0)
			return m;
	}
	return NULL;
}

static inline Lmisf__Iqf__ServerMessage *ask(struct e2e *e, struct req_buf *b)
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

static inline Lmisf__Iqf__IdentityAssociationResponse *
query(struct e2e *e, struct req_buf *b, Lmisf__Iqf__ServerMessage **keep)
{
	if (*keep)
		lmisf__iqf__server_message__free_unpacked(*keep, NULL);
	*keep = ask(e, b);
	return RESP(*keep);
}

#endif /* LMISF_TEST_ICF_E2E_H */
