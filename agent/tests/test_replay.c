// SPDX-License-Identifier: GPL-2.0
/*
 * The pipeline on replay: a capture written by the test (SIP over UDP,
 * TCP with several messages per segment and one message over several,
 * keepalives, SIP inside GTP-U, RTP, a malformed message) with a
 * recording IMS layer and delivery on the pipeline.h seam; the services
 * (emit, flows); and the summary of `lmisfd --replay` on the outside
 * captures of ../shared/testdata (skipped when absent), with counts
 * checked against tshark's (pcaps/reports/).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "testdata.h"

#include "pkt_build.h"
#include "replay.h"

static void f_addr_v4(struct ipaddr *a, const char *s)
{
	memset(a, 0, sizeof(*a));
	a->ver = 4;
	inet_pton(AF_INET, s, a->a);
}

#define XID_UE "2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162"
#define XID_TEID "0c0e57a4-2d44-4b39-9a38-52d1c87d0f00"
#define DID1 "7f1d1a52-93a4-4bb7-8c3e-0e2f7d9a4b11"

static const char invite[] =
	"INVITE sip:bob@ims.example SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 10.45.0.7:5060;branch=z9hG4bK1\r\n"
	"From: <sip:alice@ims.example>;tag=a1\r\n"
	"To: <sip:bob@ims.example>\r\n"
	"Call-ID: c1@10.45.0.7\r\n"
	"CSeq: 1 INVITE\r\n"
	"P-Access-Network-Info: 3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=001010001000019B\r\n"
	"Content-Length: 0\r\n\r\n";
static const char ok200[] =
	"SIP/2.0 200 OK\r\n"
	"Via: SIP/2.0/UDP 10.45.0.7:5060;branch=z9hG4bK1\r\n"
	"From: <sip:alice@ims.example>;tag=a1\r\n"
	"To: <sip:bob@ims.example>;tag=b1\r\n"
	"Call-ID: c1@10.45.0.7\r\n"
	"CSeq: 1 INVITE\r\n"
	"Content-Length: 4\r\n\r\nabcd";
static const char bad_version[] = "OPTIONS sip:x@y SIP/3.0\r\n"
				  "Via: SIP/2.0/UDP h;branch=z9hG4bK2\r\n"
				  "Content-Length: 0\r\n\r\n";

struct frame {
	uint8_t b[4096];
	size_t n;
};

static struct frame frames[32];
static int nframes;

static void add(size_t n, uint8_t *b)
{
	memcpy(frames[nframes].b, b, n);
	frames[nframes++].n = n;
}

static int write_capture(const char *path)
{
	pcap_t *pd = pcap_open_dead_with_tstamp_precision(
		DLT_RAW, 65535, PCAP_TSTAMP_PRECISION_NANO);
	struct pcap_pkthdr h;
	pcap_dumper_t *w;

	if (!pd)
		return -1;
	w = pcap_dump_open(pd, path);
	if (!w)
		return -1;
	for (int i = 0; i < nframes; i++) {
		memset(&h, 0, sizeof(h));
		/* 0.5 s apart: the pipeline's timers tick in capture time */
		h.ts.tv_sec = 1700000000 + i / 2;
		h.ts.tv_usec = (i % 2) * 500000000;
		h.caplen = h.len = (bpf_u_int32)frames[i].n;
		pcap_dump((u_char *)w, &h, frames[i].b);
	}
	pcap_dump_close(w);
	pcap_close(pd);
	return 0;
}

