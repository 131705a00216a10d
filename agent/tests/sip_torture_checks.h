/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-message expectations for test_sip_torture.c: the values RFC 4475
 * and RFC 5118 describe for each message.
 */
#define CHECK(name)                                                       \
	static void name(struct __test_metadata *_metadata,               \
			 const struct sip_msg *m __attribute__((unused)), \
			 const char *buf __attribute__((unused)),         \
			 size_t len __attribute__((unused)))

static void na_nth(struct __test_metadata *_metadata, const struct sip_msg *m,
		   enum sip_hdr_id id, int n, struct sip_name_addr *na)
{
	struct sip_iter it;
	int i;

	sip_iter_init(&it, m, id);
	for (i = 0; i <= n; i++)
		ASSERT_TRUE(sip_iter_next_name_addr(&it, na));
}

static void via_nth(struct __test_metadata *_metadata, const struct sip_msg *m,
		    int n, struct sip_via *v)
{
	struct sip_iter it;
	struct sip_str s;
	int i;

	sip_iter_init(&it, m, SIP_H_VIA);
	for (i = 0; i <= n; i++)
		ASSERT_TRUE(sip_iter_next(&it, &s));
	ASSERT_EQ(0, sip_via_parse(v, s.p, s.len, NULL));
}

static void unesc_eq(struct __test_metadata *_metadata, struct sip_str s,
		     const char *want, size_t wlen)
{
	char out[256];
	long n = sip_unescape(s, out, sizeof(out));

	ASSERT_EQ((long)wlen, n);
	ASSERT_EQ(0, memcmp(out, want, wlen));
}

static void sdp_ok(struct __test_metadata *_metadata, struct sip_str body,
		   struct sdp_session *s)
{
	struct sip_error err = { 0 };
	int r = sdp_parse(s, body.p, body.len, &err);

	if (r)
		TH_LOG("sdp: %s at %zu", err.reason, err.offset);
	ASSERT_EQ(0, r);
}

static void conn_is(struct __test_metadata *_metadata, const struct sdp_conn *c,
		    int family, const char *addr)
{
	unsigned char want[16];

	ASSERT_EQ(family, c->family);
	ASSERT_EQ(1, inet_pton(family, addr, want));
	ASSERT_EQ(0, memcmp(&c->ip, want, family == AF_INET ? 4 : 16));
}

/* The SDP body most RFC 4475 messages carry. */
static void sdp_4475(struct __test_metadata *_metadata, const struct sip_msg *m,
		     const char *c_addr)
{
	struct sdp_session s;

	sdp_ok(_metadata, m->body, &s);
	ASSERT_STR(s.o_username, "mhandley");
	ASSERT_EQ(29739, s.sess_id);
	ASSERT_EQ(7272939, s.sess_version);
	ASSERT_EQ(2, s.nmedia);
	conn_is(_metadata, &s.media[0].rtp_addr, AF_INET, c_addr);
	ASSERT_STR(s.media[0].media, "audio");
	ASSERT_EQ(49217, s.media[0].rtp_port);
	ASSERT_EQ(49218, s.media[0].rtcp_port);
	ASSERT_STR(s.media[0].fmts, "0 12");
	ASSERT_STR(s.media[1].media, "video");
	ASSERT_EQ(3227, s.media[1].rtp_port);
	ASSERT_EQ(1, s.media[1].nrtpmap);
	ASSERT_EQ(31, s.media[1].rtpmap[0].pt);
	ASSERT_STR(s.media[1].rtpmap[0].encoding, "LPC");
	ASSERT_EQ(SDP_DIR_SENDRECV, s.media[1].dir);
}

