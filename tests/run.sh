#!/usr/bin/env bash
# Runs every suite: unit, store, API and crash tests against SQLite and a
# throwaway PostgreSQL, the unit, store (both engines), graph and API
# suites under ASan+UBSan, the concurrency tests under ThreadSanitizer and
# each fuzz target for a bounded time. A suite whose binary or tool is missing
# fails (with the command that installs it); nothing is skipped silently.
# Ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
asan=${2:-build-asan}
passed=0
failed=0
failures=()
skipped=0
skipped_suites=()
logdir=$(mktemp -d /tmp/kith-test-logs.XXXXXX)
mkdir -p "$logdir/asan-api" "$logdir/tsan"  # sanitizer log_path targets

# Tally one gtest binary's run from its XML report.
run_suite() {
  local label=$1; shift
  local xml="$logdir/$label.xml"
  echo "== $label"
  if [ ! -x "$1" ]; then
    echo "!! $label: $1 is missing; 'make test' builds it (scripts/install-deps.sh installs what it needs)"
    failed=$((failed + 1)); failures+=("$label")
    return
  fi
  "$@" --gtest_output=xml:"$xml" >"$logdir/$label.log" 2>&1
  local rc=$?
  local bad=0
  if [ -f "$xml" ]; then
    local t f e
    t=$(grep -m1 -o 'tests="[0-9]*"' "$xml" | grep -o '[0-9]*')
    f=$(grep -m1 -o 'failures="[0-9]*"' "$xml" | grep -o '[0-9]*')
    e=$(grep -m1 -o 'errors="[0-9]*"' "$xml" | grep -o '[0-9]*')
    local s; s=$(grep -c '<skipped' "$xml")
    bad=$((f + e))
    passed=$((passed + t - bad - s))
    failed=$((failed + bad))
    echo "   $((t - bad - s)) passed, $bad failed, $s skipped"
    if [ "$t" -eq 0 ]; then  # an empty suite or a filter that matches nothing
      echo "!! $label ran no tests"; failed=$((failed + 1)); failures+=("$label")
    fi
    if [ "$s" -gt 0 ]; then  # visible: which tests, so a skip on the engine a test is for stands out
      skipped=$((skipped + s)); skipped_suites+=("$label($s)")
      awk -F'"' '/<testcase /{for(i=1;i<NF;i++){if($i~/ name=$/)n=$(i+1);if($i~/ classname=$/)c=$(i+1)}}
                 /<skipped/{print "   skipped: " c "." n}' "$xml"
    fi
  fi
  if [ $rc -ne 0 ] || [ ! -f "$xml" ]; then
    # A crash, a sanitizer report or a missing report counts even when no test failed.
    [ -f "$xml" ] && [ "$bad" -gt 0 ] || failed=$((failed + 1))
    failures+=("$label")
    tail -n 60 "$logdir/$label.log"
  fi
}

