/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) */
/*
 * lmisf: LI Mirror IMS State Function, kernel copy datapath.
 *
 * Documentation
 * =============
 *
 * The generic netlink family "lmisf" (version 2; version 1 sent each
 * copy's scalars as separate attributes) controls, per network
 * namespace, which packets the module copies and where the copies go. Every
 * operation, dumps included, requires CAP_NET_ADMIN in the initial user
 * namespace (GENL_ADMIN_PERM): tasks are secret. The family's YNL spec is
 * Documentation/netlink/specs/lmisf.yaml; the two describe the same API.
 *
 * The module never drops or alters a packet. Its hooks (PRE_ROUTING after
 * defragmentation, and LOCAL_OUT, IPv4 and IPv6) see every packet crossing
 * the namespace once (a packet the namespace sends to itself is copied at
 * LOCAL_OUT, not again when it comes back in on loopback), and copy it
 * when it matches:
 *
 *   - the signalling selector: an L4 protocol/port pair (default UDP and TCP
 *     5060) on either side, or a source/destination address inside one of
 *     the selector prefixes (P-CSCF); copied for every subscriber;
 *   - a kernel-visible target of a task: a UE address (exact or CIDR, either
 *     side of the packet) or a GTP-U TEID (optionally with the tunnel
 *     endpoint address);
 *   - a media flow installed by the agent: protocol plus both addresses and
 *     both ports, matched in both directions.
 *
 * A UDP packet to or from the GTP-U port (default 2152) carrying a GTPv1-U
 * T-PDU (message type 255) is decapsulated: the TEID and the inner IPv4 or
 * IPv6 packet are matched instead of the outer packet. Other GTP messages,
 * malformed or truncated headers and GTP-U inside GTP-U are not decapsulated
 * (counted) and the outer packet is matched as a plain packet.
 *
 * Commands and their attribute trees
 * ----------------------------------
 *
 * All requests and replies carry attributes of enum lmisf_attr at the top
 * level; the objects are nests.
 *
 * LMISF_CMD_TASK_NEW (X1 ActivateTask):
 *
 *    LMISF_A_TASK: nest
 *        LMISF_TASK_A_XID: binary[16], required, UUID, unique in the netns
 *        LMISF_TASK_A_DELIVERY: u32, required, enum lmisf_delivery
 *        LMISF_TASK_A_CORRELATION_ID: u64, optional
 *        LMISF_TASK_A_TARGET: nest, 1..LMISF_MAX_TARGETS, repeated
 *            LMISF_TARGET_A_TYPE: u32, required, enum lmisf_target_type
 *            LMISF_TARGET_A_IPV4: be32, for IPV4, IPV4_CIDR, and as the
 *                optional tunnel endpoint of GTPU_TEID
 *            LMISF_TARGET_A_IPV6: binary[16], for IPV6, IPV6_CIDR, and as
 *                the optional tunnel endpoint of GTPU_TEID
 *            LMISF_TARGET_A_PREFIX_LEN: u8, required for the CIDR types
 *                (0..32, 0..128); host bits must be zero
 *            LMISF_TARGET_A_TEID: u32, required for GTPU_TEID; with an
 *                endpoint address, only T-PDUs whose outer DESTINATION is
 *                that address match. A TEID is allocated by the endpoint
 *                that receives it: on an S8-U/N9 copy the uplink goes to
 *                the PGW/UPF endpoint with the PGW's TEID and the downlink
 *                to the SGW endpoint with the SGW's TEID, so each
 *                direction is one (TEID, destination) pair; give one
 *                target per direction. Matching the source as well would
 *                catch the other side's unrelated tunnels that happen to
 *                use the same TEID value.
 *            LMISF_TARGET_A_VALUE: string, required for the identity types
 *                (stored for the agent, validated by syntax, see below)
 *            LMISF_TARGET_A_NON_LOCAL: flag, the identity is a non-local ID
 *        LMISF_TASK_A_DID: binary[16], 0..LMISF_MAX_DIDS, repeated
 *
 *    NLM_F_EXCL is implied: an existing XID gives -EEXIST. The reply is
 *    LMISF_CMD_TASK_NEW with LMISF_A_TASK { ID, XID }; LMISF_TASK_A_ID is a
 *    u32 allocated by the module, unique in the netns. More than the
 *    module parameter max_tasks per netns: -ENOSPC. (The family checks
 *    request headers strictly: NLM_F_EXCL, _CREATE, _REPLACE or _APPEND in
 *    a request is refused with -EINVAL.)
 *
 * LMISF_CMD_TASK_SET (X1 ModifyTask): the same tree; the task with that XID
 * is replaced as a whole (targets, delivery, correlation ID, DIDs), keeping
 * its ID, counters and flows. Unknown XID: -ENOENT.
 *
 * LMISF_CMD_TASK_DEL (X1 DeactivateTask): LMISF_A_TASK { XID }. The task's
 * flows are deleted with it. Unknown XID: -ENOENT.
 *
 * LMISF_CMD_TASK_FLUSH (X1 DeactivateAllTasks): no attributes.
 *
 * LMISF_CMD_TASK_GET (X1 GetTaskDetails): do with LMISF_A_TASK { XID }, or
 * dump (optionally resuming after LMISF_A_TASK { ID }). Each reply:
 *
 *    LMISF_A_TASK: nest
 *        LMISF_TASK_A_ID, _XID, _DELIVERY, _CORRELATION_ID (if set),
 *        _TARGET (as given), _DID (as given),
 *        LMISF_TASK_A_CREATED: u64, ns since the epoch
 *        LMISF_TASK_A_MODIFIED: u64, ns since the epoch, last modification
 *        LMISF_TASK_A_MODIFICATIONS: u32, number of modifications
 *        LMISF_TASK_A_LAST_INTERCEPT: u64, ns since the epoch, 0 = never
 *        LMISF_TASK_A_COPIES, _COPY_BYTES: u64, copies made for the task
 *        LMISF_TASK_A_COPY_DROPS: u64, of those, not delivered
 *        LMISF_TASK_A_X2_PDUS, _X2_BYTES, _X3_PDUS, _X3_BYTES: u64, as
 *            reported by the agent (LMISF_CMD_TASK_REPORT)
 *        LMISF_TASK_A_FLOWS: u32, number of installed media flows
 *
 *    A dump that raced with a change of the task table is flagged with
 *    NLM_F_DUMP_INTR; restart it.
 *
 * LMISF_CMD_TASK_REPORT (bound sink only): LMISF_A_TASK { XID, X2_PDUS,
 * X2_BYTES, X3_PDUS, X3_BYTES, LAST_INTERCEPT } adds the agent's delivery
 * amounts (deltas) to the task's status and sets its time of last intercept.
 *
 * LMISF_CMD_FLOW_NEW (bound sink or admin):
 *
 *    LMISF_A_FLOW: nest
 *        LMISF_FLOW_A_XID: binary[16], required, an existing task
 *        LMISF_FLOW_A_CORRELATION_ID: u64, required
 *        LMISF_FLOW_A_PROTO: u8, required, IPPROTO_UDP, _TCP or _SCTP
 *        LMISF_FLOW_A_SRC_IPV4 + _DST_IPV4: be32, or
 *        LMISF_FLOW_A_SRC_IPV6 + _DST_IPV6: binary[16]
 *        LMISF_FLOW_A_SRC_PORT, _DST_PORT: be16, not 0; SRC required,
 *            DST required unless no DST attribute is given (below)
 *
 *    Packets in either direction match. The same 5-tuple twice: -EEXIST.
 *    Without any DST attribute the flow is an *endpoint flow*: it matches
 *    every packet from or to the source address and port, whatever the
 *    peer (the agent installs one from an SDP offer, before the answer
 *    names the peer). A packet that matches a task's 5-tuple flow is not
 *    matched again by an endpoint flow of the same task.
 *    More than the module parameter max_flows per netns: -ENOSPC. The
 *    reply carries LMISF_A_FLOW { ID } (u32).
 *
 * LMISF_CMD_FLOW_DEL: LMISF_A_FLOW { ID } deletes one flow, LMISF_A_FLOW
 * { XID } all flows of a task.
 *
 * LMISF_CMD_FLOW_GET: do with LMISF_A_FLOW { ID }, or dump (filter
 * LMISF_A_FLOW { XID }, resume after { ID }). Replies add
 * LMISF_FLOW_A_ID, _PACKETS and _BYTES to the tree above.
 *
 * LMISF_CMD_SELECTOR_SET: replaces the signalling selector.
 *
 *    LMISF_A_SELECTOR: nest
 *        LMISF_SELECTOR_A_PORT: nest, 0..LMISF_MAX_SELECTOR_PORTS, repeated
 *            LMISF_PORT_A_PROTO: u8, IPPROTO_UDP, _TCP or _SCTP
 *            LMISF_PORT_A_PORT: be16, not 0
 *        LMISF_SELECTOR_A_PREFIX: nest, 0..LMISF_MAX_SELECTOR_PREFIXES,
 *            repeated
 *            LMISF_PREFIX_A_IPV4 (be32) or LMISF_PREFIX_A_IPV6
 *            (binary[16]), LMISF_PREFIX_A_LEN: u8
 *
 *    Without LMISF_A_SELECTOR (or with an empty one) the selector is
 *    emptied and nothing is copied as signalling. The selector only
 *    matches while a sink is bound: otherwise every namespace would pay
 *    lookups for copies nobody can take, so signalling without a sink is
 *    neither copied nor counted (targets and flows are, DROP_NO_SINK).
 *
 * LMISF_CMD_SELECTOR_GET: replies with the same tree.
 *
 * LMISF_CMD_CONFIG_SET / _GET:
 *
 *    LMISF_A_CONFIG: nest
 *        LMISF_CONFIG_A_GTPU_PORT: be16, not 0 (default 2152)
 *
 * LMISF_CMD_SINK_BIND: makes the requesting socket the namespace's sink.
 * Optional LMISF_A_SINK settings as for SINK_SET. -EBUSY if another socket
 * is bound; from the bound socket it only applies the settings given (the
 * sequence continues). The binding ends when that socket closes (pending
 * copies are then counted DROP_UNBIND), or with LMISF_CMD_SINK_UNBIND from
 * the bound socket (pending copies are sent first); from another socket
 * SINK_UNBIND gives -EPERM (also when no sink is bound).
 *
 * LMISF_CMD_SINK_SET (bound socket only, else -EPERM):
 *
 *    LMISF_A_SINK: nest
 *        LMISF_SINK_A_NLBUFSIZ: u32, batch buffer size in bytes
 *            (LMISF_NLBUFSIZ_MIN..LMISF_NLBUFSIZ_MAX, default 65536)
 *        LMISF_SINK_A_QTHRESHOLD: u32, copies per batch (1..1024,
 *            default 64)
 *        LMISF_SINK_A_FLUSH_MS: u32, flush timer (1..10000, default 10);
 *            a signalling copy does not wait for it: it sends its batch
 *        LMISF_SINK_A_COPY_RANGE: u32, bytes of each packet copied from
 *            its network header (0..LMISF_COPY_RANGE_MAX, default the max)
 *
 * LMISF_CMD_SINK_GET: the settings plus LMISF_SINK_A_PORTID (u32) and
 * LMISF_SINK_A_NEXT_SEQ (u64); -ENOENT when no sink is bound.
 *
 * LMISF_CMD_STATS_GET: LMISF_A_STATS with the namespace's counters (enum
 * lmisf_stats_attr, all u64).
 *
 * Messages to the sink
 * --------------------
 *
 * Only the bound socket receives them (unicast; there is no multicast
 * group).
 *
 * LMISF_CMD_COPY: one copied packet; copies are batched, several messages
 * per datagram, flagged NLM_F_MULTI and closed by NLMSG_DONE.
 *
 *    LMISF_A_COPY: nest
 *        LMISF_COPY_A_HDR: struct lmisf_copy_hdr, required: the
 *            per-copy scalars in one fixed-layout attribute (sequence
 *            number, kind, timestamp, hook, interfaces, original length,
 *            GTP-U TEID and inner offset; see the struct)
 *        LMISF_COPY_A_MATCH: struct lmisf_copy_match, repeated, one per
 *            task or flow matched, at most 16 per copy: a packet matching
 *            more tasks and flows lists the first 16 found, the others are
 *            not reported but counted (LMISF_STATS_A_MATCHES_UNLISTED; the
 *            copy itself is not lost)
 *        LMISF_COPY_A_PACKET: binary, the packet from its (outer) network
 *            header, at most copy-range bytes, and at most what keeps the
 *            LMISF_A_COPY nest within 65535 bytes (about 65300). It is
 *            copied as the hook sees it: a GSO packet (locally generated
 *            TCP, or GRO on the input device) is one super-packet whose
 *            IP length field may not match what goes on the wire, and a
 *            locally generated packet with CHECKSUM_PARTIAL has its L4
 *            checksum not yet filled in; the agent must not verify L4
 *            checksums nor expect wire-sized segments.
 *
 *    The two structs are in host byte order. An attribute's payload is
 *    only 4-byte aligned: copy it out (memcpy) before reading a __u64. A
 *    later version may append members to either struct: a reader takes
 *    the size it knows and ignores the rest, and refuses a shorter one.
 *
 * A copy that cannot be delivered is counted in the namespace stats by
 * reason (LMISF_STATS_A_DROP_*); signalling is only matched while a sink
 * is bound (see SELECTOR_SET), so DROP_NO_SINK counts target and media
 * copies only. Once a sink is bound every copy consumes a
 * sequence number, so the gaps the agent sees equal DROP_NOMEM +
 * DROP_RCVBUF + DROP_UNBIND of that binding exactly. A truncated copy is not
 * a drop (LMISF_STATS_A_TRUNCATED).
 *
 * LMISF_CMD_TASK_NTF / LMISF_CMD_FLOW_NTF: a task or flow was created,
 * modified or deleted; LMISF_A_EVENT (enum lmisf_event), LMISF_A_TASK or
 * LMISF_A_FLOW as in a GET reply (ID and XID only for deletions), and for
 * deletions LMISF_A_REASON (enum lmisf_reason). If one cannot be delivered,
 * LMISF_STATS_A_NTF_DROPS grows and the agent must dump again.
 *
 * Errors carry an extended ACK message naming the offending attribute.
 *
 * Identity syntax (LMISF_TARGET_A_VALUE)
 * --------------------------------------
 *
 *   SIP_URI   "sip:" or "sips:" URI, no whitespace or control characters
 *   TEL_URI   "tel:" URI
 *   IMPU      a SIP or TEL URI as above
 *   IMPI, NAI user@realm
 *   IMSI      6..15 digits
 *   SUPI      "imsi-" 6..15 digits, or "nai-" NAI
 *   IMEI      14 or 15 digits
 *   PEI       "imei-" 15 digits or "imeisv-" 16 digits
 *   E164      1..15 digits, optionally with a leading '+'
 */

