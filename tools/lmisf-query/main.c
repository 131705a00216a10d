// SPDX-License-Identifier: GPL-2.0
/*
 * lmisf-query - the LEA-side client of the IQF: identity-association
 * requests (SUPI, SUCI, 5G-GUTI, 5G-S-TMSI, optional observed time, TAI,
 * NCGI) and ongoing requests, answered as text or JSON (-j).
 *
 * Exit status: 0 associations found (or ongoing request ended), 1 no
 * association found, 2 request rejected, 3 usage error, 4 connection or
 * protocol error.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iqf_client.h"
#include "print.h"
#include "tls_client.h"

#define DEFAULT_SOCKET "/run/lmisf/iqf.sock"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lmisf-query [options] supi IMSI|nai:NAI\n"
		"       lmisf-query [options] suci HEX\n"
		"       lmisf-query [options] guti MCC-MNC-REGION-SET-POINTER-TMSI\n"
		"       lmisf-query [options] s-tmsi SET-POINTER-TMSI\n"
		"       lmisf-query [options] ongoing IMSI|nai:NAI\n"
		"options:\n"
		"  -s, --socket PATH    IQF socket (default " DEFAULT_SOCKET
		")\n"
		"  -t, --time RFC3339   observed time (default: most recent)\n"
		"  -a, --tai MCC-MNC-TAC    tracking area (temporary identities)\n"
		"  -c, --ncgi MCC-MNC-NCI   cell (temporary identities)\n"
		"  -r, --reference REF  the LEA's reference, for the audit log\n"
		"  -n, --count N        ongoing: stop after N updates\n"
		"  -w, --wait SEC       reply timeout (default 10)\n"
		"  -j, --json           JSON output, one object per line\n"
		"  -T, --tls HOST:PORT  TCP + TLS instead of the Unix socket, with\n"
		"  -C, --cert FILE      our certificate (PEM),\n"
		"  -K, --key FILE       its key and\n"
		"  -A, --ca FILE        the CA of the server's certificate\n"
		"exit: 0 found, 1 none found, 2 rejected, 3 usage, 4 error\n");
}

/* "a-b-c..." into @n unsigned numbers (decimal or 0x hex). */
static int split_nums(const char *s, unsigned long long *v, int n)
{
	char *end;

	for (int i = 0; i < n; i++) {
		if (!*s || *s == '-')
			return -1;
		errno = 0;
		v[i] = strtoull(s, &end, 0);
		if (errno || end == s || (i < n - 1 ? *end != '-' : *end))
			return -1;
		s = end + (i < n - 1);
	}
	return 0;
}

/* "MCC-MNC-REST": copies MCC and MNC, returns REST. */
static const char *split_plmn(const char *s, char mcc[4], char mnc[4])
{
	const char *d1 = strchr(s, '-'), *d2;

	if (!d1 || d1 - s != 3)
		return NULL;
	d2 = strchr(d1 + 1, '-');
	if (!d2 || d2 - d1 - 1 < 2 || d2 - d1 - 1 > 3)
		return NULL;
	memcpy(mcc, s, 3);
	mcc[3] = '\0';
	memcpy(mnc, d1 + 1, (size_t)(d2 - d1 - 1));
	mnc[d2 - d1 - 1] = '\0';
	return d2 + 1;
}

static int parse_hexbytes(const char *s, uint8_t **out, size_t *len)
{
	size_t n = strlen(s);

	if (!n || n % 2)
		return -1;
	*out = malloc(n / 2);
	if (!*out)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned int b;

		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			return -1;
		(*out)[i] = (uint8_t)b;
	}
	*len = n / 2;
	return 0;
}

static int set_supi(Lmisf__Iqf__SUPI *supi, const char *v)
{
	if (!strncmp(v, "nai:", 4)) {
		supi->value_case = LMISF__IQF__SUPI__VALUE_SUPI_NAI;
		supi->supi_nai = (char *)v + 4;
	} else {
		if (!strncmp(v, "imsi-", 5))
			v += 5;
		supi->value_case = LMISF__IQF__SUPI__VALUE_SUPI_IMSI;
		supi->supi_imsi = (char *)v;
	}
	return 0;
}

