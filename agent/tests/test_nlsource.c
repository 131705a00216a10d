// SPDX-License-Identifier: GPL-2.0
/*
 * The live source's message handling, fed with netlink datagrams built
 * here with libmnl as the module sends them (uapi/linux/lmisf.h): copy
 * batches (sequence gaps counted exactly, GTP-U copies, matches), task
 * and flow events (the task mirror follows), errors, malformed input.
 */
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/netfilter.h>
#include <stdlib.h>

/* the harness defines fixture functions without prototypes */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#include "kselftest_harness.h"

#include "nlmsg.h"
#include "nlsource.h"
#include "pkt_build.h"

#define FAMILY 0x1234

static const char options[] =
	"OPTIONS sip:bob@ims.example SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 10.45.0.7:5060;branch=z9hG4bK1\r\n"
	"From: <sip:alice@ims.example>;tag=a1\r\n"
	"To: <sip:bob@ims.example>\r\n"
	"Call-ID: c1@10.45.0.7\r\n"
	"CSeq: 1 OPTIONS\r\n"
	"Content-Length: 0\r\n\r\n";

static const uint8_t xid1[16] = { 0x2b, 0x5e, 0x3f, 0x4c, 1 };
static const uint8_t did1[16] = { 0x7f, 0x1d, 0x1a, 0x52, 2 };

/* A datagram under construction: messages appended back to back. */
struct dgram {
	uint8_t b[1 << 16] __attribute__((aligned(4)));
	size_t len;
};

static struct nlmsghdr *msg(struct dgram *d, uint16_t type, uint8_t cmd,
			    uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(d->b + d->len);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

static void done(struct dgram *d, struct nlmsghdr *nlh)
{
	d->len += NLMSG_ALIGN(nlh->nlmsg_len);
}

static void put_done(struct dgram *d)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(d->b + d->len);

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	d->len += NLMSG_ALIGN(nlh->nlmsg_len);
}

static void put_hdr(struct nlmsghdr *nlh, uint64_t seq, uint32_t kind,
		    uint32_t orig_len, int gtpu_inner)
{
	struct lmisf_copy_hdr h = {
		.seq = seq,
		.tstamp = 1700000000000000000ULL + seq,
		.kind = kind,
		.hook = NF_INET_PRE_ROUTING,
		.ifindex_in = 3,
		.orig_len = orig_len,
	};

	if (gtpu_inner) {
		h.flags = LMISF_COPY_F_GTPU;
		h.teid = 0x1234;
		h.inner_offset = (uint32_t)gtpu_inner;
	}
	mnl_attr_put(nlh, LMISF_COPY_A_HDR, sizeof(h), &h);
}

/* One copy of @pkt with sequence @seq and @nmatch task matches. */
static void put_copy(struct dgram *d, uint64_t seq, const uint8_t *pkt,
		     size_t len, int nmatch, int gtpu_inner)
{
	struct nlmsghdr *nlh = msg(d, FAMILY, LMISF_CMD_COPY, NLM_F_MULTI);
	struct nlattr *c = mnl_attr_nest_start(nlh, LMISF_A_COPY);
	struct lmisf_copy_match m = {
		.correlation_id = 42,
		.kind = LMISF_COPY_TARGET,
		.flags = LMISF_MATCH_F_CORRELATION_ID,
	};

	memcpy(m.xid, xid1, sizeof(m.xid));
	put_hdr(nlh, seq,
		LMISF_COPY_SIGNALLING | (nmatch ? LMISF_COPY_TARGET : 0),
		(uint32_t)len, gtpu_inner);
	for (int i = 0; i < nmatch; i++)
		mnl_attr_put(nlh, LMISF_COPY_A_MATCH, sizeof(m), &m);
	mnl_attr_put(nlh, LMISF_COPY_A_PACKET, len, pkt);
	mnl_attr_nest_end(nlh, c);
	done(d, nlh);
}

struct rec {
	int sip, tunnelled, packets, matches, task_new, task_mod, task_del;
	uint64_t seq_last, lost, loss_calls;
	uint32_t teid, gone_id, gone_reason;
	uint64_t corr;
	int hook;
};

