// SPDX-License-Identifier: GPL-2.0
/*
 * test_deliver.c - X2/X3 delivery to a mediation function on 127.0.0.1
 * (tests/mdf_fixture.h, on the test's loop): PDUs arrive in order and
 * byte-exact; a destination that is down gets its PDUs spooled and
 * resent in order when it is back, with counters that agree exactly; an
 * agent restart replays the spool before new PDUs; the spool limit drops
 * and counts; keepalives are answered, and a peer that stops answering is
 * dropped; TLS with mutual authentication works, and a wrong CA, a
 * client certificate the MDF does not trust or a wrong name are refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "config.h"
#include "deliver.h"
#include "ief_listener.h"
#include "mdf_fixture.h"
#include "tls_certs.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#define DID_TXT "7f1d1a52-93a4-4bb7-8c3e-0e2f7d9a4b11"
static const uint8_t TASK[16] = { 0x8c, 0x29, 0x2f, 0xa1, 0x58, 0x31,
				  0x46, 0xec, 0x86, 0xbe, 0xbd, 0x85,
				  0xf2, 0x08, 0x32, 0x99 };

FIXTURE(dl)
{
	struct loop *l;
	struct tmdf m;
	struct lm_config cfg;
	struct deliver *d;
	uint8_t did[16];
	char spool[64];
	uint64_t cb_pdus, cb_bytes;
	uint8_t *pdu[256];
	size_t len[256];
};

static void sent_cb(void *arg, const uint8_t xid[16], enum x2x3_pdu_type t,
		    size_t bytes, uint64_t ts)
{
	FIXTURE_DATA(dl) *self = arg;

	(void)t;
	(void)ts;
	if (!memcmp(xid, TASK, 16)) {
		self->cb_pdus++;
		self->cb_bytes += bytes;
	}
}

/* PDU i: X2 or X3, sequence number i, a payload of @size bytes. */
static void make_pdus(FIXTURE_DATA(dl) * self, unsigned int n, size_t size)
{
	for (unsigned int i = 0; i < n; i++) {
		struct x2x3_pdu p = { .version = 5 };
		uint8_t *pl = malloc(size + i % 7);
		ssize_t k;

		p.type = i % 2 ? X2X3_PDU_X3 : X2X3_PDU_X2;
		p.payload_format = i % 2 ? X2X3_PF_IPV4 : X2X3_PF_3GPP_33128;
		p.direction = X2X3_DIR_FROM_TARGET;
		memcpy(p.xid, TASK, 16);
		p.correlation_id = 1000 + i;
		p.present = 1u << X2X3_A_SEQ;
		p.seq = i;
		for (size_t j = 0; j < size + i % 7; j++)
			pl[j] = (uint8_t)(i + j);
		p.payload = pl;
		p.payload_len = size + i % 7;
		k = x2x3_encoded_size(&p);
		self->pdu[i] = malloc((size_t)k);
		self->len[i] = (size_t)x2x3_encode(&p, self->pdu[i], (size_t)k);
		free(pl);
	}
}

static int submit(FIXTURE_DATA(dl) * self, unsigned int i)
{
	return deliver_submit(self->d, TASK, i % 2 ? X2X3_PDU_X3 : X2X3_PDU_X2,
			      (const uint8_t(*)[16])self->did, 1, self->pdu[i],
			      self->len[i]);
}

/* Received PDU k must be PDU @first + k, byte for byte. */
static bool received_in_order(FIXTURE_DATA(dl) * self, unsigned int n)
{
	if (self->m.n != n)
		return false;
	for (unsigned int k = 0; k < n; k++)
		if (self->m.len[k] != self->len[k] ||
		    memcmp(self->m.pdu[k], self->pdu[k], self->len[k]))
			return false;
	return true;
}

