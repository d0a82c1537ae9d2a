#!/usr/bin/env bash
# Start-up of `streamdrift count` as published: the Native AOT front door (DIR/streamdrift) against the managed
# streamdrift it hands over to (DIR/host/streamdrift, ReadyToRun), RUNS interleaved runs each, medians:
#   - on a DB of 70,000 keys (the smallest the count's own sockets take): the front door counts natively;
#   - on an empty DB (--db 1 of the same server): the front door declines and execs the managed one, so this is
#     the price of the detour; the managed one is also run with its precompiled code ignored (DOTNET_ReadyToRun=0);
#   - `--help` (the front door execs; the managed one is the runtime start).
# Also counts the methods the managed one still jits at start-up: a publish whose ReadyToRun silently did not
# apply jits ~1,500 of them instead of ~500.
#   tools/bench-startup.sh      RUNS=10     (tools/quiet.sh tools/bench-startup.sh on a shared machine)
source "$(dirname "$0")/bench-lib.sh"
RUNS=${RUNS:-10}
KEYS=${KEYS:-70000}

[ -n "${SKIP_PUBLISH:-}" ] || publish_cli
NATIVE=${STREAMDRIFT[0]}
MANAGED=$(dirname "$NATIVE")/host/streamdrift
[ -x "$MANAGED" ] || { echo "no managed streamdrift at $MANAGED: publish src/StreamDrift.Native (publish_cli)"; exit 1; }
start_redis
redis-cli -p "$PORT" DEBUG POPULATE "$KEYS" sess: 16 >/dev/null
echo "$(nproc) cores, $KEYS keys in db 0, db 1 empty, load $(load)"

# timed NAME COMMAND...: runs it (stdout dropped), appends its wall ms to the array NAME.
timed() {
  local -n into=$1; shift
  local t0 t1; t0=$(now); "$@" >/dev/null; t1=$(now)
  into+=("$(elapsed_ms "$t0" "$t1")")
}
n_large=(); m_large=(); n_empty=(); m_empty=(); m_jit=(); n_help=(); m_help=()
count=(count --redis "127.0.0.1:$PORT" --prefix sess:)
for _ in $(seq 1 "$RUNS"); do
  timed n_large "$NATIVE" "${count[@]}"
  timed m_large "$MANAGED" "${count[@]}"
  timed n_empty "$NATIVE" "${count[@]}" --db 1
  timed m_empty "$MANAGED" "${count[@]}" --db 1
  timed m_jit env DOTNET_ReadyToRun=0 "$MANAGED" "${count[@]}" --db 1
  timed n_help "$NATIVE" --help
  timed m_help "$MANAGED" --help
done
[ "$("$NATIVE" "${count[@]}")" = "$KEYS" ] || { echo "NOT EXACT: the front door did not count $KEYS"; exit 1; }
med() { printf '%s\n' "$@" | median; }
ratio() { python3 -c "print(round($1/$2,2))"; }
jitted=$(DOTNET_JitStdOutFile=/dev/stdout DOTNET_JitDisasmSummary=1 "$MANAGED" "${count[@]}" --db 1 | grep -c 'JIT compiled' || true)
echo "count, $KEYS keys:  native ${n_large[*]} ms; managed ${m_large[*]} ms"
echo "count, empty db:    native ${n_empty[*]} ms; managed ${m_empty[*]} ms; managed jitted ${m_jit[*]} ms"
echo "--help:             native ${n_help[*]} ms; managed ${m_help[*]} ms"
echo "medians of $RUNS, load now $(load):"
echo "  count of $KEYS keys: native $(med "${n_large[@]}")ms vs managed $(med "${m_large[@]}")ms: $(ratio "$(med "${m_large[@]}")" "$(med "${n_large[@]}")")x faster"
echo "  count of an empty db (the front door execs the managed one): native $(med "${n_empty[@]}")ms vs managed $(med "${m_empty[@]}")ms; managed with DOTNET_ReadyToRun=0 $(med "${m_jit[@]}")ms ($(ratio "$(med "${m_jit[@]}")" "$(med "${m_empty[@]}")")x the ReadyToRun start)"
echo "  --help: native $(med "${n_help[@]}")ms vs managed $(med "${m_help[@]}")ms; methods the managed count jits at start-up: $jitted"
