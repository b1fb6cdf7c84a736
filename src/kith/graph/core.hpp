#pragma once
// Core number (k-core index) of every node on the undirected view, as
// NetworkX's core_number: the largest k such that the node belongs to a
// subgraph where every node has degree >= k.
#include <cstdint>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

class CoreNumber : public Algorithm {
 public:
  explicit CoreNumber(const Graph& g) : g_(g) {}
  // Batagelj–Zaversnik: nodes bucket-sorted by degree, peeled in order, O(n + m).
  void run() override;
  const std::vector<uint32_t>& cores() const { assure_run(); return core_; }
  uint32_t max_core() const { assure_run(); return max_; }

 private:
  const Graph& g_;
  std::vector<uint32_t> core_;
  uint32_t max_ = 0;
};

}  // namespace kith::graph
