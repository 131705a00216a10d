#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: `make check`. On a fresh Debian 12 machine (as root) it
#   1. installs the dependencies (tools/deps.sh);
#   2. builds the userspace (agent/, tools/): TAP logs build-agent,
#      build-tools;
#   3. runs the host unit tests (make -C agent check, make -C tools check);
#   4. checks the style (tools/style.sh): TAP log style;
#   5. runs one VM lane per kernel from tools/vm/kernels
#      (tools/testing/vm-lane.sh: module build, selftests in one VM), then,
#      with LMISF_DEBUG_LANE=1, the debug kernel lane (vm-lane.sh debug:
#      KASAN, kmemleak, lockdep, UBSAN...), whose kernel
#      tools/vm/debug-kernel.sh builds in the background from step 2 on, or
#      finds in its cache. Not on by default yet: run after the stock
#      lanes it takes CI too close to 90 minutes (Documentation/testing.rst);
#   6. ends with tools/testing/tap-summary over build/check/*.log, whose
#      "N passed, N failed, N skipped" is the last line printed.
# Exits non-zero if anything failed. Every step runs even when an earlier
# one failed, so one run shows every problem.
#
# LMISF_KERNELS="KVER... [debug]" chooses the lanes (LMISF_DEBUG_LANE=1 adds
# debug to the default ones); LMISF_JOBS caps make -j;
# LOGDIR (absolute) replaces build/check (only its *.log are removed).
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

if [ -n "${LMISF_KERNELS:-}" ]; then
	kernels=$LMISF_KERNELS
else
	kernels=$(tools/vm/kernels)
	[ "${LMISF_DEBUG_LANE:-0}" != 1 ] || kernels="$kernels debug"
fi
# The debug kernel takes the longest to build: it starts now, under nice,
# beside everything else; its lane waits for it (debug-kernel.sh's lock).
dk_pid=
case " $kernels " in
*" debug "*)
	echo "==== debug kernel: building in the background (or found in the cache)"
	tools/vm/debug-kernel.sh >"$LOGDIR/.debug-kernel.out" 2>&1 </dev/null &
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
for k in $kernels; do
	if [ "$k" = debug ] && [ -n "$dk_pid" ]; then
		echo "==== debug kernel: waiting for its build"
		wait "$dk_pid"
		rc=$?
		cat "$LOGDIR/.debug-kernel.out"
		if [ "$rc" -ne 0 ]; then
			# Not built again by the lane: the failure is the result.
			{
				echo "1..1"
				sed 's/^/# /' "$LOGDIR/.debug-kernel.out"
				echo "not ok 1 - the debug kernel builds (tools/vm/debug-kernel.sh status $rc)"
			} >"$LOGDIR/debug-kernel.log"
			rm -f "$LOGDIR/.debug-kernel.out"
			continue
		fi
		rm -f "$LOGDIR/.debug-kernel.out"
	fi
	echo "==== VM lane $k"
	t0=$(date +%s)
	tools/testing/vm-lane.sh "$k"
	echo "==== VM lane $k: $(($(date +%s) - t0)) s"
done

echo "==== make check: $(($(date +%s) - check_start)) s"
tools/testing/tap-summary "$LOGDIR"/*.log
