// The CSR graph itself: simplification, sorted rows, views, memory bound,
// and the run-before-read contract every algorithm shares.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "kith/graph/betweenness.hpp"
#include "kith/graph/closeness.hpp"
#include "kith/graph/components.hpp"
#include "kith/graph/core.hpp"
#include "kith/graph/degree.hpp"
#include "kith/graph/eigenvector.hpp"
#include "kith/graph/graph.hpp"
#include "kith/graph/labels.hpp"
#include "kith/graph/pagerank.hpp"

namespace kith::graph {
namespace {

std::vector<node_t> row(std::span<const node_t> s) { return {s.begin(), s.end()}; }

TEST(Graph, UndirectedMergesRepeatsLastWeightWinsAndDropsLoops) {
  std::vector<EdgeInput> e{{0, 1, 2.0}, {1, 0, 5.0}, {2, 2, 1.0}, {3, 1, 1.5}, {0, 1, 7.0}};
  BuildReport r;
  Graph g = Graph::from_edges(4, e, {.directed = false, .weighted = true}, &r);
  EXPECT_EQ(g.edge_count(), 2u);
  EXPECT_EQ(r.self_loops_dropped, 1u);
  EXPECT_EQ(r.duplicates_merged, 2u);
  EXPECT_EQ(g.weight(0, 1), 7.0);  // the last of the three 0-1 edges
  EXPECT_EQ(g.weight(1, 0), 7.0);
  EXPECT_EQ(row(g.out_neighbors(1)), (std::vector<node_t>{0, 3}));
  EXPECT_TRUE(g.out_neighbors(2).empty());
  EXPECT_EQ(g.weight(2, 3), 0.0);
}

TEST(Graph, DirectedKeepsBothArcsAndInRows) {
  std::vector<EdgeInput> e{{0, 1, 1}, {1, 0, 3}, {2, 0, 1}, {0, 1, 4}};
  BuildReport r;
  Graph g = Graph::from_edges(3, e, {.directed = true, .weighted = true}, &r);
  EXPECT_EQ(g.edge_count(), 3u);
  EXPECT_EQ(r.duplicates_merged, 1u);
  EXPECT_EQ(row(g.in_neighbors(0)), (std::vector<node_t>{1, 2}));
  EXPECT_EQ(row(g.out_neighbors(0)), (std::vector<node_t>{1}));
  EXPECT_EQ(g.in_degree(0), 2u);
  EXPECT_EQ(g.weight(0, 1), 4.0);
  Graph u = g.undirected();
  EXPECT_FALSE(u.directed());
  EXPECT_EQ(u.edge_count(), 2u);
  EXPECT_EQ(u.weight(0, 1), 7.0);  // a mutual pair folds into one edge with the summed weight
}

TEST(Graph, UndirectedMemoryIsAtMostSixteenBytesAnEdgePlusEightANode) {
  std::vector<EdgeInput> e;
  const node_t n = 1000;
  for (node_t u = 0; u < n; ++u)
    for (node_t k = 1; k <= 5; ++k) e.push_back({u, (u * 7 + k * 131) % n, 1.0 + k});
  Graph g = Graph::from_edges(n, e, {.directed = false, .weighted = true});
  EXPECT_LE(g.memory_bytes(), 16 * g.edge_count() + 8 * (n + 1));
}

TEST(IdMap, InternsAndFinds) {
  IdMap ids;
  EXPECT_EQ(ids.intern("ann"), 0u);
  EXPECT_EQ(ids.intern("bob"), 1u);
  EXPECT_EQ(ids.intern("ann"), 0u);
  EXPECT_EQ(ids.find("bob"), 1u);
  EXPECT_EQ(ids.find("cat"), kNodesMax + 1);
  EXPECT_EQ(ids.name(1), "bob");
}

TEST(Algorithms, ReadingBeforeRunThrows) {
  Graph g = Graph::from_edges(2, std::vector<EdgeInput>{{0, 1, 1}}, {});
  Degree d(g);
  EXPECT_THROW((void)d.degree(), std::logic_error);
  Betweenness b(g);
  EXPECT_THROW((void)b.raw(), std::logic_error);
  Closeness c(g);
  EXPECT_THROW((void)c.harmonic(), std::logic_error);
  PageRank p(g);
  EXPECT_THROW((void)p.scores(), std::logic_error);
  CoreNumber k(g);
  EXPECT_THROW((void)k.cores(), std::logic_error);
  WeakComponents w(g);
  EXPECT_THROW((void)w.count(), std::logic_error);
  // The message too: it is what a caller sees. Nothing thrown is a failure.
  try {
    (void)d.strength();
    ADD_FAILURE() << "reading strength before run did not throw";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "run must be called first");
  }
}

TEST(Algorithms, EmptyGraphIsFine) {
  Graph g = Graph::from_edges(0, std::vector<EdgeInput>{}, {});
  Betweenness b(g);
  b.run();
  EXPECT_TRUE(b.raw().empty());
  PageRank p(g);
  p.run();
  EXPECT_TRUE(p.scores().empty());
  EigenvectorCentrality e(g);
  e.run();
  EXPECT_FALSE(e.defined());
}

TEST(Components, LongPathNeedsNoRecursion) {
  const node_t n = 2'000'000;  // a recursive DFS would overflow the stack here
  std::vector<EdgeInput> e;
  for (node_t v = 0; v + 1 < n; ++v) e.push_back({v, v + 1, 1});
  Graph g = Graph::from_edges(n, e, {.directed = true});
  StrongComponents s(g);
  s.run();
  EXPECT_EQ(s.count(), n);
}

}  // namespace
}  // namespace kith::graph
