#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh OUT KO [gtp|plain]: the inside of `make demo` (tools/demo.sh
# boots a VM with tools/vm/run and runs this in it, OUT shared read-write).
#
# Loads lmisf.ko, builds the topology of tools/demo/topology.sh, starts the
# MDF (tools/lmisf-mdf, or when it is not built a plain TCP sink, so that
# X2/X3 can still be captured on the wire), lmisfd and a capture in the
# lmisf namespace, activates a task for the UE's IMPU with lmisfctl, runs
# the sipp call, waits for lmisfd to settle, and leaves in OUT:
#   wire.pcapng   dumpcap in lm ns: lm-ue (the UE's side, GTP-U) and lo (X2/X3)
#   mdf.pcap, mdf.jsonl   what lmisf-mdf wrote (when it exists)
#   lmisfd.log, lmisfctl-stats.txt, task.txt, sipp-*.log, gtp-*.log
#   ran.txt       one line per step: what ran and how it ended
# The host side (tools/demo.sh) decodes and prints all of it.
set -u
out=$1 ko=$2 mode=${3:-gtp}
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
ctl=$root/tools/lmisfctl/build/release/lmisfctl
lmisfd=$root/agent/build/release/lmisfd
mdf=$root/tools/lmisf-mdf/build/release/lmisf-mdf
GTPU=$root/tools/demo/build/release/lmisf-gtpu
TOPO_TMP=$(mktemp -d)
tmp=$TOPO_TMP
# shellcheck source=tools/demo/topology.sh
. "$here/topology.sh"

XID=5d2c1f0e-7a3b-4c69-9e18-0b4a6f2d8c31
DID=7f1d1a52-93a4-4bb7-8c3e-0e2f7d9a4b11
MDF_PORT=40000
IMPU_USER=+31612345678
DOMAIN=ims.example.net
lmisfd_pid= mdf_pid= cap_pid=

ran() { echo "$*" | tee -a "$out/ran.txt"; }
lm() { ip netns exec "$LM" "$@"; }
stat() { sed -n "s/.*stats:.* $1=\([0-9]*\).*/\1/p" "$out/lmisfd.log" | tail -1; }

: >"$out/ran.txt"
t0=$(date +%s)
deps=$(modinfo -F depends "$ko" | tr ',' ' ')
# shellcheck disable=SC2086
[ -z "$deps" ] || modprobe -a $deps
insmod "$ko" || { ran "insmod $ko: FAILED"; exit 1; }
ran "module: lmisf.ko loaded on $(uname -r)"
modprobe -q veth

if [ "$mode" = gtp ]; then
	topo_gtp demo || { ran "topology: FAILED"; exit 1; }
	ran "topology: ue ns (UE $UE_IP) =GTP-U TEID up $TEID_UP/down $TEID_DOWN= lm ns (router, lmisf.ko, lmisfd) = ims ns (P-CSCF $PCSCF_IP)"
else
	topo_plain demo || { ran "topology: FAILED"; exit 1; }
	ran "topology: ue ns (UE $UE_IP) = lm ns (router, lmisf.ko, lmisfd) = ims ns (P-CSCF $PCSCF_IP), plain IP"
fi
lm "$ctl" selector set port udp 5060 port tcp 5060

# The capture: the UE's side of the router and the MDF's connections.
ip netns exec "$LM" dumpcap -q -i lm-ue -i lo -w "$out/wire.pcapng" 2>"$tmp/dumpcap.log" &
cap_pid=$!
waitfor 120 grep -q "Capturing on" "$tmp/dumpcap.log" ||
	ran "dumpcap: did not start: $(cat "$tmp/dumpcap.log")"

if [ -x "$mdf" ]; then
	ip netns exec "$LM" "$mdf" --x2x3 127.0.0.1:$MDF_PORT --pcap "$out/mdf.pcap" \
		--jsonl "$out/mdf.jsonl" >"$out/mdf.log" 2>&1 &
	mdf_pid=$!
	mdf_kind="lmisf-mdf"
else
	# Not a mediation function: it accepts and discards, so that X2/X3
	# reaches the wire, where dumpcap sees it.
	ip netns exec "$LM" socat -u TCP-LISTEN:$MDF_PORT,bind=127.0.0.1,reuseaddr,fork \
		OPEN:/dev/null >"$out/mdf.log" 2>&1 &
	mdf_pid=$!
	mdf_kind="plain TCP sink (socat; tools/lmisf-mdf is not built)"
fi
if waitfor 60 sh -c "ip netns exec $LM ss -Htln | grep -q 127.0.0.1:$MDF_PORT"; then
	ran "MDF: $mdf_kind listening on 127.0.0.1:$MDF_PORT"
else
	ran "MDF: $mdf_kind did not start: $(cat "$out/mdf.log")"
fi

