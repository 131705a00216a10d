#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo's callee (tools/demo/uas.xml) against its UE (uac.xml) on the
# host, no VM: sipp on loopback addresses, a UDP relay between them that
# holds the callee's answers back for a while, as a slow guest does. The
# end-to-end test (kernel.sh) needs a callee that rings and that survives
# the UE's INVITE retransmissions (T1 = 500 ms without a 100): sipp's UAS
# takes a retransmitted INVITE after its second <send> as an unexpected
# message and drops the call without a word, and the UE then waits for a
# 200 that never comes (a debug kernel CI round hung so). And sipp.sh's
# sipp_errors(), the failure text of these and kernel.sh's calls, on the
# traces a real call leaves.
#
#   tools/demo/tests/callee.sh       (make -C tools/demo check runs it)
set -u
here=$(cd "$(dirname "$0")" && pwd -P)
demo=$(cd "$here/.." && pwd -P)
# shellcheck source=tools/demo/tests/tap.sh
. "$here/tap.sh"
# shellcheck source=tools/demo/sipp.sh
. "$demo/sipp.sh"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "TAP version 13"
for c in sipp python3 timeout; do
	if ! command -v $c >/dev/null; then
		echo "1..0 # SKIP needs $c"
		exit 0
	fi
done
# ports of this run: make check's lanes and other users share loopback
base=$((20000 + $$ % 20000))
relay_port=$base uas_port=$((base + 1)) uac_port=$((base + 2))
head -c 1600 /dev/zero | tr '\0' '\325' >"$TMP/audio.pcma"

# relay.py DELAY: UE -> 127.0.0.1:relay_port -> callee; the callee's
# messages after its first (the REGISTER's 200) go back DELAY s late.
# Logs "time up|down start-line" per message as it reaches the relay, so
# in the order the callee sent and received them.
cat >"$TMP/relay.py" <<-'EOF'
	import socket, sys, threading, time
	delay, port, uas_port = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
	front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
	front.bind(("127.0.0.1", port))
	back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
	back.bind(("127.0.0.1", 0))
	ue, n, lock = [None], [0], threading.Lock()
	def log(way, d):
	    with lock:
	        print("%.3f %s %s" % (time.time(), way,
	              d.split(b"\r\n")[0].decode()), flush=True)
	def up():
	    while True:
	        d, ue[0] = front.recvfrom(65535)
	        log("up", d)
	        back.sendto(d, ("127.0.0.2", uas_port))
	threading.Thread(target=up, daemon=True).start()
	while True:
	    d = back.recvfrom(65535)[0]
	    log("down", d)
	    n[0] += 1
	    threading.Timer(delay if n[0] > 1 else 0, front.sendto,
	                    (d, ue[0])).start()
	EOF

# call NAME DELAY: one registration and call through the relay; both sipp
# exit statuses in TMP/NAME.rc, the relay's log in TMP/NAME.relay
call() {
	local name=$1 delay=$2 relay uas
	python3 "$TMP/relay.py" "$delay" $relay_port $uas_port \
		>"$TMP/$name.relay" 2>&1 &
	relay=$!
	(cd "$TMP" && exec timeout 60 sipp -sf "$demo/uas.xml" -i 127.0.0.2 \
		-p $uas_port -mp $((base + 10)) -m 1 -nostdin \
		-trace_err -error_file "$TMP/$name-uas.errors.log" \
		>"$TMP/$name-uas.log" 2>&1) &
	uas=$!
	sleep 1
	(cd "$TMP" && timeout 60 sipp -sf "$demo/uac.xml" -i 127.0.0.3 \
		-p $uac_port -mp $((base + 20)) -m 1 -nostdin -d 200 \
		-set impu_user +31612345678 -set domain ims.example.net \
		-set imei 35209900-176148-1 -set callee +31687654321 \
		-trace_err -error_file "$TMP/$name-uac.errors.log" \
		127.0.0.1:$relay_port >"$TMP/$name-uac.log" 2>&1)
	local uac_rc=$?
	wait $uas
	echo "$uac_rc $?" >"$TMP/$name.rc"
	kill $relay
	wait $relay 2>/dev/null
}
# completes NAME: why the call did not complete, nothing when it did
completes() {
	[ "$(cat "$TMP/$1.rc")" = "0 0" ] && return
	echo "sipp exit statuses (UE, callee): $(cat "$TMP/$1.rc")"
	sipp_errors "$TMP/$1" 3
	sed 's/^/relay: /' "$TMP/$1.relay"
}
# after NAME FIRST THEN: THEN passed the relay after FIRST (start lines)
after() {
	awk -v a="$2" -v b="$3" 'index($0, a) { seen = 1 }
		seen && index($0, b) { ok = 1 } END { exit !ok }' "$TMP/$1.relay"
}

echo "1..4"
call ring 0
why=$(completes ring)
[ -n "$why" ] || why=$(awk '/up INVITE/ && !i { i = $1 } / down SIP\/2.0 200/ && i {
	if ($1 - i < 2) print "the 200 followed the INVITE after " $1 - i " s"; exit }' \
	"$TMP/ring.relay")
result "the callee rings 2 s, then answers" "$why"

# the 100 and 180 reach the UE after its first retransmission (0.5 s)
call retrans-ringing 0.7
why=$(completes retrans-ringing)
after retrans-ringing "down SIP/2.0 180" "up INVITE" ||
	why="$why${why:+; }no INVITE retransmission while ringing"
[ "$(grep -c "down SIP/2.0 180" "$TMP/retrans-ringing.relay")" -ge 2 ] ||
	why="$why${why:+; }the callee did not ring again"
result "a retransmitted INVITE while ringing gets the 180 again" "$why"

# the UE retransmits at 0.5, 1.5 and 3.5 s, until the 100 reaches it at
# 5 s; the answer goes at 2.5 s (the first retransmission rang again)
call retrans-answered 5
why=$(completes retrans-answered)
after retrans-answered "down SIP/2.0 200" "up INVITE" ||
	why="$why${why:+; }no INVITE retransmission after the 200"
result "a retransmitted INVITE after the answer does not end the call" "$why"

# sipp_errors hides the callee's ring timer, as the ring call's trace has
# it, and nothing else: not the UE's, not a <send> that ran out of
# retransmissions (sipp's "timeout on max UDP retrans ... jumping to label")
ringline=$(sipp_entries "$TMP/ring-uas.errors.log" 2>/dev/null |
	grep ", receive timeout on message .*, jumping to label" | head -1)
if [ -z "$ringline" ]; then
	why="no ring timer entry in the callee's error trace"
else
	why=$(sipp_errors "$TMP/ring" 5 | grep -F -e "$ringline" |
		sed 's/^/shown: /')
	retrans=$(echo "$ringline" | sed 's/receive timeout on message [^,]*:\([0-9]*\)/timeout on max UDP retrans for message \1/; s/$/ /')
	# as sipp writes them: no newline between entries
	printf 'The following events occurred:\n%s' "$ringline" \
		>"$TMP/filter-uac.errors.log"
	printf 'The following events occurred:\n%s%s%s' "$ringline" \
		"$retrans" "$ringline" >"$TMP/filter-uas.errors.log"
	[ "$(sipp_errors "$TMP/filter" 5)" = "$(printf '%s\n%s' "$ringline" "$retrans")" ] ||
		why="$why${why:+; }sipp_errors printed: $(sipp_errors "$TMP/filter" 5)"
fi
result "sipp_errors hides the callee's ring timer and nothing else" "$why"
[ $failed = 0 ]
