// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_iqf - the IQF query decoder: a length-prefixed ClientMessage as it
 * arrives on the query socket, through framing, protobuf decoding,
 * validation (7.6.3.1), search and response encoding, against a small
 * cache with fixed contents and a fixed clock. The answer packed straight
 * from the cache (iqf_handle_packed(), the server's way) must be the
 * octets protobuf-c packs for iqf_handle()'s response.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icf.h"
#include "iqf.h"
#include "iqf_cache.h"

static struct icf *cache;
static struct lm_clock clk;
static struct icf_result res;
static struct streambuf packed; /* reused, as the server's */

/* iqf_handle_packed() against @r in a ServerMessage, framed. */
static void same_as_packed(const Lmisf__Iqf__ClientMessage *m,
			   Lmisf__Iqf__IdentityAssociationResponse *r,
			   struct iqf_arena *ar)
{
	Lmisf__Iqf__ServerMessage sm = LMISF__IQF__SERVER_MESSAGE__INIT;
	struct iqf_outcome o;
	uint8_t *f;
	size_t len;

	sm.msg_case = LMISF__IQF__SERVER_MESSAGE__MSG_RESPONSE;
	sm.response = r;
	f = iqf_frame(&sm.base, &len);
	packed.len = 0;
	if (f && !iqf_handle_packed(cache, m->request, &res, ar, &packed, &o) &&
	    (packed.len != len || memcmp(packed.p, f, len)))
		abort();
	free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Lmisf__Iqf__IdentityAssociationResponse *r;
	Lmisf__Iqf__ClientMessage *m;
	struct iqf_arena ar = { 0 };
	struct iqf_outcome o;
	uint32_t body;

	if (!cache)
		cache = iqf_cache_load(&clk);
	if (size < 4)
		return 0;
	body = iqf_frame_len(data);
	if (body > IQF_MAX_REQUEST || body > size - 4)
		return 0;
	m = lmisf__iqf__client_message__unpack(NULL, body, data + 4);
	if (!m)
		return 0;
	if (m->msg_case == LMISF__IQF__CLIENT_MESSAGE__MSG_REQUEST) {
		r = iqf_handle(cache, m->request, &res, &ar, &o);
		if (r) {
			uint8_t *f;
			size_t len;

			f = iqf_frame(&r->base, &len);
			if (f) {
				Lmisf__Iqf__IdentityAssociationResponse *back;

				/* What we send must decode. */
				back = lmisf__iqf__identity_association_response__unpack(
					NULL, len - 4, f + 4);
				if (!back)
					abort();
				lmisf__iqf__identity_association_response__free_unpacked(
					back, NULL);
				free(f);
			}
			same_as_packed(m, r, &ar);
		}
	}
	iqf_arena_free(&ar);
	lmisf__iqf__client_message__free_unpacked(m, NULL);
	return 0;
}