cat >"$tmp/lmisfd.conf" <<CONF
[sink]
qthreshold = 8
flush_ms = 5
[ims]
flow_grace_ms = 500
[delivery]
keepalive_interval_s = 5
reconnect_min_ms = 100
reconnect_max_ms = 1000
[destination $DID]
address = 127.0.0.1
port = $MDF_PORT
[spool]
dir = $tmp/spool
[log]
level = info
stats_interval_s = 1
CONF
mkdir -p "$tmp/spool"
if ! lm "$lmisfd" --config "$tmp/lmisfd.conf" --check >"$tmp/check" 2>&1; then
	ran "lmisfd --check refused the demo's configuration: $(cat "$tmp/check")"
fi
ip netns exec "$LM" "$lmisfd" --config "$tmp/lmisfd.conf" >"$out/lmisfd.out" \
	2>"$out/lmisfd.log" </dev/null &
lmisfd_pid=$!
if waitfor 120 grep -q "lmisfd: info: running" "$out/lmisfd.log"; then
	ran "lmisfd: running, bound to the module as its sink"
else
	ran "lmisfd: did not start: $(tail -3 "$out/lmisfd.log")"
fi

lm "$ctl" task add xid $XID delivery x2x3 target sip-uri \
	"sip:$IMPU_USER@$DOMAIN" did $DID
lm "$ctl" task show >"$out/task.txt" 2>&1
if waitfor 60 sh -c "[ \"\$(sed -n 's/.*stats:.* tasks_known=\([0-9]*\).*/\1/p' '$out/lmisfd.log' | tail -1)\" = 1 ]"; then
	ran "task: activated with lmisfctl (X2andX3, target sip-uri of the UE, DID of the MDF); lmisfd mirrors it"
else
	ran "task: activated with lmisfctl; lmisfd did not report it (tasks_known=$(stat tasks_known))"
fi

# The call. Media: 1 s of A-law from the UE, echoed by the callee.
head -c 8000 /dev/zero | tr '\0' '\325' >"$tmp/audio.pcma"
(cd "$tmp" && ip netns exec "$IMS" timeout 120 sipp -sf "$here/uas.xml" \
	-i $PCSCF_IP -p 5060 -mi $PCSCF_IP -mp 7000 -rtp_echo -m 1 \
	-nostdin -trace_err -error_file "$out/sipp-uas-errors.log" \
	>"$out/sipp-uas.log" 2>&1; echo $? >"$tmp/uas.rc") &
waitfor 60 sh -c "ip netns exec $IMS ss -Huln | grep -q $PCSCF_IP:5060" ||
	ran "sipp UAS: not listening"
tc=$(date +%s)
(cd "$tmp" && ip netns exec "$UE" timeout 120 sipp -sf "$here/uac.xml" \
	-i $UE_IP -p 5060 -mi $UE_IP -mp 6000 -m 1 -nostdin \
	-set impu_user "$IMPU_USER" -set domain $DOMAIN \
	-set imei 35209900-176148-1 -set callee +31687654321 \
	-trace_err -error_file "$out/sipp-uac-errors.log" \
	$PCSCF_IP:5060 >"$out/sipp-uac.log" 2>&1)
uac_rc=$?
waitfor 120 test -s "$tmp/uas.rc"
ran "sipp: REGISTER/200, INVITE/100/180/200/ACK, RTP both ways, BYE/200 in $(($(date +%s) - tc)) s: UAC exit $uac_rc, UAS exit $(cat "$tmp/uas.rc" 2>/dev/null)"

# Settled: every copy the module delivered was read, and two consecutive
# stats lines show the same record and delivery counts.
settled() {
	local l1 l2 f v1 v2
	l1=$(grep 'stats:' "$out/lmisfd.log" | tail -2 | head -1)
	l2=$(grep 'stats:' "$out/lmisfd.log" | tail -1)
	[ -n "$l1" ] && [ "$l1" != "$l2" ] || return 1
	for f in rx_copies records_x2 records_x3 delivered_x2 delivered_x3; do
		v1=$(echo "$l1" | sed -n "s/.* $f=\([0-9]*\).*/\1/p")
		v2=$(echo "$l2" | sed -n "s/.* $f=\([0-9]*\).*/\1/p")
		[ "$v1" = "$v2" ] || return 1
	done
	v1=$(echo "$l2" | sed -n 's/.* delivered=\([0-9]*\).*/\1/p')
	v2=$(echo "$l2" | sed -n 's/.* rx_copies=\([0-9]*\).*/\1/p')
	[ "$v1" = "$v2" ]
}
waitfor 60 settled || ran "lmisfd: counters still moving after 60 s"

lm "$ctl" stats >"$out/lmisfctl-stats.txt" 2>&1
kill -TERM "$lmisfd_pid"
wait "$lmisfd_pid"
ran "lmisfd: SIGTERM, exit status $?"
lm "$ctl" task del xid $XID
kill -TERM "$mdf_pid" 2>/dev/null
wait "$mdf_pid" 2>/dev/null
# dumpcap: let it write what it has, then stop
kill -TERM "$cap_pid"
wait "$cap_pid"
topo_down
cp "$tmp"/gtp-*.log "$out/" 2>/dev/null
rmmod lmisf
ran "guest: done in $(($(date +%s) - t0)) s"
rm -rf "$tmp"
