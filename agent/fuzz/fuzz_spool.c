// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_spool.c - libFuzzer target for the spool reader. The input is a
 * segment file as a crash or a damaged disk could leave it: the in-memory
 * scan and the file reader (open with the torn-tail cut, then reading and
 * consuming every record) must agree on the valid records, never crash,
 * and leave a spool that takes appends after the cut.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void count_fn(void *arg, const struct spool_rec *r)
{
	(void)r;
	(*(unsigned int *)arg)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spool_opts o = { .max_bytes = 1u << 30,
				.fsync = SPOOL_FSYNC_NEVER };
	unsigned int scanned = 0, read = 0;
	uint64_t corrupt = 0;
	struct spool_rec r;
	struct spool *sp;
	char path[128], err[256];
	size_t cut;
	int fd;

	if (!dir[0]) {
		strcpy(dir, "/tmp/lmisf-fuzz-spool-XXXXXX");
		if (!mkdtemp(dir))
			abort();
	}
	cut = spool_scan_buf(data, size, &corrupt, count_fn, &scanned);
	if (cut > size)
		abort();
	snprintf(path, sizeof(path), "%s/0000000000000001.seg", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	snprintf(path, sizeof(path), "%s/cursor", dir);
	unlink(path);
	if (spool_open(&sp, dir, &o, err, sizeof(err)))
		abort();
	while (spool_next(sp, &r) == 1) {
		if (r.len > SPOOL_MAX_DATA)
			abort();
		read++;
		spool_consume(sp, &r.end);
	}
	/* the file reader sees the same valid records as the scan */
	if (read != scanned)
		abort();
	if (spool_append(sp, (const uint8_t *)"0123456789abcdef", 1, data,
			 size < 64 ? size : 64, 0, NULL))
		abort();
	if (spool_next(sp, &r) != 1)
		abort();
	spool_consume(sp, &r.end);
	spool_close(sp);
	return 0;
}