static void rec_sip(void *ctx, const struct pl_sip *s)
{
	struct rec *r = ctx;

	r->sip++;
	if (s->tunnelled) {
		r->tunnelled++;
		r->teid = s->teid;
	}
	r->seq_last = s->origin ? s->origin->seq : 0;
	r->hook = s->origin ? s->origin->hook : -2;
}

static void rec_packet(void *ctx, const struct pl_packet *p)
{
	struct rec *r = ctx;

	r->packets++;
	r->matches += (int)p->origin->n_matches;
	r->corr = p->origin->matches[0].correlation_id;
}

static void rec_task(void *ctx, enum task_event ev, const struct task *t)
{
	struct rec *r = ctx;

	(void)t;
	if (ev == TASK_EV_NEW)
		r->task_new++;
	else if (ev == TASK_EV_MODIFIED)
		r->task_mod++;
	else
		r->task_del++;
}

static void rec_loss(void *ctx, uint64_t n)
{
	struct rec *r = ctx;

	r->loss_calls++;
	r->lost += n;
}

static void rec_gone(void *ctx, uint32_t id, uint32_t reason)
{
	struct rec *r = ctx;

	r->gone_id = id;
	r->gone_reason = reason;
}

FIXTURE(src)
{
	struct lm_config cfg;
	struct pipeline *pl;
	struct nlsource *ns;
	struct rec r;
	struct dgram d;
	uint8_t pkt[PB_MAX];
	size_t pkt_len;
};

FIXTURE_SETUP(src)
{
	struct pl_consumer c = {
		.ctx = &self->r,
		.sip = rec_sip,
		.packet = rec_packet,
		.task_event = rec_task,
		.loss = rec_loss,
		.flow_gone = rec_gone,
	};

	memset(&self->r, 0, sizeof(self->r));
	self->d.len = 0;
	config_default(&self->cfg);
	self->pl = pipeline_new(&self->cfg, PL_SRC_KERNEL);
	ASSERT_NE(NULL, self->pl);
	pl_set_consumer(self->pl, &c);
	self->ns = nlsource_new_detached(self->pl);
	ASSERT_NE(NULL, self->ns);
	self->pkt_len = pb_udp4(self->pkt, "10.45.0.7", "192.0.2.20", 5060,
				5060, options, strlen(options));
}

FIXTURE_TEARDOWN(src)
{
	nlsource_free(self->ns);
	pipeline_free(self->pl);
}

TEST_F(src, batch_with_gap)
{
	const struct nlsource_stats *st = nlsource_get_stats(self->ns);

	/* one batch: 1, 2, 5 (3 and 4 dropped by the module), DONE */
	put_copy(&self->d, 1, self->pkt, self->pkt_len, 0, 0);
	put_copy(&self->d, 2, self->pkt, self->pkt_len, 1, 0);
	put_copy(&self->d, 5, self->pkt, self->pkt_len, 0, 0);
	put_done(&self->d);
	nlsource_input(self->ns, self->d.b, self->d.len);
	EXPECT_EQ(1, st->rx_datagrams);
	EXPECT_EQ(3, st->rx_copies);
	EXPECT_EQ(3 * self->pkt_len, st->rx_bytes);
	EXPECT_EQ(1, st->seq_gaps);
	EXPECT_EQ(2, st->seq_lost);
	EXPECT_EQ(0, st->bad_messages);
	EXPECT_TRUE(nlsource_resync_pending(self->ns));
	EXPECT_EQ(2, pipeline_get_stats(self->pl)->lost_copies);
	EXPECT_EQ(1, pipeline_get_stats(self->pl)->loss_events);
	EXPECT_EQ(1, self->r.loss_calls);
	EXPECT_EQ(2, self->r.lost);
	/* every copy's SIP message reached the IMS layer with its origin */
	EXPECT_EQ(3, self->r.sip);
	EXPECT_EQ(3, pipeline_get_stats(self->pl)->sip_udp);
	EXPECT_EQ(5, self->r.seq_last);
	EXPECT_EQ(NF_INET_PRE_ROUTING, self->r.hook);
	/* only the matched copy is offered for xCC */
	EXPECT_EQ(1, self->r.packets);
	EXPECT_EQ(1, self->r.matches);
	EXPECT_EQ(42, self->r.corr);

	/* the next batch continues at 6: no new gap; 6 again: backwards */
	self->d.len = 0;
	put_copy(&self->d, 6, self->pkt, self->pkt_len, 0, 0);
	put_copy(&self->d, 6, self->pkt, self->pkt_len, 0, 0);
	put_done(&self->d);
	nlsource_input(self->ns, self->d.b, self->d.len);
	EXPECT_EQ(1, st->seq_gaps);
	EXPECT_EQ(2, st->seq_lost);
	EXPECT_EQ(1, st->seq_backwards);
	EXPECT_EQ(5, st->rx_copies);
}