#ifndef _UAPI_LINUX_LMISF_H
#define _UAPI_LINUX_LMISF_H

#include <linux/types.h>

#define LMISF_GENL_NAME "lmisf"
#define LMISF_GENL_VERSION 2

#define LMISF_XID_LEN 16
#define LMISF_MAX_TARGETS 64
#define LMISF_MAX_DIDS 16
#define LMISF_MAX_VALUE_LEN 255
#define LMISF_MAX_SELECTOR_PORTS 64
#define LMISF_MAX_SELECTOR_PREFIXES 64
#define LMISF_NLBUFSIZ_MIN 4096
#define LMISF_NLBUFSIZ_MAX 1048576
#define LMISF_COPY_RANGE_MAX (0xffff - 4)

enum lmisf_delivery {
	LMISF_DELIVERY_X2_ONLY = 1,
	LMISF_DELIVERY_X3_ONLY,
	LMISF_DELIVERY_X2_AND_X3,
};

enum lmisf_target_type {
	LMISF_TARGET_IPV4 = 1,
	LMISF_TARGET_IPV6,
	LMISF_TARGET_IPV4_CIDR,
	LMISF_TARGET_IPV6_CIDR,
	LMISF_TARGET_GTPU_TEID,
	LMISF_TARGET_SIP_URI,
	LMISF_TARGET_TEL_URI,
	LMISF_TARGET_IMPU,
	LMISF_TARGET_IMPI,
	LMISF_TARGET_IMSI,
	LMISF_TARGET_SUPI,
	LMISF_TARGET_IMEI,
	LMISF_TARGET_PEI,
	LMISF_TARGET_E164,
	LMISF_TARGET_NAI,
	__LMISF_TARGET_TYPE_MAX
};
#define LMISF_TARGET_TYPE_MAX (__LMISF_TARGET_TYPE_MAX - 1)

