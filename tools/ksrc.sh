#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Prints the directory of the parts of Debian's linux-source-6.12 the build
# needs (kselftest headers, YNL, the netlink schema, checkpatch,
# .clang-format), extracting them once into a cache outside the tree.
# Extraction reads the whole xz stream (~10 s), so it is cached per tarball.
set -eu

tarball=${LMISF_LINUX_SOURCE:-/usr/src/linux-source-6.12.tar.xz}
cache=${LMISF_CACHE:-/var/cache/lmisf}
[ -r "$tarball" ] || {
	echo "ksrc: $tarball missing (apt-get install linux-source-6.12)" >&2
	exit 1
}
stamp=$(stat -c '%s-%Y' "$tarball")
dir=$cache/ksrc-$stamp
if [ ! -f "$dir/.done" ]; then
	mkdir -p "$dir"
	top=$(tar tf "$tarball" 2>/dev/null | head -1 | cut -d/ -f1)
	tar xf "$tarball" -C "$dir" --strip-components=1 --wildcards \
		"$top/tools/testing/selftests/kselftest*" \
		"$top/tools/testing/selftests/net/lib.sh" \
		"$top/tools/net/ynl" \
		"$top/Documentation/netlink" \
		"$top/scripts/checkpatch.pl" \
		"$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch" \
		"$top/.clang-format"
	touch "$dir/.done"
fi
echo "$dir"
