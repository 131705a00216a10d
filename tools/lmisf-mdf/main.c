// SPDX-License-Identifier: GPL-2.0
/*
 * lmisf-mdf: a test mediation function for X2/X3 (ETSI TS 103 221-2).
 * Listens for X2 and X3 connections (optionally TLS, requiring a client
 * certificate from the given CA), answers keepalives with
 * keepalive-acks, writes what it receives as pcap (a synthetic TCP
 * stream per connection, see pcapw.h) and JSON lines (jsonl.h), counts
 * per PDU type, exits cleanly on SIGTERM. Fault injection for tests:
 * close connections after N PDUs, exit after N PDUs, no acks, and on
 * stdin (--control) pause/resume reading, refuse/accept connections,
 * close connections. See Documentation/delivery.rst.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ief_listener.h"
#include "jsonl.h"
#include "log.h"
#include "loop.h"
#include "pcapw.h"
#include "x2x3.h"

#define MDF_COUNTS(X)    \
	X(x2)            \
	X(x3)            \
	X(keepalive)     \
	X(keepalive_ack) \
	X(acks_sent)     \
	X(bad)           \
	X(misrouted)     \
	X(connections)   \
	X(tls_refused)

struct counts {
#define MDF_COUNT_FIELD(n) unsigned long n;
	MDF_COUNTS(MDF_COUNT_FIELD)
#undef MDF_COUNT_FIELD
};

struct listener {
	const char *name; /* "x2" or "x3" */
	struct sockaddr_storage addr;
	socklen_t alen;
	int fd;
	uint16_t port;
	struct mdf *m;
};

struct conn {
	struct conn *next;
	struct mdf *m;
	struct listener *li;
	int fd;
	SSL *ssl;
	bool hs_done;
	struct x2x3_stream rx;
	struct pcapw_flow fl;
	unsigned long id, pdus;
};

struct mdf {
	struct loop *l;
	struct listener lis[2];
	unsigned int n_lis;
	SSL_CTX *ctx;
	FILE *pcap, *json, *ctl_out;
	bool hex, no_ack, paused;
	unsigned long close_after, exit_after, total;
	struct conn *conns;
	unsigned long next_id;
	struct counts c;
	char ctl_buf[256];
	size_t ctl_len;
};

static void print_counts(struct mdf *m, FILE *f, const char *prefix)
{
	fputs(prefix, f);
#define MDF_COUNT_PRINT(n) fprintf(f, " " #n "=%lu", m->c.n);
	MDF_COUNTS(MDF_COUNT_PRINT)
#undef MDF_COUNT_PRINT
	fputc('\n', f);
	fflush(f);
}

