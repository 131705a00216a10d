// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_iqf_server - the input is what one client writes on the IQF Unix
 * socket: any number of length-prefixed ClientMessages (or garbage, or an
 * oversize length) through the server's framing, requests, ongoing
 * requests (few allowed, so the limit is reached) and deactivations.
 * Then the ICF stores associations for the SUPIs ongoing requests may
 * watch (updates are pushed), and the client hangs up. Everything the
 * server sends must be framed ServerMessages that decode.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <linux/sockios.h>

#include "iqf.h"
#include "iqf_cache.h"
#include "iqf_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct icf *cache;
static struct lm_clock clk;
static struct iqf_server *srv;
static struct sockaddr_un sun = { .sun_family = AF_UNIX };
static uint8_t in[1 << 20];
static size_t in_len;

static void setup(void)
{
	static char dir[] = "/tmp/lmisf-fuzz-iqf-XXXXXX";
	static int audit = -1;
	struct iqf_server_config cfg = {
		.mode = 0600,
		.gid = (gid_t)-1,
		.max_clients = 2,
		.max_ongoing = 3,
		.max_outq = 256 * 1024,
	};

	if (!srv && (!mkdtemp(dir) ||
		     (audit = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0))
		abort();
	if (srv)
		iqf_server_free(srv);
	if (cache)
		icf_free(cache);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/iqf", dir);
	cfg.unix_path = sun.sun_path;
	cfg.audit_fd = audit; /* written, as in lmisfd, not kept */
	cache = iqf_cache_load(&clk);
	srv = cache ? iqf_server_new(cache, &cfg) : NULL;
	if (!srv)
		abort();
}

/* Reads what the server sent; every complete frame must decode. */
static int drain(int fd)
{
	ssize_t n;

	for (;;) {
		if (in_len == sizeof(in))
			in_len = 0; /* more than a client would keep */
		n = recv(fd, in + in_len, sizeof(in) - in_len, MSG_DONTWAIT);
		if (n == 0)
			return 0;
		if (n < 0)
			return errno == EAGAIN ? 1 : 0;
		in_len += (size_t)n;
		while (in_len >= 4 && in_len >= 4 + (size_t)iqf_frame_len(in)) {
			size_t len = iqf_frame_len(in);
			Lmisf__Iqf__ServerMessage *m;

			m = lmisf__iqf__server_message__unpack(NULL, len,
							       in + 4);
			if (!m)
				abort();
			lmisf__iqf__server_message__free_unpacked(m, NULL);
			memmove(in, in + 4 + len, in_len - 4 - len);
			in_len -= 4 + len;
		}
	}
}

static void turn(int fd)
{
	if (iqf_server_dispatch(srv))
		abort();
	drain(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned int runs;
	size_t off = 0;
	int fd, unread, i;

	/* Ongoing requests and updates accumulate: start afresh now and
	 * then, as a long-running server would not, to stay fast.
	 */
	if (!srv || ++runs % 512 == 0)
		setup();
	in_len = 0;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)))
		abort();
	while (off < size) {
		ssize_t n = send(fd, data + off, size - off,
				 MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n < 0 && errno != EAGAIN)
			break; /* the server closed on us */
		if (n > 0)
			off += (size_t)n;
		turn(fd);
	}
	/* Until the server has read it all (or closed). */
	for (i = 0; i < 10000; i++) {
		if (ioctl(fd, SIOCOUTQ, &unread) || !unread)
			break;
		turn(fd);
	}
	for (i = 0; i < 4; i++) {
		struct icf_assoc_event a = { .supi.type = ICF_SUPI_IMSI,
					     .supi.val = "234150000000001",
					     .supi.len = 15 };

		if (i & 1)
			a.supi.val = "234150000000002";
		lm_clock_manual_advance(&clk, 1000);
		a.timestamp = lm_clock_now(&clk);
		a.guti[0] = 0x32, a.guti[1] = 0xf4, a.guti[2] = 0x51;
		a.guti[9] = (uint8_t)(size + i);
		icf_associate(cache, &a);
		turn(fd);
	}
	shutdown(fd, SHUT_WR);
	for (i = 0; i < 10000 && drain(fd); i++)
		if (iqf_server_dispatch(srv))
			abort();
	close(fd);
	if (iqf_server_dispatch(srv))
		abort();
	return 0;
}
