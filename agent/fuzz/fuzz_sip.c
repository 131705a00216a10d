// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the SIP parser: the input is parsed as a datagram
 * and as a TCP stream, and every accessor the IMS mirror uses is walked on
 * what parses. Slices must stay inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sdp.h"
#include "sip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *lo, *hi;

static void in_buf(struct sip_str s)
{
	if (s.len && (s.p < lo || s.p + s.len > hi))
		__builtin_trap();
}

static void walk_lists(const struct sip_msg *m)
{
	static const enum sip_hdr_id na_ids[] = {
		SIP_H_CONTACT,		SIP_H_ROUTE,
		SIP_H_RECORD_ROUTE,	SIP_H_P_ASSERTED_IDENTITY,
		SIP_H_P_ASSOCIATED_URI, SIP_H_HISTORY_INFO,
		SIP_H_DIVERSION,	SIP_H_P_PREFERRED_IDENTITY,
	};
	struct sip_name_addr na;
	struct sip_iter it;
	struct sip_str v;
	struct sip_via via;
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(na_ids) / sizeof(na_ids[0]); i++) {
		sip_iter_init(&it, m, na_ids[i]);
		while (sip_iter_next_name_addr(&it, &na)) {
			in_buf(na.uri.raw);
			in_buf(na.params);
			sip_param_get(na.params, "expires", &v);
			sip_param_get(na.params, "+sip.instance", &v);
			sip_unescape(na.uri.user, buf, sizeof(buf));
			sip_tel_normalize(na.uri.user, buf, sizeof(buf));
		}
	}
	sip_iter_init(&it, m, SIP_H_VIA);
	while (sip_iter_next(&it, &v)) {
		in_buf(v);
		/* every Via value was validated while indexing */
		if (sip_via_parse(&via, v.p, v.len, NULL))
			__builtin_trap();
	}
	sip_has_option_tag(m, SIP_H_REQUIRE, "100rel");
	sip_has_option_tag(m, SIP_H_SUPPORTED, "100rel");
}

static void walk(const struct sip_msg *m)
{
	const struct sip_hdr *h;
	struct sip_error err;
	struct sip_auth a;
	char buf[64];
	uint16_t i;

	for (i = 0; i < m->nhdr; i++) {
		in_buf(m->hdr[i].name);
		in_buf(m->hdr[i].value);
	}
	in_buf(m->body);
	in_buf(m->call_id);
	in_buf(m->ruri.user);
	sip_msg_check(m, &err);
	sip_unquote(m->from.display, buf, sizeof(buf));
	sip_str_eq_unescaped(m->from.uri.user, m->to.uri.user);
	h = sip_hdr_first(m, SIP_H_AUTHORIZATION);
	if (h && sip_auth_parse(&a, h->value.p, h->value.len, &err))
		__builtin_trap();
	walk_lists(m);
	if (m->body.len) {
		static struct sdp_session s;

		sdp_parse(&s, m->body.p, m->body.len, &err);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sip_msg m;
	struct sip_error err;
	char *b = malloc(size ? size : 1);
	size_t off = 0, n;

	memcpy(b, data, size);
	lo = b;
	hi = b + size;
	if (sip_parse(&m, b, size, 0, &err) == 0) {
		if (m.len > size || m.len + m.trailing != size)
			__builtin_trap();
		walk(&m);
	} else if (!err.reason || err.offset > size) {
		__builtin_trap();
	}
	/* each value parser on the whole input, so its end is the buffer's */
	{
		struct sip_uri u;
		struct sip_name_addr na;
		struct sip_via v;
		struct sip_auth a;
		struct sip_str meth;
		uint32_t x, y;

		if (sip_uri_parse(&u, b, size, &err) == 0)
			in_buf(u.host);
		if (sip_name_addr_parse(&na, b, size, &err) == 0)
			in_buf(na.params);
		sip_via_parse(&v, b, size, &err);
		sip_auth_parse(&a, b, size, &err);
		sip_cseq_parse(b, size, &x, &meth, &err);
		sip_rack_parse(b, size, &x, &y, &meth, &err);
		sip_param_get((struct sip_str){ b, (uint32_t)size }, "tag",
			      &meth);
	}
	/* the same bytes as a TCP stream */
	while (off < size) {
		enum sip_frame_kind k =
			sip_frame(b + off, size - off, &n, &err);

		if (k == SIP_FRAME_NEED_MORE || k == SIP_FRAME_ERROR)
			break;
		if (n == 0 || n > size - off)
			__builtin_trap();
		if (k == SIP_FRAME_MESSAGE &&
		    sip_parse(&m, b + off, n, SIP_PARSE_STREAM, &err) == 0) {
			if (m.len != n)
				__builtin_trap();
			walk(&m);
		}
		off += n;
	}
	free(b);
	return 0;
}
