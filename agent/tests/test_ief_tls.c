// SPDX-License-Identifier: GPL-2.0
/*
 * test_ief_tls.c - the LI_XER listener over TLS with mutual
 * authentication: an IEF with a certificate from the configured CA gets
 * its records into the cache and its keepalives answered; an IEF without
 * a certificate, or with one from another CA, is refused at the handshake.
 * Certificates are made at run time with the openssl command (skips when
 * it is missing).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "kselftest_harness.h"

#include "icf_fixture.h"
#include "ief_listener.h"
#include "lixer.h"
#include "tls_certs.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

FIXTURE(tls)
{
	struct lm_clock clk;
	struct icf *c;
	SSL_CTX *srv;
	struct ief_listener *l;
	char path[8][128];
};

static const char *in_dir(FIXTURE_DATA(tls) * self, int i, const char *f)
{
	snprintf(self->path[i], sizeof(self->path[i]), "%s/%s", dir, f);
	return self->path[i];
}

FIXTURE_SETUP(tls)
{
	struct ief_listener_config lc = { .bind_addr = "127.0.0.1" };

	if (system("command -v openssl >/dev/null 2>&1"))
		SKIP(return, "no openssl command");
	strcpy(dir, "/tmp/lmisf-tls-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(dir));
	ASSERT_EQ(0, make_certs());
	lm_clock_manual_init(&self->clk, T0);
	self->c = icf_new(&test_cfg, &self->clk);
	ASSERT_NE(NULL, self->c);
	self->srv = ief_tls_server_ctx(in_dir(self, 0, "srv.pem"),
				       in_dir(self, 1, "srv.key"),
				       in_dir(self, 2, "ca.pem"));
	ASSERT_NE(NULL, self->srv);
	lc.tls = self->srv;
	self->l = ief_listener_new(self->c, &lc);
	ASSERT_NE(NULL, self->l);
}

FIXTURE_TEARDOWN(tls)
{
	char cmd[128];

	ief_listener_free(self->l);
	SSL_CTX_free(self->srv);
	icf_free(self->c);
	if (dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd))
			perror("rm");
	}
}

static void pump(struct ief_listener *l, int ms)
{
	struct pollfd p = { .fd = ief_listener_fd(l), .events = POLLIN };

	poll(&p, 1, ms);
	ief_listener_dispatch(l);
}

/* Client handshake driven alongside the listener; 1 ok, 0 refused. */
static int connect_tls(struct ief_listener *l, SSL_CTX *ctx, SSL **out,
		       int *fdp)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(ief_listener_port(l)) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	SSL *ssl;

	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return -1;
	fcntl(fd, F_SETFL, O_NONBLOCK);
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	*out = ssl;
	*fdp = fd;
	for (int i = 0; i < 500; i++) {
		int r = SSL_connect(ssl), e;
		char b;

		if (r == 1) {
			/*
			 * TLS 1.3: the server checks the client certificate
			 * after the client finished; a refusal shows as an
			 * alert or EOF on the first read.
			 */
			for (int k = 0; k < 50; k++) {
				pump(l, 2);
				r = SSL_read(ssl, &b, 1);
				e = SSL_get_error(ssl, r);
				if (e != SSL_ERROR_WANT_READ)
					return 0;
			}
			return 1;
		}
		e = SSL_get_error(ssl, r);
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
			return 0;
		pump(l, 2);
	}
	return 0;
}

static SSL_CTX *client_ctx(FIXTURE_DATA(tls) * self, const char *cert,
			   const char *key)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	SSL_CTX_load_verify_locations(ctx, in_dir(self, 3, "ca.pem"), NULL);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if (cert) {
		SSL_CTX_use_certificate_file(ctx, in_dir(self, 4, cert),
					     SSL_FILETYPE_PEM);
		SSL_CTX_use_PrivateKey_file(ctx, in_dir(self, 5, key),
					    SSL_FILETYPE_PEM);
	}
	return ctx;
}

TEST_F(tls, mutual_auth_records_and_keepalive)
{
	struct lixer_msg m = { .kind = LIXER_KEEPALIVE, .seq = 9 };
	SSL_CTX *ctx = client_ctx(self, "cli.pem", "cli.key");
	struct ief_listener_stats st;
	struct icf_stats cs;
	struct ber_enc enc;
	struct ber_error err;
	uint8_t buf[256];
	SSL *ssl;
	int fd, n = -1;

	ASSERT_EQ(1, connect_tls(self->l, ctx, &ssl, &fd));
	ber_enc_init(&enc);
	memset(&m, 0, sizeof(m));
	m.kind = LIXER_ASSOCIATION;
	m.assoc.supi.kind = LIXER_SUPI_IMSI;
	m.assoc.supi.v.ptr = (const uint8_t *)"234150000000001";
	m.assoc.supi.v.len = 15;
	mk_guti(m.assoc.guti, plmn_a, 1, 5, 3, 0xa1);
	m.assoc.timestamp_ns = T0 * 1000000;
	mk_tai(m.assoc.tai, plmn_a, 1);
	memcpy(m.assoc.ncgi.plmn, plmn_a, 3);
	ASSERT_EQ(0, lixer_encode(&m, &enc));
	memset(&m, 0, sizeof(m));
	m.kind = LIXER_KEEPALIVE;
	m.seq = 9;
	ASSERT_EQ(0, lixer_encode(&m, &enc));
	ASSERT_EQ((int)enc.len, SSL_write(ssl, enc.buf, (int)enc.len));
	ber_enc_free(&enc);
	for (int i = 0; i < 500 && n <= 0; i++) {
		pump(self->l, 2);
		n = SSL_read(ssl, buf, sizeof(buf));
	}
	ASSERT_GT(n, 0);
	memset(&m, 0, sizeof(m));
	ASSERT_EQ(0, lixer_decode(buf, (size_t)n, &m, &err));
	EXPECT_EQ(LIXER_KEEPALIVE_RESPONSE, m.kind);
	EXPECT_EQ(9, m.seq);
	ief_listener_get_stats(self->l, &st);
	EXPECT_EQ(1, st.associations);
	EXPECT_EQ(0, st.tls_failures);
	icf_get_stats(self->c, &cs);
	EXPECT_EQ(1, cs.associations);
	SSL_free(ssl);
	close(fd);
	SSL_CTX_free(ctx);
}

TEST_F(tls, no_client_certificate_refused)
{
	SSL_CTX *ctx = client_ctx(self, NULL, NULL);
	struct ief_listener_stats st;
	SSL *ssl;
	int fd;

	EXPECT_EQ(0, connect_tls(self->l, ctx, &ssl, &fd));
	for (int i = 0; i < 20; i++)
		pump(self->l, 2);
	ief_listener_get_stats(self->l, &st);
	EXPECT_EQ(1, st.tls_failures);
	EXPECT_EQ(0, st.conns_open);
	SSL_free(ssl);
	close(fd);
	SSL_CTX_free(ctx);
}

TEST_F(tls, certificate_from_other_ca_refused)
{
	SSL_CTX *ctx = client_ctx(self, "bad.pem", "bad.key");
	struct ief_listener_stats st;
	SSL *ssl;
	int fd;

	EXPECT_EQ(0, connect_tls(self->l, ctx, &ssl, &fd));
	for (int i = 0; i < 20; i++)
		pump(self->l, 2);
	ief_listener_get_stats(self->l, &st);
	EXPECT_EQ(1, st.tls_failures);
	SSL_free(ssl);
	close(fd);
	SSL_CTX_free(ctx);
}

TEST_HARNESS_MAIN
