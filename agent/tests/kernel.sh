#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lmisfd against lmisf.ko, in a routed topology:
#
#   +-------------+         +---------------------------+         +--------------+
#   | ue ns       |         | lm ns (router)            |         | ims ns       |
#   |  ue0        |--veth---| lm-ue 10.0.1.1            |         |              |
#   |  10.0.1.2   |         |             lm-ims 10.0.2.1|--veth--| ims0 10.0.2.2|
#   +-------------+         |  lmisfd bound as the sink |         | UDP+TCP 5060 |
#                           +---------------------------+         +--------------+
#
# lmisfd binds (the module reports a sink), mirrors a task added with
# lmisfctl (TASK_NTF), receives the copies of SIP sent from the UE to the
# IMS side over UDP and TCP and counts exactly the messages sent, sees no
# sequence gap, reports its statistics with the kernel's counter names;
# SIGHUP with a bad file keeps the configuration, with a good one applies
# the sink settings; copies lost while lmisfd is stopped (a small receive
# buffer) are counted exactly as the module counts them and the tasks are
# dumped again; on SIGTERM it unbinds and exits 0 (the module reports no
# sink).
#
#   tools/vm/run --kernel KVER -- agent/tests/kernel.sh [LMISFD] [KO]
#
# (a VM lane of `make check` runs it through tools/testing/guest-selftests.sh).
# LMISFD defaults to agent/build/release/lmisfd, KO to $LMISF_KO or else
# build/kmod/$(uname -r)/lmisf.ko. TAP output; exit 4 (skip) when a tool is
# missing.
set -u
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
lmisfd=${1:-$root/agent/build/release/lmisfd}
ko=${2:-${LMISF_KO:-$root/build/kmod/$(uname -r)/lmisf.ko}}
ctl=${LMISFCTL:-$root/tools/lmisfctl/build/release/lmisfctl}
mdf=${LMISF_MDF:-$root/tools/lmisf-mdf/build/release/lmisf-mdf}
did=7f1d1a52-93a4-4bb7-8c3e-0e2f7d9a4b11
xid=2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162
tmp=$(mktemp -d)
n=0 failed=0 loaded= pid= lsn= mpid=
ue=lmisfd-ue-$$ lm=lmisfd-lm-$$ ims=lmisfd-ims-$$

echo "TAP version 13"
skip_all() {
	echo "1..0 # SKIP $*"
	exit 4
}
[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -x "$lmisfd" ] || skip_all "lmisfd not built (make -C agent)"
[ -x "$ctl" ] || skip_all "lmisfctl not built (make -C tools)"
command -v python3 >/dev/null || skip_all "needs python3"

