/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A mediation function for the delivery tests, run on the test's own
 * loop: one TCP (or mutual-TLS) listener on 127.0.0.1 that keeps a copy
 * of every X2/X3 PDU it receives and answers keepalives (unless told not
 * to). It can be stopped and started again on the same port.
 */
#ifndef LMISF_TEST_MDF_FIXTURE_H
#define LMISF_TEST_MDF_FIXTURE_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loop.h"
#include "x2x3.h"

struct tmdf {
	struct loop *l;
	int lfd, cfd;
	uint16_t port;
	SSL_CTX *ctx;
	SSL *ssl;
	bool hs_done, no_ack;
	struct x2x3_stream rx;
	uint8_t **pdu;
	size_t *len;
	unsigned int n, cap;
	unsigned int accepted, keepalives, tls_refused, bad;
};

static void tmdf_close_conn(struct tmdf *m)
{
	if (m->cfd < 0)
		return;
	loop_del_fd(m->l, m->cfd);
	SSL_free(m->ssl);
	m->ssl = NULL;
	close(m->cfd);
	m->cfd = -1;
	x2x3_stream_free(&m->rx);
}

static void tmdf_write(struct tmdf *m, const uint8_t *b, size_t n)
{
	if (m->ssl)
		SSL_write(m->ssl, b, (int)n);
	else if (send(m->cfd, b, n, MSG_NOSIGNAL) < 0)
		m->bad++;
}

static void tmdf_pdus(struct tmdf *m)
{
	struct x2x3_pdu p;
	struct x2x3_error e;
	const uint8_t *raw;
	size_t rawlen;
	int r;

	while ((r = x2x3_stream_next(&m->rx, &p, &raw, &rawlen, &e))) {
		if (r < 0) {
			m->bad++;
			if (e.fatal)
				return;
			continue;
		}
		if (p.type == X2X3_PDU_KEEPALIVE) {
			struct x2x3_pdu ack;
			uint8_t b[64];
			ssize_t k;

			m->keepalives++;
			if (m->no_ack)
				continue;
			x2x3_keepalive_ack(&p, &ack);
			k = x2x3_encode(&ack, b, sizeof(b));
			if (k > 0)
				tmdf_write(m, b, (size_t)k);
			continue;
		}
		if (m->n == m->cap) {
			m->cap = m->cap ? 2 * m->cap : 64;
			m->pdu = realloc(m->pdu, m->cap * sizeof(*m->pdu));
			m->len = realloc(m->len, m->cap * sizeof(*m->len));
		}
		m->pdu[m->n] = malloc(rawlen);
		memcpy(m->pdu[m->n], raw, rawlen);
		m->len[m->n++] = rawlen;
	}
}

static void tmdf_on_conn(void *arg, int fd, uint32_t ev)
{
	struct tmdf *m = arg;
	uint8_t buf[16384];

	(void)fd;
	(void)ev;
	if (m->ssl && !m->hs_done) {
		int r = SSL_accept(m->ssl);

		if (r != 1) {
			int e = SSL_get_error(m->ssl, r);

			if (e == SSL_ERROR_WANT_READ ||
			    e == SSL_ERROR_WANT_WRITE)
				return;
			m->tls_refused++;
			tmdf_close_conn(m);
			return;
		}
		m->hs_done = true;
	}
	for (;;) {
		ssize_t n;

		if (m->ssl) {
			int r = SSL_read(m->ssl, buf, sizeof(buf));

			if (r <= 0) {
				int e = SSL_get_error(m->ssl, r);

				if (e == SSL_ERROR_WANT_READ ||
				    e == SSL_ERROR_WANT_WRITE)
					return;
				tmdf_close_conn(m);
				return;
			}
			n = r;
		} else {
			n = recv(m->cfd, buf, sizeof(buf), 0);
			if (n < 0 && errno == EAGAIN)
				return;
			if (n <= 0) {
				tmdf_close_conn(m);
				return;
			}
		}
		x2x3_stream_feed(&m->rx, buf, (size_t)n);
		tmdf_pdus(m);
	}
}

static void tmdf_on_accept(void *arg, int fd, uint32_t ev)
{
	struct tmdf *m = arg;
	int c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	(void)ev;
	if (c < 0)
		return;
	tmdf_close_conn(m); /* one connection at a time */
	m->cfd = c;
	m->accepted++;
	x2x3_stream_init(&m->rx, NULL);
	m->hs_done = false;
	if (m->ctx) {
		m->ssl = SSL_new(m->ctx);
		SSL_set_fd(m->ssl, c);
	}
	loop_add_fd(m->l, c, EPOLLIN, tmdf_on_conn, m);
}

/* Listen on 127.0.0.1:@port (0: any; m->port says which). */
static int tmdf_start(struct tmdf *m, uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	socklen_t sl = sizeof(sa);
	int one = 1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	m->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (m->lfd < 0 ||
	    setsockopt(m->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(m->lfd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(m->lfd, 8) ||
	    getsockname(m->lfd, (struct sockaddr *)&sa, &sl))
		return -1;
	m->port = ntohs(sa.sin_port);
	return loop_add_fd(m->l, m->lfd, EPOLLIN, tmdf_on_accept, m);
}

/* Stop / resume reading: the agent's socket fills up. */
static void tmdf_pause(struct tmdf *m, bool pause)
{
	if (m->cfd >= 0)
		loop_mod_fd(m->l, m->cfd, pause ? 0 : EPOLLIN);
}

static void tmdf_stop(struct tmdf *m)
{
	tmdf_close_conn(m);
	if (m->lfd >= 0) {
		loop_del_fd(m->l, m->lfd);
		close(m->lfd);
		m->lfd = -1;
	}
}

static void tmdf_init(struct tmdf *m, struct loop *l)
{
	memset(m, 0, sizeof(*m));
	m->l = l;
	m->lfd = m->cfd = -1;
}

static void tmdf_free(struct tmdf *m)
{
	tmdf_stop(m);
	for (unsigned int i = 0; i < m->n; i++)
		free(m->pdu[i]);
	free(m->pdu);
	free(m->len);
	SSL_CTX_free(m->ctx);
}

/*
 * Run the loop until @cond holds. The bound only keeps a broken test
 * from hanging; nothing is measured.
 */
#define WAIT_FOR(l, cond)                               \
	({                                              \
		uint64_t _end = loop_now_ms() + 30000;  \
		while (!(cond) && loop_now_ms() < _end) \
			loop_run_once((l), 100);        \
		(cond);                                 \
	})

#endif /* LMISF_TEST_MDF_FIXTURE_H */
