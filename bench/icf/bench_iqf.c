// SPDX-License-Identifier: GPL-2.0
/*
 * The IQF query path stage by stage, on the cache bench_icf filled:
 * request unpack, validation, search, response build, response pack, the
 * three packed straight from the cache as the server does now
 * (iqf_handle_packed), the audit line's write(2), and the whole round trip over the real Unix
 * socket (client pack + send, iqf_server_dispatch(), client receive +
 * unpack). Each stage is timed alone over the same random SUPIs, so the
 * stages show where the round trip's time goes. The round trip is also
 * timed in thread CPU time: the difference to wall time is what the
 * loaded machine took away (preemption), not the code.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_iqf.h"
#include "iqf.h"
#include "iqf_client.h"
#include "iqf_server.h"

static double now_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_d);
	printf("iqf stage %-34s p50 %6.0f ns, p99 %6.0f ns\n", what, v[n / 2],
	       v[(size_t)((double)n * 0.99)]);
}

enum {
	UNPACK,
	PREPARE,
	SEARCH,
	ANSWER,
	PACK,
	PACKED,
	AUDIT,
	RTT,
	RTT_CPU,
	NST
};

static const char *const names[NST] = {
	"request unpack (protobuf-c)",
	"validation (iqf_prepare)",
	"search (icf_query)",
	"search + response build",
	"response pack + length prefix",
	"all three packed (iqf_handle_packed)",
	"audit line write(2)",
	"round trip over the socket, wall",
	"round trip over the socket, CPU",
};

void bench_iqf_stages(struct icf *c, uint64_t n_ue, uint64_t nq)
{
	char dir[] = "/tmp/lmisf-bench-XXXXXX", sock[64], audit[64];
	struct iqf_server_config sc = { .mode = 0600, .gid = (gid_t)-1 };
	static struct icf_result res;
	struct iqf_arena ar = { 0 };
	struct streambuf b = { 0 };
	struct iqf_server *srv;
	struct iqf_client cl;
	double *v[NST];
	uint64_t rng = 777;
	int afd;

	if (!mkdtemp(dir))
		return;
	snprintf(sock, sizeof(sock), "%s/iqf.sock", dir);
	snprintf(audit, sizeof(audit), "%s/audit.log", dir);
	afd = open(audit, O_WRONLY | O_CREAT | O_APPEND, 0600);
	sc.unix_path = sock;
	sc.audit_fd = afd;
	srv = iqf_server_new(c, &sc);
	if (!srv || iqf_client_connect(&cl, sock))
		goto out;
	iqf_server_dispatch(srv); /* accept */
	for (int k = 0; k < NST; k++)
		v[k] = malloc(nq * sizeof(double));
	for (uint64_t i = 0; i < nq; i++) {
		Lmisf__Iqf__ClientMessage cm = LMISF__IQF__CLIENT_MESSAGE__INIT;
		Lmisf__Iqf__IdentityAssociationRequest r =
			LMISF__IQF__IDENTITY_ASSOCIATION_REQUEST__INIT;
		Lmisf__Iqf__RequestValues rv = LMISF__IQF__REQUEST_VALUES__INIT;
		Lmisf__Iqf__SUPI sp = LMISF__IQF__SUPI__INIT;
		Lmisf__Iqf__IdentityAssociationResponse *resp;
		Lmisf__Iqf__ServerMessage *sm = NULL;
		Lmisf__Iqf__ClientMessage *um;
		struct iqf_outcome o;
		const char *detail;
		struct icf_query q;
		uint8_t *req, *f;
		size_t rl, fl;
		char supi[32], line[256];
		double t, u;
		int len;

		rng = rng * 6364136223846793005ull + 1;
		snprintf(supi, sizeof(supi), "23415%010" PRIu64,
			 (rng >> 17) % n_ue);
		sp.value_case = LMISF__IQF__SUPI__VALUE_SUPI_IMSI;
		sp.supi_imsi = supi;
		rv.supi = &sp;
		r.request_values = &rv;
		r.reference = (char *)"LEA-REF-1";
		cm.msg_case = LMISF__IQF__CLIENT_MESSAGE__MSG_REQUEST;
		cm.request = &r;
		req = iqf_frame(&cm.base, &rl);
		if (!req)
			abort();
		t = now_ns(CLOCK_MONOTONIC);
		um = lmisf__iqf__client_message__unpack(NULL, rl - 4, req + 4);
		v[UNPACK][i] = now_ns(CLOCK_MONOTONIC) - t;
		/* The time iqf_begin() would read, for the three stages. */
		memset(&o, 0, sizeof(o));
		o.now = lm_clock_now(icf_clock(c));
		o.has_now = true;
		t = now_ns(CLOCK_MONOTONIC);
		if (iqf_prepare(c, um->request, o.now, &q, &detail))
			abort();
		v[PREPARE][i] = now_ns(CLOCK_MONOTONIC) - t;
		t = now_ns(CLOCK_MONOTONIC);
		icf_query_at(c, &q, o.now, &res);
		v[SEARCH][i] = now_ns(CLOCK_MONOTONIC) - t;
		t = now_ns(CLOCK_MONOTONIC);
		resp = iqf_answer(c, &q, &res, &ar, &o);
		v[ANSWER][i] = now_ns(CLOCK_MONOTONIC) - t;
		t = now_ns(CLOCK_MONOTONIC);
		f = iqf_frame(&resp->base, &fl);
		free(f);
		v[PACK][i] = now_ns(CLOCK_MONOTONIC) - t;
		iqf_arena_reset(&ar);
		/* The server's way: no structs, straight into its buffer. */
		b.len = 0;
		t = now_ns(CLOCK_MONOTONIC);
		if (iqf_handle_packed(c, um->request, &res, &ar, &b, &o))
			abort();
		v[PACKED][i] = now_ns(CLOCK_MONOTONIC) - t;
		lmisf__iqf__client_message__free_unpacked(um, NULL);
		/* An audit line of the server's length and shape. */
		len = snprintf(line, sizeof(line),
			       "2026-01-01T00:00:00.000Z iqf request conn=1 "
			       "uid=0 gid=0 pid=1 type=identity key=supi "
			       "observed_time=no ref=\"LEA-REF-1\" "
			       "status=found reason=0 results=%u supis=1 "
			       "task=0\n",
			       o.results);
		t = now_ns(CLOCK_MONOTONIC);
		if (write(afd, line, (size_t)len) != len)
			abort();
		v[AUDIT][i] = now_ns(CLOCK_MONOTONIC) - t;
		/* The whole path: what lmisf-query and the server do. */
		t = now_ns(CLOCK_MONOTONIC);
		u = now_ns(CLOCK_THREAD_CPUTIME_ID);
		if (iqf_client_send(&cl, &cm))
			abort();
		iqf_server_dispatch(srv);
		if (iqf_client_recv(&cl, &sm, 1000) != 1)
			abort();
		v[RTT_CPU][i] = now_ns(CLOCK_THREAD_CPUTIME_ID) - u;
		v[RTT][i] = now_ns(CLOCK_MONOTONIC) - t;
		lmisf__iqf__server_message__free_unpacked(sm, NULL);
		free(req);
	}
	for (int k = 0; k < NST; k++) {
		report(names[k], v[k], nq);
		free(v[k]);
	}
	iqf_client_close(&cl);
out:
	iqf_server_free(srv);
	iqf_arena_free(&ar);
	free(b.p);
	if (afd >= 0)
		close(afd);
	unlink(audit);
	unlink(sock);
	rmdir(dir);
}