/* The capture of TEST(generated): what each frame is, in order. */
static void build_frames(void)
{
	static uint8_t b[PB_MAX], inner[PB_MAX], rtp[172];
	char two[2048];
	size_t n, half;

	nframes = 0;
	/* 1, 2: INVITE and 200 over UDP; the UE is a target (IP) */
	add(pb_udp4(b, "10.45.0.7", "192.0.2.20", 5060, 5060, invite,
		    strlen(invite)),
	    b);
	add(pb_udp4(b, "192.0.2.20", "10.45.0.7", 5060, 5060, ok200,
		    strlen(ok200)),
	    b);
	/* 3: RTP on the flow the recording IMS layer installs at INVITE */
	memset(rtp, 0, sizeof(rtp));
	rtp[0] = 0x80;
	add(pb_udp4(b, "192.0.2.20", "198.51.100.9", 40000, 50000, rtp,
		    sizeof(rtp)),
	    b);
	/* 4: a UDP keepalive; 5: a refused message; 6: DNS-like junk */
	add(pb_udp4(b, "192.0.2.30", "192.0.2.20", 5060, 5060, "\r\n\r\n", 4),
	    b);
	add(pb_udp4(b, "192.0.2.30", "192.0.2.20", 5060, 5060, bad_version,
		    strlen(bad_version)),
	    b);
	add(pb_udp4(b, "192.0.2.30", "192.0.2.53", 3000, 53, "\x12\x34", 2), b);
	/* 7..10: TCP: SYN, INVITE + 200 in one segment with a keepalive
	 * between, then one INVITE in two segments */
	add(pb_tcp4(b, "192.0.2.40", "192.0.2.20", 40001, 5060, 1000, PB_SYN,
		    NULL, 0),
	    b);
	n = (size_t)snprintf(two, sizeof(two), "%s\r\n\r\n%s", invite, ok200);
	add(pb_tcp4(b, "192.0.2.40", "192.0.2.20", 40001, 5060, 1001,
		    PB_ACK | PB_PSH, two, n),
	    b);
	half = strlen(invite) / 2;
	add(pb_tcp4(b, "192.0.2.40", "192.0.2.20", 40001, 5060,
		    (uint32_t)(1001 + n), PB_ACK, invite, half),
	    b);
	add(pb_tcp4(b, "192.0.2.40", "192.0.2.20", 40001, 5060,
		    (uint32_t)(1001 + n + half), PB_ACK | PB_PSH, invite + half,
		    strlen(invite) - half),
	    b);
	/* 11: SIP inside GTP-U towards the TEID target's endpoint */
	n = pb_udp4(inner, "10.46.0.8", "192.0.2.20", 5060, 5060, invite,
		    strlen(invite));
	add(pb_gtpu4(b, "10.0.0.1", "10.0.0.2", 0x1234, inner, n), b);
	/* 12: the same TEID towards another endpoint: no TEID match */
	add(pb_gtpu4(b, "10.0.0.1", "10.0.0.3", 0x1234, inner, n), b);
}

struct rec {
	const struct pl_services *svc;
	int sip, tcp, udp, tunnelled, pani, after_gap;
	uint32_t teid;
	uint16_t first_sport;
	int packets, media, target_ue, target_teid;
	uint32_t flow_id, media_flow_id;
	int task_events, freed, flushed;
	uint8_t ue_xid[16], teid_xid[16];
};

static void rec_sip(void *ctx, const struct pl_sip *s)
{
	struct rec *r = ctx;
	struct pl_flow f = { .proto = IPPROTO_UDP,
			     .sport = 40000,
			     .dport = 50000,
			     .correlation_id = 77 };

	if (!r->sip++)
		r->first_sport = s->sport;
	if (s->transport == IPPROTO_TCP)
		r->tcp++;
	else
		r->udp++;
	if (s->tunnelled) {
		r->tunnelled++;
		r->teid = s->teid;
	}
	if (s->pani)
		r->pani++;
	if (s->flags & PL_SIP_F_AFTER_GAP)
		r->after_gap++;
	/* raw is the message, nothing more */
	if (s->raw_len != s->msg->len || memcmp(s->raw, s->msg->buf, 4))
		r->sip = -1000;
	if (r->sip == 1) {
		memcpy(f.xid, r->ue_xid, 16);
		f.src = pb_addr("192.0.2.20");
		f.dst = pb_addr("198.51.100.9");
		if (r->svc->flow_install(r->svc->ctx, &f, &r->flow_id))
			r->flow_id = 0;
	}
}

