#pragma once
// Communities by modularity optimisation: Louvain (Blondel et al. 2008) with
// the Leiden refinement of Traag, Waltman & van Eck (2019) before each
// aggregation, so every community stays internally well connected.
//
// Each level: (1) queue-based local moving — nodes in a seeded random order,
// each moved to the neighbouring community of largest modularity gain, and a
// node's neighbours re-queued when it moves, until no move gains; (2)
// refinement — inside each community, singletons that are well connected to
// it merge greedily into well-connected sub-communities; (3) aggregation of
// the refined sub-communities into nodes, each starting in its community
// from (1). A pass stops when local moving leaves every node of a level
// alone; the next pass starts again from the original nodes in the
// communities found (at most `passes`, fewer when one changes nothing).
// Deterministic for a seed. Weighted. On a directed graph it maximises
// directed modularity (Leicht & Newman; NetworkX 2.8's louvain_communities
// on a DiGraph does the same). Isolates are communities of their own.
#include <cstdint>
#include <optional>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

struct LouvainOptions {
  uint64_t seed = 0;
  double resolution = 1.0;  // γ of the modularity being optimised
  bool refine = true;       // false: plain Louvain aggregation
  // Whole runs, each from the previous partition (Leiden's n_iterations, whose
  // usual default is 2). The second typically adds 0.05% (planted blocks)
  // to 20% (no structure) of modularity; later ones far less each.
  unsigned passes = 2;
};

class Louvain : public Algorithm {
 public:
  explicit Louvain(const Graph& g, LouvainOptions opt = {}) : g_(g), opt_(opt) {}
  void run() override;
  // Community of each node, numbered 0, 1, … in order of each community's
  // smallest node index.
  const std::vector<uint32_t>& community() const { assure_run(); return community_; }
  uint32_t count() const { assure_run(); return count_; }
  // Modularity (resolution γ) of the result — the directed form for a
  // directed graph, as Modularity computes it; null when the graph has no edges.
  std::optional<double> modularity() const { assure_run(); return modularity_; }
  uint32_t levels() const { assure_run(); return levels_; }

 private:
  const Graph& g_;
  LouvainOptions opt_;
  std::vector<uint32_t> community_;
  uint32_t count_ = 0, levels_ = 0;
  std::optional<double> modularity_;
};

}  // namespace kith::graph
