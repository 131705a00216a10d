// SPDX-License-Identifier: GPL-2.0
/*
 * test_mdf.c - lmisf-mdf against the agent's own delivery (libagent.a):
 * X2 and X3 PDUs come out as JSON lines with the right fields and as a
 * pcap that tshark's 5gli dissector decodes without a malformed packet;
 * keepalives are answered; TLS requires a client certificate; refusing
 * connections and closing them makes the agent spool, accepting again
 * gets every PDU through in order; SIGTERM exits 0 with the counts.
 * LMISF_MDF names the program (default build/release/lmisf-mdf).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "kselftest_harness.h"

#include "config.h"
#include "deliver.h"
#include "loop.h"
#include "tls_certs.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#define DID2 "11111111-2222-4333-8444-555555555555"
#define DID3 "66666666-7777-4888-9999-aaaaaaaaaaaa"

static const uint8_t TASK[16] = { 0x8c, 0x29, 0x2f, 0xa1, 0x58, 0x31,
				  0x46, 0xec, 0x86, 0xbe, 0xbd, 0x85,
				  0xf2, 0x08, 0x32, 0x99 };

struct mdf_proc {
	pid_t pid;
	int in, out; /* its stdin (commands), stdout (replies) */
	char lines[4096];
	size_t len;
	bool exited;
	int status;
	unsigned int x2, x3; /* ports */
};

FIXTURE(mdf)
{
	struct loop *l;
	struct mdf_proc p;
	struct lm_config cfg;
	struct deliver *d;
	char tmp[64], json[128], pcap[128], err[128];
	uint8_t did2[16], did3[16];
};

static void on_out(void *arg, int fd, uint32_t ev)
{
	struct mdf_proc *p = arg;
	ssize_t n;

	(void)ev;
	n = read(fd, p->lines + p->len, sizeof(p->lines) - 1 - p->len);
	if (n > 0) {
		p->len += (size_t)n;
		p->lines[p->len] = 0;
	}
}

#define WAIT_FOR(l, cond)                               \
	({                                              \
		uint64_t _end = loop_now_ms() + 30000;  \
		while (!(cond) && loop_now_ms() < _end) \
			loop_run_once((l), 50);         \
		(cond);                                 \
	})

static bool exited(struct mdf_proc *p)
{
	if (!p->exited && waitpid(p->pid, &p->status, WNOHANG) == p->pid)
		p->exited = true;
	return p->exited;
}

