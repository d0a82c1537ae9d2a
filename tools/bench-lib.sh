#!/usr/bin/env bash
# Shared by the tools/bench-*.sh scripts: a throw-away redis-server on a free port, and the built CLI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The executable as an operator gets it: published for this machine, the native front door with the managed
# streamdrift (ReadyToRun) in host/ beside it (see StreamDrift.Native.csproj).
# STREAMDRIFT_BIN points the benchmarks at another publish (a branch's, side by side with main's).
STREAMDRIFT=("${STREAMDRIFT_BIN:-$ROOT/out/streamdrift/streamdrift}")
# Not passed on: `run` reads every STREAMDRIFT_ variable as a setting and refuses one it does not know.
export -n STREAMDRIFT_BIN 2>/dev/null || true

# publish_cli [DIR [EXTRA MSBUILD ARGS...]]: publishes streamdrift for the current runtime into DIR: DIR/streamdrift
# native, DIR/host/streamdrift managed.
publish_cli() {
  local dir=${1:-$ROOT/out/streamdrift}
  shift || true
  dotnet publish "$ROOT/src/StreamDrift.Native" -c Release --use-current-runtime -o "$dir" --nologo -v q "$@" >/dev/null
}
build_cli() { publish_cli; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_redis EXTRA_ARGS...: sets PORT and REDIS_PID, and kills the server on exit.
start_redis() {
  PORT=$(free_port)
  redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
    --loglevel warning --enable-debug-command yes "$@" >/dev/null 2>&1 &
  REDIS_PID=$!
  trap 'kill $REDIS_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis-server did not start" >&2; exit 1
}

now() { date +%s.%N; }
elapsed_ms() { python3 -c "print(round(($2-$1)*1000))"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# cmdstat FIELD COMMAND: a field (calls, usec) of INFO commandstats for one command, 0 when never called.
# redis_cpu_ms: redis-server's own CPU time so far (user + system, /proc/REDIS_PID/stat), in ms.
redis_cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$REDIS_PID/stat"
}

cmdstat() {
  redis-cli -p "$PORT" INFO commandstats | tr -d '\r' | awk -F'[:,=]' -v c="cmdstat_$2" -v f="$1" \
    '$1 == c { for (i = 2; i < NF; i += 2) if ($i == f) v = $(i + 1) } END { print v + 0 }'
}
