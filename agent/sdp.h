/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Zero-copy SDP parser (RFC 4566 / RFC 8866 as used in IMS offers and
 * answers): what a media tracker needs to know per m= line — the effective
 * connection address, the RTP and RTCP ports and the direction.
 */
#ifndef LMISF_SDP_H
#define LMISF_SDP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "sip.h"

#define SDP_MAX_MEDIA 16 /* m= lines per description */
#define SDP_MAX_RTPMAP 16 /* a=rtpmap kept per m= line */

enum sdp_dir {
	SDP_DIR_SENDRECV = 0, /* the default when nothing is said */
	SDP_DIR_SENDONLY,
	SDP_DIR_RECVONLY,
	SDP_DIR_INACTIVE,
};

/* c= (or the address part of a=rtcp) */
struct sdp_conn {
	int family; /* AF_INET, AF_INET6; 0 for an FQDN */
	struct sip_str nettype; /* "IN" */
	struct sip_str addrtype; /* "IP4" / "IP6" */
	struct sip_str addr; /* address text, without /ttl/count */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} ip;
	uint8_t ttl; /* IPv4 multicast TTL, else 0 */
	uint16_t count; /* multicast address count, else 1 */
	bool multicast;
};

struct sdp_rtpmap {
	uint8_t pt;
	uint32_t clock;
	struct sip_str encoding;
	struct sip_str params; /* encoding parameters (channels) */
};

struct sdp_media {
	struct sip_str media; /* "audio", "video", ... */
	struct sip_str proto; /* "RTP/AVP", ... */
	struct sip_str fmts; /* format list, raw */
	uint16_t port; /* as given; 0 = stream disabled */
	uint16_t nports; /* m=<port>/<count>, else 1 */
	bool has_conn; /* media-level c= present */
	struct sdp_conn conn; /* media-level c= */
	bool has_rtcp_attr; /* a=rtcp present */
	bool rtcp_mux; /* a=rtcp-mux present */
	bool has_dir; /* media-level direction present */
	enum sdp_dir dir_attr;
	uint8_t nrtpmap;
	bool rtpmap_truncated; /* more than SDP_MAX_RTPMAP */
	struct sdp_rtpmap rtpmap[SDP_MAX_RTPMAP];

	/* effective values, computed after the whole description is read */
	bool disabled; /* port 0 */
	struct sdp_conn rtp_addr; /* media c=, else session c= */
	struct sdp_conn rtcp_addr; /* a=rtcp address, else rtp_addr */
	uint16_t rtp_port;
	uint16_t rtcp_port; /* a=rtcp port, else rtp_port + 1 */
	enum sdp_dir dir; /* media, else session, else sendrecv */
};

struct sdp_session {
	/* o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address> */
	struct sip_str o_username, o_sess_id, o_sess_version;
	struct sip_str o_nettype, o_addrtype, o_addr;
	uint64_t sess_id, sess_version; /* numeric forms (0 when too long) */
	struct sip_str name; /* s= */
	bool has_conn;
	struct sdp_conn conn; /* session-level c= */
	bool has_dir;
	enum sdp_dir dir_attr; /* session-level direction */
	uint8_t nmedia;
	struct sdp_media media[SDP_MAX_MEDIA];
};

/**
 * sdp_parse - parse a session description
 * @s: result; strings point into @buf
 * @buf: the SDP body (need not be NUL-terminated)
 * @len: its length
 * @err: set on failure (code SIP_EBODY or SIP_ELIMIT; offset into @buf)
 *
 * Lines end in CRLF or LF (the last may be unterminated). v=0 must come
 * first; o=, s= and t= must be present; every m= line with a non-zero port
 * needs a connection address at media or session level.
 *
 * Return: 0, or a negative enum sip_err.
 */
int sdp_parse(struct sdp_session *s, const char *buf, size_t len,
	      struct sip_error *err);

const char *sdp_dir_name(enum sdp_dir d);

#endif /* LMISF_SDP_H */
