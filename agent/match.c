// SPDX-License-Identifier: GPL-2.0
/*
 * Target matching rules (TS 33.128 7.10, TS 33.107 clause 20) and the
 * canonical identity keys they compare. Why each header is used, and why
 * From alone is weak evidence, is in Documentation/ims.rst.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "match.h"

static int put(char *out, size_t size, size_t *n, const char *p, size_t len,
	       bool lower)
{
	size_t i;

	if (*n + len + 1 > size)
		return -1;
	for (i = 0; i < len; i++)
		out[*n + i] = lower ? (char)tolower((unsigned char)p[i]) : p[i];
	*n += len;
	out[*n] = 0;
	return 0;
}

/* A telephone number into "tel:+digits" or "tel:number;phone-context=". */
static int tel_key(struct sip_str num, struct sip_str params, char *out,
		   size_t size)
{
	char d[64];
	struct sip_str ctx;
	long k = sip_tel_normalize(num, d, sizeof(d));
	size_t n = 0;
	long i;

	if (k <= 0)
		return -1;
	if (d[0] == '+') {
		if (k < 2)
			return -1;
		for (i = 1; i < k; i++)
			if (!isdigit((unsigned char)d[i]))
				return -1;
	}
	if (put(out, size, &n, "tel:", 4, false) ||
	    put(out, size, &n, d, (size_t)k, false))
		return -1;
	if (d[0] != '+') {
		/* A local number means nothing without its context. */
		if (!sip_param_get(params, "phone-context", &ctx) ||
		    put(out, size, &n, ";phone-context=", 15, false) ||
		    put(out, size, &n, ctx.p, ctx.len, true))
			return -1;
	}
	return (int)n;
}

int match_uri_key(const struct sip_uri *u, char *out, size_t size)
{
	struct sip_str v, user;
	char tmp[MATCH_KEY_MAX];
	size_t n = 0;
	long k;
	uint32_t i;

	if (u->scheme == SIP_URI_TEL)
		return tel_key(u->user, u->params, out, size);
	if (u->scheme != SIP_URI_SIP && u->scheme != SIP_URI_SIPS)
		return -1;
	user = u->user;
	if (user.len && sip_param_get(u->params, "user", &v) &&
	    sip_str_ieq(v, "phone")) {
		/* RFC 3261 19.1.6: the user part is a telephone-subscriber;
		 * its own ;parameters (isub, phone-context) follow it. */
		struct sip_str num = user, tp = { user.p + user.len, 0 };

		for (i = 0; i < user.len; i++)
			if (user.p[i] == ';') {
				num.len = i;
				tp.p = user.p + i;
				tp.len = user.len - i;
				break;
			}
		k = sip_unescape(num, tmp, sizeof(tmp));
		if (k > 0)
			return tel_key((struct sip_str){ tmp, (uint32_t)k }, tp,
				       out, size);
		return -1;
	}
	if (put(out, size, &n, "sip:", 4, false))
		return -1;
	if (user.len) {
		k = sip_unescape(user, tmp, sizeof(tmp));
		if (k < 0 || put(out, size, &n, tmp, (size_t)k, false) ||
		    put(out, size, &n, "@", 1, false))
			return -1;
	}
	if (put(out, size, &n, u->host.p, u->host.len, true))
		return -1;
	return (int)n;
}

static bool is_uri_type(uint32_t type)
{
	return type == LMISF_TARGET_SIP_URI || type == LMISF_TARGET_TEL_URI ||
	       type == LMISF_TARGET_IMPU || type == LMISF_TARGET_E164;
}

int match_target_key(const struct task_target *tt, char *out, size_t size)
{
	struct sip_uri u;
	const char *v = tt->value;
	size_t n = 0;

	if (!v || !is_uri_type(tt->type))
		return -1;
	if (tt->type == LMISF_TARGET_E164) {
		/* TS 23.003: an E.164 number is always global. */
		if (*v == '+')
			v++;
		if (put(out, size, &n, "tel:+", 5, false) ||
		    put(out, size, &n, v, strlen(v), false))
			return -1;
		return (int)n;
	}
	if (sip_uri_parse(&u, v, strlen(v), NULL))
		return -1;
	return match_uri_key(&u, out, size);
}

bool match_add(struct match_ids *ids, enum match_src src,
	       const struct sip_uri *u)
{
	char key[MATCH_KEY_MAX];

	if (match_uri_key(u, key, sizeof(key)) < 0)
		return true; /* not an identity we can compare: skipped */
	return match_add_key(ids, src, key);
}

bool match_add_key(struct match_ids *ids, enum match_src src, const char *key)
{
	size_t k = strlen(key);

	if (ids->n >= MATCH_MAX_IDS || ids->used + k + 1 > MATCH_BUF)
		return false;
	memcpy(ids->buf + ids->used, key, k + 1);
	ids->id[ids->n].src = (uint8_t)src;
	ids->id[ids->n].off = ids->used;
	ids->id[ids->n].len = (uint16_t)k;
	ids->used += (uint16_t)(k + 1);
	ids->n++;
	return true;
}

