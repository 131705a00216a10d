/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MIME multipart bodies (RFC 2046 5.1) as SIP carries them: an INVITE
 * with SDP and a resource list (RFC 5366), SIP-I with ISUP (RFC 3204),
 * multipart/alternative offers. Only what the IMS mirror needs: find the
 * first part of one content type, zero-copy, nested multiparts included.
 */
#ifndef LMISF_MULTIPART_H
#define LMISF_MULTIPART_H

#include <stdbool.h>

#include "sip.h"

#define MULTIPART_MAX_DEPTH 3 /* nested multipart levels looked into */

/* Is @content_type (a Content-Type value) multipart/<anything>? */
bool multipart_is(struct sip_str content_type);

/*
 * multipart_find - the first body part of type @type (e.g.
 * "application/sdp", compared case-insensitively, parameters ignored)
 * @content_type: the Content-Type value of @body, with its boundary
 * @body: the multipart body
 * @out: the part's content (between its header block and the delimiter
 *   line that ends it)
 *
 * Delimiters are "--boundary" at the start of a line (CRLF or a bare LF
 * before it, RFC 2046 5.1.1), the closing one "--boundary--"; the
 * preamble and epilogue are ignored. A part without Content-Type is
 * text/plain (RFC 2046 5.1); a multipart part is searched in turn, up to
 * MULTIPART_MAX_DEPTH levels.
 *
 * Return: true when found. A body without a boundary parameter, without a
 * first delimiter, or whose part is not closed by a delimiter, has none.
 */
bool multipart_find(struct sip_str content_type, struct sip_str body,
		    const char *type, struct sip_str *out);

#endif /* LMISF_MULTIPART_H */
