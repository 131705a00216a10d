// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "deliver.h"
#include "layers.h"
#include "log.h"
#include "loop.h"
#include "replay.h"

#define NS_PER_S 1000000000ULL
#define PUMP_EVERY 256 /* packets between two turns of the delivery loop */
#define CONNECT_WAIT_MS 5000 /* for the destinations before the capture */
#define DRAIN_STALL_MS 10000 /* no PDU written for this long: give up */

static struct loop *pump_loop;

/* A turn of the delivery loop: connections, writes, keepalive-acks. */
static void pump(int timeout_ms)
{
	if (pump_loop)
		loop_run_once(pump_loop, timeout_ms);
}

long replay_run(struct pipeline *pl, struct replay_match *rm, const char *path,
		struct pcap_source_stats *ps, char *err, size_t errlen)
{
	struct pl_match m[PL_MAX_MATCHES];
	struct decode_meta meta;
	struct pl_origin o;
	struct pcap_source *src;
	uint64_t next_tick = 0;
	const uint8_t *pkt;
	long n = 0;
	size_t len;
	int r;

	memset(ps, 0, sizeof(*ps));
	src = pcap_source_open(path, err, errlen);
	if (!src)
		return -1;
	while ((r = pcap_source_next(src, &pkt, &len, &meta)) == 1) {
		memset(&o, 0, sizeof(o));
		o.source = PL_SRC_REPLAY;
		o.seq = meta.seq;
		o.ts_ns = meta.ts_ns;
		o.hook = -1;
		o.orig_len = (uint32_t)len;
		replay_match_packet(rm, pkt, len, &o, m, &meta);
		/* timers run in capture time, before the packet */
		if (meta.ts_ns >= next_tick) {
			if (next_tick)
				pipeline_tick(pl, meta.ts_ns);
			next_tick = meta.ts_ns + NS_PER_S;
		}
		pipeline_packet(pl, pkt, len, &o, &meta);
		if (!(++n % PUMP_EVERY))
			pump(0);
	}
	if (r < 0)
		snprintf(err, errlen, "%s: %s", path, pcap_source_error(src));
	*ps = *pcap_source_get_stats(src);
	pcap_source_close(src);
	pipeline_flush(pl);
	return r < 0 ? -1 : n;
}

struct line {
	FILE *f;
	const char *const *names; /* NULL: all */
};

static void put(void *arg, const char *name, uint64_t val)
{
	struct line *l = arg;
	const char *const *n;

	if (l->names) {
		for (n = l->names; *n && strcmp(*n, name); n++)
			;
		if (!*n)
			return;
	}
	fprintf(l->f, " %s=%" PRIu64, name, val);
}

void replay_summary(FILE *f, struct pipeline *pl,
		    const struct pcap_source_stats *ps,
		    const struct replay_match *rm)
{
	static const char *const sip[] = {
		"sip_udp",	    "sip_tcp",	      "sip_requests",
		"sip_responses",    "sip_keepalives", "sip_parse_errors",
		"sip_check_errors", "udp_not_sip",    "tcp_frame_errors",
		"tcp_resync_bytes", "tcp_end_bytes",  NULL,
	};
	static const char *const rec[] = {
		"packets_matched",
		"records_x2",
		"records_x3",
		"records_refused",
		"records_undeliverable",
		"delivered_x2",
		"delivered_x3",
		"flows_installed",
		"flows_install_failed",
		"flows_removed",
		NULL,
	};
	const struct pipeline_stats *st = pipeline_get_stats(pl);
	struct line l = { .f = f };
	char peers[4096];

	fprintf(f, "capture:");
#define REPLAY_PCAP_PUT(name) put(&l, #name, ps->name);
	PCAP_SOURCE_STATS(REPLAY_PCAP_PUT)
#undef REPLAY_PCAP_PUT
	fprintf(f, "\ndecode:");
	decode_stats_foreach(pipeline_decode_stats(pl), put, &l);
	fprintf(f, "\nsip: messages=%" PRIu64, st->sip_udp + st->sip_tcp);
	l.names = sip;
	pipeline_stats_foreach(pl, put, &l);
	fprintf(f, "\nrecords:");
	l.names = rec;
	pipeline_stats_foreach(pl, put, &l);
	fprintf(f, " flows_left=%u\n", replay_match_flows(rm));
	if (pipeline_peer_stats(pl, peers, sizeof(peers)))
		fprintf(f, "layers:%s\n", peers);
}

