#!/usr/bin/env bash
# Runs every suite: unit, store, API and crash tests against SQLite and a
# throwaway PostgreSQL, the unit, store (both engines), graph and API
# suites under ASan+UBSan, the concurrency tests under ThreadSanitizer,
# each fuzz target for a bounded time, and the browser tests (tests/e2e:
# Chromium against a real kith serve with the built web front end). A suite whose binary or tool is missing
# fails (with the command that installs it); nothing is skipped silently.
# Ends with the line "N passed, N failed".
#
# Two lanes run side by side, one a core: the SQLite and engine-free suites
# with the fuzz targets and the front end's unit tests (on Node 20 and 18),
# and the PostgreSQL suites with the browser tests (tests/e2e), which
# balances them. Every suite uses its own
# temporary folders, databases and ports (each server binds port 0), so the
# lanes share nothing but the PostgreSQL cluster, where every test makes its
# own database. Each suite writes its lines and tally to files in the log
# folder; they are printed and summed in a fixed order when both lanes end.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
asan=${2:-build-asan}
logdir=$(mktemp -d /tmp/kith-test-logs.XXXXXX)
mkdir -p "$logdir/asan-api" "$logdir/tsan"  # sanitizer log_path targets

# A suite's tally: "passed failed skipped" in $logdir/LABEL.count, its lines
# in $logdir/LABEL.out, and LABEL in $logdir/LABEL.failed when it failed.
tally() {
  local label=$1 p=$2 f=$3 s=${4:-0}
  echo "$p $f $s" >"$logdir/$label.count"
  [ "$f" -gt 0 ] && echo "$label" >"$logdir/$label.failed"
  return 0
}

# Runs one gtest binary and tallies it from its XML report.
run_suite() {
  local label=$1; shift
  ( run_suite_body "$label" "$@" ) >"$logdir/$label.out" 2>&1
}
run_suite_body() {
  local label=$1; shift
  local xml="$logdir/$label.xml"
  echo "== $label"
  if [ ! -x "$1" ]; then
    echo "!! $label: $1 is missing; 'make test' builds it (scripts/install-deps.sh installs what it needs)"
    tally "$label" 0 1; return
  fi
  local started=$SECONDS
  "$@" --gtest_output=xml:"$xml" >"$logdir/$label.log" 2>&1
  local rc=$?
  local t=0 bad=0 s=0 extra=0
  if [ -f "$xml" ]; then
    local f e
    t=$(grep -m1 -o 'tests="[0-9]*"' "$xml" | grep -o '[0-9]*')
    f=$(grep -m1 -o 'failures="[0-9]*"' "$xml" | grep -o '[0-9]*')
    e=$(grep -m1 -o 'errors="[0-9]*"' "$xml" | grep -o '[0-9]*')
    s=$(grep -c '<skipped' "$xml")
    bad=$((f + e))
    echo "   $((t - bad - s)) passed, $bad failed, $s skipped ($((SECONDS - started)) s)"
    if [ "$t" -eq 0 ]; then  # an empty suite or a filter that matches nothing
      echo "!! $label ran no tests"; extra=1
    fi
    if [ "$s" -gt 0 ]; then  # visible: which tests, so a skip on the engine a test is for stands out
      awk -F'"' '/<testcase /{for(i=1;i<NF;i++){if($i~/ name=$/)n=$(i+1);if($i~/ classname=$/)c=$(i+1)}}
                 /<skipped/{print "   skipped: " c "." n}' "$xml"
    fi
  fi
  if [ $rc -ne 0 ] || [ ! -f "$xml" ]; then
    # A crash, a sanitizer report or a missing report counts even when no test failed.
    { [ -f "$xml" ] && [ "$bad" -gt 0 ]; } || extra=$((extra + 1))
    tail -n 60 "$logdir/$label.log"
  fi
  tally "$label" $((t - bad - s)) $((bad + extra)) "$s"
}

