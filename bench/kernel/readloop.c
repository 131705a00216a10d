// SPDX-License-Identifier: GPL-2.0
/* readloop: the benchmark readers' shared receive loop (readloop.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "readloop.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

void readloop_signals(void)
{
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
}

int readloop_opt(struct readloop *r, int opt, char *arg)
{
	switch (opt) {
	case 'r':
		r->rcvbuf = strtol(arg, NULL, 0);
		return 0;
	case 'n':
		r->nlbufsiz = strtol(arg, NULL, 0);
		return 0;
	case 'Q':
		r->qthreshold = strtol(arg, NULL, 0);
		return 0;
	case 'd':
		r->delay_us = strtol(arg, NULL, 0);
		return 0;
	case 'w':
		r->ready = arg;
		return 0;
	case 'i':
		r->idle_ms = strtol(arg, NULL, 0);
		return 0;
	}
	return -1;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int readloop_run(struct readloop *r, int fd)
{
	static char buf[1 << 20];

	if (r->ready)
		close(open(r->ready, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	while (!stop) {
		struct pollfd p = { fd, POLLIN, 0 };
		int n = poll(&p, 1, r->idle_ms);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (r->copies)
				break;
			continue;
		}
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == ENOBUFS) {
				r->enobufs++;
				continue;
			}
			if (errno == EINTR)
				continue;
			perror("recv");
			return -1;
		}
		r->copies += r->datagram(buf, n);
		r->datagrams++;
		if (r->copies) {
			r->last_ns = now_ns();
			if (!r->first_ns)
				r->first_ns = r->last_ns;
		}
		if (r->delay_us)
			usleep(r->delay_us);
	}
	return 0;
}

double readloop_cps(const struct readloop *r)
{
	if (r->last_ns <= r->first_ns)
		return 0.0;
	return r->copies * 1e9 / (r->last_ns - r->first_ns);
}
