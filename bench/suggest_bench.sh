#!/usr/bin/env bash
# How long a researcher waits for "who might this be?" (GET
# …/survey/mentions/{id}/suggestions) as the register grows. A call scores
# every person against the name (domain/survey/alter_match.cpp) on the
# area's register read and folded once per register revision
# (mentions.cpp), so the first call after a change costs more than the rest.
#
# For each size: `kith demo --people N` on SQLite, `kith serve`, the demo
# researcher sends one completed baseline interview naming five people (names
# taken from the register, in the shapes respondents use: "Mary", "Mrs
# Okafor", "Mary at number 12"), then each mention's suggestions are asked
# for REPEAT times in turn. Prints the first call's time (it reads and folds
# the register), the median and 90th percentile of the rest (the server
# keeps the folded register per register revision), and one RESULT line per
# size.
#
#   bench/suggest_bench.sh [BUILD_DIR]              (default build-bench)
#   SIZES="2000 20000" REPEAT=20 bench/suggest_bench.sh build-main
#   SERVE_WRAP="perf record -g -o /tmp/suggest.perf" SIZES=20000 bench/suggest_bench.sh   (where the time goes)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-bench}
kith=$build/kith
sizes=${SIZES:-2000 20000}
repeat=${REPEAT:-20}
work=$(mktemp -d /tmp/kith-suggest-bench.XXXXXX)
server_pid=
# shellcheck source=bench/serve_lib.sh
. bench/serve_lib.sh

[ -x "$kith" ] || { echo "suggest_bench: $kith not found; build it first" >&2; exit 1; }
for tool in curl jq python3; do
  command -v "$tool" >/dev/null || { echo "suggest_bench: $tool is not installed" >&2; exit 1; }
done

cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT



# Median and 90th percentile (nearest rank) of the numbers on standard input, in ms.
percentiles() {
  sort -n | awk '{ v[NR] = $1 * 1000 } END {
    if (NR == 0) { print "no samples"; exit 1 }
    m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.9 + 0.999)]
    printf "median %.1f ms, p90 %.1f ms (%d calls)\n", m, p, NR }'
}

bench_size() {
  local people=$1 dir=$work/$1
  mkdir -p "$dir"
  "$kith" demo --people "$people" --seed 1 --db "$dir/kith.db" >/dev/null
  local user password
  read -r user _ password < <(grep -E '^demo[0-9]*-researcher\s' "$dir/demo-accounts.txt")
  local port base
  port=$(free_port)
  base=http://127.0.0.1:$port/api/v1
  ${SERVE_WRAP:-} "$kith" serve --db "$dir/kith.db" --port "$port" >"$dir/serve.log" 2>&1 &
  server_pid=$!
  wait_for_health "http://127.0.0.1:$port"

  local csrf
  csrf=$(curl -fsS -c "$dir/cookies" -H 'Content-Type: application/json' \
    -d "$(jq -n --arg u "$user" --arg p "$password" '{username: $u, password: $p}')" "$base/session" | jq -r .csrf_token)
  get() { curl -fsS -b "$dir/cookies" "$base$1"; }
  local area wave generator
  area=$(get /areas | jq -r '.items[0].id')
  wave=$(get "/areas/$area/survey/waves" | jq -r '.items[] | select(.ordinal == 0) | .id')
  generator=$(get "/areas/$area/survey/instruments/$(get "/areas/$area/survey/waves/$wave" | jq -r .instrument_id)" |
    jq -r '[.definition.sections[] | select(.kind == "name_generator")][0].key')
  # The respondent and five people they name, from the register's first page.
  get "/areas/$area/people?limit=100" >"$dir/people.json"
  local body
  body=$(jq --arg g "$generator" '
    [.items[] | select(.is_pseudonym | not) | select(.display_name | test("^[A-Za-z]+ [A-Za-z]+$"))] as $p
    | ($p[1].display_name | split(" ")) as $a | ($p[2].display_name | split(" ")) as $b
    | ($p[3].display_name | split(" ")) as $c
    | { batch: "bench-batch-0000000001", base_revision: 0, status: "completed",
        respondent: { person_id: $p[0].id }, consent: { status: "given", scope: ["research"] },
        answers: { names: { ($g): [
          { said: $a[0] }, { said: ("Mrs " + $a[1]) }, { said: ($b[0] + " " + $b[1]) },
          { said: ($c[0] + " at number 12") }, { said: ($b[0] + " from the allotments") } ] } } }' \
    "$dir/people.json")
  local status
  status=$(curl -sS -o "$dir/put.json" -w "%{http_code}" -b "$dir/cookies" -X PUT -H 'Content-Type: application/json' \
    -H "X-CSRF-Token: $csrf" -d "$body" "$base/areas/$area/survey/waves/$wave/interviews/bench-interview-00000001")
  [ "$status" = 201 ] || { echo "suggest_bench: the interview was refused ($status): $(cat "$dir/put.json")" >&2; return 1; }
  local mentions
  mentions=$(get "/areas/$area/survey/waves/$wave/mentions" | jq -r '.items[].id')
  [ -n "$mentions" ] || { echo "suggest_bench: the interview gave no mentions" >&2; return 1; }
  local i m
  for i in $(seq 1 "$repeat"); do
    for m in $mentions; do
      curl -fsS -o /dev/null -w '%{time_total}\n' -b "$dir/cookies" "$base/areas/$area/survey/mentions/$m/suggestions"
    done
  done >"$dir/times"
  # The first call reads and folds the register; later ones reuse it until
  # the register changes (the server keeps it per register revision).
  local first
  first=$(head -n 1 "$dir/times" | awk '{ printf "%.1f", $1 * 1000 }')
  echo "== $people people: first call $first ms; then $(tail -n +2 "$dir/times" | percentiles)"
  echo "RESULT people=$people first_ms=$first $(tail -n +2 "$dir/times" | percentiles | sed -E 's/median ([0-9.]+) ms, p90 ([0-9.]+) ms \(([0-9]+) calls\)/median_ms=\1 p90_ms=\2 calls=\3/')"
  stop_server
}

echo "kith $("$kith" version), $(nproc) cores; SQLite; $repeat rounds of every mention's suggestions"
for n in $sizes; do bench_size "$n"; done