static void rec_packet(void *ctx, const struct pl_packet *p)
{
	struct rec *r = ctx;

	r->packets++;
	for (unsigned int i = 0; i < p->origin->n_matches; i++) {
		const struct pl_match *m = &p->origin->matches[i];

		if (m->kind == LMISF_COPY_MEDIA) {
			r->media++;
			r->media_flow_id = m->flow_id;
		} else if (!memcmp(m->xid, r->ue_xid, 16)) {
			r->target_ue++;
		} else if (!memcmp(m->xid, r->teid_xid, 16)) {
			r->target_teid++;
		}
	}
}

static void rec_task(void *ctx, enum task_event ev, const struct task *t)
{
	struct rec *r = ctx;

	(void)ev;
	(void)t;
	r->task_events++;
}

static void rec_flush(void *ctx)
{
	((struct rec *)ctx)->flushed++;
}

static void rec_free(void *ctx)
{
	((struct rec *)ctx)->freed++;
}

static int put_task(struct pipeline *pl, const char *line)
{
	char err[256];
	struct task t;
	int r;

	if (task_parse_line(line, &t, err, sizeof(err)))
		return -1;
	r = tasks_put(pipeline_tasks(pl), &t);
	task_clear(&t);
	return r;
}

TEST(generated)
{
	struct lm_config cfg;
	struct pipeline *pl;
	struct replay_match *rm;
	struct pl_flow_ops fo;
	struct pcap_source_stats ps;
	struct rec r = { 0 };
	struct pl_consumer c = {
		.ctx = &r,
		.sip = rec_sip,
		.packet = rec_packet,
		.task_event = rec_task,
		.flush = rec_flush,
		.free = rec_free,
	};
	const struct pipeline_stats *st;
	char path[64], err[256];

	snprintf(path, sizeof(path), "/tmp/lmisf-test-replay-%d.pcap",
		 (int)getpid());
	build_frames();
	ASSERT_EQ(0, write_capture(path));
	config_default(&cfg);
	pl = pipeline_new(&cfg, PL_SRC_REPLAY);
	ASSERT_NE(NULL, pl);
	r.svc = pl_services(pl);
	x2x3_uuid_parse(XID_UE, r.ue_xid);
	x2x3_uuid_parse(XID_TEID, r.teid_xid);
	pl_set_consumer(pl, &c);
	ASSERT_EQ(0, put_task(pl, "xid " XID_UE " delivery x2x3 correlation 5 "
				  "target ipv4 10.45.0.7 did " DID1));
	ASSERT_EQ(0, put_task(pl, "xid " XID_TEID " delivery x2 "
				  "target teid 0x1234 endpoint 10.0.0.2"));
	EXPECT_EQ(2, r.task_events);
	rm = replay_match_new(pipeline_tasks(pl), cfg.decode.gtpu_port);
	ASSERT_NE(NULL, rm);
	replay_match_flow_ops(rm, &fo);
	pipeline_set_flow_ops(pl, &fo);

	ASSERT_EQ(12, replay_run(pl, rm, path, &ps, err, sizeof(err)))
	TH_LOG("%s", err);
	unlink(path);
	st = pipeline_get_stats(pl);
	EXPECT_EQ(12, ps.frames);
	/* UDP: INVITE, 200, GTP-U INVITE twice; TCP: INVITE, 200, INVITE */
	EXPECT_EQ(4, st->sip_udp);
	EXPECT_EQ(3, st->sip_tcp);
	EXPECT_EQ(5, st->sip_requests);
	EXPECT_EQ(2, st->sip_responses);
	EXPECT_EQ(2, st->sip_keepalives); /* UDP CRLFCRLF, TCP CRLFCRLF */
	EXPECT_EQ(1, st->sip_parse_errors);
	EXPECT_EQ(0, st->sip_check_errors);
	EXPECT_EQ(2, st->udp_not_sip); /* RTP, DNS-like */
	EXPECT_EQ(0, st->tcp_frame_errors);
	EXPECT_EQ(0, st->tcp_end_bytes);
	EXPECT_EQ(1, st->flows_installed);

	EXPECT_EQ(7, r.sip);
	EXPECT_EQ(4, r.udp);
	EXPECT_EQ(3, r.tcp);
	EXPECT_EQ(5060, r.first_sport);
	EXPECT_EQ(2, r.tunnelled);
	EXPECT_EQ(0x1234, r.teid);
	EXPECT_EQ(5, r.pani); /* every INVITE carries one */
	EXPECT_EQ(0, r.after_gap);
	/* copies with matches: INVITE and 200 (UE address), RTP (media
	 * flow), the GTP-U INVITE to 10.0.0.2 (TEID); not the one to .3 */
	EXPECT_EQ(4, r.packets);
	EXPECT_EQ(4, st->packets_matched);
	EXPECT_EQ(2, r.target_ue);
	EXPECT_EQ(1, r.target_teid);
	EXPECT_EQ(1, r.media);
	EXPECT_NE(0, r.flow_id);
	EXPECT_EQ(r.flow_id, r.media_flow_id);
	EXPECT_EQ(1, r.flushed);

	/* no records: the recording layer emits none */
	EXPECT_EQ(0, st->records_x2);
	pipeline_free(pl);
	EXPECT_EQ(1, r.freed);
	replay_match_free(rm);
}

