/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dialog half of the IMS state mirror: one entry per Call-ID seen
 * (every subscriber, not only targets), with the caller's tag, the legs a
 * forked INVITE created (one per callee tag, early or confirmed), each
 * side's committed and pending SDP (offer/answer, re-INVITE, UPDATE,
 * PRACK, late offer in ACK), CANCEL/487, BYE/200, failure responses and
 * timeouts. Bounded; what is shed or times out is counted.
 */
#ifndef LMISF_DIALOG_H
#define LMISF_DIALOG_H

#include <stdbool.h>
#include <stdint.h>

#include "intercept.h"
#include "lru.h"
#include "ip.h"
#include "match.h"
#include "sip.h"

#define DLG_MAX_LEGS 4 /* early dialogs kept per Call-ID (forking) */
#define DLG_TAG_MAX 64

enum call_state {
	CALL_INIT = 1, /* dialog-creating request seen */
	CALL_EARLY, /* provisional answer with a tag */
	CALL_CONFIRMED, /* 2xx to the INVITE */
	CALL_ENDING, /* BYE or CANCEL sent */
	CALL_ENDED, /* over: lingers for retransmissions, then freed */
};

struct sdp_buf {
	char *p; /* NULL: none */
	uint32_t len;
};

struct leg {
	char tag[DLG_TAG_MAX]; /* the callee's tag; "" not yet known */
	bool confirmed, terminated;
	struct sdp_buf sdp, pend; /* the callee side's SDP */
	uint32_t pend_cseq;
};

struct call {
	struct call *hnext; /* hash chain */
	struct lru_node lru;
	uint64_t serial; /* unique per call, never reused */
	char *call_id;
	char caller_tag[DLG_TAG_MAX];
	enum sip_method method; /* of the creating request */
	enum call_state state;
	uint32_t invite_cseq;
	uint64_t created_ns, last_ns, until_ns;
	struct match_ids *ids; /* of the creating request, NULL unknown */
	struct sdp_buf sdp, pend; /* the caller side's SDP */
	uint32_t pend_cseq;
	unsigned int nlegs;
	struct leg legs[DLG_MAX_LEGS];
	int confirmed_leg; /* -1 */
	char *pani; /* last P-Access-Network-Info */
	bool tunnelled; /* signalling came inside GTP-U */
	struct ipaddr sig_src, sig_dst; /* of the first message seen */
	struct seen_ring seen;
	struct icpt_set icpts;
};

struct dlg_config {
	unsigned int max; /* calls kept (0: 65536) */
	uint64_t setup_ns; /* no final answer to the INVITE */
	uint64_t idle_ns; /* confirmed, no message */
	uint64_t linger_ns; /* ended: absorb retransmissions */
	uint32_t max_sdp; /* bytes of one stored SDP body */
};

struct dlg_stats {
	uint64_t created, shed, timeouts, ended, retrans, forks, nomem;
	uint64_t sdp_too_big, sdp_unparsed, legs_full;
};

/* What one message did. */
struct dlg_event {
	bool created; /* first message of this Call-ID */
	bool retrans; /* seen before: nothing changed */
	bool from_caller; /* sent by the caller's side */
	bool media; /* an SDP was committed: flows may change */
	bool ended; /* the call just ended */
	bool confirmed; /* a leg just got its 2xx */
	bool offer; /* a pending offer came or went: endpoint flows change */
};

struct dlg_table;

struct dlg_table *dlg_new(const struct dlg_config *cfg);
void dlg_free(struct dlg_table *t);

struct call *dlg_lookup(struct dlg_table *t, struct sip_str call_id);

/* Update the mirror with a non-REGISTER message. NULL: out of memory. */
struct call *dlg_message(struct dlg_table *t, const struct sip_msg *m,
			 uint64_t now_ns, struct dlg_event *ev);

/* The leg whose media counts: the confirmed one, else the newest early
 * leg with an SDP; NULL when there is none. */
const struct leg *dlg_media_leg(const struct call *c);

/*
 * Frees what timed out or finished lingering; @fn (may be NULL) sees each
 * first, with @timeout set when it ended without a final message.
 */
void dlg_expire(struct dlg_table *t, uint64_t now_ns,
		void (*fn)(void *arg, struct call *c, bool timeout), void *arg);
int dlg_foreach(struct dlg_table *t, int (*fn)(void *arg, struct call *c),
		void *arg);
unsigned int dlg_count(const struct dlg_table *t);
const struct dlg_stats *dlg_stats(const struct dlg_table *t);

#endif /* LMISF_DIALOG_H */
