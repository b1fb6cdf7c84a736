// Community-detection benchmark: kith's Louvain with Leiden refinement
// against igraph's multilevel (Louvain) and Leiden (modularity objective) on
// the same planted-partition graphs, in one run. Times are best of --repeat;
// graph construction is reported apart; modularity is checked, not assumed:
// every partition is scored by kith::graph::Modularity (the NetworkX
// definition) and kith's score is also recomputed by igraph_modularity.
//
//   build-bench/community_bench [--nodes 100000] [--large 0] [--block 100] [--degree 10]
//                               [--mixing 0.2] [--repeat 3] [--seed 1] [--out FILE]
//
// "with structure": a fraction 1 − mixing of each node's expected degree
// falls inside its block of --block nodes, the rest anywhere; "no structure":
// the same number of edges between uniformly random pairs (Erdős–Rényi
// G(n, m)). Not run by the tests: its figures depend on the machine.
#include <igraph.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "kith/graph/louvain.hpp"
#include "kith/graph/modularity.hpp"
#include "kith/graph/random.hpp"
#include "timing.hpp"

namespace {

using kith::graph::EdgeInput;
using kith::graph::Graph;
using kith::graph::node_t;

struct Options {
  node_t nodes = 100'000, large = 0, block = 100;
  double degree = 10, mixing = 0.2;
  int repeat = 3;
  bool peers = true;  // false: kith alone (for profiling)
  bool slow_peers = false;  // igraph multilevel on the large graph without structure (over 40 min)
  bool large_run = false;   // set while measuring the --large graphs
  uint64_t seed = 1;
  std::string out;
};

using kith::bench::best_of;
using Rng = kith::graph::SplitMix64;  // below32: the draw these graphs were always made with

// n·degree/2 edges; with structure, a share (1 − mixing) of them joins two
// nodes of the same block. Repeats and loops are left in: both libraries get
// the simplified graph kith builds.
std::vector<EdgeInput> planted(node_t n, node_t block, double degree, double mixing, bool structure, uint64_t seed) {
  Rng rng(seed);
  const uint64_t m = static_cast<uint64_t>(n * degree / 2);
  std::vector<EdgeInput> e;
  e.reserve(m);
  for (uint64_t i = 0; i < m; ++i) {
    const node_t u = rng.below32(n);
    node_t v;
    if (structure && rng.unit() >= mixing) {
      const node_t base = u - u % block, size = std::min(block, n - base);
      v = base + rng.below32(size);
    } else {
      v = rng.below32(n);
    }
    e.push_back({u, v, 1.0});
  }
  return e;
}

struct IGraph {
  igraph_t g;
  explicit IGraph(const Graph& k) {
    igraph_vector_int_t el;
    igraph_vector_int_init(&el, 0);
    igraph_vector_int_reserve(&el, static_cast<igraph_integer_t>(2 * k.edge_count()));
    for (node_t u = 0; u < k.node_count(); ++u)
      for (node_t v : k.out_neighbors(u))
        if (u < v) {
          igraph_vector_int_push_back(&el, u);
          igraph_vector_int_push_back(&el, v);
        }
    igraph_create(&g, &el, k.node_count(), IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&el);
  }
  ~IGraph() { igraph_destroy(&g); }
};

double kith_modularity(const Graph& g, const std::vector<uint32_t>& comm) {
  kith::graph::Modularity q(g, comm);
  q.run();
  return q.value().value_or(0.0);
}

std::vector<uint32_t> to_labels(const igraph_vector_int_t& v) {
  return std::vector<uint32_t>(VECTOR(v), VECTOR(v) + igraph_vector_int_size(&v));
}

struct Row {
  std::string graph, method;
  double seconds = 0, modularity = 0;
  size_t communities = 0;
};

void bench_graph(const std::string& name, const std::vector<EdgeInput>& edges, node_t n, const Options& o,
                 std::vector<Row>& rows, std::ostream& log) {
  Graph g;
  const double build = best_of(o.repeat, [&] { g = Graph::from_edges(n, edges, {}); });
  std::unique_ptr<IGraph> ig;
  const double ibuild = best_of(o.repeat, [&] { ig.reset(); ig = std::make_unique<IGraph>(g); });
  log << name << ": " << g.node_count() << " nodes, " << g.edge_count() << " edges; build kith " << build
      << " s, igraph " << ibuild << " s\n";

  std::vector<uint32_t> kith_comm;
  double q_kith = 0;
  const double t_kith = best_of(o.repeat, [&] {
    kith::graph::Louvain l(g, {.seed = o.seed});
    l.run();
    kith_comm = l.community();
    q_kith = l.modularity().value_or(0.0);
  });
  igraph_vector_int_t membership;
  igraph_vector_int_init(&membership, 0);
  for (node_t v = 0; v < n; ++v) igraph_vector_int_push_back(&membership, kith_comm[v]);
  igraph_real_t q_check = 0;
  igraph_modularity(&ig->g, &membership, nullptr, 1.0, false, &q_check);
  if (std::fabs(q_check - q_kith) > 1e-9) log << "  MISMATCH: igraph scores kith's partition " << q_check << "\n";
  rows.push_back({name, "kith Louvain+refinement", t_kith, q_kith,
                  *std::max_element(kith_comm.begin(), kith_comm.end()) + 1u});
  if (!o.peers) {
    igraph_vector_int_destroy(&membership);
    return;
  }

  std::cerr << rows.back().graph << ": kith " << rows.back().seconds << " s, modularity " << rows.back().modularity
            << std::endl;
  if (o.large_run && name.find("no structure") != std::string::npos && !o.slow_peers) {
    log << "  igraph multilevel skipped on " << name << " (over 40 minutes; --slow-peers runs it)\n";
  } else {
  const double t_ml = best_of(o.repeat, [&] {
    igraph_community_multilevel(&ig->g, nullptr, 1.0, &membership, nullptr, nullptr);
  });
  auto ml = to_labels(membership);
  rows.push_back({name, "igraph multilevel", t_ml, kith_modularity(g, ml),
                  static_cast<size_t>(*std::max_element(ml.begin(), ml.end()) + 1)});
  std::cerr << name << ": igraph multilevel " << t_ml << " s" << std::endl;
  }

  // Leiden optimises modularity with node weights = degree and γ = 1/2m.
  igraph_vector_t degree;
  igraph_vector_init(&degree, 0);
  igraph_strength(&ig->g, &degree, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, nullptr);
  igraph_integer_t clusters = 0;
  igraph_real_t quality = 0;
  igraph_rng_seed(igraph_rng_default(), o.seed);
  // Two iterations is kith's number of passes; -1 runs until nothing moves.
  for (int iterations : {2, -1}) {
    const double t_leiden = best_of(o.repeat, [&] {
      igraph_community_leiden(&ig->g, nullptr, &degree, 1.0 / (2.0 * static_cast<double>(g.edge_count())), 0.01,
                              false, iterations, &membership, &clusters, &quality);
    });
    auto ld = to_labels(membership);
    rows.push_back({name, iterations < 0 ? "igraph Leiden (to convergence)" : "igraph Leiden (2 iterations)", t_leiden,
                    kith_modularity(g, ld), static_cast<size_t>(clusters)});
  }
  igraph_vector_destroy(&degree);
  igraph_vector_int_destroy(&membership);
}

std::string table(const std::vector<Row>& rows) {
  std::ostringstream s;
  s << "| graph | method | time (s) | kith ÷ this | modularity | communities |\n|---|---|---:|---:|---:|---:|\n";
  for (const Row& r : rows) {
    double kith_time = 0;
    for (const Row& k : rows)
      if (k.graph == r.graph && k.method.rfind("kith", 0) == 0) kith_time = k.seconds;
    char line[512];
    std::snprintf(line, sizeof line, "| %s | %s | %.3f | %.2f | %.6f | %zu |\n", r.graph.c_str(), r.method.c_str(),
                  r.seconds, kith_time / r.seconds, r.modularity, r.communities);
    s << line;
  }
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"kith vs igraph: community detection on planted-partition graphs"};
  app.add_option("--nodes", o.nodes, "nodes of the main graphs");
  app.add_option("--large", o.large, "also a graph with structure of this many nodes (0: none)");
  app.add_option("--block", o.block, "nodes a planted block");
  app.add_option("--degree", o.degree, "average degree");
  app.add_option("--mixing", o.mixing, "share of each node's edges leaving its block");
  app.add_flag("!--no-peers", o.peers, "run kith alone (for profiling)");
  app.add_flag("--slow-peers", o.slow_peers, "also igraph multilevel on the large graph without structure");
  kith::bench::add_common_options(app, o.repeat, o.seed, o.out,
                                  "also write the Markdown document (docs/performance-communities.md) here");
  CLI11_PARSE(app, argc, argv);
  igraph_set_attribute_table(nullptr);
  std::vector<Row> rows;
  std::ostringstream log;  // construction times and checks, for the document's notes
  const double load_before = kith::bench::load_average();
  auto label = [&](node_t n, const char* kind) { return std::to_string(n / 1000) + "k, " + kind; };
  bench_graph(label(o.nodes, "with structure"), planted(o.nodes, o.block, o.degree, o.mixing, true, o.seed), o.nodes,
              o, rows, log);
  bench_graph(label(o.nodes, "no structure"), planted(o.nodes, o.block, o.degree, o.mixing, false, o.seed), o.nodes,
              o, rows, log);
  if (o.large > 0) {
    Options once = o;
    once.repeat = 1;  // igraph's multilevel needs minutes on a large graph without structure
    once.large_run = true;
    for (bool structure : {true, false})
      bench_graph(label(o.large, structure ? "with structure" : "no structure"),
                  planted(o.large, o.block, o.degree, o.mixing, structure, o.seed), o.large, once, rows, log);
  }
  log << "1-minute load average " << load_before << " before the run and " << kith::bench::load_average()
      << " after; peak memory " << kith::bench::peak_rss_mb() << " MB\n";
  const std::string t = table(rows);
  std::cerr << log.str();
  std::cout << t;
  if (!o.out.empty()) {
    std::ofstream out(o.out);
    out << "## Communities: kith's Louvain with Leiden refinement against igraph\n\n"
        << "Generated by `bench/community_bench.cpp`; regenerate with\n\n"
        << "    make build   # the RelWithDebInfo build in build/, which includes the benchmarks\n"
        << "    build/community_bench --nodes " << o.nodes << " --large " << o.large << " --repeat " << o.repeat
        << " --out docs/performance-communities.md\n\n"
        << "Planted-partition graphs: blocks of " << o.block << " nodes, average degree " << o.degree << "; \"with "
        << "structure\": a share " << 1 - o.mixing << " of the edges inside a block; \"no structure\": the same number "
        << "of edges between random pairs (seed " << o.seed << "). kith runs one thread, seed " << o.seed
        << ", two passes; igraph " << IGRAPH_VERSION << " multilevel (Louvain) and Leiden (modularity objective, "
        << "β = 0.01) with two iterations, as kith's passes, and to convergence. Times are the best of " << o.repeat
        << " runs on the " << o.nodes / 1000 << "k graphs and of one on the large ones; graph construction is apart. "
        << "Every partition is scored by kith's Modularity (NetworkX's definition); igraph_modularity re-scores "
        << "kith's and must agree to 1e-9. \"kith ÷ this\": kith's time over the row's.\n\n"
        << t << "\nConstruction and checks:\n\n";
    std::istringstream lines(log.str());
    for (std::string line; std::getline(lines, line);) out << "- " << line << "\n";
  }
  return 0;
}
