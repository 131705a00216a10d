#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The part of tools/testing/selftests/net/lib.sh and kselftest/ktap_helpers.sh
# the lmisf shell tests use (written for this suite, same names and
# behaviour): namespaces, deferred cleanup, waiters, KTAP output, and
# lmisf-specific setup (module, tools).

ksft_pass=0
ksft_fail=1
ksft_skip=4

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
LMISF_ROOT=${LMISF_ROOT:-$(cd "$here/../.." && pwd -P)}
# Built programs: build/ here standalone; next to the scripts in a kernel
# tree's kselftest (lib.mk's OUTPUT) and in an installed one.
BUILD=${LMISF_SELFTESTS_BUILD:-$here/build}
[ -n "${LMISF_SELFTESTS_BUILD:-}" ] || [ ! -x "$here/lmisf-sink" ] || BUILD=$here

# ---- KTAP -------------------------------------------------------------------
KTAP_CNT_PASS=0
KTAP_CNT_FAIL=0
KTAP_CNT_SKIP=0
KTAP_TESTNO=0

ktap_print_header() { echo "TAP version 13"; }
ktap_set_plan() { echo "1..$1"; }
ktap_print_msg() { echo "# $*"; }
ktap_test_pass() {
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_PASS=$((KTAP_CNT_PASS + 1))
	echo "ok $KTAP_TESTNO $*"
}
ktap_test_fail() {
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + 1))
	echo "not ok $KTAP_TESTNO $*"
}
ktap_test_skip() {
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
	echo "ok $KTAP_TESTNO $* # SKIP"
}
# ktap_check DESC CMD...: one test line from a command's status.
ktap_check() {
	local desc=$1
	shift
	if "$@"; then ktap_test_pass "$desc"; else ktap_test_fail "$desc"; fi
}
ktap_finished() {
	echo "# Totals: pass:$KTAP_CNT_PASS fail:$KTAP_CNT_FAIL xfail:0 xpass:0 skip:$KTAP_CNT_SKIP error:0"
	[ "$KTAP_CNT_FAIL" -eq 0 ] || exit $ksft_fail
	[ "$KTAP_CNT_PASS" -gt 0 ] || exit $ksft_skip
	exit $ksft_pass
}
# skip_all REASON: the whole program skips.
skip_all() {
	echo "1..0 # SKIP $*"
	exit $ksft_skip
}