static int wait_response(struct iqf_client *c, int timeout_ms, bool json,
			 Lmisf__Iqf__IdentityAssociationResponse **resp,
			 Lmisf__Iqf__ServerMessage **keep)
{
	for (;;) {
		Lmisf__Iqf__ServerMessage *m = NULL;
		int r = iqf_client_recv(c, &m, timeout_ms);

		if (r <= 0) {
			fprintf(stderr, "lmisf-query: %s\n",
				r == 0 ? "no reply (timeout)" : strerror(-r));
			return -1;
		}
		if (m->msg_case == LMISF__IQF__SERVER_MESSAGE__MSG_UPDATE) {
			/* An update racing our request: show it, go on. */
			print_update(stdout, m->update, json);
			lmisf__iqf__server_message__free_unpacked(m, NULL);
			continue;
		}
		if (m->msg_case != LMISF__IQF__SERVER_MESSAGE__MSG_RESPONSE) {
			lmisf__iqf__server_message__free_unpacked(m, NULL);
			fprintf(stderr, "lmisf-query: unexpected message\n");
			return -1;
		}
		*keep = m;
		*resp = m->response;
		return 0;
	}
}

static int exit_code(const Lmisf__Iqf__IdentityAssociationResponse *r)
{
	switch (r->status) {
	case LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND:
	case LMISF__IQF__RESPONSE_STATUS__DEACTIVATED:
		return 0;
	case LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND:
		return 1;
	default:
		return 2;
	}
}

