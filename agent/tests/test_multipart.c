// SPDX-License-Identifier: GPL-2.0
/*
 * SDP inside multipart bodies (RFC 2046 5.1.1): mixed and alternative,
 * nested, quoted boundaries, preamble and epilogue, bare LF, and what has
 * no SDP part; then through the dialog mirror.
 */
#include "kselftest_harness.h"

#include "dialog.h"
#include "multipart.h"

#define SDP_TEXT \
	"v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\n"

static struct sip_str str_of(const char *s)
{
	struct sip_str r = { s, (uint32_t)strlen(s) };

	return r;
}

static bool found(const char *ct, const char *body, const char *want)
{
	struct sip_str out;

	if (!multipart_find(str_of(ct), str_of(body), "application/sdp", &out))
		return want == NULL;
	return want && out.len == strlen(want) && !memcmp(out.p, want, out.len);
}

TEST(mixed_with_resource_list)
{
	/* RFC 5366 (conference with a URI list) */
	static const char body[] =
		"--boundary1\r\n"
		"Content-Type: application/sdp\r\n"
		"\r\n" SDP_TEXT "\r\n"
		"--boundary1\r\n"
		"Content-Type: application/resource-lists+xml\r\n"
		"Content-Disposition: recipient-list\r\n"
		"\r\n"
		"<resource-lists/>\r\n"
		"--boundary1--\r\n";

	EXPECT_TRUE(
		found("multipart/mixed;boundary=boundary1", body, SDP_TEXT));
	/* the same with the SDP second, and a preamble and epilogue */
	EXPECT_TRUE(found(" Multipart/Mixed ; boundary=\"b 2\"",
			  "preamble: ignored\r\n"
			  "--b 2\r\n"
			  "Content-Type: application/isup;version=itu-t92+\r\n"
			  "\r\n"
			  "\x01\x02--b 2 is not a delimiter\r\n"
			  "--b 2\r\n"
			  "content-type: APPLICATION/SDP\r\n"
			  "\r\n" SDP_TEXT "\r\n"
			  "--b 2--\r\n"
			  "epilogue\r\n",
			  SDP_TEXT));
}

TEST(alternative_and_nested)
{
	EXPECT_TRUE(found("multipart/alternative; boundary=alt",
			  "--alt\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
			  "--alt\r\nc: application/sdp\r\n\r\n" SDP_TEXT
			  "\r\n--alt--",
			  SDP_TEXT));
	EXPECT_TRUE(found(
		"multipart/mixed;boundary=outer",
		"--outer\r\n"
		"Content-Type: multipart/alternative;boundary=inner\r\n"
		"\r\n"
		"--inner\r\nContent-Type: application/sdp\r\n\r\n" SDP_TEXT
		"\r\n--inner--\r\n"
		"\r\n--outer--\r\n",
		SDP_TEXT));
}

TEST(bare_lf_and_padding)
{
	EXPECT_TRUE(found("multipart/mixed;boundary=x",
			  "--x  \nContent-Type: application/sdp\n\nv=0\n"
			  "\n--x--\n",
			  "v=0\n"));
}

TEST(no_sdp_part)
{
	/* no SDP part, no boundary, not multipart, never closed, a header
	 * block without its empty line, a boundary only as a prefix */
	EXPECT_TRUE(found("multipart/mixed;boundary=b",
			  "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--",
			  NULL));
	EXPECT_TRUE(found("multipart/mixed",
			  "--b\r\nContent-Type: application/sdp\r\n\r\nx\r\n"
			  "--b--",
			  NULL));
	EXPECT_TRUE(found("application/sdp;boundary=b",
			  "--b\r\nContent-Type: application/sdp\r\n\r\nx\r\n"
			  "--b--",
			  NULL));
	EXPECT_TRUE(found("multipart/mixed;boundary=b",
			  "--b\r\nContent-Type: application/sdp\r\n\r\nx\r\n",
			  NULL));
	EXPECT_TRUE(found("multipart/mixed;boundary=b",
			  "--b\r\nContent-Type: application/sdp\r\n--b--",
			  NULL));
	EXPECT_TRUE(found("multipart/mixed;boundary=b",
			  "--bb\r\nContent-Type: application/sdp\r\n\r\nx\r\n"
			  "--bb--",
			  NULL));
	/* a part without Content-Type is text/plain */
	EXPECT_TRUE(found("multipart/mixed;boundary=b",
			  "--b\r\n\r\nv=0\r\n--b--", NULL));
}

TEST(nesting_is_bounded)
{
	char ct[64], body[4096];
	size_t n = 0;
	int i;

	/* MULTIPART_MAX_DEPTH levels are searched, not more */
	for (i = 0; i < MULTIPART_MAX_DEPTH; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n,
				      "--b%d\r\nContent-Type: multipart/mixed;"
				      "boundary=b%d\r\n\r\n",
				      i, i + 1);
	n += (size_t)snprintf(body + n, sizeof(body) - n,
			      "--b%d\r\nContent-Type: application/sdp\r\n\r\n"
			      "v=0\r\n",
			      i);
	for (; i >= 0; i--)
		n += (size_t)snprintf(body + n, sizeof(body) - n,
				      "\r\n--b%d--\r\n", i);
	snprintf(ct, sizeof(ct), "multipart/mixed;boundary=b0");
	EXPECT_TRUE(found(ct, body, NULL));
}

/* The dialog mirror takes the offer from a multipart INVITE. */
TEST(dialog_offer_from_multipart_invite)
{
	static const char msg[] =
		"INVITE sip:conf@ims.example SIP/2.0\r\n"
		"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKmp1\r\n"
		"From: <sip:alice@ims.example>;tag=a1\r\n"
		"To: <sip:conf@ims.example>\r\n"
		"Call-ID: mp1@10.0.0.1\r\n"
		"CSeq: 1 INVITE\r\n"
		"Content-Type: multipart/mixed;boundary=zz\r\n"
		"Content-Length: 176\r\n"
		"\r\n"
		"--zz\r\n"
		"Content-Type: application/resource-lists+xml\r\n"
		"\r\n"
		"<resource-lists/>\r\n"
		"--zz\r\n"
		"Content-Type: application/sdp\r\n"
		"\r\n" SDP_TEXT "\r\n"
		"--zz--\r\n";
	struct dlg_config cfg = { 0 };
	struct dlg_table *t = dlg_new(&cfg);
	struct dlg_event ev;
	struct sip_msg m;
	struct call *c;

	ASSERT_NE(NULL, t);
	ASSERT_EQ(0, sip_parse(&m, msg, sizeof(msg) - 1, 0, NULL));
	c = dlg_message(t, &m, 1, &ev);
	ASSERT_NE(NULL, c);
	EXPECT_TRUE(ev.media);
	ASSERT_EQ(strlen(SDP_TEXT), c->sdp.len);
	EXPECT_EQ(0, memcmp(c->sdp.p, SDP_TEXT, c->sdp.len));
	dlg_free(t);
}

TEST_HARNESS_MAIN
