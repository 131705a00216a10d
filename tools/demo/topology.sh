# SPDX-License-Identifier: GPL-2.0
#
# topology.sh: sourced by tools/demo/guest.sh and tools/demo/tests/kernel.sh.
# Builds, in the current network namespace's kernel:
#
#   ue ns                      lm ns (router: lmisf.ko, lmisfd)        ims ns
#   UE 10.45.0.7 (tun gtp-ue)                                  P-CSCF 10.46.0.1 (tun gtp-ims)
#   SGW end  ue0 10.0.1.2 ---- lm-ue 10.0.1.1   lm-ims 10.0.2.1 ---- ims0 10.0.2.2  PGW end
#
# With topo_gtp, the UE's packets travel inside GTP-U between the two
# lmisf-gtpu endpoints (uplink TEID 0x1000, downlink 0x2000); with
# topo_plain the UE and P-CSCF addresses sit on the veths themselves and
# are routed in the clear. Either way lm ns sees every packet of the call
# in PRE_ROUTING and forwards it.
#
# Needs: $TOPO_TMP (a directory), $GTPU (the lmisf-gtpu binary).
# Sets: UE, LM, IMS (namespace names), UE_IP, PCSCF_IP, PIDS (to kill).

UE_IP=10.45.0.7
PCSCF_IP=10.46.0.1
UE_OUTER=10.0.1.2
IMS_OUTER=10.0.2.2
TEID_UP=0x1000
TEID_DOWN=0x2000
PIDS=

# waitfor SECS CMD...: until CMD succeeds (a waiter, never a fixed sleep).
waitfor() {
	local end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.2
	done
}

topo_links() {
	local tag=$1
	UE=ue-$tag LM=lm-$tag IMS=ims-$tag
	for ns in "$UE" "$LM" "$IMS"; do
		ip netns add "$ns" && ip -n "$ns" link set lo up || return 1
		# IPv4 only: no router solicitations or DAD among the call
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	done
	ip link add ue0 netns "$UE" type veth peer name lm-ue netns "$LM" &&
		ip link add ims0 netns "$IMS" type veth peer name lm-ims netns "$LM" ||
		return 1
	ip -n "$UE" addr add $UE_OUTER/24 dev ue0
	ip -n "$LM" addr add 10.0.1.1/24 dev lm-ue
	ip -n "$LM" addr add 10.0.2.1/24 dev lm-ims
	ip -n "$IMS" addr add $IMS_OUTER/24 dev ims0
	ip -n "$UE" link set ue0 up
	ip -n "$LM" link set lm-ue up
	ip -n "$LM" link set lm-ims up
	ip -n "$IMS" link set ims0 up
	ip -n "$UE" route add default via 10.0.1.1
	ip -n "$IMS" route add default via 10.0.2.1
	ip netns exec "$LM" sysctl -qw net.ipv4.ip_forward=1
}

# topo_gtp TAG: the UE and the P-CSCF behind GTP-U tunnel endpoints.
topo_gtp() {
	topo_links "$1" || return 1
	modprobe -q tun 2>/dev/null
	ip netns exec "$UE" "$GTPU" gtp-ue $UE_OUTER $IMS_OUTER $TEID_UP \
		$TEID_DOWN "$TOPO_TMP/gtp-ue.ready" 2>"$TOPO_TMP/gtp-ue.log" &
	PIDS="$PIDS $!"
	ip netns exec "$IMS" "$GTPU" gtp-ims $IMS_OUTER $UE_OUTER $TEID_DOWN \
		$TEID_UP "$TOPO_TMP/gtp-ims.ready" 2>"$TOPO_TMP/gtp-ims.log" &
	PIDS="$PIDS $!"
	waitfor 60 test -e "$TOPO_TMP/gtp-ue.ready" -a -e "$TOPO_TMP/gtp-ims.ready" ||
		return 1
	# 1400: the 36 bytes of outer IP/UDP/GTP-U fit the veth's 1500
	ip -n "$UE" link set gtp-ue mtu 1400 up
	ip -n "$UE" addr add $UE_IP/32 dev gtp-ue
	ip -n "$UE" route add 10.46.0.0/24 dev gtp-ue src $UE_IP
	ip -n "$IMS" link set gtp-ims mtu 1400 up
	ip -n "$IMS" addr add $PCSCF_IP/32 dev gtp-ims
	ip -n "$IMS" route add 10.45.0.0/16 dev gtp-ims src $PCSCF_IP
}

# topo_plain TAG: the same addresses, routed in the clear by lm ns.
topo_plain() {
	topo_links "$1" || return 1
	ip -n "$UE" addr add $UE_IP/32 dev ue0
	ip -n "$UE" route add 10.46.0.0/24 via 10.0.1.1 src $UE_IP
	ip -n "$IMS" addr add $PCSCF_IP/32 dev ims0
	ip -n "$IMS" route add 10.45.0.0/16 via 10.0.2.1 src $PCSCF_IP
	ip -n "$LM" route add $UE_IP/32 via $UE_OUTER
	ip -n "$LM" route add $PCSCF_IP/32 via $IMS_OUTER
}

# topo_down: stops the tunnel endpoints (they log their counters) and
# removes the namespaces.
topo_down() {
	local p
	for p in $PIDS; do kill -TERM "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	PIDS=
	for ns in "$UE" "$LM" "$IMS"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
}
