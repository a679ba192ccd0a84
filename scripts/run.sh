#!/usr/bin/env bash
# Runs one compiled script, building first only when a source changed: bash scripts/run.sh scripts/x.ts [args]
# (a source path, run from dist/), or a built file by its own path (dist/…/x.js, e.g. a bundle).
# With --in-caller-dir first, the script runs in the directory `npm run` was called from (INIT_CWD),
# so that a CLI's relative file arguments mean what the caller meant.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cwd="$root"
if [ "${1:-}" = "--in-caller-dir" ]; then
  cwd="${INIT_CWD:-$PWD}"
  shift
fi
cd "$root"
bash scripts/ensure-deps.sh >&2
bash scripts/build-if-stale.sh
script="$1"; shift
cd "$cwd"
case "$script" in
  *.js) exec node "$root/$script" "$@" ;;
  *) exec node --enable-source-maps "$root/dist/${script%.ts}.js" "$@" ;;
esac
