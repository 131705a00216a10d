// SPDX-License-Identifier: GPL-2.0
/*
 * test_iqf_tls.c - the IQF over TCP + TLS with mutual authentication: a
 * client with a certificate from the configured CA and an allowed CN gets
 * answers (and is audited by its CN); no certificate, a foreign CA or a CN
 * not on the list is refused. Skips without the openssl command.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "kselftest_harness.h"

#include "icf_fixture.h"
#include "ief_listener.h"
#include "iqf_fixture.h"
#include "iqf_server.h"
#include "tls_certs.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

FIXTURE(iqftls)
{
	struct lm_clock clk;
	struct icf *c;
	SSL_CTX *srv;
	struct iqf_server *s;
	char sock[128], audit[128], path[8][128];
	int audit_fd;
};

static const char *in_dir(FIXTURE_DATA(iqftls) * self, int i, const char *f)
{
	snprintf(self->path[i], sizeof(self->path[i]), "%s/%s", dir, f);
	return self->path[i];
}

static const char *const cns[] = { "lea-1", "cli" };

FIXTURE_SETUP(iqftls)
{
	struct iqf_server_config sc = { .mode = 0600,
					.gid = (gid_t)-1,
					.tls_addr = "127.0.0.1",
					.allowed_cns = cns,
					.n_allowed_cns = 2 };
	struct icf_assoc_event a;

	if (system("command -v openssl >/dev/null 2>&1"))
		SKIP(return, "no openssl command");
	/* OpenSSL writes with write(2): hosts ignore SIGPIPE (see header). */
	signal(SIGPIPE, SIG_IGN);
	strcpy(dir, "/tmp/lmisf-iqftls-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(dir));
	ASSERT_EQ(0, make_certs());
	lm_clock_manual_init(&self->clk, T0);
	self->c = icf_new(&test_cfg, &self->clk);
	ASSERT_NE(NULL, self->c);
	mk_assoc(&a, "234150000000001", 0xa1, T0);
	icf_associate(self->c, &a);
	self->srv = ief_tls_server_ctx(in_dir(self, 0, "srv.pem"),
				       in_dir(self, 1, "srv.key"),
				       in_dir(self, 2, "ca.pem"));
	ASSERT_NE(NULL, self->srv);
	snprintf(self->sock, sizeof(self->sock), "%s/iqf.sock", dir);
	snprintf(self->audit, sizeof(self->audit), "%s/audit.log", dir);
	self->audit_fd = open(self->audit, O_RDWR | O_CREAT | O_APPEND, 0600);
	sc.unix_path = self->sock;
	sc.audit_fd = self->audit_fd;
	sc.tls = self->srv;
	self->s = iqf_server_new(self->c, &sc);
	ASSERT_NE(NULL, self->s);
	ASSERT_NE(0, iqf_server_tls_port(self->s));
}

FIXTURE_TEARDOWN(iqftls)
{
	char cmd[128];

	iqf_server_free(self->s);
	SSL_CTX_free(self->srv);
	icf_free(self->c);
	if (self->audit_fd >= 0)
		close(self->audit_fd);
	if (dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd))
			perror("rm");
	}
}

static void pump(struct iqf_server *s, int ms)
{
	struct pollfd p = { .fd = iqf_server_fd(s), .events = POLLIN };

	poll(&p, 1, ms);
	iqf_server_dispatch(s);
}

/*
 * Connects, sends one SUPI request, returns the response status (or -1
 * when refused or nothing came back).
 */
static int ask_tls(FIXTURE_DATA(iqftls) * self, const char *cert,
		   const char *key)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port =
					  htons(iqf_server_tls_port(self->s)) };
	Lmisf__Iqf__ClientMessage cm = LMISF__IQF__CLIENT_MESSAGE__INIT;
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	Lmisf__Iqf__ServerMessage *m;
	uint8_t buf[4096], *f;
	struct req_buf b;
	size_t flen, got = 0;
	int fd, status = -1, sent = 0;
	SSL *ssl;

	SSL_CTX_load_verify_locations(ctx, in_dir(self, 3, "ca.pem"), NULL);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if (cert) {
		SSL_CTX_use_certificate_file(ctx, in_dir(self, 4, cert),
					     SSL_FILETYPE_PEM);
		SSL_CTX_use_PrivateKey_file(ctx, in_dir(self, 5, key),
					    SSL_FILETYPE_PEM);
	}
	rq_init(&b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&b, "234150000000001");
	cm.msg_case = LMISF__IQF__CLIENT_MESSAGE__MSG_REQUEST;
	cm.request = &b.req;
	f = iqf_frame(&cm.base, &flen);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (!f || connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		goto out;
	fcntl(fd, F_SETFL, O_NONBLOCK);
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	for (int i = 0; i < 1000; i++) {
		int r, e;

		pump(self->s, 1);
		if (!sent) {
			r = SSL_connect(ssl);
			if (r == 1 && SSL_write(ssl, f, (int)flen) == (int)flen)
				sent = 1;
			else if (r != 1 &&
				 (e = SSL_get_error(ssl, r)) !=
					 SSL_ERROR_WANT_READ &&
				 e != SSL_ERROR_WANT_WRITE)
				break;
			continue;
		}
		r = SSL_read(ssl, buf + got, (int)(sizeof(buf) - got));
		if (r <= 0) {
			e = SSL_get_error(ssl, r);
			if (e == SSL_ERROR_WANT_READ ||
			    e == SSL_ERROR_WANT_WRITE)
				continue;
			break; /* refused: alert or close */
		}
		got += (size_t)r;
		if (got >= 4 && got >= 4 + iqf_frame_len(buf)) {
			m = lmisf__iqf__server_message__unpack(
				NULL, iqf_frame_len(buf), buf + 4);
			if (m &&
			    m->msg_case ==
				    LMISF__IQF__SERVER_MESSAGE__MSG_RESPONSE)
				status = (int)m->response->status;
			if (m)
				lmisf__iqf__server_message__free_unpacked(m,
									  NULL);
			break;
		}
	}
	SSL_free(ssl);
out:
	ERR_clear_error();
	free(f);
	close(fd);
	SSL_CTX_free(ctx);
	return status;
}

