#!/usr/bin/env bash
# Browser end-to-end tests of the console against the WHOLE platform (issue 6):
#   1. builds the console (web/dist) and the AppHost (every service + the gateway), Release;
#   2. starts the AppHost on free ports with a fresh, temporary data directory and a per-run
#      seeded-admin password (Gateway:Auth:SeedAdminPassword, inherited by the gateway);
#   3. waits for the gateway, runs the Playwright specs in Debian's headless /usr/bin/chromium;
#   4. stops the AppHost (its children die with it: parent-death signal) and removes the data.
# Exit code = the tests' result (or the first failing build/start step).
# Screenshots and traces: tests/browser/artifacts/ (gitignored).
# Usage: tests/browser/run.sh [playwright args, e.g. -g "claim board"]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

log() { printf '[browser-e2e] %s\n' "$*" >&2; }
# Until the platform runs (stop_platform takes over below), a failed step just says so.
trap 'status=$?; [ "$status" -eq 0 ] || log "failed (exit $status)"' EXIT

./scripts/prereqs.sh >/dev/null
./scripts/npm-tools.sh

log "building the console (web/dist)"
(
  cd web
  if [ ! -d node_modules ] || [ package.json -nt node_modules/.install-stamp ]; then
    npm install --no-audit --no-fund --loglevel=error
    touch node_modules/.install-stamp
  fi
  npm run build --silent >/dev/null
)

log "building the AppHost (services + gateway, Release)"
dotnet build AppHost/SalesMesh.AppHost.csproj -c Release -nologo -v quiet -clp:ErrorsOnly

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
gateway_port=$(free_port)
dashboard_port=$(free_port)
data_dir=$(mktemp -d "${TMPDIR:-/tmp}/salesmesh-e2e.XXXXXX")
artifacts="$here/artifacts"
rm -rf "$artifacts" && mkdir -p "$artifacts"
apphost_log="$artifacts/apphost.log"

# A per-run password for the seeded admin; the gateway reads it from its configuration
# (environment, inherited through the AppHost) instead of generating and printing one.
admin_password="E2e-$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
export Gateway__Auth__SeedAdminPassword="$admin_password"

apphost_pid=""
stop_platform() {
  local status=$?
  # One line scripts/test.sh counts as a failure when nothing else said so (a build, the start or
  # Playwright itself failed before reporting any test).
  [ "$status" -eq 0 ] || log "failed (exit $status)"
  if [ -n "$apphost_pid" ] && kill -0 "$apphost_pid" 2>/dev/null; then
    log "stopping the AppHost (pid $apphost_pid)"
    kill -TERM "$apphost_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$apphost_pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$apphost_pid" 2>/dev/null; then
      log "AppHost still running after 30 s; killing it"
      kill -KILL "$apphost_pid" 2>/dev/null || true
    fi
    wait "$apphost_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir"
  exit "$status"
}
trap stop_platform EXIT
trap 'exit 130' INT TERM

log "starting the AppHost: gateway http://127.0.0.1:$gateway_port, data $data_dir (log: $apphost_log)"
dotnet AppHost/bin/Release/net10.0/SalesMesh.AppHost.dll \
  --gateway-port "$gateway_port" --dashboard-port "$dashboard_port" --data-dir "$data_dir" \
  >"$apphost_log" 2>&1 &
apphost_pid=$!

base_url="http://127.0.0.1:$gateway_port"
deadline=$((SECONDS + 480))
until curl -fsS -o /dev/null "$base_url/health" 2>/dev/null; do
  if ! kill -0 "$apphost_pid" 2>/dev/null; then
    log "the AppHost exited before the gateway was healthy; last lines of its log:"
    tail -n 40 "$apphost_log" >&2
    exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    log "the gateway was not healthy within 480 s; last lines of the AppHost log:"
    tail -n 40 "$apphost_log" >&2
    exit 1
  fi
  sleep 1
done
log "gateway healthy after ${SECONDS}s"

cd "$here"
SALESMESH_E2E_BASE_URL="$base_url" \
SALESMESH_E2E_ADMIN_PASSWORD="$admin_password" \
SALESMESH_E2E_ARTIFACTS="$artifacts" \
  npx playwright test "$@"
