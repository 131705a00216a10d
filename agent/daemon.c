// SPDX-License-Identifier: GPL-2.0
/*
 * The live process. One thread: the loop waits on the data socket, the
 * ICF's sockets and the timers; copies go through the pipeline as they
 * are read. A clean stop unbinds (the module sends what it still holds
 * and those copies are processed), flushes the pipeline (TCP streams
 * ended, the IMS layer and delivery flushed) and reports the last
 * delivered amounts to the kernel.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

#include "daemon.h"
#include "icf_host.h"
#include "layers.h"
#include "log.h"
#include "loop.h"
#include "nlsource.h"
#include "statsline.h"

struct daemon {
	struct lm_config *cfg;
	const char *config_path;
	struct loop *loop;
	struct pipeline *pl;
	struct nlsource *ns;
	struct icf_host *icf;
	struct loop_timer *stats_timer;
	int status;
};

static uint64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void on_data(void *arg, int fd, uint32_t events)
{
	struct daemon *d = arg;
	int r;

	(void)fd;
	(void)events;
	r = nlsource_dispatch(d->ns);
	if (r) {
		log_err("netlink data socket: %s", strerror(-r));
		d->status = 1;
		loop_stop(d->loop);
	}
}

static void on_second(void *arg, struct loop_timer *t)
{
	struct daemon *d = arg;

	(void)t;
	pipeline_tick(d->pl, realtime_ns());
	nlsource_report(d->ns);
}

static void report_stats(struct daemon *d)
{
	uint64_t kv[LMISF_STATS_A_MAX + 1];
	bool kp[LMISF_STATS_A_MAX + 1];
	static char line[LOG_LINE_MAX - 64]; /* what log_info writes whole */
	size_t n;
	int r;

	r = nlsource_kernel_stats(d->ns, kv, kp);
	n = stats_line(line, sizeof(line), r ? NULL : kv, r ? NULL : kp, d->ns,
		       d->pl);
	if (d->icf && n + 1 < sizeof(line))
		icf_host_stats(d->icf, line + n, sizeof(line) - n);
	log_info("stats: %s", line);
}

static void on_stats(void *arg, struct loop_timer *t)
{
	(void)t;
	report_stats(arg);
}

static void arm_stats(struct daemon *d)
{
	loop_timer_del(d->loop, d->stats_timer);
	d->stats_timer = NULL;
	if (d->cfg->log.stats_interval_s)
		d->stats_timer = loop_timer_add(
			d->loop, d->cfg->log.stats_interval_s * 1000ULL,
			d->cfg->log.stats_interval_s * 1000ULL, on_stats, d);
}

static void on_stop(void *arg, int signo)
{
	struct daemon *d = arg;

	log_info("signal %d: stopping", signo);
	loop_stop(d->loop);
}

/* What a reload cannot change in a running process, said plainly. */
static void warn_restart_only(const struct lm_config *o,
			      const struct lm_config *n)
{
	if (memcmp(&o->decode, &n->decode, sizeof(o->decode)))
		log_warn(
			"reload: [decode] changes take effect at the next start");
	if (memcmp(&o->ims, &n->ims, sizeof(o->ims)) ||
	    o->delivery.x3_gtpu != n->delivery.x3_gtpu ||
	    o->delivery.pdu_version != n->delivery.pdu_version)
		log_warn(
			"reload: [ims] and X2/X3 format changes take effect at the next start");
	if (o->icf.enabled != n->icf.enabled ||
	    o->icf.lixer_port != n->icf.lixer_port ||
	    !!o->icf.query_socket != !!n->icf.query_socket ||
	    o->icf.max_active_lifetime_s != n->icf.max_active_lifetime_s ||
	    o->icf.cache_time_limit_s != n->icf.cache_time_limit_s ||
	    o->icf.search_window_s != n->icf.search_window_s)
		log_warn("reload: [icf] changes take effect at the next start");
}

static void on_hup(void *arg, int signo)
{
	struct daemon *d = arg;
	struct lm_config *n;
	char err[512];
	int r;

	(void)signo;
	if (!d->config_path) {
		log_notice("SIGHUP: no configuration file to read");
		return;
	}
	n = malloc(sizeof(*n));
	if (!n) {
		log_err("reload: out of memory");
		return;
	}
	if (config_load(n, d->config_path, err, sizeof(err))) {
		log_err("reload refused, configuration unchanged: %s", err);
		free(n);
		return;
	}
	warn_restart_only(d->cfg, n);
	r = pipeline_reconfigure(d->pl, n);
	if (r)
		log_err("reload: %s (some settings kept)", strerror(-r));
	r = nlsource_apply(d->ns, n);
	if (r)
		log_err("reload: sink settings: %s", strerror(-r));
	config_free(d->cfg);
	free(d->cfg);
	d->cfg = n;
	arm_stats(d);
	log_info("configuration reloaded (%u destinations, log level %s)",
		 n->n_dests, log_level_name(n->log.level));
}

int daemon_run(struct lm_config *cfg, const char *config_path)
{
	struct daemon d = { .cfg = cfg, .config_path = config_path };
	struct pl_flow_ops fo;
	char err[512];
	int r;

	/* OpenSSL writes with write(2): a closed peer must not kill us */
	signal(SIGPIPE, SIG_IGN);
	log_set_level(cfg->log.level);
	d.loop = loop_new();
	d.pl = pipeline_new(cfg, PL_SRC_KERNEL);
	if (!d.loop || !d.pl) {
		log_err("out of memory");
		d.status = 1;
		goto out;
	}
	if (loop_signal(d.loop, SIGTERM, on_stop, &d) ||
	    loop_signal(d.loop, SIGINT, on_stop, &d) ||
	    loop_signal(d.loop, SIGHUP, on_hup, &d)) {
		log_err("signals: %s", strerror(errno));
		d.status = 1;
		goto out;
	}
	if (cfg->icf.enabled) {
		d.icf = icf_host_new(cfg, d.loop, err, sizeof(err));
		if (!d.icf) {
			log_err("%s", err);
			d.status = 1;
			goto out;
		}
	}
	if (layers_attach(d.pl, cfg, d.loop, NULL, err, sizeof(err))) {
		log_err("%s", err);
		d.status = 1;
		goto out;
	}
	d.ns = nlsource_new(d.pl, cfg, err, sizeof(err));
	if (!d.ns) {
		log_err("%s", err);
		d.status = 1;
		goto out;
	}
	nlsource_flow_ops(d.ns, &fo);
	pipeline_set_flow_ops(d.pl, &fo);
	r = loop_add_fd(d.loop, nlsource_fd(d.ns), EPOLLIN, on_data, &d);
	if (r || !loop_timer_add(d.loop, 1000, 1000, on_second, &d)) {
		log_err("event loop: %s", strerror(r ? -r : ENOMEM));
		d.status = 1;
		goto out;
	}
	arm_stats(&d);
	log_info("running");
	r = loop_run(d.loop);
	if (r) {
		log_err("event loop: %s", strerror(-r));
		d.status = 1;
	}
	loop_del_fd(d.loop, nlsource_fd(d.ns));
	r = nlsource_unbind(d.ns);
	if (r)
		log_err("unbind: %s", strerror(-r));
	pipeline_flush(d.pl);
	nlsource_report(d.ns);
	report_stats(&d);
out:
	/* the IMS layer may remove flows while it is freed: before ns */
	pipeline_free(d.pl);
	nlsource_free(d.ns);
	icf_host_free(d.icf);
	loop_free(d.loop);
	config_free(d.cfg);
	free(d.cfg);
	return d.status;
}
