// SPDX-License-Identifier: GPL-2.0
/*
 * lmisf-iefgen - an IEF simulator: writes a BER LI_XER stream of
 * IEFMessages (registrations, 5G-GUTI reallocations, deregistrations,
 * SUCI, PEI/GPSI/TAI list changes) to an ICF over TCP or to a file, at a
 * chosen rate, with keepalives whose responses are checked. Over TCP
 * or, with --cert/--key/--ca, TLS with mutual authentication as the
 * listener requires.
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

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "gen.h"
#include "tls_client.h"

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
		"  -C, --cert FILE          TLS: our certificate (with -K and -A)\n"
		"  -K, --key FILE           TLS: its private key\n"
		"  -A, --ca FILE            TLS: CA the ICF's certificate must chain to\n"
		"  -s, --seed N             random seed (default 1)\n"
		"  -t, --start RFC3339      timestamp of the first record (default now)\n"
		"  -q, --quiet              no summary\n");
}

/* Where records go: a file, a TCP connection, or TLS over it. */
struct out {
	int fd;
	SSL *ssl;
};

static int wait_fd(int fd, short ev)
{
	struct pollfd p = { .fd = fd, .events = ev };

	return poll(&p, 1, -1) < 0 && errno != EINTR ? -1 : 0;
}

