#!/usr/bin/env bash
# Runs libFuzzer targets one after another:
#   tests/fuzz/run.sh BUILD SECONDS WORKDIR TARGET...
# Each target starts from its committed seeds (tests/fuzz/corpus/TARGET) plus
# WORKDIR/TARGET, where the inputs it finds are kept (never in the committed
# corpus). A crash or failed property leaves the input as WORKDIR/TARGET-crash-…
# and the log as WORKDIR/TARGET.log. Exits 1 when any target failed or is missing.
set -uo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 4 ] || { echo "usage: $0 BUILD SECONDS WORKDIR TARGET..." >&2; exit 2; }
build=$1 secs=$2 work=$3
shift 3
# libFuzzer reports leaks and UBSan stops at the first finding (-fno-sanitize-recover).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for t in "$@"; do
  bin=$build/fuzz_$t
  if [ ! -x "$bin" ]; then
    echo "!! fuzz $t: $bin is missing. Build it with 'make build-fuzz' (needs clang and libFuzzer:" \
         "apt-get install -y clang libclang-rt-14-dev)"
    status=1
    continue
  fi
  mkdir -p "$work/$t"
  "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/$t-" "$work/$t" "tests/fuzz/corpus/$t" >"$work/$t.log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t.log" | grep -o '[0-9]*$' | tail -n 1)
  if [ $rc -eq 0 ]; then
    echo "   fuzz $t: ${runs:-?} runs in ${secs}s, no failure"
  else
    echo "!! fuzz $t failed (exit $rc); input and log in $work:"
    grep -E 'ERROR|property failed|SUMMARY|Test unit written' "$work/$t.log" | head -n 20
    tail -n 30 "$work/$t.log"
    status=1
  fi
done
exit $status
