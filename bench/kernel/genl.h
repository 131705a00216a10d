/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genl: the few generic netlink steps the benchmark's lmisf helpers share
 * (libmnl): open a socket, resolve the family, start a request, read the
 * namespace's stats.
 */
#ifndef BENCH_GENL_H
#define BENCH_GENL_H

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/lmisf.h>
#include <stdint.h>

struct genl {
	struct mnl_socket *nl;
	uint16_t family;
	uint32_t portid;
	uint32_t seq;
};

/* Opens a socket and resolves "lmisf"; prints why on failure. */
int genl_open(struct genl *g);
void genl_close(struct genl *g);

/* Starts a request of CMD for the family in BUF (flags added to REQUEST). */
struct nlmsghdr *genl_msg(struct genl *g, void *buf, uint8_t cmd,
			  uint16_t flags);

/* Sends one request and reads replies until the ack; negative errno. */
int genl_talk(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

/* The namespace's counters (enum lmisf_stats_attr), missing ones 0. */
int genl_stats(struct genl *g, uint64_t st[LMISF_STATS_A_MAX + 1]);

#endif
