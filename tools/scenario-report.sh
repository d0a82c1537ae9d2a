#!/usr/bin/env bash
# Runs every scenario (each fault with several seeds, plus long healthy runs) end to end and writes
# tools/scenario-report.md. Takes about 10 minutes with the defaults; flags go to the report tool:
#   --seeds N (3)  --healthy-runs N (2)  --healthy-windows N (250)  --parallel N (3)  --fault NAME ...
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build StreamDrift.sln -c Release --nologo -v q >/dev/null
exec dotnet tools/StreamDrift.ScenarioReport/bin/Release/net10.0/StreamDrift.ScenarioReport.dll \
  --seeds 3 --healthy-runs 2 --healthy-windows 250 --parallel 3 --out tools/scenario-report.md "$@"
