#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod while traffic flows, tasks and flows exist and a sink is bound, in
# three namespaces at once; then insmod again. Nothing may pin the module,
# warn, leak (kmemleak when the kernel has it, slab caches, module
# refcount) or stop the traffic (fail-open).
#
#   +---------------+           +---------------------------+           +----------------+
#   | ue1 ns        |           | lmisf ns (router, module) |           | core ns        |
#   |  ue0 10.0.1.2 |---veth----| lm-ue1 10.0.1.1           |           |                |
#   |  ping, UDP    |           |           lm-core 10.0.2.1|---veth----| core0 10.0.2.2 |
#   +---------------+           |  lmisf-sink -F 300        |           +----------------+
#                               +---------------------------+
# plus two more namespaces with tasks and a bound sink, without traffic.
source "$(dirname "$0")/lib.sh"

lmisf_require
[ -n "${LMISF_KO:-}" ] && [ "$LMISF_KO" != - ] && [ -f "$LMISF_KO" ] ||
	skip_all "LMISF_KO not set: would not be able to load the module again"
ktap_print_header
ktap_set_plan 9

# lib.sh's routed topology (its ue2 and IPv6 addresses are not used here).
lmisf_topology || skip_all "topology does not forward"
setup_ns other1 other2 || skip_all "cannot create namespaces"

OUT=$(mktemp -d)
defer "rm -rf $OUT"
kmemleak=/sys/kernel/debug/kmemleak
[ -w $kmemleak ] && echo clear >$kmemleak
warn_re='WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|refcount_t|list_(add|del) corruption'
dmesg_before=$(dmesg | grep -cE "$warn_re" || true)
slab_before=$(grep -ci lmisf /proc/slabinfo 2>/dev/null)

# State everywhere: 300 tasks + 300 flows and a sink in lm, 50 + sink in the
# others.
sink_start "$lm" $OUT/lm -F 300 -q
sink_pid_lm=$SINK_PID
sink_start "$other1" $OUT/o1 -F 50 -q
sink_start "$other2" $OUT/o2 -F 50 -q
ktap_check "module refcount 0 with tasks, flows and bound sinks" \
	[ "$(cat /sys/module/lmisf/refcnt)" = 0 ]

# Traffic: pings (target) and UDP on the flows, until the end of the test.
ip netns exec "$ue1" ping -q -i 0.01 10.0.2.2 >$OUT/ping 2>&1 &
ping_pid=$!
defer "kill -TERM $ping_pid"
(
	while :; do
		ip netns exec "$ue1" "$SEND" -I -p 30000 -n 50 -d 10.0.2.2 -P 50000
		ip netns exec "$ue1" "$SEND" -I -p 46000 -n 10 -d 10.0.2.2 -P 5060
	done
) >/dev/null 2>&1 &
udp_pid=$!
defer "kill -TERM $udp_pid"
stat() { ip netns exec "$lm" "$SINK" -S 2>/dev/null | sed -n "s/^stats.* $1=\([0-9]*\).*/\1/p"; }
busywait 20000 test "$(stat delivered)" -gt 100
echo "# before rmmod: $(ip netns exec "$lm" "$SINK" -S)"

ktap_check "rmmod lmisf while traffic flows and tasks exist" rmmod lmisf
ktap_check "module gone" [ ! -e /sys/module/lmisf ]
# Fail-open even across the unload: the flows go on.
# ping's own output stays out of the TAP stream, the check's line does not.
forwards() { ip netns exec "$ue1" ping -c1 -W2 -q 10.0.2.2 >/dev/null; }
ktap_check "traffic still forwarded after rmmod" forwards

kill -TERM $udp_pid $ping_pid 2>/dev/null
wait $udp_pid $ping_pid 2>/dev/null
sink_stop
kill -TERM $sink_pid_lm 2>/dev/null

slab_after=$(grep -ci lmisf /proc/slabinfo 2>/dev/null)
if [ -r /proc/slabinfo ]; then
	ktap_check "no lmisf slab cache left (${slab_before:-0} with the module, ${slab_after:-0} after)" \
		[ "${slab_after:-0}" = 0 ]
else
	ktap_test_skip "slab caches: /proc/slabinfo not readable"
fi
if [ -w $kmemleak ]; then
	echo scan >$kmemleak
	echo scan >$kmemleak
	leaks=$(grep -c lmisf $kmemleak || true)
	[ "$leaks" = 0 ] || grep -B2 -A12 lmisf $kmemleak | head -40 | sed 's/^/# /'
	ktap_check "kmemleak reports nothing from lmisf" [ "$leaks" = 0 ]
else
	ktap_test_skip "kmemleak: not available in this kernel"
fi

# Again, and unload/load cycles with state, under traffic.
ktap_check "insmod again: the family is back, with no state" \
	sh -c "insmod '$LMISF_KO' && ip netns exec '$lm' '$SINK' -S | grep -q ' tasks=0 '"
ok=0
for i in 1 2 3; do
	ip netns exec "$lm" "$SINK" -F 20 -q -t 1 >/dev/null 2>&1 &
	p=$!
	ip netns exec "$ue1" "$SEND" -I -p 30000 -n 20 -d 10.0.2.2 -P 50000
	wait $p
	ip netns exec "$lm" "$SINK" -F 5 -S >/dev/null || ok=1
	rmmod lmisf || ok=1
	insmod "$LMISF_KO" || ok=1
done
ktap_check "three more load/fill/unload cycles" [ $ok = 0 ]
dmesg_after=$(dmesg | grep -cE "$warn_re" || true)
[ "$dmesg_after" = "$dmesg_before" ] || dmesg | grep -E "$warn_re" | tail -5 | sed 's/^/# /'
ktap_check "no kernel warning" [ "$dmesg_after" = "$dmesg_before" ]
ktap_finished
