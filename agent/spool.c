// SPDX-License-Identifier: GPL-2.0
/*
 * The per-destination disk spool (spool.h): append-only segments of
 * checksummed records, a cursor for what has been sent, a byte limit.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "icf_journal.h"
#include "spool.h"

#define SPOOL_MAGIC 0x50534d4cu /* "LMSP" little-endian */
#define CURSOR_MAGIC 0x52435053u
#define SEG_DEFAULT (16ull << 20)

struct seg {
	uint64_t num, size;
};

struct spool {
	int dirfd;
	struct spool_opts o;
	struct seg *segs; /* ascending */
	unsigned int n_segs, cap_segs;
	int wfd; /* the newest segment, for appends */
	int cfd; /* the cursor file, opened at its first write */
	int rfd; /* the segment being read, number rfd_num */
	uint64_t rfd_num;
	uint64_t next_num; /* for a new segment */
	struct spool_pos consumed, rd;
	uint64_t counted_to_seg, counted_to_off; /* corrupt counted below */
	uint8_t *buf;
	size_t cap;
	bool dirty, cursor_dirty;
	struct spool_stats st;
};

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* A header is valid when magic and header CRC agree; @len its data. */
static bool hdr_ok(const uint8_t *h, uint32_t *len)
{
	if (get32(h) != SPOOL_MAGIC || icf_crc32c(0, h, 28) != get32(h + 28))
		return false;
	*len = get32(h + 4);
	return *len <= SPOOL_MAX_DATA;
}

static void fill_rec(const uint8_t *h, const uint8_t *data, struct spool_rec *r)
{
	memcpy(r->xid, h + 12, 16);
	r->type = (uint16_t)(h[8] | h[9] << 8);
	r->data = data;
	r->len = get32(h + 4);
}

size_t spool_scan_buf(const uint8_t *buf, size_t len, uint64_t *corrupt,
		      void (*fn)(void *arg, const struct spool_rec *r),
		      void *arg)
{
	size_t off = 0, good_end = 0;
	bool bad = false;

	while (off + SPOOL_REC_HDR <= len) {
		uint32_t n;

		if (!hdr_ok(buf + off, &n)) {
			/* search for the next valid header */
			if (!bad)
				(*corrupt)++;
			bad = true;
			off++;
			continue;
		}
		bad = false;
		if (n > len - off - SPOOL_REC_HDR)
			break; /* torn: the data is not all there */
		if (icf_crc32c(0, buf + off + SPOOL_REC_HDR, n) !=
		    get32(buf + off + 32)) {
			(*corrupt)++;
		} else if (fn) {
			struct spool_rec r;

			fill_rec(buf + off, buf + off + SPOOL_REC_HDR, &r);
			r.end.seg = 0;
			r.end.off = off + SPOOL_REC_HDR + n;
			fn(arg, &r);
		}
		off += SPOOL_REC_HDR + n;
		good_end = off;
	}
	return good_end;
}

static int seg_name(char out[32], uint64_t num)
{
	return snprintf(out, 32, "%016" PRIx64 ".seg", num);
}

static int seg_add(struct spool *sp, uint64_t num, uint64_t size)
{
	if (sp->n_segs == sp->cap_segs) {
		unsigned int c = sp->cap_segs ? 2 * sp->cap_segs : 8;
		struct seg *s = realloc(sp->segs, c * sizeof(*s));

		if (!s)
			return -ENOMEM;
		sp->segs = s;
		sp->cap_segs = c;
	}
	sp->segs[sp->n_segs].num = num;
	sp->segs[sp->n_segs++].size = size;
	return 0;
}

