// SPDX-License-Identifier: GPL-2.0
/* TCP connect and mutually authenticated TLS client handshake. */
#include "tls_client.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

int tcp_connect_hostport(const char *spec)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	char host[256], *port;
	int fd = -1, err = -ECONNREFUSED;

	if (strlen(spec) >= sizeof(host))
		return -ENAMETOOLONG;
	strcpy(host, spec);
	port = strrchr(host, ':');
	if (!port)
		return -EINVAL;
	*port++ = '\0';
	if (host[0] == '[') {
		memmove(host, host + 1, strlen(host));
		host[strcspn(host, "]")] = '\0';
	}
	if (getaddrinfo(host, port, &hints, &res))
		return -EHOSTUNREACH;
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd >= 0 && !connect(fd, ai->ai_addr, ai->ai_addrlen))
			break;
		err = -errno;
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd >= 0 ? fd : err;
}

SSL *tls_client_handshake(int fd, const char *cert_file, const char *key_file,
			  const char *ca_file, const char *who)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL *ssl = NULL;

	if (!ctx || !SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) ||
	    SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1 ||
	    SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1)
		goto fail;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	ssl = SSL_new(ctx);
	if (!ssl || !SSL_set_fd(ssl, fd) || SSL_connect(ssl) != 1)
		goto fail;
	SSL_CTX_free(ctx); /* the SSL holds its own reference */
	return ssl;
fail:
	fprintf(stderr, "%s: TLS: %s\n", who,
		ERR_reason_error_string(ERR_get_error()) ?: "handshake failed");
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	return NULL;
}

bool tls_client_option(struct tls_client_files *f, int opt, const char *arg)
{
	switch (opt) {
	case 'C':
		f->cert = arg;
		return true;
	case 'K':
		f->key = arg;
		return true;
	case 'A':
		f->ca = arg;
		return true;
	}
	return false;
}

bool tls_client_any(const struct tls_client_files *f)
{
	return f->cert || f->key || f->ca;
}

bool tls_client_all(const struct tls_client_files *f)
{
	return f->cert && f->key && f->ca;
}