TEST_F(src, first_copy_not_one)
{
	/* copies 1..9 were lost before the first one arrived */
	put_copy(&self->d, 10, self->pkt, self->pkt_len, 0, 0);
	nlsource_input(self->ns, self->d.b, self->d.len);
	EXPECT_EQ(9, nlsource_get_stats(self->ns)->seq_lost);
}

TEST_F(src, gtpu_copy)
{
	static uint8_t outer[PB_MAX];
	size_t n = pb_gtpu4(outer, "10.0.0.1", "10.0.0.2", 0x1234, self->pkt,
			    self->pkt_len);

	/* IPv4 (20) + UDP (8) + GTP-U (8) */
	put_copy(&self->d, 1, outer, n, 1, 36);
	nlsource_input(self->ns, self->d.b, self->d.len);
	EXPECT_EQ(1, self->r.sip);
	EXPECT_EQ(1, self->r.tunnelled);
	EXPECT_EQ(0x1234, self->r.teid);
	/* the decoder agreed with the module's decapsulation */
	EXPECT_EQ(1, pipeline_decode_stats(self->pl)->gtpu_decap);
	EXPECT_EQ(0, pipeline_decode_stats(self->pl)->gtpu_kernel_mismatch);
}

TEST_F(src, too_many_matches)
{
	put_copy(&self->d, 1, self->pkt, self->pkt_len, PL_MAX_MATCHES + 3, 0);
	nlsource_input(self->ns, self->d.b, self->d.len);
	EXPECT_EQ(3, nlsource_get_stats(self->ns)->matches_dropped);
	EXPECT_EQ(PL_MAX_MATCHES, self->r.matches);
}

/* A newer kernel may append members to the structs: the known part is read. */
TEST_F(src, longer_structs)
{
	struct nlmsghdr *nlh = msg(&self->d, FAMILY, LMISF_CMD_COPY, 0);
	struct nlattr *c = mnl_attr_nest_start(nlh, LMISF_A_COPY);
	struct {
		struct lmisf_copy_hdr h;
		uint32_t more[2];
	} h = { .h = { .seq = 1, .kind = LMISF_COPY_TARGET, .hook = 1 },
		.more = { 0xffffffff, 0xffffffff } };
	struct {
		struct lmisf_copy_match m;
		uint32_t more[3];
	} m = { .m = { .correlation_id = 77,
		       .kind = LMISF_COPY_TARGET,
		       .flags = LMISF_MATCH_F_CORRELATION_ID },
		.more = { 0xffffffff, 0xffffffff, 0xffffffff } };

	mnl_attr_put(nlh, LMISF_COPY_A_HDR, sizeof(h), &h);
	mnl_attr_put(nlh, LMISF_COPY_A_MATCH, sizeof(m), &m);
	mnl_attr_put(nlh, LMISF_COPY_A_PACKET, self->pkt_len, self->pkt);
	mnl_attr_nest_end(nlh, c);
	done(&self->d, nlh);
	nlsource_input(self->ns, self->d.b, self->d.len);
	EXPECT_EQ(0, nlsource_get_stats(self->ns)->bad_messages);
	EXPECT_EQ(1, nlsource_get_stats(self->ns)->rx_copies);
	EXPECT_EQ(1, self->r.packets);
	EXPECT_EQ(1, self->r.matches);
	EXPECT_EQ(77, self->r.corr);
	EXPECT_EQ(1, self->r.hook);
}

