/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lixer.h - LI_XER records (IEF -> ICF), TS 33.128 module
 * TS33128IdentityAssociation, BER.
 *
 *   IEFMessage ::= SEQUENCE { iEFRecordOID [1] RELATIVE-OID,
 *                             record [2] IEFRecord }
 *   IEFRecord ::= CHOICE { associationRecord [1], deassociationRecord [2],
 *                          keepalive [3], keepaliveResponse [4] }
 *
 * Decoding is zero-copy: struct lixer_bytes members point into the buffer
 * given to lixer_decode(), which must outlive the decoded message (copy
 * what you keep). Fixed-size identifiers (5G-GUTI, TAI, PLMN ID) are
 * copied into the structure. Every value is validated against the
 * module's constraints; anything else is refused with a struct ber_error.
 *
 * Record OID: iEFRecordOID must be LIXER_OID (4.20.17.1.1, r17 version1,
 * which r18 and r19 up to V19.3 keep). See Documentation/records.rst.
 *
 * Stream framing: BER is self-delimiting, so a TCP stream carries
 * IEFMessages back to back with no extra length prefix; lixer_frame()
 * and struct lixer_framer cut it into records of at most a configured
 * size. A framing error means the stream position is lost: the
 * connection must be closed. A decode error on a complete record only
 * loses that record.
 */
#ifndef LMISF_LIXER_H
#define LMISF_LIXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ber.h"
#include "streambuf.h"

/* iEFRecordOID = {threeGPP(4) tS33128IdentityAssociation(20) r17(17)
 * version1(1) iEF(1)} */
#define LIXER_OID_ARCS 5
extern const uint32_t LIXER_OID[LIXER_OID_ARCS];

#define LIXER_GUTI_LEN 10
#define LIXER_TAI_LEN 6
#define LIXER_PLMN_LEN 3
#define LIXER_MAX_TAIS 16 /* TS 24.501: a TAI list holds up to 16 */
#define LIXER_MAX_ADD_NCGIS 16 /* our limit; more is refused */
#define LIXER_NCI_MAX 0xfffffffffULL /* 36 bits */
#define LIXER_MAX_RECORD_DEFAULT 16384

/* Octets owned by the input buffer (decode) or the caller (encode). */
struct lixer_bytes {
	const uint8_t *ptr;
	size_t len; /* 0: absent */
};

enum lixer_supi_kind {
	LIXER_SUPI_IMSI = 1, /* NumericString (SIZE(6..15)) */
	LIXER_SUPI_NAI = 2, /* UTF8String */
};

struct lixer_supi {
	enum lixer_supi_kind kind;
	struct lixer_bytes v;
};

enum lixer_pei_kind {
	LIXER_PEI_NONE = 0,
	LIXER_PEI_IMEI = 1, /* NumericString (SIZE(14)) */
	LIXER_PEI_IMEISV = 2, /* NumericString (SIZE(16)) */
	LIXER_PEI_MAC = 3, /* OCTET STRING (SIZE(6)) */
	LIXER_PEI_EUI64 = 4, /* OCTET STRING (SIZE(8)) */
};

struct lixer_pei {
	enum lixer_pei_kind kind;
	struct lixer_bytes v;
};

enum lixer_gpsi_kind {
	LIXER_GPSI_NONE = 0,
	LIXER_GPSI_MSISDN = 1, /* NumericString (SIZE(1..15)) */
	LIXER_GPSI_NAI = 2, /* UTF8String */
};

struct lixer_gpsi {
	enum lixer_gpsi_kind kind;
	struct lixer_bytes v;
};

/* NCGI ::= SEQUENCE { pLMNID [1] PLMNID, nCI [2] NCI (BIT STRING 36) } */
struct lixer_ncgi {
	uint8_t plmn[LIXER_PLMN_LEN]; /* BCD, TS 24.501 order */
	uint64_t nci; /* 36 bits, first bit is bit 35 */
};

/* IEFAssociationRecord (r17). */
struct lixer_assoc {
	struct lixer_supi supi;
	uint8_t guti[LIXER_GUTI_LEN]; /* FiveGGUTI, see lixer_guti_*() */
	int64_t timestamp_ns; /* GeneralizedTime, ns since epoch */
	uint8_t tai[LIXER_TAI_LEN];
	struct lixer_ncgi ncgi;
	int64_t ncgi_time_ns;
	struct lixer_bytes suci; /* OPTIONAL, SIZE(8..3008); len 0 absent */
	struct lixer_pei pei; /* OPTIONAL; kind NONE absent */
	bool has_tai_list; /* fiveGSTAIList present (may be empty) */
	unsigned int n_tais;
	uint8_t tai_list[LIXER_MAX_TAIS][LIXER_TAI_LEN];
	struct lixer_gpsi gpsi; /* OPTIONAL; kind NONE absent */
	bool has_additional_cgis;
	unsigned int n_add_ncgis; /* additionalNCGIList, 1..16 when present */
	struct lixer_ncgi add_ncgis[LIXER_MAX_ADD_NCGIS];
};

/* IEFDeassociationRecord (r17). */
struct lixer_deassoc {
	struct lixer_supi supi;
	uint8_t guti[LIXER_GUTI_LEN];
	int64_t timestamp_ns;
	struct lixer_ncgi ncgi;
	int64_t ncgi_time_ns;
	bool has_additional_cgis;
	unsigned int n_add_ncgis;
	struct lixer_ncgi add_ncgis[LIXER_MAX_ADD_NCGIS];
};

