#!/usr/bin/env bash
# Judges simulated stores at production time scales in virtual time (tools/StreamDrift.TrafficSim: daily traffic,
# flash sales, every fault in every phase, 20 seeds, low/medium/high, 32 healthy days per sensitivity) and rewrites
# tools/traffic-report.md. Flags go to the tool: --seeds N --healthy-days N --fault F --phase P --sensitivity S --verbose
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tools/StreamDrift.TrafficSim -c Release --nologo -v q >/dev/null
exec dotnet tools/StreamDrift.TrafficSim/bin/Release/net10.0/StreamDrift.TrafficSim.dll --seeds 20 --healthy-days 32 --out tools/traffic-report.md "$@"
