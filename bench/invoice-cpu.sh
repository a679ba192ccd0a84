#!/usr/bin/env bash
# CPU per accepted invoice of two compiled trees, alternately on the same machine (issue #17):
#   bash bench/invoice-cpu.sh <before-root> <after-root> [rounds] [concurrency] [durationMs]
# Each root holds a dist/ compiled from its sources with the same bench files (see compare.sh).
set -euo pipefail
before="$1"; after="$2"; rounds="${3:-3}"; shift 3 || true
for round in $(seq 1 "$rounds"); do
  for tree in "$before" "$after"; do
    label=$([ "$tree" = "$before" ] && echo before || echo after)
    echo "round $round $label $(node "$tree/dist/bench/invoice-cpu.js" "$@")"
  done
done
