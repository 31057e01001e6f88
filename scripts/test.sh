#!/usr/bin/env bash
# Every test: set-up, the type check, then the mocha suites of each layer,
# the build's own guards, the end-to-end suite and the packages. Prints one closing line
# "tests: N passed, N failed, N skipped". A skipped (pending) test fails the run: here it is a defect, not a way
# to park a test.
#
# The suites run in two lanes at once: the runtime's (mostly waiting on child processes, Redis and one native
# compile) beside the others; the machine's second core would sit idle otherwise (the suites in one line used
# 0.86 of 2 cores). The package suite comes last, alone: it rebuilds dist/ minified, which the other suites run.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test --no-code-server || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }

results=test-results
mkdir -p "$results"
rm -f "$results"/*.suite.log "$results"/*.suite.rc
status=0
# The type check (`tsc -b`: every part with its own rules) runs beside the suites too.
npx tsc -b > "$results/tsc.log" 2>&1 &
type_check=$!

# One mocha process per folder; its output is printed whole when it ends, so the lanes' lines do not interleave.
suite() {
  local dir=$1 name files rc
  [ -d "$dir" ] || return 0
  files=$(find "$dir" -name '*.test.ts' -not -path '*/fixtures/*' | sort)
  [ -n "$files" ] || return 0
  name=${dir//\//-}
  npx mocha --forbid-only $files > "$results/$name.suite.log" 2>&1
  rc=$?
  echo "$rc" > "$results/$name.suite.rc"
  { echo "== $dir (exit $rc)"; cat "$results/$name.suite.log"; } | flock "$results/.print.lock" cat
}
lane() { for dir in "$@"; do suite "$dir"; done; }

# code-server (a few minutes of native compiles on a new machine) installs while the first suites run; only the
# end-to-end suite needs it.
scripts/install-code-server.sh > "$results/code-server-install.log" 2>&1 &
code_server=$!
lane runtime/test &
runtime_lane=$!
lane shared/test server/test client/test media/test test/docs test/build
if wait "$code_server"; then
  lane test/e2e
else
  echo "== test/e2e not run: installing code-server failed:"; tail -30 "$results/code-server-install.log"; status=1
fi
wait "$runtime_lane"
lane test/package
if ! wait "$type_check"; then echo "== tsc -b failed:"; cat "$results/tsc.log"; status=1; fi

# A summary the end of a long log still shows: each suite's outcome, and the failures again.
for rc in "$results"/*.suite.rc; do
  log=${rc%.rc}.log
  echo "suite ${rc##*/}: exit $(cat "$rc"), $(grep -Eo '^ +[0-9]+ (passing|failing|pending)' "$log" | xargs)"
  if [ "$(cat "$rc")" -ne 0 ]; then
    status=1
    if grep -Eq '^ +[0-9]+ failing' "$log"; then sed -n '/^ *[0-9]* failing/,$p' "$log" | head -80; else tail -40 "$log"; fi
  fi
done
count() { cat "$results"/*.suite.log | grep -Eo "^ +[0-9]+ $1" | awk '{s+=$1} END {print s+0}'; }
passed=$(count passing)
failed=$(count failing)
skipped=$(count pending)
[ "$skipped" -gt 0 ] && status=1
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && [ "$skipped" -eq 0 ] && failed=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
