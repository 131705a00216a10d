#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The copy datapath in a routed topology, lmisf.ko loaded in the router:
#
#   +---------------+           +-----------------------------+           +----------------+
#   | ue1 ns        |           | lmisf ns (router, module)   |           | core ns        |
#   |  ue0 10.0.1.2 |---veth----| lm-ue1 10.0.1.1 fd01::1     |           |                |
#   |      fd01::2  |           |                   lm-core   |---veth----| core0 10.0.2.2 |
#   +---------------+           | lm-ue2 10.0.3.1 fd03::1     |  10.0.2.1 |       fd02::2  |
#   | ue2 ns        |---veth----|                   fd02::1   |           +----------------+
#   |  ue0 10.0.3.2 |           |  lmisf-sink bound here      |
#   +---------------+           +-----------------------------+
#
# Target IPv4/IPv6 (exact and CIDR) copied exactly once, non-target not
# copied, GTP-U matched by inner UE address and by TEID, the signalling
# selector copying SIP of every UE (plain and in GTP-U), a media flow
# copying RTP both ways (plain and in GTP-U), fragmented SIP copied once
# reassembled, selector prefixes and TCP, a configured GTP-U port. Copies are counted exactly: every section ends by waiting
# for the copy of a marker packet sent last, never by sleeping.
source "$(dirname "$0")/lib.sh"

lmisf_require
ktap_print_header
ktap_set_plan 14

lmisf_topology || skip_all "topology does not forward"

if_ue1=$(ip netns exec "$lm" cat /sys/class/net/lm-ue1/ifindex)
if_core=$(ip netns exec "$lm" cat /sys/class/net/lm-core/ifindex)
OUT=$(mktemp -d)
defer "rm -rf $OUT"

XA=11111111-0000-4000-8000-00000000000a
XB=11111111-0000-4000-8000-00000000000b
XC=11111111-0000-4000-8000-00000000000c
XD=11111111-0000-4000-8000-00000000000d
XE=11111111-0000-4000-8000-00000000000e
XF=11111111-0000-4000-8000-00000000000f

# marker NS SRC DST: a UDP datagram to port 7999 whose copy closes a section
# (the target/selector must match it); waits for that copy.
marker() {
	local ns=$1 dst=$2 f=$3
	ip netns exec "$ns" "$SEND" -p 7998 -d "$dst" -P 7999
	wait_line "$f" '^copy .*dport=7999' 10000
}

# ---- 1-3: IPv4 target, non-target, IPv6 target ---------------------------
ctl task add xid $XA delivery x2x3 correlation 11 target ipv4 10.0.1.2
ctl task add xid $XB delivery x3 target ipv6 fd01::2
f=$OUT/t1
sink_start "$lm" $f
n_ue1 "$SEND" -I -p 41001 -n 5 -d 10.0.2.2 -P 7000
n_ue2 "$SEND" -I -p 43001 -n 5 -d 10.0.2.2 -P 7000
n_ue1 "$SEND" -I -p 44001 -n 5 -d fd02::2 -P 7000
n_core "$SEND" -I -p 42001 -n 3 -d 10.0.1.2 -P 7000
n_core "$SEND" -I -p 42101 -n 3 -d fd01::2 -P 7000
marker "$ue1" 10.0.2.2 $f
sink_stop
ok=0
for i in 1 2 3 4 5; do
	[ "$(copies $f 'kind=target ' "xid=$XA corr=11 " "hook=pre in=$if_ue1 " \
		"proto=17 src=10.0.1.2 dst=10.0.2.2 sport=4100$i dport=7000")" = 1 ] ||
		{ echo "# ue1 IPv4 datagram $i not copied exactly once"; ok=1; }
done
for i in 1 2 3; do
	[ "$(copies $f "xid=$XA" "hook=pre in=$if_core " \
		"src=10.0.2.2 dst=10.0.1.2 sport=4200$i")" = 1 ] ||
		{ echo "# core->ue1 IPv4 datagram $i not copied exactly once"; ok=1; }
done
check_eq "IPv4 target copies" 8 "$(copies $f "proto=17 .*dport=7000" "src=10.0.1.2|dst=10.0.1.2")" || ok=1
[ $ok = 0 ] || grep '^copy' $f | head -20 | sed 's/^/# /'
ktap_check "target IPv4 forwarded both ways, each copied exactly once" [ $ok = 0 ]
ktap_check "non-target traffic not copied" \
	check_eq "copies of ue2" 0 "$(copies $f '10\.0\.3\.2')"
