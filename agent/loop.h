/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small epoll event loop for lmisfd: file descriptors with a callback,
 * one-shot and periodic timers on CLOCK_MONOTONIC, and signals delivered
 * through a signalfd (so handlers run in the loop, not in signal
 * context). The ICF's LI_XER listener and IQF server register their fd
 * for EPOLLIN and dispatch from the callback; the netlink source and
 * delivery do the same with their sockets.
 *
 * Single-threaded. Callbacks may add and remove fds and timers, their
 * own included.
 */
#ifndef LMISF_LOOP_H
#define LMISF_LOOP_H

#include <stdint.h>

struct loop;
struct loop_timer;

/* @events: the epoll events that fired (EPOLLIN, EPOLLOUT, EPOLLERR...). */
typedef void (*loop_fd_fn)(void *arg, int fd, uint32_t events);
typedef void (*loop_timer_fn)(void *arg, struct loop_timer *t);
typedef void (*loop_signal_fn)(void *arg, int signo);

struct loop *loop_new(void);
/* Closes the epoll and signal fds; registered fds stay the owners'. */
void loop_free(struct loop *l);

/* 0, or -errno (-EEXIST: already registered). */
int loop_add_fd(struct loop *l, int fd, uint32_t events, loop_fd_fn fn,
		void *arg);
int loop_mod_fd(struct loop *l, int fd, uint32_t events);
/* 0, or -ENOENT. */
int loop_del_fd(struct loop *l, int fd);

/*
 * loop_timer_add - call @fn after @after_ms, then every @period_ms (0:
 * once; a one-shot timer is freed after its call). NULL on ENOMEM.
 */
struct loop_timer *loop_timer_add(struct loop *l, uint64_t after_ms,
				  uint64_t period_ms, loop_timer_fn fn,
				  void *arg);
/* Re-arms @t to fire @after_ms from now (keeping its period). */
void loop_timer_rearm(struct loop *l, struct loop_timer *t, uint64_t after_ms);
void loop_timer_del(struct loop *l, struct loop_timer *t);

/*
 * loop_signal - run @fn in the loop when @signo arrives. The signal is
 * blocked for the calling thread (call before creating threads).
 * 0 or -errno.
 */
int loop_signal(struct loop *l, int signo, loop_signal_fn fn, void *arg);

/*
 * loop_run_once - wait at most @timeout_ms (-1: until the next timer or
 * event) and run what is ready. Return: callbacks run, or -errno.
 */
int loop_run_once(struct loop *l, int timeout_ms);
/* Runs until loop_stop(). 0, or -errno from epoll. */
int loop_run(struct loop *l);
void loop_stop(struct loop *l);

/* CLOCK_MONOTONIC in ms, as the timers see it. */
uint64_t loop_now_ms(void);

#endif /* LMISF_LOOP_H */
