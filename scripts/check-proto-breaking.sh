#!/usr/bin/env bash
# Lints protos/ and checks it for breaking changes against the protos of a base revision
# (default: the main branch) with buf. Exit 0 = lint clean and no breaking change.
#
#   scripts/check-proto-breaking.sh            # against main (or origin/main in a fresh clone)
#   scripts/check-proto-breaking.sh HEAD~1     # against any git revision
#   PROTO_BREAKING_BASE=origin/release scripts/check-proto-breaking.sh
#
# buf comes from the pinned npm tools: run scripts/npm-tools.sh first (CI's test.sh does).
# The base revision's protos are taken with `git archive` into a temp dir, so this works in a
# clean clone, with uncommitted changes, and without buf's own git integration.
set -euo pipefail
cd "$(dirname "$0")/.."

node_dir=tests/SalesMesh.Grpc.Interop.Tests/node
buf="$node_dir/node_modules/.bin/buf"
if [ ! -x "$buf" ]; then
  echo "check-proto-breaking: buf is not installed ($buf missing). Run: scripts/npm-tools.sh" >&2
  exit 2
fi

base="${1:-${PROTO_BREAKING_BASE:-}}"
if [ -z "$base" ]; then
  for candidate in main origin/main; do
    if git rev-parse --verify --quiet "$candidate^{commit}" >/dev/null; then base=$candidate; break; fi
  done
fi
if [ -z "$base" ] || ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  echo "check-proto-breaking: base revision '${base:-main}' not found (fetch it, or pass a revision)." >&2
  exit 2
fi

echo "== buf lint protos"
"$buf" lint protos

if ! git cat-file -e "$base:protos/buf.yaml" 2>/dev/null || [ -z "$(git ls-tree -r --name-only "$base" -- protos/salesmesh)" ]; then
  echo "== buf breaking: $base has no buf module under protos/ yet — nothing to compare against; OK."
  exit 0
fi

against=$(mktemp -d)
trap 'rm -rf "$against"' EXIT
git archive "$base" protos | tar -x -C "$against"

echo "== buf breaking protos against $base ($(git rev-parse --short "$base"))"
"$buf" breaking protos --against "$against/protos"
echo "no breaking changes against $base"
