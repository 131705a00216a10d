// SPDX-License-Identifier: GPL-2.0
/*
 * lmisf-sink: a minimal agent for the shell selftests. Binds the current
 * network namespace's sink and prints one line per copy and per event:
 *
 *   copy seq=3 kind=target matches=1 xid=... corr=7 hook=pre in=2 out=0
 *        orig=128 len=128 teid=0x1234 inner=36 proto=17 src=10.0.0.1
 *        sport=4000 dst=10.0.2.1 dport=5000 frag=0
 *   ntf task new id=1 xid=...
 *
 * and at the end a summary line (gaps counted against the kernel's next
 * sequence number, so trailing losses count too) and the namespace stats:
 *
 *   summary copies=N gaps=G reorder=R overruns=E next_seq=S
 *   stats copies=.. delivered=.. drop_rcvbuf=.. ...
 *
 * lmisf-sink -S prints the stats line of the namespace and exits (no bind).
 * -F N first creates N tasks (the first 8 targeting 10.0.1.2, the others
 * 10.200.x.y, plus TEID 0x10000+i), each with a UDP flow
 * 10.0.1.2:30000+i <-> 10.0.2.2:50000; with -m their targets also include
 * the identities IMSI and SIP URI (stored for the agent).
 *
 * Usage: lmisf-sink [-q] [-r RCVBUF] [-n NLBUFSIZ] [-Q QTHRESHOLD]
 *        [-f FLUSH_MS] [-C COPY_RANGE] [-w READYFILE] [-p PAUSEFILE]
 *        [-c COUNT] [-i IDLE_MS] [-t SECONDS]
 * Stops after COUNT copies, IDLE_MS without input once COUNT or something
 * arrived (default 1000), SECONDS in all, or SIGTERM/SIGINT. While PAUSEFILE
 * exists it does not read (a deliberately slow agent).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/netfilter.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lmisf_stats.h"
#include "lmisf_util.h"

static volatile sig_atomic_t stop;
static int quiet;
static unsigned long long ncopies, nntf, gaps, reorder, last_seq;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void print_xid(const uint8_t *x)
{
	printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	       "%02x%02x%02x%02x%02x%02x",
	       x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9],
	       x[10], x[11], x[12], x[13], x[14], x[15]);
}

/* The 5-tuple of the (inner) packet, as far as the copy holds it. */
static void print_l3l4(const uint8_t *p, size_t len)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
	unsigned int proto, hl, frag = 0;
	const uint8_t *l4;

	if (len >= 20 && p[0] >> 4 == 4) {
		hl = (p[0] & 15) * 4;
		proto = p[9];
		inet_ntop(AF_INET, p + 12, s, sizeof(s));
		inet_ntop(AF_INET, p + 16, d, sizeof(d));
		frag = (p[6] << 8 | p[7]) & 0x3fff;
	} else if (len >= 40 && p[0] >> 4 == 6) {
		hl = 40;
		proto = p[6];
		inet_ntop(AF_INET6, p + 8, s, sizeof(s));
		inet_ntop(AF_INET6, p + 24, d, sizeof(d));
		if (proto == 44 && len >= 48) { /* fragment header */
			frag = 1;
			proto = p[40];
			hl = 48;
		}
	} else {
		printf(" proto=?");
		return;
	}
	printf(" proto=%u src=%s dst=%s", proto, s, d);
	l4 = p + hl;
	if ((proto == 6 || proto == 17 || proto == 132) && !frag &&
	    hl + 4 <= len)
		printf(" sport=%u dport=%u", l4[0] << 8 | l4[1],
		       l4[2] << 8 | l4[3]);
	printf(" frag=%u", frag ? 1 : 0);
}

static const char *kind_str(uint32_t k)
{
	static char buf[64];

	buf[0] = 0;
	if (k & LMISF_COPY_SIGNALLING)
		strcat(buf, "signalling,");
	if (k & LMISF_COPY_TARGET)
		strcat(buf, "target,");
	if (k & LMISF_COPY_MEDIA)
		strcat(buf, "media,");
	if (buf[0])
		buf[strlen(buf) - 1] = 0;
	else
		strcpy(buf, "none");
	return buf;
}

