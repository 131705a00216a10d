#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh: the kernel datapath benchmark, run inside one VM boot by run.sh
# (as root, in a throwaway guest). Builds ue -- router -- core over veth;
# the router namespace is where lmisf (or nftables) looks at packets.
#
#   guest.sh LMISF_KO BINDIR
#
# Environment: BENCH_CLOCK (how run.sh booted the guest: "--icount N" or
# "wall"), BENCH_ROUNDS (3), BENCH_COUNT datagrams per flood (200000),
# BENCH_LEN payload bytes (200), BENCH_TASKS (10000), BENCH_FLOWS (100000),
# BENCH_SLOW_US reader sleep per datagram in the slow runs (5000),
# BENCH_SLOW_RCVBUF receive buffer in the slow runs (262144).
#
# Each round measures, one after the other (odd rounds in this order, even
# rounds reversed, so drift does not favour one side):
#   none     module not loaded, no rules: non-target and target floods
#   nflog    nft `ip saddr UE counter log group 5` + nflog-reader, normal
#            and slowed
#   lmisf    insmod, non-target flood (hooks registered, nothing to
#            match); TASKS tasks + FLOWS flows, non-target flood, then
#            lmisf-reader bound, normal and slowed; rmmod
# Floods come from the selftests' sender (lmisf-send -T: sendmmsg, 64 per
# call, 8 source ports).
# and prints "row" lines; the summary table follows at the end.
set -u

KO=$1
BIN=$2
ROUNDS=${BENCH_ROUNDS:-3}
COUNT=${BENCH_COUNT:-200000}
LEN=${BENCH_LEN:-200}
TASKS=${BENCH_TASKS:-10000}
FLOWS=${BENCH_FLOWS:-100000}
SLOW_US=${BENCH_SLOW_US:-5000}
SLOW_RCVBUF=${BENCH_SLOW_RCVBUF:-262144}
UE_T=10.0.1.2	# the target (task 0 of lmisf-fill, the nft rule's address)
UE_N=10.0.1.3	# not a target of anything
DST=10.9.0.1	# blackholed in core: no socket, no ICMP
ROWS=$(mktemp)

ns_ue=bench-ue ns_r=bench-router ns_c=bench-core
in_ue() { ip netns exec $ns_ue "$@"; }
in_r() { ip netns exec $ns_r "$@"; }
in_c() { ip netns exec $ns_c "$@"; }

die() {
	echo "bench: $*" >&2
	exit 1
}

topology() {
	local n
	for n in $ns_ue $ns_r $ns_c; do
		ip netns add $n && ip -n $n link set lo up || die "netns $n"
	done
	ip -n $ns_ue link add u0 type veth peer name r0 netns $ns_r || die veth
	ip -n $ns_r link add r1 type veth peer name c0 netns $ns_c || die veth
	ip -n $ns_ue addr add $UE_T/24 dev u0
	ip -n $ns_ue addr add $UE_N/24 dev u0
	ip -n $ns_r addr add 10.0.1.1/24 dev r0
	ip -n $ns_r addr add 10.0.2.1/24 dev r1
	ip -n $ns_c addr add 10.0.2.2/24 dev c0
	for n in "$ns_ue u0" "$ns_r r0" "$ns_r r1" "$ns_c c0"; do
		set -- $n
		ip -n $1 link set $2 up
	done
	ip -n $ns_ue route add default via 10.0.1.1
	ip -n $ns_r route add 10.9.0.0/16 via 10.0.2.2
	ip -n $ns_c route add blackhole 10.9.0.0/16
	in_r sysctl -qw net.ipv4.ip_forward=1
	# Neighbours resolved before anything is timed.
	in_ue "$BIN/lmisf-send" -s $UE_N -d $DST -P 9 -n 1000 -b 64 >/dev/null
}

rx_core() { in_c cat /sys/class/net/c0/statistics/rx_packets; }

