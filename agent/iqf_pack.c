// SPDX-License-Identifier: GPL-2.0
/*
 * The IQF answer packed straight from the cache: the bytes protobuf-c would
 * pack for iqf_answer()'s response inside a ServerMessage, written field by
 * field from each association's view into a reused buffer. Building the
 * message structs in the arena and packing them through protobuf-c's
 * descriptors was more than half of an in-process query (about 1.1 of
 * 2.0 us at 10 M associations) and touched a dozen more pages of code and
 * descriptors; this writes the same octets (test_iqf_pack compares them)
 * with no allocation once the buffer has grown.
 *
 * Fields go out in field-number order, as protobuf-c packs them; a nested
 * message's length is written after its body, moved up when it does not
 * fit the one octet reserved for it.
 */
#include "iqf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Wire types. */
#define VARINT 0
#define LEN 2
#define KEY(field, type) ((uint8_t)((field) << 3 | (type)))

static uint8_t *put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

static void u64(struct streambuf *b, unsigned int field, uint64_t v)
{
	uint8_t *p = b->p + b->len;

	*p++ = KEY(field, VARINT);
	b->len = (size_t)(put_varint(p, v) - b->p);
}

static void bytes(struct streambuf *b, unsigned int field, const void *s,
		  size_t n)
{
	uint8_t *p = b->p + b->len;

	*p++ = KEY(field, LEN);
	p = put_varint(p, n);
	memcpy(p, s, n);
	b->len = (size_t)(p - b->p) + n;
}

static void str(struct streambuf *b, unsigned int field, const char *s)
{
	bytes(b, field, s, strlen(s));
}

/* A string of at most @n octets: as protobuf-c, up to a NUL in it. */
static void strn(struct streambuf *b, unsigned int field, const void *s,
		 size_t n)
{
	bytes(b, field, s, strnlen(s, n));
}

/* A nested message: its key and one octet for its length. */
static size_t open_msg(struct streambuf *b, unsigned int field)
{
	b->p[b->len++] = KEY(field, LEN);
	return b->len++;
}

/* Its length, once its body is written (room for 4 more octets kept). */
static void close_msg(struct streambuf *b, size_t at)
{
	size_t n = b->len - at - 1, k = 1;
	uint8_t v[8];

	if (n < 0x80) {
		b->p[at] = (uint8_t)n;
		return;
	}
	k = (size_t)(put_varint(v, n) - v);
	memmove(b->p + at + k, b->p + at + 1, n);
	memcpy(b->p + at, v, k);
	b->len += k - 1;
}

typedef Lmisf__Iqf__IdentityAssociationRequest Req;

static const char hex[] = "0123456789abcdef";

/*
 * MCC and MNC of a PLMN ID as fields 1 and 2, the digits of
 * iqf_plmn_to_mcc_mnc() written in place (four per response and more:
 * the GUTI, the TAI, each TAI of the list, the NCGI).
 */
static void plmn(struct streambuf *b, const uint8_t *id)
{
	uint8_t *p = b->p + b->len;
	bool three = id[1] >> 4 != 0xf;

	p[0] = KEY(1, LEN);
	p[1] = 3;
	p[2] = (uint8_t)hex[id[0] & 15];
	p[3] = (uint8_t)hex[id[0] >> 4];
	p[4] = (uint8_t)hex[id[1] & 15];
	p[5] = KEY(2, LEN);
	p[6] = three ? 3 : 2;
	p[7] = (uint8_t)hex[id[2] & 15];
	p[8] = (uint8_t)hex[id[2] >> 4];
	p[9] = (uint8_t)hex[id[1] >> 4]; /* within the room; counted if three */
	b->len += three ? 10 : 9;
}

/* @n lower-case hex digits of @v as field @field. */
static void hex_field(struct streambuf *b, unsigned int field, uint64_t v,
		      unsigned int n)
{
	uint8_t *p = b->p + b->len;

	p[0] = KEY(field, LEN);
	p[1] = (uint8_t)n;
	for (unsigned int i = n; i-- > 0; v >>= 4)
		p[2 + i] = (uint8_t)hex[v & 15];
	b->len += 2 + n;
}