static int on_msg(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	static const char *const ev[] = { "?", "new", "modified", "deleted" };
	static const char *const rs[] = { "-", "userspace", "flush",
					  "task-deleted" };
	struct copy_info c;
	int i;

	(void)arg;
	if (!parse_copy(nlh, &c)) {
		ncopies++;
		if (c.seq > last_seq + 1)
			gaps += c.seq - last_seq - 1;
		if (c.seq <= last_seq)
			reorder++;
		else
			last_seq = c.seq;
		if (quiet)
			return 0;
		printf("copy seq=%llu kind=%s matches=%d",
		       (unsigned long long)c.seq, kind_str(c.kind), c.nmatch);
		for (i = 0; i < c.nmatch && i < COPY_MAX_MATCH; i++) {
			printf(" match=%s xid=",
			       c.match_kind[i] == LMISF_COPY_MEDIA ? "media" :
								     "target");
			print_xid(c.xid[i]);
			printf(" corr=%llu", (unsigned long long)c.corr[i]);
			if (c.flow_id[i])
				printf(" flow=%u", c.flow_id[i]);
		}
		printf(" hook=%s in=%u out=%u orig=%u len=%zu",
		       c.hook == NF_INET_PRE_ROUTING ? "pre" :
		       c.hook == NF_INET_LOCAL_OUT   ? "out" :
						       "?",
		       c.ifindex_in, c.ifindex_out, c.orig_len, c.packet_len);
		if (c.has_teid)
			printf(" teid=0x%x", c.teid);
		if (c.has_inner && c.inner_offset < c.packet_len) {
			printf(" inner=%u", c.inner_offset);
			print_l3l4(c.packet + c.inner_offset,
				   c.packet_len - c.inner_offset);
		} else {
			print_l3l4(c.packet, c.packet_len);
		}
		printf("\n");
		return 0;
	}
	nntf++;
	if (quiet)
		return 0;
	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	{
		uint32_t e = tb[LMISF_A_EVENT] ? lnl_u32(tb[LMISF_A_EVENT]) : 0;
		uint32_t r = tb[LMISF_A_REASON] ? lnl_u32(tb[LMISF_A_REASON]) :
						  0;

		printf("ntf %s %s reason=%s\n",
		       genl_cmd(nlh) == LMISF_CMD_TASK_NTF ? "task" :
		       genl_cmd(nlh) == LMISF_CMD_FLOW_NTF ? "flow" :
							     "?",
		       e < 4 ? ev[e] : "?", r < 4 ? rs[r] : "?");
	}
	return 0;
}

static int sinkcfg_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LMISF_A_MAX + 1];
	const struct nlattr *ts[LMISF_SINK_A_MAX + 1];

	lnl_parse_msg(tb, LMISF_A_MAX, nlh);
	if (!tb[LMISF_A_SINK])
		return 0;
	lnl_parse_nest(ts, LMISF_SINK_A_MAX, tb[LMISF_A_SINK]);
	if (ts[LMISF_SINK_A_NEXT_SEQ])
		*(uint64_t *)arg = lnl_u64(ts[LMISF_SINK_A_NEXT_SEQ]);
	return 0;
}

static void print_stats(struct lnl *ctl)
{
	uint64_t st[LMISF_STATS_A_MAX + 1];
	int i;

	if (stats_get(ctl, st))
		return;
	printf("stats");
	for (i = 1; i <= LMISF_STATS_A_MAX; i++)
		if (lmisf_stats_name(i) && st[i] != UINT64_MAX)
			printf(" %s=%llu", lmisf_stats_name(i),
			       (unsigned long long)st[i]);
	printf("\n");
}

