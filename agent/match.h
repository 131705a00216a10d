/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Target matching for the LMISF (TS 33.128 7.10, TS 33.107 clause 20):
 * which identities of a SIP request a task's targets are compared with,
 * in which role, and the canonical forms that make sip:, sips:, tel: and
 * sip:...;user=phone comparable. Documentation/ims.rst lists the rules.
 *
 * Identities are collected once per message into a struct match_ids
 * (the header each came from kept), so the same rules run on a live
 * message and, for mid-call activation, on a dialog's stored copy.
 */
#ifndef LMISF_MATCH_H
#define LMISF_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sip.h"
#include "tasks.h"

#define MATCH_MAX_IDS 16
#define MATCH_BUF 1536
#define MATCH_KEY_MAX 256

/* Where an identity came from. */
enum match_src {
	MSRC_PPI = 1, /* P-Preferred-Identity: calling */
	MSRC_PAI, /* P-Asserted-Identity: calling */
	MSRC_FROM, /* From: calling */
	MSRC_RURI, /* Request-URI: called */
	MSRC_PCPID, /* P-Called-Party-ID: called */
	MSRC_TO, /* To: called */
	MSRC_HISTORY, /* History-Info: redirecting */
	MSRC_DIVERSION, /* Diversion: redirecting */
	MSRC_ASSOCIATED, /* P-Associated-URI of a 200 to REGISTER */
};

/* Canonical identities of one request, in a flat copyable block. */
struct match_ids {
	bool is_register;
	uint8_t n;
	struct {
		uint8_t src; /* enum match_src */
		uint16_t off, len; /* key in buf, NUL-terminated */
	} id[MATCH_MAX_IDS];
	uint16_t used;
	char buf[MATCH_BUF];
};

static inline const char *match_id_key(const struct match_ids *ids,
				       unsigned int i)
{
	return ids->buf + ids->id[i].off;
}

/*
 * match_uri_key - canonical key of a URI: "tel:+<digits>" for global tel
 * numbers and sip/sips URIs with user=phone and a global number;
 * "tel:<number>;phone-context=<ctx>" for local numbers; otherwise
 * "sip:<unescaped user>@<lower-case host>" (sips folds to sip; port and
 * parameters dropped). Return: key length, or -1 (no key: other scheme,
 * too long, bad escape).
 */
int match_uri_key(const struct sip_uri *u, char *out, size_t size);
/* The same for a target value of a URI type or an E.164 number. */
int match_target_key(const struct task_target *tt, char *out, size_t size);

/* Collect the identities of a request (@m->is_request). */
void match_collect(struct match_ids *ids, const struct sip_msg *m);
/* Add one identity (for P-Associated-URI and tests). false when full. */
bool match_add(struct match_ids *ids, enum match_src src,
	       const struct sip_uri *u);

/* Add a key match_uri_key() made. false when full. */
bool match_add_key(struct match_ids *ids, enum match_src src, const char *key);

/* 14 digits TAC+SNR of an IMEI from "+sip.instance" ("<urn:gsma:imei:
 * 35209900-176148-1>"), or of an IMEI / PEI target value. 0 or -1. */
int match_imei_instance(struct sip_str instance, char out[15]);
int match_imei_target(const struct task_target *tt, char out[15]);

#define MATCH_SUB_IMPUS 9 /* the IMPU and up to 8 associated IMPUs */

/* Subscriber facts from a registration, for IMPI/IMEI/IMSI targets and
 * for IMPU targets through the implicit registration set. */
struct match_sub {
	const char *impi; /* Authorization username, NULL unknown */
	const char *imei; /* 14 digits, NULL unknown */
	unsigned int nimpus;
	const char *impus[MATCH_SUB_IMPUS]; /* keys: To, P-Associated-URI */
};

/* What matched, and how. */
struct match_hit {
	unsigned int target; /* index in task->targets */
	bool from_target; /* the target is the calling party / registrant */
	enum match_src src; /* 0 for IMPI/IMEI via a registration */
};

/*
 * match_ids_task - run the identity rules of @t over @ids.
 * @lookup: resolves an identity key to its registration's facts (IMPI,
 *   IMEI, implicit registration set), or NULL; may be NULL. Registration messages pass @self, the
 *   facts of the registration itself.
 * Return: true and @hit filled on the first rule that matches.
 */
typedef const struct match_sub *(*match_lookup_fn)(void *arg, const char *key);
bool match_ids_task(const struct task *t, const struct match_ids *ids,
		    const struct match_sub *self, match_lookup_fn lookup,
		    void *arg, struct match_hit *hit);

/* Is @a inside an IP target of @t (IPV4/IPV6/CIDR)? Index or -1. */
int match_ip_target(const struct task *t, const struct ipaddr *a);

/* Text of a target for the Matched Target Identifier attribute. */
int match_target_text(const struct task_target *tt, char *out, size_t size);

#endif /* LMISF_MATCH_H */