/* A FiveGSTAI: under 128 octets, so its length is one octet. */
static void tai(struct streambuf *b, unsigned int field, const uint8_t t[6])
{
	size_t at = b->len;

	b->len += 2;
	plmn(b, t);
	hex_field(b, 3, (uint32_t)t[3] << 16 | t[4] << 8 | t[5], 6);
	b->p[at] = KEY(field, LEN);
	b->p[at + 1] = (uint8_t)(b->len - at - 2);
}

#define DAY_MS 86400000
#define YEAR_10000_MS 253402300800000LL

/*
 * The date part ("YYYY-MM-DDT") of the day last formatted on this thread:
 * a response's three or four times are mostly of one or two days, and the
 * calendar arithmetic was most of formatting one.
 */
static _Thread_local struct {
	int64_t day;
	char date[11];
} last_day = { .day = -1 };

static void two(uint8_t *p, unsigned int v)
{
	p[0] = (uint8_t)('0' + v / 10);
	p[1] = (uint8_t)('0' + v % 10);
}

/* @t as lm_time_format_rfc3339() writes it. */
static void time_field(struct streambuf *b, unsigned int field, lm_ms_t t)
{
	unsigned int ms;
	uint8_t *p;
	char s[32];

	if (t < 0 || t >= YEAR_10000_MS) {
		lm_time_format_rfc3339(t, s);
		str(b, field, s);
		return;
	}
	if (t / DAY_MS != last_day.day) {
		last_day.day = t / DAY_MS;
		lm_time_format_rfc3339(last_day.day * DAY_MS, s);
		memcpy(last_day.date, s, sizeof(last_day.date));
	}
	ms = (unsigned int)(t % DAY_MS);
	p = b->p + b->len;
	p[0] = KEY(field, LEN);
	p[1] = 24;
	memcpy(p + 2, last_day.date, sizeof(last_day.date));
	two(p + 13, ms / 3600000);
	p[15] = ':';
	two(p + 16, ms / 60000 % 60);
	p[18] = ':';
	two(p + 19, ms / 1000 % 60);
	p[21] = '.';
	p[22] = (uint8_t)('0' + ms % 1000 / 100);
	two(p + 23, ms % 100);
	p[25] = 'Z';
	b->len += 26;
}

/* "aa-bb-cc" of @n octets (a MAC address or an EUI-64). */
static void octets(struct streambuf *b, unsigned int field, const uint8_t *p,
		   size_t n)
{
	char s[3 * ICF_PEI_MAX];
	size_t k = 0;

	for (size_t i = 0; i < n && i < ICF_PEI_MAX; i++) {
		if (i)
			s[k++] = '-';
		s[k++] = hex[p[i] >> 4];
		s[k++] = hex[p[i] & 15];
	}
	bytes(b, field, s, k);
}

/* The most one record can take: fixed parts generously, then the rest. */
static size_t record_bound(const struct icf_view *v)
{
	return 320 + v->supi.len + v->suci_len + 3u * v->pei_len + v->gpsi_len +
	       32u * v->n_tai_list;
}

/* One IdentityAssociationRecord, as iqf_record() fills it. */
static int record(struct streambuf *b, unsigned int field,
		  const struct icf_view *v)
{
	size_t at, sub;

	if (streambuf_room(b, record_bound(v)))
		return -ENOMEM;
	at = open_msg(b, field);
	sub = open_msg(b, 1);
	strn(b, v->supi.type == ICF_SUPI_IMSI ? 1 : 2, v->supi.val,
	     v->supi.len);
	close_msg(b, sub);
	if (v->suci)
		bytes(b, 2, v->suci, v->suci_len);
	sub = open_msg(b, 3);
	plmn(b, v->guti);
	u64(b, 3, v->guti[3]);
	u64(b, 4, (uint32_t)v->guti[4] << 2 | v->guti[5] >> 6);
	u64(b, 5, v->guti[5] & 0x3f);
	u64(b, 6,
	    (uint32_t)v->guti[6] << 24 | v->guti[7] << 16 | v->guti[8] << 8 |
		    v->guti[9]);
	close_msg(b, sub);
	if (v->pei_type) {
		sub = open_msg(b, 4);
		if (v->pei_type == ICF_PEI_IMEI ||
		    v->pei_type == ICF_PEI_IMEISV)
			strn(b, v->pei_type == ICF_PEI_IMEI ? 1 : 2, v->pei,
			     v->pei_len);
		else
			octets(b, v->pei_type == ICF_PEI_MAC ? 3 : 4, v->pei,
			       v->pei_len);
		close_msg(b, sub);
	}
	time_field(b, 5, v->start);
	if (v->end != ICF_OPEN)
		time_field(b, 6, v->end);
	if (v->has_tai_list)
		for (unsigned int i = 0; i < v->n_tai_list; i++)
			tai(b, 7, v->tai_list + i * ICF_TAI_LEN);
	if (v->gpsi_type) {
		sub = open_msg(b, 8);
		strn(b, v->gpsi_type == ICF_GPSI_MSISDN ? 1 : 2, v->gpsi,
		     v->gpsi_len);
		close_msg(b, sub);
	}
	if (v->has_ncgi) {
		const uint8_t *n = v->ncgi;

		sub = open_msg(b, 9);
		plmn(b, n);
		/* 36 bits left-aligned in 5 octets. */
		hex_field(b, 3,
			  ((uint64_t)n[3] << 32 | (uint64_t)n[4] << 24 |
			   (uint64_t)n[5] << 16 | (uint64_t)n[6] << 8 | n[7]) >>
				  4,
			  9);
		close_msg(b, sub);
	}
	tai(b, 10, v->tai);
	close_msg(b, at);
	return 0;
}

