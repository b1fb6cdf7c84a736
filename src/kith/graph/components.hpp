#pragma once
// Weakly and strongly connected components. Components are numbered 0, 1, ...
// in the order of their smallest node index, so labels are deterministic.
// For an undirected graph both kinds are the connected components.
#include <cstdint>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

class WeakComponents : public Algorithm {
 public:
  explicit WeakComponents(const Graph& g) : g_(g) {}
  // Union-find with path halving over each edge once.
  void run() override;
  const std::vector<uint32_t>& component() const { assure_run(); return comp_; }
  uint32_t count() const { assure_run(); return static_cast<uint32_t>(sizes_.size()); }
  const std::vector<uint32_t>& sizes() const { assure_run(); return sizes_; }

 private:
  const Graph& g_;
  std::vector<uint32_t> comp_, sizes_;
};

class StrongComponents : public Algorithm {
 public:
  explicit StrongComponents(const Graph& g) : g_(g) {}
  // Iterative Tarjan: an explicit stack instead of recursion, so a long path
  // of a million nodes cannot overflow the call stack.
  void run() override;
  const std::vector<uint32_t>& component() const { assure_run(); return comp_; }
  uint32_t count() const { assure_run(); return static_cast<uint32_t>(sizes_.size()); }
  const std::vector<uint32_t>& sizes() const { assure_run(); return sizes_; }

 private:
  const Graph& g_;
  std::vector<uint32_t> comp_, sizes_;
};

// Renumbers labels 0, 1, ... by first appearance (each label must be below
// labels.size(), as a node index or a count of nodes is) and returns how many
// distinct labels there are; with `sizes`, also counts each label's members.
// The one relabelling of the engine: components and Louvain both use it.
uint32_t canonical_labels(std::vector<uint32_t>& labels, std::vector<uint32_t>* sizes = nullptr);

}  // namespace kith::graph
