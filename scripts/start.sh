#!/usr/bin/env bash
# Starts the whole SalesMesh platform: installs missing prerequisites, builds the web console
# (web/dist, which the gateway serves) and the solution, and runs the AppHost (PostgreSQL, Redis,
# RabbitMQ, five services and the gateway). Extra arguments go to the AppHost,
# e.g. `scripts/start.sh --reset` to wipe local data.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/prereqs.sh

# The console is rebuilt only when web/dist is missing or older than anything it is built from.
console_outdated() {
  [ ! -f web/dist/index.html ] && return 0
  [ -n "$(find web/src web/build web/index.html web/package.json web/vite.config.ts web/tsconfig*.json \
    -newer web/dist/index.html -print -quit)" ]
}
if console_outdated; then
  if ! command -v npm >/dev/null; then
    echo "The web console needs Node.js 20.19+ with npm to build (web/README.md); the API runs without it." >&2
  else
    echo "Building the web console (web/dist)…"
    (
      cd web
      # No lockfile is committed (web/.npmrc): install when node_modules is missing or stale.
      if [ ! -d node_modules ] || [ package.json -nt node_modules/.install-stamp ]; then
        npm install --no-audit --no-fund --loglevel=error
        touch node_modules/.install-stamp
      fi
      npm run build --silent
    )
  fi
fi

dotnet build AppHost/SalesMesh.AppHost.csproj -c Release -nologo -v quiet
exec dotnet run --project AppHost/SalesMesh.AppHost.csproj -c Release --no-build -- "$@"
