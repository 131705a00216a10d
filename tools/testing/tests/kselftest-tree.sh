#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# selftests/lmisf as a kernel tree's kselftest target, on the host: built
# and installed by the kselftest Makefile and lib.mk (tools/testing/
# kselftest-tree.sh, into build/kselftest-tree, which the VM lanes' test
# tools/testing/tests/kernel.sh then runs with the module), everything the
# Makefile names installed, the runner's list in print-tests' order, and
# `make -C tools/testing/selftests TARGETS=lmisf run_tests` running every
# program through kselftest's runner: the host cannot load the module, so
# each one must skip (exit 4), and the runner must apply `settings`.
set -u

# Independent of the make that runs this (make check): its flags (-w, the
# jobserver) would put directory lines into the lists make prints here.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../../.." && pwd -P)
dir=${LMISF_KSELFTEST_TREE:-$root/build/kselftest-tree}
st=$dir/tools/testing/selftests
inst=$st/kselftest_install
. "$root/tools/testing/tap-result.sh"

echo "TAP version 13"
echo "1..6"
if nice "$root/tools/testing/kselftest-tree.sh" "$dir" >"$tmp/build" 2>&1; then
	result "make -C tools/testing/selftests TARGETS=lmisf install builds and installs"
else
	result "make -C tools/testing/selftests TARGETS=lmisf install builds and installs" \
		"$(tail -n 40 "$tmp/build")"
	for d in "every program and file installed" "run_kselftest.sh -l lists the programs in order" \
		"run_tests: one result per program" "run_tests: every program skips on the host" \
		"run_tests: settings' timeout applied"; do
		result "$d # SKIP not built"
	done
	exit 1
fi

# The Makefile's own lists, evaluated by make in the lmisf tree.
vars() {
	make -s --no-print-directory -C "$root/selftests/lmisf" -f Makefile -f - \
		lmisf-vars <<-'EOF'
		lmisf-vars: ; @printf '%s\n' $(notdir $(TEST_GEN_PROGS) $(TEST_GEN_FILES)) $(TEST_PROGS) $(TEST_FILES)
		EOF
}
missing=
for f in $(vars); do
	[ -f "$inst/lmisf/$f" ] || missing="$missing $f"
done
for f in $(make -s -C "$root/selftests/lmisf" print-tests); do
	f=$(basename "$f")
	[ -x "$inst/lmisf/$f" ] || missing="$missing $f(not executable)"
done
result "every program and file installed" "${missing:+missing in $inst/lmisf:$missing}"

make -s -C "$root/selftests/lmisf" print-tests | sed 's#.*/##; s#^#lmisf:#' >"$tmp/want"
"$inst/run_kselftest.sh" -l >"$tmp/list" 2>&1
result "run_kselftest.sh -l lists the programs in order" \
	"$(diff "$tmp/want" "$tmp/list")"

# The runner as a kernel developer would start it; nothing of the lmisf
# tree's environment may leak in (it would find lmisfctl, the module).
if [ -d /sys/module/lmisf ]; then
	for d in "run_tests: one result per program" "run_tests: every program skips on the host" \
		"run_tests: settings' timeout applied"; do
		result "$d # SKIP lmisf is loaded on this host: the programs would run for real"
	done
	exit $failed
fi
env -u LMISF_KO -u LMISF_ROOT -u LMISF_SELFTESTS_BUILD \
	make -s -C "$st" TARGETS=lmisf run_tests >"$tmp/run" 2>&1
want=$(wc -l <"$tmp/want")
got=$(grep -c '^ok [0-9]* selftests: lmisf: \|^not ok [0-9]* selftests: lmisf: ' "$tmp/run")
result "run_tests: one result per program" \
	"$([ "$got" -eq "$want" ] && grep -qx "1\.\.$want" "$tmp/run" ||
		{ echo "$want programs, $got results"; tail -n 20 "$tmp/run"; })"
result "run_tests: every program skips on the host" \
	"$(grep '^ok [0-9]* selftests: lmisf: \|^not ok [0-9]* selftests: lmisf: ' "$tmp/run" |
		grep -v '^ok [0-9]* selftests: lmisf: .* # SKIP$')"
timeout=$(sed -n 's/^timeout=//p' "$root/selftests/lmisf/settings")
result "run_tests: settings' timeout applied" \
	"$([ "$(grep -c "^# timeout set to $timeout\$" "$tmp/run")" -eq "$want" ] ||
		grep '^# timeout' "$tmp/run" | sort | uniq -c)"
exit $failed
