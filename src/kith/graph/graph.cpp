#include "kith/graph/graph.hpp"

#include <algorithm>
#include <cassert>
#include <numeric>

namespace kith::graph {
namespace {

struct Arc {
  node_t from, to;
  float w;
  uint64_t order;  // input position, so "last weight wins" survives sorting
};

// Sorts arcs by (from, to, order) and keeps the last of each (from, to).
uint64_t dedupe(std::vector<Arc>& arcs) {
  std::sort(arcs.begin(), arcs.end(), [](const Arc& a, const Arc& b) {
    if (a.from != b.from) return a.from < b.from;
    if (a.to != b.to) return a.to < b.to;
    return a.order < b.order;
  });
  size_t out = 0;
  uint64_t merged = 0;
  for (size_t i = 0; i < arcs.size(); ++i) {
    if (out > 0 && arcs[out - 1].from == arcs[i].from && arcs[out - 1].to == arcs[i].to) {
      arcs[out - 1] = arcs[i];
      ++merged;
    } else {
      arcs[out++] = arcs[i];
    }
  }
  arcs.resize(out);
  return merged;
}

void fill_rows(node_t n, const std::vector<Arc>& arcs, bool weighted, std::vector<edge_t>& off,
               std::vector<node_t>& adj, std::vector<float>& w) {
  off.assign(static_cast<size_t>(n) + 1, 0);
  for (const auto& a : arcs) ++off[a.from + 1];
  std::partial_sum(off.begin(), off.end(), off.begin());
  adj.resize(arcs.size());
  if (weighted) w.resize(arcs.size());
  // arcs are sorted by (from, to), so rows come out sorted.
  for (size_t i = 0; i < arcs.size(); ++i) {
    adj[i] = arcs[i].to;
    if (weighted) w[i] = arcs[i].w;
  }
}

}  // namespace

Graph Graph::from_edges(node_t n, std::span<const EdgeInput> edges, GraphOptions opt, BuildReport* report) {
  assert(n <= kNodesMax);
  BuildReport local;
  std::vector<Arc> arcs;
  arcs.reserve(edges.size() * (opt.directed ? 1 : 2));
  uint64_t order = 0;
  for (const auto& e : edges) {
    assert(e.u < n && e.v < n);
    if (e.u == e.v) {
      ++local.self_loops_dropped;
      continue;
    }
    float w = opt.weighted ? static_cast<float>(e.w) : 1.0f;
    if (opt.directed) {
      arcs.push_back({e.u, e.v, w, order++});
    } else {
      // Store each undirected edge under its smaller endpoint first, so a
      // repeat given the other way round is recognised as the same edge.
      node_t a = std::min(e.u, e.v), b = std::max(e.u, e.v);
      arcs.push_back({a, b, w, order++});
    }
  }
  local.duplicates_merged = dedupe(arcs);
  Graph g;
  g.n_ = n;
  g.directed_ = opt.directed;
  g.m_ = arcs.size();
  if (!opt.directed) {
    size_t half = arcs.size();
    for (size_t i = 0; i < half; ++i) arcs.push_back({arcs[i].to, arcs[i].from, arcs[i].w, arcs[i].order});
    std::sort(arcs.begin(), arcs.end(),
              [](const Arc& a, const Arc& b) { return a.from != b.from ? a.from < b.from : a.to < b.to; });
  }
  fill_rows(n, arcs, opt.weighted, g.out_off_, g.out_adj_, g.out_w_);
  if (opt.directed) {
    for (auto& a : arcs) std::swap(a.from, a.to);
    std::sort(arcs.begin(), arcs.end(),
              [](const Arc& a, const Arc& b) { return a.from != b.from ? a.from < b.from : a.to < b.to; });
    fill_rows(n, arcs, opt.weighted, g.in_off_, g.in_adj_, g.in_w_);
  }
  assert(g.out_adj_.size() == (opt.directed ? g.m_ : 2 * g.m_));
  if (report) *report = local;
  return g;
}

bool Graph::has_edge(node_t u, node_t v) const {
  auto r = out_neighbors(u);
  return std::binary_search(r.begin(), r.end(), v);
}

double Graph::weight(node_t u, node_t v) const {
  auto r = out_neighbors(u);
  auto it = std::lower_bound(r.begin(), r.end(), v);
  if (it == r.end() || *it != v) return 0.0;
  if (out_w_.empty()) return 1.0;
  return out_weights(u)[static_cast<size_t>(it - r.begin())];
}

Graph Graph::undirected() const {
  std::vector<EdgeInput> edges;
  edges.reserve(out_adj_.size());
  for (node_t u = 0; u < n_; ++u) {
    auto nb = out_neighbors(u);
    auto w = out_weights(u);
    for (size_t i = 0; i < nb.size(); ++i) {
      node_t v = nb[i];
      if (!directed_ && v < u) continue;
      double wt = w.empty() ? 1.0 : w[i];
      // Both arcs of a mutual pair fold into one edge carrying their sum.
      if (directed_ && has_edge(v, u)) {
        if (v < u) continue;
        wt += w.empty() ? 1.0 : weight(v, u);
      }
      edges.push_back({u, v, wt});
    }
  }
  return from_edges(n_, edges, {.directed = false, .weighted = weighted()});
}

size_t Graph::memory_bytes() const {
  return out_off_.size() * sizeof(edge_t) + out_adj_.size() * sizeof(node_t) + out_w_.size() * sizeof(float) +
         in_off_.size() * sizeof(edge_t) + in_adj_.size() * sizeof(node_t) + in_w_.size() * sizeof(float);
}

}  // namespace kith::graph
