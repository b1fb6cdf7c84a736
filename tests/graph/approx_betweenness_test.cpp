// Approximate betweenness: the estimate stays within its stated epsilon of
// the exact answer, and a seed fixes the answer whatever the thread count.
#include <cmath>
#include <random>

#include "graph/support.hpp"
#include "kith/graph/betweenness.hpp"

namespace kith::graph {
namespace {

// Largest |estimate - exact| over nodes, on the scale the guarantee is
// stated for: ordered-pair betweenness over n (n - 1).
double worst_error(const Graph& g, const ApproxBetweenness& a) {
  Betweenness exact(g);
  exact.run();
  const double n = g.node_count();
  double worst = 0;
  for (node_t v = 0; v < g.node_count(); ++v) {
    double ordered = exact.raw()[v] * (g.directed() ? 1.0 : 2.0);
    worst = std::max(worst, std::fabs(a.pair_fraction()[v] - ordered / (n * (n - 1))));
  }
  return worst;
}

using testing::random_graph;

TEST(ApproxBetweenness, WithinEpsilonOnFixtures) {
  for (const char* name : {"karate", "lesmis", "random_directed"}) {
    auto f = testing::load_fixture(name);
    ApproxBetweenness a(f.graph, {.epsilon = 0.02, .delta = 0.1, .seed = 7, .threads = 2});
    a.run();
    EXPECT_LE(worst_error(f.graph, a), 0.02) << name;
    EXPECT_EQ(a.samples(), ApproxBetweenness::sample_size(a.vertex_diameter_bound(), 0.02, 0.1));
  }
}

TEST(ApproxBetweenness, WithinEpsilonOnRandomGraphs) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    Graph g = random_graph(300, 0.01 + 0.004 * seed, seed % 2 == 0, seed);
    ApproxBetweenness a(g, {.epsilon = 0.01, .delta = 0.1, .seed = seed, .threads = 2});
    a.run();
    EXPECT_LE(worst_error(g, a), 0.01) << "seed " << seed;
    // normalized() is the same estimate on NetworkX's scale.
    Betweenness exact(g);
    exact.run();
    for (node_t v = 0; v < g.node_count(); ++v)
      EXPECT_LE(std::fabs(a.normalized()[v] - exact.normalized()[v]), 0.01 * 300.0 / 298.0);
  }
}

TEST(ApproxBetweenness, SameSeedSameAnswerAnyThreads) {
  auto f = testing::load_fixture("lesmis");
  ApproxBetweenness one(f.graph, {.epsilon = 0.05, .delta = 0.1, .seed = 3, .threads = 1});
  ApproxBetweenness two(f.graph, {.epsilon = 0.05, .delta = 0.1, .seed = 3, .threads = 2});
  ApproxBetweenness other(f.graph, {.epsilon = 0.05, .delta = 0.1, .seed = 4, .threads = 2});
  one.run();
  two.run();
  other.run();
  EXPECT_EQ(one.raw(), two.raw());
  EXPECT_NE(one.raw(), other.raw());
}

TEST(ApproxBetweenness, VertexDiameterBoundHoldsOnAPath) {
  std::vector<EdgeInput> e;
  for (node_t v = 0; v + 1 < 50; ++v) e.push_back({v, v + 1, 1});
  Graph g = Graph::from_edges(50, e, {});
  ApproxBetweenness a(g, {.epsilon = 0.1, .delta = 0.1});
  a.run();
  EXPECT_GE(a.vertex_diameter_bound(), 50u);  // the path itself has 50 nodes
  EXPECT_LE(a.vertex_diameter_bound(), 99u);
}

TEST(ApproxBetweenness, RejectsNonsenseParameters) {
  auto f = testing::load_fixture("karate");
  ApproxBetweenness a(f.graph, {.epsilon = 0.0});
  EXPECT_THROW(a.run(), std::invalid_argument);
}

}  // namespace
}  // namespace kith::graph
