#pragma once
// Closeness and harmonic centrality over hop distances, as NetworkX:
//  closeness(u) = (r-1)/S * (r-1)/(n-1)  (Wasserman–Faust, NetworkX's
//                 default wf_improved=True), where r counts the nodes that
//                 can reach u (u included) and S sums their distances to u;
//                 0 when nothing else reaches u. With wf_improved=false the
//                 second factor is dropped.
//  harmonic(u)  = sum over v != u of 1 / d(v, u), unnormalised.
// For directed graphs distances are incoming (v to u), as NetworkX.
// Both come from the same breadth-first searches, so one object computes both.
#include <cstdint>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

struct ClosenessOptions {
  unsigned threads = 0;     // 0: all cores
  bool wf_improved = true;  // NetworkX's default
};

class Closeness : public Algorithm {
 public:
  explicit Closeness(const Graph& g, ClosenessOptions opt = {}) : g_(g), opt_(opt) {}
  // Bit-parallel BFS: 64 targets a pass, one machine word per node holding
  // which of them the node has reached; per-level new-reach counts are taken
  // with bit-sliced counters, so distances are summed without per-node loops
  // over bits.
  void run() override;
  const std::vector<double>& closeness() const { assure_run(); return closeness_; }
  const std::vector<double>& harmonic() const { assure_run(); return harmonic_; }
  // How many nodes reach u (u excluded), and the sum of their distances.
  const std::vector<uint32_t>& reach() const { assure_run(); return reach_; }
  const std::vector<uint64_t>& distance_sum() const { assure_run(); return dsum_; }

 private:
  const Graph& g_;
  ClosenessOptions opt_;
  std::vector<double> closeness_, harmonic_;
  std::vector<uint32_t> reach_;
  std::vector<uint64_t> dsum_;
};

}  // namespace kith::graph
