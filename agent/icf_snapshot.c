// SPDX-License-Identifier: GPL-2.0
/*
 * ICF snapshots written by a forked child, so that the event loop never
 * waits for one: the child sees the cache as it was at the fork
 * (copy-on-write) and writes it as a minimal event sequence; the parent
 * journals what comes after into journal.next and commits when the child
 * has fsynced (see icf_persist_int.h for the files and crash rules).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "icf_int.h"
#include "icf_persist_int.h"

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
		ev.timestamp = assoc_start(a);
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
		m = icf_persist_encode(ent, MAX_ENTRY + 8, &ev, NULL, now);
		if (!m) {
			err = -EINVAL;
			break;
		}
		memcpy(buf + *len, ent, m);
		*len += m;
		(*n)++;
		/* Closed without a successor starting then: deassociated. */
		if (assoc_end(a) != ICF_OPEN &&
		    (!k ||
		     assoc_start(assoc_at(c, chain[k - 1])) != assoc_end(a))) {
			struct icf_deassoc_event d = {
				.supi = v.supi, .timestamp = assoc_end(a)
			};

			memcpy(d.guti, a->guti, ICF_GUTI_LEN);
			m = icf_persist_encode(ent, MAX_ENTRY + 8, NULL, &d,
					       now);
			memcpy(buf + *len, ent, m);
			*len += m;
			(*n)++;
		}
		if (*len >= BUF_FLUSH) {
			err = icf_persist_write_all(fd, buf, *len);
			*len = 0;
		}
	}
	free(chain);
	return err;
}

/* The child: the whole cache into @fd, fsynced. 0 or -errno. */
static int write_snapshot(struct icf *c, int fd, lm_ms_t now, uint64_t *n)
{
	uint8_t *buf = malloc(BUF_FLUSH + 2 * (MAX_ENTRY + 8) + 1024);
	uint8_t *ent = malloc(MAX_ENTRY + 8);
	uint8_t hdr[HDR_LEN];
	size_t len = 0;
	int err = -ENOMEM;

	if (!buf || !ent)
		goto out;
	memcpy(hdr, MAGIC_SNAP, 8);
	memcpy(hdr + 8, &c->origin, 8);
	err = icf_persist_write_all(fd, hdr, HDR_LEN);
	for (uint32_t sid = 1; !err && sid < c->subs.used; sid++) {
		struct icf_sub *sub = sub_at(c, sid);

		if (sub->type)
			err = snap_sub(c, sub, ent, fd, buf, &len, now, n);
	}
	if (!err)
		err = icf_persist_write_all(fd, buf, len);
	if (!err && fsync(fd))
		err = -errno;
out:
	free(buf);
	free(ent);
	return err;
}

static void child_main(struct icf_persist *p, int fd, int res, lm_ms_t now)
{
	uint64_t n = 0;
	int err = write_snapshot(p->c, fd, now, &n);

	if (p->hold_fd >= 0) {
		struct pollfd pf = { .fd = p->hold_fd, .events = POLLIN };

		while (poll(&pf, 1, -1) < 0 && errno == EINTR)
			;
	}
	if (!err && icf_persist_write_all(res, &n, sizeof(n)))
		err = -EIO;
	_exit(err ? 1 : 0);
}

int icf_persist_snapshot_start(struct icf_persist *p)
{
	struct icf *c = p->c;
	char *tmp = icf_persist_path(p->dir, F_SNAP_TMP);
	int fd = -1, pipefd[2] = { -1, -1 }, err;
	lm_ms_t now = lm_clock_now(c->clk);
	pid_t pid;

	if (p->child > 0 || p->in_next) {
		free(tmp);
		/* in_next: an earlier commit failed half-way (counted). */
		return p->child > 0 ? -EBUSY : -EIO;
	}
	if (!tmp)
		return -ENOMEM;
	icf_expire(c);
	/* Everything before the fork is in the journal, and durable. */
	err = icf_persist_sync(p);
	if (err)
		goto out;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || pipe2(pipefd, O_CLOEXEC)) {
		err = -errno;
		goto out;
	}
	/* snapshot.tmp must be on disk before journal.next is. */
	err = icf_persist_sync_dir(p);
	if (!err)
		err = icf_persist_open_journal(p, F_JRNL_NEXT, true, 0,
					       c->origin);
	if (!err) {
		p->in_next = true;
		err = icf_persist_sync_dir(p);
	}
	if (err)
		goto out_tmp;
	pid = fork();
	if (pid < 0) {
		err = -errno;
		goto out_tmp;
	}
	if (pid == 0) {
		close(pipefd[0]);
		child_main(p, fd, pipefd[1], now);
	}
	p->child = pid;
	p->child_pipe = pipefd[0];
	p->st.journal_events = 0; /* counts what journal.next gets */
	close(pipefd[1]);
	pipefd[0] = pipefd[1] = -1;
	goto out;
