#!/usr/bin/env bash
# Soak: `streamdrift run` against a real redis-server under churn, with the keyspace faults of issue 16
# injected at random (bounded in count and time), then closing figures: faults injected, gaps counted, time
# back to exact after each fault, false alerts (target 0), crashes (target 0).
#
#   tools/soak.sh [DURATION_S=1800] [MAX_FAULTS=40]      (SKIP_BUILD=1 to use the existing Release build;
#   SOAK_KINDS to inject only some fault kinds)
#
# Faults: kill-pubsub (CLIENT KILL TYPE pubsub), buffer-drop (client-output-buffer-limit pubsub 64kb 32kb 1
# plus a burst), flags-off (CONFIG SET notify-keyspace-events "" by another client), swapdb (SWAPDB 0 1 with
# other session keys in DB 1), rename-over (RENAME of a session key onto an existing one), silent-sub (a twin
# client named like StreamDrift's holds the pattern, then StreamDrift's subscriber is killed: when the library
# reconnects without subscribing the pattern again, the by-name proof counts the twin's and only the
# silent-subscription watchdog notices; the twin leaves once the count is back to exact).
# The users source follows the truth (the DB's key count, every key being a session key), so a correct
# StreamDrift sees no drift: any alert is a false alert. "Back to exact": from the injection, churn runs on for
# 3-15 s, then pauses; the time until /metrics shows the DB's true count (read with DBSIZE at the same moment).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
DURATION=${1:-1800}
MAX_FAULTS=${2:-40}
WORK=$(mktemp -d /tmp/streamdrift-soak.XXXXXX)
USERS="$WORK/users.jsonl"; SINK="$WORK/sink.jsonl"; LOG="$WORK/streamdrift.log"; PAUSE="$WORK/pause"
FAULTS="$WORK/faults.tsv"
[[ "${SKIP_BUILD:-0}" == 1 ]] || build_cli
# SOAK_DLL runs a copy (not STREAMDRIFT_*: the CLI reads those as settings), so rebuilding the tree during a long soak does not change the binary under test.
[[ -n "${SOAK_DLL:-}" ]] && STREAMDRIFT=(dotnet "$SOAK_DLL")
start_redis
METRICS_PORT=$(free_port)
R() { redis-cli -p "$PORT" "$@"; }
: > "$USERS"; : > "$FAULTS"

# DB 1 holds another set of session keys, so SWAPDB changes the count without a single event.
seq 1 300 | awk '{print "SET sess:other:" $1 " x"}' | redis-cli -p "$PORT" -n 1 --pipe >/dev/null
seq 1 2000 | awk '{print "SET sess:seed:" $1 " x"}' | R --pipe >/dev/null

# Churn: ~400 writes/s: creates, deletes, short TTLs (2-6 s), overwrites. Paused while $PAUSE exists.
churn() {
  local n=0
  while true; do
    if [[ -e "$PAUSE" ]]; then sleep 0.1; continue; fi
    n=$((n + 1))
    awk -v n="$n" -v seed="$RANDOM" 'BEGIN { srand(seed);
      for (i = 0; i < 40; i++) printf "SET sess:c:%d:%d x\n", n, i;
      for (i = 0; i < 25; i++) printf "DEL sess:c:%d:%d\n", n - 5, int(rand() * 40);
      for (i = 0; i < 10; i++) printf "SET sess:t:%d:%d x EX %d\n", n, i, 2 + int(rand() * 5);
      for (i = 0; i < 5; i++) printf "SET sess:c:%d:%d y\n", n - 1, i;
    }' | redis-cli -p "$PORT" --pipe >/dev/null 2>&1 || true
    sleep 0.2
  done
}

# Users: the truth every second (DBSIZE: every key in DB 0 is a session key).
users() {
  while true; do
    local keys; keys=$(R dbsize 2>/dev/null || echo "")
    [[ -n "$keys" ]] && printf '{"storeId":"soak","connector":"soak","activeUsers":%s,"activeWindowSeconds":300,"observedAt":"%s"}\n' \
      "$keys" "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" >> "$USERS"
    sleep 1
  done
}

metric() { curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | awk -v m="$1" '$1 ~ "^"m"(\\{|$)" && !seen {print $2; seen = 1}'; }

churn & CHURN_PID=$!
users & USERS_PID=$!
"${STREAMDRIFT[@]}" run --store soak --redis "127.0.0.1:$PORT" --prefix sess: --users "file:$USERS" --kafka none \
  --window 10s --grace 2s --reconcile-every 60s --sink "jsonl:$SINK" --metrics-port "$METRICS_PORT" > "$LOG" 2>&1 &
SD_PID=$!
trap 'kill $CHURN_PID $USERS_PID $SD_PID $REDIS_PID ${TWIN_PID:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do [[ -n "$(metric streamdrift_session_keys)" ]] && break; sleep 0.2; done