ok=0
for i in 1 2 3 4 5; do
	[ "$(copies $f 'kind=target ' "xid=$XB" \
		"src=fd01::2 dst=fd02::2 sport=4400$i dport=7000")" = 1 ] || ok=1
done
for i in 1 2 3; do
	[ "$(copies $f "xid=$XB" "src=fd02::2 dst=fd01::2 sport=4210$i")" = 1 ] || ok=1
done
[ $ok = 0 ] || grep '^copy.*fd0' $f | head -20 | sed 's/^/# /'
ktap_check "target IPv6 forwarded both ways, each copied exactly once" [ $ok = 0 ]
ctl task flush

# ---- 4: CIDR targets ------------------------------------------------------
ctl task add xid $XA delivery x2x3 target ipv4-cidr 10.0.3.0/24 target ipv6-cidr fd03::/64
f=$OUT/t4
sink_start "$lm" $f
n_ue2 "$SEND" -I -p 45001 -n 3 -d 10.0.2.2 -P 7000
n_ue2 "$SEND" -I -p 45101 -n 3 -d fd02::2 -P 7000
n_ue1 "$SEND" -p 45200 -d 10.0.2.2 -P 7000
marker "$ue2" 10.0.2.2 $f
sink_stop
ktap_check "CIDR targets (IPv4 /24, IPv6 /64) copied exactly once, others not" \
	check_eq "CIDR copies" "6 0" \
	"$(copies $f "xid=$XA" 'sport=45[01]0[1-3] dport=7000') $(copies $f 'sport=45200')"
ctl task flush

# ---- 5-6: GTP-U -----------------------------------------------------------
ctl task add xid $XC delivery x2x3 correlation 33 target ipv4 10.9.0.5 target ipv6 fd09::5
ctl task add xid $XD delivery x2x3 target teid 0x2222
f=$OUT/t5
sink_start "$lm" $f
n_ue1 /usr/bin/python3 "$here/gtpu_send.py" 10.0.1.2 10.0.2.2 \
	tpdu,teid=0x1111,isrc=10.9.0.5,isport=5001,count=3 \
	tpdu,teid=0x1112,isrc=10.9.0.5,isport=5002,ext=1,count=2 \
	tpdu,teid=0x1115,isrc=10.9.0.5,isport=5005,seq=1,count=1 \
	tpdu,teid=0x1113,isrc=fd09::5,idst=fd08::1,isport=5003,count=2 \
	tpdu,teid=0x1114,isrc=10.9.0.99,isport=5004,count=3 \
	tpdu,teid=0x2222,isrc=10.9.1.1,isport=5006,count=3 \
	tpdu,teid=0x2223,isrc=10.9.1.1,isport=5007,count=2 \
	tpdu,teid=0x1116,isrc=10.9.0.5,isport=7998,idport=7999,count=1
wait_line $f '^copy .*dport=7999' 10000
sink_stop
ktap_check "GTP-U T-PDUs matched by inner UE address (IPv4, IPv6, with extension header and sequence number)" \
	check_eq "inner-address copies (0x1111 0x1112 0x1115 0x1113 0x1114)" "3 2 1 2 0" \
	"$(copies $f "kind=target .*xid=$XC corr=33 " 'teid=0x1111 inner=[0-9]+ proto=17 src=10.9.0.5 dst=10.8.0.1 sport=5001') $(copies $f "xid=$XC" 'teid=0x1112 inner=[0-9]+ .*src=10.9.0.5 .*sport=5002') $(copies $f "xid=$XC" 'teid=0x1115 .*sport=5005') $(copies $f "xid=$XC" 'teid=0x1113 inner=[0-9]+ proto=17 src=fd09::5 dst=fd08::1 sport=5003') $(copies $f 'teid=0x1114')"
ktap_check "GTP-U T-PDUs matched by TEID" \
	check_eq "TEID copies (0x2222 0x2223)" "3 0" \
	"$(copies $f "kind=target .*xid=$XD" 'teid=0x2222 .*src=10.9.1.1 .*sport=5006') $(copies $f 'teid=0x2223')"
ctl task flush

