// SPDX-License-Identifier: GPL-2.0
/*
 * X2/X3 connections (deliver.h): non-blocking connect, TLS client with
 * mutual authentication, the write pump, keepalives and dead-peer
 * detection, reconnect backoff.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "deliver_int.h"
#include "log.h"

static void on_event(void *arg, int fd, uint32_t events);

int dest_tls_setup(struct dest *ds, char *err, size_t errlen)
{
	SSL_CTX *ctx;

	if (!ds->cfg.tls)
		return 0;
	ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx || !SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) ||
	    SSL_CTX_use_certificate_chain_file(ctx, ds->cfg.cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, ds->cfg.key, SSL_FILETYPE_PEM) !=
		    1 ||
	    SSL_CTX_check_private_key(ctx) != 1 ||
	    SSL_CTX_load_verify_locations(ctx, ds->cfg.ca, NULL) != 1) {
		unsigned long e = ERR_get_error();

		snprintf(err, errlen,
			 "destination line %u: TLS files (ca %s, cert %s, "
			 "key %s): %s",
			 ds->cfg.line, ds->cfg.ca, ds->cfg.cert, ds->cfg.key,
			 e ? ERR_reason_error_string(e) : "error");
		ERR_clear_error();
		SSL_CTX_free(ctx);
		return -EINVAL;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
				      SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	ds->ctx = ctx;
	return 0;
}

static uint32_t ka_interval(const struct dest *ds)
{
	return ds->d->tune.keepalive_interval_ms;
}

static void set_events(struct dest *ds, uint32_t ev)
{
	if (ds->fd >= 0 && ev != ds->events) {
		loop_mod_fd(ds->d->loop, ds->fd, ev);
		ds->events = ev;
	}
}

static void retry_fire(void *arg, struct loop_timer *t)
{
	struct dest *ds = arg;

	(void)t;
	ds->retry = NULL; /* one-shot timers free themselves */
	dest_connect(ds);
}

void dest_close(struct dest *ds)
{
	if (ds->ssl) {
		SSL_free(ds->ssl);
		ds->ssl = NULL;
	}
	if (ds->fd >= 0) {
		loop_del_fd(ds->d->loop, ds->fd);
		close(ds->fd);
		ds->fd = -1;
	}
	if (ds->ka) {
		loop_timer_del(ds->d->loop, ds->ka);
		ds->ka = NULL;
	}
	if (ds->retry) {
		loop_timer_del(ds->d->loop, ds->retry);
		ds->retry = NULL;
	}
	x2x3_stream_free(&ds->rx);
	ds->ka_outstanding = false;
	ds->state = DS_IDLE;
}

/* A failure: close, keep the PDUs (dest_went_down), retry later. */
static void fail(struct dest *ds, bool established)
{
	struct deliver *d = ds->d;

	if (established && ds->state == DS_UP)
		d->st.disconnects++;
	dest_close(ds);
	dest_went_down(ds);
	ds->retry = loop_timer_add(d->loop, ds->backoff_ms, 0, retry_fire, ds);
	ds->backoff_ms = ds->backoff_ms * 2 > d->reconnect_max_ms ?
				 d->reconnect_max_ms :
				 ds->backoff_ms * 2;
}

static void ka_fire(void *arg, struct loop_timer *t);
static int send_keepalive(struct dest *ds);

static void arm_ka(struct dest *ds, uint64_t after)
{
	if (!ka_interval(ds))
		return;
	if (ds->ka)
		loop_timer_rearm(ds->d->loop, ds->ka, after);
	else
		ds->ka = loop_timer_add(ds->d->loop, after, 0, ka_fire, ds);
}

static void went_up(struct dest *ds)
{
	ds->state = DS_UP;
	ds->backoff_ms = ds->d->reconnect_min_ms;
	ds->last_tx_ms = loop_now_ms();
	log_info("destination line %u: connected%s", ds->cfg.line,
		 ds->ssl ? " (TLS)" : "");
	if (ds->ka && !ka_interval(ds)) {
		loop_timer_del(ds->d->loop, ds->ka);
		ds->ka = NULL;
	}
	arm_ka(ds, ka_interval(ds));
	dest_pump(ds);
}

/* Queue a keepalive and wait at most the timeout for its ack. */
static int send_keepalive(struct dest *ds)
{
	struct x2x3_pdu p;
	uint8_t buf[64];
	ssize_t n;

	x2x3_keepalive(&p, ds->d->pdu_version, ++ds->ka_seq);
	n = x2x3_encode(&p, buf, sizeof(buf));
	if (n <= 0 ||
	    dest_enqueue(ds, p.xid, X2X3_PDU_KEEPALIVE, buf, (size_t)n))
		return -ENOMEM;
	ds->ka_outstanding = true;
	ds->ka_sent_ms = loop_now_ms();
	ds->d->st.keepalives_sent++;
	if (ds->ka)
		loop_timer_rearm(ds->d->loop, ds->ka,
				 ds->d->tune.keepalive_timeout_ms);
	else
		ds->ka = loop_timer_add(ds->d->loop,
					ds->d->tune.keepalive_timeout_ms, 0,
					ka_fire, ds);
	dest_pump(ds);
	return 0;
}

