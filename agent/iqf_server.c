// SPDX-License-Identifier: GPL-2.0
/* IQF query server on a Unix socket: framing, access, audit, ongoing. */
#include "iqf_server.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "iqf_server_int.h"

static void audit(struct iqf_server *s, const struct iqf_conn *c,
		  const char *what, const struct iqf_outcome *o,
		  const char *ref, uint64_t task)
{
	static const char *const keys[] = { "-", "supi", "5g-guti", "5g-s-tmsi",
					    "suci" };
	static const char *const status[] = { "-", "found", "none", "rejected",
					      "deactivated" };
	char now[32], buf[512], safe_ref[65];
	lm_ms_t when;
	size_t i, n;
	int len;

	if (s->cfg.audit_fd < 0)
		return;
	/* The LEA's reference, printable ASCII only, bounded. */
	for (i = 0, n = 0; ref && ref[i] && n < sizeof(safe_ref) - 1; i++)
		if (ref[i] > 0x20 && ref[i] < 0x7f && ref[i] != '"')
			safe_ref[n++] = ref[i];
	safe_ref[n] = '\0';
	/* A request's time is the one it was judged at (iqf_begin()). */
	when = o->has_now ? o->now : lm_clock_now(icf_clock(s->icf));
	lm_time_format_rfc3339(when, now);
	len = snprintf(buf, sizeof(buf),
		       "%s iqf %s conn=%llu %s type=%s "
		       "key=%s observed_time=%s ref=\"%s\" status=%s "
		       "reason=%d results=%u supis=%u task=%llu\n",
		       now, what, (unsigned long long)c->serial, c->who,
		       o->type == 2 ? "ongoing" :
		       o->type == 1 ? "identity" :
				      "-",
		       o->key <= 4 ? keys[o->key] : "-",
		       o->has_time ? "yes" : "no", safe_ref,
		       o->status >= 1 && o->status <= 4 ? status[o->status] :
							  "-",
		       o->reject_reason, o->results, o->supis,
		       (unsigned long long)task);
	if (len > 0 && write(s->cfg.audit_fd, buf,
			     (size_t)len < sizeof(buf) ? (size_t)len :
							 sizeof(buf) - 1) < 0)
		fprintf(stderr, "iqf: audit log write failed: %s\n",
			strerror(errno));
}

/* The output buffer with its sent part dropped; -EPIPE when dead. */
static int out_compact(struct iqf_conn *c)
{
	if (c->dead)
		return -EPIPE;
	streambuf_drop(&c->out);
	return 0;
}

/* A client that does not read is dropped. */
static int drop_slow(struct iqf_conn *c)
{
	c->srv->st.clients_dropped_slow++;
	fprintf(stderr, "iqf: client %llu not reading, dropped\n",
		(unsigned long long)c->serial);
	iqf_conn_kill(c);
	return -ENOBUFS;
}

static int out_flush(struct iqf_conn *c)
{
	if (iqf_conn_flush(c)) {
		iqf_conn_kill(c);
		return -EPIPE;
	}
	return 0;
}

/* Queues one framed message, packed straight into the output buffer. */
static int conn_send(struct iqf_conn *c, const ProtobufCMessage *m)
{
	size_t body;

	if (out_compact(c))
		return -EPIPE;
	body = protobuf_c_message_get_packed_size(m);
	if (body > UINT32_MAX - 4)
		return -EMSGSIZE;
	if (c->out.len + 4 + body > c->srv->cfg.max_outq)
		return drop_slow(c);
	if (streambuf_room(&c->out, 4 + body))
		return -ENOMEM;
	iqf_frame_into(m, body, c->out.p + c->out.len);
	c->out.len += 4 + body;
	return out_flush(c);
}

static int send_response(struct iqf_conn *c,
			 Lmisf__Iqf__IdentityAssociationResponse *r)
{
	Lmisf__Iqf__ServerMessage m = LMISF__IQF__SERVER_MESSAGE__INIT;

	m.msg_case = LMISF__IQF__SERVER_MESSAGE__MSG_RESPONSE;
	m.response = r;
	return conn_send(c, &m.base);
}

static void task_free_conn(struct iqf_server *s, struct iqf_conn *c)
{
	for (struct iqf_task **t = &s->tasks; *t;) {
		if ((*t)->conn == c) {
			struct iqf_task *d = *t;

			*t = d->next;
			free(d);
			s->ntasks--;
		} else {
			t = &(*t)->next;
		}
	}
}

