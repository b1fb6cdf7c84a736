#pragma once
// A compressed-sparse-row graph: 32-bit node indices, 64-bit offsets, sorted
// adjacency, optional float weights. Undirected graphs store each edge in both
// rows (2 x 4 bytes of index + 2 x 4 bytes of weight = 16 bytes an edge, plus
// 8 bytes of offset a node). Directed graphs keep out- and in-rows.
// No I/O and no globals: built from an edge list in memory.
#include <cstdint>
#include <span>
#include <vector>

namespace kith::graph {

using node_t = uint32_t;
using edge_t = uint64_t;

inline constexpr node_t kNodesMax = 0xFFFFFFFEu;

struct EdgeInput {
  node_t u = 0, v = 0;
  double w = 1.0;
};

struct GraphOptions {
  bool directed = false;
  bool weighted = false;
};

// What building changed about the input, so callers can report it.
struct BuildReport {
  uint64_t self_loops_dropped = 0;
  uint64_t duplicates_merged = 0;  // repeated (u,v) pairs; as NetworkX, the last weight wins
};

class Graph {
 public:
  Graph() = default;
  // Nodes are 0..n-1; every edge endpoint must be < n (KITH_GRAPH_ASSERT: a caller's
  // bug, not input to report). The CSR's invariants are checked on the result.
  static Graph from_edges(node_t n, std::span<const EdgeInput> edges, GraphOptions opt,
                          BuildReport* report = nullptr);
  // The same graph (same simplification, same report) from parallel arrays:
  // edge i is u[i]-v[i] with weight w[i]; w is read only when opt.weighted.
  // File readers fill these columns directly, so no edge-struct copy of the
  // input is made. Defined in builder.cpp.
  static Graph from_columns(node_t n, std::span<const node_t> u, std::span<const node_t> v,
                            std::span<const float> w, GraphOptions opt, BuildReport* report = nullptr);

  node_t node_count() const { return n_; }
  // Distinct edges after simplification (an undirected edge counts once).
  uint64_t edge_count() const { return m_; }
  bool directed() const { return directed_; }
  bool weighted() const { return !out_w_.empty(); }

  std::span<const node_t> out_neighbors(node_t v) const { return row(out_off_, out_adj_, v); }
  std::span<const float> out_weights(node_t v) const { return wrow(out_off_, out_w_, v); }
  // For undirected graphs these are the out-rows.
  std::span<const node_t> in_neighbors(node_t v) const {
    return directed_ ? row(in_off_, in_adj_, v) : out_neighbors(v);
  }
  std::span<const float> in_weights(node_t v) const {
    return directed_ ? wrow(in_off_, in_w_, v) : out_weights(v);
  }
  uint32_t out_degree(node_t v) const { return static_cast<uint32_t>(out_off_[v + 1] - out_off_[v]); }
  uint32_t in_degree(node_t v) const {
    return directed_ ? static_cast<uint32_t>(in_off_[v + 1] - in_off_[v]) : out_degree(v);
  }
  // Weight of (u,v) or 0 when absent; binary search in u's sorted row.
  double weight(node_t u, node_t v) const;
  bool has_edge(node_t u, node_t v) const;

  // The undirected view of a directed graph: u-v when either arc exists, with
  // the weights of both arcs summed. An undirected graph returns a copy.
  Graph undirected() const;

  size_t memory_bytes() const;

 private:
  void check_invariants() const;
  static std::span<const node_t> row(const std::vector<edge_t>& off, const std::vector<node_t>& adj, node_t v) {
    return {adj.data() + off[v], static_cast<size_t>(off[v + 1] - off[v])};
  }
  static std::span<const float> wrow(const std::vector<edge_t>& off, const std::vector<float>& w, node_t v) {
    if (w.empty()) return {};
    return {w.data() + off[v], static_cast<size_t>(off[v + 1] - off[v])};
  }

  node_t n_ = 0;
  uint64_t m_ = 0;
  bool directed_ = false;
  std::vector<edge_t> out_off_{0};
  std::vector<node_t> out_adj_;
  std::vector<float> out_w_;
  std::vector<edge_t> in_off_;
  std::vector<node_t> in_adj_;
  std::vector<float> in_w_;
};

}  // namespace kith::graph
