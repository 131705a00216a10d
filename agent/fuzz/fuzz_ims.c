// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the IMS state mirror: the input is a script of
 * operations on one consumer (SIP messages, clock ticks, task activation,
 * modification and deactivation, media copies, loss) with small limits so
 * that shedding, timeouts and forking are reached. Every PDU emitted must
 * re-parse; flows removed must have been installed.
 *
 * Script: records "op len16 bytes"; op % 8 selects SIP up/down, tick,
 * task put (bytes choose the targets), task delete, media copy, loss.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ims.h"
#include "sip.h"
#include "tasks.h"
#include "x2x3.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FLOWS 256

static struct tasks *ts;
static uint32_t next_flow = 1;
static bool flow_live[MAX_FLOWS];

static int emit(void *ctx, const struct x2x3_pdu *pdu)
{
	static uint8_t buf[1 << 21];
	struct x2x3_pdu back;
	ssize_t n;

	(void)ctx;
	if (!tasks_find(ts, pdu->xid))
		return -ENOENT;
	n = x2x3_encode(pdu, buf, sizeof(buf));
	if (n < 0 || x2x3_parse(buf, (size_t)n, NULL, &back, NULL))
		__builtin_trap();
	return 0;
}

static int install(void *ctx, const struct pl_flow *f, uint32_t *id)
{
	(void)ctx;
	if (!tasks_find(ts, f->xid))
		return -ENOENT;
	/* A 5-tuple, or an endpoint (no destination, from an offer). */
	if (!f->sport || !f->src.ver ||
	    (f->dport ? f->src.ver != f->dst.ver : f->dst.ver != 0))
		__builtin_trap();
	if (next_flow >= MAX_FLOWS)
		return -ENOSPC;
	flow_live[next_flow] = true;
	*id = next_flow++;
	return 0;
}

static int removef(void *ctx, uint32_t id)
{
	(void)ctx;
	if (id >= MAX_FLOWS || !flow_live[id])
		__builtin_trap(); /* removing what was never installed */
	flow_live[id] = false;
	return 0;
}

static const struct tasks *get_tasks(void *ctx)
{
	(void)ctx;
	return ts;
}

static struct pl_consumer cons;

static void on_task(void *ctx, enum task_event ev, const struct task *t)
{
	(void)ctx;
	cons.task_event(cons.ctx, ev, t);
}

static const char *const lines[] = {
	"xid 2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162 delivery x2x3 "
	"target impu sip:alice@ims.example",
	"xid 2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162 delivery x2 "
	"target tel-uri tel:+491711234567 target imei 35209900176148",
	"xid 0c0e57a4-2d44-4b39-9a38-52d1c87d0f00 delivery x3 "
	"target impu sip:bob@ims.example non-local correlation 7",
	"xid 0c0e57a4-2d44-4b39-9a38-52d1c87d0f00 delivery x2x3 "
	"target ipv4 10.0.0.1 target impi a@b",
};

static void sip_op(const uint8_t *p, size_t n, bool up, uint64_t now,
		   uint8_t sel)
{
	static struct sip_msg m;
	struct pl_match match = { .kind = LMISF_COPY_TARGET };
	struct pl_origin o = { .source = PL_SRC_REPLAY, .ts_ns = now };
	struct pl_sip s = { .msg = &m, .ts_ns = now, .transport = 17 };
	char *copy = malloc(n ? n : 1);

	memcpy(copy, p, n);
	if (sip_parse(&m, copy, n, 0, NULL) || sip_msg_check(&m, NULL)) {
		free(copy);
		return;
	}
	if (sel & 1) {
		x2x3_uuid_parse(sel & 2 ?
					"0c0e57a4-2d44-4b39-9a38-52d1c87d0f00" :
					"2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162",
				match.xid);
		o.n_matches = 1;
		o.matches = &match;
	}
	s.raw = m.buf;
	s.raw_len = m.len;
	s.src.ver = s.dst.ver = 4;
	s.src.a[0] = s.dst.a[0] = 10;
	s.src.a[3] = up ? 1 : 10;
	s.dst.a[3] = up ? 10 : 1;
	s.sport = s.dport = 5060;
	s.tunnelled = sel & 4;
	s.pani = sip_hdr_first(&m, SIP_H_P_ACCESS_NETWORK_INFO);
	s.origin = &o;
	cons.sip(cons.ctx, &s);
	free(copy);
}

