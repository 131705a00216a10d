// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic TCP streams in a pcap file (pcapw.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <time.h>

#include "pcapw.h"

#define LINKTYPE_RAW 101
#define SEG_MAX 60000 /* fits an IPv4 or IPv6 datagram */

enum { TH_FIN = 1, TH_SYN = 2, TH_PSH = 8, TH_ACK = 16 };

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint32_t sum(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)(p[n - 1] << 8);
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

int pcapw_open(FILE **f, const char *path)
{
	uint8_t h[24] = { 0 };
	uint32_t magic = 0xa1b2c3d4, snap = 262144, lt = LINKTYPE_RAW;
	uint16_t maj = 2, min = 4;

	*f = fopen(path, "wb");
	if (!*f)
		return -errno;
	/* native byte order, as pcap readers expect from the magic */
	memcpy(h, &magic, 4);
	memcpy(h + 4, &maj, 2);
	memcpy(h + 6, &min, 2);
	memcpy(h + 16, &snap, 4);
	memcpy(h + 20, &lt, 4);
	fwrite(h, 1, sizeof(h), *f);
	return 0;
}

static const uint8_t *addr_of(const struct sockaddr_storage *ss, int *len,
			      uint16_t *port)
{
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)ss;

		*len = 4;
		*port = ntohs(s->sin_port);
		return (const uint8_t *)&s->sin_addr;
	}
	{
		const struct sockaddr_in6 *s = (const void *)ss;

		*len = 16;
		*port = ntohs(s->sin6_port);
		return (const uint8_t *)&s->sin6_addr;
	}
}

static void packet(FILE *f, const struct sockaddr_storage *src,
		   const struct sockaddr_storage *dst, uint32_t seq,
		   uint32_t ack, uint8_t flags, const uint8_t *data, size_t len)
{
	static uint8_t pkt[40 + 20 + SEG_MAX];
	uint8_t rec[16];
	struct timespec ts;
	int alen;
	uint16_t sport, dport;
	const uint8_t *sa = addr_of(src, &alen, &sport);
	const uint8_t *da = addr_of(dst, &alen, &dport);
	size_t ip = alen == 4 ? 20 : 40, tot = ip + 20 + len;
	uint8_t *t = pkt + ip;
	uint32_t s, caplen = (uint32_t)tot, sec, usec;

	memset(pkt, 0, ip + 20);
	if (alen == 4) {
		pkt[0] = 0x45;
		put16(pkt + 2, (uint16_t)tot);
		pkt[6] = 0x40; /* DF */
		pkt[8] = 64;
		pkt[9] = IPPROTO_TCP;
		memcpy(pkt + 12, sa, 4);
		memcpy(pkt + 16, da, 4);
		put16(pkt + 10, fold(sum(pkt, 20, 0)));
	} else {
		pkt[0] = 0x60;
		put16(pkt + 4, (uint16_t)(20 + len));
		pkt[6] = IPPROTO_TCP;
		pkt[7] = 64;
		memcpy(pkt + 8, sa, 16);
		memcpy(pkt + 24, da, 16);
	}
	put16(t, sport);
	put16(t + 2, dport);
	put32(t + 4, seq);
	put32(t + 8, ack);
	t[12] = 5 << 4;
	t[13] = flags;
	put16(t + 14, 65535);
	memcpy(t + 20, data, len);
	/* pseudo-header, then the segment */
	s = sum(sa, (size_t)alen, 0);
	s = sum(da, (size_t)alen, s);
	s += IPPROTO_TCP + (uint32_t)(20 + len);
	put16(t + 16, fold(sum(t, 20 + len, s)));
	clock_gettime(CLOCK_REALTIME, &ts);
	sec = (uint32_t)ts.tv_sec;
	usec = (uint32_t)(ts.tv_nsec / 1000);
	memcpy(rec, &sec, 4);
	memcpy(rec + 4, &usec, 4);
	memcpy(rec + 8, &caplen, 4);
	memcpy(rec + 12, &caplen, 4);
	fwrite(rec, 1, sizeof(rec), f);
	fwrite(pkt, 1, tot, f);
}

void pcapw_flow_start(FILE *f, struct pcapw_flow *fl,
		      const struct sockaddr_storage *cli,
		      const struct sockaddr_storage *srv)
{
	fl->cli = *cli;
	fl->srv = *srv;
	fl->cli_seq = 1000;
	fl->srv_seq = 5000;
	if (!f)
		return;
	packet(f, cli, srv, fl->cli_seq++, 0, TH_SYN, NULL, 0);
	packet(f, srv, cli, fl->srv_seq++, fl->cli_seq, TH_SYN | TH_ACK, NULL,
	       0);
	packet(f, cli, srv, fl->cli_seq, fl->srv_seq, TH_ACK, NULL, 0);
}

void pcapw_data(FILE *f, struct pcapw_flow *fl, int from_client,
		const uint8_t *data, size_t len)
{
	while (f && len) {
		size_t n = len > SEG_MAX ? SEG_MAX : len;

		if (from_client) {
			packet(f, &fl->cli, &fl->srv, fl->cli_seq, fl->srv_seq,
			       TH_ACK | TH_PSH, data, n);
			fl->cli_seq += (uint32_t)n;
		} else {
			packet(f, &fl->srv, &fl->cli, fl->srv_seq, fl->cli_seq,
			       TH_ACK | TH_PSH, data, n);
			fl->srv_seq += (uint32_t)n;
		}
		data += n;
		len -= n;
	}
}

void pcapw_flow_end(FILE *f, struct pcapw_flow *fl)
{
	if (!f)
		return;
	packet(f, &fl->cli, &fl->srv, fl->cli_seq++, fl->srv_seq,
	       TH_FIN | TH_ACK, NULL, 0);
	packet(f, &fl->srv, &fl->cli, fl->srv_seq++, fl->cli_seq,
	       TH_FIN | TH_ACK, NULL, 0);
	packet(f, &fl->cli, &fl->srv, fl->cli_seq, fl->srv_seq, TH_ACK, NULL,
	       0);
	fflush(f);
}
