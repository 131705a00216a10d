#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kernel.sh (a VM lane's <series>-testing-kernel, guest-selftests.sh's
# environment: root, LMISF_KO): selftests/lmisf as a kernel tree's
# kselftest, run by the tree's own runner with the module. The tree is the
# one tests/kselftest-tree.sh built on the host (build/kselftest-tree, in
# make check's host tests, before the lanes); skipped when it is missing
# or older than selftests/lmisf or uapi/. Then, as a kernel developer would:
#   run_kselftest.sh -t lmisf:lmisf_api_config -t lmisf:loopback.sh
# (a C program on uapi/lmisf_stats.h's names, and a shell one with
# lmisf-sink, lib.sh and the installed lmisfctl found on PATH, the lmisf
# tree unknown): both pass, neither skipped, their own tests all passed.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../../.." && pwd -P)
dir=${LMISF_KSELFTEST_TREE:-$root/build/kselftest-tree}
. "$root/tools/testing/tap-result.sh"

skip_all() {
	echo "1..0 # SKIP $*"
	exit 4
}
[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -n "${LMISF_KO:-}" ] && [ "$LMISF_KO" != - ] || skip_all "LMISF_KO not set"
ctl=$root/tools/lmisfctl/build/release/lmisfctl
[ -x "$ctl" ] || skip_all "lmisfctl not built (make -C tools)"

# Building it here takes over 15 minutes under TCG: the host's build is
# used, and must be of these sources.
[ -f "$dir/.built" ] ||
	skip_all "no kselftest tree in $dir (tools/testing/tests/kselftest-tree.sh builds it)"
# Sources only: Python's byte-code cache, written when a test imports
# inet_pkt, is not one.
stale=$(find "$root/selftests/lmisf" "$root/uapi" \( -path "$root/selftests/lmisf/build" \
	-o -name __pycache__ \) -prune -o -type f -newer "$dir/.built" -print | head -n 3)
[ -z "$stale" ] || skip_all "the kselftest tree in $dir is older than" $stale \
	"(tools/testing/tests/kselftest-tree.sh rebuilds it)"

# kselftest's runner writes its log to /dev/stdout; a bare devtmpfs (the
# guest of tools/vm/run has no udev) lacks the link, and the runner's
# output would land in a file of that name.
if [ ! -L /dev/stdout ]; then
	rm -f /dev/stdout
	ln -s /proc/self/fd/1 /dev/stdout
fi

echo "TAP version 13"
echo "1..4"
inst=$dir/tools/testing/selftests/kselftest_install
if [ -x "$inst/run_kselftest.sh" ]; then
	result "a kernel tree's kselftest install of lmisf is there ($dir)"
else
	result "a kernel tree's kselftest install of lmisf is there ($dir)" "no $inst/run_kselftest.sh"
	exit 1
fi

env -u LMISF_ROOT -u LMISF_SELFTESTS_BUILD PATH="$(dirname "$ctl"):$PATH" \
	"$inst/run_kselftest.sh" -t lmisf:lmisf_api_config -t lmisf:loopback.sh \
	2>&1 | cat >"$tmp/run" # a pipe: the runner reopens /dev/stdout
sed 's/^/# /' "$tmp/run"
for p in lmisf_api_config loopback.sh; do
	line=$(grep "^\(not \)\?ok [0-9]* selftests: lmisf: $p\( \|$\)" "$tmp/run")
	case $line in
	"ok "*"# SKIP"*) result "run_kselftest.sh: $p passes" "skipped: $line" ;;
	"ok "*) result "run_kselftest.sh: $p passes" ;;
	*) result "run_kselftest.sh: $p passes" "${line:-no result}" ;;
	esac
done
passed=$(grep -c '^# ok [0-9]' "$tmp/run")
result "their own tests all passed ($passed)" \
	"$([ "$passed" -gt 0 ] || echo "no subtest result"; grep '^# not ok\|# SKIP' "$tmp/run")"
exit $failed