static void conn_close(struct conn *c)
{
	struct mdf *m = c->m;
	struct conn **pp;

	for (pp = &m->conns; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	loop_del_fd(m->l, c->fd);
	if (c->hs_done || !c->ssl)
		pcapw_flow_end(m->pcap, &c->fl);
	SSL_free(c->ssl);
	close(c->fd);
	x2x3_stream_free(&c->rx);
	free(c);
}

static void conn_write(struct conn *c, const uint8_t *b, size_t n)
{
	/* an ack is 48 bytes: a full socket buffer means a dead peer */
	if (c->ssl ? SSL_write(c->ssl, b, (int)n) != (int)n :
		     send(c->fd, b, n, MSG_NOSIGNAL) != (ssize_t)n)
		c->m->c.bad++;
	pcapw_data(c->m->pcap, &c->fl, 0, b, n);
}

/* 1: the connection was closed. */
static int on_pdu(struct conn *c, const struct x2x3_pdu *p, const uint8_t *raw,
		  size_t rawlen)
{
	struct mdf *m = c->m;

	pcapw_data(m->pcap, &c->fl, 1, raw, rawlen);
	jsonl_pdu(m->json, c->id, c->li->name, p, rawlen, m->hex);
	switch (p->type) {
	case X2X3_PDU_KEEPALIVE:
		m->c.keepalive++;
		if (!m->no_ack && X2X3_HAS(p, X2X3_A_SEQ)) {
			struct x2x3_pdu ack;
			uint8_t b[64];
			ssize_t n;

			x2x3_keepalive_ack(p, &ack);
			n = x2x3_encode(&ack, b, sizeof(b));
			if (n > 0) {
				conn_write(c, b, (size_t)n);
				m->c.acks_sent++;
			}
		}
		return 0;
	case X2X3_PDU_KEEPALIVE_ACK:
		m->c.keepalive_ack++;
		return 0;
	case X2X3_PDU_X2:
		m->c.x2++;
		break;
	default:
		m->c.x3++;
		break;
	}
	if (strcmp(c->li->name, p->type == X2X3_PDU_X2 ? "x2" : "x3"))
		m->c.misrouted++;
	c->pdus++;
	m->total++;
	if (m->exit_after && m->total >= m->exit_after)
		loop_stop(m->l);
	if (m->close_after && c->pdus >= m->close_after) {
		conn_close(c);
		return 1;
	}
	return 0;
}

static void on_conn(void *arg, int fd, uint32_t ev)
{
	struct conn *c = arg;
	uint8_t buf[65536];

	(void)fd;
	(void)ev;
	if (c->ssl && !c->hs_done) {
		int r = SSL_accept(c->ssl);

		if (r != 1) {
			int e = SSL_get_error(c->ssl, r);

			if (e == SSL_ERROR_WANT_READ ||
			    e == SSL_ERROR_WANT_WRITE)
				return;
			c->m->c.tls_refused++;
			conn_close(c);
			return;
		}
		c->hs_done = true;
		pcapw_flow_start(c->m->pcap, &c->fl, &c->fl.cli, &c->fl.srv);
	}
	for (int budget = 64; budget > 0; budget--) {
		ssize_t n;

		if (c->ssl) {
			int r = SSL_read(c->ssl, buf, sizeof(buf));

			if (r <= 0) {
				int e = SSL_get_error(c->ssl, r);

				if (e == SSL_ERROR_WANT_READ ||
				    e == SSL_ERROR_WANT_WRITE)
					return;
				conn_close(c);
				return;
			}
			n = r;
		} else {
			n = recv(c->fd, buf, sizeof(buf), 0);
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				return;
			if (n <= 0) {
				conn_close(c);
				return;
			}
		}
		if (x2x3_stream_feed(&c->rx, buf, (size_t)n)) {
			conn_close(c);
			return;
		}
		for (;;) {
			struct x2x3_pdu p;
			struct x2x3_error e;
			const uint8_t *raw;
			size_t rawlen;
			int r = x2x3_stream_next(&c->rx, &p, &raw, &rawlen, &e);

			if (!r)
				break;
			if (r < 0) {
				c->m->c.bad++;
				jsonl_error(c->m->json, c->id, c->li->name, &e);
				if (e.fatal) {
					conn_close(c);
					return;
				}
				continue;
			}
			if (on_pdu(c, &p, raw, rawlen))
				return;
		}
	}
}

static void on_accept(void *arg, int fd, uint32_t ev)
{
	struct listener *li = arg;
	struct mdf *m = li->m;
	struct sockaddr_storage peer, self;
	socklen_t pl = sizeof(peer), sl = sizeof(self);
	struct conn *c;
	int cfd;

	(void)ev;
	cfd = accept4(fd, (struct sockaddr *)&peer, &pl,
		      SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd < 0)
		return;
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(cfd);
		return;
	}
	getsockname(cfd, (struct sockaddr *)&self, &sl);
	c->m = m;
	c->li = li;
	c->fd = cfd;
	c->id = ++m->next_id;
	x2x3_stream_init(&c->rx, NULL);
	m->c.connections++;
	c->fl.cli = peer;
	c->fl.srv = self;
	if (m->ctx) {
		c->ssl = SSL_new(m->ctx);
		if (!c->ssl || !SSL_set_fd(c->ssl, cfd)) {
			SSL_free(c->ssl);
			close(cfd);
			free(c);
			return;
		}
	} else {
		pcapw_flow_start(m->pcap, &c->fl, &peer, &self);
	}
	c->next = m->conns;
	m->conns = c;
	loop_add_fd(m->l, cfd, m->paused ? 0 : EPOLLIN, on_conn, c);
}

