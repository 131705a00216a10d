// SPDX-License-Identifier: GPL-2.0
/*
 * test_sdp.c - SDP parser unit tests: session and media c=, IPv4/IPv6,
 * multicast forms, port 0, port counts, a=rtcp, rtcp-mux, direction at
 * both levels, rtpmap, and the refusals.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "sdp.h"

static struct sdp_session S;
static struct sip_error E;
static char *keep;

static int parse(const char *s)
{
	size_t n = strlen(s);
	char *b = malloc(n ? n : 1);

	/* exactly sized: no NUL for the parser to lean on */
	memcpy(b, s, n);
	free(keep);
	keep = b;
	return sdp_parse(&S, b, n, &E);
}

static bool streq(struct sip_str s, const char *lit)
{
	return s.len == strlen(lit) && memcmp(s.p, lit, s.len) == 0;
}

static bool addr_is(const struct sdp_conn *c, const char *a)
{
	unsigned char want[16];

	if (c->family != AF_INET && c->family != AF_INET6)
		return false;
	if (inet_pton(c->family, a, want) != 1)
		return false;
	return memcmp(&c->ip, want, c->family == AF_INET ? 4 : 16) == 0;
}

#define HEAD "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"

#define ASSERT_REFUSED(msg)                          \
	do {                                         \
		int __r = parse(msg);                \
		if (!__r)                            \
			TH_LOG("accepted: %s", msg); \
		ASSERT_NE(0, __r);                   \
		ASSERT_NE(NULL, E.reason);           \
	} while (0)

TEST(ims_audio_offer)
{
	ASSERT_EQ(0, parse("v=0\r\n"
			   "o=ue 2890844526 2890844527 IN IP6 2001:db8::9\r\n"
			   "s=-\r\n"
			   "c=IN IP6 2001:db8::9\r\n"
			   "b=AS:41\r\n"
			   "t=0 0\r\n"
			   "m=audio 49152 RTP/AVP 116 107 97 111 110\r\n"
			   "b=AS:41\r\n"
			   "a=rtpmap:116 AMR-WB/16000/1\r\n"
			   "a=fmtp:116 mode-change-capability=2;max-red=0\r\n"
			   "a=rtpmap:107 AMR-WB/16000\r\n"
			   "a=rtpmap:111 telephone-event/16000\r\n"
			   "a=curr:qos local none\r\n"
			   "a=des:qos mandatory local sendrecv\r\n"
			   "a=ptime:20\r\n"
			   "a=maxptime:240\r\n"));
	ASSERT_TRUE(streq(S.o_username, "ue"));
	ASSERT_EQ(2890844526ULL, S.sess_id);
	ASSERT_EQ(2890844527ULL, S.sess_version);
	ASSERT_TRUE(streq(S.o_addrtype, "IP6"));
	ASSERT_TRUE(streq(S.o_addr, "2001:db8::9"));
	ASSERT_EQ(1, S.nmedia);
	ASSERT_TRUE(streq(S.media[0].media, "audio"));
	ASSERT_TRUE(streq(S.media[0].proto, "RTP/AVP"));
	ASSERT_TRUE(streq(S.media[0].fmts, "116 107 97 111 110"));
	ASSERT_TRUE(addr_is(&S.media[0].rtp_addr, "2001:db8::9"));
	ASSERT_EQ(49152, S.media[0].rtp_port);
	ASSERT_EQ(49153, S.media[0].rtcp_port);
	ASSERT_TRUE(addr_is(&S.media[0].rtcp_addr, "2001:db8::9"));
	ASSERT_EQ(SDP_DIR_SENDRECV, S.media[0].dir);
	ASSERT_FALSE(S.media[0].disabled);
	ASSERT_EQ(3, S.media[0].nrtpmap);
	ASSERT_EQ(116, S.media[0].rtpmap[0].pt);
	ASSERT_TRUE(streq(S.media[0].rtpmap[0].encoding, "AMR-WB"));
	ASSERT_EQ(16000, S.media[0].rtpmap[0].clock);
	ASSERT_TRUE(streq(S.media[0].rtpmap[0].params, "1"));
	ASSERT_EQ(0, S.media[0].rtpmap[1].params.len);
}