static void put_task_ntf(struct dgram *d, uint32_t ev, uint32_t delivery,
			 bool full)
{
	struct nlmsghdr *nlh = msg(d, FAMILY, LMISF_CMD_TASK_NTF, 0);
	struct nlattr *t, *g;
	uint32_t v4 = htonl(0x0a2d0007);

	mnl_attr_put_u32(nlh, LMISF_A_EVENT, ev);
	t = mnl_attr_nest_start(nlh, LMISF_A_TASK);
	mnl_attr_put_u32(nlh, LMISF_TASK_A_ID, 7);
	mnl_attr_put(nlh, LMISF_TASK_A_XID, 16, xid1);
	if (full) {
		mnl_attr_put_u32(nlh, LMISF_TASK_A_DELIVERY, delivery);
		mnl_attr_put_u64(nlh, LMISF_TASK_A_CORRELATION_ID, 42);
		g = mnl_attr_nest_start(nlh, LMISF_TASK_A_TARGET);
		mnl_attr_put_u32(nlh, LMISF_TARGET_A_TYPE, LMISF_TARGET_IPV4);
		mnl_attr_put(nlh, LMISF_TARGET_A_IPV4, 4, &v4);
		mnl_attr_nest_end(nlh, g);
		g = mnl_attr_nest_start(nlh, LMISF_TASK_A_TARGET);
		mnl_attr_put_u32(nlh, LMISF_TARGET_A_TYPE,
				 LMISF_TARGET_SIP_URI);
		mnl_attr_put_strz(nlh, LMISF_TARGET_A_VALUE,
				  "sip:alice@ims.example");
		mnl_attr_put(nlh, LMISF_TARGET_A_NON_LOCAL, 0, NULL);
		mnl_attr_nest_end(nlh, g);
		g = mnl_attr_nest_start(nlh, LMISF_TASK_A_TARGET);
		mnl_attr_put_u32(nlh, LMISF_TARGET_A_TYPE,
				 LMISF_TARGET_GTPU_TEID);
		mnl_attr_put_u32(nlh, LMISF_TARGET_A_TEID, 0x1a2b3c4d);
		mnl_attr_put(nlh, LMISF_TARGET_A_IPV4, 4, &v4);
		mnl_attr_nest_end(nlh, g);
		mnl_attr_put(nlh, LMISF_TASK_A_DID, 16, did1);
		/* status attributes of a GET reply are ignored */
		mnl_attr_put_u64(nlh, LMISF_TASK_A_COPIES, 99);
	}
	mnl_attr_nest_end(nlh, t);
	if (ev == LMISF_EVENT_DELETED)
		mnl_attr_put_u32(nlh, LMISF_A_REASON, LMISF_REASON_USERSPACE);
	done(d, nlh);
}

