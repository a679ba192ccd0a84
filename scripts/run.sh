#!/usr/bin/env bash
# Builds the sources (fast, swc) and runs one compiled script: bash scripts/run.sh scripts/x.ts [args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run -s build
script="$1"; shift
exec node --enable-source-maps "dist/${script%.ts}.js" "$@"
