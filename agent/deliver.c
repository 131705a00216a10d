// SPDX-License-Identifier: GPL-2.0
/*
 * X2/X3 delivery (deliver.h): destinations, their in-memory queues and
 * disk spools, the order between them, counters, the pipeline's ops.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "deliver_int.h"
#include "log.h"

#define QUEUE_DEFAULT (1u << 20)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct qitem *qitem_new(const uint8_t *xid, uint16_t type,
			       const uint8_t *data, size_t len)
{
	struct qitem *q = malloc(sizeof(*q) + len);

	if (!q)
		return NULL;
	q->next = NULL;
	memcpy(q->xid, xid, LMISF_XID_LEN);
	q->type = type;
	q->from_spool = false;
	q->len = len;
	memcpy(q->data, data, len);
	return q;
}

static void qpush(struct dest *ds, struct qitem *q)
{
	if (ds->tail)
		ds->tail->next = q;
	else
		ds->head = q;
	ds->tail = q;
	ds->q_bytes += q->len;
}

int dest_enqueue(struct dest *ds, const uint8_t *xid, uint16_t type,
		 const uint8_t *data, size_t len)
{
	struct qitem *q = qitem_new(xid, type, data, len);

	if (!q)
		return -ENOMEM;
	qpush(ds, q);
	return 0;
}

static bool is_pdu(uint16_t type)
{
	return type == X2X3_PDU_X2 || type == X2X3_PDU_X3;
}

void dest_item_done(struct dest *ds, struct qitem *q)
{
	struct deliver *d = ds->d;

	if (!is_pdu(q->type))
		return;
	if (q->from_spool) {
		d->st.resent++;
		spool_consume(ds->sp, &q->end);
	} else {
		d->st.sent++;
	}
	if (d->sent)
		d->sent(d->sent_arg, q->xid, (enum x2x3_pdu_type)q->type,
			q->len, now_ns());
}

/* Refill an empty queue from the spool, up to the queue size. */
int dest_load_spool(struct dest *ds)
{
	size_t lim = ds->d->tune.queue_bytes;

	while (ds->q_bytes < lim) {
		struct spool_rec r;
		struct qitem *q;
		int e = spool_next(ds->sp, &r);

		if (e <= 0)
			return e;
		q = qitem_new(r.xid, r.type, r.data, r.len);
		if (!q)
			return -ENOMEM;
		q->from_spool = true;
		q->end = r.end;
		qpush(ds, q);
	}
	return 0;
}

static void sync_spool_stats(struct deliver *d);

/*
 * The queue's direct PDUs go to the spool (which is empty: direct PDUs
 * are only queued then), so they keep their place before newer ones.
 * @keep (still connected): they stay queued as spool records, the one
 * being written finishes, the spool's read position moves past them.
 * Otherwise the queue is forgotten and read again from the spool.
 */
static void queue_to_spool(struct dest *ds, bool keep)
{
	struct deliver *d = ds->d;
	struct qitem *q, *next;
	struct spool_pos last;
	bool moved = false;

	for (q = ds->head; q; q = q->next) {
		if (q->from_spool || !is_pdu(q->type))
			continue;
		/* On a spool error a kept PDU is still sent from memory. */
		if (spool_append(ds->sp, q->xid, q->type, q->data, q->len,
				 SPOOL_F_FORCE, &q->end)) {
			if (!keep)
				d->st.dropped_io++;
			continue;
		}
		d->st.spooled++;
		q->from_spool = true;
		last = q->end;
		moved = true;
	}
	if (keep) {
		if (moved)
			spool_set_read(ds->sp, &last);
	} else {
		for (q = ds->head; q; q = next) {
			next = q->next;
			free(q);
		}
		ds->head = ds->tail = NULL;
		ds->q_bytes = ds->head_off = 0;
		spool_rewind(ds->sp);
	}
}

void dest_went_down(struct dest *ds)
{
	queue_to_spool(ds, false);
}

