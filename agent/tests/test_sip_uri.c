// SPDX-License-Identifier: GPL-2.0
/*
 * test_sip_uri.c - SIP value parser unit tests: display names and quoting,
 * sip/sips URIs (user, password, IPv4/IPv6 hosts, ports, parameters,
 * headers), tel URIs, percent-escapes, header parameters.
 */
#include "kselftest_harness.h"

#include "sip_test.h"

TEST(display_names_and_quoting)
{
	char out[64];

	ASSERT_EQ(
		0,
		parse("OPTIONS sip:h SIP/2.0\r\n"
		      "From: \"A \\\"quoted\\\" \\\\ name\" <sip:a@h>;tag=1\r\n"
		      "To: Bob  Smith <sip:b@h>\r\n\r\n"));
	ASSERT_EQ(17, sip_unquote(M.from.display, out, sizeof(out)));
	ASSERT_EQ(0, memcmp(out, "A \"quoted\" \\ name", 17));
	ASSERT_STR(M.to.display, "Bob  Smith");
	ASSERT_EQ(-1, sip_unquote(M.from.display, out, 4));
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nTo: \"open <sip:b@h>\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nTo: \"x\" sip:b@h\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nTo: <sip:b@h\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nTo: <sip:b@h >\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nTo: a;b <sip:b@h>\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nTo: <sip:b@h> junk\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE, "OPTIONS sip:h SIP/2.0\r\nTo: *\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nTo: <sip:b@h>;;tag=1\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nTo: <sip:b@h>;tag=\r\n\r\n");
	/* a control byte in a quoted string must be escaped */
	ASSERT_REFUSED(
		SIP_EVALUE,
		"OPTIONS sip:h SIP/2.0\r\nTo: \"a\x01\" <sip:b@h>\r\n\r\n");
}

/* Tolerated: quoted-pairs in an unquoted display name, as deployed UAs
 * send them (From: \"arik\" <sip:...>); what stays refused. */
TEST(escaped_quotes_outside_a_quoted_display_name)
{
	ASSERT_EQ(0, parse("INVITE sip:h SIP/2.0\r\n"
			   "From: \\\"arik\\\" <sip:816666@h>;tag=6433ef9\r\n"
			   "To: a \\\"b c\\\\ <sip:b@h>\r\n\r\n"));
	ASSERT_STR(M.from.display, "\\\"arik\\\"");
	ASSERT_STR(M.from.uri.user, "816666");
	ASSERT_STR(M.from.tag, "6433ef9");
	ASSERT_STR(M.to.display, "a \\\"b c\\\\");
	/* an unescaped quote still opens a quoted-string (quotbal) */
	ASSERT_REFUSED(SIP_EVALUE, "OPTIONS sip:h SIP/2.0\r\n"
				   "To: \\\"a\" <sip:b@h>\r\n\r\n");
	/* a separator still ends the display name (baddn) */
	ASSERT_REFUSED(SIP_EVALUE, "OPTIONS sip:h SIP/2.0\r\n"
				   "To: \\\"Bell, A\\\" <sip:b@h>\r\n\r\n");
	/* a backslash must escape a visible character */
	ASSERT_REFUSED(SIP_EVALUE, "OPTIONS sip:h SIP/2.0\r\n"
				   "To: a\\ <sip:b@h>\r\n\r\n");
}

TEST(sip_uri_components)
{
	struct sip_uri u;
	struct sip_str v;
	const char *s = "sips:alice:secret@[2001:db8::5]:5061;transport=TCP;lr"
			"?Subject=hi&Priority=urgent";

	ASSERT_EQ(0, sip_uri_parse(&u, s, strlen(s), &E));
	ASSERT_EQ(SIP_URI_SIPS, u.scheme);
	ASSERT_STR(u.user, "alice");
	ASSERT_STR(u.password, "secret");
	ASSERT_EQ(SIP_HOST_IPV6, u.host_type);
	ASSERT_STR(u.host, "2001:db8::5");
	ASSERT_EQ(5061, u.port);
	ASSERT_STR(u.params, ";transport=TCP;lr");
	ASSERT_TRUE(sip_param_get(u.params, "TRANSPORT", &v));
	ASSERT_STR(v, "TCP");
	ASSERT_TRUE(sip_param_get(u.params, "lr", &v));
	ASSERT_EQ(0, v.len);
	ASSERT_FALSE(sip_param_get(u.params, "maddr", NULL));
	ASSERT_STR(u.headers, "Subject=hi&Priority=urgent");

	s = "sip:h:05060";
	ASSERT_EQ(0, sip_uri_parse(&u, s, strlen(s), &E));
	ASSERT_EQ(5060, u.port);
	ASSERT_EQ(SIP_HOST_NAME, u.host_type);
	s = "sip:010.0.0.255";
	ASSERT_EQ(0, sip_uri_parse(&u, s, strlen(s), &E));
	ASSERT_EQ(SIP_HOST_IPV4, u.host_type);
	ASSERT_STR(u.host, "010.0.0.255");
	s = "SIP:192.0.2.1";
	ASSERT_EQ(0, sip_uri_parse(&u, s, strlen(s), &E));
	ASSERT_EQ(SIP_URI_SIP, u.scheme);
	ASSERT_EQ(SIP_HOST_IPV4, u.host_type);
	ASSERT_EQ(0, u.user.len);

	static const char *const bad[] = {
		"sip:",
		"sip:@h",
		"sip:a@",
		"sip:a@h:",
		"sip:a@h:65536",
		"sip:a@h:x",
		"sip:256.1.1.1",
		"sip:1.2.3",
		"sip:1.2.3.1234",
		"sip:1.2.3.4.5",
		"sip:1..2.3.4",
		"sip:.example.com",
		"sip:a@h:99999999999",
		"sip:[2001:db8::1",
		"sip:[::g]",
		"sip:2001:db8::1",
		"sip:a%G1@h",
		"sip:a@h;",
		"sip:a@h;=x",
		"sip:a@h?x",
		"sip:a@h?=1",
		"sip:a b@h",
		"sip:a@h..com",
		"sip:a@-h",
		"1sip:x",
		"nocolon",
		"foo:",
		"foo:a b",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* an exactly sized copy: reads past the end are caught */
		size_t n = strlen(bad[i]);
		char *c = malloc(n);
		int r;

		memcpy(c, bad[i], n);
		r = sip_uri_parse(&u, c, n, &E);
		free(c);

		if (r != -SIP_EURI)
			TH_LOG("accepted bad URI %s", bad[i]);
		ASSERT_EQ(-SIP_EURI, r);
		ASSERT_NE(NULL, E.reason);
	}
}

