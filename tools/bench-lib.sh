#!/usr/bin/env bash
# Shared by the tools/bench-*.sh scripts: a throw-away redis-server on a free port, and the built CLI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STREAMDRIFT=(dotnet "$ROOT/src/StreamDrift.Cli/bin/Release/net10.0/streamdrift.dll")

build_cli() {
  dotnet build "$ROOT/src/StreamDrift.Cli" -c Release --nologo -v q >/dev/null
}

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
