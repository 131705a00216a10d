// SPDX-License-Identifier: GPL-2.0
/*
 * test_spool.c - the per-destination disk spool: records come back in
 * order and byte-exact, across segments and reopening; consumption
 * survives a restart; the byte limit refuses and counts; a torn tail is
 * cut at open; damaged records (data or header) are skipped, counted once
 * and the rest recovered; an unreadable cursor resends rather than loses.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "spool.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

static const uint8_t XID[16] = { 0x8c, 0x29, 0x2f, 0xa1, 1, 2,	3,  4,
				 5,    6,    7,	   8,	 9, 10, 11, 12 };

/* Record i: i + 1 bytes of a pattern that names i. */
static size_t rec_data(unsigned int i, uint8_t *buf)
{
	size_t n = i % 97 + 1;

	for (size_t k = 0; k < n; k++)
		buf[k] = (uint8_t)(i * 31 + k);
	return n;
}

static struct spool *open_ok(struct __test_metadata *_metadata, const char *d,
			     uint64_t max, uint64_t seg)
{
	struct spool_opts o = { .max_bytes = max,
				.fsync = SPOOL_FSYNC_NEVER,
				.segment_bytes = seg };
	struct spool *sp = NULL;
	char err[256];

	EXPECT_EQ(0, spool_open(&sp, d, &o, err, sizeof(err)))
	TH_LOG("%s", err);
	return sp;
}

static void append_n(struct __test_metadata *_metadata, struct spool *sp,
		     unsigned int from, unsigned int n)
{
	uint8_t b[128];

	for (unsigned int i = from; i < from + n; i++)
		ASSERT_EQ(0, spool_append(sp, XID, 1 + i % 2, b, rec_data(i, b),
					  0, NULL));
}

/* Read and consume @n records, expecting numbers from @first (skipping
 * those in @skip). */
static void expect_n(struct __test_metadata *_metadata, struct spool *sp,
		     unsigned int first, unsigned int n, int skip)
{
	uint8_t b[128];
	struct spool_rec r;

	for (unsigned int i = first; i < first + n; i++) {
		size_t len;

		if ((int)i == skip)
			continue;
		len = rec_data(i, b);
		ASSERT_EQ(1, spool_next(sp, &r));
		ASSERT_EQ(len, r.len);
		ASSERT_EQ(0, memcmp(b, r.data, len));
		ASSERT_EQ(1 + i % 2, r.type);
		ASSERT_EQ(0, memcmp(XID, r.xid, 16));
		ASSERT_EQ(0, spool_consume(sp, &r.end));
	}
}

static int count_segs(const char *d)
{
	char cmd[256];
	FILE *f;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls %s | grep -c '\\.seg$'", d);
	f = popen(cmd, "r");
	if (f && fscanf(f, "%d", &n) != 1)
		n = -1;
	if (f)
		pclose(f);
	return n;
}

FIXTURE(sp)
{
	char dir[64];
};

FIXTURE_SETUP(sp)
{
	strcpy(self->dir, "/tmp/lmisf-spool-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
}

FIXTURE_TEARDOWN(sp)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	if (system(cmd))
		TH_LOG("cleanup failed");
}

TEST_F(sp, order_segments_and_cleanup)
{
	struct spool *sp = open_ok(_metadata, self->dir, 1 << 20, 1024);
	struct spool_stats st;
	struct spool_rec r;

	ASSERT_TRUE(spool_empty(sp));
	append_n(_metadata, sp, 0, 200);
	spool_get_stats(sp, &st);
	EXPECT_EQ(200, st.appended);
	EXPECT_LT(5, st.segments); /* 1 KiB segments: several */
	EXPECT_EQ(st.segments, (uint64_t)count_segs(self->dir));
	expect_n(_metadata, sp, 0, 200, -1);
	EXPECT_EQ(0, spool_next(sp, &r));
	EXPECT_TRUE(spool_empty(sp));
	EXPECT_EQ(0, count_segs(self->dir)); /* all sent: files gone */
	/* and it starts again cleanly */
	append_n(_metadata, sp, 500, 3);
	expect_n(_metadata, sp, 500, 3, -1);
	spool_close(sp);
}

