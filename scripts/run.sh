#!/usr/bin/env bash
# Runs one compiled script, building first only when a source changed: bash scripts/run.sh scripts/x.ts [args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh >&2
bash scripts/build-if-stale.sh
script="$1"; shift
exec node --enable-source-maps "dist/${script%.ts}.js" "$@"
