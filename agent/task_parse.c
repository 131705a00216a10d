// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks in the words of `lmisfctl task add`, for replay (--task, and a
 * tasks file). Live, the kernel validates tasks; in replay nothing else
 * does, so the same rules are applied here (identity syntax as the
 * module's ident.c, prefixes without host bits, counts within the uapi
 * limits). Error messages name the word at fault but never repeat a
 * target value: they may reach a log.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ident.h"
#include "tasks.h"
#include "x2x3.h"

static const char *const type_names[] = {
	[LMISF_TARGET_IPV4] = "ipv4",
	[LMISF_TARGET_IPV6] = "ipv6",
	[LMISF_TARGET_IPV4_CIDR] = "ipv4-cidr",
	[LMISF_TARGET_IPV6_CIDR] = "ipv6-cidr",
	[LMISF_TARGET_GTPU_TEID] = "teid",
	[LMISF_TARGET_SIP_URI] = "sip-uri",
	[LMISF_TARGET_TEL_URI] = "tel-uri",
	[LMISF_TARGET_IMPU] = "impu",
	[LMISF_TARGET_IMPI] = "impi",
	[LMISF_TARGET_IMSI] = "imsi",
	[LMISF_TARGET_SUPI] = "supi",
	[LMISF_TARGET_IMEI] = "imei",
	[LMISF_TARGET_PEI] = "pei",
	[LMISF_TARGET_E164] = "e164",
	[LMISF_TARGET_NAI] = "nai",
};

const char *task_target_type_name(uint32_t type)
{
	if (type < 1 || type > LMISF_TARGET_TYPE_MAX)
		return NULL;
	return type_names[type];
}

const char *task_delivery_name(uint32_t delivery)
{
	switch (delivery) {
	case LMISF_DELIVERY_X2_ONLY:
		return "x2";
	case LMISF_DELIVERY_X3_ONLY:
		return "x3";
	case LMISF_DELIVERY_X2_AND_X3:
		return "x2x3";
	}
	return NULL;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool parse_addr(const char *s, int want, struct ipaddr *a)
{
	memset(a, 0, sizeof(*a));
	if ((want == 4 || !want) && inet_pton(AF_INET, s, a->a) == 1) {
		a->ver = 4;
		return true;
	}
	if ((want == 6 || !want) && inet_pton(AF_INET6, s, a->a) == 1) {
		a->ver = 6;
		return true;
	}
	return false;
}

/* Decimal or 0x hexadecimal, no sign, no octal. */
static bool parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	int base = 10;
	char *end;

	if (!strncasecmp(s, "0x", 2)) {
		base = 16;
		s += 2;
	}
	if (!isxdigit((unsigned char)*s) ||
	    (base == 10 && !isdigit((unsigned char)*s)))
		return false;
	errno = 0;
	*v = strtoull(s, &end, base);
	return !errno && !*end && *v <= max;
}

static int parse_prefix(const char *type, const char *s, int ver,
			struct task_target *t, char *err, size_t errlen)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	unsigned int max = ver == 4 ? 32 : 128;
	uint64_t len;
	size_t n;

	if (!slash || (size_t)(slash - s) >= sizeof(buf))
		return fail(err, errlen, "%s: expected ADDRESS/LENGTH", type);
	n = (size_t)(slash - s);
	memcpy(buf, s, n);
	buf[n] = 0;
	if (!parse_addr(buf, ver, &t->addr))
		return fail(err, errlen, "%s: not an IPv%d address", type, ver);
	if (!parse_u64(slash + 1, max, &len) ||
	    !isdigit((unsigned char)slash[1]))
		return fail(err, errlen, "%s: prefix length not in 0..%u", type,
			    max);
	t->prefix_len = (uint8_t)len;
	for (unsigned int bit = t->prefix_len; bit < max; bit++)
		if (t->addr.a[bit / 8] & (0x80 >> (bit % 8)))
			return fail(err, errlen,
				    "%s: host bits set past the prefix length",
				    type);
	return 0;
}

struct words {
	int argc, i;
	char *const *argv;
};

static const char *next_word(struct words *w)
{
	return w->i < w->argc ? w->argv[w->i++] : NULL;
}

