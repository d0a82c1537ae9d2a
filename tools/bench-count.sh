#!/usr/bin/env bash
# `streamdrift count` against Redis's own SCAN time and against `redis-cli --scan --pattern 'sess:*' | wc -l`,
# side by side on one DB of N session keys and N other keys (default 2M + 2M, DEBUG POPULATE), ROUNDS rounds.
# Each round runs, on the same server: streamdrift count (server-side script), streamdrift count --no-script
# (plain SCAN, the fallback), redis-cli | wc -l. Every count must equal N. Prints medians and ratios.
#   tools/bench-count.sh            N=2000000 ROUNDS=3 PAGE=5000 SKIP_PUBLISH=
# "Redis's own SCAN time" is INFO commandstats usec of SCAN during the run (inside the script too); the
# script's whole step (SCAN + turning the page into Lua strings + counting) is EVALSHA's usec.
source "$(dirname "$0")/bench-lib.sh"
N=${N:-2000000}
ROUNDS=${ROUNDS:-3}
PAGE=${PAGE:-5000}

[ -n "${SKIP_PUBLISH:-}" ] || publish_cli
start_redis
redis-cli -p "$PORT" DEBUG POPULATE "$N" sess: 16 >/dev/null
redis-cli -p "$PORT" DEBUG POPULATE "$N" other 16 >/dev/null
echo "DB: $(redis-cli -p "$PORT" DBSIZE) keys ($N under sess:), $(nproc) cores, COUNT $PAGE, load $(load)"

ms() { python3 -c "print(round($1/1000))"; }
count_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'; }
check() { [ "$1" = "$N" ] || { echo "NOT EXACT: $2 counted $1, expected $N"; exit 1; }; }
declare -a wall scan step plain plain_scan cli cli_scan r_scan r_step r_cli
for round in $(seq 1 "$ROUNDS"); do
  redis-cli -p "$PORT" CONFIG RESETSTAT >/dev/null
  t0=$(now); out=$("${STREAMDRIFT[@]}" count --redis "127.0.0.1:$PORT" --prefix sess: --page-size "$PAGE" --json); t1=$(now)
  w=$(elapsed_ms "$t0" "$t1"); s=$(ms "$(cmdstat usec scan)"); e=$(ms "$(cmdstat usec evalsha)"); calls=$(cmdstat calls evalsha)
  check "$(echo "$out" | count_of)" "streamdrift count"
  echo "round $round (load $(load)): streamdrift count ${w}ms wall; Redis in SCAN ${s}ms, in the script steps ${e}ms ($calls steps, $(python3 -c "print(round($e*1000/max($calls,1)))")us each); $out"

  redis-cli -p "$PORT" CONFIG RESETSTAT >/dev/null
  t0=$(now); out=$("${STREAMDRIFT[@]}" count --redis "127.0.0.1:$PORT" --prefix sess: --page-size "$PAGE" --json --no-script); t1=$(now)
  pw=$(elapsed_ms "$t0" "$t1"); ps=$(ms "$(cmdstat usec scan)"); pcalls=$(cmdstat calls scan)
  check "$(echo "$out" | count_of)" "streamdrift count --no-script"
  echo "         streamdrift count --no-script ${pw}ms wall; Redis in SCAN ${ps}ms ($pcalls pages, $(python3 -c "print(round($ps*1000/max($pcalls,1)))")us each)"

  redis-cli -p "$PORT" CONFIG RESETSTAT >/dev/null
  t0=$(now); c=$(redis-cli -p "$PORT" --scan --pattern 'sess:*' | wc -l); t1=$(now)
  cw=$(elapsed_ms "$t0" "$t1"); cs=$(ms "$(cmdstat usec scan)")
  check "$c" "redis-cli --scan | wc -l"
  echo "         redis-cli --scan | wc -l ${cw}ms wall; Redis in SCAN ${cs}ms ($(cmdstat calls scan) pages)"

  wall+=("$w"); scan+=("$s"); step+=("$e"); plain+=("$pw"); plain_scan+=("$ps"); cli+=("$cw"); cli_scan+=("$cs")
  r_scan+=("$(python3 -c "print($w/$s)")"); r_step+=("$(python3 -c "print($w/$e)")"); r_cli+=("$(python3 -c "print($cw/$w)")")
done
med() { printf '%s\n' "$@" | median; }
echo "medians of $ROUNDS rounds, every count exact ($N), load now $(load):"
echo "  streamdrift count $(med "${wall[@]}")ms wall; Redis in SCAN $(med "${scan[@]}")ms, in the script steps $(med "${step[@]}")ms"
echo "  wall / Redis's SCAN time: $(python3 -c "print(round($(med "${r_scan[@]}"),3))") (target <= 1.05); wall / the script steps' time: $(python3 -c "print(round($(med "${r_step[@]}"),3))")"
echo "  streamdrift count --no-script $(med "${plain[@]}")ms wall, Redis in SCAN $(med "${plain_scan[@]}")ms"
echo "  redis-cli --scan | wc -l $(med "${cli[@]}")ms wall, Redis in SCAN $(med "${cli_scan[@]}")ms; redis-cli wall / streamdrift wall: $(python3 -c "print(round($(med "${r_cli[@]}"),2))")x"
