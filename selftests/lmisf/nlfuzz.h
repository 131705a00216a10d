/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wire side of the netlink fuzzer (lmisf_nlfuzz.c): a seeded PRNG,
 * random and mutated requests to the lmisf family, sending them (with
 * lies in nlmsg_len) and checking that everything the kernel sends back is
 * a well-formed ack, error, dump part or lmisf message.
 */
#ifndef LMISF_NLFUZZ_H
#define LMISF_NLFUZZ_H

#include <stdbool.h>
#include <stdint.h>

#include "lmisf_nl.h"

/* PRNG: splitmix64, so that a printed seed replays a run exactly. */
void fz_seed(uint64_t seed);
uint64_t fz_rand(void);
uint32_t fz_below(uint32_t n); /* 0..n-1, 0 when n is 0 */
bool fz_chance(unsigned int percent);

/* A request from scratch: random command, flags and attribute tree. */
void fz_random_msg(struct lmsg *m, const struct lnl *nl);
/*
 * Mutates a request in place (attribute types and lengths, truncation,
 * flags, command, version, duplicated and deep-nested attributes). Sets
 * *wire to the datagram length to send, which may differ from nlmsg_len
 * (a lie) in either direction.
 */
void fz_mutate(struct lmsg *m, size_t *wire);

/* What the kernel will do with a datagram, from its header alone. */
enum fz_fate {
	FZ_IGNORED, /* not processed and not acknowledged */
	FZ_ACK_ONLY, /* not a request: acknowledged, nothing done */
	FZ_TERMINAL, /* processed; an error, ack or NLMSG_DONE will come */
	FZ_MAYBE_SILENT, /* processed; a success may send nothing */
};
enum fz_fate fz_fate(const struct lmsg *m, size_t wire);

/* The replies to one request, as read by fz_await(). */
struct fz_reply {
	uint32_t seq;
	uint32_t sent_len; /* for the extack offsets */
	int err; /* from the error/ack or NLMSG_DONE */
	bool terminal; /* seen */
	bool intr; /* NLM_F_DUMP_INTR */
	unsigned int msgs; /* data messages */
	char extack[256];
	lnl_cb cb; /* called per data message */
	void *arg;
};

/* What the checker saw, for the closing log line. */
struct fz_seen {
	unsigned long long datagrams, msgs, acks, errors, dones, copies, ntfs;
	unsigned long long stale, overruns;
};
extern struct fz_seen fz_seen;
/* The first malformed message found, "" while none. */
extern char fz_bad[512];

/* Sends wire bytes of m with a fresh sequence number. */
int fz_send(struct lnl *nl, struct lmsg *m, size_t wire);
/*
 * Reads until r's terminal reply (an error/ack or NLMSG_DONE), checking
 * every message on the way; replies to other (optional) records them.
 * -ETIMEDOUT when nothing came for 10 s, -EPROTO when something was
 * malformed (fz_bad says what).
 */
int fz_await(struct lnl *nl, struct fz_reply *r, struct fz_reply *other);
/* Reads and checks whatever is queued, without waiting. */
int fz_drain(struct lnl *nl);
/* Reads one datagram if one comes within ms (a dump left half-read). */
int fz_read_one(struct lnl *nl, int ms);

/*
 * Reads /dev/kmsg (fd) from its position: the records with a kernel
 * report (warning, BUG, sanitizer, lockdep, suspicious RCU; not RCU stalls,
 * which TCG load provokes) are printed and counted.
 */
int fz_kernel_reports(int fd);

#endif /* LMISF_NLFUZZ_H */
