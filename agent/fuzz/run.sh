#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: runs the libFuzzer targets of build/fuzz (make fuzz-build).
#
#   run.sh check TARGET   one short run, TAP on stdout (make check): the
#                         committed seeds, then FUZZ_CHECK_TIME seconds
#                         (default 6) of fuzzing; a crash, leak or UB
#                         report fails it and names the reproducer.
#   run.sh long TARGET... FUZZ_TIME seconds each (default 600), at most
#                         FUZZ_JOBS targets at once (default 1), nice'd;
#                         the corpus grows in build/fuzz/corpus/TARGET;
#                         ends with a table of executions, coverage and
#                         crashes.
#   run.sh merge TARGET [DIR...]
#                         minimises the committed seeds and DIRs (and the
#                         grown corpus with FUZZ_MERGE_GROWN=1) into
#                         corpus/TARGET (-merge=1, edges only unless
#                         FUZZ_MERGE_FLAGS says otherwise); seeds not
#                         named by a hex hash are kept whatever their
#                         coverage.
#   run.sh seeds TARGET   prints the seed directories of TARGET.
#   run.sh report TARGET...  the table of the last long runs.
#
# Seeds: corpus/TARGET (committed, written by mkcorpus* programs or kept
# from merges) and, when present, outside material from LMISF_TESTDATA
# (default ../shared/testdata beside the repository), used in place and
# never copied into the repository. Crashes land in build/fuzz/artifacts/
# TARGET/; reproduce with: build/fuzz/fuzz/TARGET FILE.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
agent=$(dirname "$here")
root=$(dirname "$agent")
bin=$agent/build/fuzz/fuzz
work=$agent/build/fuzz
testdata=${LMISF_TESTDATA:-$root/../shared/testdata}

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# Outside material for a target, converted under build/ when it is not
# the target's input format as such.
extra_seeds() {
	local t=$1 d=$work/extra/$1 f
	[ -d "$testdata" ] || return 0
	case $t in
	fuzz_sip)
		[ -d "$testdata/sip-torture" ] && echo "$testdata/sip-torture"
		;;
	fuzz_x2x3)
		[ -d "$testdata/li" ] || return 0
		mkdir -p "$d"
		for f in "$testdata"/li/*.hex; do
			[ -f "$f" ] || continue
			python3 -c 'import sys
t = "".join(l for l in open(sys.argv[1]) if not l.startswith("#"))
sys.stdout.buffer.write(bytes.fromhex("".join(t.split())))' \
				"$f" >"$d/$(basename "$f" .hex)"
		done
		cp -f "$testdata"/li/*.bin "$d/" 2>/dev/null
		echo "$d"
		;;
	fuzz_pcap)
		[ -d "$testdata/pcaps" ] || return 0
		mkdir -p "$d"
		# The large captures slow every run down for little coverage.
		find "$testdata/pcaps" -type f -size -100k \
			\( -name '*.pcap' -o -name '*.pcapng' \) \
			-exec ln -sf {} "$d/" \;
		echo "$d"
		;;
	esac
}

seeds() {
	[ -d "$here/corpus/$1" ] && echo "$here/corpus/$1"
	# One client's stream starts like one framed request.
	[ "$1" = fuzz_iqf_server ] && echo "$here/corpus/fuzz_iqf"
	extra_seeds "$1"
}

# stat LOG NAME: a -print_final_stats value.
stat() {
	sed -n "s/^stat::$2: *//p" "$1" | tail -n1
}

# cov LOG: "cov N ft N" of the last status line.
cov() {
	grep -E '^#[0-9]+' "$1" | tail -n1 |
		sed -nE 's/.* cov: ([0-9]+) ft: ([0-9]+).*/edges \1, features \2/p'
}

common_flags() {
	echo -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/artifacts/$1/"
}

