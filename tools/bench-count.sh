#!/usr/bin/env bash
# `streamdrift count` against Redis's own SCAN time and against `redis-cli --scan --pattern 'sess:*' | wc -l`,
# side by side on one DB of N session keys and N other keys (default 2M + 2M, DEBUG POPULATE), ROUNDS rounds.
# Each round runs, on the same server: streamdrift count as shipped (plain SCAN over SHARES cursors side by side on
# this standalone server), streamdrift count --shares 1 (one cursor: the server-side script step, no key names on
# the wire), redis-cli | wc -l. Every count must equal N. Prints medians and ratios.
#   tools/bench-count.sh            N=2000000 ROUNDS=3 PAGE=5000 SHARES=4 SKIP_PUBLISH=
# "Redis's own SCAN time" is INFO commandstats usec of SCAN during the run (inside the script too); the
# script's whole step (SCAN + turning the page into Lua strings + counting) is EVALSHA's usec.
# On a shared machine: tools/quiet.sh tools/bench-count.sh (pauses the other builds and tests for the run).
source "$(dirname "$0")/bench-lib.sh"
N=${N:-2000000}
ROUNDS=${ROUNDS:-3}
PAGE=${PAGE:-5000}
SHARES=${SHARES:-4}

[ -n "${SKIP_PUBLISH:-}" ] || publish_cli
start_redis
redis-cli -p "$PORT" DEBUG POPULATE "$N" sess: 16 >/dev/null
redis-cli -p "$PORT" DEBUG POPULATE "$N" other 16 >/dev/null
echo "DB: $(redis-cli -p "$PORT" DBSIZE) keys ($N under sess:), $(nproc) cores, COUNT $PAGE, load $(load)"

ms() { python3 -c "print(round($1/1000))"; }
count_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'; }
check() { [ "$1" = "$N" ] || { echo "NOT EXACT: $2 counted $1, expected $N"; exit 1; }; }
declare -a rcpu r_cpu wall scan one one_scan one_step cli cli_scan r_scan r_one r_cli
for round in $(seq 1 "$ROUNDS"); do
  redis-cli -p "$PORT" CONFIG RESETSTAT >/dev/null
  c0=$(redis_cpu_ms)
  t0=$(now); out=$("${STREAMDRIFT[@]}" count --redis "127.0.0.1:$PORT" --prefix sess: --page-size "$PAGE" --shares "$SHARES" --json); t1=$(now)
  rc=$(( $(redis_cpu_ms) - c0 ))
  w=$(elapsed_ms "$t0" "$t1"); s=$(ms "$(cmdstat usec scan)"); calls=$(cmdstat calls scan)
  check "$(echo "$out" | count_of)" "streamdrift count"
  echo "round $round (load $(load)): streamdrift count ${w}ms wall; Redis in SCAN ${s}ms ($calls pages); Redis's own CPU meanwhile ${rc}ms (SCAN + writing replies + reading commands); $out"

  redis-cli -p "$PORT" CONFIG RESETSTAT >/dev/null
  t0=$(now); out=$("${STREAMDRIFT[@]}" count --redis "127.0.0.1:$PORT" --prefix sess: --page-size "$PAGE" --shares 1 --json); t1=$(now)
  ow=$(elapsed_ms "$t0" "$t1"); os=$(ms "$(cmdstat usec scan)"); oe=$(ms "$(cmdstat usec evalsha)"); ocalls=$(cmdstat calls evalsha)
  check "$(echo "$out" | count_of)" "streamdrift count --shares 1"
  echo "         streamdrift count --shares 1 (script) ${ow}ms wall; Redis in SCAN ${os}ms, in the script steps ${oe}ms ($ocalls steps)"

  redis-cli -p "$PORT" CONFIG RESETSTAT >/dev/null
  t0=$(now); c=$(redis-cli -p "$PORT" --scan --pattern 'sess:*' | wc -l); t1=$(now)
  cw=$(elapsed_ms "$t0" "$t1"); cs=$(ms "$(cmdstat usec scan)")
  check "$c" "redis-cli --scan | wc -l"
  echo "         redis-cli --scan | wc -l ${cw}ms wall; Redis in SCAN ${cs}ms ($(cmdstat calls scan) pages)"

  rcpu+=("$rc"); r_cpu+=("$(python3 -c "print($rc/$s)")")
  wall+=("$w"); scan+=("$s"); one+=("$ow"); one_scan+=("$os"); one_step+=("$oe"); cli+=("$cw"); cli_scan+=("$cs")
  r_scan+=("$(python3 -c "print($w/$s)")"); r_one+=("$(python3 -c "print($ow/$os)")"); r_cli+=("$(python3 -c "print($cw/$w)")")
done
med() { printf '%s\n' "$@" | median; }
echo "medians of $ROUNDS rounds, every count exact ($N), load now $(load):"
echo "  streamdrift count ($SHARES shares) $(med "${wall[@]}")ms wall; Redis in SCAN $(med "${scan[@]}")ms"
echo "  wall / Redis's SCAN time: $(python3 -c "print(round($(med "${r_scan[@]}"),3))") (target <= 1.05)"
echo "  Redis's own CPU during the count $(med "${rcpu[@]}")ms: / its SCAN time $(python3 -c "print(round($(med "${r_cpu[@]}"),3))") (what the server spent outside SCAN itself: the replies' bytes and the commands')"
echo "  streamdrift count --shares 1 (script) $(med "${one[@]}")ms wall, Redis in SCAN $(med "${one_scan[@]}")ms, in the script steps $(med "${one_step[@]}")ms: wall / SCAN time $(python3 -c "print(round($(med "${r_one[@]}"),3))")"
echo "  redis-cli --scan | wc -l $(med "${cli[@]}")ms wall, Redis in SCAN $(med "${cli_scan[@]}")ms; redis-cli wall / streamdrift wall: $(python3 -c "print(round($(med "${r_cli[@]}"),2))")x"
