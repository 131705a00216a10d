/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seam between lmisfd's pipeline and the layers it joins:
 *
 *   source (nlsource: kernel copies, or pcap replay)
 *     -> decode_packet() -> UDP payloads / TCP streams (sip_frame())
 *     -> sip_parse() -> struct pl_sip           --(a)--> IMS layer
 *   IMS layer (state mirror, target matching, xIRI/xCC building)
 *     -> struct pl_services: emit a PDU for a task, install/remove a
 *        media flow, read the tasks                       --(b)
 *   pipeline -> struct pl_deliver_ops: PDU bytes to the task's DIDs  --(c)
 *   delivery -> pl_delivered(): what was sent, for TASK_REPORT
 *
 * The IMS layer registers a struct pl_consumer; delivery registers a
 * struct pl_deliver_ops. Neither links to the netlink or replay sources,
 * so each can be tested with a fake of the other side. Everything runs on
 * the pipeline's thread: no callback may block, none may call back into
 * the pipeline from pl_consumer.free.
 *
 * Tasks are secret: nothing that crosses this seam may be logged at info
 * level with a target value, XID or SIP bytes (log.h).
 */
#ifndef LMISF_PIPELINE_H
#define LMISF_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/lmisf.h>

#include "ip.h"
#include "sip.h"
#include "tasks.h"
#include "x2x3.h"

struct lm_config;

/* Kernel match list entries kept per copy (the module sends up to 16). */
#define PL_MAX_MATCHES 16

/* One LMISF_COPY_A_MATCH (struct lmisf_copy_match): a task or a media flow. */
struct pl_match {
	uint32_t kind; /* LMISF_COPY_TARGET or LMISF_COPY_MEDIA */
	uint8_t xid[LMISF_XID_LEN];
	bool has_correlation;
	uint64_t correlation_id;
	uint32_t flow_id; /* media matches; 0 otherwise */
};

enum pl_source_kind {
	PL_SRC_KERNEL = 1, /* a copy from lmisf.ko */
	PL_SRC_REPLAY, /* a frame of a capture (--replay) */
};

/*
 * Where a packet came from. In replay the pipeline computes kind and
 * matches itself with the kernel's rules (UE address, CIDR, TEID and
 * endpoint, installed flows), so the IMS layer sees the same thing in
 * both modes.
 */
struct pl_origin {
	enum pl_source_kind source;
	uint64_t seq; /* lmisf_copy_hdr.seq, or pcap frame number */
	uint64_t ts_ns; /* lmisf_copy_hdr.tstamp or capture time */
	int hook; /* NF_INET_PRE_ROUTING / _LOCAL_OUT, -1 unknown */
	uint32_t ifindex_in, ifindex_out; /* 0 unknown */
	uint32_t kind; /* mask of enum lmisf_copy_kind */
	uint32_t orig_len; /* the whole packet's length */
	unsigned int n_matches;
	const struct pl_match *matches;
};

/* struct pl_sip.flags */
#define PL_SIP_F_REASSEMBLED (1u << 0) /* from IP fragments */
#define PL_SIP_F_AFTER_GAP (1u << 1) /* TCP: bytes were lost before it */
#define PL_SIP_F_FROM_INITIATOR (1u << 2) /* TCP: sent by the SYN sender */

/*
 * (a) One parsed SIP message, handed to pl_consumer.sip. Every pointer is
 * valid only during the call: copy what must outlive it.
 */
struct pl_sip {
	const struct sip_msg *msg; /* sip_parse() + sip_msg_check() passed */
	const char *raw; /* the message's bytes (msg->buf) */
	size_t raw_len; /* msg->len: start line, headers and body */
	uint64_t ts_ns; /* of the packet that completed the message */

	uint8_t transport; /* IPPROTO_UDP or IPPROTO_TCP */
	struct ipaddr src, dst; /* inner IP addresses */
	uint16_t sport, dport;
	uint32_t flags; /* PL_SIP_F_* */

	/* GTP-U: the message came inside a T-PDU (S8HR roaming etc.). */
	bool tunnelled;
	uint32_t teid;
	struct ipaddr outer_src, outer_dst;
	uint16_t outer_sport, outer_dport;

	/* The inner IP datagram that completed the message (for TCP, the
	 * last segment); NULL when the bytes were flushed at a timeout. */
	const uint8_t *ip;
	size_t ip_len;

	/* First P-Access-Network-Info header, NULL when absent. */
	const struct sip_hdr *pani;

	/* The packet's origin; NULL for TCP bytes flushed at a timeout. */
	const struct pl_origin *origin;
};

/*
 * A copied packet with at least one match (kind TARGET or MEDIA), for xCC:
 * every such packet is offered, SIP or not, after its SIP messages (if
 * any) went to pl_consumer.sip.
 */
struct pl_packet {
	const struct pl_origin *origin;
	const uint8_t *pkt; /* from the outer network header */
	size_t len; /* captured bytes (<= origin->orig_len) */
	/* GTP-U: the inner packet, as the kernel found it. */
	bool tunnelled;
	uint32_t teid;
	size_t inner_offset;
};

/* A media flow for the kernel (LMISF_CMD_FLOW_NEW). */
struct pl_flow {
	uint8_t xid[LMISF_XID_LEN];
	uint64_t correlation_id;
	uint8_t proto; /* IPPROTO_UDP, _TCP or _SCTP */
	struct ipaddr src, dst; /* same family */
	uint16_t sport, dport; /* host order, not 0 */
};

/* An endpoint flow (uapi: no DST attribute): dst.ver and dport are 0,
 * and every packet from or to (src, sport) matches, whatever the peer. */
