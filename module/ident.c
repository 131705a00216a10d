// SPDX-License-Identifier: GPL-2.0
/*
 * Syntax of the identities the agent matches (uapi/linux/lmisf.h, "Identity
 * syntax"). The kernel only stores them, but rejecting malformed ones at
 * activation gives the operator an error instead of a task that never
 * matches.
 */

#include <linux/ctype.h>
#include <linux/string.h>
#include <linux/lmisf.h>
#include "ident.h"

/* Anything but whitespace, control characters and DEL. */
static bool printable(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c <= ' ' || c == 0x7f)
			return false;
	}
	return true;
}

static bool digits(const char *s, size_t len, size_t min, size_t max)
{
	size_t i;

	if (len < min || len > max)
		return false;
	for (i = 0; i < len; i++) {
		if (!isdigit(s[i]))
			return false;
	}
	return true;
}

/* Case-insensitive prefix (URI schemes are); *len and *s skip it. */
static bool prefix(const char **s, size_t *len, const char *p)
{
	size_t n = strlen(p);

	if (*len < n || strncasecmp(*s, p, n))
		return false;
	*s += n;
	*len -= n;
	return true;
}

static bool uri(const char *s, size_t len, bool sip, bool tel)
{
	if (!((sip && (prefix(&s, &len, "sip:") ||
		       prefix(&s, &len, "sips:"))) ||
	      (tel && prefix(&s, &len, "tel:"))))
		return false;
	return len && printable(s, len);
}

/* user@realm: both parts non-empty, split at the last '@' */
static bool nai(const char *s, size_t len)
{
	size_t at = len;

	while (at && s[at - 1] != '@')
		at--;
	/* at: index after the last '@', 0 when there is none */
	return at > 1 && at < len && printable(s, len);
}

/**
 * lmisf_ident_valid - check an identity value against its type's syntax
 * @type: enum lmisf_target_type, an identity type
 * @s: the value, not NUL-terminated
 * @len: its length
 *
 * Return: true when valid.
 */
bool lmisf_ident_valid(u32 type, const char *s, size_t len)
{
	switch (type) {
	case LMISF_TARGET_SIP_URI:
		return uri(s, len, true, false);
	case LMISF_TARGET_TEL_URI:
		return uri(s, len, false, true);
	case LMISF_TARGET_IMPU:
		return uri(s, len, true, true);
	case LMISF_TARGET_IMPI:
	case LMISF_TARGET_NAI:
		return nai(s, len);
	case LMISF_TARGET_IMSI:
		return digits(s, len, 6, 15);
	case LMISF_TARGET_SUPI:
		if (prefix(&s, &len, "imsi-"))
			return digits(s, len, 6, 15);
		return prefix(&s, &len, "nai-") && nai(s, len);
	case LMISF_TARGET_IMEI:
		return digits(s, len, 14, 15);
	case LMISF_TARGET_PEI:
		if (prefix(&s, &len, "imeisv-"))
			return digits(s, len, 16, 16);
		return prefix(&s, &len, "imei-") && digits(s, len, 15, 15);
	case LMISF_TARGET_E164:
		if (len && *s == '+') {
			s++;
			len--;
		}
		return digits(s, len, 1, 15);
	}
	return false;
}
