#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-lane.sh KVER|debug: one kernel's lane of `make check`.
#   1. builds lmisf.ko for KVER from scratch (`make module KVER=...` into
#      build/lane/KVER): TAP log <series>-build, "builds" and "builds
#      without warnings" (W=1);
#   2. builds the selftests (`make -C selftests/lmisf`): selftests-build;
#   3. lists the selftest programs: `make -C selftests/lmisf print-tests`,
#      or else the Makefile's TEST_GEN_PROGS, TEST_CUSTOM_PROGS, TEST_PROGS
#      (kselftest's run order); then the kernel-facing tests of the
#      userspace components, agent/tests/kernel.sh, tools/*/tests/kernel.sh;
#   4. boots one VM (tools/vm/run) that runs them all through
#      tools/testing/guest-selftests.sh, logs in LOGDIR/<series>-*.log;
#      the debug lane boots LMISF_VM_JOBS VMs (default 1) that share the
#      programs out between them (each program runs once, in the VM that
#      is free first; every VM checks its own kernel log). Each boot waits
#      for a free slot of make check (tools/vm/slot, LMISF_VM_SLOTS).
# A lane that cannot run its tests says so with a "not ok" line; it never
# reports a pass it did not observe.
#
# "debug" is the debug kernel lane: tools/vm/debug-kernel.sh builds (or
# finds in its cache) a 6.12 kernel with KASAN, kmemleak, lockdep,
# PROVE_RCU, DEBUG_LIST, DEBUG_ATOMIC_SLEEP and UBSAN; the module is built
# against that tree; the VM boots it with panic_on_warn=1, 2 GiB and
# LMISF_KERNEL_FLAVOUR=debug in the tests' environment; the logs are
# debug-*.log. A report that panics the guest is printed from its console.
#
# LOGDIR defaults to build/check; LMISF_JOBS caps make's parallelism;
# LMISF_SELFTESTS (a directory) replaces selftests/lmisf;
# LMISF_CHECK_DEADLINE (seconds since the epoch; make check sets it) is when
# every VM stops at the latest, however long it waited for its slot. Without
# it, LMISF_LANE_TIMEOUT caps a VM's lifetime (default 2100 s, 3000 s when
# LMISF_VM_JOBS > 1; LMISF_DEBUG_LANE_TIMEOUT the debug lane's, 3000 s).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
cd "$root"

[ $# -eq 1 ] || {
	echo "usage: $0 KVER" >&2
	exit 2
}
kver=$1
logdir=${LOGDIR:-$root/build/check}
jobs=${LMISF_JOBS:-$(nproc)}
stdir=$(realpath -m "${LMISF_SELFTESTS:-selftests/lmisf}")
mkdir -p "$logdir"
lane_start=$(date +%s)

# tap_fail NAME TEXT: a log holding a single failed test.
tap_fail() {
	printf '1..1\nnot ok 1 - %s\n' "$2" | tee "$logdir/$1.log"
}

# The lane's name prefixes its logs: the series (6.1, 6.12) or "debug".
# vmkernel is what tools/vm/run boots, kdir the kbuild tree.
kdir=/lib/modules/$kver/build vmkernel=$kver vmargs=()
if [ "$kver" = debug ]; then
	lane=debug
	echo "# lane debug: the debug kernel (tools/vm/debug-kernel.sh)"
	t0=$(date +%s)
	if ! dk=$(tools/vm/debug-kernel.sh); then
		tap_fail debug-kernel "the debug kernel builds (tools/vm/debug-kernel.sh)"
		echo "# lane debug: $(($(date +%s) - t0)) s"
		exit 0
	fi
	echo "# lane debug: kernel ready in $(($(date +%s) - t0)) s ($dk," \
		"built in $(cat "$dk/build-time") s when it was built)"
	kver=$(cat "$dk/release") kdir=$dk/linux vmkernel=$dk
	vmargs=(--mem 2G --append "panic_on_warn=1 loglevel=6"
		--env LMISF_KERNEL_FLAVOUR=debug)
else
	lane=$(echo "$kver" | cut -d. -f1-2)
fi
series=$lane
# A private build directory, built from scratch: warnings are only seen
# when everything is compiled, and nobody else's build/kmod is disturbed.
kout=build/lane/$kver
ko=$root/$kout/lmisf.ko

