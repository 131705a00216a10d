/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Client side of the ICF's TLS endpoints (IQF over TCP, LI_XER): connect
 * to HOST:PORT and authenticate both ways, the way the servers expect
 * (TLS 1.2+, a client certificate, the server's certificate checked
 * against a CA file). Shared by lmisf-query and lmisf-iefgen.
 */
#ifndef LMISF_TLS_CLIENT_H
#define LMISF_TLS_CLIENT_H

#include <openssl/ssl.h>

/* TCP connect to HOST:PORT or [V6]:PORT; the fd (blocking) or -errno. */
int tcp_connect_hostport(const char *spec);

/*
 * TLS handshake as a client on connected @fd (blocking): our certificate
 * chain @cert_file and key @key_file, the server's certificate must chain
 * to @ca_file. The SSL (owning its own reference to the context, freed
 * with SSL_free()) or NULL with the reason written to stderr after
 * @who.
 */
SSL *tls_client_handshake(int fd, const char *cert_file, const char *key_file,
			  const char *ca_file, const char *who);

#endif /* LMISF_TLS_CLIENT_H */
