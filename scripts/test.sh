#!/usr/bin/env bash
# Every test: set-up, type check (`tsc -b`: every part with its own rules), then the mocha suites of each layer,
# the build's own guards and the end-to-end suite. Prints one closing line "tests: N passed, N failed, N skipped".
# A skipped (pending) test fails the run: here it is a defect, not a way to park a test.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }

mkdir -p test-results
log=test-results/mocha.log
: > "$log"
status=0
npx tsc -b || status=1
# Layers in order, each in its own mocha process.
for dir in shared/test runtime/test server/test client/test media/test test/docs test/build test/package test/e2e; do
  [ -d "$dir" ] || continue
  files=$(find "$dir" -name '*.test.ts' -not -path '*/fixtures/*' | sort)
  [ -n "$files" ] || continue
  echo "== $dir" | tee -a "$log"
  npx mocha --forbid-only $files 2>&1 | tee "$log.part"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  cat "$log.part" >> "$log"; rm -f "$log.part"
done
passed=$(grep -Eo '^ +[0-9]+ passing' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '^ +[0-9]+ failing' "$log" | awk '{s+=$1} END {print s+0}')
skipped=$(grep -Eo '^ +[0-9]+ pending' "$log" | awk '{s+=$1} END {print s+0}')
rm -f "$log"
[ "$skipped" -gt 0 ] && status=1
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && [ "$skipped" -eq 0 ] && failed=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
