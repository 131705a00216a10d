/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Offline packet source: a pcap or pcapng file read with libpcap, link
 * layer stripped, each IP packet handed to the decoder with its timestamp.
 * Link types: Ethernet (802.1Q VLAN and 802.1ad QinQ tags), Linux cooked
 * SLL and SLL2, raw IP (DLT_RAW, LINKTYPE_IPV4/IPV6), BSD NULL/loopback.
 */
#ifndef LMISF_PCAP_SOURCE_H
#define LMISF_PCAP_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"

/* Tags walked before a frame is refused (QinQ is two). */
#define PCAP_MAX_VLAN 4

#define PCAP_SOURCE_STATS(X)                                           \
	X(frames) /* frames read */                                    \
	X(ip) /* frames handed to the decoder */                       \
	X(link_truncated) /* captured bytes end in the link header */  \
	X(non_ip) /* ARP, LLDP, MPLS, 802.3 LLC, other families ... */ \
	X(vlan_too_deep) /* more than PCAP_MAX_VLAN tags */

struct pcap_source_stats {
#define PCAP_SOURCE_STATS_FIELD(name) uint64_t name;
	PCAP_SOURCE_STATS(PCAP_SOURCE_STATS_FIELD)
#undef PCAP_SOURCE_STATS_FIELD
};

enum pcap_link_result {
	PCAP_LINK_IP, /* *off is the network header */
	PCAP_LINK_TRUNCATED,
	PCAP_LINK_NON_IP,
	PCAP_LINK_VLAN_TOO_DEEP,
};

struct pcap_source;

/* Whether libpcap's DLT_* value is one we decode. */
int pcap_link_supported(int dlt);

/**
 * pcap_link_strip - find the network header of one frame
 * @dlt: libpcap DLT_* of the capture
 * @p, @caplen: the frame as captured
 * @off: set to the offset of the IP header on PCAP_LINK_IP
 */
enum pcap_link_result pcap_link_strip(int dlt, const uint8_t *p, size_t caplen,
				      size_t *off);

/*
 * Opens @path (pcap or pcapng, nanosecond timestamps). NULL on error, with
 * the reason in @err: unreadable file, not a capture, or a link type we do
 * not decode (named).
 */
struct pcap_source *pcap_source_open(const char *path, char *err,
				     size_t errlen);
void pcap_source_close(struct pcap_source *src);
int pcap_source_datalink(const struct pcap_source *src);

/**
 * pcap_source_next - the next IP packet
 * @src: the source
 * @pkt, @len: the packet from its network header (valid until the next call)
 * @meta: its timestamp, frame number (seq) and hook -1
 *
 * Frames that carry no IP are counted and skipped.
 * Return: 1 for a packet, 0 at the end, -1 on a read error (message from
 * pcap_source_error()).
 */
int pcap_source_next(struct pcap_source *src, const uint8_t **pkt, size_t *len,
		     struct decode_meta *meta);

/* Feeds every packet to @dec. Return: packets fed, or -1 on read error. */
long pcap_source_run(struct pcap_source *src, struct decoder *dec);

const char *pcap_source_error(const struct pcap_source *src);
const struct pcap_source_stats *
pcap_source_get_stats(const struct pcap_source *src);

#endif /* LMISF_PCAP_SOURCE_H */
