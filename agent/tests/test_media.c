// SPDX-License-Identifier: GPL-2.0
/*
 * The media flow table on its own (media.h): lookups by kernel flow ID
 * and by session stay right through many sessions (the hash tables grow
 * several times), removal after the grace time takes exactly the flows
 * due, a flow wanted again is kept, riders of a shared 5-tuple are found,
 * FLOW_NTF and task deletion forget the right flows; a packet's ends find
 * the flow of a task among 100 000 (media_find_tuple).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "media.h"

/* the harness defines FIXTURE_SETUP/TEARDOWN without prototypes */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#define NSESS 3000
#define GRACE 1000

/* The kernel's side: IDs from 1, one flow per 5-tuple (-EEXIST). */
struct kern {
	unsigned int n;
	struct pl_flow f[2 * NSESS + 16];
	bool removed[2 * NSESS + 16];
	unsigned int removes;
};

static bool same_tuple(const struct pl_flow *a, const struct pl_flow *b)
{
	return ipaddr_eq(&a->src, &b->src) && ipaddr_eq(&a->dst, &b->dst) &&
	       a->sport == b->sport && a->dport == b->dport;
}

static int k_install(void *ctx, const struct pl_flow *f, uint32_t *id)
{
	struct kern *k = ctx;

	for (unsigned int i = 0; i < k->n; i++)
		if (!k->removed[i] && same_tuple(&k->f[i], f))
			return -EEXIST;
	k->f[k->n] = *f;
	*id = ++k->n;
	return 0;
}

static int k_remove(void *ctx, uint32_t id)
{
	struct kern *k = ctx;

	if (!id || id > k->n || k->removed[id - 1])
		return -ENOENT;
	k->removed[id - 1] = true;
	k->removes++;
	return 0;
}

static void ep(struct media_ep *e, uint32_t host, uint16_t port)
{
	memset(e, 0, sizeof(*e));
	e->addr.ver = 4;
	e->addr.a[0] = 10;
	e->addr.a[1] = (uint8_t)(host >> 16);
	e->addr.a[2] = (uint8_t)(host >> 8);
	e->addr.a[3] = (uint8_t)host;
	e->port = port;
}

/* Session @s: RTP and RTCP between two ends of its own. */
static void pairs_of(unsigned int s, struct media_pair p[2])
{
	memset(p, 0, 2 * sizeof(*p));
	ep(&p[0].caller, s, 40000);
	ep(&p[0].callee, s + 0x100000, 50000);
	ep(&p[1].caller, s, 40001);
	ep(&p[1].callee, s + 0x100000, 50001);
	p[1].rtcp = true;
}

static const uint8_t xa[LMISF_XID_LEN] = { 0xa }, xb[LMISF_XID_LEN] = { 0xb };

FIXTURE(media)
{
	struct kern *k;
	struct pl_services svc;
	struct media_table *mt;
};

FIXTURE_SETUP(media)
{
	self->k = calloc(1, sizeof(*self->k));
	ASSERT_NE(NULL, self->k);
	self->svc = (struct pl_services){ .ctx = self->k,
					  .flow_install = k_install,
					  .flow_remove = k_remove };
	self->mt = media_new(&self->svc, GRACE);
	ASSERT_NE(NULL, self->mt);
	for (unsigned int s = 1; s <= NSESS; s++) {
		struct media_pair p[2];

		pairs_of(s, p);
		ASSERT_EQ(0, media_sync(self->mt, s, xa, 1000 + s, p, 2,
					MEDIA_SIDE_CALLER, 10));
	}
}

FIXTURE_TEARDOWN(media)
{
	media_free(self->mt);
	free(self->k);
}

TEST_F(media, every_flow_found_by_id_and_session)
{
	EXPECT_EQ(2 * NSESS, media_stats(self->mt)->active);
	for (uint32_t id = 1; id <= 2 * NSESS; id++) {
		const struct media_flow *f = media_find(self->mt, id);
		struct media_pair p[2];

		ASSERT_NE(NULL, f);
		EXPECT_EQ(id, f->flow_id);
		pairs_of((unsigned int)f->owner, p);
		EXPECT_TRUE(
			media_ep_eq(&f->pair.caller, &p[f->pair.rtcp].caller));
		EXPECT_EQ(1000 + f->owner, f->correlation_id);
	}
	EXPECT_EQ(NULL, media_find(self->mt, 0));
	EXPECT_EQ(NULL, media_find(self->mt, 2 * NSESS + 1));
	for (uint64_t s = 1; s <= NSESS; s++) {
		EXPECT_TRUE(media_owner_has(self->mt, s, xa));
		EXPECT_FALSE(media_owner_has(self->mt, s, xb));
	}
	EXPECT_FALSE(media_owner_has(self->mt, NSESS + 1, xa));
}

