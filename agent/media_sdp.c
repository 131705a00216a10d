// SPDX-License-Identifier: GPL-2.0
/*
 * The RTP and RTCP 5-tuples of a session from its offer and answer (and
 * the ends an offer names before its answer is known).
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "media.h"
#include "sdp.h"

static bool conn_ep(const struct sdp_conn *c, uint16_t port,
		    struct media_ep *ep)
{
	memset(ep, 0, sizeof(*ep));
	ep->port = port;
	if (c->family == AF_INET) {
		ep->addr.ver = 4;
		memcpy(ep->addr.a, &c->ip.v4, 4);
	} else if (c->family == AF_INET6) {
		ep->addr.ver = 6;
		memcpy(ep->addr.a, &c->ip.v6, 16);
	} else {
		return false;
	}
	return port != 0;
}

static bool has(struct sip_str s, const char *needle)
{
	size_t n = strlen(needle);
	uint32_t i;

	for (i = 0; i + n <= s.len; i++)
		if (!strncasecmp(s.p + i, needle, n))
			return true;
	return false;
}

static bool add_pair(struct media_pair *out, unsigned int *n, unsigned int max,
		     uint8_t mline, bool rtcp, const struct sdp_conn *ca,
		     uint16_t cp, const struct sdp_conn *cb, uint16_t bp)
{
	struct media_pair p = { .mline = mline, .rtcp = rtcp };

	if (!conn_ep(ca, cp, &p.caller) || !conn_ep(cb, bp, &p.callee) ||
	    p.caller.addr.ver != p.callee.addr.ver)
		return false;
	if (*n < max)
		out[(*n)++] = p;
	return true;
}

unsigned int media_pairs(const char *asdp, uint32_t alen, const char *bsdp,
			 uint32_t blen, struct media_pair *out,
			 unsigned int max, unsigned int *problems)
{
	/* Two descriptions are ~11 KiB: too much for a fuzzer's stack. */
	struct sdp_session *a = malloc(2 * sizeof(*a)), *b;
	unsigned int n = 0, i;

	*problems = 0;
	if (!a)
		return 0;
	b = a + 1;
	if (sdp_parse(a, asdp, alen, NULL) || sdp_parse(b, bsdp, blen, NULL)) {
		*problems |= MEDIA_P_SDP;
		free(a);
		return 0;
	}
	for (i = 0; i < a->nmedia && i < b->nmedia; i++) {
		const struct sdp_media *ma = &a->media[i], *mb = &b->media[i];
		bool mux = ma->rtcp_mux && mb->rtcp_mux;

		if (ma->disabled || mb->disabled)
			continue;
		if (has(ma->proto, "SAVP") || has(mb->proto, "SAVP") ||
		    has(ma->proto, "TLS") || has(mb->proto, "TLS")) {
			/* Keys are end to end (SDES, DTLS-SRTP): the copies
			 * would be ciphertext nobody can read. */
			*problems |= MEDIA_P_ENCRYPTED;
			continue;
		}
		if (!has(ma->proto, "RTP/AVP") || !has(mb->proto, "RTP/AVP") ||
		    has(ma->proto, "TCP") || has(mb->proto, "TCP")) {
			*problems |= MEDIA_P_TRANSPORT;
			continue;
		}
		if (!add_pair(out, &n, max, (uint8_t)i, false, &ma->rtp_addr,
			      ma->rtp_port, &mb->rtp_addr, mb->rtp_port)) {
			*problems |= MEDIA_P_NO_ADDR;
			continue;
		}
		if (mux || (ma->rtcp_port == ma->rtp_port &&
			    mb->rtcp_port == mb->rtp_port))
			continue;
		if (!add_pair(out, &n, max, (uint8_t)i, true, &ma->rtcp_addr,
			      ma->rtcp_port, &mb->rtcp_addr, mb->rtcp_port))
			*problems |= MEDIA_P_NO_ADDR;
	}
	free(a);
	return n;
}

/* Is @ep one end of a pair in @p[0..n)? */
static bool ep_known(const struct media_pair *p, unsigned int n,
		     const struct media_ep *ep)
{
	for (unsigned int i = 0; i < n; i++)
		if (media_ep_eq(&p[i].caller, ep) ||
		    media_ep_eq(&p[i].callee, ep))
			return true;
	return false;
}

static void add_end(struct media_pair *out, unsigned int *n, unsigned int max,
		    uint8_t mline, bool rtcp, bool caller,
		    const struct sdp_conn *c, uint16_t port)
{
	struct media_pair p = { .mline = mline, .rtcp = rtcp };
	struct media_ep *ep = caller ? &p.caller : &p.callee;

	if (!conn_ep(c, port, ep) || ep_known(out, *n, ep) || *n >= max)
		return;
	out[(*n)++] = p;
}

void media_ends(const char *sdp, uint32_t len, bool caller,
		struct media_pair *out, unsigned int *n, unsigned int max)
{
	struct sdp_session *s = malloc(sizeof(*s));
	unsigned int i;

	if (!s)
		return;
	if (sdp_parse(s, sdp, len, NULL)) {
		free(s);
		return;
	}
	for (i = 0; i < s->nmedia; i++) {
		const struct sdp_media *m = &s->media[i];

		/* What media_pairs would refuse is reported once the
		 * answer is known; nothing is installed for it now. */
		if (m->disabled || has(m->proto, "SAVP") ||
		    has(m->proto, "TLS") || !has(m->proto, "RTP/AVP") ||
		    has(m->proto, "TCP"))
			continue;
		add_end(out, n, max, (uint8_t)i, false, caller, &m->rtp_addr,
			m->rtp_port);
		/* With rtcp-mux offered, RTCP shares the RTP end unless the
		 * answer refuses it (then the 5-tuple flows have it). */
		if (!m->rtcp_mux && m->rtcp_port != m->rtp_port)
			add_end(out, n, max, (uint8_t)i, true, caller,
				&m->rtcp_addr, m->rtcp_port);
	}
	free(s);
}