/* ICF observer: push new and closed associations to ongoing requests. */
static void on_icf_event(void *arg, enum icf_event ev, uint32_t id)
{
	Lmisf__Iqf__IdentityAssociationUpdate u =
		LMISF__IQF__IDENTITY_ASSOCIATION_UPDATE__INIT;
	Lmisf__Iqf__ServerMessage m = LMISF__IQF__SERVER_MESSAGE__INIT;
	struct iqf_server *s = arg;
	struct iqf_arena ar = { 0 };
	struct icf_view v;

	(void)ev;
	if (!s->tasks || icf_view(s->icf, id, &v))
		return;
	for (struct iqf_task *t = s->tasks; t; t = t->next) {
		if (t->supi.type != v.supi.type || t->supi.len != v.supi.len ||
		    memcmp(t->name, v.supi.val, v.supi.len))
			continue;
		if (!u.update_details) {
			u.update_details = iqf_record(&ar, &v);
			if (!u.update_details)
				break;
		}
		u.ongoing_association_task_id = t->id;
		m.msg_case = LMISF__IQF__SERVER_MESSAGE__MSG_UPDATE;
		m.update = &u;
		if (!conn_send(t->conn, &m.base))
			s->st.updates_sent++;
	}
	iqf_arena_free(&ar);
}

/*
 * An identity-association request: the response is packed straight into
 * the connection's output buffer (iqf_pack.c) and sent, then audited (the
 * line's write(2) is not in the way of the answer).
 */
static void handle_identity(struct iqf_conn *c,
			    const Lmisf__Iqf__IdentityAssociationRequest *req)
{
	struct iqf_server *s = c->srv;
	struct iqf_outcome o;
	int err;

	if (out_compact(c))
		return;
	err = iqf_handle_packed(s->icf, req, &s->res, &s->ar, &c->out, &o);
	iqf_arena_reset(&s->ar);
	if (o.status == LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED)
		s->st.rejected++;
	if (err) {
		audit(s, c, "request", &o, req->reference, 0);
		fprintf(stderr, "iqf: out of memory answering a request\n");
		iqf_conn_kill(c);
		return;
	}
	if (c->out.len > s->cfg.max_outq)
		drop_slow(c);
	else
		out_flush(c);
	audit(s, c, "request", &o, req->reference, 0);
}

static void handle_request(struct iqf_conn *c,
			   const Lmisf__Iqf__IdentityAssociationRequest *req)
{
	struct iqf_server *s = c->srv;
	Lmisf__Iqf__IdentityAssociationResponse *r;
	struct iqf_arena *ar = &s->ar;
	struct iqf_outcome o;
	struct iqf_task *t = NULL;

	s->st.requests++;
	if (req->type !=
	    LMISF__IQF__REQUEST_TYPE__ONGOING_IDENTITY_ASSOCIATION) {
		handle_identity(c, req);
		return;
	}
	r = iqf_handle(s->icf, req, &s->res, ar, &o);
	if (r && o.status != LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED) {
		const Lmisf__Iqf__SUPI *sp = req->request_values->supi;
		const char *val =
			sp->value_case == LMISF__IQF__SUPI__VALUE_SUPI_IMSI ?
				sp->supi_imsi :
				sp->supi_nai;

		if (s->ntasks >= s->cfg.max_ongoing) {
			o.status =
				LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED;
			o.reject_reason =
				LMISF__IQF__REJECT_REASON__TOO_MANY_ONGOING;
			r = iqf_reject(ar, o.reject_reason,
				       "too many ongoing requests");
			if (r && req->has_request_id)
				r->has_request_id = 1,
				r->request_id = req->request_id;
		} else if ((t = calloc(1, sizeof(*t)))) {
			t->id = ++s->next_task;
			t->conn = c;
			t->supi.type =
				sp->value_case ==
						LMISF__IQF__SUPI__VALUE_SUPI_IMSI ?
					ICF_SUPI_IMSI :
					ICF_SUPI_NAI;
			t->supi.len = (uint16_t)strlen(val);
			memcpy(t->name, val, t->supi.len);
			t->supi.val = t->name;
			r->has_ongoing_association_task_id = 1;
			r->ongoing_association_task_id = t->id;
		} else {
			r = NULL;
		}
	}
	if (o.status == LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED)
		s->st.rejected++;
	audit(s, c, "request", &o, req->reference, t ? t->id : 0);
	if (!r) {
		fprintf(stderr, "iqf: out of memory answering a request\n");
		free(t);
		iqf_conn_kill(c);
	} else if (!send_response(c, r) && t) {
		/* Registered after the current associations went out. */
		t->next = s->tasks;
		s->tasks = t;
		s->ntasks++;
		s->st.ongoing_active = s->ntasks;
	} else {
		free(t);
	}
	iqf_arena_reset(ar);
}