TEST(media_level_connection_overrides_session)
{
	ASSERT_EQ(0, parse(HEAD "c=IN IP4 192.0.2.1\r\n"
				"m=audio 5000 RTP/AVP 0\r\n"
				"c=IN IP4 198.51.100.7\r\n"
				"m=video 5002 RTP/AVP 96\r\n"
				"m=text 5004 RTP/AVP 98\r\n"
				"c=IN IP6 2001:db8::77\r\n"));
	ASSERT_EQ(3, S.nmedia);
	ASSERT_TRUE(addr_is(&S.media[0].rtp_addr, "198.51.100.7"));
	ASSERT_TRUE(addr_is(&S.media[1].rtp_addr, "192.0.2.1"));
	ASSERT_TRUE(addr_is(&S.media[2].rtp_addr, "2001:db8::77"));
	ASSERT_EQ(AF_INET6, S.media[2].rtp_addr.family);
	ASSERT_TRUE(addr_is(&S.conn, "192.0.2.1"));
}

TEST(port_zero_disables_stream)
{
	/* a rejected stream needs no address */
	ASSERT_EQ(0,
		  parse(HEAD "m=audio 5000 RTP/AVP 0\r\nc=IN IP4 192.0.2.2\r\n"
			     "m=video 0 RTP/AVP 96\r\n"));
	ASSERT_EQ(2, S.nmedia);
	ASSERT_FALSE(S.media[0].disabled);
	ASSERT_TRUE(S.media[1].disabled);
	ASSERT_EQ(0, S.media[1].rtp_port);
	ASSERT_EQ(0, S.media[1].rtcp_port);
	/* found by fuzz_sdp: no address left over from an earlier parse */
	ASSERT_EQ(0, parse(HEAD "c=IN IP4 192.0.2.1\r\nm=audio 1 RTP/AVP 0\r\n"
				"m=audio 2 RTP/AVP 0\r\n"));
	ASSERT_EQ(0,
		  parse(HEAD "m=audio 0 RTP/AVP 0\r\nm=video 0 RTP/AVP 0\r\n"));
	ASSERT_EQ(0, S.media[1].rtp_addr.family);
	ASSERT_EQ(0, S.media[1].rtp_addr.addr.len);
	ASSERT_EQ(0, S.media[1].rtcp_addr.addr.len);
	/* an active stream without any c= is refused */
	ASSERT_REFUSED(HEAD "m=audio 5000 RTP/AVP 0\r\n");
	ASSERT_NE(NULL, strstr(E.reason, "connection"));
}

TEST(port_count)
{
	ASSERT_EQ(
		0,
		parse(HEAD
		      "c=IN IP4 192.0.2.1\r\nm=video 49170/2 RTP/AVP 31\r\n"));
	ASSERT_EQ(49170, S.media[0].port);
	ASSERT_EQ(2, S.media[0].nports);
	ASSERT_REFUSED(HEAD
		       "c=IN IP4 192.0.2.1\r\nm=video 49170/0 RTP/AVP 31\r\n");
	ASSERT_REFUSED(HEAD
		       "c=IN IP4 192.0.2.1\r\nm=video 70000 RTP/AVP 31\r\n");
	ASSERT_REFUSED(HEAD "c=IN IP4 192.0.2.1\r\nm=video 5000 RTP/AVP\r\n");
	ASSERT_REFUSED(HEAD "c=IN IP4 192.0.2.1\r\nm=video x RTP/AVP 31\r\n");
}

TEST(rtcp_attribute)
{
	ASSERT_EQ(
		0,
		parse(HEAD
		      "c=IN IP4 192.0.2.1\r\n"
		      "m=audio 5000 RTP/AVP 0\r\na=rtcp:5011\r\n"
		      "m=audio 6000 RTP/AVP 0\r\na=rtcp:6001 IN IP6 2001:db8::1\r\n"
		      "m=audio 7000 RTP/AVP 0\r\na=rtcp-mux\r\n"));
	ASSERT_EQ(5011, S.media[0].rtcp_port);
	ASSERT_TRUE(addr_is(&S.media[0].rtcp_addr, "192.0.2.1"));
	ASSERT_EQ(6001, S.media[1].rtcp_port);
	ASSERT_TRUE(addr_is(&S.media[1].rtcp_addr, "2001:db8::1"));
	ASSERT_TRUE(addr_is(&S.media[1].rtp_addr, "192.0.2.1"));
	ASSERT_TRUE(S.media[2].rtcp_mux);
	ASSERT_EQ(7001, S.media[2].rtcp_port);
	ASSERT_REFUSED(
		HEAD
		"c=IN IP4 192.0.2.1\r\nm=audio 5000 RTP/AVP 0\r\na=rtcp:x\r\n");
	ASSERT_REFUSED(
		HEAD
		"c=IN IP4 192.0.2.1\r\nm=audio 5000 RTP/AVP 0\r\na=rtcp:5 IN IP4\r\n");
}

