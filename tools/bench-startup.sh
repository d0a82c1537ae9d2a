#!/usr/bin/env bash
# Start-up of `streamdrift count` on an empty server (so the figure is the process, not the scan): the published
# executable as shipped (ReadyToRun, invariant globalization) against the same code published plain (JIT, ICU),
# RUNS interleaved runs each, medians.
#   tools/bench-startup.sh      RUNS=10
source "$(dirname "$0")/bench-lib.sh"
RUNS=${RUNS:-10}
PLAIN="$ROOT/out/streamdrift-jit"

[ -n "${SKIP_PUBLISH:-}" ] || publish_cli
publish_cli "$PLAIN" -p:PublishReadyToRun=false -p:InvariantGlobalization=false
start_redis
echo "$(nproc) cores, load $(load)"
shipped=(); plain=()
for _ in $(seq 1 "$RUNS"); do
  t0=$(now); "$PLAIN/streamdrift" count --redis "127.0.0.1:$PORT" --prefix sess: >/dev/null; t1=$(now)
  plain+=("$(elapsed_ms "$t0" "$t1")")
  t0=$(now); "${STREAMDRIFT[@]}" count --redis "127.0.0.1:$PORT" --prefix sess: >/dev/null; t1=$(now)
  shipped+=("$(elapsed_ms "$t0" "$t1")")
done
p=$(printf '%s\n' "${plain[@]}" | median); s=$(printf '%s\n' "${shipped[@]}" | median)
echo "plain (JIT): ${plain[*]} ms"
echo "shipped (ReadyToRun): ${shipped[*]} ms"
echo "median of $RUNS: plain ${p}ms, shipped ${s}ms, $(python3 -c "print(round($p/$s,2))")x faster; load now $(load)"