cleanup() {
	[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null
	[ -z "$lsn" ] || kill -TERM "$lsn" 2>/dev/null
	[ -z "$mpid" ] || kill -TERM "$mpid" 2>/dev/null
	for ns in "$ue" "$lm" "$ims"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	if [ -n "$loaded" ] && ! rmmod lmisf; then
		echo "# rmmod lmisf failed"
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

result() { # result NAME WHY
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		echo "# $2"
		sed 's/^/# lmisfd: /' "$tmp/lmisfd.log" | tail -20
		failed=$((failed + 1))
	fi
}

# waitfor SECS CMD...: until CMD succeeds (never a fixed sleep).
waitfor() {
	local end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.2
	done
}

# stat NAME: the last value of NAME in lmisfd's stats lines.
stat() {
	sed -n "s/.*stats:.* $1=\([0-9]*\).*/\1/p" \
		"$tmp/lmisfd.log" | tail -1
}
stat_is() { [ "$(stat "$1")" = "$2" ]; }

if [ ! -d /sys/module/lmisf ]; then
	[ -r "$ko" ] || skip_all "no module at $ko"
	deps=$(modinfo -F depends "$ko" | tr ',' ' ')
	# shellcheck disable=SC2086
	[ -z "$deps" ] || modprobe -a $deps
	insmod "$ko" || skip_all "insmod $ko failed"
	loaded=1
fi
modprobe -q veth 2>/dev/null || true
echo "1..14"

for ns in "$ue" "$lm" "$ims"; do
	ip netns add "$ns" && ip -n "$ns" link set lo up
done
ip link add ue0 netns "$ue" type veth peer name lm-ue netns "$lm"
ip link add ims0 netns "$ims" type veth peer name lm-ims netns "$lm"
ip -n "$ue" addr add 10.0.1.2/24 dev ue0
ip -n "$lm" addr add 10.0.1.1/24 dev lm-ue
ip -n "$lm" addr add 10.0.2.1/24 dev lm-ims
ip -n "$ims" addr add 10.0.2.2/24 dev ims0
ip -n "$ue" link set ue0 up
ip -n "$lm" link set lm-ue up
ip -n "$lm" link set lm-ims up
ip -n "$ims" link set ims0 up
ip -n "$ue" route add default via 10.0.1.1
ip -n "$ims" route add default via 10.0.2.1
ip netns exec "$lm" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$lm" "$ctl" selector set port udp 5060 port tcp 5060

# The IMS side listens, so that nothing answers with ICMP.
cat >"$tmp/listen.py" <<'EOF'
import socket, sys, threading
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("10.0.2.2", 5060))
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("10.0.2.2", 5060))
t.listen(4)
open(sys.argv[1], "w").close()
def udp():
    while True:
        u.recv(65535)
threading.Thread(target=udp, daemon=True).start()
while True:
    c, _ = t.accept()
    while c.recv(65535):
        pass
    c.close()
EOF
ip netns exec "$ims" python3 "$tmp/listen.py" "$tmp/listening" &
lsn=$!
waitfor 60 test -e "$tmp/listening" || echo "# listener did not start"

# The test MDF (tools/lmisf-mdf) on the router's loopback, when built.
if [ -x "$mdf" ]; then
	ip netns exec "$lm" "$mdf" --x2 127.0.0.1:40000 \
		>"$tmp/mdf.out" 2>"$tmp/mdf.log" </dev/null &
	mpid=$!
fi
mkdir -p "$tmp/spool"
cat >"$tmp/lmisfd.conf" <<EOF
[sink]
qthreshold = 4
flush_ms = 5
[destination $did]
address = 127.0.0.1
port = 40000
[spool]
dir = $tmp/spool
[log]
level = info
stats_interval_s = 1
EOF
ip netns exec "$lm" "$lmisfd" --config "$tmp/lmisfd.conf" \
	>"$tmp/lmisfd.out" 2>"$tmp/lmisfd.log" </dev/null &
pid=$!
why=
waitfor 60 grep -q "lmisfd: info: running" "$tmp/lmisfd.log" ||
	why="lmisfd did not start"
result "lmisfd binds and runs" "$why"

why=
ip netns exec "$lm" "$ctl" sink show >"$tmp/sink" 2>&1 ||
	why="lmisfctl sink show: $(cat "$tmp/sink")"
[ -n "$why" ] || grep -q "portid" "$tmp/sink" || why="no sink bound"
result "the module reports the sink" "$why"

# A task added after the bind reaches the agent's mirror (TASK_NTF).
ip netns exec "$lm" "$ctl" task add xid $xid delivery x2 \
	target ipv4 10.0.1.2 target sip-uri sip:alice@ims.example did $did
why=
waitfor 60 stat_is tasks_known 1 || why="tasks_known=$(stat tasks_known)"
result "task event mirrored" "$why"

# Five SIP messages over UDP, then one TCP connection carrying two
# messages in one segment and a third split over two segments.
cat >"$tmp/send.py" <<'EOF'
import socket, time
def msg(i):
    return ("OPTIONS sip:bob@ims.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bK%d\r\n"
            "From: <sip:alice@ims.example>;tag=a%d\r\n"
            "To: <sip:bob@ims.example>\r\n"
            "Call-ID: c%d@10.0.1.2\r\n"
            "CSeq: %d OPTIONS\r\n"
            "Content-Length: 0\r\n\r\n" % (i, i, i, i)).encode()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("10.0.1.2", 5060))