# flood SRC: one fixed-count flood; prints "pps=FORWARDED_RATE sent_pps=..."
flood() {
	local before after out ns sent
	before=$(rx_core)
	out=$(in_ue "$BIN/lmisf-send" -T -s "$1" -d $DST -P 9 -N 8 -b 64 \
		-n "$COUNT" -l "$LEN") || die "lmisf-send: $out"
	after=$(rx_core)
	ns=${out#*ns=}
	ns=${ns%% *}
	sent=${out#*pps=}
	echo "pps=$(awk -v n=$((after - before)) -v ns="$ns" \
		'BEGIN { printf "%.0f", n * 1e9 / ns }') sent_pps=$sent fwd=$((after - before))"
}

# reader_run OUT CMD...: starts a reader in the router ns, waits until it
# is bound, floods from the target address, waits for the reader's line.
reader_run() {
	local out=$1 ready pid t=0
	shift
	ready=$(mktemp -u)
	in_r "$@" -w "$ready" >"$out" 2>&1 &
	pid=$!
	while [ ! -e "$ready" ]; do
		sleep 0.05
		t=$((t + 1))
		[ $t -lt 600 ] || die "reader did not start: $(cat "$out")"
	done
	rm -f "$ready"
	FLOOD=$(flood $UE_T)
	t=0
	while kill -0 $pid 2>/dev/null; do
		sleep 0.1
		t=$((t + 1))
		[ $t -lt 1800 ] || { kill -TERM $pid; break; }
	done
	wait $pid
}

kv() { sed -n "s/.*[ ^]$2=\([0-9.]*\).*/\1/p" <<<" $1" | head -1; }

nft_counter() { in_r nft list chain ip bench pre | sed -n 's/.*packets \([0-9]*\).*/\1/p' | head -1; }

phase_none() {
	local r=$1
	echo "row none-nontarget round=$r $(flood $UE_N)" | tee -a "$ROWS"
	echo "row none-target round=$r $(flood $UE_T)" | tee -a "$ROWS"
}

phase_nflog() {
	local r=$1 mode args out matched line
	for mode in normal slow; do
		args=()
		[ $mode = normal ] || args=(-d "$SLOW_US" -r "$SLOW_RCVBUF")
		in_r nft -f - <<-EOF2 || die "nft"
		table ip bench {
			chain pre {
				type filter hook prerouting priority -150;
				ip saddr $UE_T counter log group 5
			}
		}
		EOF2
		out=$(mktemp)
		reader_run "$out" "$BIN/nflog-reader" -g 5 "${args[@]}"
		matched=$(nft_counter)
		in_r nft delete table ip bench
		line=$(grep '^nflog ' "$out") || die "nflog-reader: $(cat "$out")"
		echo "row nflog-$mode round=$r $FLOOD matched=$matched lost=$((matched - $(kv "$line" copies))) ${line#nflog }" | tee -a "$ROWS"
		rm -f "$out"
	done
}

phase_lmisf() {
	local r=$1 mode args out line fill t0 t1 deps
	deps=$(modinfo -F depends "$KO" | tr , ' ')
	# shellcheck disable=SC2086
	[ -z "$deps" ] || modprobe -a $deps
	insmod "$KO" || die "insmod $KO"
	echo "row lmisf-empty round=$r $(flood $UE_N)" | tee -a "$ROWS"
	fill=$(in_r "$BIN/lmisf-fill" -t "$TASKS" -f "$FLOWS" -T $UE_T) ||
		die "lmisf-fill: $fill"
	echo "row lmisf-fill round=$r ${fill#installed }" | tee -a "$ROWS"
	# The install's trailing work (rhashtable resizes, RCU callbacks) runs
	# while the guest idles here, not inside the next flood's time.
	sleep 2
	echo "row lmisf-nontarget round=$r $(flood $UE_N)" | tee -a "$ROWS"
	for mode in normal slow; do
		args=()
		[ $mode = normal ] || args=(-d "$SLOW_US" -r "$SLOW_RCVBUF")
		out=$(mktemp)
		reader_run "$out" "$BIN/lmisf-reader" "${args[@]}"
		line=$(grep '^lmisf ' "$out") || die "lmisf-reader: $(cat "$out")"
		echo "row lmisf-$mode round=$r $FLOOD matched=$(kv "$line" made) lost=$(kv "$line" gaps) ${line#lmisf }" | tee -a "$ROWS"
		rm -f "$out"
	done
	t0=$(date +%s%N)
	rmmod lmisf || die "rmmod"
	t1=$(date +%s%N)
	echo "row lmisf-rmmod round=$r ms=$(((t1 - t0) / 1000000))" | tee -a "$ROWS"
}

# median FMT: "median (min-max)" of the numbers on stdin, "-" if none.
median() {
	sort -g | awk -v f="$1" '{ v[NR] = $1 } END {
		if (!NR) { print "-"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf f " (" f "-" f ")", m, v[1], v[NR] }'
}

# stat KIND KEY: "median (min-max)" over the rounds.
stat() {
	grep "^row $1 " "$ROWS" | while read -r l; do kv "$l" "$2"; done |
		median %.0f
}

# per_round KEY KIND...: one line per round with the KEY of each KIND
# (rounds missing one are left out).
per_round() {
	local key=$1 r k v line
	shift
	for r in $(seq 1 "$ROUNDS"); do
		line=
		for k; do
			v=$(kv "$(grep "^row $k round=$r " "$ROWS")" "$key")
			[ -n "$v" ] || continue 2
			line="$line $v"
		done
		echo "$line"
	done
}

# ratio A B KEY: per-round A/B, "median (min-max)" of the ratios.
ratio() {
	per_round "$3" "$1" "$2" |
		awk '$2 > 0 { printf "%.4f\n", $1 / $2 }' | median %.3f
}

# cost A B: per round, guest ns per datagram of A beyond B (1e9/pps_A -
# 1e9/pps_B: what A adds to each datagram, sender and forwarding taken out).
cost() {
	per_round pps "$1" "$2" |
		awk '$1 > 0 && $2 > 0 { printf "%.1f\n", 1e9 / $1 - 1e9 / $2 }' |
		median %.0f
}

# cost_ratio A B BASE: per round, cost of A / cost of B, both beyond BASE.
cost_ratio() {
	per_round pps "$1" "$2" "$3" | awk '$1 > 0 && $2 > 0 && $3 > 0 {
		x = 1e9 / $1 - 1e9 / $3; y = 1e9 / $2 - 1e9 / $3
		if (y > 0) printf "%.4f\n", x / y }' | median %.3f
}

# loss KIND: total lost / total matched over the rounds, in percent.
loss() {
	grep "^row $1 " "$ROWS" | while read -r l; do
		echo "$(kv "$l" lost) $(kv "$l" matched)"
	done | awk '{ l += $1; m += $2 } END { if (m) printf "%.2f%% (%d of %d)", 100 * l / m, l, m; else print "-" }'
}

modprobe -a veth nf_tables nfnetlink_log 2>/dev/null
modprobe -q nft_log 2>/dev/null
modprobe -q nf_log_syslog 2>/dev/null
topology
echo "# kernel $(uname -r), $(nproc) vCPUs, $COUNT datagrams of $LEN bytes per flood, $ROUNDS rounds"
echo "# lmisf: $TASKS tasks, $FLOWS flows; slow readers: ${SLOW_US} us per datagram, rcvbuf $SLOW_RCVBUF"
for r in $(seq 1 "$ROUNDS"); do
	if [ $((r % 2)) -eq 1 ]; then
		phase_none $r
		phase_nflog $r
		phase_lmisf $r
	else
		phase_lmisf $r
		phase_nflog $r
		phase_none $r
	fi
done

cat <<EOT

kernel datapath benchmark, $(uname -r), median (min-max) over $ROUNDS rounds
clock: ${BENCH_CLOCK:-wall} (icount: guest time counts instructions, 2^N ns each)

1. forwarding of non-target traffic (pps, ue -> router -> core)
   without lmisf                      $(stat none-nontarget pps)
   lmisf loaded, nothing installed    $(stat lmisf-empty pps)
   lmisf, $TASKS tasks + $FLOWS flows  $(stat lmisf-nontarget pps)
   ratio with / without (goal >= 0.99) $(ratio lmisf-nontarget none-nontarget pps)
   ratio loaded, nothing installed     $(ratio lmisf-empty none-nontarget pps)
   lmisf's cost per datagram (guest ns) $(cost lmisf-nontarget none-nontarget)
     of which with nothing installed  $(cost lmisf-empty none-nontarget)
   control: the same path twice        $(ratio none-target none-nontarget pps)
     (target-address flood / non-target flood, both without lmisf:
     the noise floor of this run)
   install: $(stat lmisf-fill ms) ms for the tasks and flows; rmmod $(stat lmisf-rmmod ms) ms

2. copies of matched traffic to userspace
   forwarding without copying (pps)   $(stat none-target pps)
   with nflog (pps)                   $(stat nflog-normal pps)
   with lmisf (pps)                   $(stat lmisf-normal pps)
   rate left, nflog / none            $(ratio nflog-normal none-target pps)
   rate left, lmisf / none            $(ratio lmisf-normal none-target pps)
   copies/s nflog reader              $(stat nflog-normal cps)
   copies/s lmisf reader              $(stat lmisf-normal cps)
   datagrams read nflog / lmisf       $(stat nflog-normal datagrams) / $(stat lmisf-normal datagrams)
   loss nflog                         $(loss nflog-normal)
   loss lmisf                         $(loss lmisf-normal)
   ratio lmisf / nflog, rate left     $(ratio lmisf-normal nflog-normal pps)
   ratio lmisf / nflog, copies/s      $(ratio lmisf-normal nflog-normal cps)
   cost per copy beyond forwarding (guest ns):
     nflog                            $(cost nflog-normal none-target)
     lmisf                            $(cost lmisf-normal none-target)
   ratio nflog / lmisf cost per copy  $(cost_ratio nflog-normal lmisf-normal none-target)
     (copies per CPU-second each copy path sustains, lmisf / nflog)
   slowed readers (${SLOW_US} us per datagram, rcvbuf $SLOW_RCVBUF):
   loss nflog                         $(loss nflog-slow)
   loss lmisf                         $(loss lmisf-slow)
   copies delivered nflog             $(stat nflog-slow copies)
   copies delivered lmisf             $(stat lmisf-slow copies)
   ratio lmisf / nflog, delivered     $(ratio lmisf-slow nflog-slow copies)
   ratio lmisf / nflog, rate left     $(ratio lmisf-slow nflog-slow pps)
EOT
rm -f "$ROWS"
