// SPDX-License-Identifier: GPL-2.0
/* ICF snapshot + journal (see icf_journal.h for the format). */
#include "icf_journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "icf_int.h"
#include "icf_persist_int.h"

enum { EV_ASSOC = 1, EV_DEASSOC = 2 };

/* ---- CRC32C (Castagnoli), table-driven ---- */

static uint32_t crc_table[256];

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82f63b78 : c >> 1;
		crc_table[i] = c;
	}
}

uint32_t icf_crc32c(uint32_t crc, const void *p, size_t n)
{
	const uint8_t *b = p;

	if (!crc_table[1])
		crc_init();
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *b++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* ---- entry encoding ---- */

struct wr {
	uint8_t *p;
	size_t n, cap;
	bool over;
};

static void put(struct wr *w, const void *v, size_t n)
{
	if (!n)
		return; /* absent values have a NULL pointer */
	if (w->n + n > w->cap) {
		w->over = true;
		return;
	}
	memcpy(w->p + w->n, v, n);
	w->n += n;
}

#define PUT(w, v) put(w, &(v), sizeof(v))

size_t icf_persist_encode(uint8_t *out, size_t cap,
			  const struct icf_assoc_event *a,
			  const struct icf_deassoc_event *d, lm_ms_t now)
{
	struct wr w = { .p = out + 8, .cap = cap - 8 };
	const struct icf_supi *s = a ? &a->supi : &d->supi;
	uint8_t kind = a ? EV_ASSOC : EV_DEASSOC;
	lm_ms_t ts = a ? a->timestamp : d->timestamp;
	uint32_t len, crc;

	PUT(&w, kind);
	PUT(&w, now);
	PUT(&w, s->type);
	PUT(&w, s->len);
	put(&w, s->val, s->len);
	put(&w, a ? a->guti : d->guti, ICF_GUTI_LEN);
	PUT(&w, ts);
	if (a) {
		uint8_t f = a->has_ncgi, tl = a->has_tai_list;
		uint16_t sl = a->suci ? a->suci_len : 0;

		put(&w, a->tai, ICF_TAI_LEN);
		PUT(&w, f);
		put(&w, a->ncgi, ICF_NCGI_LEN);
		PUT(&w, sl);
		put(&w, a->suci, sl);
		PUT(&w, a->pei_type);
		PUT(&w, a->pei_len);
		put(&w, a->pei, a->pei_type ? a->pei_len : 0);
		PUT(&w, a->gpsi_type);
		PUT(&w, a->gpsi_len);
		put(&w, a->gpsi, a->gpsi_type ? a->gpsi_len : 0);
		PUT(&w, tl);
		PUT(&w, a->n_tai_list);
		put(&w, a->tai_list,
		    tl ? (size_t)a->n_tai_list * ICF_TAI_LEN : 0);
	}
	if (w.over)
		return 0;
	len = (uint32_t)w.n;
	crc = icf_crc32c(0, out + 8, len);
	memcpy(out, &len, 4);
	memcpy(out + 4, &crc, 4);
	return 8 + len;
}

struct rd {
	const uint8_t *p;
	size_t n, off;
	bool bad;
};

static const void *take(struct rd *r, size_t n)
{
	const void *v = r->p + r->off;

	if (r->bad || r->n - r->off < n) {
		r->bad = true;
		return NULL;
	}
	r->off += n;
	return v;
}

#define GET(r, v)                                    \
	do {                                         \
		const void *_p = take(r, sizeof(v)); \
		if (_p)                              \
			memcpy(&(v), _p, sizeof(v)); \
	} while (0)

/* Applies one payload to the cache at its journalled time. */
static int apply_payload(struct icf *c, struct lm_clock *replay,
			 const uint8_t *p, size_t n)
{
	struct rd r = { .p = p, .n = n };
	struct icf_assoc_event a;
	struct icf_deassoc_event d;
	uint8_t kind = 0, f = 0, tl = 0;
	uint16_t sl = 0;
	lm_ms_t now = 0;

	memset(&a, 0, sizeof(a));
	memset(&d, 0, sizeof(d));
	GET(&r, kind);
	GET(&r, now);
	GET(&r, a.supi.type);
	GET(&r, a.supi.len);
	a.supi.val = take(&r, a.supi.len);
	memcpy(a.guti, take(&r, ICF_GUTI_LEN) ?: a.guti, ICF_GUTI_LEN);
	GET(&r, a.timestamp);
	if (r.bad)
		return -EBADMSG;
	lm_clock_manual_set(replay, now);
	if (kind == EV_DEASSOC) {
		d.supi = a.supi;
		memcpy(d.guti, a.guti, ICF_GUTI_LEN);
		d.timestamp = a.timestamp;
		if (r.off != r.n)
			return -EBADMSG;
		icf_deassociate(c, &d);
		return 0;
	}
	if (kind != EV_ASSOC)
		return -EBADMSG;
	memcpy(a.tai, take(&r, ICF_TAI_LEN) ?: a.tai, ICF_TAI_LEN);
	GET(&r, f);
	memcpy(a.ncgi, take(&r, ICF_NCGI_LEN) ?: a.ncgi, ICF_NCGI_LEN);
	a.has_ncgi = f;
	GET(&r, sl);
	if (sl) {
		a.suci = take(&r, sl);
		a.suci_len = sl;
	}
	GET(&r, a.pei_type);
	GET(&r, a.pei_len);
	if (a.pei_type)
		a.pei = take(&r, a.pei_len);
	GET(&r, a.gpsi_type);
	GET(&r, a.gpsi_len);
	if (a.gpsi_type)
		a.gpsi = take(&r, a.gpsi_len);
	GET(&r, tl);
	GET(&r, a.n_tai_list);
	a.has_tai_list = tl;
	if (tl)
		a.tai_list = take(&r, (size_t)a.n_tai_list * ICF_TAI_LEN);
	if (r.bad || r.off != r.n)
		return -EBADMSG;
	/* Invalid events were never journalled; the cache re-checks. */
	icf_associate(c, &a);
	return 0;
}

/*
 * Replays a file; returns the offset after the last good entry in *good.
 * 0, -ENOENT (no file), -EBADMSG (bad header).
 */
static int replay_file(struct icf *c, struct lm_clock *clk, const char *path,
		       const char *magic, lm_ms_t *origin, uint64_t *events,
		       off_t *good, bool *torn)
{
	uint8_t hdr[HDR_LEN], *ent = malloc(MAX_ENTRY);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	FILE *f;

	*events = 0;
	*torn = false;
	if (!ent) {
		if (fd >= 0)
			close(fd);
		return -ENOMEM;
	}
	if (fd < 0) {
		free(ent);
		return -errno;
	}
	f = fdopen(fd, "rb");
	if (!f || fread(hdr, 1, HDR_LEN, f) != HDR_LEN ||
	    memcmp(hdr, magic, 8)) {
		if (f)
			fclose(f);
		else
			close(fd);
		free(ent);
		return -EBADMSG;
	}
	memcpy(origin, hdr + 8, 8);
	*good = HDR_LEN;
	for (;;) {
		uint32_t len, crc;

		if (fread(&len, 1, 4, f) != 4) {
			*torn = !feof(f) || ftello(f) != *good;
			break;
		}
		if (fread(&crc, 1, 4, f) != 4 || len > MAX_ENTRY ||
		    fread(ent, 1, len, f) != len ||
		    icf_crc32c(0, ent, len) != crc ||
		    apply_payload(c, clk, ent, len)) {
			*torn = true;
			break;
		}
		(*events)++;
		*good += 8 + (off_t)len;
	}
	fclose(f);
	free(ent);
	return 0;
}

char *icf_persist_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

int icf_persist_write_all(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n) {
		ssize_t k = write(fd, b, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		b += k;
		n -= (size_t)k;
	}
	return 0;
}

int icf_persist_flush(struct icf_persist *p)
{
	int err;

	if (!p->len)
		return 0;
	err = icf_persist_write_all(p->jfd, p->buf, p->len);
	if (err) {
		p->st.write_errors++;
		return err;
	}
	p->st.journal_bytes += p->len;
	p->len = 0;
	return 0;
}

static void on_event(void *arg, const struct icf_assoc_event *a,
		     const struct icf_deassoc_event *d, lm_ms_t now)
{
	struct icf_persist *p = arg;
	size_t n;

	if (p->cap - p->len < MAX_ENTRY + 8 && icf_persist_flush(p))
		return; /* counted; the cache itself is unaffected */
	n = icf_persist_encode(p->buf + p->len, p->cap - p->len, a, d, now);
	if (!n) {
		p->st.write_errors++;
		return;
	}
	p->len += n;
	p->st.journal_events++;
	if (p->len >= BUF_FLUSH)
		icf_persist_flush(p);
}

int icf_persist_open_journal(struct icf_persist *p, const char *name,
			     bool truncate, off_t keep, lm_ms_t origin)
{
	char *path = icf_persist_path(p->dir, name);
	int fd;

	if (!path)
		return -ENOMEM;
	fd = open(path,
		  O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0),
		  0600);
	free(path);
	if (fd < 0)
		return -errno;
	if (truncate || keep < HDR_LEN) {
		uint8_t hdr[HDR_LEN];

		memcpy(hdr, MAGIC_JRNL, 8);
		memcpy(hdr + 8, &origin, 8);
		if (ftruncate(fd, 0) ||
		    icf_persist_write_all(fd, hdr, HDR_LEN)) {
			close(fd);
			return -EIO;
		}
		keep = HDR_LEN;
	} else if (ftruncate(fd, keep)) {
		/* Cut a torn tail so new entries follow good ones. */
		close(fd);
		return -errno;
	}
	if (lseek(fd, keep, SEEK_SET) < 0) {
		close(fd);
		return -errno;
	}
	if (p->jfd >= 0)
		close(p->jfd);
	p->jfd = fd;
	p->st.journal_bytes = (uint64_t)keep;
	return 0;
}

