// SPDX-License-Identifier: GPL-2.0
/*
 * bench_sip - parse cost per SIP message, lmisf versus libosip2 (the parser
 * OpenLI uses). Meant to run under callgrind (see run.sh): each parser and
 * message set has its own noinline entry point, so the inclusive instruction
 * counts of those functions in one run give the cost per message.
 *
 * Both sides do the same job: parse the SIP message and, when it carries
 * one, the SDP body. libosip2 is measured as init+parse (and separately
 * the free it needs afterwards).
 *
 * usage: bench_sip ITERS torture: FILE... call: FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdp.h"
#include "sip.h"

#include "bench_sip.h"

static struct set torture, call;
static int iters;
static long ok_lmisf, ok_osip;

static void load(struct set *s, const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || s->n == 64) {
		fprintf(stderr, "bench_sip: cannot load %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s->m[s->n].buf = malloc((size_t)n + 1);
	if (fread(s->m[s->n].buf, 1, (size_t)n, f) != (size_t)n)
		exit(1);
	s->m[s->n].buf[n] = '\0';
	s->m[s->n++].len = (size_t)n;
	fclose(f);
}

static bool is_sdp(const struct sip_msg *m)
{
	const struct sip_hdr *h = sip_hdr_first(m, SIP_H_CONTENT_TYPE);

	return h && h->value.len >= 15 &&
	       strncasecmp(h->value.p, "application/sdp", 15) == 0;
}

static __attribute__((noinline)) void lmisf_one(const struct msg *x)
{
	static struct sip_msg m;
	static struct sdp_session s;

	if (sip_parse(&m, x->buf, x->len, 0, NULL))
		return;
	ok_lmisf++;
	if (m.body.len && is_sdp(&m))
		sdp_parse(&s, m.body.p, m.body.len, NULL);
}

static void run_lmisf(const struct set *s)
{
	for (int i = 0; i < iters; i++)
		for (int j = 0; j < s->n; j++)
			lmisf_one(&s->m[j]);
}

/* One entry point per (parser, set): callgrind's inclusive cost of each. */
static __attribute__((noinline)) void bench_lmisf_torture(void)
{
	run_lmisf(&torture);
}
static __attribute__((noinline)) void bench_lmisf_call(void)
{
	run_lmisf(&call);
}
static __attribute__((noinline)) void bench_osip_torture(void)
{
	ok_osip += osip_run(&torture, iters);
}
static __attribute__((noinline)) void bench_osip_call(void)
{
	ok_osip += osip_run(&call, iters);
}

int main(int argc, char **argv)
{
	struct set *cur = NULL;
	int i;

	if (argc < 2) {
		fprintf(stderr,
			"usage: bench_sip ITERS torture: FILE... call: FILE...\n");
		return 2;
	}
	iters = atoi(argv[1]);
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "torture:"))
			cur = &torture;
		else if (!strcmp(argv[i], "call:"))
			cur = &call;
		else if (cur)
			load(cur, argv[i]);
	}
	osip_setup();
	/* what each parser accepts, once, outside the measured loops */
	{
		int sv = iters;

		iters = 1;
		ok_lmisf = ok_osip = 0;
		run_lmisf(&torture);
		ok_osip = osip_run(&torture, 1);
		printf("torture %d %ld %ld\n", torture.n, ok_lmisf, ok_osip);
		ok_lmisf = ok_osip = 0;
		run_lmisf(&call);
		ok_osip = osip_run(&call, 1);
		printf("call %d %ld %ld\n", call.n, ok_lmisf, ok_osip);
		iters = sv;
	}
	bench_lmisf_torture();
	bench_osip_torture();
	bench_lmisf_call();
	bench_osip_call();
	printf("iters %d\n", iters);
	return 0;
}
