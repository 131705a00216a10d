// SPDX-License-Identifier: GPL-2.0
/*
 * The loop keeps fds in a small array indexed by slot (epoll carries the
 * slot) and timers in an unsorted list: lmisfd has a handful of each
 * (sockets, statistics, flush, ICF expiry, reconnects), so a scan for the
 * earliest deadline costs less than maintaining a heap.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"

struct loop_fd {
	int fd; /* -1: free slot */
	loop_fd_fn fn;
	void *arg;
	uint64_t gen; /* detects a slot reused during one epoll batch */
};

struct loop_timer {
	struct loop_timer *next;
	uint64_t deadline, period;
	loop_timer_fn fn;
	void *arg;
	bool dead;
};

#define LOOP_MAX_SIGNALS 8

struct loop {
	int epfd, sigfd;
	sigset_t sigs;
	struct {
		int signo;
		loop_signal_fn fn;
		void *arg;
	} sig[LOOP_MAX_SIGNALS];
	unsigned int nsig;
	struct loop_fd *fds;
	unsigned int nfds;
	uint64_t gen;
	struct loop_timer *timers;
	bool stop, in_timers;
};

uint64_t loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct loop *loop_new(void)
{
	struct loop *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->sigfd = -1;
	sigemptyset(&l->sigs);
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0) {
		free(l);
		return NULL;
	}
	return l;
}

static void timers_reap(struct loop *l)
{
	struct loop_timer **pp = &l->timers, *t;

	while ((t = *pp)) {
		if (t->dead) {
			*pp = t->next;
			free(t);
		} else {
			pp = &t->next;
		}
	}
}

void loop_free(struct loop *l)
{
	struct loop_timer *t;

	if (!l)
		return;
	for (t = l->timers; t; t = t->next)
		t->dead = true;
	timers_reap(l);
	if (l->sigfd >= 0) {
		close(l->sigfd);
		sigprocmask(SIG_UNBLOCK, &l->sigs, NULL);
	}
	close(l->epfd);
	free(l->fds);
	free(l);
}

static int find_fd(const struct loop *l, int fd)
{
	for (unsigned int i = 0; i < l->nfds; i++)
		if (l->fds[i].fd == fd)
			return (int)i;
	return -1;
}

int loop_add_fd(struct loop *l, int fd, uint32_t events, loop_fd_fn fn,
		void *arg)
{
	struct epoll_event ev = { .events = events };
	int slot;

	if (find_fd(l, fd) >= 0)
		return -EEXIST;
	slot = find_fd(l, -1);
	if (slot < 0) {
		struct loop_fd *v = realloc(l->fds, (l->nfds + 1) * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->fds = v;
		slot = (int)l->nfds++;
	}
	ev.data.u64 = ((++l->gen) << 32) | (uint32_t)slot;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		l->fds[slot].fd = -1;
		return -errno;
	}
	l->fds[slot] = (struct loop_fd){ fd, fn, arg, l->gen };
	return 0;
}

int loop_mod_fd(struct loop *l, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events };
	int slot = find_fd(l, fd);

	if (slot < 0)
		return -ENOENT;
	ev.data.u64 = (l->fds[slot].gen << 32) | (uint32_t)slot;
	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) ? -errno : 0;
}

int loop_del_fd(struct loop *l, int fd)
{
	int slot = find_fd(l, fd);

	if (slot < 0)
		return -ENOENT;
	/* the fd may already be closed: the slot is what matters */
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	l->fds[slot].fd = -1;
	l->fds[slot].gen = 0;
	return 0;
}

struct loop_timer *loop_timer_add(struct loop *l, uint64_t after_ms,
				  uint64_t period_ms, loop_timer_fn fn,
				  void *arg)
{
	struct loop_timer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->deadline = loop_now_ms() + after_ms;
	t->period = period_ms;
	t->fn = fn;
	t->arg = arg;
	t->next = l->timers;
	l->timers = t;
	return t;
}

void loop_timer_rearm(struct loop *l, struct loop_timer *t, uint64_t after_ms)
{
	(void)l;
	t->deadline = loop_now_ms() + after_ms;
}

void loop_timer_del(struct loop *l, struct loop_timer *t)
{
	if (!t)
		return;
	t->dead = true;
	if (!l->in_timers)
		timers_reap(l);
}

static void on_signalfd(void *arg, int fd, uint32_t events)
{
	struct loop *l = arg;
	struct signalfd_siginfo si;

	(void)events;
	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		for (unsigned int i = 0; i < l->nsig; i++)
			if (l->sig[i].signo == (int)si.ssi_signo)
				l->sig[i].fn(l->sig[i].arg, (int)si.ssi_signo);
	}
}

int loop_signal(struct loop *l, int signo, loop_signal_fn fn, void *arg)
{
	int fd, r;

	if (l->nsig == LOOP_MAX_SIGNALS)
		return -ENOSPC;
	sigaddset(&l->sigs, signo);
	if (sigprocmask(SIG_BLOCK, &l->sigs, NULL))
		return -errno;
	fd = signalfd(l->sigfd, &l->sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (l->sigfd < 0) {
		l->sigfd = fd;
		r = loop_add_fd(l, fd, EPOLLIN, on_signalfd, l);
		if (r)
			return r;
	}
	l->sig[l->nsig].signo = signo;
	l->sig[l->nsig].fn = fn;
	l->sig[l->nsig].arg = arg;
	l->nsig++;
	return 0;
}

static int run_timers(struct loop *l)
{
	uint64_t now = loop_now_ms();
	struct loop_timer *t;
	int n = 0;

	l->in_timers = true;
	for (t = l->timers; t; t = t->next) {
		if (t->dead || t->deadline > now)
			continue;
		if (t->period)
			t->deadline = now + t->period;
		else
			t->dead = true;
		t->fn(t->arg, t);
		n++;
	}
	l->in_timers = false;
	timers_reap(l);
	return n;
}

static int next_timeout(const struct loop *l, int timeout_ms)
{
	uint64_t now = loop_now_ms(), d;
	const struct loop_timer *t;

	for (t = l->timers; t; t = t->next) {
		if (t->dead)
			continue;
		d = t->deadline > now ? t->deadline - now : 0;
		if (d > INT32_MAX)
			d = INT32_MAX;
		if (timeout_ms < 0 || (int)d < timeout_ms)
			timeout_ms = (int)d;
	}
	return timeout_ms;
}

int loop_run_once(struct loop *l, int timeout_ms)
{
	struct epoll_event ev[32];
	int n, i, done = 0;

	n = epoll_wait(l->epfd, ev, 32, next_timeout(l, timeout_ms));
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		uint32_t slot = (uint32_t)ev[i].data.u64;
		uint64_t gen = ev[i].data.u64 >> 32;
		struct loop_fd *f;

		/* removed (or replaced) by an earlier callback */
		if (slot >= l->nfds || l->fds[slot].fd < 0 ||
		    (l->fds[slot].gen & 0xffffffff) != gen)
			continue;
		f = &l->fds[slot];
		f->fn(f->arg, f->fd, ev[i].events);
		done++;
	}
	return done + run_timers(l);
}

int loop_run(struct loop *l)
{
	int r;

	l->stop = false;
	while (!l->stop) {
		r = loop_run_once(l, -1);
		if (r < 0)
			return r;
	}
	return 0;
}

void loop_stop(struct loop *l)
{
	l->stop = true;
}
