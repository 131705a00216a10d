// SPDX-License-Identifier: GPL-2.0
/*
 * test_iqf_outq.c - the IQF server's output queue (a struct streambuf per
 * connection): answers to a client that does not read are queued past
 * the buffer's first allocation; a write the socket takes only in part
 * leaves the rest queued, and answers packed after it (straight from the
 * cache, and through protobuf-c for a rejection) follow it: the client
 * gets every answer once, whole, in order. A client whose queue passes
 * max_outq is dropped.
 */
#include "icf_e2e.h"
#include "iqf_server_int.h"

#define SUPI "234150000000001"

/* Request @id for SUPI's most recent association, framed, into @out. */
static size_t request(uint64_t id, uint8_t *out, size_t cap)
{
	Lmisf__Iqf__ClientMessage cm = LMISF__IQF__CLIENT_MESSAGE__INIT;
	struct req_buf b;
	uint8_t *f;
	size_t n;

	rq_init(&b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&b, SUPI);
	b.req.has_request_id = 1;
	b.req.request_id = id;
	cm.msg_case = LMISF__IQF__CLIENT_MESSAGE__MSG_REQUEST;
	cm.request = &b.req;
	f = iqf_frame(&cm.base, &n);
	if (!f || n > cap)
		abort();
	memcpy(out, f, n);
	free(f);
	return n;
}

/*
 * Requests @from..@to-1, 100 a write, the server pumped in between. 0, or
 * the first write's error.
 */
static int send_requests(struct e2e *e, uint64_t from, uint64_t to)
{
	int r;

	static uint8_t buf[100 * 64];

	while (from < to) {
		size_t len = 0;

		for (int i = 0; i < 100 && from < to; i++)
			len += request(from++, buf + len, sizeof(buf) - len);
		r = iqf_client_send_raw(&e->q, buf, len);
		if (r)
			return r;
		for (int i = 0; i < 4; i++)
			pump_once(e, 1);
	}
	return 0;
}

static struct iqf_conn *the_conn(struct e2e *e)
{
	return e->s->conns;
}

/* The next message is the answer to request @id, found. */
static int answer_to(struct e2e *e, uint64_t id)
{
	Lmisf__Iqf__ServerMessage *m = recv_msg(e);
	int ok = m && RESP(m) && m->response->has_request_id &&
		 m->response->request_id == id &&
		 m->response->status ==
			 LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND &&
		 m->response->n_associations == 1;

	if (m)
		lmisf__iqf__server_message__free_unpacked(m, NULL);
	return ok;
}

TEST_F(sockets, backlog_after_partial_write_in_order)
{
	static const uint8_t junk[] = { 0, 0, 0, 3, 0xff, 0xff, 0xff };
	struct iqf_server_stats st;
	struct iqf_conn *c;
	uint64_t next = 0;
	int partial = 0;

	assoc(&self->e, SUPI, 0xa1, T0);
	/*
	 * 4000 answers (some 400 KB) to a client that does not read: more
	 * than the socket holds, so they queue, far past STREAMBUF_MIN.
	 */
	ASSERT_EQ(0, send_requests(&self->e, 0, 4000));
	c = the_conn(&self->e);
	ASSERT_NE(NULL, c);
	EXPECT_GT(c->out.cap, STREAMBUF_MIN);
	ASSERT_GT(c->out.len, c->out.head);
	/*
	 * The client reads a little at a time; the server writes what the
	 * socket takes, which is less than the queue: part of it stays,
	 * out.head past the start.
	 */
	while (next < 1000) {
		ASSERT_TRUE(answer_to(&self->e, next))
		TH_LOG("answer %llu", (unsigned long long)next);
		next++;
		if (c->out.head && c->out.head < c->out.len)
			partial = 1;
	}
	ASSERT_TRUE(partial);
	/* More output while part of the queue is unsent: a rejection too. */
	ASSERT_EQ(0, iqf_client_send_raw(&self->e.q, junk, sizeof(junk)));
	ASSERT_EQ(0, send_requests(&self->e, 4000, 4200));
	while (next < 4000) {
		ASSERT_TRUE(answer_to(&self->e, next))
		TH_LOG("answer %llu", (unsigned long long)next);
		next++;
	}
	self->m = recv_msg(&self->e);
	ASSERT_NE(NULL, RESP(self->m));
	EXPECT_EQ(LMISF__IQF__REJECT_REASON__MALFORMED_MESSAGE,
		  self->m->response->reject_reason);
	while (next < 4200) {
		ASSERT_TRUE(answer_to(&self->e, next))
		TH_LOG("answer %llu", (unsigned long long)next);
		next++;
	}
	iqf_server_get_stats(self->e.s, &st);
	EXPECT_EQ(4200, st.requests);
	EXPECT_EQ(1, st.malformed);
	EXPECT_EQ(0, st.clients_dropped_slow);
	EXPECT_EQ(0, c->out.len);
	EXPECT_EQ(0, c->out.head);
}

/* A client whose queue passes max_outq is dropped; the others stay. */
TEST(slow_client_dropped)
{
	struct iqf_server_config sc = { .mode = 0600,
					.gid = (gid_t)-1,
					.max_outq = 16384 };
	Lmisf__Iqf__ServerMessage *m = NULL;
	struct iqf_server_stats st;
	struct req_buf b;
	struct e2e e;
	int r = 0;

	ASSERT_EQ(0, e2e_setup(&e, &sc));
	assoc(&e, SUPI, 0xa1, T0);
	/* Stops at the first write after the drop (EPIPE). */
	send_requests(&e, 0, 4000);
	iqf_server_get_stats(e.s, &st);
	EXPECT_EQ(1, st.clients_dropped_slow);
	EXPECT_GT(st.requests, 100);
	EXPECT_LT(st.requests, 4000);
	/* What was sent before arrives; then the connection ends. */
	for (int i = 0; i < 10000 && r >= 0; i++) {
		pump_once(&e, 0);
		r = iqf_client_recv(&e.q, &m, 2);
		if (m)
			lmisf__iqf__server_message__free_unpacked(m, NULL);
		m = NULL;
	}
	EXPECT_EQ(-ECONNRESET, r);
	/* A new client is answered. */
	iqf_client_close(&e.q);
	ASSERT_EQ(0, iqf_client_connect(&e.q, e.sock));
	rq_init(&b, LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION);
	rq_supi(&b, SUPI);
	m = ask(&e, &b);
	ASSERT_NE(NULL, RESP(m));
	EXPECT_EQ(LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND,
		  m->response->status);
	lmisf__iqf__server_message__free_unpacked(m, NULL);
	e2e_teardown(&e);
}

TEST_HARNESS_MAIN
