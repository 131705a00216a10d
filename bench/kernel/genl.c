// SPDX-License-Identifier: GPL-2.0
#include "genl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int family_attr_cb(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
		*(uint16_t *)data = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb,
			      data);
}

int genl_open(struct genl *g)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct genlmsghdr *gh;
	int one = 1;

	memset(g, 0, sizeof(*g));
	g->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!g->nl || mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("netlink");
		return -1;
	}
	mnl_socket_setsockopt(g->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(g->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	g->portid = mnl_socket_get_portid(g->nl);
	g->seq = time(NULL);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++g->seq;
	gh = mnl_nlmsg_put_extra_header(nlh, sizeof(*gh));
	gh->cmd = CTRL_CMD_GETFAMILY;
	gh->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, LMISF_GENL_NAME);
	g->family = GENL_ID_CTRL;
	if (genl_talk(g, nlh, family_cb, &g->family) ||
	    g->family == GENL_ID_CTRL) {
		fprintf(stderr, "genl: family %s not found (module loaded?)\n",
			LMISF_GENL_NAME);
		return -1;
	}
	return 0;
}

void genl_close(struct genl *g)
{
	if (g->nl)
		mnl_socket_close(g->nl);
	g->nl = NULL;
}

struct nlmsghdr *genl_msg(struct genl *g, void *buf, uint8_t cmd,
			  uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *gh;

	nlh->nlmsg_type = g->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++g->seq;
	gh = mnl_nlmsg_put_extra_header(nlh, sizeof(*gh));
	gh->cmd = cmd;
	gh->version = LMISF_GENL_VERSION;
	return nlh;
}

int genl_talk(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(g->nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, n, seq, g->portid, cb, data);
	} while (ret > 0);
	return ret < 0 ? -errno : 0;
}

static int stat_cb(const struct nlattr *s, void *data)
{
	uint16_t t = mnl_attr_get_type(s);

	if (t <= LMISF_STATS_A_MAX &&
	    mnl_attr_get_payload_len(s) == sizeof(uint64_t))
		((uint64_t *)data)[t] = mnl_attr_get_u64(s);
	return MNL_CB_OK;
}

static int stats_attr_cb(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == LMISF_A_STATS)
		return mnl_attr_parse_nested(a, stat_cb, data);
	return MNL_CB_OK;
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), stats_attr_cb,
			      data);
}

int genl_stats(struct genl *g, uint64_t st[LMISF_STATS_A_MAX + 1])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	memset(st, 0, sizeof(uint64_t) * (LMISF_STATS_A_MAX + 1));
	return genl_talk(g, genl_msg(g, buf, LMISF_CMD_STATS_GET, 0), stats_cb,
			 st);
}
