#!/usr/bin/env bash
# npm test: every tier, against real PostgreSQL and Kafka, started here when not given.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/build-if-stale.sh
exec node --expose-gc node_modules/.bin/jest "$@"
