// SPDX-License-Identifier: GPL-2.0
/* LI_XER ingest over TCP/TLS: framing, decoding, keepalives, policy. */
#include "ief_listener.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

#include "icf_lixer.h"
#include "lixer.h"

/* Record errors logged per connection; the rest are only counted. */
#define LOG_PER_CONN 5

struct ief_conn {
	struct ief_listener *l;
	struct ief_conn *next;
	int fd;
	SSL *ssl;
	bool handshaken, dead, epollout;
	char peer[INET6_ADDRSTRLEN + 8];
	struct lixer_framer fr;
	uint8_t *out;
	size_t out_len, out_cap;
	uint64_t errors;
};

struct ief_listener {
	struct icf *icf;
	struct ief_listener_config cfg;
	int epfd, lfd;
	uint16_t port;
	struct ief_conn *conns;
	unsigned int nconns;
	struct ief_listener_stats st;
	struct ber_enc enc;
	/* Decoded records waiting to be applied together (icf_lixer.h). */
	struct lixer_msg batch[ICF_BATCH];
	enum icf_ingest_result res[ICF_BATCH];
	unsigned int nbatch;
};

static void conn_kill(struct ief_conn *c)
{
	if (!c->dead) {
		c->dead = true;
		shutdown(c->fd, SHUT_RDWR);
	}
}

static void set_epollout(struct ief_conn *c, bool on)
{
	struct epoll_event ev = { .data.ptr = c };

	if (c->epollout == on)
		return;
	c->epollout = on;
	ev.events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0);
	epoll_ctl(c->l->epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Writes what is queued; TLS or plain. 0, or -1 when the peer is gone. */
static int conn_flush(struct ief_conn *c)
{
	size_t done = 0;

	while (done < c->out_len) {
		ssize_t n;

		if (c->ssl) {
			int r = SSL_write(c->ssl, c->out + done,
					  (int)(c->out_len - done));

			if (r <= 0) {
				int e = SSL_get_error(c->ssl, r);

				if (e == SSL_ERROR_WANT_WRITE ||
				    e == SSL_ERROR_WANT_READ)
					break;
				return -1;
			}
			n = r;
		} else {
			n = send(c->fd, c->out + done, c->out_len - done,
				 MSG_NOSIGNAL);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EAGAIN)
				break;
			if (n <= 0)
				return -1;
		}
		done += (size_t)n;
	}
	memmove(c->out, c->out + done, c->out_len - done);
	c->out_len -= done;
	set_epollout(c, c->out_len != 0);
	return 0;
}

static void queue_out(struct ief_conn *c, const uint8_t *p, size_t n)
{
	/* An IEF that never reads its keepalive responses is cut off. */
	if (c->out_len + n > 1u << 20) {
		fprintf(stderr, "ief %s: not reading responses, closing\n",
			c->peer);
		conn_kill(c);
		return;
	}
	if (c->out_len + n > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap * 2 : 256;
		uint8_t *o;

		while (cap < c->out_len + n)
			cap *= 2;
		o = realloc(c->out, cap);
		if (!o) {
			c->l->st.nomem++;
			conn_kill(c);
			return;
		}
		c->out = o;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, p, n);
	c->out_len += n;
}

static void record_error(struct ief_conn *c, const char *what,
			 const struct ber_error *e)
{
	if (++c->errors > LOG_PER_CONN)
		return;
	/* The BER message may quote content: log only the code and offset. */
	if (e)
		fprintf(stderr,
			"ief %s: %s (%s at offset %zu), record skipped%s\n",
			c->peer, what, ber_strerror(e->code), e->offset,
			c->errors == LOG_PER_CONN ?
				"; further errors counted only" :
				"");
	else
		fprintf(stderr, "ief %s: %s, record skipped%s\n", c->peer, what,
			c->errors == LOG_PER_CONN ?
				"; further errors counted only" :
				"");
}

