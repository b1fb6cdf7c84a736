#include "kith/graph/graph.hpp"

#include <algorithm>

#include "kith/core/assert.hpp"
#include "kith/graph/postconditions.hpp"

namespace kith::graph {
namespace {

// Rows filled by a counting sort: each arc is scattered into its source's row
// in input order, so within a row the later of two repeats sits later. No
// global sort and no arc structs: peak memory is the final CSR plus one
// cursor per node.
struct RowBuilder {
  std::vector<edge_t>& off;
  std::vector<node_t>& adj;
  std::vector<float>& w;
  std::vector<edge_t> cursor;

  RowBuilder(std::vector<edge_t>& o, std::vector<node_t>& a, std::vector<float>& ww) : off(o), adj(a), w(ww) {}

  void size_rows(node_t n, const std::vector<uint32_t>& counts, bool weighted) {
    off.assign(static_cast<size_t>(n) + 1, 0);
    for (node_t v = 0; v < n; ++v) off[v + 1] = off[v] + counts[v];
    adj.resize(off[n]);
    if (weighted) w.resize(off[n]);
    cursor.assign(off.begin(), off.end() - 1);
  }
  void put(node_t from, node_t to, float weight) {
    edge_t p = cursor[from]++;
    adj[p] = to;
    if (!w.empty()) w[p] = weight;
  }

  // Sorts every row by neighbour, keeps the last-given of each repeated
  // neighbour (NetworkX: a re-added edge overwrites the weight) and closes
  // the gaps. Returns how many entries were dropped.
  uint64_t sort_and_dedupe(node_t n) {
    cursor.clear();
    cursor.shrink_to_fit();
    std::vector<uint64_t> keys;  // neighbour << 32 | position in row
    std::vector<float> row_w;
    edge_t out = 0;
    uint64_t dropped = 0;
    for (node_t v = 0; v < n; ++v) {
      const edge_t b = off[v], e = off[v + 1];
      off[v] = out;
      keys.resize(e - b);
      for (edge_t i = b; i < e; ++i) keys[i - b] = (static_cast<uint64_t>(adj[i]) << 32) | (i - b);
      if (!w.empty()) row_w.assign(w.begin() + static_cast<ptrdiff_t>(b), w.begin() + static_cast<ptrdiff_t>(e));
      std::sort(keys.begin(), keys.end());
      for (size_t k = 0; k < keys.size(); ++k) {
        const node_t to = static_cast<node_t>(keys[k] >> 32);
        if (k + 1 < keys.size() && static_cast<node_t>(keys[k + 1] >> 32) == to) {
          ++dropped;  // a later repeat of the same neighbour follows
          continue;
        }
        adj[out] = to;
        if (!w.empty()) w[out] = row_w[keys[k] & 0xFFFFFFFFu];
        ++out;
      }
    }
    off[n] = out;
    adj.resize(out);
    adj.shrink_to_fit();
    if (!w.empty()) {
      w.resize(out);
      w.shrink_to_fit();
    }
    return dropped;
  }
};

}  // namespace

Graph Graph::from_edges(node_t n, std::span<const EdgeInput> edges, GraphOptions opt, BuildReport* report) {
  KITH_ASSERT_MSG(n <= kNodesMax, "node count fits 32-bit indices");
  BuildReport local;
  Graph g;
  g.n_ = n;
  g.directed_ = opt.directed;
  std::vector<uint32_t> out_count(n, 0), in_count(opt.directed ? n : 0, 0);
  for (const auto& e : edges) {
    KITH_ASSERT_MSG(e.u < n && e.v < n, "edge endpoints are nodes 0..n-1");
    if (e.u == e.v) {
      ++local.self_loops_dropped;
      continue;
    }
    ++out_count[e.u];
    if (opt.directed) {
      ++in_count[e.v];
    } else {
      ++out_count[e.v];  // an undirected edge lives in both rows
    }
  }
  RowBuilder out(g.out_off_, g.out_adj_, g.out_w_);
  out.size_rows(n, out_count, opt.weighted);
  out_count = {};
  RowBuilder in(g.in_off_, g.in_adj_, g.in_w_);
  if (opt.directed) in.size_rows(n, in_count, opt.weighted);
  in_count = {};
  for (const auto& e : edges) {
    if (e.u == e.v) continue;
    const float w = opt.weighted ? static_cast<float>(e.w) : 1.0f;
    out.put(e.u, e.v, w);
    if (opt.directed) {
      in.put(e.v, e.u, w);
    } else {
      out.put(e.v, e.u, w);
    }
  }
  uint64_t dropped = out.sort_and_dedupe(n);
  if (opt.directed) in.sort_and_dedupe(n);
  // An undirected repeat is dropped from both of its rows.
  local.duplicates_merged = opt.directed ? dropped : dropped / 2;
  g.m_ = opt.directed ? g.out_adj_.size() : g.out_adj_.size() / 2;
  g.check_invariants();
  if (report) *report = local;
  return g;
}

// O(n): offsets, and an edge count every row agrees with (an undirected edge
// in two rows, a directed one in one out-row and one in-row).
void Graph::check_invariants() const {
  KITH_ASSERT_MSG(out_off_.size() == static_cast<size_t>(n_) + 1, "one offset a node plus one");
  assert_csr(out_off_, out_adj_.size());
  KITH_ASSERT_MSG(out_w_.empty() || out_w_.size() == out_adj_.size(), "one weight an entry");
  if (directed_) {
    KITH_ASSERT_MSG(in_off_.size() == out_off_.size(), "in-rows for every node");
    assert_csr(in_off_, in_adj_.size());
    KITH_ASSERT_MSG(in_adj_.size() == m_ && out_adj_.size() == m_, "each arc in one out-row and one in-row");
    KITH_ASSERT_MSG(in_w_.size() == out_w_.size(), "in-weights match out-weights");
  } else {
    KITH_ASSERT_MSG(out_adj_.size() == 2 * m_, "each undirected edge in two rows");
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
