// SPDX-License-Identifier: GPL-2.0
/*
 * test_icf_persist.c - snapshot + journal: a restarted cache holds exactly
 * what the old one held (every field, previous associations with both
 * times, carried values, SUCIs, the cache period's origin); torn and
 * corrupt journal tails are cut and counted; a corrupt snapshot is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "icf_fixture.h"
#include "icf_journal.h"

#pragma GCC diagnostic ignored "-Wmissing-prototypes"

struct dump {
	char *lines[256];
	int n;
};

static int dump_one(void *arg, const struct icf_view *v)
{
	struct dump *d = arg;
	char buf[1024];
	int n;

	n = snprintf(buf, sizeof(buf), "%u:%.*s g=", v->supi.type,
		     (int)v->supi.len, v->supi.val);
	for (int i = 0; i < ICF_GUTI_LEN; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%02x", v->guti[i]);
	n += snprintf(
		buf + n, sizeof(buf) - n,
		" s=%lld e=%lld tai=%02x ncgi=%d:%02x%02x suci=%u pei=%u:%.*s gpsi=%u:%.*s tl=%d:%u",
		(long long)v->start, (long long)v->end, v->tai[5], v->has_ncgi,
		v->ncgi[6], v->ncgi[7], v->suci_len, v->pei_type, v->pei_len,
		(const char *)v->pei, v->gpsi_type, v->gpsi_len, v->gpsi,
		v->has_tai_list, v->n_tai_list);
	if (d->n < 256)
		d->lines[d->n++] = strdup(buf);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *dump(struct icf *c)
{
	struct dump d = { .n = 0 };
	size_t len = 1;
	char *s;

	icf_for_each(c, dump_one, &d);
	qsort(d.lines, d.n, sizeof(d.lines[0]), cmp);
	for (int i = 0; i < d.n; i++)
		len += strlen(d.lines[i]) + 1;
	s = calloc(1, len);
	for (int i = 0; i < d.n; i++) {
		strcat(s, d.lines[i]);
		strcat(s, "\n");
		free(d.lines[i]);
	}
	return s;
}

FIXTURE(persist)
{
	struct lm_clock clk;
	struct icf *c;
	struct icf_persist *p;
	char dir[64], jpath[128], spath[128];
};

FIXTURE_SETUP(persist)
{
	strcpy(self->dir, "/tmp/lmisf-persist-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->jpath, sizeof(self->jpath), "%s/journal", self->dir);
	snprintf(self->spath, sizeof(self->spath), "%s/snapshot", self->dir);
	lm_clock_manual_init(&self->clk, T0);
	self->c = icf_new(&test_cfg, &self->clk);
	ASSERT_NE(NULL, self->c);
	ASSERT_EQ(0, icf_persist_open(self->c, self->dir, &self->p));
}

static void rm_in(const char *dir, const char *name)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

FIXTURE_TEARDOWN(persist)
{
	icf_persist_close(self->p);
	icf_free(self->c);
	unlink(self->jpath);
	unlink(self->spath);
	rm_in(self->dir, "snapshot.tmp");
	rm_in(self->dir, "journal.next");
	rmdir(self->dir);
}

/* A varied history: carried values, SUCI, deassociation, late record. */
static void history(struct lm_clock *clk, struct icf *c, int part)
{
	static const uint8_t suci[9] = { 1,    0x32, 0xf4, 0x51, 0xf0,
					 0xff, 0,    0,	   0x99 };
	uint8_t tl[2 * ICF_TAI_LEN];
	struct icf_assoc_event a;
	struct icf_deassoc_event d;
	const char *nai = "type0.rid678.schid0.userid0999999999@5gc.mnc015."
			  "mcc234.3gppnetwork.org";

	mk_tai(tl, plmn_a, 0x300);
	mk_tai(tl + 6, plmn_a, 0x301);
	if (part == 0) {
		mk_assoc(&a, "234150000000001", 0xa1, T0);
		a.suci = suci;
		a.suci_len = sizeof(suci);
		a.pei_type = ICF_PEI_IMEI;
		a.pei = (const uint8_t *)"35925406123456";
		a.pei_len = 14;
		a.has_tai_list = true;
		a.tai_list = tl;
		a.n_tai_list = 2;
		icf_associate(c, &a);
		lm_clock_manual_set(clk, T0 + 10 * SEC);
		mk_assoc(&a, "234150000000001", 0xa2, T0 + 10 * SEC);
		a.has_ncgi = false;
		icf_associate(c, &a);
		mk_deassoc(&d, "234150000000001", 0xa2, T0 + 15 * SEC);
		icf_deassociate(c, &d);
	} else {
		lm_clock_manual_set(clk, T0 + 20 * SEC);
		mk_assoc(&a, "234150000000002", 0xb2, T0 + 20 * SEC);
		a.gpsi_type = ICF_GPSI_NAI;
		a.gpsi = "alice@example.org";
		a.gpsi_len = 17;
		icf_associate(c, &a);
		mk_assoc(&a, "234150000000002", 0xb1, T0 + 12 * SEC);
		icf_associate(c, &a); /* late: into history */
		mk_assoc(&a, "234150000000003", 0xc1, T0 + 21 * SEC);
		a.supi.type = ICF_SUPI_NAI;
		a.supi.val = nai;
		a.supi.len = (uint16_t)strlen(nai);
		icf_associate(c, &a);
		mk_assoc(&a, "234150000000001", 0xa3, T0 + 22 * SEC);
		icf_associate(c, &a);
	}
}

