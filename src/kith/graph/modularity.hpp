#pragma once
// Modularity of a partition, as NetworkX 2.8's
// networkx.algorithms.community.modularity(G, communities, weight, resolution):
//   undirected: Q = Σ_c [ L_c / m − γ (K_c / 2m)² ],
//               L_c = weight of edges inside c, K_c = summed strength of c's
//               nodes, m = total edge weight;
//   directed:   Q = Σ_c [ L_c / m − γ K⁺_c K⁻_c / m² ] with out- and
//               in-strengths K⁺, K⁻ and m the total arc weight.
// Unweighted graphs count every edge as 1. Undefined (std::nullopt) when the
// graph has no edges, where NetworkX divides by zero.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

struct ModularityOptions {
  double resolution = 1.0;  // γ
};

class Modularity : public Algorithm {
 public:
  // `community[v]` is v's community label, any uint32 values; one per node.
  Modularity(const Graph& g, std::span<const uint32_t> community, ModularityOptions opt = {})
      : g_(g), community_(community), opt_(opt) {}
  void run() override;
  std::optional<double> value() const { assure_run(); return value_; }

 private:
  const Graph& g_;
  std::span<const uint32_t> community_;
  ModularityOptions opt_;
  std::optional<double> value_;
};

}  // namespace kith::graph
