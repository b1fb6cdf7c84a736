#include "kith/graph/core.hpp"

#include <algorithm>

#include "kith/graph/view.hpp"

namespace kith::graph {

void CoreNumber::run() {
  Graph storage;
  const Graph& g = undirected_view(g_, storage);
  const node_t n = g.node_count();
  std::vector<uint32_t> deg(n);
  uint32_t maxdeg = 0;
  for (node_t v = 0; v < n; ++v) {
    deg[v] = g.out_degree(v);
    maxdeg = std::max(maxdeg, deg[v]);
  }
  // bin[d] = first position in `order` of nodes whose current degree is d.
  std::vector<uint32_t> bin(static_cast<size_t>(maxdeg) + 1, 0);
  for (node_t v = 0; v < n; ++v) ++bin[deg[v]];
  uint32_t start = 0;
  for (auto& b : bin) {
    uint32_t c = b;
    b = start;
    start += c;
  }
  std::vector<node_t> order(n);
  std::vector<uint32_t> pos(n);
  for (node_t v = 0; v < n; ++v) {
    pos[v] = bin[deg[v]]++;
    order[pos[v]] = v;
  }
  for (size_t d = bin.size() - 1; d > 0; --d) bin[d] = bin[d - 1];
  if (!bin.empty()) bin[0] = 0;
  // Peel: the node with the smallest current degree fixes its core; each
  // neighbour with a larger degree moves one bucket down by a swap.
  for (uint32_t i = 0; i < n; ++i) {
    node_t v = order[i];
    for (node_t u : g.out_neighbors(v)) {
      if (deg[u] <= deg[v]) continue;
      uint32_t du = deg[u], pu = pos[u], pw = bin[du];
      node_t w = order[pw];
      if (u != w) {
        order[pu] = w;
        pos[w] = pu;
        order[pw] = u;
        pos[u] = pw;
      }
      ++bin[du];
      --deg[u];
    }
  }
  core_ = std::move(deg);
  max_ = 0;
  for (uint32_t c : core_) max_ = std::max(max_, c);
  ran_ = true;
}

}  // namespace kith::graph
