#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The end-to-end test of `make demo`'s topology (tools/demo/topology.sh),
# in a VM (a VM lane runs it as <series>-demo-kernel):
#
#   ue ns (UE, sipp UAC) =GTP-U or plain= lm ns (lmisf.ko, lmisfd,
#   lmisf-mdf, dumpcap) = ims ns (P-CSCF, sipp UAS)
#
# Rounds: a call inside GTP-U with a sip-uri target, a plain call with a
# tel-uri target, a call inside GTP-U with an IPv4 (UE address) target, a
# task activated mid-call, lmisfd killed and restarted mid-call while
# lmisf-mdf is stopped for a while. tshark on a capture in lm ns is the
# oracle: the SIP and RTP it sees on the wire are compared, message for
# message, with what lmisfd and lmisf-mdf received, and every difference
# must be accounted for by a counter.
#
# Parts whose component is not there yet say so (SKIP with the reason);
# none is faked. TAP; exit 4 when the whole test cannot run.
#
#   tools/vm/run --kernel KVER -- tools/demo/tests/kernel.sh
# (KO: $LMISF_KO, else build/kmod/$(uname -r)/lmisf.ko; LMISF_E2E_KEEP=DIR
# keeps the rounds' captures and logs in DIR, a directory shared with the
# host: tools/vm/run --rw DIR)
#
# The lanes' watchdog for this test (tools/testing/guest-selftests.sh): it
# takes 7-13 min on the debug kernel under TCG, the selftests' 900 s is
# too close; a hang still ends in a failure.
# timeout=1800
set -u
here=$(cd "$(dirname "$0")" && pwd -P)
ROOT=$(cd "$here/../../.." && pwd -P)
TMP=$(mktemp -d)
OUT=$TMP
# shellcheck source=tools/demo/lib.sh
. "$ROOT/tools/demo/lib.sh"
ko=${LMISF_KO:-$ROOT/build/kmod/$(uname -r)/lmisf.ko}
report=$DEMO/report.py
# shellcheck source=tools/demo/tests/tap.sh
. "$here/tap.sh"
loaded=

echo "TAP version 13"
skip_all() {
	echo "1..0 # SKIP $*"
	rm -rf "$TMP"
	exit 4
}
[ "$(id -u)" = 0 ] || skip_all "needs root"
for f in "$LMISFD" "$CTL" "$GTPU"; do
	[ -x "$f" ] || skip_all "$f not built (make -C agent; make -C tools)"
done
for c in sipp dumpcap tshark socat python3; do
	command -v $c >/dev/null || skip_all "needs $c"
done

cleanup() {
	[ -z "$LMISFD_PID" ] || kill -KILL "$LMISFD_PID" 2>/dev/null
	[ -z "$MDF_PID" ] || kill -KILL "$MDF_PID" 2>/dev/null
	[ -z "$CAP_PID" ] || kill -TERM "$CAP_PID" 2>/dev/null
	[ -z "${UE-}" ] || topo_down
	if [ -n "$loaded" ] && ! rmmod lmisf; then
		echo "# rmmod lmisf failed"
	fi
	[ -z "${LMISF_E2E_KEEP-}" ] || cp -a "$TMP/." "$LMISF_E2E_KEEP/"
	rm -rf "$TMP"
}
trap cleanup EXIT

if [ ! -d /sys/module/lmisf ]; then
	[ -r "$ko" ] || skip_all "no module at $ko"
	deps=$(modinfo -F depends "$ko" | tr ',' ' ')
	# shellcheck disable=SC2086
	[ -z "$deps" ] || modprobe -a $deps
	insmod "$ko" || skip_all "insmod $ko failed"
	loaded=1
fi
modprobe -q veth
have_mdf=
[ -x "$MDF" ] && have_mdf=1
no_mdf="tools/lmisf-mdf is not built"