static void media_op(const uint8_t *p, size_t n, uint64_t now)
{
	static const uint8_t pkt[] = {
		0x45, 0, 0,  40, 0, 1, 0,    0,	   64,	 17,   0, 0,  10, 0,
		0,    1, 10, 0,	 0, 2, 0x9c, 0x40, 0xc3, 0x50, 0, 20, 0,  0,
		0x80, 0, 0,  0,	 0, 0, 0,    0,	   0,	 0,    0, 0,
	};
	struct pl_match m = { .kind = LMISF_COPY_MEDIA };
	struct pl_origin o = { .source = PL_SRC_REPLAY,
			       .ts_ns = now,
			       .n_matches = 1,
			       .matches = &m };
	struct pl_packet pk = { .origin = &o, .pkt = pkt, .len = sizeof(pkt) };

	m.flow_id = n ? p[0] : 0;
	x2x3_uuid_parse("2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162", m.xid);
	if (n > 1)
		pk.len = p[1] % (sizeof(pkt) + 1);
	cons.packet(cons.ctx, &pk);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pl_services svc = { NULL, emit, install, removef, get_tasks };
	struct ims_config cfg = {
		.reg.max = 4,
		.dlg = { .max = 4,
			 .setup_ns = 5000000000ull,
			 .idle_ns = 20000000000ull,
			 .linger_ns = 2000000000ull,
			 .max_sdp = 2048 },
		.media_grace_ns = 1000000000ull,
	};
	uint64_t now = 1700000000ull * 1000000000ull;
	struct ims *ims;
	size_t i = 0;

	ts = tasks_new(on_task, NULL);
	ims = ims_new(&cfg, &svc, &cons);
	next_flow = 1;
	memset(flow_live, 0, sizeof(flow_live));
	while (ims && i + 3 <= size) {
		uint8_t op = data[i];
		size_t n = (size_t)data[i + 1] << 8 | data[i + 2];
		const uint8_t *p = data + i + 3;

		i += 3;
		if (n > size - i)
			n = size - i;
		i += n;
		now += 100000000ull;
		switch (op % 8) {
		case 0:
		case 1:
			sip_op(p, n, op % 8 == 0, now, op >> 3);
			break;
		case 2:
			now += (uint64_t)(op >> 3) * 1000000000ull;
			cons.tick(cons.ctx, now);
			break;
		case 3: {
			struct task t;

			if (!task_parse_line(lines[(op >> 3) % 4], &t, NULL,
					     0)) {
				tasks_put(ts, &t);
				task_clear(&t);
			}
			break;
		}
		case 4: {
			uint8_t xid[16];

			x2x3_uuid_parse(
				(op >> 3) & 1 ?
					"0c0e57a4-2d44-4b39-9a38-52d1c87d0f00" :
					"2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162",
				xid);
			tasks_del(ts, xid);
			break;
		}
		case 5:
			media_op(p, n, now);
			break;
		case 6:
			cons.loss(cons.ctx, n);
			break;
		case 7: {
			char line[512];

			cons.stats(cons.ctx, line, sizeof(line));
			cons.flow_gone(cons.ctx, n % MAX_FLOWS, 1);
			if (n % MAX_FLOWS)
				flow_live[n % MAX_FLOWS] = false;
			break;
		}
		}
	}
	if (ims) {
		cons.flush(cons.ctx);
		cons.free(cons.ctx);
	}
	tasks_free(ts);
	return 0;
}
