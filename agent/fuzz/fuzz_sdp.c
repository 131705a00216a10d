// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the SDP parser; checks the invariants the media
 * tracker relies on (bounded counts, slices inside the input).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sdp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *lo, *hi;

static void in_buf(struct sip_str s)
{
	if (s.len && (s.p < lo || s.p + s.len > hi))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sdp_session s;
	struct sip_error err;
	char *b = malloc(size ? size : 1);
	unsigned int i, j;

	memcpy(b, data, size);
	lo = b;
	hi = b + size;
	if (sdp_parse(&s, b, size, &err) == 0) {
		if (s.nmedia > SDP_MAX_MEDIA)
			__builtin_trap();
		in_buf(s.o_addr);
		in_buf(s.name);
		for (i = 0; i < s.nmedia; i++) {
			const struct sdp_media *m = &s.media[i];

			in_buf(m->media);
			in_buf(m->fmts);
			in_buf(m->rtp_addr.addr);
			in_buf(m->rtcp_addr.addr);
			if (m->nrtpmap > SDP_MAX_RTPMAP ||
			    m->dir > SDP_DIR_INACTIVE)
				__builtin_trap();
			for (j = 0; j < m->nrtpmap; j++)
				in_buf(m->rtpmap[j].encoding);
			/* an active stream always has an address */
			if (!m->disabled && !m->rtp_addr.addr.len)
				__builtin_trap();
			if (m->rtp_addr.family != 0 &&
			    m->rtp_addr.family != AF_INET &&
			    m->rtp_addr.family != AF_INET6)
				__builtin_trap();
		}
	} else if (!err.reason || err.offset > size) {
		__builtin_trap();
	}
	free(b);
	return 0;
}
