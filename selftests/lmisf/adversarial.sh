#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed and adversarial packets through the hooks while tasks (UE
# addresses, CIDR, TEID) and a flow match them and a sink is bound:
# truncated IPv4/IPv6 headers, bogus IHL and total length, long, looping
# and truncated IPv6 extension header chains, tiny and overlapping
# fragments (v4 and v6), GTP-U with bogus lengths, extension header loops
# and zero-length extension headers, GTP in GTP, zero-length UDP and UDP
# lengths that lie, ICMP errors quoting a matching packet (adv_send.py
# lists them). From the UE as Ethernet frames (the router's PRE_ROUTING sees
# what IP input accepts) and from raw sockets in the router itself (its
# LOCAL_OUT sees them unchecked).
#
#   +---------------+           +---------------------------+           +----------------+
#   | ue1 ns        |           | lmisf ns (router, module) |           | core ns        |
#   |  ue0 10.0.1.2 |---veth----| lm-ue1 10.0.1.1           |           |                |
#   |      fd01::2  |           |           lm-core 10.0.2.1|---veth----| core0 10.0.2.2 |
#   |  adv_send l2  |           |  adv_send raw, lmisf-sink |           |  adv_recv.py   |
#   +---------------+           +---------------------------+           +----------------+
#
# The same packets run twice, with the hooks armed and with nothing to
# match (the hooks idle): what reaches the core namespace must be the same
# packets, unchanged, both times. Copies add up, the kernel logs nothing,
# the module unloads.
source "$(dirname "$0")/lib.sh"

lmisf_require
ktap_print_header
ktap_set_plan 10

setup_ns ue1 lm core || skip_all "cannot create namespaces"
ip link add ue0 netns "$ue1" type veth peer name lm-ue1 netns "$lm"
ip link add core0 netns "$core" type veth peer name lm-core netns "$lm"
ip -n "$ue1" addr add 10.0.1.2/24 dev ue0
ip -n "$ue1" addr add fd01::2/64 dev ue0 nodad
ip -n "$core" addr add 10.0.2.2/24 dev core0
ip -n "$core" addr add fd02::2/64 dev core0 nodad
ip -n "$lm" addr add 10.0.1.1/24 dev lm-ue1
ip -n "$lm" addr add fd01::1/64 dev lm-ue1 nodad
ip -n "$lm" addr add 10.0.2.1/24 dev lm-core
ip -n "$lm" addr add fd02::1/64 dev lm-core nodad
for l in "$ue1 ue0" "$core core0" "$lm lm-ue1" "$lm lm-core"; do
	set -- $l
	ip -n "$1" link set "$2" up
done
ip -n "$ue1" route add default via 10.0.1.1
ip -n "$ue1" -6 route add default via fd01::1
ip -n "$core" route add default via 10.0.2.1
ip -n "$core" -6 route add default via fd02::1
ip netns exec "$lm" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
# flow labels carry the case numbers: none of the kernel's own
for ns in "$ue1" "$lm" "$core"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.auto_flowlabels=0
done
busywait 10000 ip netns exec "$ue1" ping -c1 -W1 -q 10.0.2.2 >/dev/null &&
	busywait 10000 ip netns exec "$ue1" ping -6 -c1 -W1 -q fd02::2 >/dev/null ||
	skip_all "topology does not forward"

OUT=$(mktemp -d)
defer "rm -rf $OUT"
warn_re='WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|kmemleak|refcount_t|list_(add|del) corruption|circular locking|suspicious RCU'
dmesg_before=$(dmesg | grep -cE "$warn_re" || true)
stat() { ip netns exec "$lm" "$SINK" -S | sed -n "s/^stats.* $1=\([0-9]*\).*/\1/p"; }
dmac=$(ip netns exec "$lm" cat /sys/class/net/lm-ue1/address)
smac=$(ip netns exec "$ue1" cat /sys/class/net/ue0/address)

# run_phase N: both senders, the receiver in core; $OUT/rx.N.
run_phase() {
	local rx
	# Neighbours resolved, so that nothing waits in an ARP/ND queue;
	# before the receiver starts, as an echo's IPv4 identification can
	# fall in the range that carries case numbers.
	ip netns exec "$ue1" ping -c1 -W2 -q 10.0.2.2 >/dev/null
	ip netns exec "$ue1" ping -6 -c1 -W2 -q fd02::2 >/dev/null
	ip netns exec "$core" /usr/bin/python3 "$here/adv_recv.py" core0 \
		"$OUT/rx.$1" "$OUT/ready.$1" &
	rx=$!
	busywait 30000 test -e "$OUT/ready.$1" || return 1
	pretty ue1 "adv_send.py l2 ue0 (phase $1)"
	ip netns exec "$ue1" /usr/bin/python3 "$here/adv_send.py" l2 ue0 \
		"$smac" "$dmac" "$1"
	pretty lmisf "adv_send.py raw (phase $1)"
	ip netns exec "$lm" /usr/bin/python3 "$here/adv_send.py" raw "$1"
	wait $rx
}