static struct icf *reopen(struct __test_metadata *_metadata,
			  FIXTURE_DATA(persist) * self, int expect)
{
	struct icf *c;

	icf_persist_close(self->p);
	self->p = NULL;
	c = icf_new(&test_cfg, &self->clk);
	EXPECT_NE(NULL, c);
	EXPECT_EQ(expect, icf_persist_open(c, self->dir, &self->p));
	return c;
}

/* Restarts from the files: the cache must be what @before dumped. */
static void restart_matches(struct __test_metadata *_metadata,
			    FIXTURE_DATA(persist) * self, char *before)
{
	struct icf *c2 = reopen(_metadata, self, 0);
	char *after = dump(c2);

	EXPECT_STREQ(before, after);
	free(before);
	free(after);
	icf_free(self->c);
	self->c = c2;
}

static void restart_and_compare(struct __test_metadata *_metadata,
				FIXTURE_DATA(persist) * self, bool snapshot)
{
	char *before, *after;
	lm_ms_t f1, t1, f2, t2;
	struct icf *c2;

	history(&self->clk, self->c, 0);
	if (snapshot)
		ASSERT_EQ(0, icf_persist_snapshot(self->p));
	history(&self->clk, self->c, 1);
	ASSERT_EQ(0, icf_persist_flush(self->p));
	before = dump(self->c);
	icf_cache_period(self->c, &f1, &t1);
	/* A later start must not move the cache period's origin. */
	lm_clock_manual_set(&self->clk, T0 + 30 * SEC);
	c2 = reopen(_metadata, self, 0);
	after = dump(c2);
	EXPECT_STREQ(before, after);
	EXPECT_NE(0, strlen(before));
	icf_cache_period(c2, &f2, &t2);
	EXPECT_EQ(f1, f2);
	free(before);
	free(after);
	icf_free(self->c);
	self->c = c2;
}

TEST_F(persist, restart_from_journal)
{
	restart_and_compare(_metadata, self, false);
}

TEST_F(persist, restart_from_snapshot_and_journal)
{
	struct icf_persist_stats st;

	restart_and_compare(_metadata, self, true);
	icf_persist_get_stats(self->p, &st);
	EXPECT_GT(st.snapshot_events, 0);
}

/* After a snapshot, the journal holds only what came later. */
TEST_F(persist, snapshot_empties_journal)
{
	struct stat sb;

	history(&self->clk, self->c, 0);
	ASSERT_EQ(0, icf_persist_flush(self->p));
	ASSERT_EQ(0, stat(self->jpath, &sb));
	EXPECT_GT(sb.st_size, 16);
	ASSERT_EQ(0, icf_persist_snapshot(self->p));
	ASSERT_EQ(0, stat(self->jpath, &sb));
	EXPECT_EQ(16, sb.st_size);
}

