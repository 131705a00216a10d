// SPDX-License-Identifier: GPL-2.0
/*
 * lmisf-fill: installs TASKS tasks and FLOWS media flows in the current
 * namespace, fast: requests are packed many to a sendmsg (no NLM_F_ACK, so
 * only errors come back), then the namespace's counters are checked.
 *
 * Task 0 targets TARGET (the benchmark's matched UE address). Of the others,
 * by index modulo 10: 0-5 an IPv4 address in 10.200.0.0/16, 6-7 an IPv4
 * /24 in 10.64.0.0-10.103.255.0, 8 a GTP-U TEID, 9 an IPv6 address in
 * fd00:200::/64. Flow j belongs to task j % TASKS: UDP
 * 10.220.0.1+j:10000+j%50000 <-> 10.230.0.1:40000. None of these covers
 * the benchmark's non-target traffic.
 *
 * Prints: installed tasks=N flows=M ms=T (requests per second follow).
 * Usage: lmisf-fill [-t TASKS] [-f FLOWS] [-T TARGET]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "genl.h"

#define BATCH_BYTES (56 * 1024)
#define MSG_ROOM 512

static long errors;

static void xid_of(uint8_t *x, long n)
{
	memset(x, 0, LMISF_XID_LEN);
	memcpy(x, "lmisfbnc", 8);
	x[6] = 0x40 | (x[6] & 0x0f); /* version 4 */
	x[8] = 0x80; /* variant */
	x[12] = n >> 24;
	x[13] = n >> 16;
	x[14] = n >> 8;
	x[15] = n;
}

static void put_task(struct nlmsghdr *nlh, long i, uint32_t target)
{
	struct nlattr *t, *tg;
	uint8_t xid[LMISF_XID_LEN];
	struct in6_addr a6;
	uint32_t type;

	xid_of(xid, i);
	t = mnl_attr_nest_start(nlh, LMISF_A_TASK);
	mnl_attr_put(nlh, LMISF_TASK_A_XID, sizeof(xid), xid);
	mnl_attr_put_u32(nlh, LMISF_TASK_A_DELIVERY, LMISF_DELIVERY_X2_AND_X3);
	mnl_attr_put_u64(nlh, LMISF_TASK_A_CORRELATION_ID, i);
	tg = mnl_attr_nest_start(nlh, LMISF_TASK_A_TARGET);
	switch (i ? i % 10 : 0) {
	case 6:
	case 7:
		type = LMISF_TARGET_IPV4_CIDR;
		mnl_attr_put_u32(nlh, LMISF_TARGET_A_TYPE, type);
		mnl_attr_put_u32(nlh, LMISF_TARGET_A_IPV4,
				 htonl(10u << 24 | (64 + (i >> 8)) << 16 |
				       (i & 255) << 8));
		mnl_attr_put_u8(nlh, LMISF_TARGET_A_PREFIX_LEN, 24);
		break;
	case 8:
		mnl_attr_put_u32(nlh, LMISF_TARGET_A_TYPE,
				 LMISF_TARGET_GTPU_TEID);
		mnl_attr_put_u32(nlh, LMISF_TARGET_A_TEID, 0x100000 + i);
		break;
	case 9:
		inet_pton(AF_INET6, "fd00:200::", &a6);
		a6.s6_addr[12] = i >> 24;
		a6.s6_addr[13] = i >> 16;
		a6.s6_addr[14] = i >> 8;
		a6.s6_addr[15] = i;
		mnl_attr_put_u32(nlh, LMISF_TARGET_A_TYPE, LMISF_TARGET_IPV6);
		mnl_attr_put(nlh, LMISF_TARGET_A_IPV6, sizeof(a6), &a6);
		break;
	default:
		mnl_attr_put_u32(nlh, LMISF_TARGET_A_TYPE, LMISF_TARGET_IPV4);
		mnl_attr_put_u32(nlh, LMISF_TARGET_A_IPV4,
				 i ? htonl(10u << 24 | 200u << 16 |
					   (i >> 8 & 255) << 8 | (i & 255)) :
				     target);
		break;
	}
	mnl_attr_nest_end(nlh, tg);
	mnl_attr_nest_end(nlh, t);
}

