// SPDX-License-Identifier: GPL-2.0
/*
 * test_sip.c - SIP message parser unit tests, one concern per test: compact
 * forms, folding, multi-value headers, Content-Length framing on datagrams
 * and streams, ranges, limits, the IMS headers, and that every refusal
 * carries a reason. URIs and other values: test_sip_uri.c.
 */
#include "kselftest_harness.h"

#include "sip_test.h"

TEST(minimal_request)
{
	ASSERT_EQ(0, parse(REQ_HEAD
			   "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n"));
	ASSERT_TRUE(M.is_request);
	ASSERT_EQ(SIP_M_INVITE, M.method);
	ASSERT_EQ(SIP_URI_SIP, M.ruri.scheme);
	ASSERT_STR(M.ruri.user, "bob");
	ASSERT_STR(M.ruri.host, "example.com");
	ASSERT_STR(M.from_tag, "a1");
	ASSERT_EQ(0, M.to_tag.len);
	ASSERT_STR(M.call_id, "c1@192.0.2.1");
	ASSERT_EQ(1, M.cseq);
	ASSERT_EQ(SIP_M_INVITE, M.cseq_method);
	ASSERT_EQ(70, M.max_forwards);
	ASSERT_EQ(-1, M.expires);
	ASSERT_STR(M.via.branch, "z9hG4bK1");
	ASSERT_EQ(0, sip_msg_check(&M, &E));
}

TEST(compact_forms)
{
	static const struct {
		const char *line;
		enum sip_hdr_id id;
	} c[] = {
		{ "i: x@y\r\n", SIP_H_CALL_ID },
		{ "m: <sip:a@b>\r\n", SIP_H_CONTACT },
		{ "e: gzip\r\n", SIP_H_CONTENT_ENCODING },
		{ "l: 0\r\n", SIP_H_CONTENT_LENGTH },
		{ "c: application/sdp\r\n", SIP_H_CONTENT_TYPE },
		{ "f: <sip:a@b>;tag=1\r\n", SIP_H_FROM },
		{ "s: hello\r\n", SIP_H_SUBJECT },
		{ "k: 100rel\r\n", SIP_H_SUPPORTED },
		{ "t: <sip:a@b>\r\n", SIP_H_TO },
		{ "v: SIP/2.0/TCP h;branch=z9hG4bKx\r\n", SIP_H_VIA },
		{ "o: presence\r\n", SIP_H_EVENT },
		{ "r: <sip:c@d>\r\n", SIP_H_REFER_TO },
		{ "b: <sip:e@f>\r\n", SIP_H_REFERRED_BY },
		{ "u: dialog\r\n", SIP_H_ALLOW_EVENTS },
		{ "x: 1800\r\n", SIP_H_SESSION_EXPIRES },
		{ "y: abc\r\n", SIP_H_IDENTITY },
		{ "a: *;+g.3gpp.icsi-ref\r\n", SIP_H_ACCEPT_CONTACT },
		{ "j: *;video\r\n", SIP_H_REJECT_CONTACT },
		{ "d: proxy\r\n", SIP_H_REQUEST_DISPOSITION },
		{ "n: <http://x>\r\n", SIP_H_IDENTITY_INFO },
		{ "q: unknown\r\n", SIP_H_OTHER },
	};
	char msg[512];
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		const struct sip_hdr *h;

		snprintf(msg, sizeof(msg), "OPTIONS sip:h SIP/2.0\r\n%s\r\n",
			 c[i].line);
		ASSERT_EQ(0, parse(msg));
		ASSERT_EQ(1, M.nhdr);
		ASSERT_EQ(c[i].id, M.hdr[0].id);
		if (c[i].id == SIP_H_OTHER)
			continue;
		h = sip_hdr_first(&M, c[i].id);
		ASSERT_NE(NULL, h);
		/* the compact letter and the long name are the same header */
		ASSERT_EQ(c[i].id,
			  sip_hdr_lookup(sip_hdr_name(c[i].id),
					 strlen(sip_hdr_name(c[i].id))));
	}
}