static int load_cfg(FIXTURE_DATA(dl) * self, const char *extra_dest,
		    const char *spool_max)
{
	char text[2048], err[512];
	int r;

	config_free(&self->cfg);
	snprintf(text, sizeof(text),
		 "[delivery]\nkeepalive_interval_s = 0\n"
		 "reconnect_min_ms = 10\nreconnect_max_ms = 40\n"
		 "[destination " DID_TXT "]\naddress = 127.0.0.1\n"
		 "port = %u\n%s"
		 "[spool]\ndir = %s\nmax_bytes = %s\nfsync = never\n",
		 self->m.port, extra_dest ? extra_dest : "", self->spool,
		 spool_max ? spool_max : "64M");
	r = config_parse(&self->cfg, text, "test.conf", err, sizeof(err));
	if (r)
		fprintf(stderr, "# %s\n", err);
	return r;
}

static struct deliver *start(FIXTURE_DATA(dl) * self,
			     const struct deliver_tuning *t)
{
	char err[512];
	struct deliver *d = deliver_new(self->l, &self->cfg, t, sent_cb, self,
					err, sizeof(err));

	if (!d)
		fprintf(stderr, "# deliver_new: %s\n", err);
	return d;
}

static struct deliver_stats stats(FIXTURE_DATA(dl) * self)
{
	struct deliver_stats s;

	deliver_get_stats(self->d, &s);
	return s;
}

FIXTURE_SETUP(dl)
{
	log_set_level(LOG_LVL_ERR); /* expected refusals are warnings */
	self->l = loop_new();
	ASSERT_NE(NULL, self->l);
	tmdf_init(&self->m, self->l);
	config_default(&self->cfg);
	ASSERT_EQ(0, x2x3_uuid_parse(DID_TXT, self->did));
	strcpy(self->spool, "/tmp/lmisf-dlv-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->spool));
	make_pdus(self, 200, 40);
}

FIXTURE_TEARDOWN(dl)
{
	char cmd[128];

	deliver_free(self->d);
	tmdf_free(&self->m);
	config_free(&self->cfg);
	loop_free(self->l);
	for (unsigned int i = 0; i < 256; i++)
		free(self->pdu[i]);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->spool);
	if (system(cmd))
		TH_LOG("cleanup failed");
}

TEST_F(dl, in_order_byte_exact)
{
	struct deliver_stats s;

	ASSERT_EQ(0, tmdf_start(&self->m, 0));
	ASSERT_EQ(0, load_cfg(self, NULL, NULL));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	ASSERT_TRUE(WAIT_FOR(self->l, deliver_dest_up(self->d, self->did)));
	for (unsigned int i = 0; i < 200; i++)
		ASSERT_EQ(0, submit(self, i));
	ASSERT_TRUE(WAIT_FOR(self->l, self->m.n == 200));
	EXPECT_TRUE(received_in_order(self, 200));
	s = stats(self);
	EXPECT_EQ(200, s.sent);
	EXPECT_EQ(0, s.spooled);
	EXPECT_EQ(0, s.resent);
	EXPECT_EQ(200, self->cb_pdus);
	EXPECT_EQ(0, self->m.bad);
}

