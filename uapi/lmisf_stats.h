/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) */
/*
 * Names of the namespace counters (LMISF_STATS_A_*, lower case) for the
 * userspace programs that print them: lmisfctl, lmisfd, the selftests.
 * Not part of the kernel's uapi (the module never includes it); one table
 * so that a counter added to the enum is named everywhere at once.
 */
#ifndef _LMISF_STATS_H
#define _LMISF_STATS_H

#include <linux/lmisf.h>

/* NULL for LMISF_STATS_A_PAD and for counters newer than this header. */
static inline const char *lmisf_stats_name(unsigned int attr)
{
	static const char *const names[LMISF_STATS_A_MAX + 1] = {
		[LMISF_STATS_A_PACKETS] = "packets",
		[LMISF_STATS_A_COPIES] = "copies",
		[LMISF_STATS_A_COPIES_SIGNALLING] = "copies_signalling",
		[LMISF_STATS_A_COPIES_TARGET] = "copies_target",
		[LMISF_STATS_A_COPIES_MEDIA] = "copies_media",
		[LMISF_STATS_A_DELIVERED] = "delivered",
		[LMISF_STATS_A_BATCHES] = "batches",
		[LMISF_STATS_A_DROP_NO_SINK] = "drop_no_sink",
		[LMISF_STATS_A_DROP_NOMEM] = "drop_nomem",
		[LMISF_STATS_A_DROP_RCVBUF] = "drop_rcvbuf",
		[LMISF_STATS_A_DROP_UNBIND] = "drop_unbind",
		[LMISF_STATS_A_TRUNCATED] = "truncated",
		[LMISF_STATS_A_GTPU_DECAP] = "gtpu_decap",
		[LMISF_STATS_A_GTPU_NOT_TPDU] = "gtpu_not_tpdu",
		[LMISF_STATS_A_GTPU_MALFORMED] = "gtpu_malformed",
		[LMISF_STATS_A_GTPU_NESTED] = "gtpu_nested",
		[LMISF_STATS_A_NTF_DROPS] = "ntf_drops",
		[LMISF_STATS_A_TASKS] = "tasks",
		[LMISF_STATS_A_FLOWS] = "flows",
		[LMISF_STATS_A_TARGETS] = "targets",
		[LMISF_STATS_A_MATCHES_UNLISTED] = "matches_unlisted",
	};

	return attr <= LMISF_STATS_A_MAX ? names[attr] : NULL;
}

#endif /* _LMISF_STATS_H */
