// SPDX-License-Identifier: GPL-2.0
/*
 * Registration state of every subscriber seen REGISTERing: IMPU (To),
 * IMPI (Authorization username), contacts and expiry, IMEI
 * (+sip.instance), P-Access-Network-Info, implicit registration set.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "registration.h"

#define NS 1000000000ull
#define DEFAULT_EXPIRES 3600 /* RFC 3261 10.2.1.1: the registrar's choice */

struct reg_key {
	struct reg_key *next;
	struct registration *reg;
	char key[];
};

struct reg_table {
	struct reg_config cfg;
	struct reg_key **bucket;
	size_t nbucket;
	uint64_t seed;
	unsigned int n;
	struct lru lru;
	struct reg_stats st;
};

static size_t slot(const struct reg_table *t, const char *key)
{
	return hash_bytes(key, strlen(key), t->seed) & (t->nbucket - 1);
}

struct reg_table *reg_new(const struct reg_config *cfg)
{
	struct reg_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->cfg = *cfg;
	if (!t->cfg.max)
		t->cfg.max = 65536;
	if (!t->cfg.pending_ns)
		t->cfg.pending_ns = 64 * NS; /* 64*T1 (RFC 3261 17.1.2.2) */
	if (!t->cfg.linger_ns)
		t->cfg.linger_ns = 32 * NS;
	t->nbucket = lru_buckets(t->cfg.max);
	t->bucket = calloc(t->nbucket, sizeof(*t->bucket));
	if (!t->bucket) {
		free(t);
		return NULL;
	}
	t->seed = (uint64_t)(uintptr_t)t ^ 0x5bd1e995;
	return t;
}

struct registration *reg_lookup(struct reg_table *t, const char *key)
{
	struct reg_key *k;

	for (k = t->bucket[slot(t, key)]; k; k = k->next)
		if (!strcmp(k->key, key))
			return k->reg;
	return NULL;
}

static int key_add(struct reg_table *t, struct registration *r, const char *key)
{
	size_t len = strlen(key), s;
	struct reg_key *k;

	if (r->nkeys >= REG_MAX_KEYS || reg_lookup(t, key))
		return 0; /* one IMPU belongs to one registration */
	k = malloc(sizeof(*k) + len + 1);
	if (!k)
		return -ENOMEM;
	memcpy(k->key, key, len + 1);
	k->reg = r;
	s = slot(t, key);
	k->next = t->bucket[s];
	t->bucket[s] = k;
	r->keys[r->nkeys++] = k;
	r->sub.impus[r->sub.nimpus++] = k->key;
	return 0;
}

static void key_del(struct reg_table *t, struct reg_key *k)
{
	struct reg_key **pp = &t->bucket[slot(t, k->key)];

	while (*pp && *pp != k)
		pp = &(*pp)->next;
	if (*pp)
		*pp = k->next;
	free(k);
}

static void contacts_clear(struct registration *r)
{
	unsigned int i;

	for (i = 0; i < r->ncontacts; i++)
		free(r->contacts[i].uri);
	r->ncontacts = 0;
}

static void reg_destroy(struct reg_table *t, struct registration *r)
{
	unsigned int i;

	lru_del(&t->lru, &r->lru);
	for (i = 0; i < r->nkeys; i++)
		key_del(t, r->keys[i]);
	contacts_clear(r);
	free(r->held);
	free(r->impi);
	free(r->pani);
	free(r->call_id);
	free(r);
	t->n--;
}

void reg_free(struct reg_table *t)
{
	if (!t)
		return;
	while (t->lru.head)
		reg_destroy(t,
			    lru_entry(t->lru.head, struct registration, lru));
	free(t->bucket);
	free(t);
}

static bool intercepted(const struct lru_node *n)
{
	return lru_entry(n, const struct registration, lru)->icpts.n;
}

/* Room for one more: shed the oldest entry nobody intercepts. */
static void make_room(struct reg_table *t)
{
	struct lru_node *victim;

	if (t->n < t->cfg.max)
		return;
	victim = lru_victim(&t->lru, intercepted);
	if (victim) {
		t->st.shed++;
		reg_destroy(t, lru_entry(victim, struct registration, lru));
	}
}

static char *dup_str(struct sip_str s)
{
	char *p = malloc(s.len + 1);

	if (p) {
		if (s.len)
			memcpy(p, s.p, s.len);
		p[s.len] = 0;
	}
	return p;
}

static void set_str(char **dst, struct sip_str s)
{
	char *p;

	if (*dst && strlen(*dst) == s.len && !memcmp(*dst, s.p, s.len))
		return;
	p = dup_str(s);
	if (p) {
		free(*dst);
		*dst = p;
	}
}

/* Contacts of a REGISTER or of its 2xx; returns the longest expiry. */
static uint64_t read_contacts(struct registration *r, const struct sip_msg *m,
			      uint64_t now, bool bind)
{
	struct sip_iter it;
	struct sip_name_addr na;
	struct sip_str v;
	uint64_t best = 0;
	char imei[15];

	if (bind)
		contacts_clear(r);
	sip_iter_init(&it, m, SIP_H_CONTACT);
	while (sip_iter_next_name_addr(&it, &na)) {
		uint64_t exp = m->expires >= 0 ? (uint64_t)m->expires :
						 DEFAULT_EXPIRES;

		if (na.star) {
			exp = 0;
		} else if (sip_param_get(na.params, "expires", &v)) {
			exp = 0;
			for (uint32_t i = 0; i < v.len && i < 10; i++)
				exp = exp * 10 + (uint64_t)(v.p[i] - '0');
		}
		if (sip_param_get(na.params, "+sip.instance", &v) &&
		    !match_imei_instance(v, imei)) {
			memcpy(r->imei, imei, sizeof(imei));
			r->sub.imei = r->imei;
		}
		if (exp > best)
			best = exp;
		if (bind && exp && r->ncontacts < REG_MAX_CONTACTS &&
		    !na.star) {
			struct reg_contact *c = &r->contacts[r->ncontacts];

			c->uri = dup_str(na.uri.raw);
			if (!c->uri)
				continue;
			c->expires_ns = now + exp * NS;
			r->ncontacts++;
		}
	}
	return best;
}

