// SPDX-License-Identifier: GPL-2.0
/*
 * The family's attribute names (as in the YNL spec) and the walk from an
 * extack offset to a readable attribute path.
 */
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/lmisf.h>
#include <linux/netlink.h>

#include "attrpath.h"

struct attr_set;

struct attr_desc {
	const char *name;
	const struct attr_set *nest;
	bool multi; /* repeated: the path shows which one, 1-based */
};

struct attr_set {
	const struct attr_desc *attrs; /* indexed by type */
	unsigned int max;
};

#define SET(n, a) \
	static const struct attr_set n = { a, sizeof(a) / sizeof(a[0]) - 1 }

static const struct attr_desc target_attrs[] = {
	[LMISF_TARGET_A_TYPE] = { "type" },
	[LMISF_TARGET_A_IPV4] = { "ipv4" },
	[LMISF_TARGET_A_IPV6] = { "ipv6" },
	[LMISF_TARGET_A_PREFIX_LEN] = { "prefix-len" },
	[LMISF_TARGET_A_TEID] = { "teid" },
	[LMISF_TARGET_A_VALUE] = { "value" },
	[LMISF_TARGET_A_NON_LOCAL] = { "non-local" },
};
SET(target_set, target_attrs);

static const struct attr_desc task_attrs[] = {
	[LMISF_TASK_A_ID] = { "id" },
	[LMISF_TASK_A_XID] = { "xid" },
	[LMISF_TASK_A_DELIVERY] = { "delivery" },
	[LMISF_TASK_A_CORRELATION_ID] = { "correlation-id" },
	[LMISF_TASK_A_TARGET] = { "target", &target_set, true },
	[LMISF_TASK_A_DID] = { "did", NULL, true },
	[LMISF_TASK_A_CREATED] = { "created" },
	[LMISF_TASK_A_MODIFIED] = { "modified" },
	[LMISF_TASK_A_MODIFICATIONS] = { "modifications" },
	[LMISF_TASK_A_LAST_INTERCEPT] = { "last-intercept" },
	[LMISF_TASK_A_COPIES] = { "copies" },
	[LMISF_TASK_A_COPY_BYTES] = { "copy-bytes" },
	[LMISF_TASK_A_COPY_DROPS] = { "copy-drops" },
	[LMISF_TASK_A_X2_PDUS] = { "x2-pdus" },
	[LMISF_TASK_A_X2_BYTES] = { "x2-bytes" },
	[LMISF_TASK_A_X3_PDUS] = { "x3-pdus" },
	[LMISF_TASK_A_X3_BYTES] = { "x3-bytes" },
	[LMISF_TASK_A_FLOWS] = { "flows" },
	[LMISF_TASK_A_PAD] = { "pad" },
};
SET(task_set, task_attrs);

static const struct attr_desc flow_attrs[] = {
	[LMISF_FLOW_A_ID] = { "id" },
	[LMISF_FLOW_A_XID] = { "xid" },
	[LMISF_FLOW_A_CORRELATION_ID] = { "correlation-id" },
	[LMISF_FLOW_A_PROTO] = { "proto" },
	[LMISF_FLOW_A_SRC_IPV4] = { "src-ipv4" },
	[LMISF_FLOW_A_DST_IPV4] = { "dst-ipv4" },
	[LMISF_FLOW_A_SRC_IPV6] = { "src-ipv6" },
	[LMISF_FLOW_A_DST_IPV6] = { "dst-ipv6" },
	[LMISF_FLOW_A_SRC_PORT] = { "src-port" },
	[LMISF_FLOW_A_DST_PORT] = { "dst-port" },
	[LMISF_FLOW_A_PACKETS] = { "packets" },
	[LMISF_FLOW_A_BYTES] = { "bytes" },
	[LMISF_FLOW_A_PAD] = { "pad" },
};
SET(flow_set, flow_attrs);

static const struct attr_desc port_attrs[] = {
	[LMISF_PORT_A_PROTO] = { "proto" },
	[LMISF_PORT_A_PORT] = { "port" },
};
SET(port_set, port_attrs);

static const struct attr_desc prefix_attrs[] = {
	[LMISF_PREFIX_A_IPV4] = { "ipv4" },
	[LMISF_PREFIX_A_IPV6] = { "ipv6" },
	[LMISF_PREFIX_A_LEN] = { "len" },
};
SET(prefix_set, prefix_attrs);

static const struct attr_desc selector_attrs[] = {
	[LMISF_SELECTOR_A_PORT] = { "port", &port_set, true },
	[LMISF_SELECTOR_A_PREFIX] = { "prefix", &prefix_set, true },
};
SET(selector_set, selector_attrs);

