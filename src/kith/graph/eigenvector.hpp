#pragma once
// Eigenvector centrality on the undirected view, unweighted, as NetworkX's
// eigenvector_centrality: the principal eigenvector of the adjacency matrix,
// positive, scaled to unit Euclidean norm, found by power iteration on A + I
// (the shift keeps bipartite graphs from oscillating) from x = 1/n, stopping
// when the L1 change is below n * tol.
// Undefined, so null for every node, when the undirected view is not connected
// (the principal eigenvector then depends on one component only), and when
// the iteration does not converge within max_iter.
#include <cstdint>
#include <optional>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

struct EigenvectorOptions {
  double tol = 1e-12;  // NetworkX's default is 1e-6; kith iterates much closer
  uint32_t max_iter = 10000;
};

class EigenvectorCentrality : public Algorithm {
 public:
  explicit EigenvectorCentrality(const Graph& g, EigenvectorOptions opt = {}) : g_(g), opt_(opt) {}
  void run() override;
  const std::vector<std::optional<double>>& scores() const { assure_run(); return x_; }
  bool defined() const { assure_run(); return defined_; }
  bool connected() const { assure_run(); return connected_; }
  uint32_t iterations() const { assure_run(); return iterations_; }

 private:
  const Graph& g_;
  EigenvectorOptions opt_;
  std::vector<std::optional<double>> x_;
  bool defined_ = false, connected_ = false;
  uint32_t iterations_ = 0;
};

}  // namespace kith::graph