/* Starts lmisf-mdf with @args (NULL-terminated, after the listeners). */
static int spawn(FIXTURE_DATA(mdf) * self, const char *const *extra)
{
	const char *prog = getenv("LMISF_MDF");
	const char *argv[32] = { NULL };
	int in[2], out[2], n = 0;
	char *x2;

	if (!prog)
		prog = "build/release/lmisf-mdf";
	argv[n++] = prog;
	argv[n++] = "--x2";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--x3";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--json";
	argv[n++] = self->json;
	argv[n++] = "--pcap";
	argv[n++] = self->pcap;
	argv[n++] = "--payload-hex";
	argv[n++] = "--control";
	while (extra && *extra && n < 31)
		argv[n++] = *extra++;
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC))
		return -1;
	self->p.pid = fork();
	if (!self->p.pid) {
		int e = open(self->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(e, 2);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	self->p.in = in[1];
	self->p.out = out[0];
	fcntl(self->p.out, F_SETFL, O_NONBLOCK);
	loop_add_fd(self->l, self->p.out, EPOLLIN, on_out, &self->p);
	if (!WAIT_FOR(self->l, strchr(self->p.lines, '\n')))
		return -1;
	x2 = strstr(self->p.lines, "listening x2=");
	if (!x2 ||
	    sscanf(x2, "listening x2=%u x3=%u", &self->p.x2, &self->p.x3) != 2)
		return -1;
	self->p.len = 0;
	self->p.lines[0] = 0;
	return 0;
}

/* Sends a command and waits for its "ok"/"error" line. */
static bool command(FIXTURE_DATA(mdf) * self, const char *cmd)
{
	char want[64];

	self->p.len = 0;
	self->p.lines[0] = 0;
	if (write(self->p.in, cmd, strlen(cmd)) != (ssize_t)strlen(cmd) ||
	    write(self->p.in, "\n", 1) != 1)
		return false;
	snprintf(want, sizeof(want), "ok %s", cmd);
	return WAIT_FOR(self->l, strstr(self->p.lines, want) &&
					 strchr(self->p.lines, '\n'));
}

static int load_cfg(FIXTURE_DATA(mdf) * self, const char *tls)
{
	char text[2048], err[512];

	config_free(&self->cfg);
	snprintf(text, sizeof(text),
		 "[delivery]\nkeepalive_interval_s = 0\n"
		 "reconnect_min_ms = 10\nreconnect_max_ms = 40\n"
		 "[destination " DID2 "]\naddress = 127.0.0.1\nport = %u\n%s"
		 "[destination " DID3 "]\naddress = 127.0.0.1\nport = %u\n%s"
		 "[spool]\ndir = %s/spool\nfsync = never\n",
		 self->p.x2, tls ? tls : "", self->p.x3, tls ? tls : "",
		 self->tmp);
	return config_parse(&self->cfg, text, "t.conf", err, sizeof(err));
}

static struct deliver *start(FIXTURE_DATA(mdf) * self,
			     const struct deliver_tuning *t)
{
	char err[512];
	struct deliver *d = deliver_new(self->l, &self->cfg, t, NULL, NULL, err,
					sizeof(err));

	if (!d)
		fprintf(stderr, "# %s\n", err);
	return d;
}

static struct deliver_stats st(FIXTURE_DATA(mdf) * self)
{
	struct deliver_stats s;

	deliver_get_stats(self->d, &s);
	return s;
}

/*
 * PDU i: X2 when even (proprietary payload: 64 bytes of i), X3 when odd
 * (an IPv4/UDP packet to port 5004 whose data are bytes of i), so that
 * tshark has nothing malformed to find in the payloads themselves.
 */
static size_t ipv4_udp(uint8_t *b, unsigned int i)
{
	uint32_t sum = 0;

	memset(b, (int)i, 64);
	memcpy(b,
	       "\x45\x00\x00\x40\x00\x01\x00\x00\x40\x11\x00\x00"
	       "\x0a\x00\x00\x01\x0a\x00\x00\x02",
	       20);
	for (int k = 0; k < 20; k += 2)
		sum += (uint32_t)(b[k] << 8 | b[k + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	b[10] = (uint8_t)(~sum >> 8);
	b[11] = (uint8_t)~sum;
	/* UDP 4000 -> 5004, length 44, no checksum */
	memcpy(b + 20, "\x0f\xa0\x13\x8c\x00\x2c\x00\x00", 8);
	return 64;
}

static int send_pdu(FIXTURE_DATA(mdf) * self, unsigned int i)
{
	struct x2x3_pdu p = { .version = 5 };
	uint8_t payload[64], buf[512];
	ssize_t n;
	bool x2 = !(i % 2);

	memset(payload, (int)i, sizeof(payload));
	if (!x2)
		ipv4_udp(payload, i);
	p.type = x2 ? X2X3_PDU_X2 : X2X3_PDU_X3;
	p.payload_format = x2 ? X2X3_PF_PROPRIETARY : X2X3_PF_IPV4;
	p.direction = X2X3_DIR_TO_TARGET;
	memcpy(p.xid, TASK, 16);
	p.correlation_id = 77;
	p.present = 1u << X2X3_A_SEQ | 1u << X2X3_A_TIMESTAMP;
	p.seq = i;
	p.ts_sec = 1700000000;
	p.ts_nsec = 123;
	p.payload = payload;
	p.payload_len = sizeof(payload);
	n = x2x3_encode(&p, buf, sizeof(buf));
	if (n < 0)
		return -1;
	return deliver_submit(self->d, TASK, p.type,
			      (const uint8_t(*)[16])(x2 ? self->did2 :
							  self->did3),
			      1, buf, (size_t)n);
}

static int count_lines(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			n++;
	fclose(f);
	return n;
}

/* The seq attributes of one listener's PDUs, in the order received, step
 * by 2 from @first (X2: even, X3: odd) up to @n PDUs. */
static bool in_order(const char *path, const char *listener, unsigned int first,
		     unsigned int n)
{
	FILE *f = fopen(path, "r");
	char line[4096], want[64];
	unsigned int k = 0, seq;
	bool ok = true;

	if (!f)
		return false;
	snprintf(want, sizeof(want), "\"listener\":\"%s\"", listener);
	while (fgets(line, sizeof(line), f)) {
		char *q = strstr(line, "\"seq\":");

		if (!strstr(line, want) || !q)
			continue;
		if (sscanf(q, "\"seq\":%u", &seq) != 1 || seq != first + 2 * k)
			ok = false;
		k++;
	}
	fclose(f);
	return ok && k == n;
}

static bool file_has(const char *path, const char *needle)
{
	return count_lines(path, needle) > 0;
}

FIXTURE_SETUP(mdf)
{
	log_set_level(LOG_LVL_ERR);
	self->l = loop_new();
	ASSERT_NE(NULL, self->l);
	config_default(&self->cfg);
	strcpy(self->tmp, "/tmp/lmisf-mdf-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->tmp));
	snprintf(self->json, sizeof(self->json), "%s/out.json", self->tmp);
	snprintf(self->pcap, sizeof(self->pcap), "%s/out.pcap", self->tmp);
	snprintf(self->err, sizeof(self->err), "%s/stderr", self->tmp);
	x2x3_uuid_parse(DID2, self->did2);
	x2x3_uuid_parse(DID3, self->did3);
	self->p.pid = -1;
}

FIXTURE_TEARDOWN(mdf)
{
	char cmd[128];

	deliver_free(self->d);
	if (self->p.pid > 0 && !exited(&self->p)) {
		kill(self->p.pid, SIGKILL);
		waitpid(self->p.pid, NULL, 0);
	}
	config_free(&self->cfg);
	loop_free(self->l);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->tmp);
	if (system(cmd))
		TH_LOG("cleanup failed");
}

static int tshark_count(FIXTURE_DATA(mdf) * self, const char *filter)
{
	char cmd[512];
	FILE *f;
	int n = -1;

	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -d tcp.port==%u,5gli -d tcp.port==%u,5gli "
		 "-Y '%s' 2>/dev/null | wc -l",
		 self->pcap, self->p.x2, self->p.x3, filter);
	f = popen(cmd, "r");
	if (f && fscanf(f, "%d", &n) != 1)
		n = -1;
	if (f)
		pclose(f);
	return n;
}

TEST_F(mdf, json_pcap_and_tshark)
{
	const char *const extra[] = { "--exit-after", "20", NULL };

	ASSERT_EQ(0, spawn(self, extra));
	ASSERT_EQ(0, load_cfg(self, NULL));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	for (unsigned int i = 0; i < 20; i++)
		ASSERT_EQ(0, send_pdu(self, i));
	ASSERT_TRUE(WAIT_FOR(self->l, exited(&self->p)));
	ASSERT_TRUE(WIFEXITED(self->p.status));
	EXPECT_EQ(0, WEXITSTATUS(self->p.status));
	EXPECT_EQ(10, count_lines(self->json, "\"listener\":\"x2\",\"type\""
					      ":\"X2\",\"pdu_type\":1,"
					      "\"version\":5,\"format\":4,"
					      "\"direction\":2,\"xid\":"
					      "\"8c292fa1-5831-46ec-86be-"
					      "bd85f2083299\",\"correlation"
					      "\":77"));
	EXPECT_EQ(10, count_lines(self->json, "\"listener\":\"x3\",\"type\""
					      ":\"X3\",\"pdu_type\":2"));
	EXPECT_EQ(1, count_lines(self->json,
				 "\"attributes\":{\"seq\":6,\"timestamp\":"
				 "{\"sec\":1700000000,\"nsec\":123}},"
				 "\"header_len\":60,\"payload_len\":64,"
				 "\"payload_hex\":\"0606060606"));
	EXPECT_TRUE(file_has(self->err, "x2=10 x3=10 keepalive=0 "
					"keepalive_ack=0 acks_sent=0 bad=0 "
					"misrouted=0 connections=2"));
	if (system("command -v tshark >/dev/null 2>&1"))
		SKIP(return, "no tshark");
	EXPECT_EQ(20, tshark_count(self, "li5g.type == 1 || li5g.type == 2"));
	EXPECT_EQ(10, tshark_count(self, "li5g.pf == 4 && li5g.pd == 2"));
	EXPECT_EQ(10,
		  tshark_count(self, "li5g.pf == 5 && udp.dstport == 5004"));
	EXPECT_EQ(1, tshark_count(self, "li5g.sq == 13"));
	EXPECT_EQ(0, tshark_count(self, "_ws.malformed || _ws.expert.severity "
					"== error"));
}

TEST_F(mdf, keepalives_answered_and_sigterm)
{
	struct deliver_tuning t = { .keepalive_interval_ms = 20,
				    .keepalive_timeout_ms = 60000 };

	ASSERT_EQ(0, spawn(self, NULL));
	ASSERT_EQ(0, load_cfg(self, NULL));
	self->d = start(self, &t);
	ASSERT_NE(NULL, self->d);
	ASSERT_TRUE(WAIT_FOR(self->l, st(self).keepalives_acked >= 6));
	EXPECT_EQ(0, st(self).keepalive_timeouts);
	deliver_free(self->d);
	self->d = NULL;
	kill(self->p.pid, SIGTERM);
	ASSERT_TRUE(WAIT_FOR(self->l, exited(&self->p)));
	ASSERT_TRUE(WIFEXITED(self->p.status));
	EXPECT_EQ(0, WEXITSTATUS(self->p.status));
	EXPECT_TRUE(file_has(self->err, "lmisf-mdf: x2=0 x3=0 keepalive="));
	EXPECT_LE(6, count_lines(self->json, "\"type\":\"keepalive\""));
	if (system("command -v tshark >/dev/null 2>&1"))
		SKIP(return, "no tshark");
	/* the acks are in the pcap too, from the MDF's side */
	EXPECT_LE(6, tshark_count(self, "li5g.type == 4"));
	EXPECT_EQ(0, tshark_count(self, "_ws.malformed"));
}

TEST_F(mdf, refuse_close_accept_loses_nothing)
{
	const char *const extra[] = { "--exit-after", "40", NULL };

	ASSERT_EQ(0, spawn(self, extra));
	ASSERT_EQ(0, load_cfg(self, NULL));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	ASSERT_TRUE(WAIT_FOR(self->l, st(self).dests_up == 2));
	for (unsigned int i = 0; i < 10; i++)
		ASSERT_EQ(0, send_pdu(self, i));
	ASSERT_TRUE(WAIT_FOR(self->l, deliver_idle(self->d)));
	ASSERT_TRUE(command(self, "refuse"));
	ASSERT_TRUE(command(self, "close"));
	ASSERT_TRUE(WAIT_FOR(self->l, st(self).dests_up == 0 &&
					      st(self).connect_failures >= 2));
	for (unsigned int i = 10; i < 40; i++)
		ASSERT_EQ(0, send_pdu(self, i));
	EXPECT_EQ(30, st(self).spooled);
	ASSERT_TRUE(command(self, "accept"));
	ASSERT_TRUE(WAIT_FOR(self->l, exited(&self->p)));
	EXPECT_EQ(0, WEXITSTATUS(self->p.status));
	EXPECT_EQ(10, st(self).sent);
	EXPECT_EQ(30, st(self).resent);
	/* in order on each listener: seq 10, 12, ... follow 8 */
	EXPECT_TRUE(in_order(self->json, "x2", 0, 20));
	EXPECT_TRUE(in_order(self->json, "x3", 1, 20));
	EXPECT_TRUE(file_has(self->err, "x2=20 x3=20"));
}

TEST_F(mdf, tls_client_certificate_required)
{
	char a[3][160], tls[1024];
	const char *extra[8];
	SSL_CTX *ctx;
	SSL *ssl;
	int fd, r;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	uint8_t ka[64], junk[64];
	struct x2x3_pdu p;

	if (system("command -v openssl >/dev/null 2>&1"))
		SKIP(return, "no openssl command");
	strcpy(dir, self->tmp);
	ASSERT_EQ(0, make_certs());
	snprintf(a[0], sizeof(a[0]), "%s/ca.pem", dir);
	snprintf(a[1], sizeof(a[1]), "%s/srv.pem", dir);
	snprintf(a[2], sizeof(a[2]), "%s/srv.key", dir);
	extra[0] = "--ca";
	extra[1] = a[0];
	extra[2] = "--cert";
	extra[3] = a[1];
	extra[4] = "--key";
	extra[5] = a[2];
	extra[6] = NULL;
	ASSERT_EQ(0, spawn(self, extra));

	/* a client without a certificate */
	ctx = SSL_CTX_new(TLS_client_method());
	ASSERT_NE(NULL, ctx);
	SSL_CTX_load_verify_locations(ctx, a[0], NULL);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_port = htons((uint16_t)self->p.x2);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ASSERT_EQ(0, connect(fd, (struct sockaddr *)&sa, sizeof(sa)));
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	r = SSL_connect(ssl); /* TLS 1.3: may succeed, refused after */
	if (r == 1) {
		x2x3_keepalive(&p, 5, 1);
		r = (int)x2x3_encode(&p, ka, sizeof(ka));
		SSL_write(ssl, ka, r);
		r = SSL_read(ssl, junk, sizeof(junk));
	}
	EXPECT_GE(0, r); /* no keepalive-ack: refused */
	SSL_free(ssl);
	close(fd);
	SSL_CTX_free(ctx);
	ASSERT_TRUE(command(self, "stats"));
	EXPECT_NE(NULL, strstr(self->p.lines, "tls_refused=1"));

	/* the agent with its certificate gets through */
	snprintf(tls, sizeof(tls),
		 "tls = yes\nca = %s/ca.pem\ncert = %s/cli.pem\n"
		 "key = %s/cli.key\nserver_name = srv\n",
		 dir, dir, dir);
	ASSERT_EQ(0, load_cfg(self, tls));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	for (unsigned int i = 0; i < 6; i++)
		ASSERT_EQ(0, send_pdu(self, i));
	ASSERT_TRUE(WAIT_FOR(self->l,
			     deliver_idle(self->d) && st(self).dests_up == 2));
	/* written to the sockets is not yet read by the MDF: ask again */
	EXPECT_TRUE(
		WAIT_FOR(self->l, command(self, "stats") &&
					  strstr(self->p.lines, "x2=3 x3=3")));
	EXPECT_EQ(0, st(self).tls_failures);
}

TEST_HARNESS_MAIN