TEST_F(dl, down_spooled_back_resent_in_order)
{
	struct deliver_stats s;
	uint16_t port;

	ASSERT_EQ(0, tmdf_start(&self->m, 0));
	port = self->m.port;
	ASSERT_EQ(0, load_cfg(self, NULL, NULL));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	ASSERT_TRUE(WAIT_FOR(self->l, deliver_dest_up(self->d, self->did)));
	for (unsigned int i = 0; i < 10; i++)
		ASSERT_EQ(0, submit(self, i));
	ASSERT_TRUE(WAIT_FOR(self->l, self->m.n == 10));
	tmdf_stop(&self->m);
	ASSERT_TRUE(WAIT_FOR(self->l, !deliver_dest_up(self->d, self->did)));
	for (unsigned int i = 10; i < 150; i++)
		ASSERT_EQ(0, submit(self, i));
	s = stats(self);
	EXPECT_EQ(10, s.sent);
	EXPECT_EQ(140, s.spooled);
	EXPECT_EQ(1, s.disconnects);
	EXPECT_LT(0, s.spool_pending_bytes);
	/* refused reconnections while it is down */
	ASSERT_TRUE(WAIT_FOR(self->l, stats(self).connect_failures >= 2));
	ASSERT_EQ(0, tmdf_start(&self->m, port));
	/* newer PDUs while the spool drains go after it */
	ASSERT_TRUE(WAIT_FOR(self->l, deliver_dest_up(self->d, self->did)));
	for (unsigned int i = 150; i < 200; i++)
		ASSERT_EQ(0, submit(self, i));
	ASSERT_TRUE(
		WAIT_FOR(self->l, self->m.n == 200 && deliver_idle(self->d)));
	EXPECT_TRUE(received_in_order(self, 200));
	s = stats(self);
	EXPECT_EQ(200, s.sent + s.resent);
	EXPECT_EQ(s.spooled, s.resent);
	EXPECT_EQ(0, s.dropped_by_limit);
	EXPECT_EQ(0, s.spool_pending_bytes);
	EXPECT_EQ(200, self->cb_pdus);
}

TEST_F(dl, slow_peer_overflows_to_spool_in_order)
{
	struct deliver_tuning t = { .queue_bytes = 4096 };
	struct deliver_stats s;

	for (unsigned int i = 0; i < 200; i++)
		free(self->pdu[i]);
	make_pdus(self, 200, 100000); /* 20 MB: more than the socket holds */
	ASSERT_EQ(0, tmdf_start(&self->m, 0));
	ASSERT_EQ(0, load_cfg(self, NULL, NULL));
	self->d = start(self, &t);
	ASSERT_NE(NULL, self->d);
	ASSERT_TRUE(WAIT_FOR(self->l, deliver_dest_up(self->d, self->did) &&
					      self->m.cfd >= 0));
	tmdf_pause(&self->m, true);
	for (unsigned int i = 0; i < 200; i++)
		ASSERT_EQ(0, submit(self, i));
	s = stats(self);
	EXPECT_LT(0, s.spooled); /* the queue overflowed while up */
	EXPECT_EQ(0, s.disconnects);
	tmdf_pause(&self->m, false);
	ASSERT_TRUE(
		WAIT_FOR(self->l, self->m.n == 200 && deliver_idle(self->d)));
	EXPECT_TRUE(received_in_order(self, 200));
	s = stats(self);
	EXPECT_EQ(200, s.sent + s.resent);
	EXPECT_EQ(s.spooled, s.resent);
	EXPECT_EQ(200, self->cb_pdus);
}

TEST_F(dl, restart_replays_spool_first)
{
	struct deliver_stats s;
	uint16_t port;

	ASSERT_EQ(0, tmdf_start(&self->m, 0));
	port = self->m.port;
	tmdf_stop(&self->m); /* a port with nobody behind it */
	ASSERT_EQ(0, load_cfg(self, NULL, NULL));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	for (unsigned int i = 0; i < 30; i++)
		ASSERT_EQ(0, submit(self, i));
	EXPECT_EQ(30, stats(self).spooled);
	deliver_flush(self->d);
	deliver_free(self->d); /* the agent stops */
	self->d = NULL;

	ASSERT_EQ(0, tmdf_start(&self->m, port));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	EXPECT_FALSE(deliver_idle(self->d));
	for (unsigned int i = 30; i < 40; i++) /* before it connects */
		ASSERT_EQ(0, submit(self, i));
	ASSERT_TRUE(WAIT_FOR(self->l, deliver_idle(self->d)));
	for (unsigned int i = 40; i < 50; i++) /* after: direct */
		ASSERT_EQ(0, submit(self, i));
	ASSERT_TRUE(WAIT_FOR(self->l, self->m.n == 50));
	EXPECT_TRUE(received_in_order(self, 50));
	s = stats(self);
	EXPECT_EQ(40, s.resent);
	EXPECT_EQ(10, s.spooled);
	EXPECT_EQ(10, s.sent);
}