static void ka_fire(void *arg, struct loop_timer *t)
{
	struct dest *ds = arg;
	uint64_t now = loop_now_ms(), iv = ka_interval(ds);
	uint64_t to = ds->d->tune.keepalive_timeout_ms;

	(void)t;
	ds->ka = NULL; /* one-shot: freed after this call */
	if (ds->state != DS_UP && ds->state != DS_CONFIRM)
		return;
	if (ds->ka_outstanding) {
		if (now - ds->ka_sent_ms >= to) {
			ds->d->st.keepalive_timeouts++;
			log_warn_ratelimited(
				"destination line %u: no keepalive "
				"acknowledgement, reconnecting",
				ds->cfg.line);
			fail(ds, true);
			return;
		}
		arm_ka(ds, to - (now - ds->ka_sent_ms));
		return;
	}
	if (now - ds->last_tx_ms >= iv && !send_keepalive(ds))
		return;
	arm_ka(ds, iv - (now - ds->last_tx_ms < iv ? now - ds->last_tx_ms : 0));
}

void dest_connect(struct dest *ds)
{
	struct deliver *d = ds->d;
	int fd;

	fd = socket(ds->sa.ss_family,
		    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		d->st.connect_failures++;
		fail(ds, false);
		return;
	}
	ds->fd = fd;
	x2x3_stream_init(&ds->rx, NULL);
	if (connect(fd, (struct sockaddr *)&ds->sa, ds->salen) &&
	    errno != EINPROGRESS) {
		d->st.connect_failures++;
		fail(ds, false);
		return;
	}
	ds->state = DS_CONNECTING;
	ds->events = EPOLLOUT;
	if (loop_add_fd(d->loop, fd, ds->events, on_event, ds)) {
		d->st.connect_failures++;
		fail(ds, false);
	}
}

static void tls_error(struct dest *ds, const char *what)
{
	unsigned long e = ERR_get_error();

	ds->d->st.tls_failures++;
	log_warn_ratelimited("destination line %u: TLS %s: %s", ds->cfg.line,
			     what, e ? ERR_reason_error_string(e) : "error");
	ERR_clear_error();
}

static void handshake(struct dest *ds)
{
	int r = SSL_connect(ds->ssl);

	if (r == 1) {
		/*
		 * With TLS 1.3 the MDF refuses our certificate only after
		 * our handshake has finished: PDUs written now could be
		 * lost. A keepalive answered proves we were accepted.
		 */
		ds->state = DS_CONFIRM;
		set_events(ds, EPOLLIN);
		if (send_keepalive(ds))
			fail(ds, false);
		return;
	}
	switch (SSL_get_error(ds->ssl, r)) {
	case SSL_ERROR_WANT_READ:
		set_events(ds, EPOLLIN);
		return;
	case SSL_ERROR_WANT_WRITE:
		set_events(ds, EPOLLIN | EPOLLOUT);
		return;
	default:
		tls_error(ds, "handshake");
		fail(ds, false);
	}
}

static void connected(struct dest *ds)
{
	int err = 0;
	socklen_t l = sizeof(err);

	if (getsockopt(ds->fd, SOL_SOCKET, SO_ERROR, &err, &l) || err) {
		ds->d->st.connect_failures++;
		log_warn_ratelimited("destination line %u: connect: %s",
				     ds->cfg.line, strerror(err ? err : errno));
		fail(ds, false);
		return;
	}
	if (!ds->ctx) {
		set_events(ds, EPOLLIN);
		went_up(ds);
		return;
	}
	ds->ssl = SSL_new(ds->ctx);
	if (!ds->ssl || !SSL_set_fd(ds->ssl, ds->fd)) {
		tls_error(ds, "setup");
		fail(ds, false);
		return;
	}
	{
		const char *name = ds->cfg.server_name ? ds->cfg.server_name :
							 ds->cfg.address;
		X509_VERIFY_PARAM *vp = SSL_get0_param(ds->ssl);
		struct in6_addr a6;

		/* The MDF must present a certificate for this name (or
		 * address): a CA's signature alone is not enough. */
		if (inet_pton(AF_INET6, name, &a6) == 1 ||
		    inet_pton(AF_INET, name, &a6) == 1) {
			X509_VERIFY_PARAM_set1_ip_asc(vp, name);
		} else {
			SSL_set1_host(ds->ssl, name);
			SSL_set_tlsext_host_name(ds->ssl, name);
		}
	}
	ds->state = DS_HANDSHAKE;
	handshake(ds);
}

