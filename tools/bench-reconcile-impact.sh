#!/usr/bin/env bash
# What the storefront feels of a reconcile: a client doing one GET at a time against the watched Redis (N
# session + N other keys, default 2M + 2M) measures its latency without StreamDrift, then while
# `streamdrift run` reconciles back to back (--reconcile-every 1s: the next scan starts a second after the last
# ends), alternating ROUNDS times, PHASE seconds each. Prints p50, p99, p99.9 and max (ms) per phase and their medians,
# and the reconcile's own page times from /metrics.
#   tools/bench-reconcile-impact.sh      N=2000000 ROUNDS=2 PHASE=20
source "$(dirname "$0")/bench-lib.sh"
N=${N:-2000000}
ROUNDS=${ROUNDS:-2}
SECONDS_PER_PHASE=${PHASE:-20}
OUT=$(mktemp -d)
CLIENT="$(dirname "$0")/latency-client.py"

[ -n "${SKIP_PUBLISH:-}" ] || publish_cli
start_redis
redis-cli -p "$PORT" DEBUG POPULATE "$N" sess: 16 >/dev/null
redis-cli -p "$PORT" DEBUG POPULATE "$N" other 16 >/dev/null
METRICS=$(free_port)
echo "DB: $(redis-cli -p "$PORT" DBSIZE) keys ($N under sess:), $(nproc) cores, ${SECONDS_PER_PHASE}s per phase, load $(load)"

SD_PID=
stop_sd() { [ -z "$SD_PID" ] || { kill -TERM "$SD_PID" 2>/dev/null || true; wait "$SD_PID" 2>/dev/null || true; SD_PID=; }; }
trap 'stop_sd; kill $REDIS_PID 2>/dev/null || true' EXIT
phase() { python3 "$CLIENT" "$PORT" "$SECONDS_PER_PHASE" other:1; }
page_times() {
  curl -s "localhost:$METRICS/metrics" | awk '/^streamdrift_reconcile_page_seconds_(sum|count)\{store="b",timing="server"\}/ {v[$1 ~ /_sum/ ? "sum" : "count"] = $2}
    END { if (v["count"] > 0) printf "%d pages, %.3f ms each on average", v["count"], 1000 * v["sum"] / v["count"]; else printf "no page yet" }'
}

declare -a without within
for round in $(seq 1 "$ROUNDS"); do
  r=$(phase); without+=("$r"); echo "round $round without StreamDrift (load $(load)): $r"
  "${STREAMDRIFT[@]}" run --store b --redis "127.0.0.1:$PORT" --prefix sess: --users sim --kafka none \
    --metrics-port "$METRICS" --reconcile-every 1s >"$OUT/run.log" 2>&1 &
  SD_PID=$!
  for _ in $(seq 1 300); do curl -sf "localhost:$METRICS/healthz" >/dev/null && break; sleep 0.1; done
  r=$(phase); within+=("$r"); echo "round $round while run reconciles (load $(load)): $r; reconcile pages so far: $(page_times)"
  curl -s "localhost:$METRICS/metrics" | grep -E '^streamdrift_reconcile_page_seconds_bucket\{store="b",timing="server"' >"$OUT/buckets.txt" || true
  stop_sd
done
echo "reconcile page-time buckets (last run): $(awk '{printf "%s ", $2} END {print ""}' "$OUT/buckets.txt")"
python3 - "${without[@]}" -- "${within[@]}" <<'PY'
import json, statistics, sys
args = sys.argv[1:]; cut = args.index("--")
a = [json.loads(x) for x in args[:cut]]; b = [json.loads(x) for x in args[cut + 1:]]
for k in ("p50", "p99", "p99_9", "max"):
    ma, mb = statistics.median(r[k] for r in a), statistics.median(r[k] for r in b)
    print(f"median {k}: without {ma:.3f} ms, while reconciling {mb:.3f} ms, grows by {mb - ma:+.3f} ms")
PY