/* Media matches replay finds for one UDP packet. */
static unsigned int media_of(struct replay_match *rm, const char *src,
			     uint16_t sport, const char *dst, uint16_t dport,
			     uint32_t *flow_id)
{
	static const uint8_t rtp[12] = { 0x80 };
	uint8_t pkt[128];
	struct pl_match m[PL_MAX_MATCHES];
	struct pl_origin o = { 0 };
	struct decode_meta meta = { 0 };
	unsigned int i, n = 0;
	size_t len = pb_udp4(pkt, src, dst, sport, dport, rtp, sizeof(rtp));

	replay_match_packet(rm, pkt, len, &o, m, &meta);
	for (i = 0; i < o.n_matches; i++)
		if (m[i].kind == LMISF_COPY_MEDIA) {
			*flow_id = m[i].flow_id;
			n++;
		}
	return n;
}

/* A replay matcher with one IP-target task (XID_UE, in @ts, parsed into
 * @t) and its flow operations; NULL on failure. */
static struct replay_match *ue_task_matcher(struct tasks *ts, struct task *t,
					    struct pl_flow_ops *fo)
{
	struct replay_match *rm;
	char err[128];

	if (task_parse_line("xid " XID_UE " delivery x3 target ipv4 10.9.9.9",
			    t, err, sizeof(err)) ||
	    tasks_put(ts, t))
		return NULL;
	rm = replay_match_new(ts, 2152);
	if (rm)
		replay_match_flow_ops(rm, fo);
	return rm;
}

/* Endpoint flows (no destination) match either direction whatever the
 * peer; a task's 5-tuple flow wins over its endpoint flow (the module's
 * rules). */