/* The answer to a prepared query, framed, after b->len. */
static int answer(struct icf *c, const struct icf_query *q,
		  struct icf_result *res, const Req *req, struct streambuf *b,
		  struct iqf_outcome *out)
{
	int status = LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND;
	size_t start = b->len, msg;
	lm_ms_t from, to;
	struct icf_view v;

	if (icf_query_at(c, q, out->now, res))
		return -EINVAL; /* prepared queries are valid */
	if (res->n)
		status = LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND;
	/* Frame prefix, ServerMessage.response, request id and status. */
	if (streambuf_room(b, 4 + 4 + 2 * 11))
		return -ENOMEM;
	b->len += 4;
	msg = open_msg(b, 1);
	if (req->has_request_id)
		u64(b, 1, req->request_id);
	u64(b, 2, (uint64_t)status);
	for (uint32_t i = 0; i < res->n && i < 16; i++)
		icf_view_prefetch(c, res->ids[i]);
	for (uint32_t i = 0; i < res->n; i++)
		if (!icf_view(c, res->ids[i], &v) && record(b, 5, &v))
			goto nomem;
	/* The flags, the cache period, and closing may move 4 octets. */
	if (streambuf_room(b, 2 * 2 + 2 * 34 + 4))
		goto nomem;
	if (res->n_supi > 1)
		u64(b, 6, 1);
	if (res->truncated)
		u64(b, 7, 1);
	icf_cache_period_at(c, out->now, &from, &to);
	time_field(b, 9, from);
	time_field(b, 10, to);
	close_msg(b, msg);
	iqf_frame_prefix(b->p + start, b->len - start - 4);
	out->status = status;
	out->results = res->n;
	out->supis = res->n_supi;
	return 0;
nomem:
	b->len = start;
	return -ENOMEM;
}

/* A rejection: rare, so built as a message and packed by protobuf-c. */
static int reject(struct iqf_arena *ar, const Req *req, int reason,
		  const char *detail, struct streambuf *b)
{
	Lmisf__Iqf__ServerMessage m = LMISF__IQF__SERVER_MESSAGE__INIT;
	Lmisf__Iqf__IdentityAssociationResponse *r;
	size_t n;

	r = iqf_reject(ar, reason, detail);
	if (!r)
		return -ENOMEM;
	if (req->has_request_id) {
		r->has_request_id = 1;
		r->request_id = req->request_id;
	}
	m.msg_case = LMISF__IQF__SERVER_MESSAGE__MSG_RESPONSE;
	m.response = r;
	n = protobuf_c_message_get_packed_size(&m.base);
	if (streambuf_room(b, 4 + n))
		return -ENOMEM;
	iqf_frame_into(&m.base, n, b->p + b->len);
	b->len += 4 + n;
	return 0;
}

int iqf_handle_packed(struct icf *c, const Req *req, struct icf_result *res,
		      struct iqf_arena *ar, struct streambuf *b,
		      struct iqf_outcome *out)
{
	const char *detail;
	struct icf_query q;
	int reason;

	reason = iqf_begin(c, req, &q, out, &detail);
	if (reason)
		return reject(ar, req, reason, detail, b);
	return answer(c, &q, res, req, b, out);
}