/* Applies the batched records of @c, in order, and counts the outcomes. */
static void apply_batch(struct ief_conn *c)
{
	struct ief_listener *l = c->l;

	icf_apply_lixer_batch(l->icf, l->batch, l->nbatch, l->res);
	for (unsigned int i = 0; i < l->nbatch; i++) {
		switch (l->res[i]) {
		case ICF_INVALID:
			l->st.refused_by_cache++;
			record_error(c, "record refused by the cache", NULL);
			continue;
		case ICF_NOMEM:
			l->st.nomem++;
			record_error(c, "out of memory", NULL);
			continue;
		default:
			break;
		}
		if (l->batch[i].kind == LIXER_ASSOCIATION)
			l->st.associations++;
		else
			l->st.deassociations++;
	}
	l->nbatch = 0;
}

/*
 * Decodes one record. Associations and deassociations join the batch
 * (their bytes stay in the framer until the next feed, and the batch is
 * applied before that); the rest is handled now: it does not touch the
 * cache, so the order relative to the batch does not matter.
 */
static void handle_record(struct ief_conn *c, const uint8_t *p, size_t n)
{
	struct ief_listener *l = c->l;
	struct ber_error err = { 0 };
	struct lixer_msg *m = &l->batch[l->nbatch];
	int r;

	l->st.records++;
	r = lixer_decode(p, n, m, &err);
	if (r) {
		if (r == -BER_EOID) {
			l->st.wrong_oid++;
			record_error(c, "wrong record OID", &err);
		} else if (r == -BER_EUNKNOWN) {
			l->st.unknown_records++;
			record_error(c, "unknown record", &err);
		} else {
			l->st.malformed_records++;
			record_error(c, "malformed record", &err);
		}
		return;
	}
	switch (m->kind) {
	case LIXER_KEEPALIVE:
		l->st.keepalives++;
		ber_enc_reset(&l->enc);
		if (lixer_encode_keepalive_response(m->seq, &l->enc) ||
		    ber_enc_error(&l->enc)) {
			l->st.nomem++;
			return;
		}
		queue_out(c, l->enc.buf, l->enc.len);
		return;
	case LIXER_KEEPALIVE_RESPONSE:
		l->st.keepalive_responses_rx++;
		return;
	case LIXER_ASSOCIATION:
	case LIXER_DEASSOCIATION:
		break;
	}
	if (++l->nbatch == ICF_BATCH)
		apply_batch(c);
}

/* Reads what is available; returns when it would block. */
static void conn_read(struct ief_conn *c)
{
	struct ief_listener *l = c->l;
	uint8_t buf[65536];

	if (c->ssl && !c->handshaken) {
		int r = SSL_accept(c->ssl);

		if (r <= 0) {
			int e = SSL_get_error(c->ssl, r);

			if (e == SSL_ERROR_WANT_READ)
				return;
			if (e == SSL_ERROR_WANT_WRITE) {
				set_epollout(c, true);
				return;
			}
			l->st.tls_failures++;
			fprintf(stderr, "ief %s: TLS handshake failed: %s\n",
				c->peer,
				ERR_reason_error_string(ERR_peek_last_error()) ?:
					"peer closed");
			ERR_clear_error();
			conn_kill(c);
			return;
		}
		c->handshaken = true;
		set_epollout(c, c->out_len != 0);
	}
	/*
	 * A bounded number of reads per turn, so that one busy IEF cannot
	 * starve the others (epoll is level-triggered: the rest comes next
	 * turn). Decrypted bytes held inside OpenSSL give no epoll event, so
	 * they are always drained.
	 */
	for (int budget = 16; budget > 0 || (c->ssl && SSL_pending(c->ssl));
	     budget--) {
		const uint8_t *rec;
		struct ber_error err = { 0 };
		ssize_t n;
		size_t len;
		int r;

		if (c->ssl) {
			int k = SSL_read(c->ssl, buf, sizeof(buf));

			if (k <= 0) {
				int e = SSL_get_error(c->ssl, k);

				if (e == SSL_ERROR_WANT_READ)
					break;
				if (e == SSL_ERROR_WANT_WRITE) {
					set_epollout(c, true);
					break;
				}
				ERR_clear_error();
				conn_kill(c);
				break;
			}
			n = k;
		} else {
			n = recv(c->fd, buf, sizeof(buf), 0);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EAGAIN)
				break;
			if (n <= 0) {
				conn_kill(c);
				break;
			}
		}
		l->st.bytes += (uint64_t)n;
		if (lixer_framer_feed(&c->fr, buf, (size_t)n)) {
			l->st.nomem++;
			conn_kill(c);
			return;
		}
		while ((r = lixer_framer_next(&c->fr, &rec, &len, &err)) > 0) {
			handle_record(c, rec, len);
			if (c->dead)
				break;
		}
		/* Before the framer is fed again (or the conn freed). */
		apply_batch(c);
		if (c->dead)
			return;
		if (r < 0) {
			l->st.framing_errors++;
			fprintf(stderr,
				"ief %s: framing error (%s at offset %zu), "
				"record boundaries lost: closing\n",
				c->peer, ber_strerror(err.code), err.offset);
			conn_kill(c);
			return;
		}
	}
	if (c->out_len && conn_flush(c))
		conn_kill(c);
}

