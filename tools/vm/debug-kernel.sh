#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh [--path]: builds, or finds in its cache, the debug kernel
# of make check's third lane and prints its directory on stdout (progress
# goes to stderr).
#
#   --path   only print the directory if it is built; exit 1 otherwise
#
# The kernel: Debian's linux-source-6.12 (/usr/src/linux-source-6.12.tar.xz,
# LMISF_LINUX_SOURCE overrides), `make allnoconfig` with tools/vm/debug.config
# forced (KCONFIG_ALLCONFIG): everything the selftests use built in, plus
# KASAN (generic, inline), kmemleak (scanned on demand), lockdep, PROVE_RCU,
# DEBUG_LIST, DEBUG_ATOMIC_SLEEP and UBSAN. Every line of the fragment is
# checked against the final .config: a symbol Kconfig dropped (unmet
# dependency) fails the build instead of silently testing less.
#
# The cache: $LMISF_CACHE (default /var/cache/lmisf)/debug-kernel-KEY/, KEY
# a hash of the source package (version, size, mtime), the compiler, the
# fragment and this script, so any change to one of them builds a new one.
# It holds
#   linux/      the source tree, built in place (so every path in it is
#               relative and the directory can be renamed): the kbuild tree
#               `make module KDIR=.../linux` builds lmisf.ko against;
#   vmlinuz     the bzImage;  release  `make kernelrelease`;
#   modroot/lib/modules/RELEASE/  `make modules_install` output
#               (modules.builtin: modprobe of a built-in module succeeds);
#               tools/vm/run makes the guest see it at /lib/modules/RELEASE;
#   build.log   the build's output;  build-time  seconds it took.
# It is built in debug-kernel-KEY.tmp.PID and renamed when complete, under
# a lock, so an interrupted build never leaves a half cache (the next run
# removes the leftover). Older debug-kernel-* directories are removed then.
#
# make runs with -j LMISF_JOBS (default: the number of CPUs) under nice -n 10
# (it may run beside TCG guests that have timeouts).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
tarball=${LMISF_LINUX_SOURCE:-/usr/src/linux-source-6.12.tar.xz}
cache=${LMISF_CACHE:-/var/cache/lmisf}
fragment=$here/debug.config
jobs=${LMISF_JOBS:-$(nproc)}

die() {
	echo "debug-kernel: $*" >&2
	exit 1
}

[ -r "$tarball" ] || die "$tarball missing (apt-get install linux-source-6.12)"
pkgver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
key=$({
	echo "$pkgver"
	stat -Lc '%s %Y' "$tarball"
	gcc --version | head -n1
	cat "$fragment" "${BASH_SOURCE[0]}"
} | sha256sum | cut -c1-16)
dir=$cache/debug-kernel-$key

complete() {
	[ -f "$dir/vmlinuz" ] && [ -f "$dir/release" ]
}

if [ "${1-}" = --path ]; then
	complete || die "not built: run $here/debug-kernel.sh (key $key)"
	echo "$dir"
	exit 0
fi
[ $# -eq 0 ] || die "usage: $0 [--path]"

if complete; then
	echo "$dir"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/debug-kernel.lock"
flock 9
if complete; then # built by someone else while we waited
	echo "$dir"
	exit 0
fi
# Leftovers of interrupted builds (nobody else builds: we hold the lock).
rm -rf "$cache"/debug-kernel-*.tmp.*

tmp=$dir.tmp.$$
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
start=$(date +%s)
echo "debug-kernel: building $dir (linux-source $pkgver, make -j$jobs; log $tmp/build.log)" >&2
mkdir "$tmp/linux"
tar xf "$tarball" -C "$tmp/linux" --strip-components=1

# set -e does not apply in `if ! (build)`: every step returns its failure.
build() {
	cd "$tmp/linux" || return
	make -s KCONFIG_ALLCONFIG="$fragment" allnoconfig || return
	# KCONFIG_ALLCONFIG drops symbols whose dependencies are unmet without
	# a word: check every line of the fragment.
	local line sym bad=0
	while IFS= read -r line; do
		case $line in
		'# CONFIG_'*' is not set')
			sym=${line#\# }
			sym=${sym%% *}
			if grep -q "^$sym=" .config; then
				echo "debug-kernel: $sym is set, the fragment says not" >&2
				bad=1
			fi ;;
		CONFIG_*)
			if ! grep -qxF "$line" .config; then
				echo "debug-kernel: wanted $line, got:" \
					"$(grep -E "^${line%%=*}=|^# ${line%%=*} is not set" .config || echo absent)" >&2
				bad=1
			fi ;;
		esac
	done <"$fragment"
	[ "$bad" = 0 ] || return 1
	nice -n 10 make -j"$jobs" bzImage modules || return
	nice -n 10 make modules_install INSTALL_MOD_PATH="$tmp/modroot" || return
	make -s kernelrelease >"$tmp/release" || return
	[ -f "$tmp/modroot/lib/modules/$(cat "$tmp/release")/modules.dep" ] || return
	cp arch/x86/boot/bzImage "$tmp/vmlinuz"
}
if ! (build) >"$tmp/build.log" 2>&1; then
	tail -n 40 "$tmp/build.log" >&2
	die "build failed (the log above is the end of $tmp/build.log, removed now)"
fi
echo $(($(date +%s) - start)) >"$tmp/build-time"

for old in "$cache"/debug-kernel-*; do
	[ -d "$old" ] && [ "$old" != "$dir" ] || continue
	case $old in *.tmp.*) continue ;; esac
	rm -rf "$old"
done
mv "$tmp" "$dir"
trap - EXIT
echo "debug-kernel: built $(cat "$dir/release") in $(cat "$dir/build-time") s" >&2
echo "$dir"
