#!/usr/bin/env bash
# Every test: set-up, type check, then the mocha suites of each layer and the end-to-end suite.
# Prints one closing line "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test || { echo "tests: 0 passed, 1 failed"; exit 1; }

mkdir -p test-results
log=test-results/mocha.log
: > "$log"
status=0
npx tsc -p tsconfig.json --noEmit || status=1
# Layers in order, each in its own mocha process.
for dir in shared/test runtime/test server/test client/test media/test test/docs test/e2e; do
  [ -d "$dir" ] || continue
  files=$(find "$dir" -name '*.test.ts' -not -path '*/fixtures/*' | sort)
  [ -n "$files" ] || continue
  echo "== $dir" | tee -a "$log"
  npx mocha $files 2>&1 | tee "$log.part"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  cat "$log.part" >> "$log"; rm -f "$log.part"
done
passed=$(grep -Eo '^ +[0-9]+ passing' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '^ +[0-9]+ failing' "$log" | awk '{s+=$1} END {print s+0}')
rm -f "$log"
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "tests: $passed passed, $failed failed"
exit $status
