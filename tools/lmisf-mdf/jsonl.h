/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON lines for lmisf-mdf: one object per received PDU (type, version,
 * payload format and direction, XID, correlation ID, every conditional
 * attribute, header and payload lengths, optionally the payload in hex)
 * or per refused one (the parser's reason).
 */
#ifndef LMISF_MDF_JSONL_H
#define LMISF_MDF_JSONL_H

#include <stdbool.h>
#include <stdio.h>

#include "x2x3.h"

void jsonl_pdu(FILE *f, unsigned long conn, const char *listener,
	       const struct x2x3_pdu *p, size_t rawlen, bool payload_hex);
void jsonl_error(FILE *f, unsigned long conn, const char *listener,
		 const struct x2x3_error *e);

#endif
