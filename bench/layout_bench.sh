#!/usr/bin/env bash
# kith's ForceAtlas2 against graphology-layout-forceatlas2 (docs/performance.md,
# "Layout"). Installs bench/layout's pinned npm packages (npm ci, from the
# committed package-lock.json) when they are missing, then runs the driver,
# which must already be built:
#
#   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DKITH_BUILD_BENCH=ON -DKITH_BUILD_TESTS=OFF
#   cmake --build build-bench -j2 --target layout_bench
#   bench/layout_bench.sh [--sizes 2000,20000] [--iterations 100] [--repeat 3] [--out FILE]
#
# BUILD_DIR (default build-bench) and NODE (default node) override the paths.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
node="${NODE:-node}"
driver="$build/layout_bench"
[[ -x "$driver" ]] || { echo "layout_bench.sh: $driver not built (see the header of this script)" >&2; exit 1; }
if [[ ! -d "$root/bench/layout/node_modules/graphology-layout-forceatlas2" ]]; then
  (cd "$root/bench/layout" && npm ci --no-audit --no-fund)
fi
cd "$root"
exec "$driver" --node "$node" --script "$root/bench/layout/fa2.mjs" "$@"
