// SPDX-License-Identifier: GPL-2.0
/*
 * The event loop (fds, timers, signals) and the log (levels, journal
 * prefixes, secrets only at debug level).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "log.h"
#include "loop.h"

struct counts {
	int reads, timer, once, sig;
	struct loop *l;
	int other_fd;
};

static void on_read(void *arg, int fd, uint32_t events)
{
	struct counts *c = arg;
	char b[16];

	if (events & EPOLLIN && read(fd, b, sizeof(b)) > 0)
		c->reads++;
	/* removing another registered fd from a callback is safe */
	if (c->other_fd >= 0) {
		loop_del_fd(c->l, c->other_fd);
		c->other_fd = -1;
	}
}

static void on_timer(void *arg, struct loop_timer *t)
{
	struct counts *c = arg;

	(void)t;
	c->timer++;
}

static void on_once(void *arg, struct loop_timer *t)
{
	struct counts *c = arg;

	(void)t;
	c->once++;
}

static void on_sig(void *arg, int signo)
{
	struct counts *c = arg;

	c->sig = signo;
	loop_stop(c->l);
}

TEST(fds_timers_signals)
{
	struct counts c = { .other_fd = -1 };
	struct loop *l = loop_new();
	struct loop_timer *per;
	int p[2], q[2];
	uint64_t t0;

	ASSERT_NE(NULL, l);
	c.l = l;
	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, pipe(q));
	ASSERT_EQ(0, loop_add_fd(l, p[0], EPOLLIN, on_read, &c));
	ASSERT_EQ(-EEXIST, loop_add_fd(l, p[0], EPOLLIN, on_read, &c));
	ASSERT_EQ(0, loop_add_fd(l, q[0], EPOLLIN, on_read, &c));
	c.other_fd = q[0];
	/* both readable in one batch: the first callback removes q */
	ASSERT_EQ(1, write(p[1], "x", 1));
	ASSERT_EQ(1, write(q[1], "y", 1));
	ASSERT_EQ(1, loop_run_once(l, 1000));
	EXPECT_EQ(1, c.reads);
	EXPECT_EQ(-ENOENT, loop_del_fd(l, q[0]));

	/* a one-shot timer fires once, a periodic one repeatedly */
	t0 = loop_now_ms();
	ASSERT_NE(NULL, loop_timer_add(l, 5, 0, on_once, &c));
	per = loop_timer_add(l, 1, 1, on_timer, &c);
	ASSERT_NE(NULL, per);
	while (c.timer < 3)
		ASSERT_LE(0, loop_run_once(l, -1));
	while (!c.once)
		ASSERT_LE(0, loop_run_once(l, -1));
	EXPECT_LE(t0 + 5, loop_now_ms());
	loop_timer_del(l, per);

	/* a signal runs its handler in the loop */
	ASSERT_EQ(0, loop_signal(l, SIGUSR1, on_sig, &c));
	ASSERT_EQ(0, raise(SIGUSR1));
	ASSERT_EQ(0, loop_run(l));
	EXPECT_EQ(SIGUSR1, c.sig);
	EXPECT_EQ(1, c.once);

	loop_free(l);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

static char *read_all(int fd, char *buf, size_t size)
{
	ssize_t n = read(fd, buf, size - 1);

	buf[n > 0 ? n : 0] = 0;
	return buf;
}

TEST(log_levels_and_secrets)
{
	enum log_level lvl;
	char buf[512];
	int p[2];

	ASSERT_EQ(0, pipe(p));
	log_set_fd(p[1], false);
	log_set_level(LOG_LVL_INFO);
	log_info("bound as sink, %d tasks", 3);
	log_debug("not shown");
	log_secret("task %s", "sip:alice@example");
	log_warn("w");
	EXPECT_STREQ("lmisfd: info: bound as sink, 3 tasks\n"
		     "lmisfd: warning: w\n",
		     read_all(p[0], buf, sizeof(buf)));

	log_set_fd(p[1], true);
	log_set_level(LOG_LVL_DEBUG);
	log_secret("task %s", "sip:alice@example");
	log_err("e");
	EXPECT_STREQ("<7>task sip:alice@example\n<3>e\n",
		     read_all(p[0], buf, sizeof(buf)));

	ASSERT_EQ(0, log_level_parse("warning", &lvl));
	EXPECT_EQ(LOG_LVL_WARN, lvl);
	EXPECT_EQ(-EINVAL, log_level_parse("verbose", &lvl));
	log_set_fd(2, false);
	log_set_level(LOG_LVL_INFO);
	close(p[0]);
	close(p[1]);
}

TEST_HARNESS_MAIN
