/* SPDX-License-Identifier: GPL-2.0 */
/*
 * spool.h - the on-disk spool of one X2/X3 destination: PDUs that could
 * not be sent are appended here and read back, in order, once the
 * destination is up again; they survive a restart.
 *
 * A spool is a directory of append-only segment files, "%016llx.seg",
 * read lowest number first, plus a "cursor" file saying how far the
 * oldest segment has been consumed (sent). Each record is
 *
 *   magic "LMSP" | data length | PDU type | flags | task XID |
 *   CRC32C of the 28 octets before | CRC32C of the data | data
 *
 * (integers little-endian). The header CRC makes the length trustworthy,
 * so a record whose data is damaged is skipped alone; a damaged header is
 * skipped by searching for the next valid one. At open the newest
 * segment's torn tail (an incomplete or damaged last record, left by a
 * crash mid-write) is cut off so appends continue on a clean end.
 *
 * Consumption is at least once: the cursor is written after the bytes
 * went to the socket, so a crash between the two resends them.
 */
#ifndef LMISF_SPOOL_H
#define LMISF_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

#define SPOOL_REC_HDR 36
#define SPOOL_MAX_DATA (16u << 20)

struct spool_opts {
	uint64_t max_bytes; /* pending record bytes (headers included) */
	enum spool_fsync fsync; /* SPOOL_FSYNC_INTERVAL: spool_sync() */
	uint64_t segment_bytes; /* 0: min(16 MiB, max_bytes / 4) */
};

/* A position: segment number and offset in it. */
struct spool_pos {
	uint64_t seg, off;
};

struct spool_rec {
	uint8_t xid[16];
	uint16_t type;
	const uint8_t *data; /* valid until the next spool_next() */
	size_t len;
	struct spool_pos end; /* pass to spool_consume() once sent */
};

struct spool_stats {
	uint64_t pending_bytes; /* unconsumed record bytes */
	uint64_t appended, consumed; /* records */
	uint64_t dropped_limit; /* spool_append() refused: max_bytes */
	uint64_t corrupt; /* damaged records skipped while reading */
	uint64_t torn; /* torn tails cut at open */
	uint64_t io_errors;
	uint64_t segments; /* files now */
};

struct spool;

/*
 * spool_open - open (creating it if needed) the spool in @dir, check the
 * newest segment and cut its torn tail. 0 or -errno, @err says why.
 */
int spool_open(struct spool **out, const char *dir, const struct spool_opts *o,
	       char *err, size_t errlen);
/* Syncs (unless fsync is never) and closes. */
void spool_close(struct spool *sp);

/* spool_append() @flags: ignore max_bytes (PDUs already accepted into
 * memory that must not be lost when a connection breaks). */
#define SPOOL_F_FORCE 1u

/*
 * spool_append - add one record; @end (may be NULL) receives the position
 * after it. 0; -ENOSPC when it would take the pending bytes over
 * max_bytes (counted in dropped_limit); -EMSGSIZE over SPOOL_MAX_DATA;
 * -errno on I/O errors (nothing partial is left behind).
 */
int spool_append(struct spool *sp, const uint8_t xid[16], uint16_t type,
		 const void *data, size_t len, unsigned int flags,
		 struct spool_pos *end);

/*
 * spool_next - the next record after the read position (which then moves
 * past it). 1: @r filled; 0: none left; -errno: I/O error. Damaged
 * records are skipped and counted.
 */
int spool_next(struct spool *sp, struct spool_rec *r);
/* Moves the read position to @pos (a record's end seen by the caller). */
void spool_set_read(struct spool *sp, const struct spool_pos *pos);
/* Moves the read position back to the consumed position. */
void spool_rewind(struct spool *sp);
/*
 * spool_consume - everything before @end has been sent: advance the
 * cursor, delete segments wholly consumed. 0 or -errno.
 */
int spool_consume(struct spool *sp, const struct spool_pos *end);
/* Nothing unconsumed. */
bool spool_empty(const struct spool *sp);
/* Nothing left to read after the read position. */
bool spool_read_done(const struct spool *sp);
/* fdatasync what was written since the last sync. 0 or -errno. */
int spool_sync(struct spool *sp);
void spool_get_stats(const struct spool *sp, struct spool_stats *st);

/*
 * spool_scan_buf - walk the records of one segment image @buf (fuzzing,
 * tools): calls @fn for every valid record, returns the offset where the
 * valid data ends (the torn-tail cut) and counts damaged records in
 * @corrupt.
 */
size_t spool_scan_buf(const uint8_t *buf, size_t len, uint64_t *corrupt,
		      void (*fn)(void *arg, const struct spool_rec *r),
		      void *arg);

#endif /* LMISF_SPOOL_H */