static int listen_on(struct listener *li)
{
	int one = 1;

	li->fd = socket(li->addr.ss_family,
			SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (li->fd < 0 ||
	    setsockopt(li->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(li->fd, (struct sockaddr *)&li->addr, li->alen) ||
	    listen(li->fd, 16) ||
	    getsockname(li->fd, (struct sockaddr *)&li->addr, &li->alen)) {
		fprintf(stderr, "lmisf-mdf: %s listener: %s\n", li->name,
			strerror(errno));
		if (li->fd >= 0)
			close(li->fd);
		li->fd = -1;
		return -1;
	}
	li->port = ntohs(((struct sockaddr_in *)&li->addr)->sin_port);
	return loop_add_fd(li->m->l, li->fd, EPOLLIN, on_accept, li);
}

static void unlisten(struct listener *li)
{
	if (li->fd < 0)
		return;
	loop_del_fd(li->m->l, li->fd);
	close(li->fd);
	li->fd = -1;
}

/* "ADDR:PORT", "[V6]:PORT" */
static int parse_addr(const char *s, struct sockaddr_storage *ss,
		      socklen_t *len)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	char *end;
	unsigned long port;
	size_t hl;

	if (!colon)
		return -1;
	port = strtoul(colon + 1, &end, 10);
	if (*end || port > 65535 || end == colon + 1)
		return -1;
	hl = (size_t)(colon - s);
	if (hl && s[0] == '[' && s[hl - 1] == ']') {
		s++;
		hl -= 2;
	}
	if (hl >= sizeof(host))
		return -1;
	memcpy(host, s, hl);
	host[hl] = 0;
	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*len = sizeof(*s4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*s6);
		return 0;
	}
	return -1;
}

static void control(struct mdf *m, const char *cmd)
{
	if (!strcmp(cmd, "pause") || !strcmp(cmd, "resume")) {
		m->paused = cmd[0] == 'p';
		for (struct conn *c = m->conns; c; c = c->next)
			loop_mod_fd(m->l, c->fd, m->paused ? 0 : EPOLLIN);
	} else if (!strcmp(cmd, "refuse")) {
		for (unsigned int i = 0; i < m->n_lis; i++)
			unlisten(&m->lis[i]);
	} else if (!strcmp(cmd, "accept")) {
		for (unsigned int i = 0; i < m->n_lis; i++)
			if (m->lis[i].fd < 0 && listen_on(&m->lis[i])) {
				fprintf(m->ctl_out, "error %s\n", cmd);
				fflush(m->ctl_out);
				return;
			}
	} else if (!strcmp(cmd, "close")) {
		while (m->conns)
			conn_close(m->conns);
	} else if (!strcmp(cmd, "stats")) {
		print_counts(m, m->ctl_out, "ok stats");
		return;
	} else if (!strcmp(cmd, "quit")) {
		loop_stop(m->l);
	} else {
		fprintf(m->ctl_out, "error unknown command %s\n", cmd);
		fflush(m->ctl_out);
		return;
	}
	fprintf(m->ctl_out, "ok %s\n", cmd);
	fflush(m->ctl_out);
}

static void on_stdin(void *arg, int fd, uint32_t ev)
{
	struct mdf *m = arg;
	ssize_t n;
	char *nl;

	(void)ev;
	n = read(fd, m->ctl_buf + m->ctl_len,
		 sizeof(m->ctl_buf) - 1 - m->ctl_len);
	if (n <= 0) {
		loop_del_fd(m->l, fd); /* stdin closed: keep running */
		return;
	}
	m->ctl_len += (size_t)n;
	m->ctl_buf[m->ctl_len] = 0;
	while ((nl = strchr(m->ctl_buf, '\n'))) {
		*nl = 0;
		control(m, m->ctl_buf);
		m->ctl_len -= (size_t)(nl + 1 - m->ctl_buf);
		memmove(m->ctl_buf, nl + 1, m->ctl_len + 1);
	}
	if (m->ctl_len == sizeof(m->ctl_buf) - 1)
		m->ctl_len = 0; /* an overlong line: dropped */
}

