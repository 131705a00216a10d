// SPDX-License-Identifier: GPL-2.0
/*
 * lmisf-reader: binds the namespace's lmisf sink and reads copies the way an
 * agent would (each copy's attributes walked, its header read, its packet
 * touched), then prints one line:
 *
 *   lmisf copies=N gaps=G enobufs=E datagrams=D ns=SPAN cps=RATE made=M delivered=D
 *         drop_rcvbuf=R drop_nomem=X drop_unbind=U
 *
 * gaps: sequence numbers never seen, trailing ones included (against the
 * sink's next sequence number); the drop counters are this run's deltas of
 * the namespace stats, and gaps must equal their sum. SPAN runs from the
 * first copy to the last.
 *
 * Usage: lmisf-reader [-r RCVBUF] [-n NLBUFSIZ] [-Q QTHRESHOLD]
 *        [-f FLUSH_MS] [-d DELAY_US] [-w READYFILE] [-i IDLE_MS]
 * DELAY_US: sleep after each datagram read (a deliberately slow agent).
 * Stops IDLE_MS (default 2000) after the last copy, or on SIGTERM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "genl.h"
#include "readloop.h"

static unsigned long long ncopies, gaps, last_seq, touched;

static int copy_attr_cb(const struct nlattr *a, void *data)
{
	struct lmisf_copy_hdr h;
	const uint8_t *p;

	switch (mnl_attr_get_type(a)) {
	case LMISF_COPY_A_HDR:
		if (mnl_attr_get_payload_len(a) < sizeof(h))
			return MNL_CB_ERROR;
		memcpy(&h, mnl_attr_get_payload(a), sizeof(h));
		*(uint64_t *)data = h.seq;
		break;
	case LMISF_COPY_A_PACKET:
		p = mnl_attr_get_payload(a);
		if (mnl_attr_get_payload_len(a))
			touched += p[0];
		break;
	}
	return MNL_CB_OK;
}

static int msg_attr_cb(const struct nlattr *a, void *data)
{
	uint64_t seq = 0;

	(void)data;
	if (mnl_attr_get_type(a) != LMISF_A_COPY)
		return MNL_CB_OK;
	mnl_attr_parse_nested(a, copy_attr_cb, &seq);
	ncopies++;
	if (seq > last_seq + 1)
		gaps += seq - last_seq - 1;
	if (seq > last_seq)
		last_seq = seq;
	return MNL_CB_OK;
}

static unsigned long long on_datagram(const void *buf, int len)
{
	unsigned long long before = ncopies;
	const struct nlmsghdr *nlh = buf;

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		const struct genlmsghdr *gh = mnl_nlmsg_get_payload(nlh);

		if (nlh->nlmsg_type >= NLMSG_MIN_TYPE &&
		    gh->cmd == LMISF_CMD_COPY)
			mnl_attr_parse(nlh, sizeof(*gh), msg_attr_cb, NULL);
	}
	return ncopies - before;
}

static int sink_attr_cb(const struct nlattr *s, void *data)
{
	if (mnl_attr_get_type(s) == LMISF_SINK_A_NEXT_SEQ)
		*(uint64_t *)data = mnl_attr_get_u64(s);
	return MNL_CB_OK;
}

static int next_seq_attr_cb(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == LMISF_A_SINK)
		return mnl_attr_parse_nested(a, sink_attr_cb, data);
	return MNL_CB_OK;
}

static int next_seq_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), next_seq_attr_cb,
			      data);
}

int main(int argc, char **argv)
{
	struct readloop rl = READLOOP_INIT(on_datagram);
	uint64_t st0[LMISF_STATS_A_MAX + 1], st1[LMISF_STATS_A_MAX + 1];
	long flush = 10;
	char req[MNL_SOCKET_BUFFER_SIZE];
	uint64_t next_seq = 0;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct genl sink, ctl;
	int opt, rb;

	while ((opt = getopt(argc, argv, "f:" READLOOP_OPTS)) != -1) {
		if (opt == 'f')
			flush = strtol(optarg, NULL, 0);
		else if (readloop_opt(&rl, opt, optarg)) {
			fprintf(stderr, "usage: see lmisf_reader.c\n");
			return 2;
		}
	}
	readloop_signals();
	if (genl_open(&sink) || genl_open(&ctl))
		return 1;
	rb = rl.rcvbuf;
	if (setsockopt(mnl_socket_get_fd(sink.nl), SOL_SOCKET, SO_RCVBUFFORCE,
		       &rb, sizeof(rb))) {
		perror("lmisf-reader: SO_RCVBUFFORCE");
		return 1;
	}
	if (genl_stats(&ctl, st0)) {
		perror("lmisf-reader: stats");
		return 1;
	}
	nlh = genl_msg(&sink, req, LMISF_CMD_SINK_BIND, 0);
	nest = mnl_attr_nest_start(nlh, LMISF_A_SINK);
	mnl_attr_put_u32(nlh, LMISF_SINK_A_NLBUFSIZ, rl.nlbufsiz);
	mnl_attr_put_u32(nlh, LMISF_SINK_A_QTHRESHOLD, rl.qthreshold);
	mnl_attr_put_u32(nlh, LMISF_SINK_A_FLUSH_MS, flush);
	mnl_attr_nest_end(nlh, nest);
	if (genl_talk(&sink, nlh, NULL, NULL)) {
		perror("lmisf-reader: bind");
		return 1;
	}
	if (readloop_run(&rl, mnl_socket_get_fd(sink.nl)))
		return 1;
	nlh = genl_msg(&ctl, req, LMISF_CMD_SINK_GET, 0);
	if (!genl_talk(&ctl, nlh, next_seq_cb, &next_seq) &&
	    next_seq > last_seq + 1)
		gaps += next_seq - last_seq - 1;
	genl_close(&sink); /* unbinds */
	if (genl_stats(&ctl, st1)) {
		perror("lmisf-reader: stats");
		return 1;
	}
#define D(x) \
	(unsigned long long)(st1[LMISF_STATS_A_##x] - st0[LMISF_STATS_A_##x])
	printf("lmisf copies=%llu gaps=%llu enobufs=%llu datagrams=%llu ns=%lld cps=%.0f "
	       "made=%llu delivered=%llu drop_rcvbuf=%llu drop_nomem=%llu "
	       "drop_unbind=%llu\n",
	       rl.copies, gaps, rl.enobufs, rl.datagrams,
	       rl.last_ns - rl.first_ns, readloop_cps(&rl), D(COPIES),
	       D(DELIVERED), D(DROP_RCVBUF), D(DROP_NOMEM), D(DROP_UNBIND));
	genl_close(&ctl);
	return 0;
}
