#!/usr/bin/env bash
# Bytes allocated per unary call by the bench server process, (a) our gRPC runtime vs (b) plain
# Kestrel, same process. Allocation counts do not depend on machine load, unlike req/s.
#
#   bench/grpc/alloc.sh                 # REQUESTS=50000 WARM=20000
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${REQUESTS:-50000}
WARM=${WARM:-20000}
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
for t in a b; do
  before=$(allocated)
  h2 -n "$REQUESTS" "${url[$t]}"
  after=$(allocated)
  echo "($t) $(( (after - before) / REQUESTS )) bytes allocated per call ($REQUESTS calls, h2load -c 4 -m 16)"
done
