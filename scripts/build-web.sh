#!/usr/bin/env bash
# Builds the web front end (web/, TypeScript and Vite) into web/dist, which
# kith serve serves: npm ci when needed (scripts/npm-ci.sh), then npm run
# build when any file of web/ is newer than the last build's index.html.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f web/package.json ]; then
  echo "No web/package.json yet: no web front end to build (kith serve shows its built-in page)"
  exit 0
fi
scripts/npm-ci.sh web
newer=
if [ -f web/dist/index.html ]; then
  newer=$(find web -path web/node_modules -prune -o -path web/dist -prune -o -type f -newer web/dist/index.html -print -quit)
fi
if [ ! -f web/dist/index.html ] || [ -n "$newer" ]; then
  echo "Building the web front end (npm run build in web/)"
  (cd web && npm run build)
fi
