#!/usr/bin/env bash
# Start-up of `streamdrift count` on an empty server (so the figure is the process, not the scan): the published
# executable as shipped (ReadyToRun, invariant globalization) against the same executable with its precompiled
# code ignored (DOTNET_ReadyToRun=0: everything jitted), and `streamdrift --help` (runtime start only),
# RUNS interleaved runs each, medians. Also counts the methods still jitted at start-up as shipped: a publish
# whose ReadyToRun silently did not apply jits ~1,500 of them instead of ~450.
#   tools/bench-startup.sh      RUNS=10     (tools/quiet.sh tools/bench-startup.sh on a shared machine)
source "$(dirname "$0")/bench-lib.sh"
RUNS=${RUNS:-10}

[ -n "${SKIP_PUBLISH:-}" ] || publish_cli
start_redis
echo "$(nproc) cores, load $(load)"
shipped=(); plain=(); help=()
for _ in $(seq 1 "$RUNS"); do
  t0=$(now); DOTNET_ReadyToRun=0 "${STREAMDRIFT[@]}" count --redis "127.0.0.1:$PORT" --prefix sess: >/dev/null; t1=$(now)
  plain+=("$(elapsed_ms "$t0" "$t1")")
  t0=$(now); "${STREAMDRIFT[@]}" --help >/dev/null; t1=$(now)
  help+=("$(elapsed_ms "$t0" "$t1")")
  t0=$(now); "${STREAMDRIFT[@]}" count --redis "127.0.0.1:$PORT" --prefix sess: >/dev/null; t1=$(now)
  shipped+=("$(elapsed_ms "$t0" "$t1")")
done
p=$(printf '%s\n' "${plain[@]}" | median); s=$(printf '%s\n' "${shipped[@]}" | median); h=$(printf '%s\n' "${help[@]}" | median)
jitted=$(DOTNET_JitStdOutFile=/dev/stdout DOTNET_JitDisasmSummary=1 "${STREAMDRIFT[@]}" count --redis "127.0.0.1:$PORT" --prefix sess: | grep -c 'JIT compiled' || true)
echo "jitted (DOTNET_ReadyToRun=0): ${plain[*]} ms"
echo "shipped (ReadyToRun): ${shipped[*]} ms"
echo "--help (runtime start): ${help[*]} ms"
echo "median of $RUNS: jitted ${p}ms, shipped ${s}ms, $(python3 -c "print(round($p/$s,2))")x faster; --help ${h}ms; methods jitted at start-up as shipped: $jitted; load now $(load)"