static void handle_deactivate(struct iqf_conn *c,
			      const Lmisf__Iqf__DeactivateAssociationUpdates *d)
{
	Lmisf__Iqf__IdentityAssociationResponse r =
		LMISF__IQF__IDENTITY_ASSOCIATION_RESPONSE__INIT;
	struct iqf_server *s = c->srv;
	struct iqf_outcome o = { .type = 2 };
	struct iqf_task **t;

	for (t = &s->tasks; *t; t = &(*t)->next)
		if ((*t)->id == d->ongoing_association_task_id &&
		    (*t)->conn == c)
			break;
	if (*t) {
		struct iqf_task *x = *t;

		*t = x->next;
		free(x);
		s->ntasks--;
		s->st.ongoing_active = s->ntasks;
		r.status = LMISF__IQF__RESPONSE_STATUS__DEACTIVATED;
	} else {
		r.status = LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED;
		r.has_reject_reason = 1;
		r.reject_reason = LMISF__IQF__REJECT_REASON__UNKNOWN_TASK;
		r.reject_detail = (char *)"no such ongoing request on this "
					  "connection";
		s->st.rejected++;
	}
	r.has_ongoing_association_task_id = 1;
	r.ongoing_association_task_id = d->ongoing_association_task_id;
	if (d->has_request_id)
		r.has_request_id = 1, r.request_id = d->request_id;
	o.status = (int)r.status;
	o.reject_reason = r.has_reject_reason ? (int)r.reject_reason : 0;
	audit(s, c, "deactivate", &o, NULL, d->ongoing_association_task_id);
	send_response(c, &r);
}

static void *req_alloc(void *arg, size_t n)
{
	return iqf_arena_alloc(arg, n);
}

static void req_free(void *arg, void *p)
{
	(void)arg;
	(void)p; /* the whole arena is reset after the message */
}

static void handle_message(struct iqf_conn *c, const uint8_t *p, size_t n)
{
	/* The request's parts come from an arena: no malloc() per field. */
	ProtobufCAllocator al = { .alloc = req_alloc,
				  .free = req_free,
				  .allocator_data = &c->srv->req_ar };
	Lmisf__Iqf__ClientMessage *m;

	m = lmisf__iqf__client_message__unpack(&al, n, p);
	if (!m || m->msg_case == LMISF__IQF__CLIENT_MESSAGE__MSG__NOT_SET) {
		struct iqf_arena ar = { 0 };
		struct iqf_outcome o = {
			.status = LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED,
			.reject_reason =
				LMISF__IQF__REJECT_REASON__MALFORMED_MESSAGE,
		};
		Lmisf__Iqf__IdentityAssociationResponse *r;

		c->srv->st.malformed++;
		c->srv->st.rejected++;
		audit(c->srv, c, "malformed", &o, NULL, 0);
		r = iqf_reject(&ar, o.reject_reason,
			       "not a decodable ClientMessage");
		if (r)
			send_response(c, r);
		iqf_arena_free(&ar);
		iqf_arena_reset(&c->srv->req_ar);
		return;
	}
	if (m->msg_case == LMISF__IQF__CLIENT_MESSAGE__MSG_REQUEST)
		handle_request(c, m->request);
	else
		handle_deactivate(c, m->deactivate);
	iqf_arena_reset(&c->srv->req_ar);
}

/*
 * Handles every complete frame in c->in and keeps the partial rest (the
 * next read drops what was handled). -1 when the connection died (or sent
 * an oversize length: framing cannot be trusted past it).
 */
static int consume_frames(struct iqf_conn *c)
{
	struct streambuf *in = &c->in;

	while (in->len - in->head >= 4) {
		uint32_t body = iqf_frame_len(in->p + in->head);

		if (body > IQF_MAX_REQUEST) {
			fprintf(stderr,
				"iqf: client %llu sent an oversize frame, "
				"closing\n",
				(unsigned long long)c->serial);
			c->srv->st.malformed++;
			iqf_conn_kill(c);
			return -1;
		}
		if (in->len - in->head < 4 + (size_t)body)
			break;
		handle_message(c, in->p + in->head + 4, body);
		in->head += 4 + (size_t)body;
		if (c->dead)
			return -1;
	}
	return 0;
}