int icf_persist_sync_dir(const struct icf_persist *p)
{
	int fd = open(p->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd))
		err = -errno;
	close(fd);
	return err;
}

/* Appends @src's entries in [HDR_LEN, @end) to the journal (fd at its end). */
static int append_entries(struct icf_persist *p, const char *src, off_t end)
{
	uint8_t buf[65536];
	off_t off = HDR_LEN;
	int fd = open(src, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	while (!err && off < end) {
		size_t want = (size_t)(end - off) < sizeof(buf) ?
				      (size_t)(end - off) :
				      sizeof(buf);
		ssize_t k = pread(fd, buf, want, off);

		if (k <= 0)
			err = k < 0 ? -errno : -EIO;
		else
			err = icf_persist_write_all(p->jfd, buf, (size_t)k);
		off += k > 0 ? k : 0;
		p->st.journal_bytes += k > 0 ? (uint64_t)k : 0;
	}
	close(fd);
	if (!err && fdatasync(p->jfd))
		err = -errno;
	return err;
}

int icf_persist_fold_next(struct icf_persist *p)
{
	char *jrnl = icf_persist_path(p->dir, F_JRNL);
	char *next = icf_persist_path(p->dir, F_JRNL_NEXT);
	char *tmp = icf_persist_path(p->dir, F_SNAP_TMP);
	int err = jrnl && next && tmp ? icf_persist_flush(p) : -ENOMEM;
	off_t end = err ? -1 : lseek(p->jfd, 0, SEEK_END);
	struct stat sb;

	if (!err && end < 0)
		err = -errno;
	if (!err && stat(jrnl, &sb))
		sb.st_size = 0;
	if (!err)
		err = icf_persist_open_journal(p, F_JRNL, false, sb.st_size,
					       p->c->origin);
	if (!err)
		err = append_entries(p, next, end);
	if (!err && (unlink(next) || (unlink(tmp) && errno != ENOENT)))
		err = -errno;
	if (!err)
		err = icf_persist_sync_dir(p);
	if (!err)
		p->in_next = false;
	free(jrnl);
	free(next);
	free(tmp);
	return err;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/*
 * Which files hold the state (see icf_persist_int.h):
 *  - no journal.next: snapshot + journal (a snapshot.tmp is an unfinished
 *    one from before journal.next was created: removed);
 *  - journal.next and snapshot.tmp: the new snapshot was never committed:
 *    snapshot + journal + journal.next; journal.next is then appended to
 *    journal and both leftovers removed;
 *  - journal.next without snapshot.tmp: the new snapshot was committed:
 *    snapshot + journal.next, which becomes the journal.
 */
int icf_persist_open(struct icf *c, const char *dir, struct icf_persist **out)
{
	const struct lm_clock *saved = c->clk;
	icf_observer_fn obs = c->observer;
	void *obs_arg = c->observer_arg;
	struct icf_persist *p = calloc(1, sizeof(*p));
	lm_ms_t so = 0, jo = 0, no = 0, origin = c->origin;
	struct lm_clock replay;
	char *snap = NULL, *jrnl = NULL, *next = NULL, *tmp = NULL;
	bool torn = false, ntorn = false, has_next, has_tmp;
	off_t good = 0, ngood = 0;
	uint64_t nev = 0;
	int err, js = -ENOENT, ns = -ENOENT;

	if (!p)
		return -ENOMEM;
	p->c = c;
	p->jfd = -1;
	p->child_pipe = -1;
	p->hold_fd = -1;
	p->cap = BUF_FLUSH + 2 * (MAX_ENTRY + 8);
	p->buf = malloc(p->cap);
	p->dir = strdup(dir);
	snap = icf_persist_path(dir, F_SNAP);
	jrnl = icf_persist_path(dir, F_JRNL);
	next = icf_persist_path(dir, F_JRNL_NEXT);
	tmp = icf_persist_path(dir, F_SNAP_TMP);
	if (!p->buf || !p->dir || !snap || !jrnl || !next || !tmp) {
		err = -ENOMEM;
		goto fail;
	}
	has_next = exists(next);
	has_tmp = exists(tmp);
	/* Replay with the observer off and time at each event's instant. */
	lm_clock_manual_init(&replay, origin);
	c->clk = &replay;
	icf_set_observer(c, NULL, NULL);
	err = replay_file(c, &replay, snap, MAGIC_SNAP, &so,
			  &p->st.snapshot_events, &good, &torn);
	if (err == -ENOENT) {
		err = 0;
	} else if (!err && torn) {
		err = -EBADMSG; /* a snapshot is written whole or not at all */
	} else if (!err) {
		origin = so;
	}
	if (err)
		goto fail_clock;
	if (!has_next || has_tmp)
		js = replay_file(c, &replay, jrnl, MAGIC_JRNL, &jo,
				 &p->st.journal_events, &good, &torn);
	if (js && js != -ENOENT && js != -EBADMSG) {
		err = js;
		goto fail_clock;
	}
	if (has_next)
		ns = replay_file(c, &replay, next, MAGIC_JRNL, &no, &nev,
				 &ngood, &ntorn);
	if (ns && ns != -ENOENT && ns != -EBADMSG) {
		err = ns;
		goto fail_clock;
	}
	if (!js) {
		if (!p->st.snapshot_events && !so)
			origin = jo;
		if (torn)
			p->st.torn_tail++;
	} else if (js == -EBADMSG) {
		/* Not a journal of ours (or a torn header): start a new one. */
		p->st.torn_tail++;
	}
	if (!ns && ntorn)
		p->st.torn_tail++;
	if (!ns && js && !p->st.snapshot_events && !so)
		origin = no;
	p->st.journal_events += nev;
	c->clk = saved;
	icf_set_observer(c, obs, obs_arg);
	icf_set_origin(c, origin);
	icf_expire(c);
	if (has_next && !has_tmp) {
		/* The committed snapshot's journal becomes the journal. */
		if (rename(next, jrnl)) {
			err = -errno;
			goto fail;
		}
		js = ns, good = ngood, ns = -ENOENT;
	}
	err = icf_persist_open_journal(p, F_JRNL, js != 0, js ? 0 : good,
				       origin);
	if (!err && !ns)
		err = append_entries(p, next, ngood);
	if (!err && has_next && exists(next) && unlink(next))
		err = -errno;
	if (!err && has_tmp && unlink(tmp))
		err = -errno;
	if (!err && (has_next || has_tmp))
		err = icf_persist_sync_dir(p);
	if (err)
		goto fail;
	p->st.journal_events = 0;
	icf_set_journal(c, on_event, p);
	free(snap);
	free(jrnl);
	free(next);
	free(tmp);
	*out = p;
	return 0;
fail_clock:
	c->clk = saved;
	icf_set_observer(c, obs, obs_arg);
fail:
	if (p->jfd >= 0)
		close(p->jfd);
	free(snap);
	free(jrnl);
	free(next);
	free(tmp);
	free(p->buf);
	free(p->dir);
	free(p);
	return err;
}

int icf_persist_sync(struct icf_persist *p)
{
	int err = icf_persist_flush(p);

	if (!err && fdatasync(p->jfd))
		err = -errno;
	return err;
}

void icf_persist_close(struct icf_persist *p)
{
	if (!p)
		return;
	icf_persist_snapshot_wait(p); /* a snapshot in progress is committed */
	icf_persist_flush(p);
	icf_set_journal(p->c, NULL, NULL);
	if (p->jfd >= 0)
		close(p->jfd);
	free(p->buf);
	free(p->dir);
	free(p);
}

void icf_persist_get_stats(const struct icf_persist *p,
			   struct icf_persist_stats *st)
{
	*st = p->st;
}
