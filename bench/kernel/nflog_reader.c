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
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libnetfilter_log/libnetfilter_log.h>
#include <libnfnetlink/libnfnetlink.h>
#include <linux/netfilter/nfnetlink_log.h>

static volatile sig_atomic_t stop;
static unsigned long long ncopies, gaps, touched;
static uint32_t last_seq;
static int have_seq;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

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

int main(int argc, char **argv)
{
	long group = 5, rcvbuf = 64 << 20, nlbufsiz = 65536, qthr = 64;
	long timeout = 1, delay = 0, idle = 2000;
	unsigned long long enobufs = 0, datagrams = 0;
	long long first_ns = 0, last_ns = 0;
	static char buf[1 << 20];
	const char *ready = NULL;
	struct nflog_handle *h;
	struct nflog_g_handle *gh;
	int opt, fd;

	while ((opt = getopt(argc, argv, "g:r:n:Q:T:d:w:i:")) != -1) {
		switch (opt) {
		case 'g':
			group = strtol(optarg, NULL, 0);
			break;
		case 'r':
			rcvbuf = strtol(optarg, NULL, 0);
			break;
		case 'n':
			nlbufsiz = strtol(optarg, NULL, 0);
			break;
		case 'Q':
			qthr = strtol(optarg, NULL, 0);
			break;
		case 'T':
			timeout = strtol(optarg, NULL, 0);
			break;
		case 'd':
			delay = strtol(optarg, NULL, 0);
			break;
		case 'w':
			ready = optarg;
			break;
		case 'i':
			idle = strtol(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: see nflog_reader.c\n");
			return 2;
		}
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
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
	    nflog_set_nlbufsiz(gh, nlbufsiz) || nflog_set_qthresh(gh, qthr) ||
	    nflog_set_timeout(gh, timeout) ||
	    nflog_set_flags(gh, NFULNL_CFG_F_SEQ)) {
		perror("nflog: configuring the group");
		return 1;
	}
	nflog_callback_register(gh, on_packet, NULL);
	if (nfnl_rcvbufsiz(nflog_nfnlh(h), rcvbuf) < (unsigned int)rcvbuf)
		fprintf(stderr, "nflog-reader: receive buffer below %ld\n",
			rcvbuf);
	fd = nflog_fd(h);
	if (ready)
		close(open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	while (!stop) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;
		int r = poll(&p, 1, idle);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (ncopies)
				break;
			continue;
		}
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == ENOBUFS)
				enobufs++;
			else if (errno != EINTR)
				perror("nflog-reader: recv");
			continue;
		}
		nflog_handle_packet(h, buf, n);
		datagrams++;
		if (ncopies) {
			last_ns = now_ns();
			if (!first_ns)
				first_ns = last_ns;
		}
		if (delay)
			usleep(delay);
	}
	printf("nflog copies=%llu gaps=%llu enobufs=%llu datagrams=%llu ns=%lld cps=%.0f\n",
	       ncopies, gaps, enobufs, datagrams, last_ns - first_ns,
	       last_ns > first_ns ? ncopies * 1e9 / (last_ns - first_ns) : 0.0);
	nflog_unbind_group(gh);
	nflog_close(h);
	return 0;
}