# ---- 1. the module ----------------------------------------------------------
echo "# lane $series: building lmisf.ko for $kver"
out=$(mktemp)
rm -rf "$kout"
make -j"$jobs" module KVER="$kver" KDIR="$kdir" KBUILD_OUT="$kout" 2>&1 | tee "$out"
build_rc=${PIPESTATUS[0]}
{
	echo "1..2"
	sed 's/^/# /' "$out"
	if [ "$build_rc" -eq 0 ] && [ -f "$ko" ]; then
		echo "ok 1 - lmisf.ko builds for $kver"
	else
		echo "not ok 1 - lmisf.ko builds for $kver (make status $build_rc)"
	fi
	if grep -qiE '(^|[^a-z])warning:' "$out"; then
		echo "not ok 2 - lmisf.ko builds for $kver without warnings (W=1)"
	elif [ "$build_rc" -eq 0 ]; then
		echo "ok 2 - lmisf.ko builds for $kver without warnings (W=1)"
	else
		echo "ok 2 - lmisf.ko builds for $kver without warnings # SKIP build failed"
	fi
} >"$logdir/$series-build.log"
rm -f "$out"
grep -E '^(not )?ok' "$logdir/$series-build.log"
[ "$build_rc" -eq 0 ] && [ -f "$ko" ] || ko=-

# ---- 2./3. the selftests ----------------------------------------------------
progs=()
if [ ! -f "$stdir/Makefile" ]; then
	tap_fail "$series-selftests" "no selftests: $stdir/Makefile does not exist"
else
	echo "# lane $series: building $stdir"
	out=$(mktemp)
	# Lanes run side by side in make check: one builds, the others wait
	# and find it built (the lock goes with the descriptor).
	exec 7>"$logdir/.selftests-build.lock"
	flock 7
	make -j"$jobs" -C "$stdir" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	{
		echo "1..1"
		sed 's/^/# /' "$out"
		if [ "$rc" -eq 0 ]; then
			echo "ok 1 - $stdir builds"
		else
			echo "not ok 1 - $stdir builds (make status $rc)"
		fi
	} >"$logdir/selftests-build.log"
	exec 7>&-
	rm -f "$out"
	# Its print-tests target (run order, one per line, absolute or relative
	# to $stdir); failing that, its kselftest variables, evaluated by make.
	list=$(make -s --no-print-directory -C "$stdir" print-tests 2>/dev/null) ||
		list=$(make -s --no-print-directory -C "$stdir" -f Makefile -f - \
			lmisf-print-tests <<-'EOF'
			lmisf-print-tests: ; @printf '%s\n' $(foreach p,$(TEST_GEN_PROGS),$(if $(filter /%,$(p)),$(p),$(if $(OUTPUT),$(OUTPUT)/)$(p))) $(TEST_CUSTOM_PROGS) $(TEST_PROGS)
			EOF
		)
	while read -r p; do
		[ -n "$p" ] || continue
		case $p in /*) ;; *) p=$stdir/$p ;; esac
		progs+=("$p")
	done <<<"$list"
	[ ${#progs[@]} -gt 0 ] ||
		tap_fail "$series-selftests" "no selftests: $stdir/Makefile lists no TEST_PROGS or TEST_GEN_PROGS"
fi

# Kernel-facing tests of the userspace components run in the lane too.
for p in agent/tests/kernel.sh tools/*/tests/kernel.sh; do
	[ -x "$p" ] && progs+=("$root/$p")
done

# ---- 4. the VMs --------------------------------------------------------------
# boot_vm N: one VM running the programs through guest-selftests.sh, its
# output on stdout; with several VMs (shards > 1) each runs the programs it
# claims first (guest-selftests.sh), its logs suffixed -vmN.
# tools/vm/slot waits for a free VM slot of make check (LMISF_VM_SLOTS).
boot_vm() {
	local n=$1 sfx='' env=() rc t0 console
	if [ "$shards" -gt 1 ]; then
		sfx=-vm$n
		env=(--env "LMISF_VM_SHARD=$n" --env "LMISF_VM_CLAIMS=$claims")
	fi
	console=$vmtmp/console$n
	"$here/../vm/slot" bash -c 'echo "# lane $1: VM '"$n"' booting at $(date -u +%T)"; shift; exec "$@"' \
		- "$series" tools/vm/run --kernel "$vmkernel" --timeout "$vm_timeout" \
		${LMISF_CHECK_DEADLINE:+--deadline "$LMISF_CHECK_DEADLINE"} \
		--rw "$logdir" --console-log "$console" ${vmargs[@]+"${vmargs[@]}"} \
		${env[@]+"${env[@]}"} -- \
		tools/testing/guest-selftests.sh "$kver" "$logdir" "$ko" \
		${progs[@]+"${progs[@]}"} 2>&1
	rc=$?
	echo "# lane $series: VM $n ended at $(date -u +%T), status $rc"
	if [ "$rc" -ne 0 ]; then
		tap_fail "$series-vm$sfx" "$series VM${sfx:+ $n} failed (tools/vm/run status $rc); logs of tests that did not finish are missing"
		# A report that killed the guest (panic_on_warn, oops=panic) is
		# only in its console: print it where the failure is.
		"$here/kernel-reports" <"$console" | sed 's/^/# /' |
			tee -a "$logdir/$series-vm$sfx.log"
	fi
}

