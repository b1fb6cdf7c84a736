#!/usr/bin/env bash
# API load test: `kith serve` on SQLite and on a throwaway PostgreSQL, loaded
# with wrk (8 connections, 2 threads) on two requests:
#   person: GET /api/v1/areas/{area}/people/{id}
#   list:   GET /api/v1/areas/{area}/people?limit=100
# Prints wrk's report (--latency) and one RESULT line per run.
#
#   bench/api_bench.sh [BUILD_DIR]         (default build-bench)
#   DURATION_S=20 PEOPLE=2000 ENGINES="sqlite postgresql" bench/api_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-bench}
kith=$build/kith
duration_s=${DURATION_S:-20}
people=${PEOPLE:-2000}
engines=${ENGINES:-sqlite postgresql}
connections=8
threads=2
work=$(mktemp -d /tmp/kith-api-bench.XXXXXX)
pgdir=/tmp/kith-api-bench-pg.$$
server_pid=
# shellcheck source=bench/serve_lib.sh
. bench/serve_lib.sh

[ -x "$kith" ] || { echo "api_bench: $kith not found; build it first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "api_bench: wrk is not installed" >&2; exit 1; }
command -v jq >/dev/null || { echo "api_bench: jq is not installed" >&2; exit 1; }

cleanup() {
  stop_server
  scripts/pg-test-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT



run_wrk() {
  local label=$1 url=$2
  echo "-- $label: $url"
  wrk -t"$threads" -c"$connections" -d"${duration_s}s" --latency -s bench/wrk_report.lua "$url" |
    sed "s/^RESULT /RESULT engine=$engine request=$label /"
}

bench_engine() {
  local engine=$1 db
  case $engine in
    sqlite) db=$work/bench.db ;;
    postgresql)
      # PostgreSQL 15 lets only its owner create tables in `postgres`: use a database of kith's own.
      local admin
      admin=$(scripts/pg-test-cluster.sh start "$pgdir" | tail -n 1)
      psql "$admin" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE kith_bench" >/dev/null
      db=${admin%/postgres}/kith_bench ;;
    *) echo "api_bench: unknown engine $engine" >&2; return 1 ;;
  esac
  echo "== $engine"
  "$kith" demo --people "$people" --seed 1 --db "$db"
  local port base area person
  port=$(free_port)
  base=http://127.0.0.1:$port
  "$kith" serve --db "$db" --port "$port" >"$work/serve-$engine.log" 2>&1 &
  server_pid=$!
  wait_for_health "$base"
  area=$(curl -fsS "$base/api/v1/areas" | jq -r '.items[0].id')
  person=$(curl -fsS "$base/api/v1/areas/$area/people?limit=1" | jq -r '.items[0].id')
  curl -fsS "$base/api/v1/areas/$area/people?limit=100" | jq -e '.items | length == 100' >/dev/null
  run_wrk person "$base/api/v1/areas/$area/people/$person"
  run_wrk list "$base/api/v1/areas/$area/people?limit=100"
  stop_server
}

echo "kith $("$kith" version), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "wrk: $threads threads, $connections connections, ${duration_s}s per run; demo of $people people"
for engine in $engines; do bench_engine "$engine"; done
