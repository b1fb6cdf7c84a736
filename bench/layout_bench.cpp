// Layout benchmark: kith's ForceAtlas2 (src/kith/graph/forceatlas2.hpp)
// against graphology-layout-forceatlas2 (the library Gephi Lite uses) on the
// same generated Holme–Kim graphs, the same settings (graphology's
// inferSettings, kith's infer_forceatlas2_options) and the same number of
// iterations. Each graph's edge list is written to a file that
// bench/layout/fa2.mjs (spawned with node) reads; both sides time the layout
// alone (best of --repeat), and both compute the same two quality figures
// from their own positions:
//   edge-length spread  std-dev of edge lengths / their upper median
//                       (kith::graph::edge_length_spread; lower is more even)
//   edge/pair ratio     mean edge length / mean distance of the n fixed pairs
//                       (u, (7919u + 1) mod n); lower: neighbours drawn closer
//                       than typical pairs
// Starts are uniform in the same square but from different generators
// (SplitMix64 in kith, mulberry32 in JS), so the two runs are not the same
// trajectory. A Markdown table goes to stdout (and --out).
//
//   bench/layout_bench.sh [--sizes 2000,20000] [--m 5] [--iterations 100] [--repeat 3]
//                         [--seed 1] [--node node] [--script bench/layout/fa2.mjs] [--out FILE]
//
// Not run by the tests: it takes minutes and its figures depend on the machine.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "holme_kim.hpp"
#include "kith/graph/forceatlas2.hpp"
#include "timing.hpp"

namespace {

using kith::graph::Graph;
using kith::graph::node_t;

struct Options {
  std::vector<node_t> sizes{2'000, 20'000};
  unsigned m = 5;
  double triad = 0.5;
  uint32_t iterations = 100;
  int repeat = 3;
  uint64_t seed = 1;
  std::string node = "node", script = "bench/layout/fa2.mjs", dir = "/tmp", out;
};

struct Quality {
  double spread = 0, pair_ratio = 0;
};

// The same formula as edgePairRatio in fa2.mjs.
double edge_pair_ratio(const Graph& g, const std::vector<double>& x, const std::vector<double>& y) {
  const node_t n = g.node_count();
  double e = 0;
  uint64_t m = 0;
  for (node_t u = 0; u < n; ++u)
    for (node_t v : g.out_neighbors(u))
      if (u < v) {
        e += std::hypot(x[u] - x[v], y[u] - y[v]);
        ++m;
      }
  double p = 0;
  uint64_t k = 0;
  for (node_t u = 0; u < n; ++u) {
    const node_t w = static_cast<node_t>((7919ULL * u + 1) % n);
    if (w == u) continue;
    p += std::hypot(x[u] - x[w], y[u] - y[w]);
    ++k;
  }
  return (e / static_cast<double>(m)) / (p / static_cast<double>(k));
}

Quality quality(const Graph& g, const std::vector<double>& x, const std::vector<double>& y) {
  return {kith::graph::edge_length_spread(g, x, y), edge_pair_ratio(g, x, y)};
}

// "n m" then "u v" lines, each undirected edge once (u < v), as built.
void write_edges(const Graph& g, const std::string& path) {
  std::ofstream out(path);
  out << g.node_count() << ' ' << g.edge_count() << '\n';
  for (node_t u = 0; u < g.node_count(); ++u)
    for (node_t v : g.out_neighbors(u))
      if (u < v) out << u << ' ' << v << '\n';
  if (!out) throw std::runtime_error("cannot write " + path);
}

struct JsResult {
  double best = 0, median = 0;
  Quality q;
  std::string settings;
};

JsResult run_js(const Options& opt, const std::string& file) {
  std::string cmd = opt.node + " " + opt.script + " " + file + " " + std::to_string(opt.iterations) + " " +
                    std::to_string(opt.repeat) + " " + std::to_string(opt.seed);
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("cannot run " + cmd);
  std::string text;
  char buf[4096];
  while (size_t k = fread(buf, 1, sizeof buf, p)) text.append(buf, k);
  if (pclose(p) != 0) throw std::runtime_error("failed: " + cmd);
  std::istringstream in(text);
  JsResult r;
  in >> r.best >> r.median >> r.q.spread >> r.q.pair_ratio;
  in >> std::ws;
  std::getline(in, r.settings);
  if (!in && r.settings.empty()) throw std::runtime_error("unreadable output of " + cmd + ":\n" + text);
  return r;
}

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  CLI::App app{"kith's ForceAtlas2 vs graphology-layout-forceatlas2 on Holme–Kim graphs"};
  app.add_option("--sizes", opt.sizes, "node counts of the graphs")->delimiter(',');
  app.add_option("--m", opt.m, "edges added per node");
  app.add_option("--triad", opt.triad, "triad-formation probability");
  app.add_option("--iterations", opt.iterations, "ForceAtlas2 iterations, both sides");
  app.add_option("--node", opt.node, "the node executable");
  app.add_option("--script", opt.script, "graphology's side");
  app.add_option("--dir", opt.dir, "where the edge lists are written");
  kith::bench::add_common_options(app, opt.repeat, opt.seed, opt.out, "also write the Markdown table here");
  CLI11_PARSE(app, argc, argv);