# wire_fields CAP: one tshark pass over the capture of lm ns (TCG makes
# every tshark start expensive): per packet of the call (not the MDF's
# connections), tab-separated: time, inner source, inner destination, SIP
# start line, RTP SSRC. Left in CAP.tsv.
wire_fields() {
	tshark -n -r "$1" -d udp.port==6000,rtp -d udp.port==7000,rtp \
		-Y "ip && !(tcp.port == $MDF_PORT)" -T fields -E occurrence=l \
		-e frame.time_epoch -e ip.src -e ip.dst -e sip.Request-Line \
		-e sip.Status-Line -e rtp.ssrc -e sip.Call-ID -e sip.CSeq \
		-e sip.Via.branch 2>/dev/null |
		awk -F'\t' -v OFS='\t' '{ sub(/\r$/, "", $4); sub(/\r$/, "", $5);
			print $1, $2, $3, $4 $5, $6, $7, $8, $9 }' >"$1.tsv"
}
# wire_sip_unique CAP [T]: like wire_sip (after T when given), but a
# retransmission (same start line, Call-ID, CSeq and Via branch) only once:
# the IMS layer recognises retransmissions and reports a message once.
wire_sip_unique() {
	awk -F'\t' -v t="${2:-0}" '$4 != "" && $1 > t &&
		!seen[$4 FS $6 FS $7 FS $8]++ { print $4 }' "$1.tsv"
}
# wire_sip CAP [T1 T2]: the SIP start lines on the UE's side, in order,
# leaving out those in (T1, T2]
wire_sip() {
	awk -F'\t' -v t1="${2:-0}" -v t2="${3:-0}" \
		'$4 != "" && !($1 > t1 && $1 <= t2) { print $4 }' "$1.tsv"
}
# wire_rtp CAP from|to: RTP packets from the UE or to it
wire_rtp() {
	awk -F'\t' -v d="$2" -v ue=$UE_IP '$5 != "" &&
		(d == "from") == ($2 == ue) { n++ } END { print n + 0 }' "$1.tsv"
}
# wire_ue_packets CAP: inner packets to or from the UE address
wire_ue_packets() {
	awk -F'\t' -v ue=$UE_IP '$2 == ue || $3 == ue { n++ } END { print n + 0 }' "$1.tsv"
}
kstat() { ip netns exec "$LM" "$CTL" -j stats | python3 -c \
	"import json,sys; print(json.load(sys.stdin).get('$1', ''))"; }

# round_start NAME MODE: topology, capture, MDF, lmisfd
round_start() {
	local name=$1 mode=$2
	rm -f "$TMP"/gtp-*.ready "$OUT/mdf.pcap" "$OUT/mdf.jsonl"
	if [ "$mode" = gtp ]; then topo_gtp "$name"; else topo_plain "$name"; fi ||
		return 1
	ip netns exec "$LM" "$CTL" selector set port udp 5060 port tcp 5060 &&
		capture_start "$TMP/$name.pcapng" || return 1
	if [ -n "$have_mdf" ]; then mdf_start || return 1; fi
	lmisfd_start "$TMP/$name.lmisfd.log"
}
round_end() {
	lmisfd_stop
	mdf_stop
	capture_stop
	topo_down
	UE=
	for f in mdf.pcap mdf.jsonl mdf.log; do
		[ ! -e "$OUT/$f" ] || mv "$OUT/$f" "$TMP/$1.$f"
	done
}
tasks_known_is() { [ "$(stat_of "$1" tasks_known)" = "$2" ]; }
# resent_all LOG: lmisfd spooled PDUs and has resent every one of them
resent_all() {
	local sp rs
	sp=$(stat_of "$1" x2x3_spooled) rs=$(stat_of "$1" x2x3_resent)
	[ "${sp:-0}" -gt 0 ] && [ "$sp" = "$rs" ]
}
# established LOG: lmisfd has seen REGISTER, INVITE, ACK and 200, 100, 180,
# 200, not counting retransmissions (a slow UE retransmits its INVITE, the
# callee then rings again): SIP messages less retransmissions, of one
# stats line
established() {
	[ "$(sed -n 's/.*stats:.* sip_udp=\([0-9]*\) .* retrans=\([0-9]*\) .*/\1 - \2/p' \
		"$1" | tail -1 | awk '{ print $1 - $3 }')" -ge 7 ] 2>/dev/null
}

