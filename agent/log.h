/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lmisfd's log: one line per message on stderr, with a level. Under
 * systemd (JOURNAL_STREAM names our stderr) each line starts with the
 * syslog priority "<N>" so the journal files it at the right level;
 * otherwise "lmisfd: LEVEL: ".
 *
 * Tasks are secret: target values, XIDs, SIP bytes and addresses of
 * intercepted traffic go through log_secret() only, which writes nothing
 * unless the level is debug. Every other call must not carry them.
 */
#ifndef LMISF_LOG_H
#define LMISF_LOG_H

#include <stdarg.h>
#include <stdbool.h>

/* Longest line written whole (the statistics line is several KiB);
 * longer ones are cut. */
#define LOG_LINE_MAX 16384

enum log_level {
	LOG_LVL_ERR = 3, /* syslog priorities */
	LOG_LVL_WARN = 4,
	LOG_LVL_NOTICE = 5,
	LOG_LVL_INFO = 6,
	LOG_LVL_DEBUG = 7,
};

void log_set_level(enum log_level lvl);
enum log_level log_get_level(void);
/* "error", "warning", "notice", "info", "debug"; 0 or -EINVAL. */
int log_level_parse(const char *s, enum log_level *lvl);
const char *log_level_name(enum log_level lvl);

/*
 * Where lines go (default 2, stderr) and whether they carry "<N>"
 * prefixes; log_init() decides the latter from JOURNAL_STREAM.
 */
void log_init(const char *ident);
void log_set_fd(int fd, bool journal);

void log_msg(enum log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_vmsg(enum log_level lvl, const char *fmt, va_list ap);
/* For messages that name targets, XIDs or intercepted traffic. */
void log_secret(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Suppresses repeats: at most @burst messages per @interval_s per site. */
struct log_ratelimit {
	unsigned int interval_s, burst;
	long long begin;
	unsigned int printed, missed;
};
bool log_ratelimit_ok(struct log_ratelimit *rl);

#define log_err(...) log_msg(LOG_LVL_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_LVL_NOTICE, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

/* A warning printed at most 5 times per 10 s from one call site. */
#define log_warn_ratelimited(...)                                     \
	do {                                                          \
		static struct log_ratelimit _rl = { .interval_s = 10, \
						    .burst = 5 };     \
		if (log_ratelimit_ok(&_rl))                           \
			log_warn(__VA_ARGS__);                        \
	} while (0)

#endif /* LMISF_LOG_H */
