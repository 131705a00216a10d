// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_tools.c - lmisf-iefgen and lmisf-query against the real LI_XER
 * listener and query socket hosted in this process (a tiny ICF daemon);
 * lmisf-iefgen over TLS with mutual authentication against the listener
 * (certificates made at run time with the openssl command).
 * Skips when the tools are not built (tools/<name>/build/release/<name>,
 * or $LMISF_TOOLS_DIR/<name>).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "ief_listener.h"
#include "iqf_server.h"
#include "lixer.h"
#include "tls_certs.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

static const char *tool(const char *name, char *buf, size_t n)
{
	const char *tdir = getenv("LMISF_TOOLS_DIR");

	if (tdir)
		snprintf(buf, n, "%s/%s", tdir, name);
	else
		snprintf(buf, n, "../tools/%s/build/release/%s", name, name);
	return access(buf, X_OK) ? NULL : buf;
}

FIXTURE(daemon)
{
	struct icf *c;
	struct ief_listener *l;
	struct iqf_server *s;
	char dir[64], sock[128], port[16], tport[16];
	SSL_CTX *tls;
	struct ief_listener *tl; /* TLS listener, made by the TLS test */
	char out[65536];
	size_t out_len;
};

FIXTURE_SETUP(daemon)
{
	static const struct icf_config cfg = {
		.max_active_lifetime = 86400000,
		.cache_time_limit = 3600000,
		.search_window = 2000,
		.expiry_granularity = 1000,
	};
	struct ief_listener_config lc = { .bind_addr = "127.0.0.1" };
	struct iqf_server_config sc = { .mode = 0600,
					.gid = (gid_t)-1,
					.audit_fd = -1 };

	strcpy(self->dir, "/tmp/lmisf-tools-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->sock, sizeof(self->sock), "%s/iqf.sock", self->dir);
	self->c = icf_new(&cfg, &lm_clock_realtime);
	ASSERT_NE(NULL, self->c);
	self->l = ief_listener_new(self->c, &lc);
	ASSERT_NE(NULL, self->l);
	sc.unix_path = self->sock;
	self->s = iqf_server_new(self->c, &sc);
	ASSERT_NE(NULL, self->s);
	snprintf(self->port, sizeof(self->port), "127.0.0.1:%u",
		 ief_listener_port(self->l));
}

FIXTURE_TEARDOWN(daemon)
{
	ief_listener_free(self->tl);
	SSL_CTX_free(self->tls);
	if (dir[0]) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd))
			perror("rm");
	}
	iqf_server_free(self->s);
	ief_listener_free(self->l);
	icf_free(self->c);
	rmdir(self->dir);
}

static void pump(FIXTURE_DATA(daemon) * self, int ms)
{
	struct pollfd p[2] = {
		{ .fd = ief_listener_fd(self->l), .events = POLLIN },
		{ .fd = iqf_server_fd(self->s), .events = POLLIN },
	};

	poll(p, 2, self->tl ? 0 : ms);
	ief_listener_dispatch(self->l);
	iqf_server_dispatch(self->s);
	if (self->tl) {
		struct pollfd t = { .fd = ief_listener_fd(self->tl),
				    .events = POLLIN };

		poll(&t, 1, ms);
		ief_listener_dispatch(self->tl);
	}
}