static void spool_one(struct dest *ds, const uint8_t *xid, uint16_t type,
		      const uint8_t *pdu, size_t len, int *ret)
{
	struct deliver *d = ds->d;
	int e = spool_append(ds->sp, xid, type, pdu, len, 0, NULL);

	if (!e) {
		d->st.spooled++;
	} else if (e == -ENOSPC) {
		d->st.dropped_by_limit++;
		log_warn_ratelimited("destination line %u: spool full, "
				     "PDU dropped",
				     ds->cfg.line);
		if (!*ret)
			*ret = -ENOSPC;
	} else {
		d->st.dropped_io++;
		log_warn_ratelimited("destination line %u: spool: %s",
				     ds->cfg.line, strerror(-e));
		if (!*ret)
			*ret = e;
	}
}

static struct dest *find_dest(const struct deliver *d, const uint8_t *did)
{
	for (unsigned int i = 0; i < d->n_dests; i++)
		if (!memcmp(d->dests[i]->cfg.did, did, LMISF_XID_LEN))
			return d->dests[i];
	return NULL;
}

int deliver_submit(struct deliver *d, const uint8_t xid[LMISF_XID_LEN],
		   enum x2x3_pdu_type type,
		   const uint8_t (*dids)[LMISF_XID_LEN], unsigned int n,
		   const uint8_t *pdu, size_t len)
{
	int ret = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct dest *ds = find_dest(d, dids[i]);
		bool room;

		if (!ds) {
			d->st.unknown_did++;
			if (!ret || ret == -ENOSPC)
				ret = -ENOENT;
			continue;
		}
		room = !ds->head || ds->q_bytes + len <= d->tune.queue_bytes;
		if (ds->state == DS_UP && spool_empty(ds->sp) && room) {
			if (dest_enqueue(ds, xid, (uint16_t)type, pdu, len)) {
				spool_one(ds, xid, (uint16_t)type, pdu, len,
					  &ret);
				continue;
			}
			dest_pump(ds);
			continue;
		}
		/* A full queue while up: it moves to the spool first so
		 * that the order holds (queue, spool, new). */
		if (ds->state == DS_UP && spool_empty(ds->sp) && ds->head &&
		    !ds->head->from_spool)
			queue_to_spool(ds, true);
		spool_one(ds, xid, (uint16_t)type, pdu, len, &ret);
		if (ds->state == DS_UP)
			dest_pump(ds);
	}
	sync_spool_stats(d);
	return ret;
}

/* The spools' own counters, summed into deliver_stats. */
static void sync_spool_stats(struct deliver *d)
{
	uint64_t corrupt = 0, torn = 0, pending = 0, up = 0;

	for (unsigned int i = 0; i < d->n_dests; i++) {
		struct spool_stats s;

		spool_get_stats(d->dests[i]->sp, &s);
		corrupt += s.corrupt;
		torn += s.torn;
		pending += s.pending_bytes;
		up += d->dests[i]->state == DS_UP;
	}
	/* Removed destinations' spools keep counting in the totals. */
	if (corrupt + d->gone_corrupt > d->st.spool_corrupt)
		d->st.spool_corrupt = corrupt + d->gone_corrupt;
	if (torn + d->gone_torn > d->st.spool_torn)
		d->st.spool_torn = torn + d->gone_torn;
	d->st.spool_pending_bytes = pending;
	d->st.dests_up = up;
}

static int mkdirs(const char *path)
{
	char *p = strdup(path);

	if (!p)
		return -ENOMEM;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0700) && errno != EEXIST) {
			int e = -errno;

			free(p);
			return e;
		}
		*s = '/';
	}
	if (mkdir(p, 0700) && errno != EEXIST) {
		int e = -errno;

		free(p);
		return e;
	}
	free(p);
	return 0;
}

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void dest_free(struct dest *ds)
{
	if (!ds)
		return;
	dest_close(ds);
	if (ds->sp) {
		struct spool_stats s;

		queue_to_spool(ds, false);
		spool_get_stats(ds->sp, &s);
		ds->d->gone_corrupt += s.corrupt;
		ds->d->gone_torn += s.torn;
		spool_close(ds->sp);
	}
	SSL_CTX_free(ds->ctx);
	free(ds->cfg.address);
	free(ds->cfg.ca);
	free(ds->cfg.cert);
	free(ds->cfg.key);
	free(ds->cfg.server_name);
	free(ds);
}