static void do_accept(struct ief_listener *l)
{
	for (;;) {
		struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP };
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		char host[INET6_ADDRSTRLEN] = "?";
		struct ief_conn *c;
		uint16_t port = 0;
		int fd, one = 1;

		fd = accept4(l->lfd, (struct sockaddr *)&ss, &sl,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

			inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
			port = ntohs(a->sin6_port);
		} else if (ss.ss_family == AF_INET) {
			struct sockaddr_in *a = (struct sockaddr_in *)&ss;

			inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
			port = ntohs(a->sin_port);
		}
		if (l->nconns >= l->cfg.max_conns) {
			fprintf(stderr,
				"ief [%s]:%u: too many IEF connections, "
				"refused\n",
				host, port);
			l->st.conns_refused++;
			close(fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->l = l;
		c->fd = fd;
		snprintf(c->peer, sizeof(c->peer), "[%s]:%u", host, port);
		lixer_framer_init(&c->fr, l->cfg.max_record);
		if (l->cfg.tls) {
			c->ssl = SSL_new(l->cfg.tls);
			if (!c->ssl || !SSL_set_fd(c->ssl, fd)) {
				SSL_free(c->ssl);
				lixer_framer_free(&c->fr);
				free(c);
				close(fd);
				continue;
			}
		}
		ev.data.ptr = c;
		if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev)) {
			SSL_free(c->ssl);
			lixer_framer_free(&c->fr);
			free(c);
			close(fd);
			continue;
		}
		c->next = l->conns;
		l->conns = c;
		l->nconns++;
		l->st.conns_accepted++;
		l->st.conns_open = l->nconns;
		fprintf(stderr, "ief %s: connected%s\n", c->peer,
			c->ssl ? " (TLS)" : "");
	}
}

static void reap(struct ief_listener *l)
{
	for (struct ief_conn **p = &l->conns; *p;) {
		struct ief_conn *c = *p;

		if (!c->dead) {
			p = &c->next;
			continue;
		}
		*p = c->next;
		if (c->errors > LOG_PER_CONN)
			fprintf(stderr, "ief %s: %llu record errors in all\n",
				c->peer, (unsigned long long)c->errors);
		fprintf(stderr, "ief %s: disconnected\n", c->peer);
		epoll_ctl(l->epfd, EPOLL_CTL_DEL, c->fd, NULL);
		SSL_free(c->ssl);
		close(c->fd);
		lixer_framer_free(&c->fr);
		free(c->out);
		free(c);
		l->nconns--;
	}
	l->st.conns_open = l->nconns;
}

