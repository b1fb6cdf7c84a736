// Louvain with Leiden refinement and modularity: seeds, hand-worked cases and
// igraph as oracle. Against NetworkX (modularity of its partitions, Louvain
// at least as good as its louvain_communities) in the golden runner.
#include <queue>
#include <random>

#include "graph/support.hpp"
#include "kith/graph/louvain.hpp"
#include "kith/graph/modularity.hpp"

namespace kith::graph {
namespace {

using testing::close;
using testing::Fixture;
using testing::IGraph;
using testing::load_fixture;

TEST(Louvain, SameSeedSamePartition) {
  Fixture f = load_fixture("lesmis");
  Louvain a(f.graph, {.seed = 42}), b(f.graph, {.seed = 42});
  a.run();
  b.run();
  EXPECT_EQ(a.community(), b.community());
  EXPECT_EQ(a.modularity(), b.modularity());
}

TEST(Louvain, SameSeedSamePartitionDirectedWeighted) {
  Fixture f = load_fixture("weighted_directed");
  ASSERT_TRUE(f.directed);
  for (uint64_t seed : {0u, 7u}) {
    Louvain a(f.graph, {.seed = seed}), b(f.graph, {.seed = seed});
    a.run();
    b.run();
    EXPECT_EQ(a.community(), b.community());
    EXPECT_EQ(a.modularity(), b.modularity());
  }
}

// Disjoint cliques: after one level every clique is one node and the
// aggregated graph has no edges left at all (rows of length zero throughout;
// more nodes than local moving looks ahead).
TEST(Louvain, DisjointCliquesAggregateToAGraphWithoutEdges) {
  for (bool directed : {false, true}) {
    std::vector<EdgeInput> e;
    for (node_t c = 0; c < 20; ++c)
      for (node_t a = 0; a < 4; ++a)
        for (node_t b = 0; b < 4; ++b)
          if (a != b && (directed || a < b)) e.push_back({4 * c + a, 4 * c + b, 1.0 + a});
    Graph g = Graph::from_edges(80, e, {.directed = directed, .weighted = true});
    Louvain l(g, {.seed = 5});
    l.run();
    EXPECT_EQ(l.count(), 20u) << directed;
    for (node_t v = 0; v < 80; ++v) EXPECT_EQ(l.community()[v], v / 4) << directed;
    Modularity q(g, l.community());
    q.run();
    EXPECT_CLOSE(*l.modularity(), *q.value());
  }
}

TEST(Louvain, ReadingBeforeRunThrowsAndEmptyGraphsAreUndefined) {
  Graph g = Graph::from_edges(3, std::vector<EdgeInput>{}, {});
  Louvain l(g);
  EXPECT_THROW((void)l.community(), std::logic_error);
  l.run();
  EXPECT_EQ(l.count(), 3u);  // every node alone
  EXPECT_FALSE(l.modularity().has_value());
  Modularity q(g, l.community());
  q.run();
  EXPECT_FALSE(q.value().has_value());
}

TEST(Louvain, TwoCliquesJoinedByOneEdgeAndAnIsolate) {
  std::vector<EdgeInput> e;
  for (node_t a = 0; a < 5; ++a)
    for (node_t b = a + 1; b < 5; ++b) {
      e.push_back({a, b});
      e.push_back({a + 5, b + 5});
    }
  e.push_back({4, 5});
  Graph g = Graph::from_edges(11, e, {});
  Louvain l(g, {.seed = 3});
  l.run();
  EXPECT_EQ(l.count(), 3u);
  for (node_t v = 0; v < 5; ++v) {
    EXPECT_EQ(l.community()[v], 0u);
    EXPECT_EQ(l.community()[v + 5], 1u);
  }
  EXPECT_EQ(l.community()[10], 2u);
  // 21 edges; each clique has 10 inside and strength 21.
  EXPECT_CLOSE(*l.modularity(), 2 * (10.0 / 21 - (21.0 / 42) * (21.0 / 42)));
}

// A planted partition with noise: blocks of `block` nodes, p_in and p_out.
Graph planted(node_t blocks, node_t block, double p_in, double p_out, uint64_t seed, bool weighted) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<EdgeInput> e;
  const node_t n = blocks * block;
  for (node_t u = 0; u < n; ++u)
    for (node_t v = u + 1; v < n; ++v)
      if (unit(rng) < (u / block == v / block ? p_in : p_out)) e.push_back({u, v, weighted ? 1.0 + (rng() % 5) : 1.0});
  return Graph::from_edges(n, e, {.weighted = weighted});
}

bool communities_connected(const Graph& g, const std::vector<uint32_t>& comm) {
  std::vector<char> seen(g.node_count(), 0);
  std::vector<uint32_t> starts(*std::max_element(comm.begin(), comm.end()) + 1, 0);
  for (node_t v = 0; v < g.node_count(); ++v) {
    if (seen[v]) continue;
    if (starts[comm[v]]++) return false;  // a second piece of a community already met
    std::queue<node_t> q;
    q.push(v);
    seen[v] = 1;
    while (!q.empty()) {
      node_t x = q.front();
      q.pop();
      for (node_t y : g.out_neighbors(x))
        if (!seen[y] && comm[y] == comm[v]) {
          seen[y] = 1;
          q.push(y);
        }
    }
  }
  return true;
}

// igraph as oracle: the modularity of kith's partition computed by igraph
// equals kith's, and it is no lower than igraph's multilevel result's.
TEST(LouvainVsIgraph, ModularityAgreesAndIsAtLeastMultilevels) {
  double kith_total = 0, igraph_total = 0;
  for (int i = 0; i < 60; ++i) {
    const bool weighted = i % 2 == 1;
    Graph g = planted(4 + i % 5, 10 + i % 13, 0.3 + 0.01 * (i % 20), 0.02 + 0.002 * (i % 10), 900 + i, weighted);
    Louvain l(g, {.seed = static_cast<uint64_t>(i)});
    l.run();
    EXPECT_TRUE(communities_connected(g, l.community())) << "case " << i;
    IGraph ig(g);
    igraph_vector_int_t membership;
    igraph_vector_int_init(&membership, g.node_count());
    for (node_t v = 0; v < g.node_count(); ++v) VECTOR(membership)[v] = l.community()[v];
    igraph_real_t q = 0;
    igraph_modularity(ig.get(), &membership, weighted ? ig.weights() : nullptr, 1.0, false, &q);
    EXPECT_TRUE(close(*l.modularity(), q)) << "case " << i << ": " << *l.modularity() << " vs " << q;
    igraph_vector_t levels;
    igraph_vector_init(&levels, 0);
    igraph_community_multilevel(ig.get(), weighted ? ig.weights() : nullptr, 1.0, &membership, nullptr, &levels);
    const double theirs = VECTOR(levels)[igraph_vector_size(&levels) - 1];
    // Both are heuristics; kith may lose a little on one graph but not overall.
    EXPECT_GE(*l.modularity(), theirs - 0.01) << "case " << i;
    kith_total += *l.modularity();
    igraph_total += theirs;
    igraph_vector_destroy(&levels);
    igraph_vector_int_destroy(&membership);
  }
  EXPECT_GE(kith_total, igraph_total);
}

// On directed graphs Louvain optimises directed modularity: the value it
// reports is igraph's directed modularity of its partition, and it beats
// putting everyone in their planted block only when that is not optimal.
TEST(LouvainVsIgraph, DirectedPlantedPartitionsScoreAsIgraphSays) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 30; ++i) {
    const node_t blocks = 3 + i % 4, block = 8 + i % 7, n = blocks * block;
    std::vector<EdgeInput> e;
    for (node_t u = 0; u < n; ++u)
      for (node_t v = 0; v < n; ++v)
        if (u != v && (rng() % 1000) < (u / block == v / block ? 350u : 15u)) e.push_back({u, v, 1.0 + rng() % 3});
    Graph g = Graph::from_edges(n, e, {.directed = true, .weighted = i % 2 == 0});
    Louvain l(g, {.seed = static_cast<uint64_t>(i)});
    l.run();
    IGraph ig(g);
    igraph_vector_int_t membership;
    igraph_vector_int_init(&membership, n);
    for (node_t v = 0; v < n; ++v) VECTOR(membership)[v] = l.community()[v];
    igraph_real_t q = 0;
    igraph_modularity(ig.get(), &membership, i % 2 == 0 ? ig.weights() : nullptr, 1.0, true, &q);
    ASSERT_TRUE(l.modularity().has_value());
    EXPECT_TRUE(close(*l.modularity(), q)) << "case " << i << ": " << *l.modularity() << " vs " << q;
    std::vector<uint32_t> planted_blocks(n);
    for (node_t v = 0; v < n; ++v) planted_blocks[v] = v / block;
    Modularity truth(g, planted_blocks);
    truth.run();
    EXPECT_GE(*l.modularity(), *truth.value() - 1e-9) << "case " << i;
    igraph_vector_int_destroy(&membership);
  }
}

