// SPDX-License-Identifier: GPL-2.0
/*
 * lmisf-send: UDP datagrams with a chosen source and destination, for the
 * shell selftests (bash's /dev/udp cannot pick the source port) and the
 * kernel datapath benchmark's floods (bench/kernel).
 *
 * Usage: lmisf-send [-s SRCADDR] [-p SPORT] [-I | -N PORTS] -d DSTADDR
 *        -P DPORT [-n COUNT] [-l LEN] [-b BATCH] [-T]
 * -I: each datagram from the next source port (SPORT, SPORT+1, ...), so that
 * every one can be told apart in the copies.
 * -N: PORTS sockets bound to SPORT..SPORT+PORTS-1, each BATCH from the next
 * (a flow table sees several 5-tuples).
 * -b: BATCH datagrams per sendmmsg() (default 1). A full qdisc or backlog
 * (ENOBUFS, EAGAIN) is retried: COUNT datagrams always leave.
 * -T: prints "sent=N ns=ELAPSED pps=RATE" (CLOCK_MONOTONIC) at the end.
 * LEN bytes of payload (default 100) starting like a SIP request; a LEN
 * above the path MTU is sent fragmented (IP_PMTUDISC_DONT).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 256
#define MAX_PORTS 64

static int addr(const char *s, unsigned int port, struct sockaddr_storage *ss,
		socklen_t *len)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
		return AF_INET;
	}
	if (inet_pton(AF_INET6, s, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return AF_INET6;
	}
	return -1;
}

static int open_socket(int fam, const char *src, unsigned int sport)
{
	struct sockaddr_storage sa;
	socklen_t salen;
	int fd, one = 1, pmtu;

	fd = socket(fam, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("socket");
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fam == AF_INET) {
		pmtu = IP_PMTUDISC_DONT;
		setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu,
			   sizeof(pmtu));
	} else {
		pmtu = IPV6_PMTUDISC_DONT;
		setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &pmtu,
			   sizeof(pmtu));
	}
	if (src || sport) {
		if (addr(src ? src : (fam == AF_INET ? "0.0.0.0" : "::"), sport,
			 &sa, &salen) != fam ||
		    bind(fd, (struct sockaddr *)&sa, salen)) {
			perror("bind");
			close(fd);
			return -1;
		}
	}
	return fd;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Sends n copies of one datagram with sendmmsg(); returns how many left. */
static int send_batch(int fd, void *buf, size_t len, struct sockaddr *da,
		      socklen_t dalen, int n)
{
	static struct mmsghdr msgs[MAX_BATCH];
	static struct iovec iov;
	int i, r;

	iov.iov_base = buf;
	iov.iov_len = len;
	for (i = 0; i < n; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = da;
		msgs[i].msg_hdr.msg_namelen = dalen;
	}
	do
		r = sendmmsg(fd, msgs, n, 0);
	while (r < 0 &&
	       (errno == ENOBUFS || errno == EAGAIN || errno == EINTR));
	if (r < 0)
		perror("sendmmsg");
	return r;
}

int main(int argc, char **argv)
{
	const char *src = NULL, *dst = NULL;
	unsigned int sport = 0, dport = 0, nports = 1, k;
	long count = 1, len = 100, batch = 1, sent = 0;
	int fds[MAX_PORTS], opt, fam, incr = 0, timed = 0;
	struct sockaddr_storage da;
	socklen_t dalen;
	static char buf[65536];
	long long t0;

	while ((opt = getopt(argc, argv, "s:p:IN:d:P:n:l:b:T")) != -1) {
		switch (opt) {
		case 's':
			src = optarg;
			break;
		case 'p':
			sport = atoi(optarg);
			break;
		case 'I':
			incr = 1;
			break;
		case 'N':
			nports = atoi(optarg);
			break;
		case 'd':
			dst = optarg;
			break;
		case 'P':
			dport = atoi(optarg);
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
		case 'T':
			timed = 1;
			break;
		default:
			goto usage;
		}
	}
	if (!dst || !dport || len < 0 || len > 65000 || batch < 1 ||
	    batch > MAX_BATCH || nports < 1 || nports > MAX_PORTS ||
	    (incr && nports > 1))
		goto usage;
	fam = addr(dst, dport, &da, &dalen);
	if (fam < 0)
		goto usage;
	if (nports > 1 && !sport)
		sport = 10000;
	memset(buf, 'x', sizeof(buf));
	memcpy(buf, "INVITE sip:bob@ims.example SIP/2.0\r\n", 36);
	for (k = 0; k < nports; k++) {
		fds[k] = open_socket(fam, src, sport + (nports > 1 ? k : 0));
		if (fds[k] < 0)
			return 1;
	}
	t0 = now_ns();
	for (k = 0; sent < count; k = (k + 1) % nports) {
		int n = count - sent < batch ? count - sent : batch;

		if (incr) {
			n = 1;
			if (sent) {
				close(fds[0]);
				fds[0] = open_socket(fam, src, sport + sent);
				if (fds[0] < 0)
					return 1;
			}
		}
		n = send_batch(fds[k], buf, len, (struct sockaddr *)&da, dalen,
			       n);
		if (n < 0)
			return 1;
		sent += n;
	}
	if (timed) {
		long long ns = now_ns() - t0;

		printf("sent=%ld ns=%lld pps=%.0f\n", sent, ns,
		       sent * 1e9 / (double)(ns ? ns : 1));
	}
	for (k = 0; k < nports; k++)
		close(fds[k]);
	return 0;
usage:
	fprintf(stderr,
		"usage: lmisf-send [-s SRC] [-p SPORT] [-I | -N PORTS] "
		"-d DST -P DPORT [-n COUNT] [-l LEN] [-b BATCH] [-T]\n");
	return 2;
}