  const double load_before = kith::bench::load_average();
  std::ostringstream table, notes;
  table << "| graph | iterations | Barnes–Hut | kith 1 thread | kith 2 threads | graphology | graphology / kith 1t | "
           "graphology / kith 2t | spread kith / graphology | edge/pair kith / graphology |\n"
        << "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (size_t i = 0; i < opt.sizes.size(); ++i) {
    const node_t n = opt.sizes[i];
    auto edges = kith::bench::holme_kim(n, opt.m, opt.triad, opt.seed + i);
    Graph g = Graph::from_edges(n, edges, {});
    const std::string file = opt.dir + "/kith_layout_bench_" + std::to_string(n) + ".txt";
    write_edges(g, file);
    auto fo = kith::graph::infer_forceatlas2_options(n);
    fo.iterations = opt.iterations;
    fo.seed = opt.seed;
    double t[2] = {0, 0};
    Quality q;
    for (unsigned threads : {1u, 2u}) {
      fo.threads = threads;
      kith::graph::ForceAtlas2 fa(g, fo);
      t[threads - 1] = kith::bench::best_of(opt.repeat, [&] { fa.run(); });
      q = quality(g, fa.x(), fa.y());  // the same positions for any thread count
    }
    std::cerr << "HK " << n << ": kith " << t[0] << " s / " << t[1] << " s; running graphology...\n";
    JsResult js = run_js(opt, file);
    std::cerr << "HK " << n << ": graphology " << js.best << " s\n";
    table << "| HK " << n << " / " << g.edge_count() << " | " << opt.iterations << " | "
          << (fo.barnes_hut_optimize ? "yes" : "no") << " | " << fixed(t[0], 3) << " s | " << fixed(t[1], 3)
          << " s | " << fixed(js.best, 3) << " s | " << fixed(js.best / t[0], 1) << "× | "
          << fixed(js.best / t[1], 1) << "× | " << fixed(q.spread, 3) << " / " << fixed(js.q.spread, 3) << " | "
          << fixed(q.pair_ratio, 4) << " / " << fixed(js.q.pair_ratio, 4) << " |\n";
    notes << "- HK " << n << ": kith slow_down " << fo.slow_down << ", Barnes–Hut "
          << (fo.barnes_hut_optimize ? "on" : "off") << "; graphology median " << fixed(js.median, 3)
          << " s; graphology settings " << js.settings << "\n";
  }
  notes << "- machine: " << std::thread::hardware_concurrency() << " cores; 1-minute load average " << load_before
        << " before and " << kith::bench::load_average() << " after.\n";
  std::cout << table.str() << "\n" << notes.str();
  if (!opt.out.empty()) {
    std::ofstream out(opt.out);
    out << table.str() << "\n" << notes.str();
  }
}
