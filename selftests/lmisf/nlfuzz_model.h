/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the netlink fuzzer (lmisf_nlfuzz.c) knows the kernel holds: tasks,
 * flows, the sink binding, selector and config, and the checks of that
 * knowledge against dumps, GETs and stats.
 */
#ifndef LMISF_NLFUZZ_MODEL_H
#define LMISF_NLFUZZ_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "lmisf_nl.h"

#define NSOCK 4 /* the fuzzed sockets */
#define NXID 96 /* XIDs the valid requests use */
#define MAXT 1024
#define MAXF 4096

/* A flow's 5-tuple in the kernel's canonical order (either direction). */
struct fkey {
	uint8_t family, proto;
	uint8_t lo[16], hi[16];
	uint16_t plo, phi; /* network order */
};
void fkey_make(struct fkey *k, uint8_t family, uint8_t proto, const uint8_t *s,
	       uint16_t sp, const uint8_t *d, uint16_t dp);

struct mtask {
	uint8_t xid[LMISF_XID_LEN];
	uint32_t id;
	unsigned int ntargets, nkernel, nflows;
	uint64_t x2;
};

struct mflow {
	uint32_t id;
	uint8_t xid[LMISF_XID_LEN];
	struct fkey key;
};

struct model {
	struct mtask t[MAXT];
	unsigned int nt;
	struct mflow f[MAXF];
	unsigned int nf;
	int sink; /* index in pool[], -1: none bound */
	uint32_t scfg[4]; /* nlbufsiz, qthreshold, flush_ms, copy_range */
	unsigned int nports, nprefixes;
	uint16_t gtpu_port; /* network order */
	uint32_t last_task_id, last_flow_id;
};
extern struct model M;
extern const uint32_t sink_defaults[4];
extern struct lnl pool[NSOCK];

void model_reset(void);
struct mtask *model_task(const uint8_t *xid);
int model_add_task(const struct mtask *t);
void model_del_task(struct mtask *t); /* with its flows */
unsigned int model_task_flows(const uint8_t *xid);
struct mflow *model_flow(uint32_t id);
struct mflow *model_flow_key(const struct fkey *k);
int model_add_flow(const struct mflow *f);
void model_del_flow(struct mflow *f);
void model_del_flows_of(const uint8_t *xid);

/* Tasks and flows as dumps or GETs report them. */
struct snapshot {
	struct mtask t[MAXT];
	unsigned int nt;
	struct mflow f[MAXF];
	unsigned int nf;
};
struct snapshot *snap_new(void);
int flow_cb(const struct nlmsghdr *nlh, void *snap);

/*
 * Each returns 0 when the kernel agrees with the model, else -1 with the
 * difference in why. check_all dumps tasks and flows on nl; check_one
 * asks one of STATS_GET, SINK_GET, SELECTOR_GET, CONFIG_GET or a flow
 * dump filtered by task (what 0..4).
 */
int check_all(struct lnl *nl, char *why, size_t len);
int check_one(struct lnl *nl, unsigned int what, char *why, size_t len);
/*
 * After a mutated or random request of command cmd that may have
 * succeeded: the tables may only differ from the model as cmd can change
 * them; the model then takes the kernel's state.
 */
int model_resync(struct lnl *nl, uint8_t cmd, char *why, size_t len);

#endif /* LMISF_NLFUZZ_MODEL_H */
