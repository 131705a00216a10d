/* SPDX-License-Identifier: GPL-2.0 */
/*
 * readloop: the receive loop both benchmark readers (lmisf-reader and
 * nflog-reader) share, so that they differ only in how they parse what they
 * receive: one recv() per datagram into a 1 MiB buffer, optionally a
 * deliberate delay after each, until IDLE_MS pass without input once a copy
 * has been seen, or SIGTERM/SIGINT.
 */
#ifndef BENCH_READLOOP_H
#define BENCH_READLOOP_H

struct readloop {
	/* the settings both readers give their kernel side (-r, -n, -Q) */
	long rcvbuf, nlbufsiz, qthreshold;
	long idle_ms; /* stop after this long without input */
	long delay_us; /* sleep after each datagram (a slow reader) */
	const char *ready; /* created once the caller is bound */
	/* parses one datagram; returns how many copies it held */
	unsigned long long (*datagram)(const void *buf, int len);
	/* results */
	unsigned long long copies, datagrams, enobufs;
	long long first_ns, last_ns; /* first and last datagram with copies */
};

/* The defaults: 64 MiB receive buffer, 64 KiB batches of 64, 2 s idle. */
#define READLOOP_INIT(cb)                                                \
	{                                                                \
		.rcvbuf = 64 << 20, .nlbufsiz = 65536, .qthreshold = 64, \
		.idle_ms = 2000, .datagram = (cb)                        \
	}

/* The options readloop_opt() takes, for getopt(). */
#define READLOOP_OPTS "r:n:Q:d:w:i:"

/*
 * -r RCVBUF, -n NLBUFSIZ, -Q QTHRESHOLD, -d DELAY_US, -w READYFILE,
 * -i IDLE_MS: returns 0 if opt was one of them, -1 if not.
 */
int readloop_opt(struct readloop *r, int opt, char *arg);

/* Catches SIGTERM and SIGINT (they end the loop). */
void readloop_signals(void);

/* Runs the loop on fd; returns 0, or -1 after printing a recv() error. */
int readloop_run(struct readloop *r, int fd);

/* Copies per second over [first_ns, last_ns], 0 if undefined. */
double readloop_cps(const struct readloop *r);

#endif