TEST(header_names_case_insensitive)
{
	ASSERT_EQ(0, parse("OPTIONS sip:h SIP/2.0\r\n"
			   "cALL-iD: abc\r\n"
			   "VIA   : SIP/2.0/UDP h\r\n"
			   "content-LENGTH:0\r\n"
			   "p-asserted-identity: <sip:x@y>\r\n\r\n"));
	ASSERT_STR(M.call_id, "abc");
	ASSERT_EQ(1, M.hcount[SIP_H_VIA]);
	ASSERT_TRUE(M.has_content_length);
	ASSERT_EQ(1, M.hcount[SIP_H_P_ASSERTED_IDENTITY]);
	ASSERT_STR(M.hdr[0].name, "cALL-iD");
	/* every known id round-trips through its long name */
	for (int id = 1; id < SIP_H__COUNT; id++)
		ASSERT_EQ(id, sip_hdr_lookup(sip_hdr_name(id),
					     strlen(sip_hdr_name(id))));
	ASSERT_EQ(SIP_H_OTHER, sip_hdr_lookup("Vias", 4));
	ASSERT_EQ(SIP_H_OTHER, sip_hdr_lookup("", 0));
}

TEST(line_folding)
{
	const struct sip_hdr *h;

	ASSERT_EQ(
		0,
		parse("OPTIONS sip:h SIP/2.0\r\n"
		      "Subject: first\r\n"
		      "  second\r\n"
		      "\tthird\r\n"
		      "CSeq:\r\n 42\r\n  OPTIONS\r\n"
		      "Via: SIP /\r\n 2.0 / UDP\r\n host\r\n ;branch=\r\n z9hG4bKf\r\n"
		      "l: 0\r\n\r\n"));
	h = sip_hdr_first(&M, SIP_H_SUBJECT);
	ASSERT_STR(h->value, "first\r\n  second\r\n\tthird");
	ASSERT_EQ(42, M.cseq);
	ASSERT_STR(M.cseq_method_str, "OPTIONS");
	ASSERT_STR(M.via.host, "host");
	ASSERT_STR(M.via.branch, "z9hG4bKf");
	ASSERT_EQ(4, M.nhdr);
	/* a continuation before any header has nothing to continue */
	ASSERT_REFUSED(SIP_EHEADER, "OPTIONS sip:h SIP/2.0\r\n x: y\r\n\r\n");
}

TEST(multi_value_headers)
{
	struct sip_iter it;
	struct sip_name_addr na;
	struct sip_str v;

	ASSERT_EQ(
		0,
		parse("OPTIONS sip:h SIP/2.0\r\n"
		      "Via: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/TCP b:5061\r\n"
		      "Via: SIP/2.0/TLS [2001:db8::1]:5061;received=\"x,y\"\r\n"
		      "Contact: \"Doe, John\" <sip:j,d@h1>;q=0.5, <sip:x@h2>,\r\n"
		      " sip:y@h3;expires=60\r\n"
		      "Route: <sip:p1;lr>,<sip:p2;lr>\r\n"
		      "Record-Route: <sip:r1;lr>\r\n"
		      "Record-Route: <sip:r2;lr>, <sip:r3;lr>\r\n"
		      "Accept: a/b, c/d\r\n"
		      "l: 0\r\n\r\n"));
	ASSERT_EQ(3, count_values(SIP_H_VIA));
	ASSERT_EQ(3, count_values(SIP_H_CONTACT));
	ASSERT_EQ(2, count_values(SIP_H_ROUTE));
	ASSERT_EQ(3, count_values(SIP_H_RECORD_ROUTE));
	ASSERT_EQ(2, count_values(SIP_H_ACCEPT));
	/* commas inside quotes and <> do not split */
	sip_iter_init(&it, &M, SIP_H_CONTACT);
	ASSERT_TRUE(sip_iter_next_name_addr(&it, &na));
	ASSERT_STR(na.display, "\"Doe, John\"");
	ASSERT_STR(na.uri.user, "j,d");
	ASSERT_TRUE(sip_iter_next_name_addr(&it, &na));
	ASSERT_STR(na.uri.host, "h2");
	ASSERT_TRUE(sip_iter_next_name_addr(&it, &na));
	ASSERT_STR(na.uri.host, "h3");
	ASSERT_TRUE(sip_param_get(na.params, "expires", &v));
	ASSERT_STR(v, "60");
	ASSERT_FALSE(sip_iter_next_name_addr(&it, &na));
	sip_iter_init(&it, &M, SIP_H_VIA);
	ASSERT_TRUE(sip_iter_next(&it, &v));
	ASSERT_TRUE(sip_iter_next(&it, &v));
	ASSERT_STR(v, "SIP/2.0/TCP b:5061");
	ASSERT_TRUE(sip_iter_next(&it, &v));
	ASSERT_STR(v, "SIP/2.0/TLS [2001:db8::1]:5061;received=\"x,y\"");
	/* empty elements in an address list are refused */
	ASSERT_REFUSED(
		SIP_EVALUE,
		"OPTIONS sip:h SIP/2.0\r\nRoute: <sip:a>,,<sip:b>\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nVia: SIP/2.0/UDP a,\r\n\r\n");
}

