// SPDX-License-Identifier: GPL-2.0
/*
 * test_sip_torture.c - SIP conformance on the RFC 4475 and RFC 5118
 * torture messages in ../shared/testdata/sip-torture (outside material,
 * SKIP when absent; LMISF_TESTDATA overrides the location). One TAP test
 * per message: valid ones must parse with the values the RFCs give, invalid
 * ones must be refused with the expected error class and a reason.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* FIXTURE_SETUP/TEARDOWN define non-static functions without prototypes. */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#include "kselftest_harness.h"
#include "testdata.h"

#include "sdp.h"
#include "sip.h"

enum want {
	VALID, /* sip_parse and sip_msg_check accept */
	FLAGGED, /* sip_parse accepts, sip_msg_check refuses */
	INVALID, /* sip_parse refuses */
};

typedef void (*check_fn)(struct __test_metadata *_metadata,
			 const struct sip_msg *m, const char *buf, size_t len);

static char *load(const char *rel, size_t *len)
{
	char path[PATH_MAX];
	char *buf;
	FILE *f;
	long n;

	if (!testdata_file(path, sizeof(path), rel))
		return NULL;
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	/* exactly sized, so ASan sees any read past the message */
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static bool streq(struct sip_str s, const char *lit)
{
	return s.len == strlen(lit) && memcmp(s.p, lit, s.len) == 0;
}

#define ASSERT_STR(s, lit)                                                  \
	do {                                                                \
		if (!streq((s), (lit)))                                     \
			TH_LOG("got '%.*s' want '%s'", (int)(s).len, (s).p, \
			       (lit));                                      \
		ASSERT_TRUE(streq((s), (lit)));                             \
	} while (0)

static int count_values(const struct sip_msg *m, enum sip_hdr_id id)
{
	struct sip_iter it;
	struct sip_str v;
	int n = 0;

	sip_iter_init(&it, m, id);
	while (sip_iter_next(&it, &v))
		n++;
	return n;
}

/* Body bytes after the header section, for messages refused on length. */
static struct sip_str raw_body(const char *buf, size_t len)
{
	const char *p = memmem(buf, len, "\r\n\r\n", 4);
	size_t skip = 4;

	if (!p) {
		p = memmem(buf, len, "\n\n", 2);
		skip = 2;
	}
	if (!p)
		return (struct sip_str){ buf + len, 0 };
	return (struct sip_str){ p + skip, (uint32_t)(buf + len - p - skip) };
}

#include "sip_torture_checks.h"

FIXTURE(torture)
{
	char *buf;
	size_t len;
};

FIXTURE_VARIANT(torture)
{
	const char *file;
	enum want want;
	enum sip_err code; /* for INVALID / FLAGGED */
	check_fn check;
};

#define V(name, path, w, c, fn)                                 \
	FIXTURE_VARIANT_ADD(torture, name)                      \
	{                                                       \
		.file = path, .want = w, .code = c, .check = fn \
	}
#define T4(name, dir, w, c, fn) \
	V(name, "sip-torture/rfc4475/" dir "/" #name ".dat", w, c, fn)
#define T5(name, file, w, c, fn)                                            \
	V(crlf_##name, "sip-torture/rfc5118/ersip-crlf/" file ".sip", w, c, \
	  fn);                                                              \
	V(lf_##name, "sip-torture/rfc5118/archive-lf/" file ".dat", w, c, fn)

/* RFC 4475 3.1.1: valid */
T4(wsinv, "3.1.1-valid", VALID, 0, check_wsinv);
T4(intmeth, "3.1.1-valid", VALID, 0, check_intmeth);
T4(esc01, "3.1.1-valid", VALID, 0, check_esc01);
T4(escnull, "3.1.1-valid", VALID, 0, check_escnull);
T4(esc02, "3.1.1-valid", VALID, 0, check_esc02);
T4(lwsdisp, "3.1.1-valid", VALID, 0, check_lwsdisp);
T4(longreq, "3.1.1-valid", VALID, 0, check_longreq);
T4(dblreq, "3.1.1-valid", VALID, 0, check_dblreq);
T4(semiuri, "3.1.1-valid", VALID, 0, check_semiuri);
T4(transports, "3.1.1-valid", VALID, 0, check_transports);
T4(mpart01, "3.1.1-valid", VALID, 0, check_mpart01);
T4(unreason, "3.1.1-valid", VALID, 0, check_unreason);
T4(noreason, "3.1.1-valid", VALID, 0, check_noreason);
/* RFC 4475 3.1.2: invalid, with the class of the refusal */
T4(badinv01, "3.1.2-invalid", INVALID, SIP_EVALUE, NULL);
T4(clerr, "3.1.2-invalid", INVALID, SIP_ELENGTH, NULL);
T4(ncl, "3.1.2-invalid", INVALID, SIP_ELENGTH, NULL);
T4(scalar02, "3.1.2-invalid", INVALID, SIP_ERANGE, NULL);
T4(scalarlg, "3.1.2-invalid", INVALID, SIP_ERANGE, NULL);
T4(quotbal, "3.1.2-invalid", INVALID, SIP_EVALUE, NULL);
T4(ltgtruri, "3.1.2-invalid", INVALID, SIP_EURI, NULL);
T4(lwsruri, "3.1.2-invalid", INVALID, SIP_EURI, NULL);
T4(lwsstart, "3.1.2-invalid", INVALID, SIP_ESTARTLINE, NULL);
T4(trws, "3.1.2-invalid", INVALID, SIP_ESTARTLINE, NULL);
T4(escruri, "3.1.2-invalid", INVALID, SIP_EURI, NULL);
T4(baddate, "3.1.2-invalid", INVALID, SIP_EVALUE, NULL);
T4(regbadct, "3.1.2-invalid", INVALID, SIP_EVALUE, NULL);
T4(badaspec, "3.1.2-invalid", INVALID, SIP_EVALUE, NULL);
T4(baddn, "3.1.2-invalid", INVALID, SIP_EVALUE, NULL);
T4(badvers, "3.1.2-invalid", INVALID, SIP_EVERSION, NULL);
T4(mismatch01, "3.1.2-invalid", INVALID, SIP_EMISMATCH, NULL);
T4(mismatch02, "3.1.2-invalid", INVALID, SIP_EMISMATCH, NULL);
T4(bigcode, "3.1.2-invalid", INVALID, SIP_ESTARTLINE, NULL);
/* RFC 4475 3.2-3.4: well-formed; the 400-worthy ones are flagged */
T4(badbranch, "3.2-transaction", VALID, 0, check_badbranch);
T4(insuf, "3.3-application", FLAGGED, SIP_EMISSING, NULL);
T4(unkscm, "3.3-application", VALID, 0, check_unkscm);
T4(novelsc, "3.3-application", VALID, 0, check_novelsc);
T4(unksm2, "3.3-application", VALID, 0, check_unksm2);
T4(bext01, "3.3-application", VALID, 0, check_bext01);
T4(invut, "3.3-application", VALID, 0, check_invut);
T4(regaut01, "3.3-application", VALID, 0, check_regaut01);
T4(multi01, "3.3-application", FLAGGED, SIP_EDUPLICATE, NULL);
/* two different Content-Length values cannot be framed at all */
T4(mcl01, "3.3-application", INVALID, SIP_ELENGTH, NULL);
T4(bcast, "3.3-application", VALID, 0, check_bcast);
T4(zeromf, "3.3-application", VALID, 0, check_zeromf);
T4(cparam01, "3.3-application", VALID, 0, check_cparam01);
T4(cparam02, "3.3-application", VALID, 0, check_cparam02);
T4(regescrt, "3.3-application", VALID, 0, check_regescrt);
T4(sdp01, "3.3-application", VALID, 0, check_sdp01);
T4(inv2543, "3.4-backward-compat", VALID, 0, check_inv2543);
/* the 50th archive file: request line without SIP-Version */
V(extras_test, "sip-torture/extras/rfc4475-test.dat", INVALID, SIP_ESTARTLINE,
  NULL);

/* RFC 5118, wire (CRLF) and archive (LF) forms */
T5(ipv6_good, "ipv6-good", VALID, 0, check_ipv6_good);
T5(ipv6_bad, "ipv6-bad", INVALID, SIP_EURI, NULL);
T5(port_ambiguous, "port-ambiguous", VALID, 0, check_port_ambiguous);
T5(port_unambiguous, "port-unambiguous", VALID, 0, check_port_unambiguous);
T5(via_received_with_delim, "via-received-param-with-delim", VALID, 0,
   check_recv_delim);
T5(via_received_no_delim, "via-received-param-no-delim", VALID, 0,
   check_recv_nodelim);
T5(mult_ip_in_header, "mult-ip-in-header", VALID, 0, check_mult_ip_hdr);
T5(ipv4_mapped_ipv6, "ipv4-mapped-ipv6", VALID, 0, check_v4mapped);
/* RFC 4291 address syntax; see Documentation/sip.rst */
T5(ipv6_bug_abnf_3_colons, "ipv6-bug-abnf-3-colons", INVALID, SIP_EURI, NULL);
T5(ipv6_correct_abnf_2_colons, "ipv6-correct-abnf-2-colons", VALID, 0,
   check_2colons);
/*
 * The archive's Content-Length is larger than the body: a datagram that
 * short is refused (RFC 3261 18.3, as clerr); the SDP is checked apart.
 */
T5(ipv6_in_sdp, "ipv6-in-sdp", INVALID, SIP_ELENGTH, check_ipv6_in_sdp);
V(crlf_mult_ip_in_sdp, "sip-torture/rfc5118/ersip-crlf/mult-ip-in-sdp.sip",
  VALID, 0, check_mult_ip_sdp);
V(lf_mult_ip_in_sdp, "sip-torture/rfc5118/archive-lf/mult-ip-in-sdp.dat",
  INVALID, SIP_ELENGTH, check_mult_ip_sdp);

FIXTURE_SETUP(torture)
{
	self->buf = load(variant->file, &self->len);
	if (!self->buf)
		SKIP(return, "%s not found (set LMISF_TESTDATA)",
			   variant->file);
}

FIXTURE_TEARDOWN(torture)
{
	free(self->buf);
}

TEST_F(torture, parse)
{
	static struct sip_msg m;
	struct sip_error err = { 0 };
	size_t flen;
	int r;

	r = sip_parse(&m, self->buf, self->len, 0, &err);
	if (variant->want == INVALID) {
		TH_LOG("refused: %s (offset %zu)", err.reason, err.offset);
		ASSERT_EQ(-(int)variant->code, r);
		ASSERT_NE(NULL, err.reason);
		ASSERT_LE(err.offset, self->len);
		if (variant->check)
			variant->check(_metadata, NULL, self->buf, self->len);
		return;
	}
	if (r)
		TH_LOG("refused: %s (offset %zu)", err.reason, err.offset);
	ASSERT_EQ(0, r);
	r = sip_msg_check(&m, &err);
	if (variant->want == FLAGGED) {
		TH_LOG("flagged: %s", err.reason);
		ASSERT_EQ(-(int)variant->code, r);
		ASSERT_NE(NULL, err.reason);
		return;
	}
	ASSERT_EQ(0, r);
	/* the stream framer agrees with the datagram parse */
	if (m.has_content_length &&
	    (memmem(self->buf, self->len, "\n\r\n", 3) ||
	     memmem(self->buf, self->len, "\n\n", 2))) {
		ASSERT_EQ(SIP_FRAME_MESSAGE,
			  sip_frame(self->buf, self->len, &flen, &err));
		ASSERT_EQ(m.len, flen);
	}
	variant->check(_metadata, &m, self->buf, self->len);
}

TEST_HARNESS_MAIN
