#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh OUT KO [gtp|plain]: the inside of `make demo` (tools/demo.sh
# boots a VM with tools/vm/run and runs this in it, OUT shared read-write).
#
# Loads lmisf.ko, builds the topology of tools/demo/topology.sh, starts a
# capture in the lmisf namespace, the MDF (tools/lmisf-mdf, or when it is
# not built a plain TCP sink, so that X2/X3 can still be seen on the wire)
# and lmisfd, activates a task for the UE's IMPU with lmisfctl, runs the
# sipp call, waits for lmisfd to settle, and leaves in OUT:
#   wire.pcapng   dumpcap in lm ns: lm-ue (the UE's side) and lo (X2/X3)
#   mdf.pcap, mdf.jsonl   what lmisf-mdf wrote (when it exists)
#   lmisfd.log, lmisfctl-stats.txt, task.txt, call-ua[cs].log, gtp-*.log
#   ran.txt       one line per step: what ran and how it ended
# The host side (tools/demo/report.sh) decodes and prints it.
set -u
OUT=$1 ko=$2 mode=${3:-gtp}
here=$(cd "$(dirname "$0")" && pwd -P)
ROOT=$(cd "$here/../.." && pwd -P)
TMP=$(mktemp -d)
# shellcheck source=tools/demo/lib.sh
. "$here/lib.sh"
XID=5d2c1f0e-7a3b-4c69-9e18-0b4a6f2d8c31

ran() { echo "$*" | tee -a "$OUT/ran.txt"; }
lm() { ip netns exec "$LM" "$@"; }

: >"$OUT/ran.txt"
t0=$(date +%s)
deps=$(modinfo -F depends "$ko" | tr ',' ' ')
# shellcheck disable=SC2086
[ -z "$deps" ] || modprobe -a $deps
insmod "$ko" || { ran "insmod $ko: FAILED"; exit 1; }
ran "module: lmisf.ko loaded on $(uname -r)"
modprobe -q veth

if [ "$mode" = gtp ]; then
	topo_gtp demo || { ran "topology: FAILED"; exit 1; }
	ran "topology: ue ns (UE $UE_IP) =GTP-U (TEID up $TEID_UP, down $TEID_DOWN)= lm ns (router: lmisf.ko, lmisfd) = ims ns (P-CSCF $PCSCF_IP)"
else
	topo_plain demo || { ran "topology: FAILED"; exit 1; }
	ran "topology: ue ns (UE $UE_IP) = lm ns (router: lmisf.ko, lmisfd) = ims ns (P-CSCF $PCSCF_IP), plain IP"
fi
lm "$CTL" selector set port udp 5060 port tcp 5060

capture_start "$OUT/wire.pcapng" ||
	ran "dumpcap: did not start: $(cat "$TMP/dumpcap.log")"
if mdf_start sink; then
	ran "MDF: $MDF_KIND listening on 127.0.0.1:$MDF_PORT"
else
	ran "MDF: $MDF_KIND did not start: $(tail -3 "$OUT/mdf.log")"
fi

lmisfd_conf "$TMP/lmisfd.conf"
lm "$LMISFD" --config "$TMP/lmisfd.conf" --check >"$TMP/check" 2>&1 ||
	ran "lmisfd --check refused the demo's configuration: $(cat "$TMP/check")"
if lmisfd_start "$OUT/lmisfd.log"; then
	ran "lmisfd: running, bound to the module as its sink"
else
	ran "lmisfd: did not start: $(tail -3 "$OUT/lmisfd.log")"
fi

lm "$CTL" task add xid $XID delivery x2x3 target sip-uri \
	"sip:$IMPU_USER@$DOMAIN" did $DID
lm "$CTL" task show >"$OUT/task.txt" 2>&1
if waitfor 60 sh -c "[ \"\$(sed -n 's/.*stats:.* tasks_known=\([0-9]*\).*/\1/p' '$OUT/lmisfd.log' | tail -1)\" = 1 ]"; then
	ran "task: activated with lmisfctl (X2andX3, target sip-uri of the UE, DID of the MDF); lmisfd mirrors it"
else
	ran "task: activated with lmisfctl; lmisfd did not report it (tasks_known=$(stat_of "$OUT/lmisfd.log" tasks_known))"
fi

tc=$(date +%s)
call_start 2500 call || ran "sipp UAS: not listening"
call_wait call
ran "sipp: REGISTER/200, INVITE/100/180/200/ACK, RTP both ways (PCMA 20 ms, echoed), BYE/200 in $(($(date +%s) - tc)) s: UAC exit $(cat "$TMP/call.uac.rc"), UAS exit $(cat "$TMP/call.uas.rc")"

waitfor 60 settled "$OUT/lmisfd.log" || ran "lmisfd: counters still moving after 60 s"
lm "$CTL" stats >"$OUT/lmisfctl-stats.txt" 2>&1
lmisfd_stop
ran "lmisfd: SIGTERM, exit status $?"
lm "$CTL" task del xid $XID
mdf_stop
capture_stop
topo_down
cp "$TMP"/gtp-*.log "$OUT/" 2>/dev/null
rmmod lmisf
ran "guest: done in $(($(date +%s) - t0)) s"
rm -rf "$TMP"
