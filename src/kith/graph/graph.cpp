#include "kith/graph/graph.hpp"

#include <algorithm>

#include "kith/graph/check.hpp"
#include "kith/graph/postconditions.hpp"

namespace kith::graph {

// One builder: edge structs become the columns file readers produce, and
// from_columns (builder.cpp) does the rest, so both entry points simplify alike.
Graph Graph::from_edges(node_t n, std::span<const EdgeInput> edges, GraphOptions opt, BuildReport* report) {
  std::vector<node_t> u(edges.size()), v(edges.size());
  std::vector<float> w(opt.weighted ? edges.size() : 0);
  for (size_t i = 0; i < edges.size(); ++i) {
    KITH_GRAPH_ASSERT_MSG(edges[i].u < n && edges[i].v < n, "edge endpoints are nodes 0..n-1");
    u[i] = edges[i].u;
    v[i] = edges[i].v;
    if (opt.weighted) w[i] = static_cast<float>(edges[i].w);
  }
  return from_columns(n, u, v, w, opt, report);
}

// O(n): offsets, and an edge count every row agrees with (an undirected edge
// in two rows, a directed one in one out-row and one in-row).
void Graph::check_invariants() const {
  KITH_GRAPH_ASSERT_MSG(out_off_.size() == static_cast<size_t>(n_) + 1, "one offset a node plus one");
  assert_csr(out_off_, out_adj_.size());
  KITH_GRAPH_ASSERT_MSG(out_w_.empty() || out_w_.size() == out_adj_.size(), "one weight an entry");
  if (directed_) {
    KITH_GRAPH_ASSERT_MSG(in_off_.size() == out_off_.size(), "in-rows for every node");
    assert_csr(in_off_, in_adj_.size());
    KITH_GRAPH_ASSERT_MSG(in_adj_.size() == m_ && out_adj_.size() == m_, "each arc in one out-row and one in-row");
    KITH_GRAPH_ASSERT_MSG(in_w_.size() == out_w_.size(), "in-weights match out-weights");
  } else {
    KITH_GRAPH_ASSERT_MSG(out_adj_.size() == 2 * m_, "each undirected edge in two rows");
  }
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
  edges.reserve(directed_ ? out_adj_.size() : out_adj_.size() / 2);
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
