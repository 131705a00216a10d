// SPDX-License-Identifier: GPL-2.0
/*
 * lmisf-gtpu: a minimal GTP-U (TS 29.281) tunnel endpoint over a TUN
 * device, for the demo and the end-to-end test: what the UE's side (the
 * SGW/BBIFF end of S8-U) and the core side (PGW) do to user-plane packets,
 * without the kernel's gtp device (Debian 12 has no libgtpnl to drive it).
 *
 *   lmisf-gtpu IFNAME LOCAL PEER TEID_OUT TEID_IN [READY_FILE]
 *
 * Creates TUN IFNAME; every IP packet routed into it goes out as a G-PDU
 * (type 255, TEID_OUT) over UDP from LOCAL:2152 to PEER:2152; every G-PDU
 * arriving on LOCAL:2152 with TEID_IN is written to IFNAME. Anything else
 * (other TEIDs, other message types, malformed headers) is counted and
 * dropped. READY_FILE is created once both ends are open, so scripts can
 * wait for it instead of sleeping. SIGTERM prints the counters and exits.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define GTPU_PORT 2152
#define GTP_HDR 8
#define MAX_PKT 65535

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int tun_open(const char *name)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int parse_u32(const char *s, uint32_t *v)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || *end || end == s || n > UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t buf[GTP_HDR + MAX_PKT];
	unsigned long long up = 0, down = 0, bad = 0;
	struct sockaddr_in local = { .sin_family = AF_INET };
	struct sockaddr_in peer = { .sin_family = AF_INET };
	uint32_t teid_out, teid_in;
	struct pollfd pfd[2];
	int tun, udp;

	if (argc < 6 || argc > 7 ||
	    inet_pton(AF_INET, argv[2], &local.sin_addr) != 1 ||
	    inet_pton(AF_INET, argv[3], &peer.sin_addr) != 1 ||
	    parse_u32(argv[4], &teid_out) || parse_u32(argv[5], &teid_in)) {
		fprintf(stderr,
			"usage: %s IFNAME LOCAL PEER TEID_OUT TEID_IN "
			"[READY_FILE]\n",
			argv[0]);
		return 2;
	}
	local.sin_port = peer.sin_port = htons(GTPU_PORT);

	tun = tun_open(argv[1]);
	if (tun < 0) {
		fprintf(stderr, "lmisf-gtpu: %s: %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (udp < 0 ||
	    bind(udp, (struct sockaddr *)&local, sizeof(local)) < 0) {
		fprintf(stderr, "lmisf-gtpu: bind %s:%d: %s\n", argv[2],
			GTPU_PORT, strerror(errno));
		return 1;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if (argc == 7) {
		int fd = open(argv[6], O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0) {
			perror(argv[6]);
			return 1;
		}
		close(fd);
	}

	pfd[0] = (struct pollfd){ .fd = tun, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = udp, .events = POLLIN };
	while (!stop) {
		ssize_t n;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("poll");
			return 1;
		}
		if (pfd[0].revents & POLLIN) {
			n = read(tun, buf + GTP_HDR, MAX_PKT - GTP_HDR);
			if (n > 0) {
				/* version 1, PT=1, no optional fields */
				buf[0] = 0x30;
				buf[1] = 0xff;
				buf[2] = (uint8_t)(n >> 8);
				buf[3] = (uint8_t)n;
				buf[4] = (uint8_t)(teid_out >> 24);
				buf[5] = (uint8_t)(teid_out >> 16);
				buf[6] = (uint8_t)(teid_out >> 8);
				buf[7] = (uint8_t)teid_out;
				if (sendto(udp, buf, (size_t)n + GTP_HDR, 0,
					   (struct sockaddr *)&peer,
					   sizeof(peer)) >= 0)
					up++;
				else
					bad++;
			}
		}
		if (pfd[1].revents & POLLIN) {
			size_t hdr = GTP_HDR;
			uint32_t teid;

			n = recv(udp, buf, sizeof(buf), 0);
			if (n < GTP_HDR)
				goto malformed;
			teid = (uint32_t)buf[4] << 24 | (uint32_t)buf[5] << 16 |
			       (uint32_t)buf[6] << 8 | buf[7];
			/* version 1, PT 1, a G-PDU for us */
			if ((buf[0] & 0xf0) != 0x30 || buf[1] != 0xff ||
			    teid != teid_in)
				goto malformed;
			/* E, S or PN: the 4-byte optional part, then any
			 * extension headers (length in 4-byte units)
			 */
			if (buf[0] & 0x07) {
				uint8_t next;

				hdr += 4;
				if ((size_t)n < hdr)
					goto malformed;
				next = (buf[0] & 0x04) ? buf[hdr - 1] : 0;
				while (next) {
					size_t len;

					if ((size_t)n < hdr + 1 || !buf[hdr])
						goto malformed;
					len = (size_t)buf[hdr] * 4;
					if ((size_t)n < hdr + len)
						goto malformed;
					next = buf[hdr + len - 1];
					hdr += len;
				}
			}
			if ((size_t)n <= hdr ||
			    write(tun, buf + hdr, (size_t)n - hdr) < 0)
				goto malformed;
			down++;
			continue;
malformed:
			if (n >= 0)
				bad++;
		}
	}
	fprintf(stderr,
		"lmisf-gtpu %s: encapsulated=%llu decapsulated=%llu dropped=%llu\n",
		argv[1], up, down, bad);
	return 0;
}
