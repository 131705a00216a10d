// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of fuzz_decode from the unit tests' packet
 * builders (not built by the Makefile; run by hand when the format or the
 * seeds change):
 *
 *   cc -std=c11 -D_GNU_SOURCE -I agent -I agent/tests \
 *      agent/fuzz/mkcorpus_decode.c -o /tmp/mkcorpus_decode &&
 *   /tmp/mkcorpus_decode agent/fuzz/corpus/fuzz_decode
 */
#include <stdio.h>
#include <stdlib.h>

#include "pkt_build.h"

static uint8_t rec[1 << 20], pkt[PB_MAX], a[PB_MAX], b[PB_MAX];
static size_t rlen;

static void add(uint8_t ctl, const uint8_t *p, size_t n)
{
	rec[rlen++] = ctl;
	rec[rlen++] = (uint8_t)(n >> 8);
	rec[rlen++] = (uint8_t)n;
	memcpy(rec + rlen, p, n);
	rlen += n;
}

static void save(const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(rec, 1, rlen, f) != rlen) {
		perror(path);
		exit(1);
	}
	fclose(f);
	rlen = 0;
}

static size_t frame_of(const char *body, uint8_t *o)
{
	size_t n = strlen(body);

	snprintf((char *)o, 7, "M%04u:", (unsigned int)(n % 10000));
	memcpy(o + 6, body, n);
	return 6 + n;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	uint8_t ext[128], opt[16];
	size_t n, m, e;

	/* plain SIP over UDP, IPv4 and IPv6 with an extension chain */
	add(0, pkt,
	    pb_udp4(pkt, "10.0.0.1", "10.0.0.2", 5060, 5060,
		    "INVITE sip:a@b SIP/2.0\r\n\r\n", 26));
	e = pb_ext8(ext, 43);
	e += pb_ext8(ext + e, 60);
	e += pb_ext8(ext + e, 17);
	n = pb_udp(a, 5060, 5060, "REGISTER", 8);
	add(1, pkt, pb_ip6(pkt, "2001:db8::1", "2001:db8::2", 0, ext, e, a, n));
	save(dir, "udp");

	/* IPv4 fragments out of order, IPv6 fragments with an overlap */
	n = pb_udp(a, 4000, 5060, "0123456789abcdef0123456789abcdef", 32);
	add(0, pkt,
	    pb_ip4(pkt, "1.1.1.1", "2.2.2.2", 17, 7, 16, 0, a + 16, n - 16));
	add(1, pkt, pb_ip4(pkt, "1.1.1.1", "2.2.2.2", 17, 7, 0, 1, a, 16));
	pb_frag6(ext, 17, 0, 1, 99);
	add(0, pkt, pb_ip6(pkt, "::1", "::2", 44, ext, 8, a, 16));
	pb_frag6(ext, 17, 8, 0, 99);
	add(2, pkt, pb_ip6(pkt, "::1", "::2", 44, ext, 8, a + 8, n - 8));
	save(dir, "frag");

	/* GTP-U: extension chain + inner IPv6, non-T-PDU, GTP in GTP */
	n = pb_udp(a, 5060, 5060, "BYE", 3);
	m = pb_ip6(b, "2001:db8::a", "2001:db8::b", 17, NULL, 0, a, n);
	memset(opt, 0, sizeof(opt));
	opt[3] = 0x85;
	opt[4] = 1;
	n = pb_gtpu(a, 0x34, 0xff, 42, opt, 8, b, m, -1);
	add(0, pkt, pb_udp4(pkt, "192.0.2.1", "192.0.2.2", 2152, 2152, a, n));
	n = pb_gtpu(a, 0x32, 0x01, 0, opt, 4, NULL, 0, -1);
	add(0, pkt, pb_udp4(pkt, "192.0.2.1", "192.0.2.2", 2152, 2152, a, n));
	n = pb_udp4(b, "10.0.0.1", "10.0.0.2", 5060, 5060, "MESSAGE", 7);
	n = pb_gtpu4(a, "10.1.0.1", "10.1.0.2", 9, b, n);
	memcpy(b, a, n);
	add(0, pkt, pb_gtpu4(pkt, "192.0.2.1", "192.0.2.2", 5, b, n));
	save(dir, "gtpu");

	/* TCP: handshake, out-of-order data, FIN both ways */
	add(0, pkt,
	    pb_tcp4(pkt, "10.0.0.1", "10.0.0.2", 40000, 5060, 100, 0x02, NULL,
		    0));
	add(0, pkt,
	    pb_tcp4(pkt, "10.0.0.2", "10.0.0.1", 5060, 40000, 900, 0x12, NULL,
		    0));
	n = frame_of("INVITE", a);
	m = frame_of("ACK", a + n);
	add(1, pkt,
	    pb_tcp4(pkt, "10.0.0.1", "10.0.0.2", 40000, 5060, 101 + n, 0x10,
		    a + n, m));
	add(1, pkt,
	    pb_tcp4(pkt, "10.0.0.1", "10.0.0.2", 40000, 5060, 101, 0x10, a, n));
	add(0, pkt,
	    pb_tcp4(pkt, "10.0.0.1", "10.0.0.2", 40000, 5060, 101 + n + m, 0x11,
		    NULL, 0));
	add(0, pkt,
	    pb_tcp4(pkt, "10.0.0.2", "10.0.0.1", 5060, 40000, 901, 0x11, NULL,
		    0));
	save(dir, "tcp");

	/* link layers: Ethernet with a VLAN tag, SLL, NULL */
	n = pb_udp4(a, "10.0.0.1", "10.0.0.2", 5060, 5060, "OPTIONS", 7);
	memset(pkt, 2, 12);
	pb_be16(pkt + 12, 0x8100);
	pb_be16(pkt + 14, 7);
	pb_be16(pkt + 16, 0x0800);
	memcpy(pkt + 18, a, n);
	add(1 << 2, pkt, 18 + n);
	memset(pkt, 0, 16);
	pb_be16(pkt + 14, 0x0800);
	memcpy(pkt + 16, a, n);
	add(2 << 2, pkt, 16 + n);
	memset(pkt, 0, 4);
	pkt[0] = 2;
	memcpy(pkt + 4, a, n);
	add(4 << 2, pkt, 4 + n);
	save(dir, "link");

	/* ESP, and an outer-fragmented GTP-U datagram carrying TCP */
	add(0, pkt,
	    pb_ip4(pkt, "1.1.1.1", "2.2.2.2", 50, 1, 0, 0, "espespesp", 9));
	n = frame_of("REGISTER", b);
	n = pb_tcp4(a, "10.45.0.2", "10.46.0.1", 40000, 5060, 1, 0x18, b, n);
	n = pb_gtpu(b, 0x30, 0xff, 7, NULL, 0, a, n, -1);
	n = pb_udp(a, 2152, 2152, b, n);
	add(0, pkt, pb_ip4(pkt, "192.0.2.1", "192.0.2.2", 17, 3, 0, 1, a, 32));
	add(0x20, pkt,
	    pb_ip4(pkt, "192.0.2.1", "192.0.2.2", 17, 3, 32, 0, a + 32,
		   n - 32));
	save(dir, "mixed");

	/* IPv4 options, a long IPv6 chain, a fragment inside a fragment */
	opt[0] = 7;
	opt[1] = 7;
	opt[2] = 4;
	memset(opt + 3, 0, 5);
	n = pb_udp(a, 5060, 5060, "NOTIFY", 6);
	add(0, pkt,
	    pb_ip4_opt(pkt, "1.1.1.1", "2.2.2.2", 17, 1, 0, 0, opt, 8, a, n));
	for (e = 0, m = 0; m < 9; m++)
		e += pb_ext8(ext + e, m == 8 ? 17 : 60);
	add(0, pkt, pb_ip6(pkt, "::1", "::2", 60, ext, e, a, n));
	n = pb_frag6(b, 17, 0, 1, 9);
	n += pb_udp(b + n, 1, 2, "abcdefgh", 8);
	pb_frag6(ext, 44, 8, 0, 8);
	add(0, pkt, pb_ip6(pkt, "::1", "::2", 44, ext, 8, b + 8, n - 8));
	pb_frag6(ext, 44, 0, 1, 8);
	add(0, pkt, pb_ip6(pkt, "::1", "::2", 44, ext, 8, b, 8));
	save(dir, "ipopts");

	/* a stalled consumer and a big out-of-order burst over TCP */
	add(0, pkt,
	    pb_tcp4(pkt, "10.0.0.1", "10.0.0.2", 40001, 5060, 7, 0x02, NULL,
		    0));
	memset(a, 'x', 3000);
	add(0x40, pkt,
	    pb_tcp4(pkt, "10.0.0.1", "10.0.0.2", 40001, 5060, 8, 0x10, a,
		    1500));
	add(0x40, pkt,
	    pb_tcp4(pkt, "10.0.0.1", "10.0.0.2", 40001, 5060, 1508, 0x10, a,
		    1500));
	add(0, pkt,
	    pb_tcp4(pkt, "10.0.0.1", "10.0.0.2", 40001, 5060, 9000, 0x10, a,
		    2500));
	add(0, pkt,
	    pb_tcp4(pkt, "10.0.0.1", "10.0.0.2", 40001, 5060, 20000, 0x10, a,
		    3000));
	save(dir, "tcpstall");

	/* a kernel copy the module decapsulated */
	n = pb_udp4(b, "10.0.0.1", "10.0.0.2", 5060, 5060, "INFO", 4);
	add(0x80, pkt, pb_gtpu4(pkt, "192.0.2.1", "192.0.2.2", 7, b, n));
	save(dir, "kernel");
	return 0;
}
