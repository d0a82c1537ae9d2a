#!/usr/bin/env bash
# streamdrift count against `redis-cli --scan --pattern 'sess:*' | wc -l`, side by side on one DB of
# N session keys and N other keys (default 2M + 2M), ROUNDS alternating rounds; prints both medians.
#   tools/bench-count.sh            N=2000000 ROUNDS=3
source "$(dirname "$0")/bench-lib.sh"
N=${N:-2000000}
ROUNDS=${ROUNDS:-3}

build_cli
start_redis
redis-cli -p "$PORT" DEBUG POPULATE "$N" sess: 16 >/dev/null
redis-cli -p "$PORT" DEBUG POPULATE "$N" other 16 >/dev/null
echo "DB: $(redis-cli -p "$PORT" DBSIZE) keys ($N under sess:), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"

# Redis' own time in SCAN (INFO commandstats): how much of each wall time the single Redis thread worked.
scan_stats() {
  redis-cli -p "$PORT" INFO commandstats | awk -F'[:,=]' '/cmdstat_scan/ {printf "%d SCAN calls, %.0fms in Redis", $3, $5/1000}'
}
sd_times=(); cli_times=()
for round in $(seq 1 "$ROUNDS"); do
  redis-cli -p "$PORT" CONFIG RESETSTAT >/dev/null
  t0=$(now); sd=$("${STREAMDRIFT[@]}" count --redis "127.0.0.1:$PORT" --prefix sess: --json); t1=$(now)
  sd_ms=$(elapsed_ms "$t0" "$t1"); sd_srv=$(scan_stats)
  redis-cli -p "$PORT" CONFIG RESETSTAT >/dev/null
  t0=$(now); cli=$(redis-cli -p "$PORT" --scan --pattern 'sess:*' | wc -l); t1=$(now)
  cli_ms=$(elapsed_ms "$t0" "$t1"); cli_srv=$(scan_stats)
  sd_count=$(echo "$sd" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
  echo "round $round: streamdrift count=$sd_count ${sd_ms}ms [$sd_srv] (process incl. .NET start-up; $sd)"
  echo "         redis-cli|wc -l count=$cli ${cli_ms}ms [$cli_srv]"
  [ "$sd_count" = "$cli" ] || { echo "MISMATCH: $sd_count vs $cli"; exit 1; }
  sd_times+=("$sd_ms"); cli_times+=("$cli_ms")
done
sd_med=$(printf '%s\n' "${sd_times[@]}" | median)
cli_med=$(printf '%s\n' "${cli_times[@]}" | median)
echo "median: streamdrift ${sd_med}ms, redis-cli ${cli_med}ms, ratio $(python3 -c "print(round($cli_med/$sd_med,1))")x, same count: yes"
