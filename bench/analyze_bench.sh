#!/usr/bin/env bash
# Whole-process `kith analyze` against igraph reading the same edge list and
# computing the same metric (docs/performance.md, "Whole-process analyze vs
# igraph"). Every figure is a complete process: start, read, build, compute,
# write the per-node result.
#
#   bench/analyze_bench.sh [BUILD_DIR] [WORK_DIR]
#
# BUILD_DIR (default build-bench) holds kith, edge_list_gen, edge_file_bench
# and igraph_analyze. RUNS (default 7) runs a command after one warm-up; set
# KITH_OLD to another kith binary to time it too (the reader before issue 8).
set -euo pipefail
build=${1:-build-bench}
work=${2:-/tmp/kith-analyze-bench}
runs=${RUNS:-7}
mkdir -p "$work"

if [[ ! -s $work/edges.csv ]]; then
  "$build/edge_list_gen" --nodes 200000 --m 5 --seed 1 \
    --csv "$work/edges.csv" --ncol "$work/edges.ncol" --edgelist "$work/edges.txt"
  "$build/edge_list_gen" --nodes 200000 --m 5 --seed 1 --prefix p --csv "$work/edges_p.csv"
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "file: $(wc -l < "$work/edges.csv") lines, $(du -h "$work/edges.csv" | cut -f1)"

# The reader alone, in one process: old path (CSV reader, IdMap, EdgeInput
# list, from_edges) against the in-place reader and from_columns.
"$build/edge_file_bench" "$work/edges.csv" "$work/edges_p.csv"

peak_rss() {  # peak resident set of one run, in MB
  /usr/bin/time -f '%M' "$@" > /dev/null 2> "$work/time.txt" || true
  echo "$(( $(tail -n 1 "$work/time.txt") / 1024 )) MB"
}

for metric in pagerank core components clustering; do
  kith_cmd="$build/kith analyze --edges $work/edges.csv --metrics $metric --out $work/kith_$metric.json"
  ncol_cmd="$build/igraph_analyze ncol $metric $work/edges.ncol"
  edgelist_cmd="$build/igraph_analyze edgelist $metric $work/edges.txt"
  commands=("$kith_cmd" "$ncol_cmd" "$edgelist_cmd")
  [[ -n ${KITH_OLD:-} ]] && commands+=("$KITH_OLD analyze --edges $work/edges.csv --metrics $metric --out $work/old_$metric.json")
  hyperfine -N --warmup 1 --runs "$runs" --style basic --output=null \
    --export-markdown "$work/$metric.md" "${commands[@]}"
  echo "peak RSS: kith $(peak_rss $kith_cmd), igraph ncol $(peak_rss $ncol_cmd), igraph edgelist $(peak_rss $edgelist_cmd)"
  if [[ -n ${KITH_OLD:-} ]]; then
    cmp "$work/kith_$metric.json" "$work/old_$metric.json" && echo "$metric: output byte-identical to KITH_OLD"
  fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
