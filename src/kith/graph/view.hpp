#pragma once
#include "kith/graph/graph.hpp"

namespace kith::graph {

// The graph itself when it is undirected; otherwise its undirected view, built
// into `storage` (the metrics the issue defines on the undirected view use it).
inline const Graph& undirected_view(const Graph& g, Graph& storage) {
  if (!g.directed()) return g;
  storage = g.undirected();
  return storage;
}

}  // namespace kith::graph
