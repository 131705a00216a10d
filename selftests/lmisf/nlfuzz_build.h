/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Valid requests of every lmisf command for the netlink fuzzer
 * (lmisf_nlfuzz.c), their contents drawn from the PRNG of nlfuzz.h. The
 * builders return what the model needs to predict the outcome.
 */
#ifndef LMISF_NLFUZZ_BUILD_H
#define LMISF_NLFUZZ_BUILD_H

#include "lmisf_nl.h"
#include "nlfuzz_model.h"

/* The XIDs of valid requests: xid_of(XID_TAG, 0..NXID-1). */
#define XID_TAG 0x77

void valid_xid(uint8_t xid[LMISF_XID_LEN]);
/* TASK_NEW or TASK_SET; mt gets the XID and the target counts. */
void build_task(struct lmsg *m, struct lnl *nl, uint8_t cmd, const uint8_t *xid,
		struct mtask *mt);
/* A command naming a task by XID only (TASK_DEL, _GET, _REPORT). */
void build_task_sel(struct lmsg *m, struct lnl *nl, uint8_t cmd,
		    const uint8_t *xid);
/* FLOW_NEW for a task; k gets the canonical 5-tuple. */
void build_flow(struct lmsg *m, struct lnl *nl, const uint8_t *xid,
		struct fkey *k);
/* FLOW_DEL or FLOW_GET by ID and/or XID (neither: no attribute). */
void build_flow_sel(struct lmsg *m, struct lnl *nl, uint8_t cmd, uint16_t flags,
		    uint32_t id, const uint8_t *xid);
/* SELECTOR_SET; *np distinct ports and *nx prefixes result. */
void build_selector(struct lmsg *m, struct lnl *nl, unsigned int *np,
		    unsigned int *nx);
/* SINK_BIND or SINK_SET; the settings given are written into cfg. */
void build_sink(struct lmsg *m, struct lnl *nl, uint8_t cmd, uint32_t cfg[4]);
/* An installed flow's ID most of the time, else one that is not. */
uint32_t some_flow_id(void);
/* Any of the above or another command, outcome not predicted. */
void build_any(struct lmsg *m, struct lnl *nl);

#endif /* LMISF_NLFUZZ_BUILD_H */
