#include "kith/graph/components.hpp"

#include <algorithm>
#include <limits>

#include "kith/graph/check.hpp"
#include "kith/graph/postconditions.hpp"

namespace kith::graph {
namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

node_t find_root(std::vector<node_t>& parent, node_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];  // path halving
    x = parent[x];
  }
  return x;
}

}  // namespace

uint32_t canonical_labels(std::vector<uint32_t>& labels, std::vector<uint32_t>* sizes) {
  std::vector<uint32_t> remap(labels.size(), kNone);
  uint32_t next = 0;
  if (sizes) sizes->clear();
  for (uint32_t& l : labels) {
    KITH_GRAPH_ASSERT_MSG(l < remap.size(), "labels lie below the number of nodes");
    if (remap[l] == kNone) {
      remap[l] = next++;
      if (sizes) sizes->push_back(0);
    }
    l = remap[l];
    if (sizes) ++(*sizes)[l];
  }
  return next;
}

void WeakComponents::run() {
  const node_t n = g_.node_count();
  std::vector<node_t> parent(n);
  for (node_t v = 0; v < n; ++v) parent[v] = v;
  for (node_t u = 0; u < n; ++u) {
    for (node_t v : g_.out_neighbors(u)) {
      if (!g_.directed() && v < u) continue;  // each undirected edge once
      node_t a = find_root(parent, u), b = find_root(parent, v);
      // Linking the larger root under the smaller keeps roots at the smallest
      // index, which also makes the final numbering cheap.
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  }
  comp_.resize(n);
  for (node_t v = 0; v < n; ++v) comp_[v] = find_root(parent, v);
  canonical_labels(comp_, &sizes_);
  assert_partition(comp_, sizes_);
  ran_ = true;
}

void StrongComponents::run() {
  const node_t n = g_.node_count();
  std::vector<uint32_t> index(n, kNone), low(n, 0);
  std::vector<uint32_t> label(n, kNone);
  std::vector<node_t> stack;       // Tarjan's stack of open nodes
  std::vector<uint8_t> on_stack(n, 0);
  struct Frame {
    node_t v;
    uint32_t next;  // position in v's out-row still to explore
  };
  std::vector<Frame> call;  // the explicit DFS call stack
  uint32_t counter = 0, comps = 0;
  for (node_t root = 0; root < n; ++root) {
    if (index[root] != kNone) continue;
    call.push_back({root, 0});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call.empty()) {
      Frame& f = call.back();
      auto nb = g_.out_neighbors(f.v);
      if (f.next < nb.size()) {
        node_t w = nb[f.next++];
        if (index[w] == kNone) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, 0});
        } else if (on_stack[w]) {
          low[f.v] = std::min(low[f.v], index[w]);
        }
        continue;
      }
      node_t v = f.v;
      call.pop_back();
      if (!call.empty()) low[call.back().v] = std::min(low[call.back().v], low[v]);
      if (low[v] == index[v]) {
        node_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          label[w] = comps;
        } while (w != v);
        ++comps;
      }
    }
  }
  comp_ = std::move(label);
  canonical_labels(comp_, &sizes_);
  assert_partition(comp_, sizes_);
  ran_ = true;
}

}  // namespace kith::graph