static int parse_target(struct words *w, struct task_target *t, char *err,
			size_t errlen)
{
	const char *type = next_word(w), *v;
	uint64_t teid;
	uint32_t i;

	memset(t, 0, sizeof(*t));
	if (!type)
		return fail(err, errlen, "target: expected a type");
	for (i = 1; i <= LMISF_TARGET_TYPE_MAX; i++)
		if (!strcmp(type, type_names[i]))
			break;
	if (i > LMISF_TARGET_TYPE_MAX)
		return fail(
			err, errlen,
			"target type \"%s\": unknown (expected ipv4, ipv6, ipv4-cidr, ipv6-cidr, teid, sip-uri, tel-uri, impu, impi, imsi, supi, imei, pei, e164 or nai)",
			type);
	t->type = i;
	v = next_word(w);
	if (!v)
		return fail(err, errlen, "%s: expected a value", type);
	switch (t->type) {
	case LMISF_TARGET_IPV4:
	case LMISF_TARGET_IPV6:
		if (!parse_addr(v, t->type == LMISF_TARGET_IPV4 ? 4 : 6,
				&t->addr))
			return fail(err, errlen, "%s: not an IPv%c address",
				    type, type[3]);
		t->prefix_len = t->addr.ver == 4 ? 32 : 128;
		break;
	case LMISF_TARGET_IPV4_CIDR:
		return parse_prefix(type, v, 4, t, err, errlen);
	case LMISF_TARGET_IPV6_CIDR:
		return parse_prefix(type, v, 6, t, err, errlen);
	case LMISF_TARGET_GTPU_TEID:
		if (!parse_u64(v, UINT32_MAX, &teid))
			return fail(
				err, errlen,
				"teid: expected a 32-bit number (decimal or 0x hexadecimal)");
		t->teid = (uint32_t)teid;
		if (w->i < w->argc && !strcmp(w->argv[w->i], "endpoint")) {
			w->i++;
			v = next_word(w);
			if (!v || !parse_addr(v, 0, &t->addr))
				return fail(
					err, errlen,
					"endpoint: expected an IPv4 or IPv6 address");
		}
		break;
	default:
		if (strlen(v) > LMISF_MAX_VALUE_LEN)
			return fail(err, errlen, "%s: longer than %d bytes",
				    type, LMISF_MAX_VALUE_LEN);
		if (!lmisf_ident_valid(t->type, v, strlen(v)))
			return fail(
				err, errlen,
				"%s: value does not match its syntax (see uapi/linux/lmisf.h)",
				type);
		t->value = strdup(v);
		if (!t->value)
			return fail(err, errlen, "out of memory");
		if (w->i < w->argc && !strcmp(w->argv[w->i], "non-local")) {
			w->i++;
			t->non_local = true;
		}
		return 0;
	}
	if (w->i < w->argc && !strcmp(w->argv[w->i], "non-local"))
		return fail(err, errlen,
			    "non-local applies to identity targets, not %s",
			    type);
	return 0;
}

static int parse_uuid(const char *kw, const char *v, uint8_t out[16], char *err,
		      size_t errlen)
{
	if (!v || x2x3_uuid_parse(v, out))
		return fail(err, errlen, "%s: expected a UUID", kw);
	return 0;
}

