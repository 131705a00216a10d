/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals shared by deliver.c (destinations, queues, spools) and
 * deliver_conn.c (connections, TLS, keepalives).
 */
#ifndef LMISF_DELIVER_INT_H
#define LMISF_DELIVER_INT_H

#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include "deliver.h"
#include "spool.h"

enum dest_state {
	DS_IDLE, /* waiting for the reconnect timer */
	DS_CONNECTING,
	DS_HANDSHAKE, /* TLS */
	DS_CONFIRM, /* TLS done, waiting for a keepalive-ack */
	DS_UP,
};

/* One queued PDU (or keepalive / keepalive-ack: type 3 / 4). */
struct qitem {
	struct qitem *next;
	uint8_t xid[LMISF_XID_LEN];
	uint16_t type;
	bool from_spool;
	struct spool_pos end; /* from_spool: consume up to here once sent */
	size_t len;
	uint8_t data[];
};

struct dest {
	struct deliver *d;
	struct lm_dest cfg; /* own copies of the strings */
	struct sockaddr_storage sa;
	socklen_t salen;
	SSL_CTX *ctx;
	SSL *ssl;
	int fd;
	enum dest_state state;
	uint32_t events;
	struct loop_timer *retry, *ka;
	uint32_t backoff_ms;
	struct spool *sp;
	/* FIFO; either all direct or all from the spool (plus keepalives) */
	struct qitem *head, *tail;
	size_t q_bytes, head_off;
	struct x2x3_stream rx;
	uint32_t ka_seq;
	bool ka_outstanding;
	uint64_t ka_sent_ms, last_tx_ms;
};

struct deliver {
	struct loop *loop;
	deliver_sent_fn sent;
	void *sent_arg;
	struct deliver_tuning tune;
	uint32_t reconnect_min_ms, reconnect_max_ms;
	uint16_t pdu_version;
	struct spool_opts spool_opts;
	char *spool_dir;
	struct loop_timer *fsync_timer;
	struct dest **dests;
	unsigned int n_dests;
	struct deliver_stats st;
	uint64_t gone_corrupt, gone_torn; /* of destinations removed */
};

/* deliver_conn.c */
int dest_tls_setup(struct dest *ds, char *err, size_t errlen);
void dest_connect(struct dest *ds);
void dest_close(struct dest *ds);
void dest_pump(struct dest *ds);

/* deliver.c */
void dest_went_down(struct dest *ds);
void dest_item_done(struct dest *ds, struct qitem *q);
int dest_load_spool(struct dest *ds);
int dest_enqueue(struct dest *ds, const uint8_t *xid, uint16_t type,
		 const uint8_t *data, size_t len);

#endif /* LMISF_DELIVER_INT_H */