TEST_F(media, same_pairs_again_install_nothing)
{
	struct media_pair p[2];

	pairs_of(7, p);
	EXPECT_EQ(0, media_sync(self->mt, 7, xa, 1007, p, 2, MEDIA_SIDE_CALLER,
				20));
	EXPECT_EQ(2 * NSESS, self->k->n);
}

TEST_F(media, ended_sessions_removed_after_grace_only)
{
	unsigned int s;

	for (s = 1; s <= NSESS; s += 2)
		media_end(self->mt, s, NULL, 100);
	media_tick(self->mt, 100 + GRACE - 1);
	EXPECT_EQ(0, self->k->removes);
	media_tick(self->mt, 100 + GRACE);
	EXPECT_EQ(NSESS, self->k->removes);
	EXPECT_EQ(NSESS, media_stats(self->mt)->active);
	for (uint32_t id = 1; id <= 2 * NSESS; id++) {
		const struct media_flow *f = media_find(self->mt, id);

		/* session s has IDs 2s-1 and 2s */
		EXPECT_EQ(self->k->removed[id - 1], f == NULL);
		EXPECT_EQ(((id + 1) / 2) % 2 == 1, f == NULL);
	}
}

TEST_F(media, flow_wanted_again_is_kept)
{
	struct media_pair p[2], moved;

	pairs_of(5, p);
	moved = p[0];
	moved.callee.port = 60000;
	/* re-INVITE moves the RTP, a second one moves it back */
	EXPECT_EQ(0, media_sync(self->mt, 5, xa, 1005, &moved, 1,
				MEDIA_SIDE_CALLER, 100));
	EXPECT_EQ(0, media_sync(self->mt, 5, xa, 1005, p, 2, MEDIA_SIDE_CALLER,
				200));
	media_tick(self->mt, 200 + GRACE);
	/* only the moved flow went; the two originals stay */
	EXPECT_EQ(1, self->k->removes);
	EXPECT_NE(NULL, media_find(self->mt, 9));
	EXPECT_NE(NULL, media_find(self->mt, 10));
	EXPECT_EQ(NULL, media_find(self->mt, 2 * NSESS + 1));
	media_flush(self->mt);
	EXPECT_EQ(1, self->k->removes);
}

TEST_F(media, riders_of_a_shared_tuple)
{
	const struct media_flow *f, *r;
	struct media_pair p[2];
	unsigned int n = 0;

	pairs_of(42, p);
	EXPECT_EQ(0, media_sync(self->mt, 42, xb, 77, p, 2, MEDIA_SIDE_CALLEE,
				20));
	EXPECT_EQ(2 * NSESS, self->k->n); /* nothing new in the kernel */
	f = media_find(self->mt, 83); /* session 42's RTP */
	ASSERT_NE(NULL, f);
	for (r = NULL; (r = media_riders(self->mt, r, f));) {
		EXPECT_EQ(0, memcmp(r->xid, xb, LMISF_XID_LEN));
		EXPECT_EQ(77, r->correlation_id);
		EXPECT_EQ(0, r->flow_id);
		n++;
	}
	EXPECT_EQ(1, n);
	EXPECT_EQ(NULL, media_riders(self->mt, NULL, media_find(self->mt, 85)));
}

TEST_F(media, kernel_removals_forget_the_right_flows)
{
	struct media_pair p[2];

	media_gone(self->mt, 100);
	EXPECT_EQ(NULL, media_find(self->mt, 100));
	EXPECT_NE(NULL, media_find(self->mt, 99));
	EXPECT_EQ(2 * NSESS - 1, media_stats(self->mt)->active);
	media_gone(self->mt, 100); /* twice: nothing more */
	EXPECT_EQ(1, media_stats(self->mt)->gone);

	pairs_of(3, p);
	p[0].callee.port = 1234;
	p[1].callee.port = 1235;
	EXPECT_EQ(0,
		  media_sync(self->mt, 3, xb, 1, p, 2, MEDIA_SIDE_CALLER, 20));
	media_forget_task(self->mt, xa);
	EXPECT_EQ(2, media_stats(self->mt)->active);
	EXPECT_TRUE(media_owner_has(self->mt, 3, xb));
	EXPECT_FALSE(media_owner_has(self->mt, 3, xa));
	EXPECT_EQ(0, self->k->removes); /* the kernel deleted them itself */
}

