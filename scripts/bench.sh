#!/usr/bin/env bash
# Every benchmark in bench/: each prints its figures as ratios against a floor measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
for b in bench/*.bench.ts; do
  [ -e "$b" ] || continue
  if [ $# -gt 0 ] && [[ " $* " != *" $(basename "$b" .bench.ts) "* ]]; then continue; fi
  echo "== $b"
  npx tsx "$b"
done
