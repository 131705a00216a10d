#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh: installs what building and testing lmisf needs on Debian 12.
# Idempotent: when every package is already installed it only asks dpkg
# (well under a second) and never touches apt or the network.
#
# INITRD=No skips two update-initramfs runs the VM harness never uses
# (~140 s); --no-install-recommends keeps the set small (51 s instead of
# ~4 min on a fresh minimal bookworm); noninteractive because tshark asks
# a debconf question. flex, bison, bc and libelf-dev build the debug kernel
# (tools/vm/debug-kernel.sh). clang-14 and libclang-rt-14-dev build the
# agent's libFuzzer targets; llvm-14 symbolizes their reports and measures
# their coverage (llvm-cov-14). rsync: the kselftest install (lib.mk).
set -eu

PACKAGES="
build-essential clang-14 libclang-rt-14-dev llvm-14 clang-format-14
pkg-config git
qemu-system-x86 busybox-static kmod cpio iproute2 sip-tester tshark
linux-image-amd64 linux-headers-amd64
linux-image-6.12-amd64 linux-headers-6.12-amd64 linux-source-6.12
libnl-genl-3-dev libnl-3-dev libmnl-dev libprotobuf-c-dev protobuf-c-compiler
libssl-dev libpcap-dev python3-yaml python3-jsonschema python3-scapy
nftables libnetfilter-log-dev iperf3 redis-server libhiredis-dev
libosip2-dev asn1c tcpreplay jq xz-utils zstd valgrind iputils-ping
flex bison bc libelf-dev
netcat-openbsd socat ethtool procps codespell rsync
"

# One dpkg-query for all: packages it does not know are simply not listed.
# shellcheck disable=SC2086
installed=$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' $PACKAGES \
	2>/dev/null | sed -n 's/^installed //p' || true)
missing=
for p in $PACKAGES; do
	echo "$installed" | grep -qx "$p" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: must run as root to install packages" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive INITRD=No
apt-get update -q
# shellcheck disable=SC2086 # word splitting of the package list is wanted
apt-get install -y -q --no-install-recommends $missing
