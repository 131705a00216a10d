/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv4 and IPv6 fragment reassembly with bounded memory and time.
 *
 * Overlapping fragments discard the whole datagram, including fragments
 * still to come (RFC 5722 for IPv6; Linux does the same for IPv4 since
 * 4.19, so the agent sees what the receiving host sees). Exact duplicates
 * are ignored. The clock is the caller's (packet timestamps on replay).
 */
#ifndef LMISF_FRAG_H
#define LMISF_FRAG_H

#include <stdint.h>

#include "ip.h"

struct frag_config {
	uint32_t max_datagrams; /* datagrams in flight (default 1024) */
	uint32_t max_frags; /* fragments per datagram (default 128) */
	size_t max_bytes; /* all buffered fragment data (default 8 MiB) */
	uint64_t timeout_ns; /* from the first fragment (default 30 s) */
};

#define FRAG_STATS(X)                                                   \
	X(fragments) /* fragments seen */                               \
	X(reassembled) /* datagrams completed */                        \
	X(timeouts) /* datagrams expired incomplete */                  \
	X(evicted) /* datagrams dropped to stay within the bounds */    \
	X(overlaps) /* datagrams discarded for overlapping fragments */ \
	X(duplicates) /* exact duplicate fragments ignored */           \
	X(bad_len) /* empty, or non-last not a multiple of 8 */         \
	X(too_big) /* reassembled datagram would exceed 65535 */        \
	X(too_many) /* datagram exceeded max_frags */                   \
	X(bad_last) /* conflicting end of datagram */                   \
	X(discarded) /* fragments of a datagram already discarded */    \
	X(nomem) /* allocation failures */

struct frag_stats {
#define FRAG_STATS_FIELD(name) uint64_t name;
	FRAG_STATS(FRAG_STATS_FIELD)
#undef FRAG_STATS_FIELD
};

enum frag_result {
	FRAG_HELD, /* kept, datagram incomplete */
	FRAG_DONE, /* datagram complete, see *out */
	FRAG_DROPPED, /* refused; a counter says why */
};

struct frag_table;

void frag_config_default(struct frag_config *cfg);
/* NULL on allocation failure. stats is updated in place. */
struct frag_table *frag_new(const struct frag_config *cfg,
			    struct frag_stats *stats, uint64_t seed);
void frag_free(struct frag_table *t);

/* Room a reassembled datagram may need (IPv6: 40 + 65535). */
#define FRAG_BUF_SIZE (65535 + 64)

/**
 * frag_input - add one fragment
 * @t: the table
 * @ip: a parsed fragment (ip->is_frag)
 * @tunnel: key discriminator, e.g. GTP-U TEID + 1, 0 when not tunnelled
 *	(inner addresses may repeat across tunnels)
 * @now_ns: caller's clock
 * @buf: FRAG_BUF_SIZE bytes, written only on FRAG_DONE
 * @out_len: on FRAG_DONE, the length of the reassembled datagram in @buf,
 *	from its IP header (IPv4: offset and MF cleared, total length set;
 *	IPv6: the fragment header spliced out, payload length set)
 */
enum frag_result frag_input(struct frag_table *t, const struct ip_pkt *ip,
			    uint64_t tunnel, uint64_t now_ns, uint8_t *buf,
			    size_t *out_len);

/* Drops datagrams older than the timeout. */
void frag_expire(struct frag_table *t, uint64_t now_ns);

/* Datagrams in flight and bytes charged, for tests and statistics. */
uint32_t frag_count(const struct frag_table *t);
size_t frag_mem(const struct frag_table *t);

#endif /* LMISF_FRAG_H */
