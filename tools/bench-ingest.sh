#!/usr/bin/env bash
# Ingest side by side: while redis-benchmark writes new session keys as fast as it can, the StreamDrift
# watcher (`streamdrift count ... --watch`, the hidden benchmark mode) and `redis-cli psubscribe` on the same
# keyspace pattern both listen. Compares the events each received, and reports events/s and StreamDrift's CPU.
#   tools/bench-ingest.sh      WRITES=2000000 CLIENTS=50 PIPELINE=16
source "$(dirname "$0")/bench-lib.sh"
WRITES=${WRITES:-2000000}
CLIENTS=${CLIENTS:-50}
PIPELINE=${PIPELINE:-16}
OUT=$(mktemp -d)

[ -n "${SKIP_PUBLISH:-}" ] || build_cli
start_redis
echo "$(nproc) cores, load $(load)"
# Another application's flags: StreamDrift must merge its own in, and redis-cli needs the keyspace events too.
redis-cli -p "$PORT" CONFIG SET notify-keyspace-events 'KEA' >/dev/null
redis-cli -p "$PORT" CONFIG SET notify-keyspace-events 'KEAn' >/dev/null   # n for redis-cli's sake from the start

# Line-buffered, so that stopping redis-cli loses nothing it printed.
stdbuf -oL redis-cli -p "$PORT" psubscribe '__keyspace@0__:sess:*' >"$OUT/cli.txt" 2>&1 &
CLI_PID=$!
"${STREAMDRIFT[@]}" count --redis "127.0.0.1:$PORT" --prefix sess: --watch 600s >"$OUT/sd.json" 2>"$OUT/sd.err" &
SD_PID=$!
trap 'kill $CLI_PID $SD_PID 2>/dev/null || true; kill $REDIS_PID 2>/dev/null || true' EXIT
# Both must be subscribed before the writes start.
for _ in $(seq 1 200); do
  [ "$(redis-cli -p "$PORT" CLIENT LIST TYPE pubsub | grep -c psub=1)" -ge 2 ] && break; sleep 0.1
done
sleep 1
echo "pattern subscribers: $(redis-cli -p "$PORT" CLIENT LIST TYPE pubsub | grep -c psub=1), notify-keyspace-events: $(redis-cli -p "$PORT" CONFIG GET notify-keyspace-events | tail -1)"

t0=$(now)
redis-benchmark -p "$PORT" -q -n "$WRITES" -c "$CLIENTS" -P "$PIPELINE" -r 1000000000 SET 'sess:__rand_int__' v 2>&1 | tr '\r' '\n' | tail -1
t1=$(now)
bench_ms=$(elapsed_ms "$t0" "$t1")
# Let both listeners drain what Redis already sent, then stop them (on SIGTERM the watcher prints its JSON line;
# SIGINT is ignored by background jobs of a script). redis-cli prints every event as four lines and on an idle
# machine falls behind a burst of 300k events/s: wait until its file stops growing (at most 120 s).
sleep 3
prev=-1
for _ in $(seq 1 120); do
  size=$(stat -c %s "$OUT/cli.txt"); [ "$size" = "$prev" ] && break; prev=$size; sleep 1
done
subs_after=$(redis-cli -p "$PORT" CLIENT LIST TYPE pubsub | grep -c psub=1 || true)
max_out=$(redis-cli -p "$PORT" INFO clients | awk -F: '/client_recent_max_output_buffer/ {print $2}' | tr -d '\r')
kill "$CLI_PID" 2>/dev/null || true
kill -TERM "$SD_PID" 2>/dev/null || true
wait "$SD_PID" 2>/dev/null || true

cli_events=$(grep -c '^pmessage$' "$OUT/cli.txt" || true)
echo "redis-benchmark: $WRITES SETs of new session keys in ${bench_ms}ms"
echo "redis-cli psubscribe events: $cli_events"
echo "streamdrift: $(cat "$OUT/sd.json")"
keys=$(redis-cli -p "$PORT" DBSIZE)
# Redis drops a subscriber whose output buffer passes the pubsub limit (32 MB hard): redis-cli, printing four
# lines per event, is the one that falls behind, so the events Redis published are the reference too: one
# `new` per key created and one `set` per write.
python3 - "$OUT/sd.json" "$cli_events" "$bench_ms" "$keys" "$max_out" "$WRITES" <<'PY'
import json, sys
sd = json.load(open(sys.argv[1])); cli = int(sys.argv[2]); ms = float(sys.argv[3]); keys = int(sys.argv[4])
published = keys + int(sys.argv[6])
print(f"keys created: {keys}; streamdrift count {sd['count']} (exact: {sd['count'] == keys})")
print(f"events: streamdrift {sd['events']} vs redis-cli {cli} -> {100.0 * sd['events'] / max(cli, 1):.3f}%")
print(f"events Redis published (new + set): {published}; streamdrift received {100.0 * sd['events'] / published:.3f}%, redis-cli {100.0 * cli / published:.3f}%")
print(f"rate during the write burst: {sd['events'] / (ms / 1000):.0f} events/s; gaps {sd['gaps']}, shed {sd['shed']}, max library backlog {sd['maxBacklog']}")
print(f"streamdrift CPU {sd['cpuMs']:.0f}ms over {sd['elapsedMs']:.0f}ms wall ({100 * sd['cpuMs'] / sd['elapsedMs']:.0f}% of one core on average), peak RSS {sd['peakRssMb']}MB")
print(f"Redis client_recent_max_output_buffer after the burst: {sys.argv[5]} bytes (pubsub hard limit 32MB)")
PY
echo "pattern subscribers still connected after the burst (of 2): $subs_after"
echo "load at the end: $(load)"
