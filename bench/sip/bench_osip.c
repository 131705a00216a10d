// SPDX-License-Identifier: GPL-2.0
/*
 * The libosip2 side of bench_sip: osip_message_parse, and sdp_message_parse
 * for an application/sdp body, the way OpenLI's collector uses them.
 */
#include <stdarg.h>

#include <osipparser2/osip_parser.h>
#include <osipparser2/sdp_message.h>

#include "bench_sip.h"

static void quiet(const char *fi, int li, osip_trace_level_t level,
		  const char *chfr, va_list ap)
{
	(void)fi;
	(void)li;
	(void)level;
	(void)chfr;
	(void)ap;
}

void osip_setup(void)
{
	int l;

	parser_init();
	/*
	 * No logging: its formatting would be counted against libosip2.
	 * Disabling levels alone still prints to stdout; a sink is needed.
	 */
	osip_trace_initialize_func(TRACE_LEVEL0, quiet);
	for (l = TRACE_LEVEL0; l < END_TRACE_LEVEL; l++)
		osip_trace_disable_level((osip_trace_level_t)l);
}

static __attribute__((noinline)) osip_message_t *osip_one(const struct msg *x)
{
	osip_message_t *sip;
	osip_body_t *body;
	osip_content_type_t *ct;

	if (osip_message_init(&sip))
		return NULL;
	if (osip_message_parse(sip, x->buf, x->len)) {
		osip_message_free(sip);
		return NULL;
	}
	ct = osip_message_get_content_type(sip);
	if (ct && ct->type && ct->subtype &&
	    !osip_strcasecmp(ct->type, "application") &&
	    !osip_strcasecmp(ct->subtype, "sdp") &&
	    !osip_message_get_body(sip, 0, &body) && body->body) {
		sdp_message_t *sdp;

		if (!sdp_message_init(&sdp)) {
			sdp_message_parse(sdp, body->body);
			sdp_message_free(sdp);
		}
	}
	return sip;
}

static __attribute__((noinline)) void osip_free_one(osip_message_t *sip)
{
	osip_message_free(sip);
}

long osip_run(const struct set *s, int iters)
{
	long ok = 0;

	for (int i = 0; i < iters; i++)
		for (int j = 0; j < s->n; j++) {
			osip_message_t *sip = osip_one(&s->m[j]);

			if (sip) {
				ok++;
				osip_free_one(sip);
			}
		}
	return ok;
}
