#!/usr/bin/env bash
# The main job: set up, then run the example forecast DAG end to end on the embedded defaults
# (local storage under examples/forecast/data, in-process executor).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node dist/runtime/cli.js --project examples/forecast dag training "$@"
