// The edge-list reader alone, in one process, best of five: the path
// `kith analyze` took before issue 8 (whole file into a string, the general
// CSV reader, graph::IdMap, a std::vector<EdgeInput>, Graph::from_edges)
// against exchange::read_edge_file + Graph::from_columns. Both end with the
// same CSR and names (checked), so the difference is the reader's.
//
//   edge_file_bench FILE.csv [FILE.csv ...]     (header source,target)
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kith/exchange/csv.hpp"
#include "kith/exchange/edge_file.hpp"
#include "kith/graph/builder.hpp"
#include "kith/graph/labels.hpp"

namespace {

using namespace kith;

struct Built {
  graph::IdMap ids;
  graph::Graph g;
};

Built old_path(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  exchange::csv::Reader r(text, path);
  Built b;
  std::vector<graph::EdgeInput> edges;
  if (!r.next().value()) return b;
  while (r.next().value()) {
    const auto& f = r.fields();
    const graph::node_t u = b.ids.intern(f[0]), v = b.ids.intern(f[1]);
    edges.push_back({u, v, 1.0});
  }
  b.g = graph::Graph::from_edges(b.ids.size(), edges, {});
  return b;
}

Built new_path(const std::string& path) {
  exchange::NodeIds ids;
  graph::EdgeColumns cols;
  KITH_ASSERT(exchange::read_edge_file(path, false, ids, cols).ok());
  Built b;
  b.ids = std::move(ids).release();
  b.g = graph::build_graph(b.ids.size(), cols, {});
  return b;
}

template <class F>
double best_of(int runs, F&& f, Built& out) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    Built b = f();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, s);
    out = std::move(b);
  }
  return best;
}

bool same(const Built& a, const Built& b) {
  if (a.ids.size() != b.ids.size() || a.g.edge_count() != b.g.edge_count()) return false;
  for (graph::node_t v = 0; v < a.ids.size(); ++v) {
    if (a.ids.name(v) != b.ids.name(v)) return false;
    auto x = a.g.out_neighbors(v), y = b.g.out_neighbors(v);
    if (!std::equal(x.begin(), x.end(), y.begin(), y.end())) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    Built a, b;
    const double t_old = best_of(5, [&] { return old_path(argv[i]); }, a);
    const double t_new = best_of(5, [&] { return new_path(argv[i]); }, b);
    std::printf("%s: %u nodes, %llu edges; reader+CSR old %.3f s, new %.3f s (%.1fx)%s\n", argv[i], a.ids.size(),
                static_cast<unsigned long long>(a.g.edge_count()), t_old, t_new, t_old / t_new,
                same(a, b) ? "" : "  MISMATCH");
    if (!same(a, b)) return 1;
  }
  return 0;
}
