#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest-selftests.sh KVER LOGDIR KO [PROG...]: the inside of one VM lane
# (tools/testing/vm-lane.sh boots it with tools/vm/run, LOGDIR shared
# read-write). Runs, each through tools/testing/run-tap into
# LOGDIR/<series>-<name>.log (series = 6.1, 6.12, ...):
#   <series>-load        insmod KO, rmmod lmisf (skipped when KO is "-")
#   <series>-<prog>      every PROG, with the kselftest conventions:
#                        per-program timeout from selftests/lmisf/settings
#                        (default 45 s; a "# timeout=N" line in the header
#                        of a component's test overrides it), exit 4 =
#                        skip; selftests run in selftests/lmisf, others
#                        (tools/X/tests/kernel.sh, logged as X-kernel) in
#                        the source tree; a program
#                        that leaves lmisf loaded when it was not (or the
#                        reverse) fails
#   <series>-kernel-log  lmisf unloaded, then (kernels with kmemleak) two
#                        kmemleak scans find no unreferenced object (boot's
#                        suspects are cleared before the first program), and
#                        dmesg has no report (tools/testing/kernel-reports:
#                        WARNING, BUG, oops, KASAN, UBSAN, lockdep, RCU...)
# Exported to every program: LMISF_KO (absolute path of the lane's
# lmisf.ko), LMISF_KVER, LMISF_SERIES, LMISF_ROOT (the source tree).
# With LMISF_KERNEL_FLAVOUR=debug (the debug kernel lane, which sets it in
# the programs' environment too) the logs are named debug-<name>.
# The module's own dependencies are loaded first, so `insmod $LMISF_KO`
# works as it would after depmod.
# A lane split over several VMs (vm-lane.sh, LMISF_VM_JOBS > 1) boots this
# in each with LMISF_VM_SHARD=N (1, 2, ...) and LMISF_VM_CLAIMS, a directory
# of the read-write LOGDIR share: a VM runs PROG number I only if its
# mkdir CLAIMS/I succeeds (atomic on the host), so every program runs once,
# in whichever VM is free first. Only VM 1 runs <series>-load; each VM
# checks its own kernel log as <series>-kernel-log-vmN.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
stdir=$(cd "$root" && realpath -m "${LMISF_SELFTESTS:-selftests/lmisf}")
self=$here/$(basename "$0")

