/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's packet decoder, shared by the kernel copies and pcap replay:
 * IPv4/IPv6 (extension headers), fragment reassembly, GTP-U decapsulation
 * (kernel rules), UDP, and TCP stream reassembly. Every UDP payload and
 * every run of in-order TCP bytes goes to one consumer callback with its
 * addresses, ports, tunnel and timing. Anything else is counted by reason,
 * never guessed at.
 *
 * Packets are given from their (outer) network header, as the kernel copies
 * them (LMISF_COPY_A_PACKET) and as pcap_source strips the link layer.
 */
#ifndef LMISF_DECODE_H
#define LMISF_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frag.h"
#include "gtpu.h"
#include "ip.h"
#include "tcp.h"

struct decode_config {
	uint16_t gtpu_port; /* host order, default GTPU_PORT_DEFAULT */
	struct frag_config frag;
	struct tcp_config tcp;
	uint64_t seed; /* hash seed, 0 = random */
};

/* What the source knows about a packet besides its bytes. */
struct decode_meta {
	uint64_t ts_ns; /* capture time, ns since the epoch; the clock
				 * for every timeout */
	int hook; /* NF_INET_PRE_ROUTING/LOCAL_OUT, -1 unknown */
	uint32_t ifindex_in, ifindex_out; /* 0 when unknown */
	uint64_t seq; /* kernel copy sequence, or pcap frame number */
	/*
	 * Kernel copies: what the module decapsulated
	 * (LMISF_COPY_F_GTPU: teid, inner_offset). The decoder decapsulates by
	 * itself with the same rules and counts disagreements.
	 */
	bool from_kernel;
	bool kernel_decap;
	uint32_t kernel_teid;
	uint32_t kernel_inner_offset;
};

/* dec_payload.flags */
#define DEC_F_REASSEMBLED (1u << 0) /* from IP fragments */
#define DEC_F_GAP \
	(1u << 1) /* TCP: bytes before these were lost; set until
			     * the consumer takes something */
#define DEC_F_END (1u << 2) /* TCP: last call for this direction */

/* One decoded transport payload. Pointers are valid during the callback. */
struct dec_payload {
	uint64_t ts_ns; /* of the packet that completed it */
	const struct decode_meta *meta; /* NULL for TCP timeouts/evictions */
	uint8_t proto; /* IPPROTO_UDP or IPPROTO_TCP */
	uint32_t flags; /* DEC_F_* */
	struct ipaddr src, dst; /* the (inner) IP packet's addresses */
	uint16_t sport, dport;
	uint8_t from_initiator; /* TCP: sent by the SYN sender (or by the
				 * first sender seen); UDP: 0 */
	/* GTP-U: set when the payload came inside a decapsulated T-PDU. */
	bool tunnelled;
	uint32_t teid; /* 0 for TCP timeouts/evictions */
	struct ipaddr outer_src, outer_dst; /* tunnel endpoints */
	uint16_t outer_sport, outer_dport;
	/*
	 * The (inner) IP datagram that carried the payload, reassembled if
	 * it was fragmented; for TCP the segment that completed the bytes.
	 * NULL for TCP timeouts/evictions. The outer packet likewise.
	 */
	const uint8_t *ip;
	size_t ip_len;
	const uint8_t *outer;
	size_t outer_len;
	const uint8_t *data; /* UDP payload, or unconsumed TCP bytes */
	size_t len;
};

/*
 * The consumer. For TCP it returns how many bytes of p->data it consumed;
 * it is called again while it consumes and bytes remain, and what it
 * leaves waits for more data (see tcp.h). For UDP the value is ignored. It
 * must not call decode_* on the same decoder.
 */
typedef size_t (*decode_deliver_fn)(void *ctx, const struct dec_payload *p);

#define DECODE_STATS(X)                                                   \
	X(packets) /* packets given to decode_packet() */                 \
	X(bytes)                                                          \
	X(ip_truncated) /* captured bytes end inside the datagram */      \
	X(ip_bad_version)                                                 \
	X(ip4_bad_hdrlen)                                                 \
	X(ip4_bad_totlen)                                                 \
	X(ip4_bad_options) /* malformed option list: the host drops it */ \
	X(ip6_jumbo) /* jumbograms are not decoded */                     \
	X(ip6_ext_truncated)                                              \
	X(ip6_ext_too_many)                                               \
	X(ip6_hbh_not_first)                                              \
	X(ip6_ext_unknown) /* mobility, HIP, shim6, experimental */       \
	X(ip6_no_next)                                                    \
	X(ip6_atomic_frag) /* RFC 6946, decoded without reassembly */     \
	X(esp) /* encrypted: undecodable */                               \
	X(ah) /* not walked: undecodable */                               \
	X(frag_nested) /* a reassembled datagram was a fragment again */  \
	X(other_proto) /* neither UDP nor TCP (ICMP, SCTP, ...) */        \
	X(udp) /* UDP payloads delivered */                               \
	X(udp_truncated)                                                  \
	X(udp_bad_len) /* UDP length < 8 */                               \
	X(udp_empty) /* zero-length payload, not delivered */             \
	X(gtpu_decap) /* T-PDUs decapsulated */                           \
	X(gtpu_not_tpdu) /* other GTP-U messages */                       \
	X(gtpu_malformed) /* bad or truncated GTP-U header */             \
	X(gtpu_nested) /* GTP-U in GTP-U: not decapsulated */             \
	X(gtpu_kernel_mismatch) /* ours differs from the module's */

struct decode_stats {
#define DECODE_STATS_FIELD(name) uint64_t name;
	DECODE_STATS(DECODE_STATS_FIELD)
#undef DECODE_STATS_FIELD
	struct frag_stats frag;
	struct tcp_stats tcp;
};

/* A decoder is single-threaded: one per thread, or a lock around it. */
struct decoder;

void decode_config_default(struct decode_config *cfg);
/* NULL on allocation failure. */
struct decoder *decode_new(const struct decode_config *cfg,
			   decode_deliver_fn fn, void *ctx);
/* Ends all TCP flows (DEC_F_END deliveries), then frees. */
void decode_free(struct decoder *dec);

/**
 * decode_packet - decode one packet
 * @dec: the decoder
 * @pkt, @len: the packet from its network header, as captured
 * @meta: timestamp and source information (required)
 *
 * Delivers zero or more payloads to the consumer before returning.
 */
void decode_packet(struct decoder *dec, const uint8_t *pkt, size_t len,
		   const struct decode_meta *meta);

/* Ends every TCP flow now (DEC_F_END deliveries): the end of a capture. */
void decode_flush(struct decoder *dec);

/* Runs the fragment and TCP timeouts without a packet. */
void decode_expire(struct decoder *dec, uint64_t now_ns);

const struct decode_stats *decode_get_stats(const struct decoder *dec);
/* Gauges: datagrams awaiting fragments, TCP flows, bytes held by both. */
uint32_t decode_frag_pending(const struct decoder *dec);
uint32_t decode_tcp_flows(const struct decoder *dec);
size_t decode_mem(const struct decoder *dec);

/* Calls @fn for every counter, names as in DECODE_STATS, "frag_*", "tcp_*". */
void decode_stats_foreach(const struct decode_stats *st,
			  void (*fn)(void *arg, const char *name, uint64_t val),
			  void *arg);

#endif /* LMISF_DECODE_H */
