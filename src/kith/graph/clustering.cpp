#include "kith/graph/clustering.hpp"

#include "kith/graph/parallel.hpp"
#include "kith/graph/view.hpp"

namespace kith::graph {
namespace {

// Forward rows: for each node, its neighbours of higher rank, sorted by index.
struct Oriented {
  std::vector<edge_t> off;
  std::vector<node_t> adj;
};

bool ranks_below(const Graph& g, node_t a, node_t b) {
  uint32_t da = g.out_degree(a), db = g.out_degree(b);
  return da != db ? da < db : a < b;
}

Oriented orient(const Graph& g) {
  const node_t n = g.node_count();
  Oriented o;
  o.off.assign(static_cast<size_t>(n) + 1, 0);
  for (node_t v = 0; v < n; ++v) {
    edge_t c = 0;
    for (node_t u : g.out_neighbors(v)) c += ranks_below(g, v, u);
    o.off[v + 1] = o.off[v] + c;
  }
  o.adj.resize(o.off[n]);
  for (node_t v = 0; v < n; ++v) {
    edge_t p = o.off[v];
    for (node_t u : g.out_neighbors(v))
      if (ranks_below(g, v, u)) o.adj[p++] = u;
  }
  return o;
}

}  // namespace

void LocalClustering::run() {
  Graph storage;
  const Graph& g = undirected_view(g_, storage);
  const node_t n = g.node_count();
  Oriented o = orient(g);
  const unsigned threads = resolve_threads(opt_.threads);
  std::vector<std::vector<uint64_t>> local(threads);
  ChunkQueue queue(n, 256);
  run_workers(threads, [&](unsigned t) {
    std::vector<uint64_t>& tri = local[t];
    tri.assign(n, 0);
    std::vector<uint8_t> mark(n, 0);
    uint64_t b, e;
    while (queue.next(b, e)) {
      for (node_t v = static_cast<node_t>(b); v < e; ++v) {
        const node_t* fv = o.adj.data() + o.off[v];
        const edge_t dv = o.off[v + 1] - o.off[v];
        for (edge_t i = 0; i < dv; ++i) mark[fv[i]] = 1;
        for (edge_t i = 0; i < dv; ++i) {
          node_t u = fv[i];
          for (edge_t j = o.off[u]; j < o.off[u + 1]; ++j) {
            node_t w = o.adj[j];
            if (mark[w]) {  // v < u < w in rank: triangle counted once
              ++tri[v];
              ++tri[u];
              ++tri[w];
            }
          }
        }
        for (edge_t i = 0; i < dv; ++i) mark[fv[i]] = 0;
      }
    }
  });
  tri_.assign(n, 0);
  for (const auto& l : local)
    for (node_t v = 0; v < n; ++v) tri_[v] += l[v];
  cc_.assign(n, 0.0);
  for (node_t v = 0; v < n; ++v) {
    double d = g.out_degree(v);
    if (d >= 2) cc_[v] = 2.0 * static_cast<double>(tri_[v]) / (d * (d - 1));
  }
  ran_ = true;
}

double LocalClustering::average() const {
  assure_run();
  if (cc_.empty()) return 0.0;
  double s = 0;
  for (double c : cc_) s += c;
  return s / static_cast<double>(cc_.size());
}

}  // namespace kith::graph
