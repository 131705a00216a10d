#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools/vm/run --deadline, which make check passes to every VM
# (LMISF_CHECK_DEADLINE): a guest still running at the deadline is stopped
# (124, said so) whatever its --timeout; a deadline already passed boots
# nothing; a later one leaves a guest that ends first alone; a malformed
# one is refused. Boots the first kernel of tools/vm/kernels under TCG
# (a few seconds each); skipped when none is installed.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../../.." && pwd -P)
run=$root/tools/vm/run
. "$root/tools/testing/tap-result.sh"

echo "TAP version 13"
if [ -z "$("$root/tools/vm/kernels" 2>/dev/null)" ]; then
	echo "1..0 # SKIP no kernel in tools/vm/kernels (tools/deps.sh installs them)"
	exit 0
fi
echo "1..4"

# vm WANT DESC GREP ARGS...: run ARGS, want status WANT and GREP (an ERE,
# or empty) in its stderr.
vm() {
	want=$1 desc=$2 re=$3
	shift 3
	"$run" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	why=
	[ "$rc" = "$want" ] || why="status $rc, want $want"
	[ -z "$re" ] || grep -Eq -e "$re" "$tmp/err" || why="${why:+$why; }stderr lacks /$re/"
	[ -z "$why" ] || why=$(printf '%s\n' "$why"; tail -n 15 "$tmp/err")
	result "$desc" "$why"
}

now=$(date +%s)
vm 124 "a guest still running at --deadline is stopped (its --timeout is longer)" \
	"timed out at the deadline" \
	--timeout 600 --deadline $((now + 30)) -- sleep 500
now=$(date +%s)
vm 124 "a deadline already passed boots nothing" "has passed; not booted" \
	--timeout 600 --deadline $((now - 1)) -- true
now=$(date +%s)
vm 0 "a later deadline leaves a guest that ends first alone" "" \
	--timeout 600 --deadline $((now + 600)) -- true
vm 2 "a malformed deadline is refused" "--deadline wants seconds" \
	--deadline soon -- true
exit $failed