/* Expiry during the downtime is applied on load. */
TEST_F(persist, expired_during_downtime)
{
	struct icf_stats st;
	struct icf *c2;

	history(&self->clk, self->c, 0);
	icf_persist_flush(self->p);
	lm_clock_manual_set(&self->clk, T0 + 15 * SEC + HOUR);
	c2 = reopen(_metadata, self, 0);
	icf_get_stats(c2, &st);
	/* a1 closed at 10 s, a2 at 15 s: both past the cache limit. */
	EXPECT_EQ(0, st.associations);
	icf_free(self->c);
	self->c = c2;
}

/* A torn last entry is dropped, counted, and cut off the file. */
TEST_F(persist, torn_tail)
{
	struct icf_persist_stats pst;
	struct icf_stats st;
	struct stat sb;
	struct icf *c2;

	history(&self->clk, self->c, 0);
	icf_persist_flush(self->p);
	ASSERT_EQ(0, stat(self->jpath, &sb));
	ASSERT_EQ(0, truncate(self->jpath, sb.st_size - 3));
	c2 = reopen(_metadata, self, 0);
	icf_persist_get_stats(self->p, &pst);
	EXPECT_EQ(1, pst.torn_tail);
	icf_get_stats(c2, &st);
	EXPECT_EQ(2, st.associations); /* the deassociation was lost */
	EXPECT_EQ(1, st.active);
	/* New entries follow the good ones and survive the next restart. */
	{
		struct icf_assoc_event a;
		struct icf *c3;

		mk_assoc(&a, "234150000000009", 0xf1, T0 + 16 * SEC);
		icf_associate(c2, &a);
		icf_persist_flush(self->p);
		c3 = reopen(_metadata, self, 0);
		icf_persist_get_stats(self->p, &pst);
		EXPECT_EQ(0, pst.torn_tail);
		icf_get_stats(c3, &st);
		EXPECT_EQ(3, st.associations);
		icf_persist_close(self->p); /* bound to c3 */
		self->p = NULL;
		icf_free(c3);
	}
	icf_free(self->c);
	self->c = c2;
}

/* A corrupt entry (bad checksum) ends the replay there. */
TEST_F(persist, corrupt_entry)
{
	struct icf_persist_stats pst;
	struct icf_stats st;
	struct stat sb;
	struct icf *c2;
	uint8_t b;
	int fd;

	history(&self->clk, self->c, 0);
	icf_persist_flush(self->p);
	ASSERT_EQ(0, stat(self->jpath, &sb));
	fd = open(self->jpath, O_RDWR);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(1, pread(fd, &b, 1, sb.st_size - 2));
	b ^= 0x40;
	ASSERT_EQ(1, pwrite(fd, &b, 1, sb.st_size - 2));
	close(fd);
	c2 = reopen(_metadata, self, 0);
	icf_persist_get_stats(self->p, &pst);
	EXPECT_EQ(1, pst.torn_tail);
	icf_get_stats(c2, &st);
	EXPECT_EQ(1, st.active);
	icf_free(self->c);
	self->c = c2;
}

/* A snapshot is whole or refused. */
TEST_F(persist, corrupt_snapshot_refused)
{
	struct stat sb;
	struct icf *c2;

	history(&self->clk, self->c, 0);
	ASSERT_EQ(0, icf_persist_snapshot(self->p));
	ASSERT_EQ(0, stat(self->spath, &sb));
	ASSERT_EQ(0, truncate(self->spath, sb.st_size - 1));
	c2 = reopen(_metadata, self, -EBADMSG);
	icf_free(c2);
	/* Teardown closes self->p: reopen left it NULL. */
}

/* Copies @name between state directories (absent: removed in @to). */
static int copy_file(const char *from, const char *to, const char *name,
		     const char *as)
{
	char src[160], dst[160], buf[65536];
	int in, out, r = 0;
	ssize_t n;

	snprintf(src, sizeof(src), "%s/%s", from, name);
	snprintf(dst, sizeof(dst), "%s/%s", to, as ? as : name);
	unlink(dst);
	in = open(src, O_RDONLY);
	if (in < 0)
		return 0;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			r = -1;
	close(in);
	close(out);
	return r;
}

