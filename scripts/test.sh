#!/usr/bin/env bash
# npm test: every tier, against real PostgreSQL and Kafka, started here when not given.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run -s build
exec node --expose-gc node_modules/.bin/jest "$@"