/* A kernel that takes every flow (IDs from 1), without -EEXIST's scan. */
static int k_any(void *ctx, const struct pl_flow *f, uint32_t *id)
{
	(void)f;
	*id = ++*(uint32_t *)ctx;
	return 0;
}

#define NBIG 50000 /* sessions: 100 000 flows */

/* The RTP or RTCP flow of session @s found from a packet of it. */
static const struct media_flow *by_ends(struct media_table *mt,
					const uint8_t *xid, unsigned int s,
					bool rtcp, bool reply)
{
	struct media_pair p[2];
	const struct media_pair *q;

	pairs_of(s, p);
	q = &p[rtcp];
	return reply ? media_find_tuple(mt, xid, &q->callee, &q->caller) :
		       media_find_tuple(mt, xid, &q->caller, &q->callee);
}

TEST(packet_ends_find_their_flow_among_100000)
{
	struct pl_services svc = { .flow_install = k_any };
	struct media_pair p[2], end;
	const struct media_flow *f;
	struct media_table *mt;
	struct media_ep peer;
	uint32_t ids = 0;
	unsigned int s;

	svc.ctx = &ids;
	mt = media_new(&svc, GRACE);
	ASSERT_NE(NULL, mt);
	for (s = 1; s <= NBIG; s++) {
		pairs_of(s, p);
		ASSERT_EQ(0, media_sync(mt, s, xa, s, p, 2, MEDIA_SIDE_CALLER,
					10));
	}
	ASSERT_EQ(2 * NBIG, media_stats(mt)->active);
	for (s = 1; s <= NBIG; s++) {
		for (unsigned int k = 0; k < 4; k++) {
			f = by_ends(mt, xa, s, k & 1, k & 2);
			ASSERT_NE(NULL, f);
			ASSERT_EQ(s, f->owner);
			ASSERT_EQ(k & 1, f->pair.rtcp);
		}
		ASSERT_EQ(NULL, by_ends(mt, xb, s, false, false));
	}
	/* RTP's end with RTCP's peer is no pair of the session. */
	pairs_of(9, p);
	EXPECT_EQ(NULL, media_find_tuple(mt, xa, &p[0].caller, &p[1].callee));

	/* An endpoint flow: its end with any peer, either direction; a
	 * 5-tuple flow of the same end comes first. */
	memset(&end, 0, sizeof(end));
	ep(&end.caller, 0x200000, 40000);
	ep(&peer, 0x300000, 7000);
	ASSERT_EQ(0, media_sync(mt, NBIG + 1, xb, 5, &end, 1, MEDIA_SIDE_CALLER,
				10));
	f = media_find_tuple(mt, xb, &peer, &end.caller);
	ASSERT_NE(NULL, f);
	EXPECT_EQ(NBIG + 1, f->owner);
	EXPECT_NE(NULL, media_find_tuple(mt, xb, &end.caller, &peer));
	EXPECT_EQ(NULL, media_find_tuple(mt, xa, &end.caller, &peer));
	end.callee = peer;
	ASSERT_EQ(0, media_sync(mt, NBIG + 2, xb, 6, &end, 1, MEDIA_SIDE_CALLER,
				10));
	EXPECT_EQ(NBIG + 2,
		  media_find_tuple(mt, xb, &peer, &end.caller)->owner);

	/* Ended: still found in the grace time, after a new session with
	 * the same ends; gone after it. */
	for (s = 1; s <= NBIG; s += 2)
		media_end(mt, s, NULL, 100);
	pairs_of(3, p);
	ASSERT_EQ(0, media_sync(mt, NBIG + 3, xa, 7, p, 2, MEDIA_SIDE_CALLER,
				100));
	EXPECT_EQ(NBIG + 3, by_ends(mt, xa, 3, false, true)->owner);
	EXPECT_EQ(1, by_ends(mt, xa, 1, true, false)->owner);
	media_tick(mt, 100 + GRACE);
	for (s = 1; s <= NBIG; s++)
		if (s != 3)
			ASSERT_EQ(s % 2 == 1,
				  by_ends(mt, xa, s, false, false) == NULL);
	EXPECT_EQ(NBIG + 3, by_ends(mt, xa, 3, true, true)->owner);
	media_free(mt);
}

TEST_HARNESS_MAIN
