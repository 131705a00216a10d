/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lexical helpers shared by the SIP and SDP parsers (internal). Character
 * classes come from the RFC 3261 ABNF (section 25.1); one table lookup per
 * byte keeps the scanners branch-light.
 */
#ifndef LMISF_SIP_LEX_H
#define LMISF_SIP_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sip.h"

#define C_TOKEN (1u << 0) /* token */
#define C_WS (1u << 1) /* SP HT CR LF: LWS inside a header value */
#define C_UNRES (1u << 2) /* unreserved = alphanum / mark */
#define C_USER (1u << 3) /* unreserved / user-unreserved */
#define C_PASS (1u << 4) /* password chars, escapes aside */
#define C_PARAM (1u << 5) /* paramchar, escapes aside */
#define C_HNV (1u << 6) /* hname / hvalue chars, escapes aside */
#define C_WORD (1u << 7) /* Call-ID word */
#define C_HOST (1u << 8) /* hostname chars (plus '_', tolerated) */
#define C_DIGIT (1u << 9)
#define C_HEX (1u << 10)
#define C_SCHEME (1u << 11) /* scheme chars after the first ALPHA */
#define C_TEL (1u << 12) /* tel number: HEXDIG * # visual-separator */
#define C_PVAL (1u << 13) /* gen-value: token, or host incl. IPv6 : [ ] */

extern const uint16_t sip_cc[256];

static inline bool cc(unsigned char c, unsigned int cls)
{
	return sip_cc[c] & cls;
}

static inline char lc(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static inline const char *skip_ws(const char *p, const char *e)
{
	while (p < e && cc((unsigned char)*p, C_WS))
		p++;
	return p;
}

static inline const char *skip_token(const char *p, const char *e)
{
	while (p < e && cc((unsigned char)*p, C_TOKEN))
		p++;
	return p;
}

static inline void rtrim_ws(const char *b, const char **e)
{
	while (*e > b && cc((unsigned char)(*e)[-1], C_WS))
		(*e)--;
}

static inline struct sip_str mkstr(const char *b, const char *e)
{
	struct sip_str s = { b, (uint32_t)(e - b) };

	return s;
}

static inline int set_err(struct sip_error *err, enum sip_err code,
			  const char *reason, const char *base, const char *at)
{
	if (err) {
		err->code = code;
		err->reason = reason;
		err->offset = (base && at >= base) ? (size_t)(at - base) : 0;
	}
	return -(int)code;
}

static inline enum sip_err err_code(const struct sip_error *err,
				    enum sip_err dflt)
{
	return err ? err->code : dflt;
}

/*
 * Decimal number with an upper bound; false on no digits, non-digits or
 * overflow past @max. Leading zeros are fine ("0068" is 68).
 */
bool lex_uint(const char *p, const char *e, uint64_t max, uint64_t *out);

/* Quoted string starting at *p == '"'; sets *end after the closing quote. */
bool lex_quoted(const char *p, const char *e, const char **end);

/*
 * Generic ;param list: *( SWS ";" SWS token [ SWS "=" SWS gen-value ] )
 * starting at p (which must be at ';' or end). Stops at @stop (',' for
 * lists, or 0) outside quotes. Returns the position after the list or NULL.
 * When @want (a lowercase name) is given, its value lands in *@val on the
 * way, saving a second pass with sip_param_get().
 */
const char *lex_params(const char *p, const char *e, char stop,
		       const char *want, struct sip_str *val);

bool lex_ieq(const char *a, size_t alen, const char *lit);

/*
 * One name-addr / addr-spec with its header parameters, ending at @stop
 * (',' inside a list, or 0) or @e. Returns the end position or NULL.
 */
const char *sip_na_parse(struct sip_name_addr *na, const char *p, const char *e,
			 char stop, struct sip_error *err);
/* host [ SWS ":" SWS port ]; returns the end or NULL with *why set. */
const char *sip_hostport_parse(const char *p, const char *e,
			       struct sip_str *host, enum sip_host_type *type,
			       uint16_t *port, const char **why);

/* Validate one indexed header; decode it into @m when @first (sip_hdr.c). */
int sip_hdr_decode(struct sip_msg *m, const struct sip_hdr *h, bool first,
		   struct sip_error *err);

#endif /* LMISF_SIP_LEX_H */
