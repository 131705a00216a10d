// SPDX-License-Identifier: GPL-2.0
/*
 * Valid requests of every lmisf command for the netlink fuzzer, built from
 * the PRNG (see nlfuzz_build.h).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "lmisf_util.h"
#include "nlfuzz.h"
#include "nlfuzz_build.h"
#include "nlfuzz_model.h"

void valid_xid(uint8_t xid[LMISF_XID_LEN])
{
	xid_of(xid, XID_TAG, fz_below(NXID));
}

static void put_value_target(struct lmsg *m, uint32_t type, uint32_t n)
{
	static const char *const fmt[] = {
		[LMISF_TARGET_SIP_URI] = "sip:u%u@ims.example",
		[LMISF_TARGET_TEL_URI] = "tel:+44%u",
		[LMISF_TARGET_IMPU] = "sip:+44%u@ims.example",
		[LMISF_TARGET_IMPI] = "u%u@ims.example",
		[LMISF_TARGET_IMSI] = "0010100000%05u",
		[LMISF_TARGET_SUPI] = "imsi-0010100000%05u",
		[LMISF_TARGET_IMEI] = "4901542032%05u",
		[LMISF_TARGET_PEI] = "imei-4901542032%05u",
		[LMISF_TARGET_E164] = "+44%u",
		[LMISF_TARGET_NAI] = "u%u@realm",
	};
	char v[64];

	snprintf(v, sizeof(v), fmt[type], n % 100000);
	lmsg_put_str(m, LMISF_TARGET_A_VALUE, v);
	if (fz_chance(30))
		lmsg_put_flag(m, LMISF_TARGET_A_NON_LOCAL);
}

/* The largest target there is: a SIP URI of the longest value. */
static void put_longest_target(struct lmsg *m, unsigned int i)
{
	struct nlattr *t = lmsg_nest(m, LMISF_TASK_A_TARGET);
	char v[LMISF_MAX_VALUE_LEN + 1];

	memset(v, 'a' + i % 26, sizeof(v) - 1);
	memcpy(v, "sip:", 4);
	v[sizeof(v) - 1] = 0;
	lmsg_put_u32(m, LMISF_TARGET_A_TYPE, LMISF_TARGET_SIP_URI);
	lmsg_put_str(m, LMISF_TARGET_A_VALUE, v);
	lmsg_put_flag(m, LMISF_TARGET_A_NON_LOCAL);
	lmsg_nest_end(m, t);
}

/*
 * One to four targets of any type, or rarely the largest task (every
 * target the longest); returns how many the kernel matches.
 */
static unsigned int put_targets(struct lmsg *m, unsigned int *n)
{
	unsigned int i, nk = 0;
	uint8_t a6[16] = { 0xfd };
	uint32_t a4;

	if (fz_chance(2)) {
		*n = LMISF_MAX_TARGETS;
		for (i = 0; i < *n; i++)
			put_longest_target(m, i);
		return 0;
	}
	*n = 1 + fz_below(4);
	for (i = 0; i < *n; i++) {
		uint32_t type = 1 + fz_below(LMISF_TARGET_TYPE_MAX);
		struct nlattr *t = lmsg_nest(m, LMISF_TASK_A_TARGET);

		lmsg_put_u32(m, LMISF_TARGET_A_TYPE, type);
		nk += type <= LMISF_TARGET_GTPU_TEID;
		switch (type) {
		case LMISF_TARGET_IPV4:
			a4 = fz_chance(50) ? htonl(0x7f000001 + fz_below(8)) :
					     htonl(0x0a000000 + fz_below(64));
			lmsg_put_u32(m, LMISF_TARGET_A_IPV4, a4);
			break;
		case LMISF_TARGET_IPV6:
			a6[15] = fz_below(16);
			lmsg_put(m, LMISF_TARGET_A_IPV6, a6, 16);
			break;
		case LMISF_TARGET_IPV4_CIDR:
			lmsg_put_u32(m, LMISF_TARGET_A_IPV4,
				     htonl(0x0a000000 | fz_below(8) << 16));
			lmsg_put_u8(m, LMISF_TARGET_A_PREFIX_LEN, 16);
			break;
		case LMISF_TARGET_IPV6_CIDR:
			a6[15] = 0;
			a6[3] = fz_below(8);
			lmsg_put(m, LMISF_TARGET_A_IPV6, a6, 16);
			lmsg_put_u8(m, LMISF_TARGET_A_PREFIX_LEN, 32);
			a6[3] = 0;
			break;
		case LMISF_TARGET_GTPU_TEID:
			lmsg_put_u32(m, LMISF_TARGET_A_TEID, 1 + fz_below(64));
			if (fz_chance(50))
				lmsg_put_u32(m, LMISF_TARGET_A_IPV4,
					     htonl(0x0a000000 + fz_below(4)));
			break;
		default:
			put_value_target(m, type, fz_below(1000));
		}
		lmsg_nest_end(m, t);
	}
	return nk;
}