# Internal: one program with kselftest exit semantics, as a run-tap CMD.
if [ "${1-}" = --one ]; then
	name=$2 secs=$3 prog=$4
	case $prog in */*) ;; *) prog=./$prog ;; esac
	loaded() { if [ -d /sys/module/lmisf ]; then echo loaded; else echo unloaded; fi; }
	before=$(loaded)
	out=$(mktemp)
	timeout -k 10 "$secs" "$prog" >"$out" 2>&1
	rc=$?
	cat "$out"
	tap=$(grep -Ec '^(not )?ok' "$out")
	rm -f "$out"
	# A program leaves lmisf as it found it: the next one (in this VM or
	# after a reshuffle) must not depend on the order. Unloaded again
	# here so that the failure stays this program's.
	after=$(loaded)
	if [ "$before" != "$after" ]; then
		echo "not ok - $name leaves lmisf $before as it found it (it is $after)"
		[ "$after" = unloaded ] || rmmod lmisf || echo "# rmmod lmisf failed"
		case $rc in 124 | 137) echo "not ok - $name timed out after ${secs}s" ;; esac
		exit 1
	fi
	case $rc in
	0) exit 0 ;;
	4)	# KSFT_SKIP: the whole program skipped itself.
		[ "$tap" -gt 0 ] || echo "ok 1 $name # SKIP (exit status 4)"
		exit 0 ;;
	124 | 137)
		echo "not ok - $name timed out after ${secs}s"
		exit 1 ;;
	*) exit "$rc" ;;
	esac
fi

if [ "${1-}" = --load ]; then
	echo "1..2"
	if insmod "$2"; then
		echo "ok 1 - insmod $2"
	else
		echo "not ok 1 - insmod $2"
	fi
	if rmmod lmisf; then
		echo "ok 2 - rmmod lmisf"
	else
		echo "not ok 2 - rmmod lmisf"
	fi
	exit 0
fi

if [ "${1-}" = --kernel-log ]; then
	kml=/sys/kernel/debug/kmemleak
	n=0
	# What the module still owned is only seen as a leak once it is gone.
	[ ! -d /sys/module/lmisf ] || rmmod lmisf ||
		echo "# lmisf is still loaded and rmmod failed"
	if [ -w $kml ]; then
		echo "1..3"
		n=$((n + 1))
		if [ -d /sys/module/lmisf ]; then
			echo "not ok $n - lmisf unloaded before the leak scan"
		else
			echo "ok $n - lmisf unloaded before the leak scan"
		fi
		# kmemleak reports what has been unreferenced for 5 s when a scan
		# sees it: a first scan, the pause, a second one.
		echo scan >$kml
		sleep 6
		echo scan >$kml
		leaks=$(cat $kml)
		n=$((n + 1))
		if [ -z "$leaks" ]; then
			echo "ok $n - kmemleak: no unreferenced object"
		else
			echo "$leaks" | head -n 200 | sed 's/^/# /'
			echo "not ok $n - kmemleak: $(echo "$leaks" | grep -c 'unreferenced object') unreferenced objects"
		fi
	else
		echo "1..1"
	fi
	n=$((n + 1))
	bad=$(dmesg | "$here/kernel-reports" -A 3)
	if [ -z "$bad" ]; then
		echo "ok $n - no kernel warnings in dmesg"
	else
		echo "$bad" | head -n 400 | sed 's/^/# /'
		echo "not ok $n - kernel warnings in dmesg"
	fi
	exit 0
fi

[ $# -ge 3 ] || {
	echo "usage: $0 KVER LOGDIR KO [PROG...]" >&2
	exit 2
}
kver=$1 logdir=$2 ko=$3
shift 3
series=$(echo "$kver" | cut -d. -f1-2)
export LMISF_KO="$ko" LMISF_KVER="$kver" LMISF_SERIES="$series" LMISF_ROOT="$root"
# The logs' prefix: the series, or the debug lane's name.
lane=$series
[ "${LMISF_KERNEL_FLAVOUR:-}" != debug ] || lane=debug
shard=${LMISF_VM_SHARD:-} claims=${LMISF_VM_CLAIMS:-}

echo "# lane $lane: kernel $(uname -r), $(nproc) vCPUs${shard:+, VM $shard}"
# kmemleak: what boot left unreferenced is not the lane's to judge: scan
# and mark it seen, so that the final scans report what the programs left.
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	echo "# kmemleak: $(grep -c 'unreferenced object' /sys/kernel/debug/kmemleak) suspects from boot, cleared"
	echo clear >/sys/kernel/debug/kmemleak
fi
if [ "$ko" != - ]; then
	deps=$(modinfo -F depends "$ko" | tr ',' ' ')
	# shellcheck disable=SC2086 # one module per word
	[ -z "$deps" ] || modprobe -a $deps || echo "# modprobe $deps failed"
	[ "${shard:-1}" != 1 ] ||
		"$root/tools/testing/run-tap" "$logdir" "$lane-load" "$self" --load "$ko"
fi

secs=45
if [ -f "$stdir/settings" ]; then
	s=$(sed -n 's/^timeout=\([0-9][0-9]*\)$/\1/p' "$stdir/settings")
	[ -z "$s" ] || secs=$s
fi

i=0
for prog in "$@"; do
	i=$((i + 1))
	[ -z "$claims" ] || mkdir "$claims/$i" 2>/dev/null || continue
	case $prog in
	"$stdir"/*)	# a selftest: kselftest runs it from its directory
		name=$(basename "$prog")
		dir=$stdir t= ;;
	*)	# tools/lmisfctl/tests/kernel.sh -> lmisfctl-kernel
		name=$(echo "${prog#"$root"/}" | sed 's#^tools/##; s#/tests/#-#; s#/#-#g')
		dir=$root
		# A longer watchdog than the selftests' ("# timeout=N" in the
		# header): it only catches hangs, the slow debug kernel needs it.
		t=$(sed -n '1,40s/^# timeout=\([0-9][0-9]*\)$/\1/p' "$prog" |
			head -n 1) ;;
	esac
	name=${name%.sh}
	(cd "$dir" && "$root/tools/testing/run-tap" "$logdir" "$lane-$name" \
		"$self" --one "$name" "${t:-$secs}" "$prog")
done

"$root/tools/testing/run-tap" "$logdir" "$lane-kernel-log${shard:+-vm$shard}" \
	"$self" --kernel-log
exit 0