/* Loads a copied state directory into a new cache and dumps it. */
static char *load_dump(struct lm_clock *clk, const char *dir)
{
	struct icf_persist *p;
	struct icf *c = icf_new(&test_cfg, clk);
	char *s = NULL;

	if (c && !icf_persist_open(c, dir, &p)) {
		s = dump(c);
		icf_persist_close(p);
	}
	icf_free(c);
	return s;
}

static void rm_state(const char *dir)
{
	rm_in(dir, "snapshot");
	rm_in(dir, "snapshot.tmp");
	rm_in(dir, "journal");
	rm_in(dir, "journal.next");
	rmdir(dir);
}

/*
 * A snapshot does not stop the cache: while the child is held, ingest
 * and queries go on; afterwards a restart restores exactly, from the
 * snapshot (state at the fork) and the new journal (what came after). A
 * crash at any point of the snapshot restores exactly too: the files are
 * copied as they stand while the child runs (snapshot.tmp, journal,
 * journal.next) and as they would after the first commit rename only.
 */
TEST_F(persist, snapshot_in_background)
{
	char crash[64] = "/tmp/lmisf-crash-XXXXXX", *before, *after;
	char crash2[64] = "/tmp/lmisf-crash-XXXXXX";
	struct icf_persist_stats pst;
	struct icf_result res;
	struct icf_query q = { .key = ICF_KEY_SUPI };
	struct icf_stats st0, st;
	int hold[2];
	struct icf *c2;

	ASSERT_NE(NULL, mkdtemp(crash));
	ASSERT_NE(NULL, mkdtemp(crash2));
	ASSERT_EQ(0, pipe(hold));
	history(&self->clk, self->c, 0);
	icf_get_stats(self->c, &st0);
	icf_persist_hold_snapshot(self->p, hold[0]);
	ASSERT_EQ(0, icf_persist_snapshot_start(self->p));
	EXPECT_EQ(-EBUSY, icf_persist_snapshot_start(self->p));
	/* The child is held: the loop's work goes on meanwhile. */
	history(&self->clk, self->c, 1);
	q.supi.type = ICF_SUPI_IMSI;
	q.supi.val = "234150000000002";
	q.supi.len = 15;
	ASSERT_EQ(0, icf_query(self->c, &q, &res));
	EXPECT_EQ(1, res.n);
	icf_get_stats(self->c, &st);
	EXPECT_GT(st.associations, st0.associations);
	EXPECT_EQ(1, icf_persist_snapshot_poll(self->p));
	ASSERT_EQ(0, icf_persist_flush(self->p));
	before = dump(self->c);
	/* Crash while the child runs: old snapshot + both journals. */
	ASSERT_EQ(0, copy_file(self->dir, crash, "snapshot", NULL));
	ASSERT_EQ(0, copy_file(self->dir, crash, "snapshot.tmp", NULL));
	ASSERT_EQ(0, copy_file(self->dir, crash, "journal", NULL));
	ASSERT_EQ(0, copy_file(self->dir, crash, "journal.next", NULL));
	ASSERT_EQ(0, copy_file(self->dir, crash2, "journal", NULL));
	after = load_dump(&self->clk, crash);
	ASSERT_NE(NULL, after);
	EXPECT_STREQ(before, after);
	free(after);
	/* Release the child; commit. */
	ASSERT_EQ(1, write(hold[1], "x", 1));
	ASSERT_EQ(0, icf_persist_snapshot_wait(self->p));
	icf_persist_get_stats(self->p, &pst);
	EXPECT_EQ(1, pst.snapshots);
	EXPECT_GT(pst.snapshot_events, 0);
	/* Crash between the two renames: new snapshot, old journal, next. */
	rm_state(crash);
	ASSERT_EQ(0, copy_file(self->dir, crash2, "snapshot", NULL));
	ASSERT_EQ(0, copy_file(self->dir, crash2, "journal", "journal.next"));
	after = load_dump(&self->clk, crash2);
	ASSERT_NE(NULL, after);
	EXPECT_STREQ(before, after);
	free(after);
	rm_state(crash2);
	/* A clean restart: the snapshot and the new journal. */
	c2 = reopen(_metadata, self, 0);
	after = dump(c2);
	EXPECT_STREQ(before, after);
	icf_persist_get_stats(self->p, &pst);
	EXPECT_GT(pst.snapshot_events, 0);
	free(before);
	free(after);
	close(hold[0]);
	close(hold[1]);
	icf_free(self->c);
	self->c = c2;
}