TEST_F(sp, survives_reopen_and_consumption_persists)
{
	struct spool *sp = open_ok(_metadata, self->dir, 1 << 20, 2048);
	struct spool_rec r;

	append_n(_metadata, sp, 0, 50);
	expect_n(_metadata, sp, 0, 20, -1);
	spool_close(sp);
	sp = open_ok(_metadata, self->dir, 1 << 20, 2048);
	ASSERT_FALSE(spool_empty(sp));
	expect_n(_metadata, sp, 20, 10, -1);
	append_n(_metadata, sp, 50, 5); /* after the old ones */
	spool_close(sp);
	sp = open_ok(_metadata, self->dir, 1 << 20, 2048);
	expect_n(_metadata, sp, 30, 25, -1);
	EXPECT_EQ(0, spool_next(sp, &r));
	EXPECT_TRUE(spool_empty(sp));
	spool_close(sp);
}

TEST_F(sp, every_fsync_policy_keeps_data)
{
	static const enum spool_fsync pol[] = { SPOOL_FSYNC_ALWAYS,
						SPOOL_FSYNC_INTERVAL,
						SPOOL_FSYNC_NEVER };

	for (unsigned int k = 0; k < 3; k++) {
		struct spool_opts o = { .max_bytes = 1 << 20,
					.fsync = pol[k],
					.segment_bytes = 512 };
		struct spool *sp = NULL;
		char err[256];

		ASSERT_EQ(0, spool_open(&sp, self->dir, &o, err, sizeof(err)));
		append_n(_metadata, sp, 0, 30);
		expect_n(_metadata, sp, 0, 10, -1);
		EXPECT_EQ(0, spool_sync(sp));
		spool_close(sp);
		ASSERT_EQ(0, spool_open(&sp, self->dir, &o, err, sizeof(err)));
		expect_n(_metadata, sp, 10, 20, -1);
		EXPECT_TRUE(spool_empty(sp));
		spool_close(sp);
	}
}

TEST_F(sp, rewind_reads_again)
{
	struct spool *sp = open_ok(_metadata, self->dir, 1 << 20, 0);
	struct spool_rec r;

	append_n(_metadata, sp, 0, 4);
	ASSERT_EQ(1, spool_next(sp, &r));
	ASSERT_EQ(0, spool_consume(sp, &r.end));
	ASSERT_EQ(1, spool_next(sp, &r));
	ASSERT_EQ(1, spool_next(sp, &r));
	spool_rewind(sp); /* records 1 and 2 were not sent */
	expect_n(_metadata, sp, 1, 3, -1);
	EXPECT_TRUE(spool_read_done(sp));
	spool_close(sp);
}

TEST_F(sp, limit_drops_and_counts)
{
	/* 10 records of 36 + 10 bytes fit in 460 bytes, not 11 */
	struct spool *sp = open_ok(_metadata, self->dir, 460, 0);
	uint8_t b[10] = { 0 };
	struct spool_stats st;
	struct spool_rec r;
	int dropped = 0;

	for (int i = 0; i < 15; i++)
		if (spool_append(sp, XID, 1, b, sizeof(b), 0, NULL) == -ENOSPC)
			dropped++;
	spool_get_stats(sp, &st);
	EXPECT_EQ(5, dropped);
	EXPECT_EQ(5, st.dropped_limit);
	EXPECT_EQ(10, st.appended);
	EXPECT_EQ(460, st.pending_bytes);
	/* consuming makes room again */
	ASSERT_EQ(1, spool_next(sp, &r));
	ASSERT_EQ(0, spool_consume(sp, &r.end));
	EXPECT_EQ(0, spool_append(sp, XID, 1, b, sizeof(b), 0, NULL));
	/* forced appends may go over (PDUs already accepted) */
	EXPECT_EQ(0,
		  spool_append(sp, XID, 1, b, sizeof(b), SPOOL_F_FORCE, NULL));
	spool_close(sp);
}

static const char *seg_path(char *buf, const char *d, uint64_t num)
{
	sprintf(buf, "%s/%016llx.seg", d, (unsigned long long)num);
	return buf;
}

TEST_F(sp, torn_tail_cut_at_open)
{
	struct spool *sp = open_ok(_metadata, self->dir, 1 << 20, 0);
	struct spool_stats st;
	struct stat stb;
	char p[128];

	append_n(_metadata, sp, 0, 3); /* 36 + 1, 2 and 3 bytes */
	spool_close(sp);
	ASSERT_EQ(0, stat(seg_path(p, self->dir, 1), &stb));
	ASSERT_EQ(37 + 38 + 39, stb.st_size);
	/* a crash in the middle of the third record */
	ASSERT_EQ(0, truncate(p, stb.st_size - 20));
	sp = open_ok(_metadata, self->dir, 1 << 20, 0);
	spool_get_stats(sp, &st);
	EXPECT_EQ(1, st.torn);
	ASSERT_EQ(0, stat(p, &stb));
	EXPECT_EQ(37 + 38, stb.st_size); /* cut */
	append_n(_metadata, sp, 2, 2); /* appends go on from the cut */
	expect_n(_metadata, sp, 0, 4, -1);
	spool_get_stats(sp, &st);
	EXPECT_EQ(0, st.corrupt);
	spool_close(sp);
}