TEST(direction_attributes)
{
	ASSERT_EQ(0, parse(HEAD "c=IN IP4 192.0.2.1\r\na=sendonly\r\n"
				"m=audio 5000 RTP/AVP 0\r\n"
				"m=audio 5002 RTP/AVP 0\r\na=recvonly\r\n"
				"m=audio 5004 RTP/AVP 0\r\na=inactive\r\n"
				"m=audio 5006 RTP/AVP 0\r\na=sendrecv\r\n"));
	ASSERT_EQ(SDP_DIR_SENDONLY, S.media[0].dir);
	ASSERT_EQ(SDP_DIR_RECVONLY, S.media[1].dir);
	ASSERT_EQ(SDP_DIR_INACTIVE, S.media[2].dir);
	ASSERT_EQ(SDP_DIR_SENDRECV, S.media[3].dir);
	ASSERT_STREQ("inactive", sdp_dir_name(S.media[2].dir));
	/* without a session attribute the default is sendrecv */
	ASSERT_EQ(0, parse(HEAD
			   "c=IN IP4 192.0.2.1\r\nm=audio 5000 RTP/AVP 0\r\n"));
	ASSERT_EQ(SDP_DIR_SENDRECV, S.media[0].dir);
}

TEST(multicast_forms)
{
	ASSERT_EQ(0,
		  parse(HEAD
			"c=IN IP4 224.2.1.1/127/3\r\nm=audio 5000 RTP/AVP 0\r\n"
			"c=IN IP6 FF15::101/3\r\n"));
	ASSERT_TRUE(S.conn.multicast);
	ASSERT_EQ(127, S.conn.ttl);
	ASSERT_EQ(3, S.conn.count);
	ASSERT_TRUE(streq(S.conn.addr, "224.2.1.1"));
	ASSERT_TRUE(S.media[0].rtp_addr.multicast);
	ASSERT_EQ(3, S.media[0].rtp_addr.count);
	ASSERT_EQ(0, S.media[0].rtp_addr.ttl);
	ASSERT_EQ(0, parse(HEAD "c=IN IP4 224.2.1.1/127\r\n"));
	ASSERT_EQ(1, S.conn.count);
	ASSERT_REFUSED(HEAD "c=IN IP4 224.2.1.1\r\n");
	ASSERT_REFUSED(HEAD "c=IN IP4 224.2.1.1/300\r\n");
	ASSERT_REFUSED(HEAD "c=IN IP4 192.0.2.1/127\r\n");
	ASSERT_REFUSED(HEAD "c=IN IP6 FF15::101/3/2\r\n");
}

TEST(connection_address_forms)
{
	ASSERT_EQ(
		0,
		parse(HEAD
		      "c=IN IP4 media.example.com\r\nm=audio 5000 RTP/AVP 0\r\n"));
	ASSERT_EQ(0, S.media[0].rtp_addr.family);
	ASSERT_TRUE(streq(S.media[0].rtp_addr.addr, "media.example.com"));
	ASSERT_EQ(0, parse(HEAD "c=IN IP6 ::ffff:192.0.2.2\r\n"));
	ASSERT_TRUE(addr_is(&S.conn, "::ffff:192.0.2.2"));
	ASSERT_REFUSED(HEAD "c=IN IP4 192.0.2.300\r\n");
	ASSERT_REFUSED(HEAD "c=IN IP6 2001:db8:::1\r\n");
	ASSERT_REFUSED(HEAD "c=IN IP5 192.0.2.1\r\n");
	ASSERT_REFUSED(HEAD "c=IN IP4\r\n");
	/* found by fuzz_sdp: other network types still need an address */
	ASSERT_REFUSED(HEAD "c=TN RFC2543 /127\r\nm=audio 5 RTP/AVP 0\r\n");
	ASSERT_EQ(0,
		  parse(HEAD
			"c=TN RFC2543 +15551234\r\nm=audio 5 RTP/AVP 0\r\n"));
	ASSERT_EQ(0, S.media[0].rtp_addr.family);
	ASSERT_TRUE(streq(S.media[0].rtp_addr.addr, "+15551234"));
	ASSERT_REFUSED(HEAD "c=IN IP4 192.0.2.1 extra\r\n");
	ASSERT_REFUSED(HEAD "c=IN IP4 192.0.2.1\r\nc=IN IP4 192.0.2.2\r\n");
}

