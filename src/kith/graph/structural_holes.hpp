#pragma once
// Burt's structural holes, as NetworkX 2.8 defines them: constraint (how much
// a person's contacts are tied to each other — high means no brokerage) and
// effective size (non-redundant contacts). Weighted; directed graphs use the
// undirected view. Isolated nodes have neither: std::nullopt.
#include <optional>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

class StructuralHoles : public Algorithm {
 public:
  explicit StructuralHoles(const Graph& g) : g_(g) {}
  void run() override;
  const std::vector<std::optional<double>>& constraint() const { assure_run(); return constraint_; }
  const std::vector<std::optional<double>>& effective_size() const { assure_run(); return effective_; }

 private:
  const Graph& g_;
  std::vector<std::optional<double>> constraint_, effective_;
};

}  // namespace kith::graph
