/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ICF persistence: a snapshot plus an append-only journal, so that a
 * restart does not blank the cache.
 *
 * Both files are sequences of the same checksummed entries: an event (an
 * association or a deassociation) and the ICF time at which it was
 * applied. The journal gets every event that changed the cache; a snapshot
 * is a minimal event sequence that rebuilds the cache as it was. Loading
 * replays the snapshot, then the journal, each event at its journalled
 * time, so expiry decisions are the same as before the restart. A journal
 * ending in a torn or corrupt entry is cut there (counted); a snapshot
 * that fails its checks is refused (-EBADMSG) rather than half-loaded.
 *
 * Entry: u32 length, u32 CRC32C of the payload, payload (host byte order;
 * the files are not meant to move between machines). Files start with an
 * 8-octet magic and the cache's origin time.
 */
#ifndef LMISF_ICF_JOURNAL_H
#define LMISF_ICF_JOURNAL_H

#include <stdint.h>

#include "icf.h"

struct icf_persist_stats {
	uint64_t snapshot_events, journal_events;
	uint64_t journal_bytes; /* current journal size */
	uint64_t torn_tail; /* entries dropped at the end of the journal */
	uint64_t write_errors;
	uint64_t snapshots; /* committed */
	uint64_t snapshot_failures;
};

struct icf_persist;

/*
 * icf_persist_open - load @dir/snapshot and @dir/journal into the (empty)
 * cache @c, then journal every further change into @dir/journal. The
 * directory must exist. 0 or -errno (-EBADMSG: corrupt snapshot).
 */
int icf_persist_open(struct icf *c, const char *dir, struct icf_persist **out);
/* Writes buffered journal entries to the file (call once per loop turn). */
int icf_persist_flush(struct icf_persist *p);
/* flush + fdatasync. */
int icf_persist_sync(struct icf_persist *p);
/*
 * icf_persist_snapshot_start - begin a snapshot without blocking: fork(); the
 * child writes the cache as it was at the fork (copy-on-write pages) to
 * snapshot.tmp and fsyncs it, while the parent goes on and journals new
 * events to journal.next. 0, -EBUSY when one is already running, -errno.
 * The parent's cost is the fork (page tables: some ms per GB of cache).
 */
int icf_persist_snapshot_start(struct icf_persist *p);
/*
 * Commits a finished snapshot (renames; the new journal replaces the old).
 * Call from the loop (e.g. once a second). 1 while the child still runs,
 * 0 when none is running or it was committed, -errno when it failed (the
 * old snapshot and both journals stay valid; counted in write_errors).
 */
int icf_persist_snapshot_poll(struct icf_persist *p);
/* Waits for a running snapshot and commits it. 0 or -errno. */
int icf_persist_snapshot_wait(struct icf_persist *p);
/* start + wait: a whole snapshot before returning. */
int icf_persist_snapshot(struct icf_persist *p);
/* Tests: the child waits until @fd is readable (or closed) to finish. */
void icf_persist_hold_snapshot(struct icf_persist *p, int fd);
/* The running snapshot's child process, 0 when none (tests, logging). */
int icf_persist_snapshot_child(const struct icf_persist *p);
/*
 * icf_persist_tick - the host's periodic persistence policy (once a
 * second): make the journal durable, commit a finished snapshot, and start
 * one when the journal holds at least @snapshot_min events and more than
 * the last snapshot did, so that restart time and disk stay proportional
 * to the cache, not to its history. What happened is returned; *err is
 * the error of ICF_TICK_COMMIT_FAILED and ICF_TICK_START_FAILED.
 */
enum icf_tick {
	ICF_TICK_IDLE, /* nothing due (a commit may have happened) */
	ICF_TICK_RUNNING, /* a snapshot is still being written */
	ICF_TICK_STARTED, /* a snapshot was started */
	ICF_TICK_COMMIT_FAILED, /* the finished snapshot was not committed */
	ICF_TICK_START_FAILED, /* one was due but could not be started */
};
enum icf_tick icf_persist_tick(struct icf_persist *p, uint64_t snapshot_min,
			       int *err);
/* Flushes and closes; the cache is left as it is. */
void icf_persist_close(struct icf_persist *p);
void icf_persist_get_stats(const struct icf_persist *p,
			   struct icf_persist_stats *st);

uint32_t icf_crc32c(uint32_t crc, const void *p, size_t n);

#endif /* LMISF_ICF_JOURNAL_H */
