#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: the kernel datapath benchmark (not a test: no thresholds). Builds
# lmisf.ko for the chosen kernel and the helpers here, boots ONE VM and runs
# guest.sh in it, which prints every measurement and a table of ratios
# measured in that same boot.
#
#   bench/kernel/run.sh [--kernel 6.12|6.1|KVER] [--rounds N] [--count N]
#                       [--icount SHIFT | --wall]
#
# Default --icount 3: the guest's clock counts executed instructions
# (tools/vm/run --icount), so rates are per instruction the guest spent,
# independent of the host's load; --wall measures wall-clock time instead.
# Debian's 6.1 kernel hangs bringing up a second vCPU under -icount, so
# the 6.1 series boots with one vCPU there (BENCH_SMP overrides: vCPUs).
# Default kernel: the 6.12 series from tools/vm/kernels. The table is also
# kept in build/bench-kernel/KVER.txt. Other BENCH_* knobs: see guest.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
want=6.12 rounds=${BENCH_ROUNDS:-3} count=${BENCH_COUNT:-200000} icount=(--icount 3)

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) want=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--count) count=$2; shift 2 ;;
	--icount) icount=(--icount "$2"); shift 2 ;;
	--wall) icount=(); shift ;;
	*) sed -n '4,16s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done

kver=
for k in $("$root/tools/vm/kernels"); do
	case $k in
	"$want" | "$want".* | "$want"-*) kver=$k ;;
	esac
done
[ -n "$kver" ] || { echo "bench: no installed kernel matches '$want' (tools/vm/kernels)" >&2; exit 1; }

make -s -C "$root" module KVER="$kver" >/dev/null
make -s -C "$here" >/dev/null
out=$root/build/bench-kernel
mkdir -p "$out"
echo "# host: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)" | tee "$out/$kver.txt"
cd "$root"
smp=${BENCH_SMP:-2}
case $kver in 6.1.*) [ ${#icount[@]} -eq 0 ] || smp=${BENCH_SMP:-1} ;; esac
tools/vm/run --kernel "$kver" --timeout 3600 ${icount[@]+"${icount[@]}"} --smp "$smp" \
	--env BENCH_CLOCK="${icount[*]:-wall}" \
	--env BENCH_ROUNDS="$rounds" --env BENCH_COUNT="$count" \
	$(env | sed -n 's/^\(BENCH_[A-Z_]*=.*\)/--env \1/p') \
	-- bench/kernel/guest.sh "$root/build/kmod/$kver/lmisf.ko" \
	"$here/build" | tee -a "$out/$kver.txt"
echo "# host load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/$kver.txt"