static const struct attr_desc config_attrs[] = {
	[LMISF_CONFIG_A_GTPU_PORT] = { "gtpu-port" },
};
SET(config_set, config_attrs);

static const struct attr_desc sink_attrs[] = {
	[LMISF_SINK_A_PORTID] = { "portid" },
	[LMISF_SINK_A_NLBUFSIZ] = { "nlbufsiz" },
	[LMISF_SINK_A_QTHRESHOLD] = { "qthreshold" },
	[LMISF_SINK_A_FLUSH_MS] = { "flush-ms" },
	[LMISF_SINK_A_COPY_RANGE] = { "copy-range" },
	[LMISF_SINK_A_NEXT_SEQ] = { "next-seq" },
	[LMISF_SINK_A_PAD] = { "pad" },
};
SET(sink_set, sink_attrs);

static const struct attr_desc top_attrs[] = {
	[LMISF_A_TASK] = { "task", &task_set },
	[LMISF_A_FLOW] = { "flow", &flow_set },
	[LMISF_A_SELECTOR] = { "selector", &selector_set },
	[LMISF_A_CONFIG] = { "config", &config_set },
	[LMISF_A_SINK] = { "sink", &sink_set },
	[LMISF_A_STATS] = { "stats" },
	[LMISF_A_COPY] = { "copy" },
	[LMISF_A_EVENT] = { "event" },
	[LMISF_A_REASON] = { "reason" },
};
SET(top_set, top_attrs);

static void append(char *buf, size_t len, const struct attr_set *set,
		   unsigned int type, unsigned int nth)
{
	const struct attr_desc *d =
		set && type <= set->max ? &set->attrs[type] : NULL;
	size_t used = strlen(buf);

	if (used >= len)
		return;
	if (d && d->name)
		snprintf(buf + used, len - used, "%s%s", used ? "." : "",
			 d->name);
	else
		snprintf(buf + used, len - used, "%sattr%u", used ? "." : "",
			 type);
	used = strlen(buf);
	if (d && d->multi && used < len)
		snprintf(buf + used, len - used, "[%u]", nth);
}

/*
 * Walks the attributes in [p, end) of set looking for offset target
 * (relative to base). Appends each attribute on the way to buf; returns
 * the set of the attribute found (or NULL), to resolve missing types.
 */
static const struct attr_set *walk(const char *base, const char *p,
				   const char *end, const struct attr_set *set,
				   uint32_t target, char *buf, size_t len)
{
	unsigned int seen[64] = { 0 };

	while (end - p >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		unsigned int type = a->nla_type & NLA_TYPE_MASK;
		const char *next;
		uint32_t at = (uint32_t)(p - base);

		if (a->nla_len < NLA_HDRLEN || a->nla_len > end - p)
			return NULL;
		next = p + NLA_ALIGN(a->nla_len);
		if (type < 64)
			seen[type]++;
		if (target >= at && target < at + a->nla_len) {
			const struct attr_desc *d = set && type <= set->max ?
							    &set->attrs[type] :
							    NULL;

			append(buf, len, set, type, type < 64 ? seen[type] : 0);
			if (target == at)
				return d ? d->nest : NULL;
			if (d && d->nest && target >= at + NLA_HDRLEN)
				return walk(base, p + NLA_HDRLEN,
					    p + a->nla_len, d->nest, target,
					    buf, len);
			return NULL;
		}
		if (next > end)
			break;
		p = next;
	}
	return NULL;
}

static const char *attrs_start(const struct nlmsghdr *req)
{
	return (const char *)req + NLMSG_HDRLEN + GENL_HDRLEN;
}

void attr_path(const struct nlmsghdr *req, uint32_t offs, char *buf, size_t len)
{
	buf[0] = '\0';
	walk((const char *)req, attrs_start(req),
	     (const char *)req + req->nlmsg_len, &top_set, offs, buf, len);
	if (!buf[0])
		snprintf(buf, len, "at offset %u", offs);
}

void attr_missing(const struct nlmsghdr *req, bool nest, uint32_t nest_offs,
		  uint32_t type, char *buf, size_t len)
{
	const struct attr_set *set = &top_set;

	buf[0] = '\0';
	if (nest)
		set = walk((const char *)req, attrs_start(req),
			   (const char *)req + req->nlmsg_len, &top_set,
			   nest_offs, buf, len);
	append(buf, len, set, type, 1);
	/* A missing attribute has no index: drop a "[1]" if appended. */
	if (set && type <= set->max && set->attrs[type].multi) {
		char *br = strrchr(buf, '[');

		if (br)
			*br = '\0';
	}
}