static void add_list(struct match_ids *ids, const struct sip_msg *m,
		     enum sip_hdr_id h, enum match_src src)
{
	struct sip_iter it;
	struct sip_name_addr na;

	if (!m->hcount[h])
		return;
	sip_iter_init(&it, m, h);
	while (sip_iter_next_name_addr(&it, &na))
		if (!match_add(ids, src, &na.uri))
			return;
}

void match_collect(struct match_ids *ids, const struct sip_msg *m)
{
	memset(ids, 0, offsetof(struct match_ids, buf));
	ids->is_register = m->method == SIP_M_REGISTER;
	if (ids->is_register) {
		/* TS 33.128 7.10: REGISTER by its From and To only. */
		match_add(ids, MSRC_FROM, &m->from.uri);
		match_add(ids, MSRC_TO, &m->to.uri);
		return;
	}
	/* Calling party first: a call to oneself is fromTarget. */
	add_list(ids, m, SIP_H_P_PREFERRED_IDENTITY, MSRC_PPI);
	add_list(ids, m, SIP_H_P_ASSERTED_IDENTITY, MSRC_PAI);
	match_add(ids, MSRC_FROM, &m->from.uri);
	match_add(ids, MSRC_RURI, &m->ruri);
	add_list(ids, m, SIP_H_P_CALLED_PARTY_ID, MSRC_PCPID);
	match_add(ids, MSRC_TO, &m->to.uri);
	add_list(ids, m, SIP_H_HISTORY_INFO, MSRC_HISTORY);
	add_list(ids, m, SIP_H_DIVERSION, MSRC_DIVERSION);
}

int match_imei_instance(struct sip_str in, char out[15])
{
	static const char pfx[] = "urn:gsma:imei:";
	size_t n = 0;
	uint32_t i = 0;

	if (in.len && in.p[0] == '<')
		i++;
	if (in.len - i < sizeof(pfx) - 1 ||
	    strncasecmp(in.p + i, pfx, sizeof(pfx) - 1))
		return -1;
	/* RFC 7254: TAC(8) "-" SNR(6) "-" spare(1), then ;svn= maybe. */
	for (i += sizeof(pfx) - 1; i < in.len && n < 14; i++) {
		if (in.p[i] == '-')
			continue;
		if (!isdigit((unsigned char)in.p[i]))
			return -1;
		out[n++] = in.p[i];
	}
	if (n != 14)
		return -1;
	out[14] = 0;
	return 0;
}

int match_imei_target(const struct task_target *tt, char out[15])
{
	const char *v = tt->value;

	if (!v)
		return -1;
	if (tt->type == LMISF_TARGET_PEI) {
		if (!strncmp(v, "imeisv-", 7))
			v += 7;
		else if (!strncmp(v, "imei-", 5))
			v += 5;
		else
			return -1;
	} else if (tt->type != LMISF_TARGET_IMEI) {
		return -1;
	}
	/* The check digit (IMEI) or SVN (IMEISV) is not part of identity. */
	if (strlen(v) < 14)
		return -1;
	memcpy(out, v, 14);
	out[14] = 0;
	return 0;
}

/* IMSI of an IMPI "<imsi>@ims.mnc..." (TS 23.003 13.3). */
static bool impi_is_imsi(const char *impi, const char *imsi)
{
	size_t n = strlen(imsi);

	return !strncmp(impi, imsi, n) && impi[n] == '@';
}

static bool sub_matches(const struct task_target *tt, const struct match_sub *s)
{
	char imei[15];

	if (!s)
		return false;
	switch (tt->type) {
	case LMISF_TARGET_IMPI:
	case LMISF_TARGET_NAI:
		return s->impi && !strcmp(s->impi, tt->value);
	case LMISF_TARGET_IMSI:
		return s->impi && impi_is_imsi(s->impi, tt->value);
	case LMISF_TARGET_SUPI:
		if (s->impi && !strncmp(tt->value, "imsi-", 5))
			return impi_is_imsi(s->impi, tt->value + 5);
		if (s->impi && !strncmp(tt->value, "nai-", 4))
			return !strcmp(s->impi, tt->value + 4);
		return false;
	case LMISF_TARGET_IMEI:
	case LMISF_TARGET_PEI:
		return s->imei && !match_imei_target(tt, imei) &&
		       !strcmp(s->imei, imei);
	}
	return false;
}

static bool calling(enum match_src s)
{
	return s == MSRC_PPI || s == MSRC_PAI || s == MSRC_FROM;
}

/*
 * Which headers a URI target is compared with (digest 1.4):
 * local target    calling: PPI, PAI, From        called: R-URI, PCPID, To
 * non-local       calling: PAI, From             called: R-URI, To,
 *                                      redirecting: History-Info, Diversion
 * REGISTER (local only): From, To, and P-Associated-URI of its 200.
 */
