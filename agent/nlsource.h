/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The live source: lmisf.ko's copies over generic netlink.
 *
 * Two sockets (style.md 12): the data socket is bound as the namespace's
 * sink (LMISF_CMD_SINK_BIND with the [sink] settings, SO_RCVBUFFORCE) and
 * receives the batched copies and the TASK_NTF/FLOW_NTF events, which the
 * module unicasts to the sink; it also carries what only the sink may
 * send (SINK_SET on reload, TASK_REPORT, SINK_UNBIND). The control socket
 * carries the dumps and the flow requests, whose replies must not queue
 * behind copies.
 *
 * Loss: every copy has a sequence number (1, 2, ... from the bind); a gap
 * is exactly the copies the module dropped for this sink (drop_nomem +
 * drop_rcvbuf), counted in lost_copies. A gap or an ENOBUFS (events may
 * have been dropped too: ntf_drops) triggers a resync: tasks dumped again
 * (tasks_sync_begin/end), flows dumped again.
 */
#ifndef LMISF_NLSOURCE_H
#define LMISF_NLSOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "pipeline_core.h"

#define NLSOURCE_STATS(X)                                                 \
	X(rx_datagrams)                                                   \
	X(rx_copies)                                                      \
	X(rx_bytes) /* packet bytes of the copies */                      \
	X(seq_gaps) /* gaps seen (each counted once) */                   \
	X(seq_lost) /* copies missing in the gaps */                      \
	X(seq_backwards) /* a sequence number at or below the last one */ \
	X(enobufs) /* the data socket overflowed */                       \
	X(resyncs) /* task and flow dumps after loss */                   \
	X(resync_failures)                                                \
	X(task_ntf)                                                       \
	X(flow_ntf)                                                       \
	X(bad_messages) /* malformed, skipped */                          \
	X(matches_dropped) /* beyond PL_MAX_MATCHES */                    \
	X(request_errors) /* refusals of SINK_SET, TASK_REPORT */         \
	X(reports_sent)

struct nlsource_stats {
#define NLSOURCE_STATS_FIELD(name) uint64_t name;
	NLSOURCE_STATS(NLSOURCE_STATS_FIELD)
#undef NLSOURCE_STATS_FIELD
};

struct nlsource;

/*
 * nlsource_new - open both sockets, bind as sink, dump tasks and flows
 * @pl: the pipeline whose task table is filled and which gets the copies
 * Return: NULL with the reason in @err (module not loaded, no permission,
 * another sink bound: EBUSY).
 */
struct nlsource *nlsource_new(struct pipeline *pl, const struct lm_config *cfg,
			      char *err, size_t errlen);
/* Without sockets, for feeding nlsource_input() in tests. */
struct nlsource *nlsource_new_detached(struct pipeline *pl);
/* Closes the sockets (the module then unbinds; see nlsource_unbind). */
void nlsource_free(struct nlsource *ns);

/* The data socket, for the event loop (EPOLLIN). */
int nlsource_fd(const struct nlsource *ns);
/* Reads what is queued, without blocking; resyncs after loss. 0 or
 * -errno (a fatal socket error). */
int nlsource_dispatch(struct nlsource *ns);
/* One datagram from the data socket (copies, events, acks). */
void nlsource_input(struct nlsource *ns, const void *buf, size_t len);
/* Loss seen and no resync done yet (always so when detached). */
bool nlsource_resync_pending(const struct nlsource *ns);
int nlsource_resync(struct nlsource *ns);

/* SIGHUP: LMISF_CMD_SINK_SET with the new [sink]; rcvbuf too. */
int nlsource_apply(struct nlsource *ns, const struct lm_config *cfg);
/* LMISF_CMD_TASK_REPORT for every task delivery reported on. */
int nlsource_report(struct nlsource *ns);
/* LMISF_CMD_STATS_GET. */
int nlsource_kernel_stats(struct nlsource *ns,
			  uint64_t vals[LMISF_STATS_A_MAX + 1],
			  bool present[LMISF_STATS_A_MAX + 1]);
/* Media flows through the control socket, for pipeline_set_flow_ops(). */
void nlsource_flow_ops(struct nlsource *ns, struct pl_flow_ops *ops);
/*
 * Shutdown: LMISF_CMD_SINK_UNBIND (the module sends what it holds first)
 * and the copies up to its acknowledgement go through the pipeline.
 */
int nlsource_unbind(struct nlsource *ns);

const struct nlsource_stats *nlsource_get_stats(const struct nlsource *ns);
void nlsource_stats_foreach(const struct nlsource *ns,
			    void (*fn)(void *arg, const char *name,
				       uint64_t val),
			    void *arg);
/* Flows installed in the kernel, as last dumped and followed. */
unsigned int nlsource_flows(const struct nlsource *ns);

#endif /* LMISF_NLSOURCE_H */
