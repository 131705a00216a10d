/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lmisfd's configuration file: INI-like sections of "key = value" lines,
 * validated strictly (unknown sections and keys, repeated keys, values out
 * of range, missing or contradictory settings are errors that name the
 * file and line). Documentation/lmisfd.conf.example lists every key with
 * its default, range and meaning; Documentation/lmisfd.rst the rules.
 */
#ifndef LMISF_CONFIG_H
#define LMISF_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/lmisf.h>

#include "decode.h"
#include "log.h"

#define CONFIG_MAX_DESTS 64

/* An X2/X3 destination (a DID of the tasks). */
struct lm_dest {
	uint8_t did[LMISF_XID_LEN];
	char *address; /* numeric IPv4 or IPv6 */
	uint16_t port;
	bool tls; /* TLS with mutual authentication */
	char *ca, *cert, *key; /* PEM files (tls only) */
	char *server_name; /* name to verify in the MDF's certificate;
			    * NULL: the address */
	unsigned int line; /* where it was defined */
};

enum spool_fsync {
	SPOOL_FSYNC_ALWAYS = 1, /* after every PDU */
	SPOOL_FSYNC_INTERVAL, /* every fsync_interval_ms */
	SPOOL_FSYNC_NEVER, /* left to the kernel */
};

struct lm_config {
	struct {
		uint32_t nlbufsiz, qthreshold, flush_ms, copy_range;
		uint64_t rcvbuf; /* SO_RCVBUFFORCE bytes */
	} sink;
	struct decode_config decode;
	struct {
		uint32_t max_subscribers, max_dialogs, max_media_per_dialog;
		uint32_t registration_grace_s; /* kept after expiry */
		uint32_t dialog_idle_timeout_s; /* confirmed, no message */
		uint32_t early_dialog_timeout_s; /* INVITE without answer */
		uint32_t flow_grace_ms; /* before removing media flows */
	} ims;
	struct {
		uint32_t keepalive_interval_s, keepalive_timeout_s;
		uint32_t reconnect_min_ms, reconnect_max_ms;
		uint16_t pdu_version; /* X2/X3 header version */
		bool x3_gtpu; /* X3 of GTP-U copies as GTP-U (format 12) */
	} delivery;
	struct lm_dest *dests;
	unsigned int n_dests;
	struct {
		char *dir;
		uint64_t max_bytes; /* per destination */
		enum spool_fsync fsync;
		uint32_t fsync_interval_ms;
	} spool;
	struct {
		bool enabled; /* an [icf] section was given */
		char *lixer_address; /* NULL: no LI_XER listener */
		uint16_t lixer_port;
		char *lixer_ca, *lixer_cert, *lixer_key; /* all or none */
		char *query_socket; /* NULL: no IQF query server */
		mode_t query_mode;
		char *query_group; /* NULL: unchanged */
		char *audit_log; /* NULL: no audit (refused when a query
				  * socket is configured) */
		char *state_dir; /* snapshot + journal; NULL: none */
		uint64_t max_active_lifetime_s, cache_time_limit_s;
		uint64_t search_window_s;
	} icf;
	struct {
		enum log_level level;
		uint32_t stats_interval_s; /* 0: no periodic report */
	} log;
};

/* Defaults (every key's documented default); no destinations, no ICF. */
void config_default(struct lm_config *cfg);
/*
 * config_load - read and validate @path into @cfg (config_default() first;
 * keys not given keep their defaults). On error @cfg is left empty
 * (defaults) and @err says "PATH:LINE: reason" (or "PATH: reason").
 * Return: 0 or -errno (-EINVAL for a bad file).
 */
int config_load(struct lm_config *cfg, const char *path, char *err,
		size_t errlen);
/* The same on a string; @name stands for the file in messages. */
int config_parse(struct lm_config *cfg, const char *text, const char *name,
		 char *err, size_t errlen);
void config_free(struct lm_config *cfg);
const struct lm_dest *config_find_dest(const struct lm_config *cfg,
				       const uint8_t did[LMISF_XID_LEN]);

#endif /* LMISF_CONFIG_H */
