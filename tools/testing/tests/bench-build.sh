#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The benchmarks under bench/ build, with -Werror, from the tree as it is:
# nothing runs them in make check (they are measurements, not tests), so
# this keeps them from falling behind the code they measure.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../../.." && pwd -P)
. "$root/tools/testing/tap-result.sh"

# build DESC CMD...: CMD succeeds (its output shown when not).
build() {
	desc=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		result "$desc"
	else
		result "$desc" "$(tail -n 20 "$tmp/out")"
	fi
}

echo "TAP version 13"
echo "1..3"
build "bench/icf (ICF ingest, memory, queries, Redis anchor) builds" \
	env BENCH_BUILD_ONLY=1 "$root/bench/icf/run.sh"
build "bench/sip (lmisf against libosip2) builds" \
	env BENCH_BUILD_ONLY=1 "$root/bench/sip/run.sh"
build "bench/kernel helpers (lmisf against NFLOG) build" \
	make -s -C "$root/bench/kernel" OUT="$tmp/kernel"
exit "$failed"
