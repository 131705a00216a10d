// SPDX-License-Identifier: GPL-2.0
/* Blocking-with-timeout IQF client over the Unix socket. */
#include "iqf_client.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "iqf.h"
#include "tls_client.h"

int iqf_client_connect(struct iqf_client *c, const char *unix_path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if (strlen(unix_path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, unix_path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -errno;
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int err = -errno;

		close(c->fd);
		c->fd = -1;
		return err;
	}
	return 0;
}

int iqf_client_connect_tls(struct iqf_client *c, const char *addr,
			   const char *cert_file, const char *key_file,
			   const char *ca_file)
{
	memset(c, 0, sizeof(*c));
	c->fd = tcp_connect_hostport(addr);
	if (c->fd < 0)
		return c->fd;
	c->ssl = tls_client_handshake(c->fd, cert_file, key_file, ca_file,
				      "iqf");
	if (!c->ssl) {
		iqf_client_close(c);
		return -EPROTO;
	}
	return 0;
}

void iqf_client_close(struct iqf_client *c)
{
	SSL_free(c->ssl);
	SSL_CTX_free(c->ctx);
	c->ssl = NULL;
	c->ctx = NULL;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	streambuf_free(&c->in);
}

int iqf_client_send_raw(struct iqf_client *c, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n) {
		ssize_t k;

		if (c->ssl) {
			int r = SSL_write(c->ssl, b, (int)n);

			if (r <= 0)
				return -EPIPE;
			b += r;
			n -= (size_t)r;
			continue;
		}
		k = send(c->fd, b, n, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		b += k;
		n -= (size_t)k;
	}
	return 0;
}

int iqf_client_send(struct iqf_client *c, const Lmisf__Iqf__ClientMessage *m)
{
	size_t len;
	uint8_t *f = iqf_frame(&m->base, &len);
	int r;

	if (!f)
		return -ENOMEM;
	r = iqf_client_send_raw(c, f, len);
	free(f);
	return r;
}

int iqf_client_recv(struct iqf_client *c, Lmisf__Iqf__ServerMessage **out,
		    int timeout_ms)
{
	struct streambuf *b = &c->in;

	for (;;) {
		struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
		size_t have = b->len - b->head, want = 4;
		ssize_t n;

		if (have >= 4) {
			uint32_t body = iqf_frame_len(b->p + b->head);

			if (body > IQF_MAX_RESPONSE)
				return -EBADMSG;
			want += body;
			if (have >= want) {
				*out = lmisf__iqf__server_message__unpack(
					NULL, body, b->p + b->head + 4);
				b->head += want;
				return *out ? 1 : -EBADMSG;
			}
		}
		streambuf_drop(b);
		if (streambuf_room(b, want - have))
			return -ENOMEM;
		/* Bytes OpenSSL already decrypted do not wake poll(). */
		if (!c->ssl || SSL_pending(c->ssl) <= 0) {
			n = poll(&pfd, 1, timeout_ms);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return -errno;
			if (n == 0)
				return 0;
		}
		if (c->ssl) {
			int r = SSL_read(c->ssl, b->p + b->len,
					 (int)(b->cap - b->len));

			if (r <= 0) {
				int e = SSL_get_error(c->ssl, r);

				if (e == SSL_ERROR_WANT_READ ||
				    e == SSL_ERROR_WANT_WRITE)
					continue;
				return e == SSL_ERROR_ZERO_RETURN ||
						       e == SSL_ERROR_SYSCALL ?
					       -ECONNRESET :
					       -EPROTO;
			}
			b->len += (size_t)r;
			continue;
		}
		n = recv(c->fd, b->p + b->len, b->cap - b->len, MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ECONNRESET;
		b->len += (size_t)n;
	}
}