TEST(datagram_content_length)
{
	/* body is exactly Content-Length; the rest of the datagram is ignored */
	ASSERT_EQ(0, parse(REQ_HEAD "Content-Length: 4\r\n\r\nabcdEXTRA"));
	ASSERT_STR(M.body, "abcd");
	ASSERT_EQ(5, M.trailing);
	/* no Content-Length: the body is the rest of the datagram */
	ASSERT_EQ(0, parse(REQ_HEAD "\r\nv=0\r\n"));
	ASSERT_STR(M.body, "v=0\r\n");
	ASSERT_FALSE(M.has_content_length);
	/* the datagram ends before the body does */
	ASSERT_REFUSED(SIP_ELENGTH, REQ_HEAD "Content-Length: 10\r\n\r\nabc");
	ASSERT_REFUSED(SIP_ELENGTH,
		       REQ_HEAD "Content-Length: 1\r\nl: 2\r\n\r\nab");
	ASSERT_REFUSED(SIP_ELENGTH, REQ_HEAD "Content-Length: -1\r\n\r\n");
	ASSERT_REFUSED(SIP_ELENGTH, REQ_HEAD "Content-Length: 2000000\r\n\r\n");
	ASSERT_REFUSED(SIP_ELENGTH, REQ_HEAD "Content-Length: 1 2\r\n\r\n");
	/* the same value twice is not a conflict */
	ASSERT_EQ(0, parse(REQ_HEAD "Content-Length: 2\r\nl: 2\r\n\r\nab"));
	/* bare LF line ends are tolerated */
	ASSERT_EQ(0, parse("OPTIONS sip:h SIP/2.0\nCall-ID: x\nl: 2\n\nab"));
	ASSERT_STR(M.body, "ab");
}

static const char two_msgs[] = "\r\n\r\n" /* keepalive */
			       "MESSAGE sip:b@h SIP/2.0\r\n"
			       "Call-ID: m1\r\n"
			       "l: 5\r\n\r\n"
			       "hello"
			       "SIP/2.0 200 OK\r\n"
			       "Call-ID: m1\r\n"
			       "Content-Length:   0\r\n\r\n";

TEST(stream_framing_several_in_one_chunk)
{
	const char *p = two_msgs;
	size_t left = sizeof(two_msgs) - 1, n;
	int msgs = 0;

	while (left) {
		enum sip_frame_kind k = sip_frame(p, left, &n, &E);

		ASSERT_NE(SIP_FRAME_ERROR, k);
		ASSERT_NE(SIP_FRAME_NEED_MORE, k);
		ASSERT_LE(n, left);
		if (k == SIP_FRAME_MESSAGE) {
			ASSERT_EQ(0, sip_parse(&M, p, n, SIP_PARSE_STREAM, &E));
			ASSERT_EQ(n, M.len);
			if (msgs++ == 0)
				ASSERT_STR(M.body, "hello");
			else
				ASSERT_EQ(200, M.status);
		} else {
			ASSERT_EQ(SIP_FRAME_KEEPALIVE, k);
			ASSERT_EQ(4, n);
		}
		p += n;
		left -= n;
	}
	ASSERT_EQ(2, msgs);
}