// Directed modularity (NetworkX's directed form) equals igraph's with directed = true.
TEST(ModularityVsIgraph, DirectedWeightedRandomPartitions) {
  std::mt19937_64 rng(77);
  for (int i = 0; i < 100; ++i) {
    const node_t n = 5 + static_cast<node_t>(rng() % 60);
    const bool directed = i % 2 == 0, weighted = i % 4 < 2;
    std::vector<EdgeInput> e;
    const uint64_t m = 1 + rng() % (3 * n);
    for (uint64_t k = 0; k < m; ++k)
      e.push_back({static_cast<node_t>(rng() % n), static_cast<node_t>(rng() % n), 0.25 * (1 + rng() % 12)});
    Graph g = Graph::from_edges(n, e, {.directed = directed, .weighted = weighted});
    std::vector<uint32_t> comm(n);
    for (auto& c : comm) c = static_cast<uint32_t>(rng() % 4);
    Modularity q(g, comm);
    q.run();
    if (g.edge_count() == 0) {
      EXPECT_FALSE(q.value().has_value());
      continue;
    }
    IGraph ig(g);
    igraph_vector_int_t membership;
    igraph_vector_int_init(&membership, n);
    for (node_t v = 0; v < n; ++v) VECTOR(membership)[v] = comm[v];
    igraph_real_t theirs = 0;
    igraph_modularity(ig.get(), &membership, weighted ? ig.weights() : nullptr, 1.0, directed, &theirs);
    igraph_vector_int_destroy(&membership);
    ASSERT_TRUE(q.value().has_value());
    EXPECT_TRUE(close(*q.value(), theirs)) << "case " << i << ": " << *q.value() << " vs " << theirs;
  }
}

}  // namespace
}  // namespace kith::graph
