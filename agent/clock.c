// SPDX-License-Identifier: GPL-2.0
/* Wall and manual clocks; UTC time-string conversions without the TZ. */
#include "clock.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static lm_ms_t realtime_now(const struct lm_clock *clk)
{
	struct timespec ts;

	(void)clk;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (lm_ms_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const struct lm_clock lm_clock_realtime = { .now = realtime_now };

static lm_ms_t manual_now(const struct lm_clock *clk)
{
	return clk->manual_ms;
}

void lm_clock_manual_init(struct lm_clock *clk, lm_ms_t start)
{
	clk->now = manual_now;
	clk->manual_ms = start;
}

void lm_clock_manual_set(struct lm_clock *clk, lm_ms_t now)
{
	clk->manual_ms = now;
}

void lm_clock_manual_advance(struct lm_clock *clk, lm_ms_t delta)
{
	clk->manual_ms += delta;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned int *m, unsigned int *d)
{
	int64_t era;
	unsigned int doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned int)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, unsigned int n, unsigned int *out)
{
	unsigned int v = 0;

	for (unsigned int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (unsigned int)(s[i] - '0');
	}
	*out = v;
	return 0;
}

static const unsigned char mdays[12] = { 31, 29, 31, 30, 31, 30,
					 31, 31, 30, 31, 30, 31 };

static int leap(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int civil_to_ms(unsigned int y, unsigned int mo, unsigned int d,
		       unsigned int h, unsigned int mi, unsigned int s,
		       unsigned int ms, lm_ms_t *out)
{
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !leap(y)) || h > 23 || mi > 59 || s > 60)
		return -EINVAL;
	if (s == 60) /* leap second: fold onto the next second's start */
		s = 59, ms = 999;
	*out = ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60000 +
	       (lm_ms_t)s * 1000 + ms;
	return 0;
}

/* Fraction ".f{1,9}" at s[0..]; returns chars used or -EINVAL. */
static int fraction(const char *s, unsigned int len, unsigned int *ms)
{
	unsigned int i, v = 0, scale = 100;

	*ms = 0;
	if (!len || (s[0] != '.' && s[0] != ','))
		return 0;
	for (i = 1; i < len && i <= 9 && s[i] >= '0' && s[i] <= '9'; i++) {
		v += (unsigned int)(s[i] - '0') * scale;
		scale /= 10;
	}
	if (i == 1)
		return -EINVAL;
	if (i < len && s[i] >= '0' && s[i] <= '9')
		return -EINVAL; /* more than 9 fraction digits */
	*ms = v;
	return (int)i;
}

int lm_time_parse_gt(const char *s, unsigned int len, lm_ms_t *out)
{
	unsigned int y, mo, d, h, mi, sec, ms;
	int n;

	if (len < 15 || digits(s, 4, &y) || digits(s + 4, 2, &mo) ||
	    digits(s + 6, 2, &d) || digits(s + 8, 2, &h) ||
	    digits(s + 10, 2, &mi) || digits(s + 12, 2, &sec))
		return -EINVAL;
	n = fraction(s + 14, len - 14, &ms);
	if (n < 0 || 14 + (unsigned int)n + 1 != len || s[len - 1] != 'Z')
		return -EINVAL;
	return civil_to_ms(y, mo, d, h, mi, sec, ms, out);
}

/* @n decimal digits of @v, zero-padded, at @p; returns the end. */
static char *put_dec(char *p, unsigned int v, unsigned int n)
{
	for (unsigned int i = n; i-- > 0; v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + n;
}

void lm_time_format_rfc3339(lm_ms_t t, char buf[32])
{
	char tmp[96], *p = buf;
	int64_t days = t >= 0 ? t / 86400000 : (t - 86399999) / 86400000;
	unsigned int rem = (unsigned int)(t - days * 86400000);
	unsigned int m, d;
	int y;

	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		/* Wide scratch buffer: the compiler cannot bound the year. */
		snprintf(tmp, sizeof(tmp),
			 "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ", y, m, d,
			 rem / 3600000 % 24, rem / 60000 % 60, rem / 1000 % 60,
			 rem % 1000);
		snprintf(buf, 32, "%.31s", tmp);
		return;
	}
	/* By hand: the IQF formats several per response, printf is slow. */
	p = put_dec(p, (unsigned int)y, 4);
	*p++ = '-';
	p = put_dec(p, m, 2);
	*p++ = '-';
	p = put_dec(p, d, 2);
	*p++ = 'T';
	p = put_dec(p, rem / 3600000 % 24, 2);
	*p++ = ':';
	p = put_dec(p, rem / 60000 % 60, 2);
	*p++ = ':';
	p = put_dec(p, rem / 1000 % 60, 2);
	*p++ = '.';
	p = put_dec(p, rem % 1000, 3);
	*p++ = 'Z';
	*p = '\0';
}

int lm_time_parse_rfc3339(const char *s, lm_ms_t *out)
{
	unsigned int y, mo, d, h, mi, sec, ms, oh, om;
	size_t len = strlen(s);
	const char *p;
	int n, sign;
	lm_ms_t t;

	if (len < 20 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) ||
	    s[16] != ':' || digits(s + 17, 2, &sec))
		return -EINVAL;
	n = fraction(s + 19, (unsigned int)(len - 19), &ms);
	if (n < 0)
		return -EINVAL;
	p = s + 19 + n;
	if (civil_to_ms(y, mo, d, h, mi, sec, ms, &t))
		return -EINVAL;
	if ((p[0] == 'Z' || p[0] == 'z') && p[1] == '\0') {
		*out = t;
		return 0;
	}
	if ((p[0] != '+' && p[0] != '-') || strlen(p) != 6 || p[3] != ':' ||
	    digits(p + 1, 2, &oh) || digits(p + 4, 2, &om) || oh > 23 ||
	    om > 59)
		return -EINVAL;
	sign = p[0] == '+' ? 1 : -1;
	*out = t - sign * ((lm_ms_t)oh * 3600000 + (lm_ms_t)om * 60000);
	return 0;
}
