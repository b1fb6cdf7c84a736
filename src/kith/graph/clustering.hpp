#pragma once
// Local clustering coefficient on the undirected view, unweighted, as
// NetworkX's clustering(G): 2 T(v) / (d(v) (d(v) - 1)) where T(v) is the
// number of triangles through v; 0 for nodes of degree < 2 (NetworkX's value).
#include <cstdint>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

struct ClusteringOptions {
  unsigned threads = 0;  // 0: all cores
};

class LocalClustering : public Algorithm {
 public:
  explicit LocalClustering(const Graph& g, ClusteringOptions opt = {}) : g_(g), opt_(opt) {}
  // Degree-ordered triangle listing: each edge is oriented from the endpoint
  // of lower (degree, index) rank to the higher, so every triangle is found
  // once and hubs never scan their long rows against each other. Per-thread
  // triangle counts are integers, so their sum is exact in any order.
  void run() override;
  const std::vector<double>& clustering() const { assure_run(); return cc_; }
  const std::vector<uint64_t>& triangles() const { assure_run(); return tri_; }
  double average() const;  // NetworkX's average_clustering (zeros included)

 private:
  const Graph& g_;
  ClusteringOptions opt_;
  std::vector<double> cc_;
  std::vector<uint64_t> tri_;
};

}  // namespace kith::graph