CHECK(check_wsinv)
{
	struct sip_name_addr na;
	const struct sip_hdr *h;
	struct sip_via v;
	char dn[64];

	ASSERT_EQ(SIP_M_INVITE, m->method);
	ASSERT_STR(m->ruri.user, "vivekg");
	ASSERT_STR(m->ruri.host, "chair-dnrc.example.com");
	ASSERT_TRUE(sip_param_get(m->ruri.params, "unknownparam", NULL));
	ASSERT_STR(m->to.uri.user, "vivekg");
	ASSERT_STR(m->to_tag, "1918181833n");
	/* "J Rosenberg \\\"" is J Rosenberg \" once unquoted */
	ASSERT_EQ(14, sip_unquote(m->from.display, dn, sizeof(dn)));
	ASSERT_EQ(0, memcmp(dn, "J Rosenberg \\\"", 14));
	ASSERT_STR(m->from_tag, "98asjd8");
	ASSERT_EQ(68, m->max_forwards);
	ASSERT_STR(m->call_id, "wsinv.ndaksdj@192.0.2.1");
	ASSERT_EQ(9, m->cseq);
	ASSERT_EQ(SIP_M_INVITE, m->cseq_method);
	ASSERT_EQ(150, m->content_length);
	ASSERT_EQ(150, m->body.len);
	ASSERT_EQ(len, m->len);
	/* Via (folded around the slashes) + v: with two values */
	ASSERT_EQ(3, count_values(m, SIP_H_VIA));
	ASSERT_STR(m->via.transport, "UDP");
	ASSERT_STR(m->via.host, "192.0.2.2");
	ASSERT_STR(m->via.branch, "390skdjuw");
	via_nth(_metadata, m, 1, &v);
	ASSERT_STR(v.transport, "TCP");
	ASSERT_STR(v.host, "spindle.example.com");
	ASSERT_STR(v.branch, "z9hG4bK9ikj8");
	via_nth(_metadata, m, 2, &v);
	ASSERT_STR(v.host, "192.168.255.111");
	ASSERT_STR(v.branch, "z9hG4bK30239");
	h = sip_hdr_first(m, SIP_H_SUBJECT);
	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, h->value.len);
	h = sip_hdr_find(m, "newfangledheader");
	ASSERT_NE(NULL, h);
	ASSERT_STR(h->value, "newfangled value\r\n continued newfangled value");
	h = sip_hdr_find(m, "UnknownHeaderWithUnusualValue");
	ASSERT_STR(h->value, ";;,,;;,;");
	na_nth(_metadata, m, SIP_H_ROUTE, 0, &na);
	ASSERT_STR(na.uri.host, "services.example.com");
	ASSERT_TRUE(sip_param_get(na.uri.params, "lr", NULL));
	na_nth(_metadata, m, SIP_H_CONTACT, 0, &na);
	ASSERT_STR(na.display, "\"Quoted string \\\"\\\"\"");
	ASSERT_STR(na.uri.user, "jdrosen");
	{
		struct sip_str q;

		ASSERT_TRUE(sip_param_get(na.params, "newparam", &q));
		ASSERT_STR(q, "newvalue");
		ASSERT_TRUE(sip_param_get(na.params, "secondparam", NULL));
		ASSERT_TRUE(sip_param_get(na.params, "q", &q));
		ASSERT_STR(q, "0.33");
	}
	sdp_4475(_metadata, m, "192.0.2.4");
}

