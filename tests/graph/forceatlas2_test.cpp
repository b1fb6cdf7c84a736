// ForceAtlas2: equilibria worked out by hand from the force laws, properties
// every layout must have (bounded, clustered, seeded, bit-identical for any
// thread count), and comparisons between options that the paper predicts.
// No test compares with this code's own earlier output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "kith/graph/forceatlas2.hpp"
#include "kith/graph/random.hpp"
#include "graph/support.hpp"

namespace kith::graph {
namespace {

double distance(const ForceAtlas2& fa, node_t u, node_t v) {
  return std::hypot(fa.x()[u] - fa.x()[v], fa.y()[u] - fa.y()[v]);
}

using testing::same_bits;

// `clusters` groups of `size` nodes, each pair inside a group joined with
// probability p_in, across groups with p_out (a planted partition).
Graph planted_partition(node_t clusters, node_t size, double p_in, double p_out, uint64_t seed) {
  SplitMix64 rng(seed);
  std::vector<EdgeInput> e;
  const node_t n = clusters * size;
  for (node_t u = 0; u < n; ++u)
    for (node_t v = u + 1; v < n; ++v)
      if (rng.unit() < (u / size == v / size ? p_in : p_out)) e.push_back({u, v, 1});
  return Graph::from_edges(n, e, {});
}

// Two k-cliques, 0..k-1 and k..2k-1, joined by the one edge (k-1, k).
Graph two_cliques(node_t k) {
  std::vector<EdgeInput> e;
  for (node_t base : {node_t{0}, k})
    for (node_t u = 0; u < k; ++u)
      for (node_t v = u + 1; v < k; ++v) e.push_back({base + u, base + v, 1});
  e.push_back({k - 1, k, 1});
  return Graph::from_edges(2 * k, e, {});
}

// How far apart the clusters of a layout are, against how spread out each
// is: the mean distance between cluster centroids over the mean distance
// of a node to its own centroid. Cluster c is nodes [c·size, (c+1)·size).
double cluster_separation(const ForceAtlas2& fa, node_t clusters, node_t size) {
  std::vector<double> cx(clusters, 0), cy(clusters, 0);
  for (node_t v = 0; v < clusters * size; ++v) {
    cx[v / size] += fa.x()[v] / size;
    cy[v / size] += fa.y()[v] / size;
  }
  double within = 0;
  for (node_t v = 0; v < clusters * size; ++v) within += std::hypot(fa.x()[v] - cx[v / size], fa.y()[v] - cy[v / size]);
  within /= clusters * size;
  double between = 0;
  int pairs = 0;
  for (node_t a = 0; a < clusters; ++a)
    for (node_t b = a + 1; b < clusters; ++b, ++pairs) between += std::hypot(cx[a] - cx[b], cy[a] - cy[b]);
  return between / pairs / within;
}

double max_radius(const ForceAtlas2& fa) {
  double r = 0;
  for (size_t v = 0; v < fa.x().size(); ++v) r = std::max(r, std::hypot(fa.x()[v], fa.y()[v]));
  return r;
}

double mean_radius(const ForceAtlas2& fa) {
  double r = 0;
  for (size_t v = 0; v < fa.x().size(); ++v) r += std::hypot(fa.x()[v], fa.y()[v]);
  return r / static_cast<double>(fa.x().size());
}

ForceAtlas2 laid_out(const Graph& g, ForceAtlas2Options o) {
  ForceAtlas2 fa(g, o);
  fa.run();
  return fa;
}

TEST(ForceAtlas2, TwoNodesSettleWhereAttractionEqualsRepulsion) {
  // Each node has mass deg + 1 = 2. Linear mode, no gravity: attraction d
  // equals repulsion kr·2·2/d at d = sqrt(4 kr).
  const Graph g = Graph::from_edges(2, std::vector<EdgeInput>{{0, 1, 1}}, {});
  for (double kr : {1.0, 4.0, 10.0}) {
    const ForceAtlas2 fa = laid_out(g, {.iterations = 2000, .scaling_ratio = kr, .gravity = 0});
    EXPECT_NEAR(distance(fa, 0, 1), std::sqrt(4 * kr), 1e-3 * std::sqrt(4 * kr)) << "kr " << kr;
  }
}

TEST(ForceAtlas2, TwoNodesInLinLogModeSolveLogOnePlusDEqualsFourKrOverD) {
  // Lin-log attraction log(1 + d) against repulsion 4 kr / d: d·log(1 + d)
  // rises monotonically, so bisection finds the one root.
  const double kr = 2.0;
  double lo = 1e-6, hi = 100;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (mid * std::log1p(mid) < 4 * kr ? lo : hi) = mid;
  }
  const Graph g = Graph::from_edges(2, std::vector<EdgeInput>{{0, 1, 1}}, {});
  const ForceAtlas2 fa = laid_out(g, {.iterations = 2000, .lin_log_mode = true, .scaling_ratio = kr, .gravity = 0});
  EXPECT_NEAR(distance(fa, 0, 1), lo, 1e-3 * lo);
}

TEST(ForceAtlas2, EdgeWeightInfluenceScalesTheAttraction) {
  // Weight 4, influence 1: attraction 4d = 4 kr / d, so d = sqrt(kr).
  // Influence 0 ignores the weight: d = sqrt(4 kr) again.
  const Graph g = Graph::from_edges(2, std::vector<EdgeInput>{{0, 1, 4}}, {.weighted = true});
  const double kr = 9.0;
  const ForceAtlas2 weighted = laid_out(g, {.iterations = 2000, .scaling_ratio = kr, .gravity = 0});
  EXPECT_NEAR(distance(weighted, 0, 1), std::sqrt(kr), 1e-3 * std::sqrt(kr));
  const ForceAtlas2 ignored =
      laid_out(g, {.iterations = 2000, .edge_weight_influence = 0, .scaling_ratio = kr, .gravity = 0});
  EXPECT_NEAR(distance(ignored, 0, 1), std::sqrt(4 * kr), 1e-3 * std::sqrt(4 * kr));
}

TEST(ForceAtlas2, PathOfThreeWithAndWithoutDissuadeHubs) {
  // a - b - c settles on a line, b in the middle, both edges of length d.
  // Masses 2, 3, 2. On a: repulsion from b kr·2·3/d, from c kr·2·2/(2d),
  // together 8 kr / d. Linear attraction d gives d = sqrt(8 kr). Dissuading
  // hubs multiplies the pull by mean mass (7/3) · (1/2 + 1/3)/2 = 35/36,
  // so d = sqrt(8 kr · 36/35).
  const Graph g = Graph::from_edges(3, std::vector<EdgeInput>{{0, 1, 1}, {1, 2, 1}}, {});
  const double kr = 1.0;
  const ForceAtlas2 plain = laid_out(g, {.iterations = 3000, .scaling_ratio = kr, .gravity = 0});
  const double d = std::sqrt(8 * kr);
  EXPECT_NEAR(distance(plain, 0, 1), d, 1e-3 * d);
  EXPECT_NEAR(distance(plain, 1, 2), d, 1e-3 * d);
  EXPECT_NEAR(distance(plain, 0, 2), 2 * d, 2e-3 * d);
  const ForceAtlas2 hubs =
      laid_out(g, {.iterations = 3000, .outbound_attraction_distribution = true, .scaling_ratio = kr, .gravity = 0});
  const double dh = std::sqrt(8 * kr * 36 / 35);
  EXPECT_NEAR(distance(hubs, 0, 1), dh, 1e-3 * dh);
  EXPECT_NEAR(distance(hubs, 1, 2), dh, 1e-3 * dh);
}

TEST(ForceAtlas2, SameSeedSameBitsForAnyThreadCountAndRun) {
  // 400 nodes: past the size at which the layout uses more than one thread.
  const Graph g = planted_partition(4, 100, 0.08, 0.005, 3);
  for (bool bh : {false, true}) {
    const ForceAtlas2Options base{.iterations = 40, .seed = 11, .barnes_hut_optimize = bh, .threads = 1};
    const ForceAtlas2 first = laid_out(g, base);
    for (unsigned threads : {1u, 2u, 4u, 7u})
      for (int repeat = 0; repeat < 3; ++repeat) {
        ForceAtlas2Options o = base;
        o.threads = threads;
        const ForceAtlas2 again = laid_out(g, o);
        EXPECT_TRUE(same_bits(again.x(), first.x()) && same_bits(again.y(), first.y()))
            << (bh ? "Barnes-Hut" : "exact") << ", " << threads << " threads, run " << repeat;
      }
  }
}

TEST(ForceAtlas2, DifferentSeedsGiveDifferentLayouts) {
  const Graph g = two_cliques(6);
  const ForceAtlas2 a = laid_out(g, {.seed = 1}), b = laid_out(g, {.seed = 2});
  EXPECT_FALSE(same_bits(a.x(), b.x()));
  EXPECT_FALSE(same_bits(a.y(), b.y()));
}

TEST(ForceAtlas2, TwoCliquesJoinedByOneEdgeLieApart) {
  const node_t k = 10;
  const Graph g = two_cliques(k);
  const ForceAtlas2 fa = laid_out(g, {.iterations = 500, .scaling_ratio = 2});
  double intra = 0;
  int pairs = 0;
  for (node_t base : {node_t{0}, k})
    for (node_t u = 0; u < k; ++u)
      for (node_t v = u + 1; v < k; ++v, ++pairs) intra += distance(fa, base + u, base + v);
  intra /= pairs;
  double ax = 0, ay = 0, bx = 0, by = 0;
  for (node_t v = 0; v < k; ++v) {
    ax += fa.x()[v] / k;
    ay += fa.y()[v] / k;
    bx += fa.x()[k + v] / k;
    by += fa.y()[k + v] / k;
  }
  EXPECT_GT(std::hypot(ax - bx, ay - by), 3 * intra);
}

TEST(ForceAtlas2, GravityKeepsADisconnectedGraphBounded) {
  // Twenty separate triangles: only gravity holds them together; without it
  // repulsion pushes them apart for as long as the layout runs.
  std::vector<EdgeInput> e;
  for (node_t t = 0; t < 20; ++t) e.insert(e.end(), {{3 * t, 3 * t + 1, 1}, {3 * t + 1, 3 * t + 2, 1}, {3 * t, 3 * t + 2, 1}});
  const Graph g = Graph::from_edges(60, e, {});
  const double held_500 = max_radius(laid_out(g, {.iterations = 500}));
  const double held_2000 = max_radius(laid_out(g, {.iterations = 2000}));
  const double free_500 = max_radius(laid_out(g, {.iterations = 500, .gravity = 0}));
  const double free_2000 = max_radius(laid_out(g, {.iterations = 2000, .gravity = 0}));
  EXPECT_LT(held_2000, 1.1 * held_500) << "with gravity the layout stops growing";
  EXPECT_GT(free_2000, 1.3 * free_500) << "without gravity it keeps growing";
  EXPECT_LT(held_2000, free_2000 / 2);
}

TEST(ForceAtlas2, EmptyGraphAndSingleNode) {
  const Graph empty = Graph::from_edges(0, std::vector<EdgeInput>{}, {});
  const ForceAtlas2 none = laid_out(empty, {});
  EXPECT_TRUE(none.x().empty());
  EXPECT_TRUE(none.y().empty());
  // One node: no repulsion or attraction, gravity alone pulls it to the origin.
  const Graph one = Graph::from_edges(1, std::vector<EdgeInput>{}, {});
  ForceAtlas2 start(one, {.iterations = 0});
  start.run();
  const double r0 = std::hypot(start.x()[0], start.y()[0]);
  const ForceAtlas2 fa = laid_out(one, {.iterations = 200});
  ASSERT_EQ(fa.x().size(), 1u);
  EXPECT_GT(r0, 0.1);
  EXPECT_LT(std::hypot(fa.x()[0], fa.y()[0]), r0 / 2);
}

TEST(ForceAtlas2, ResultsBeforeRunAndBadOptionsThrow) {
  const Graph g = two_cliques(3);
  ForceAtlas2 fa(g, {});
  EXPECT_THROW((void)fa.x(), std::logic_error);
  EXPECT_THROW(ForceAtlas2(g, {.iterations = kForceAtlas2IterationsMax + 1}).run(), std::invalid_argument);
  EXPECT_THROW(ForceAtlas2(g, {.scaling_ratio = -1}).run(), std::invalid_argument);
  EXPECT_THROW(ForceAtlas2(g, {.gravity = NAN}).run(), std::invalid_argument);
  EXPECT_THROW(ForceAtlas2(g, {.jitter_tolerance = 0}).run(), std::invalid_argument);
  EXPECT_THROW(ForceAtlas2(g, {.slow_down = 0}).run(), std::invalid_argument);
  EXPECT_THROW(ForceAtlas2(g, {.barnes_hut_theta = -0.1}).run(), std::invalid_argument);
}

TEST(ForceAtlas2, BadWeightsAndStartPositionsThrow) {
  const Graph negative = Graph::from_edges(2, std::vector<EdgeInput>{{0, 1, -1}}, {.weighted = true});
  EXPECT_THROW(ForceAtlas2(negative, {}).run(), std::invalid_argument);
  const Graph g = two_cliques(2);
  ForceAtlas2 fa(g, {});
  EXPECT_THROW(fa.start_from({0, 1, 2}, {0, 1, 2}), std::invalid_argument);
  EXPECT_THROW(fa.start_from({0, 1, 2, INFINITY}, {0, 1, 2, 3}), std::invalid_argument);
}

TEST(ForceAtlas2, StartsFromGivenPositions) {
  // Zero iterations return the start unchanged; and a run from the seeded
  // start of an earlier run continues it exactly (same bits as one longer run).
  const Graph g = two_cliques(5);
  ForceAtlas2 still(g, {.iterations = 0});
  std::vector<double> x(10), y(10);
  for (node_t v = 0; v < 10; ++v) x[v] = v, y[v] = -2.0 * v;
  still.start_from(x, y);
  still.run();
  EXPECT_EQ(still.x(), x);
  EXPECT_EQ(still.y(), y);
  ForceAtlas2 seeded(g, {.iterations = 0, .seed = 4});
  seeded.run();
  ForceAtlas2 given(g, {.iterations = 50, .seed = 999});
  given.start_from(seeded.x(), seeded.y());
  given.run();
  const ForceAtlas2 direct = laid_out(g, {.iterations = 50, .seed = 4});
  EXPECT_TRUE(same_bits(given.x(), direct.x()) && same_bits(given.y(), direct.y()));
  // run() again starts from the given positions again, not from where the
  // first run ended.
  given.run();
  EXPECT_TRUE(same_bits(given.x(), direct.x()) && same_bits(given.y(), direct.y()));
}

TEST(ForceAtlas2, CoincidentAndNearlyCoincidentNodesStayFinite) {
  // All at the origin: no force has a direction, so nothing moves (the
  // edge case graphology documents). Two nodes 1e-160 apart: d² is
  // subnormal, not 0; repulsion must not overflow to infinity.
  const Graph g = Graph::from_edges(3, std::vector<EdgeInput>{{0, 1, 1}}, {});
  for (bool bh : {false, true}) {
    ForceAtlas2 origin(g, {.iterations = 20, .barnes_hut_optimize = bh});
    origin.start_from({0, 0, 0}, {0, 0, 0});
    origin.run();
    EXPECT_EQ(origin.x(), (std::vector<double>{0, 0, 0}));
    ForceAtlas2 close(g, {.iterations = 200, .barnes_hut_optimize = bh});
    close.start_from({0, 1e-160, -3}, {0, 0, 2});
    close.run();  // the postcondition (every coordinate finite) would abort otherwise
    EXPECT_TRUE(std::isfinite(distance(close, 0, 1)));
  }
}

TEST(ForceAtlas2, BarnesHutWithThetaZeroIsExactRepulsion) {
  // theta 0 never takes a cell for one body, so the quadtree sums the same
  // pair forces as the exact loop, in another order: equal up to rounding.
  const Graph g = planted_partition(3, 30, 0.2, 0.01, 5);
  const ForceAtlas2 exact = laid_out(g, {.iterations = 5});
  const ForceAtlas2 tree = laid_out(g, {.iterations = 5, .barnes_hut_optimize = true, .barnes_hut_theta = 0});
  for (node_t v = 0; v < g.node_count(); ++v) {
    EXPECT_NEAR(tree.x()[v], exact.x()[v], 1e-9 * (1 + std::fabs(exact.x()[v]))) << v;
    EXPECT_NEAR(tree.y()[v], exact.y()[v], 1e-9 * (1 + std::fabs(exact.y()[v]))) << v;
  }
}

TEST(ForceAtlas2, BarnesHutAndExactGiveLayoutsOfSimilarQuality) {
  const Graph g = planted_partition(4, 50, 0.15, 0.005, 7);
  const ForceAtlas2 exact = laid_out(g, {.iterations = 300, .scaling_ratio = 2});
  const ForceAtlas2 bh = laid_out(g, {.iterations = 300, .scaling_ratio = 2, .barnes_hut_optimize = true});
  const double se = edge_length_spread(g, exact.x(), exact.y()), sb = edge_length_spread(g, bh.x(), bh.y());
  EXPECT_NEAR(sb, se, 0.15 * se);
  const double ce = cluster_separation(exact, 4, 50), cb = cluster_separation(bh, 4, 50);
  EXPECT_NEAR(cb, ce, 0.2 * ce);
  EXPECT_GT(cb, 2.0) << "and both actually show the clusters";
}

TEST(ForceAtlas2, StrongGravityPullsCloserThanNormalGravity) {
  const Graph g = planted_partition(2, 60, 0.1, 0.01, 9);
  const ForceAtlas2 normal = laid_out(g, {.iterations = 300, .scaling_ratio = 10});
  const ForceAtlas2 strong = laid_out(g, {.iterations = 300, .scaling_ratio = 10, .strong_gravity_mode = true});
  EXPECT_LT(mean_radius(strong), 0.7 * mean_radius(normal));
}

TEST(ForceAtlas2, LinLogSeparatesClustersMore) {
  // Noack's lin-log energy: attraction log(1 + d) grows slower than d, so
  // long (between-cluster) edges pull less and clusters draw apart.
  const Graph g = planted_partition(4, 40, 0.2, 0.01, 13);
  const ForceAtlas2 linear = laid_out(g, {.iterations = 500, .scaling_ratio = 10});
  const ForceAtlas2 linlog = laid_out(g, {.iterations = 500, .lin_log_mode = true, .scaling_ratio = 10});
  EXPECT_GT(cluster_separation(linlog, 4, 40), 1.2 * cluster_separation(linear, 4, 40));
}

TEST(ForceAtlas2, DirectedGraphIsLaidOutAsItsUndirectedView) {
  const Graph arcs = Graph::from_edges(2, std::vector<EdgeInput>{{0, 1, 1}}, {.directed = true});
  const ForceAtlas2 fa = laid_out(arcs, {.iterations = 2000, .gravity = 0});
  EXPECT_NEAR(distance(fa, 0, 1), 2.0, 2e-3);
}

TEST(ForceAtlas2, InferredOptionsFollowGraphology) {
  const ForceAtlas2Options small = infer_forceatlas2_options(100), big = infer_forceatlas2_options(2001);
  EXPECT_FALSE(small.barnes_hut_optimize);
  EXPECT_TRUE(big.barnes_hut_optimize);
  EXPECT_TRUE(small.strong_gravity_mode);
  EXPECT_EQ(small.gravity, 0.05);
  EXPECT_EQ(small.scaling_ratio, 10);
  EXPECT_DOUBLE_EQ(small.slow_down, 1 + std::log(100.0));
}

TEST(ForceAtlas2EdgeLengthSpread, HandWorkedValues) {
  // Path 0-1-2 at x = 0, 1, 3: lengths 1 and 2, mean 1.5, standard
  // deviation 0.5, upper median 2: spread 0.25.
  const Graph path = Graph::from_edges(3, std::vector<EdgeInput>{{0, 1, 1}, {1, 2, 1}}, {});
  const std::vector<double> x{0, 1, 3}, y{0, 0, 0};
  EXPECT_DOUBLE_EQ(edge_length_spread(path, x, y), 0.25);
  // Scaled by 7 and moved: the same figure.
  const std::vector<double> x7{5, 12, 26}, y7{-2, -2, -2};
  EXPECT_DOUBLE_EQ(edge_length_spread(path, x7, y7), 0.25);
  // A unit square's four sides: all equal.
  const Graph square = Graph::from_edges(4, std::vector<EdgeInput>{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 0, 1}}, {});
  EXPECT_DOUBLE_EQ(edge_length_spread(square, std::vector<double>{0, 1, 1, 0}, std::vector<double>{0, 0, 1, 1}), 0.0);
  // No edges; and every edge of length 0.
  const Graph none = Graph::from_edges(2, std::vector<EdgeInput>{}, {});
  EXPECT_EQ(edge_length_spread(none, std::vector<double>{0, 1}, std::vector<double>{0, 0}), 0.0);
  EXPECT_TRUE(std::isinf(edge_length_spread(path, std::vector<double>(3, 0.0), std::vector<double>(3, 0.0))));
  EXPECT_THROW(edge_length_spread(path, x, std::vector<double>{0}), std::invalid_argument);
}

