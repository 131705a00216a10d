/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IQF query server: length-prefixed protobuf (iqf.proto) over a Unix stream
 * socket and, optionally, TCP with TLS. Access control is the socket file's
 * owner, group and mode plus an optional list of allowed peer uids
 * (SO_PEERCRED); over TLS, a client certificate from the configured CA and
 * optionally a listed subject CN. Every request is
 * written to the audit log with the peer's credentials, the request type,
 * key kind, time, outcome and result count, but never an identifier value;
 * the ordinary log (stderr) never sees identifiers either.
 *
 * Event-loop API: the server owns an epoll instance whose fd the host polls
 * for readability; iqf_server_dispatch() then handles what is ready without
 * blocking. It also pushes updates of ongoing requests when the ICF stores
 * or closes an association (it installs itself as the ICF observer).
 * With TLS the host must ignore SIGPIPE: OpenSSL writes with write(2).
 */
#ifndef LMISF_IQF_SERVER_H
#define LMISF_IQF_SERVER_H

#include <stdint.h>
#include <sys/types.h>

#include <openssl/ssl.h>

#include "icf.h"

struct iqf_server_config {
	const char *unix_path;
	mode_t mode; /* socket file mode, e.g. 0660 */
	gid_t gid; /* group of the socket file, (gid_t)-1: unchanged */
	const uid_t *allowed_uids; /* NULL: whoever can open the socket */
	unsigned int n_allowed_uids;
	int audit_fd; /* one line per request; -1: none (tests only) */
	unsigned int max_clients; /* 0: 64 */
	unsigned int max_ongoing; /* 0: 256 */
	size_t max_outq; /* bytes queued per client before it is dropped;
			  * 0: 16 MiB */
	/*
	 * Optional TCP + TLS transport with mutual authentication: clients
	 * need a certificate the context accepts (ief_tls_server_ctx() makes
	 * one) and, if a list is given, one of these subject CNs.
	 */
	const char *tls_addr; /* numeric address; NULL: no TCP listener */
	uint16_t tls_port; /* 0: ephemeral, see iqf_server_tls_port() */
	SSL_CTX *tls; /* required with tls_addr; not owned */
	const char *const *allowed_cns; /* NULL: any certificate of the CA */
	unsigned int n_allowed_cns;
};

struct iqf_server_stats {
	uint64_t clients_accepted, clients_refused, clients_dropped_slow;
	uint64_t requests, rejected, malformed, updates_sent;
	uint64_t ongoing_active;
};

struct iqf_server;

struct iqf_server *iqf_server_new(struct icf *c,
				  const struct iqf_server_config *cfg);
void iqf_server_free(struct iqf_server *s);
int iqf_server_fd(const struct iqf_server *s);
uint16_t iqf_server_tls_port(const struct iqf_server *s);
/* Handles ready events; 0, or -errno on a fatal server error. */
int iqf_server_dispatch(struct iqf_server *s);
void iqf_server_get_stats(const struct iqf_server *s,
			  struct iqf_server_stats *st);

#endif /* LMISF_IQF_SERVER_H */
