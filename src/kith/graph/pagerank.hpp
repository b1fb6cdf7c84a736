#pragma once
// PageRank as NetworkX's pagerank(G, alpha=0.85): an undirected edge is two
// arcs; with weights, an arc's share is its weight over the source's out-
// strength; a dangling node (no out-arcs, or out-strength 0) spreads its rank
// uniformly over all nodes; teleport is uniform. Iterates
//     x' = alpha (x W + D(x)/n) + (1 - alpha)/n,  from x = 1/n,
// until the L1 change is below n * tol (NetworkX's stopping rule).
// kith's default tol is 1e-12, far tighter than NetworkX's 1e-6, so values
// agree with the exact stationary vector to about 1e-10.
#include <cstdint>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

struct PageRankOptions {
  double alpha = 0.85;
  double tol = 1e-12;
  uint32_t max_iter = 10000;
  unsigned threads = 0;  // 0: all cores
};

class PageRank : public Algorithm {
 public:
  explicit PageRank(const Graph& g, PageRankOptions opt = {}) : g_(g), opt_(opt) {}
  // Pull-based: each sweep first writes every node's contribution x[u]/s(u),
  // then each node sums its in-neighbours' contributions, so threads write
  // disjoint ranges and need no atomics. The sweep's two sums (dangling
  // mass, L1 change) are kept per fixed block of 4096 nodes and added in
  // block order: same bits, same sweep count, for any thread count.
  // Postcondition (KITH_GRAPH_ASSERT): the scores sum to 1.
  void run() override;
  const std::vector<double>& scores() const { assure_run(); return x_; }
  uint32_t iterations() const { assure_run(); return iterations_; }
  bool converged() const { assure_run(); return converged_; }

 private:
  const Graph& g_;
  PageRankOptions opt_;
  std::vector<double> x_;
  uint32_t iterations_ = 0;
  bool converged_ = false;
};

}  // namespace kith::graph
