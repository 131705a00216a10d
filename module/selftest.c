// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the parsers and key builders, run at module load in DEBUG
 * builds (make module-debug, or CONFIG_LMISF_DEBUG in a kernel tree).
 */

#ifdef DEBUG

#include <linux/skbuff.h>
#include "flow.h"
#include "gtpu.h"
#include "ident.h"
#include "selftest.h"
#include "target.h"

static const u8 inner4[] = { 0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0,
			     10, 0, 0, 1, 10, 0, 0, 2 };

struct gtpu_case {
	const char *name;
	u8 flags, type;
	int len_adj;			/* added to the correct length field */
	const u8 *opt;			/* bytes between header and inner */
	unsigned int opt_len;
	const u8 *inner;
	unsigned int inner_len;
	enum lmisf_gtpu_result want;
	unsigned int want_inner;	/* offset, for T-PDUs */
};

static const u8 opt_seq[] = { 0, 1, 0, 0 };
static const u8 opt_ext[] = { 0, 0, 0, 0x85, 1, 0x10, 0x09, 0 };
static const u8 opt_ext2[] = { 0, 0, 0, 0x85, 1, 0x10, 0x09, 0x40,
			       2, 0, 0, 0, 0, 0, 0, 0 };
static const u8 opt_ext0[] = { 0, 0, 0, 0x85, 0, 0, 0, 0 };
static const u8 opt_ext_long[] = { 0, 0, 0, 0x85, 3, 0, 0, 0 };
static const u8 opt_loop[] = { 0, 0, 0, 0x85,
	1, 0, 0, 0x85, 1, 0, 0, 0x85, 1, 0, 0, 0x85, 1, 0, 0, 0x85,
	1, 0, 0, 0x85, 1, 0, 0, 0x85, 1, 0, 0, 0x85, 1, 0, 0, 0x85,
	1, 0, 0, 0x85, 1, 0, 0, 0x85, 1, 0, 0, 0x85, 1, 0, 0, 0x85,
	1, 0, 0, 0x85, 1, 0, 0, 0x85, 1, 0, 0, 0x85, 1, 0, 0, 0x85,
	1, 0, 0, 0 };
static const u8 not_ip[] = { 0x00, 1, 2, 3 };

static const struct gtpu_case gtpu_cases[] = {
	{ "plain T-PDU", 0x30, 0xff, 0, NULL, 0, inner4, 20,
	  LMISF_GTPU_TPDU, 8 },
	{ "sequence number", 0x32, 0xff, 0, opt_seq, 4, inner4, 20,
	  LMISF_GTPU_TPDU, 12 },
	{ "PDU session container", 0x34, 0xff, 0, opt_ext, 8, inner4, 20,
	  LMISF_GTPU_TPDU, 16 },
	{ "two extensions", 0x34, 0xff, 0, opt_ext2, 16, inner4, 20,
	  LMISF_GTPU_TPDU, 24 },
	{ "next type without E flag", 0x32, 0xff, 0, opt_ext + 0, 4, inner4,
	  20, LMISF_GTPU_TPDU, 12 },
	{ "extension length 0", 0x34, 0xff, 0, opt_ext0, 8, inner4, 20,
	  LMISF_GTPU_MALFORMED },
	{ "extension past the end", 0x34, 0xff, -20, opt_ext_long, 8, inner4,
	  20, LMISF_GTPU_MALFORMED },
	{ "extension chain too long", 0x34, 0xff, 0, opt_loop,
	  sizeof(opt_loop), inner4, 20, LMISF_GTPU_MALFORMED },
	{ "length past the datagram", 0x30, 0xff, 1, NULL, 0, inner4, 20,
	  LMISF_GTPU_MALFORMED },
	{ "GTPv2", 0x48, 0xff, 0, NULL, 0, inner4, 20, LMISF_GTPU_MALFORMED },
	{ "GTP'", 0x20, 0xff, 0, NULL, 0, inner4, 20, LMISF_GTPU_MALFORMED },
	{ "echo request", 0x32, 0x01, 0, opt_seq, 4, NULL, 0,
	  LMISF_GTPU_NOT_TPDU },
	{ "end marker", 0x30, 0xfe, 0, NULL, 0, NULL, 0, LMISF_GTPU_NOT_TPDU },
	{ "non-IP payload", 0x30, 0xff, 0, NULL, 0, not_ip, 4,
	  LMISF_GTPU_MALFORMED },
	{ "no payload", 0x30, 0xff, 0, NULL, 0, NULL, 0,
	  LMISF_GTPU_MALFORMED },
};

static bool gtpu_case_ok(const struct gtpu_case *c)
{
	unsigned int len = 8 + c->opt_len + c->inner_len, inner = 0;
	enum lmisf_gtpu_result got;
	struct sk_buff *skb;
	u32 teid = 0;
	u8 hdr[8];

	skb = alloc_skb(len, GFP_KERNEL);
	if (!skb)
		return false;
	hdr[0] = c->flags;
	hdr[1] = c->type;
	hdr[2] = (len - 8 + c->len_adj) >> 8;
	hdr[3] = (len - 8 + c->len_adj) & 0xff;
	hdr[4] = 1;
	hdr[5] = 2;
	hdr[6] = 3;
	hdr[7] = 4;
	skb_put_data(skb, hdr, sizeof(hdr));
	if (c->opt_len)
		skb_put_data(skb, c->opt, c->opt_len);
	if (c->inner_len)
		skb_put_data(skb, c->inner, c->inner_len);
	got = lmisf_gtpu_parse(skb, 0, skb->len, &teid, &inner);
	kfree_skb(skb);
	if (got != c->want ||
	    (got == LMISF_GTPU_TPDU &&
	     (inner != c->want_inner || teid != 0x01020304))) {
		pr_err("gtpu self-test '%s': got %d (inner %u)\n", c->name,
		       got, inner);
		return false;
	}
	return true;
}

