#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What datapath.sh leaves out, in its topology (lib.sh lmisf_topology):
# TEID targets with a tunnel endpoint (the outer destination), GTP-U over
# IPv6, TCP and SCTP media flows, SIP over a real TCP connection, IPv6 and
# IPv4 selector prefixes on non-SIP ports, endpoint media flows. Every section ends by waiting
# for the copy of a marker datagram sent last, never by sleeping.
source "$(dirname "$0")/lib.sh"

lmisf_require
ktap_print_header
ktap_set_plan 9

lmisf_topology || skip_all "topology does not forward"
n_ue1() { pretty ue1 "$*"; ip netns exec "$ue1" "$@"; }
n_ue2() { pretty ue2 "$*"; ip netns exec "$ue2" "$@"; }
n_core() { pretty core "$*"; ip netns exec "$core" "$@"; }
ctl() { pretty lmisf "lmisfctl $*"; ip netns exec "$lm" "$LMISFCTL" "$@"; }
OUT=$(mktemp -d)
defer "rm -rf $OUT"
GTP="/usr/bin/python3 $here/gtpu_send.py"
L4="/usr/bin/python3 $here/l4_send.py"
XA=22222222-0000-4000-8000-00000000000a
XB=22222222-0000-4000-8000-00000000000b
XM=22222222-0000-4000-8000-0000000000ff
# marker FILE: a UDP datagram from ue2, the target of task XM, to port
# 7999; waits for its copy. ue2 sends nothing else that is to be matched.
ctl task add xid $XM delivery x2 target ipv4 10.0.3.2
marker() {
	ip netns exec "$ue2" "$SEND" -p 7998 -d 10.0.2.2 -P 7999
	wait_line "$1" '^copy .*dport=7999' 10000
}

# ---- 1-2: TEID with a tunnel endpoint, GTP-U over IPv6 -----------------------
# Uplink to the core's endpoint 10.0.2.2 / fd02::2 with TEIDs the core
# allocated; the same TEIDs sent the other way (core's address is then the
# source) and other TEIDs to the endpoint must not match.
ctl task add xid $XA delivery x2x3 correlation 5 \
	target teid 0x3333 endpoint 10.0.2.2 target teid 0x3335 endpoint fd02::2
ctl task add xid $XB delivery x2x3 target ipv4 10.9.5.5
f=$OUT/teid
sink_start "$lm" $f
n_ue1 $GTP 10.0.1.2 10.0.2.2 \
	tpdu,teid=0x3333,isrc=10.9.0.1,isport=5201,count=3 \
	tpdu,teid=0x3334,isrc=10.9.0.1,isport=5202,count=2 \
	tpdu,teid=0x3335,isrc=10.9.0.1,isport=5203,count=2
n_core $GTP 10.0.2.2 10.0.1.2 \
	tpdu,teid=0x3333,isrc=10.8.0.1,idst=10.9.0.1,isport=5204,count=2
n_ue1 $GTP fd01::2 fd02::2 \
	tpdu,teid=0x3335,isrc=10.9.0.1,isport=5205,count=2 \
	tpdu,teid=0x3333,isrc=10.9.0.1,isport=5206,count=2 \
	tpdu,teid=0x7001,isrc=10.9.5.5,isport=5207,count=2 \
	tpdu,teid=0x7002,isrc=fd09::9,idst=fd08::1,isport=5208,count=1
n_core $GTP fd02::2 fd01::2 \
	tpdu,teid=0x3335,isrc=10.8.0.1,idst=10.9.0.1,isport=5209,count=2
marker $f
sink_stop
ktap_check "TEID target with an endpoint matches T-PDUs to that endpoint only (IPv4 and IPv6 outer)" \
	check_eq "copies (v4 to ep, other TEID, v4 TEID of v6 ep, from ep, v6 to ep, v6 TEID of v4 ep, v6 from ep)" \
	"3 0 0 0 2 0 0" \
	"$(copies $f "kind=target .*xid=$XA corr=5 " 'hook=pre .*teid=0x3333 inner=36 proto=17 src=10.9.0.1 .*sport=5201') $(copies $f 'sport=5202') $(copies $f 'sport=5203') $(copies $f 'sport=5204') $(copies $f "kind=target .*xid=$XA " 'teid=0x3335 inner=56 proto=17 src=10.9.0.1 .*sport=5205') $(copies $f 'sport=5206') $(copies $f 'sport=5209')"
ktap_check "GTP-U over IPv6 decapsulated: inner IPv4 target matched, inner IPv6 non-target not" \
	check_eq "copies (inner 10.9.5.5, inner fd09::9)" "2 0" \
	"$(copies $f "kind=target .*xid=$XB " 'teid=0x7001 inner=56 proto=17 src=10.9.5.5 .*sport=5207') $(copies $f 'sport=5208')"
