/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP stream reassembly per flow, for a passive observer: in-order bytes
 * of each direction go to a consumer callback that takes a prefix (one SIP
 * message framed by Content-Length, say) and leaves the rest until more
 * bytes arrive. Out-of-order segments wait in a bounded queue;
 * retransmitted and overlapping bytes are trimmed (the first copy wins, a
 * differing copy is counted). Memory per direction, number of flows and
 * total memory are bounded; FIN, RST and an idle timeout end flows.
 */
#ifndef LMISF_TCP_H
#define LMISF_TCP_H

#include <stdint.h>

#include "ip.h"

struct tcp_config {
	uint32_t max_flows; /* default 4096 */
	uint32_t max_buf; /* unconsumed in-order bytes per direction
				 * (default 256 KiB) */
	uint32_t max_ooo; /* out-of-order bytes per direction
				 * (default 256 KiB) */
	uint32_t max_ooo_segs; /* out-of-order segments per direction
				 * (default 512) */
	size_t max_bytes; /* all flows (default 64 MiB) */
	uint64_t idle_ns; /* default 300 s */
};

#define TCP_STATS(X)                                                         \
	X(segments) /* TCP segments seen */                                  \
	X(bad_hdr) /* data offset < 5 */                                     \
	X(truncated) /* header longer than the packet */                     \
	X(flows_new)                                                         \
	X(flows_fin) /* ended by FIN in both directions */                   \
	X(flows_rst) /* ended by RST */                                      \
	X(flows_idle) /* ended by the idle timeout */                        \
	X(flows_evicted) /* ended to stay within max_flows/max_bytes */      \
	X(flows_reused) /* new SYN with another ISN: old flow ended */       \
	X(flows_flushed) /* ended by tcp_flush() (end of input) */           \
	X(no_flow) /* no payload/SYN and no flow: ignored */                 \
	X(retrans) /* segments whose bytes were all delivered already */     \
	X(partial_retrans) /* segments partly delivered already */           \
	X(ooo) /* segments queued out of order */                            \
	X(overlaps) /* queued segments overlapping queued data */            \
	X(overlap_conflicts) /* ... with different bytes (first kept) */     \
	X(out_of_window) /* too far ahead, or after FIN: dropped */          \
	X(gaps) /* holes skipped when the queue was full */                  \
	X(overflows) /* unconsumed bytes dropped: consumer stalled */        \
	X(dropped_bytes) /* left by the consumer at gaps, overflows, ends */ \
	X(nomem) /* allocation failures */                                   \
	X(bytes) /* in-order bytes handed to the consumer */

struct tcp_stats {
#define TCP_STATS_FIELD(name) uint64_t name;
	TCP_STATS(TCP_STATS_FIELD)
#undef TCP_STATS_FIELD
};

/* Flags of a delivery. */
/*
 * Bytes before these were lost: data[0] need not start a message. Set on
 * every call until the consumer takes something.
 */
#define TCP_CHUNK_GAP (1u << 0)
#define TCP_CHUNK_END (1u << 1) /* last call for this direction */

/* Bytes of one direction of a flow, handed to the consumer. */
struct tcp_chunk {
	const struct ipaddr *src, *dst; /* of this direction */
	uint16_t sport, dport;
	uint8_t from_initiator; /* SYN sender (or first sender seen) */
	uint32_t flags; /* TCP_CHUNK_* */
	uint64_t tunnel; /* the flow key's tunnel discriminator */
	void *pkt; /* caller's per-packet context (tcp_input's
				 * @pkt), NULL for timeouts and evictions */
	const uint8_t *data; /* every unconsumed in-order byte */
	size_t len;
};

/*
 * Returns how many bytes of c->data it consumed (0..c->len). While it
 * consumes something and bytes remain, it is called again; when it returns
 * 0 the rest waits for more data. With TCP_CHUNK_END the return value is
 * ignored and what remains is discarded (counted in dropped_bytes); bytes
 * queued beyond holes are offered before, flagged TCP_CHUNK_GAP. It must
 * not call tcp_* on the same table.
 */
typedef size_t (*tcp_deliver_fn)(void *ctx, const struct tcp_chunk *c);

struct tcp_table;

void tcp_config_default(struct tcp_config *cfg);
struct tcp_table *tcp_new(const struct tcp_config *cfg, struct tcp_stats *st,
			  uint64_t seed, tcp_deliver_fn fn, void *ctx);
/* Ends every flow (TCP_CHUNK_END deliveries) and frees the table. */
void tcp_free(struct tcp_table *t);

/**
 * tcp_input - one TCP segment
 * @t: the table
 * @src, @dst: IP addresses of the segment
 * @l4, @len: the TCP header and payload
 * @tunnel: key discriminator (0 = not tunnelled); both directions of a
 *	flow must use the same value
 * @now_ns: caller's clock
 * @pkt: opaque, passed to the consumer in tcp_chunk.pkt
 *
 * Return: 0, or -1 when the header is malformed (counted).
 */
int tcp_input(struct tcp_table *t, const struct ipaddr *src,
	      const struct ipaddr *dst, const uint8_t *l4, size_t len,
	      uint64_t tunnel, uint64_t now_ns, void *pkt);

/* Ends every flow now (end of a capture), keeping the table. */
void tcp_flush(struct tcp_table *t);

/* Ends flows idle for longer than idle_ns. */
void tcp_expire(struct tcp_table *t, uint64_t now_ns);

uint32_t tcp_flow_count(const struct tcp_table *t);
size_t tcp_mem(const struct tcp_table *t);

#endif /* LMISF_TCP_H */
