#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lmisfctl against lmisf.ko: every verb's success path, its human and JSON
# output, and the kernel's refusals (errno, extack text, attribute named,
# exit status). Runs as root where the module can be loaded, i.e. in a VM:
#
#   tools/vm/run --kernel KVER -- tools/lmisfctl/tests/kernel.sh [LMISFCTL] [KO]
#
# (a VM lane of `make check` runs it through tools/testing/guest-selftests.sh).
# LMISFCTL defaults to tools/lmisfctl/build/release/lmisfctl, KO to $LMISF_KO
# or else build/kmod/$(uname -r)/lmisf.ko. If the module is not loaded, it
# is loaded (after its dependencies) and removed again at the end. The tests
# run in a network namespace of their own (unshare). TAP output; exit 4
# (skip) without lmisfctl; needs jq, setpriv and unshare.
set -u
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../../.." && pwd -P)
ctl=${1:-$root/tools/lmisfctl/build/release/lmisfctl}
ko=${2:-${LMISF_KO:-$root/build/kmod/$(uname -r)/lmisf.ko}}
xid=2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162
xid2=0c0e57a4-2d44-4b39-9a38-52d1c87d0f00
did=7f1d1a52-93a4-4bb7-8c3e-0e2f7d9a4b11
n=0 failed=0 out= err=

cleanup() {
	[ -z "$out" ] || rm -f "$out" "$err"
}
trap cleanup EXIT

# c ARGS...: runs lmisfctl; stdout in $out, stderr in $err, exit status
# in $rc.
c() {
	"$ctl" "$@" >"$out" 2>"$err" </dev/null
	rc=$?
}

result() { # result NAME WHY
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n $1"
		return
	fi
	echo "not ok $n $1"
	echo "# $2"
	sed 's/^/# stdout: /' "$out" | head -20
	sed 's/^/# stderr: /' "$err" | head -5
	failed=$((failed + 1))
}

# ok NAME ARGS...: lmisfctl ARGS succeeds and prints nothing on stderr.
ok() {
	local name=$1
	shift
	c "$@"
	if [ $rc -ne 0 ]; then
		result "$name" "lmisfctl $* exited $rc"
	elif [ -s "$err" ]; then
		result "$name" "lmisfctl $* wrote to stderr"
	else
		result "$name" ""
	fi
}

# fails NAME RC REGEX ARGS...: lmisfctl ARGS exits RC, prints nothing on
# stdout, and its stderr matches REGEX (grep -E).
fails() {
	local name=$1 want=$2 re=$3
	shift 3
	c "$@"
	if [ $rc -ne "$want" ]; then
		result "$name" "lmisfctl $* exited $rc, expected $want"
	elif [ -s "$out" ]; then
		result "$name" "lmisfctl $* printed on stdout"
	elif ! grep -Eq -- "$re" "$err"; then
		result "$name" "stderr does not match /$re/"
	else
		result "$name" ""
	fi
}

# check NAME JQ-EXPR: the last $out (JSON) satisfies the jq expression.
check() {
	if jq -e "$2" "$out" >/dev/null 2>&1; then
		result "$1" ""
	else
		result "$1" "jq '$2' is not true"
	fi
}

# grepout NAME REGEX: the last $out (text) has a line matching REGEX.
grepout() {
	if grep -Eq -- "$2" "$out"; then
		result "$1" ""
	else
		result "$1" "stdout lacks /$2/"
	fi
}

# Outside: load the module, run the tests in a namespace of their own,
# unload what was loaded.
if [ -z "${LMISFCTL_TEST_NETNS:-}" ]; then
	echo "TAP version 13"
	if ! "$ctl" -V >/dev/null; then
		echo "1..0 # SKIP no lmisfctl at $ctl (make -C tools)"
		exit 4
	fi
	loaded=
	if [ ! -d /sys/module/lmisf ]; then
		for m in $(modinfo -F depends "$ko" | tr , ' '); do
			modprobe "$m"
		done
		if ! insmod "$ko"; then
			echo "Bail out! cannot load $ko"
			exit 1
		fi
		loaded=1
	fi
	LMISFCTL_TEST_NETNS=1 unshare --net "$0" "$ctl" "$ko"
	rc=$?
	if [ -n "$loaded" ] && ! rmmod lmisf; then
		echo "not ok - rmmod lmisf after the tests"
		rc=1
	fi
	exit $rc
fi
out=$(mktemp) err=$(mktemp)

# ---- tasks -----------------------------------------------------------------

ok "stats" -j stats
check "stats: no tasks" '.tasks == 0 and .flows == 0 and (.packets | type) == "number"'
ok "task show, empty, json" -j task show
check "task show: empty array" '. == []'
ok "task show, empty, text" task show
result "task show: empty text" "$([ -s "$out" ] && echo "printed something")"

ok "task add" -j task add xid $xid delivery x2x3 correlation 42 \
	target ipv4 10.45.0.7 target ipv6-cidr 2001:db8:1::/48 \
	target teid 0x1a2b3c4d endpoint 192.0.2.10 \
	target imsi 001010123456789 non-local target sip-uri sip:alice@ims.example \
	did $did
