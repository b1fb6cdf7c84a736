// Graph::from_columns: the CSR from parallel endpoint arrays, with exactly the
// simplification of Graph::from_edges (self loops dropped, a repeated pair kept
// once with the last weight given) so either entry point gives the same graph.
#include "kith/graph/builder.hpp"

#include <algorithm>

#include "kith/graph/check.hpp"

namespace kith::graph {
namespace {

// One direction's rows (out or in) filled by a counting sort: entries land in
// their row in input order, which is what makes "the last repeat wins" a
// matter of position within the row.
struct Rows {
  std::vector<edge_t>& off;
  std::vector<node_t>& adj;
  std::vector<float>& w;
  std::vector<edge_t> cursor;

  // counts[v] is row v's length; turns them into offsets and sizes the rows.
  void size_rows(std::vector<edge_t>& counts, bool weighted) {
    const size_t n = counts.size();
    off.assign(n + 1, 0);
    for (size_t v = 0; v < n; ++v) off[v + 1] = off[v] + counts[v];
    adj.resize(off[n]);
    if (weighted) w.resize(off[n]);
    cursor.assign(off.begin(), off.end() - 1);
    counts = {};
  }
  void put(node_t from, node_t to, float weight) {
    const edge_t p = cursor[from]++;
    adj[p] = to;
    if (!w.empty()) w[p] = weight;
  }

  // Unweighted rows need no positions: sorting the neighbours and dropping
  // equal ones is the whole job.
  uint64_t dedupe_unweighted(size_t n) {
    edge_t out = 0;
    for (size_t v = 0; v < n; ++v) {
      const edge_t b = off[v], e = off[v + 1];
      off[v] = out;
      std::sort(adj.begin() + static_cast<ptrdiff_t>(b), adj.begin() + static_cast<ptrdiff_t>(e));
      for (edge_t i = b; i < e; ++i)
        if (i + 1 == e || adj[i + 1] != adj[i]) adj[out++] = adj[i];
    }
    return finish(n, out);
  }

  // Weighted rows sort (neighbour, position) keys so the last-given weight of
  // a repeated neighbour is the one kept (NetworkX: re-adding overwrites).
  uint64_t dedupe_weighted(size_t n) {
    std::vector<uint64_t> keys;
    std::vector<float> row_w;
    edge_t out = 0;
    for (size_t v = 0; v < n; ++v) {
      const edge_t b = off[v], e = off[v + 1];
      off[v] = out;
      keys.resize(e - b);
      for (edge_t i = b; i < e; ++i) keys[i - b] = (static_cast<uint64_t>(adj[i]) << 32) | (i - b);
      row_w.assign(w.begin() + static_cast<ptrdiff_t>(b), w.begin() + static_cast<ptrdiff_t>(e));
      std::sort(keys.begin(), keys.end());
      for (size_t k = 0; k < keys.size(); ++k) {
        const node_t to = static_cast<node_t>(keys[k] >> 32);
        if (k + 1 < keys.size() && static_cast<node_t>(keys[k + 1] >> 32) == to) continue;
        adj[out] = to;
        w[out] = row_w[keys[k] & 0xFFFFFFFFu];
        ++out;
      }
    }
    return finish(n, out);
  }

  uint64_t finish(size_t n, edge_t kept) {
    const uint64_t dropped = off[n] - kept;
    off[n] = kept;
    adj.resize(kept);
    adj.shrink_to_fit();
    if (!w.empty()) {
      w.resize(kept);
      w.shrink_to_fit();
    }
    cursor = {};
    return dropped;
  }
  uint64_t sort_and_dedupe(size_t n) { return w.empty() ? dedupe_unweighted(n) : dedupe_weighted(n); }
};

}  // namespace

Graph Graph::from_columns(node_t n, std::span<const node_t> u, std::span<const node_t> v, std::span<const float> w,
                          GraphOptions opt, BuildReport* report) {
  KITH_GRAPH_ASSERT(n <= kNodesMax);
  KITH_GRAPH_ASSERT(u.size() == v.size());
  KITH_GRAPH_ASSERT_MSG(!opt.weighted || w.size() == u.size(), "a weighted build needs one weight an edge");
  const size_t m = u.size();
  BuildReport local;
  Graph g;
  g.n_ = n;
  g.directed_ = opt.directed;
  std::vector<edge_t> out_count(n, 0), in_count(opt.directed ? n : 0, 0);
  for (size_t i = 0; i < m; ++i) {
    KITH_GRAPH_ASSERT(u[i] < n && v[i] < n);
    if (u[i] == v[i]) {
      ++local.self_loops_dropped;
      continue;
    }
    ++out_count[u[i]];
    ++(opt.directed ? in_count[v[i]] : out_count[v[i]]);  // an undirected edge lives in both rows
  }
  Rows out{g.out_off_, g.out_adj_, g.out_w_, {}};
  out.size_rows(out_count, opt.weighted);
  Rows in{g.in_off_, g.in_adj_, g.in_w_, {}};
  if (opt.directed) in.size_rows(in_count, opt.weighted);
  for (size_t i = 0; i < m; ++i) {
    if (u[i] == v[i]) continue;
    const float wt = opt.weighted ? w[i] : 1.0f;
    out.put(u[i], v[i], wt);
    if (opt.directed) {
      in.put(v[i], u[i], wt);
    } else {
      out.put(v[i], u[i], wt);
    }
  }
  const uint64_t dropped = out.sort_and_dedupe(n);
  if (opt.directed) in.sort_and_dedupe(n);
  // An undirected repeat is dropped from both of its rows.
  local.duplicates_merged = opt.directed ? dropped : dropped / 2;
  g.m_ = opt.directed ? g.out_adj_.size() : g.out_adj_.size() / 2;
  g.check_invariants();
  if (report) *report = local;
  return g;
}

}  // namespace kith::graph