# The layering holds: includes match the CMake link graph, and a crossing
# include in a scratch copy fails to compile (tests/layers/check_layers.py).
run_layers() {
  (
    echo "== layers"
    if ! command -v python3 >/dev/null; then
      echo "   python3 is missing: apt-get install -y python3"; tally layers 0 1; exit
    fi
    out=$(python3 tests/layers/check_layers.py "$build" 2>&1)
    rc=$? line=$(printf '%s\n' "$out" | tail -n 1)
    p=$(echo "$line" | grep -o '^[0-9]*'); f=$(echo "$line" | grep -o '[0-9]* failed' | grep -o '[0-9]*')
    echo "   $line"
    [ $rc -ne 0 ] && printf '%s\n' "$out" | tail -n 40
    f=${f:-1}; [ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
    tally layers "${p:-0}" "$f"
  ) >"$logdir/layers.out" 2>&1
}

# Sanitizer reports written to files (log_path=DIR/report), by the suite or the
# processes it started: each file is a failure.
sanitizer_reports() {
  local label=$1 dir=$2 f n=0
  for f in "$dir"/report.*; do
    [ -f "$f" ] || continue
    echo "!! $label: sanitizer report from a test process ($f):"
    head -n 40 "$f"
    n=$((n + 1))
  done >"$logdir/$label.out" 2>&1
  tally "$label" 0 "$n"
}

run_fuzz() {
  local t=$1
  (
    echo "== fuzz-$t"
    if tests/fuzz/run.sh "${KITH_FUZZ_BUILD:-build-fuzz}" "${KITH_FUZZ_TEST_SECONDS:-11}" "$logdir/fuzz" "$t"; then
      tally "fuzz-$t" 1 0
    else
      tally "fuzz-$t" 0 1
    fi
  ) >"$logdir/fuzz-$t.out" 2>&1
}

# The browser tests: node's test runner over tests/e2e/*.test.mjs, read from
# its TAP summary; every test and subtest counts. A missing browser, Node,
# npm package or web build fails, naming what installs it.
run_e2e() {
  (
    echo "== e2e"
    local why=
    [ -f web/dist/index.html ] || why="web/dist is not built: 'make test' builds it (make web)"
    [ -f tests/e2e/node_modules/.kith-npm-ci ] || why="the browser tests' npm packages are missing: 'make test' installs them (scripts/npm-ci.sh tests/e2e)"
    [ -x "${KITH_CHROMIUM:-/usr/bin/chromium}" ] || why="Chromium is missing: apt-get install -y chromium"
    command -v node >/dev/null || why="node is missing: apt-get install -y nodejs npm"
    [ -x "$build/kith" ] || why="$build/kith is missing; 'make test' builds it"
    if [ -n "$why" ]; then echo "!! e2e: $why"; tally e2e 0 1; exit; fi
    local tap="$logdir/e2e.tap" started=$SECONDS
    KITH_BUILD=$build node --test --test-reporter=tap tests/e2e/*.test.mjs >"$tap" 2>&1
    local rc=$?
    count() { grep -m1 "^# $1 " "$tap" | grep -o '[0-9]*$'; }
    local p f c s t
    p=$(count pass) f=$(count fail) c=$(count cancelled) s=$(count skipped) t=$(count todo)
    f=$(( ${f:-0} + ${c:-0} )) s=$(( ${s:-0} + ${t:-0} ))
    if [ -z "$p" ]; then echo "!! e2e: node's test runner gave no summary"; p=0; f=$((f + 1)); fi
    [ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
    echo "   $p passed, $f failed, $s skipped ($((SECONDS - started)) s); screenshots in $build/e2e-screenshots"
    if [ "$f" -gt 0 ]; then
      grep -n '^ *not ok' "$tap" | head -n 40
      tail -n 80 "$tap"
    fi
    tally e2e "$p" "$f" "$s"
  ) >"$logdir/e2e.out" 2>&1
}

# The web front end's own unit tests (Vitest, web/src/**/*.test.ts): pure
# TypeScript logic such as formatting, access rules and the API error mapping.
run_web_unit() {
  (
    echo "== web-unit"
    if [ ! -x web/node_modules/.bin/vitest ]; then
      echo "!! web-unit: web/node_modules is missing: 'make test' installs it (make web)"; tally web-unit 0 1; exit
    fi
    local xml="$logdir/web-unit.xml" started=$SECONDS
    (cd web && node_modules/.bin/vitest run --reporter=junit --outputFile="$xml") >"$logdir/web-unit.log" 2>&1
    local rc=$? t=0 f=0 e=0 s=0
    if [ -f "$xml" ]; then
      t=$(grep -m1 -o 'tests="[0-9]*"' "$xml" | grep -o '[0-9]*')
      f=$(grep -m1 -o 'failures="[0-9]*"' "$xml" | grep -o '[0-9]*')
      e=$(grep -m1 -o 'errors="[0-9]*"' "$xml" | grep -o '[0-9]*')
      s=$(grep -c '<skipped' "$xml")
    fi
    local bad=$(( ${f:-0} + ${e:-0} ))
    { [ $rc -ne 0 ] || [ ! -f "$xml" ] || [ "${t:-0}" -eq 0 ]; } && [ "$bad" -eq 0 ] && bad=1
    echo "   $(( ${t:-0} - bad - s )) passed, $bad failed, $s skipped ($((SECONDS - started)) s)"
    [ "$bad" -gt 0 ] && tail -n 60 "$logdir/web-unit.log"
    tally web-unit $(( ${t:-0} - bad - s < 0 ? 0 : ${t:-0} - bad - s )) "$bad" "$s"
  ) >"$logdir/web-unit.out" 2>&1
}

# The front end's tools on Debian 12's own Node 18 (scripts/node18.sh): the
# type check, a production build (into the log folder, so the browser tests'
# web/dist is left alone) and the Vitest suite, each a test of its own.
run_web_node18() {
  (
    echo "== web-node18"
    local node
    if ! node=$(scripts/node18.sh "${KITH_NODE18_DIR:-$build/node18}" 2>"$logdir/web-node18.log"); then
      echo "!! web-node18: Debian's Node 18 is not available"; cat "$logdir/web-node18.log"; tally web-node18 0 1; exit
    fi
    if [ ! -x web/node_modules/.bin/vitest ]; then
      echo "!! web-node18: web/node_modules is missing: 'make test' installs it (make web)"; tally web-node18 0 1; exit
    fi
    local passed=0 failed=0 started=$SECONDS
    check() {
      local what=$1; shift
      if (cd web && "$@") >>"$logdir/web-node18.log" 2>&1; then passed=$((passed + 1)); echo "   ok: $what"
      else failed=$((failed + 1)); echo "!! failed on Node 18: $what"; fi
    }
    check "node is 18" "$node" -e 'process.exit(process.versions.node.startsWith("18.") ? 0 : 1)'
    check "tsc --noEmit" "$node" node_modules/typescript/bin/tsc --noEmit -p .
    check "vite build" "$node" node_modules/vite/bin/vite.js build --logLevel warn --outDir "$logdir/web-dist-node18" --emptyOutDir
    check "vitest run" "$node" node_modules/vitest/vitest.mjs run
    echo "   $passed passed, $failed failed, 0 skipped ($((SECONDS - started)) s)"
    [ "$failed" -gt 0 ] && tail -n 60 "$logdir/web-node18.log"
    tally web-node18 "$passed" "$failed" 0
  ) >"$logdir/web-node18.out" 2>&1
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
tsan=${KITH_TSAN_BUILD:-build-tsan}
tsan_opts="second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp"

# Lane 1: the engine-free suites and SQLite, plain, under ASan+UBSan and under TSan.
sqlite_lane() {
  run_layers
  run_suite unit "$build/kith_unit_tests"
  KITH_TEST_ENGINE=sqlite run_suite store-sqlite "$build/kith_store_tests"
  KITH_TEST_ENGINE=sqlite run_suite api-sqlite "$build/kith_api_tests"
  KITH_TEST_ENGINE=sqlite run_suite crash "$build/kith_crash_tests"
  run_suite graph "$build/kith_graph_tests"
  run_suite unit-asan "$asan/kith_unit_tests"
  KITH_TEST_ENGINE=sqlite run_suite store-asan "$asan/kith_store_tests"
  run_suite graph-asan "$asan/kith_graph_tests"
  # Untrusted input under ASan+UBSan: the API (request bodies, query strings).
  # Reports go to files so that those of the `kith serve` children count too.
  ASAN_OPTIONS=$ASAN_OPTIONS:log_path=$logdir/asan-api/report KITH_TEST_ENGINE=sqlite \
    run_suite api-asan "$asan/kith_api_tests"
  sanitizer_reports api-asan-report "$logdir/asan-api"
  # ThreadSanitizer: the tests that run threads against the store and the
  # server, and the large import (read and written on two threads). The
  # graceful stop does not depend on the engine: SQLite only (~30 s under TSan).
  mkdir -p "$logdir/tsan-sqlite"
  TSAN_OPTIONS=$tsan_opts:log_path=$logdir/tsan-sqlite/report KITH_TEST_ENGINE=sqlite \
    run_suite tsan-sqlite "$tsan/kith_tsan_tests" \
    --gtest_filter='StoreTest.Concurrent*:ApiTest.Concurrent*:GracefulStop.Sigterm*:ExchangeTest.ALargeFile*'
  sanitizer_reports tsan-sqlite-report "$logdir/tsan-sqlite"
  # Here rather than beside the browser tests, which alone take about as long
  # as this whole lane.
  fuzz_lane
  run_web_unit
  run_web_node18
}

# Lane 2: PostgreSQL, plain, under ASan+UBSan (its SQL rewriting, libpq
# results) and under TSan; then each fuzz target for a bounded time (`make
# fuzz` runs longer).
postgres_lane() {
  KITH_TEST_ENGINE=postgresql run_suite store-postgresql "$build/kith_store_tests"
  KITH_TEST_ENGINE=postgresql run_suite api-postgresql "$build/kith_api_tests"
  # SIGKILL of kith mid-import, and of a PostgreSQL server of its own (~1 min)
  KITH_TEST_ENGINE=postgresql run_suite crash-postgresql "$build/kith_crash_tests"
  KITH_TEST_ENGINE=postgresql run_suite store-asan-postgresql "$asan/kith_store_tests"
  mkdir -p "$logdir/tsan-postgresql"
  TSAN_OPTIONS=$tsan_opts:log_path=$logdir/tsan-postgresql/report KITH_TEST_ENGINE=postgresql \
    run_suite tsan-postgresql "$tsan/kith_tsan_tests" \
    --gtest_filter='StoreTest.Concurrent*:ApiTest.Concurrent*:PgEngine.PoolServes*:PgEngine.ReadSeesOneSnapshot:PgEngine.Reconnects*:PgEngine.MigratesOnce*'
  sanitizer_reports tsan-postgresql-report "$logdir/tsan-postgresql"
}
fuzz_lane() {
  local src t
  for src in tests/fuzz/fuzz_*.cpp; do
    t=${src#tests/fuzz/fuzz_}; t=${t%.cpp}
    run_fuzz "$t"
  done
}

pgdir=/tmp/kith-test-pg.$$
cleanup() { scripts/pg-test-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true; }
trap cleanup EXIT

sqlite_lane &
lane1=$!
if pg_url=$(scripts/pg-test-cluster.sh start "$pgdir" | tail -n 1) && [ -n "$pg_url" ]; then
  export KITH_TEST_PG_URL=$pg_url
  postgres_lane
else
  { echo "== postgresql-cluster"
    echo "!! could not start the throwaway PostgreSQL cluster (needs PostgreSQL: apt-get install -y postgresql)"
  } >"$logdir/postgresql-cluster.out"
  tally postgresql-cluster 0 1
fi
run_e2e
wait "$lane1"

# The summary, in a fixed order whatever order the lanes finished in.
passed=0 failed=0 skipped=0 failures=() skipped_suites=()
for out in "$logdir"/*.out; do
  label=$(basename "$out" .out)
  cat "$out"
  if [ ! -f "$logdir/$label.count" ]; then  # a suite that died before its tally
    echo "!! $label left no tally"; failed=$((failed + 1)); failures+=("$label"); continue
  fi
  read -r p f s <"$logdir/$label.count"
  passed=$((passed + p)); failed=$((failed + f))
  [ "$f" -gt 0 ] && failures+=("$label")
  [ "$s" -gt 0 ] && { skipped=$((skipped + s)); skipped_suites+=("$label($s)"); }
done
[ "$skipped" -gt 0 ] && echo "Skipped: $skipped tests in ${skipped_suites[*]} (names above)"
[ ${#failures[@]} -gt 0 ] && echo "Failed suites: ${failures[*]} (logs in $logdir)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