int task_parse_args(int argc, char *const argv[], struct task *t, char *err,
		    size_t errlen)
{
	struct words w = { .argc = argc, .argv = argv };
	bool have_xid = false, have_delivery = false;
	const char *kw, *v;
	uint64_t u = 0;
	int r = 0;

	memset(t, 0, sizeof(*t));
	t->targets = calloc(LMISF_MAX_TARGETS, sizeof(*t->targets));
	t->dids = calloc(LMISF_MAX_DIDS, sizeof(*t->dids));
	if (!t->targets || !t->dids) {
		r = fail(err, errlen, "out of memory");
		goto out;
	}
	while (!r && (kw = next_word(&w))) {
		if (!strcmp(kw, "xid")) {
			if (have_xid)
				r = fail(err, errlen, "xid given twice");
			else
				r = parse_uuid(kw, next_word(&w), t->xid, err,
					       errlen);
			have_xid = true;
		} else if (!strcmp(kw, "delivery")) {
			v = next_word(&w);
			if (have_delivery)
				r = fail(err, errlen, "delivery given twice");
			else if (v && !strcmp(v, "x2"))
				t->delivery = LMISF_DELIVERY_X2_ONLY;
			else if (v && !strcmp(v, "x3"))
				t->delivery = LMISF_DELIVERY_X3_ONLY;
			else if (v && !strcmp(v, "x2x3"))
				t->delivery = LMISF_DELIVERY_X2_AND_X3;
			else
				r = fail(err, errlen,
					 "delivery: expected x2, x3 or x2x3");
			have_delivery = true;
		} else if (!strcmp(kw, "correlation")) {
			v = next_word(&w);
			if (t->has_correlation)
				r = fail(err, errlen,
					 "correlation given twice");
			else if (!v || !parse_u64(v, UINT64_MAX, &u))
				r = fail(
					err, errlen,
					"correlation: expected a 64-bit number");
			t->correlation_id = u;
			t->has_correlation = true;
		} else if (!strcmp(kw, "target")) {
			if (t->n_targets == LMISF_MAX_TARGETS)
				r = fail(err, errlen, "more than %d targets",
					 LMISF_MAX_TARGETS);
			else
				r = parse_target(&w,
						 &t->targets[t->n_targets++],
						 err, errlen);
		} else if (!strcmp(kw, "did")) {
			if (t->n_dids == LMISF_MAX_DIDS)
				r = fail(err, errlen, "more than %d dids",
					 LMISF_MAX_DIDS);
			else
				r = parse_uuid(kw, next_word(&w),
					       t->dids[t->n_dids++], err,
					       errlen);
		} else {
			r = fail(
				err, errlen,
				"unknown keyword \"%s\" (expected xid, delivery, correlation, target or did)",
				kw);
		}
	}
	if (!r && !have_xid)
		r = fail(err, errlen, "xid is required");
	if (!r && !have_delivery)
		r = fail(err, errlen, "delivery is required");
	if (!r && !t->n_targets)
		r = fail(err, errlen, "at least one target is required");
out:
	if (r)
		task_clear(t);
	return r;
}

int task_parse_line(const char *line, struct task *t, char *err, size_t errlen)
{
	char *copy = strdup(line), *save = NULL, *tok;
	char **argv;
	int argc = 0, r;

	/* at most one word per two bytes */
	argv = calloc(strlen(line) / 2 + 2, sizeof(*argv));
	if (!copy || !argv) {
		free(copy);
		free(argv);
		return fail(err, errlen, "out of memory");
	}
	for (tok = strtok_r(copy, " \t\r\n", &save); tok;
	     tok = strtok_r(NULL, " \t\r\n", &save))
		argv[argc++] = tok;
	r = task_parse_args(argc, argv, t, err, errlen);
	free(argv);
	free(copy);
	return r;
}

int tasks_load_file(struct tasks *ts, const char *path, char *err,
		    size_t errlen)
{
	char msg[256], *line = NULL;
	struct task *v = NULL;
	unsigned int n = 0, lineno = 0, i, j;
	size_t cap = 0;
	int r = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	while (getline(&line, &cap, f) > 0) {
		const char *p = line;
		struct task *nv;

		lineno++;
		p += strspn(p, " \t\r\n");
		if (!*p || *p == '#')
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv) {
			r = fail(err, errlen, "%s:%u: out of memory", path,
				 lineno);
			break;
		}
		v = nv;
		if (task_parse_line(p, &v[n], msg, sizeof(msg))) {
			r = fail(err, errlen, "%s:%u: %s", path, lineno, msg);
			break;
		}
		n++;
		for (i = 0; i + 1 < n; i++)
			if (!memcmp(v[i].xid, v[n - 1].xid, LMISF_XID_LEN))
				break;
		if (i + 1 < n || tasks_find(ts, v[n - 1].xid)) {
			r = fail(err, errlen,
				 "%s:%u: xid given to an earlier task", path,
				 lineno);
			break;
		}
	}
	if (!r && ferror(f))
		r = fail(err, errlen, "%s: read error", path);
	fclose(f);
	free(line);
	for (i = 0; !r && i < n; i++) {
		if (tasks_put(ts, &v[i])) {
			for (j = 0; j < i; j++)
				tasks_del(ts, v[j].xid);
			r = fail(err, errlen, "%s: out of memory", path);
		}
	}
	for (i = 0; i < n; i++)
		task_clear(&v[i]);
	free(v);
	return r ? r : (int)n;
}