for i in range(5):
    u.sendto(msg(i), ("10.0.2.2", 5060))
t = socket.create_connection(("10.0.2.2", 5060))
t.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
t.sendall(msg(10) + msg(11))
m = msg(12)
time.sleep(0.2)
t.sendall(m[:40])
time.sleep(0.2)
t.sendall(m[40:])
time.sleep(0.2)
t.close()
EOF
ip netns exec "$ue" python3 "$tmp/send.py"
why=
waitfor 90 stat_is sip_udp 5 || why="sip_udp=$(stat sip_udp), expected 5"
result "SIP over UDP counted exactly" "$why"
why=
# the stream ends with FIN; TCP bytes are processed as they arrive
waitfor 90 stat_is sip_tcp 3 || why="sip_tcp=$(stat sip_tcp), expected 3"
result "SIP over TCP framed and counted exactly" "$why"

why=
[ "$(stat seq_lost)" = 0 ] || why="seq_lost=$(stat seq_lost)"
[ "$(stat sip_parse_errors)" = 0 ] || why="$why sip_parse_errors=$(stat sip_parse_errors)"
[ "$(stat drop_rcvbuf)" = 0 ] || why="$why drop_rcvbuf=$(stat drop_rcvbuf)"
# copies received = copies the module delivered (stats lines are
# snapshots taken together)
waitfor 30 sh -c "[ \"\$(sed -n 's/.*stats: .* delivered=\([0-9]*\) .* rx_copies=\([0-9]*\) .*/\1 \2/p' '$tmp/lmisfd.log' | tail -1 | awk '{print (\$1==\$2)}')\" = 1 ]" ||
	why="$why delivered != rx_copies"
result "no loss, every delivered copy received" "$why"

why=
for f in packets copies copies_signalling copies_target delivered batches \
	drop_no_sink drop_nomem drop_rcvbuf drop_unbind truncated ntf_drops \
	tasks flows targets rx_copies seq_lost enobufs sip_udp dec_packets; do
	[ -n "$(stat $f)" ] || why="$why $f"
done
[ -z "$why" ] || why="missing from the stats line:$why"
result "stats line carries the kernel's counter names" "$why"

# The IMS layer's xIRI for the target's SIP reach the MDF over X2: what
# the agent built, what delivery reports sent and what the MDF received
# agree.
cat >"$tmp/invite.py" <<'EOF'
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("10.0.1.2", 5060))
u.sendto(("INVITE sip:bob@ims.example SIP/2.0\r\n"
          "Via: SIP/2.0/UDP 10.0.1.2:5060;branch=z9hG4bKinv\r\n"
          "From: <sip:alice@ims.example>;tag=inv\r\n"
          "To: <sip:bob@ims.example>\r\nCall-ID: inv@10.0.1.2\r\n"
          "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n").encode(),
         ("10.0.2.2", 5060))
EOF
mdf_x2() {
	kill -USR1 "$mpid" 2>/dev/null
	sleep 0.2
	sed -n 's/^lmisf-mdf:.* x2=\([0-9]*\).*/\1/p' "$tmp/mdf.log" | tail -1
}
x2_agree() {
	local r d m
	r=$(stat records_x2)
	d=$(stat delivered_x2)
	m=$(mdf_x2)
	[ -n "$r" ] && [ "$r" -gt 0 ] && [ "$r" = "$d" ] && [ "$d" = "$m" ]
}
if [ -n "$mpid" ]; then
	ip netns exec "$ue" python3 "$tmp/invite.py"
	why=
	waitfor 90 x2_agree ||
		why="records_x2=$(stat records_x2) delivered_x2=$(stat delivered_x2) mdf x2=$(mdf_x2)"
	result "xIRI delivered to the MDF: built = sent = received" "$why"
