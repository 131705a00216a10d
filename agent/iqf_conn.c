// SPDX-License-Identifier: GPL-2.0
/* IQF server transport: Unix and TCP+TLS sockets, peer checks, writing. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "iqf_server_int.h"

void iqf_conn_kill(struct iqf_conn *c)
{
	if (!c->dead) {
		c->dead = true;
		/* Wakes the epoll with EPOLLHUP; freed in dispatch. */
		shutdown(c->fd, SHUT_RDWR);
	}
}

int iqf_conn_flush(struct iqf_conn *c)
{
	struct iqf_server *s = c->srv;

	if (c->ssl && !c->handshaken)
		return 0; /* queued until the handshake is done */
	while (c->out.head < c->out.len) {
		ssize_t n;

		if (c->ssl) {
			int r = SSL_write(c->ssl, c->out.p + c->out.head,
					  (int)(c->out.len - c->out.head));

			if (r <= 0) {
				int e = SSL_get_error(c->ssl, r);

				if (e == SSL_ERROR_WANT_WRITE ||
				    e == SSL_ERROR_WANT_READ)
					break;
				return -EPIPE;
			}
			n = r;
		} else {
			n = send(c->fd, c->out.p + c->out.head,
				 c->out.len - c->out.head, MSG_NOSIGNAL);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EAGAIN)
				break;
			if (n <= 0)
				return -EPIPE;
		}
		c->out.head += (size_t)n;
	}
	/* All sent: empty. A partial write's rest is moved up later. */
	if (c->out.head == c->out.len)
		c->out.head = c->out.len = 0;
	if ((c->out.len != 0) != c->epollout) {
		struct epoll_event ev = { .data.ptr = c };

		c->epollout = c->out.len != 0;
		ev.events = EPOLLIN | EPOLLRDHUP | (c->epollout ? EPOLLOUT : 0);
		epoll_ctl(s->epfd, EPOLL_CTL_MOD, c->fd, &ev);
	}
	return 0;
}

static bool cn_allowed(const struct iqf_server *s, const char *cn)
{
	if (!s->cfg.allowed_cns)
		return true;
	for (unsigned int i = 0; i < s->cfg.n_allowed_cns; i++)
		if (!strcmp(s->cfg.allowed_cns[i], cn))
			return true;
	return false;
}

/* Drives the TLS handshake; true once the client is authenticated. */
bool iqf_conn_tls_ready(struct iqf_conn *c)
{
	struct iqf_server *s = c->srv;
	char cn[64] = "";
	X509 *peer;
	int r, e;

	if (c->handshaken)
		return true;
	r = SSL_accept(c->ssl);
	if (r <= 0) {
		e = SSL_get_error(c->ssl, r);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
			return false;
		fprintf(stderr, "iqf: %s: TLS handshake failed\n", c->who);
		ERR_clear_error();
		s->st.clients_refused++;
		iqf_conn_kill(c);
		return false;
	}
	peer = SSL_get1_peer_certificate(c->ssl);
	if (peer)
		X509_NAME_get_text_by_NID(X509_get_subject_name(peer),
					  NID_commonName, cn, sizeof(cn));
	X509_free(peer);
	if (!peer || !cn_allowed(s, cn)) {
		fprintf(stderr, "iqf: %s: certificate not allowed\n", c->who);
		s->st.clients_refused++;
		iqf_conn_kill(c);
		return false;
	}
	snprintf(c->who + strlen(c->who), sizeof(c->who) - strlen(c->who),
		 " cn=%.63s", cn);
	c->handshaken = true;
	s->st.clients_accepted++;
	return iqf_conn_flush(c) == 0;
}

/* recv() or SSL_read(): bytes, 0 would block, -1 closed or failed. */
ssize_t iqf_conn_recv(struct iqf_conn *c, void *p, size_t n)
{
	ssize_t k;

	if (c->ssl) {
		int r = SSL_read(c->ssl, p, (int)n);

		if (r > 0)
			return r;
		r = SSL_get_error(c->ssl, r);
		if (r == SSL_ERROR_WANT_READ || r == SSL_ERROR_WANT_WRITE)
			return 0;
		ERR_clear_error();
		return -1;
	}
	do
		k = recv(c->fd, p, n, 0);
	while (k < 0 && errno == EINTR);
	if (k < 0 && errno == EAGAIN)
		return 0;
	return k > 0 ? k : -1;
}

static bool uid_allowed(const struct iqf_server *s, uid_t uid)
{
	if (!s->cfg.allowed_uids)
		return true;
	for (unsigned int i = 0; i < s->cfg.n_allowed_uids; i++)
		if (s->cfg.allowed_uids[i] == uid)
			return true;
	return false;
}

