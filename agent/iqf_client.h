/* SPDX-License-Identifier: GPL-2.0 */
/* Client side of the IQF socket protocol (lmisf-query, tests). */
#ifndef LMISF_IQF_CLIENT_H
#define LMISF_IQF_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

#include "iqf.pb-c.h"
#include "streambuf.h"

struct iqf_client {
	int fd;
	SSL_CTX *ctx; /* TCP+TLS only */
	SSL *ssl;
	struct streambuf in; /* the head is the next frame */
};

/* 0, or -errno. */
int iqf_client_connect(struct iqf_client *c, const char *unix_path);
/*
 * TCP + TLS with a client certificate: @addr is HOST:PORT ([v6]:PORT),
 * the server must present a certificate from @ca_file. 0 or -errno
 * (-EPROTO: TLS failed, printed on stderr).
 */
int iqf_client_connect_tls(struct iqf_client *c, const char *addr,
			   const char *cert_file, const char *key_file,
			   const char *ca_file);
void iqf_client_close(struct iqf_client *c);
int iqf_client_send(struct iqf_client *c, const Lmisf__Iqf__ClientMessage *m);
/* Sends raw bytes (tests of malformed input). */
int iqf_client_send_raw(struct iqf_client *c, const void *p, size_t n);
/*
 * Waits up to @timeout_ms (-1: forever) for one ServerMessage.
 * 1 and *out (free with lmisf__iqf__server_message__free_unpacked),
 * 0 on timeout, -errno on error (-ECONNRESET: closed, -EBADMSG: bad data).
 */
int iqf_client_recv(struct iqf_client *c, Lmisf__Iqf__ServerMessage **out,
		    int timeout_ms);

#endif /* LMISF_IQF_CLIENT_H */
