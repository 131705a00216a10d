#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Prints the directory of the parts of Debian's linux-source-6.12 the build
# needs (kselftest headers and build machinery, YNL, the netlink schema,
# checkpatch, .clang-format), extracting them once into a cache outside
# the tree. Extraction reads the whole xz stream (~10 s), so it is cached
# per tarball and list of parts.
set -eu

tarball=${LMISF_LINUX_SOURCE:-/usr/src/linux-source-6.12.tar.xz}
cache=${LMISF_CACHE:-/var/cache/lmisf}
[ -r "$tarball" ] || {
	echo "ksrc: $tarball missing (apt-get install linux-source-6.12)" >&2
	exit 1
}
# What is extracted (relative to the tarball's top directory). The
# kselftest Makefile, lib.mk, runner and subarch.include let
# tools/testing/kselftest-tree.sh build the selftests as a kernel tree does.
parts="
tools/testing/selftests/kselftest*
tools/testing/selftests/Makefile
tools/testing/selftests/lib.mk
tools/testing/selftests/run_kselftest.sh
tools/testing/selftests/net/lib.sh
tools/net/ynl
Documentation/netlink
scripts/checkpatch.pl
scripts/spelling.txt
scripts/const_structs.checkpatch
scripts/subarch.include
.clang-format
"
# A new list of parts is a new cache directory.
stamp=$(stat -c '%s-%Y' "$tarball")-$(echo "$parts" | cksum | cut -d' ' -f1)
dir=$cache/ksrc-$stamp
if [ ! -f "$dir/.done" ]; then
	mkdir -p "$dir"
	# One extraction at a time: several builds may ask at once.
	exec 9>"$dir.lock"
	flock 9
	if [ ! -f "$dir/.done" ]; then
		top=$(tar tf "$tarball" 2>/dev/null | head -1 | cut -d/ -f1)
		set -f # the patterns are tar's to match, not the shell's
		# shellcheck disable=SC2046 # one pattern per word, no spaces
		tar xf "$tarball" -C "$dir" --strip-components=1 --wildcards \
			$(for p in $parts; do printf '%s/%s\n' "$top" "$p"; done)
		touch "$dir/.done"
	fi
	exec 9>&-
fi
echo "$dir"