check "task add: id and xid" "(.id | type) == \"number\" and .xid == \"$xid\""
id=$(jq .id "$out")

ok "task show xid, json" -j task show xid $xid
check "task show: config" ".id == $id and .xid == \"$xid\" and .delivery == \"x2x3\" and .correlation_id == 42 and .dids == [\"$did\"]"
check "task show: targets" '.targets == [
	{"type":"ipv4","value":"10.45.0.7"},
	{"type":"ipv6-cidr","value":"2001:db8:1::/48"},
	{"type":"teid","teid":439041101,"endpoint":"192.0.2.10"},
	{"type":"imsi","value":"001010123456789","non_local":true},
	{"type":"sip-uri","value":"sip:alice@ims.example","non_local":false}]'
check "task show: status" '.modifications == 0 and .last_intercept == null and .last_intercept_ns == 0 and .copies == 0 and .copy_drops == 0 and .x2_pdus == 0 and .x3_bytes == 0 and .flows == 0 and (.created | test("^20[0-9-]{8}T[0-9:]{8}\\.[0-9]{9}Z$")) and .created_ns > 0 and .modified_ns >= .created_ns'

ok "task show xid, text" task show xid $xid
grepout "text: title" "^task $id\$"
grepout "text: xid" "^  xid: +$xid\$"
grepout "text: teid target" '^  target: +teid 0x1a2b3c4d endpoint 192\.0\.2\.10$'
grepout "text: non-local" '^  target: +imsi 001010123456789 non-local$'
grepout "text: created ISO" '^  created: +20[0-9-]{8}T[0-9:]{8}\.[0-9]{9}Z$'
grepout "text: never" '^  last-intercept: +never$'

fails "duplicate xid: EEXIST" 1 '^lmisfctl: task add: File exists' \
	task add xid $xid delivery x2 target ipv4 10.45.0.8
fails "bad imsi: extack names the target" 1 \
	'^lmisfctl: task add: Invalid argument: .+ \(attribute task\.target\[2\]\.value\)$' \
	task add xid $xid2 delivery x2 target ipv4 10.45.0.9 target imsi 12ab
fails "bad sip uri: extack" 1 'Invalid argument: .+task\.target\[1\]\.value' \
	task add xid $xid2 delivery x2 target sip-uri "alice@ims.example"
fails "unknown xid on modify: ENOENT" 1 '^lmisfctl: task modify: No such file or directory' \
	task modify xid $xid2 delivery x2 target ipv4 10.45.0.9
fails "unknown xid on del: ENOENT" 1 '^lmisfctl: task del: No such file or directory' \
	task del xid $xid2
fails "unknown xid on show: ENOENT" 1 '^lmisfctl: task show: No such file or directory' \
	-j task show xid $xid2

ok "task modify" task modify xid $xid delivery x2 target ipv4 10.45.0.8
ok "task show after modify" -j task show xid $xid
check "modify: replaced, counted, same id" ".id == $id and .delivery == \"x2\" and .correlation_id == null and has(\"correlation_id\") and .targets == [{\"type\":\"ipv4\",\"value\":\"10.45.0.8\"}] and .dids == [] and .modifications == 1 and .modified_ns >= .created_ns"

ok "second task" task add xid $xid2 delivery x3 target e164 +15551234567
ok "task dump" -j task show
check "dump: both, in id order" "length == 2 and .[0].xid == \"$xid\" and .[1].xid == \"$xid2\""
ok "task dump, text" task show
grepout "text dump: blank line between tasks" '^$'

# ---- flows -----------------------------------------------------------------

ok "flow add" -j flow add xid $xid correlation 7 proto udp src 10.45.0.8 sport 40000 \
	dst 198.51.100.20 dport 50000
check "flow add: id" '(.id | type) == "number"'
fid=$(jq .id "$out")
ok "flow add v6" -j flow add xid $xid2 correlation 8 proto tcp src 2001:db8::1 sport 1 \
	dst 2001:db8::2 dport 2
fid2=$(jq .id "$out")
fails "same flow twice: EEXIST" 1 '^lmisfctl: flow add: File exists' \
	flow add xid $xid correlation 7 proto udp src 10.45.0.8 sport 40000 \
	dst 198.51.100.20 dport 50000
fails "flow of unknown task: ENOENT" 1 '^lmisfctl: flow add: No such file or directory' \
	flow add xid $did correlation 7 proto udp src 10.45.0.8 sport 1 dst 10.0.0.1 dport 2
