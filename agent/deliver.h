/* SPDX-License-Identifier: GPL-2.0 */
/*
 * deliver.h - X2/X3 delivery (ETSI TS 103 221-2) to the mediation
 * function: one TCP (optionally mutual-TLS) connection per configured
 * destination (DID), connected without blocking and re-connected with
 * doubling backoff; keepalive PDUs with sequence numbers after idle time,
 * the connection reset when no acknowledgement comes (dead peer).
 *
 * Nothing is lost while a destination is down: PDUs go to its disk spool
 * (spool.h) and are sent, in order and before newer PDUs, once it is back
 * -- after an agent restart too. Per destination a PDU is either written
 * directly (destination up, spool empty, room in the in-memory queue) or
 * appended to the spool; queued PDUs not yet written when a connection
 * breaks are moved to the spool, so the order is always: queue, spool,
 * new PDUs. "Sent" means handed whole to the kernel's socket (or TLS);
 * TCP gives no application acknowledgement, see Documentation/delivery.rst.
 *
 * Runs on the agent's loop (loop.h), never blocks except on spool writes.
 */
#ifndef LMISF_DELIVER_H
#define LMISF_DELIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "loop.h"
#include "pipeline.h"
#include "x2x3.h"

/*
 * Counters, in stats-line order:
 *   sent               PDUs written directly
 *   spooled            PDUs appended to a spool
 *   resent             PDUs written from a spool
 *   dropped_by_limit   spool full (max_bytes)
 *   dropped_io         spool write failed
 *   unknown_did        a task's DID not configured
 *   connect_failures   TCP connect refused / failed
 *   tls_failures       handshake or TLS record errors
 *   disconnects        established connections lost
 *   keepalives_sent, keepalives_acked, keepalive_timeouts
 *   rx_unexpected      PDUs from the MDF other than keepalive(-ack)
 *   spool_corrupt      damaged spool records skipped
 *   spool_torn         torn spool tails cut at start
 */
#define DELIVER_STATS(X)      \
	X(sent)               \
	X(spooled)            \
	X(resent)             \
	X(dropped_by_limit)   \
	X(dropped_io)         \
	X(unknown_did)        \
	X(connect_failures)   \
	X(tls_failures)       \
	X(disconnects)        \
	X(keepalives_sent)    \
	X(keepalives_acked)   \
	X(keepalive_timeouts) \
	X(rx_unexpected)      \
	X(spool_corrupt)      \
	X(spool_torn)

struct deliver_stats {
#define DELIVER_STATS_FIELD(n) uint64_t n;
	DELIVER_STATS(DELIVER_STATS_FIELD)
#undef DELIVER_STATS_FIELD
	uint64_t spool_pending_bytes; /* gauge, all destinations */
	uint64_t dests_up; /* gauge */
};

/* Finer settings than the configuration file's; zero: from lm_config. */
struct deliver_tuning {
	uint32_t keepalive_interval_ms, keepalive_timeout_ms;
	uint64_t segment_bytes; /* spool segment size */
	size_t queue_bytes; /* in-memory queue per destination (1 MiB) */
};

/* Called for every PDU written whole to a destination (pl_delivered()). */
typedef void (*deliver_sent_fn)(void *arg, const uint8_t xid[LMISF_XID_LEN],
				enum x2x3_pdu_type type, size_t bytes,
				uint64_t ts_ns);

struct deliver;

/*
 * deliver_new - destinations and spools of @cfg (spool directories are
 * <spool.dir>/<DID>; spooled PDUs of an earlier run are sent first);
 * connections start at once. @tune may be NULL. NULL on error, @err
 * says why (an unreadable certificate, a spool that cannot be opened).
 */
struct deliver *deliver_new(struct loop *l, const struct lm_config *cfg,
			    const struct deliver_tuning *tune,
			    deliver_sent_fn sent, void *sent_arg, char *err,
			    size_t errlen);
/* The table for pl_set_delivery(); the pipeline then owns @d (.free). */
struct pl_deliver_ops deliver_ops(struct deliver *d);

/* pl_deliver_ops.submit. */
int deliver_submit(struct deliver *d, const uint8_t xid[LMISF_XID_LEN],
		   enum x2x3_pdu_type type,
		   const uint8_t (*dids)[LMISF_XID_LEN], unsigned int n,
		   const uint8_t *pdu, size_t len);
/* SIGHUP: destinations added, removed or changed (their spools kept). */
int deliver_reconfigure(struct deliver *d, const struct lm_config *cfg);
/* "x2x3_sent=N x2x3_spooled=N ..." */
int deliver_stats_line(struct deliver *d, char *buf, size_t size);
void deliver_get_stats(const struct deliver *d, struct deliver_stats *st);
/* Shutdown: writes what the sockets take now, spools the rest, closes
 * (no reconnection afterwards: only deliver_free() may follow). */
void deliver_flush(struct deliver *d);
void deliver_free(struct deliver *d);

/* Tests and tools: nothing queued or spooled for any destination. */
bool deliver_idle(const struct deliver *d);
/* Tests: is the destination @did connected (TLS done)? */
bool deliver_dest_up(const struct deliver *d, const uint8_t did[LMISF_XID_LEN]);

#endif /* LMISF_DELIVER_H */
