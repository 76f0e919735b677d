#!/usr/bin/env bash
# LeadRouting benchmark (issue 4): intake closed loop vs pgbench (alternating), open loop, SLA timer lag.
# Usage: bench/leadrouting/run.sh [--rounds 3] [--seconds 20] [--clients 16] [--rate 500] [--open-seconds 30]
#                                 [--timers 100000] [--timer-windows 1800:90,120] [--timer-workers 1] [--duplicates 0.1]
#                                 [--phases closed,pgbench,open,timers] [--fast-writes]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release bench/leadrouting/SalesMesh.LeadRoutingBench.csproj >/dev/null
exec dotnet bench/leadrouting/bin/Release/net10.0/SalesMesh.LeadRoutingBench.dll "$@"
