#!/usr/bin/env bash
# CI entry point for the web console: install (only when needed), type-check, unit/component tests.
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")"

# Install when node_modules is missing or package.json changed since the last install.
# (No lockfile is committed — it would record registry host names — so versions are pinned
# exactly in package.json and .npmrc disables package-lock.)
if [ ! -d node_modules ] || [ package.json -nt node_modules/.install-stamp ]; then
  npm install --no-audit --no-fund
  touch node_modules/.install-stamp
fi

npm run typecheck
npm test
