/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pipeline as its sources and lmisfd's main see it (the IMS layer and
 * delivery see pipeline.h only): packets in, with their origin; timers;
 * loss; reload; counters; the per-task amounts for LMISF_CMD_TASK_REPORT.
 */
#ifndef LMISF_PIPELINE_CORE_H
#define LMISF_PIPELINE_CORE_H

#include "config.h"
#include "decode.h"
#include "pipeline.h"

#define PIPELINE_STATS(X)                                                   \
	X(sip_udp) /* SIP messages parsed from UDP datagrams */             \
	X(sip_tcp) /* SIP messages framed from TCP streams and parsed */    \
	X(sip_requests)                                                     \
	X(sip_responses)                                                    \
	X(sip_keepalives) /* CRLF keepalives */                             \
	X(sip_parse_errors) /* refused by sip_parse() */                    \
	X(sip_check_errors) /* refused by sip_msg_check() */                \
	X(udp_not_sip) /* UDP payloads that do not start like SIP */        \
	X(tcp_frame_errors) /* streams that could not be framed */          \
	X(tcp_resync_bytes) /* not SIP, or before the next message */       \
	X(tcp_end_bytes) /* incomplete message at the end of a stream */    \
	X(packets_matched) /* copies with a target or media match */        \
	X(records_x2) /* PDUs built (emit) */                               \
	X(records_x3)                                                       \
	X(records_refused) /* emit for no task / wrong delivery type */     \
	X(records_undeliverable) /* no DID, no delivery, encoder refused */ \
	X(flows_installed)                                                  \
	X(flows_install_failed)                                             \
	X(flows_removed)                                                    \
	X(delivered_x2) /* PDUs delivery reported sent */                   \
	X(delivered_x3)                                                     \
	X(loss_events) /* gaps/ENOBUFS the source reported */               \
	X(lost_copies) /* copies known lost (sequence gaps) */

struct pipeline_stats {
#define PIPELINE_STATS_FIELD(name) uint64_t name;
	PIPELINE_STATS(PIPELINE_STATS_FIELD)
#undef PIPELINE_STATS_FIELD
};

/* Media flows: live, nlsource's control socket; replay, replay_match. */
struct pl_flow_ops {
	void *ctx;
	int (*install)(void *ctx, const struct pl_flow *f, uint32_t *flow_id);
	int (*remove)(void *ctx, uint32_t flow_id);
};

/* Delivered amounts of one task since the last pipeline_take_reports(). */
struct pl_report {
	uint8_t xid[LMISF_XID_LEN];
	uint64_t x2_pdus, x2_bytes, x3_pdus, x3_bytes;
	uint64_t last_ts_ns;
};

/* NULL on allocation failure. @cfg is copied where needed, not kept. */
struct pipeline *pipeline_new(const struct lm_config *cfg,
			      enum pl_source_kind mode);
/* Calls the consumer's and delivery's free. */
void pipeline_free(struct pipeline *pl);

/* The task mirror (sources fill it; its events reach the consumer). */
struct tasks *pipeline_tasks(struct pipeline *pl);
void pipeline_set_flow_ops(struct pipeline *pl, const struct pl_flow_ops *o);

/**
 * pipeline_packet - one copied packet
 * @pkt, @len: from its (outer) network header
 * @origin: source, sequence, time, kernel kind and matches
 * @meta: what the decoder needs (ts, hook, kernel GTP-U information)
 */
void pipeline_packet(struct pipeline *pl, const uint8_t *pkt, size_t len,
		     const struct pl_origin *origin,
		     const struct decode_meta *meta);
/* Timeouts of the decoder and the consumer, at @now_ns (packet time). */
void pipeline_tick(struct pipeline *pl, uint64_t now_ns);
/* Copies lost (@copies known, 0 unknown): counted, consumer told. */
void pipeline_loss(struct pipeline *pl, uint64_t copies);
/* A flow went away without the IMS layer asking (FLOW_NTF). */
void pipeline_flow_gone(struct pipeline *pl, uint32_t flow_id, uint32_t reason);
/* End of input / shutdown: TCP streams ended, consumer and delivery
 * flushed. */
void pipeline_flush(struct pipeline *pl);
/* SIGHUP: log level, consumer and delivery; 0 or the first error. */
int pipeline_reconfigure(struct pipeline *pl, const struct lm_config *cfg);

const struct pipeline_stats *pipeline_get_stats(const struct pipeline *pl);
const struct decode_stats *pipeline_decode_stats(const struct pipeline *pl);
/* Every counter: the pipeline's, then the decoder's (decode.h names). */
void pipeline_stats_foreach(const struct pipeline *pl,
			    void (*fn)(void *arg, const char *name,
				       uint64_t val),
			    void *arg);
/* Appends " name=value" of the consumer and delivery to @buf. */
size_t pipeline_peer_stats(struct pipeline *pl, char *buf, size_t size);

/* Hands each task's accumulated amounts to @fn and resets them. */
void pipeline_take_reports(struct pipeline *pl,
			   void (*fn)(void *arg, const struct pl_report *r),
			   void *arg);

#endif /* LMISF_PIPELINE_CORE_H */