TEST_F(dl, spool_limit_drops_and_counts)
{
	struct deliver_stats s;
	unsigned int dropped = 0;
	uint16_t port;

	/* PDUs of ~100 kB: ten fit in 1 MiB, two do not */
	for (unsigned int i = 0; i < 12; i++)
		free(self->pdu[i]);
	make_pdus(self, 12, 100000);
	ASSERT_EQ(0, tmdf_start(&self->m, 0));
	port = self->m.port;
	tmdf_stop(&self->m);
	ASSERT_EQ(0, load_cfg(self, NULL, "1M"));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	for (unsigned int i = 0; i < 12; i++) {
		int r = submit(self, i);

		if (r == -ENOSPC)
			dropped++;
		else
			ASSERT_EQ(0, r);
	}
	s = stats(self);
	EXPECT_EQ(2, dropped);
	EXPECT_EQ(2, s.dropped_by_limit);
	EXPECT_EQ(10, s.spooled);
	ASSERT_EQ(0, tmdf_start(&self->m, port));
	ASSERT_TRUE(
		WAIT_FOR(self->l, self->m.n == 10 && deliver_idle(self->d)));
	EXPECT_TRUE(received_in_order(self, 10));
	EXPECT_EQ(10, stats(self).resent);
}

TEST_F(dl, keepalives_answered)
{
	struct deliver_tuning t = { .keepalive_interval_ms = 20,
				    .keepalive_timeout_ms = 60000 };
	struct deliver_stats s;

	ASSERT_EQ(0, tmdf_start(&self->m, 0));
	ASSERT_EQ(0, load_cfg(self, NULL, NULL));
	self->d = start(self, &t);
	ASSERT_NE(NULL, self->d);
	ASSERT_TRUE(WAIT_FOR(self->l, stats(self).keepalives_acked >= 3));
	s = stats(self);
	EXPECT_EQ(0, s.keepalive_timeouts);
	EXPECT_EQ(0, s.disconnects);
	EXPECT_LE(s.keepalives_acked, s.keepalives_sent);
	EXPECT_LE(3, self->m.keepalives);
	EXPECT_EQ(1, self->m.accepted);
	EXPECT_EQ(0, self->m.n); /* keepalives are no PDUs */
	EXPECT_EQ(0, self->cb_pdus);
}

TEST_F(dl, dead_peer_detected)
{
	struct deliver_tuning t = { .keepalive_interval_ms = 20,
				    .keepalive_timeout_ms = 50 };
	struct deliver_stats s;

	ASSERT_EQ(0, tmdf_start(&self->m, 0));
	self->m.no_ack = true;
	ASSERT_EQ(0, load_cfg(self, NULL, NULL));
	self->d = start(self, &t);
	ASSERT_NE(NULL, self->d);
	ASSERT_TRUE(WAIT_FOR(self->l, stats(self).keepalive_timeouts >= 1 &&
					      self->m.accepted >= 2));
	s = stats(self);
	EXPECT_LE(1, s.disconnects);
	EXPECT_EQ(0, s.keepalives_acked);
}

