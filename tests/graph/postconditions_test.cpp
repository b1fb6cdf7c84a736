// The engine's postconditions (kith/graph/postconditions.hpp) and
// KITH_GRAPH_ASSERT itself (kith/graph/check.hpp): each check passes on what a
// correct algorithm produces and stops the process, naming the invariant, on
// data broken by hand. Results of the algorithms meeting them on real graphs
// are covered by every other test, since the checks run inside each run().
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "kith/graph/check.hpp"
#include "kith/graph/graph.hpp"
#include "kith/graph/postconditions.hpp"

namespace kith::graph {
namespace {

class Postconditions : public ::testing::Test {
 protected:
  // The engine starts threads elsewhere in this binary: re-execute rather
  // than fork a possibly multi-threaded process.
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

using PostconditionsDeathTest = Postconditions;

TEST_F(PostconditionsDeathTest, KithGraphAssertNamesFileLineConditionAndMessage) {
  EXPECT_DEATH(KITH_GRAPH_ASSERT_MSG(2 + 2 == 5, "arithmetic holds"),
               "invariant violated at [^ ]*postconditions_test\\.cpp:[0-9]+: 2 \\+ 2 == 5 .*arithmetic holds");
  EXPECT_DEATH(KITH_GRAPH_ASSERT(1 > 2), "invariant violated at [^ ]*postconditions_test\\.cpp:[0-9]+: 1 > 2");
}

TEST_F(PostconditionsDeathTest, KithGraphAssertIsSilentWhenTheConditionHolds) {
  int evaluated = 0;
  KITH_GRAPH_ASSERT(++evaluated == 1);  // evaluated once, in every build type
  EXPECT_EQ(evaluated, 1);
}

TEST_F(PostconditionsDeathTest, CsrOffsets) {
  const std::vector<edge_t> good{0, 2, 2, 5};
  assert_csr(good, 5);
  EXPECT_DEATH(assert_csr(std::vector<edge_t>{0, 3, 2, 5}, 5), "CSR offsets never decrease");
  EXPECT_DEATH(assert_csr(good, 6), "CSR offsets end at the number of entries");
  EXPECT_DEATH(assert_csr(std::vector<edge_t>{1, 2}, 2), "CSR offsets start at 0");
}

TEST_F(PostconditionsDeathTest, GraphRejectsAnEdgeToANodeThatDoesNotExist) {
  const std::vector<EdgeInput> e{{0, 1, 1.0}, {1, 3, 1.0}};
  EXPECT_DEATH(Graph::from_edges(3, e, {}), "edge endpoints are nodes 0..n-1");
  const Graph g = Graph::from_edges(4, e, {});  // in range: fine
  EXPECT_EQ(g.edge_count(), 2u);
}

TEST_F(PostconditionsDeathTest, ComponentsPartitionEveryNode) {
  assert_partition(std::vector<uint32_t>{0, 1, 0}, std::vector<uint32_t>{2, 1});
  EXPECT_DEATH(assert_partition(std::vector<uint32_t>{0, 2, 0}, std::vector<uint32_t>{2, 1}),
               "every node has a component");
  EXPECT_DEATH(assert_partition(std::vector<uint32_t>{0, 1, 0}, std::vector<uint32_t>{1, 1}),
               "component sizes count their nodes");
}

TEST_F(PostconditionsDeathTest, CentralitiesAreFiniteAndNonNegative) {
  assert_finite_non_negative(std::vector<double>{0.0, 2.5}, "betweenness");
  EXPECT_DEATH(assert_finite_non_negative(std::vector<double>{0.0, -1e-3}, "betweenness"), "betweenness");
  EXPECT_DEATH(assert_finite_non_negative(std::vector<double>{std::numeric_limits<double>::quiet_NaN()}, "closeness"),
               "closeness");
  EXPECT_DEATH(assert_finite_non_negative(std::vector<double>{std::numeric_limits<double>::infinity()}, "harmonic"),
               "harmonic");
}

TEST_F(PostconditionsDeathTest, LayoutCoordinatesAreFinite) {
  assert_finite(std::vector<double>{-3.5, 0.0, 1e300}, "every x is finite");
  EXPECT_DEATH(assert_finite(std::vector<double>{0.0, std::numeric_limits<double>::infinity()}, "every x is finite"),
               "every x is finite");
  EXPECT_DEATH(assert_finite(std::vector<double>{std::numeric_limits<double>::quiet_NaN()}, "every y is finite"),
               "every y is finite");
}

TEST_F(PostconditionsDeathTest, PageRankSumsToOne) {
  assert_distribution(std::vector<double>{0.25, 0.75}, 1e-12);
  assert_distribution(std::vector<double>{}, 1e-12);  // no nodes, no mass
  EXPECT_DEATH(assert_distribution(std::vector<double>{0.5, 0.6}, 1e-9), "probabilities sum to 1");
  EXPECT_DEATH(assert_distribution(std::vector<double>{1.5, -0.5}, 1e-9), "finite and non-negative");
}

TEST_F(PostconditionsDeathTest, ModularityRange) {
  assert_modularity_range(-0.5, 1.0);
  assert_modularity_range(1.0, 1.0);
  assert_modularity_range(-1.5, 2.0);  // a high resolution lowers the floor to -γ
  EXPECT_DEATH(assert_modularity_range(-0.6, 1.0), "modularity lies in its range");
  EXPECT_DEATH(assert_modularity_range(1.01, 1.0), "modularity lies in its range");
  EXPECT_DEATH(assert_modularity_range(-0.3, 0.5), "modularity lies in its range");  // floor -γ/2 for γ <= 1
}

TEST_F(PostconditionsDeathTest, CommunitiesAreConnected) {
  // The path 0-1-2-3, and 4 alone; directed, the arc 1->2 only.
  const std::vector<EdgeInput> e{{0, 1, 1.0}, {1, 2, 1.0}, {2, 3, 1.0}};
  for (bool directed : {false, true}) {
    const Graph g = Graph::from_edges(5, e, {.directed = directed});
    assert_communities_connected(g, std::vector<uint32_t>{0, 0, 1, 1, 2});
    assert_communities_connected(g, std::vector<uint32_t>{0, 0, 0, 0, 1});
    EXPECT_DEATH(assert_communities_connected(g, std::vector<uint32_t>{0, 1, 0, 1, 2}), "every community is connected")
        << directed;
    EXPECT_DEATH(assert_communities_connected(g, std::vector<uint32_t>{0, 0, 1, 1, 0}), "every community is connected")
        << directed;
  }
}

}  // namespace
}  // namespace kith::graph
