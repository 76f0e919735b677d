#!/usr/bin/env bash
# Starts the whole SalesMesh platform: installs missing prerequisites, builds, and runs the AppHost
# (PostgreSQL, Redis, RabbitMQ, five services and the gateway). Extra arguments go to the AppHost,
# e.g. `scripts/start.sh --reset` to wipe local data.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/prereqs.sh
dotnet build AppHost/SalesMesh.AppHost.csproj -c Release -nologo -v quiet
exec dotnet run --project AppHost/SalesMesh.AppHost.csproj -c Release --no-build -- "$@"
