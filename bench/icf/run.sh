#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ICF benchmark: ingest (BER decode + insert) per core, memory per
# association, query latency, and the same ingest into Redis measured in the
# same run (see Documentation/performance-icf.rst).
#
#   bench/icf/run.sh [N [QUERIES [REDIS_N]]]
#   BENCH_ONE=1 ...        ingest one record at a time (default: batches
#                          with prefetch, as the LI_XER listener does)
#   BENCH_BUILD_ONLY=1 ... build, do not run (make check)
#
# N associations (default 1000000; 10000000 needs ~4 GB and minutes),
# QUERIES per latency series (default 200000), REDIS_N records into Redis
# (default min(N, 1000000); 0 skips Redis). Needs redis-server and
# libhiredis-dev. Redis runs on 127.0.0.1 on a private port, without
# persistence, and is stopped at the end.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
n=${1:-1000000}
q=${2:-200000}
rn=${3:-$([ "$n" -lt 1000000 ] && echo "$n" || echo 1000000)}
out=$here/build
mkdir -p "$out"

make -s -C "$root/agent" build/release/libagent.a >/dev/null
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
	-I"$root/agent" -I"$root/agent/build/release" \
	-I"$root/tools/lmisf-iefgen" -o "$out/bench_icf" "$here/bench_icf.c" "$here/bench_iqf.c" "$here/bench_query.c" \
	"$here/bench_touch.c" "$here/bench_machine.c" \
	"$root/tools/lmisf-iefgen/gen.c" "$root/agent/build/release/libagent.a" \
	$(pkg-config --libs hiredis libprotobuf-c libssl libcrypto) -lm
[ -z "${BENCH_BUILD_ONLY:-}" ] || exit 0

port=0
pid=0
if [ "$rn" -gt 0 ]; then
	port=$((20000 + $$ % 20000))
	redis-server --bind 127.0.0.1 --port "$port" --save "" \
		--appendonly no --daemonize no --logfile "$out/redis.log" \
		--dir "$out" &
	pid=$!
	trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
	for _ in $(seq 50); do
		redis-cli -p "$port" ping >/dev/null 2>&1 && break
		sleep 0.1
	done
fi
echo "# $(date -u +%FT%TZ) $(uname -r) $(nproc) CPUs; N=$n queries=$q redis_n=$rn"
"$out/bench_icf" "$n" "$q" "$port" "$pid" "$rn"
