#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: `make check`. On a fresh Debian 12 machine (as root) it
#   1. installs the dependencies (tools/deps.sh);
#   2. builds the userspace (agent/, tools/): TAP logs build-agent,
#      build-tools;
#   3. runs the host unit tests (make -C agent check, make -C tools check);
#   4. checks the style (tools/style.sh): TAP log style;
#   5. runs one VM lane per kernel from tools/vm/kernels and the debug
#      kernel lane (tools/testing/vm-lane.sh KVER|debug: module build,
#      selftests in a VM; the debug kernel has KASAN, kmemleak, lockdep,
#      UBSAN...), whose kernel tools/vm/debug-kernel.sh builds in the
#      background from step 2 on, or finds in its cache. The lanes run side
#      by side: at most LMISF_VM_JOBS (default nproc) QEMU guests, or the
#      debug kernel's build, at once (tools/vm/slot), the debug lane split
#      over several VMs; each lane's output is printed whole when it ends.
#      A fresh 2-core machine builds the kernel while the host tests and
#      the stock lanes run, then the debug lane's VMs fill both cores: 55
#      min from a clean clone with an empty kernel cache, where one lane
#      after the other would come near CI's 90 (Documentation/testing.rst);
#   6. ends with tools/testing/tap-summary over build/check/*.log, whose
#      "N passed, N failed, N skipped" is the last line printed.
# Exits non-zero if anything failed. Every step runs even when an earlier
# one failed, so one run shows every problem.
#
# LMISF_KERNELS="KVER... [debug]" chooses the lanes (default: all of them);
# LMISF_VM_JOBS=1 runs them one after the other, one VM each, output as it
# comes; LMISF_JOBS caps make -j; LMISF_CACHE moves the debug kernel cache;
# LOGDIR (absolute) replaces build/check (only its *.log are removed);
# LMISF_CHECK_BUDGET (seconds, default 5100: CI's 90 minutes less 5) is when,
# after make check started, every VM still running is stopped and fails
# (exported to the lanes as LMISF_CHECK_DEADLINE).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
cd "$root"
if [ -n "${LOGDIR:-}" ]; then
	mkdir -p "$LOGDIR"
	rm -f "$LOGDIR"/*.log
else
	LOGDIR=$root/build/check
	rm -rf "$LOGDIR"
	mkdir -p "$LOGDIR"
fi
export LOGDIR
jobs=${LMISF_JOBS:-$(nproc)}
export LMISF_JOBS=$jobs
check_start=$(date +%s)
budget=${LMISF_CHECK_BUDGET:-5100}
[[ $budget =~ ^[1-9][0-9]*$ ]] || budget=5100
export LMISF_CHECK_DEADLINE=$((check_start + budget))

# step NAME TEXT CMD...: runs CMD with its output shown and kept in
# LOGDIR/NAME.log as TAP comments, recorded as one test. With NAME "-"
# a success is not recorded: plumbing that is not itself a requirement.
step() {
	local name=$1 text=$2 t0 rc out
	shift 2
	echo "==== $text"
	t0=$(date +%s)
	out=$(mktemp)
	"$@" 2>&1 </dev/null | tee "$out"
	rc=${PIPESTATUS[0]}
	echo "==== $text: $(($(date +%s) - t0)) s, status $rc"
	if [ "$rc" -ne 0 ] || [ "$name" != - ]; then
		[ "$name" != - ] || name=$(echo "$text" | tr -c 'A-Za-z0-9\n' -)
		{
			echo "1..1"
			sed 's/^/# /' "$out"
			if [ "$rc" -eq 0 ]; then
				echo "ok 1 - $text"
			else
				echo "not ok 1 - $text (status $rc)"
			fi
		} >"$LOGDIR/$name.log"
	fi
	rm -f "$out"
	return "$rc"
}

step - "install dependencies" tools/deps.sh

kernels=${LMISF_KERNELS:-$(tools/vm/kernels) debug}
kernels=$(echo $kernels) # one line, words separated by one space
# How many TCG guests (about one busy core each) run at once: the lanes run
# side by side and the debug lane is split over that many VMs. 1: one lane
# after the other, one VM each, output as it comes.
vm_jobs=${LMISF_VM_JOBS:-$(nproc)}
[[ $vm_jobs =~ ^[1-9][0-9]*$ ]] || vm_jobs=1
export LMISF_VM_JOBS=$vm_jobs
if [ "$vm_jobs" -gt 1 ]; then
	export LMISF_VM_SLOTS=$LOGDIR/.vm-slots
	mkdir -p "$LMISF_VM_SLOTS"
fi
# The debug kernel takes the longest to build: it starts now, under nice,
# beside everything else, holding a VM slot while it builds (a found cache
# releases it at once); its lane waits for it. Its status goes to a file:
# the lane runs in a subshell that cannot wait for it.
dk_pid=
case " $kernels " in
*" debug "*)
	echo "==== debug kernel: building in the background (or found in the cache)"
	(
		tools/vm/slot tools/vm/debug-kernel.sh >"$LOGDIR/.debug-kernel.out" 2>&1 </dev/null
		echo $? >"$LOGDIR/.debug-kernel.rc"
	) &
	dk_pid=$! ;;
esac

for d in agent tools; do
	[ -f "$d/Makefile" ] || continue
	step "build-$d" "build $d/" make -j"$jobs" -C "$d"
done

# The unit tests write their own TAP logs into LOGDIR through run-tap; a
# failure of the make itself (a test that does not build) is one more.
for d in agent tools; do
	[ -f "$d/Makefile" ] && grep -q '^check:' "$d/Makefile" || continue
	step - "$d unit tests" make -j"$jobs" -C "$d" check LOGDIR="$LOGDIR"
done

echo "==== style"
tools/testing/run-tap "$LOGDIR" style tools/style.sh

if [ -z "$(tools/vm/kernels)" ]; then
	printf '1..1\nnot ok 1 - no kernel to test (tools/vm/kernels is empty)\n' \
		>"$LOGDIR/kernels.log"
fi
# debug_kernel_wait: waits for the background build; a failure is the
# lane's result (not built again by the lane).
debug_kernel_wait() {
	local rc
	while [ ! -s "$LOGDIR/.debug-kernel.rc" ]; do
		sleep 5
	done
	rc=$(cat "$LOGDIR/.debug-kernel.rc")
	echo "==== debug kernel: done $(($(stat -c %Y "$LOGDIR/.debug-kernel.rc") - check_start)) s into make check, status $rc"
	cat "$LOGDIR/.debug-kernel.out"
	[ "$rc" -ne 0 ] || return 0
	{
		echo "1..1"
		sed 's/^/# /' "$LOGDIR/.debug-kernel.out"
		echo "not ok 1 - the debug kernel builds (tools/vm/debug-kernel.sh status $rc)"
	} >"$LOGDIR/debug-kernel.log"
	return 1
}

# lane K: one VM lane, timed.
lane() {
	local t0
	if [ "$1" = debug ] && [ -n "$dk_pid" ]; then
		echo "==== debug kernel: waiting for its build"
		debug_kernel_wait || return 0
	fi
	echo "==== VM lane $1: started at $(date -u +%T)"
	t0=$(date +%s)
	tools/testing/vm-lane.sh "$1"
	echo "==== VM lane $1: $(($(date +%s) - t0)) s"
}

lanes_start=$(date +%s)
set -- $kernels
if [ "$vm_jobs" = 1 ] || [ $# -le 1 ]; then
	for k in $kernels; do
		lane "$k"
	done
else
	# Side by side, each lane's output kept apart and printed whole when it
	# ends. The slots (tools/vm/slot) bound the guests running at once; the
	# debug lane waits for its kernel, then for slots left by the others.
	# A lane's output file is complete when its .done marker exists.
	for k in $kernels; do
		{
			lane "$k" >"$LOGDIR/.lane-$k.out" 2>&1 </dev/null
			: >"$LOGDIR/.lane-$k.done"
		} &
		echo "==== VM lane $k: queued"
	done
	pending=" $kernels "
	while [ -n "${pending// /}" ]; do
		sleep 5
		for k in $pending; do
			[ -e "$LOGDIR/.lane-$k.done" ] || continue
			cat "$LOGDIR/.lane-$k.out"
			rm -f "$LOGDIR/.lane-$k.out" "$LOGDIR/.lane-$k.done"
			pending=${pending/ $k / }
		done
	done
fi
wait
echo "==== VM lanes: $(($(date +%s) - lanes_start)) s"
rm -rf "$LOGDIR/.debug-kernel.out" "$LOGDIR/.debug-kernel.rc" "$LOGDIR/.vm-slots" \
	"$LOGDIR/.selftests-build.lock"

echo "==== make check: $(($(date +%s) - check_start)) s"
tools/testing/tap-summary "$LOGDIR"/*.log
