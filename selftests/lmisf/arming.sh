#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The hooks are registered in a namespace only while it has something to
# match (a kernel-visible target, a flow, or a bound sink with a non-empty
# selector), so a namespace without them costs its packets nothing;
# defragmentation comes with the first arming and stays (disabling it would
# strand the fragments it holds). Seen with `nft list hooks`
# (nfnetlink_hook): how many of the four lmisf hooks (IPv4 and IPv6,
# PRE_ROUTING and LOCAL_OUT) and of the four defragmentation hooks are
# registered in the namespace.
source "$(dirname "$0")/lib.sh"

lmisf_require
ktap_print_header
setup_ns lm || skip_all "cannot create namespaces"
# bounded: a hung listing must fail the test, not stall the run
nft_hooks() { timeout 20 ip netns exec "$lm" nft list hooks "$1" 2>/dev/null; }
# a reference hook of our own: a kernel whose listing shows none cannot
# tell an unarmed namespace from an armed one
ip netns exec "$lm" nft add table ip armref 2>/dev/null &&
	ip netns exec "$lm" nft add chain ip armref pre \
		'{ type filter hook prerouting priority 0; }' 2>/dev/null ||
	skip_all "cannot add an nftables chain"
nft_hooks ip | grep -q armref ||
	skip_all "nft list hooks shows no hook here"
ktap_set_plan 6
ctl() { pretty lmisf "lmisfctl $*"; timeout 30 ip netns exec "$lm" "$LMISFCTL" "$@" >/dev/null; }
OUT=$(mktemp -d)
defer "rm -rf $OUT"
XT=44444444-0000-4000-8000-000000000001
XA=44444444-0000-4000-8000-000000000002

# "LMISF DEFRAG": registered lmisf and defragmentation hooks
hooks() {
	local l
	l=$(nft_hooks ip; nft_hooks ip6)
	echo "$(grep -c 'lmisf_nf_hook' <<<"$l") $(grep -c 'defrag' <<<"$l")"
}

# wait_hooks WANT: the hooks reach WANT within 5 s (disarming is a work item)
wait_hooks() {
	local i got
	for i in $(seq 50); do
		got=$(hooks)
		[ "$got" = "$1" ] && break
		sleep 0.1
	done
	check_eq "lmisf and defrag hooks" "$1" "$got"
}

ktap_check "nothing to match: no hook registered" wait_hooks "0 0"
ctl task add xid $XT delivery x2x3 target ipv4 10.0.7.1
ktap_check "a kernel-visible target arms the hooks and defragmentation" \
	wait_hooks "4 4"
ctl task flush
ctl task add xid $XA delivery x3 target sip-uri sip:bob@ims.example
ktap_check "task deleted, agent-only task left: hooks unregistered, defrag stays" \
	wait_hooks "0 4"
ctl flow add xid $XA correlation 1 proto udp src 10.0.7.1 sport 4000 \
	dst 10.0.7.2 dport 5000
ktap_check "a flow arms the hooks" wait_hooks "4 4"
ctl task flush
sink_start "$lm" $OUT/sink
ktap_check "a bound sink with the default selector arms the hooks" \
	wait_hooks "4 4"
sink_stop
ktap_check "the sink's socket closed: hooks unregistered" wait_hooks "0 4"

ktap_finished
