/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture of the lmisf_api_* programs (one per concept: tasks, task
 * refusals, flows, selector/config/stats/sink): a fresh network namespace
 * and a control socket per test, so no test sees another's state.
 */
#ifndef LMISF_API_H
#define LMISF_API_H

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lmisf_util.h"

FIXTURE(api)
{
	struct lnl nl;
	struct lnl_err e;
	struct lmsg m;
	uint8_t xid[LMISF_XID_LEN];
};

FIXTURE_SETUP(api)
{
	int ret = new_netns();

	if (ret)
		SKIP(return, "unshare(CLONE_NEWNET): %s", strerror(-ret));
	ret = lnl_open(&self->nl);
	ASSERT_EQ(0, ret) TH_LOG("lnl_open: %s", strerror(-ret));
	xid_of(self->xid, 1, 1);
}

FIXTURE_TEARDOWN(api)
{
	lnl_close(&self->nl);
}

#define TALK(_self) lnl_talk(&(_self)->nl, &(_self)->m, NULL, NULL, &(_self)->e)

/* A TASK_NEW request whose task nest is left open for the caller. */
static inline struct nlattr *begin_task(FIXTURE_DATA(api) * self, uint8_t cmd)
{
	lmsg_init(&self->m, &self->nl, cmd, 0);
	return put_task(&self->m, self->xid, LMISF_DELIVERY_X2_AND_X3);
}

/* Skips the whole program when the family is not there. */
#define LMISF_API_MAIN                                      \
	int main(int argc, char **argv)                     \
	{                                                   \
		char why[256];                              \
                                                            \
		if (lmisf_family_ready(why, sizeof(why))) { \
			printf("1..0 # SKIP %s\n", why);    \
			return KSFT_SKIP;                   \
		}                                           \
		return test_harness_run(argc, argv);        \
	}

#endif /* LMISF_API_H */
