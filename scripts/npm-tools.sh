#!/usr/bin/env bash
# Installs the npm tools the tests drive (grpc-js and buf for gRPC interop; Playwright for the
# browser end-to-end tests, which drive Debian's chromium) where they are missing.
# --no-save: the committed lockfile stays as it is (npm would add other platforms' optional packages).
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in tests/SalesMesh.Grpc.Interop.Tests/node tests/browser; do
  [ -f "$dir/package.json" ] || continue
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package.json" -nt "$dir/node_modules" ]; then
    (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error && touch node_modules)
  fi
done
