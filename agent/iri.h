/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iri.h - xIRI records of TS 33.128 (module TS33128Payloads) that an
 * LMISF emits on X2, BER-encoded as XIRIPayload:
 *
 *   XIRIPayload ::= SEQUENCE { xIRIPayloadOID [1] RELATIVE-OID,
 *                              event [2] XIRIEvent }
 *   XIRIEvent ::= CHOICE { ..., iMSMessage [105],
 *                          startOfInterceptionForActiveIMSSession [106],
 *                          iMSCCUnavailable [107], ... }
 *
 * The payload OID is IRI_XIRI_OID (r19 version3; see
 * Documentation/records.rst for why). The decoder reads back what the
 * encoder writes, for tests and tools; it is zero-copy like lixer.h.
 */
#ifndef LMISF_IRI_H
#define LMISF_IRI_H

#include <stddef.h>
#include <stdint.h>

#include "ber.h"

/* xIRIPayloadOID = {threeGPP(4) ts33128(19) r19(19) version3(3) xIRI(1)} */
#define IRI_OID_ARCS 5
extern const uint32_t IRI_XIRI_OID[IRI_OID_ARCS];

#define IRI_MAX_IDS 4 /* originatingId entries kept */
#define IRI_MAX_SDP 4 /* sDPState entries kept */
#define IRI_MAX_PANI 4 /* P-Access-Network-Info values kept */

struct iri_bytes {
	const uint8_t *ptr;
	size_t len;
};

/* SessionDirection */
enum iri_direction {
	IRI_FROM_TARGET = 1,
	IRI_TO_TARGET = 2,
	IRI_COMBINED = 3,
	IRI_INDETERMINATE = 4,
};

/* VoIPRoamingIndication; IRI_ROAMING_NONE leaves the field out. */
enum iri_roaming {
	IRI_ROAMING_NONE = 0,
	IRI_ROAMING_LBO = 1,
	IRI_ROAMING_S8HR = 2,
	IRI_ROAMING_N9HR = 3,
};

/* IPAddress ::= CHOICE { iPv4Address [1], iPv6Address [2] } */
struct iri_ip {
	uint8_t family; /* 4 or 6 */
	uint8_t addr[16];
};

/* IMPU ::= CHOICE { sIPURI [1] SIPURI, tELURI [2] TELURI } */
enum iri_impu_kind {
	IRI_IMPU_NONE = 0,
	IRI_IMPU_SIP = 1,
	IRI_IMPU_TEL = 2,
};

struct iri_impu {
	enum iri_impu_kind kind;
	struct iri_bytes uri;
};

/*
 * P-Access-Network-Info header values. Each one becomes a PANIHeaderInfo
 * in location.iMSLocation.pANIHeaderInfo and a SIPAccessNetworkInformation
 * in accessNetworkInformation; none: both fields left out.
 */
struct iri_pani {
	unsigned int n;
	struct iri_bytes value[IRI_MAX_PANI];
};

/* IMSMessage [105] with payload encapsulatedSIPMessage. */
struct iri_ims_message {
	struct iri_ip src; /* iPSourceAddress of the SIP packet */
	struct iri_ip dst; /* iPDestinationAddress */
	struct iri_bytes sip; /* sIPContent: the SIP message verbatim */
	enum iri_direction direction;
	enum iri_roaming roaming;
	struct iri_pani pani;
};

/* StartOfInterceptionForActiveIMSSession [106] */
struct iri_start_ims {
	unsigned int n_originating; /* >= 1 */
	struct iri_impu originating[IRI_MAX_IDS];
	struct iri_impu terminating;
	unsigned int n_sdp; /* 0: sDPState absent */
	struct iri_bytes sdp[IRI_MAX_SDP];
	struct iri_impu diversion; /* kind NONE: absent */
	enum iri_roaming roaming;
	struct iri_pani pani;
};

/* IMSCCUnavailable [107] */
struct iri_cc_unavailable {
	struct iri_bytes reason; /* cCUnavailableReason, UTF8String */
	struct iri_bytes sdp; /* sDPState, len 0: absent */
};

enum iri_event_kind {
	IRI_IMS_MESSAGE = 105,
	IRI_START_OF_INTERCEPTION_IMS = 106,
	IRI_IMS_CC_UNAVAILABLE = 107,
};

struct iri_event {
	enum iri_event_kind kind;
	union {
		struct iri_ims_message msg;
		struct iri_start_ims start;
		struct iri_cc_unavailable ccu;
	};
};

/*
 * iri_encode - append one BER XIRIPayload for @ev. Returns 0, or
 * -BER_EINVAL (nothing appended) when @ev breaks a constraint, or the
 * encoder's sticky error.
 */
int iri_encode(const struct iri_event *ev, struct ber_enc *e);

/*
 * iri_decode - decode one XIRIPayload occupying @len bytes. The OID must
 * be a TS 33.128 xIRI OID (4.19.<rel>.<ver>.1, any version); its arcs are
 * returned in @oid (IRI_OID_ARCS entries) when not NULL. Events other
 * than the three above give -BER_EUNKNOWN.
 */
int iri_decode(const uint8_t *buf, size_t len, struct iri_event *ev,
	       uint32_t oid[IRI_OID_ARCS], struct ber_error *err);

#endif /* LMISF_IRI_H */
