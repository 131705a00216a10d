#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# report.sh OUT: prints what tools/demo/guest.sh left in OUT: the steps
# that ran, the call as tshark saw it on the wire, what the MDF received on
# X2/X3 (decoded by tshark, tools/demo/report.py) and the counters of the
# module, lmisfd, the MDF and the GTP-U endpoints. Says what is missing
# rather than printing anything it did not observe.
set -u
out=$1
here=$(cd "$(dirname "$0")" && pwd -P)
port=40000 ue=10.45.0.7

section() { printf '\n--- %s\n' "$*"; }
# stat NAME: the last value of NAME in lmisfd's stats lines
stat() { sed -n "s/.*stats:.* $1=\([0-9]*\).*/\1/p" "$out/lmisfd.log" 2>/dev/null | tail -1; }

section "what ran (in the VM)"
sed 's/^/  /' "$out/ran.txt" 2>/dev/null || echo "  nothing: the VM did not start the demo"

section "the call on the wire: lm ns, the UE's side (tshark on wire.pcapng)"
if [ -s "$out/wire.pcapng" ]; then
	# the inner addresses (last occurrence) of SIP and RTP in GTP-U
	tshark -n -r "$out/wire.pcapng" -Y "sip && !(tcp.port == $port)" \
		-T fields -E occurrence=l -e gtp.teid -e ip.src -e ip.dst \
		-e sip.Method -e sip.Status-Code 2>/dev/null |
		awk -F'\t' '{ printf "  GTP-U TEID %-10s %s -> %-10s %s%s\n",
		       $1 == "" ? "(none)" : $1, $2, $3, $4,
		       $5 == "" ? "" : "        " $5 }'
	tshark -n -r "$out/wire.pcapng" -d udp.port==6000,rtp -d udp.port==7000,rtp \
		-Y 'rtp' -T fields -E occurrence=l -e ip.src 2>/dev/null |
		awk -v ue=$ue '{ n[$1 == ue ? "from the UE" : "to the UE"]++ }
		END { for (d in n) printf "  RTP %s: %d packets\n", d, n[d] }'
else
	echo "  no capture"
fi

section "what the LEA side got: X2 (xIRI) and X3 (xCC), decoded by tshark"
if [ -s "$out/mdf.pcap" ]; then
	echo "  source: mdf.pcap written by lmisf-mdf"
	src=$out/mdf.pcap
else
	echo "  source: wire.pcapng, TCP port $port on lm ns's lo (lmisf-mdf is not built:"
	echo "  a plain TCP sink accepted the connection)"
	src=$out/wire.pcapng
fi
if [ -s "$src" ]; then
	python3 "$here/report.py" "$src" $port $ue
	case $? in
	1) echo "  no X2/X3 PDU reached the MDF"
	   echo "  lmisfd made records_x2=$(stat records_x2) records_x3=$(stat records_x3)," \
		"matched packets_matched=$(stat packets_matched)" ;;
	2) echo "  tshark failed on $src" ;;
	esac
else
	echo "  nothing captured"
fi
if [ -s "$out/mdf.jsonl" ]; then
	echo "  lmisf-mdf's JSON lines: $(wc -l <"$out/mdf.jsonl")"
fi
[ -s "$out/mdf.log" ] && sed 's/^/  /' "$out/mdf.log" | tail -5
grep -q 'misrouted=[1-9]' "$out/mdf.log" 2>/dev/null &&
	echo "  (misrouted: X3 PDUs on lmisf-mdf's X2 listener; the demo's one DID carries both)"

section "counters"
echo "  module (lmisfctl stats, before lmisfd stopped):"
sed 's/^/    /' "$out/lmisfctl-stats.txt" 2>/dev/null | paste -d' ' - - - - | column -t | sed 's/^/    /'
echo "  lmisfd (its last stats line, non-zero fields):"
grep 'stats:' "$out/lmisfd.log" 2>/dev/null | tail -1 | sed 's/.*stats: //' |
	tr ' ' '\n' | grep -v '=0$' | paste -d' ' - - - - - - | sed 's/^/    /'
echo "  GTP-U endpoints:"
cat "$out"/gtp-*.log 2>/dev/null | sed 's/^/    /'