out_tmp:
	p->st.snapshot_failures++;
	if (p->in_next)
		icf_persist_fold_next(p);
	else
		unlink(tmp);
out:
	if (fd >= 0)
		close(fd);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	free(tmp);
	return err;
}

/* The child has exited with @status: commit or give up. */
static int finish(struct icf_persist *p, int status)
{
	char *snap = icf_persist_path(p->dir, F_SNAP);
	char *tmp = icf_persist_path(p->dir, F_SNAP_TMP);
	char *jrnl = icf_persist_path(p->dir, F_JRNL);
	char *next = icf_persist_path(p->dir, F_JRNL_NEXT);
	uint64_t n = 0;
	bool committed = false;
	int err = 0;

	if (!WIFEXITED(status) || WEXITSTATUS(status) ||
	    read(p->child_pipe, &n, sizeof(n)) != sizeof(n))
		err = -EIO;
	close(p->child_pipe);
	p->child_pipe = -1;
	p->child = 0;
	if (!snap || !tmp || !jrnl || !next)
		err = err ?: -ENOMEM;
	/* Flushed first: journal.next must hold what the snapshot lacks. */
	if (!err)
		err = icf_persist_sync(p);
	if (!err) {
		committed = !rename(tmp, snap);
		err = committed ? icf_persist_sync_dir(p) : -errno;
	}
	if (committed && !rename(next, jrnl) && !icf_persist_sync_dir(p))
		p->in_next = false;
	if (!committed) {
		/* The old snapshot stands: back to one journal. */
		p->st.snapshot_failures++;
		if (icf_persist_fold_next(p))
			p->st.write_errors++;
		err = err ? err : -EIO;
		goto out;
	}
	if (p->in_next) {
		/*
		 * Committed, but journal.next could not replace journal: the
		 * loader still reads the right files (no snapshot.tmp), but
		 * no further snapshot is started (-EIO) until a restart.
		 */
		p->st.write_errors++;
		err = -EIO;
	}
	p->st.snapshots++;
	p->st.snapshot_events = n;
out:
	free(snap);
	free(tmp);
	free(jrnl);
	free(next);
	return err;
}

int icf_persist_snapshot_poll(struct icf_persist *p)
{
	int status;
	pid_t r;

	if (p->child <= 0)
		return 0;
	r = waitpid(p->child, &status, WNOHANG);
	if (r == 0)
		return 1;
	if (r < 0)
		status = -1; /* reaped elsewhere: treated as a failure */
	return finish(p, status);
}

int icf_persist_snapshot_wait(struct icf_persist *p)
{
	int status = -1;

	if (p->child <= 0)
		return 0;
	while (waitpid(p->child, &status, 0) < 0 && errno == EINTR)
		;
	return finish(p, status);
}

int icf_persist_snapshot(struct icf_persist *p)
{
	int err = icf_persist_snapshot_start(p);

	return err ? err : icf_persist_snapshot_wait(p);
}

void icf_persist_hold_snapshot(struct icf_persist *p, int fd)
{
	p->hold_fd = fd;
}

int icf_persist_snapshot_child(const struct icf_persist *p)
{
	return p->child > 0 ? (int)p->child : 0;
}

enum icf_tick icf_persist_tick(struct icf_persist *p, uint64_t snapshot_min,
			       int *err)
{
	int r;

	*err = 0;
	icf_persist_sync(p);
	r = icf_persist_snapshot_poll(p);
	if (r > 0)
		return ICF_TICK_RUNNING;
	if (r < 0) {
		*err = r;
		return ICF_TICK_COMMIT_FAILED;
	}
	if (p->st.journal_events < snapshot_min ||
	    p->st.journal_events <= p->st.snapshot_events)
		return ICF_TICK_IDLE;
	r = icf_persist_snapshot_start(p);
	if (r) {
		*err = r;
		return ICF_TICK_START_FAILED;
	}
	return ICF_TICK_STARTED;
}
