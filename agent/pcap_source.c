// SPDX-License-Identifier: GPL-2.0
/* libpcap offline reader and link-layer stripping. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap_source.h"

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86dd
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88a8
#define ETH_P_QINQ1 0x9100 /* pre-standard QinQ */

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif

struct pcap_source {
	pcap_t *pc;
	int dlt;
	uint64_t frame;
	struct pcap_source_stats st;
	char err[PCAP_ERRBUF_SIZE + 64];
};

int pcap_link_supported(int dlt)
{
	switch (dlt) {
	case DLT_NULL:
	case DLT_LOOP:
	case DLT_EN10MB:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
		return 1;
	default:
		return 0;
	}
}

/* Walks VLAN tags after an EtherType at p[off - 2]. */
static enum pcap_link_result ethertype(const uint8_t *p, size_t caplen,
				       size_t off, uint16_t et, size_t *out)
{
	int tags = 0;

	while (et == ETH_P_8021Q || et == ETH_P_8021AD || et == ETH_P_QINQ1) {
		if (++tags > PCAP_MAX_VLAN)
			return PCAP_LINK_VLAN_TOO_DEEP;
		if (caplen - off < 4)
			return PCAP_LINK_TRUNCATED;
		et = get_be16(p + off + 2);
		off += 4;
	}
	if (et != ETH_P_IP && et != ETH_P_IPV6)
		return PCAP_LINK_NON_IP;
	*out = off;
	return PCAP_LINK_IP;
}

static bool af_is_ip(uint32_t af)
{
	/* AF_INET everywhere; AF_INET6 on Linux, BSDs, Darwin. */
	return af == 2 || af == 10 || af == 24 || af == 28 || af == 30;
}

enum pcap_link_result pcap_link_strip(int dlt, const uint8_t *p, size_t caplen,
				      size_t *off)
{
	uint32_t af, swapped;

	switch (dlt) {
	case DLT_EN10MB:
		if (caplen < 14)
			return PCAP_LINK_TRUNCATED;
		return ethertype(p, caplen, 14, get_be16(p + 12), off);
	case DLT_LINUX_SLL:
		if (caplen < 16)
			return PCAP_LINK_TRUNCATED;
		return ethertype(p, caplen, 16, get_be16(p + 14), off);
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			return PCAP_LINK_TRUNCATED;
		return ethertype(p, caplen, 20, get_be16(p), off);
	case DLT_NULL:
	case DLT_LOOP:
		if (caplen < 4)
			return PCAP_LINK_TRUNCATED;
		/* DLT_NULL is in the capturing host's byte order. */
		af = get_be32(p);
		swapped = (af >> 24) | ((af >> 8) & 0xff00) |
			  ((af << 8) & 0xff0000) | (af << 24);
		if (!af_is_ip(af) && (dlt == DLT_LOOP || !af_is_ip(swapped)))
			return PCAP_LINK_NON_IP;
		*off = 4;
		return PCAP_LINK_IP;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		*off = 0;
		return PCAP_LINK_IP;
	default:
		return PCAP_LINK_NON_IP;
	}
}

struct pcap_source *pcap_source_open(const char *path, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct pcap_source *src;
	const char *name;
	pcap_t *pc;
	int dlt;

	pc = pcap_open_offline_with_tstamp_precision(
		path, PCAP_TSTAMP_PRECISION_NANO, ebuf);
	if (!pc) {
		snprintf(err, errlen, "%s: %s", path, ebuf);
		return NULL;
	}
	dlt = pcap_datalink(pc);
	if (!pcap_link_supported(dlt)) {
		name = pcap_datalink_val_to_name(dlt);
		snprintf(err, errlen,
			 "%s: unsupported link type %d (%s); supported: "
			 "Ethernet, Linux SLL/SLL2, raw IP, NULL/loopback",
			 path, dlt, name ? name : "unknown");
		pcap_close(pc);
		return NULL;
	}
	src = calloc(1, sizeof(*src));
	if (!src) {
		snprintf(err, errlen, "%s: out of memory", path);
		pcap_close(pc);
		return NULL;
	}
	src->pc = pc;
	src->dlt = dlt;
	return src;
}

void pcap_source_close(struct pcap_source *src)
{
	if (!src)
		return;
	pcap_close(src->pc);
	free(src);
}

int pcap_source_datalink(const struct pcap_source *src)
{
	return src->dlt;
}

int pcap_source_next(struct pcap_source *src, const uint8_t **pkt, size_t *len,
		     struct decode_meta *meta)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	size_t off;
	int rc;

	for (;;) {
		rc = pcap_next_ex(src->pc, &h, &data);
		if (rc == PCAP_ERROR_BREAK)
			return 0;
		if (rc != 1) {
			snprintf(src->err, sizeof(src->err), "frame %llu: %s",
				 (unsigned long long)src->frame + 1,
				 pcap_geterr(src->pc));
			return -1;
		}
		src->frame++;
		src->st.frames++;
		switch (pcap_link_strip(src->dlt, data, h->caplen, &off)) {
		case PCAP_LINK_IP:
			break;
		case PCAP_LINK_TRUNCATED:
			src->st.link_truncated++;
			continue;
		case PCAP_LINK_NON_IP:
			src->st.non_ip++;
			continue;
		case PCAP_LINK_VLAN_TOO_DEEP:
			src->st.vlan_too_deep++;
			continue;
		}
		memset(meta, 0, sizeof(*meta));
		/* Nanosecond precision was asked for: tv_usec holds ns. */
		meta->ts_ns = (uint64_t)h->ts.tv_sec * 1000000000ULL +
			      (uint64_t)h->ts.tv_usec;
		meta->hook = -1;
		meta->seq = src->frame;
		*pkt = data + off;
		*len = h->caplen - off;
		src->st.ip++;
		return 1;
	}
}

long pcap_source_run(struct pcap_source *src, struct decoder *dec)
{
	struct decode_meta meta;
	const uint8_t *pkt;
	long n = 0;
	size_t len;
	int rc;

	while ((rc = pcap_source_next(src, &pkt, &len, &meta)) == 1) {
		decode_packet(dec, pkt, len, &meta);
		n++;
	}
	return rc < 0 ? -1 : n;
}

const char *pcap_source_error(const struct pcap_source *src)
{
	return src->err;
}

const struct pcap_source_stats *
pcap_source_get_stats(const struct pcap_source *src)
{
	return &src->st;
}
