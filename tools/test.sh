#!/usr/bin/env bash
# The README's test command: everything a fresh Debian machine with only the .NET SDK needs,
# then every test of the solution, ending with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: redis-server (every integration test), chromium (the card's browser tests,
# driven by Playwright through its executable path: no browser is downloaded), prometheus (promtool checks
# /metrics and the alerting rules).
missing=""
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/promtool ] || missing="$missing prometheus"
if [ -n "$missing" ]; then
  echo "installing from Debian's packages:$missing..."
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # shellcheck disable=SC2086
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null || { echo "could not install$missing"; exit 1; }
fi
# The Debian package starts a system-wide server; tests start their own on free ports and do not need it.

# The layout compatibility tests run real session libraries: PHP with the phpredis handler (Debian) and an
# Express app whose npm dependencies are pinned by tests/compat/express/package-lock.json.
if ! command -v php >/dev/null 2>&1 || ! php -m 2>/dev/null | grep -qx redis; then
  echo "installing php-cli and php-redis from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq php-cli php-redis >/dev/null || { echo "could not install php-cli php-redis"; exit 1; }
fi
compat=tests/compat/express
# npm ci only when nothing is installed or the lock file changed since (npm writes node_modules/.package-lock.json).
if ! [ "$compat/node_modules/.package-lock.json" -nt "$compat/package-lock.json" ]; then
  (cd "$compat" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || { echo "npm ci failed in $compat"; exit 1; }
fi

dotnet restore StreamDrift.sln --nologo -v q || exit 1
dotnet build StreamDrift.sln --no-restore -c Release --nologo -v q || exit 1

# Stages, so the suites that time a live storefront against the wall clock do not share the two cores with
# everything else: the fast projects in parallel (StreamDrift.FastTests.slnf), then the fault scenarios, then the
# ramps from zero on their own (one after another), then the card in a real browser (the demo's incident).
log=$(mktemp)
status=0
stage() {
  dotnet test "$@" --no-build -c Release --nologo --logger "console;verbosity=minimal" 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
}
stage StreamDrift.FastTests.slnf "$@"
stage tests/StreamDrift.Scenarios.Tests --filter "FullyQualifiedName!~.Ramp" "$@"
stage tests/StreamDrift.Scenarios.Tests --filter "FullyQualifiedName~.Ramp" "$@"
stage tests/StreamDrift.Web.Tests "$@"

# One summary line per test assembly ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ..."): add them up.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
assemblies=$(grep -Ec '(Passed|Failed)! +-' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a crashed test host counts as a failure
if [ "$skipped" -ne 0 ]; then echo "skipped tests are not allowed: $skipped"; failed=$((failed + skipped)); fi
echo "test assemblies: $assemblies"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
