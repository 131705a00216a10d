// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "nlmsg.h"
#include "statsline.h"

struct out {
	char *buf;
	size_t size, len;
	const char *prefix;
};

static void add(void *arg, const char *name, uint64_t val)
{
	struct out *o = arg;
	int n;

	if (o->len + 1 >= o->size)
		return;
	n = snprintf(o->buf + o->len, o->size - o->len, "%s%s%s=%" PRIu64,
		     o->len ? " " : "", o->prefix, name, val);
	if (n > 0)
		o->len += (size_t)n;
	if (o->len >= o->size)
		o->len = o->size - 1;
}

size_t stats_line(char *buf, size_t size, const uint64_t *kvals,
		  const bool *kpresent, const struct nlsource *ns,
		  struct pipeline *pl)
{
	struct out o = { .buf = buf, .size = size, .prefix = "" };
	unsigned int i;

	if (!size)
		return 0;
	buf[0] = 0;
	if (kvals) {
		for (i = 1; i <= LMISF_STATS_A_MAX; i++)
			if (kpresent[i] && nl_stats_name(i))
				add(&o, nl_stats_name(i), kvals[i]);
	} else {
		o.len = (size_t)snprintf(buf, size, "kernel=unavailable");
		if (o.len >= size)
			o.len = size - 1;
	}
	if (ns)
		nlsource_stats_foreach(ns, add, &o);
	if (ns)
		add(&o, "flows_known", nlsource_flows(ns));
	add(&o, "tasks_known", tasks_count(pipeline_tasks(pl)));
	/* decode's names (packets, udp ...) would clash with the kernel's */
	o.prefix = "";
	{
		const struct pipeline_stats *st = pipeline_get_stats(pl);

#define STATSLINE_PL(name) add(&o, #name, st->name);
		PIPELINE_STATS(STATSLINE_PL)
#undef STATSLINE_PL
	}
	o.prefix = "dec_";
	decode_stats_foreach(pipeline_decode_stats(pl), add, &o);
	if (o.len + 1 < size)
		o.len += pipeline_peer_stats(pl, buf + o.len, size - o.len);
	return o.len;
}