if [ "$ko" = - ] && [ ${#progs[@]} -eq 0 ]; then
	echo "# lane $series: nothing to run in a VM"
else
	secs=$(sed -n 's/^timeout=\([0-9][0-9]*\)$/\1/p' "$stdir/settings" 2>/dev/null)
	# Each program has its own timeout in the guest; this one only catches
	# a VM that stopped (a kernel deadlock). In make check, the deadline
	# (LMISF_CHECK_DEADLINE) bounds it: a fixed cap cannot, because a VM's
	# share of the work depends on when the others get a slot (a debug VM
	# that boots while the second waits runs nearly every program: 3100 s
	# on one CI machine, over the 3000 s this was capped at). By hand, the
	# cap keeps two hung lanes inside CI's 90 minutes: 2100 s one after
	# the other, 3000 s side by side (LMISF_VM_JOBS > 1).
	vm_timeout=$((300 + (${#progs[@]} + 1) * ${secs:-45}))
	cap=2100
	[ "${LMISF_VM_JOBS:-1}" = 1 ] || cap=3000
	cap=${LMISF_LANE_TIMEOUT:-$cap}
	[ "$lane" != debug ] || cap=${LMISF_DEBUG_LANE_TIMEOUT:-3000}
	[ -z "${LMISF_CHECK_DEADLINE:-}" ] || cap=$vm_timeout
	[ "$vm_timeout" -le "$cap" ] || vm_timeout=$cap
	# The debug lane, the slowest, is split over LMISF_VM_JOBS VMs (at most
	# one per program); its longest programs, the components' kernel.sh
	# end-to-end tests, go first so that no VM starts one when the others
	# are about to finish.
	shards=1
	if [ "$lane" = debug ]; then
		shards=${LMISF_VM_JOBS:-1}
		[ "$shards" -le ${#progs[@]} ] || shards=${#progs[@]}
		[ "$shards" -ge 1 ] || shards=1
	fi
	if [ "$shards" -gt 1 ]; then
		first=() rest=()
		for p in ${progs[@]+"${progs[@]}"}; do
			case $p in "$stdir"/*) rest+=("$p") ;; *) first+=("$p") ;; esac
		done
		progs=(${first[@]+"${first[@]}"} ${rest[@]+"${rest[@]}"})
	fi
	until=
	[ -z "${LMISF_CHECK_DEADLINE:-}" ] ||
		until=", at the latest $(date -u -d "@$LMISF_CHECK_DEADLINE" +%T) UTC"
	echo "# lane $series: booting $kver for ${#progs[@]} selftest programs" \
		"in $shards VM(s) (VM timeout ${vm_timeout}s$until)"
	vm_start=$(date +%s)
	vmtmp=$(mktemp -d)
	claims=$logdir/.claims-$series-$$
	rm -rf "$claims"
	mkdir -p "$claims"
	if [ "$shards" = 1 ]; then
		boot_vm 1
	else
		# Concurrent VMs: each one's output is printed whole when all end.
		pids=()
		for ((n = 1; n <= shards; n++)); do
			boot_vm "$n" >"$vmtmp/vm$n.out" 2>&1 &
			pids+=($!)
		done
		wait "${pids[@]}"
		for ((n = 1; n <= shards; n++)); do
			cat "$vmtmp/vm$n.out"
		done
	fi
	echo "# lane $series: VMs ran $(($(date +%s) - vm_start)) s"
	rm -rf "$vmtmp" "$claims"
fi
echo "# lane $series: $(($(date +%s) - lane_start)) s"
exit 0