TEST(ForceAtlas2EdgeLengthSpread, ALayoutEvensOutTheEdgesOfACycleAndAGrid) {
  // Without clusters every edge can be about equally long: a cycle becomes
  // a ring, a grid a (slightly bulging) lattice, far more even than the
  // random start. (With clusters the spread rightly grows: edges between
  // clusters stretch.)
  std::vector<EdgeInput> ring;
  for (node_t v = 0; v < 30; ++v) ring.push_back({v, (v + 1) % 30, 1});
  const Graph cycle = Graph::from_edges(30, ring, {});
  std::vector<EdgeInput> lattice;
  const node_t k = 10;
  for (node_t i = 0; i < k; ++i)
    for (node_t j = 0; j < k; ++j) {
      if (i + 1 < k) lattice.push_back({i * k + j, (i + 1) * k + j, 1});
      if (j + 1 < k) lattice.push_back({i * k + j, i * k + j + 1, 1});
    }
  const Graph grid = Graph::from_edges(k * k, lattice, {});
  for (const Graph* g : {&cycle, &grid}) {
    ForceAtlas2 start(*g, {.iterations = 0});
    start.run();
    const ForceAtlas2 fa = laid_out(*g, {.iterations = 500, .scaling_ratio = 2});
    const double before = edge_length_spread(*g, start.x(), start.y());
    const double after = edge_length_spread(*g, fa.x(), fa.y());
    EXPECT_GT(before, 0.4) << g->node_count() << " nodes";
    EXPECT_LT(after, 0.6 * before) << g->node_count() << " nodes";
    if (g == &cycle) {
      EXPECT_LT(after, 0.05) << "a ring's sides are all but equal";
    }
  }
}

}  // namespace
}  // namespace kith::graph
