#pragma once
// Degree and strength, as NetworkX's G.degree / G.in_degree / G.out_degree
// (counts, not degree_centrality's n-1 normalisation) and G.degree(weight=...).
#include <cstdint>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

class Degree : public Algorithm {
 public:
  explicit Degree(const Graph& g) : g_(g) {}
  void run() override;

  // Undirected: neighbours. Directed: in + out, as NetworkX's DiGraph.degree.
  const std::vector<uint32_t>& degree() const { assure_run(); return degree_; }
  // Directed only in meaning; for an undirected graph both equal degree().
  const std::vector<uint32_t>& in_degree() const { assure_run(); return in_; }
  const std::vector<uint32_t>& out_degree() const { assure_run(); return out_; }
  // Summed weights of incident edges (in + out when directed); equals the
  // degree when the graph is unweighted.
  const std::vector<double>& strength() const { assure_run(); return strength_; }

 private:
  const Graph& g_;
  std::vector<uint32_t> degree_, in_, out_;
  std::vector<double> strength_;
};

}  // namespace kith::graph