/* Runs argv while serving; returns its exit status, stdout in self->out. */
static int run(FIXTURE_DATA(daemon) * self, char *const argv[],
	       void (*during)(FIXTURE_DATA(daemon) * self, int round))
{
	int pfd[2], status = -1, round = 0;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	self->out_len = 0;
	for (int i = 0; i < 3000; i++) {
		ssize_t n;

		pump(self, 2);
		n = read(pfd[0], self->out + self->out_len,
			 sizeof(self->out) - 1 - self->out_len);
		if (n > 0)
			self->out_len += (size_t)n;
		if (during)
			during(self, round++);
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}
	for (ssize_t n = 1; n > 0;) {
		n = read(pfd[0], self->out + self->out_len,
			 sizeof(self->out) - 1 - self->out_len);
		if (n > 0)
			self->out_len += (size_t)n;
	}
	self->out[self->out_len] = '\0';
	close(pfd[0]);
	if (status == -1) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(daemon, iefgen_then_query)
{
	char gen[256], qry[256];
	struct ief_listener_stats st;
	struct icf_stats cs;

	if (!tool("lmisf-iefgen", gen, sizeof(gen)) ||
	    !tool("lmisf-query", qry, sizeof(qry)))
		SKIP(return, "tools not built");
	{
		char *argv[] = { gen,	"-c", self->port, "-u",	  "50", "-n",
				 "500", "-p", "-k",	  "0.01", "-q", NULL };

		/* Exit 0 also means every keepalive got its response. */
		ASSERT_EQ(0, run(self, argv, NULL));
	}
	for (int i = 0; i < 50; i++)
		pump(self, 2);
	ief_listener_get_stats(self->l, &st);
	EXPECT_EQ(500, st.associations + st.deassociations);
	EXPECT_EQ(0, st.malformed_records + st.wrong_oid + st.unknown_records +
			     st.framing_errors + st.refused_by_cache);
	icf_get_stats(self->c, &cs);
	EXPECT_EQ(50, cs.subscribers);
	{
		char *argv[] = { qry,  "-s",   self->sock,
				 "-j", "supi", "234150000000007",
				 NULL };
		int rc = run(self, argv, NULL);

		/* Found (0) unless its last event was a deregistration. */
		ASSERT_TRUE(rc == 0 || rc == 1);
		EXPECT_NE(NULL, strstr(self->out, "\"status\":"));
		if (rc == 0)
			EXPECT_NE(NULL,
				  strstr(self->out,
					 "\"supi_imsi\":\"234150000000007\""));
	}
	{
		char *argv[] = {
			qry, "-s", self->sock, "supi", "234150000999999", NULL
		};

		EXPECT_EQ(1, run(self, argv, NULL));
		EXPECT_NE(NULL, strstr(self->out, "no association found"));
	}
	{
		char *argv[] = { qry,	     "-s",
				 self->sock, "-j",
				 "-t",	     "1999-01-01T00:00:00Z",
				 "supi",     "234150000000007",
				 NULL };

		EXPECT_EQ(2, run(self, argv, NULL));
		EXPECT_NE(NULL, strstr(self->out, "OUTSIDE_CACHE_PERIOD"));
	}
	{
		char *argv[] = {
			qry, "-s", self->sock, "s-tmsi", "5-64-1", NULL
		};

		EXPECT_EQ(2, run(self, argv, NULL));
		EXPECT_NE(NULL, strstr(self->out, "INVALID_FIVE_G_S_TMSI"));
	}
	{
		char *argv[] = {
			qry, "-s", self->sock, "guti", "234-15-x", NULL
		};

		EXPECT_EQ(3, run(self, argv, NULL));
	}
}

static int ief_fd = -1;

/* After the ongoing response is out, an IEF reports a new GUTI. */
static void inject(FIXTURE_DATA(daemon) * self, int round)
{
	struct lixer_msg m = { .kind = LIXER_ASSOCIATION };
	struct lixer_assoc *a = &m.assoc;
	struct ber_enc enc;
	struct timespec ts;

	if (round != 100 || ief_fd >= 0)
		return;
	ief_fd = socket(AF_INET, SOCK_STREAM, 0);
	{
		struct sockaddr_in sa = { .sin_family = AF_INET,
					  .sin_port = htons(
						  ief_listener_port(self->l)) };

		inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
		if (connect(ief_fd, (struct sockaddr *)&sa, sizeof(sa)))
			return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	a->supi.kind = LIXER_SUPI_IMSI;
	a->supi.v.ptr = (const uint8_t *)"234150000000042";
	a->supi.v.len = 15;
	lixer_plmn_from_str("23415", a->guti);
	a->guti[9] = 0x42;
	a->timestamp_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	lixer_plmn_from_str("23415", a->tai);
	memcpy(a->ncgi.plmn, a->tai, 3);
	a->ncgi_time_ns = a->timestamp_ns;
	ber_enc_init(&enc);
	if (!lixer_encode(&m, &enc) && !ber_enc_error(&enc))
		if (write(ief_fd, enc.buf, enc.len) < 0)
			perror("write");
	ber_enc_free(&enc);
}

TEST_F(daemon, ongoing_cli)
{
	char qry[256];
	char *argv[] = { qry, "-s",	 self->sock,	    "-j", "-n",
			 "1", "ongoing", "234150000000042", NULL };

	if (!tool("lmisf-query", qry, sizeof(qry)))
		SKIP(return, "tools not built");
	ief_fd = -1;
	EXPECT_EQ(0, run(self, argv, inject));
	EXPECT_NE(NULL, strstr(self->out, "\"ongoing_association_task_id\":1"));
	EXPECT_NE(NULL, strstr(self->out, "{\"update\":"));
	EXPECT_NE(NULL, strstr(self->out, "\"status\":\"deactivated\""));
	if (ief_fd >= 0)
		close(ief_fd);
}

static char *cert(const char *name)
{
	static char paths[8][96];
	static int i;
	char *p = paths[i++ % 8];

	snprintf(p, sizeof(paths[0]), "%s/%s", dir, name);
	return p;
}

/* lmisf-iefgen -n 10 over TLS with @who's certificate, trusting @ca. */
static int iefgen_tls(FIXTURE_DATA(daemon) * self, char *gen, const char *who,
		      const char *ca)
{
	char crt[32], key[32], cap[32];
	char *argv[] = { gen,  "-c", self->tport, "-C", crt,  "-K", key,
			 "-A", cap,  "-n",	  "10", "-q", NULL };

	snprintf(crt, sizeof(crt), "%s.pem", who);
	snprintf(key, sizeof(key), "%s.key", who);
	snprintf(cap, sizeof(cap), "%s.pem", ca);
	argv[4] = cert(crt);
	argv[6] = cert(key);
	argv[8] = cert(cap);
	return run(self, argv, NULL);
}

/*
 * lmisf-iefgen over TLS: with a certificate from the listener's CA its
 * records are stored and its keepalives answered; with a certificate of
 * another CA the listener refuses it and the tool says so (exit 1), as it
 * does when the listener's certificate is not from the CA it was given.
 */
TEST_F(daemon, iefgen_tls_mutual_authentication)
{
	struct ief_listener_config lc = { .bind_addr = "127.0.0.1" };
	struct ief_listener_stats st;
	char gen[256];

	if (!tool("lmisf-iefgen", gen, sizeof(gen)))
		SKIP(return, "lmisf-iefgen not built");
	if (system("command -v openssl >/dev/null 2>&1"))
		SKIP(return, "no openssl command");
	strcpy(dir, "/tmp/lmisf-tls-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(dir));
	ASSERT_EQ(0, make_certs());
	self->tls = ief_tls_server_ctx(cert("srv.pem"), cert("srv.key"),
				       cert("ca.pem"));
	ASSERT_NE(NULL, self->tls);
	lc.tls = self->tls;
	self->tl = ief_listener_new(self->c, &lc);
	ASSERT_NE(NULL, self->tl);
	snprintf(self->tport, sizeof(self->tport), "127.0.0.1:%u",
		 ief_listener_port(self->tl));
	{
		char *argv[] = { gen,
				 "-c",
				 self->tport,
				 "-C",
				 cert("cli.pem"),
				 "-K",
				 cert("cli.key"),
				 "-A",
				 cert("ca.pem"),
				 "-u",
				 "20",
				 "-n",
				 "200",
				 "-p",
				 "-k",
				 "0.01",
				 "-q",
				 NULL };

		/* Exit 0: every keepalive (the first one too) answered. */
		ASSERT_EQ(0, run(self, argv, NULL));
	}
	for (int i = 0; i < 50; i++)
		pump(self, 2);
	ief_listener_get_stats(self->tl, &st);
	EXPECT_EQ(200, st.associations + st.deassociations);
	EXPECT_EQ(0, st.tls_failures);
	/* A client certificate of another CA; a server CA we do not trust. */
	EXPECT_EQ(1, iefgen_tls(self, gen, "bad", "ca"));
	EXPECT_EQ(1, iefgen_tls(self, gen, "cli", "evil"));
	for (int i = 0; i < 50; i++)
		pump(self, 2);
	ief_listener_get_stats(self->tl, &st);
	EXPECT_EQ(200, st.associations + st.deassociations);
	EXPECT_GE(st.tls_failures, 1);
}

TEST_HARNESS_MAIN
