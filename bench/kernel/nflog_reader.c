// SPDX-License-Identifier: GPL-2.0
/*
 * nflog-reader: the anchor for lmisf's copy path. Reads an nftables
 * `log group GROUP` through libnetfilter_log as a userspace collector would
 * (copy mode packet, per-instance sequence numbers, batching by qthreshold
 * and timeout, a large receive buffer), touching each packet, and prints:
 *
 *   nflog copies=N gaps=G enobufs=E datagrams=D ns=SPAN cps=RATE
 *
 * gaps: instance sequence numbers never seen (losses at the end of a run
 * are invisible to them: compare with the rule's counter). ENOBUFS: the
 * socket overran (nfnetlink_log dropped batches).
 *
 * Usage: nflog-reader [-g GROUP] [-r RCVBUF] [-n NLBUFSIZ] [-Q QTHRESHOLD]
 *        [-T TIMEOUT_CS] [-d DELAY_US] [-w READYFILE] [-i IDLE_MS]
 * Defaults match lmisf's: 64 KiB batches, 64 copies, 10 ms (1 cs), 64 MiB.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libnetfilter_log/libnetfilter_log.h>
#include <libnfnetlink/libnfnetlink.h>
#include <linux/netfilter/nfnetlink_log.h>

#include "readloop.h"

static unsigned long long ncopies, gaps, touched;
static uint32_t last_seq;
static int have_seq;
static struct nflog_handle *h;

static int on_packet(struct nflog_g_handle *gh, struct nfgenmsg *nfmsg,
		     struct nflog_data *nfa, void *data)
{
	char *payload;
	uint32_t seq;
	int len;

	(void)gh;
	(void)nfmsg;
	(void)data;
	len = nflog_get_payload(nfa, &payload);
	if (len > 0)
		touched += (uint8_t)payload[0];
	if (!nflog_get_seq(nfa, &seq)) {
		/* The instance's sequence starts at 0. */
		if (!have_seq && seq)
			gaps += seq;
		else if (have_seq && seq != last_seq + 1)
			gaps += (uint32_t)(seq - last_seq - 1);
		last_seq = seq;
		have_seq = 1;
	}
	ncopies++;
	return 0;
}

static unsigned long long on_datagram(const void *buf, int len)
{
	unsigned long long before = ncopies;

	nflog_handle_packet(h, (char *)buf, len);
	return ncopies - before;
}

int main(int argc, char **argv)
{
	struct readloop rl = READLOOP_INIT(on_datagram);
	long group = 5, timeout = 1;
	struct nflog_g_handle *gh;
	int opt;

	while ((opt = getopt(argc, argv, "g:T:" READLOOP_OPTS)) != -1) {
		if (opt == 'g')
			group = strtol(optarg, NULL, 0);
		else if (opt == 'T')
			timeout = strtol(optarg, NULL, 0);
		else if (readloop_opt(&rl, opt, optarg)) {
			fprintf(stderr, "usage: see nflog_reader.c\n");
			return 2;
		}
	}
	readloop_signals();
	h = nflog_open();
	if (!h) {
		perror("nflog_open");
		return 1;
	}
	/* Obsolete since 3.8 (per-family loggers are gone), harmless. */
	nflog_unbind_pf(h, AF_INET);
	nflog_bind_pf(h, AF_INET);
	gh = nflog_bind_group(h, group);
	if (!gh) {
		perror("nflog_bind_group");
		return 1;
	}
	if (nflog_set_mode(gh, NFULNL_COPY_PACKET, 0xffff) ||
	    nflog_set_nlbufsiz(gh, rl.nlbufsiz) ||
	    nflog_set_qthresh(gh, rl.qthreshold) ||
	    nflog_set_timeout(gh, timeout) ||
	    nflog_set_flags(gh, NFULNL_CFG_F_SEQ)) {
		perror("nflog: configuring the group");
		return 1;
	}
	nflog_callback_register(gh, on_packet, NULL);
	if (nfnl_rcvbufsiz(nflog_nfnlh(h), rl.rcvbuf) <
	    (unsigned long)rl.rcvbuf)
		fprintf(stderr, "nflog-reader: receive buffer below %ld\n",
			rl.rcvbuf);
	if (readloop_run(&rl, nflog_fd(h)))
		return 1;
	printf("nflog copies=%llu gaps=%llu enobufs=%llu datagrams=%llu ns=%lld cps=%.0f\n",
	       rl.copies, gaps, rl.enobufs, rl.datagrams,
	       rl.last_ns - rl.first_ns, readloop_cps(&rl));
	nflog_unbind_group(gh);
	nflog_close(h);
	return 0;
}
