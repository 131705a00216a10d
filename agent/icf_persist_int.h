/* SPDX-License-Identifier: GPL-2.0 */
/* Persistence internals shared by icf_journal.c and icf_snapshot.c. */
#ifndef LMISF_ICF_PERSIST_INT_H
#define LMISF_ICF_PERSIST_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "icf_journal.h"

#define MAGIC_SNAP "LMISFSN1"
#define MAGIC_JRNL "LMISFJN1"
#define HDR_LEN 16 /* magic + origin */
#define MAX_ENTRY 8192 /* a SUCI of 3008 octets and a full TAI list fit */
#define BUF_FLUSH (256 * 1024)

/*
 * Files in the state directory. While a snapshot is being written,
 * "snapshot.tmp" exists (created before "journal.next") and new events go
 * to "journal.next"; "journal" holds those up to the fork. The commit
 * renames snapshot.tmp over snapshot, then journal.next over journal, so
 * whatever point a crash stops at, the loader can tell which files hold
 * the state (see icf_persist_open()).
 */
#define F_SNAP "snapshot"
#define F_SNAP_TMP "snapshot.tmp"
#define F_JRNL "journal"
#define F_JRNL_NEXT "journal.next"

struct icf_persist {
	struct icf *c;
	char *dir;
	int jfd;
	uint8_t *buf;
	size_t len, cap;
	struct icf_persist_stats st;
	/* A snapshot in progress: the child writing it, its result pipe. */
	pid_t child;
	int child_pipe;
	int hold_fd; /* tests: the child waits for this before finishing */
	bool in_next; /* events go to journal.next */
};

size_t icf_persist_encode(uint8_t *out, size_t cap,
			  const struct icf_assoc_event *a,
			  const struct icf_deassoc_event *d, lm_ms_t now);
char *icf_persist_path(const char *dir, const char *name);
int icf_persist_write_all(int fd, const void *p, size_t n);
/* Opens @name as the journal (new with a header when @truncate). */
int icf_persist_open_journal(struct icf_persist *p, const char *name,
			     bool truncate, off_t keep, lm_ms_t origin);
int icf_persist_sync_dir(const struct icf_persist *p);
/*
 * After a snapshot that was not committed: journal.next's entries are
 * appended to journal, which becomes the journal again; journal.next and
 * snapshot.tmp are removed.
 */
int icf_persist_fold_next(struct icf_persist *p);

#endif /* LMISF_ICF_PERSIST_INT_H */