TEST(tel_uri)
{
	struct sip_uri u;
	struct sip_str v;
	char out[32];
	const char *s = "tel:+1-201-555-0123;ext=12";

	ASSERT_EQ(0, sip_uri_parse(&u, s, strlen(s), &E));
	ASSERT_EQ(SIP_URI_TEL, u.scheme);
	ASSERT_STR(u.user, "+1-201-555-0123");
	ASSERT_EQ(12, sip_tel_normalize(u.user, out, sizeof(out)));
	ASSERT_EQ(0, memcmp(out, "+12015550123", 12));
	ASSERT_TRUE(sip_param_get(u.params, "ext", &v));
	ASSERT_STR(v, "12");
	s = "tel:7042;phone-context=example.com";
	ASSERT_EQ(0, sip_uri_parse(&u, s, strlen(s), &E));
	ASSERT_TRUE(sip_param_get(u.params, "phone-context", &v));
	ASSERT_STR(v, "example.com");
	s = "tel:*31#;phone-context=+49";
	ASSERT_EQ(0, sip_uri_parse(&u, s, strlen(s), &E));
	/* RFC 3966: a local number needs phone-context; global ones are digits */
	s = "tel:7042";
	ASSERT_EQ(-SIP_EURI, sip_uri_parse(&u, s, strlen(s), &E));
	s = "tel:+1a";
	ASSERT_EQ(-SIP_EURI, sip_uri_parse(&u, s, strlen(s), &E));
	s = "tel:";
	ASSERT_EQ(-SIP_EURI, sip_uri_parse(&u, s, strlen(s), &E));
	ASSERT_EQ(-1, sip_tel_normalize((struct sip_str){ "+12", 3 }, out, 2));
	/* in a header, with user=phone on the sip form */
	ASSERT_EQ(
		0,
		parse("OPTIONS tel:+4930123 SIP/2.0\r\n"
		      "To: <sip:+4930123@ims.example.com;user=phone>\r\n\r\n"));
	ASSERT_EQ(SIP_URI_TEL, M.ruri.scheme);
	ASSERT_TRUE(sip_param_get(M.to.uri.params, "user", &v));
	ASSERT_STR(v, "phone");
}

TEST(percent_escapes)
{
	char out[16];
	struct sip_str a = { "%41lice", 7 }, b = { "Alice", 5 },
		       c = { "alice", 5 };

	ASSERT_EQ(5, sip_unescape(a, out, sizeof(out)));
	ASSERT_EQ(0, memcmp(out, "Alice", 5));
	ASSERT_TRUE(sip_str_eq_unescaped(a, b));
	/* user parts compare case-sensitively */
	ASSERT_FALSE(sip_str_eq_unescaped(a, c));
	ASSERT_EQ(-1,
		  sip_unescape((struct sip_str){ "%4", 2 }, out, sizeof(out)));
	ASSERT_EQ(-1,
		  sip_unescape((struct sip_str){ "%zz", 3 }, out, sizeof(out)));
	ASSERT_EQ(-1, sip_unescape(a, out, 3));
	ASSERT_FALSE(sip_str_eq_unescaped((struct sip_str){ "%4", 2 },
					  (struct sip_str){ "%4", 2 }));
	ASSERT_TRUE(sip_str_eq_unescaped((struct sip_str){ "%2a", 3 },
					 (struct sip_str){ "%2A", 3 }));
}

TEST(header_params)
{
	struct sip_name_addr na;
	struct sip_str v;
	const char *s =
		"<sip:ue@[2001:db8::9]:5060>;expires=600 ; +sip.instance="
		"\"<urn:gsma:imei:35209900-176148-1>\";reg-id=1;\r\n +g.3gpp.icsi-ref";

	ASSERT_EQ(0, sip_name_addr_parse(&na, s, strlen(s), &E));
	ASSERT_TRUE(sip_param_get(na.params, "expires", &v));
	ASSERT_STR(v, "600");
	ASSERT_TRUE(sip_param_get(na.params, "+sip.instance", &v));
	ASSERT_STR(v, "<urn:gsma:imei:35209900-176148-1>");
	ASSERT_TRUE(sip_param_get(na.params, "REG-ID", &v));
	ASSERT_STR(v, "1");
	ASSERT_TRUE(sip_param_get(na.params, "+g.3gpp.icsi-ref", NULL));
	ASSERT_EQ(5060, na.uri.port);
}

TEST_HARNESS_MAIN
