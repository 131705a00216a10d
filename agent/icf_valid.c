// SPDX-License-Identifier: GPL-2.0
/*
 * Value checks for ICF events and queries: SUPI (IMSI digits or an NAI in
 * UTF-8 without controls or spaces), PEI, GPSI, BCD PLMN IDs, sizes. The
 * cache refuses what fails them, so a bad record never enters it.
 */
#include "digits.h"
#include "icf_int.h"

/* UTF-8 without control characters or spaces (identifiers, not text). */
static bool nai_valid(const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;

	if (!len || len > ICF_SUPI_MAX)
		return false;
	while (i < len) {
		unsigned char b = s[i];
		size_t n;
		uint32_t cp;

		if (b < 0x80) {
			if (b <= 0x20 || b == 0x7f)
				return false;
			i++;
			continue;
		}
		if ((b & 0xe0) == 0xc0)
			n = 1, cp = b & 0x1f;
		else if ((b & 0xf0) == 0xe0)
			n = 2, cp = b & 0x0f;
		else if ((b & 0xf8) == 0xf0)
			n = 3, cp = b & 0x07;
		else
			return false;
		if (i + n >= len)
			return false; /* truncated sequence */
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF. */
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

bool icf_supi_valid(const struct icf_supi *s)
{
	if (!s->val)
		return false;
	if (s->type == ICF_SUPI_IMSI)
		return s->len >= 6 && s->len <= 15 &&
		       lm_all_digits(s->val, s->len);
	if (s->type == ICF_SUPI_NAI)
		return nai_valid(s->val, s->len);
	return false;
}

bool icf_pei_valid(uint8_t type, const uint8_t *p, size_t len)
{
	switch (type) {
	case ICF_PEI_IMEI:
		return len == 14 && lm_all_digits(p, len);
	case ICF_PEI_IMEISV:
		return len == 16 && lm_all_digits(p, len);
	case ICF_PEI_MAC:
		return len == 6;
	case ICF_PEI_EUI64:
		return len == 8;
	}
	return false;
}

bool icf_gpsi_valid(uint8_t type, const char *p, size_t len)
{
	if (type == ICF_GPSI_MSISDN)
		return len >= 1 && len <= 15 && lm_all_digits(p, len);
	if (type == ICF_GPSI_NAI)
		return nai_valid(p, len);
	return false;
}

/*
 * BCD MCC (3 digits), MNC (2 or 3, filler F on the third): all six
 * nibbles at once, every record carries four PLMN IDs and more in its TAI
 * list. A nibble is a digit when adding 6 leaves bit 4 clear; each sits
 * in a byte of its own, so nothing carries between them.
 */
static inline bool plmn_ok(const uint8_t plmn[3])
{
	uint32_t v = plmn[0] | (uint32_t)plmn[1] << 8 | (uint32_t)plmn[2] << 16;
	uint32_t lo, hi;

	if ((v & 0xf000) == 0xf000)
		v &= ~0xf000u; /* the filler */
	lo = v & 0x0f0f0f;
	hi = v >> 4 & 0x0f0f0f;
	return !((lo + 0x060606) & 0x101010) && !((hi + 0x060606) & 0x101010);
}

bool icf_plmn_valid(const uint8_t plmn[3])
{
	return plmn_ok(plmn);
}

/* What is left when the digit strings are known good (see below). */
static bool assoc_rest_valid(const struct icf_assoc_event *ev)
{
	if (!plmn_ok(ev->guti) || !plmn_ok(ev->tai))
		return false;
	if (ev->has_ncgi && !plmn_ok(ev->ncgi))
		return false;
	if (ev->suci &&
	    (ev->suci_len < ICF_SUCI_MIN || ev->suci_len > ICF_SUCI_MAX))
		return false;
	if (ev->has_tai_list) {
		if (ev->n_tai_list > ICF_TAI_LIST_MAX ||
		    (ev->n_tai_list && !ev->tai_list))
			return false;
		for (unsigned int i = 0; i < ev->n_tai_list; i++)
			if (!plmn_ok(ev->tai_list + i * ICF_TAI_LEN))
				return false;
	}
	return true;
}

bool icf_assoc_event_valid(const struct icf_assoc_event *ev)
{
	if (!icf_supi_valid(&ev->supi))
		return false;
	if (ev->pei_type && !icf_pei_valid(ev->pei_type, ev->pei, ev->pei_len))
		return false;
	if (ev->gpsi_type &&
	    !icf_gpsi_valid(ev->gpsi_type, ev->gpsi, ev->gpsi_len))
		return false;
	return assoc_rest_valid(ev);
}

/*
 * An event made of a record lixer_decode() accepted: the decoder has
 * checked the IMSI (6..15 digits), the PEI (the size and digits of its
 * kind) and the MSISDN (1..15 digits) against the same constraints, so
 * only what it does not check is left: an NAI's UTF-8, the PLMN IDs' BCD,
 * the SUCI's and TAI list's sizes: about 95 instructions a record less.
 */
bool icf_assoc_event_valid_decoded(const struct icf_assoc_event *ev)
{
	if (!ev->supi.val ||
	    (ev->supi.type != ICF_SUPI_IMSI && !icf_supi_valid(&ev->supi)))
		return false;
	if (ev->gpsi_type == ICF_GPSI_NAI &&
	    !icf_gpsi_valid(ev->gpsi_type, ev->gpsi, ev->gpsi_len))
		return false;
	return assoc_rest_valid(ev);
}