enum lixer_kind {
	LIXER_ASSOCIATION = 1,
	LIXER_DEASSOCIATION = 2,
	LIXER_KEEPALIVE = 3,
	LIXER_KEEPALIVE_RESPONSE = 4,
};

struct lixer_msg {
	enum lixer_kind kind;
	/*
	 * Set by lixer_decode() (when it returns 0: every value meets the
	 * module's constraints), so the cache need not check again what the
	 * decoder did. Clear it in a message built or changed by hand.
	 */
	bool decoded;
	union {
		struct lixer_assoc assoc;
		struct lixer_deassoc deassoc;
		int64_t seq; /* IEFKeepaliveMessage.sequenceNumber */
	};
};

/*
 * lixer_decode - decode exactly one IEFMessage occupying @len bytes.
 * Returns 0, or -BER_E* with @err filled (BER_EOID: wrong record OID,
 * BER_EUNKNOWN: unknown record alternative, others: malformed).
 * Unknown later components of a SEQUENCE (extension additions) are
 * skipped, as EXTENSIBILITY IMPLIED requires.
 *
 * What @m holds after a 0: kind, decoded and the member of the union
 * that kind names, every presence flag and count of it (suci.len,
 * pei.kind, has_tai_list, n_tais, gpsi.kind, has_additional_cgis,
 * n_add_ncgis) included; the values those cover only when present:
 * suci.ptr when suci.len, pei.v and gpsi.v when their kind is not NONE,
 * tai_list[] and add_ncgis[] below their counts. The rest is undefined:
 * @m is not cleared first (its 520 octets, mostly unused lists, were a
 * quarter of the decoder's time). lixer_msg_same() compares so.
 */
int lixer_decode(const uint8_t *buf, size_t len, struct lixer_msg *m,
		 struct ber_error *err);

/*
 * lixer_msg_same - whether @a and @b carry the same message, reading only
 * what lixer_decode() defines of a decoded one (strings by content).
 */
bool lixer_msg_same(const struct lixer_msg *a, const struct lixer_msg *b);

/*
 * lixer_encode - append the BER IEFMessage for @m to @e. Values are
 * checked against the same constraints as on decode; -BER_EINVAL (and
 * nothing appended) when one is violated.
 */
int lixer_encode(const struct lixer_msg *m, struct ber_enc *e);

/* The keepaliveResponse an ICF sends for keepalive @seq. */
int lixer_encode_keepalive_response(int64_t seq, struct ber_enc *e);

/*
 * lixer_frame - size of the first IEFMessage in a stream buffer.
 * Returns the record length (> 0) when all of it is in @buf, 0 when more
 * bytes are needed, or -BER_E* when the stream cannot be framed
 * (not a SEQUENCE, indefinite length, longer than @max): close it.
 */
ssize_t lixer_frame(const uint8_t *buf, size_t len, size_t max,
		    struct ber_error *err);

/* A buffering framer for a TCP connection. */
struct lixer_framer {
	struct streambuf in; /* in.head: the start of the next record */
	size_t max; /* largest record accepted */
	size_t pending; /* length of the record returned by _next(), if any */
};

void lixer_framer_init(struct lixer_framer *f, size_t max_record);
void lixer_framer_free(struct lixer_framer *f);
/* Append received bytes. -BER_ENOMEM on allocation failure. */
int lixer_framer_feed(struct lixer_framer *f, const void *data, size_t n);
/*
 * lixer_framer_next - the next complete record, valid until the next
 * call to any lixer_framer_*() function. Returns 1 with @rec/@len set,
 * 0 when more input is needed, -BER_E* on a framing error (sticky:
 * the connection must be closed).
 */
int lixer_framer_next(struct lixer_framer *f, const uint8_t **rec, size_t *len,
		      struct ber_error *err);

/* 5G-GUTI octets (TS 24.501 9.11.3.4 octets 5-14). */
struct lixer_guti_fields {
	uint8_t plmn[LIXER_PLMN_LEN];
	uint8_t amf_region_id;
	uint16_t amf_set_id; /* 10 bits */
	uint8_t amf_pointer; /* 6 bits */
	uint32_t tmsi; /* 5G-TMSI */
};

void lixer_guti_parse(const uint8_t guti[LIXER_GUTI_LEN],
		      struct lixer_guti_fields *g);
int lixer_guti_build(const struct lixer_guti_fields *g,
		     uint8_t guti[LIXER_GUTI_LEN]);
/* 5G-S-TMSI = AMF Set ID (10) | AMF Pointer (6) | 5G-TMSI (32): 48 bits. */
uint64_t lixer_guti_stmsi(const uint8_t guti[LIXER_GUTI_LEN]);

/*
 * PLMN ID <-> "MCC-MNC" digits: lixer_plmn_to_str writes "23415" or
 * "310410" (5 or 6 digits + NUL, @out >= 7). lixer_plmn_from_str takes
 * 5 or 6 digits. -BER_EVALUE on bad input.
 */
int lixer_plmn_to_str(const uint8_t plmn[LIXER_PLMN_LEN], char *out,
		      size_t size);
int lixer_plmn_from_str(const char *s, uint8_t plmn[LIXER_PLMN_LEN]);

#endif /* LMISF_LIXER_H */
