#!/usr/bin/env bash
# npm ci in DIR (its package-lock.json, exactly) when DIR/node_modules is
# missing or older than the lock file or package.json; otherwise nothing.
# A stamp file marks a finished install, so an interrupted one runs again.
set -euo pipefail
dir=$1
stamp=$dir/node_modules/.kith-npm-ci
if [ -f "$stamp" ] && [ ! "$dir/package-lock.json" -nt "$stamp" ] && [ ! "$dir/package.json" -nt "$stamp" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "npm is missing: run scripts/install-deps.sh (apt-get install -y nodejs npm)" >&2; exit 1; }
echo "Installing the npm packages of $dir (npm ci)"
(cd "$dir" && npm ci --no-audit --no-fund)
touch "$stamp"