static struct dest *dest_new(struct deliver *d, const struct lm_dest *c,
			     char *err, size_t errlen)
{
	struct dest *ds = calloc(1, sizeof(*ds));
	struct sockaddr_in *s4;
	struct sockaddr_in6 *s6;
	char uuid[37], path[4096];
	int r;

	if (!ds) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	ds->d = d;
	ds->fd = -1;
	ds->cfg = *c;
	ds->cfg.address = xstrdup(c->address);
	ds->cfg.ca = xstrdup(c->ca);
	ds->cfg.cert = xstrdup(c->cert);
	ds->cfg.key = xstrdup(c->key);
	ds->cfg.server_name = xstrdup(c->server_name);
	ds->backoff_ms = d->reconnect_min_ms;
	s4 = (struct sockaddr_in *)&ds->sa;
	s6 = (struct sockaddr_in6 *)&ds->sa;
	if (c->address && inet_pton(AF_INET, c->address, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(c->port);
		ds->salen = sizeof(*s4);
	} else if (c->address &&
		   inet_pton(AF_INET6, c->address, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(c->port);
		ds->salen = sizeof(*s6);
	} else {
		snprintf(err, errlen, "destination line %u: bad address",
			 c->line);
		goto fail;
	}
	if (dest_tls_setup(ds, err, errlen))
		goto fail;
	x2x3_uuid_format(c->did, uuid);
	snprintf(path, sizeof(path), "%s/%s", d->spool_dir, uuid);
	r = spool_open(&ds->sp, path, &d->spool_opts, err, errlen);
	if (r)
		goto fail;
	return ds;
fail:
	dest_free(ds);
	return NULL;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool same_dest(const struct lm_dest *a, const struct lm_dest *b)
{
	return !memcmp(a->did, b->did, LMISF_XID_LEN) && a->port == b->port &&
	       a->tls == b->tls && same_str(a->address, b->address) &&
	       same_str(a->ca, b->ca) && same_str(a->cert, b->cert) &&
	       same_str(a->key, b->key) &&
	       same_str(a->server_name, b->server_name);
}

static void fsync_fire(void *arg, struct loop_timer *t)
{
	struct deliver *d = arg;

	(void)t;
	for (unsigned int i = 0; i < d->n_dests; i++)
		spool_sync(d->dests[i]->sp);
}

static void apply_settings(struct deliver *d, const struct lm_config *cfg,
			   const struct deliver_tuning *tune)
{
	d->tune = tune ? *tune : (struct deliver_tuning){ 0 };
	if (!d->tune.keepalive_interval_ms)
		d->tune.keepalive_interval_ms =
			cfg->delivery.keepalive_interval_s * 1000u;
	if (!d->tune.keepalive_timeout_ms)
		d->tune.keepalive_timeout_ms =
			cfg->delivery.keepalive_timeout_s * 1000u;
	if (!d->tune.queue_bytes)
		d->tune.queue_bytes = QUEUE_DEFAULT;
	d->reconnect_min_ms = cfg->delivery.reconnect_min_ms;
	d->reconnect_max_ms = cfg->delivery.reconnect_max_ms;
	d->pdu_version = cfg->delivery.pdu_version;
	d->spool_opts.max_bytes = cfg->spool.max_bytes;
	d->spool_opts.fsync = cfg->spool.fsync;
	d->spool_opts.segment_bytes = d->tune.segment_bytes;
}

/*
 * Builds the destination set of @cfg, reusing unchanged ones from
 * @old (taken out of it). 0 or -errno with @err.
 */
static int build_dests(struct deliver *d, const struct lm_config *cfg,
		       struct dest **old, unsigned int n_old,
		       struct dest ***out, char *err, size_t errlen)
{
	struct dest **v = calloc(cfg->n_dests + 1, sizeof(*v));
	int *from = calloc(cfg->n_dests + 1, sizeof(*from));

	if (!v || !from) {
		free(v);
		free(from);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < cfg->n_dests; i++) {
		from[i] = -1;
		for (unsigned int j = 0; j < n_old; j++)
			if (old[j] && same_dest(&old[j]->cfg, &cfg->dests[i])) {
				v[i] = old[j];
				old[j] = NULL;
				from[i] = (int)j;
				v[i]->cfg.line = cfg->dests[i].line;
			}
		if (v[i])
			continue;
		/* A changed destination: its spool is closed before the
		 * new one opens it (lost until the next reload on error). */
		for (unsigned int j = 0; j < n_old; j++)
			if (old[j] &&
			    !memcmp(old[j]->cfg.did, cfg->dests[i].did,
				    LMISF_XID_LEN)) {
				dest_free(old[j]);
				old[j] = NULL;
			}
		v[i] = dest_new(d, &cfg->dests[i], err, errlen);
		if (!v[i]) {
			for (unsigned int k = 0; k < i; k++) {
				if (from[k] >= 0)
					old[from[k]] = v[k];
				else
					dest_free(v[k]);
			}
			free(v);
			free(from);
			return -EINVAL;
		}
	}
	free(from);
	*out = v;
	return 0;
}

struct deliver *deliver_new(struct loop *l, const struct lm_config *cfg,
			    const struct deliver_tuning *tune,
			    deliver_sent_fn sent, void *sent_arg, char *err,
			    size_t errlen)
{
	struct deliver *d = calloc(1, sizeof(*d));
	int r;

	if (!d) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	d->loop = l;
	d->sent = sent;
	d->sent_arg = sent_arg;
	apply_settings(d, cfg, tune);
	d->spool_dir =
		strdup(cfg->spool.dir ? cfg->spool.dir : "/var/spool/lmisfd");
	if (!d->spool_dir) {
		free(d);
		return NULL;
	}
	if (cfg->n_dests) {
		r = mkdirs(d->spool_dir);
		if (r) {
			snprintf(err, errlen, "spool directory %s: %s",
				 d->spool_dir, strerror(-r));
			goto fail;
		}
	}
	if (build_dests(d, cfg, NULL, 0, &d->dests, err, errlen))
		goto fail;
	d->n_dests = cfg->n_dests;
	if (cfg->spool.fsync == SPOOL_FSYNC_INTERVAL)
		d->fsync_timer = loop_timer_add(l, cfg->spool.fsync_interval_ms,
						cfg->spool.fsync_interval_ms,
						fsync_fire, d);
	for (unsigned int i = 0; i < d->n_dests; i++)
		dest_connect(d->dests[i]);
	sync_spool_stats(d);
	return d;
fail:
	free(d->spool_dir);
	free(d);
	return NULL;
}

int deliver_reconfigure(struct deliver *d, const struct lm_config *cfg)
{
	struct dest **v;
	char err[512];
	unsigned int n_old = d->n_dests;
	struct dest **old = d->dests;
	struct deliver_tuning tune = d->tune;

	if (!same_str(cfg->spool.dir, d->spool_dir)) {
		log_warn("spool directory changes need a restart; kept %s",
			 d->spool_dir);
	}
	apply_settings(d, cfg, &tune);
	d->tune.keepalive_interval_ms =
		cfg->delivery.keepalive_interval_s * 1000u;
	d->tune.keepalive_timeout_ms =
		cfg->delivery.keepalive_timeout_s * 1000u;
	if (build_dests(d, cfg, old, n_old, &v, err, sizeof(err))) {
		unsigned int k = 0;

		/* keep what is left of the old set */
		for (unsigned int j = 0; j < n_old; j++)
			if (old[j])
				old[k++] = old[j];
		d->n_dests = k;
		log_err("delivery: %s (destinations kept)", err);
		return -EINVAL;
	}
	for (unsigned int j = 0; j < n_old; j++)
		dest_free(old[j]);
	free(old);
	d->dests = v;
	d->n_dests = cfg->n_dests;
	for (unsigned int i = 0; i < d->n_dests; i++)
		if (d->dests[i]->state == DS_IDLE && !d->dests[i]->retry)
			dest_connect(d->dests[i]);
	sync_spool_stats(d);
	return 0;
}

void deliver_get_stats(const struct deliver *d, struct deliver_stats *st)
{
	sync_spool_stats((struct deliver *)d);
	*st = d->st;
}

int deliver_stats_line(struct deliver *d, char *buf, size_t size)
{
	struct deliver_stats s;
	size_t n = 0;
	int w;

	deliver_get_stats(d, &s);
#define DELIVER_STATS_PRINT(f)                                              \
	w = snprintf(buf + n, size - n, "%sx2x3_" #f "=%llu", n ? " " : "", \
		     (unsigned long long)s.f);                              \
	if (w < 0 || (size_t)w >= size - n)                                 \
		return -ENOSPC;                                             \
	n += (size_t)w;
	DELIVER_STATS(DELIVER_STATS_PRINT)
#undef DELIVER_STATS_PRINT
	w = snprintf(buf + n, size - n,
		     " x2x3_spool_pending_bytes=%llu x2x3_dests_up=%llu",
		     (unsigned long long)s.spool_pending_bytes,
		     (unsigned long long)s.dests_up);
	if (w < 0 || (size_t)w >= size - n)
		return -ENOSPC;
	return (int)(n + (size_t)w);
}

void deliver_flush(struct deliver *d)
{
	for (unsigned int i = 0; i < d->n_dests; i++) {
		struct dest *ds = d->dests[i];

		dest_pump(ds);
		dest_close(ds);
		dest_went_down(ds);
		spool_sync(ds->sp);
	}
	sync_spool_stats(d);
}

void deliver_free(struct deliver *d)
{
	if (!d)
		return;
	while (d->n_dests)
		dest_free(d->dests[--d->n_dests]);
	free(d->dests);
	if (d->fsync_timer)
		loop_timer_del(d->loop, d->fsync_timer);
	free(d->spool_dir);
	free(d);
}

bool deliver_idle(const struct deliver *d)
{
	for (unsigned int i = 0; i < d->n_dests; i++)
		if (d->dests[i]->head || !spool_empty(d->dests[i]->sp))
			return false;
	return true;
}

bool deliver_dest_up(const struct deliver *d, const uint8_t did[LMISF_XID_LEN])
{
	const struct dest *ds = find_dest(d, did);

	return ds && ds->state == DS_UP;
}

static int ops_submit(void *ctx, const uint8_t xid[LMISF_XID_LEN],
		      enum x2x3_pdu_type type,
		      const uint8_t (*dids)[LMISF_XID_LEN], unsigned int n,
		      const uint8_t *pdu, size_t len)
{
	return deliver_submit(ctx, xid, type, dids, n, pdu, len);
}

static int ops_reconfigure(void *ctx, const struct lm_config *cfg)
{
	return deliver_reconfigure(ctx, cfg);
}

static int ops_stats(void *ctx, char *buf, size_t size)
{
	return deliver_stats_line(ctx, buf, size);
}

static void ops_flush(void *ctx)
{
	deliver_flush(ctx);
}

static void ops_free(void *ctx)
{
	deliver_free(ctx);
}

struct pl_deliver_ops deliver_ops(struct deliver *d)
{
	return (struct pl_deliver_ops){
		.ctx = d,
		.submit = ops_submit,
		.reconfigure = ops_reconfigure,
		.stats = ops_stats,
		.flush = ops_flush,
		.free = ops_free,
	};
}
