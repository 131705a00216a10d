// SPDX-License-Identifier: GPL-2.0
/*
 * lmisf-iefgen - an IEF simulator: writes a BER LI_XER stream of
 * IEFMessages (registrations, 5G-GUTI reallocations, deregistrations,
 * SUCI, PEI/GPSI/TAI list changes) to an ICF over TCP or to a file, at a
 * chosen rate, with keepalives whose responses are checked.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lmisf-iefgen (-c HOST:PORT | -o FILE) [options]\n"
		"  -c, --connect HOST:PORT  send to an ICF's LI_XER listener\n"
		"  -o, --output FILE        write the BER stream to FILE ('-': stdout)\n"
		"  -u, --ues N              simulated UEs (default 1000)\n"
		"  -n, --records N          records to send (default 10000, 0: until stopped)\n"
		"  -r, --rate R             records per second (default 0: as fast as possible)\n"
		"  -p, --preregister        first register every UE once\n"
		"  -D, --dereg PCT          deregistrations among events of registered UEs (5)\n"
		"  -T, --tai-change PCT     reallocations that bring a new TAI list (20)\n"
		"  -P, --pei-change PCT     reallocations that bring a new PEI (1)\n"
		"  -k, --keepalive SEC      send a keepalive every SEC seconds (TCP only)\n"
		"  -s, --seed N             random seed (default 1)\n"
		"  -t, --start RFC3339      timestamp of the first record (default now)\n"
		"  -q, --quiet              no summary\n");
}

static int connect_to(const char *spec)
{
	char host[256], *port;
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	int fd = -1, err;

	if (strlen(spec) >= sizeof(host))
		return -1;
	strcpy(host, spec);
	port = strrchr(host, ':');
	if (!port)
		return -1;
	*port++ = '\0';
	if (host[0] == '[') {
		memmove(host, host + 1, strlen(host));
		host[strcspn(host, "]")] = '\0';
	}
	err = getaddrinfo(host, port, &hints, &res);
	if (err) {
		fprintf(stderr, "lmisf-iefgen: %s: %s\n", spec,
			gai_strerror(err));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (!connect(fd, ai->ai_addr, ai->ai_addrlen))
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		fprintf(stderr, "lmisf-iefgen: cannot connect to %s: %s\n",
			spec, strerror(errno));
	return fd;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reads keepalive responses that arrived; counts matching ones. */