void build_task(struct lmsg *m, struct lnl *nl, uint8_t cmd, const uint8_t *xid,
		struct mtask *mt)
{
	struct nlattr *t;
	uint8_t did[LMISF_XID_LEN];
	unsigned int i;

	lmsg_init(m, nl, cmd, 0);
	t = put_task(m, xid, 1 + fz_below(3));
	if (fz_chance(50))
		lmsg_put_u64(m, LMISF_TASK_A_CORRELATION_ID, fz_rand());
	mt->nkernel = put_targets(m, &mt->ntargets);
	for (i = fz_chance(5) ? LMISF_MAX_DIDS : fz_below(3); i; i--) {
		xid_of(did, 0x99, fz_below(100));
		lmsg_put(m, LMISF_TASK_A_DID, did, LMISF_XID_LEN);
	}
	lmsg_nest_end(m, t);
	memcpy(mt->xid, xid, LMISF_XID_LEN);
}

void build_task_sel(struct lmsg *m, struct lnl *nl, uint8_t cmd,
		    const uint8_t *xid)
{
	struct nlattr *t;

	lmsg_init(m, nl, cmd, 0);
	t = put_task(m, xid, 0);
	lmsg_nest_end(m, t);
}

void build_flow(struct lmsg *m, struct lnl *nl, const uint8_t *xid,
		struct fkey *k)
{
	static const uint8_t protos[] = { IPPROTO_UDP, IPPROTO_TCP,
					  IPPROTO_SCTP };
	uint8_t s[16] = { 0xfd, 1 }, d[16] = { 0xfd, 2 };
	uint8_t proto = protos[fz_below(3)];
	uint16_t sp = htons(1000 + fz_below(8)), dp = htons(2000 + fz_below(4));
	bool v6 = fz_chance(20);
	struct nlattr *f;

	if (!v6) {
		memcpy(s, (uint8_t[]){ 10, 1, fz_below(4), fz_below(8) }, 4);
		memcpy(d, (uint8_t[]){ 10, 2, 0, fz_below(4) }, 4);
	} else {
		s[15] = fz_below(8);
		d[15] = fz_below(4);
	}
	/* either direction of the same flow is the same key */
	if (fz_chance(50))
		fkey_make(k, v6 ? 6 : 4, proto, d, dp, s, sp);
	else
		fkey_make(k, v6 ? 6 : 4, proto, s, sp, d, dp);
	lmsg_init(m, nl, LMISF_CMD_FLOW_NEW, 0);
	f = lmsg_nest(m, LMISF_A_FLOW);
	lmsg_put(m, LMISF_FLOW_A_XID, xid, LMISF_XID_LEN);
	lmsg_put_u64(m, LMISF_FLOW_A_CORRELATION_ID, fz_rand());
	lmsg_put_u8(m, LMISF_FLOW_A_PROTO, proto);
	lmsg_put(m, v6 ? LMISF_FLOW_A_SRC_IPV6 : LMISF_FLOW_A_SRC_IPV4, k->lo,
		 v6 ? 16 : 4);
	lmsg_put(m, v6 ? LMISF_FLOW_A_DST_IPV6 : LMISF_FLOW_A_DST_IPV4, k->hi,
		 v6 ? 16 : 4);
	lmsg_put_u16(m, LMISF_FLOW_A_SRC_PORT, k->plo);
	lmsg_put_u16(m, LMISF_FLOW_A_DST_PORT, k->phi);
	lmsg_nest_end(m, f);
}