# check_round NAME LOG: the assertions shared by the rounds
check_round() {
	local name=$1 log=$2 cap=$TMP/$1.pcapng why
	wire_fields "$cap"
	wire_sip_unique "$cap" >"$TMP/$name.wire-sip"
	# 9 messages, more when sipp retransmits (slow TCG guests do)
	why=
	w=$(wire_sip "$cap" | wc -l)
	[ "$w" -ge 9 ] || why="tshark saw $w SIP messages, at least 9 expected"
	[ "$(stat_of "$log" sip_udp)" = "$w" ] ||
		why="$why; tshark saw $w, lmisfd sip_udp=$(stat_of "$log" sip_udp)"
	result "$name: every SIP message on the wire reached lmisfd" "$why"
	why=
	[ "$(stat_of "$log" seq_lost)" = 0 ] || why="seq_lost=$(stat_of "$log" seq_lost)"
	[ "$(stat_of "$log" delivered)" = "$(stat_of "$log" rx_copies)" ] ||
		why="$why delivered=$(stat_of "$log" delivered) rx_copies=$(stat_of "$log" rx_copies)"
	result "$name: no copy lost between the module and lmisfd" "$why"
	if [ -z "$have_mdf" ]; then
		skip "$name: X2 at lmisf-mdf match the SIP on the wire, message for message" "$no_mdf"
		skip "$name: X3 at lmisf-mdf match the RTP on the wire, per direction" "$no_mdf"
		return
	fi
	python3 "$report" --sip-lines "$TMP/$name.x2-sip" "$TMP/$name.mdf.pcap" \
		$MDF_PORT $UE_IP >"$TMP/$name.x3" 2>&1
	why=$(diff "$TMP/$name.wire-sip" "$TMP/$name.x2-sip")
	result "$name: X2 at lmisf-mdf match the SIP on the wire, message for message" "$why"
	why=
	local from to
	from=$(wire_rtp "$cap" from) to=$(wire_rtp "$cap" to)
	grep -q "X3 PDUs from the UE pf=[^:]*: $from\$" "$TMP/$name.x3" ||
		why="wire: $from RTP packets from the UE"
	grep -q "X3 PDUs to the UE pf=[^:]*: $to\$" "$TMP/$name.x3" ||
		why="$why; wire: $to RTP packets to the UE"
	grep -q "malformed or with expert info: 0" "$TMP/$name.x3" ||
		why="$why; tshark flags malformed PDUs"
	[ -z "$why" ] || why="$why
$(cat "$TMP/$name.x3")"
	result "$name: X3 at lmisf-mdf match the RTP on the wire, per direction" "$why"
}

# call_round NAME MODE TARGET...: a whole call with a task active from
# the start
call_round() {
	local name=$1 mode=$2 xid
	shift 2
	xid=$(cat /proc/sys/kernel/random/uuid)
	if ! round_start "$name" "$mode"; then
		result "$name: topology, capture, MDF and lmisfd start" "failed"
		round_end "$name"
		return 1
	fi
	ip netns exec "$LM" "$CTL" task add xid "$xid" delivery x2x3 \
		"$@" did $DID
	waitfor 60 tasks_known_is "$TMP/$name.lmisfd.log" 1
	call_start 2500 "$name"
	local why=
	call_wait "$name" || why="sipp: $(sipp_why "$name")"
	result "$name: the sipp call completes (REGISTER, INVITE, RTP, BYE)" "$why"
	waitfor 60 settled "$TMP/$name.lmisfd.log"
	ip netns exec "$LM" "$CTL" -j stats >"$TMP/$name.kstats"
	round_end "$name"
	check_round "$name" "$TMP/$name.lmisfd.log"
}

echo "1..25"
call_round gtp-sip-uri gtp target sip-uri "sip:$IMPU_USER@$DOMAIN"
call_round plain-tel-uri plain target tel-uri "tel:$IMPU_USER"
call_round gtp-ipv4 gtp target ipv4 $UE_IP
# the kernel matches the UE address inside GTP-U: one copy per packet
why=
w=$(wire_ue_packets "$TMP/gtp-ipv4.pcapng")
c=$(python3 -c "import json; print(json.load(open('$TMP/gtp-ipv4.kstats'))['copies'])")
[ "$w" = "$c" ] || why="tshark: $w packets of the UE on the wire, module copies=$c"
result "gtp-ipv4: the module copied each packet of the UE once (tshark count)" "$why"