TEST(line_endings)
{
	/* LF only, and a last line without an end */
	ASSERT_EQ(
		0,
		parse("v=0\no=- 1 1 IN IP4 h\ns=x\nt=0 0\nc=IN IP4 192.0.2.9\n"
		      "m=audio 4000 RTP/AVP 8"));
	ASSERT_EQ(4000, S.media[0].rtp_port);
	ASSERT_TRUE(streq(S.media[0].fmts, "8"));
	ASSERT_TRUE(streq(S.name, "x"));
}

TEST(refusals)
{
	ASSERT_REFUSED("");
	ASSERT_REFUSED("v=1\r\n");
	ASSERT_REFUSED("o=- 1 1 IN IP4 h\r\nv=0\r\n");
	ASSERT_REFUSED("v=0\r\ns=-\r\nt=0 0\r\n");
	ASSERT_REFUSED("v=0\r\no=- 1 1 IN IP4 h\r\nt=0 0\r\n");
	ASSERT_REFUSED("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\n");
	ASSERT_REFUSED("v=0\r\no=- 1 1 IN IP4\r\ns=-\r\nt=0 0\r\n");
	ASSERT_REFUSED("v=0\r\no=- x 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n");
	ASSERT_REFUSED(HEAD "m =video 3227 RTP/AVP 31\r\n");
	ASSERT_REFUSED(HEAD "X=1\r\n");
	ASSERT_REFUSED(
		HEAD
		"c=IN IP4 192.0.2.1\r\nm=audio 5000 RTP/AVP 0\r\na=rtpmap:128 x/8000\r\n");
	ASSERT_REFUSED(
		HEAD
		"c=IN IP4 192.0.2.1\r\nm=audio 5000 RTP/AVP 0\r\na=rtpmap:0 PCMU/x\r\n");
	ASSERT_REFUSED(HEAD "v=0\r\n");
}

TEST(media_limit)
{
	char buf[4096], *p = buf;
	int i;

	p += sprintf(p, HEAD "c=IN IP4 192.0.2.1\r\n");
	for (i = 0; i < SDP_MAX_MEDIA; i++)
		p += sprintf(p, "m=audio %d RTP/AVP 0\r\n", 2000 + 2 * i);
	ASSERT_EQ(0, parse(buf));
	ASSERT_EQ(SDP_MAX_MEDIA, S.nmedia);
	sprintf(p, "m=audio 9000 RTP/AVP 0\r\n");
	ASSERT_EQ(-SIP_ELIMIT, parse(buf));
	/* rtpmap beyond the kept number is counted, not an error */
	p = buf;
	p += sprintf(p,
		     HEAD "c=IN IP4 192.0.2.1\r\nm=audio 5000 RTP/AVP 0\r\n");
	for (i = 0; i < SDP_MAX_RTPMAP + 2; i++)
		p += sprintf(p, "a=rtpmap:%d X/8000\r\n", 96 + i);
	ASSERT_EQ(0, parse(buf));
	ASSERT_EQ(SDP_MAX_RTPMAP, S.media[0].nrtpmap);
	ASSERT_TRUE(S.media[0].rtpmap_truncated);
}

TEST(no_crash_on_prefixes)
{
	const char *s = HEAD
		"c=IN IP4 224.2.1.1/127/3\r\nm=audio 5000/2 RTP/AVP 0 8\r\n"
		"a=rtcp:5011 IN IP6 2001:db8::1\r\na=rtpmap:8 PCMA/8000/1\r\na=recvonly\r\n";
	size_t n = strlen(s), i;

	for (i = 0; i <= n; i++) {
		char *b = malloc(i ? i : 1);

		memcpy(b, s, i);
		if (sdp_parse(&S, b, i, &E))
			ASSERT_NE(NULL, E.reason);
		free(b);
	}
}

TEST(null_buffer)
{
	ASSERT_EQ(-SIP_EBODY, sdp_parse(&S, NULL, 0, &E));
}

TEST_HARNESS_MAIN
