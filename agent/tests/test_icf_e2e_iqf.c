// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_e2e_iqf.c - the IQF query socket (7.6.3): rejections with a
 * reason, framing limits, ongoing requests, audit, pipelined requests and
 * access control.
 */
#include "icf_e2e.h"

/* 7.6.3.1 rejections arrive over the socket with a reason. */
TEST_F(sockets, rejections)
{
	static const uint8_t junk[] = { 0, 0, 0, 3, 0xff, 0xff, 0xff };
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct iqf_server_stats st;

	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	rq_time(&self->b, T0 - HOUR);
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED, r->status);
	EXPECT_EQ(LMISF__IQF__REJECT_REASON__OUTSIDE_CACHE_PERIOD,
		  r->reject_reason);
	ASSERT_EQ(0, iqf_client_send_raw(&self->e.q, junk, sizeof(junk)));
	lmisf__iqf__server_message__free_unpacked(self->m, NULL);
	self->m = recv_msg(&self->e);
	r = RESP(self->m);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(LMISF__IQF__REJECT_REASON__MALFORMED_MESSAGE,
		  r->reject_reason);
	iqf_server_get_stats(self->e.s, &st);
	EXPECT_EQ(1, st.malformed);
	EXPECT_EQ(2, st.rejected);
}

/* An oversize length prefix cannot be framed: the connection is closed. */
TEST_F(sockets, oversize_query_frame_closes)
{
	static const uint8_t big[] = { 0x7f, 0xff, 0xff, 0xff };
	Lmisf__Iqf__ServerMessage *m = NULL;
	int r = 0;

	ASSERT_EQ(0, iqf_client_send_raw(&self->e.q, big, sizeof(big)));
	for (int i = 0; i < 100 && r == 0; i++) {
		pump_once(&self->e, 1);
		r = iqf_client_recv(&self->e.q, &m, 2);
	}
	EXPECT_EQ(-ECONNRESET, r);
}

/* Ongoing: current associations, then each new one, until deactivated. */
TEST_F(sockets, ongoing_updates)
{
	Lmisf__Iqf__ClientMessage cm = LMISF__IQF__CLIENT_MESSAGE__INIT;
	Lmisf__Iqf__DeactivateAssociationUpdates d =
		LMISF__IQF__DEACTIVATE_ASSOCIATION_UPDATES__INIT;
	Lmisf__Iqf__IdentityAssociationResponse *r;
	Lmisf__Iqf__ServerMessage *u = NULL;
	struct lixer_msg m;
	uint64_t task;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	rq_init(&self->b,
		LMISF__IQF__REQUEST_TYPE__ONGOING_IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	r = query(&self->e, &self->b, &self->m);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND, r->status);
	ASSERT_TRUE(r->has_ongoing_association_task_id);
	task = r->ongoing_association_task_id;
	ASSERT_EQ(1, r->n_associations);
	/* Another SUPI: nothing pushed. */
	assoc(&self->e, "234150000000002", 0xa9, T0 + 1 * SEC);
	/* A new GUTI for ours: the closed one and the new one are pushed. */
	assoc(&self->e, "234150000000001", 0xa2, T0 + 2 * SEC);
	u = recv_msg(&self->e);
	ASSERT_NE(NULL, u);
	ASSERT_EQ(LMISF__IQF__SERVER_MESSAGE__MSG_UPDATE, u->msg_case);
	EXPECT_EQ(task, u->update->ongoing_association_task_id);
	EXPECT_EQ(0xa1, u->update->update_details->five_g_guti->five_g_tmsi);
	EXPECT_NE(NULL, u->update->update_details->association_end_time);
	lmisf__iqf__server_message__free_unpacked(u, NULL);
	u = recv_msg(&self->e);
	ASSERT_NE(NULL, u);
	ASSERT_EQ(LMISF__IQF__SERVER_MESSAGE__MSG_UPDATE, u->msg_case);
	EXPECT_EQ(0xa2, u->update->update_details->five_g_guti->five_g_tmsi);
	EXPECT_EQ(NULL, u->update->update_details->association_end_time);
	lmisf__iqf__server_message__free_unpacked(u, NULL);
	/* Deactivate. */
	d.ongoing_association_task_id = task;
	cm.msg_case = LMISF__IQF__CLIENT_MESSAGE__MSG_DEACTIVATE;
	cm.deactivate = &d;
	ASSERT_EQ(0, iqf_client_send(&self->e.q, &cm));
	u = recv_msg(&self->e);
	ASSERT_NE(NULL, RESP(u));
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__DEACTIVATED,
		  u->response->status);
	lmisf__iqf__server_message__free_unpacked(u, NULL);
	/* No more updates. */
	mk_ldeassoc(&m, "234150000000001", 0xa2, T0 + 3 * SEC);
	send_msg(self->e.ief, &m);
	assoc(&self->e, "234150000000001", 0xa3, T0 + 4 * SEC);
	u = NULL;
	for (int i = 0; i < 20 && !u; i++) {
		pump_once(&self->e, 1);
		if (iqf_client_recv(&self->e.q, &u, 1) < 0)
			break;
	}
	EXPECT_EQ(NULL, u);
	/* Deactivating again: unknown task. */
	ASSERT_EQ(0, iqf_client_send(&self->e.q, &cm));
	u = recv_msg(&self->e);
	ASSERT_NE(NULL, RESP(u));
	EXPECT_EQ(LMISF__IQF__REJECT_REASON__UNKNOWN_TASK,
		  u->response->reject_reason);
	lmisf__iqf__server_message__free_unpacked(u, NULL);
}

