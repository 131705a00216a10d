// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration parser. Keys are described by one table (section,
 * name, type, range, where the value goes), so the parser, the range
 * checks and the error messages cannot drift apart; cross-key rules are
 * checked once the whole file has been read.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "x2x3.h"

#define CONFIG_MAX_FILE (1u << 20)

enum ktype {
	K_U16,
	K_U32,
	K_U64,
	K_SIZE, /* u64 bytes, optional k/M/G suffix */
	K_SIZET, /* the same into a size_t */
	K_SIZE32, /* the same into a uint32_t */
	K_NS, /* u64 ns given in the key's unit (scale) */
	K_BOOL,
	K_STR,
	K_PATH, /* absolute */
	K_ADDR, /* numeric IPv4/IPv6 */
	K_MODE, /* octal permission bits */
	K_LEVEL,
	K_FSYNC,
};

enum section {
	S_NONE,
	S_SINK,
	S_DECODE,
	S_IMS,
	S_DELIVERY,
	S_DEST,
	S_SPOOL,
	S_ICF,
	S_LOG,
	S_COUNT
};

static const char *const section_names[S_COUNT] = {
	[S_SINK] = "sink",	  [S_DECODE] = "decode",
	[S_IMS] = "ims",	  [S_DELIVERY] = "delivery",
	[S_DEST] = "destination", [S_SPOOL] = "spool",
	[S_ICF] = "icf",	  [S_LOG] = "log",
};

struct key {
	enum section sec;
	const char *name;
	enum ktype type;
	size_t off; /* in struct lm_config, or struct lm_dest for S_DEST */
	uint64_t min, max, scale;
};

#define C(f) offsetof(struct lm_config, f)
#define D(f) offsetof(struct lm_dest, f)
#define NS_PER_MS 1000000ULL
#define NS_PER_S 1000000000ULL
#define KiB 1024ULL
#define MiB (1024ULL * KiB)
#define GiB (1024ULL * MiB)

