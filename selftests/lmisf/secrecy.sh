#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tasks are secret. After a run with tasks, flows, a sink and matched
# traffic, nothing about the targets is in the kernel log, /proc/net (of
# the namespace and the initial one) or /sys/module/lmisf, and an
# unprivileged process gets nothing from the family. The targets are
# addresses no kernel table holds (inner addresses of GTP-U sent over lo,
# a TEID) and identities, so a hit can only come from lmisf.
source "$(dirname "$0")/lib.sh"

lmisf_require
ktap_print_header
ktap_set_plan 5

setup_ns lm || skip_all "cannot create namespaces"
ctl() { pretty lmisf "lmisfctl $*"; ip netns exec "$lm" "$LMISFCTL" "$@"; }
OUT=$(mktemp -d)
defer "rm -rf $OUT"
XS=5ec7e700-7a59-4e7a-9e7a-5ec7e7005ec7
# What would give a task away: its XID, target addresses (also as /proc/net
# hex words), TEID, identities, the flow's address.
SECRETS='5ec7e700|10\.77\.7\.7|fd77::7|fd770000000000000000000000000007|07074D0A|0A4D0707|5ec7e7|secret-target|001019876543210|10\.77\.8\.8|08084D0A'

dmesg >"$OUT/dmesg.before"
ctl task add xid $XS delivery x2x3 correlation 4242 target ipv4 10.77.7.7 \
	target ipv6 fd77::7 target teid 0x5ec7e7 \
	target sip-uri sip:secret-target@ims.example target imsi 001019876543210
ctl flow add xid $XS correlation 4243 proto udp src 10.77.8.8 sport 4000 \
	dst 10.77.8.9 dport 4001 >/dev/null
f=$OUT/sink
sink_start "$lm" $f
pretty lmisf "gtpu_send.py over lo: T-PDUs of the targets"
ip netns exec "$lm" /usr/bin/python3 "$here/gtpu_send.py" 127.0.0.1 127.0.0.1 \
	tpdu,teid=0x1,isrc=10.77.7.7,count=2 \
	tpdu,teid=0x2,isrc=fd77::7,idst=fd08::1,count=2 \
	tpdu,teid=0x5ec7e7,isrc=10.9.9.9,count=2 \
	tpdu,teid=0x3,isrc=10.77.8.8,idst=10.77.8.9,isport=4000,idport=4001,count=1
wait_line $f '^copy .*sport=4000 dport=4001' 10000
sink_stop
ktap_check "the targets were matched (7 copies)" \
	check_eq "copies" 7 "$(copies $f "xid=$XS")"

# leaks FILE: the lines of FILE giving a secret away, as comments.
leaks() {
	local hits
	hits=$(grep -a -i -E "$SECRETS" "$1" | head -5)
	[ -z "$hits" ] && return 0
	echo "$hits" | sed 's/^/# leak: /'
	return 1
}
dmesg | tail -n +"$(($(wc -l <"$OUT/dmesg.before") + 1))" >"$OUT/dmesg"
ktap_check "nothing about the task in the kernel log" leaks "$OUT/dmesg"
{
	ip netns exec "$lm" grep -r -a -s -I . /proc/self/net/
	grep -r -a -s -I . /proc/self/net/
} >"$OUT/procnet" 2>/dev/null
ktap_check "nothing about the task in /proc/net (the namespace's and the initial one)" \
	leaks "$OUT/procnet"
grep -r -a -s . /sys/module/lmisf/ >"$OUT/sys" 2>/dev/null
ktap_check "nothing about the task in /sys/module/lmisf" leaks "$OUT/sys"
# As nobody, with no capabilities: every show is refused and prints none of it.
unpriv() {
	local what rc=0
	for what in "task show" "task show xid $XS" "flow show" "sink show" "stats"; do
		# shellcheck disable=SC2086
		ip netns exec "$lm" setpriv --reuid=65534 --regid=65534 \
			--clear-groups --inh-caps=-all "$LMISFCTL" -j $what \
			>"$OUT/unpriv" 2>&1 && { echo "# $what succeeded"; rc=1; }
		grep -q "Operation not permitted" "$OUT/unpriv" ||
			{ echo "# $what: not EPERM"; sed 's/^/# /' "$OUT/unpriv"; rc=1; }
		leaks "$OUT/unpriv" || rc=1
	done
	return $rc
}
ktap_check "an unprivileged process gets EPERM and nothing of the task" unpriv
ctl task flush

ktap_finished
