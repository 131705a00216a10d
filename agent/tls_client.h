/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Client side of the ICF's TLS endpoints (IQF over TCP, LI_XER): connect
 * to HOST:PORT and authenticate both ways, the way the servers expect
 * (TLS 1.2+, a client certificate, the server's certificate checked
 * against a CA file). Shared by lmisf-query and lmisf-iefgen.
 */
#ifndef LMISF_TLS_CLIENT_H
#define LMISF_TLS_CLIENT_H

#include <stdbool.h>

#include <openssl/ssl.h>

/* The client's certificate, key and CA files, from -C/-K/-A. */
struct tls_client_files {
	const char *cert, *key, *ca;
};

/* Its long options, for a struct option[] (clang-format mangles lists). */
/* clang-format off */
#define TLS_CLIENT_OPTIONS \
	{ "cert", required_argument, NULL, 'C' }, \
	{ "key", required_argument, NULL, 'K' }, \
	{ "ca", required_argument, NULL, 'A' }
/* clang-format on */
#define TLS_CLIENT_OPTSTRING "C:K:A:"

/* Takes -C, -K or -A (true); false for any other option. */
bool tls_client_option(struct tls_client_files *f, int opt, const char *arg);
/* Whether any, and whether all three, were given. */
bool tls_client_any(const struct tls_client_files *f);
bool tls_client_all(const struct tls_client_files *f);

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