# The layering holds: includes match the CMake link graph, and a crossing
# include in a scratch copy fails to compile (tests/layers/check_layers.py).
run_layers() {
  echo "== layers"
  if ! command -v python3 >/dev/null; then
    echo "   python3 is missing: apt-get install -y python3"; failed=$((failed + 1)); failures+=("layers"); return
  fi
  local out; out=$(python3 tests/layers/check_layers.py "$build" 2>&1)
  local rc=$? line; line=$(printf '%s\n' "$out" | tail -n 1)
  local p f; p=$(echo "$line" | grep -o '^[0-9]*'); f=$(echo "$line" | grep -o '[0-9]* failed' | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
  echo "   $line"
  if [ $rc -ne 0 ]; then failures+=("layers"); printf '%s\n' "$out" | tail -n 40; fi
}

# Sanitizer reports written to files (log_path=DIR/report), by the suite or the
# processes it started: each file is a failure.
sanitizer_reports() {
  local label=$1 dir=$2 f
  for f in "$dir"/report.*; do
    [ -f "$f" ] || continue
    echo "!! $label: sanitizer report from a test process ($f):"
    head -n 40 "$f"
    failed=$((failed + 1)); failures+=("$label-report")
  done
}

pgdir=/tmp/kith-test-pg.$$
cleanup() { scripts/pg-test-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true; }
trap cleanup EXIT

run_layers
run_suite unit "$build/kith_unit_tests"
KITH_TEST_ENGINE=sqlite run_suite store-sqlite "$build/kith_store_tests"
KITH_TEST_ENGINE=sqlite run_suite api-sqlite "$build/kith_api_tests"
KITH_TEST_ENGINE=sqlite run_suite crash "$build/kith_crash_tests"
run_suite graph "$build/kith_graph_tests"

if pg_url=$(scripts/pg-test-cluster.sh start "$pgdir" | tail -n 1) && [ -n "$pg_url" ]; then
  export KITH_TEST_PG_URL=$pg_url
  pg_ok=1
  KITH_TEST_ENGINE=postgresql run_suite store-postgresql "$build/kith_store_tests"
  KITH_TEST_ENGINE=postgresql run_suite api-postgresql "$build/kith_api_tests"
  # SIGKILL of kith mid-import, and of a PostgreSQL server of its own (~1 min)
  KITH_TEST_ENGINE=postgresql run_suite crash-postgresql "$build/kith_crash_tests"
else
  echo "!! could not start the throwaway PostgreSQL cluster (needs PostgreSQL: apt-get install -y postgresql)"
  pg_ok=0
  failed=$((failed + 1)); failures+=("postgresql-cluster")
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_suite unit-asan "$asan/kith_unit_tests"
KITH_TEST_ENGINE=sqlite run_suite store-asan "$asan/kith_store_tests"
run_suite graph-asan "$asan/kith_graph_tests"
# Untrusted input under ASan+UBSan: the API (request bodies, query strings) on
# SQLite, the PostgreSQL store (its SQL rewriting, libpq results).
# Reports go to files so that those of the `kith serve` children count too.
ASAN_OPTIONS=$ASAN_OPTIONS:log_path=$logdir/asan-api/report KITH_TEST_ENGINE=sqlite \
  run_suite api-asan "$asan/kith_api_tests"
sanitizer_reports api-asan "$logdir/asan-api"
[ "$pg_ok" -eq 1 ] && KITH_TEST_ENGINE=postgresql run_suite store-asan-postgresql "$asan/kith_store_tests"

# ---- ThreadSanitizer: the tests that run threads against the store and the server ----
tsan=${KITH_TSAN_BUILD:-build-tsan}
tsan_sqlite='StoreTest.Concurrent*:ApiTest.Concurrent*:GracefulStop.Sigterm*'
# The graceful stop does not depend on the engine: SQLite only (it takes ~30 s under TSan).
tsan_pg='StoreTest.Concurrent*:ApiTest.Concurrent*:PgEngine.PoolServes*:PgEngine.ReadSeesOneSnapshot:PgEngine.Reconnects*:PgEngine.MigratesOnce*'
tsan_opts="second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp:log_path=$logdir/tsan/report"
TSAN_OPTIONS=$tsan_opts KITH_TEST_ENGINE=sqlite run_suite tsan-sqlite "$tsan/kith_tsan_tests" --gtest_filter="$tsan_sqlite"
[ "$pg_ok" -eq 1 ] && TSAN_OPTIONS=$tsan_opts KITH_TEST_ENGINE=postgresql \
  run_suite tsan-postgresql "$tsan/kith_tsan_tests" --gtest_filter="$tsan_pg"
sanitizer_reports tsan "$logdir/tsan"

# ---- Fuzzing: each target (tests/fuzz) for a bounded time; `make fuzz` runs longer ----
for src in tests/fuzz/fuzz_*.cpp; do
  t=${src#tests/fuzz/fuzz_}; t=${t%.cpp}
  echo "== fuzz-$t"
  if tests/fuzz/run.sh "${KITH_FUZZ_BUILD:-build-fuzz}" "${KITH_FUZZ_TEST_SECONDS:-11}" "$logdir/fuzz" "$t"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); failures+=("fuzz-$t")
  fi
done

[ "$skipped" -gt 0 ] && echo "Skipped: $skipped tests in ${skipped_suites[*]} (names above)"
[ ${#failures[@]} -gt 0 ] && echo "Failed suites: ${failures[*]} (logs in $logdir)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