else
	n=$((n + 1))
	echo "ok $n xIRI delivered to the MDF # SKIP lmisf-mdf not built"
fi

# SIGHUP: a bad file is refused as a whole, the process keeps running.
cp "$tmp/lmisfd.conf" "$tmp/good.conf"
printf '[sink]\nflush_ms = 0\n' >"$tmp/lmisfd.conf"
kill -HUP "$pid"
why=
waitfor 60 grep -qF "reload refused, configuration unchanged: $tmp/lmisfd.conf:2: flush_ms: 0 is out of range (1..10000)" "$tmp/lmisfd.log" ||
	why="no refusal logged"
kill -0 "$pid" 2>/dev/null || why="$why; lmisfd died"
result "SIGHUP with a bad file: refused, still running" "$why"

# SIGHUP: a good file; the new sink settings reach the module, and the
# small receive buffer is used from now on.
sed 's/^qthreshold = 4$/qthreshold = 8\nrcvbuf = 64k/' "$tmp/good.conf" >"$tmp/lmisfd.conf"
kill -HUP "$pid"
why=
waitfor 60 grep -q "configuration reloaded" "$tmp/lmisfd.log" ||
	why="no reload logged"
sink_q() {
	ip netns exec "$lm" "$ctl" sink show 2>/dev/null | grep -Eq "qthreshold:? +8"
}
[ -n "$why" ] || waitfor 30 sink_q || why="qthreshold not 8 in the module"
result "SIGHUP with a good file: sink settings applied" "$why"

# Loss: stop lmisfd, overflow its receive buffer, continue it, then one
# more message so that the gap shows in the sequence numbers.
cat >"$tmp/flood.py" <<'EOF'
import socket, sys
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("10.0.1.2", 5060))
m = ("OPTIONS sip:bob@ims.example SIP/2.0\r\n"
     "Via: SIP/2.0/UDP 10.0.1.2;branch=z9hG4bKf\r\n"
     "From: <sip:a@ims.example>;tag=f\r\nTo: <sip:b@ims.example>\r\n"
     "Call-ID: f\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").encode()
for i in range(int(sys.argv[1])):
    u.sendto(m, ("10.0.2.2", 5060))
EOF
kill -STOP "$pid"
ip netns exec "$ue" python3 "$tmp/flood.py" 3000
kill -CONT "$pid"
ip netns exec "$ue" python3 "$tmp/flood.py" 1
# field NAME LINE
field() { echo "$2" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
lost_matches() {
	local l lost rcv nomem
	l=$(grep "stats:" "$tmp/lmisfd.log" | tail -1)
	lost=$(field seq_lost "$l")
	rcv=$(field drop_rcvbuf "$l")
	nomem=$(field drop_nomem "$l")
	[ -n "$lost" ] && [ "$lost" -gt 0 ] && [ "$lost" = $((rcv + nomem)) ]
}
why=
waitfor 90 lost_matches ||
	why="seq_lost=$(stat seq_lost) drop_rcvbuf=$(stat drop_rcvbuf) drop_nomem=$(stat drop_nomem)"
result "lost copies counted exactly as the module counts them" "$why"
why=
[ "$(stat resyncs)" -ge 1 ] 2>/dev/null || why="resyncs=$(stat resyncs)"
[ "$(stat tasks_known)" = 1 ] || why="$why tasks_known=$(stat tasks_known)"
result "loss: tasks and flows dumped again" "$why"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
why=
[ $rc = 0 ] || why="exit status $rc"
grep -q "lmisfd: info: unbound" "$tmp/lmisfd.log" || why="$why, no unbind"
result "SIGTERM: unbinds and exits 0" "$why"

why=
if ip netns exec "$lm" "$ctl" sink show >"$tmp/sink" 2>&1 &&
	grep -q portid "$tmp/sink"; then
	why="a sink is still bound"
fi
result "the module reports no sink after exit" "$why"

ip netns exec "$lm" "$ctl" task flush
[ $failed = 0 ]
