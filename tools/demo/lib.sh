# SPDX-License-Identifier: GPL-2.0
#
# lib.sh: what `make demo` (tools/demo/guest.sh) and its end-to-end test
# (tools/demo/tests/kernel.sh) share, sourced after setting
#   ROOT  the source tree      TMP  a scratch directory
#   OUT   where results go (pcaps, logs)
# Runs in the guest; the topology is tools/demo/topology.sh's.

DEMO=$ROOT/tools/demo
CTL=$ROOT/tools/lmisfctl/build/release/lmisfctl
LMISFD=$ROOT/agent/build/release/lmisfd
MDF=$ROOT/tools/lmisf-mdf/build/release/lmisf-mdf
GTPU=$DEMO/build/release/lmisf-gtpu
TOPO_TMP=$TMP
# shellcheck source=tools/demo/topology.sh
. "$DEMO/topology.sh"
# shellcheck source=tools/demo/sipp.sh
. "$DEMO/sipp.sh"

DID=7f1d1a52-93a4-4bb7-8c3e-0e2f7d9a4b11
MDF_PORT=40000
IMPU_USER=+31612345678
DOMAIN=ims.example.net
CAP_PID= MDF_PID= LMISFD_PID= UAS_PID=

# stat_of LOG NAME: the last value of NAME in lmisfd's stats lines in LOG
stat_of() {
	sed -n "s/.*stats:.* $2=\([0-9]*\).*/\1/p" "$1" 2>/dev/null | tail -1
}

# capture_start FILE: dumpcap in lm ns on the UE's side (lm-ue) and on lo
# (the MDF's connections); returns once it captures.
capture_start() {
	ip netns exec "$LM" dumpcap -q -i lm-ue -i lo -w "$1" \
		2>"$TMP/dumpcap.log" &
	CAP_PID=$!
	waitfor 120 grep -q "Capturing on" "$TMP/dumpcap.log"
}
capture_stop() {
	[ -z "$CAP_PID" ] || { kill -TERM "$CAP_PID"; wait "$CAP_PID"; }
	CAP_PID=
}

# mdf_start: lmisf-mdf on 127.0.0.1:MDF_PORT in lm ns writing OUT/mdf.pcap
# and OUT/mdf.jsonl, or (when it is not built and $1 is "sink") a plain
# TCP sink that discards, so that X2/X3 still reaches the wire. Sets
# MDF_KIND. Fails when nothing listens.
mdf_start() {
	if [ -x "$MDF" ]; then
		ip netns exec "$LM" "$MDF" --x2 127.0.0.1:$MDF_PORT \
			--pcap "$OUT/mdf.pcap" --json "$OUT/mdf.jsonl" \
			--payload-hex >"$OUT/mdf.log" 2>&1 &
		MDF_KIND=lmisf-mdf
	elif [ "${1-}" = sink ]; then
		ip netns exec "$LM" socat -u \
			TCP-LISTEN:$MDF_PORT,bind=127.0.0.1,reuseaddr,fork \
			OPEN:/dev/null >"$OUT/mdf.log" 2>&1 &
		MDF_KIND="plain TCP sink (socat; tools/lmisf-mdf is not built)"
	else
		return 1
	fi
	MDF_PID=$!
	waitfor 60 sh -c "ip netns exec $LM ss -Htln | grep -q 127.0.0.1:$MDF_PORT"
}
mdf_stop() {
	[ -z "$MDF_PID" ] || { kill -TERM "$MDF_PID"; wait "$MDF_PID"; }
	MDF_PID=
}

# lmisfd_conf FILE: the configuration the demo and the test run with
lmisfd_conf() {
	mkdir -p "$TMP/spool"
	cat >"$1" <<-CONF
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
	dir = $TMP/spool
	[log]
	level = info
	stats_interval_s = 1
	CONF
}

