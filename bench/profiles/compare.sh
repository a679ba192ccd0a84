#!/usr/bin/env bash
# Before/after on a shared, noisy machine: runs the compiled driver of two trees alternately,
# each run measuring the ledger and its baseline side by side, and prints every run's ratios.
#   bash bench/profiles/compare.sh <before-dist> <after-dist> <benchmark> [rounds]
set -euo pipefail
before="$1"; after="$2"; benchmark="$3"; rounds="${4:-3}"
for round in $(seq 1 "$rounds"); do
  for tree in "$before" "$after"; do
    result=$(node "$tree/bench/profiles/profile.js" "$benchmark" --repetitions 3 | tail -1)
    echo "round $round $( [ "$tree" = "$before" ] && echo before || echo after ) $result"
  done
done