static int ongoing_loop(struct iqf_client *c, uint64_t task, long count,
			int timeout_ms, bool json)
{
	Lmisf__Iqf__DeactivateAssociationUpdates d =
		LMISF__IQF__DEACTIVATE_ASSOCIATION_UPDATES__INIT;
	Lmisf__Iqf__ClientMessage cm = LMISF__IQF__CLIENT_MESSAGE__INIT;
	Lmisf__Iqf__IdentityAssociationResponse *r;
	Lmisf__Iqf__ServerMessage *m = NULL;
	long seen = 0;
	int rc;

	while (!interrupted && (count <= 0 || seen < count)) {
		rc = iqf_client_recv(c, &m, 200);
		if (rc < 0) {
			fprintf(stderr, "lmisf-query: %s\n", strerror(-rc));
			return 4;
		}
		if (!rc)
			continue;
		if (m->msg_case == LMISF__IQF__SERVER_MESSAGE__MSG_UPDATE) {
			print_update(stdout, m->update, json);
			fflush(stdout);
			seen++;
		}
		lmisf__iqf__server_message__free_unpacked(m, NULL);
	}
	d.ongoing_association_task_id = task;
	cm.msg_case = LMISF__IQF__CLIENT_MESSAGE__MSG_DEACTIVATE;
	cm.deactivate = &d;
	if (iqf_client_send(c, &cm) ||
	    wait_response(c, timeout_ms, json, &r, &m))
		return 4;
	print_response(stdout, r, json);
	rc = exit_code(r);
	lmisf__iqf__server_message__free_unpacked(m, NULL);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "time", required_argument, NULL, 't' },
		{ "tai", required_argument, NULL, 'a' },
		{ "ncgi", required_argument, NULL, 'c' },
		{ "reference", required_argument, NULL, 'r' },
		{ "count", required_argument, NULL, 'n' },
		{ "wait", required_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ "tls", required_argument, NULL, 'T' },
		TLS_CLIENT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	Lmisf__Iqf__IdentityAssociationRequest req =
		LMISF__IQF__IDENTITY_ASSOCIATION_REQUEST__INIT;
	Lmisf__Iqf__RequestValues rv = LMISF__IQF__REQUEST_VALUES__INIT;
	Lmisf__Iqf__SUPI supi = LMISF__IQF__SUPI__INIT;
	Lmisf__Iqf__FiveGGUTI guti = LMISF__IQF__FIVE_GGUTI__INIT;
	Lmisf__Iqf__FiveGSTMSI stmsi = LMISF__IQF__FIVE_GSTMSI__INIT;
	Lmisf__Iqf__FiveGSTAI tai = LMISF__IQF__FIVE_GSTAI__INIT;
	Lmisf__Iqf__NCGI ncgi = LMISF__IQF__NCGI__INIT;
	Lmisf__Iqf__ClientMessage cm = LMISF__IQF__CLIENT_MESSAGE__INIT;
	Lmisf__Iqf__IdentityAssociationResponse *r;
	Lmisf__Iqf__ServerMessage *keep = NULL;
	const char *sock = DEFAULT_SOCKET, *type, *val;
	const char *tls = NULL;
	struct tls_client_files tf = { 0 };
	char gmcc[4], gmnc[4], tmcc[4], tmnc[4], nmcc[4], nmnc[4];
	unsigned long long v[4];
	struct sigaction sa = { .sa_handler = on_signal };
	struct iqf_client c;
	int timeout_ms = 10000, opt, rc;
	bool json = false;
	long count = 0;

	while ((opt = getopt_long(argc, argv,
				  "s:t:a:c:r:n:w:jhT:" TLS_CLIENT_OPTSTRING,
				  opts, NULL)) != -1) {
		const char *rest;

		if (tls_client_option(&tf, opt, optarg))
			continue;
		switch (opt) {
		case 's':
			sock = optarg;
			break;
		case 't':
			req.observed_time = optarg;
			break;
		case 'a':
			rest = split_plmn(optarg, tmcc, tmnc);
			if (!rest)
				goto bad;
			tai.mcc = tmcc, tai.mnc = tmnc, tai.tac = (char *)rest;
			rv.tai = &tai;
			break;
		case 'c':
			rest = split_plmn(optarg, nmcc, nmnc);
			if (!rest)
				goto bad;
			ncgi.mcc = nmcc, ncgi.mnc = nmnc,
			ncgi.nci = (char *)rest;
			rv.ncgi = &ncgi;
			break;
		case 'r':
			req.reference = optarg;
			break;
		case 'n':
			count = strtol(optarg, NULL, 0);
			break;
		case 'w':
			timeout_ms = (int)(strtod(optarg, NULL) * 1000);
			break;
		case 'j':
			json = true;
			break;
		case 'T':
			tls = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 3;
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return 3;
	}
	type = argv[optind];
	val = argv[optind + 1];
	req.type = LMISF__IQF__REQUEST_TYPE__IDENTITY_ASSOCIATION;
	req.request_values = &rv;
	if (!strcmp(type, "supi") || !strcmp(type, "ongoing")) {
		set_supi(&supi, val);
		rv.supi = &supi;
		if (!strcmp(type, "ongoing"))
			req.type =
				LMISF__IQF__REQUEST_TYPE__ONGOING_IDENTITY_ASSOCIATION;
	} else if (!strcmp(type, "suci")) {
		if (parse_hexbytes(val, &rv.suci.data, &rv.suci.len))
			goto bad;
		rv.has_suci = 1;
	} else if (!strcmp(type, "guti")) {
		const char *rest = split_plmn(val, gmcc, gmnc);

		if (!rest || split_nums(rest, v, 4) || v[0] > UINT32_MAX ||
		    v[1] > UINT32_MAX || v[2] > UINT32_MAX || v[3] > UINT32_MAX)
			goto bad;
		guti.mcc = gmcc, guti.mnc = gmnc;
		guti.amf_region_id = (uint32_t)v[0];
		guti.amf_set_id = (uint32_t)v[1];
		guti.amf_pointer = (uint32_t)v[2];
		guti.five_g_tmsi = (uint32_t)v[3];
		rv.five_g_guti = &guti;
	} else if (!strcmp(type, "s-tmsi")) {
		if (split_nums(val, v, 3) || v[0] > UINT32_MAX ||
		    v[1] > UINT32_MAX || v[2] > UINT32_MAX)
			goto bad;
		stmsi.amf_set_id = (uint32_t)v[0];
		stmsi.amf_pointer = (uint32_t)v[1];
		stmsi.five_g_tmsi = (uint32_t)v[2];
		rv.five_g_s_tmsi = &stmsi;
	} else {
		goto bad;
	}
	signal(SIGPIPE, SIG_IGN);
	if (tls && !tls_client_all(&tf)) {
		fprintf(stderr,
			"lmisf-query: --tls needs --cert, --key and --ca\n");
		return 3;
	}
	rc = tls ? iqf_client_connect_tls(&c, tls, tf.cert, tf.key, tf.ca) :
		   iqf_client_connect(&c, sock);
	if (rc) {
		fprintf(stderr, "lmisf-query: %s: %s\n", tls ? tls : sock,
			strerror(-rc));
		return 4;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	cm.msg_case = LMISF__IQF__CLIENT_MESSAGE__MSG_REQUEST;
	cm.request = &req;
	/* Validation is the server's (7.6.3.1): we send what we were given. */
	if (iqf_client_send(&c, &cm) ||
	    wait_response(&c, timeout_ms, json, &r, &keep)) {
		iqf_client_close(&c);
		return 4;
	}
	print_response(stdout, r, json);
	fflush(stdout);
	rc = exit_code(r);
	if (r->has_ongoing_association_task_id)
		rc = ongoing_loop(&c, r->ongoing_association_task_id, count,
				  timeout_ms, json);
	lmisf__iqf__server_message__free_unpacked(keep, NULL);
	free(rv.suci.data);
	iqf_client_close(&c);
	return rc;
bad:
	fprintf(stderr, "lmisf-query: malformed argument\n");
	usage(stderr);
	return 3;
}