# ---- deferred cleanup (LIFO), run on exit -----------------------------------
__DEFER=()
defer() { __DEFER+=("$*"); }
defer_run() {
	local i
	for ((i = ${#__DEFER[@]} - 1; i >= 0; i--)); do
		eval "${__DEFER[$i]}" >/dev/null 2>&1 || true
	done
	__DEFER=()
}

# ---- namespaces -------------------------------------------------------------
NS_LIST=()
# setup_ns NAME...: creates a netns per name with lo up; sets $NAME to it.
setup_ns() {
	local __name __ns
	for __name in "$@"; do
		__ns="$__name-$(mktemp -u XXXXXX)"
		ip netns add "$__ns" || return 1
		ip -n "$__ns" link set lo up || return 1
		NS_LIST+=("$__ns")
		eval "$__name=$__ns"
	done
}
cleanup_all_ns() {
	local ns
	for ns in "${NS_LIST[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -TERM 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	NS_LIST=()
}
trap 'defer_run; cleanup_all_ns; lmisf_restore' EXIT

# ---- waiters (no fixed sleeps) ----------------------------------------------
# busywait TIMEOUT_MS CMD...: retries CMD until it succeeds or time is up.
busywait() {
	local timeout=$1 start
	shift
	start=$(date +%s%3N)
	while true; do
		"$@" && return 0
		[ $(($(date +%s%3N) - start)) -lt "$timeout" ] || return 1
		sleep 0.05
	done
}
# wait_line FILE REGEX [TIMEOUT_MS]: until a line of FILE matches.
wait_line() { busywait "${3:-10000}" grep -qE "$2" "$1"; }
# count_lines FILE REGEX: lines of FILE matching (all words must match).
count_lines() { grep -cE "$2" "$1" || true; }

# ---- lmisf ------------------------------------------------------------------
# lmisf_require: the module is loaded (inserting $LMISF_KO if set) and the
# tools are built; otherwise the whole program skips.
lmisf_require() {
	[ "$(id -u)" -eq 0 ] || skip_all "must run as root"
	if [ ! -d /sys/module/lmisf ]; then
		[ -n "${LMISF_KO:-}" ] && [ "$LMISF_KO" != - ] ||
			skip_all "lmisf not loaded and LMISF_KO not set"
		local deps
		deps=$(modinfo -F depends "$LMISF_KO" 2>/dev/null | tr , ' ')
		# shellcheck disable=SC2086
		[ -z "$deps" ] || modprobe -a $deps
		insmod "$LMISF_KO" || skip_all "insmod $LMISF_KO failed"
		LMISF_LOADED=1
	fi
	SINK=$BUILD/lmisf-sink
	SEND=$BUILD/lmisf-send
	[ -x "$SINK" ] && [ -x "$SEND" ] ||
		skip_all "run make -C selftests/lmisf first"
	LMISFCTL=${LMISFCTL:-$LMISF_ROOT/tools/lmisfctl/build/release/lmisfctl}
	[ -x "$LMISFCTL" ] || LMISFCTL=$(command -v lmisfctl) ||
		skip_all "lmisfctl not built (make -C tools)"
	modprobe -q veth 2>/dev/null || true
}

# lmisf_restore: at exit, after the namespaces are gone: the module
# lmisf_require loaded is unloaded, so the next program starts as this one
# did (rmmod is retried while a dying namespace still holds it).
LMISF_LOADED=
lmisf_restore() {
	[ -n "$LMISF_LOADED" ] || return 0
	busywait 10000 sh -c '[ ! -d /sys/module/lmisf ] || rmmod lmisf' 2>/dev/null ||
		echo "# rmmod lmisf (loaded by this program) failed"
}

# pretty NS TEXT: WireGuard-style trace of what runs where, as TAP comments.
pretty() { echo "# [+] $(date +%T) ${1:+$1: }$2"; }

# sink_start NS OUTFILE [ARGS...]: starts lmisf-sink in NS, waits until bound.
sink_start() {
	local ns=$1 out=$2 ready
	shift 2
	ready=$(mktemp -u)
	ip netns exec "$ns" "$SINK" -w "$ready" -t 600 "$@" >"$out" 2>&1 &
	SINK_PID=$!
	defer "kill -TERM $SINK_PID"
	busywait 30000 test -e "$ready" || {
		cat "$out"
		return 1
	}
	rm -f "$ready"
}
# sink_stop: stops it (it prints its summary and stats) and waits.
sink_stop() {
	kill -TERM "$SINK_PID" 2>/dev/null
	wait "$SINK_PID" 2>/dev/null
	return 0
}
# stat_of FILE NAME: a counter from the sink's closing "stats" line.
stat_of() { sed -n "s/^stats.* $2=\([0-9]*\).*/\1/p" "$1" | tail -1; }
summary_of() { sed -n "s/^summary.* $2=\([0-9]*\).*/\1/p" "$1" | tail -1; }

# lmisf_topology: datapath.sh's routed topology (see the drawing there):
# namespaces $ue1 $ue2 $lm $core, ue1 10.0.1.2/fd01::2, ue2 10.0.3.2/fd03::2,
# core 10.0.2.2/fd02::2, the lmisf ns routing between them (.1 / ::1 on
# each link). Returns non-zero when it does not forward.
lmisf_topology() {
	local ns d
	setup_ns ue1 ue2 lm core || return 1
	ip link add ue0 netns "$ue1" type veth peer name lm-ue1 netns "$lm"
	ip link add ue0 netns "$ue2" type veth peer name lm-ue2 netns "$lm"
	ip link add core0 netns "$core" type veth peer name lm-core netns "$lm"
	ip -n "$ue1" addr add 10.0.1.2/24 dev ue0
	ip -n "$ue1" addr add fd01::2/64 dev ue0 nodad
	ip -n "$ue2" addr add 10.0.3.2/24 dev ue0
	ip -n "$ue2" addr add fd03::2/64 dev ue0 nodad
	ip -n "$core" addr add 10.0.2.2/24 dev core0
	ip -n "$core" addr add fd02::2/64 dev core0 nodad
	ip -n "$lm" addr add 10.0.1.1/24 dev lm-ue1
	ip -n "$lm" addr add fd01::1/64 dev lm-ue1 nodad
	ip -n "$lm" addr add 10.0.3.1/24 dev lm-ue2
	ip -n "$lm" addr add fd03::1/64 dev lm-ue2 nodad
	ip -n "$lm" addr add 10.0.2.1/24 dev lm-core
	ip -n "$lm" addr add fd02::1/64 dev lm-core nodad
	for ns in "$ue1" "$ue2" "$core" "$lm"; do
		for d in $(ip -n "$ns" -o link show | awk -F': ' '{print $2}' | cut -d@ -f1); do
			ip -n "$ns" link set "$d" up
		done
	done
	ip -n "$ue1" route add default via 10.0.1.1
	ip -n "$ue1" -6 route add default via fd01::1
	ip -n "$ue2" route add default via 10.0.3.1
	ip -n "$ue2" -6 route add default via fd03::1
	ip -n "$core" route add default via 10.0.2.1
	ip -n "$core" -6 route add default via fd02::1
	ip netns exec "$lm" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	busywait 10000 ip netns exec "$ue1" ping -c1 -W1 -q 10.0.2.2 >/dev/null &&
	busywait 10000 ip netns exec "$ue1" ping -6 -c1 -W1 -q fd02::2 >/dev/null &&
	busywait 10000 ip netns exec "$ue2" ping -c1 -W1 -q 10.0.2.2 >/dev/null &&
	busywait 10000 ip netns exec "$ue2" ping -6 -c1 -W1 -q fd03::1 >/dev/null
}
# n_ue1, n_ue2, n_lm, n_core CMD...: CMD in that namespace of
# lmisf_topology, logged first; ctl ARGS...: lmisfctl in the lmisf one.
n_ue1() { pretty ue1 "$*"; ip netns exec "$ue1" "$@"; }
n_ue2() { pretty ue2 "$*"; ip netns exec "$ue2" "$@"; }
n_lm() { pretty lmisf "$*"; ip netns exec "$lm" "$@"; }
n_core() { pretty core "$*"; ip netns exec "$core" "$@"; }
ctl() { n_lm "$LMISFCTL" "$@"; }
# copies FILE REGEX...: the sink's copy lines matching every REGEX.
copies() {
	local f=$1 r
	shift
	grep '^copy ' "$f" >"$f.sel"
	for r; do
		grep -E -- "$r" "$f.sel" >"$f.tmp"
		mv "$f.tmp" "$f.sel"
	done
	wc -l <"$f.sel"
}
# check_eq DESC WANT GOT: true when equal, else says what differed.
check_eq() {
	[ "$2" = "$3" ] && return 0
	echo "# $1: expected $2, got $3"
	return 1
}
