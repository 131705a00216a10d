// SPDX-License-Identifier: GPL-2.0
/*
 * udpflood: sends COUNT UDP datagrams of LEN bytes from SRC to DST:PORT with
 * sendmmsg, BATCH per call, and prints
 *
 *   sent=N ns=ELAPSED pps=RATE
 *
 * On veth the sender's own CPU also runs the receive side (netif_rx in
 * process context), so the rate it reaches is the rate the whole path
 * allows. Batches rotate over the source ports SPORT..SPORT+PORTS-1, so
 * a flow table sees several 5-tuples.
 *
 * Usage: udpflood -s SRC -d DST -P PORT [-p SPORT] [-N PORTS] [-n COUNT]
 *        [-l LEN] [-b BATCH]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 256

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	static struct mmsghdr msgs[MAX_BATCH];
	static struct iovec iov[MAX_BATCH];
	static struct sockaddr_in dsts[MAX_BATCH];
	static char payload[9000];
	const char *src = NULL, *dst = NULL;
	long count = 100000, len = 200, batch = 64, sent = 0;
	unsigned int port = 0, sport = 10000, nports = 1;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	long long t0, t1;
	int opt, fd, one = 1, i;

	while ((opt = getopt(argc, argv, "s:d:P:p:N:n:l:b:")) != -1) {
		switch (opt) {
		case 's':
			src = optarg;
			break;
		case 'd':
			dst = optarg;
			break;
		case 'P':
			port = atoi(optarg);
			break;
		case 'p':
			sport = atoi(optarg);
			break;
		case 'N':
			nports = atoi(optarg);
			break;
		case 'n':
			count = atol(optarg);
			break;
		case 'l':
			len = atol(optarg);
			break;
		case 'b':
			batch = atol(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (!src || !dst || !port || len < 0 || len > (long)sizeof(payload) ||
	    batch < 1 || batch > MAX_BATCH || nports < 1 || count < 1)
		goto usage;
	/* One socket per source port; each batch leaves from the next. */
	int *fds = calloc(nports, sizeof(int));

	if (!fds)
		return 1;
	for (unsigned int k = 0; k < nports; k++) {
		fds[k] = socket(AF_INET, SOCK_DGRAM, 0);
		if (fds[k] < 0) {
			perror("socket");
			return 1;
		}
		setsockopt(fds[k], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (inet_pton(AF_INET, src, &sa.sin_addr) != 1)
			goto usage;
		sa.sin_port = htons(sport + k);
		if (bind(fds[k], (struct sockaddr *)&sa, sizeof(sa))) {
			perror("bind");
			return 1;
		}
	}
	memset(payload, 'x', sizeof(payload));
	for (i = 0; i < batch; i++) {
		dsts[i].sin_family = AF_INET;
		dsts[i].sin_port = htons(port);
		if (inet_pton(AF_INET, dst, &dsts[i].sin_addr) != 1)
			goto usage;
		iov[i].iov_base = payload;
		iov[i].iov_len = len;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &dsts[i];
		msgs[i].msg_hdr.msg_namelen = sizeof(dsts[i]);
	}
	t0 = now_ns();
	for (unsigned int k = 0; sent < count; k = (k + 1) % nports) {
		int n = count - sent < batch ? count - sent : batch;
		int r;

		fd = fds[k];
		r = sendmmsg(fd, msgs, n, 0);
		if (r < 0) {
			/* A full qdisc/backlog: retry, the count is fixed. */
			if (errno == ENOBUFS || errno == EAGAIN ||
			    errno == EINTR)
				continue;
			perror("sendmmsg");
			return 1;
		}
		sent += r;
	}
	t1 = now_ns();
	printf("sent=%ld ns=%lld pps=%.0f\n", sent, t1 - t0,
	       sent * 1e9 / (double)(t1 - t0));
	return 0;
usage:
	fprintf(stderr, "usage: udpflood -s SRC -d DST -P PORT [-p SPORT] "
			"[-N PORTS] [-n COUNT] [-l LEN] [-b BATCH]\n");
	return 2;
}