char iqf_unix_listener, iqf_tls_listener; /* epoll tags */

static struct iqf_conn *conn_new(struct iqf_server *s, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP };
	struct iqf_conn *c = calloc(1, sizeof(*c));

	if (!c || streambuf_init(&c->in, IQF_IN_CAP)) {
		free(c);
		close(fd);
		return NULL;
	}
	c->srv = s;
	c->fd = fd;
	c->serial = ++s->next_serial;
	ev.data.ptr = c;
	if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		streambuf_free(&c->in);
		free(c);
		close(fd);
		return NULL;
	}
	c->next = s->conns;
	s->conns = c;
	s->nconns++;
	return c;
}

void iqf_accept_tls(struct iqf_server *s)
{
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		char host[INET6_ADDRSTRLEN] = "?";
		struct iqf_conn *c;
		int fd;

		fd = accept4(s->tfd, (struct sockaddr *)&ss, &sl,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		if (ss.ss_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((struct sockaddr_in6 *)&ss)->sin6_addr,
				  host, sizeof(host));
		else if (ss.ss_family == AF_INET)
			inet_ntop(AF_INET,
				  &((struct sockaddr_in *)&ss)->sin_addr, host,
				  sizeof(host));
		if (s->nconns >= s->cfg.max_clients) {
			s->st.clients_refused++;
			close(fd);
			continue;
		}
		c = conn_new(s, fd);
		if (!c)
			continue;
		snprintf(c->who, sizeof(c->who), "tls=%s", host);
		c->ssl = SSL_new(s->cfg.tls);
		if (!c->ssl || !SSL_set_fd(c->ssl, fd))
			iqf_conn_kill(c);
	}
}

void iqf_accept_unix(struct iqf_server *s)
{
	for (;;) {
		socklen_t sl;
		struct iqf_conn *c;
		struct ucred cred;
		int fd;

		fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		sl = sizeof(cred);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &sl) ||
		    !uid_allowed(s, cred.uid) ||
		    s->nconns >= s->cfg.max_clients) {
			fprintf(stderr, "iqf: connection refused (uid %u)\n",
				(unsigned int)cred.uid);
			s->st.clients_refused++;
			close(fd);
			continue;
		}
		c = conn_new(s, fd);
		if (!c)
			continue;
		c->cred = cred;
		snprintf(c->who, sizeof(c->who), "uid=%u gid=%u pid=%d",
			 (unsigned int)cred.uid, (unsigned int)cred.gid,
			 (int)cred.pid);
		s->st.clients_accepted++;
	}
}

int iqf_listen_unix(struct iqf_server *s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat stt;
	mode_t old;
	int fd, err;

	if (strlen(s->cfg.unix_path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, s->cfg.unix_path);
	/* Replace a stale socket, never another kind of file. */
	if (!lstat(sa.sun_path, &stt)) {
		if (!S_ISSOCK(stt.st_mode))
			return -EEXIST;
		unlink(sa.sun_path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* No window in which the socket is more open than configured. */
	old = umask(0177);
	err = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (err || chmod(sa.sun_path, s->cfg.mode) ||
	    (s->cfg.gid != (gid_t)-1 &&
	     chown(sa.sun_path, (uid_t)-1, s->cfg.gid)) ||
	    listen(fd, 64)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int iqf_listen_tls(struct iqf_server *s)
{
	struct sockaddr_in6 sa6 = { .sin6_family = AF_INET6,
				    .sin6_port = htons(s->cfg.tls_port) };
	struct sockaddr_in sa4 = { .sin_family = AF_INET,
				   .sin_port = htons(s->cfg.tls_port) };
	struct sockaddr_storage bound;
	socklen_t sl = sizeof(bound);
	int one = 1, fam, r;

	if (inet_pton(AF_INET6, s->cfg.tls_addr, &sa6.sin6_addr) == 1)
		fam = AF_INET6;
	else if (inet_pton(AF_INET, s->cfg.tls_addr, &sa4.sin_addr) == 1)
		fam = AF_INET;
	else
		return -EINVAL;
	s->tfd = socket(fam, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->tfd < 0)
		return -errno;
	setsockopt(s->tfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	r = fam == AF_INET6 ?
		    bind(s->tfd, (struct sockaddr *)&sa6, sizeof(sa6)) :
		    bind(s->tfd, (struct sockaddr *)&sa4, sizeof(sa4));
	if (r || listen(s->tfd, 64) ||
	    getsockname(s->tfd, (struct sockaddr *)&bound, &sl))
		return -errno;
	s->tls_port = ntohs(fam == AF_INET6 ?
				    ((struct sockaddr_in6 *)&bound)->sin6_port :
				    ((struct sockaddr_in *)&bound)->sin_port);
	return 0;
}