enum lmisf_copy_kind {
	LMISF_COPY_SIGNALLING = 1 << 0,
	LMISF_COPY_TARGET = 1 << 1,
	LMISF_COPY_MEDIA = 1 << 2,
};

enum lmisf_event {
	LMISF_EVENT_NEW = 1,
	LMISF_EVENT_MODIFIED,
	LMISF_EVENT_DELETED,
};

enum lmisf_reason {
	LMISF_REASON_USERSPACE = 1,
	LMISF_REASON_FLUSH,
	LMISF_REASON_TASK_DELETED,
};

enum lmisf_cmd {
	LMISF_CMD_TASK_NEW = 1,
	LMISF_CMD_TASK_SET,
	LMISF_CMD_TASK_DEL,
	LMISF_CMD_TASK_FLUSH,
	LMISF_CMD_TASK_GET,
	LMISF_CMD_TASK_REPORT,
	LMISF_CMD_FLOW_NEW,
	LMISF_CMD_FLOW_DEL,
	LMISF_CMD_FLOW_GET,
	LMISF_CMD_SELECTOR_SET,
	LMISF_CMD_SELECTOR_GET,
	LMISF_CMD_CONFIG_SET,
	LMISF_CMD_CONFIG_GET,
	LMISF_CMD_SINK_BIND,
	LMISF_CMD_SINK_UNBIND,
	LMISF_CMD_SINK_SET,
	LMISF_CMD_SINK_GET,
	LMISF_CMD_STATS_GET,
	LMISF_CMD_COPY,
	LMISF_CMD_TASK_NTF,
	LMISF_CMD_FLOW_NTF,
	__LMISF_CMD_MAX
};
#define LMISF_CMD_MAX (__LMISF_CMD_MAX - 1)

