// SPDX-License-Identifier: GPL-2.0
/*
 * SDP (RFC 4566 / RFC 8866): o=, s=, c=, t=, m=, a=rtcp (RFC 3605),
 * a=rtcp-mux, a=rtpmap and direction attributes, session and media level.
 */
#include <arpa/inet.h>
#include <string.h>

#include "sdp.h"
#include "sip_lex.h"

static const char *const dir_names[] = {
	[SDP_DIR_SENDRECV] = "sendrecv",
	[SDP_DIR_SENDONLY] = "sendonly",
	[SDP_DIR_RECVONLY] = "recvonly",
	[SDP_DIR_INACTIVE] = "inactive",
};

const char *sdp_dir_name(enum sdp_dir d)
{
	return (unsigned int)d < 4 ? dir_names[d] : "?";
}

/* Next space-separated field of [*p, e). */
static bool field(const char **p, const char *e, struct sip_str *f)
{
	const char *s = *p, *q;

	while (s < e && *s == ' ')
		s++;
	for (q = s; q < e && *q != ' '; q++)
		;
	*f = mkstr(s, q);
	*p = q;
	return q > s;
}

static bool at_end(const char *p, const char *e)
{
	while (p < e && *p == ' ')
		p++;
	return p == e;
}

static bool num(struct sip_str f, uint64_t max, uint64_t *v)
{
	return lex_uint(f.p, f.p + f.len, max, v);
}

static bool digits(struct sip_str a)
{
	uint32_t i;

	for (i = 0; i < a.len; i++)
		if (!cc((unsigned char)a.p[i], C_DIGIT))
			return false;
	return a.len > 0;
}

static bool fqdn(struct sip_str a)
{
	uint32_t i;

	for (i = 0; i < a.len; i++)
		if (!cc((unsigned char)a.p[i], C_HOST))
			return false;
	return a.len > 0;
}

/* <nettype> <addrtype> <address>[/ttl][/count] */
static const char *conn_parse(struct sdp_conn *c, const char *p, const char *e)
{
	struct sip_str f;
	const char *sl, *sl2;
	char buf[INET6_ADDRSTRLEN + 1];
	uint64_t v;

	*c = (struct sdp_conn){ .count = 1 };
	if (!field(&p, e, &c->nettype) || !field(&p, e, &c->addrtype) ||
	    !field(&p, e, &f))
		return "c= needs <nettype> <addrtype> <address>";
	if (!at_end(p, e))
		return "extra fields after connection address";
	sl = memchr(f.p, '/', f.len);
	c->addr = mkstr(f.p, sl ? sl : f.p + f.len);
	if (c->addr.len == 0)
		return "empty connection address";
	if (!sip_str_ieq(c->nettype, "IN"))
		return NULL; /* other network types are carried as text */
	if (c->addr.len == 0 || c->addr.len >= sizeof(buf))
		return "invalid connection address";
	memcpy(buf, c->addr.p, c->addr.len);
	buf[c->addr.len] = '\0';
	if (sip_str_eq(c->addrtype, "IP4", 3)) {
		if (inet_pton(AF_INET, buf, &c->ip.v4) == 1) {
			c->family = AF_INET;
			c->multicast = (ntohl(c->ip.v4.s_addr) >> 28) == 0xe;
		} else if (!fqdn(c->addr) ||
			   strspn(buf, "0123456789.") == c->addr.len) {
			return "invalid IPv4 connection address";
		}
	} else if (sip_str_eq(c->addrtype, "IP6", 3)) {
		if (inet_pton(AF_INET6, buf, &c->ip.v6) == 1) {
			c->family = AF_INET6;
			c->multicast = c->ip.v6.s6_addr[0] == 0xff;
		} else if (!fqdn(c->addr)) {
			return "invalid IPv6 connection address";
		}
	} else {
		return "unknown address type (expected IP4 or IP6)";
	}
	if (!sl)
		return (c->multicast && c->family == AF_INET) ?
			       "IPv4 multicast address without TTL" :
			       NULL;
	if (!c->multicast)
		return "TTL or count on a unicast address";
	sl2 = memchr(sl + 1, '/', (size_t)(f.p + f.len - sl - 1));
	/* IPv4 multicast: /ttl[/count]; IPv6 multicast: /count */
	if (c->family == AF_INET) {
		if (!num(mkstr(sl + 1, sl2 ? sl2 : f.p + f.len), 255, &v))
			return "invalid multicast TTL";
		c->ttl = (uint8_t)v;
		sl = sl2;
	} else if (sl2) {
		return "TTL on an IPv6 address";
	}
	if (sl) {
		if (!num(mkstr(sl + 1, f.p + f.len), 65535, &v) || v == 0)
			return "invalid multicast address count";
		c->count = (uint16_t)v;
	}
	return NULL;
}