TEST(endpoint_flows)
{
	struct tasks *ts = tasks_new(NULL, NULL);
	struct replay_match *rm;
	struct pl_flow_ops fo;
	struct pl_flow ep = { .proto = IPPROTO_UDP, .sport = 40000 };
	struct pl_flow ex;
	struct task t;
	uint32_t ep_id, ex_id, got = 0;

	rm = ue_task_matcher(ts, &t, &fo);
	ASSERT_NE(NULL, rm);
	memcpy(ep.xid, t.xid, LMISF_XID_LEN);
	f_addr_v4(&ep.src, "10.45.0.7");
	ASSERT_TRUE(pl_flow_is_endpoint(&ep));
	ASSERT_EQ(0, fo.install(fo.ctx, &ep, &ep_id));
	EXPECT_EQ(-EEXIST, fo.install(fo.ctx, &ep, &ex_id));
	EXPECT_EQ(1, media_of(rm, "10.45.0.7", 40000, "10.46.0.1", 7000, &got));
	EXPECT_EQ(ep_id, got);
	EXPECT_EQ(1, media_of(rm, "10.46.0.9", 9, "10.45.0.7", 40000, &got));
	EXPECT_EQ(0, media_of(rm, "10.45.0.7", 40002, "10.46.0.1", 7000, &got));
	ex = ep;
	f_addr_v4(&ex.dst, "10.46.0.1");
	ex.dport = 7000;
	ASSERT_EQ(0, fo.install(fo.ctx, &ex, &ex_id));
	EXPECT_EQ(1, media_of(rm, "10.46.0.1", 7000, "10.45.0.7", 40000, &got));
	EXPECT_EQ(ex_id, got);
	EXPECT_EQ(0, fo.remove(fo.ctx, ep_id));
	EXPECT_EQ(0, media_of(rm, "10.46.0.9", 9, "10.45.0.7", 40000, &got));
	task_clear(&t);
	replay_match_free(rm);
	tasks_free(ts);
}

/*
 * Many flows (the tables grow several times): each is found by its
 * 5-tuple, removed by its ID without touching the others, and a removed
 * ID is refused; a deleted task takes its flows with it.
 */
TEST(many_flows_removed_by_id)
{
	enum { N = 5000 };
	struct tasks *ts = tasks_new(NULL, NULL);
	struct replay_match *rm;
	struct pl_flow_ops fo;
	struct pl_flow f = { .proto = IPPROTO_UDP, .dport = 7000 };
	static uint32_t ids[N];
	struct task t;
	uint32_t got = 0;

	rm = ue_task_matcher(ts, &t, &fo);
	ASSERT_NE(NULL, rm);
	memcpy(f.xid, t.xid, LMISF_XID_LEN);
	f_addr_v4(&f.src, "10.45.0.7");
	f_addr_v4(&f.dst, "10.46.0.1");
	for (unsigned int i = 0; i < N; i++) {
		f.sport = (uint16_t)(10000 + i);
		ASSERT_EQ(0, fo.install(fo.ctx, &f, &ids[i]));
	}
	EXPECT_EQ(N, replay_match_flows(rm));
	/* every other one, from the last */
	for (unsigned int i = N; i-- > 0;)
		if (i % 2)
			EXPECT_EQ(0, fo.remove(fo.ctx, ids[i]));
	EXPECT_EQ(N / 2, replay_match_flows(rm));
	EXPECT_EQ(-ENOENT, fo.remove(fo.ctx, ids[1]));
	for (unsigned int i = 0; i < N; i++) {
		unsigned int n = media_of(rm, "10.46.0.1", 7000, "10.45.0.7",
					  (uint16_t)(10000 + i), &got);

		EXPECT_EQ(i % 2 ? 0u : 1u, n);
		if (n)
			EXPECT_EQ(ids[i], got);
	}
	replay_match_task_deleted(rm, t.xid);
	EXPECT_EQ(0, replay_match_flows(rm));
	EXPECT_EQ(-ENOENT, fo.remove(fo.ctx, ids[0]));
	task_clear(&t);
	replay_match_free(rm);
	tasks_free(ts);
}

/*
 * TCP: a stream that is not SIP is skipped, not parsed; after lost bytes
 * the next start line is found again (a Via line is not one).
 */