TEST_F(src, task_events)
{
	struct tasks *ts = pipeline_tasks(self->pl);
	const struct task *t;

	put_task_ntf(&self->d, LMISF_EVENT_NEW, LMISF_DELIVERY_X2_AND_X3, true);
	nlsource_input(self->ns, self->d.b, self->d.len);
	EXPECT_EQ(1, self->r.task_new);
	ASSERT_EQ(1, tasks_count(ts));
	t = tasks_find(ts, xid1);
	ASSERT_NE(NULL, t);
	EXPECT_EQ(7, t->id);
	EXPECT_EQ(LMISF_DELIVERY_X2_AND_X3, t->delivery);
	EXPECT_TRUE(t->has_correlation);
	EXPECT_EQ(42, t->correlation_id);
	ASSERT_EQ(3, t->n_targets);
	EXPECT_EQ(LMISF_TARGET_IPV4, t->targets[0].type);
	EXPECT_EQ(10, t->targets[0].addr.a[0]);
	EXPECT_EQ(7, t->targets[0].addr.a[3]);
	EXPECT_EQ(32, t->targets[0].prefix_len);
	EXPECT_STREQ("sip:alice@ims.example", t->targets[1].value);
	EXPECT_TRUE(t->targets[1].non_local);
	EXPECT_EQ(0x1a2b3c4d, t->targets[2].teid);
	EXPECT_EQ(4, t->targets[2].addr.ver);
	ASSERT_EQ(1, t->n_dids);
	EXPECT_EQ(0x7f, t->dids[0][0]);

	self->d.len = 0;
	put_task_ntf(&self->d, LMISF_EVENT_MODIFIED, LMISF_DELIVERY_X2_ONLY,
		     true);
	nlsource_input(self->ns, self->d.b, self->d.len);
	EXPECT_EQ(1, self->r.task_mod);
	EXPECT_EQ(LMISF_DELIVERY_X2_ONLY, tasks_find(ts, xid1)->delivery);

	/* a deletion carries only ID and XID */
	self->d.len = 0;
	put_task_ntf(&self->d, LMISF_EVENT_DELETED, 0, false);
	nlsource_input(self->ns, self->d.b, self->d.len);
	EXPECT_EQ(1, self->r.task_del);
	EXPECT_EQ(0, tasks_count(ts));
	EXPECT_EQ(3, nlsource_get_stats(self->ns)->task_ntf);
	EXPECT_EQ(0, nlsource_get_stats(self->ns)->bad_messages);
}

TEST_F(src, flow_gone)
{
	struct nlmsghdr *nlh = msg(&self->d, FAMILY, LMISF_CMD_FLOW_NTF, 0);
	struct nlattr *f;

	mnl_attr_put_u32(nlh, LMISF_A_EVENT, LMISF_EVENT_DELETED);
	f = mnl_attr_nest_start(nlh, LMISF_A_FLOW);
	mnl_attr_put_u32(nlh, LMISF_FLOW_A_ID, 17);
	mnl_attr_put(nlh, LMISF_FLOW_A_XID, 16, xid1);
	mnl_attr_nest_end(nlh, f);
	mnl_attr_put_u32(nlh, LMISF_A_REASON, LMISF_REASON_TASK_DELETED);
	done(&self->d, nlh);
	nlsource_input(self->ns, self->d.b, self->d.len);
	EXPECT_EQ(17, self->r.gone_id);
	EXPECT_EQ(LMISF_REASON_TASK_DELETED, self->r.gone_reason);
	EXPECT_EQ(1, nlsource_get_stats(self->ns)->flow_ntf);
}