enum lmisf_attr {
	LMISF_A_TASK = 1,
	LMISF_A_FLOW,
	LMISF_A_SELECTOR,
	LMISF_A_CONFIG,
	LMISF_A_SINK,
	LMISF_A_STATS,
	LMISF_A_COPY,
	LMISF_A_EVENT,
	LMISF_A_REASON,
	__LMISF_A_MAX
};
#define LMISF_A_MAX (__LMISF_A_MAX - 1)

enum lmisf_task_attr {
	LMISF_TASK_A_ID = 1,
	LMISF_TASK_A_XID,
	LMISF_TASK_A_DELIVERY,
	LMISF_TASK_A_CORRELATION_ID,
	LMISF_TASK_A_TARGET,
	LMISF_TASK_A_DID,
	LMISF_TASK_A_CREATED,
	LMISF_TASK_A_MODIFIED,
	LMISF_TASK_A_MODIFICATIONS,
	LMISF_TASK_A_LAST_INTERCEPT,
	LMISF_TASK_A_COPIES,
	LMISF_TASK_A_COPY_BYTES,
	LMISF_TASK_A_COPY_DROPS,
	LMISF_TASK_A_X2_PDUS,
	LMISF_TASK_A_X2_BYTES,
	LMISF_TASK_A_X3_PDUS,
	LMISF_TASK_A_X3_BYTES,
	LMISF_TASK_A_FLOWS,
	LMISF_TASK_A_PAD,
	__LMISF_TASK_A_MAX
};
#define LMISF_TASK_A_MAX (__LMISF_TASK_A_MAX - 1)