# Waits (churn paused) until the metric equals DBSIZE; prints seconds since $1, or "never" after 180 s.
back_to_exact() {
  local since=$1 deadline=$((SECONDS + 180))
  while (( SECONDS < deadline )); do
    local want got; want=$(R dbsize); got=$(metric streamdrift_session_keys)
    if [[ "$got" == "$want" ]]; then python3 -c "import time; print(round(time.time()-$since,1))"; return; fi
    sleep 0.2
  done
  echo never
}

inject() {
  case $1 in
    kill-pubsub) R client kill type pubsub >/dev/null ;;
    buffer-drop)
      R config set client-output-buffer-limit "pubsub 64kb 32kb 1" >/dev/null
      seq 1 30000 | awk '{print "SET sess:burst:" $1 " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}' | R --pipe >/dev/null
      seq 1 30000 | awk '{print "DEL sess:burst:" $1}' | R --pipe >/dev/null
      R config set client-output-buffer-limit "pubsub 32mb 8mb 60" >/dev/null ;;
    flags-off) R config set notify-keyspace-events "" >/dev/null ;;
    swapdb) R swapdb 0 1 >/dev/null ;;
    silent-sub)
      local ours; ours=$(R client list type pubsub | awk '/ name=streamdrift-soak / && !/ psub=0 / {sub("id=", "", $1); print $1}')
      redis-cli -p "$PORT" <<< $'CLIENT SETNAME streamdrift-soak\nPSUBSCRIBE __keyspace@0__:sess:*' >/dev/null 2>&1 & TWIN_PID=$!
      for _ in $(seq 1 50); do
        (( $(R client list type pubsub | grep ' name=streamdrift-soak ' | grep -vc ' psub=0 ') > $(wc -w <<< "$ours") )) && break
        sleep 0.1
      done
      for id in $ours; do R client kill id "$id" >/dev/null || true; done ;;
    rename-over)
      for i in 1 2 3 4 5; do R set "sess:ren:a$i" x >/dev/null; R set "sess:ren:b$i" x >/dev/null; R rename "sess:ren:a$i" "sess:ren:b$i" >/dev/null; done ;;
  esac
}

# SOAK_KINDS="silent-sub swapdb" narrows the faults to those kinds.
read -r -a KINDS <<< "${SOAK_KINDS:-kill-pubsub buffer-drop flags-off swapdb rename-over silent-sub}"
TWIN_PID=
START=$SECONDS; faults=0
sleep 60 # baseline windows before the first fault
while (( SECONDS - START < DURATION - 60 && faults < MAX_FAULTS )); do
  kind=${KINDS[$((RANDOM % ${#KINDS[@]}))]}
  at=$(date +%s.%N); gaps_before=$(metric streamdrift_subscription_gaps_total)
  inject "$kind"; faults=$((faults + 1))
  sleep $((3 + RANDOM % 13)); touch "$PAUSE"
  took=$(back_to_exact "$at")
  if [[ -n "$TWIN_PID" ]]; then kill "$TWIN_PID" 2>/dev/null || true; TWIN_PID=''; fi
  gaps_after=$(metric streamdrift_subscription_gaps_total)
  printf '%s\t%s\t%s\t%s\n' "$faults" "$kind" "$took" "$((${gaps_after:-0} - ${gaps_before:-0}))" | tee -a "$FAULTS"
  rm -f "$PAUSE"
  sleep $((10 + RANDOM % 30))
done
while (( SECONDS - START < DURATION )); do sleep 5; done

alive=yes; kill -0 "$SD_PID" 2>/dev/null || alive=no
crashes=$(grep -c "Unhandled exception" "$LOG" || true)
[[ $alive == no ]] && crashes=$((crashes + 1))
echo "--- soak closing figures (${DURATION}s, load: $(uptime | sed 's/.*load/load/'))"
echo "faults injected: $faults ($(cut -f2 "$FAULTS" | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}'))"
echo "gaps counted: $(metric streamdrift_subscription_gaps_total)"
echo "corrected keys: $(metric streamdrift_reconcile_corrections_total)"
echo "back to exact (s, per fault): $(cut -f3 "$FAULTS" | tr '\n' ' ')"
echo "back to exact median: $(cut -f3 "$FAULTS" | grep -v never | median) s; never: $(grep -c never "$FAULTS" || true)"
echo "alerts (false): $(grep -c '"type":"alert"' "$SINK" || true)"
echo "uncertain windows: $(grep -c '"countUncertain":true' "$SINK" || true) of $(grep -c '"type":"observation"' "$SINK" || true)"
echo "crashes: $crashes (process alive at end: $alive)"
echo "work dir: $WORK"
