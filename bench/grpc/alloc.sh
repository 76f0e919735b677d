#!/usr/bin/env bash
# Bytes allocated and server CPU µs per unary call, (a) our gRPC runtime vs (b) plain Kestrel, same
# process, a fixed number of requests per round, rounds alternating a, b. Allocation counts do not
# depend on machine load, unlike req/s; CPU per call mostly does not.
#
#   bench/grpc/alloc.sh                 # REQUESTS=50000 WARM=20000 ROUNDS=3
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${REQUESTS:-50000}
WARM=${WARM:-20000}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-5110}
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
dotnet build bench/grpc/GrpcBench/GrpcBench.csproj -c Release -o "$work/bin" -v quiet -nologo >&2
printf '\x00\x00\x00\x00\x09\x0a\x05hello\x10\x01' > "$work/body.bin"
"$work/bin/GrpcBench" server --port "$PORT" >&2 & pid=$!
allocated() { nghttp "http://127.0.0.1:$PORT/bench/allocated" 2>/dev/null; }
for _ in $(seq 150); do [[ "$(allocated)" =~ ^[0-9]+$ ]] && break; sleep 0.2; done
[[ "$(allocated)" =~ ^[0-9]+$ ]] || { echo "server did not start" >&2; exit 1; }
h2() { h2load -d "$work/body.bin" -H 'content-type: application/grpc' -H 'te: trailers' -c 4 -m 16 -t 1 "$@" >/dev/null; }
declare -A url=([a]="http://127.0.0.1:$PORT/salesmesh.bench.v1.BenchService/Echo" [b]="http://127.0.0.1:$PORT/plain.BenchService/Echo")
for t in a b; do h2 -n "$WARM" "${url[$t]}"; done
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f", ($14 + $15) / hz }' "/proc/$pid/stat"; }
for round in $(seq "$ROUNDS"); do
  for t in a b; do
    before=$(allocated); cpu_before=$(cpu_seconds)
    h2 -n "$REQUESTS" "${url[$t]}"
    after=$(allocated); cpu_after=$(cpu_seconds)
    cpu_us=$(awk -v a="$cpu_after" -v b="$cpu_before" -v n="$REQUESTS" 'BEGIN { printf "%.1f", (a - b) * 1e6 / n }')
    echo "round $round ($t): $(( (after - before) / REQUESTS )) bytes allocated/call, $cpu_us µs server CPU/call ($REQUESTS calls, h2load -c 4 -m 16)"
  done
done