enum lmisf_target_attr {
	LMISF_TARGET_A_TYPE = 1,
	LMISF_TARGET_A_IPV4,
	LMISF_TARGET_A_IPV6,
	LMISF_TARGET_A_PREFIX_LEN,
	LMISF_TARGET_A_TEID,
	LMISF_TARGET_A_VALUE,
	LMISF_TARGET_A_NON_LOCAL,
	__LMISF_TARGET_A_MAX
};
#define LMISF_TARGET_A_MAX (__LMISF_TARGET_A_MAX - 1)

enum lmisf_flow_attr {
	LMISF_FLOW_A_ID = 1,
	LMISF_FLOW_A_XID,
	LMISF_FLOW_A_CORRELATION_ID,
	LMISF_FLOW_A_PROTO,
	LMISF_FLOW_A_SRC_IPV4,
	LMISF_FLOW_A_DST_IPV4,
	LMISF_FLOW_A_SRC_IPV6,
	LMISF_FLOW_A_DST_IPV6,
	LMISF_FLOW_A_SRC_PORT,
	LMISF_FLOW_A_DST_PORT,
	LMISF_FLOW_A_PACKETS,
	LMISF_FLOW_A_BYTES,
	LMISF_FLOW_A_PAD,
	__LMISF_FLOW_A_MAX
};
#define LMISF_FLOW_A_MAX (__LMISF_FLOW_A_MAX - 1)

