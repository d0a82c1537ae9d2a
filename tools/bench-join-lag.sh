#!/usr/bin/env bash
# How far the session-key count streamdrift joins with each users sample is from the DB at that sample's instant:
# a writer adds RATE session keys a second to a DB of sessions only, and once a second reports DBSIZE (taken at
# that instant) as the active users, 0.5 s late as a connector would; every window then has keys - users =
# -RATE x (the count's lag in seconds). Prints the median lag over the windows with more than 300 users.
#   tools/bench-join-lag.sh      SECONDS_RUN=30 RATE=100
source "$(dirname "$0")/bench-lib.sh"
SECONDS_RUN=${SECONDS_RUN:-30}
RATE=${RATE:-100}
OUT=$(mktemp -d)
[ -n "${SKIP_PUBLISH:-}" ] || build_cli
start_redis
echo "$(nproc) cores, load $(load)"
touch "$OUT/users.jsonl"
"${STREAMDRIFT[@]}" run --store lag --redis "127.0.0.1:$PORT" --prefix sess: --users "file:$OUT/users.jsonl" --kafka none \
  --sink "jsonl:$OUT/out.jsonl" --window 2s --grace 2s --session-ttl 20s --reconcile-every 10s --metrics-port 0 >"$OUT/sd.log" 2>&1 &
SD_PID=$!
trap 'kill $SD_PID 2>/dev/null || true; kill $REDIS_PID 2>/dev/null || true' EXIT
sleep 6
python3 - "$PORT" "$RATE" "$SECONDS_RUN" "$OUT/users.jsonl" <<'PY'
import datetime, json, socket, sys, time
port, rate, run, path = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
conn = socket.create_connection(("127.0.0.1", port)); reply = conn.makefile("rb")
def command(*args):
    parts = [str(a).encode() for a in args]
    conn.sendall(b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts))
    line = reply.readline()
    if line[:1] == b"$" and int(line[1:]) >= 0: reply.read(int(line[1:]) + 2)
    return line
users, start, n, report, pending = open(path, "a"), time.time(), 0, time.time(), []
per_tick = max(1, rate // 20)
while time.time() - start < run:
    for _ in range(per_tick):
        command("SET", "sess:%d" % n, "x", "EX", "600"); n += 1
    if time.time() >= report:
        pending.append((time.time(), int(command("DBSIZE")[1:]))); report += 1
    while pending and time.time() - pending[0][0] >= 0.5:
        at, keys = pending.pop(0)
        users.write(json.dumps({"storeId": "lag", "connector": "bench", "activeUsers": keys, "activeWindowSeconds": 10,
                                "observedAt": datetime.datetime.fromtimestamp(at, datetime.timezone.utc).isoformat()}) + "\n")
        users.flush()
    time.sleep(0.05)
PY
sleep 5
kill "$SD_PID"; wait "$SD_PID" 2>/dev/null || true
python3 - "$OUT/out.jsonl" <<'PY'
import json, statistics, sys
rows = [r for r in map(json.loads, open(sys.argv[1])) if r.get("type") == "observation" and (r.get("activeUsers") or 0) > 300]
# The writer's own rate, from the users (DBSIZE) between consecutive windows, not the rate it was asked for.
rate = statistics.median((b["activeUsers"] - a["activeUsers"]) / ((b["windowStart"] - a["windowStart"]) / 1000) for a, b in zip(rows, rows[1:]))
lags = [(r["activeUsers"] - r["sessionKeys"]) / rate for r in rows]
print(f"windows {len(lags)}, {rate:.1f} keys/s written; keys behind the DB at the sample's instant: median "
      f"{statistics.median(lags):.2f} s (min {min(lags):.2f}, max {max(lags):.2f}; negative: ahead)")
PY
