#!/usr/bin/env bash
# CPU per entry of the reimbursement feed of two compiled trees, alternately on the same machine:
#   bash bench/feed-cpu.sh <before-root> <after-root> [rounds] [perSecond] [seconds] [endpointEvery]
# The bench itself is this tree's (dist/bench/feed-cpu.js); each root's compiled service runs.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
before="$1"; after="$2"; rounds="${3:-3}"; shift 3 || true
for round in $(seq 1 "$rounds"); do
  for tree in "$before" "$after"; do
    label=$([ "$tree" = "$before" ] && echo before || echo after)
    echo "round $round $label $(node "$here/dist/bench/feed-cpu.js" "$tree" "$@")"
  done
done
