#pragma once
// ForceAtlas2 (Jacomy, Venturini, Heymann, Bastian 2014, PLoS ONE 9(6)
// e98679): a 2-D force-directed layout computed by the engine, so a client
// only draws. Forces and speed rule as in the paper and Gephi's
// implementation; option names and defaults as graphology-layout-forceatlas2
// (docs/layout.md gives the formulas and every difference):
//   attraction  F = w^δ · d            (lin_log_mode: w^δ · log(1 + d))
//               with outbound_attraction_distribution (dissuade hubs)
//               times mean mass · (1/m1 + 1/m2)/2 (Gephi: mean mass / m_source);
//   repulsion   F = kr · m1 · m2 / d,  mass m = degree + 1, kr = scaling_ratio;
//   gravity     F = kg · m towards the origin (strong_gravity_mode: kg · m · d);
// then per-node swing and traction set each node's speed under one global
// speed tuned by jitter_tolerance. Repulsion is exact (O(n²) an iteration)
// or, with barnes_hut_optimize, Barnes–Hut on a quadtree (O(n log n)).
// A directed graph is laid out as its undirected view.
#include <cstdint>
#include <span>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

// A run longer than this is a caller's mistake (a layout settles within a
// few thousand iterations); run() refuses it rather than spinning for hours.
inline constexpr uint32_t kForceAtlas2IterationsMax = 100000;

struct ForceAtlas2Options {
  uint32_t iterations = 100;  // at most kForceAtlas2IterationsMax
  uint64_t seed = 1;          // initial positions (random.hpp), unless start_from() gave them
  bool lin_log_mode = false;
  bool outbound_attraction_distribution = false;
  double edge_weight_influence = 1.0;  // δ: an edge attracts with weight^δ (unweighted: 1)
  double scaling_ratio = 1.0;          // kr
  bool strong_gravity_mode = false;
  double gravity = 1.0;  // kg
  double jitter_tolerance = 1.0;
  double slow_down = 1.0;  // every step divided by this (graphology's slowDown)
  bool barnes_hut_optimize = false;
  double barnes_hut_theta = 0.5;  // a cell of width s at distance d counts as one body when s/d < theta
  unsigned threads = 0;           // 0: all cores
};

// graphology's inferSettings(order): strong gravity 0.05, scaling ratio 10,
// slow down 1 + ln n, Barnes–Hut above 2,000 nodes; the rest as defaults.
ForceAtlas2Options infer_forceatlas2_options(node_t n);

class ForceAtlas2 : public Algorithm {
 public:
  explicit ForceAtlas2(const Graph& g, ForceAtlas2Options opt = {}) : g_(g), opt_(opt) {}
  // Start from these positions instead of the seeded ones (to continue an
  // earlier layout, or keep a drawing stable as the graph grows). Throws
  // std::invalid_argument unless there is one finite x and y a node.
  void start_from(std::vector<double> x, std::vector<double> y);
  // Throws std::invalid_argument for options out of range (iterations above
  // the cap, a negative or non-finite coefficient, jitter_tolerance or
  // slow_down not positive). Each node's force is computed by one task from
  // a read-only snapshot of the positions, summed in a fixed order, so the
  // positions are bit-identical for any thread count and timing.
  // Postcondition (KITH_GRAPH_ASSERT): every coordinate finite.
  void run() override;
  // Node v sits at (x()[v], y()[v]).
  const std::vector<double>& x() const { assure_run(); return x_; }
  const std::vector<double>& y() const { assure_run(); return y_; }
  uint32_t iterations() const { assure_run(); return opt_.iterations; }

 private:
  const Graph& g_;
  ForceAtlas2Options opt_;
  std::vector<double> x_, y_;
  std::vector<double> start_x_, start_y_;  // from start_from(), kept so run() can be repeated
  bool given_start_ = false;
};

// How uneven a drawing's edges are: the standard deviation of the edge
// lengths divided by their median. 0 means every edge equally long; it is
// unchanged by scaling, moving or rotating the drawing, and the median keeps
// a few stretched edges from hiding in the mean. 0 for a graph without
// edges; +infinity when more than half the edges have length 0.
double edge_length_spread(const Graph& g, std::span<const double> x, std::span<const double> y);

}  // namespace kith::graph