TEST_F(dl, reconfigure_moves_destination_keeps_spool)
{
	struct deliver_stats s;

	ASSERT_EQ(0, tmdf_start(&self->m, 0));
	tmdf_stop(&self->m); /* the old address: nobody there */
	ASSERT_EQ(0, load_cfg(self, NULL, NULL));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	for (unsigned int i = 0; i < 20; i++)
		ASSERT_EQ(0, submit(self, i));
	ASSERT_EQ(20, stats(self).spooled);
	/* SIGHUP: the same DID at another port, where an MDF listens */
	ASSERT_EQ(0, tmdf_start(&self->m, 0));
	ASSERT_EQ(0, load_cfg(self, NULL, NULL));
	ASSERT_EQ(0, deliver_reconfigure(self->d, &self->cfg));
	for (unsigned int i = 20; i < 30; i++)
		ASSERT_EQ(0, submit(self, i));
	ASSERT_TRUE(
		WAIT_FOR(self->l, self->m.n == 30 && deliver_idle(self->d)));
	EXPECT_TRUE(received_in_order(self, 30));
	s = stats(self);
	EXPECT_EQ(30, s.spooled + s.sent);
	EXPECT_EQ(s.spooled, s.resent);
	/* a bad reload keeps what runs */
	config_free(&self->cfg);
	config_default(&self->cfg);
	self->cfg.n_dests = 1;
	self->cfg.dests = calloc(1, sizeof(*self->cfg.dests));
	self->cfg.dests[0].address = strdup("not-an-address");
	self->cfg.dests[0].port = 1;
	self->cfg.spool.dir = strdup(self->spool);
	EXPECT_EQ(-EINVAL, deliver_reconfigure(self->d, &self->cfg));
	EXPECT_TRUE(deliver_dest_up(self->d, self->did));
}

TEST_F(dl, unreadable_tls_files_refused_at_start)
{
	char err[512];

	ASSERT_EQ(0, tmdf_start(&self->m, 0));
	ASSERT_EQ(0, load_cfg(self,
			      "tls = yes\nca = /nonexistent/ca.pem\n"
			      "cert = /nonexistent/c.pem\n"
			      "key = /nonexistent/c.key\n",
			      NULL));
	self->d = deliver_new(self->l, &self->cfg, NULL, NULL, NULL, err,
			      sizeof(err));
	ASSERT_EQ(NULL, self->d);
	EXPECT_NE(NULL, strstr(err, "destination line 5: TLS files"))
	TH_LOG("%s", err);
}

TEST_F(dl, unknown_did_refused_and_counted)
{
	uint8_t other[2][16];

	ASSERT_EQ(0, tmdf_start(&self->m, 0));
	tmdf_stop(&self->m); /* nobody there */
	ASSERT_EQ(0, load_cfg(self, NULL, NULL));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	memset(other[0], 0x42, 16);
	memcpy(other[1], self->did, 16);
	EXPECT_EQ(-ENOENT, deliver_submit(self->d, TASK, X2X3_PDU_X2,
					  (const uint8_t(*)[16])other, 2,
					  self->pdu[0], self->len[0]));
	EXPECT_EQ(1, stats(self).unknown_did);
	EXPECT_EQ(1, stats(self).spooled); /* the known one took it */
}

TEST_F(dl, stats_line_names)
{
	char line[1024];

	ASSERT_EQ(0, tmdf_start(&self->m, 0));
	tmdf_stop(&self->m); /* nobody there */
	ASSERT_EQ(0, load_cfg(self, NULL, NULL));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	ASSERT_LT(0, deliver_stats_line(self->d, line, sizeof(line)));
	EXPECT_NE(NULL, strstr(line, "x2x3_sent=0 x2x3_spooled=0 "
				     "x2x3_resent=0 x2x3_dropped_by_limit=0"));
	EXPECT_NE(NULL, strstr(line, " x2x3_keepalives_acked=0"));
	EXPECT_NE(NULL, strstr(line, " x2x3_tls_failures=0"));
	EXPECT_EQ(-ENOSPC, deliver_stats_line(self->d, line, 20));
}

