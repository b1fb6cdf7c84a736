// graphology-layout-forceatlas2's side of bench/layout_bench.cpp, spawned by
// it as a child process:
//
//   node bench/layout/fa2.mjs EDGE_FILE ITERATIONS REPEAT SEED
//
// EDGE_FILE: a line "n m", then m lines "u v" (nodes 0..n-1, undirected,
// simplified by the driver). Settings are the library's own
// inferSettings(n). Start: uniform in a square of side 10*sqrt(n) centred on
// the origin, as kith's seeded start, but drawn from mulberry32(SEED): kith's
// SplitMix64 needs 64-bit integers, so the two starts have the same
// distribution, not the same points.
//
// Timed: the ITERATIONS calls of the library's iterate() on its node and edge
// matrices (helpers.graphToByteArrays), best and median of REPEAT runs, each
// from the same start. Not timed: reading the file, building the graphology
// Graph, building the matrices. Prints one line
//   best_seconds median_seconds edge_length_spread edge_pair_ratio
// then the settings used as JSON on a second line.
import {readFileSync} from 'node:fs';
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import helpers from 'graphology-layout-forceatlas2/helpers.js';
import iterate from 'graphology-layout-forceatlas2/iterate.js';
import DEFAULTS from 'graphology-layout-forceatlas2/defaults.js';

const PPN = 10; // the library's floats a node in its node matrix (x, y first)

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The same formula as kith::graph::edge_length_spread: population standard
// deviation of the edge lengths over their upper median (element floor(m/2)
// once sorted).
export function edgeLengthSpread(len) {
  if (len.length === 0) return 0;
  let mean = 0;
  for (const l of len) mean += l;
  mean /= len.length;
  let v = 0;
  for (const l of len) v += (l - mean) * (l - mean);
  v /= len.length;
  const sorted = Float64Array.from(len).sort();
  const mid = sorted[Math.floor(len.length / 2)];
  return mid === 0 ? Infinity : Math.sqrt(v) / mid;
}

// Mean edge length over the mean distance of the n fixed node pairs
// (u, (7919u + 1) mod n), u != partner: how much shorter edges are than
// typical distances. The same pairs as bench/layout_bench.cpp.
export function edgePairRatio(n, us, vs, x, y) {
  let e = 0;
  for (let i = 0; i < us.length; i++) e += Math.hypot(x[us[i]] - x[vs[i]], y[us[i]] - y[vs[i]]);
  e /= us.length;
  let p = 0, k = 0;
  for (let u = 0; u < n; u++) {
    const w = (7919 * u + 1) % n;
    if (w === u) continue;
    p += Math.hypot(x[u] - x[w], y[u] - y[w]);
    k++;
  }
  p /= k;
  return e / p;
}

const [file, itArg, repArg, seedArg] = process.argv.slice(2);
if (!file || !itArg) {
  console.error('usage: node fa2.mjs EDGE_FILE ITERATIONS [REPEAT] [SEED]');
  process.exit(2);
}
const iterations = Number(itArg), repeat = Math.max(1, Number(repArg ?? 1)), seed = Number(seedArg ?? 1);

const lines = readFileSync(file, 'utf8').split('\n');
const [n, m] = lines[0].split(' ').map(Number);
const us = new Int32Array(m), vs = new Int32Array(m);
for (let i = 0; i < m; i++) {
  const [u, v] = lines[i + 1].split(' ');
  us[i] = Number(u);
  vs[i] = Number(v);
}

const rng = mulberry32(seed);
const side = 10 * Math.sqrt(Math.max(n, 1));
const graph = new Graph({type: 'undirected'});
for (let v = 0; v < n; v++) graph.addNode(String(v), {x: (rng() - 0.5) * side, y: (rng() - 0.5) * side});
for (let i = 0; i < m; i++) graph.addEdge(String(us[i]), String(vs[i]));

const settings = Object.assign({}, DEFAULTS, forceAtlas2.inferSettings(graph));
const start = helpers.graphToByteArrays(graph, () => 1);
let nodes = null;
const times = [];
for (let r = 0; r < repeat; r++) {
  nodes = start.nodes.slice();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) iterate(settings, nodes, start.edges);
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
times.sort((a, b) => a - b);
const k = times.length >> 1;
const median = times.length % 2 ? times[k] : (times[k - 1] + times[k]) / 2;

const x = new Float64Array(n), y = new Float64Array(n);
for (let v = 0; v < n; v++) {
  x[v] = nodes[v * PPN];
  y[v] = nodes[v * PPN + 1];
}
const len = new Float64Array(m);
for (let i = 0; i < m; i++) len[i] = Math.hypot(x[us[i]] - x[vs[i]], y[us[i]] - y[vs[i]]);
console.log(`${times[0]} ${median} ${edgeLengthSpread(len)} ${edgePairRatio(n, us, vs, x, y)}`);
console.log(JSON.stringify(settings));