ok "flow show id" -j flow show id $fid
check "flow show: fields" ".id == $fid and .xid == \"$xid\" and .correlation_id == 7 and .proto == \"udp\" and .src == \"10.45.0.8\" and .sport == 40000 and .dst == \"198.51.100.20\" and .dport == 50000 and .packets == 0 and .bytes == 0"
ok "flow show text" flow show id $fid
grepout "flow text: one line" "^flow $fid xid $xid correlation 7 proto udp src 10\\.45\\.0\\.8 sport 40000 dst 198\\.51\\.100\\.20 dport 50000 packets 0 bytes 0\$"
ok "flow dump" -j flow show
check "flow dump: both" "length == 2 and ([.[].id] | sort) == ([$fid, $fid2] | sort)"
ok "flow dump by xid" -j flow show xid $xid2
check "flow dump by xid: one" ".[0].id == $fid2 and length == 1 and .[0].src == \"2001:db8::1\""
fails "flow show id of another task" 1 "not a flow of that task" flow show id $fid xid $xid2
ok "task counts flows" -j task show xid $xid
check "task: flows 1" '.flows == 1'
ok "flow del id" flow del id $fid
fails "flow del again: ENOENT" 1 '^lmisfctl: flow del: No such file or directory' flow del id $fid
ok "task del deletes its flows" task del xid $xid2
ok "flow dump after" -j flow show
check "no flows left" '. == []'

# ---- selector, config, sink, stats -------------------------------------------

ok "selector show default" -j selector show
check "selector default: 5060" '.ports | map(.port) | index(5060) != null'
ok "selector set" selector set port udp 5060 port tcp 5062 port sctp 5060 \
	prefix 192.0.2.0/28 prefix 2001:db8:5::/64
ok "selector show" -j selector show
check "selector round trip" '.ports == [{"proto":"udp","port":5060},{"proto":"tcp","port":5062},{"proto":"sctp","port":5060}] and .prefixes == ["192.0.2.0/28","2001:db8:5::/64"]'
ok "selector show text" selector show
grepout "selector text" '^prefix 2001:db8:5::/64$'
ok "selector set empty" selector set
ok "selector show empty" -j selector show
check "selector empty" '.ports == [] and .prefixes == []'

ok "config set" config set gtpu-port 2153
ok "config show" -j config show
check "config round trip" '.gtpu_port == 2153'
ok "config show text" config show
grepout "config text" '^gtpu-port: +2153$'

ok "sink show unbound" -j sink show
check "sink: not bound" '.bound == false'

ok "stats" -j stats
check "stats: one task, counters present" '.tasks == 1 and .flows == 0 and has("drop_rcvbuf") and has("gtpu_malformed") and has("copies_signalling")'
ok "stats text" stats
grepout "stats text: aligned" '^drop-no-sink: +[0-9]+$'

# ---- flush, dumps across several messages, permissions ------------------------

ok "task flush" task flush
ok "after flush" -j task show
check "flush: empty" '. == []'

# Enough tasks for a dump of several datagrams, with identities that make
# each one large.
long=sip:$(printf 'a%.0s' $(seq 200))@ims.example
for i in $(seq 1 64); do
	printf 'task add xid 00000000-0000-4000-8000-%012d delivery x2 target ipv4 10.1.%d.%d target sip-uri %s\n' \
		"$i" $((i / 256)) $((i % 256)) "$long"
done >"$out.batch"
bad=0
while read -r line; do
	# shellcheck disable=SC2086 # one command per line
	"$ctl" $line || bad=$((bad + 1))
done <"$out.batch"
rm -f "$out.batch"
result "64 tasks added" "$([ $bad -eq 0 ] || echo "$bad failed")"
ok "dump of 64 large tasks (several datagrams)" -j task show
check "dump complete and unique" 'length == 64 and ([.[].xid] | unique | length) == 64 and ([.[].id] | . == sort)'

# Dumps while tasks come and go: each result is consistent (the 64 stable
# tasks exactly once, no duplicates), restarted by lmisfctl when flagged.
(
	while :; do
		"$ctl" task add xid ffffffff-0000-4000-8000-000000000001 \
			delivery x2 target ipv4 10.9.0.1 2>/dev/null
		"$ctl" task del xid ffffffff-0000-4000-8000-000000000001 2>/dev/null
	done
) &
churn=$!
bad=0
for i in $(seq 1 10); do
	c -j task show
	if [ $rc -ne 0 ] || ! jq -e '([.[].xid | select(startswith("00000000"))] | length) == 64 and ([.[].xid] | unique | length) == length' "$out" >/dev/null; then
		bad=$((bad + 1))
	fi
done
kill $churn
wait $churn 2>/dev/null
result "dumps during changes are consistent" "$([ $bad -eq 0 ] || echo "$bad of 10 dumps inconsistent")"

# Without CAP_NET_ADMIN every operation is refused, reads included.
setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --bounding-set=-all "$ctl" -j task show >"$out" 2>"$err"
rc=$?
result "unprivileged dump: EPERM" "$([ $rc -eq 1 ] && grep -q 'Operation not permitted' "$err" && [ ! -s "$out" ] || echo "exit $rc")"
setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --bounding-set=-all "$ctl" stats >"$out" 2>"$err"
rc=$?
result "unprivileged stats: EPERM" "$([ $rc -eq 1 ] && grep -q 'Operation not permitted' "$err" || echo "exit $rc")"

# Namespaces are separate: a fresh one sees none of the 64.
unshare --net "$ctl" -j task show >"$out" 2>"$err"
rc=$?
result "other namespace" "$([ $rc -eq 0 ] || echo "exit $rc")"
check "other namespace: empty" '. == []'

echo "1..$n"
[ $failed -eq 0 ]
