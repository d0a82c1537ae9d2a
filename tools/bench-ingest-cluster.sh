#!/usr/bin/env bash
# Ingest side by side on a 3-primary Redis Cluster: while `redis-benchmark --cluster` writes new session keys to
# every primary as fast as it can, the StreamDrift watcher (`streamdrift count --redis SEED --watch`, the hidden
# benchmark mode, which discovers the primaries and subscribes on each) and one `redis-cli psubscribe` per primary
# (the reference: keyspace events are node-local) listen on the same pattern. Compares the events each received.
#   tools/bench-ingest-cluster.sh      WRITES=1500000 CLIENTS=50 PIPELINE=16 PRIMARIES=3
source "$(dirname "$0")/bench-lib.sh"
WRITES=${WRITES:-1500000}
CLIENTS=${CLIENTS:-50}
PIPELINE=${PIPELINE:-16}
PRIMARIES=${PRIMARIES:-3}
OUT=$(mktemp -d)

[ -n "${SKIP_PUBLISH:-}" ] || build_cli
PORTS=()
PIDS=()
CLI_PIDS=()
SD_PID=
cleanup() {
  kill "${CLI_PIDS[@]}" $SD_PID 2>/dev/null || true
  kill "${PIDS[@]}" 2>/dev/null || true
  rm -rf "$OUT"
}
trap cleanup EXIT
# start_node: a cluster-mode redis-server on a free port; another port if someone took this one meanwhile.
start_node() {
  local port
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    mkdir -p "$OUT/node$port"
    (cd "$OUT/node$port" && exec redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
      --loglevel warning --cluster-enabled yes --cluster-node-timeout 30000 --cluster-config-file nodes.conf >/dev/null 2>&1) &
    local pid=$!
    for _ in $(seq 1 100); do
      if redis-cli -p "$port" ping >/dev/null 2>&1; then PIDS+=("$pid"); PORTS+=("$port"); return 0; fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
  done
  echo "redis-server did not start" >&2; exit 1
}
for _ in $(seq 1 "$PRIMARIES"); do start_node; done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${PORTS[@]}") --cluster-replicas 0 --cluster-yes >/dev/null
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 300); do redis-cli -p "$port" CLUSTER INFO | grep -q 'cluster_state:ok' && break; sleep 0.1; done
  # Another application's flags (n for redis-cli's sake from the start): StreamDrift must merge its own in.
  redis-cli -p "$port" CONFIG SET notify-keyspace-events 'KEAn' >/dev/null
done
echo "$(nproc) cores, load $(load); cluster of ${#PORTS[@]} primaries: ${PORTS[*]}"

# One reference listener per primary, line-buffered, so that stopping redis-cli loses nothing it printed.
for port in "${PORTS[@]}"; do
  stdbuf -oL redis-cli -p "$port" psubscribe '__keyspace@0__:sess:*' >"$OUT/cli-$port.txt" 2>&1 &
  CLI_PIDS+=($!)
done
# One seed: the watcher finds the other primaries itself.
"${STREAMDRIFT[@]}" count --redis "127.0.0.1:${PORTS[0]}" --prefix sess: --watch 900s >"$OUT/sd.json" 2>"$OUT/sd.err" &
SD_PID=$!
# Both listeners must be subscribed on every primary before the writes start.
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 300); do
    [ "$(redis-cli -p "$port" CLIENT LIST TYPE pubsub | grep -c psub=1)" -ge 2 ] && break; sleep 0.1
  done
  echo "127.0.0.1:$port pattern subscribers: $(redis-cli -p "$port" CLIENT LIST TYPE pubsub | grep -c psub=1), notify-keyspace-events: $(redis-cli -p "$port" CONFIG GET notify-keyspace-events | tail -1)"
done
sleep 1

echo "load before the writes: $(load)"
t0=$(now)
# --cluster sends each request to the primary owning its key: {tag} becomes a hash tag of that node's slots.
redis-benchmark --cluster -p "${PORTS[0]}" -q -n "$WRITES" -c "$CLIENTS" -P "$PIPELINE" -r 1000000000 \
  SET 'sess:{tag}:__rand_int__' v 2>&1 | tr '\r' '\n' | grep -v '^$' | tail -1
t1=$(now)
bench_ms=$(elapsed_ms "$t0" "$t1")
echo "load right after the writes: $(load)"
sleep 3
kill "${CLI_PIDS[@]}" 2>/dev/null || true
kill -TERM "$SD_PID" 2>/dev/null || true
wait "$SD_PID" 2>/dev/null || true
SD_PID=

cli_events=0
keys=0
for port in "${PORTS[@]}"; do
  n=$(grep -c '^pmessage$' "$OUT/cli-$port.txt" || true)
  k=$(redis-cli -p "$port" DBSIZE)
  echo "127.0.0.1:$port: redis-cli psubscribe events $n, keys $k"
  cli_events=$((cli_events + n))
  keys=$((keys + k))
done
echo "redis-benchmark: $WRITES SETs of new session keys in ${bench_ms}ms"
echo "streamdrift: $(cat "$OUT/sd.json")"
python3 - "$OUT/sd.json" "$cli_events" "$bench_ms" "$keys" <<'PY'
import json, sys
sd = json.load(open(sys.argv[1])); cli = int(sys.argv[2]); ms = float(sys.argv[3]); keys = int(sys.argv[4])
print(f"keys created: {keys}; streamdrift count {sd['count']} (exact: {sd['count'] == keys})")
print(f"events: streamdrift {sd['events']} vs redis-cli (all primaries) {cli} -> {100.0 * sd['events'] / max(cli, 1):.3f}%")
print(f"rate during the write burst: {sd['events'] / (ms / 1000):.0f} events/s (redis-cli {cli / (ms / 1000):.0f}/s); gaps {sd['gaps']}, shed {sd['shed']}, max library backlog {sd['maxBacklog']}")
print(f"streamdrift CPU {sd['cpuMs']:.0f}ms over {sd['elapsedMs']:.0f}ms wall ({100 * sd['cpuMs'] / sd['elapsedMs']:.0f}% of one core on average), peak RSS {sd['peakRssMb']}MB")
PY
echo "gaps by reason (the watcher's warnings):"
grep -o 'Keyspace gap: [^;]*' "$OUT/sd.err" | sed -E 's/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -10 || true
echo "load at the end: $(load)"