/* m=<media> <port>[/<number of ports>] <proto> <fmt> ... */
static const char *media_parse(struct sdp_media *m, const char *p,
			       const char *e)
{
	struct sip_str f;
	const char *sl;
	uint64_t v;

	memset(m, 0, offsetof(struct sdp_media, rtpmap));
	m->nports = 1;
	if (!field(&p, e, &m->media) || !field(&p, e, &f))
		return "m= needs <media> <port> <proto> <fmt>";
	if (skip_token(m->media.p, m->media.p + m->media.len) !=
	    m->media.p + m->media.len)
		return "m= media is not a token";
	sl = memchr(f.p, '/', f.len);
	if (!num(mkstr(f.p, sl ? sl : f.p + f.len), 65535, &v))
		return "invalid m= port";
	m->port = (uint16_t)v;
	if (sl) {
		if (!num(mkstr(sl + 1, f.p + f.len), 65535, &v) || v == 0)
			return "invalid m= port count";
		m->nports = (uint16_t)v;
	}
	if (!field(&p, e, &m->proto))
		return "m= without proto";
	while (p < e && *p == ' ')
		p++;
	if (p == e)
		return "m= without formats";
	m->fmts = mkstr(p, e);
	return NULL;
}

/* a=rtcp:<port> [<nettype> <addrtype> <address>] (RFC 3605) */
static const char *rtcp_parse(struct sdp_media *m, const char *p, const char *e)
{
	struct sip_str f;
	uint64_t v;
	if (!field(&p, e, &f) || !num(f, 65535, &v))
		return "invalid a=rtcp port";
	m->has_rtcp_attr = true;
	m->rtcp_port = (uint16_t)v;
	m->rtcp_addr.family = -1; /* "no address given" until resolved */
	if (at_end(p, e))
		return NULL;
	return conn_parse(&m->rtcp_addr, p, e);
}

/* a=rtpmap:<payload type> <encoding name>/<clock rate>[/<params>] */
static const char *rtpmap_parse(struct sdp_media *m, const char *p,
				const char *e)
{
	struct sdp_rtpmap r = { 0 };
	struct sip_str f;
	const char *s1, *s2;
	uint64_t v;

	if (!field(&p, e, &f) || !num(f, 127, &v))
		return "invalid a=rtpmap payload type";
	r.pt = (uint8_t)v;
	if (!field(&p, e, &f) || !at_end(p, e))
		return "a=rtpmap needs <encoding>/<clock rate> only";
	/*
	 * The clock rate is mandatory in RFC 4566, but RFC 4475's own bodies
	 * say "a=rtpmap:31 LPC": tolerated, clock 0.
	 */
	s1 = memchr(f.p, '/', f.len);
	if (s1 == f.p)
		return "a=rtpmap without encoding name";
	r.encoding = mkstr(f.p, s1 ? s1 : f.p + f.len);
	if (s1) {
		s2 = memchr(s1 + 1, '/', (size_t)(f.p + f.len - s1 - 1));
		if (!num(mkstr(s1 + 1, s2 ? s2 : f.p + f.len), 0xffffffffu, &v))
			return "invalid a=rtpmap clock rate";
		r.clock = (uint32_t)v;
		if (s2)
			r.params = mkstr(s2 + 1, f.p + f.len);
	}
	if (m->nrtpmap < SDP_MAX_RTPMAP)
		m->rtpmap[m->nrtpmap++] = r;
	else
		m->rtpmap_truncated = true;
	return NULL;
}

static int dir_attr(struct sip_str a)
{
	int i;

	/* all four direction attributes are 8 letters long */
	if (a.len != 8)
		return -1;
	for (i = 0; i < 4; i++)
		if (memcmp(a.p, dir_names[i], 8) == 0)
			return i;
	return -1;
}

static const char *attr_parse(struct sdp_session *s, struct sdp_media *m,
			      const char *p, const char *e)
{
	const char *colon = memchr(p, ':', (size_t)(e - p));
	struct sip_str name = mkstr(p, colon ? colon : e);
	int d = dir_attr(name);

	if (d >= 0 && !colon) {
		if (m) {
			m->has_dir = true;
			m->dir_attr = (enum sdp_dir)d;
		} else {
			s->has_dir = true;
			s->dir_attr = (enum sdp_dir)d;
		}
		return NULL;
	}
	if (!m)
		return NULL;
	if (colon && sip_str_eq(name, "rtcp", 4))
		return rtcp_parse(m, colon + 1, e);
	if (colon && sip_str_eq(name, "rtpmap", 6))
		return rtpmap_parse(m, colon + 1, e);
	if (!colon && sip_str_eq(name, "rtcp-mux", 8))
		m->rtcp_mux = true;
	return NULL;
}