static const struct key keys[] = {
	{ S_SINK, "nlbufsiz", K_U32, C(sink.nlbufsiz), LMISF_NLBUFSIZ_MIN,
	  LMISF_NLBUFSIZ_MAX },
	{ S_SINK, "qthreshold", K_U32, C(sink.qthreshold), 1, 1024 },
	{ S_SINK, "flush_ms", K_U32, C(sink.flush_ms), 1, 10000 },
	{ S_SINK, "copy_range", K_U32, C(sink.copy_range), 0,
	  LMISF_COPY_RANGE_MAX },
	{ S_SINK, "rcvbuf", K_SIZE, C(sink.rcvbuf), 64 * KiB, 2 * GiB - 1 },

	{ S_DECODE, "gtpu_port", K_U16, C(decode.gtpu_port), 1, 65535 },
	{ S_DECODE, "frag_max_datagrams", K_U32, C(decode.frag.max_datagrams),
	  1, 1u << 20 },
	{ S_DECODE, "frag_max_fragments", K_U32, C(decode.frag.max_frags), 2,
	  8192 },
	{ S_DECODE, "frag_max_bytes", K_SIZET, C(decode.frag.max_bytes),
	  64 * KiB, 16 * GiB },
	{ S_DECODE, "frag_timeout_ms", K_NS, C(decode.frag.timeout_ns), 1,
	  600000, NS_PER_MS },
	{ S_DECODE, "tcp_max_flows", K_U32, C(decode.tcp.max_flows), 1,
	  1u << 24 },
	{ S_DECODE, "tcp_max_buffer", K_SIZE32, C(decode.tcp.max_buf), 64 * KiB,
	  64 * MiB },
	{ S_DECODE, "tcp_max_out_of_order", K_SIZE32, C(decode.tcp.max_ooo), 0,
	  64 * MiB },
	{ S_DECODE, "tcp_max_out_of_order_segments", K_U32,
	  C(decode.tcp.max_ooo_segs), 0, 65536 },
	{ S_DECODE, "tcp_max_bytes", K_SIZET, C(decode.tcp.max_bytes), 1 * MiB,
	  64 * GiB },
	{ S_DECODE, "tcp_idle_timeout_s", K_NS, C(decode.tcp.idle_ns), 1, 86400,
	  NS_PER_S },

	{ S_IMS, "max_subscribers", K_U32, C(ims.max_subscribers), 1,
	  100000000 },
	{ S_IMS, "max_dialogs", K_U32, C(ims.max_dialogs), 1, 100000000 },
	{ S_IMS, "max_media_per_dialog", K_U32, C(ims.max_media_per_dialog), 1,
	  64 },
	{ S_IMS, "registration_grace_s", K_U32, C(ims.registration_grace_s), 0,
	  86400 },
	{ S_IMS, "dialog_idle_timeout_s", K_U32, C(ims.dialog_idle_timeout_s),
	  60, 7 * 86400 },
	{ S_IMS, "early_dialog_timeout_s", K_U32, C(ims.early_dialog_timeout_s),
	  1, 3600 },
	{ S_IMS, "flow_grace_ms", K_U32, C(ims.flow_grace_ms), 0, 600000 },

	{ S_DELIVERY, "keepalive_interval_s", K_U32,
	  C(delivery.keepalive_interval_s), 0, 3600 },
	{ S_DELIVERY, "keepalive_timeout_s", K_U32,
	  C(delivery.keepalive_timeout_s), 1, 3600 },
	{ S_DELIVERY, "reconnect_min_ms", K_U32, C(delivery.reconnect_min_ms),
	  10, 600000 },
	{ S_DELIVERY, "reconnect_max_ms", K_U32, C(delivery.reconnect_max_ms),
	  10, 3600000 },
	{ S_DELIVERY, "pdu_version", K_U16, C(delivery.pdu_version), 1, 65535 },
	{ S_DELIVERY, "x3_gtpu", K_BOOL, C(delivery.x3_gtpu) },

	{ S_DEST, "address", K_ADDR, D(address) },
	{ S_DEST, "port", K_U16, D(port), 1, 65535 },
	{ S_DEST, "tls", K_BOOL, D(tls) },
	{ S_DEST, "ca", K_PATH, D(ca) },
	{ S_DEST, "cert", K_PATH, D(cert) },
	{ S_DEST, "key", K_PATH, D(key) },
	{ S_DEST, "server_name", K_STR, D(server_name) },

	{ S_SPOOL, "dir", K_PATH, C(spool.dir) },
	{ S_SPOOL, "max_bytes", K_SIZE, C(spool.max_bytes), 1 * MiB,
	  1024 * GiB },
	{ S_SPOOL, "fsync", K_FSYNC, C(spool.fsync) },
	{ S_SPOOL, "fsync_interval_ms", K_U32, C(spool.fsync_interval_ms), 1,
	  600000 },

	{ S_ICF, "lixer_address", K_ADDR, C(icf.lixer_address) },
	{ S_ICF, "lixer_port", K_U16, C(icf.lixer_port), 1, 65535 },
	{ S_ICF, "lixer_ca", K_PATH, C(icf.lixer_ca) },
	{ S_ICF, "lixer_cert", K_PATH, C(icf.lixer_cert) },
	{ S_ICF, "lixer_key", K_PATH, C(icf.lixer_key) },
	{ S_ICF, "query_socket", K_PATH, C(icf.query_socket) },
	{ S_ICF, "query_mode", K_MODE, C(icf.query_mode) },
	{ S_ICF, "query_group", K_STR, C(icf.query_group) },
	{ S_ICF, "audit_log", K_PATH, C(icf.audit_log) },
	{ S_ICF, "state_dir", K_PATH, C(icf.state_dir) },
	{ S_ICF, "max_active_lifetime_s", K_U64, C(icf.max_active_lifetime_s),
	  1, 366 * 86400ULL },
	{ S_ICF, "cache_time_limit_s", K_U64, C(icf.cache_time_limit_s), 1,
	  3660 * 86400ULL },
	{ S_ICF, "search_window_s", K_U64, C(icf.search_window_s), 0, 86400 },

	{ S_LOG, "level", K_LEVEL, C(log.level) },
	{ S_LOG, "stats_interval_s", K_U32, C(log.stats_interval_s), 0, 86400 },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

void config_default(struct lm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->sink.nlbufsiz = 65536;
	cfg->sink.qthreshold = 64;
	cfg->sink.flush_ms = 10;
	cfg->sink.copy_range = LMISF_COPY_RANGE_MAX;
	cfg->sink.rcvbuf = 64 * MiB;
	decode_config_default(&cfg->decode);
	cfg->ims.max_subscribers = 100000;
	cfg->ims.max_dialogs = 100000;
	cfg->ims.max_media_per_dialog = 16;
	cfg->ims.registration_grace_s = 60;
	cfg->ims.dialog_idle_timeout_s = 7200;
	cfg->ims.early_dialog_timeout_s = 180;
	cfg->ims.flow_grace_ms = 2000;
	cfg->delivery.keepalive_interval_s = 30;
	cfg->delivery.keepalive_timeout_s = 10;
	cfg->delivery.reconnect_min_ms = 500;
	cfg->delivery.reconnect_max_ms = 30000;
	cfg->delivery.pdu_version = X2X3_VERSION_DEFAULT;
	cfg->spool.max_bytes = 1 * GiB;
	cfg->spool.fsync = SPOOL_FSYNC_INTERVAL;
	cfg->spool.fsync_interval_ms = 1000;
	cfg->icf.query_mode = 0660;
	cfg->icf.max_active_lifetime_s = 86400;
	cfg->icf.cache_time_limit_s = 7 * 86400;
	cfg->icf.search_window_s = 5;
	cfg->log.level = LOG_LVL_INFO;
	cfg->log.stats_interval_s = 60;
}

static char **str_slot(void *base, const struct key *k)
{
	return (char **)((char *)base + k->off);
}

static bool is_str(enum ktype t)
{
	return t == K_STR || t == K_PATH || t == K_ADDR;
}

static void free_strings(void *base, enum section sec)
{
	for (size_t i = 0; i < NKEYS; i++) {
		if (keys[i].sec == sec && is_str(keys[i].type)) {
			free(*str_slot(base, &keys[i]));
			*str_slot(base, &keys[i]) = NULL;
		}
	}
}

void config_free(struct lm_config *cfg)
{
	for (unsigned int i = 0; i < cfg->n_dests; i++)
		free_strings(&cfg->dests[i], S_DEST);
	free(cfg->dests);
	for (int s = S_SINK; s < S_COUNT; s++)
		if (s != S_DEST)
			free_strings(cfg, (enum section)s);
	config_default(cfg);
}

const struct lm_dest *config_find_dest(const struct lm_config *cfg,
				       const uint8_t did[LMISF_XID_LEN])
{
	for (unsigned int i = 0; i < cfg->n_dests; i++)
		if (!memcmp(cfg->dests[i].did, did, LMISF_XID_LEN))
			return &cfg->dests[i];
	return NULL;
}

struct parser {
	struct lm_config *cfg;
	const char *name;
	char *err;
	size_t errlen;
	unsigned int line;
	enum section sec;
	struct lm_dest *dest; /* S_DEST */
	unsigned int sec_line[S_COUNT];
	unsigned int key_line[NKEYS]; /* global sections */
	unsigned int *dest_key_line; /* NKEYS per destination */
};

static int perr(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int perr(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(p->err, p->errlen, "%s:%u: ", p->name, p->line);
	if (n < 0 || (size_t)n >= p->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool parse_num(const char *v, uint64_t *out, bool suffix)
{
	uint64_t mult = 1;
	char *end;

	if (!isdigit((unsigned char)*v))
		return false;
	errno = 0;
	*out = strtoull(v, &end, 10);
	if (errno)
		return false;
	if (suffix && *end && !end[1]) {
		switch (*end) {
		case 'k':
		case 'K':
			mult = KiB;
			break;
		case 'M':
			mult = MiB;
			break;
		case 'G':
			mult = GiB;
			break;
		default:
			return false;
		}
		end++;
	}
	if (*end || *out > UINT64_MAX / mult)
		return false;
	*out *= mult;
	return true;
}

static int set_value(struct parser *p, const struct key *k, void *base,
		     const char *v)
{
	void *slot = (char *)base + k->off;
	struct in6_addr a6;
	uint64_t n;
	char *end;

	switch (k->type) {
	case K_U16:
	case K_U32:
	case K_U64:
	case K_SIZE:
	case K_SIZET:
	case K_SIZE32:
	case K_NS: {
		bool sfx = k->type == K_SIZE || k->type == K_SIZET ||
			   k->type == K_SIZE32;

		if (!parse_num(v, &n, sfx))
			return perr(p, "%s: \"%s\" is not %s", k->name, v,
				    sfx ? "a size (bytes, or with k, M or G)" :
					  "a decimal number");
		if (n < k->min || n > k->max)
			return perr(p,
				    "%s: %" PRIu64 " is out of range (%" PRIu64
				    "..%" PRIu64 ")",
				    k->name, n, k->min, k->max);
		if (k->type == K_U16)
			*(uint16_t *)slot = (uint16_t)n;
		else if (k->type == K_U32 || k->type == K_SIZE32)
			*(uint32_t *)slot = (uint32_t)n;
		else if (k->type == K_SIZET)
			*(size_t *)slot = (size_t)n;
		else if (k->type == K_NS)
			*(uint64_t *)slot = n * k->scale;
		else
			*(uint64_t *)slot = n;
		return 0;
	}
	case K_BOOL:
		if (!strcmp(v, "yes") || !strcmp(v, "true"))
			*(bool *)slot = true;
		else if (!strcmp(v, "no") || !strcmp(v, "false"))
			*(bool *)slot = false;
		else
			return perr(p, "%s: expected yes or no", k->name);
		return 0;
	case K_PATH:
		if (v[0] != '/')
			return perr(p, "%s: \"%s\" is not an absolute path",
				    k->name, v);
		break;
	case K_ADDR:
		if (inet_pton(AF_INET, v, &a6) != 1 &&
		    inet_pton(AF_INET6, v, &a6) != 1)
			return perr(
				p,
				"%s: \"%s\" is not a numeric IPv4 or IPv6 address",
				k->name, v);
		break;
	case K_STR:
		break;
	case K_MODE:
		errno = 0;
		n = strtoull(v, &end, 8);
		if (v[0] != '0' || *end || errno || n > 0777)
			return perr(
				p,
				"%s: \"%s\" is not an octal mode (0000..0777)",
				k->name, v);
		*(mode_t *)slot = (mode_t)n;
		return 0;
	case K_LEVEL:
		if (log_level_parse(v, (enum log_level *)slot))
			return perr(
				p,
				"%s: \"%s\" is not error, warning, notice, info or debug",
				k->name, v);
		return 0;
	case K_FSYNC:
		if (!strcmp(v, "always"))
			*(enum spool_fsync *)slot = SPOOL_FSYNC_ALWAYS;
		else if (!strcmp(v, "interval"))
			*(enum spool_fsync *)slot = SPOOL_FSYNC_INTERVAL;
		else if (!strcmp(v, "never"))
			*(enum spool_fsync *)slot = SPOOL_FSYNC_NEVER;
		else
			return perr(
				p,
				"%s: \"%s\" is not always, interval or never",
				k->name, v);
		return 0;
	}
	/* strings */
	free(*(char **)slot);
	*(char **)slot = strdup(v);
	return *(char **)slot ? 0 : perr(p, "out of memory");
}

static int section_header(struct parser *p, char *s)
{
	char *end = strchr(s, ']'), *arg;
	uint8_t did[LMISF_XID_LEN];
	int sec;

	if (!end || end[1])
		return perr(p, "malformed section header (expected [name])");
	*end = 0;
	s++;
	arg = strchr(s, ' ');
	if (arg) {
		*arg++ = 0;
		arg += strspn(arg, " \t");
	}
	for (sec = S_SINK; sec < S_COUNT; sec++)
		if (!strcmp(s, section_names[sec]))
			break;
	if (sec == S_COUNT)
		return perr(p, "unknown section [%s]", s);
	p->sec = (enum section)sec;
	if (sec != S_DEST) {
		if (arg)
			return perr(p, "section [%s] takes no argument", s);
		if (p->sec_line[sec])
			return perr(
				p,
				"section [%s] given twice (first at line %u)",
				s, p->sec_line[sec]);
		p->sec_line[sec] = p->line;
		if (sec == S_ICF)
			p->cfg->icf.enabled = true;
		return 0;
	}
	if (!arg || x2x3_uuid_parse(arg, did))
		return perr(
			p,
			"[destination] needs a DID (a UUID): [destination UUID]");
	for (unsigned int i = 0; i < p->cfg->n_dests; i++)
		if (!memcmp(p->cfg->dests[i].did, did, sizeof(did)))
			return perr(
				p,
				"destination %s given twice (first at line %u)",
				arg, p->cfg->dests[i].line);
	if (p->cfg->n_dests == CONFIG_MAX_DESTS)
		return perr(p, "more than %d destinations", CONFIG_MAX_DESTS);
	if (!p->cfg->n_dests) {
		p->cfg->dests =
			calloc(CONFIG_MAX_DESTS, sizeof(*p->cfg->dests));
		p->dest_key_line = calloc(CONFIG_MAX_DESTS * NKEYS,
					  sizeof(*p->dest_key_line));
		if (!p->cfg->dests || !p->dest_key_line)
			return perr(p, "out of memory");
	}
	p->dest = &p->cfg->dests[p->cfg->n_dests++];
	memcpy(p->dest->did, did, sizeof(did));
	p->dest->line = p->line;
	return 0;
}

static char *trim(char *s)
{
	char *e;

	s += strspn(s, " \t");
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = 0;
	return s;
}

static int key_value(struct parser *p, char *s)
{
	char *eq = strchr(s, '='), *k, *v;
	unsigned int *seen;
	size_t i;

	if (!eq)
		return perr(
			p,
			"expected \"key = value\", a [section] or a # comment");
	*eq = 0;
	k = trim(s);
	v = trim(eq + 1);
	if (!*k)
		return perr(p, "missing key before \"=\"");
	if (p->sec == S_NONE)
		return perr(p, "key \"%s\" outside a section", k);
	for (i = 0; i < NKEYS; i++)
		if (keys[i].sec == p->sec && !strcmp(keys[i].name, k))
			break;
	if (i == NKEYS)
		return perr(p, "unknown key \"%s\" in [%s]", k,
			    section_names[p->sec]);
	seen = p->sec == S_DEST ?
		       &p->dest_key_line[(size_t)(p->dest - p->cfg->dests) *
						 NKEYS +
					 i] :
		       &p->key_line[i];
	if (*seen)
		return perr(p, "%s given twice (first at line %u)", k, *seen);
	*seen = p->line;
	if (!*v)
		return perr(p, "%s: empty value", k);
	for (const char *c = v; *c; c++)
		if ((unsigned char)*c < ' ' || *c == 0x7f)
			return perr(p, "%s: control character in the value", k);
	return set_value(p, &keys[i],
			 p->sec == S_DEST ? (void *)p->dest : (void *)p->cfg,
			 v);
}

/* Cross-key rules; p->line is set to the line to blame. */
static int check(struct parser *p)
{
	struct lm_config *c = p->cfg;

	for (unsigned int i = 0; i < c->n_dests; i++) {
		struct lm_dest *d = &c->dests[i];

		p->line = d->line;
		if (!d->address)
			return perr(p, "destination: address is required");
		if (!d->port)
			return perr(p, "destination: port is required");
		if (d->tls && (!d->ca || !d->cert || !d->key))
			return perr(
				p,
				"destination: tls = yes needs ca, cert and key (mutual authentication)");
		if (!d->tls && (d->ca || d->cert || d->key || d->server_name))
			return perr(
				p,
				"destination: ca, cert, key and server_name need tls = yes");
	}
	p->line = p->sec_line[S_DELIVERY];
	if (c->delivery.reconnect_max_ms < c->delivery.reconnect_min_ms)
		return perr(p, "reconnect_max_ms is below reconnect_min_ms");
	p->line = p->sec_line[S_ICF];
	if (!!c->icf.lixer_address != !!c->icf.lixer_port)
		return perr(p, "icf: lixer_address and lixer_port go together");
	if ((c->icf.lixer_ca || c->icf.lixer_cert || c->icf.lixer_key) &&
	    !(c->icf.lixer_ca && c->icf.lixer_cert && c->icf.lixer_key))
		return perr(
			p,
			"icf: lixer_ca, lixer_cert and lixer_key go together");
	if (c->icf.lixer_ca && !c->icf.lixer_address)
		return perr(p, "icf: lixer TLS files without lixer_address");
	if (c->icf.query_socket && !c->icf.audit_log)
		return perr(
			p,
			"icf: query_socket needs audit_log (every query is audited)");
	if (!c->spool.dir && c->n_dests) {
		c->spool.dir = strdup("/var/spool/lmisfd");
		if (!c->spool.dir)
			return perr(p, "out of memory");
	}
	return 0;
}

int config_parse(struct lm_config *cfg, const char *text, const char *name,
		 char *err, size_t errlen)
{
	struct parser *p = calloc(1, sizeof(*p));
	char *buf = strdup(text), *line, *next;
	int r = 0;

	config_default(cfg);
	if (!p || !buf) {
		free(p);
		free(buf);
		snprintf(err, errlen, "%s: out of memory", name);
		return -ENOMEM;
	}
	*p = (struct parser){
		.cfg = cfg, .name = name, .err = err, .errlen = errlen
	};
	for (line = buf; !r && line; line = next) {
		char *s;

		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		p->line++;
		s = trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[')
			r = section_header(p, s);
		else
			r = key_value(p, s);
	}
	if (!r)
		r = check(p);
	free(p->dest_key_line);
	free(p);
	free(buf);
	if (r)
		config_free(cfg);
	return r;
}

int config_load(struct lm_config *cfg, const char *path, char *err,
		size_t errlen)
{
	struct stat st;
	char *buf;
	ssize_t n;
	int fd, r;

	config_default(cfg);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
		if (fd >= 0)
			close(fd);
		return r;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > CONFIG_MAX_FILE) {
		close(fd);
		snprintf(err, errlen,
			 "%s: not a regular file of at most %u bytes", path,
			 CONFIG_MAX_FILE);
		return -EINVAL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	n = read(fd, buf, (size_t)st.st_size);
	close(fd);
	if (n != st.st_size) {
		free(buf);
		snprintf(err, errlen, "%s: short read", path);
		return -EIO;
	}
	buf[n] = 0;
	if (memchr(buf, 0, (size_t)n)) {
		unsigned int line = 1;

		for (char *c = buf; *c; c++)
			line += *c == '\n';
		free(buf);
		snprintf(err, errlen, "%s:%u: NUL byte", path, line);
		return -EINVAL;
	}
	r = config_parse(cfg, buf, path, err, errlen);
	free(buf);
	return r;
}
