#!/usr/bin/env bash
# tools/quiet.sh COMMAND...: runs a benchmark with the machine's other test and build processes paused (SIGSTOP),
# and resumes them when it ends, however it ends. For a shared development machine where the load average of
# other engineers' builds makes a ratio against Redis's own time mean nothing. Pauses only processes by name
# (dotnet, redis-server, streamdrift, node, php, chromium, test hosts) that exist when it starts: the command's own
# processes start after the pause. Paused builds and tests only see a gap in time (a timing test may fail).
set -uo pipefail
[ $# -gt 0 ] || { echo "usage: tools/quiet.sh COMMAND..." >&2; exit 2; }
# One name per pgrep -x: a process name is at most 15 characters, and pgrep refuses (matches nothing) a longer
# pattern, which an alternation of all the names is. Longer names (streamdrift-loadgen, redis-benchmark) by -f.
pids=$( (for name in dotnet redis-server streamdrift node php chromium redis-cli; do pgrep -x "$name"; done
         pgrep -f 'testhost|StreamDrift|streamdrift-loadgen|redis-benchmark') | sort -u | grep -vx "$$" | tr '\n' ' ')
echo "quiet.sh: pausing ${pids:+$(echo $pids | wc -w)} other processes; load $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
[ -z "$pids" ] || kill -STOP $pids 2>/dev/null
trap '[ -z "$pids" ] || kill -CONT $pids 2>/dev/null; echo "quiet.sh: resumed"' EXIT
sleep 3
"$@"
