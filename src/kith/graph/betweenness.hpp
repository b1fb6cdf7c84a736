#pragma once
// Shortest-path (hop) betweenness, as NetworkX's betweenness_centrality.
//  raw:        sum over ordered pairs (s, t), s != v != t, of the share of
//              s-t shortest paths through v; halved for undirected graphs.
//  normalized: raw / ((n-1)(n-2)) directed, raw / ((n-1)(n-2)/2) undirected;
//              all zero when n <= 2.
#include <cstdint>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

struct BetweennessOptions {
  unsigned threads = 0;  // 0: all cores
};

class Betweenness : public Algorithm {
 public:
  explicit Betweenness(const Graph& g, BetweennessOptions opt = {}) : g_(g), opt_(opt) {}
  // Exact Brandes, one BFS per source. Sources come in fixed blocks of 32
  // shared among threads; each block's scores are summed into the total in
  // block order (OrderedFold), so the result is the same bits for any thread
  // count or timing. Each thread keeps its own BFS arrays; at most 2T + 1
  // score vectors exist. Predecessors are not stored: w precedes v when
  // dist[w] == dist[v] - 1.
  void run() override;
  const std::vector<double>& raw() const { assure_run(); return raw_; }
  const std::vector<double>& normalized() const { assure_run(); return norm_; }

 private:
  const Graph& g_;
  BetweennessOptions opt_;
  std::vector<double> raw_, norm_;
};

struct ApproxBetweennessOptions {
  double epsilon = 0.01;  // additive error bound on pair-normalised betweenness
  double delta = 0.1;     // failure probability
  uint64_t seed = 1;
  unsigned threads = 0;
};

// Riondato–Kornaropoulos sampling (WSDM 2014): r node pairs (s, t) drawn
// uniformly, one s-t shortest path drawn uniformly among all of them, each
// interior node credited 1/r. With
//     r = ceil( (c / eps^2) * ( floor(log2(VD - 2)) + 1 + ln(1/delta) ) ),  c = 0.5,
// where VD bounds the vertex diameter (nodes on a longest shortest path),
// with probability >= 1 - delta every node's estimate of
//     b(v) / (n (n - 1))      (ordered-pair betweenness over all ordered pairs)
// is within eps of the truth, simultaneously for all nodes. raw() and
// normalized() rescale that estimate to NetworkX's scales, so normalized()
// is within eps * n / (n - 2) of the exact normalized value.
// Deterministic for a seed: sample i draws from its own stream seeded by
// (seed, i), whatever the thread count, and hits are integer counts, whose
// sum does not depend on the order threads add them in.
class ApproxBetweenness : public Algorithm {
 public:
  explicit ApproxBetweenness(const Graph& g, ApproxBetweennessOptions opt = {}) : g_(g), opt_(opt) {}
  void run() override;
  const std::vector<double>& raw() const { assure_run(); return raw_; }
  const std::vector<double>& normalized() const { assure_run(); return norm_; }
  // The estimate of b(v) / (n (n - 1)) the guarantee is stated for.
  const std::vector<double>& pair_fraction() const { assure_run(); return frac_; }
  uint64_t samples() const { assure_run(); return samples_; }
  uint64_t vertex_diameter_bound() const { assure_run(); return vd_; }

  // The sample size for a vertex-diameter bound (exposed for documentation and tests).
  static uint64_t sample_size(uint64_t vd, double epsilon, double delta);

 private:
  const Graph& g_;
  ApproxBetweennessOptions opt_;
  std::vector<double> raw_, norm_, frac_;
  uint64_t samples_ = 0, vd_ = 0;
};

// NetworkX's rescaling of raw accumulated (ordered-pair) scores, shared by
// the exact and approximate variants.
void betweenness_scale(std::vector<double>& ordered, bool directed, std::vector<double>& raw,
                       std::vector<double>& norm);

}  // namespace kith::graph
