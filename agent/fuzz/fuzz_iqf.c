// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_iqf - the IQF query decoder: a length-prefixed ClientMessage as it
 * arrives on the query socket, through framing, protobuf decoding,
 * validation (7.6.3.1), search and response encoding, against a small
 * cache with fixed contents and a fixed clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icf.h"
#include "iqf.h"

#define T0 1767225600000LL

static struct icf *cache;
static struct lm_clock clk;
static struct icf_result res;

static void load(void)
{
	static const struct icf_config cfg = {
		.max_active_lifetime = 86400000,
		.cache_time_limit = 3600000,
		.search_window = 2000,
		.expiry_granularity = 1000,
	};
	struct icf_assoc_event a = { 0 };
	char supi[16];

	lm_clock_manual_init(&clk, T0);
	cache = icf_new(&cfg, &clk);
	if (!cache)
		abort();
	for (int i = 0; i < 64; i++) {
		static const uint8_t suci[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
		static const uint8_t tl[12] = { 0x32, 0xf4, 0x51, 0, 1, 0,
						0x32, 0xf4, 0x51, 0, 1, 1 };

		snprintf(supi, sizeof(supi), "2341500000%05d", i % 16);
		memset(&a, 0, sizeof(a));
		a.supi.type = ICF_SUPI_IMSI;
		a.supi.val = supi;
		a.supi.len = 15;
		a.guti[0] = 0x32, a.guti[1] = 0xf4, a.guti[2] = 0x51;
		a.guti[3] = 1, a.guti[4] = 1, a.guti[5] = 0x43;
		a.guti[9] = (uint8_t)(i % 8);
		a.timestamp = T0 + i * 1000;
		a.tai[0] = 0x32, a.tai[1] = 0xf4, a.tai[2] = 0x51;
		a.tai[5] = (uint8_t)i;
		if (i % 3 == 0) {
			a.suci = suci;
			a.suci_len = sizeof(suci);
			a.has_tai_list = true;
			a.tai_list = tl;
			a.n_tai_list = 2;
			a.pei_type = ICF_PEI_MAC;
			a.pei = suci;
			a.pei_len = 6;
		}
		icf_associate(cache, &a);
	}
	lm_clock_manual_set(&clk, T0 + 120000);
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
		load();
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
		}
	}
	iqf_arena_free(&ar);
	lmisf__iqf__client_message__free_unpacked(m, NULL);
	return 0;
}
