/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LI_XER listener: IEFs connect over TCP (optionally TLS with mutual
 * authentication) and stream BER IEFMessages back to back; records update
 * the ICF, keepalives are answered with a keepaliveResponse carrying the
 * same sequence number.
 *
 * Connection policy (Documentation/icf.rst):
 *  - a framing error (not a SEQUENCE, indefinite or oversize length) loses
 *    the record boundaries: it is counted, logged with the IEF's address and
 *    the connection is closed;
 *  - a well-framed record that does not decode (wrong record OID, unknown
 *    record alternative, malformed value) or that the cache refuses is
 *    counted, logged (first few per connection) and skipped; the
 *    connection stays up;
 *  - the cache is only changed by complete, valid records.
 *
 * Event-loop API as in iqf_server.h: poll ief_listener_fd() for
 * readability, then call ief_listener_dispatch(). With TLS the host must
 * ignore SIGPIPE: OpenSSL writes with write(2).
 */
#ifndef LMISF_IEF_LISTENER_H
#define LMISF_IEF_LISTENER_H

#include <stdint.h>

#include <openssl/ssl.h>

#include "icf.h"

struct ief_listener_config {
	const char *bind_addr; /* numeric IPv4/IPv6; NULL: "::" */
	uint16_t port; /* 0: ephemeral, see ief_listener_port() */
	size_t max_record; /* 0: LIXER_MAX_RECORD_DEFAULT */
	unsigned int max_conns; /* 0: 256 */
	SSL_CTX *tls; /* NULL: plain TCP; not owned */
};

struct ief_listener_stats {
	uint64_t conns_accepted, conns_refused, conns_open, tls_failures;
	uint64_t bytes, records, associations, deassociations;
	uint64_t keepalives, keepalive_responses_rx;
	uint64_t framing_errors; /* each closed a connection */
	uint64_t wrong_oid, unknown_records, malformed_records;
	uint64_t refused_by_cache; /* decoded but invalid for the ICF */
	uint64_t nomem;
};

struct ief_listener;

struct ief_listener *ief_listener_new(struct icf *c,
				      const struct ief_listener_config *cfg);
void ief_listener_free(struct ief_listener *l);
int ief_listener_fd(const struct ief_listener *l);
uint16_t ief_listener_port(const struct ief_listener *l);
int ief_listener_dispatch(struct ief_listener *l);
void ief_listener_get_stats(const struct ief_listener *l,
			    struct ief_listener_stats *st);

/*
 * A TLS server context requiring a client certificate signed by @ca_file
 * (mutual authentication), TLS 1.2 or later. NULL on error (printed).
 */
SSL_CTX *ief_tls_server_ctx(const char *cert_file, const char *key_file,
			    const char *ca_file);

#endif /* LMISF_IEF_LISTENER_H */
