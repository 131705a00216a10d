#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed and unusual GTP-U never crashes the module and is counted:
#
#   +---------------+           +---------------------------+           +----------------+
#   | ue1 ns        |           | lmisf ns (router, module) |           | core ns        |
#   |  ue0 10.0.1.2 |---veth----| lm-ue1 10.0.1.1           |           |                |
#   |  gtpu_send.py |           |           lm-core 10.0.2.1|---veth----| core0 10.0.2.2 |
#   |  tcpreplay    |           |  lmisf-sink bound here    |           |                |
#   +---------------+           +---------------------------+           +----------------+
#
# 1. Crafted GTP-U, each kind counted exactly where it belongs (not a T-PDU,
#    malformed, nested), and copied as the plain outer packet when the outer
#    address is a target (nested GTP-U too: it is not decapsulated at all).
# 2. The captures of ../shared/testdata/pcaps/gtp (LMISF_TESTDATA overrides
#    the testdata directory; skipped when absent), rewritten to the veth's
#    MAC addresses and replayed with tcpreplay: the kernel survives, logs no
#    warning, and the GTP-U counters move.
source "$(dirname "$0")/lib.sh"

lmisf_require
ktap_print_header

testdata=${LMISF_TESTDATA:-$LMISF_ROOT/../shared/testdata}
pcaps=()
if [ -d "$testdata/pcaps/gtp" ] && command -v tcpreplay >/dev/null &&
   command -v tcprewrite >/dev/null; then
	for p in "$testdata"/pcaps/gtp/*.pcap "$testdata"/pcaps/gtp/*.pcapng; do
		[ -f "$p" ] && pcaps+=("$p")
	done
fi
ktap_set_plan $((4 + (${#pcaps[@]} > 0 ? ${#pcaps[@]} + 1 : 1)))

# lib.sh's routed topology (its ue2 and IPv6 addresses are not used here).
lmisf_topology || skip_all "topology does not forward"

OUT=$(mktemp -d)
defer "rm -rf $OUT"
dmesg_before=$(dmesg | grep -cE 'WARNING:|BUG:|Oops|general protection|KASAN|UBSAN' || true)
stat() { ip netns exec "$lm" "$SINK" -S | sed -n "s/^stats.* $1=\([0-9]*\).*/\1/p"; }

# ---- 1. crafted -------------------------------------------------------------
XA=22222222-0000-4000-8000-00000000000a
n_lm "$LMISFCTL" task add xid $XA delivery x2x3 target ipv4 10.0.1.2
f=$OUT/crafted
sink_start "$lm" $f
n_ue1 /usr/bin/python3 "$here/gtpu_send.py" 10.0.1.2 10.0.2.2 \
	echo,count=2 trunc,count=3 badlen,count=2 badext,count=2 \
	extloop,count=2 badver,count=1 \
	nested,teid=0x61,teid2=0x62,isrc=10.9.9.9,count=2 \
	tpdu,teid=0x63,isrc=10.9.9.8,idport=7999,count=1
# The last one is a T-PDU for a non-target inner address: decapsulated and
# not copied; wait for the decapsulation counter instead of a copy.
busywait 10000 test "$(stat gtpu_decap)" -ge 1
n_ue1 "$SEND" -p 7998 -d 10.0.2.2 -P 7999
wait_line $f '^copy .*src=10.0.1.2 .*dport=7999'
sink_stop
nt=$(stat_of $f gtpu_not_tpdu) mal=$(stat_of $f gtpu_malformed)
nest=$(stat_of $f gtpu_nested) dec=$(stat_of $f gtpu_decap)
echo "# not_tpdu=$nt malformed=$mal nested=$nest decap=$dec"
ktap_check "GTP-U messages other than T-PDU counted (gtpu_not_tpdu)" \
	check_eq "gtpu_not_tpdu" 2 "$nt"
ktap_check "truncated, bad-length, bad-extension and bad-version headers counted (gtpu_malformed)" \
	check_eq "gtpu_malformed" 10 "$mal"
