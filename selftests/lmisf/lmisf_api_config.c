// SPDX-License-Identifier: GPL-2.0
/*
 * The namespace's settings and state: the signalling selector (default,
 * SELECTOR_SET, SELECTOR_GET and its refusals), CONFIG_SET/GET, STATS_GET
 * with every counter, SINK_GET and SINK_UNBIND without a sink.
 */
#include "lmisf_api.h"

struct selector {
	unsigned int nports, nprefixes;
	uint8_t proto[LMISF_MAX_SELECTOR_PORTS + 1];
	uint16_t port[LMISF_MAX_SELECTOR_PORTS + 1];
};

static int selector_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1], *a;
	struct selector *s = arg;

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (!tb[LMISF_A_SELECTOR])
		return 0;
	lnl_for_each(a, lnl_data(tb[LMISF_A_SELECTOR]),
		     lnl_len(tb[LMISF_A_SELECTOR]))
	{
		const struct nlattr *tp[LMISF_PORT_A_MAX + 1];

		if (lnl_type(a) == LMISF_SELECTOR_A_PREFIX) {
			s->nprefixes++;
			continue;
		}
		if (lnl_type(a) != LMISF_SELECTOR_A_PORT ||
		    s->nports >= LMISF_MAX_SELECTOR_PORTS)
			continue;
		lnl_parse_nest(tp, LMISF_PORT_A_MAX, a);
		s->proto[s->nports] = tp[LMISF_PORT_A_PROTO] ?
					      lnl_u8(tp[LMISF_PORT_A_PROTO]) :
					      0;
		s->port[s->nports] =
			tp[LMISF_PORT_A_PORT] ?
				ntohs(lnl_u16(tp[LMISF_PORT_A_PORT])) :
				0;
		s->nports++;
	}
	return 0;
}

static void put_port(struct lmsg *m, uint8_t proto, uint16_t port)
{
	struct nlattr *p = lmsg_nest(m, LMISF_SELECTOR_A_PORT);

	lmsg_put_u8(m, LMISF_PORT_A_PROTO, proto);
	lmsg_put_u16(m, LMISF_PORT_A_PORT, htons(port));
	lmsg_nest_end(m, p);
}

static struct nlattr *put_prefix4(struct lmsg *m, const char *a, uint8_t len)
{
	struct nlattr *p = lmsg_nest(m, LMISF_SELECTOR_A_PREFIX);

	lmsg_put_u32(m, LMISF_PREFIX_A_IPV4, ip4(a));
	lmsg_put_u8(m, LMISF_PREFIX_A_LEN, len);
	lmsg_nest_end(m, p);
	return p;
}

TEST_F(api, selector_default_set_get)
{
	struct selector s = { 0 };
	struct nlattr *n, *p;
	uint8_t a6[16];
	unsigned int i, udp = 0, tcp = 0;

	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, selector_cb, &s, &self->e));
	for (i = 0; i < s.nports; i++) {
		udp += s.proto[i] == IPPROTO_UDP && s.port[i] == 5060;
		tcp += s.proto[i] == IPPROTO_TCP && s.port[i] == 5060;
	}
	EXPECT_EQ(2, s.nports);
	EXPECT_EQ(1, udp);
	EXPECT_EQ(1, tcp);
	EXPECT_EQ(0, s.nprefixes);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_SET, 0);
	n = lmsg_nest(&self->m, LMISF_A_SELECTOR);
	put_port(&self->m, IPPROTO_UDP, 5070);
	put_port(&self->m, IPPROTO_SCTP, 5060);
	put_port(&self->m, IPPROTO_TCP, 5061);
	put_prefix4(&self->m, "192.0.2.0", 24);
	p = lmsg_nest(&self->m, LMISF_SELECTOR_A_PREFIX);
	ip6("2001:db8:5::", a6);
	lmsg_put(&self->m, LMISF_PREFIX_A_IPV6, a6, 16);
	lmsg_put_u8(&self->m, LMISF_PREFIX_A_LEN, 48);
	lmsg_nest_end(&self->m, p);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);

	memset(&s, 0, sizeof(s));
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, selector_cb, &s, &self->e));
	ASSERT_EQ(3, s.nports);
	EXPECT_EQ(2, s.nprefixes);
	EXPECT_EQ(5070, s.port[0]);
	EXPECT_EQ(IPPROTO_SCTP, s.proto[1]);

	/* Empty selector: nothing is signalling. */
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_SET, 0);
	n = lmsg_nest(&self->m, LMISF_A_SELECTOR);
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);
	memset(&s, 0, sizeof(s));
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, selector_cb, &s, &self->e));
	EXPECT_EQ(0, s.nports);
	EXPECT_EQ(0, s.nprefixes);
}