static int add_tasks(struct tasks *ts, char *const *args, int n,
		     const char *file)
{
	char err[512];
	struct task t;
	int i, r;

	for (i = 0; i < n; i++) {
		if (task_parse_line(args[i], &t, err, sizeof(err))) {
			log_err("--task %d: %s", i + 1, err);
			return -EINVAL;
		}
		if (tasks_find(ts, t.xid)) {
			log_err("--task %d: xid given to an earlier task",
				i + 1);
			task_clear(&t);
			return -EINVAL;
		}
		t.id = tasks_count(ts) + 1;
		r = tasks_put(ts, &t);
		task_clear(&t);
		if (r) {
			log_err("--task %d: %s", i + 1, strerror(-r));
			return r;
		}
	}
	if (file) {
		r = tasks_load_file(ts, file, err, sizeof(err));
		if (r < 0) {
			log_err("%s", err);
			return r;
		}
	}
	return 0;
}

static bool all_up(const struct deliver *d, const struct lm_config *cfg)
{
	for (unsigned int i = 0; i < cfg->n_dests; i++)
		if (!deliver_dest_up(d, cfg->dests[i].did))
			return false;
	return true;
}

/* Wait until every destination is up, or CONNECT_WAIT_MS: PDUs made
 * before are spooled and resent, as live. */
static void connect_wait(const struct deliver *d, const struct lm_config *cfg)
{
	uint64_t until = loop_now_ms() + CONNECT_WAIT_MS;

	while (!all_up(d, cfg) && loop_now_ms() < until)
		pump(100);
}

/*
 * Run the loop until delivery has nothing queued or spooled, or wrote
 * nothing for DRAIN_STALL_MS (a destination that stays down): what is
 * left stays in the spool for the next run, as with a live agent.
 */
static void drain(const struct deliver *d)
{
	struct deliver_stats st;
	uint64_t done = UINT64_MAX, last = loop_now_ms();

	while (!deliver_idle(d) && loop_now_ms() - last < DRAIN_STALL_MS) {
		pump(100);
		deliver_get_stats(d, &st);
		if (st.sent + st.resent != done) {
			done = st.sent + st.resent;
			last = loop_now_ms();
		}
	}
	if (!deliver_idle(d))
		log_warn("replay: a destination stayed down: PDUs left in "
			 "the spool");
}

int replay_main(const struct lm_config *cfg, const char *path,
		char *const *task_args, int n_task_args, const char *tasks_file,
		FILE *out)
{
	struct pipeline *pl = pipeline_new(cfg, PL_SRC_REPLAY);
	struct pcap_source_stats ps;
	struct replay_match *rm = NULL;
	struct deliver *d = NULL;
	struct pl_flow_ops fo;
	char err[512];
	long n;
	int status = 0;

	if (!pl) {
		log_err("out of memory");
		return 1;
	}
	if (add_tasks(pipeline_tasks(pl), task_args, n_task_args, tasks_file)) {
		pipeline_free(pl);
		return 2;
	}
	rm = replay_match_new(pipeline_tasks(pl), cfg->decode.gtpu_port);
	if (!rm || (cfg->n_dests && !(pump_loop = loop_new()))) {
		log_err("out of memory");
		pipeline_free(pl);
		replay_match_free(rm);
		return 1;
	}
	replay_match_flow_ops(rm, &fo);
	pipeline_set_flow_ops(pl, &fo);
	/* With destinations, the records go to them as live (through the
	 * spool while one is down); without, they are built and counted. */
	if (layers_attach(pl, cfg, pump_loop, &d, err, sizeof(err))) {
		log_err("%s", err);
		status = 1;
		goto out;
	}
	log_info("replay: %u tasks, %u destinations",
		 tasks_count(pipeline_tasks(pl)), cfg->n_dests);
	if (d)
		connect_wait(d, cfg);
	n = replay_run(pl, rm, path, &ps, err, sizeof(err));
	if (n < 0) {
		log_err("%s", err);
		status = 1;
	}
	if (d)
		drain(d);
	if (ps.frames || n >= 0) {
		fprintf(out, "replay: %s\n", path);
		replay_summary(out, pl, &ps, rm);
	}
out:
	/* the consumer may remove flows while it is freed */
	pipeline_free(pl);
	replay_match_free(rm);
	loop_free(pump_loop);
	pump_loop = NULL;
	return status;
}