enum lmisf_selector_attr {
	LMISF_SELECTOR_A_PORT = 1,
	LMISF_SELECTOR_A_PREFIX,
	__LMISF_SELECTOR_A_MAX
};
#define LMISF_SELECTOR_A_MAX (__LMISF_SELECTOR_A_MAX - 1)

enum lmisf_port_attr {
	LMISF_PORT_A_PROTO = 1,
	LMISF_PORT_A_PORT,
	__LMISF_PORT_A_MAX
};
#define LMISF_PORT_A_MAX (__LMISF_PORT_A_MAX - 1)

enum lmisf_prefix_attr {
	LMISF_PREFIX_A_IPV4 = 1,
	LMISF_PREFIX_A_IPV6,
	LMISF_PREFIX_A_LEN,
	__LMISF_PREFIX_A_MAX
};
#define LMISF_PREFIX_A_MAX (__LMISF_PREFIX_A_MAX - 1)

enum lmisf_config_attr {
	LMISF_CONFIG_A_GTPU_PORT = 1,
	__LMISF_CONFIG_A_MAX
};
#define LMISF_CONFIG_A_MAX (__LMISF_CONFIG_A_MAX - 1)

enum lmisf_sink_attr {
	LMISF_SINK_A_PORTID = 1,
	LMISF_SINK_A_NLBUFSIZ,
	LMISF_SINK_A_QTHRESHOLD,
	LMISF_SINK_A_FLUSH_MS,
	LMISF_SINK_A_COPY_RANGE,
	LMISF_SINK_A_NEXT_SEQ,
	LMISF_SINK_A_PAD,
	__LMISF_SINK_A_MAX
};
#define LMISF_SINK_A_MAX (__LMISF_SINK_A_MAX - 1)

