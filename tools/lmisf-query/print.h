/* SPDX-License-Identifier: GPL-2.0 */
/* lmisf-query output: human-readable text or JSON (-j). */
#ifndef LMISF_QUERY_PRINT_H
#define LMISF_QUERY_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "iqf.pb-c.h"

void print_response(FILE *f, const Lmisf__Iqf__IdentityAssociationResponse *r,
		    bool json);
void print_update(FILE *f, const Lmisf__Iqf__IdentityAssociationUpdate *u,
		  bool json);

#endif