TEST(stream_framing_across_chunks)
{
	/* feed the stream one byte at a time, as TCP segments could */
	const char *s = two_msgs + 4;
	size_t total = sizeof(two_msgs) - 5, have, n, first = 0;
	enum sip_frame_kind k;

	for (have = 0; have <= total; have++) {
		k = sip_frame(s, have, &n, &E);
		ASSERT_NE(SIP_FRAME_ERROR, k);
		if (k == SIP_FRAME_MESSAGE) {
			first = n;
			break;
		}
		ASSERT_EQ(SIP_FRAME_NEED_MORE, k);
		/* once the headers are in, the framer knows the total */
		if (n)
			ASSERT_EQ(strstr(s, "hello") + 5 - s, n);
		/* a partial message is incomplete, never an error */
		if (have)
			ASSERT_EQ(-SIP_EINCOMPLETE,
				  sip_parse(&M, s, have, SIP_PARSE_STREAM, &E));
	}
	ASSERT_EQ(strstr(s, "hello") + 5 - s, first);
	ASSERT_EQ(0, sip_parse(&M, s, first, SIP_PARSE_STREAM, &E));
	ASSERT_STR(M.body, "hello");
}

TEST(stream_framing_errors)
{
	const char *bad =
		"INVITE sip:a@b SIP/2.0\r\nl: 3\r\nContent-Length: 4\r\n\r\nabcd";
	const char *nocl = "BYE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n";
	size_t n;

	ASSERT_EQ(SIP_FRAME_ERROR, sip_frame(bad, strlen(bad), &n, &E));
	ASSERT_EQ(SIP_ELENGTH, E.code);
	/* framed as header-only, but the parser says Content-Length is required */
	ASSERT_EQ(SIP_FRAME_MESSAGE, sip_frame(nocl, strlen(nocl), &n, &E));
	ASSERT_EQ(strlen(nocl), n);
	ASSERT_EQ(-SIP_ELENGTH, sip_parse(&M, nocl, n, SIP_PARSE_STREAM, &E));
	/* headers that never end are bounded */
	{
		size_t big = SIP_MAX_HEADER_BYTES + 100;
		char *b = malloc(big);

		memset(b, 'a', big);
		memcpy(b, "OPTIONS sip:h SIP/2.0\r\n", 23);
		for (size_t i = 100; i < big; i += 100)
			b[i] = '\n';
		ASSERT_EQ(SIP_FRAME_ERROR, sip_frame(b, big, &n, &E));
		ASSERT_EQ(SIP_ELIMIT, E.code);
		free(b);
	}
}

