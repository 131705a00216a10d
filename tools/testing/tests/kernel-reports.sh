#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kernel-reports finds every kind of report the debug lane's checkers
# print (lines as the 6.12 kernel prints them) and none of the boot and
# TCG noise of the debug and the Debian kernels.
here=$(cd "$(dirname "$0")/.." && pwd -P)
n=0 fail=0
echo "1..25"
found() { # expect TEXT: kernel-reports reports the line
	n=$((n + 1))
	if printf '[   12.345678] %s\n' "$1" | "$here/kernel-reports" >/dev/null; then
		echo "ok $n - reported: $1"
	else
		echo "not ok $n - reported: $1"
		fail=1
	fi
}
quiet() { # TEXT: not a report
	n=$((n + 1))
	if printf '[    0.123456] %s\n' "$1" | "$here/kernel-reports" >/dev/null; then
		echo "not ok $n - not a report: $1"
		fail=1
	else
		echo "ok $n - not a report: $1"
	fi
}
found "BUG: KASAN: slab-use-after-free in lmisf_task_put+0x2d/0x80 [lmisf]"
found "UBSAN: shift-out-of-bounds in module/selector.c:42:17"
found "UBSAN: array-index-out-of-bounds in net/core/dev.c:100:2"
found "WARNING: possible circular locking dependency detected"
found "WARNING: inconsistent lock state"
found "WARNING: possible recursive locking detected"
found "WARNING: bad unlock balance detected!"
found "[ BUG: Invalid wait context ]"
found "WARNING: suspicious RCU usage"
found "BUG: sleeping function called from invalid context at mm/slab.h:1"
found "list_add corruption. prev->next should be next (ffff888003e0c0d8), but was 0000000000000000."
found "kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)"
found "unreferenced object 0xffff888004b2e000 (size 512):"
found "WARNING: CPU: 1 PID: 312 at module/sink.c:88 lmisf_sink_unbind+0x5e/0x90 [lmisf]"
found "refcount_t: underflow; use-after-free."
found "Oops: general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] PREEMPT SMP KASAN"
found "Kernel panic - not syncing: kernel: panic_on_warn set ..."
quiet "kasan: KernelAddressSanitizer initialized (generic)"
quiet "kmemleak: Kernel memory leak detector initialized (mem pool available: 61439)"
quiet "Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar"
quiet "... MAX_LOCKDEP_SUBCLASSES:  8"
quiet "x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT"
quiet "clocksource: timekeeping watchdog on CPU1: Marking clocksource 'tsc' as unstable because the skew is too large:"
quiet "lmisf: loading out-of-tree module taints kernel."
quiet "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:"
exit $fail
