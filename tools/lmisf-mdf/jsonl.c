// SPDX-License-Identifier: GPL-2.0
/*
 * JSON lines (jsonl.h).
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include "jsonl.h"

static void jstr(FILE *f, const uint8_t *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c); /* bytes, not UTF-8 */
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Starts member @name of an object: a comma unless it is the first. */
static void key(FILE *f, int *first, const char *name)
{
	fprintf(f, "%s\"%s\":", *first ? "" : ",", name);
	*first = 0;
}

static void jfield_str(FILE *f, int *first, const char *name,
		       const struct x2x3_str *s)
{
	key(f, first, name);
	jstr(f, s->ptr, s->len);
}

static void jlist(FILE *f, int *first, const char *name,
		  const struct x2x3_str *v, unsigned int n)
{
	key(f, first, name);
	fputc('[', f);
	for (unsigned int i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		jstr(f, v[i].ptr, v[i].len);
	}
	fputc(']', f);
}

static const char *type_name(unsigned int t)
{
	static const char *const n[] = { "?", "X2", "X3", "keepalive",
					 "keepalive_ack" };

	return t < 5 ? n[t] : "?";
}

static void jaddr(FILE *f, int *first, const char *name, const uint8_t *a,
		  int v6)
{
	char buf[INET6_ADDRSTRLEN];

	inet_ntop(v6 ? AF_INET6 : AF_INET, a, buf, sizeof(buf));
	key(f, first, name);
	fprintf(f, "\"%s\"", buf);
}

static void attributes(FILE *f, const struct x2x3_pdu *p)
{
	char uuid[37];
	int first = 1;

	fputs(",\"attributes\":{", f);
	if (X2X3_HAS(p, X2X3_A_SEQ)) {
		key(f, &first, "seq");
		fprintf(f, "%" PRIu64, p->seq);
	}
	if (X2X3_HAS(p, X2X3_A_TIMESTAMP)) {
		key(f, &first, "timestamp");
		fprintf(f, "{\"sec\":%" PRIu64 ",\"nsec\":%u}", p->ts_sec,
			p->ts_nsec);
	}
	if (X2X3_HAS(p, X2X3_A_SRC_IPV4) || X2X3_HAS(p, X2X3_A_SRC_IPV6))
		jaddr(f, &first, "src_ip", p->src_ip,
		      X2X3_HAS(p, X2X3_A_SRC_IPV6));
	if (X2X3_HAS(p, X2X3_A_DST_IPV4) || X2X3_HAS(p, X2X3_A_DST_IPV6))
		jaddr(f, &first, "dst_ip", p->dst_ip,
		      X2X3_HAS(p, X2X3_A_DST_IPV6));
	if (X2X3_HAS(p, X2X3_A_SRC_PORT)) {
		key(f, &first, "src_port");
		fprintf(f, "%u", p->src_port);
	}
	if (X2X3_HAS(p, X2X3_A_DST_PORT)) {
		key(f, &first, "dst_port");
		fprintf(f, "%u", p->dst_port);
	}
	if (X2X3_HAS(p, X2X3_A_IP_PROTO)) {
		key(f, &first, "ip_proto");
		fprintf(f, "%u", p->ip_proto);
	}
	if (X2X3_HAS(p, X2X3_A_DID))
		jfield_str(f, &first, "did", &p->did);
	if (X2X3_HAS(p, X2X3_A_NFID))
		jfield_str(f, &first, "nfid", &p->nfid);
	if (X2X3_HAS(p, X2X3_A_IPID))
		jfield_str(f, &first, "ipid", &p->ipid);
	if (X2X3_HAS(p, X2X3_A_MIME_TYPE))
		jfield_str(f, &first, "mime_type", &p->mime_type);
	if (X2X3_HAS(p, X2X3_A_MIME_CTE))
		jfield_str(f, &first, "mime_cte", &p->mime_cte);
	if (X2X3_HAS(p, X2X3_A_SDP))
		jfield_str(f, &first, "sdp", &p->sdp);
	if (p->n_matched)
		jlist(f, &first, "matched_targets", p->matched, p->n_matched);
	if (p->n_other)
		jlist(f, &first, "other_targets", p->other, p->n_other);
	if (p->n_additional_xid) {
		key(f, &first, "additional_xids");
		fputc('[', f);
		for (unsigned int i = 0; i < p->n_additional_xid; i++) {
			x2x3_uuid_format(p->additional_xid[i], uuid);
			fprintf(f, "%s\"%s\"", i ? "," : "", uuid);
		}
		fputc(']', f);
	}
	if (p->n_opaque) {
		key(f, &first, "opaque");
		fprintf(f, "%u", p->n_opaque);
	}
	fputc('}', f);
}

void jsonl_pdu(FILE *f, unsigned long conn, const char *listener,
	       const struct x2x3_pdu *p, size_t rawlen, bool payload_hex)
{
	char uuid[37];

	if (!f)
		return;
	x2x3_uuid_format(p->xid, uuid);
	fprintf(f,
		"{\"conn\":%lu,\"listener\":\"%s\",\"type\":\"%s\","
		"\"pdu_type\":%u,\"version\":%u,\"format\":%u,"
		"\"direction\":%u,\"xid\":\"%s\",\"correlation\":%" PRIu64,
		conn, listener, type_name(p->type), p->type, p->version,
		p->payload_format, p->direction, uuid, p->correlation_id);
	attributes(f, p);
	fprintf(f, ",\"header_len\":%zu,\"payload_len\":%zu",
		rawlen - p->payload_len, p->payload_len);
	if (payload_hex) {
		fputs(",\"payload_hex\":\"", f);
		for (size_t i = 0; i < p->payload_len; i++)
			fprintf(f, "%02x", p->payload[i]);
		fputc('"', f);
	}
	fputs("}\n", f);
	fflush(f);
}

void jsonl_error(FILE *f, unsigned long conn, const char *listener,
		 const struct x2x3_error *e)
{
	if (!f)
		return;
	fprintf(f, "{\"conn\":%lu,\"listener\":\"%s\",\"error\":", conn,
		listener);
	jstr(f, (const uint8_t *)e->msg, strlen(e->msg));
	fprintf(f, ",\"fatal\":%s}\n", e->fatal ? "true" : "false");
	fflush(f);
}
