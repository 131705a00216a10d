/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IQF: identity-association queries (TS 33.128 7.6.3) over the ICF.
 *
 * This part is transport-free: it validates a decoded request before the
 * cache is searched (7.6.3.1: malformed values and observed times outside
 * the cache period are rejected with a reason), runs the search and builds
 * the response. iqf_server.h puts it on a socket.
 */
#ifndef LMISF_IQF_H
#define LMISF_IQF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "icf.h"
#include "iqf.pb-c.h"
#include "streambuf.h"

/* Largest client message accepted; the length prefix is checked first. */
#define IQF_MAX_REQUEST 65536
/* Largest server message a client should accept. */
#define IQF_MAX_RESPONSE (64u << 20)

/* Bump allocator for building a response; everything is freed at once. */
struct iqf_arena {
	struct iqf_chunk *head;
};

void *iqf_arena_alloc(struct iqf_arena *a, size_t n);
char *iqf_arena_strdup(struct iqf_arena *a, const char *s);
void iqf_arena_free(struct iqf_arena *a);
/* Frees all but one chunk and empties it: a server reuses one arena. */
void iqf_arena_reset(struct iqf_arena *a);

/* What a request was, for the audit log (no identifier values). */
struct iqf_outcome {
	int type; /* Lmisf__Iqf__RequestType, 0 when undecodable */
	enum icf_key key; /* 0 when none */
	int has_time;
	int status; /* Lmisf__Iqf__ResponseStatus */
	int reject_reason; /* 0 when not rejected */
	uint32_t results, supis;
	/* The time the request was judged at (iqf_begin()), when has_now. */
	bool has_now;
	lm_ms_t now;
};

/*
 * iqf_prepare - validate @req and translate it into @q (7.6.3.1), the
 * observed time against the cache period at @now (read from the cache's
 * clock). Return 0, or a Lmisf__Iqf__RejectReason with *detail set to a
 * static, identifier-free explanation. SUCI octets are referenced from
 * @req.
 */
int iqf_prepare(const struct icf *c,
		const Lmisf__Iqf__IdentityAssociationRequest *req, lm_ms_t now,
		struct icf_query *q, const char **detail);

/*
 * iqf_answer - run a query iqf_begin() prepared, at the time it read into
 * @out, and build the response in @ar. @res is scratch space (large; keep
 * it off the stack).
 */
Lmisf__Iqf__IdentityAssociationResponse *
iqf_answer(struct icf *c, const struct icf_query *q, struct icf_result *res,
	   struct iqf_arena *ar, struct iqf_outcome *out);

/* Validate, search and answer one request (both steps above). */
Lmisf__Iqf__IdentityAssociationResponse *
iqf_handle(struct icf *c, const Lmisf__Iqf__IdentityAssociationRequest *req,
	   struct icf_result *res, struct iqf_arena *ar,
	   struct iqf_outcome *out);

/*
 * iqf_begin - iqf_handle()'s first half: the cache's clock read (the only
 * read of a request: out->now), @out started, expiry run, @req validated
 * into @q. Return 0 or the reject reason (*detail set).
 */
int iqf_begin(struct icf *c, const Lmisf__Iqf__IdentityAssociationRequest *req,
	      struct icf_query *q, struct iqf_outcome *out,
	      const char **detail);

/*
 * iqf_handle_packed - iqf_handle() for the server: the response is
 * appended to @b (after b->len; b->head is left alone: the server sends
 * from there) as a framed ServerMessage, the octets iqf_handle() and
 * iqf_frame() give, packed straight from the cache (iqf_pack.c): no
 * message structs, and no allocation once @b has grown (@ar is used for
 * rejections only). 0, or -ENOMEM with @b as it was.
 */
int iqf_handle_packed(struct icf *c,
		      const Lmisf__Iqf__IdentityAssociationRequest *req,
		      struct icf_result *res, struct iqf_arena *ar,
		      struct streambuf *b, struct iqf_outcome *out);

/* A REQUEST_REJECTED response. */
Lmisf__Iqf__IdentityAssociationResponse *
iqf_reject(struct iqf_arena *ar, int reason, const char *detail);

/* One stored association as a 3GPP IdentityAssociationRecord. */
Lmisf__Iqf__IdentityAssociationRecord *iqf_record(struct iqf_arena *ar,
						  const struct icf_view *v);

/*
 * Length-prefixed framing: iqf_frame() packs @m after a 4-octet big-endian
 * length into a malloc()ed buffer (*len set); NULL on ENOMEM.
 * iqf_frame_len() reads a prefix: the body length.
 */
uint8_t *iqf_frame(const ProtobufCMessage *m, size_t *len);
/* The same into @out (4 + @body octets; @body: the packed size of @m). */
void iqf_frame_into(const ProtobufCMessage *m, size_t body, uint8_t *out);
/* The 4-octet prefix alone, for a body of @body octets at @out + 4. */
void iqf_frame_prefix(uint8_t *out, size_t body);
uint32_t iqf_frame_len(const uint8_t p[4]);

/* Textual forms used in messages (also by lmisf-query). */
void iqf_plmn_to_mcc_mnc(const uint8_t plmn[3], char mcc[4], char mnc[4]);
int iqf_mcc_mnc_to_plmn(const char *mcc, const char *mnc, uint8_t plmn[3]);

#endif /* LMISF_IQF_H */
