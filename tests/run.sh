#!/usr/bin/env bash
# Runs every suite: unit, store and API against SQLite and a throwaway
# PostgreSQL, the crash test, and the unit+store suites under ASan+UBSan.
# Ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
asan=${2:-build-asan}
passed=0
failed=0
failures=()
logdir=$(mktemp -d /tmp/kith-test-logs.XXXXXX)

# Tally one gtest binary's run from its XML report.
run_suite() {
  local label=$1; shift
  local xml="$logdir/$label.xml"
  echo "== $label"
  "$@" --gtest_output=xml:"$xml" >"$logdir/$label.log" 2>&1
  local rc=$?
  if [ -f "$xml" ]; then
    local t f e
    t=$(grep -m1 -o 'tests="[0-9]*"' "$xml" | grep -o '[0-9]*')
    f=$(grep -m1 -o 'failures="[0-9]*"' "$xml" | grep -o '[0-9]*')
    e=$(grep -m1 -o 'errors="[0-9]*"' "$xml" | grep -o '[0-9]*')
    local s; s=$(grep -c '<skipped' "$xml")
    local bad=$((f + e))
    passed=$((passed + t - bad - s))
    failed=$((failed + bad))
    echo "   $((t - bad - s)) passed, $bad failed, $s skipped"
  fi
  if [ $rc -ne 0 ] || [ ! -f "$xml" ]; then
    [ -f "$xml" ] || failed=$((failed + 1))
    failures+=("$label")
    tail -n 60 "$logdir/$label.log"
  fi
}

pgdir=/tmp/kith-test-pg.$$
cleanup() { scripts/pg-test-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true; }
trap cleanup EXIT

run_suite unit "$build/kith_unit_tests"
KITH_TEST_ENGINE=sqlite run_suite store-sqlite "$build/kith_store_tests"
KITH_TEST_ENGINE=sqlite run_suite api-sqlite "$build/kith_api_tests"
[ -x "$build/kith_crash_tests" ] && run_suite crash "$build/kith_crash_tests"
[ -x "$build/kith_graph_tests" ] && run_suite graph "$build/kith_graph_tests"

if pg_url=$(scripts/pg-test-cluster.sh start "$pgdir" | tail -n 1) && [ -n "$pg_url" ]; then
  export KITH_TEST_PG_URL=$pg_url
  KITH_TEST_ENGINE=postgresql run_suite store-postgresql "$build/kith_store_tests"
  KITH_TEST_ENGINE=postgresql run_suite api-postgresql "$build/kith_api_tests"
else
  echo "!! could not start the throwaway PostgreSQL cluster"
  failed=$((failed + 1)); failures+=("postgresql-cluster")
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_suite unit-asan "$asan/kith_unit_tests"
KITH_TEST_ENGINE=sqlite run_suite store-asan "$asan/kith_store_tests"
[ -x "$asan/kith_graph_tests" ] && run_suite graph-asan "$asan/kith_graph_tests"

[ ${#failures[@]} -gt 0 ] && echo "Failed suites: ${failures[*]} (logs in $logdir)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
