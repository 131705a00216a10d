/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The periodic one-line statistics report: the module's counters under
 * their LMISF_STATS_A_* names in lower case (packets, copies, ...,
 * drop_rcvbuf, ...), then the agent's: the live source's (rx_copies,
 * seq_lost, enobufs, resyncs ...), the pipeline's (sip_udp, records_x2
 * ...), the decoder's with a "dec_" prefix (dec_packets, dec_tcp_flows
 * ...), then the IMS layer's, delivery's and the ICF's own.
 */
#ifndef LMISF_STATSLINE_H
#define LMISF_STATSLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/lmisf.h>

#include "nlsource.h"
#include "pipeline_core.h"

/*
 * @kvals/@kpresent: from nlsource_kernel_stats() (NULL: unavailable; the
 * line then says kernel=unavailable). Returns the length written.
 */
size_t stats_line(char *buf, size_t size, const uint64_t *kvals,
		  const bool *kpresent, const struct nlsource *ns,
		  struct pipeline *pl);

#endif /* LMISF_STATSLINE_H */