static void flip(struct __test_metadata *_metadata, const char *p, off_t at)
{
	int fd = open(p, O_RDWR);
	uint8_t c;

	ASSERT_LE(0, fd);
	ASSERT_EQ(1, pread(fd, &c, 1, at));
	c ^= 0x40;
	ASSERT_EQ(1, pwrite(fd, &c, 1, at));
	close(fd);
}

TEST_F(sp, corrupt_data_skipped_counted_once)
{
	struct spool *sp = open_ok(_metadata, self->dir, 1 << 20, 0);
	struct spool_stats st;
	struct spool_rec r;
	char p[128];

	append_n(_metadata, sp, 0, 4);
	spool_close(sp);
	/* record 1 starts at 37, its data at 73; flip a data byte */
	flip(_metadata, seg_path(p, self->dir, 1), 37 + 36 + 1);
	sp = open_ok(_metadata, self->dir, 1 << 20, 0);
	ASSERT_EQ(1, spool_next(sp, &r)); /* 0 */
	ASSERT_EQ(1, spool_next(sp, &r)); /* 2: 1 skipped */
	ASSERT_EQ(3, r.len);
	spool_rewind(sp); /* read again: not counted twice */
	expect_n(_metadata, sp, 0, 4, 1);
	spool_get_stats(sp, &st);
	EXPECT_EQ(1, st.corrupt);
	EXPECT_EQ(0, st.torn);
	spool_close(sp);
}

TEST_F(sp, corrupt_header_resynced)
{
	struct spool *sp = open_ok(_metadata, self->dir, 1 << 20, 0);
	struct spool_stats st;
	char p[128];

	append_n(_metadata, sp, 0, 4);
	spool_close(sp);
	/* record 1's length field: only the header CRC can tell */
	flip(_metadata, seg_path(p, self->dir, 1), 37 + 5);
	sp = open_ok(_metadata, self->dir, 1 << 20, 0);
	expect_n(_metadata, sp, 0, 4, 1);
	spool_get_stats(sp, &st);
	EXPECT_EQ(1, st.corrupt);
	EXPECT_EQ(0, st.torn); /* damage before valid records is no tail */
	spool_close(sp);
}

TEST_F(sp, bad_cursor_resends_rather_than_loses)
{
	struct spool *sp = open_ok(_metadata, self->dir, 1 << 20, 0);
	char p[128];

	append_n(_metadata, sp, 0, 3);
	expect_n(_metadata, sp, 0, 1, -1);
	spool_close(sp);
	snprintf(p, sizeof(p), "%s/cursor", self->dir);
	flip(_metadata, p, 3);
	sp = open_ok(_metadata, self->dir, 1 << 20, 0);
	expect_n(_metadata, sp, 0, 3, -1); /* record 0 again */
	spool_close(sp);
}

static void count_fn(void *arg, const struct spool_rec *r)
{
	(void)r;
	(*(int *)arg)++;
}

TEST_F(sp, scan_buf_finds_the_cut)
{
	struct spool *sp = open_ok(_metadata, self->dir, 1 << 20, 0);
	uint8_t buf[512];
	uint64_t corrupt = 0;
	char p[128];
	int fd, n = 0;
	ssize_t len;

	append_n(_metadata, sp, 0, 3);
	spool_close(sp);
	fd = open(seg_path(p, self->dir, 1), O_RDONLY);
	ASSERT_LE(0, fd);
	len = read(fd, buf, sizeof(buf));
	close(fd);
	ASSERT_EQ(37 + 38 + 39, len);
	EXPECT_EQ((size_t)len,
		  spool_scan_buf(buf, (size_t)len, &corrupt, count_fn, &n));
	EXPECT_EQ(3, n);
	n = 0;
	EXPECT_EQ(37, spool_scan_buf(buf, (size_t)len - 50, &corrupt, count_fn,
				     &n));
	EXPECT_EQ(1, n);
	EXPECT_EQ(0, corrupt);
}

TEST_HARNESS_MAIN
