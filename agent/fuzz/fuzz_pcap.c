// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_pcap - a capture file as `lmisfd --replay` reads it: libpcap's
 * pcap/pcapng reader, link-layer stripping, the decoder (fragments, TCP,
 * GTP-U), SIP, the IMS layer and replay's matching, with tasks whose
 * targets appear in the seeds (the demo's UE and IMPU, TEIDs, the unit
 * tests' addresses), so that intercepted calls produce records and media
 * flows. The input reaches libpcap through a memfd.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *const tasks[] = {
	"xid 5d2c1f0e-7a3b-4c69-9e18-0b4a6f2d8c31 delivery x2x3 "
	"target sip-uri sip:+31612345678@ims.example.net",
	"xid 2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162 delivery x2x3 "
	"target ipv4-cidr 10.45.0.0/16 target ipv4 10.0.0.1 "
	"target impu sip:alice@ims.example",
	"xid 0c0e57a4-2d44-4b39-9a38-52d1c87d0f00 delivery x2 "
	"target teid 0x1234 endpoint 10.0.0.2 target teid 7 "
	"endpoint 192.0.2.2",
	"xid 6a0f8e2c-1b7d-4e55-8c3a-2f9d0b1e7a64 delivery x3 "
	"target ipv6-cidr 2001:db8::/32 target tel-uri tel:+491711234567",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lm_config cfg;
	static FILE *out;
	static int fd = -1;
	char path[64];

	if (fd < 0) {
		config_default(&cfg);
		/* lmisfd's defaults size the registration and dialog tables
		 * for 100 000 entries: clearing and faulting in those 4 MB
		 * was 90 % of an execution. Small tables also reach eviction
		 * (as in fuzz_ims). */
		cfg.ims.max_subscribers = 16;
		cfg.ims.max_dialogs = 16;
		out = fopen("/dev/null", "w");
		fd = memfd_create("fuzz_pcap", 0);
		if (!out || fd < 0)
			abort();
		/* Formatted, as in lmisfd, but not shown. */
		log_set_fd(fileno(out), false);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	/* 0: replayed, 1: not a capture we read; 2 would be our tasks. */
	if (replay_main(&cfg, path, tasks, sizeof(tasks) / sizeof(tasks[0]),
			NULL, out) == 2)
		abort();
	return 0;
}
