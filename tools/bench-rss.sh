#!/usr/bin/env bash
# Resident memory of a watcher over N session keys (default 2M, plus N other keys): the watcher seeds with a
# full reconcile scan, then counts live while redis-benchmark writes for a while; peak RSS (VmHWM) is reported
# by the watcher itself and sampled from /proc every second.
#   tools/bench-rss.sh      N=2000000 WRITES=1000000
source "$(dirname "$0")/bench-lib.sh"
N=${N:-2000000}
WRITES=${WRITES:-1000000}
OUT=$(mktemp -d)

[ -n "${SKIP_PUBLISH:-}" ] || build_cli
start_redis
echo "$(nproc) cores, load $(load)"
redis-cli -p "$PORT" DEBUG POPULATE "$N" sess: 64 >/dev/null
redis-cli -p "$PORT" DEBUG POPULATE "$N" other 64 >/dev/null
echo "DB: $(redis-cli -p "$PORT" DBSIZE) keys, $N under sess:"

"${STREAMDRIFT[@]}" count --redis "127.0.0.1:$PORT" --prefix sess: --watch 600s >"$OUT/sd.json" 2>"$OUT/sd.err" &
SD_PID=$!
trap 'kill $SD_PID 2>/dev/null || true; kill $REDIS_PID 2>/dev/null || true' EXIT
# Sample the resident set while it runs.
( while kill -0 "$SD_PID" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$SD_PID/status" 2>/dev/null; sleep 1; done ) >"$OUT/rss.txt" &
for _ in $(seq 1 300); do
  [ "$(redis-cli -p "$PORT" CLIENT LIST TYPE pubsub | grep -c psub=1)" -ge 1 ] && break; sleep 0.1
done
sleep 15   # the seed scan over all keys starts now; the writes overlap it
redis-benchmark -p "$PORT" -q -n "$WRITES" -c 50 -P 16 -r 1000000000 SET 'sess:__rand_int__' v 2>&1 | tr '\r' '\n' | tail -1
# The seed scan is paced like every reconcile (about 10 % of Redis's time: a minute or more over 4M keys) and its
# follow-up converges after the writes: wait until no scan page has been asked for in 5 s (at most 10 minutes).
scan_pages() { echo $(( $(cmdstat calls scan) + $(cmdstat calls evalsha) )); }
prev=-1
for _ in $(seq 1 120); do
  pages=$(scan_pages); [ "$pages" = "$prev" ] && break; prev=$pages; sleep 5
done
kill -TERM "$SD_PID"; wait "$SD_PID" 2>/dev/null || true
keys=$(( $(redis-cli -p "$PORT" DBSIZE) - N ))
counted=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["count"])' "$OUT/sd.json")
echo "streamdrift: $(cat "$OUT/sd.json")"
echo "keys under sess: now $keys; the watcher counted $counted (exact: $([ "$keys" = "$counted" ] && echo True || echo False))"
echo "RSS samples (MB): max $(sort -n "$OUT/rss.txt" | tail -1 | awk '{printf "%.1f", $1/1024}'), last $(tail -1 "$OUT/rss.txt" | awk '{printf "%.1f", $1/1024}')"
echo "load at the end: $(load)"