void build_flow_sel(struct lmsg *m, struct lnl *nl, uint8_t cmd, uint16_t flags,
		    uint32_t id, const uint8_t *xid)
{
	struct nlattr *f;

	lmsg_init(m, nl, cmd, flags);
	if (!id && !xid)
		return;
	f = lmsg_nest(m, LMISF_A_FLOW);
	if (id)
		lmsg_put_u32(m, LMISF_FLOW_A_ID, id);
	if (xid)
		lmsg_put(m, LMISF_FLOW_A_XID, xid, LMISF_XID_LEN);
	lmsg_nest_end(m, f);
}

/* Ports (with repeats, which the kernel folds) and prefixes. */
void build_selector(struct lmsg *m, struct lnl *nl, unsigned int *np,
		    unsigned int *nx)
{
	static const uint8_t protos[] = { IPPROTO_UDP, IPPROTO_TCP,
					  IPPROTO_SCTP };
	uint8_t seen[3][4] = { { 0 } }, a6[16] = { 0xfd, 0 };
	struct nlattr *s, *n;
	unsigned int i, k;

	lmsg_init(m, nl, LMISF_CMD_SELECTOR_SET, 0);
	*np = *nx = 0;
	if (fz_chance(10))
		return; /* no selector at all: emptied */
	s = lmsg_nest(m, LMISF_A_SELECTOR);
	if (fz_chance(3)) {
		/* the largest selector: its GET reply must still fit */
		for (i = 0; i < LMISF_MAX_SELECTOR_PORTS; i++) {
			n = lmsg_nest(m, LMISF_SELECTOR_A_PORT);
			lmsg_put_u8(m, LMISF_PORT_A_PROTO, IPPROTO_SCTP);
			lmsg_put_u16(m, LMISF_PORT_A_PORT, htons(6000 + i));
			lmsg_nest_end(m, n);
		}
		for (i = 0; i < LMISF_MAX_SELECTOR_PREFIXES; i++) {
			n = lmsg_nest(m, LMISF_SELECTOR_A_PREFIX);
			a6[1] = i;
			lmsg_put(m, LMISF_PREFIX_A_IPV6, a6, 16);
			lmsg_put_u8(m, LMISF_PREFIX_A_LEN, 16);
			lmsg_nest_end(m, n);
		}
		*np = LMISF_MAX_SELECTOR_PORTS;
		*nx = LMISF_MAX_SELECTOR_PREFIXES;
		lmsg_nest_end(m, s);
		return;
	}
	for (i = fz_below(5); i; i--) {
		unsigned int p = fz_below(3), port = fz_below(4);

		n = lmsg_nest(m, LMISF_SELECTOR_A_PORT);
		lmsg_put_u8(m, LMISF_PORT_A_PROTO, protos[p]);
		lmsg_put_u16(m, LMISF_PORT_A_PORT, htons(5060 + port));
		lmsg_nest_end(m, n);
		*np += !seen[p][port]++;
	}
	for (i = fz_below(3); i; i--, (*nx)++) {
		n = lmsg_nest(m, LMISF_SELECTOR_A_PREFIX);
		k = fz_below(8);
		if (fz_chance(50)) {
			lmsg_put_u32(m, LMISF_PREFIX_A_IPV4,
				     htonl(0x0a000000 | k << 16));
			lmsg_put_u8(m, LMISF_PREFIX_A_LEN, 16);
		} else {
			a6[1] = k;
			lmsg_put(m, LMISF_PREFIX_A_IPV6, a6, 16);
			lmsg_put_u8(m, LMISF_PREFIX_A_LEN, 16);
		}
		lmsg_nest_end(m, n);
	}
	lmsg_nest_end(m, s);
}

