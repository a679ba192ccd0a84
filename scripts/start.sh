#!/usr/bin/env bash
# npm start: dependencies, PostgreSQL and Kafka if not given, migrations, the three services.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash scripts/run.sh scripts/start.ts "$@"
