#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh (`make demo`): a VoLTE-like call of a UE inside GTP-U,
# intercepted by lmisf in a VM, and what the LEA side got.
#
#   tools/demo.sh [--plain] [--kernel KVER]
#
# On a fresh Debian 12, as root: installs what is missing (tools/deps.sh),
# builds lmisf.ko for the kernel (default: Debian's 6.12 series), lmisfd,
# lmisfctl, lmisf-mdf and the demo's GTP-U endpoint, boots ONE VM
# (tools/vm/run) that runs tools/demo/guest.sh: topology, module, MDF,
# lmisfd, a task activated with lmisfctl, the sipp call. Then decodes on
# the host with tshark what reached the MDF (one line per X2 PDU with the
# SIP message it carries, X3 PDUs counted per direction) and prints the
# counters. Nothing is printed that was not observed: when a component is
# missing, the demo says so and shows what did run.
# Results stay in build/demo/ (pcaps, logs).
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
cd "$root"
mode=gtp kver=
while [ $# -gt 0 ]; do
	case $1 in
	--plain) mode=plain ;;
	--kernel) kver=$2; shift ;;
	*) echo "usage: $0 [--plain] [--kernel KVER]" >&2; exit 2 ;;
	esac
	shift
done
t0=$(date +%s)
step() { printf '==> %s (%ds)\n' "$*" $(($(date +%s) - t0)); }

step "dependencies (tools/deps.sh)"
tools/deps.sh || exit 1
[ -n "$kver" ] || kver=$(tools/vm/kernels | grep '^6\.12\.' | tail -1)
[ -n "$kver" ] || kver=$(tools/vm/kernels | tail -1)
[ -n "$kver" ] || { echo "demo: no kernel to boot (tools/vm/kernels)" >&2; exit 1; }

jobs=${LMISF_JOBS:-$(nproc)}
log=$root/build/demo/build.log
out=$root/build/demo/out
mkdir -p "$root/build/demo"
rm -rf "$out" && mkdir -p "$out"
step "building lmisf.ko for $kver, lmisfd, the tools (log: build/demo/build.log)"
: >"$log"
make -j"$jobs" module KVER="$kver" >>"$log" 2>&1 ||
	{ tail -20 "$log"; echo "demo: module build failed" >&2; exit 1; }
make -j"$jobs" -C agent >>"$log" 2>&1 ||
	{ tail -20 "$log"; echo "demo: agent build failed" >&2; exit 1; }
# Each tool on its own, so that one that does not build yet (say, a tool
# still being written) does not stop the others.
for d in tools/*/Makefile; do
	d=${d%/Makefile}
	make -j"$jobs" -C "$d" >>"$log" 2>&1 || echo "demo: note: $d does not build (see $log)"
done
ko=$root/build/kmod/$kver/lmisf.ko
for f in "$ko" agent/build/release/lmisfd tools/lmisfctl/build/release/lmisfctl \
	tools/demo/build/release/lmisf-gtpu; do
	[ -e "$f" ] || { echo "demo: $f missing after the build" >&2; exit 1; }
done

step "booting $kver under QEMU: the call runs in the VM"
tools/vm/run --kernel "$kver" --timeout 900 --rw "$out" -- \
	tools/demo/guest.sh "$out" "$ko" "$mode" | sed 's/^/   vm| /'
rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] || echo "demo: the VM run failed (tools/vm/run status $rc)"

step "what the LEA side got"
"$here/demo/report.sh" "$out"
step "done"