static void read_associated(struct reg_table *t, struct registration *r,
			    const struct sip_msg *m)
{
	struct sip_iter it;
	struct sip_name_addr na;
	char key[MATCH_KEY_MAX];

	sip_iter_init(&it, m, SIP_H_P_ASSOCIATED_URI);
	while (sip_iter_next_name_addr(&it, &na))
		if (match_uri_key(&na.uri, key, sizeof(key)) >= 0 &&
		    key_add(t, r, key))
			t->st.nomem++;
}

static void on_request(struct registration *r, const struct sip_msg *m,
		       uint64_t now, const struct reg_table *t)
{
	const struct sip_hdr *h = sip_hdr_first(m, SIP_H_AUTHORIZATION);
	struct sip_auth a;

	if (h && !sip_auth_parse(&a, h->value.p, h->value.len, NULL) &&
	    a.username.len) {
		set_str(&r->impi, a.username);
		r->sub.impi = r->impi;
	}
	h = sip_hdr_first(m, SIP_H_P_ACCESS_NETWORK_INFO);
	if (h)
		set_str(&r->pani, h->value);
	set_str(&r->call_id, m->call_id);
	/* The request's contacts give the IMEI; the 2xx the bindings. */
	read_contacts(r, m, now, false);
	if (r->state != REG_REGISTERED) {
		r->state = REG_PENDING;
		r->until_ns = now + t->cfg.pending_ns;
	}
}

static void on_response(struct reg_table *t, struct registration *r,
			const struct sip_msg *m, uint64_t now)
{
	uint64_t exp;

	if (m->status < 200)
		return;
	if (m->status == 401 || m->status == 407) {
		t->st.challenges++;
		if (r->state != REG_REGISTERED) {
			r->state = REG_CHALLENGED;
			r->until_ns = now + t->cfg.pending_ns;
		}
		return;
	}
	if (m->status >= 300) {
		t->st.refused++;
		if (r->state != REG_REGISTERED) {
			r->state = REG_ENDED;
			r->until_ns = now + t->cfg.linger_ns;
		}
		return;
	}
	exp = read_contacts(r, m, now, true);
	read_associated(t, r, m);
	if (!exp) {
		t->st.deregistered++;
		r->state = REG_ENDED;
		r->until_ns = now + t->cfg.linger_ns;
		return;
	}
	r->state = REG_REGISTERED;
	r->until_ns = now + exp * NS + t->cfg.pending_ns;
}

struct registration *reg_message(struct reg_table *t, const struct sip_msg *m,
				 const struct ipaddr *src, uint64_t now)
{
	char key[MATCH_KEY_MAX];
	struct registration *r;

	if (match_uri_key(&m->to.uri, key, sizeof(key)) < 0)
		return NULL;
	r = reg_lookup(t, key);
	if (!r && !m->is_request)
		return NULL;
	if (!r) {
		make_room(t);
		r = calloc(1, sizeof(*r));
		if (!r || key_add(t, r, key)) {
			free(r);
			t->st.nomem++;
			return NULL;
		}
		t->n++;
		t->st.created++;
		lru_add_tail(&t->lru, &r->lru);
	} else {
		lru_touch(&t->lru, &r->lru);
	}
	r->last_ns = now;
	if (m->is_request) {
		if (src)
			r->ue = *src;
		on_request(r, m, now, t);
	} else {
		on_response(t, r, m, now);
	}
	return r;
}

void reg_expire(struct reg_table *t, uint64_t now,
		void (*fn)(void *arg, struct registration *r), void *arg)
{
	struct lru_node *n, *next;

	for (n = t->lru.head; n; n = next) {
		struct registration *r = lru_entry(n, struct registration, lru);

		next = n->next;
		if (!r->until_ns || now < r->until_ns)
			continue;
		if (r->state == REG_REGISTERED || r->state == REG_PENDING ||
		    r->state == REG_CHALLENGED)
			t->st.expired++;
		if (fn)
			fn(arg, r);
		reg_destroy(t, r);
	}
}

int reg_foreach(struct reg_table *t,
		int (*fn)(void *arg, struct registration *r), void *arg)
{
	struct lru_node *n, *next;
	int ret;

	for (n = t->lru.head; n; n = next) {
		next = n->next;
		ret = fn(arg, lru_entry(n, struct registration, lru));
		if (ret)
			return ret;
	}
	return 0;
}

unsigned int reg_count(const struct reg_table *t)
{
	return t->n;
}

const struct reg_stats *reg_stats(const struct reg_table *t)
{
	return &t->st;
}

const char *reg_impu(const struct registration *r)
{
	return r->keys[0]->key;
}

const char *reg_key_at(const struct registration *r, unsigned int i)
{
	return r->keys[i]->key;
}