TEST_F(api, selector_bad)
{
	struct selector s = { 0 };
	struct nlattr *n, *bad;
	int i, j, miss;

	for (i = 0; i < 6; i++) {
		miss = -1;
		lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_SET, 0);
		n = lmsg_nest(&self->m, LMISF_A_SELECTOR);
		put_port(&self->m, IPPROTO_UDP, 5080);
		bad = NULL;
		switch (i) {
		case 0: /* port 0 */
			bad = lmsg_nest(&self->m, LMISF_SELECTOR_A_PORT);
			lmsg_put_u8(&self->m, LMISF_PORT_A_PROTO, IPPROTO_UDP);
			lmsg_put_u16(&self->m, LMISF_PORT_A_PORT, 0);
			lmsg_nest_end(&self->m, bad);
			break;
		case 1: /* ICMP */
			bad = lmsg_nest(&self->m, LMISF_SELECTOR_A_PORT);
			lmsg_put_u8(&self->m, LMISF_PORT_A_PROTO, IPPROTO_ICMP);
			lmsg_put_u16(&self->m, LMISF_PORT_A_PORT, htons(1));
			lmsg_nest_end(&self->m, bad);
			break;
		case 2:
			bad = put_prefix4(&self->m, "192.0.2.0", 33);
			break;
		case 3:
			bad = put_prefix4(&self->m, "192.0.2.1", 24);
			break;
		case 4: /* no address: named as missing, or the nest */
			miss = LMISF_PREFIX_A_IPV4;
			bad = lmsg_nest(&self->m, LMISF_SELECTOR_A_PREFIX);
			lmsg_put_u8(&self->m, LMISF_PREFIX_A_LEN, 8);
			lmsg_nest_end(&self->m, bad);
			break;
		case 5:
			for (j = 0; j < LMISF_MAX_SELECTOR_PORTS; j++)
				put_port(&self->m, IPPROTO_TCP, 6000 + j);
			break;
		}
		lmsg_nest_end(&self->m, n);
		snprintf(lmisf_ctx, sizeof(lmisf_ctx), "case %d", i);
		ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, bad,
			       miss, i == 5 ? "port|many|limit" : NULL);
	}
	/* Nothing changed: still the default. */
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, selector_cb, &s, &self->e));
	EXPECT_EQ(2, s.nports);
	EXPECT_EQ(5060, s.port[0]);

	/* Without LMISF_A_SELECTOR: the selector becomes empty (module). */
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_SET, 0);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);
	memset(&s, 0, sizeof(s));
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SELECTOR_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, selector_cb, &s, &self->e));
	EXPECT_EQ(0, s.nports);
	EXPECT_EQ(0, s.nprefixes);
}

static int config_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	const struct nlattr *tc[LMISF_CONFIG_A_MAX + 1];

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (!tb[LMISF_A_CONFIG])
		return 0;
	lnl_parse_nest(tc, LMISF_CONFIG_A_MAX, tb[LMISF_A_CONFIG]);
	if (tc[LMISF_CONFIG_A_GTPU_PORT])
		*(int *)arg = ntohs(lnl_u16(tc[LMISF_CONFIG_A_GTPU_PORT]));
	return 0;
}

TEST_F(api, config)
{
	struct nlattr *n, *p;
	int port = -1;

	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, config_cb, &port, &self->e));
	EXPECT_EQ(2152, port);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_SET, 0);
	n = lmsg_nest(&self->m, LMISF_A_CONFIG);
	lmsg_put_u16(&self->m, LMISF_CONFIG_A_GTPU_PORT, htons(2153));
	lmsg_nest_end(&self->m, n);
	ASSERT_EQ(0, TALK(self)) TH_LOG("%s", self->e.msg);
	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, config_cb, &port, &self->e));
	EXPECT_EQ(2153, port);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_SET, 0);
	n = lmsg_nest(&self->m, LMISF_A_CONFIG);
	p = lmsg_put(&self->m, LMISF_CONFIG_A_GTPU_PORT, "\0\0", 2);
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, p, -1, NULL);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_SET, 0);
	n = lmsg_nest(&self->m, LMISF_A_CONFIG);
	p = lmsg_put(&self->m, LMISF_CONFIG_A_GTPU_PORT, "\0\0\0\1", 4);
	lmsg_nest_end(&self->m, n);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, p, -1, NULL);

	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_SET, 0);
	ASSERT_NL_FAIL(TALK(self), self->e, EBADINPUT, &self->m, NULL,
		       LMISF_A_CONFIG, "config");
	lmsg_init(&self->m, &self->nl, LMISF_CMD_CONFIG_GET, 0);
	ASSERT_EQ(0, lnl_talk(&self->nl, &self->m, config_cb, &port, &self->e));
	EXPECT_EQ(2153, port);
}

TEST_F(api, stats_has_every_counter)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	int i;

	ASSERT_EQ(0, stats_get(&self->nl, st));
	for (i = LMISF_STATS_A_PACKETS; i <= LMISF_STATS_A_MAX; i++)
		if (i != LMISF_STATS_A_PAD)
			EXPECT_NE(UINT64_MAX, st[i])
	TH_LOG("stats attribute %d missing", i);
	EXPECT_EQ(0, st[LMISF_STATS_A_TASKS]);
	EXPECT_EQ(0, st[LMISF_STATS_A_COPIES]);
}

TEST_F(api, sink_get_unbound)
{
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SINK_GET, 0);
	ASSERT_NL_FAIL(TALK(self), self->e, ENOENT, &self->m, NULL, -1, "sink");
	/* Unbind or set without being the sink. */
	lmsg_init(&self->m, &self->nl, LMISF_CMD_SINK_UNBIND, 0);
	EXPECT_NE(0, TALK(self));
}

LMISF_API_MAIN
