#!/usr/bin/env bash
# Resident memory of one instance holding STORES stores after a simulated day (virtual time, one core):
# join + windows + detector + alert tracker + classifier, then a full GC and the process' VmRSS.
#   tools/bench-footprint.sh      STORES=10000 HOURS=24 SNAPSHOT_EVERY=5 SAMPLE_EVERY=30
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
dotnet build "$ROOT/tools/StreamDrift.Benchmarks" -c Release --nologo -v q >/dev/null
echo "load: $(uptime)"
# Workstation GC on one core: the footprint of a small container, not of a server GC's per-core heaps.
DOTNET_gcServer=0 taskset -c 0 dotnet "$ROOT/tools/StreamDrift.Benchmarks/bin/Release/net10.0/StreamDrift.Benchmarks.dll" \
  footprint "${STORES:-10000}" "${HOURS:-24}" "${SNAPSHOT_EVERY:-5}" "${SAMPLE_EVERY:-30}"
echo "load: $(uptime)"