/* Audit: who, what, when, how many; never the identifiers. */
TEST_F(sockets, audit_log_without_identifiers)
{
	char log[4096], want[64];
	ssize_t n;
	int fd;

	assoc(&self->e, "234150000000001", 0x9e3779b1, T0);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	self->b.req.reference = (char *)"LEA-REF-7";
	ASSERT_NE(NULL, query(&self->e, &self->b, &self->m));
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_guti(&self->b, 0x9e3779b1);
	ASSERT_NE(NULL, query(&self->e, &self->b, &self->m));
	fd = open(self->e.audit, O_RDONLY);
	ASSERT_GE(fd, 0);
	n = read(fd, log, sizeof(log) - 1);
	close(fd);
	ASSERT_GT(n, 0);
	log[n] = '\0';
	snprintf(want, sizeof(want), "uid=%u ", (unsigned int)getuid());
	EXPECT_NE(NULL, strstr(log, want));
	EXPECT_NE(NULL, strstr(log, "type=identity key=supi"));
	EXPECT_NE(NULL, strstr(log, "key=5g-guti"));
	EXPECT_NE(NULL, strstr(log, "ref=\"LEA-REF-7\""));
	EXPECT_NE(NULL, strstr(log, "status=found"));
	EXPECT_NE(NULL, strstr(log, "results=1"));
	EXPECT_NE(NULL, strstr(log, "2026-01-01T00:00:00.000Z iqf request"));
	EXPECT_EQ(NULL, strstr(log, "234150000000001"));
	/*
	 * The 5G-TMSI in either notation. It is long enough that the
	 * connection's pid or serial cannot contain it by chance, as a
	 * three-digit value could.
	 */
	EXPECT_EQ(NULL, strstr(log, "2654435761"));
	EXPECT_EQ(NULL, strcasestr(log, "9e3779b1"));
}

/* Many requests in one write: every one answered, in order. */
TEST_F(sockets, pipelined_requests)
{
	Lmisf__Iqf__ClientMessage cm = LMISF__IQF__CLIENT_MESSAGE__INIT;
	static uint8_t buf[200 * 64];
	size_t len = 0;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	self->b.req.has_request_id = 1;
	cm.msg_case = LMISF__IQF__CLIENT_MESSAGE__MSG_REQUEST;
	cm.request = &self->b.req;
	for (int i = 0; i < 200; i++) {
		size_t n;
		uint8_t *f;

		self->b.req.request_id = (uint64_t)i;
		f = iqf_frame(&cm.base, &n);
		ASSERT_NE(NULL, f);
		ASSERT_LE(len + n, sizeof(buf));
		memcpy(buf + len, f, n);
		len += n;
		free(f);
	}
	ASSERT_EQ(0, iqf_client_send_raw(&self->e.q, buf, len));
	for (int i = 0; i < 200; i++) {
		Lmisf__Iqf__ServerMessage *m = recv_msg(&self->e);

		ASSERT_NE(NULL, RESP(m));
		EXPECT_EQ((uint64_t)i, m->response->request_id);
		EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND,
			  m->response->status);
		lmisf__iqf__server_message__free_unpacked(m, NULL);
	}
}

/* A request split across reads (inside the prefix, inside the body). */
TEST_F(sockets, request_split_across_reads)
{
	Lmisf__Iqf__ClientMessage cm = LMISF__IQF__CLIENT_MESSAGE__INIT;
	Lmisf__Iqf__ServerMessage *m;
	uint8_t *f;
	size_t n;

	assoc(&self->e, "234150000000001", 0xa1, T0);
	rq_init(&self->b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&self->b, "234150000000001");
	cm.msg_case = LMISF__IQF__CLIENT_MESSAGE__MSG_REQUEST;
	cm.request = &self->b.req;
	f = iqf_frame(&cm.base, &n);
	ASSERT_NE(NULL, f);
	ASSERT_GT(n, 10);
	ASSERT_EQ(0, iqf_client_send_raw(&self->e.q, f, 2));
	pump_once(&self->e, 1);
	ASSERT_EQ(0, iqf_client_send_raw(&self->e.q, f + 2, 6));
	pump_once(&self->e, 1);
	ASSERT_EQ(0, iqf_client_send_raw(&self->e.q, f + 8, n - 8));
	free(f);
	m = recv_msg(&self->e);
	ASSERT_NE(NULL, RESP(m));
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND,
		  m->response->status);
	lmisf__iqf__server_message__free_unpacked(m, NULL);
}

/* Access: socket mode as configured; uids outside the list refused. */
TEST(access_control)
{
	uid_t other = getuid() + 1;
	struct iqf_server_config sc = { .mode = 0600,
					.gid = (gid_t)-1,
					.allowed_uids = &other,
					.n_allowed_uids = 1 };
	Lmisf__Iqf__ServerMessage *m = NULL;
	struct iqf_server_stats st;
	struct stat sb;
	struct e2e e;
	int r = 0;

	ASSERT_EQ(0, e2e_setup(&e, &sc));
	ASSERT_EQ(0, stat(e.sock, &sb));
	EXPECT_EQ(0600, sb.st_mode & 0777);
	for (int i = 0; i < 100 && r == 0; i++) {
		pump_once(&e, 1);
		r = iqf_client_recv(&e.q, &m, 2);
	}
	EXPECT_EQ(-ECONNRESET, r);
	iqf_server_get_stats(e.s, &st);
	EXPECT_EQ(1, st.clients_refused);
	EXPECT_EQ(0, st.clients_accepted);
	e2e_teardown(&e);
}

TEST_HARNESS_MAIN
