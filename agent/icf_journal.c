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

#define MAGIC_SNAP "LMISFSN1"
#define MAGIC_JRNL "LMISFJN1"
#define HDR_LEN 16 /* magic + origin */
#define MAX_ENTRY 8192 /* a SUCI of 3008 octets and a full TAI list fit */
#define BUF_FLUSH (256 * 1024)

enum { EV_ASSOC = 1, EV_DEASSOC = 2 };

struct icf_persist {
	struct icf *c;
	char *dir;
	int jfd;
	uint8_t *buf;
	size_t len, cap;
	struct icf_persist_stats st;
};

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

static size_t encode_event(uint8_t *out, size_t cap,
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

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static int write_all(int fd, const void *p, size_t n)
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
	err = write_all(p->jfd, p->buf, p->len);
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
	n = encode_event(p->buf + p->len, p->cap - p->len, a, d, now);
	if (!n) {
		p->st.write_errors++;
		return;
	}
	p->len += n;
	p->st.journal_events++;
	if (p->len >= BUF_FLUSH)
		icf_persist_flush(p);
}

static int open_journal(struct icf_persist *p, bool truncate, off_t keep,
			lm_ms_t origin)
{
	char *path = path_in(p->dir, "journal");
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
		if (ftruncate(fd, 0) || write_all(fd, hdr, HDR_LEN)) {
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

int icf_persist_open(struct icf *c, const char *dir, struct icf_persist **out)
{
	const struct lm_clock *saved = c->clk;
	icf_observer_fn obs = c->observer;
	void *obs_arg = c->observer_arg;
	struct icf_persist *p = calloc(1, sizeof(*p));
	lm_ms_t so = 0, jo = 0, origin = c->origin;
	struct lm_clock replay;
	char *snap = NULL, *jrnl = NULL;
	bool torn = false;
	off_t good = 0;
	int err, js;

	if (!p)
		return -ENOMEM;
	p->c = c;
	p->jfd = -1;
	p->cap = BUF_FLUSH + 2 * (MAX_ENTRY + 8);
	p->buf = malloc(p->cap);
	p->dir = strdup(dir);
	snap = path_in(dir, "snapshot");
	jrnl = path_in(dir, "journal");
	if (!p->buf || !p->dir || !snap || !jrnl) {
		err = -ENOMEM;
		goto fail;
	}
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
	js = replay_file(c, &replay, jrnl, MAGIC_JRNL, &jo,
			 &p->st.journal_events, &good, &torn);
	if (js && js != -ENOENT && js != -EBADMSG) {
		err = js;
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
	c->clk = saved;
	icf_set_observer(c, obs, obs_arg);
	icf_set_origin(c, origin);
	icf_expire(c);
	err = open_journal(p, js != 0, js ? 0 : good, origin);
	if (err)
		goto fail;
	p->st.journal_events = 0;
	icf_set_journal(c, on_event, p);
	free(snap);
	free(jrnl);
	*out = p;
	return 0;
fail_clock:
	c->clk = saved;
	icf_set_observer(c, obs, obs_arg);
fail:
	free(snap);
	free(jrnl);
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

/* Writes one SUPI's associations, oldest first, as events. */
static int snap_sub(struct icf *c, struct icf_sub *sub, uint8_t *ent, int fd,
		    uint8_t *buf, size_t *len, lm_ms_t now, uint64_t *n)
{
	uint32_t *chain, k = 0, cap = 16, id;
	int err = 0;

	chain = malloc(cap * sizeof(*chain));
	for (id = sub->newest; chain && id; id = assoc_at(c, id)->older) {
		if (k == cap) {
			uint32_t *nc = realloc(chain, 2 * cap * sizeof(*nc));

			if (!nc) {
				free(chain);
				return -ENOMEM;
			}
			chain = nc;
			cap *= 2;
		}
		chain[k++] = id;
	}
	if (!chain)
		return -ENOMEM;
	while (!err && k--) {
		struct icf_assoc *a = assoc_at(c, chain[k]);
		struct icf_assoc_event ev;
		struct icf_view v;
		size_t m;

		icf_view(c, chain[k], &v);
		memset(&ev, 0, sizeof(ev));
		ev.supi = v.supi;
		memcpy(ev.guti, a->guti, ICF_GUTI_LEN);
		ev.timestamp = a->start;
		memcpy(ev.tai, a->tai, ICF_TAI_LEN);
		ev.has_ncgi = v.has_ncgi;
		memcpy(ev.ncgi, a->ncgi, ICF_NCGI_LEN);
		ev.suci = v.suci;
		ev.suci_len = v.suci_len;
		ev.pei_type = v.pei_type, ev.pei_len = v.pei_len,
		ev.pei = v.pei;
		ev.gpsi_type = v.gpsi_type, ev.gpsi_len = v.gpsi_len;
		ev.gpsi = v.gpsi;
		ev.has_tai_list = v.has_tai_list;
		ev.n_tai_list = v.n_tai_list;
		ev.tai_list = v.tai_list;
		m = encode_event(ent, MAX_ENTRY + 8, &ev, NULL, now);
		if (!m) {
			err = -EINVAL;
			break;
		}
		memcpy(buf + *len, ent, m);
		*len += m;
		(*n)++;
		/* Closed without a successor starting then: deassociated. */
		if (a->end != ICF_OPEN &&
		    (!k || assoc_at(c, chain[k - 1])->start != a->end)) {
			struct icf_deassoc_event d = { .supi = v.supi,
						       .timestamp = a->end };

			memcpy(d.guti, a->guti, ICF_GUTI_LEN);
			m = encode_event(ent, MAX_ENTRY + 8, NULL, &d, now);
			memcpy(buf + *len, ent, m);
			*len += m;
			(*n)++;
		}
		if (*len >= BUF_FLUSH) {
			err = write_all(fd, buf, *len);
			*len = 0;
		}
	}
	free(chain);
	return err;
}

int icf_persist_snapshot(struct icf_persist *p)
{
	struct icf *c = p->c;
	lm_ms_t now = lm_clock_now(c->clk);
	char *tmp = path_in(p->dir, "snapshot.tmp");
	char *fin = path_in(p->dir, "snapshot");
	uint8_t *buf = malloc(BUF_FLUSH + 2 * (MAX_ENTRY + 8) + 1024);
	uint8_t *ent = malloc(MAX_ENTRY + 8);
	uint8_t hdr[HDR_LEN];
	uint64_t n = 0;
	size_t len = 0;
	int fd = -1, err = -ENOMEM;

	if (!tmp || !fin || !buf || !ent)
		goto out;
	icf_expire(c);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	memcpy(hdr, MAGIC_SNAP, 8);
	memcpy(hdr + 8, &c->origin, 8);
	err = write_all(fd, hdr, HDR_LEN);
	for (uint32_t sid = 1; !err && sid < c->subs.used; sid++) {
		struct icf_sub *sub = sub_at(c, sid);

		if (sub->type)
			err = snap_sub(c, sub, ent, fd, buf, &len, now, &n);
	}
	if (!err)
		err = write_all(fd, buf, len);
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	fd = -1;
	if (!err && rename(tmp, fin))
		err = -errno;
	if (err) {
		unlink(tmp);
		goto out;
	}
	/* Everything up to now is in the snapshot: start a new journal. */
	p->len = 0;
	err = open_journal(p, true, 0, c->origin);
	p->st.snapshot_events = n;
out:
	if (fd >= 0)
		close(fd);
	free(tmp);
	free(fin);
	free(buf);
	free(ent);
	return err;
}

void icf_persist_close(struct icf_persist *p)
{
	if (!p)
		return;
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