static int write_all(struct out *o, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t k;

		if (o->ssl) {
			int r = SSL_write(o->ssl, p, (int)n);

			if (r <= 0) {
				int e = SSL_get_error(o->ssl, r);

				if (e != SSL_ERROR_WANT_READ &&
				    e != SSL_ERROR_WANT_WRITE)
					return -1;
				if (wait_fd(o->fd, e == SSL_ERROR_WANT_READ ?
							   POLLIN :
							   POLLOUT))
					return -1;
				continue;
			}
			k = r;
		} else {
			k = write(o->fd, p, n);
			if (k < 0 && (errno == EINTR || errno == EAGAIN)) {
				if (errno == EAGAIN && wait_fd(o->fd, POLLOUT))
					return -1;
				continue;
			}
			if (k < 0)
				return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* What has arrived, without waiting: > 0 bytes, 0 nothing, -1 closed. */
static ssize_t read_some(struct out *o, uint8_t *buf, size_t n)
{
	if (o->ssl) {
		int r = SSL_read(o->ssl, buf, (int)n);

		if (r > 0)
			return r;
		r = SSL_get_error(o->ssl, r);
		return r == SSL_ERROR_WANT_READ || r == SSL_ERROR_WANT_WRITE ?
			       0 :
			       -1;
	}
	{
		ssize_t k = recv(o->fd, buf, n, 0);

		if (k < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		return k > 0 ? k : -1;
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reads keepalive responses that arrived; counts matching ones. */
static int read_responses(struct out *o, struct lixer_framer *fr,
			  int64_t last_seq, uint64_t *ok, uint64_t *bad)
{
	uint8_t buf[4096];
	ssize_t n;

	while ((n = read_some(o, buf, sizeof(buf))) > 0) {
		const uint8_t *rec;
		struct ber_error err;
		struct lixer_msg m;
		size_t len;

		if (lixer_framer_feed(fr, buf, (size_t)n))
			return -1;
		while (lixer_framer_next(fr, &rec, &len, &err) > 0) {
			if (!lixer_decode(rec, len, &m, &err) &&
			    m.kind == LIXER_KEEPALIVE_RESPONSE && m.seq >= 1 &&
			    m.seq <= last_seq)
				(*ok)++;
			else
				(*bad)++;
		}
	}
	return n < 0 ? -1 : 0;
}

/*
 * With TLS 1.3 the server checks our certificate after our handshake has
 * completed: only its answer to a first keepalive shows it accepted us.
 */
static int confirm(struct out *o, struct ber_enc *enc, struct lixer_framer *fr,
		   uint64_t *ka_sent, uint64_t *ka_ok, uint64_t *ka_bad)
{
	struct lixer_msg ka = { .kind = LIXER_KEEPALIVE,
				.seq = (int64_t)++ * ka_sent };

	ber_enc_reset(enc);
	lixer_encode(&ka, enc);
	if (ber_enc_error(enc) || write_all(o, enc->buf, enc->len))
		return -1;
	for (int k = 0; k < 100 && !*ka_ok; k++) {
		struct pollfd p = { .fd = o->fd, .events = POLLIN };

		poll(&p, 1, 50);
		if (read_responses(o, fr, ka.seq, ka_ok, ka_bad))
			return -1;
	}
	return *ka_ok ? 0 : -1;
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
		TLS_CLIENT_OPTIONS,
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
	struct tls_client_files tf = { 0 };
	unsigned long long ues = 1000, records = 10000, seed = 1;
	double rate = 0, keepalive = 0, t0, next_ka;
	uint64_t sent = 0, bytes = 0, ka_sent = 0, ka_ok = 0, ka_bad = 0;
	bool prereg = false, quiet = false, tcp;
	struct lixer_framer fr;
	struct ber_enc enc;
	struct lixer_msg m;
	int64_t start_ns;
	struct gen g;
	struct out o = { .fd = -1 };
	int c;

	{
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		start_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	}
	while ((c = getopt_long(argc, argv,
				"c:o:u:n:r:pD:T:P:k:s:t:qh" TLS_CLIENT_OPTSTRING,
				opts, NULL)) != -1) {
		char *end = NULL;

		if (tls_client_option(&tf, c, optarg))
			continue;
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
	    mix.pei_change_pct > 100 || rate < 0 ||
	    (tls_client_any(&tf) && !(tls_client_all(&tf) && connect_spec))) {
		usage(stderr);
		return 2;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	tcp = connect_spec != NULL;
	if (tcp) {
		o.fd = tcp_connect_hostport(connect_spec);
		if (o.fd < 0) {
			fprintf(stderr,
				"lmisf-iefgen: cannot connect to %s: %s\n",
				connect_spec, strerror(-o.fd));
			return 1;
		}
		if (tf.cert) {
			o.ssl = tls_client_handshake(o.fd, tf.cert, tf.key,
						     tf.ca, "lmisf-iefgen");
			if (!o.ssl) {
				close(o.fd);
				return 1;
			}
		}
		/* Keepalive responses are read between records. */
		fcntl(o.fd, F_SETFL, fcntl(o.fd, F_GETFL) | O_NONBLOCK);
	} else if (!strcmp(out, "-")) {
		o.fd = STDOUT_FILENO;
	} else {
		o.fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	}
	if (o.fd < 0) {
		fprintf(stderr, "lmisf-iefgen: %s: %s\n", out, strerror(errno));
		return 1;
	}
	if (gen_init(&g, ues, seed, start_ns,
		     rate > 0 ? (int64_t)(1e9 / rate) : 1000, &mix)) {
		fprintf(stderr, "lmisf-iefgen: cannot simulate %llu UEs\n",
			ues);
		return 1;
	}
	ber_enc_init(&enc);
	lixer_framer_init(&fr, 0);
	if (o.ssl && confirm(&o, &enc, &fr, &ka_sent, &ka_ok, &ka_bad)) {
		fprintf(stderr, "lmisf-iefgen: the ICF did not answer a "
				"keepalive: TLS session refused?\n");
		SSL_free(o.ssl);
		close(o.fd);
		return 1;
	}
	t0 = now_s();
	next_ka = t0 + keepalive;
	for (uint64_t i = 0; !stop && (!records || sent < records); i++) {
		if (tcp && keepalive > 0 && now_s() >= next_ka) {
			struct lixer_msg ka = { .kind = LIXER_KEEPALIVE,
						.seq = (int64_t)++ka_sent };

			ber_enc_reset(&enc);
			lixer_encode(&ka, &enc);
			if (ber_enc_error(&enc) ||
			    write_all(&o, enc.buf, enc.len))
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
		if (write_all(&o, enc.buf, enc.len)) {
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
			read_responses(&o, &fr, (int64_t)ka_sent, &ka_ok,
				       &ka_bad);
	}
	if (tcp && ka_sent) {
		/* Give the ICF a moment to answer the last keepalives. */
		for (int k = 0; k < 20 && ka_ok + ka_bad < ka_sent; k++) {
			struct pollfd p = { .fd = o.fd, .events = POLLIN };

			poll(&p, 1, 50);
			read_responses(&o, &fr, (int64_t)ka_sent, &ka_ok,
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
	if (o.ssl) {
		SSL_shutdown(o.ssl);
		SSL_free(o.ssl);
	}
	if (o.fd != STDOUT_FILENO)
		close(o.fd);
	return ka_sent && ka_ok < ka_sent ? 1 : 0;
}
