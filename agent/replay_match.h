/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's matching, redone for replay: without lmisf.ko, a capture's
 * packets get the copy kinds and matches the module would have given them
 * (uapi/linux/lmisf.h): the signalling selector (default UDP and TCP port
 * 5060, either side), UE address and prefix targets on either side, GTP-U
 * TEID targets (optionally only towards their endpoint) on decapsulated
 * T-PDUs, whose inner packet is then matched instead of the outer one, and
 * media flows installed by the IMS layer, in both directions.
 *
 * Differences from the module, by design of an offline source: fragments
 * are matched one by one (the module sees reassembled datagrams), so a
 * media flow matches the first fragment of a datagram only.
 */
#ifndef LMISF_REPLAY_MATCH_H
#define LMISF_REPLAY_MATCH_H

#include "pipeline_core.h"
#include "tasks.h"

struct replay_match;

struct replay_match *replay_match_new(const struct tasks *tasks,
				      uint16_t gtpu_port);
void replay_match_free(struct replay_match *rm);

/* pl_flow_ops for the pipeline (install/remove into this table). */
void replay_match_flow_ops(struct replay_match *rm, struct pl_flow_ops *ops);
/* A task was deleted: its flows go with it (as in the module). */
void replay_match_task_deleted(struct replay_match *rm,
			       const uint8_t xid[LMISF_XID_LEN]);
unsigned int replay_match_flows(const struct replay_match *rm);

/**
 * replay_match_packet - kinds and matches of one packet
 * @pkt, @len: from the network header
 * @o: kind, n_matches and matches are set (@m holds them)
 * @meta: kernel_decap/teid/inner_offset set as the module would
 */
void replay_match_packet(struct replay_match *rm, const uint8_t *pkt,
			 size_t len, struct pl_origin *o,
			 struct pl_match m[PL_MAX_MATCHES],
			 struct decode_meta *meta);

#endif /* LMISF_REPLAY_MATCH_H */