TEST(numeric_ranges)
{
	ASSERT_EQ(0,
		  parse("OPTIONS sip:h SIP/2.0\r\nCSeq: 2147483647 OPTIONS\r\n"
			"Max-Forwards: 255\r\nExpires: 4294967295\r\n\r\n"));
	ASSERT_EQ(2147483647u, M.cseq);
	ASSERT_EQ(255, M.max_forwards);
	ASSERT_EQ(4294967295LL, M.expires);
	ASSERT_REFUSED(
		SIP_ERANGE,
		"OPTIONS sip:h SIP/2.0\r\nCSeq: 2147483648 OPTIONS\r\n\r\n");
	ASSERT_REFUSED(SIP_ERANGE,
		       "OPTIONS sip:h SIP/2.0\r\nMax-Forwards: 256\r\n\r\n");
	ASSERT_REFUSED(SIP_ERANGE,
		       "OPTIONS sip:h SIP/2.0\r\nExpires: 4294967296\r\n\r\n");
	ASSERT_REFUSED(
		SIP_ERANGE,
		"OPTIONS sip:h SIP/2.0\r\nContact: <sip:a@b>;expires=99999999999\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nMax-Forwards: 7a\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nCSeq: OPTIONS\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE, "OPTIONS sip:h SIP/2.0\r\nCSeq: 1\r\n\r\n");
	ASSERT_REFUSED(SIP_EMISMATCH,
		       "OPTIONS sip:h SIP/2.0\r\nCSeq: 1 options\r\n\r\n");
	ASSERT_REFUSED(SIP_ERANGE, "SIP/2.0 200 OK\r\nRSeq: 0\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nCall-ID: a b\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "OPTIONS sip:h SIP/2.0\r\nCall-ID: a@\r\n\r\n");
	ASSERT_REFUSED(
		SIP_EVALUE,
		"OPTIONS sip:h SIP/2.0\r\nDate: Sat, 15 Oct 2005 04:44:56 CET\r\n\r\n");
	ASSERT_EQ(
		0,
		parse("OPTIONS sip:h SIP/2.0\r\nDate: Sat, 15 Oct 2005 04:44:56 GMT\r\n\r\n"));
}

TEST(start_lines)
{
	ASSERT_EQ(0, parse("SIP/2.0 180 Ringing\r\n\r\n"));
	ASSERT_FALSE(M.is_request);
	ASSERT_EQ(180, M.status);
	ASSERT_STR(M.reason, "Ringing");
	ASSERT_EQ(0, parse("SIP/2.0 200\r\n\r\n"));
	ASSERT_EQ(0, M.reason.len);
	ASSERT_EQ(0, parse("sip/2.0 404 Not Found\r\n\r\n"));
	ASSERT_EQ(0, parse("\r\n\r\nBYE sip:h sip/2.0\r\n\r\n"));
	ASSERT_EQ(SIP_M_BYE, M.method);
	ASSERT_REFUSED(SIP_ERANGE, "SIP/2.0 099 Low\r\n\r\n");
	ASSERT_REFUSED(SIP_ERANGE, "SIP/2.0 700 High\r\n\r\n");
	ASSERT_REFUSED(SIP_ESTARTLINE, "SIP/2.0 20 OK\r\n\r\n");
	ASSERT_REFUSED(SIP_ESTARTLINE, "SIP/2.0 2000 OK\r\n\r\n");
	ASSERT_REFUSED(SIP_EVERSION, "SIP/3.0 200 OK\r\n\r\n");
	ASSERT_REFUSED(SIP_ESTARTLINE, "SIP/2.0 200 O\x01K\r\n\r\n");
	ASSERT_REFUSED(SIP_EVERSION, "BYE sip:h SIP/2.1\r\n\r\n");
	ASSERT_REFUSED(SIP_ESTARTLINE, "BYE sip:h SIP/2.0 \r\n\r\n");
	ASSERT_REFUSED(SIP_EURI, "BYE sip:h\tx SIP/2.0\r\n\r\n");
	ASSERT_REFUSED(SIP_ESTARTLINE, "BYE  sip:h SIP/2.0\r\n\r\n");
	ASSERT_REFUSED(SIP_ESTARTLINE, "B(E sip:h SIP/2.0\r\n\r\n");
	ASSERT_REFUSED(SIP_ESTARTLINE, "BYE sip:h HTTP/1.1\r\n\r\n");
	ASSERT_REFUSED(SIP_EURI, "BYE sip:h?a=b SIP/2.0\r\n\r\n");
	ASSERT_REFUSED(SIP_ESTARTLINE, "BYE sip:h SIP/2.0\rX\r\n\r\n");
	ASSERT_REFUSED(SIP_ESTARTLINE, "");
	ASSERT_REFUSED(SIP_ESTARTLINE, "BYE sip:h SIP/2.0");
}

TEST(header_line_errors)
{
	ASSERT_REFUSED(SIP_EHEADER,
		       "BYE sip:h SIP/2.0\r\nNoColon here\r\n\r\n");
	ASSERT_REFUSED(SIP_EHEADER, "BYE sip:h SIP/2.0\r\n: empty\r\n\r\n");
	ASSERT_REFUSED(SIP_EHEADER, "BYE sip:h SIP/2.0\r\nX: a\rb\r\n\r\n");
	ASSERT_REFUSED(SIP_EHEADER, "BYE sip:h SIP/2.0\r\nX(y): z\r\n\r\n");
	ASSERT_REFUSED(SIP_EHEADER, "BYE sip:h SIP/2.0\r\nX: unterminated");
	/* a datagram whose last header line is complete ends the headers */
	ASSERT_EQ(0, parse("BYE sip:h SIP/2.0\r\nCall-ID: x\r\n"));
	ASSERT_EQ(0, M.body.len);
}

TEST(header_limit)
{
	char *b = malloc(64 * 1024), *p = b;
	int i;

	p += sprintf(p, "OPTIONS sip:h SIP/2.0\r\n");
	for (i = 0; i < SIP_MAX_HEADERS; i++)
		p += sprintf(p, "X-%d: v\r\n", i);
	strcpy(p, "\r\n");
	ASSERT_EQ(0, parse(b));
	ASSERT_EQ(SIP_MAX_HEADERS, M.nhdr);
	strcpy(p, "X-last: v\r\n\r\n");
	ASSERT_EQ(-SIP_ELIMIT, parse(b));
	ASSERT_NE(NULL, strstr(E.reason, "too many headers"));
	free(b);
}

TEST(ims_headers)
{
	const char *reg =
		"REGISTER sip:ims.example.com SIP/2.0\r\n"
		"Via: SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bKr1;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:+491701234567@ims.example.com>;tag=r1\r\n"
		"To: <sip:+491701234567@ims.example.com>\r\n"
		"Call-ID: reg1\r\n"
		"CSeq: 2 REGISTER\r\n"
		"Contact: <sip:ue@[2001:db8::9]:5060>;expires=600;+sip.instance="
		"\"<urn:gsma:imei:35209900-176148-1>\";+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\"\r\n"
		"Authorization: Digest username=\"262011234567890@ims.mnc001.mcc262.3gppnetwork.org\",\r\n"
		" realm=\"ims.mnc001.mcc262.3gppnetwork.org\", nonce=\"abc\", uri=\"sip:ims.example.com\",\r\n"
		" response=\"0123\", algorithm=AKAv1-MD5\r\n"
		"P-Access-Network-Info: 3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=2620100010019B01\r\n"
		"Supported: path, gruu\r\nRequire: sec-agree\r\n"
		"Content-Length: 0\r\n\r\n";
	const struct sip_hdr *h;
	struct sip_name_addr na;
	struct sip_iter it;
	struct sip_auth a;
	struct sip_str v;

	ASSERT_EQ(0, parse(reg));
	ASSERT_EQ(SIP_M_REGISTER, M.method);
	h = sip_hdr_first(&M, SIP_H_AUTHORIZATION);
	ASSERT_EQ(0, sip_auth_parse(&a, h->value.p, h->value.len, &E));
	ASSERT_STR(a.scheme, "Digest");
	ASSERT_STR(a.username,
		   "262011234567890@ims.mnc001.mcc262.3gppnetwork.org");
	ASSERT_STR(a.realm, "ims.mnc001.mcc262.3gppnetwork.org");
	sip_iter_init(&it, &M, SIP_H_CONTACT);
	ASSERT_TRUE(sip_iter_next_name_addr(&it, &na));
	ASSERT_TRUE(sip_param_get(na.params, "+sip.instance", &v));
	ASSERT_STR(v, "<urn:gsma:imei:35209900-176148-1>");
	ASSERT_TRUE(sip_param_get(na.params, "expires", &v));
	ASSERT_STR(v, "600");
	h = sip_hdr_first(&M, SIP_H_P_ACCESS_NETWORK_INFO);
	ASSERT_TRUE(sip_param_get(
		(struct sip_str){
			memchr(h->value.p, ';', h->value.len),
			(uint32_t)(h->value.p + h->value.len -
				   (const char *)memchr(h->value.p, ';',
							h->value.len)) },
		"utran-cell-id-3gpp", &v));
	ASSERT_STR(v, "2620100010019B01");
	ASSERT_TRUE(sip_has_option_tag(&M, SIP_H_SUPPORTED, "gruu"));
	ASSERT_TRUE(sip_has_option_tag(&M, SIP_H_REQUIRE, "sec-agree"));
	ASSERT_FALSE(sip_has_option_tag(&M, SIP_H_SUPPORTED, "100rel"));

	ASSERT_EQ(
		0,
		parse("SIP/2.0 200 OK\r\n"
		      "P-Associated-URI: <sip:+491701234567@ims.example.com>, <tel:+491701234567>\r\n"
		      "Service-Route: <sip:orig@scscf.ims.example.com;lr>\r\n"
		      "Path: <sip:term@pcscf.ims.example.com;lr>\r\n\r\n"));
	ASSERT_EQ(2, count_values(SIP_H_P_ASSOCIATED_URI));
	sip_iter_init(&it, &M, SIP_H_P_ASSOCIATED_URI);
	ASSERT_TRUE(sip_iter_next_name_addr(&it, &na));
	ASSERT_TRUE(sip_iter_next_name_addr(&it, &na));
	ASSERT_EQ(SIP_URI_TEL, na.uri.scheme);
	ASSERT_STR(na.uri.user, "+491701234567");

	ASSERT_EQ(
		0,
		parse("INVITE tel:+4930123;phone-context=ims.example.com SIP/2.0\r\n"
		      "P-Asserted-Identity: \"Alice\" <sip:+4917012@ims.example.com;user=phone>, <tel:+4917012>\r\n"
		      "P-Preferred-Identity: <sip:alice@ims.example.com>\r\n"
		      "P-Called-Party-ID: <sip:+4930123@ims.example.com;user=phone>\r\n"
		      "History-Info: <sip:bob@example.com?Reason=SIP%3Bcause%3D302>;index=1,\r\n"
		      " <sip:carol@example.com>;index=1.1\r\n"
		      "Diversion: <tel:+4930999>;reason=unconditional;counter=1\r\n"
		      "Supported: 100rel, timer\r\nRequire: 100rel\r\n"
		      "CSeq: 5 INVITE\r\n\r\n"));
	ASSERT_EQ(2, count_values(SIP_H_P_ASSERTED_IDENTITY));
	ASSERT_EQ(2, count_values(SIP_H_HISTORY_INFO));
	sip_iter_init(&it, &M, SIP_H_HISTORY_INFO);
	ASSERT_TRUE(sip_iter_next_name_addr(&it, &na));
	ASSERT_STR(na.uri.headers, "Reason=SIP%3Bcause%3D302");
	ASSERT_TRUE(sip_param_get(na.params, "index", &v));
	ASSERT_STR(v, "1");
	sip_iter_init(&it, &M, SIP_H_DIVERSION);
	ASSERT_TRUE(sip_iter_next_name_addr(&it, &na));
	ASSERT_TRUE(sip_param_get(na.params, "reason", &v));
	ASSERT_STR(v, "unconditional");
	ASSERT_TRUE(sip_has_option_tag(&M, SIP_H_REQUIRE, "100rel"));
	ASSERT_NE(NULL, sip_hdr_first(&M, SIP_H_P_CALLED_PARTY_ID));

	ASSERT_EQ(
		0,
		parse("PRACK sip:b@h SIP/2.0\r\nRAck: 776656 1 INVITE\r\nCSeq: 2 PRACK\r\n\r\n"));
	{
		uint32_t rseq, cseq;
		struct sip_str meth;

		h = sip_hdr_first(&M, SIP_H_RACK);
		ASSERT_EQ(0, sip_rack_parse(h->value.p, h->value.len, &rseq,
					    &cseq, &meth, &E));
		ASSERT_EQ(776656, rseq);
		ASSERT_EQ(1, cseq);
		ASSERT_STR(meth, "INVITE");
	}
	ASSERT_REFUSED(SIP_EVALUE,
		       "PRACK sip:b@h SIP/2.0\r\nRAck: 1 INVITE\r\n\r\n");
	ASSERT_REFUSED(
		SIP_EVALUE,
		"REGISTER sip:h SIP/2.0\r\nAuthorization: Digest username\r\n\r\n");
	ASSERT_REFUSED(
		SIP_EVALUE,
		"REGISTER sip:h SIP/2.0\r\nAuthorization: Digest realm=\"x\r\n\r\n");
	ASSERT_REFUSED(SIP_EVALUE,
		       "REGISTER sip:h SIP/2.0\r\nSupported: 100rel,\r\n\r\n");
}

TEST(semantic_check)
{
	/* a header absent from this message leaves nothing of the last one */
	ASSERT_EQ(0, parse(REQ_HEAD "\r\n"));
	ASSERT_STR(M.from.uri.user, "alice");
	ASSERT_EQ(0, parse("OPTIONS sip:h SIP/2.0\r\nCall-ID: y\r\n\r\n"));
	ASSERT_EQ(0, M.from.uri.raw.len);
	ASSERT_EQ(0, M.to.uri.host.len);
	ASSERT_EQ(0, M.via.host.len);
	ASSERT_EQ(0, M.from_tag.len);

	ASSERT_EQ(0, parse("OPTIONS sip:h SIP/2.0\r\nCall-ID: x\r\n\r\n"));
	ASSERT_EQ(-SIP_EMISSING, sip_msg_check(&M, &E));
	ASSERT_STR(((struct sip_str){ E.reason, (uint32_t)strlen(E.reason) }),
		   "Via missing");
	ASSERT_EQ(0, parse(REQ_HEAD "Call-ID: other\r\n\r\n"));
	ASSERT_EQ(-SIP_EDUPLICATE, sip_msg_check(&M, &E));
	ASSERT_STR(M.call_id, "c1@192.0.2.1");
}

/* Every prefix and every single-byte corruption is handled: no crash. */
TEST(no_crash_on_mutations)
{
	const char *base = REQ_HEAD
		"Contact: \"x\" <sip:a@[::1]:5>;expires=1\r\n"
		"Content-Length: 3\r\n\r\nabc";
	size_t n = strlen(base), i;
	char *b = malloc(n);
	static const char bytes[] = { 0,   '\r', '\n', ' ',  ':',	';',
				      ',', '"',	 '<',  '>',  '%',	'[',
				      ']', '\\', '@',  0x7f, (char)0xff };

	for (i = 0; i <= n; i++) {
		int r = parse_n(base, i, 0);

		if (r)
			ASSERT_NE(NULL, E.reason);
		r = parse_n(base, i, SIP_PARSE_STREAM);
		if (i < n)
			ASSERT_NE(0, r);
	}
	for (i = 0; i < n; i++) {
		for (size_t j = 0; j < sizeof(bytes); j++) {
			memcpy(b, base, n);
			b[i] = bytes[j];
			if (parse_n(b, n, 0))
				ASSERT_NE(NULL, E.reason);
		}
	}
	free(b);
}

/* Regressions found by fuzz_sip. */
TEST(fuzz_regressions)
{
	/* only spaces after the Request-URI: the SP scan must not run backwards */
	static const char crash1[] = "PRACK s\x95"
				     "5\xab\0`a\0\1\0a@\0\t\x93\x8dSIP/2. \r\n"
				     "8Vi:a65\0\0\0\0\0\0\0\r\n";
	struct sip_uri u;
	struct sip_name_addr na;
	struct sip_str v;
	char out[4];
	size_t n;

	ASSERT_NE(0, parse_n(crash1, sizeof(crash1) - 1, 0));
	ASSERT_REFUSED(SIP_ESTARTLINE, "PRACK sip:x   \r\n\r\n");
	ASSERT_REFUSED(SIP_ESTARTLINE, "PRACK sip:x \r\n\r\n");
	/* empty slices ({NULL, 0}) are valid arguments everywhere */
	ASSERT_EQ(0, sip_unquote((struct sip_str){ 0 }, out, sizeof(out)));
	ASSERT_FALSE(sip_param_get((struct sip_str){ 0 }, "tag", &v));
	ASSERT_EQ(0, sip_unescape((struct sip_str){ 0 }, out, sizeof(out)));
	ASSERT_EQ(-SIP_EURI, sip_uri_parse(&u, NULL, 0, &E));
	ASSERT_EQ(-SIP_EVALUE, sip_name_addr_parse(&na, NULL, 0, &E));
	ASSERT_EQ(-SIP_ESTARTLINE, sip_parse(&M, NULL, 0, 0, &E));
	ASSERT_EQ(SIP_FRAME_NEED_MORE, sip_frame(NULL, 0, &n, &E));
	/* a NUL inside a name is not the end of the name compared with */
	ASSERT_FALSE(
		sip_param_get((struct sip_str){ ";tag\0\0=1", 8 }, "tag", &v));
	ASSERT_FALSE(sip_str_ieq((struct sip_str){ "ab\0\0", 4 }, "ab"));
	ASSERT_TRUE(sip_str_ieq((struct sip_str){ "aB", 2 }, "Ab"));
}

TEST_HARNESS_MAIN
