// SPDX-License-Identifier: GPL-2.0
/*
 * The log writes each line with a single write(2) so lines from a signal
 * context or another thread never interleave mid-line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static struct {
	enum log_level level;
	int fd;
	bool journal;
	char ident[32];
} lg = { .level = LOG_LVL_INFO, .fd = 2, .ident = "lmisfd" };

static const char *const names[] = {
	[LOG_LVL_ERR] = "error",     [LOG_LVL_WARN] = "warning",
	[LOG_LVL_NOTICE] = "notice", [LOG_LVL_INFO] = "info",
	[LOG_LVL_DEBUG] = "debug",
};

void log_set_level(enum log_level lvl)
{
	lg.level = lvl;
}

enum log_level log_get_level(void)
{
	return lg.level;
}

int log_level_parse(const char *s, enum log_level *lvl)
{
	for (int i = LOG_LVL_ERR; i <= LOG_LVL_DEBUG; i++) {
		if (!strcmp(s, names[i])) {
			*lvl = (enum log_level)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *log_level_name(enum log_level lvl)
{
	return lvl >= LOG_LVL_ERR && lvl <= LOG_LVL_DEBUG ? names[lvl] : "?";
}

/* JOURNAL_STREAM is "DEV:INODE" of the stream systemd gave us. */
static bool stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (!js || sscanf(js, "%llu:%llu", &dev, &ino) != 2 || fstat(2, &st))
		return false;
	return st.st_dev == dev && st.st_ino == ino;
}

void log_init(const char *ident)
{
	snprintf(lg.ident, sizeof(lg.ident), "%s", ident);
	lg.fd = 2;
	lg.journal = stderr_is_journal();
}

void log_set_fd(int fd, bool journal)
{
	lg.fd = fd;
	lg.journal = journal;
}

void log_vmsg(enum log_level lvl, const char *fmt, va_list ap)
{
	/* The statistics line is several KiB: it must not be cut. */
	char line[LOG_LINE_MAX];
	int n, m;

	if (lvl > lg.level)
		return;
	if (lg.journal)
		n = snprintf(line, sizeof(line), "<%d>", (int)lvl);
	else
		n = snprintf(line, sizeof(line), "%s: %s: ", lg.ident,
			     log_level_name(lvl));
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2; /* truncated */
	line[n++] = '\n';
	/* nothing sensible to do if stderr is gone */
	if (write(lg.fd, line, (size_t)n) < 0)
		return;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(lvl, fmt, ap);
	va_end(ap);
}

void log_secret(const char *fmt, ...)
{
	va_list ap;

	if (lg.level < LOG_LVL_DEBUG)
		return;
	va_start(ap, fmt);
	log_vmsg(LOG_LVL_DEBUG, fmt, ap);
	va_end(ap);
}

bool log_ratelimit_ok(struct log_ratelimit *rl)
{
	struct timespec ts;
	long long now;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (long long)ts.tv_sec;
	if (now - rl->begin >= (long long)rl->interval_s) {
		if (rl->missed)
			log_msg(LOG_LVL_WARN, "%u similar messages suppressed",
				rl->missed);
		rl->begin = now;
		rl->printed = 0;
		rl->missed = 0;
	}
	if (rl->printed < rl->burst) {
		rl->printed++;
		return true;
	}
	rl->missed++;
	return false;
}