/* A snapshot whose child dies is not committed; nothing is lost. */
TEST_F(persist, failed_snapshot_keeps_everything)
{
	struct icf_persist_stats pst;
	struct stat sb;
	int hold[2];

	ASSERT_EQ(0, pipe(hold));
	history(&self->clk, self->c, 0);
	icf_persist_hold_snapshot(self->p, hold[0]);
	ASSERT_EQ(0, icf_persist_snapshot_start(self->p));
	history(&self->clk, self->c, 1);
	ASSERT_EQ(0, kill(icf_persist_snapshot_child(self->p), SIGKILL));
	EXPECT_EQ(-EIO, icf_persist_snapshot_wait(self->p));
	icf_persist_get_stats(self->p, &pst);
	EXPECT_EQ(1, pst.snapshot_failures);
	EXPECT_EQ(0, pst.snapshots);
	/* Back to one journal, which holds both parts. */
	EXPECT_NE(0, stat(self->spath, &sb));
	ASSERT_EQ(0, icf_persist_flush(self->p));
	restart_matches(_metadata, self, dump(self->c));
	close(hold[0]);
	close(hold[1]);
	/* And a later snapshot works. */
	icf_persist_hold_snapshot(self->p, -1);
	EXPECT_EQ(0, icf_persist_snapshot(self->p));
}

/* One association of a new SUPI @i (a journalled event). */
static void one_event(struct icf *c, int i)
{
	struct icf_assoc_event a;
	char supi[32];

	snprintf(supi, sizeof(supi), "23415000000%04d", i);
	mk_assoc(&a, supi, 0xd00 + i, T0 + 30 * SEC + i);
	icf_associate(c, &a);
}

/* Ticks until the running snapshot is committed (or 10 s). */
static enum icf_tick tick_until_done(struct icf_persist *p)
{
	enum icf_tick t = ICF_TICK_RUNNING;
	int err;

	for (int i = 0; i < 1000 && t == ICF_TICK_RUNNING; i++) {
		t = icf_persist_tick(p, 1000000, &err);
		if (t == ICF_TICK_RUNNING)
			usleep(10000);
	}
	return t;
}

/*
 * The host's timer policy: a snapshot only once the journal holds at
 * least the minimum of events and more than the last snapshot did.
 */
TEST_F(persist, snapshot_timer_policy)
{
	struct icf_persist_stats pst;
	uint64_t snap;
	int err, i = 0;

	lm_clock_manual_set(&self->clk, T0 + 30 * SEC);
	history(&self->clk, self->c, 0);
	icf_persist_get_stats(self->p, &pst);
	ASSERT_EQ(3, pst.journal_events);
	/* Under the minimum: nothing. */
	EXPECT_EQ(ICF_TICK_IDLE, icf_persist_tick(self->p, 4, &err));
	EXPECT_EQ(0, icf_persist_snapshot_child(self->p));
	/* At the minimum: one starts, and a later tick commits it. */
	EXPECT_EQ(ICF_TICK_STARTED, icf_persist_tick(self->p, 3, &err));
	EXPECT_NE(0, icf_persist_snapshot_child(self->p));
	EXPECT_EQ(ICF_TICK_IDLE, tick_until_done(self->p));
	icf_persist_get_stats(self->p, &pst);
	ASSERT_EQ(1, pst.snapshots);
	snap = pst.snapshot_events;
	ASSERT_GT(snap, 0);
	EXPECT_EQ(0, pst.journal_events);
	/* Over the minimum but not more than the snapshot holds: none. */
	while (pst.journal_events < snap) {
		one_event(self->c, i++);
		icf_persist_get_stats(self->p, &pst);
		EXPECT_EQ(ICF_TICK_IDLE, icf_persist_tick(self->p, 1, &err));
		EXPECT_EQ(0, icf_persist_snapshot_child(self->p));
	}
	/* One more than the snapshot: the next one starts. */
	one_event(self->c, i++);
	EXPECT_EQ(ICF_TICK_STARTED, icf_persist_tick(self->p, 1, &err));
	EXPECT_EQ(ICF_TICK_IDLE, tick_until_done(self->p));
	icf_persist_get_stats(self->p, &pst);
	EXPECT_EQ(2, pst.snapshots);
	EXPECT_EQ(0, pst.snapshot_failures);
}

