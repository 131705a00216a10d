# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Sourced by the shell tests of tools/testing/tests: numbered TAP results
# and a scratch directory $tmp removed at exit. $failed is 1 once a result
# failed (the test's exit status).
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# result DESC [WHY]: "ok" when WHY is empty, else WHY as comments and
# "not ok".
result() {
	n=$((n + 1))
	if [ -z "${2-}" ]; then
		echo "ok $n - $1"
	else
		echo "$2" | sed 's/^/# /'
		echo "not ok $n - $1"
		failed=1
	fi
}
