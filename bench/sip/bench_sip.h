/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between bench_sip.c (lmisf) and bench_osip.c (libosip2), which
 * cannot share a translation unit: both define SIP_OK and struct sdp_media.
 */
#ifndef BENCH_SIP_H
#define BENCH_SIP_H

#include <stddef.h>

struct msg {
	char *buf; /* NUL-terminated copy, libosip2 wants one */
	size_t len;
};

struct set {
	struct msg m[64];
	int n;
};

void osip_setup(void);
/* Parse every message of @s @iters times; returns how many parsed. */
long osip_run(const struct set *s, int iters);

#endif