static int seg_cmp(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

static void recount(struct spool *sp)
{
	uint64_t b = 0;

	for (unsigned int i = 0; i < sp->n_segs; i++)
		b += sp->segs[i].size;
	if (sp->n_segs && sp->segs[0].num == sp->consumed.seg)
		b -= sp->consumed.off;
	sp->st.pending_bytes = b;
	sp->st.segments = sp->n_segs;
}

static int write_cursor(struct spool *sp)
{
	uint8_t c[24];
	int fd, r = 0;

	put64(c, sp->consumed.seg);
	put64(c + 8, sp->consumed.off);
	put32(c + 16, CURSOR_MAGIC);
	put32(c + 20, icf_crc32c(0, c, 20));
	if (sp->cfd < 0)
		sp->cfd = openat(sp->dirfd, "cursor",
				 O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	fd = sp->cfd;
	if (fd < 0)
		return -errno;
	if (pwrite(fd, c, sizeof(c), 0) != (ssize_t)sizeof(c))
		r = -EIO;
	else if (sp->o.fsync == SPOOL_FSYNC_ALWAYS && fdatasync(fd))
		r = -errno;
	sp->cursor_dirty = sp->o.fsync == SPOOL_FSYNC_INTERVAL && !r;
	if (r)
		sp->st.io_errors++;
	return r;
}

static void read_cursor(struct spool *sp)
{
	uint8_t c[24];
	int fd = openat(sp->dirfd, "cursor", O_RDONLY | O_CLOEXEC);

	sp->consumed.seg = sp->consumed.off = 0;
	if (fd < 0)
		return;
	/* An unreadable cursor means resending from the start, not loss. */
	if (pread(fd, c, sizeof(c), 0) == (ssize_t)sizeof(c) &&
	    get32(c + 16) == CURSOR_MAGIC &&
	    icf_crc32c(0, c, 20) == get32(c + 20)) {
		sp->consumed.seg = get64(c);
		sp->consumed.off = get64(c + 8);
	}
	close(fd);
}

static void seg_unlink(struct spool *sp, uint64_t num)
{
	char name[32];

	seg_name(name, num);
	if (unlinkat(sp->dirfd, name, 0) && errno != ENOENT)
		sp->st.io_errors++;
}

/* Cut the newest segment's torn tail (spool.h). */
static int check_tail(struct spool *sp, struct seg *s, char *err, size_t errlen)
{
	char name[32];
	uint64_t corrupt = 0;
	size_t end;
	uint8_t *b;
	int fd;

	seg_name(name, s->num);
	fd = openat(sp->dirfd, name, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -errno;
	}
	b = malloc(s->size ? s->size : 1);
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	if (pread(fd, b, s->size, 0) != (ssize_t)s->size) {
		snprintf(err, errlen, "%s: short read", name);
		free(b);
		close(fd);
		return -EIO;
	}
	end = spool_scan_buf(b, s->size, &corrupt, NULL, NULL);
	free(b);
	if (end < s->size) {
		if (ftruncate(fd, (off_t)end)) {
			snprintf(err, errlen, "%s: truncate: %s", name,
				 strerror(errno));
			close(fd);
			return -EIO;
		}
		sp->st.torn++;
		s->size = end;
	}
	sp->wfd = fd;
	return 0;
}

int spool_open(struct spool **out, const char *dir, const struct spool_opts *o,
	       char *err, size_t errlen)
{
	struct spool *sp = calloc(1, sizeof(*sp));
	struct dirent *de;
	DIR *d;
	int r;

	if (!sp)
		return -ENOMEM;
	sp->o = *o;
	if (!sp->o.segment_bytes) {
		sp->o.segment_bytes = o->max_bytes / 4;
		if (sp->o.segment_bytes > SEG_DEFAULT ||
		    sp->o.segment_bytes < 4096)
			sp->o.segment_bytes = SEG_DEFAULT;
	}
	sp->wfd = sp->cfd = sp->rfd = -1;
	if (mkdir(dir, 0700) && errno != EEXIST) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		free(sp);
		return r;
	}
	sp->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sp->dirfd < 0) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		free(sp);
		return r;
	}
	d = fdopendir(dup(sp->dirfd));
	if (!d) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		goto fail;
	}
	while ((de = readdir(d))) {
		unsigned long long num;
		struct stat stb;
		int used = 0;

		if (sscanf(de->d_name, "%16llx.seg%n", &num, &used) != 1 ||
		    used != 20 || de->d_name[used])
			continue;
		if (fstatat(sp->dirfd, de->d_name, &stb, 0) ||
		    seg_add(sp, num, (uint64_t)stb.st_size)) {
			r = -EIO;
			snprintf(err, errlen, "%s/%s: cannot stat", dir,
				 de->d_name);
			closedir(d);
			goto fail;
		}
	}
	closedir(d);
	if (sp->n_segs)
		qsort(sp->segs, sp->n_segs, sizeof(*sp->segs), seg_cmp);
	read_cursor(sp);
	/* Segments below the cursor's were consumed before a crash. */
	while (sp->n_segs && sp->segs[0].num < sp->consumed.seg) {
		seg_unlink(sp, sp->segs[0].num);
		memmove(sp->segs, sp->segs + 1,
			--sp->n_segs * sizeof(*sp->segs));
	}
	if (sp->n_segs && sp->segs[0].num == sp->consumed.seg &&
	    sp->consumed.off > sp->segs[0].size)
		sp->consumed.off = 0; /* nonsense: resend rather than lose */
	if (sp->n_segs && sp->segs[0].num > sp->consumed.seg) {
		sp->consumed.seg = sp->segs[0].num;
		sp->consumed.off = 0;
	}
	sp->next_num = sp->consumed.seg + 1;
	if (sp->n_segs) {
		r = check_tail(sp, &sp->segs[sp->n_segs - 1], err, errlen);
		if (r)
			goto fail;
		sp->next_num = sp->segs[sp->n_segs - 1].num + 1;
		if (sp->consumed.off > sp->segs[0].size)
			sp->consumed.off = sp->segs[0].size;
	}
	sp->rd = sp->consumed;
	sp->counted_to_seg = sp->consumed.seg;
	sp->counted_to_off = sp->consumed.off;
	recount(sp);
	*out = sp;
	return 0;
