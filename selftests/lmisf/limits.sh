#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module parameters max_tasks and max_flows bound each namespace:
# one more is refused with ENOSPC and an extack message, a freed slot can
# be used again, and another namespace has limits of its own. Loads the
# module itself with small limits (needs $LMISF_KO) and unloads it.
source "$(dirname "$0")/lib.sh"

[ -n "${LMISF_KO:-}" ] && [ "$LMISF_KO" != - ] ||
	skip_all "LMISF_KO not set: the module must be loaded with parameters"
lmisf_require
rmmod lmisf || skip_all "lmisf in use"
insmod "$LMISF_KO" max_tasks=3 max_flows=2 || skip_all "insmod failed"
defer "rmmod lmisf"
ktap_print_header
ktap_set_plan 6

setup_ns a b || skip_all "cannot create namespaces"
OUT=$(mktemp -d)
defer "rm -rf $OUT"
# try NS ARGS...: lmisfctl's exit status; its stderr in $OUT/err.
try() {
	pretty "$1" "lmisfctl ${*:2}"
	ip netns exec "$1" "$LMISFCTL" "${@:2}" 2>"$OUT/err"
	local rc=$?
	sed 's/^/# /' "$OUT/err"
	return $rc
}
X=55555555-0000-4000-8000-00000000000
# refused NS EXTACK ARGS...: exit status 1, ENOSPC and the extack message.
refused() {
	local ns=$1 msg=$2
	shift 2
	try "$ns" "$@"
	[ $? = 1 ] && grep -q "$msg" "$OUT/err" &&
		grep -qi "no space left on device" "$OUT/err"
}
adds() {
	local ns=$1 i
	shift
	for i; do
		try "$ns" task add xid $X$i delivery x2 target ipv4 10.250.0.$i || return 1
	done
}

ktap_check "max_tasks=3: three tasks added" adds "$a" 1 2 3
ktap_check "the fourth task is refused: ENOSPC, \"task limit reached\"" \
	refused "$a" "task limit reached" task add xid ${X}4 delivery x2 target ipv4 10.250.0.4
flows() {
	try "$a" flow add xid ${X}1 correlation 1 proto udp src 10.0.0.1 sport 1000 dst 10.0.0.2 dport 2001 &&
	try "$a" flow add xid ${X}2 correlation 2 proto tcp src 10.0.0.1 sport 1000 dst 10.0.0.2 dport 2002
}
ktap_check "max_flows=2: two flows added" flows
ktap_check "the third flow is refused: ENOSPC, \"flow limit reached\"" \
	refused "$a" "flow limit reached" flow add xid ${X}3 correlation 3 proto udp src 10.0.0.1 sport 1000 dst 10.0.0.2 dport 2003
reuse() {
	try "$a" task del xid ${X}3 && adds "$a" 4 &&
		try "$a" flow del xid ${X}2 &&
		try "$a" flow add xid ${X}4 correlation 4 proto udp src 10.0.0.1 sport 1000 dst 10.0.0.2 dport 2004
}
ktap_check "a deleted task's and flow's slots can be used again" reuse
ktap_check "another namespace has limits of its own (three tasks)" adds "$b" 1 2 3
try "$a" task flush
try "$b" task flush

ktap_finished