static bool src_applies(const struct match_ids *ids, bool non_local,
			enum match_src s)
{
	if (ids->is_register)
		return !non_local &&
		       (s == MSRC_FROM || s == MSRC_TO || s == MSRC_ASSOCIATED);
	if (!non_local)
		return s <= MSRC_TO;
	return s != MSRC_PPI && s != MSRC_PCPID && s != MSRC_ASSOCIATED;
}

/* May a call's identity from @s be resolved to its registration? The
 * redirecting headers name someone else, and the Request-URI towards a
 * UE is its contact, not an IMPU. */
static bool resolvable(enum match_src s)
{
	return s != MSRC_HISTORY && s != MSRC_DIVERSION && s != MSRC_RURI;
}

/*
 * A local IMPU target on a call, through the implicit registration set
 * (TS 23.228 4.3.3.4, TS 33.128 7.10): a calling or called identity that
 * is a registered IMPU stands for every IMPU of its set, so a tel: target
 * matches the calls its subscriber places as sip:+E164@domain without
 * user=phone. Only identities the registrar put in one set are joined.
 */
static bool in_implicit_set(const struct match_ids *ids, const char *key,
			    match_lookup_fn lookup, void *arg,
			    struct match_hit *hit)
{
	const struct match_sub *sub;
	unsigned int j, k;

	for (j = 0; lookup && j < ids->n; j++) {
		enum match_src s = ids->id[j].src;

		if (!resolvable(s))
			continue;
		sub = lookup(arg, match_id_key(ids, j));
		for (k = 0; sub && k < sub->nimpus; k++)
			if (!strcmp(sub->impus[k], key)) {
				hit->src = s;
				hit->from_target = calling(s);
				return true;
			}
	}
	return false;
}

bool match_ids_task(const struct task *t, const struct match_ids *ids,
		    const struct match_sub *self, match_lookup_fn lookup,
		    void *arg, struct match_hit *hit)
{
	char key[MATCH_KEY_MAX];
	unsigned int i, j;

	for (i = 0; i < t->n_targets; i++) {
		const struct task_target *tt = &t->targets[i];

		if (is_uri_type(tt->type)) {
			if (match_target_key(tt, key, sizeof(key)) < 0)
				continue;
			for (j = 0; j < ids->n; j++) {
				enum match_src s = ids->id[j].src;

				if (!src_applies(ids, tt->non_local, s) ||
				    strcmp(match_id_key(ids, j), key))
					continue;
				hit->target = i;
				hit->src = s;
				hit->from_target = ids->is_register ||
						   calling(s);
				return true;
			}
			if (!tt->non_local && !ids->is_register &&
			    in_implicit_set(ids, key, lookup, arg, hit)) {
				hit->target = i;
				return true;
			}
			continue;
		}
		if (tt->non_local || !tt->value)
			continue;
		if (ids->is_register) {
			if (sub_matches(tt, self)) {
				*hit = (struct match_hit){ i, true, 0 };
				return true;
			}
			continue;
		}
		/* A session of a registered IMPI/IMEI: through the IMPUs
		 * its registration made (To and P-Associated-URI). */
		for (j = 0; lookup && j < ids->n; j++) {
			enum match_src s = ids->id[j].src;

			if (!resolvable(s))
				continue;
			if (sub_matches(tt,
					lookup(arg, match_id_key(ids, j)))) {
				*hit = (struct match_hit){ i, calling(s), s };
				return true;
			}
		}
	}
	return false;
}

int match_ip_target(const struct task *t, const struct ipaddr *a)
{
	unsigned int i, b;

	for (i = 0; i < t->n_targets; i++) {
		const struct task_target *tt = &t->targets[i];
		unsigned int plen = tt->prefix_len;

		if (tt->type < LMISF_TARGET_IPV4 ||
		    tt->type > LMISF_TARGET_IPV6_CIDR || tt->addr.ver != a->ver)
			continue;
		for (b = 0; b < plen / 8; b++)
			if (tt->addr.a[b] != a->a[b])
				break;
		if (b < plen / 8)
			continue;
		if (plen % 8) {
			uint8_t mask = (uint8_t)(0xff00 >> (plen % 8));

			if ((tt->addr.a[b] ^ a->a[b]) & mask)
				continue;
		}
		return (int)i;
	}
	return -1;
}

int match_target_text(const struct task_target *tt, char *out, size_t size)
{
	char a[64];

	if (tt->value)
		return snprintf(out, size, "%s", tt->value);
	if (tt->type == LMISF_TARGET_GTPU_TEID)
		return snprintf(out, size, "teid:0x%08x", tt->teid);
	ipaddr_str(&tt->addr, a, sizeof(a));
	if (tt->type == LMISF_TARGET_IPV4_CIDR ||
	    tt->type == LMISF_TARGET_IPV6_CIDR)
		return snprintf(out, size, "%s/%u", a, tt->prefix_len);
	return snprintf(out, size, "%s", a);
}