void build_sink(struct lmsg *m, struct lnl *nl, uint8_t cmd, uint32_t cfg[4])
{
	static const uint32_t attr[4] = { LMISF_SINK_A_NLBUFSIZ,
					  LMISF_SINK_A_QTHRESHOLD,
					  LMISF_SINK_A_FLUSH_MS,
					  LMISF_SINK_A_COPY_RANGE };
	const uint32_t lo[4] = { LMISF_NLBUFSIZ_MIN, 1, 1, 0 };
	const uint32_t span[4] = { 1 << 17, 1024, 100, LMISF_COPY_RANGE_MAX };
	struct nlattr *n;
	unsigned int i;

	lmsg_init(m, nl, cmd, 0);
	if (cmd == LMISF_CMD_SINK_BIND && fz_chance(30))
		return;
	n = lmsg_nest(m, LMISF_A_SINK);
	for (i = 0; i < 4; i++) {
		if (fz_chance(50))
			continue;
		cfg[i] = lo[i] + fz_below(span[i]);
		lmsg_put_u32(m, attr[i], cfg[i]);
	}
	lmsg_nest_end(m, n);
}

uint32_t some_flow_id(void)
{
	if (M.nf && fz_chance(70))
		return M.f[fz_below(M.nf)].id;
	return 1 + fz_below(M.last_flow_id + 4);
}

void build_any(struct lmsg *req, struct lnl *nl)
{
	static const uint8_t sel[] = { LMISF_CMD_TASK_DEL, LMISF_CMD_TASK_GET,
				       LMISF_CMD_TASK_REPORT };
	uint8_t xid[LMISF_XID_LEN];
	struct mtask mt;
	struct fkey k;
	unsigned int a, b;
	uint32_t cfg[4];
	struct nlattr *n;

	valid_xid(xid);
	switch (fz_below(9)) {
	case 0:
	case 1:
		build_task(req, nl,
			   fz_chance(70) ? LMISF_CMD_TASK_NEW :
					   LMISF_CMD_TASK_SET,
			   xid, &mt);
		break;
	case 2:
		build_task_sel(req, nl, sel[fz_below(3)], xid);
		break;
	case 3:
		build_flow(req, nl, xid, &k);
		break;
	case 4:
		build_flow_sel(req, nl,
			       fz_chance(50) ? LMISF_CMD_FLOW_DEL :
					       LMISF_CMD_FLOW_GET,
			       fz_chance(30) ? NLM_F_DUMP : 0, some_flow_id(),
			       fz_chance(30) ? xid : NULL);
		break;
	case 5:
		build_selector(req, nl, &a, &b);
		break;
	case 6:
		build_sink(req, nl,
			   fz_chance(50) ? LMISF_CMD_SINK_BIND :
					   LMISF_CMD_SINK_SET,
			   cfg);
		break;
	case 7: /* a task dump resuming after an ID */
		lmsg_init(req, nl, LMISF_CMD_TASK_GET, NLM_F_DUMP);
		n = lmsg_nest(req, LMISF_A_TASK);
		lmsg_put_u32(req, LMISF_TASK_A_ID,
			     fz_below(M.last_task_id + 2));
		lmsg_nest_end(req, n);
		break;
	default: /* any command but TASK_FLUSH without attributes */
		lmsg_init(req, nl, 5 + fz_below(LMISF_CMD_MAX - 4),
			  fz_chance(30) ? NLM_F_DUMP : 0);
	}
}
