// SPDX-License-Identifier: GPL-2.0
/*
 * lmisf-send: UDP datagrams with a chosen source and destination, for the
 * shell selftests (bash's /dev/udp cannot pick the source port).
 *
 * Usage: lmisf-send [-s SRCADDR] [-p SPORT] [-I] -d DSTADDR -P DPORT
 *        [-n COUNT] [-l LEN]
 * -I: each datagram from the next source port (SPORT, SPORT+1, ...), so that
 * every one can be told apart in the copies.
 * LEN bytes of payload (default 100) starting like a SIP request; a LEN
 * above the path MTU is sent fragmented (IP_PMTUDISC_DONT).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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

int main(int argc, char **argv)
{
	const char *src = NULL, *dst = NULL;
	unsigned int sport = 0, dport = 0;
	long count = 1, len = 100, i;
	struct sockaddr_storage da;
	socklen_t dalen;
	static char buf[65536];
	int opt, fd = -1, fam, incr = 0;

	while ((opt = getopt(argc, argv, "s:p:Id:P:n:l:")) != -1) {
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
		default:
			goto usage;
		}
	}
	if (!dst || !dport || len < 0 || len > 65000)
		goto usage;
	fam = addr(dst, dport, &da, &dalen);
	if (fam < 0)
		goto usage;
	memset(buf, 'x', sizeof(buf));
	memcpy(buf, "INVITE sip:bob@ims.example SIP/2.0\r\n", 36);
	for (i = 0; i < count; i++) {
		if (fd < 0 || incr) {
			if (fd >= 0)
				close(fd);
			fd = open_socket(fam, src, sport + (incr ? i : 0));
			if (fd < 0)
				return 1;
		}
		if (sendto(fd, buf, len, 0, (struct sockaddr *)&da, dalen) !=
		    len) {
			perror("sendto");
			return 1;
		}
	}
	close(fd);
	return 0;
usage:
	fprintf(stderr, "usage: lmisf-send [-s SRC] [-p SPORT] -d DST -P DPORT "
			"[-n COUNT] [-l LEN]\n");
	return 2;
}
