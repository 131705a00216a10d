// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "icf.h"
#include "icf_host.h"
#include "icf_journal.h"
#include "ief_listener.h"
#include "iqf_server.h"
#include "log.h"

struct icf_host {
	struct loop *loop;
	struct icf *icf;
	struct icf_persist *persist;
	struct ief_listener *lixer;
	struct iqf_server *iqf;
	SSL_CTX *tls;
	int audit_fd;
	struct loop_timer *timer;
};

static void on_lixer(void *arg, int fd, uint32_t events)
{
	struct icf_host *h = arg;

	(void)fd;
	(void)events;
	if (ief_listener_dispatch(h->lixer) < 0)
		log_err("LI_XER listener failed");
	if (h->persist)
		icf_persist_flush(h->persist);
}

static void on_iqf(void *arg, int fd, uint32_t events)
{
	struct icf_host *h = arg;

	(void)fd;
	(void)events;
	if (iqf_server_dispatch(h->iqf) < 0)
		log_err("IQF query server failed");
}

/* A snapshot when the journal has grown past this (icf_persist_tick). */
#define SNAPSHOT_MIN 1000000

static void persist_turn(struct icf_persist *p)
{
	int err;

	switch (icf_persist_tick(p, SNAPSHOT_MIN, &err)) {
	case ICF_TICK_COMMIT_FAILED:
		log_err("icf: snapshot not committed: %s", strerror(-err));
		break;
	case ICF_TICK_START_FAILED:
		log_err("icf: snapshot not started: %s", strerror(-err));
		break;
	default:
		break;
	}
}

static void on_timer(void *arg, struct loop_timer *t)
{
	struct icf_host *h = arg;

	(void)t;
	icf_expire(h->icf);
	if (h->persist)
		persist_turn(h->persist);
}

struct icf_host *icf_host_new(const struct lm_config *cfg, struct loop *l,
			      char *err, size_t errlen)
{
	struct icf_config ic = {
		.max_active_lifetime =
			(lm_ms_t)cfg->icf.max_active_lifetime_s * 1000,
		.cache_time_limit = (lm_ms_t)cfg->icf.cache_time_limit_s * 1000,
		.search_window = (lm_ms_t)cfg->icf.search_window_s * 1000,
		.expiry_granularity = 1000,
	};
	struct icf_host *h = calloc(1, sizeof(*h));
	struct group *gr;
	int r;

	if (!h) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	h->loop = l;
	h->audit_fd = -1;
	h->icf = icf_new(&ic, &lm_clock_realtime);
	if (!h->icf) {
		snprintf(err, errlen, "icf: out of memory");
		goto fail;
	}
	if (cfg->icf.state_dir) {
		r = icf_persist_open(h->icf, cfg->icf.state_dir, &h->persist);
		if (r) {
			snprintf(err, errlen, "icf: state_dir %s: %s",
				 cfg->icf.state_dir, strerror(-r));
			goto fail;
		}
	}
	if (cfg->icf.lixer_address) {
		struct ief_listener_config lc = {
			.bind_addr = cfg->icf.lixer_address,
			.port = cfg->icf.lixer_port,
		};

		if (cfg->icf.lixer_cert) {
			h->tls = ief_tls_server_ctx(cfg->icf.lixer_cert,
						    cfg->icf.lixer_key,
						    cfg->icf.lixer_ca);
			if (!h->tls) {
				snprintf(
					err, errlen,
					"icf: LI_XER TLS certificate, key or CA refused");
				goto fail;
			}
			lc.tls = h->tls;
		}
		h->lixer = ief_listener_new(h->icf, &lc);
		if (!h->lixer) {
			snprintf(err, errlen,
				 "icf: LI_XER listener on [%s]:%u: %s",
				 lc.bind_addr, lc.port, strerror(errno));
			goto fail;
		}
		if (loop_add_fd(l, ief_listener_fd(h->lixer), EPOLLIN, on_lixer,
				h))
			goto nomem;
	}
	if (cfg->icf.query_socket) {
		struct iqf_server_config qc = {
			.unix_path = cfg->icf.query_socket,
			.mode = cfg->icf.query_mode,
			.gid = (gid_t)-1,
		};

		if (cfg->icf.query_group) {
			gr = getgrnam(cfg->icf.query_group);
			if (!gr) {
				snprintf(err, errlen, "icf: no group %s",
					 cfg->icf.query_group);
				goto fail;
			}
			qc.gid = gr->gr_gid;
		}
		h->audit_fd = open(cfg->icf.audit_log,
				   O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
				   0600);
		if (h->audit_fd < 0) {
			snprintf(err, errlen, "icf: audit_log %s: %s",
				 cfg->icf.audit_log, strerror(errno));
			goto fail;
		}
		qc.audit_fd = h->audit_fd;
		h->iqf = iqf_server_new(h->icf, &qc);
		if (!h->iqf) {
			snprintf(err, errlen, "icf: query socket %s: %s",
				 qc.unix_path, strerror(errno));
			goto fail;
		}
		if (loop_add_fd(l, iqf_server_fd(h->iqf), EPOLLIN, on_iqf, h))
			goto nomem;
	}
	h->timer = loop_timer_add(l, 1000, 1000, on_timer, h);
	if (!h->timer)
		goto nomem;
	return h;
nomem:
	snprintf(err, errlen, "icf: out of memory");
fail:
	icf_host_free(h);
	return NULL;
}

void icf_host_free(struct icf_host *h)
{
	if (!h)
		return;
	loop_timer_del(h->loop, h->timer);
	if (h->iqf) {
		loop_del_fd(h->loop, iqf_server_fd(h->iqf));
		iqf_server_free(h->iqf);
	}
	if (h->lixer) {
		loop_del_fd(h->loop, ief_listener_fd(h->lixer));
		ief_listener_free(h->lixer);
	}
	if (h->persist)
		icf_persist_close(h->persist);
	icf_free(h->icf);
	if (h->tls)
		SSL_CTX_free(h->tls);
	if (h->audit_fd >= 0)
		close(h->audit_fd);
	free(h);
}

size_t icf_host_stats(const struct icf_host *h, char *buf, size_t size)
{
	struct ief_listener_stats ls = { 0 };
	struct iqf_server_stats qs = { 0 };
	struct icf_stats cs;
	int n;

	icf_get_stats(h->icf, &cs);
	if (h->lixer)
		ief_listener_get_stats(h->lixer, &ls);
	if (h->iqf)
		iqf_server_get_stats(h->iqf, &qs);
	n = snprintf(buf, size,
		     " icf_associations=%" PRIu64 " icf_active=%" PRIu64
		     " icf_records=%" PRIu64 " icf_invalid=%" PRIu64
		     " icf_framing_errors=%" PRIu64 " iqf_requests=%" PRIu64
		     " iqf_rejected=%" PRIu64,
		     cs.associations, cs.active, ls.records,
		     cs.invalid + ls.malformed_records, ls.framing_errors,
		     qs.requests, qs.rejected);
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}