TEST_F(iqftls, authenticated_client_answered_and_audited)
{
	struct iqf_server_stats st;
	char log[2048];
	ssize_t n;

	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND,
		  ask_tls(self, "cli.pem", "cli.key"));
	iqf_server_get_stats(self->s, &st);
	EXPECT_EQ(1, st.clients_accepted);
	n = pread(self->audit_fd, log, sizeof(log) - 1, 0);
	ASSERT_GT(n, 0);
	log[n] = '\0';
	EXPECT_NE(NULL, strstr(log, "tls=127.0.0.1 cn=cli "));
	EXPECT_EQ(NULL, strstr(log, "234150000000001"));
}

TEST_F(iqftls, no_certificate_refused)
{
	struct iqf_server_stats st;

	EXPECT_EQ(-1, ask_tls(self, NULL, NULL));
	iqf_server_get_stats(self->s, &st);
	EXPECT_EQ(0, st.clients_accepted);
	EXPECT_EQ(1, st.clients_refused);
	EXPECT_EQ(0, st.requests);
}

TEST_F(iqftls, foreign_ca_refused)
{
	struct iqf_server_stats st;

	EXPECT_EQ(-1, ask_tls(self, "bad.pem", "bad.key"));
	iqf_server_get_stats(self->s, &st);
	EXPECT_EQ(0, st.requests);
	EXPECT_EQ(1, st.clients_refused);
}

/* Right CA, but a CN not on the list. */
TEST_F(iqftls, cn_not_listed_refused)
{
	static const char *const only[] = { "lea-1" };
	struct iqf_server_config sc = { .mode = 0600,
					.gid = (gid_t)-1,
					.audit_fd = -1,
					.tls_addr = "127.0.0.1",
					.allowed_cns = only,
					.n_allowed_cns = 1 };
	struct iqf_server_stats st;

	iqf_server_free(self->s);
	sc.unix_path = self->sock;
	sc.tls = self->srv;
	self->s = iqf_server_new(self->c, &sc);
	ASSERT_NE(NULL, self->s);
	EXPECT_EQ(-1, ask_tls(self, "cli.pem", "cli.key"));
	iqf_server_get_stats(self->s, &st);
	EXPECT_EQ(1, st.clients_refused);
	EXPECT_EQ(0, st.requests);
}

/* lmisf-query over TLS (skips when the tool is not built). */
TEST_F(iqftls, lmisf_query_over_tls)
{
	char qry[256], addr[32], out[8192];
	size_t got = 0;
	int pfd[2], status = -1;
	pid_t pid;

	snprintf(qry, sizeof(qry), "%s/lmisf-query",
		 getenv("LMISF_TOOLS_DIR") ?:
			 "../tools/lmisf-query/build/release");
	if (access(qry, X_OK))
		SKIP(return, "lmisf-query not built");
	snprintf(addr, sizeof(addr), "127.0.0.1:%u",
		 iqf_server_tls_port(self->s));
	ASSERT_EQ(0, pipe(pfd));
	pid = fork();
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		execl(qry, qry, "--tls", addr, "--cert",
		      in_dir(self, 4, "cli.pem"), "--key",
		      in_dir(self, 5, "cli.key"), "--ca",
		      in_dir(self, 6, "ca.pem"), "-j", "supi",
		      "234150000000001", (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	for (int i = 0; i < 3000; i++) {
		ssize_t n;

		pump(self->s, 2);
		n = read(pfd[0], out + got, sizeof(out) - 1 - got);
		if (n > 0)
			got += (size_t)n;
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}
	for (ssize_t n = 1; n > 0;) {
		n = read(pfd[0], out + got, sizeof(out) - 1 - got);
		if (n > 0)
			got += (size_t)n;
	}
	out[got] = '\0';
	close(pfd[0]);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_NE(NULL, strstr(out, "\"supi_imsi\":\"234150000000001\""));
}

TEST_HARNESS_MAIN