/* Write one chunk; > 0 bytes written, 0 would block, < 0 broken. */
static ssize_t xmit(struct dest *ds, const uint8_t *p, size_t n)
{
	ssize_t w;

	if (!ds->ssl) {
		w = send(ds->fd, p, n, MSG_NOSIGNAL);
		if (w < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		return w;
	}
	w = SSL_write(ds->ssl, p, (int)(n > 1u << 30 ? 1u << 30 : n));
	if (w > 0)
		return w;
	switch (SSL_get_error(ds->ssl, (int)w)) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		return 0;
	case SSL_ERROR_SSL:
		tls_error(ds, "write");
		return -1;
	default:
		return -1;
	}
}

void dest_pump(struct dest *ds)
{
	while (ds->state == DS_UP || ds->state == DS_CONFIRM) {
		struct qitem *q;
		ssize_t w;

		if (!ds->head && ds->state == DS_UP && dest_load_spool(ds) < 0)
			break;
		q = ds->head;
		if (!q)
			break;
		w = xmit(ds, q->data + ds->head_off, q->len - ds->head_off);
		if (w < 0) {
			fail(ds, true);
			return;
		}
		if (!w) {
			set_events(ds, EPOLLIN | EPOLLOUT);
			return;
		}
		ds->head_off += (size_t)w;
		if (ds->head_off < q->len)
			continue;
		ds->head = q->next;
		if (!ds->head)
			ds->tail = NULL;
		ds->q_bytes -= q->len;
		ds->head_off = 0;
		ds->last_tx_ms = loop_now_ms();
		dest_item_done(ds, q);
		free(q);
	}
	if (ds->state == DS_UP || ds->state == DS_CONFIRM)
		set_events(ds, EPOLLIN);
}

static void on_pdu(struct dest *ds, const struct x2x3_pdu *p)
{
	if (p->type == X2X3_PDU_KEEPALIVE_ACK) {
		if (ds->ka_outstanding && X2X3_HAS(p, X2X3_A_SEQ) &&
		    p->seq == ds->ka_seq) {
			ds->ka_outstanding = false;
			ds->d->st.keepalives_acked++;
			if (ds->state == DS_CONFIRM)
				went_up(ds);
			else
				arm_ka(ds, ka_interval(ds));
		}
		return;
	}
	if (p->type == X2X3_PDU_KEEPALIVE && X2X3_HAS(p, X2X3_A_SEQ)) {
		struct x2x3_pdu ack;
		uint8_t buf[64];
		ssize_t n;

		x2x3_keepalive_ack(p, &ack);
		n = x2x3_encode(&ack, buf, sizeof(buf));
		if (n > 0)
			dest_enqueue(ds, ack.xid, X2X3_PDU_KEEPALIVE_ACK, buf,
				     (size_t)n);
		return;
	}
	ds->d->st.rx_unexpected++;
}

static void receive(struct dest *ds)
{
	uint8_t buf[4096];

	for (int budget = 16;
	     budget > 0 && (ds->state == DS_UP || ds->state == DS_CONFIRM);
	     budget--) {
		ssize_t n;

		if (ds->ssl) {
			int r = SSL_read(ds->ssl, buf, sizeof(buf));

			if (r <= 0) {
				int e = SSL_get_error(ds->ssl, r);

				if (e == SSL_ERROR_WANT_READ ||
				    e == SSL_ERROR_WANT_WRITE)
					return;
				if (e == SSL_ERROR_SSL)
					tls_error(ds, "read");
				fail(ds, true);
				return;
			}
			n = r;
		} else {
			n = recv(ds->fd, buf, sizeof(buf), 0);
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				return;
			if (n <= 0) {
				fail(ds, true);
				return;
			}
		}
		if (x2x3_stream_feed(&ds->rx, buf, (size_t)n)) {
			fail(ds, true);
			return;
		}
		for (;;) {
			struct x2x3_pdu p;
			struct x2x3_error e;
			const uint8_t *raw;
			size_t rawlen;
			int r = x2x3_stream_next(&ds->rx, &p, &raw, &rawlen,
						 &e);

			if (!r)
				break;
			if (r < 0) {
				ds->d->st.rx_unexpected++;
				if (e.fatal) {
					fail(ds, true);
					return;
				}
				continue;
			}
			on_pdu(ds, &p);
		}
	}
}

static void on_event(void *arg, int fd, uint32_t events)
{
	struct dest *ds = arg;

	(void)fd;
	switch (ds->state) {
	case DS_CONNECTING:
		connected(ds);
		return;
	case DS_HANDSHAKE:
		handshake(ds);
		return;
	case DS_UP:
	case DS_CONFIRM:
		if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
			receive(ds);
		dest_pump(ds);
		return;
	default:
		return;
	}
}