# lmisfd_start LOG: lmisfd in lm ns; returns once it runs (bound).
# It runs with a real-time priority (SCHED_FIFO), as a deployment gives
# it: the flows of a session must be installed between its INVITE and
# its first RTP (tens of ms when the UE is this close), and at normal
# priority the guest's other processes (sipp, dumpcap, the test's own
# loops) delayed it past that (Documentation/demo.rst).
lmisfd_start() {
	[ -e "$TMP/lmisfd.conf" ] || lmisfd_conf "$TMP/lmisfd.conf"
	ip netns exec "$LM" chrt -f 10 "$LMISFD" --config "$TMP/lmisfd.conf" \
		>/dev/null 2>"$1" </dev/null &
	LMISFD_PID=$!
	waitfor 120 grep -q "lmisfd: info: running" "$1"
}
# lmisfd_stop [SIGNAL]: returns lmisfd's exit status
lmisfd_stop() {
	local rc
	kill -"${1:-TERM}" "$LMISFD_PID"
	wait "$LMISFD_PID"
	rc=$?
	LMISFD_PID=
	return $rc
}

# settled LOG: lmisfd has read every copy the module delivered and its
# record and delivery counts did not move between its last two stats lines.
settled() {
	local l1 l2 f v1 v2
	[ "$(grep -c 'stats:' "$1")" -ge 2 ] || return 1
	l1=$(grep 'stats:' "$1" | tail -2 | head -1)
	l2=$(grep 'stats:' "$1" | tail -1)
	for f in rx_copies records_x2 records_x3 delivered_x2 delivered_x3 \
		x2x3_sent x2x3_spooled x2x3_resent; do
		v1=$(echo "$l1" | sed -n "s/.* $f=\([0-9]*\).*/\1/p")
		v2=$(echo "$l2" | sed -n "s/.* $f=\([0-9]*\).*/\1/p")
		[ "$v1" = "$v2" ] || return 1
	done
	v1=$(echo "$l2" | sed -n 's/.* delivered=\([0-9]*\) .*/\1/p')
	v2=$(echo "$l2" | sed -n 's/.* rx_copies=\([0-9]*\) .*/\1/p')
	[ "$v1" = "$v2" ]
}

# call_start MS NAME: the IMS side (sipp UAS, echoing RTP) listening, then
# the UE's registration and call (sipp UAC) in the background, the call
# lasting MS after the answer. Logs OUT/NAME-ua[cs].log; sipp's own
# message and error traces TMP/NAME-ua[cs].{messages,errors}.log.
call_start() {
	local ms=$1 name=$2
	[ -e "$TMP/audio.pcma" ] ||
		head -c 8000 /dev/zero | tr '\0' '\325' >"$TMP/audio.pcma"
	rm -f "$TMP/$name.uas.rc" "$TMP/$name.uac.rc"
	(cd "$TMP" && ip netns exec "$IMS" timeout 300 sipp -sf "$DEMO/uas.xml" \
		-i $PCSCF_IP -p 5060 -mi $PCSCF_IP -mp 7000 -rtp_echo -m 1 \
		-nostdin -trace_msg -message_file "$TMP/$name-uas.messages.log" \
		-trace_err -error_file "$TMP/$name-uas.errors.log" \
		>"$OUT/$name-uas.log" 2>&1
	 echo $? >"$TMP/$name.uas.rc") &
	waitfor 60 sh -c "ip netns exec $IMS ss -Huln | grep -q $PCSCF_IP:5060" ||
		return 1
	(cd "$TMP" && ip netns exec "$UE" timeout 300 sipp -sf "$DEMO/uac.xml" \
		-i $UE_IP -p 5060 -mi $UE_IP -mp 6000 -m 1 -nostdin -d "$ms" \
		-trace_msg -message_file "$TMP/$name-uac.messages.log" \
		-trace_err -error_file "$TMP/$name-uac.errors.log" \
		-set impu_user "$IMPU_USER" -set domain $DOMAIN \
		-set imei 35209900-176148-1 -set callee +31687654321 \
		$PCSCF_IP:5060 >"$OUT/$name-uac.log" 2>&1
	 echo $? >"$TMP/$name.uac.rc") &
}
# sipp_why NAME: why a call failed, from the UAC's screen and both sides'
# error traces
sipp_why() {
	tail -5 "$OUT/$1-uac.log"
	sipp_errors "$TMP/$1" 5
}
# call_wait NAME: both sides ended; true when both exited 0
call_wait() {
	waitfor 300 test -s "$TMP/$1.uac.rc" -a -s "$TMP/$1.uas.rc" || return 1
	[ "$(cat "$TMP/$1.uac.rc")" = 0 ] && [ "$(cat "$TMP/$1.uas.rc")" = 0 ]
}