static void put_flow(struct nlmsghdr *nlh, long j, long ntasks)
{
	uint8_t xid[LMISF_XID_LEN];
	struct nlattr *f;

	xid_of(xid, j % ntasks);
	f = mnl_attr_nest_start(nlh, LMISF_A_FLOW);
	mnl_attr_put(nlh, LMISF_FLOW_A_XID, sizeof(xid), xid);
	mnl_attr_put_u64(nlh, LMISF_FLOW_A_CORRELATION_ID, 1000000 + j);
	mnl_attr_put_u8(nlh, LMISF_FLOW_A_PROTO, IPPROTO_UDP);
	mnl_attr_put_u32(nlh, LMISF_FLOW_A_SRC_IPV4,
			 htonl((10u << 24 | 220u << 16 | 1) + j));
	mnl_attr_put_u32(nlh, LMISF_FLOW_A_DST_IPV4,
			 htonl(10u << 24 | 230u << 16 | 1));
	mnl_attr_put_u16(nlh, LMISF_FLOW_A_SRC_PORT, htons(10000 + j % 50000));
	mnl_attr_put_u16(nlh, LMISF_FLOW_A_DST_PORT, htons(40000));
	mnl_attr_nest_end(nlh, f);
}

/* Errors of the batch just sent are already queued: genetlink is sync. */
static void drain_errors(struct genl *g)
{
	static char buf[1 << 16];
	ssize_t n;

	while ((n = recv(mnl_socket_get_fd(g->nl), buf, sizeof(buf),
			 MSG_DONTWAIT)) > 0) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		int len = n;

		for (; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_type != NLMSG_ERROR || !e->error)
				continue;
			if (errors++ < 5)
				fprintf(stderr, "lmisf-fill: seq %u: %s\n",
					nlh->nlmsg_seq, strerror(-e->error));
		}
	}
}

static int send_all(struct genl *g, long n, long ntasks, uint32_t target,
		    int flows)
{
	static char buf[BATCH_BYTES + MSG_ROOM];
	size_t used = 0;
	long i;

	for (i = 0; i <= n; i++) {
		if (i == n || used + MSG_ROOM > BATCH_BYTES) {
			if (used && mnl_socket_sendto(g->nl, buf, used) < 0) {
				perror("lmisf-fill: sendmsg");
				return -1;
			}
			drain_errors(g);
			used = 0;
		}
		if (i == n)
			break;
		struct nlmsghdr *nlh = genl_msg(
			g, buf + used,
			flows ? LMISF_CMD_FLOW_NEW : LMISF_CMD_TASK_NEW, 0);
		if (flows)
			put_flow(nlh, i, ntasks);
		else
			put_task(nlh, i, target);
		used += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	return 0;
}

int main(int argc, char **argv)
{
	long ntasks = 10000, nflows = 100000;
	uint64_t st[LMISF_STATS_A_MAX + 1];
	uint32_t target = htonl(0x0a000102);
	int opt, rcvbuf = 16 << 20;
	struct timespec t0, t1;
	struct genl g;

	while ((opt = getopt(argc, argv, "t:f:T:")) != -1) {
		switch (opt) {
		case 't':
			ntasks = strtol(optarg, NULL, 0);
			break;
		case 'f':
			nflows = strtol(optarg, NULL, 0);
			break;
		case 'T':
			if (inet_pton(AF_INET, optarg, &target) != 1)
				goto usage;
			break;
		default:
			goto usage;
		}
	}
	if (ntasks < 1 || ntasks > 1 << 24 || nflows < 0)
		goto usage;
	if (genl_open(&g))
		return 1;
	setsockopt(mnl_socket_get_fd(g.nl), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		   sizeof(rcvbuf));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (send_all(&g, ntasks, ntasks, target, 0) ||
	    send_all(&g, nflows, ntasks, target, 1))
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (genl_stats(&g, st)) {
		perror("lmisf-fill: stats");
		return 1;
	}
	printf("installed tasks=%llu flows=%llu targets=%llu errors=%ld ms=%.0f\n",
	       (unsigned long long)st[LMISF_STATS_A_TASKS],
	       (unsigned long long)st[LMISF_STATS_A_FLOWS],
	       (unsigned long long)st[LMISF_STATS_A_TARGETS], errors,
	       (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
	genl_close(&g);
	return errors || st[LMISF_STATS_A_TASKS] < (uint64_t)ntasks ||
	       st[LMISF_STATS_A_FLOWS] < (uint64_t)nflows;
usage:
	fprintf(stderr,
		"usage: lmisf-fill [-t TASKS] [-f FLOWS] [-T TARGET]\n");
	return 2;
}