ktap_check "GTP-U inside GTP-U not decapsulated twice, counted (gtpu_nested)" \
	check_eq "gtpu_nested" 2 "$nest"
ktap_check "undecapsulated GTP-U matched as the plain outer packet (target outer address)" \
	check_eq "plain copies of the 14 undecapsulated datagrams (12 bad, 2 nested)" 14 \
	"$(copies $f "kind=target .*xid=$XA" 'orig=[0-9]+ len=[0-9]+ proto=17 src=10.0.1.2 dst=10.0.2.2 sport=2152 dport=2152' | tr -d ' ')"
n_lm "$LMISFCTL" task flush

# ---- 2. captures --------------------------------------------------------------
if [ ${#pcaps[@]} -eq 0 ]; then
	ktap_test_skip "replay of GTP captures: $testdata/pcaps/gtp or tcpreplay missing"
	ktap_finished
fi
# A task and a bound sink so that the hooks are armed.
n_lm "$LMISFCTL" task add xid $XA delivery x2x3 target ipv4-cidr 10.0.0.0/8
sink_start "$lm" $OUT/replay -q
dmac=$(ip netns exec "$lm" cat /sys/class/net/lm-ue1/address)
smac=$(ip netns exec "$ue1" cat /sys/class/net/ue0/address)
total_gtp=0
for p in "${pcaps[@]}"; do
	name=$(basename "$p")
	before="$(stat packets) $(stat gtpu_decap) $(stat gtpu_not_tpdu) $(stat gtpu_malformed) $(stat gtpu_nested)"
	tcprewrite --enet-dmac="$dmac" --enet-smac="$smac" --enet-vlan=del \
		-i "$p" -o "$OUT/r.pcap" 2>"$OUT/rw.err" ||
		{ ktap_test_fail "$name: tcprewrite failed: $(head -1 "$OUT/rw.err")"; continue; }
	n_ue1 tcpreplay -q -t -i ue0 "$OUT/r.pcap" >/dev/null 2>&1
	# The hooks run in softirq after tcpreplay returns: wait for them.
	busywait 10000 test "$(stat packets)" -gt "${before%% *}"
	after="$(stat packets) $(stat gtpu_decap) $(stat gtpu_not_tpdu) $(stat gtpu_malformed) $(stat gtpu_nested)"
	read -r b_pk b_de b_nt b_ma b_ne <<<"$before"
	read -r a_pk a_de a_nt a_ma a_ne <<<"$after"
	d_gtp=$((a_de - b_de + a_nt - b_nt + a_ma - b_ma + a_ne - b_ne))
	total_gtp=$((total_gtp + d_gtp))
	echo "# $name: packets +$((a_pk - b_pk)) decap +$((a_de - b_de)) not_tpdu +$((a_nt - b_nt)) malformed +$((a_ma - b_ma)) nested +$((a_ne - b_ne))"
	ok=0
	[ $((a_pk - b_pk)) -gt 0 ] || ok=1
	case $name in
	zeek_gtp2_different_udp_port* | zeek_gtp3_false_gtp*) ;;
	zeek_gtp10_not_0xff*) [ $((a_nt - b_nt)) -eq 3 ] || ok=1 ;;
	*) [ "$d_gtp" -gt 0 ] || ok=1 ;;
	esac
	ktap_check "$name replayed: seen and counted, kernel alive" [ $ok = 0 ]
done
sink_stop
dmesg_after=$(dmesg | grep -cE 'WARNING:|BUG:|Oops|general protection|KASAN|UBSAN' || true)
[ "$dmesg_after" = "$dmesg_before" ] || dmesg | grep -E 'WARNING:|BUG:|Oops' | tail -5 | sed 's/^/# /'
ktap_check "no kernel warning after the replays (GTP-U counters moved by $total_gtp)" \
	[ "$dmesg_after" = "$dmesg_before" ]
ktap_finished
