#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Command-line tests of lmisfctl that need no kernel: every usage error
# exits 2 with a message naming the problem, before any netlink traffic
# (so the result is the same with or without the module). TAP output.
# Usage: test_cli.sh [LMISFCTL]
set -u
bin=${1:-${LMISFCTL:-build/release/lmisfctl}}
xid=2b5e3f4c-8a1d-4f7e-9c0b-1d2e3f405162
n=0 failed=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT

# t NAME RC PATTERN ARGS...: lmisfctl ARGS exits RC, stderr matches PATTERN
# (grep -E; empty: not checked), stdout is empty unless RC is 0.
t() {
	name=$1 rc=$2 pat=$3
	shift 3
	n=$((n + 1))
	out=$("$bin" "$@" 2>"$err" </dev/null)
	got=$?
	why=
	[ "$got" -eq "$rc" ] || why="exit status $got, expected $rc"
	if [ -z "$why" ] && [ -n "$pat" ] && ! grep -Eq -- "$pat" "$err"; then
		why="stderr lacks /$pat/"
	fi
	if [ -z "$why" ] && [ "$rc" -ne 0 ] && [ -n "$out" ]; then
		why="printed on stdout despite failing"
	fi
	if [ -z "$why" ] && [ "$rc" -eq 2 ] && grep -q 'netlink family' "$err"; then
		why="contacted the kernel before refusing the arguments"
	fi
	if [ -n "$why" ]; then
		echo "not ok $n $name"
		echo "# lmisfctl $*: $why"
		sed 's/^/# stderr: /' "$err" | head -5
		failed=$((failed + 1))
	else
		echo "ok $n $name"
	fi
}

add="task add xid $xid delivery x2x3"
echo "TAP version 13"
echo "1..40"
t "help" 0 "" help
t "--help" 0 "" --help
t "task help" 0 "" task help
t "no object" 2 "no object given"
t "unknown object" 2 'unknown object "nope"' nope
t "unknown option" 2 'unknown option "-x"' -x task show
t "unknown task verb" 2 'unknown verb "frob"' task frob
t "bad xid" 2 'xid "foo": invalid syntax' task add xid foo delivery x2 target ipv4 192.0.2.1
t "xid twice" 2 '"xid" given twice' $add xid $xid target ipv4 192.0.2.1
t "xid missing" 2 "xid is required" task add delivery x2 target ipv4 192.0.2.1
t "delivery missing" 2 "delivery is required" task add xid $xid target ipv4 192.0.2.1
t "bad delivery" 2 'delivery "x4"' task add xid $xid delivery x4 target ipv4 192.0.2.1
t "no target" 2 "at least one target" $add
t "unknown target type" 2 'target type "msisdn"' $add target msisdn 123
t "ipv4 target with ipv6" 2 'wrong address family' $add target ipv4 2001:db8::1
t "ipv6 target with ipv4" 2 'wrong address family' $add target ipv6 192.0.2.1
t "bad ipv4" 2 'ipv4 "192.0.2": invalid syntax' $add target ipv4 192.0.2
t "cidr host bits" 2 'host bits.*did you mean 10.0.0.0/24' $add target ipv4-cidr 10.0.0.1/24
t "cidr v6 host bits" 2 'did you mean 2001:db8::/32' $add target ipv6-cidr 2001:db8::1/32
t "cidr length" 2 'out of range' $add target ipv4-cidr 10.0.0.0/33
t "cidr without length" 2 'invalid syntax' $add target ipv4-cidr 10.0.0.0
t "teid too big" 2 'teid "4294967296": out of range' $add target teid 4294967296
t "teid bad endpoint" 2 'endpoint "x"' $add target teid 7 endpoint x
t "non-local on ipv4" 2 'non-local applies to identity' $add target ipv4 192.0.2.1 non-local
t "empty identity" 2 'imsi "": empty' $add target imsi ""
t "identity too long" 2 'too long' $add target sip-uri "sip:$(printf '%0300d' 0)@x"
t "target without value" 2 '"ipv4" needs a value' $add target ipv4
t "bad did" 2 'did "1"' $add target ipv4 192.0.2.1 did 1
t "bad correlation" 2 'correlation "-1"' $add correlation -1 target ipv4 192.0.2.1
t "del without xid" 2 "xid is required" task del
t "flush with argument" 2 'unexpected argument "now"' task flush now
t "flow add incomplete" 2 "dst and dport both or neither" flow add xid $xid correlation 1 proto udp src 192.0.2.1 sport 1 dst 192.0.2.2
t "flow mixed families" 2 "same address family" flow add xid $xid correlation 1 proto udp src 192.0.2.1 sport 1 dst 2001:db8::1 dport 2
t "flow port 0" 2 'sport "0": out of range' flow add xid $xid correlation 1 proto udp src 192.0.2.1 sport 0 dst 192.0.2.2 dport 2
t "flow proto" 2 'proto "icmp"' flow add xid $xid correlation 1 proto icmp src 192.0.2.1 sport 1 dst 192.0.2.2 dport 2
t "flow del both" 2 "either id or xid" flow del id 1 xid $xid
t "selector port 65536" 2 'out of range' selector set port udp 65536
t "selector prefix host bits" 2 'did you mean 192.0.2.0/24' selector set prefix 192.0.2.1/24
t "config nothing" 2 "nothing to set" config set
t "config port hex" 2 'gtpu-port "0x868"' config set gtpu-port 0x868
[ "$failed" -eq 0 ]
