#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# profile.sh: where the non-target forwarding cost goes (guest side; not a
# test). Run in one VM under -icount, one vCPU (perf record -a crashed
# Debian's 6.12 guest with two):
#
#   K=6.12.117+deb12-amd64; make module KVER=$K; make -C bench/kernel
#   tools/vm/run --kernel $K --icount 3 --smp 1 --timeout 900 \
#       [--rw OUT --env PERF=1] -- bench/kernel/profile.sh \
#       $PWD/build/kmod/$K/lmisf.ko $PWD/bench/kernel/build OUT
#
# Builds guest.sh's topology, floods twice from the non-target address
# without the module, loads it, installs TASKS tasks + FLOWS flows
# (lmisf-fill, as guest.sh) and floods twice again; each flood prints its
# rate (guest time = instructions). With PERF=1 one more flood per side
# runs under `perf record -a -e cpu-clock` (a sample per 5 000
# instructions); OUT/{none,lmisf}.data and the matching kallsyms are kept
# for `perf report --kallsyms=OUT/X.kallsyms -n --sort sym` on the host.
# Samples land on translation-block boundaries: rank by them, count with
# the paired flood rates.
#
# With COPY=1 the floods come from the target address instead (guest.sh's
# copy path): without the module they are only forwarded, with it each
# datagram is copied to an lmisf-reader bound in the router namespace, so
# the paired rates give the cost per copy (kernel and reader) and the
# profiles ({none,lmisf}-copy.data) where it goes.
set -u

KO=$1
BIN=$2
OUT=${3:-/tmp}
COUNT=${PCOUNT:-20000}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
UE_T=10.0.1.2 UE_N=10.0.1.3 DST=10.9.0.1

# guest.sh's namespace helpers and topology, not its rounds
fns=$(mktemp)
sed -n '/^ns_ue=/,/^rx_core/p' "$here/guest.sh" >"$fns"
# shellcheck disable=SC1090
. "$fns"

SRC=$UE_N SUFFIX=
[ -z "${COPY:-}" ] || SRC=$UE_T SUFFIX=-copy

# shellcheck disable=SC2154 # ns_ue: from guest.sh
SEND=(ip netns exec "$ns_ue" "$BIN/lmisf-send" -T -s "$SRC" -d "$DST" -P 9 -N 8
	-b 64 -n "$COUNT" -l 200)

# reader CMD...: with COPY and the module loaded, runs CMD while an
# lmisf-reader is bound (its line goes to stderr), else just CMD.
reader() {
	local ready pid
	if [ -z "${COPY:-}" ] || ! lsmod | grep -q '^lmisf '; then
		"$@"
		return
	fi
	ready=$(mktemp -u)
	in_r "$BIN/lmisf-reader" -i 1000 -w "$ready" >&2 &
	pid=$!
	while [ ! -e "$ready" ]; do sleep 0.05; done
	rm -f "$ready"
	"$@"
	wait $pid
}

flood() {
	reader "${SEND[@]}"
}

profile() {
	[ -n "${PERF:-}" ] || return 0
	reader perf record -q -a -e cpu-clock -c 40000 \
		-o "/dev/shm/$1$SUFFIX.data" -- "${SEND[@]}" >/dev/null
	cp "/dev/shm/$1$SUFFIX.data" "$OUT/$1$SUFFIX.data"
	cat /proc/kallsyms >"$OUT/$1$SUFFIX.kallsyms"
}

topology
sysctl -qw kernel.kptr_restrict=0 kernel.perf_event_paranoid=-1
echo "none $(flood)"
echo "none $(flood)"
profile none
# shellcheck disable=SC2046
modprobe -a $(modinfo -F depends "$KO" | tr , ' ')
insmod "$KO" || die "insmod $KO"
in_r "$BIN/lmisf-fill" -t "${TASKS:-10000}" -f "${FLOWS:-100000}" -T $UE_T
sleep 2
echo "lmisf $(flood)"
echo "lmisf $(flood)"
profile lmisf