static void on_signal(void *arg, int signo)
{
	struct mdf *m = arg;

	if (signo == SIGUSR1)
		print_counts(m, stderr, "lmisf-mdf:");
	else
		loop_stop(m->l);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: lmisf-mdf [--x2 ADDR:PORT] [--x3 ADDR:PORT]\n"
		"                 [--ca FILE --cert FILE --key FILE]\n"
		"                 [--pcap FILE] [--json FILE|-] [--payload-hex]\n"
		"                 [--close-after N] [--exit-after N] [--no-ack]\n"
		"                 [--control]\n"
		"  --x2, --x3 ADDR:PORT  listeners (port 0: any; printed)\n"
		"  --ca/--cert/--key     TLS; clients need a certificate from CA\n"
		"  --pcap FILE           synthetic TCP streams (tshark -d\n"
		"                        tcp.port==PORT,5gli)\n"
		"  --json FILE           one JSON object per PDU ('-': stdout)\n"
		"  --payload-hex         payloads in the JSON lines\n"
		"  --close-after N       close a connection after N X2/X3 PDUs\n"
		"  --exit-after N        exit after N X2/X3 PDUs in all\n"
		"  --no-ack              do not answer keepalives\n"
		"  --control             commands on stdin: pause, resume,\n"
		"                        refuse, accept, close, stats, quit\n"
		"SIGTERM/SIGINT: exit 0 with the counts on stderr; SIGUSR1:\n"
		"print the counts.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "x2", required_argument, NULL, '2' },
		{ "x3", required_argument, NULL, '3' },
		{ "ca", required_argument, NULL, 'a' },
		{ "cert", required_argument, NULL, 'c' },
		{ "key", required_argument, NULL, 'k' },
		{ "pcap", required_argument, NULL, 'p' },
		{ "json", required_argument, NULL, 'j' },
		{ "payload-hex", no_argument, NULL, 'x' },
		{ "close-after", required_argument, NULL, 'C' },
		{ "exit-after", required_argument, NULL, 'E' },
		{ "no-ack", no_argument, NULL, 'n' },
		{ "control", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *ca = NULL, *cert = NULL, *key = NULL, *pcap = NULL,
		   *json = NULL;
	static struct mdf mdf;
	struct mdf *m = &mdf;
	bool ctl = false;
	FILE *info;
	int o;

	log_init("lmisf-mdf");
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		struct listener *li;

		switch (o) {
		case '2':
		case '3':
			if (m->n_lis == 2) {
				usage(stderr);
				return 2;
			}
			li = &m->lis[m->n_lis++];
			li->name = o == '2' ? "x2" : "x3";
			li->m = m;
			if (parse_addr(optarg, &li->addr, &li->alen)) {
				fprintf(stderr, "lmisf-mdf: bad address %s\n",
					optarg);
				return 2;
			}
			break;
		case 'a':
			ca = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'p':
			pcap = optarg;
			break;
		case 'j':
			json = optarg;
			break;
		case 'x':
			m->hex = true;
			break;
		case 'C':
			m->close_after = strtoul(optarg, NULL, 10);
			break;
		case 'E':
			m->exit_after = strtoul(optarg, NULL, 10);
			break;
		case 'n':
			m->no_ack = true;
			break;
		case 'o':
			ctl = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc || !m->n_lis || (!!ca + !!cert + !!key) % 3 ||
	    (ctl && json && !strcmp(json, "-"))) {
		usage(stderr);
		return 2;
	}
	if (ca) {
		m->ctx = ief_tls_server_ctx(cert, key, ca);
		if (!m->ctx)
			return 1;
	}
	if (pcap && pcapw_open(&m->pcap, pcap)) {
		fprintf(stderr, "lmisf-mdf: %s: %s\n", pcap, strerror(errno));
		return 1;
	}
	if (json) {
		m->json = strcmp(json, "-") ? fopen(json, "w") : stdout;
		if (!m->json) {
			fprintf(stderr, "lmisf-mdf: %s: %s\n", json,
				strerror(errno));
			return 1;
		}
	}
	m->l = loop_new();
	if (!m->l || loop_signal(m->l, SIGTERM, on_signal, m) ||
	    loop_signal(m->l, SIGINT, on_signal, m) ||
	    loop_signal(m->l, SIGUSR1, on_signal, m))
		return 1;
	signal(SIGPIPE, SIG_IGN);
	for (unsigned int i = 0; i < m->n_lis; i++)
		if (listen_on(&m->lis[i]))
			return 1;
	info = m->json == stdout ? stderr : stdout;
	m->ctl_out = stdout;
	fputs("listening", info);
	for (unsigned int i = 0; i < m->n_lis; i++)
		fprintf(info, " %s=%u", m->lis[i].name, m->lis[i].port);
	fputc('\n', info);
	fflush(info);
	if (ctl)
		loop_add_fd(m->l, 0, EPOLLIN, on_stdin, m);
	loop_run(m->l);
	while (m->conns)
		conn_close(m->conns);
	for (unsigned int i = 0; i < m->n_lis; i++)
		unlisten(&m->lis[i]);
	print_counts(m, stderr, "lmisf-mdf:");
	if (m->pcap)
		fclose(m->pcap);
	if (m->json && m->json != stdout)
		fclose(m->json);
	SSL_CTX_free(m->ctx);
	loop_free(m->l);
	return 0;
}
