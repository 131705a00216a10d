#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# SIP parse cost per message, lmisf versus libosip2, as callgrind instruction
# counts measured in one run (see Documentation/performance.rst).
#
#   bench/sip/run.sh [ITERATIONS]
#   BENCH_BUILD_ONLY=1 bench/sip/run.sh    build, do not run (make check)
#
# Message sets: the RFC 4475 valid messages from ../shared/testdata (skipped
# when absent; LMISF_TESTDATA overrides) and the sipp-style call in call/.
# Needs valgrind and libosip2-dev.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
iters=${1:-50}
testdata=${LMISF_TESTDATA:-$root/../shared/testdata}
out=$root/bench/sip/build
mkdir -p "$out"

osip_libs=$(pkg-config --libs libosip2 2>/dev/null || echo "-losipparser2")
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
	-I"$root/agent" -I"$here" -o "$out/bench_sip" "$here/bench_sip.c" "$here/bench_osip.c" \
	"$root"/agent/sip_lex.c "$root"/agent/sip_uri.c "$root"/agent/sip_hdr.c \
	"$root"/agent/sip_msg.c "$root"/agent/sdp.c $osip_libs
[ -z "${BENCH_BUILD_ONLY:-}" ] || exit 0

torture=$(ls "$testdata"/sip-torture/rfc4475/3.1.1-valid/*.dat 2>/dev/null || true)
[ -n "$torture" ] || echo "# $testdata/sip-torture absent: RFC 4475 set skipped"

valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
	"$out/bench_sip" "$iters" torture: $torture call: "$here"/call/*.sip \
	>"$out/counts.txt" 2>"$out/valgrind.log"

callgrind_annotate --inclusive=yes --threshold=100 "$out/callgrind.out" \
	>"$out/annotate.txt"

# Inclusive Ir of one bench entry point (0 when never called).
ir() {
	awk -v f="$1" '$0 ~ (":" f " ") || $0 ~ (":" f "$") {
		gsub(",", "", $1); print $1; found = 1; exit }
		END { if (!found) print 0 }' "$out/annotate.txt"
}

awk -v iters="$iters" \
	-v lt="$(ir bench_lmisf_torture)" -v ot="$(ir bench_osip_torture)" \
	-v lc="$(ir bench_lmisf_call)" -v oc="$(ir bench_osip_call)" \
	-v of="$(ir osip_free_one)" '
/^torture / { tn = $2; tl = $3; to = $4 }
/^call / { cn = $2; cl = $3; co = $4 }
END {
	printf "SIP parse cost (callgrind Ir per message, %d iterations, SIP + SDP body)\n", iters
	printf "%-22s %5s %9s %9s %12s %12s %8s\n", "set", "msgs", "ok lmisf", "ok osip",
	       "lmisf Ir", "libosip2 Ir", "ratio"
	row("RFC 4475 valid", tn, tl, to, lt, ot)
	row("sipp call", cn, cl, co, lc, oc)
	row("all", tn + cn, tl + cl, to + co, lt + lc, ot + oc)
	# osip_free_one also ran once per message in the acceptance pass
	fr = of * iters / (iters + 1)
	printf "%-22s %5d %9d %9d %12.0f %12.0f %7.2fx\n", "all, osip without free",
	       tn + cn, tl + cl, to + co, (lt + lc) / ((tn + cn) * iters),
	       (ot + oc - fr) / ((tn + cn) * iters), (ot + oc - fr) / (lt + lc)
}
function row(name, n, okl, oko, l, o) {
	if (n == 0) { printf "%-22s %5d (absent)\n", name, 0; return }
	printf "%-22s %5d %9d %9d %12.0f %12.0f %7.2fx\n", name, n, okl, oko,
	       l / (n * iters), o / (n * iters), (l > 0 ? o / l : 0)
}' "$out/counts.txt"
