#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Traffic a namespace sends to itself crosses LOCAL_OUT and then, looped
# back, PRE_ROUTING on lo: both hooks see the same packet. The design
# copies every packet crossing the namespace exactly once, so the module
# skips PRE_ROUTING for packets arriving on loopback (their LOCAL_OUT pass
# copied them). IPv4 and IPv6 targets, and the selector, over lo.
source "$(dirname "$0")/lib.sh"

lmisf_require
ktap_print_header
ktap_set_plan 3

setup_ns lm || skip_all "cannot create namespaces"
ip -n "$lm" link add d0 type veth peer name d1
ip -n "$lm" addr add 10.0.5.1/24 dev d0
ip -n "$lm" addr add fd05::1/64 dev d0 nodad
ip -n "$lm" link set d0 up
ip -n "$lm" link set d1 up
ctl() { pretty lmisf "lmisfctl $*"; ip netns exec "$lm" "$LMISFCTL" "$@"; }
send() { pretty lmisf "lmisf-send $*"; ip netns exec "$lm" "$SEND" "$@"; }
OUT=$(mktemp -d)
defer "rm -rf $OUT"
X4=33333333-0000-4000-8000-000000000004
X6=33333333-0000-4000-8000-000000000006

ctl task add xid $X4 delivery x2x3 target ipv4 10.0.5.1
ctl task add xid $X6 delivery x2x3 target ipv6 ::1
f=$OUT/lo
sink_start "$lm" $f
send -I -s 10.0.5.1 -p 40001 -n 3 -d 10.0.5.1 -P 7000
send -I -s ::1 -p 40101 -n 3 -d ::1 -P 7000
send -I -s 127.0.0.1 -p 40201 -n 2 -d 127.0.0.1 -P 5060
# Two markers: the second one's copy comes after any late copy of the first.
send -s 10.0.5.1 -p 7998 -d 10.0.5.1 -P 7999
send -s 10.0.5.1 -p 7997 -d 10.0.5.1 -P 7999
wait_line $f '^copy .*sport=7997 dport=7999' 10000
sink_stop
ktap_check "IPv4 target over loopback copied exactly once, at LOCAL_OUT" \
	check_eq "copies (all, at out)" "3 3" \
	"$(copies $f 'src=10.0.5.1 dst=10.0.5.1 sport=4000[1-3] dport=7000') $(copies $f "kind=target .*xid=$X4 .*hook=out " 'sport=4000[1-3] dport=7000')"
ktap_check "IPv6 target over loopback copied exactly once, at LOCAL_OUT" \
	check_eq "copies (all, at out)" "3 3" \
	"$(copies $f 'src=::1 dst=::1 sport=4010[1-3] dport=7000') $(copies $f "kind=target .*xid=$X6 .*hook=out " 'sport=4010[1-3]')"
ktap_check "SIP over loopback copied exactly once by the selector" \
	check_eq "copies (all, at out)" "2 2" \
	"$(copies $f 'sport=4020[12] dport=5060') $(copies $f 'kind=signalling matches=0 hook=out ' 'sport=4020[12] dport=5060')"
ctl task flush

ktap_finished
