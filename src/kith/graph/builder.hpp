#pragma once
// Edges as parallel columns, the form file readers produce, and the CSR built
// straight from them (Graph::from_columns): 12 bytes an input edge instead of
// the 16 of an EdgeInput, and no second copy of the edge list.
#include <cstddef>
#include <vector>

#include "kith/graph/graph.hpp"

namespace kith::graph {

struct EdgeColumns {
  std::vector<node_t> u, v;
  std::vector<float> w;  // one a row when weights are kept, else empty

  size_t size() const { return u.size(); }
  void clear() {
    u.clear();
    v.clear();
    w.clear();
  }
};

inline Graph build_graph(node_t n, const EdgeColumns& c, GraphOptions opt, BuildReport* report = nullptr) {
  return Graph::from_columns(n, c.u, c.v, c.w, opt, report);
}

}  // namespace kith::graph