/* TLS: the MDF requires a client certificate from "ca" (srv's CA). */
static int tls_setup(FIXTURE_DATA(dl) * self, const char *ca, const char *cli,
		     const char *name)
{
	char p[3][128], extra[1024];

	snprintf(p[0], sizeof(p[0]), "%s/srv.pem", dir);
	snprintf(p[1], sizeof(p[1]), "%s/srv.key", dir);
	snprintf(p[2], sizeof(p[2]), "%s/ca.pem", dir);
	self->m.ctx = ief_tls_server_ctx(p[0], p[1], p[2]);
	if (!self->m.ctx || tmdf_start(&self->m, 0))
		return -1;
	snprintf(extra, sizeof(extra),
		 "tls = yes\nca = %s/%s.pem\ncert = %s/%s.pem\n"
		 "key = %s/%s.key\nserver_name = %s\n",
		 dir, ca, dir, cli, dir, cli, name);
	return load_cfg(self, extra, NULL);
}

/* Made once by the first TLS test (tests run in forked children: each
 * makes them when it is the first in its process). */
static int certs_ready(void)
{
	static int done;

	if (done)
		return done > 0 ? 0 : -1;
	if (system("command -v openssl >/dev/null 2>&1")) {
		done = -1;
		return -1;
	}
	strcpy(dir, "/tmp/lmisf-dlvtls-XXXXXX");
	if (!mkdtemp(dir) || make_certs()) {
		done = -1;
		return -1;
	}
	done = 1;
	return 0;
}

TEST_F(dl, tls_mutual_ok)
{
	struct deliver_stats s;

	if (certs_ready())
		SKIP(return, "no openssl command");
	ASSERT_EQ(0, tls_setup(self, "ca", "cli", "srv"));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	ASSERT_TRUE(WAIT_FOR(self->l, deliver_dest_up(self->d, self->did)));
	for (unsigned int i = 0; i < 50; i++)
		ASSERT_EQ(0, submit(self, i));
	ASSERT_TRUE(WAIT_FOR(self->l, self->m.n == 50));
	EXPECT_TRUE(received_in_order(self, 50));
	s = stats(self);
	EXPECT_EQ(50, s.sent);
	EXPECT_EQ(0, s.tls_failures);
	EXPECT_EQ(1, s.keepalives_acked); /* the handshake's confirmation */
}

TEST_F(dl, tls_wrong_ca_refused)
{
	if (certs_ready())
		SKIP(return, "no openssl command");
	/* we trust "evil": the MDF's certificate does not verify */
	ASSERT_EQ(0, tls_setup(self, "evil", "cli", "srv"));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	ASSERT_EQ(0, submit(self, 0));
	ASSERT_TRUE(WAIT_FOR(self->l, stats(self).tls_failures >= 2));
	EXPECT_EQ(0, self->m.n);
	EXPECT_EQ(0, stats(self).sent);
	EXPECT_EQ(1, stats(self).spooled);
}

TEST_F(dl, tls_untrusted_client_cert_refused)
{
	if (certs_ready())
		SKIP(return, "no openssl command");
	/* our certificate is from "evil": the MDF refuses it (with TLS 1.3
	 * after our side of the handshake is done) */
	ASSERT_EQ(0, tls_setup(self, "ca", "bad", "srv"));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	ASSERT_EQ(0, submit(self, 0));
	ASSERT_TRUE(WAIT_FOR(self->l, stats(self).tls_failures >= 2 &&
					      self->m.tls_refused >= 2));
	EXPECT_EQ(0, self->m.n);
	EXPECT_EQ(0, stats(self).sent);
	EXPECT_FALSE(deliver_dest_up(self->d, self->did));
}

TEST_F(dl, tls_wrong_name_refused)
{
	if (certs_ready())
		SKIP(return, "no openssl command");
	ASSERT_EQ(0, tls_setup(self, "ca", "cli", "mdf.example.net"));
	self->d = start(self, NULL);
	ASSERT_NE(NULL, self->d);
	ASSERT_TRUE(WAIT_FOR(self->l, stats(self).tls_failures >= 2));
	EXPECT_EQ(0, self->m.n);
	EXPECT_FALSE(deliver_dest_up(self->d, self->did));
}

TEST_HARNESS_MAIN
