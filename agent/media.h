/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Media of intercepted sessions: the RTP and RTCP 5-tuples of each m=
 * line from the two sides' SDP, and the kernel flows installed for them
 * (pl_services.flow_install) per session and task, removed a short grace
 * time after the session ends or the media moves, so the last packets in
 * flight are still copied.
 *
 * The table is hashed by session (every SIP message of a call looks at its
 * flows), by kernel flow ID (every media copy looks up its flow) and by
 * the flow's ends (a target's copy that came before its flow was
 * installed looks for the session it belongs to, ims_media.c);
 * flows waiting for their grace time are also on a list of their own, so
 * neither a message nor the timer walks every flow.
 */
#ifndef LMISF_MEDIA_H
#define LMISF_MEDIA_H

#include <stdbool.h>
#include <stdint.h>

#include "lru.h"
#include "pipeline.h"

#define MEDIA_MAX_PAIRS 32 /* RTP + RTCP of 16 m= lines */

struct media_ep {
	struct ipaddr addr;
	uint16_t port;
};

/* One flow the session needs: caller's end and callee's end. */
struct media_pair {
	uint8_t mline;
	bool rtcp;
	struct media_ep caller, callee;
};

/* Why some media cannot be delivered (IMSCCUnavailable). */
#define MEDIA_P_ENCRYPTED (1u << 0) /* RTP/SAVP, SAVPF, UDP/TLS/... */
#define MEDIA_P_NO_ADDR (1u << 1) /* FQDN in c=, families differ */
#define MEDIA_P_TRANSPORT (1u << 2) /* not RTP over UDP (TCP, MSRP) */
#define MEDIA_P_SDP (1u << 3) /* a stored SDP does not parse */

/*
 * media_pairs - the flows of each active m= line present on both sides.
 * Return: number of pairs; @problems gets MEDIA_P_* for the lines left
 * out.
 */
unsigned int media_pairs(const char *caller_sdp, uint32_t caller_len,
			 const char *callee_sdp, uint32_t callee_len,
			 struct media_pair *out, unsigned int max,
			 unsigned int *problems);

/*
 * media_ends - endpoint flows for one side's SDP while the other side's
 * is not known (an offer): per active RTP/AVP m= line, that side's RTP
 * and RTCP end with an all-zero peer (port 0), which media_sync installs
 * as endpoint flows (pl_flow_is_endpoint): media racing the answer, or
 * early media, is then copied. Ends already in @out[0..*n) are skipped.
 * @caller: the SDP is the caller side's. Appends to @out, updates @n.
 */
void media_ends(const char *sdp, uint32_t len, bool caller,
		struct media_pair *out, unsigned int *n, unsigned int max);

static inline bool media_ep_eq(const struct media_ep *a,
			       const struct media_ep *b)
{
	return a->port == b->port && ipaddr_eq(&a->addr, &b->addr);
}

/* A pair with one end only (port 0 on the other). */
static inline bool media_pair_is_end(const struct media_pair *p)
{
	return !p->caller.port || !p->callee.port;
}

/* Which end of a pair is the target's. */
enum media_side {
	MEDIA_SIDE_UNKNOWN = 0,
	MEDIA_SIDE_CALLER,
	MEDIA_SIDE_CALLEE,
};

struct media_flow {
	uint64_t owner; /* the call's serial */
	uint8_t xid[LMISF_XID_LEN];
	uint64_t correlation_id;
	uint32_t flow_id;
	struct media_pair pair;
	enum media_side side;
	uint64_t remove_at; /* 0 while wanted */
	/* the table's: hash chains by owner, flow_id and ends, removal
	 * list */
	struct media_flow *owner_next, *id_next, *tuple_next;
	struct lru_node dying;
};

struct media_stats {
	uint64_t installed, install_failed, removed, remove_failed, gone;
	uint64_t active;
};

struct media_table;

struct media_table *media_new(const struct pl_services *svc, uint64_t grace_ns);
/*
 * Frees the table without asking the kernel for anything (pl_consumer.free
 * may not call back into the pipeline): flows of sessions still running
 * stay installed, so a restarted agent keeps receiving their copies; the
 * kernel deletes them with their task.
 */
void media_free(struct media_table *mt);
/* Removes now the flows waiting for their grace time (end of input). */
void media_flush(struct media_table *mt);

/*
 * media_sync - make the flows of (@owner, @xid) those of @pairs: installs
 * what is missing, schedules what is no longer wanted for removal.
 * Return: 0, or the first -errno flow_install gave (the others were
 * still tried).
 */
int media_sync(struct media_table *mt, uint64_t owner,
	       const uint8_t xid[LMISF_XID_LEN], uint64_t correlation_id,
	       const struct media_pair *pairs, unsigned int n,
	       enum media_side side, uint64_t now_ns);
/* The session ended: its flows go after the grace time (@xid NULL: all
 * tasks). */
void media_end(struct media_table *mt, uint64_t owner, const uint8_t *xid,
	       uint64_t now_ns);
/* Removes flows whose grace time is over. */
void media_tick(struct media_table *mt, uint64_t now_ns);
/* The kernel removed a flow (FLOW_NTF) or a task with its flows. */
void media_gone(struct media_table *mt, uint32_t flow_id);
void media_forget_task(struct media_table *mt,
		       const uint8_t xid[LMISF_XID_LEN]);
const struct media_flow *media_find(const struct media_table *mt,
				    uint32_t flow_id);
/*
 * media_find_tuple - the flow of task @xid a UDP packet from @src to @dst
 * belongs to: a 5-tuple flow between the two (either direction), else an
 * endpoint flow of either end; one still wanted before one in its grace
 * time; riders (flow_id 0) too. Hashed: a few chains, not every flow.
 * NULL: none.
 */
const struct media_flow *media_find_tuple(const struct media_table *mt,
					  const uint8_t xid[LMISF_XID_LEN],
					  const struct media_ep *src,
					  const struct media_ep *dst);
/* Tasks riding on flow @of (same session and 5-tuple, flow_id 0):
 * iterate with prev = NULL, then the last result. */
const struct media_flow *media_riders(const struct media_table *mt,
				      const struct media_flow *prev,
				      const struct media_flow *of);
bool media_owner_has(const struct media_table *mt, uint64_t owner,
		     const uint8_t xid[LMISF_XID_LEN]);
const struct media_stats *media_stats(const struct media_table *mt);

#endif /* LMISF_MEDIA_H */
