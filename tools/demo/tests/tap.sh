# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tap.sh: TAP results for the demo's tests (kernel.sh, callee.sh), sourced.
# n counts the tests, failed the failures.
n=0 failed=0

# result NAME WHY: ok when WHY is empty, else not ok with WHY as comments
result() {
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		echo "$2" | sed 's/^/# /'
		failed=$((failed + 1))
	fi
}
skip() {
	n=$((n + 1))
	echo "ok $n $1 # SKIP $2"
}
