#pragma once
// Bridges (edges whose removal disconnects their component) and articulation
// points (nodes whose removal does), on the undirected view, as NetworkX's
// bridges() and articulation_points().
#include <utility>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

class Bridges : public Algorithm {
 public:
  explicit Bridges(const Graph& g) : g_(g) {}
  // One iterative DFS with discovery times and low points (Hopcroft–Tarjan);
  // no recursion, so long chains are safe.
  void run() override;
  // Each bridge as (u, v) with u < v, sorted.
  const std::vector<std::pair<node_t, node_t>>& bridges() const { assure_run(); return bridges_; }
  // Sorted node indices.
  const std::vector<node_t>& articulation_points() const { assure_run(); return cut_; }

 private:
  const Graph& g_;
  std::vector<std::pair<node_t, node_t>> bridges_;
  std::vector<node_t> cut_;
};

}  // namespace kith::graph