check_one() {
	local t=$1 log scratch rc execs
	echo "1..1"
	if ! command -v clang-14 >/dev/null; then
		echo "ok 1 - $t # SKIP clang-14 is not installed (tools/deps.sh installs it)"
		return 0
	fi
	if [ ! -x "$bin/$t" ]; then
		echo "not ok 1 - $t: $bin/$t was not built"
		return 1
	fi
	mkdir -p "$work/artifacts/$t" "$work/check"
	scratch=$work/check/$t
	rm -rf "$scratch"
	mkdir -p "$scratch"
	log=$work/check/$t.log
	# New inputs go into the scratch directory, never into corpus/.
	# shellcheck disable=SC2046
	"$bin/$t" $(common_flags "$t") -max_total_time="${FUZZ_CHECK_TIME:-6}" \
		"$scratch" $(seeds "$t") >"$log" 2>&1
	rc=$?
	execs=$(stat "$log" number_of_executed_units)
	echo "# $t: ${execs:-?} executions in $(stat "$log" \
		average_exec_per_sec) /s, $(cov "$log"), seeds: $(seeds "$t" |
		tr '\n' ' ')"
	if [ $rc -eq 0 ]; then
		echo "ok 1 - $t: ${execs:-?} executions, no crash"
		return 0
	fi
	tail -n 60 "$log" | sed 's/^/# /'
	local unit
	unit=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n1)
	echo "not ok 1 - $t: status $rc, reproducer ${unit:-none written}" \
		"(reproduce: $bin/$t ${unit:-FILE}; full log $log)"
	return 1
}

long_one() {
	local t=$1 corpus=$work/corpus/$1 log=$work/long/$1.log
	mkdir -p "$corpus" "$work/artifacts/$t" "$work/long"
	# shellcheck disable=SC2046
	nice -n 10 "$bin/$t" $(common_flags "$t") \
		-max_total_time="${FUZZ_TIME:-600}" "$corpus" $(seeds "$t") \
		>"$log" 2>&1
	echo "$t: status $?"
}

report() {
	local t log crashes
	printf '%-18s %12s %8s %8s %8s %s\n' target executions edges \
		features corpus crashes
	for t in "$@"; do
		log=$work/long/$t.log
		[ -f "$log" ] || continue
		crashes=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")
		printf '%-18s %12s %8s %8s %8s %s\n' "$t" \
			"$(stat "$log" number_of_executed_units)" \
			"$(cov "$log" | sed -E 's/edges ([0-9]+).*/\1/')" \
			"$(cov "$log" | sed -E 's/.*features ([0-9]+)/\1/')" \
			"$(find "$work/corpus/$t" -type f | wc -l)" \
			"${crashes:-none}"
	done
}

merge_one() {
	local t=$1 out=$work/merged/$1 d dirs=()
	shift
	rm -rf "$out"
	mkdir -p "$out" "$here/corpus/$t" "$work/artifacts/$t"
	# What make fuzz grew is large: only on request.
	[ -n "${FUZZ_MERGE_GROWN:-}" ] && set -- "$work/corpus/$t" "$@"
	for d in "$here/corpus/$t" "$@"; do
		[ -d "$d" ] && dirs+=("$d")
	done
	# Seeds with a name of their own (fuzz_decode's generator, which
	# test_decode_corpus opens by name; fuzz_ims's hand-written scripts)
	# are kept as they are; merged ones are named by their hash.
	find "$here/corpus/$t" -maxdepth 1 -type f 2>/dev/null |
		grep -vE '/[0-9a-f]+$' | xargs -r cp -t "$out"
	# Edges only (no hit counters): the committed seeds stay small (a
	# third of the files for the same edges), make fuzz's corpus keeps
	# the rest. FUZZ_MERGE_FLAGS replaces it.
	# shellcheck disable=SC2086 # flags are words
	"$bin/$t" -merge=1 ${FUZZ_MERGE_FLAGS--use_counters=0} \
		-artifact_prefix="$work/artifacts/$t/" "$out" \
		"${dirs[@]}" >"$work/merged/$t.log" 2>&1 ||
		{ tail -n 30 "$work/merged/$t.log"; return 1; }
	rm -f "$here/corpus/$t"/*
	# Nothing to merge (fuzz_iqf_server before make fuzz grew it): no
	# empty directory is left behind.
	find "$out" -type f -exec cp -t "$here/corpus/$t/" {} +
	rmdir "$here/corpus/$t" 2>/dev/null ||
		du -sh "$here/corpus/$t"
}

mode=${1:-}
shift || true
case $mode in
check)
	check_one "$1"
	;;
long)
	export -f long_one common_flags seeds extra_seeds
	export bin work here testdata
	# shellcheck disable=SC2016 # expanded by the inner bash
	printf '%s\n' "$@" | xargs -P "${FUZZ_JOBS:-1}" -I{} \
		bash -c 'long_one "$1"' _ {}
	report "$@"
	for t in "$@"; do
		! grep -q 'Test unit written to' "$work/long/$t.log" ||
			exit 1
	done
	;;
merge)
	merge_one "$@"
	;;
seeds)
	seeds "$1"
	;;
report)
	report "$@"
	;;
*)
	sed -n '4,31s/^# \{0,1\}//p' "$0"
	exit 2
	;;
esac
