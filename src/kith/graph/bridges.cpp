#include "kith/graph/bridges.hpp"

#include <algorithm>
#include <limits>

#include "kith/graph/view.hpp"

namespace kith::graph {

void Bridges::run() {
  Graph storage;
  const Graph& g = undirected_view(g_, storage);
  const node_t n = g.node_count();
  constexpr uint32_t kUnseen = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> disc(n, kUnseen), low(n, 0);
  std::vector<uint8_t> is_cut(n, 0);
  struct Frame {
    node_t v, parent;
    uint32_t next;
  };
  std::vector<Frame> call;
  bridges_.clear();
  uint32_t time = 0;
  for (node_t root = 0; root < n; ++root) {
    if (disc[root] != kUnseen) continue;
    disc[root] = low[root] = time++;
    call.push_back({root, root, 0});
    uint32_t root_children = 0;
    while (!call.empty()) {
      Frame& f = call.back();
      auto nb = g.out_neighbors(f.v);
      if (f.next < nb.size()) {
        node_t w = nb[f.next++];
        // The input is simplified, so the parent is reached by exactly one
        // edge and skipping it by node is skipping that edge.
        if (w == f.parent && f.v != root) continue;
        if (disc[w] == kUnseen) {
          disc[w] = low[w] = time++;
          if (f.v == root) ++root_children;
          call.push_back({w, f.v, 0});
        } else {
          low[f.v] = std::min(low[f.v], disc[w]);
        }
        continue;
      }
      const node_t v = f.v, p = f.parent;
      call.pop_back();
      if (call.empty()) break;  // v is the root
      low[p] = std::min(low[p], low[v]);
      if (low[v] > disc[p]) bridges_.emplace_back(std::min(p, v), std::max(p, v));
      if (p != root && low[v] >= disc[p]) is_cut[p] = 1;
    }
    if (root_children >= 2) is_cut[root] = 1;
  }
  std::sort(bridges_.begin(), bridges_.end());
  cut_.clear();
  for (node_t v = 0; v < n; ++v)
    if (is_cut[v]) cut_.push_back(v);
  ran_ = true;
}

}  // namespace kith::graph
