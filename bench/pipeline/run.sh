#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Agent pipeline throughput on replay: SIP messages and RTP packets per
# CPU-second (one core: lmisfd is single-threaded), measured as the
# user+system CPU time of `lmisfd --replay` (not wall time, which the
# machine's load distorts more). See Documentation/performance.rst.
#
#   bench/pipeline/run.sh [SIP_CALLS] [RTP_CALLS] [RTP_PER_CALL] [RUNS]
#
# Two generated captures (gen.py, raw IPv4): SIP_CALLS (default 20000)
# calls without media (7 SIP messages each), and RTP_CALLS (200) calls of
# RTP_PER_CALL (1000) RTP packets. Each is replayed RUNS (3) times with a
# task whose target makes every call intercepted (xIRI per message, X3 per
# RTP packet, flows installed: the whole IMS layer and the X2/X3
# encoding; no delivery), and with a task that matches nothing (decode,
# SIP parse and the state mirror only). The best run of each is printed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
sip_calls=${1:-20000}
rtp_calls=${2:-200}
rtp_per=${3:-1000}
runs=${4:-3}
out=$root/bench/pipeline/build
mkdir -p "$out"
make -s -C "$root/agent" >/dev/null
lmisfd=$root/agent/build/release/lmisfd

python3 "$here/gen.py" "$out/sip.pcap" "$sip_calls" 0
python3 "$here/gen.py" "$out/rtp.pcap" "$rtp_calls" "$rtp_per"

xid=2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162
hit="xid $xid delivery x2x3 target sip-uri sip:+31612345678@ims.example.net"
miss="xid $xid delivery x2x3 target sip-uri sip:nobody@ims.example.net"

# best CAP TASK: the lowest user+sys CPU seconds of RUNS replays, then
# the summary's sip message and RTP (udp_not_sip) counts
best() {
	b=
	for _ in $(seq "$runs"); do
		/usr/bin/time -f "%U %S" -o "$out/time" "$lmisfd" --replay "$1" \
			--task "$2" >"$out/summary" 2>/dev/null
		t=$(awk '{ printf "%.3f", $1 + $2 }' "$out/time")
		if [ -z "$b" ] || awk -v a="$t" -v b="$b" 'BEGIN { exit !(a < b) }'; then
			b=$t
			cp "$out/summary" "$out/summary.best"
		fi
	done
	sip=$(sed -n 's/^sip: messages=\([0-9]*\) .*/\1/p' "$out/summary.best")
	rtp=$(sed -n 's/.* udp_not_sip=\([0-9]*\) .*/\1/p' "$out/summary.best")
	x2=$(sed -n 's/.* records_x2=\([0-9]*\) .*/\1/p' "$out/summary.best")
	x3=$(sed -n 's/.* records_x3=\([0-9]*\) .*/\1/p' "$out/summary.best")
	echo "$b $sip $rtp $x2 $x3"
}

printf '%-28s %9s %8s %8s %8s %8s %12s\n' capture/task cpu_s sip rtp x2 x3 "per CPU-s"
for cap in sip rtp; do
	for task in hit miss; do
		eval "t=\$$task"
		set -- $(best "$out/$cap.pcap" "$t")
		if [ "$cap" = sip ]; then n=$2 unit="SIP msgs"; else n=$3 unit="RTP pkts"; fi
		rate=$(awk -v n="$n" -v s="$1" 'BEGIN { printf "%.0f", n / s }')
		printf '%-28s %9s %8s %8s %8s %8s %12s %s\n' \
			"$cap/$([ $task = hit ] && echo intercepted || echo mirror-only)" \
			"$1" "$2" "$3" "$4" "$5" "$rate" "$unit/s"
	done
done
