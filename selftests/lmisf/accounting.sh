#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the counters count when nobody reads:
#  - without a sink, target copies are counted DROP_NO_SINK but signalling
#    is not matched at all (the selector only arms the hooks while a sink
#    is bound; with a target present it must not start matching);
#  - task events the sink cannot take (receive buffer full) are counted
#    NTF_DROPS, and received + dropped = sent exactly.
# Traffic is sent to the namespace itself: LOCAL_OUT runs in the sender's
# sendmsg, so the counters are final when lmisf-send returns.
source "$(dirname "$0")/lib.sh"

lmisf_require
ktap_print_header
ktap_set_plan 4

setup_ns lm || skip_all "cannot create namespaces"
ip -n "$lm" link add d0 type veth peer name d1
ip -n "$lm" addr add 10.0.5.1/24 dev d0
ip -n "$lm" link set d0 up
ip -n "$lm" link set d1 up
ctl() { pretty lmisf "lmisfctl $*"; ip netns exec "$lm" "$LMISFCTL" "$@"; }
send() { pretty lmisf "lmisf-send $*"; ip netns exec "$lm" "$SEND" "$@"; }
# stat NAME: the namespace's counter now.
stat() {
	ip netns exec "$lm" "$SINK" -S >"$OUT/stats"
	stat_of "$OUT/stats" "$1"
}
OUT=$(mktemp -d)
defer "rm -rf $OUT"
XT=44444444-0000-4000-8000-000000000001

# ---- 1-2: no sink --------------------------------------------------------
# A TEID target: the T-PDUs go from 127.0.0.1:2152 to the sender's own
# socket, so no ICMP error (which an address target would match) follows.
ctl task add xid $XT delivery x2x3 target teid 0x4444
n0=$(stat drop_no_sink) p0=$(stat packets) s0=$(stat copies_signalling)
send -I -s 127.0.0.1 -p 40001 -n 3 -d 127.0.0.1 -P 5060
pretty lmisf "gtpu_send.py: 2 T-PDUs with TEID 0x4444"
ip netns exec "$lm" /usr/bin/python3 "$here/gtpu_send.py" 127.0.0.1 127.0.0.1 \
	tpdu,teid=0x4444,count=2
n1=$(stat drop_no_sink) p1=$(stat packets) s1=$(stat copies_signalling)
ktap_check "without a sink, target copies are counted DROP_NO_SINK" \
	check_eq "drop_no_sink growth, packets inspected >= 5" "2 1" \
	"$((n1 - n0)) $((p1 - p0 >= 5))"
ktap_check "without a sink, signalling is not matched even while a target arms the hooks" \
	check_eq "signalling copies" 0 "$((s1 - s0))"
ctl task flush

# ---- 3-4: NTF_DROPS --------------------------------------------------------
N=40
touch "$OUT/pause"
f=$OUT/ntf
sink_start "$lm" $f -r 1 -p "$OUT/pause"
d0=$(stat ntf_drops)
pretty lmisf "$N x lmisfctl task add (the sink does not read)"
for i in $(seq 1 $N); do
	ip netns exec "$lm" "$LMISFCTL" task add \
		xid "44444444-0000-4000-8000-$(printf %012d "$i")" \
		delivery x2 target ipv4 10.250.0.$i || echo "# task add $i failed"
done
d1=$(stat ntf_drops)
rm -f "$OUT/pause"
drops=$((d1 - d0))
busywait 20000 test "$(grep -c '^ntf task new' $f)" -ge $((N - drops))
sink_stop
ktap_check "events the sink cannot take are counted NTF_DROPS" [ "$drops" -ge 1 ]
ktap_check "events received + NTF_DROPS = events sent, exactly" \
	check_eq "received + dropped" $N "$(($(summary_of $f ntf) + $(stat_of $f ntf_drops) - d0))"
ctl task flush

ktap_finished