/*
 * Committed snapshot, but journal.next cannot replace journal (here a
 * directory took the journal's name): -EIO, counted, no further snapshot
 * until a restart, and a restart loads everything (snapshot + next).
 */
TEST_F(persist, journal_rename_failure_is_eio)
{
	struct icf_persist_stats pst;
	char moved[160], inner[160];
	int hold[2], err, fd;

	ASSERT_EQ(0, pipe(hold));
	snprintf(moved, sizeof(moved), "%s.moved", self->jpath);
	snprintf(inner, sizeof(inner), "%s/x", self->jpath);
	history(&self->clk, self->c, 0);
	icf_persist_hold_snapshot(self->p, hold[0]);
	ASSERT_EQ(0, icf_persist_snapshot_start(self->p));
	history(&self->clk, self->c, 1); /* into journal.next */
	ASSERT_EQ(0, rename(self->jpath, moved));
	ASSERT_EQ(0, mkdir(self->jpath, 0700));
	fd = open(inner, O_WRONLY | O_CREAT, 0600);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(1, write(hold[1], "x", 1));
	EXPECT_EQ(-EIO, icf_persist_snapshot_wait(self->p));
	icf_persist_get_stats(self->p, &pst);
	EXPECT_EQ(1, pst.snapshots);
	EXPECT_EQ(1, pst.write_errors);
	EXPECT_EQ(0, pst.snapshot_failures);
	/* No snapshot until a restart; the timer says so too. */
	icf_persist_hold_snapshot(self->p, -1);
	EXPECT_EQ(-EIO, icf_persist_snapshot_start(self->p));
	EXPECT_EQ(ICF_TICK_START_FAILED, icf_persist_tick(self->p, 1, &err));
	EXPECT_EQ(-EIO, err);
	/* Events still go to journal.next; a restart finds them all. */
	one_event(self->c, 1);
	ASSERT_EQ(0, icf_persist_flush(self->p));
	unlink(inner);
	ASSERT_EQ(0, rmdir(self->jpath));
	unlink(moved);
	restart_matches(_metadata, self, dump(self->c));
	close(hold[0]);
	close(hold[1]);
}

static int events_seen;

static void count_events(void *arg, enum icf_event ev, uint32_t id)
{
	(void)arg;
	(void)ev;
	(void)id;
	events_seen++;
}

/* Replay does not notify the observer, and leaves it installed. */
TEST_F(persist, observer_kept_across_load)
{
	struct icf_assoc_event a;
	struct icf *c2;

	history(&self->clk, self->c, 0);
	icf_persist_flush(self->p);
	icf_persist_close(self->p);
	self->p = NULL;
	c2 = icf_new(&test_cfg, &self->clk);
	ASSERT_NE(NULL, c2);
	events_seen = 0;
	icf_set_observer(c2, count_events, NULL);
	ASSERT_EQ(0, icf_persist_open(c2, self->dir, &self->p));
	EXPECT_EQ(0, events_seen);
	mk_assoc(&a, "234150000000001", 0xa9, T0 + 20 * SEC);
	icf_associate(c2, &a);
	EXPECT_EQ(1, events_seen); /* new; the previous was deassociated */
	icf_free(self->c);
	self->c = c2;
}

TEST(crc32c_check_value)
{
	/* The CRC-32C check value of "123456789". */
	EXPECT_EQ(0xe3069283u, icf_crc32c(0, "123456789", 9));
}

TEST_HARNESS_MAIN
