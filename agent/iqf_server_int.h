/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IQF server internals shared by iqf_server.c (protocol, ongoing, audit)
 * and iqf_conn.c (sockets, TLS, peer checks).
 */
#ifndef LMISF_IQF_SERVER_INT_H
#define LMISF_IQF_SERVER_INT_H

#include <stdbool.h>
#include <sys/socket.h>

#include "iqf.h"
#include "iqf_server.h"

/* Input buffer (allocated at accept): a largest request and its prefix. */
#define IQF_IN_CAP (4 + IQF_MAX_REQUEST)

struct iqf_conn {
	struct iqf_server *srv;
	struct iqf_conn *next;
	int fd;
	uint64_t serial;
	struct ucred cred;
	SSL *ssl; /* TCP+TLS clients */
	bool handshaken;
	char who[160]; /* for the audit log: credentials or TLS identity */
	struct streambuf in; /* in.p[in.head..in.len): not handled yet */
	struct streambuf out; /* queued octets; out.p[out.head..out.len) unsent */
	bool epollout, dead;
};

struct iqf_task {
	struct iqf_task *next;
	uint64_t id;
	struct iqf_conn *conn;
	struct icf_supi supi; /* val points into name */
	char name[ICF_SUPI_MAX];
};

struct iqf_server {
	struct icf *icf;
	struct iqf_server_config cfg;
	char *path;
	int epfd, lfd, tfd;
	uint16_t tls_port;
	struct iqf_conn *conns;
	unsigned int nconns;
	struct iqf_task *tasks;
	unsigned int ntasks;
	uint64_t next_task, next_serial;
	struct icf_result res; /* scratch for queries */
	struct iqf_arena ar; /* response building, reused */
	struct iqf_arena req_ar; /* the request being handled */
	struct iqf_server_stats st;
};

extern char iqf_unix_listener, iqf_tls_listener; /* epoll tags */

void iqf_conn_kill(struct iqf_conn *c);
int iqf_conn_flush(struct iqf_conn *c);
/* Drives the TLS handshake; true once the client is authenticated. */
bool iqf_conn_tls_ready(struct iqf_conn *c);
/* recv() or SSL_read(): bytes, 0 would block, -1 closed or failed. */
ssize_t iqf_conn_recv(struct iqf_conn *c, void *p, size_t n);
void iqf_accept_unix(struct iqf_server *s);
void iqf_accept_tls(struct iqf_server *s);
int iqf_listen_unix(struct iqf_server *s);
int iqf_listen_tls(struct iqf_server *s);

#endif /* LMISF_IQF_SERVER_INT_H */
