/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registration half of the IMS state mirror: one entry per IMPU seen
 * registering (every subscriber, not only targets), with the IMPI of its
 * Authorization header, its contacts and their expiry, the IMEI of
 * +sip.instance, its P-Access-Network-Info and its implicit registration
 * set (P-Associated-URI). Bounded by a configurable count; what is shed
 * or expires is counted.
 */
#ifndef LMISF_REGISTRATION_H
#define LMISF_REGISTRATION_H

#include <stdbool.h>
#include <stdint.h>

#include "intercept.h"
#include "ip.h"
#include "lru.h"
#include "match.h"
#include "sip.h"

#define REG_MAX_CONTACTS 4
#define REG_MAX_KEYS MATCH_SUB_IMPUS

enum reg_state {
	REG_PENDING = 1, /* REGISTER sent, no final answer yet */
	REG_CHALLENGED, /* 401/407 seen */
	REG_REGISTERED, /* 2xx with a binding */
	REG_ENDED, /* de-registered or refused: lingers, then freed */
};

struct reg_contact {
	char *uri;
	uint64_t expires_ns; /* absolute */
};

struct registration {
	struct lru_node lru; /* in the table's LRU list, oldest first */
	unsigned int nkeys;
	struct reg_key *keys[REG_MAX_KEYS]; /* [0]: the IMPU of To */
	char *impi; /* Authorization username, NULL until seen */
	char imei[15]; /* 14 digits of +sip.instance, "" unknown */
	char *pani; /* last P-Access-Network-Info, NULL none */
	char *call_id;
	unsigned int ncontacts;
	struct reg_contact contacts[REG_MAX_CONTACTS];
	enum reg_state state;
	uint64_t last_ns; /* last message */
	uint64_t until_ns; /* binding expiry, or end of lingering */
	struct ipaddr ue; /* source of the last REGISTER */
	struct match_sub sub; /* impi/imei for the matcher */
	/* The REGISTER awaiting its final answer, kept by the IMS layer
	 * (one malloc block, freed with the entry), and its CSeq. */
	void *held;
	uint32_t held_cseq;
	struct seen_ring seen;
	struct icpt_set icpts;
};

struct reg_config {
	unsigned int max; /* registrations kept (0: 65536) */
	uint64_t pending_ns; /* a REGISTER without final answer */
	uint64_t linger_ns; /* after de-registration or refusal */
};

struct reg_stats {
	uint64_t created, shed, expired, deregistered, challenges, refused;
	uint64_t nomem;
};

struct reg_table;

struct reg_table *reg_new(const struct reg_config *cfg);
void reg_free(struct reg_table *t);

/* By the IMPU or an associated IMPU (a match_uri_key() key). */
struct registration *reg_lookup(struct reg_table *t, const char *key);

/*
 * reg_message - update the mirror with a REGISTER or a response to one.
 * @m: the message (requests create the entry; responses only update)
 * @src: the packet's source address
 * Return: the registration, or NULL (unknown for a response, no IMPU,
 * out of memory).
 */
struct registration *reg_message(struct reg_table *t, const struct sip_msg *m,
				 const struct ipaddr *src, uint64_t now_ns);

/* Frees what expired; @fn (may be NULL) sees each before it goes. */
void reg_expire(struct reg_table *t, uint64_t now_ns,
		void (*fn)(void *arg, struct registration *r), void *arg);

/* In LRU order; stop by returning non-zero. */
int reg_foreach(struct reg_table *t,
		int (*fn)(void *arg, struct registration *r), void *arg);

unsigned int reg_count(const struct reg_table *t);
const struct reg_stats *reg_stats(const struct reg_table *t);
const char *reg_impu(const struct registration *r);
/* Key @i (< nkeys): 0 the IMPU, then the associated IMPUs. */
const char *reg_key_at(const struct registration *r, unsigned int i);

#endif /* LMISF_REGISTRATION_H */