static void read_responses(int fd, struct lixer_framer *fr, int64_t last_seq,
			   uint64_t *ok, uint64_t *bad)
{
	uint8_t buf[4096];
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		const uint8_t *rec;
		struct ber_error err;
		struct lixer_msg m;
		size_t len;

		if (lixer_framer_feed(fr, buf, (size_t)n))
			return;
		while (lixer_framer_next(fr, &rec, &len, &err) > 0) {
			if (!lixer_decode(rec, len, &m, &err) &&
			    m.kind == LIXER_KEEPALIVE_RESPONSE && m.seq >= 1 &&
			    m.seq <= last_seq)
				(*ok)++;
			else
				(*bad)++;
		}
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "connect", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "ues", required_argument, NULL, 'u' },
		{ "records", required_argument, NULL, 'n' },
		{ "rate", required_argument, NULL, 'r' },
		{ "preregister", no_argument, NULL, 'p' },
		{ "dereg", required_argument, NULL, 'D' },
		{ "tai-change", required_argument, NULL, 'T' },
		{ "pei-change", required_argument, NULL, 'P' },
		{ "keepalive", required_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, 's' },
		{ "start", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct gen_mix mix = { .dereg_pct = 5,
			       .tai_change_pct = 20,
			       .pei_change_pct = 1 };
	const char *connect_spec = NULL, *out = NULL;
	unsigned long long ues = 1000, records = 10000, seed = 1;
	double rate = 0, keepalive = 0, t0, next_ka;
	uint64_t sent = 0, bytes = 0, ka_sent = 0, ka_ok = 0, ka_bad = 0;
	bool prereg = false, quiet = false, tcp;
	struct lixer_framer fr;
	struct ber_enc enc;
	struct lixer_msg m;
	int64_t start_ns;
	struct gen g;
	int fd, c;

	{
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		start_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	}
	while ((c = getopt_long(argc, argv, "c:o:u:n:r:pD:T:P:k:s:t:qh", opts,
				NULL)) != -1) {
		char *end = NULL;

		switch (c) {
		case 'c':
			connect_spec = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'u':
			ues = strtoull(optarg, &end, 0);
			break;
		case 'n':
			records = strtoull(optarg, &end, 0);
			break;
		case 'r':
			rate = strtod(optarg, &end);
			break;
		case 'p':
			prereg = true;
			break;
		case 'D':
			mix.dereg_pct = (unsigned int)strtoul(optarg, &end, 0);
			break;
		case 'T':
			mix.tai_change_pct =
				(unsigned int)strtoul(optarg, &end, 0);
			break;
		case 'P':
			mix.pei_change_pct =
				(unsigned int)strtoul(optarg, &end, 0);
			break;
		case 'k':
			keepalive = strtod(optarg, &end);
			break;
		case 's':
			seed = strtoull(optarg, &end, 0);
			break;
		case 't': {
			struct tm tm = { 0 };

			end = strptime(optarg, "%Y-%m-%dT%H:%M:%S", &tm);
			if (end && (*end == 'Z' || *end == '\0')) {
				start_ns = (int64_t)timegm(&tm) * 1000000000;
				end = optarg + strlen(optarg);
			} else {
				end = optarg;
			}
			break;
		}
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
		if (end && *end) {
			fprintf(stderr, "lmisf-iefgen: bad value for -%c: %s\n",
				c, optarg);
			return 2;
		}
	}
	if (!!connect_spec == !!out || optind != argc || !ues ||
	    mix.dereg_pct > 100 || mix.tai_change_pct > 100 ||
	    mix.pei_change_pct > 100 || rate < 0) {
		usage(stderr);
		return 2;
	}
	tcp = connect_spec != NULL;
	if (tcp)
		fd = connect_to(connect_spec);
	else if (!strcmp(out, "-"))
		fd = STDOUT_FILENO;
	else
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		if (!tcp)
			fprintf(stderr, "lmisf-iefgen: %s: %s\n", out,
				strerror(errno));
		return 1;
	}
	if (gen_init(&g, ues, seed, start_ns,
		     rate > 0 ? (int64_t)(1e9 / rate) : 1000, &mix)) {
		fprintf(stderr, "lmisf-iefgen: cannot simulate %llu UEs\n",
			ues);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	ber_enc_init(&enc);
	lixer_framer_init(&fr, 0);
	t0 = now_s();
	next_ka = t0 + keepalive;
	for (uint64_t i = 0; !stop && (!records || sent < records); i++) {
		if (tcp && keepalive > 0 && now_s() >= next_ka) {
			struct lixer_msg ka = { .kind = LIXER_KEEPALIVE,
						.seq = (int64_t)++ka_sent };

			ber_enc_reset(&enc);
			lixer_encode(&ka, &enc);
			if (ber_enc_error(&enc) ||
			    write_all(fd, enc.buf, enc.len))
				break;
			next_ka += keepalive;
		}
		if (prereg && i < ues)
			gen_register(&g, i, &m);
		else
			gen_next(&g, &m);
		ber_enc_reset(&enc);
		if (lixer_encode(&m, &enc) || ber_enc_error(&enc)) {
			fprintf(stderr, "lmisf-iefgen: encoding failed\n");
			break;
		}
		if (write_all(fd, enc.buf, enc.len)) {
			fprintf(stderr, "lmisf-iefgen: write: %s\n",
				strerror(errno));
			break;
		}
		sent++;
		bytes += enc.len;
		if (rate > 0) {
			double due = t0 + (double)sent / rate, t = now_s();

			if (due > t)
				usleep((useconds_t)((due - t) * 1e6));
		}
		if (tcp && keepalive > 0 && (sent & 1023) == 0)
			read_responses(fd, &fr, (int64_t)ka_sent, &ka_ok,
				       &ka_bad);
	}
	if (tcp && ka_sent) {
		/* Give the ICF a moment to answer the last keepalives. */
		for (int k = 0; k < 20 && ka_ok + ka_bad < ka_sent; k++) {
			struct pollfd p = { .fd = fd, .events = POLLIN };

			poll(&p, 1, 50);
			read_responses(fd, &fr, (int64_t)ka_sent, &ka_ok,
				       &ka_bad);
		}
	}
	if (!quiet) {
		double dt = now_s() - t0;

		fprintf(stderr,
			"lmisf-iefgen: %llu records (%llu registrations, %llu "
			"reallocations, %llu deregistrations), %llu bytes in "
			"%.3f s (%.0f records/s)",
			(unsigned long long)sent,
			(unsigned long long)g.counts[0],
			(unsigned long long)g.counts[1],
			(unsigned long long)g.counts[2],
			(unsigned long long)bytes, dt, dt > 0 ? sent / dt : 0);
		if (ka_sent)
			fprintf(stderr,
				"; keepalives %llu, responses %llu, bad %llu",
				(unsigned long long)ka_sent,
				(unsigned long long)ka_ok,
				(unsigned long long)ka_bad);
		fprintf(stderr, "\n");
	}
	ber_enc_free(&enc);
	lixer_framer_free(&fr);
	gen_free(&g);
	if (fd != STDOUT_FILENO)
		close(fd);
	return ka_sent && ka_ok < ka_sent ? 1 : 0;
}