TEST(tcp_not_sip_and_gap)
{
	static uint8_t b[PB_MAX];
	static const char http[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
				   "\x16\x03\x01\x02\x00\x01\x00\x01\xfc";
	char path[64], err[256], two[2048];
	const struct pipeline_stats *st;
	struct pcap_source_stats ps;
	struct replay_match *rm;
	struct lm_config cfg;
	struct pipeline *pl;
	/* lost: the first 20 bytes, in the request line */
	size_t n, half = 20;
	uint32_t s0 = 5001;

	nframes = 0;
	add(pb_tcp4(b, "192.0.2.40", "192.0.2.20", 40002, 8080, 7000, PB_SYN,
		    NULL, 0),
	    b);
	add(pb_tcp4(b, "192.0.2.40", "192.0.2.20", 40002, 8080, 7001, PB_ACK,
		    http, sizeof(http) - 1),
	    b);
	add(pb_tcp4(b, "192.0.2.40", "192.0.2.20", 40003, 5060, 5000, PB_SYN,
		    NULL, 0),
	    b);
	/* the 200 whole; the start of an INVITE lost; the rest of it (from
	 * the middle of its request line, then "Via: SIP/2.0/UDP ...") with a
	 * second 200 in the next segment */
	add(pb_tcp4(b, "192.0.2.40", "192.0.2.20", 40003, 5060, s0, PB_ACK,
		    ok200, strlen(ok200)),
	    b);
	s0 += (uint32_t)strlen(ok200);
	n = (size_t)snprintf(two, sizeof(two), "%s%s", invite + half, ok200);
	add(pb_tcp4(b, "192.0.2.40", "192.0.2.20", 40003, 5060,
		    s0 + (uint32_t)half, PB_ACK, two, n),
	    b);
	snprintf(path, sizeof(path), "/tmp/lmisf-test-replay-gap-%d.pcap",
		 (int)getpid());
	ASSERT_EQ(0, write_capture(path));
	config_default(&cfg);
	pl = pipeline_new(&cfg, PL_SRC_REPLAY);
	ASSERT_NE(NULL, pl);
	rm = replay_match_new(pipeline_tasks(pl), cfg.decode.gtpu_port);
	ASSERT_NE(NULL, rm);
	ASSERT_EQ(5, replay_run(pl, rm, path, &ps, err, sizeof(err)));
	unlink(path);
	st = pipeline_get_stats(pl);
	EXPECT_EQ(2, st->sip_tcp); /* the two 200s */
	EXPECT_EQ(0, st->sip_parse_errors);
	EXPECT_EQ(0, st->tcp_frame_errors);
	/* the whole HTTP/TLS stream, and what was left of the INVITE */
	EXPECT_EQ(sizeof(http) - 1 + strlen(invite) - half,
		  st->tcp_resync_bytes);
	EXPECT_EQ(1, pipeline_decode_stats(pl)->tcp.gaps);
	pipeline_free(pl);
	replay_match_free(rm);
}

struct fake_delivery {
	int calls;
	unsigned int n_dids;
	uint8_t did0;
	enum x2x3_pdu_type type;
	uint8_t pdu[512];
	size_t len;
};

static int fd_submit(void *ctx, const uint8_t xid[16], enum x2x3_pdu_type type,
		     const uint8_t (*dids)[16], unsigned int n,
		     const uint8_t *pdu, size_t len)
{
	struct fake_delivery *d = ctx;

	(void)xid;
	d->calls++;
	d->n_dids = n;
	d->did0 = dids[0][0];
	d->type = type;
	d->len = len < sizeof(d->pdu) ? len : sizeof(d->pdu);
	memcpy(d->pdu, pdu, d->len);
	return 0;
}

static void take(void *arg, const struct pl_report *r)
{
	*(struct pl_report *)arg = *r;
}

TEST(services_emit_and_reports)
{
	struct fake_delivery d = { 0 };
	struct pl_deliver_ops ops = { .ctx = &d, .submit = fd_submit };
	const struct pl_services *svc;
	struct x2x3_pdu pdu, back;
	struct x2x3_error xe;
	struct pl_report rep;
	struct lm_config cfg;
	struct pipeline *pl;

	config_default(&cfg);
	pl = pipeline_new(&cfg, PL_SRC_REPLAY);
	ASSERT_NE(NULL, pl);
	svc = pl_services(pl);
	ASSERT_EQ(0, put_task(pl, "xid " XID_UE " delivery x2 correlation 5 "
				  "target ipv4 10.45.0.7 did " DID1));
	ASSERT_EQ(0, put_task(pl, "xid " XID_TEID " delivery x2x3 "
				  "target teid 7"));
	memset(&pdu, 0, sizeof(pdu));
	pdu.version = 5;
	pdu.type = X2X3_PDU_X2;
	pdu.payload_format = X2X3_PF_3GPP_33128;
	pdu.direction = X2X3_DIR_FROM_TARGET;
	x2x3_uuid_parse(XID_UE, pdu.xid);
	pdu.correlation_id = 5;
	pdu.payload = (const uint8_t *)"\x30\x00";
	pdu.payload_len = 2;

	/* no delivery yet: counted, refused, never faked */
	EXPECT_EQ(-ENODEV, svc->emit(svc->ctx, &pdu));
	EXPECT_EQ(1, pipeline_get_stats(pl)->records_undeliverable);
	pl_set_delivery(pl, &ops);
	ASSERT_EQ(0, svc->emit(svc->ctx, &pdu));
	ASSERT_EQ(1, d.calls);
	EXPECT_EQ(1, d.n_dids);
	EXPECT_EQ(0x7f, d.did0);
	EXPECT_EQ(X2X3_PDU_X2, d.type);
	ASSERT_EQ(0, x2x3_parse(d.pdu, d.len, NULL, &back, &xe));
	EXPECT_EQ(5, back.correlation_id);
	EXPECT_EQ(2, back.payload_len);
	EXPECT_EQ(2, pipeline_get_stats(pl)->records_x2);

	/* X3 for an X2-only task */
	pdu.type = X2X3_PDU_X3;
	pdu.payload_format = X2X3_PF_IPV4;
	EXPECT_EQ(-EPERM, svc->emit(svc->ctx, &pdu));
	/* a task with no DID */
	x2x3_uuid_parse(XID_TEID, pdu.xid);
	EXPECT_EQ(-EDESTADDRREQ, svc->emit(svc->ctx, &pdu));
	/* an unknown task */
	pdu.xid[0] ^= 1;
	EXPECT_EQ(-ENOENT, svc->emit(svc->ctx, &pdu));
	EXPECT_EQ(2, pipeline_get_stats(pl)->records_refused);
	EXPECT_EQ(1, d.calls);

	/* live there is no flow backend until nlsource gives one */
	EXPECT_EQ(-EOPNOTSUPP, svc->flow_remove(svc->ctx, 1));

	/* delivery's amounts, per task, for TASK_REPORT */
	pl_delivered(pl, back.xid, X2X3_PDU_X2, 100, 10);
	pl_delivered(pl, back.xid, X2X3_PDU_X2, 50, 30);
	pl_delivered(pl, back.xid, X2X3_PDU_X3, 7, 20);
	memset(&rep, 0, sizeof(rep));
	pipeline_take_reports(pl, take, &rep);
	EXPECT_EQ(2, rep.x2_pdus);
	EXPECT_EQ(150, rep.x2_bytes);
	EXPECT_EQ(1, rep.x3_pdus);
	EXPECT_EQ(7, rep.x3_bytes);
	EXPECT_EQ(30, rep.last_ts_ns);
	memset(&rep, 0, sizeof(rep));
	pipeline_take_reports(pl, take, &rep);
	EXPECT_EQ(0, rep.x2_pdus);
	pipeline_free(pl);
}

/* Runs replay_main() and returns its summary (malloc'd). */
static char *summary(const char *path, char *const *tasks, int ntasks,
		     int *status)
{
	struct lm_config cfg;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	config_default(&cfg);
	*status = replay_main(&cfg, path, tasks, ntasks, NULL, f);
	fclose(f);
	return out;
}

#define HAS(s, tok) \
	EXPECT_NE(NULL, strstr(s, tok)) TH_LOG("no %s in %s", tok, s)

TEST(testdata_sip_rtp)
{
	char path[4096], *s;
	int status;
	/* tshark: 252 frames, 6 SIP (INVITE, 180, 200, ACK, BYE, 200),
	 * 246 RTP (236 PCMA + 10 RFC 2833) */
	char *tasks[] = { "xid " XID_UE
			  " delivery x2x3 target ipv4 127.0.0.1" };

	if (!testdata_file(path, sizeof(path),
			   "pcaps/sip-rtp/sipp_uac_pcap_vs_uas_loopback.pcapng"))
		SKIP(return, "testdata absent");
	s = summary(path, tasks, 1, &status);
	EXPECT_EQ(0, status);
	HAS(s, "capture: frames=252 ip=252 ");
	HAS(s, "decode: packets=252 ");
	HAS(s, " udp=252 ");
	HAS(s, "sip: messages=6 sip_udp=6 sip_tcp=0 sip_requests=3 "
	       "sip_responses=3 sip_keepalives=0 sip_parse_errors=0 "
	       "sip_check_errors=0 udp_not_sip=246 ");
	/* every packet is on 127.0.0.1, the target's address: the IMS
	 * layer builds an xIRI per SIP message and an X3 PDU per RTP packet
	 * of the intercepted session; replay has no delivery, so all are
	 * counted undeliverable, none is faked as sent */
	HAS(s, "records: packets_matched=252 records_x2=6 records_x3=246 "
	       "records_refused=0 records_undeliverable=252 ");
	HAS(s, "\nlayers: sip=6 ");
	free(s);
}

TEST(testdata_sip_captures)
{
	static const struct {
		const char *rel, *sip;
	} c[] = {
		/* tshark: REGISTER and 200, one of them over two segments */
		{ "pcaps/sip-tcp/suricata_sip-tcp.pcap",
		  "sip: messages=2 sip_udp=0 sip_tcp=2 sip_requests=1 "
		  "sip_responses=1 sip_keepalives=0 sip_parse_errors=0 "
		  "sip_check_errors=0 udp_not_sip=0 tcp_frame_errors=0 " },
		/* tshark: INVITE and 200 whose From is \"arik\" <sip:...>:
		 * escaped quotes outside a quoted string, tolerated */
		{ "pcaps/sip-edge/suricata_sip_sdp.pcap",
		  "sip: messages=2 sip_udp=2 sip_tcp=0 sip_requests=1 "
		  "sip_responses=1 sip_keepalives=0 sip_parse_errors=0 " },
		/* tshark: INVITE with a large body, and 100 Trying */
		{ "pcaps/sip-tcp/suricata_sip-body-large.pcap",
		  "sip: messages=2 sip_udp=0 sip_tcp=2 sip_requests=1 "
		  "sip_responses=1 sip_keepalives=0 sip_parse_errors=0 "
		  "sip_check_errors=0 udp_not_sip=0 tcp_frame_errors=0 " },
	};
	char path[4096], *s;
	int status;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		if (!testdata_file(path, sizeof(path), c[i].rel))
			SKIP(return, "testdata absent");
		s = summary(path, NULL, 0, &status);
		EXPECT_EQ(0, status);
		HAS(s, c[i].sip);
		HAS(s, "records: packets_matched=0 ");
		free(s);
	}
}

TEST(bad_input)
{
	char *tasks[] = { "xid " XID_UE " delivery x9 target ipv4 10.0.0.1" };
	char *s;
	int status;

	s = summary("/nonexistent.pcap", NULL, 0, &status);
	EXPECT_EQ(1, status);
	EXPECT_STREQ("", s);
	free(s);
	s = summary("/nonexistent.pcap", tasks, 1, &status);
	EXPECT_EQ(2, status);
	free(s);
}

TEST_HARNESS_MAIN