static void conn_read(struct iqf_conn *c)
{
	if (c->ssl && !iqf_conn_tls_ready(c))
		return;
	/*
	 * As much as fits per read (pipelined requests arrive together),
	 * every complete frame handled. Fairness between clients: at most 64
	 * reads per turn. A short read means the socket is drained: no
	 * second read just to see EAGAIN (epoll is level-triggered; a
	 * syscall costs microseconds on a VM). Bytes that OpenSSL already
	 * decrypted raise no epoll event: always drained.
	 */
	for (int budget = 64; budget > 0 || (c->ssl && SSL_pending(c->ssl) > 0);
	     budget--) {
		size_t room;
		ssize_t n;

		/* A partial frame is less than IQF_IN_CAP: room is >= 1. */
		streambuf_drop(&c->in);
		room = IQF_IN_CAP - c->in.len;
		n = iqf_conn_recv(c, c->in.p + c->in.len, room);
		if (n == 0)
			return;
		if (n < 0) {
			iqf_conn_kill(c);
			return;
		}
		c->in.len += (size_t)n;
		if (consume_frames(c))
			return;
		if ((size_t)n < room && !(c->ssl && SSL_pending(c->ssl) > 0))
			return;
	}
}

static void reap(struct iqf_server *s)
{
	for (struct iqf_conn **p = &s->conns; *p;) {
		struct iqf_conn *c = *p;

		if (!c->dead) {
			p = &c->next;
			continue;
		}
		*p = c->next;
		task_free_conn(s, c);
		s->st.ongoing_active = s->ntasks;
		epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
		SSL_free(c->ssl);
		close(c->fd);
		streambuf_free(&c->in);
		streambuf_free(&c->out);
		free(c);
		s->nconns--;
	}
}

int iqf_server_dispatch(struct iqf_server *s)
{
	struct epoll_event evs[32];
	int n;

	n = epoll_wait(s->epfd, evs, 32, 0);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		struct iqf_conn *c = evs[i].data.ptr;

		if ((void *)c == &iqf_unix_listener) {
			iqf_accept_unix(s);
			continue;
		}
		if ((void *)c == &iqf_tls_listener) {
			iqf_accept_tls(s);
			continue;
		}
		if (c->dead)
			continue;
		if (evs[i].events & EPOLLOUT && iqf_conn_flush(c))
			iqf_conn_kill(c);
		if (evs[i].events &
		    (EPOLLIN | EPOLLHUP | EPOLLRDHUP | EPOLLERR))
			conn_read(c);
	}
	reap(s);
	return 0;
}

uint16_t iqf_server_tls_port(const struct iqf_server *s)
{
	return s->tls_port;
}

struct iqf_server *iqf_server_new(struct icf *c,
				  const struct iqf_server_config *cfg)
{
	struct epoll_event ev = { .events = EPOLLIN,
				  .data.ptr = &iqf_unix_listener };
	struct iqf_server *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->tfd = -1;
	s->icf = c;
	s->cfg = *cfg;
	if (!s->cfg.max_clients)
		s->cfg.max_clients = 64;
	if (!s->cfg.max_ongoing)
		s->cfg.max_ongoing = 256;
	if (!s->cfg.max_outq)
		s->cfg.max_outq = 16u << 20;
	s->lfd = -1;
	s->path = strdup(cfg->unix_path);
	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!s->path || s->epfd < 0)
		goto fail;
	s->lfd = iqf_listen_unix(s);
	if (s->lfd < 0) {
		errno = -s->lfd;
		s->lfd = -1;
		goto fail;
	}
	if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->lfd, &ev))
		goto fail;
	if (cfg->tls_addr) {
		ev.data.ptr = &iqf_tls_listener;
		if (!cfg->tls || iqf_listen_tls(s) ||
		    epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->tfd, &ev))
			goto fail;
	}
	icf_set_observer(c, on_icf_event, s);
	return s;
fail:
	iqf_server_free(s);
	return NULL;
}

void iqf_server_free(struct iqf_server *s)
{
	if (!s)
		return;
	for (struct iqf_conn *c = s->conns; c; c = c->next)
		c->dead = true;
	reap(s);
	if (s->icf)
		icf_set_observer(s->icf, NULL, NULL);
	if (s->lfd >= 0) {
		close(s->lfd);
		unlink(s->path);
	}
	if (s->tfd >= 0)
		close(s->tfd);
	if (s->epfd >= 0)
		close(s->epfd);
	iqf_arena_free(&s->ar);
	iqf_arena_free(&s->req_ar);
	free(s->path);
	free(s);
}

int iqf_server_fd(const struct iqf_server *s)
{
	return s->epfd;
}

void iqf_server_get_stats(const struct iqf_server *s,
			  struct iqf_server_stats *st)
{
	*st = s->st;
}