TEST_F(src, errors_and_malformed)
{
	const struct nlsource_stats *st = nlsource_get_stats(self->ns);
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;
	struct nlattr *c;

	/* a refused TASK_REPORT, with its extack message */
	nlh = mnl_nlmsg_put_header(self->d.b);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
	nlh->nlmsg_seq = 9;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -ENOENT;
	e->msg.nlmsg_len = sizeof(e->msg);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG,
			  "lmisf: no task with this XID");
	EXPECT_STREQ("lmisf: no task with this XID", nl_extack_msg(nlh));
	done(&self->d, nlh);
	/* a copy without its packet */
	nlh = msg(&self->d, FAMILY, LMISF_CMD_COPY, 0);
	c = mnl_attr_nest_start(nlh, LMISF_A_COPY);
	put_hdr(nlh, 1, LMISF_COPY_SIGNALLING, 20, 0);
	mnl_attr_nest_end(nlh, c);
	done(&self->d, nlh);
	/* a header shorter than struct lmisf_copy_hdr */
	nlh = msg(&self->d, FAMILY, LMISF_CMD_COPY, 0);
	c = mnl_attr_nest_start(nlh, LMISF_A_COPY);
	mnl_attr_put_u64(nlh, LMISF_COPY_A_HDR, 1);
	mnl_attr_put(nlh, LMISF_COPY_A_PACKET, self->pkt_len, self->pkt);
	mnl_attr_nest_end(nlh, c);
	done(&self->d, nlh);
	/* an inner offset past the packet */
	nlh = msg(&self->d, FAMILY, LMISF_CMD_COPY, 0);
	c = mnl_attr_nest_start(nlh, LMISF_A_COPY);
	put_hdr(nlh, 1, LMISF_COPY_SIGNALLING, 20, 20);
	mnl_attr_put(nlh, LMISF_COPY_A_PACKET, 20, self->pkt);
	mnl_attr_nest_end(nlh, c);
	done(&self->d, nlh);
	/* a copy command without LMISF_A_COPY */
	nlh = msg(&self->d, FAMILY, LMISF_CMD_COPY, 0);
	done(&self->d, nlh);
	/* a task event without its task */
	nlh = msg(&self->d, FAMILY, LMISF_CMD_TASK_NTF, 0);
	mnl_attr_put_u32(nlh, LMISF_A_EVENT, LMISF_EVENT_NEW);
	done(&self->d, nlh);
	nlsource_input(self->ns, self->d.b, self->d.len);
	EXPECT_EQ(1, st->request_errors);
	EXPECT_EQ(5, st->bad_messages);
	EXPECT_EQ(0, st->rx_copies);
	EXPECT_EQ(0, self->r.sip);

	/* a datagram cut in the middle of a message: nothing read past */
	self->d.len = 0;
	put_copy(&self->d, 1, self->pkt, self->pkt_len, 0, 0);
	nlsource_input(self->ns, self->d.b, self->d.len - 8);
	EXPECT_EQ(6, st->bad_messages);
	EXPECT_EQ(0, st->rx_copies);
	/* the agent is detached: a resync cannot run */
	EXPECT_EQ(-ENOTCONN, nlsource_resync(self->ns));
}

/* Lengths that libmnl's own checks let through (found by fuzz_nlsource). */
TEST_F(src, hostile_lengths)
{
	const struct nlsource_stats *st = nlsource_get_stats(self->ns);
	struct nlmsghdr *nlh = (struct nlmsghdr *)self->d.b;
	struct nlmsgerr *e;

	/* nlmsg_len over INT_MAX in a 17-byte datagram */
	memset(self->d.b, 0xb2, 17);
	nlh->nlmsg_len = 0xb2b2b20a;
	nlsource_input(self->ns, self->d.b, 17);
	EXPECT_EQ(1, st->bad_messages);
	EXPECT_EQ(0, st->rx_copies);

	/* an error whose echoed request claims less than its header */
	nlh = mnl_nlmsg_put_header(self->d.b);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_ACK_TLVS;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -EINVAL;
	e->msg.nlmsg_len = 4;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "x");
	EXPECT_EQ(NULL, nl_extack_msg(nlh));
	/* ... or more than the whole message */
	e->msg.nlmsg_len = 4096;
	EXPECT_EQ(NULL, nl_extack_msg(nlh));
	/* ... or exactly its header: the message follows */
	e->msg.nlmsg_len = sizeof(e->msg);
	EXPECT_STREQ("x", nl_extack_msg(nlh));
}

TEST(stats_names)
{
	EXPECT_STREQ("packets", nl_stats_name(LMISF_STATS_A_PACKETS));
	EXPECT_STREQ("drop_rcvbuf", nl_stats_name(LMISF_STATS_A_DROP_RCVBUF));
	EXPECT_STREQ("targets", nl_stats_name(LMISF_STATS_A_TARGETS));
	EXPECT_STREQ("matches_unlisted",
		     nl_stats_name(LMISF_STATS_A_MATCHES_UNLISTED));
	EXPECT_EQ(NULL, nl_stats_name(LMISF_STATS_A_PAD));
	EXPECT_EQ(NULL, nl_stats_name(LMISF_STATS_A_MAX + 1));
	/* every counter has a name: the shared table follows the enum */
	for (unsigned int i = 1; i <= LMISF_STATS_A_MAX; i++)
		if (i != LMISF_STATS_A_PAD)
			EXPECT_NE(NULL, nl_stats_name(i));
}

TEST_HARNESS_MAIN