ctl task del xid $XA
ctl task del xid $XB

# ---- 3-4: TCP and SCTP media flows -------------------------------------------
ctl task add xid $XA delivery x3 target sip-uri sip:bob@ims.example
flow() {
	ip netns exec "$lm" "$LMISFCTL" -j flow add xid $XA "$@" |
		sed -n 's/.*"id": *\([0-9]*\).*/\1/p'
}
ftcp=$(flow correlation 61 proto tcp src 10.0.1.2 sport 41000 dst 10.0.2.2 dport 51000)
fsctp=$(flow correlation 62 proto sctp src 10.0.1.2 sport 42000 dst 10.0.2.2 dport 52000)
ftcp6=$(flow correlation 63 proto tcp src fd01::2 sport 41000 dst fd02::2 dport 51000)
fsctp6=$(flow correlation 64 proto sctp src fd01::2 sport 42000 dst fd02::2 dport 52000)
pretty lmisf "flow ids: $ftcp $fsctp $ftcp6 $fsctp6"
f=$OUT/media
sink_start "$lm" $f
n_ue1 $L4 10.0.1.2 10.0.2.2 tcp 41000 51000 3
n_core $L4 10.0.2.2 10.0.1.2 tcp 51000 41000 2
n_ue1 $L4 10.0.1.2 10.0.2.2 tcp 41001 51000 2
n_ue1 "$SEND" -p 41000 -d 10.0.2.2 -P 51000
n_ue1 $L4 10.0.1.2 10.0.2.2 sctp 42000 52000 3
n_core $L4 10.0.2.2 10.0.1.2 sctp 52000 42000 2
n_ue1 $L4 10.0.1.2 10.0.2.2 sctp 42001 52000 2
n_ue1 $L4 fd01::2 fd02::2 tcp 41000 51000 2
n_core $L4 fd02::2 fd01::2 sctp 52000 42000 2
marker $f
sink_stop
ktap_check "TCP media flow copies its segments both ways (IPv4, IPv6); other port and UDP not" \
	check_eq "copies (tcp out, tcp back, other port, udp same ports, tcp v6)" "3 2 0 0 2" \
	"$(copies $f "kind=media matches=1 match=media xid=$XA corr=61 flow=$ftcp " 'proto=6 src=10.0.1.2 dst=10.0.2.2 sport=41000 dport=51000') $(copies $f "flow=$ftcp " 'proto=6 src=10.0.2.2 dst=10.0.1.2 sport=51000 dport=41000') $(copies $f 'sport=41001') $(copies $f 'proto=17 .*sport=41000') $(copies $f "kind=media .*corr=63 flow=$ftcp6 " 'proto=6 src=fd01::2 dst=fd02::2 sport=41000')"
ktap_check "SCTP media flow copies its packets both ways (IPv4, IPv6); other port not" \
	check_eq "copies (sctp out, sctp back, other port, sctp v6 back)" "3 2 0 2" \
	"$(copies $f "kind=media matches=1 match=media xid=$XA corr=62 flow=$fsctp " 'proto=132 src=10.0.1.2 dst=10.0.2.2 sport=42000 dport=52000') $(copies $f "flow=$fsctp " 'proto=132 src=10.0.2.2 dst=10.0.1.2 sport=52000 dport=42000') $(copies $f 'sport=42001') $(copies $f "kind=media .*corr=64 flow=$fsctp6 " 'proto=132 src=fd02::2 dst=fd01::2 sport=52000')"
ctl task del xid $XA

# ---- endpoint flow: one end, any peer (the agent's flow from an SDP offer) --
# Both directions and any peer of 10.0.1.2:43000 match it; another port
# does not; once the task also has the 5-tuple flow, that flow alone
# matches the pair (one match per copy) and the endpoint flow the rest.
ctl task add xid $XA delivery x3 target sip-uri sip:bob@ims.example
fep=$(flow correlation 71 proto udp src 10.0.1.2 sport 43000)
f=$OUT/endpoint
sink_start "$lm" $f
n_ue1 "$SEND" -p 43000 -d 10.0.2.2 -P 53001 -n 2
n_core "$SEND" -p 53002 -d 10.0.1.2 -P 43000 -n 2
n_ue1 "$SEND" -p 43001 -d 10.0.2.2 -P 53001 -n 2
fex=$(flow correlation 72 proto udp src 10.0.2.2 sport 53000 dst 10.0.1.2 dport 43000)
n_ue1 "$SEND" -p 43000 -d 10.0.2.2 -P 53000 -n 3
n_ue1 "$SEND" -p 43000 -d 10.0.2.2 -P 53003 -n 1
marker $f
sink_stop
ktap_check "endpoint flow matches its end both ways whatever the peer; the task's 5-tuple flow wins" \
	check_eq "copies (to 53001, from 53002, other port, pair: 5-tuple only, pair: endpoint, other peer)" "2 2 0 3 0 1" \
	"$(copies $f "kind=media matches=1 match=media xid=$XA corr=71 flow=$fep " 'src=10.0.1.2 dst=10.0.2.2 sport=43000 dport=53001') $(copies $f "matches=1 .*flow=$fep " 'src=10.0.2.2 dst=10.0.1.2 sport=53002 dport=43000') $(copies $f 'sport=43001') $(copies $f "kind=media matches=1 match=media xid=$XA corr=72 flow=$fex " 'sport=43000 dport=53000') $(copies $f "flow=$fep " 'dport=53000') $(copies $f "matches=1 .*flow=$fep " 'dport=53003')"
