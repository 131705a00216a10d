// SPDX-License-Identifier: GPL-2.0
/*
 * Bounds of the netlink message walk on the data socket: what libmnl's
 * attribute walkers may touch must lie inside the datagram.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "config.h"
#include "log.h"
#include "nlmsg.h"
#include "nlsource.h"

/*
 * Found by fuzz_nlsource: a FLOW_NTF whose nlmsg_len (58) is not padded,
 * alone in a 59-byte datagram; the flow nest and its XID end at the padded
 * length (60), one octet past the datagram, and the XID was copied from
 * there.
 */
static const uint8_t unpadded_flow_ntf[] =
	"\x3a\x00\x00\x00\x34\x12\x00\x00" /* nlmsghdr: len 58 */
	"\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x15\x01\x00\x00" /* genl: FLOW_NTF */
	"\x08\x00\x08\x00\x03\x00\x00\x00" /* EVENT */
	"\x20\x00\x02\x80" /* FLOW nest, 32 octets: to offset 60 */
	"\x08\x00\x01\x00\x11\x00\x00\x00" /* FLOW_A_ID */
	"\x14\x00\x02\x00\x00\x00\x00\x00" /* FLOW_A_XID, 16 octets */
	"\x00\x00\x00\x08\x00\x09\x00\x03"
	"\x00\x00\x00"; /* the datagram ends here (59) */

TEST(unpadded_message_is_refused)
{
	size_t len = sizeof(unpadded_flow_ntf) - 1; /* no NUL */
	uint8_t *buf = malloc(len);
	const struct nlsource_stats *st;
	struct lm_config cfg;
	struct pipeline *pl;
	struct nlsource *ns;

	ASSERT_NE(NULL, buf);
	log_set_level(LOG_LVL_ERR);
	config_default(&cfg);
	pl = pipeline_new(&cfg, PL_SRC_KERNEL);
	ASSERT_NE(NULL, pl);
	ns = nlsource_new_detached(pl);
	ASSERT_NE(NULL, ns);
	/* exactly the datagram: ASan sees a read past it */
	memcpy(buf, unpadded_flow_ntf, len);
	nlsource_input(ns, buf, len);
	st = nlsource_get_stats(ns);
	EXPECT_EQ(1, st->bad_messages);
	free(buf);
	nlsource_free(ns);
	pipeline_free(pl);
}

TEST(padded_length_must_fit)
{
	uint8_t buf[64] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	nlh->nlmsg_len = 58;
	EXPECT_FALSE(nl_msg_ok(nlh, 58));
	EXPECT_FALSE(nl_msg_ok(nlh, 59));
	EXPECT_TRUE(nl_msg_ok(nlh, 60));
	nlh->nlmsg_len = 60;
	EXPECT_TRUE(nl_msg_ok(nlh, 60));
	EXPECT_FALSE(nl_msg_ok(nlh, 59));
	nlh->nlmsg_len = 0xfffffffe; /* the padded length wraps to 0 */
	EXPECT_FALSE(nl_msg_ok(nlh, sizeof(buf)));
}

TEST_HARNESS_MAIN