/* -F: N tasks with a flow each, requests pipelined 32 at a time. */
static int fill(struct lnl *nl, long ntasks, int mixed)
{
	uint32_t seqs[64];
	struct lnl_err e;
	struct lmsg m;
	long i, k, j;
	int ret;

	for (i = 0; i < ntasks; i += k) {
		for (k = 0; k < 32 && i + k < ntasks; k++) {
			uint8_t xid[LMISF_XID_LEN];
			char addr[32];
			struct nlattr *t, *f;
			long n = i + k;

			xid_of(xid, 0x77, n);
			snprintf(addr, sizeof(addr), "10.200.%ld.%ld",
				 n >> 8 & 255, n & 255);
			lmsg_init(&m, nl, LMISF_CMD_TASK_NEW, 0);
			t = put_task(&m, xid, LMISF_DELIVERY_X2_AND_X3);
			lmsg_put_u64(&m, LMISF_TASK_A_CORRELATION_ID, n);
			put_target_ipv4(&m, n < 8 ? "10.0.1.2" : addr);
			put_target_teid(&m, 0x10000 + n, NULL);
			if (mixed) {
				put_target_value(&m, LMISF_TARGET_IMSI,
						 "001010123456789");
				put_target_value(&m, LMISF_TARGET_SIP_URI,
						 "sip:alice@ims.example");
			}
			lmsg_nest_end(&m, t);
			ret = lnl_send(nl, &m);
			seqs[2 * k] = m.nlh.nlmsg_seq;
			lmsg_init(&m, nl, LMISF_CMD_FLOW_NEW, 0);
			f = lmsg_nest(&m, LMISF_A_FLOW);
			lmsg_put(&m, LMISF_FLOW_A_XID, xid, LMISF_XID_LEN);
			lmsg_put_u64(&m, LMISF_FLOW_A_CORRELATION_ID, n);
			lmsg_put_u8(&m, LMISF_FLOW_A_PROTO, IPPROTO_UDP);
			lmsg_put_u32(&m, LMISF_FLOW_A_SRC_IPV4,
				     ip4("10.0.1.2"));
			lmsg_put_u32(&m, LMISF_FLOW_A_DST_IPV4,
				     ip4("10.0.2.2"));
			lmsg_put_u16(&m, LMISF_FLOW_A_SRC_PORT,
				     htons(30000 + n % 30000));
			lmsg_put_u16(&m, LMISF_FLOW_A_DST_PORT, htons(50000));
			lmsg_nest_end(&m, f);
			ret = ret ?: lnl_send(nl, &m);
			seqs[2 * k + 1] = m.nlh.nlmsg_seq;
			if (ret)
				return ret;
		}
		for (j = 0; j < 2 * k; j++) {
			ret = lnl_recv(nl, seqs[j], NULL, NULL, &e);
			if (ret) {
				fprintf(stderr, "lmisf-sink: fill: %s (%s)\n",
					strerror(-ret), e.msg);
				return ret;
			}
		}
	}
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	const char *ready = NULL, *pause = NULL;
	long rcvbuf = 0, nlbufsiz = -1, qthr = -1, flush = -1, range = -1;
	long count = 0, idle = 1000, secs = 0;
	unsigned long long overruns = 0;
	struct lnl nl, ctl;
	struct lnl_err e;
	struct lmsg m;
	struct nlattr *n;
	uint64_t next_seq = 0;
	long long end;
	long nfill = 0;
	int opt, ret, stats_only = 0, mixed = 0;

	while ((opt = getopt(argc, argv, "qSmF:r:n:Q:f:C:w:p:c:i:t:")) != -1) {
		switch (opt) {
		case 'q':
			quiet = 1;
			break;
		case 'm':
			mixed = 1;
			break;
		case 'S':
			stats_only = 1;
			break;
		case 'F':
			nfill = strtol(optarg, NULL, 0);
			break;
		case 'r':
			rcvbuf = strtol(optarg, NULL, 0);
			break;
		case 'n':
			nlbufsiz = strtol(optarg, NULL, 0);
			break;
		case 'Q':
			qthr = strtol(optarg, NULL, 0);
			break;
		case 'f':
			flush = strtol(optarg, NULL, 0);
			break;
		case 'C':
			range = strtol(optarg, NULL, 0);
			break;
		case 'w':
			ready = optarg;
			break;
		case 'p':
			pause = optarg;
			break;
		case 'c':
			count = strtol(optarg, NULL, 0);
			break;
		case 'i':
			idle = strtol(optarg, NULL, 0);
			break;
		case 't':
			secs = strtol(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr,
				"usage: see the comment in lmisf-sink.c\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if ((ret = lnl_open(&nl)) || (ret = lnl_open(&ctl))) {
		fprintf(stderr, "lmisf-sink: %s\n", strerror(-ret));
		return 1;
	}
	if (stats_only) {
		print_stats(&ctl);
		return 0;
	}
	if (nfill && fill(&ctl, nfill, mixed))
		return 1;
	if (rcvbuf && setsockopt(nl.fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
				 sizeof(rcvbuf))) {
		perror("lmisf-sink: SO_RCVBUFFORCE");
		return 1;
	}
	lmsg_init(&m, &nl, LMISF_CMD_SINK_BIND, 0);
	n = lmsg_nest(&m, LMISF_A_SINK);
	if (nlbufsiz >= 0)
		lmsg_put_u32(&m, LMISF_SINK_A_NLBUFSIZ, nlbufsiz);
	if (qthr >= 0)
		lmsg_put_u32(&m, LMISF_SINK_A_QTHRESHOLD, qthr);
	if (flush >= 0)
		lmsg_put_u32(&m, LMISF_SINK_A_FLUSH_MS, flush);
	if (range >= 0)
		lmsg_put_u32(&m, LMISF_SINK_A_COPY_RANGE, range);
	lmsg_nest_end(&m, n);
	ret = lnl_talk(&nl, &m, NULL, NULL, &e);
	if (ret) {
		fprintf(stderr, "lmisf-sink: bind: %s (%s)\n", strerror(-ret),
			e.msg);
		return 1;
	}
	if (ready) {
		int fd = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd >= 0)
			close(fd);
	}
	end = secs ? now_ms() + secs * 1000LL : 0;
	while (!stop && !(count && (long)ncopies >= count)) {
		long long left = end ? end - now_ms() : idle;

		if (end && left <= 0)
			break;
		if (pause && access(pause, F_OK) == 0) {
			usleep(10000);
			continue;
		}
		ret = sink_read(&nl, (int)(left < idle ? left : idle), on_msg,
				NULL);
		if (ret < 0) {
			fprintf(stderr, "lmisf-sink: recv: %s\n",
				strerror(-ret));
			return 1;
		}
		overruns += ret;
		/* sink_read returns after idle ms of silence. */
		if (!end && !count && (ncopies || nntf))
			break;
		if (!end && count && ret == 0 && (ncopies || nntf))
			break;
	}
	/* Trailing losses show against the next sequence number. */
	lmsg_init(&m, &ctl, LMISF_CMD_SINK_GET, 0);
	if (!lnl_talk(&ctl, &m, sinkcfg_cb, &next_seq, &e) &&
	    next_seq > last_seq + 1)
		gaps += next_seq - last_seq - 1;
	printf("summary copies=%llu gaps=%llu reorder=%llu overruns=%llu "
	       "next_seq=%llu ntf=%llu\n",
	       ncopies, gaps, reorder, overruns, (unsigned long long)next_seq,
	       nntf);
	print_stats(&ctl);
	return 0;
}
