#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL, RabbitMQ, Redis, Tesseract and Chromium.
# Installs what is missing first (apt packages, npm tools), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/prereqs.sh
./scripts/npm-tools.sh
./scripts/check-proto-breaking.sh   # buf lint + no breaking change against main

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

dotnet test SalesMesh.sln -c Release --logger "console;verbosity=normal" 2>&1 | tee -a "$log" || status=$?

# The web console: typecheck and Vitest (installs its npm packages when missing).
web/run-tests.sh 2>&1 | tee -a "$log" || status=$?

# One closing line for the whole run: dotnet's per-assembly totals plus Vitest's.
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /^ +Passed: [0-9]+$/  { p += $2 }
  /^ +Failed: [0-9]+$/  { f += $2 }
  /^ +Skipped: [0-9]+$/ { s += $2 }
  /^Test Run Aborted/   { f += 1 }
  /^ *Tests +[0-9]/ {
    for (i = 2; i <= NF; i++) {
      if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1); if ($i ~ /^skipped/) s += $(i-1) } }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
exit $status