# ---- phase 1: armed ------------------------------------------------------
XA=55555555-0000-4000-8000-00000000000a
XB=55555555-0000-4000-8000-00000000000b
ip netns exec "$lm" "$LMISFCTL" task add xid $XA delivery x2x3 \
	target ipv4 10.0.1.2 target ipv6 fd01::2 target teid 0x63 \
	target teid 0x64 endpoint 10.0.2.2
ip netns exec "$lm" "$LMISFCTL" task add xid $XB delivery x2x3 \
	target ipv4-cidr 10.0.2.0/24 target ipv6-cidr fd02::/64 \
	target ipv4-cidr 10.8.0.0/16
ip netns exec "$lm" "$LMISFCTL" flow add xid $XA correlation 1 proto udp \
	src 10.0.1.2 sport 4000 dst 10.0.2.2 dport 5000
ip netns exec "$lm" "$LMISFCTL" flow add xid $XA correlation 2 proto udp \
	src fd01::2 sport 4000 dst fd02::2 dport 5000
f=$OUT/sink
sink_start "$lm" "$f"
p0=$(stat packets)
run_phase 1
p1=$(stat packets)
# every copy made is in the socket or counted as lost before it stops
busywait 10000 test "$(stat delivered)" -ge "$(($(stat copies) - $(stat drop_rcvbuf) - $(stat drop_nomem)))"
sink_stop
# a closed sink's pending copies are counted by a work item: wait for it
copies_add_up() {
	local c d n m r u
	read -r c d n m r u <<<"$(stat copies) $(stat delivered) $(stat drop_no_sink) $(stat drop_nomem) $(stat drop_rcvbuf) $(stat drop_unbind)"
	[ "$c" = $((d + n + m + r + u)) ]
}
busywait 10000 copies_add_up
echo "# phase 1: packets inspected $((p1 - p0)); $(grep '^summary' "$f"); $(ip netns exec "$lm" "$SINK" -S)"
ip netns exec "$lm" "$LMISFCTL" task flush

# ---- phase 2: nothing to match, the hooks idle ----------------------------
p2=$(stat packets)
run_phase 2
p3=$(stat packets)

n1=$(grep -vc '^end$' "$OUT/rx.1") n2=$(grep -vc '^end$' "$OUT/rx.2")
echo "# forwarded to core: $n1 packets armed, $n2 idle"
ktap_check "both runs complete (end markers seen)" \
	[ "$(tail -1 "$OUT/rx.1")" = end ] && [ "$(tail -1 "$OUT/rx.2")" = end ]
if diff "$OUT/rx.1" "$OUT/rx.2" >"$OUT/diff"; then
	ktap_test_pass "the same packets reach the far side unchanged, armed or idle ($n1)"
else
	sed 's/^/# /' "$OUT/diff" | head -20
	ktap_test_fail "the same packets reach the far side unchanged, armed or idle"
fi
ktap_check "the idle run was not inspected (the comparison is against no module work)" \
	check_eq "packets inspected while idle" 0 $((p3 - p2))
ktap_check "the armed run was inspected and copied" \
	[ $((p1 - p0)) -gt 0 ] && [ "$(stat_of "$f" copies)" -gt 0 ]
# Each case is one packet (fragments: one datagram); whatever reached the
# core crossed a hook that matches it (plus ND/MLD and what is not
# forwarded after the hook), so it was copied.
read -r ue_cases lm_cases <"$OUT/rx.1.cases"
pre=$(copies "$f" 'hook=pre') out=$(copies "$f" 'hook=out')
echo "# cases forwarded: $ue_cases from the UE, $lm_cases from the router; copies at PRE_ROUTING $pre, LOCAL_OUT $out"
ktap_check "every forwarded packet was copied (at its hook)" \
	[ "$pre" -ge "$ue_cases" ] && [ "$out" -ge "$lm_cases" ] &&
	[ "$ue_cases" -gt 0 ] && [ "$lm_cases" -gt 0 ]
ktap_check "malformed and nested GTP-U counted" \
	[ "$(stat gtpu_malformed)" -gt 0 ] && [ "$(stat gtpu_nested)" -gt 0 ]
ktap_check "copies = delivered + every drop reason" copies_add_up
ktap_check "the sink received every delivered copy, gaps = losses" \
	check_eq "copies received, gaps" \
	"$(stat delivered) $(($(stat drop_nomem) + $(stat drop_rcvbuf) + $(stat drop_unbind)))" \
	"$(summary_of "$f" copies) $(summary_of "$f" gaps)"
dmesg_after=$(dmesg | grep -cE "$warn_re" || true)
[ "$dmesg_after" = "$dmesg_before" ] || dmesg | grep -E "$warn_re" | tail -5 | sed 's/^/# /'
ktap_check "no kernel warning" [ "$dmesg_after" = "$dmesg_before" ]
cleanup_all_ns
ktap_check "the module unloads" rmmod lmisf
ktap_finished
