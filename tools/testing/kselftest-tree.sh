#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kselftest-tree.sh DIR: builds and installs selftests/lmisf the way a
# kernel tree's kselftest does, in DIR (emptied first), laid out as the
# part of a kernel tree that needs:
#   DIR/tools/testing/selftests/   Makefile, lib.mk, kselftest*.h,
#                                  kselftest/, run_kselftest.sh and
#   DIR/scripts/subarch.include    from Debian's linux-source (tools/ksrc.sh);
#   DIR/usr/include/linux/lmisf.h  uapi/linux/lmisf.h where `make headers`
#                                  installs a tree's include/uapi;
#   DIR/tools/testing/selftests/lmisf/
#                                  selftests/lmisf's files (not build/), with
#                                  uapi/lmisf_stats.h beside them (names of
#                                  the counters: userspace only, not uapi).
# Then, as the kselftest documentation says:
#   make -C DIR/tools/testing/selftests TARGETS=lmisf install
# which builds into the source directory (lib.mk's OUTPUT) and installs
# into DIR/tools/testing/selftests/kselftest_install (run_kselftest.sh,
# kselftest-list.txt, lmisf/). DIR/.built marks a complete build.
# Make's output goes to stdout; the exit status is make's.
set -eu

[ $# -eq 1 ] || {
	echo "usage: $0 DIR" >&2
	exit 2
}
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
ksrc=$("$root/tools/ksrc.sh")
dir=$(realpath -m "$1")
st=$dir/tools/testing/selftests

rm -rf "$dir"
mkdir -p "$st/lmisf" "$dir/scripts" "$dir/usr/include/linux"
cp -R "$ksrc"/tools/testing/selftests/kselftest* \
	"$ksrc"/tools/testing/selftests/Makefile \
	"$ksrc"/tools/testing/selftests/lib.mk \
	"$ksrc"/tools/testing/selftests/run_kselftest.sh "$st/"
cp "$ksrc/scripts/subarch.include" "$dir/scripts/"
cp "$root/uapi/linux/lmisf.h" "$dir/usr/include/linux/"
# Every file of the target, whatever it is (a kernel tree has them all).
(cd "$root/selftests/lmisf" && find . -path ./build -prune -o -type f -print |
	cpio -pdm --quiet "$st/lmisf")
cp "$root/uapi/lmisf_stats.h" "$st/lmisf/"

make -j"${LMISF_JOBS:-$(nproc)}" -C "$st" TARGETS=lmisf install
touch "$dir/.built"