fail:
	if (sp->wfd >= 0)
		close(sp->wfd);
	close(sp->dirfd);
	free(sp->segs);
	free(sp);
	return r;
}

int spool_sync(struct spool *sp)
{
	int r = 0;

	if (sp->dirty && sp->wfd >= 0 && fdatasync(sp->wfd)) {
		r = -errno;
		sp->st.io_errors++;
	}
	sp->dirty = false;
	if (sp->cursor_dirty) {
		if (sp->cfd >= 0 && fdatasync(sp->cfd) && !r)
			r = -errno;
		sp->cursor_dirty = false;
	}
	return r;
}

void spool_close(struct spool *sp)
{
	if (!sp)
		return;
	if (sp->o.fsync != SPOOL_FSYNC_NEVER)
		spool_sync(sp);
	if (sp->wfd >= 0)
		close(sp->wfd);
	if (sp->cfd >= 0)
		close(sp->cfd);
	if (sp->rfd >= 0)
		close(sp->rfd);
	close(sp->dirfd);
	free(sp->segs);
	free(sp->buf);
	free(sp);
}

static int new_segment(struct spool *sp)
{
	char name[32];
	int fd;

	seg_name(name, sp->next_num);
	fd = openat(sp->dirfd, name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
	if (fd < 0)
		return -errno;
	if (seg_add(sp, sp->next_num, 0)) {
		close(fd);
		unlinkat(sp->dirfd, name, 0);
		return -ENOMEM;
	}
	if (sp->o.fsync != SPOOL_FSYNC_NEVER)
		fsync(sp->dirfd); /* the new name must survive a crash */
	if (sp->wfd >= 0) {
		if (sp->o.fsync != SPOOL_FSYNC_NEVER)
			fdatasync(sp->wfd);
		close(sp->wfd);
	}
	sp->wfd = fd;
	sp->next_num++;
	sp->st.segments = sp->n_segs;
	if (sp->n_segs == 1) {
		sp->consumed.seg = sp->rd.seg = sp->segs[0].num;
		sp->consumed.off = sp->rd.off = 0;
	}
	return 0;
}

int spool_append(struct spool *sp, const uint8_t xid[16], uint16_t type,
		 const void *data, size_t len, unsigned int flags,
		 struct spool_pos *end)
{
	uint64_t rec = SPOOL_REC_HDR + (uint64_t)len;
	uint8_t h[SPOOL_REC_HDR];
	struct iovec iov[2];
	struct seg *s;
	ssize_t w;
	int r;

	if (len > SPOOL_MAX_DATA)
		return -EMSGSIZE;
	if (!(flags & SPOOL_F_FORCE) &&
	    sp->st.pending_bytes + rec > sp->o.max_bytes) {
		sp->st.dropped_limit++;
		return -ENOSPC;
	}
	s = sp->n_segs ? &sp->segs[sp->n_segs - 1] : NULL;
	if (!s || sp->wfd < 0 ||
	    (s->size && s->size + rec > sp->o.segment_bytes)) {
		r = new_segment(sp);
		if (r) {
			sp->st.io_errors++;
			return r;
		}
		s = &sp->segs[sp->n_segs - 1];
	}
	put32(h, SPOOL_MAGIC);
	put32(h + 4, (uint32_t)len);
	h[8] = (uint8_t)type;
	h[9] = (uint8_t)(type >> 8);
	h[10] = h[11] = 0;
	memcpy(h + 12, xid, 16);
	put32(h + 28, icf_crc32c(0, h, 28));
	put32(h + 32, icf_crc32c(0, data, len));
	iov[0].iov_base = h;
	iov[0].iov_len = sizeof(h);
	iov[1].iov_base = (void *)data;
	iov[1].iov_len = len;
	w = pwritev(sp->wfd, iov, 2, (off_t)s->size);
	if (w != (ssize_t)rec) {
		r = w < 0 ? -errno : -EIO;
		/* leave no partial record behind */
		if (ftruncate(sp->wfd, (off_t)s->size))
			sp->st.io_errors++;
		sp->st.io_errors++;
		return r;
	}
	s->size += rec;
	if (end) {
		end->seg = s->num;
		end->off = s->size;
	}
	sp->st.pending_bytes += rec;
	sp->st.appended++;
	sp->dirty = true;
	if (sp->o.fsync == SPOOL_FSYNC_ALWAYS)
		return spool_sync(sp);
	return 0;
}

static int ensure_buf(struct spool *sp, size_t n)
{
	uint8_t *b;

	if (n <= sp->cap)
		return 0;
	b = realloc(sp->buf, n);
	if (!b)
		return -ENOMEM;
	sp->buf = b;
	sp->cap = n;
	return 0;
}

/* Count a damaged record once, even when it is read again after a rewind. */
static void count_corrupt(struct spool *sp, uint64_t seg, uint64_t off)
{
	if (seg > sp->counted_to_seg ||
	    (seg == sp->counted_to_seg && off >= sp->counted_to_off)) {
		sp->st.corrupt++;
		sp->counted_to_seg = seg;
		sp->counted_to_off = off + 1;
	}
}

/* The read descriptor of segment @num, kept open between records. */
static int seg_fd(struct spool *sp, uint64_t num)
{
	char name[32];

	if (sp->rfd >= 0 && sp->rfd_num == num)
		return sp->rfd;
	if (sp->rfd >= 0)
		close(sp->rfd);
	seg_name(name, num);
	sp->rfd = openat(sp->dirfd, name, O_RDONLY | O_CLOEXEC);
	sp->rfd_num = num;
	return sp->rfd;
}

int spool_next(struct spool *sp, struct spool_rec *r)
{
	for (unsigned int i = 0; i < sp->n_segs; i++) {
		struct seg *s = &sp->segs[i];
		bool bad = false;
		int fd;

		if (s->num < sp->rd.seg)
			continue;
		if (s->num > sp->rd.seg) {
			sp->rd.seg = s->num;
			sp->rd.off = 0;
		}
		if (sp->rd.off + SPOOL_REC_HDR > s->size) {
			if (sp->rd.off < s->size)
				count_corrupt(sp, s->num, sp->rd.off);
			sp->rd.off = s->size;
			continue;
		}
		fd = seg_fd(sp, s->num);
		if (fd < 0) {
			sp->st.io_errors++;
			return -errno;
		}
		while (sp->rd.off + SPOOL_REC_HDR <= s->size) {
			uint8_t h[SPOOL_REC_HDR];
			uint32_t n;
			int e;

			if (pread(fd, h, sizeof(h), (off_t)sp->rd.off) !=
			    (ssize_t)sizeof(h)) {
				sp->st.io_errors++;
				return -EIO;
			}
			if (!hdr_ok(h, &n)) {
				if (!bad)
					count_corrupt(sp, s->num, sp->rd.off);
				bad = true;
				sp->rd.off++;
				continue;
			}
			bad = false;
			if (n > s->size - sp->rd.off - SPOOL_REC_HDR) {
				count_corrupt(sp, s->num, sp->rd.off);
				sp->rd.off = s->size;
				break;
			}
			e = ensure_buf(sp, n ? n : 1);
			if (e)
				return e;
			if (pread(fd, sp->buf, n,
				  (off_t)(sp->rd.off + SPOOL_REC_HDR)) !=
			    (ssize_t)n) {
				sp->st.io_errors++;
				return -EIO;
			}
			if (icf_crc32c(0, sp->buf, n) != get32(h + 32)) {
				count_corrupt(sp, s->num, sp->rd.off);
				sp->rd.off += SPOOL_REC_HDR + n;
				continue;
			}
			fill_rec(h, sp->buf, r);
			sp->rd.off += SPOOL_REC_HDR + n;
			r->end = sp->rd;
			return 1;
		}
		sp->rd.off = s->size;
	}
	return 0;
}

void spool_set_read(struct spool *sp, const struct spool_pos *pos)
{
	sp->rd = *pos;
}

void spool_rewind(struct spool *sp)
{
	sp->rd = sp->consumed;
}

bool spool_empty(const struct spool *sp)
{
	return !sp->st.pending_bytes;
}

bool spool_read_done(const struct spool *sp)
{
	const struct seg *s;

	if (!sp->n_segs)
		return true;
	s = &sp->segs[sp->n_segs - 1];
	return sp->rd.seg > s->num ||
	       (sp->rd.seg == s->num && sp->rd.off >= s->size);
}

int spool_consume(struct spool *sp, const struct spool_pos *end)
{
	sp->consumed = *end;
	sp->st.consumed++;
	/* Segments wholly behind the cursor go; the newest stays open for
	 * appends unless everything is consumed. */
	while (sp->n_segs > 1 && sp->segs[0].num < sp->consumed.seg) {
		seg_unlink(sp, sp->segs[0].num);
		memmove(sp->segs, sp->segs + 1,
			--sp->n_segs * sizeof(*sp->segs));
	}
	if (sp->n_segs && sp->segs[0].num == sp->consumed.seg &&
	    sp->consumed.off >= sp->segs[0].size) {
		struct seg *last = &sp->segs[sp->n_segs - 1];

		if (last->num == sp->consumed.seg) {
			int r = write_cursor(sp);

			/* all sent: the cursor first, then the files */
			while (sp->n_segs) {
				seg_unlink(sp, sp->segs[0].num);
				memmove(sp->segs, sp->segs + 1,
					--sp->n_segs * sizeof(*sp->segs));
			}
			if (sp->wfd >= 0)
				close(sp->wfd);
			sp->wfd = -1;
			sp->dirty = false;
			recount(sp);
			return r;
		}
	}
	recount(sp);
	return write_cursor(sp);
}

void spool_get_stats(const struct spool *sp, struct spool_stats *st)
{
	*st = sp->st;
}
