#!/usr/bin/env bash
# Builds dist/ only when a source is newer than the last build (or when there is none), without
# deleting it first: services may be running from it. Whatever the build prints goes to stderr,
# so the standard output of the command that follows carries only its result.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=dist/.built
mkdir -p dist
# One build at a time when several commands start together.
exec 9>dist/.build.lock
flock 9
# A deleted or renamed source changes its folder's time, which find sees too.
newer() {
  find apps libs scripts bench package.json package-lock.json .swcrc tsconfig.json \
    -newer "$stamp" -not -path 'apps/audit/web/dist*' -print -quit
}
if [ ! -f "$stamp" ] || [ -n "$(newer)" ]; then
  # Stamped with the time the build started: a source saved while it runs rebuilds next time.
  touch "$stamp.next"
  npm run -s build >&2
  mv "$stamp.next" "$stamp"
fi