int ief_listener_dispatch(struct ief_listener *l)
{
	struct epoll_event evs[32];
	int n;

	n = epoll_wait(l->epfd, evs, 32, 0);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		struct ief_conn *c = evs[i].data.ptr;

		if (!c) {
			do_accept(l);
			continue;
		}
		if (c->dead)
			continue;
		if (evs[i].events & EPOLLOUT && c->handshaken == !!c->ssl &&
		    conn_flush(c))
			conn_kill(c);
		if (!c->dead)
			conn_read(c);
	}
	reap(l);
	return 0;
}

struct ief_listener *ief_listener_new(struct icf *c,
				      const struct ief_listener_config *cfg)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	struct sockaddr_in6 sa6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in sa4 = { .sin_family = AF_INET };
	const char *addr = cfg->bind_addr ? cfg->bind_addr : "::";
	struct sockaddr_storage bound;
	socklen_t sl = sizeof(bound);
	struct ief_listener *l;
	int one = 1, fam;

	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->icf = c;
	l->cfg = *cfg;
	if (!l->cfg.max_record)
		l->cfg.max_record = LIXER_MAX_RECORD_DEFAULT;
	if (!l->cfg.max_conns)
		l->cfg.max_conns = 256;
	ber_enc_init(&l->enc);
	l->lfd = -1;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0)
		goto fail;
	if (inet_pton(AF_INET6, addr, &sa6.sin6_addr) == 1) {
		fam = AF_INET6;
		sa6.sin6_port = htons(cfg->port);
	} else if (inet_pton(AF_INET, addr, &sa4.sin_addr) == 1) {
		fam = AF_INET;
		sa4.sin_port = htons(cfg->port);
	} else {
		errno = EINVAL;
		goto fail;
	}
	l->lfd = socket(fam, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l->lfd < 0)
		goto fail;
	setsockopt(l->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if ((fam == AF_INET6 ?
		     bind(l->lfd, (struct sockaddr *)&sa6, sizeof(sa6)) :
		     bind(l->lfd, (struct sockaddr *)&sa4, sizeof(sa4))) ||
	    listen(l->lfd, 128) ||
	    getsockname(l->lfd, (struct sockaddr *)&bound, &sl))
		goto fail;
	l->port = ntohs(fam == AF_INET6 ?
				((struct sockaddr_in6 *)&bound)->sin6_port :
				((struct sockaddr_in *)&bound)->sin_port);
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->lfd, &ev))
		goto fail;
	return l;
fail:
	ief_listener_free(l);
	return NULL;
}

void ief_listener_free(struct ief_listener *l)
{
	if (!l)
		return;
	for (struct ief_conn *c = l->conns; c; c = c->next)
		c->dead = true;
	reap(l);
	if (l->lfd >= 0)
		close(l->lfd);
	if (l->epfd >= 0)
		close(l->epfd);
	ber_enc_free(&l->enc);
	free(l);
}

int ief_listener_fd(const struct ief_listener *l)
{
	return l->epfd;
}

uint16_t ief_listener_port(const struct ief_listener *l)
{
	return l->port;
}

void ief_listener_get_stats(const struct ief_listener *l,
			    struct ief_listener_stats *st)
{
	*st = l->st;
}

SSL_CTX *ief_tls_server_ctx(const char *cert_file, const char *key_file,
			    const char *ca_file)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (!ctx)
		goto err;
	if (!SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) ||
	    SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1 ||
	    SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1)
		goto err;
	/* Mutual authentication: an IEF without a valid certificate fails. */
	SSL_CTX_set_verify(
		ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
				      SSL_MODE_ENABLE_PARTIAL_WRITE);
	return ctx;
err:
	fprintf(stderr, "ief: TLS setup failed: %s\n",
		ERR_reason_error_string(ERR_get_error()) ?: "unknown error");
	SSL_CTX_free(ctx);
	return NULL;
}