struct ident_case {
	u32 type;
	const char *value;
	bool valid;
};

static const struct ident_case ident_cases[] = {
	{ LMISF_TARGET_SIP_URI, "sip:alice@ims.example", true },
	{ LMISF_TARGET_SIP_URI, "SIPS:alice@ims.example", true },
	{ LMISF_TARGET_SIP_URI, "sip:", false },
	{ LMISF_TARGET_SIP_URI, "sip:al ice@x", false },
	{ LMISF_TARGET_SIP_URI, "tel:+123", false },
	{ LMISF_TARGET_TEL_URI, "tel:+4930123", true },
	{ LMISF_TARGET_IMPU, "tel:+4930123", true },
	{ LMISF_TARGET_IMPU, "sip:a@b", true },
	{ LMISF_TARGET_IMPU, "mailto:a@b", false },
	{ LMISF_TARGET_IMPI, "001010123456789@ims.mnc001.mcc001", true },
	{ LMISF_TARGET_IMPI, "@realm", false },
	{ LMISF_TARGET_IMPI, "user@", false },
	{ LMISF_TARGET_NAI, "user", false },
	{ LMISF_TARGET_IMSI, "001010123456789", true },
	{ LMISF_TARGET_IMSI, "00101", false },
	{ LMISF_TARGET_IMSI, "0010101234567890", false },
	{ LMISF_TARGET_IMSI, "00101012345678a", false },
	{ LMISF_TARGET_SUPI, "imsi-001010123456789", true },
	{ LMISF_TARGET_SUPI, "nai-user@realm", true },
	{ LMISF_TARGET_SUPI, "001010123456789", false },
	{ LMISF_TARGET_IMEI, "35693803564380", true },
	{ LMISF_TARGET_IMEI, "356938035643809", true },
	{ LMISF_TARGET_IMEI, "3569380356438", false },
	{ LMISF_TARGET_PEI, "imei-356938035643809", true },
	{ LMISF_TARGET_PEI, "imeisv-3569380356438091", true },
	{ LMISF_TARGET_PEI, "imei-35693803564380", false },
	{ LMISF_TARGET_E164, "+491701234567", true },
	{ LMISF_TARGET_E164, "491701234567", true },
	{ LMISF_TARGET_E164, "+", false },
	{ LMISF_TARGET_E164, "+4917012345678901", false },
};

static bool flow_key_ok(void)
{
	union nf_inet_addr a = { .ip = htonl(0x0a000002) };
	union nf_inet_addr b = { .ip = htonl(0x0a000102) };
	struct lmisf_flow_key k1, k2;

	lmisf_flow_key_make(&k1, NFPROTO_IPV4, IPPROTO_UDP, &a, htons(4000),
			    &b, htons(4002));
	lmisf_flow_key_make(&k2, NFPROTO_IPV4, IPPROTO_UDP, &b, htons(4002),
			    &a, htons(4000));
	if (memcmp(&k1, &k2, sizeof(k1)))
		return false;
	/* same addresses: the ports order the endpoints */
	lmisf_flow_key_make(&k1, NFPROTO_IPV4, IPPROTO_UDP, &a, htons(4000),
			    &a, htons(4002));
	lmisf_flow_key_make(&k2, NFPROTO_IPV4, IPPROTO_UDP, &a, htons(4002),
			    &a, htons(4000));
	return !memcmp(&k1, &k2, sizeof(k1));
}

static bool mask_ok(void)
{
	union nf_inet_addr a = { .ip = htonl(0x0a0b0c0d) }, m;
	union nf_inet_addr a6 = { .all = { htonl(0xfd000000), 0, 0, 1 } };
	union nf_inet_addr want6 = { .all = { htonl(0xfd000000) } };

	lmisf_addr_mask(NFPROTO_IPV4, &m, &a, 0);
	if (m.ip)
		return false;
	lmisf_addr_mask(NFPROTO_IPV4, &m, &a, 24);
	if (m.ip != htonl(0x0a0b0c00) || m.all[1])
		return false;
	lmisf_addr_mask(NFPROTO_IPV4, &m, &a, 32);
	if (m.ip != a.ip)
		return false;
	lmisf_addr_mask(NFPROTO_IPV6, &m, &a6, 64);
	return !memcmp(&m, &want6, sizeof(m));
}

bool __init lmisf_selftest(void)
{
	bool ok = true;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(gtpu_cases); i++)
		ok &= gtpu_case_ok(&gtpu_cases[i]);
	for (i = 0; i < ARRAY_SIZE(ident_cases); i++) {
		const struct ident_case *c = &ident_cases[i];

		if (lmisf_ident_valid(c->type, c->value, strlen(c->value)) !=
		    c->valid) {
			pr_err("ident self-test %u: '%s' misjudged\n", c->type,
			       c->value);
			ok = false;
		}
	}
	if (!flow_key_ok()) {
		pr_err("flow key self-test failed\n");
		ok = false;
	}
	if (!mask_ok()) {
		pr_err("address mask self-test failed\n");
		ok = false;
	}
	if (ok)
		pr_info("self-tests: pass\n");
	return ok;
}

#endif /* DEBUG */