# ---- 7: signalling selector -----------------------------------------------
f=$OUT/t7
sink_start "$lm" $f
n_ue1 "$SEND" -I -p 46001 -n 2 -d 10.0.2.2 -P 5060
n_ue2 "$SEND" -I -p 46101 -n 2 -d 10.0.2.2 -P 5060
n_ue2 "$SEND" -I -p 46201 -n 2 -d fd02::2 -P 5060
n_core "$SEND" -p 5060 -n 2 -d 10.0.3.2 -P 46301
n_ue1 "$SEND" -p 46400 -d 10.0.2.2 -P 5070
n_ue1 /usr/bin/python3 "$here/gtpu_send.py" 10.0.1.2 10.0.2.2 \
	tpdu,teid=0x4444,isrc=10.9.2.2,isport=5090,idport=5060,count=2
ctl task add xid $XF delivery x2 target ipv4 10.0.1.2
marker "$ue1" 10.0.2.2 $f
sink_stop
ktap_check "signalling selector copies SIP of every UE, both ways, plain and in GTP-U" \
	check_eq "SIP copies (ue1 ue2 ue2-v6 core->ue2 gtp other-port)" "2 2 2 2 2 0" \
	"$(copies $f 'kind=signalling matches=0 ' 'src=10.0.1.2 dst=10.0.2.2 sport=4600[12] dport=5060') $(copies $f 'kind=signalling ' 'src=10.0.3.2 .*sport=4610[12] dport=5060') $(copies $f 'kind=signalling ' 'src=fd03::2 .*sport=4620[12] dport=5060') $(copies $f 'kind=signalling ' 'src=10.0.2.2 dst=10.0.3.2 sport=5060 dport=46301') $(copies $f 'kind=signalling ' 'teid=0x4444 .*src=10.9.2.2 .*sport=5090 dport=5060') $(copies $f 'sport=46400')"
ctl task flush

# ---- 8: media flows -------------------------------------------------------
ctl task add xid $XE delivery x3 target sip-uri sip:alice@ims.example
fid=$(n_lm "$LMISFCTL" -j flow add xid $XE correlation 77 proto udp \
	src 10.0.1.2 sport 40000 dst 10.0.2.2 dport 50000 |
	sed -n 's/.*"id": *\([0-9]*\).*/\1/p')
fid6=$(n_lm "$LMISFCTL" -j flow add xid $XE correlation 78 proto udp \
	src fd01::2 sport 40000 dst fd02::2 dport 50000 |
	sed -n 's/.*"id": *\([0-9]*\).*/\1/p')
fidg=$(n_lm "$LMISFCTL" -j flow add xid $XE correlation 79 proto udp \
	src 10.9.3.3 sport 40000 dst 10.8.3.3 dport 50000 |
	sed -n 's/.*"id": *\([0-9]*\).*/\1/p')
pretty lmisf "flow ids: $fid $fid6 $fidg"
f=$OUT/t8
sink_start "$lm" $f
n_ue1 "$SEND" -p 40000 -d 10.0.2.2 -P 50000 -n 4
n_core "$SEND" -p 50000 -d 10.0.1.2 -P 40000 -n 3
n_ue1 "$SEND" -p 40002 -d 10.0.2.2 -P 50000 -n 2
n_ue1 "$SEND" -p 40000 -d fd02::2 -P 50000 -n 2
n_core "$SEND" -p 50000 -d fd01::2 -P 40000 -n 2
n_ue1 /usr/bin/python3 "$here/gtpu_send.py" 10.0.1.2 10.0.2.2 \
	tpdu,teid=0x5555,isrc=10.9.3.3,isport=40000,idst=10.8.3.3,idport=50000,count=2 \
	tpdu,teid=0x5556,isrc=10.8.3.3,isport=50000,idst=10.9.3.3,idport=40000,count=1
ctl task add xid $XF delivery x2 target ipv4 10.0.1.2
marker "$ue1" 10.0.2.2 $f
sink_stop
ktap_check "media flow copies RTP in both directions (IPv4, IPv6, in GTP-U), other ports not" \
	check_eq "media copies (v4 out, v4 back, other port, v6 both, gtp both)" "4 3 0 4 3" \
	"$(copies $f "kind=media matches=1 match=media xid=$XE corr=77 flow=$fid " 'src=10.0.1.2 dst=10.0.2.2 sport=40000 dport=50000') $(copies $f "match=media .*flow=$fid " 'src=10.0.2.2 dst=10.0.1.2 sport=50000 dport=40000') $(copies $f 'sport=40002') $(copies $f "kind=media .*corr=78 flow=$fid6 " 'sport=(40000|50000)') $(copies $f "kind=media .*corr=79 flow=$fidg " 'teid=0x555[56] ')"