ctl task del xid $XA

# ---- 5-6: SIP over a TCP connection -----------------------------------------
# A listener in core reads one request; ue1 connects from port 46500 and
# sends 300 bytes; every segment of the connection is signalling, the data
# segment is copied once, whole.
ready=$OUT/listening
pretty core "python3: TCP listener on 10.0.2.2:5060 reading 300 bytes"
ip netns exec "$core" /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 5060)); s.listen(1); open(sys.argv[2], "w").close()
c, _ = s.accept(); n = 0
while n < 300:
    d = c.recv(4096)
    if not d: break
    n += len(d)
c.close()' 10.0.2.2 "$ready" &
defer "kill $!"
busywait 20000 test -e "$ready"
f=$OUT/siptcp
sink_start "$lm" $f
pretty ue1 "python3: TCP from 10.0.1.2:46500 to 10.0.2.2:5060, 300 bytes of SIP"
ip netns exec "$ue1" /usr/bin/python3 -c '
import socket
s = socket.create_connection(("10.0.2.2", 5060), source_address=("10.0.1.2", 46500))
s.sendall(b"INVITE sip:bob@ims.example SIP/2.0\r\n" + b"x" * 264)
s.shutdown(socket.SHUT_WR); s.recv(10); s.close()'
marker $f
sink_stop
ktap_check "SIP over TCP: the request segment copied once, whole, as signalling" \
	check_eq "copies of the data segment" 1 \
	"$(copies $f 'kind=signalling ' 'orig=3[2-5][0-9] .*proto=6 src=10.0.1.2 dst=10.0.2.2 sport=46500 dport=5060')"
# SYN, ACK, data, FIN (at least) one way; SYN-ACK, ACK/FIN the other.
both_ways() {
	[ "$(copies $f 'kind=signalling ' 'proto=6 src=10.0.1.2 .*sport=46500 dport=5060')" -ge 4 ] &&
		[ "$(copies $f 'kind=signalling ' 'proto=6 src=10.0.2.2 dst=10.0.1.2 sport=5060 dport=46500')" -ge 2 ]
}
ktap_check "SIP over TCP: handshake and close in both directions copied" both_ways

# ---- 7-8: selector prefixes, IPv6 and IPv4, on non-SIP ports -----------------
ctl selector set port udp 5060 prefix fd02::/64 prefix 10.0.2.2/32
f=$OUT/prefix
sink_start "$lm" $f
n_ue2 "$SEND" -I -p 48201 -n 3 -d fd02::2 -P 7100
n_ue2 "$SEND" -I -p 48301 -n 2 -d fd01::2 -P 7100
n_core "$SEND" -I -p 48401 -n 2 -d fd03::2 -P 7200
n_core "$SEND" -I -p 48501 -n 2 -d 10.0.1.2 -P 7300
n_ue1 "$SEND" -p 48600 -d 10.0.2.3 -P 7300
marker $f
sink_stop
ktap_check "IPv6 selector prefix copies any port, either side; other IPv6 traffic not" \
	check_eq "copies (to prefix, outside, from prefix)" "3 0 2" \
	"$(copies $f 'kind=signalling matches=0 ' 'proto=17 src=fd03::2 dst=fd02::2 sport=4820[1-3] dport=7100') $(copies $f 'sport=4830[12]') $(copies $f 'kind=signalling ' 'src=fd02::2 dst=fd03::2 sport=4840[12] dport=7200')"
ktap_check "IPv4 selector prefix (P-CSCF /32) copies traffic from it on any port; its neighbour not" \
	check_eq "copies (from P-CSCF, to 10.0.2.3)" "2 0" \
	"$(copies $f 'kind=signalling ' 'src=10.0.2.2 dst=10.0.1.2 sport=4850[12] dport=7300') $(copies $f 'sport=48600')"
ctl selector set port udp 5060 port tcp 5060
ctl task flush

ktap_finished
