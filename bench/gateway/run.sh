#!/usr/bin/env bash
# Lead intake through the gateway (REST/JSON) vs. straight to LeadRouting (gRPC), one run.
# Usage: bench/gateway/run.sh [rounds=6] [seconds=8] [clients=16] [intakeRate=30] [readRate=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release bench/gateway/SalesMesh.GatewayBench.csproj >/dev/null
dotnet bench/gateway/bin/Release/net10.0/SalesMesh.GatewayBench.dll "$@"