ctl task flush

# ---- 9-10: fragmented SIP --------------------------------------------------
f=$OUT/t9
sink_start "$lm" $f
n_ue1 "$SEND" -p 47001 -d 10.0.2.2 -P 5060 -l 3000
n_ue1 "$SEND" -p 47002 -d fd02::2 -P 5060 -l 3000
ctl task add xid $XF delivery x2 target ipv4 10.0.1.2
marker "$ue1" 10.0.2.2 $f
sink_stop
ktap_check "fragmented SIP over UDP/IPv4 copied once, reassembled, full length" \
	check_eq "IPv4 reassembled copies / fragments" "1 0" \
	"$(copies $f 'kind=signalling ' 'orig=3028 len=3028 proto=17 src=10.0.1.2 dst=10.0.2.2 sport=47001 dport=5060 frag=0') $(copies $f 'src=10.0.1.2 dst=10.0.2.2 .*frag=1')"
ktap_check "fragmented SIP over UDP/IPv6 copied once, reassembled, full length" \
	check_eq "IPv6 reassembled copies / fragments" "1 0" \
	"$(copies $f 'kind=signalling ' 'orig=3048 len=3048 proto=17 src=fd01::2 dst=fd02::2 sport=47002 dport=5060 frag=0') $(copies $f 'src=fd01::2 dst=fd02::2 .*frag=1')"
ctl task flush

# ---- 11-12: selector prefixes and TCP, GTP-U port ---------------------------
ctl selector set port tcp 5060 prefix 10.0.2.0/24
ctl config set gtpu-port 2153
ctl task add xid $XC delivery x2x3 target ipv4 10.9.0.5
f=$OUT/t11
sink_start "$lm" $f
n_ue2 "$SEND" -I -p 48001 -n 2 -d 10.0.2.2 -P 7100
n_ue1 "$SEND" -p 48100 -d 10.0.3.2 -P 5060
pretty ue1 "connect 10.0.2.2:5060 (TCP, refused)"
ip netns exec "$ue1" bash -c 'exec 5<>/dev/tcp/10.0.2.2/5060' 2>/dev/null
n_ue1 /usr/bin/python3 "$here/gtpu_send.py" 10.0.1.2 10.0.3.2 \
	tpdu,port=2153,teid=0x7777,isrc=10.9.0.5,isport=5101,count=2 \
	tpdu,port=2152,teid=0x7778,isrc=10.9.0.5,isport=5102,count=2
ctl task add xid $XF delivery x2 target ipv4 10.0.1.2
marker "$ue1" 10.0.3.2 $f
sink_stop
ktap_check "selector prefix (any port) and TCP port copy signalling; UDP 5060 no longer does" \
	check_eq "copies (prefix, TCP SYN+RST, UDP 5060)" "2 2 0" \
	"$(copies $f 'kind=signalling ' 'proto=17 src=10.0.3.2 dst=10.0.2.2 sport=4800[12] dport=7100') $(copies $f 'kind=signalling ' 'proto=6 .*(dport=5060|sport=5060)') $(copies $f 'sport=48100')"
ktap_check "GTP-U port is configurable: decapsulated on 2153, not on 2152" \
	check_eq "copies (2153, 2152)" "2 0" \
	"$(copies $f "kind=target .*xid=$XC" 'teid=0x7777 .*src=10.9.0.5 .*sport=5101') $(copies $f 'sport=5102|teid=0x7778')"
ctl selector set port udp 5060 port tcp 5060
ctl config set gtpu-port 2152
ctl task flush

# ---- 13-14: counters --------------------------------------------------------
ktap_check "no copy lost along the way (gaps, overruns, drops)" \
	check_eq "gaps overruns drop_rcvbuf drop_nomem" "0 0 0 0" \
	"$(summary_of $f gaps) $(summary_of $f overruns) $(stat_of $f drop_rcvbuf) $(stat_of $f drop_nomem)"
ktap_check "GTP-U decapsulations counted" [ "$(stat_of $f gtpu_decap)" -ge 16 ]

ktap_finished