CHECK(check_intmeth)
{
	const struct sip_hdr *h;
	char dn[64];

	ASSERT_EQ(SIP_M_OTHER, m->method);
	ASSERT_STR(m->method_str,
		   "!interesting-Method0123456789_*+`.%indeed'~");
	ASSERT_STR(m->ruri.user,
		   "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
	ASSERT_STR(m->ruri.password,
		   "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
	ASSERT_STR(m->ruri.host, "example.com");
	ASSERT_STR(m->cseq_method_str,
		   "!interesting-Method0123456789_*+`.%indeed'~");
	ASSERT_EQ(139122385, m->cseq);
	/* "BEL:\<07> NUL:\<00> DEL:\<7f>": quoted-pairs of control bytes */
	ASSERT_EQ(17, sip_unquote(m->to.display, dn, sizeof(dn)));
	ASSERT_EQ(0, memcmp(dn, "BEL:\a NUL:\0 DEL:\x7f", 17));
	ASSERT_STR(m->from.display, "token1~` token2'+_ token3*%!.-");
	ASSERT_STR(m->from_tag, "_token~1'+`*%!-.");
	ASSERT_STR(m->call_id, "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
	ASSERT_EQ(255, m->max_forwards);
	h = sip_hdr_find(m, "extensionHeader-!.%*+_`'~");
	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, m->body.len);
}

CHECK(check_esc01)
{
	struct sip_name_addr na;
	struct sip_str v;

	unesc_eq(_metadata, m->ruri.user, "sips:user@example.com", 21);
	ASSERT_STR(m->ruri.host, "example.net");
	ASSERT_TRUE(sip_str_eq_unescaped(m->to.uri.user,
					 (struct sip_str){ "user", 4 }));
	unesc_eq(_metadata, m->from.uri.user, "I have spaces", 13);
	na_nth(_metadata, m, SIP_H_CONTACT, 0, &na);
	unesc_eq(_metadata, na.uri.user, "caller", 6);
	/* ;%6C%72 is ;lr, and n%61me=v%61lue%25%34%31 is name=value%41 */
	ASSERT_TRUE(sip_param_get(na.uri.params, "lr", NULL));
	ASSERT_TRUE(sip_param_get(na.uri.params, "name", &v));
	unesc_eq(_metadata, v, "value%41", 8);
	ASSERT_STR(sip_hdr_first(m, SIP_H_CONTENT_TYPE)->value,
		   "application/sdp");
	sdp_4475(_metadata, m, "192.0.2.1");
}

CHECK(check_escnull)
{
	struct sip_name_addr na;

	unesc_eq(_metadata, m->to.uri.user, "null-\0-null", 11);
	ASSERT_EQ(2, count_values(m, SIP_H_CONTACT));
	na_nth(_metadata, m, SIP_H_CONTACT, 0, &na);
	unesc_eq(_metadata, na.uri.user, "\0", 1);
	na_nth(_metadata, m, SIP_H_CONTACT, 1, &na);
	unesc_eq(_metadata, na.uri.user, "\0\0", 2);
	ASSERT_EQ(0, m->content_length);
}

CHECK(check_esc02)
{
	struct sip_name_addr na;

	/* an escaped method is a different, unknown method */
	ASSERT_STR(m->method_str, "RE%47IST%45R");
	ASSERT_EQ(SIP_M_OTHER, m->method);
	ASSERT_STR(m->cseq_method_str, "RE%47IST%45R");
	ASSERT_STR(m->to.display, "\"%Z%45\"");
	ASSERT_STR(m->via.branch, "z9hG4bK209%fzsnel234");
	/* C%6Fntact is not Contact: two Contacts */
	ASSERT_EQ(2, m->hcount[SIP_H_CONTACT]);
	ASSERT_EQ(2, count_values(m, SIP_H_CONTACT));
	na_nth(_metadata, m, SIP_H_CONTACT, 1, &na);
	ASSERT_STR(na.uri.host, "host3.example.com");
	ASSERT_NE(NULL, sip_hdr_find(m, "C%6Fntact"));
}

CHECK(check_lwsdisp)
{
	ASSERT_STR(m->from.display, "caller");
	ASSERT_STR(m->from.uri.user, "caller");
	ASSERT_STR(m->from_tag, "323");
}

CHECK(check_longreq)
{
	struct sip_via v;

	ASSERT_EQ(34, count_values(m, SIP_H_VIA));
	ASSERT_STR(m->via.host, "sip33.example.com");
	via_nth(_metadata, m, 33, &v);
	ASSERT_STR(v.host, "host.example.com");
	ASSERT_EQ(215, v.branch.len);
	ASSERT_EQ(6000, m->to.uri.port);
	ASSERT_EQ(155, m->from_tag.len);
	ASSERT_EQ(150, m->body.len);
	sdp_4475(_metadata, m, "192.0.2.1");
}

CHECK(check_dblreq)
{
	/* the datagram's second request is not part of the message */
	ASSERT_EQ(SIP_M_REGISTER, m->method);
	ASSERT_EQ(0, m->body.len);
	ASSERT_LT(m->len, len);
	ASSERT_EQ(len, m->len + m->trailing);
	ASSERT_EQ(0, memcmp(buf + m->len, "\r\nINVITE ", 9));
	ASSERT_STR(m->call_id, "dblreq.0ha0isndaksdj99sdfafnl3lk233412");
}

CHECK(check_semiuri)
{
	ASSERT_STR(m->ruri.user, "user;par=u%40example.net");
	ASSERT_STR(m->ruri.host, "example.com");
	ASSERT_EQ(0, m->ruri.params.len);
	ASSERT_EQ(6, count_values(m, SIP_H_ACCEPT));
}

CHECK(check_transports)
{
	static const char *const tr[] = { "UDP", "SCTP", "TLS", "UNKNOWN",
					  "TCP" };
	struct sip_via v;
	int i;

	ASSERT_EQ(5, count_values(m, SIP_H_VIA));
	for (i = 0; i < 5; i++) {
		via_nth(_metadata, m, i, &v);
		ASSERT_STR(v.transport, tr[i]);
	}
}

CHECK(check_mpart01)
{
	ASSERT_EQ(SIP_M_MESSAGE, m->method);
	ASSERT_EQ(553, m->body.len);
	ASSERT_EQ(len, m->len);
	ASSERT_STR(sip_hdr_first(m, SIP_H_CONTENT_TYPE)->value,
		   "multipart/mixed;boundary=7a9cbec02ceef655");
}

CHECK(check_unreason)
{
	ASSERT_FALSE(m->is_request);
	ASSERT_EQ(200, m->status);
	ASSERT_EQ(0, memcmp(m->reason.p, "= 2**3 * 5**2 ", 14));
	ASSERT_EQ(154, m->body.len);
	sdp_4475(_metadata, m, "192.0.2.198");
}

CHECK(check_noreason)
{
	ASSERT_EQ(100, m->status);
	ASSERT_EQ(0, m->reason.len);
	ASSERT_STR(m->to_tag, "902jndnke3");
}

CHECK(check_badbranch)
{
	ASSERT_STR(m->via.branch, "z9hG4bK");
}

CHECK(check_unkscm)
{
	ASSERT_EQ(SIP_URI_OTHER, m->ruri.scheme);
	ASSERT_STR(m->ruri.scheme_str, "nobodyKnowsThisScheme");
	ASSERT_STR(m->ruri.opaque, "totallyopaquecontent");
}

CHECK(check_novelsc)
{
	ASSERT_STR(m->ruri.scheme_str, "soap.beep");
	ASSERT_STR(m->ruri.opaque, "//192.0.2.103:3002");
}

CHECK(check_unksm2)
{
	ASSERT_STR(m->to.uri.scheme_str, "isbn");
	ASSERT_STR(m->from.uri.scheme_str, "http");
	ASSERT_STR(m->from_tag, "3234233");
}

CHECK(check_bext01)
{
	ASSERT_TRUE(sip_has_option_tag(m, SIP_H_REQUIRE,
				       "nothingSupportsThisEither"));
	ASSERT_FALSE(sip_has_option_tag(m, SIP_H_REQUIRE, "100rel"));
	ASSERT_EQ(2, count_values(m, SIP_H_PROXY_REQUIRE));
}

CHECK(check_invut)
{
	ASSERT_EQ(40, m->body.len);
	ASSERT_STR(sip_hdr_first(m, SIP_H_CONTENT_TYPE)->value,
		   "application/unknownformat");
}

CHECK(check_regaut01)
{
	const struct sip_hdr *h = sip_hdr_first(m, SIP_H_AUTHORIZATION);
	struct sip_auth a;

	ASSERT_EQ(0, sip_auth_parse(&a, h->value.p, h->value.len, NULL));
	ASSERT_STR(a.scheme, "NoOneKnowsThisScheme");
	ASSERT_EQ(0, a.username.len);
}

CHECK(check_bcast)
{
	struct sip_via v;

	via_nth(_metadata, m, 1, &v);
	ASSERT_STR(v.host, "255.255.255.255");
	ASSERT_EQ(SIP_HOST_IPV4, v.host_type);
	sdp_4475(_metadata, m, "192.0.2.198");
}

CHECK(check_zeromf)
{
	ASSERT_EQ(0, m->max_forwards);
}

CHECK(check_cparam01)
{
	struct sip_name_addr na;

	/* without < >, ;unknownparam belongs to the header, not the URI */
	na_nth(_metadata, m, SIP_H_CONTACT, 0, &na);
	ASSERT_EQ(0, na.uri.params.len);
	ASSERT_TRUE(sip_param_get(na.params, "unknownparam", NULL));
	ASSERT_STR(na.uri.user, "+19725552222");
}

CHECK(check_cparam02)
{
	struct sip_name_addr na;

	na_nth(_metadata, m, SIP_H_CONTACT, 0, &na);
	ASSERT_TRUE(sip_param_get(na.uri.params, "unknownparam", NULL));
	ASSERT_EQ(0, na.params.len);
}

CHECK(check_regescrt)
{
	struct sip_name_addr na;

	na_nth(_metadata, m, SIP_H_CONTACT, 0, &na);
	ASSERT_STR(na.uri.headers, "Route=%3Csip:sip.example.com%3E");
}

CHECK(check_sdp01)
{
	sdp_4475(_metadata, m, "192.0.2.5");
}

CHECK(check_inv2543)
{
	struct sdp_session s;

	/* no Content-Length on a datagram: the body is the rest of it */
	ASSERT_FALSE(m->has_content_length);
	ASSERT_EQ(len, m->len);
	ASSERT_EQ(-1, m->max_forwards);
	ASSERT_EQ(0, m->via.branch.len);
	ASSERT_TRUE(sip_param_get(m->to.params, "user", NULL));
	sdp_ok(_metadata, m->body, &s);
	ASSERT_EQ(1, s.nmedia);
	conn_is(_metadata, &s.media[0].rtp_addr, AF_INET, "192.0.2.5");
}

CHECK(check_ipv6_good)
{
	struct sip_name_addr na;

	ASSERT_EQ(SIP_HOST_IPV6, m->ruri.host_type);
	ASSERT_STR(m->ruri.host, "2001:db8::10");
	ASSERT_STR(m->via.host, "2001:db8::9:1");
	ASSERT_EQ(SIP_HOST_IPV6, m->via.host_type);
	na_nth(_metadata, m, SIP_H_CONTACT, 0, &na);
	ASSERT_STR(na.uri.host, "2001:db8::1");
}

CHECK(check_port_ambiguous)
{
	ASSERT_STR(m->ruri.host, "2001:db8::10:5070");
	ASSERT_EQ(0, m->ruri.port);
}

CHECK(check_port_unambiguous)
{
	ASSERT_STR(m->ruri.host, "2001:db8::10");
	ASSERT_EQ(5070, m->ruri.port);
}

CHECK(check_recv_delim)
{
	struct sip_str v;

	ASSERT_TRUE(sip_param_get(m->via.params, "received", &v));
	ASSERT_STR(v, "[2001:db8::9:255]");
}

CHECK(check_recv_nodelim)
{
	struct sip_str v;

	ASSERT_TRUE(sip_param_get(m->via.params, "received", &v));
	ASSERT_STR(v, "2001:db8::9:255");
	ASSERT_STR(m->via.branch, "z9hG4bKas3");
}

CHECK(check_mult_ip_hdr)
{
	struct sip_via v;
	struct sip_str r;

	ASSERT_EQ(3, count_values(m, SIP_H_VIA));
	ASSERT_STR(m->via.host, "2001:db8::9:1");
	ASSERT_EQ(6050, m->via.port);
	via_nth(_metadata, m, 1, &v);
	ASSERT_EQ(SIP_HOST_IPV4, v.host_type);
	via_nth(_metadata, m, 2, &v);
	ASSERT_STR(v.host, "2001:db8::9:255");
	ASSERT_TRUE(sip_param_get(v.params, "received", &r));
	ASSERT_STR(r, "192.0.2.200");
}

CHECK(check_v4mapped)
{
	struct sip_name_addr na;
	struct sdp_session s;

	ASSERT_STR(m->via.host, "::ffff:192.0.2.10");
	ASSERT_EQ(19823, m->via.port);
	na_nth(_metadata, m, SIP_H_CONTACT, 0, &na);
	ASSERT_STR(na.uri.host, "::ffff:192.0.2.2");
	ASSERT_STR(na.display, "\"T. desk phone\"");
	sdp_ok(_metadata, m->body, &s);
	ASSERT_EQ(2, s.nmedia);
	conn_is(_metadata, &s.media[0].rtp_addr, AF_INET6, "::ffff:192.0.2.2");
	ASSERT_EQ(6000, s.media[0].rtp_port);
	ASSERT_EQ(6024, s.media[1].rtp_port);
	ASSERT_EQ(6025, s.media[1].rtcp_port);
}

CHECK(check_2colons)
{
	ASSERT_STR(m->ruri.host, "2001:db8::192.0.2.1");
	ASSERT_EQ(SIP_HOST_IPV6, m->to.uri.host_type);
}

CHECK(check_ipv6_in_sdp)
{
	struct sdp_session s;

	sdp_ok(_metadata, raw_body(buf, len), &s);
	ASSERT_STR(s.o_addrtype, "IP6");
	ASSERT_STR(s.o_addr, "2001:db8::20");
	ASSERT_EQ(2, s.nmedia);
	conn_is(_metadata, &s.media[0].rtp_addr, AF_INET6, "2001:db8::20");
	conn_is(_metadata, &s.media[1].rtp_addr, AF_INET6, "2001:db8::20");
	ASSERT_EQ(6000, s.media[0].rtp_port);
	ASSERT_EQ(6024, s.media[1].rtp_port);
}

CHECK(check_mult_ip_sdp)
{
	struct sdp_session s;

	sdp_ok(_metadata, m ? m->body : raw_body(buf, len), &s);
	ASSERT_FALSE(s.has_conn);
	ASSERT_EQ(2, s.nmedia);
	conn_is(_metadata, &s.media[0].rtp_addr, AF_INET, "192.0.2.1");
	ASSERT_EQ(22334, s.media[0].rtp_port);
	conn_is(_metadata, &s.media[1].rtp_addr, AF_INET6, "2001:db8::1");
	ASSERT_EQ(6024, s.media[1].rtp_port);
	ASSERT_STR(s.name, "");
}