static const char *origin_parse(struct sdp_session *s, const char *p,
				const char *e)
{
	struct sip_str *f[] = { &s->o_username,	    &s->o_sess_id,
				&s->o_sess_version, &s->o_nettype,
				&s->o_addrtype,	    &s->o_addr };
	unsigned int i;

	for (i = 0; i < 6; i++)
		if (!field(&p, e, f[i]))
			return "o= needs 6 fields";
	if (!at_end(p, e))
		return "extra fields in o=";
	/* sess-id and sess-version are digit strings, possibly beyond 64 bits */
	if (!digits(s->o_sess_id))
		return "o= sess-id is not numeric";
	if (!digits(s->o_sess_version))
		return "o= sess-version is not numeric";
	if (!num(s->o_sess_id, UINT64_MAX, &s->sess_id))
		s->sess_id = 0;
	if (!num(s->o_sess_version, UINT64_MAX, &s->sess_version))
		s->sess_version = 0;
	return NULL;
}

/* Effective per-stream values once everything is known. */
static const char *resolve(struct sdp_session *s)
{
	unsigned int i;

	for (i = 0; i < s->nmedia; i++) {
		struct sdp_media *m = &s->media[i];

		m->disabled = m->port == 0;
		if (m->has_conn)
			m->rtp_addr = m->conn;
		else if (s->has_conn)
			m->rtp_addr = s->conn;
		else if (!m->disabled)
			return "m= line without a connection address (c=)";
		else
			m->rtp_addr = (struct sdp_conn){ 0 };
		m->rtp_port = m->port;
		m->dir = m->has_dir ? m->dir_attr :
			 s->has_dir ? s->dir_attr :
				      SDP_DIR_SENDRECV;
		if (m->has_rtcp_attr) {
			if (m->rtcp_addr.family == -1)
				m->rtcp_addr = m->rtp_addr;
		} else {
			m->rtcp_addr = m->rtp_addr;
			m->rtcp_port = m->port ? (uint16_t)(m->port + 1) : 0;
		}
	}
	return NULL;
}

int sdp_parse(struct sdp_session *s, const char *buf, size_t len,
	      struct sip_error *err)
{
	const char *p, *e, *why = NULL, *line;
	bool have_o = false, have_s = false, have_t = false, first = true;
	struct sdp_media *m = NULL;

	memset(s, 0, offsetof(struct sdp_session, media));
	if (!buf)
		buf = "", len = 0;
	p = line = buf;
	e = buf + len;
	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *le;
		char type;

		line = p;
		le = nl ? nl : e;
		p = nl ? nl + 1 : e;
		if (le > line && le[-1] == '\r')
			le--;
		if (le == line)
			continue; /* tolerated: blank lines */
		if (le - line < 2 || line[1] != '=' || line[0] < 'a' ||
		    line[0] > 'z') {
			why = "line is not <type>=<value>";
			break;
		}
		type = line[0];
		if (first) {
			if (type != 'v' || le - line != 3 || line[2] != '0') {
				why = "first line is not v=0";
				break;
			}
			first = false;
			continue;
		}
		switch (type) {
		case 'v':
			why = "v= repeated";
			break;
		case 'o':
			if (have_o || m)
				why = "o= repeated or after m=";
			else
				why = origin_parse(s, line + 2, le);
			have_o = true;
			break;
		case 's':
			if (have_s || m)
				why = "s= repeated or after m=";
			s->name = mkstr(line + 2, le);
			have_s = true;
			break;
		case 't':
			have_t = true;
			break;
		case 'c':
			if (m) {
				if (m->has_conn)
					why = "c= repeated in a media section";
				else
					why = conn_parse(&m->conn, line + 2,
							 le);
				m->has_conn = true;
			} else {
				if (s->has_conn)
					why = "session c= repeated";
				else
					why = conn_parse(&s->conn, line + 2,
							 le);
				s->has_conn = true;
			}
			break;
		case 'm':
			if (s->nmedia >= SDP_MAX_MEDIA) {
				if (err)
					set_err(err, SIP_ELIMIT,
						"more than 16 m= lines", buf,
						line);
				return -SIP_ELIMIT;
			}
			m = &s->media[s->nmedia++];
			why = media_parse(m, line + 2, le);
			break;
		case 'a':
			why = attr_parse(s, m, line + 2, le);
			break;
		default:
			break; /* i u e p b r z k: not needed for media */
		}
		if (why)
			break;
	}
	if (!why) {
		line = e;
		if (first)
			why = "empty session description";
		else if (!have_o)
			why = "o= missing";
		else if (!have_s)
			why = "s= missing";
		else if (!have_t)
			why = "t= missing";
		else
			why = resolve(s);
	}
	if (why)
		return set_err(err, SIP_EBODY, why, buf, line);
	return 0;
}