# ---- activation mid-call -----------------------------------------------------
name=midcall
if round_start $name gtp; then
	log=$TMP/$name.lmisfd.log
	call_start 15000 $name
	waitfor 120 established "$log"
	t_act=$(date +%s.%N)
	ip netns exec "$LM" "$CTL" task add xid "$(cat /proc/sys/kernel/random/uuid)" \
		delivery x2x3 target sip-uri "sip:$IMPU_USER@$DOMAIN" did $DID
	why=
	call_wait $name || why="sipp: $(sipp_why "$name")"
	result "$name: the call completes" "$why"
	waitfor 60 settled "$log"
	round_end $name
	why=
	wire_fields "$TMP/$name.pcapng"
	wire_sip_unique "$TMP/$name.pcapng" "$t_act" >"$TMP/$name.after"
	[ "$(wc -l <"$TMP/$name.after")" = 2 ] ||
		why="tshark: $(wc -l <"$TMP/$name.after") SIP messages after the activation, expected BYE and 200"
	result "$name: the task was activated while the dialog was established" "$why"
	if [ -z "$have_mdf" ]; then
		skip "$name: StartOfInterceptionForActiveIMSSession, then the SIP after the activation" "$no_mdf"
	else
		python3 "$report" --sip-lines "$TMP/$name.x2-sip" \
			"$TMP/$name.mdf.pcap" $MDF_PORT $UE_IP >/dev/null 2>&1
		{ echo startOfInterceptionForActiveIMSSession; cat "$TMP/$name.after"; } >"$TMP/$name.expect"
		why=$(diff "$TMP/$name.expect" "$TMP/$name.x2-sip")
		result "$name: StartOfInterceptionForActiveIMSSession, then the SIP after the activation" "$why"
	fi
else
	result "$name: topology, capture, MDF and lmisfd start" "failed"
	round_end $name
	skip "$name: the task was activated while the dialog was established" "setup failed"
	skip "$name: StartOfInterceptionForActiveIMSSession, then the SIP after the activation" "setup failed"
fi

