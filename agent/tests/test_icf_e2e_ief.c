// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_e2e_ief.c - the LI_XER listener's connection policy through
 * real sockets: keepalives, framing errors, bad records, several IEFs.
 */
#include "icf_e2e.h"

/* Keepalive answered with keepaliveResponse, same sequence number. */
TEST_F(sockets, keepalive_response)
{
	struct lixer_msg m = { .kind = LIXER_KEEPALIVE, .seq = 4242 };
	struct ber_error err;
	uint8_t buf[256];
	ssize_t n = 0;

	send_msg(self->e.ief, &m);
	for (int i = 0; i < 200 && n <= 0; i++) {
		pump_once(&self->e, 2);
		n = recv(self->e.ief, buf, sizeof(buf), MSG_DONTWAIT);
	}
	ASSERT_GT(n, 0);
	memset(&m, 0, sizeof(m));
	ASSERT_EQ(0, lixer_decode(buf, (size_t)n, &m, &err));
	EXPECT_EQ(LIXER_KEEPALIVE_RESPONSE, m.kind);
	EXPECT_EQ(4242, m.seq);
}

/* Framing error: counted, connection closed, other IEFs unaffected. */
TEST_F(sockets, framing_error_closes_connection)
{
	static const uint8_t notseq[] = { 0x04, 0x02, 0x00, 0x00 };
	struct ief_listener_stats st;
	struct icf_stats cs;
	int other = tcp_connect(ief_listener_port(self->e.l));
	uint8_t b;
	ssize_t n = -1;

	ASSERT_GE(other, 0);
	send_bytes(self->e.ief, notseq, sizeof(notseq));
	for (int i = 0; i < 200 && n != 0; i++) {
		pump_once(&self->e, 2);
		n = recv(self->e.ief, &b, 1, MSG_DONTWAIT);
	}
	EXPECT_EQ(0, n); /* EOF: closed by the ICF */
	ief_listener_get_stats(self->e.l, &st);
	EXPECT_EQ(1, st.framing_errors);
	icf_get_stats(self->e.c, &cs);
	EXPECT_EQ(0, cs.associations);
	close(self->e.ief);
	self->e.ief = other;
	assoc(&self->e, "234150000000001", 0xa1, T0);
	icf_get_stats(self->e.c, &cs);
	EXPECT_EQ(1, cs.associations);
}

/* Find the OID arcs 04 14 11 01 01 in an encoded record. */
static uint8_t *find_oid(uint8_t *p, size_t n)
{
	static const uint8_t arcs[] = { 0x04, 0x14, 0x11, 0x01, 0x01 };

	for (size_t i = 0; i + sizeof(arcs) <= n; i++)
		if (!memcmp(p + i, arcs, sizeof(arcs)))
			return p + i;
	return NULL;
}

/* Well-framed bad records are counted and skipped; the IEF stays up. */
TEST_F(sockets, bad_records_skipped)
{
	struct ief_listener_stats st;
	struct icf_stats cs;
	struct lixer_msg m;
	uint8_t buf[1024], *o;
	size_t n;

	mk_lassoc(&m, "234150000000001", 0xa1, T0);
	n = encode(&m, buf, sizeof(buf));
	ASSERT_GT(n, 0);
	o = find_oid(buf, n);
	ASSERT_NE(NULL, o);
	o[4] = 0x02; /* iEF(2): not our record OID */
	send_bytes(self->e.ief, buf, n);
	o[4] = 0x01;
	o[5 + 2] = 0xa7; /* record [2] holds alternative [7]: unknown */
	send_bytes(self->e.ief, buf, n);
	/* A SUPI with a letter: decodes as BER but is not a valid value. */
	mk_lassoc(&m, "23415000000000x", 0xa1, T0);
	n = encode(&m, buf, sizeof(buf));
	if (n)
		send_bytes(self->e.ief, buf, n);
	assoc(&self->e, "234150000000001", 0xa1, T0);
	ASSERT_EQ(0, wait_records(&self->e, n ? 4 : 3));
	ief_listener_get_stats(self->e.l, &st);
	EXPECT_EQ(1, st.wrong_oid);
	EXPECT_EQ(1, st.unknown_records);
	EXPECT_EQ(n ? 1 : 0, st.malformed_records + st.refused_by_cache);
	EXPECT_EQ(1, st.associations);
	EXPECT_EQ(0, st.framing_errors);
	EXPECT_EQ(1, st.conns_open); /* still connected */
	icf_get_stats(self->e.c, &cs);
	EXPECT_EQ(1, cs.associations);
}

/* Several IEFs at once, records split across writes. */
TEST_F(sockets, several_iefs_interleaved)
{
	int fds[3] = { self->e.ief, tcp_connect(ief_listener_port(self->e.l)),
		       tcp_connect(ief_listener_port(self->e.l)) };
	uint8_t bufs[3][1024];
	size_t lens[3];
	struct icf_stats cs;
	struct lixer_msg m;
	char supi[3][32];

	for (int i = 0; i < 3; i++) {
		ASSERT_GE(fds[i], 0);
		snprintf(supi[i], sizeof(supi[i]), "23415000000001%d", i);
		mk_lassoc(&m, supi[i], 0xb0 + i, T0);
		lens[i] = encode(&m, bufs[i], sizeof(bufs[i]));
		ASSERT_GT(lens[i], 10);
	}
	/* First halves from everyone, then the rest. */
	for (int i = 0; i < 3; i++) {
		send_bytes(fds[i], bufs[i], 7);
		pump_once(&self->e, 1);
	}
	for (int i = 2; i >= 0; i--)
		send_bytes(fds[i], bufs[i] + 7, lens[i] - 7);
	ASSERT_EQ(0, wait_records(&self->e, 3));
	icf_get_stats(self->e.c, &cs);
	EXPECT_EQ(3, cs.associations);
	close(fds[1]);
	close(fds[2]);
}

TEST_HARNESS_MAIN
