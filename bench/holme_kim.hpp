#pragma once
// Holme–Kim growing graph (Phys. Rev. E 65, 026107, 2002): preferential
// attachment with triad formation, the "friends of friends" clustering of
// real social networks. Each new node makes m ties: the first to a node
// chosen in proportion to degree; each further one, with probability p_triad,
// to a random neighbour of the previous target (closing a triangle),
// otherwise again by preferential attachment. Seeded and machine-independent.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "kith/graph/random.hpp"
#include "kith/graph/graph.hpp"

namespace kith::bench {

// n nodes, about n*m undirected edges (the first m+1 nodes form a clique).
inline std::vector<graph::EdgeInput> holme_kim(graph::node_t n, unsigned m, double p_triad, uint64_t seed) {
  using graph::node_t;
  graph::SplitMix64 rng(seed);  // kith's one generator: the same graph on every machine
  std::vector<graph::EdgeInput> edges;
  edges.reserve(static_cast<size_t>(n) * m);
  std::vector<node_t> ends;                 // every edge endpoint: sampling it is degree-proportional
  std::vector<std::vector<node_t>> adj(n);  // for triad steps
  auto link = [&](node_t u, node_t v) {
    edges.push_back({u, v, 1.0});
    ends.push_back(u);
    ends.push_back(v);
    adj[u].push_back(v);
    adj[v].push_back(u);
  };
  const node_t seed_nodes = std::min<node_t>(n, m + 1);
  for (node_t u = 0; u < seed_nodes; ++u)
    for (node_t v = u + 1; v < seed_nodes; ++v) link(u, v);
  std::vector<node_t> chosen;
  for (node_t v = seed_nodes; v < n; ++v) {
    chosen.clear();
    node_t last = ends[rng.below_modulo(ends.size())];
    chosen.push_back(last);
    for (unsigned k = 1; k < m; ++k) {
      node_t t = last;
      for (int attempt = 0; attempt < 8; ++attempt) {
        bool triad = rng.unit() < p_triad && !adj[last].empty();
        t = triad ? adj[last][rng.below_modulo(adj[last].size())] : ends[rng.below_modulo(ends.size())];
        if (std::find(chosen.begin(), chosen.end(), t) == chosen.end()) break;
      }
      if (std::find(chosen.begin(), chosen.end(), t) != chosen.end()) continue;
      chosen.push_back(t);
      last = t;
    }
    for (node_t t : chosen) link(v, t);
  }
  return edges;
}

}  // namespace kith::bench
