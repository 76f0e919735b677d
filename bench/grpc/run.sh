#!/usr/bin/env bash
# Unary gRPC throughput/latency with h2load against, alternating in one run:
#   (a) our gRPC server (platform/Grpc)        POST /salesmesh.bench.v1.BenchService/Echo
#   (b) plain Kestrel HTTP/2, same bytes        POST /plain.BenchService/Echo   (same process as a)
#   (c) @grpc/grpc-js server                    POST /salesmesh.bench.v1.BenchService/Echo
# then our client's calls/s against (a). Prints a Markdown report (medians, ratios a/b and a/c).
#
#   bench/grpc/run.sh                          # defaults below
#   ROUNDS=5 DURATION=10s WARMUP=2s PREWARM=10s CLIENTS=8 STREAMS=16 bench/grpc/run.sh
#
# Needs: h2load (Debian nghttp2-client), node + scripts/npm-tools.sh, python3, the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
PREWARM=${PREWARM:-10s}
CLIENTS=${CLIENTS:-8}
STREAMS=${STREAMS:-16}
PORT_DOTNET=${PORT_DOTNET:-5100}
PORT_NODE=${PORT_NODE:-5102}
CLIENT_SECONDS=${CLIENT_SECONDS:-10}
CLIENT_CONCURRENCY=${CLIENT_CONCURRENCY:-64}

command -v h2load >/dev/null || { echo "h2load missing: apt-get install nghttp2-client" >&2; exit 2; }
[ -d tests/SalesMesh.Grpc.Interop.Tests/node/node_modules/@grpc/grpc-js ] || { echo "npm tools missing: scripts/npm-tools.sh" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build bench/grpc/GrpcBench/GrpcBench.csproj -c Release -o "$work/bin" -v quiet -nologo >&2

# EchoRequest{text="hello", id=1} = 0a 05 'hello' 10 01, behind the 5-byte gRPC prefix.
printf '\x00\x00\x00\x00\x09\x0a\x05hello\x10\x01' > "$work/body.bin"

"$work/bin/GrpcBench" server --port "$PORT_DOTNET" >&2 & pids+=($!)
dotnet_pid=$!
node bench/grpc/node-server.js "$PORT_NODE" >&2 & pids+=($!)
node_pid=$!
declare -A server_pid=([a]=$dotnet_pid [b]=$dotnet_pid [c]=$node_pid)
# CPU seconds (user + system) a process has used so far, from /proc (clock ticks → seconds).
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f", ($14 + $15) / hz }' "/proc/$1/stat"; }

declare -A url=(
  [a]="http://127.0.0.1:$PORT_DOTNET/salesmesh.bench.v1.BenchService/Echo"
  [b]="http://127.0.0.1:$PORT_DOTNET/plain.BenchService/Echo"
  [c]="http://127.0.0.1:$PORT_NODE/salesmesh.bench.v1.BenchService/Echo"
)
h2() { h2load -d "$work/body.bin" -H 'content-type: application/grpc' -H 'te: trailers' "$@"; }

# Ready and correct: every target must answer grpc-status 0 (h2load only sees HTTP 200).
for t in a b c; do
  for _ in $(seq 100); do
    nghttp -v -d "$work/body.bin" -H 'content-type: application/grpc' -H 'te: trailers' "${url[$t]}" >"$work/check.$t" 2>&1 || true
    grep -q 'grpc-status: 0' "$work/check.$t" && break
    sleep 0.2
  done
  grep -q 'grpc-status: 0' "$work/check.$t" || { echo "target $t did not answer grpc-status 0:" >&2; cat "$work/check.$t" >&2; exit 1; }
done

# Unmeasured pre-warm of every target: JIT tiering and PGO of a fresh .NET process otherwise land
# in round 1 of whichever target runs first (seen: (a) at 5k req/s in round 1, ~30k afterwards).
for t in a b c; do
  h2 -D "$PREWARM" -c "$CLIENTS" -m "$STREAMS" -t 1 "${url[$t]}" > /dev/null
done

for round in $(seq "$ROUNDS"); do
  for t in a b c; do
    before=$(cpu_seconds "${server_pid[$t]}")
    h2 -D "$DURATION" --warm-up-time="$WARMUP" -c "$CLIENTS" -m "$STREAMS" -t 1 \
       --log-file="$work/log.$t.$round" "${url[$t]}" > "$work/out.$t.$round"
    # Server CPU used during the run (warm-up included; the report divides by requests sent in it).
    echo "$(cpu_seconds "${server_pid[$t]}") $before" > "$work/cpu.$t.$round"
    echo "round $round $t: $(grep -E '^finished in' "$work/out.$t.$round")" >&2
  done
done

"$work/bin/GrpcBench" client --address "http://127.0.0.1:$PORT_DOTNET" --seconds "$CLIENT_SECONDS" \
  --concurrency "$CLIENT_CONCURRENCY" > "$work/client.json"

python3 bench/grpc/report.py "$work" "$ROUNDS" \
  "h2load -D $DURATION --warm-up-time=$WARMUP -c $CLIENTS -m $STREAMS -t 1 -d body.bin -H 'content-type: application/grpc' -H 'te: trailers' URL" \
  "GrpcBench client --seconds $CLIENT_SECONDS --concurrency $CLIENT_CONCURRENCY" "$WARMUP"