# ---- lmisfd killed and restarted mid-call, lmisf-mdf stopped a while ---------
name=restart
if round_start $name gtp; then
	log1=$TMP/$name.lmisfd.log log2=$TMP/$name.lmisfd2.log
	ip netns exec "$LM" "$CTL" task add xid "$(cat /proc/sys/kernel/random/uuid)" \
		delivery x2x3 target sip-uri "sip:$IMPU_USER@$DOMAIN" did $DID
	waitfor 60 tasks_known_is "$log1" 1
	# long enough that the BYE comes after the new lmisfd has bound (TCG:
	# the kill, the restart and its task dump take tens of seconds);
	# signalling passing while no sink is bound is not copied nor counted
	call_start 60000 $name
	waitfor 120 established "$log1"
	# a quiet moment of signalling: lmisfd's last stats line is exact
	waitfor 60 settled "$log1"
	# lmisf-mdf stays down until the call has ended: the BYE and its 200
	# must be spooled, then resent
	if [ -n "$have_mdf" ]; then
		mdf_stop
		mv "$OUT/mdf.pcap" "$TMP/$name.mdf1.pcap"
	fi
	kill -KILL "$LMISFD_PID"
	wait "$LMISFD_PID" 2>/dev/null
	LMISFD_PID=
	why=
	lmisfd_start "$log2" || why="lmisfd did not start again"
	waitfor 60 tasks_known_is "$log2" 1 || why="$why; the task is not mirrored after the restart (tasks_known=$(stat_of "$log2" tasks_known))"
	result "$name: lmisfd killed mid-call binds again and mirrors the task" "$why"
	why=
	call_wait $name || why="sipp: $(sipp_why "$name")"
	result "$name: the call completes" "$why"
	if [ -n "$have_mdf" ]; then
		waitfor 60 settled "$log2"
		mdf_start
		# settled alone can hold before lmisfd has reconnected (its
		# backoff reaches 1 s, a stats line): the round would end, and
		# lmisf-mdf stop, before the resent PDUs were written
		waitfor 60 resent_all "$log2"
	fi
	waitfor 60 settled "$log2"
	ip netns exec "$LM" "$CTL" -j stats >"$TMP/$name.kstats"
	round_end $name
	# The module's accounting: every copy delivered or counted as dropped.
	why=$(python3 - "$TMP/$name.kstats" <<-'PY'
	import json, sys
	s = json.load(open(sys.argv[1]))
	drops = sum(s[k] for k in s if k.startswith('drop_'))
	if s['copies'] != s['delivered'] + drops:
	    print('copies=%d delivered=%d drops=%d' % (s['copies'], s['delivered'], drops))
	PY
	)
	result "$name: the module accounts for every copy (delivered or a drop counter)" "$why"
	why=
	d=$(python3 -c "import json; print(json.load(open('$TMP/$name.kstats'))['delivered'])")
	r=$(($(stat_of "$log1" rx_copies) + $(stat_of "$log2" rx_copies)))
	[ "$d" = "$r" ] || why="module delivered=$d, lmisfd's two lives received $r"
	result "$name: every delivered copy was received by one of lmisfd's lives" "$why"
	# Accounting by counters, not by time windows (the moment of the
	# rebind is only known to the module): each SIP message on the wire
	# reached one of lmisfd's lives or is counted as a copy the module
	# could not deliver (no sink bound, unbind).
	why=
	wire_fields "$TMP/$name.pcapng"
	wire_sip "$TMP/$name.pcapng" >"$TMP/$name.wire-sip"
	w=$(wc -l <"$TMP/$name.wire-sip")
	s12=$(($(stat_of "$log1" sip_udp) + $(stat_of "$log2" sip_udp)))
	drops=$(python3 -c "import json; s=json.load(open('$TMP/$name.kstats')); print(s['drop_no_sink'] + s['drop_unbind'])")
	[ "$s12" -le "$w" ] && [ $((w - s12)) -le "$drops" ] ||
		why="tshark: $w SIP messages; lmisfd's lives: $s12; module drop_no_sink+drop_unbind=$drops"
	result "$name: every SIP message reached one of lmisfd's lives or is counted as dropped" "$why"
	if [ -z "$have_mdf" ]; then
		skip "$name: X2 at lmisf-mdf + counted losses = SIP on the wire; spooled PDUs resent" "$no_mdf"
	else
		for f in mdf1 mdf; do
			python3 "$report" --sip-lines "$TMP/$name.$f.x2-sip" \
				"$TMP/$name.$f.pcap" $MDF_PORT $UE_IP >/dev/null 2>&1
			cat "$TMP/$name.$f.x2-sip"
		done >"$TMP/$name.x2-sip"
		# in the wire's order, missing only what lmisfd never received
		# and the retransmissions it recognised (reported once)
		rt=$(($(stat_of "$log1" retrans) + $(stat_of "$log2" retrans)))
		why=$(python3 - "$TMP/$name.wire-sip" "$TMP/$name.x2-sip" "$((s12 - rt))" <<-'PY'
		import sys
		wire = open(sys.argv[1]).read().splitlines()
		x2 = open(sys.argv[2]).read().splitlines()
		it = iter(wire)
		if not all(any(x == w for w in it) for x in x2):
		    print('X2 is not the wire SIP in order minus losses:', x2)
		elif len(x2) != int(sys.argv[3]):
		    print('%d X2 PDUs, lmisfd received %s SIP messages that were not retransmissions' % (len(x2), sys.argv[3]))
		PY
		)
		sp=$(stat_of "$log2" x2x3_spooled) rs=$(stat_of "$log2" x2x3_resent)
		if [ -z "$sp" ] || [ -z "$rs" ]; then
			why="$why; lmisfd's stats line has no x2x3_spooled/x2x3_resent"
		else
			[ "$sp" -gt 0 ] || why="$why; nothing was spooled while lmisf-mdf was down"
			[ "$sp" = "$rs" ] || why="$why; spooled=$sp resent=$rs"
		fi
		result "$name: X2 at lmisf-mdf + counted losses = SIP on the wire; spooled PDUs resent" "$why"
	fi
else
	result "$name: topology, capture, MDF and lmisfd start" "failed"
	round_end $name
fi

[ $failed = 0 ]