enum lmisf_stats_attr {
	LMISF_STATS_A_PACKETS = 1,	/* packets inspected by the hooks */
	LMISF_STATS_A_COPIES,		/* copies made (any kind) */
	LMISF_STATS_A_COPIES_SIGNALLING,
	LMISF_STATS_A_COPIES_TARGET,
	LMISF_STATS_A_COPIES_MEDIA,
	LMISF_STATS_A_DELIVERED,	/* copies handed to the sink socket */
	LMISF_STATS_A_BATCHES,		/* datagrams sent to the sink */
	LMISF_STATS_A_DROP_NO_SINK,	/* no sink bound */
	LMISF_STATS_A_DROP_NOMEM,	/* allocation failed */
	LMISF_STATS_A_DROP_RCVBUF,	/* sink socket full */
	LMISF_STATS_A_DROP_UNBIND,	/* pending when the sink went away */
	LMISF_STATS_A_TRUNCATED,	/* delivered, cut to copy range */
	LMISF_STATS_A_GTPU_DECAP,	/* T-PDUs decapsulated */
	LMISF_STATS_A_GTPU_NOT_TPDU,	/* GTP-U messages other than T-PDU */
	LMISF_STATS_A_GTPU_MALFORMED,	/* bad or truncated GTP-U header */
	LMISF_STATS_A_GTPU_NESTED,	/* GTP-U inside GTP-U, not decapsulated */
	LMISF_STATS_A_NTF_DROPS,	/* task/flow events not delivered */
	LMISF_STATS_A_TASKS,		/* current number of tasks */
	LMISF_STATS_A_FLOWS,		/* current number of flows */
	LMISF_STATS_A_TARGETS,		/* current kernel-matched targets */
	LMISF_STATS_A_PAD,
	/*
	 * Matches of copied packets beyond the 16 a copy lists: every lookup
	 * hit not listed counts, so a task or flow found twice (e.g. by two
	 * of its targets) after the 16th counts twice.
	 */
	LMISF_STATS_A_MATCHES_UNLISTED,
	__LMISF_STATS_A_MAX
};
#define LMISF_STATS_A_MAX (__LMISF_STATS_A_MAX - 1)

enum lmisf_copy_attr {
	LMISF_COPY_A_HDR = 1,
	LMISF_COPY_A_MATCH,
	LMISF_COPY_A_PACKET,
	__LMISF_COPY_A_MAX
};
#define LMISF_COPY_A_MAX (__LMISF_COPY_A_MAX - 1)

/* struct lmisf_copy_hdr.flags */
enum lmisf_copy_flags {
	/* decapsulated from GTP-U: teid and inner_offset are valid */
	LMISF_COPY_F_GTPU = 1 << 0,
};

/**
 * struct lmisf_copy_hdr - LMISF_COPY_A_HDR, the scalars of one copy
 * @seq: sink-wide sequence number, 1 for the first copy after bind, +1 per
 *	copy (delivered or not)
 * @tstamp: time of the copy, ns since the epoch
 * @kind: why it was copied, mask of enum lmisf_copy_kind
 * @hook: NF_INET_PRE_ROUTING or NF_INET_LOCAL_OUT
 * @ifindex_in: input interface, 0 when not known
 * @ifindex_out: output interface, 0 when not known
 * @orig_len: length of the whole packet (LMISF_COPY_A_PACKET may be shorter)
 * @flags: mask of enum lmisf_copy_flags
 * @teid: the GTP-U TEID, with LMISF_COPY_F_GTPU
 * @inner_offset: offset of the inner IP header in the packet, with
 *	LMISF_COPY_F_GTPU
 */
struct lmisf_copy_hdr {
	__u64 seq;
	__u64 tstamp;
	__u32 kind;
	__u32 hook;
	__u32 ifindex_in;
	__u32 ifindex_out;
	__u32 orig_len;
	__u32 flags;
	__u32 teid;
	__u32 inner_offset;
};

/* struct lmisf_copy_match.flags */
enum lmisf_match_flags {
	/* correlation_id is set: the flow's, or the task's if it has one */
	LMISF_MATCH_F_CORRELATION_ID = 1 << 0,
};

/**
 * struct lmisf_copy_match - LMISF_COPY_A_MATCH, one task or flow a copy matched
 * @xid: XID of the task
 * @correlation_id: with LMISF_MATCH_F_CORRELATION_ID
 * @flow_id: the flow, for media matches; 0 otherwise
 * @kind: LMISF_COPY_TARGET or LMISF_COPY_MEDIA
 * @flags: mask of enum lmisf_match_flags
 */
struct lmisf_copy_match {
	__u8 xid[LMISF_XID_LEN];
	__u64 correlation_id;
	__u32 flow_id;
	__u16 kind;
	__u16 flags;
};

#endif /* _UAPI_LINUX_LMISF_H */