static inline bool pl_flow_is_endpoint(const struct pl_flow *f)
{
	return !f->dst.ver && !f->dport;
}

/*
 * (b) What the IMS layer may call. @ctx is pl_services.ctx.
 */
struct pl_services {
	void *ctx;
	/*
	 * emit - deliver one X2 or X3 PDU for the task @pdu->xid. The caller
	 * fills the header (type X2/X3, payload format, direction, XID,
	 * correlation ID) and the attributes it wants (sequence number,
	 * timestamp, addresses, matched target, SDP...) and points payload
	 * at the xIRI BER or the packet. The pipeline checks that the task
	 * exists and that its delivery type allows the PDU type, encodes it
	 * and hands the bytes to delivery for every DID of the task.
	 * Return: 0; -ENOENT unknown task; -EPERM PDU type not in the
	 * task's delivery; -EINVAL encoder refused; -EDESTADDRREQ the task
	 * has no DID; -ENODEV no delivery registered (both counted as
	 * records_undeliverable, never faked); else what submit returned.
	 */
	int (*emit)(void *ctx, const struct x2x3_pdu *pdu);
	/*
	 * flow_install - ask for a media flow. Live: LMISF_CMD_FLOW_NEW on
	 * the control socket; replay: the pipeline's own flow table used for
	 * matching. @flow_id is set on success (kernel flow ID).
	 * Return: 0, or -errno from the kernel (-EEXIST same 5-tuple,
	 * -ENOENT task gone, -ENOSPC ...): the caller reports
	 * IMSCCUnavailable.
	 */
	int (*flow_install)(void *ctx, const struct pl_flow *f,
			    uint32_t *flow_id);
	/* flow_remove - LMISF_CMD_FLOW_DEL of one flow. 0 or -errno. */
	int (*flow_remove)(void *ctx, uint32_t flow_id);
	/* The mirror of the kernel's tasks (read only). */
	const struct tasks *(*tasks)(void *ctx);
};

/*
 * The IMS layer's side: what the pipeline calls. Any member may be NULL.
 * @ctx is pl_consumer.ctx.
 */
struct pl_consumer {
	void *ctx;
	/* Every SIP message that parsed. */
	void (*sip)(void *ctx, const struct pl_sip *s);
	/* Every copy with a TARGET or MEDIA match (xCC). */
	void (*packet)(void *ctx, const struct pl_packet *p);
	/* The task table changed (dump, TASK_NTF, replay tasks). */
	void (*task_event)(void *ctx, enum task_event ev, const struct task *t);
	/*
	 * A flow the IMS layer installed is gone without its asking (task
	 * deleted, flush): FLOW_NTF with LMISF_A_REASON.
	 */
	void (*flow_gone)(void *ctx, uint32_t flow_id, uint32_t reason);
	/*
	 * Copies were lost (sequence gap or ENOBUFS; @copies is the gap,
	 * 0 when unknown). State may have missed messages; tasks and flows
	 * have been re-dumped before this is called.
	 */
	void (*loss)(void *ctx, uint64_t copies);
	/* Timers: called at least once a second (replay: in capture time). */
	void (*tick)(void *ctx, uint64_t now_ns);
	/* One line of counters for the statistics report, "name=value ...". */
	int (*stats)(void *ctx, char *buf, size_t size);
	/* SIGHUP: new limits ([ims]). 0 or -errno (keeps the old). */
	int (*reconfigure)(void *ctx, const struct lm_config *cfg);
	/* End of input (replay) or shutdown: flush what is pending. */
	void (*flush)(void *ctx);
	void (*free)(void *ctx);
};

/*
 * (c) Delivery's side: what the pipeline calls to send PDU bytes. Any
 * member but submit may be NULL. @ctx is pl_deliver_ops.ctx.
 */
struct pl_deliver_ops {
	void *ctx;
	/*
	 * submit - queue one encoded PDU (@pdu, @len, of @type X2 or X3,
	 * for task @xid) to each of @n DIDs; never blocks (spools when a
	 * destination is down). The bytes are the caller's: copy them.
	 * Return: 0 when every DID took it; -ENOENT a DID is not in the
	 * configuration (the others still took it); -ENOSPC dropped by the
	 * spool limit (counted by delivery).
	 */
	int (*submit)(void *ctx, const uint8_t xid[LMISF_XID_LEN],
		      enum x2x3_pdu_type type,
		      const uint8_t (*dids)[LMISF_XID_LEN], unsigned int n,
		      const uint8_t *pdu, size_t len);
	/* SIGHUP: new destinations (config.h). 0 or -errno (keeps the old). */
	int (*reconfigure)(void *ctx, const struct lm_config *cfg);
	/* One line of counters, "name=value ...". */
	int (*stats)(void *ctx, char *buf, size_t size);
	/* Shutdown: send or spool what is queued, close. */
	void (*flush)(void *ctx);
	void (*free)(void *ctx);
};

struct pipeline;

/*
 * Delivery calls this for every PDU actually sent to a destination (not
 * spooled), so the kernel's task status (LMISF_CMD_TASK_REPORT: X2/X3
 * PDUs and bytes) says what reached the mediation function.
 */
void pl_delivered(struct pipeline *pl, const uint8_t xid[LMISF_XID_LEN],
		  enum x2x3_pdu_type type, size_t bytes, uint64_t ts_ns);

/* Registration; the pipeline calls .free of each at pipeline_free(). */
void pl_set_consumer(struct pipeline *pl, const struct pl_consumer *c);
void pl_set_delivery(struct pipeline *pl, const struct pl_deliver_ops *d);
/* The services table to give the IMS layer. */
const struct pl_services *pl_services(struct pipeline *pl);

#endif /* LMISF_PIPELINE_H */
