// Golden tests: every metric on networks bundled with NetworkX (and three
// seeded random graphs) against the values NetworkX 2.8.8 computed, stored in
// tests/fixtures/graph by make_reference.py.
#include <algorithm>
#include <map>

#include "graph/support.hpp"
#include "kith/graph/betweenness.hpp"
#include "kith/graph/bridges.hpp"
#include "kith/graph/closeness.hpp"
#include "kith/graph/clustering.hpp"
#include "kith/graph/components.hpp"
#include "kith/graph/core.hpp"
#include "kith/graph/degree.hpp"
#include "kith/graph/eigenvector.hpp"
#include "kith/graph/pagerank.hpp"

namespace kith::graph {
namespace {

using testing::Fixture;
using testing::load_fixture;

class Golden : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { f_ = load_fixture(GetParam()); }

  template <class Vec>
  void expect_values(const Vec& got, const char* key) {
    const auto& want = f_.expected[key];
    ASSERT_EQ(got.size(), want.size()) << key;
    for (size_t i = 0; i < got.size(); ++i)
      EXPECT_CLOSE(static_cast<double>(got[i]), want[i].get<double>()) << key << " of " << f_.ids.name(i);
  }

  // A labelling as a sorted list of sorted id lists, NetworkX's shape.
  std::vector<std::vector<std::string>> partition(const std::vector<uint32_t>& label) const {
    std::map<uint32_t, std::vector<std::string>> groups;
    for (node_t v = 0; v < label.size(); ++v) groups[label[v]].push_back(f_.ids.name(v));
    std::vector<std::vector<std::string>> out;
    for (auto& [_, g] : groups) {
      std::sort(g.begin(), g.end());
      out.push_back(g);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  Fixture f_;
};

TEST_P(Golden, SizesMatch) {
  EXPECT_EQ(f_.graph.node_count(), f_.expected["nodes"].size());
  EXPECT_EQ(f_.graph.edge_count(), f_.expected["edges"].get<uint64_t>());
}

TEST_P(Golden, DegreeAndStrength) {
  Degree d(f_.graph);
  d.run();
  expect_values(d.degree(), "degree");
  expect_values(d.strength(), "strength");
  if (f_.directed) {
    expect_values(d.in_degree(), "in_degree");
    expect_values(d.out_degree(), "out_degree");
  }
}

TEST_P(Golden, Betweenness) {
  for (unsigned threads : {1u, 2u, 3u}) {
    Betweenness b(f_.graph, {.threads = threads});
    b.run();
    expect_values(b.raw(), "betweenness");
    expect_values(b.normalized(), "betweenness_norm");
  }
}

TEST_P(Golden, ClosenessAndHarmonic) {
  for (unsigned threads : {1u, 2u}) {
    Closeness c(f_.graph, {.threads = threads});
    c.run();
    expect_values(c.closeness(), "closeness");
    expect_values(c.harmonic(), "harmonic");
  }
}

TEST_P(Golden, PageRank) {
  PageRank pr(f_.graph);
  pr.run();
  EXPECT_TRUE(pr.converged());
  expect_values(pr.scores(), "pagerank");
}

TEST_P(Golden, Eigenvector) {
  EigenvectorCentrality e(f_.graph);
  e.run();
  if (f_.expected["eigenvector"].is_null()) {
    EXPECT_FALSE(e.defined());
    for (const auto& x : e.scores()) EXPECT_FALSE(x.has_value());
    return;
  }
  ASSERT_TRUE(e.defined());
  std::vector<double> got;
  for (const auto& x : e.scores()) got.push_back(*x);
  expect_values(got, "eigenvector");
}

TEST_P(Golden, ClusteringAndCore) {
  LocalClustering c(f_.graph, {.threads = 2});
  c.run();
  expect_values(c.clustering(), "clustering");
  CoreNumber k(f_.graph);
  k.run();
  expect_values(k.cores(), "core");
}

TEST_P(Golden, Components) {
  WeakComponents w(f_.graph);
  w.run();
  EXPECT_EQ(partition(w.component()), f_.expected["weak_components"].get<std::vector<std::vector<std::string>>>());
  EXPECT_EQ(w.count(), f_.expected["weak_components"].size());
  if (f_.directed) {
    StrongComponents s(f_.graph);
    s.run();
    EXPECT_EQ(partition(s.component()),
              f_.expected["strong_components"].get<std::vector<std::vector<std::string>>>());
  }
}

TEST_P(Golden, BridgesAndArticulationPoints) {
  Bridges b(f_.graph);
  b.run();
  std::vector<std::vector<std::string>> bridges;
  for (auto [u, v] : b.bridges()) {
    std::vector<std::string> e{f_.ids.name(u), f_.ids.name(v)};
    std::sort(e.begin(), e.end());
    bridges.push_back(e);
  }
  std::sort(bridges.begin(), bridges.end());
  EXPECT_EQ(bridges, f_.expected["bridges"].get<std::vector<std::vector<std::string>>>());
  std::vector<std::string> cut;
  for (node_t v : b.articulation_points()) cut.push_back(f_.ids.name(v));
  std::sort(cut.begin(), cut.end());
  EXPECT_EQ(cut, f_.expected["articulation_points"].get<std::vector<std::string>>());
}

INSTANTIATE_TEST_SUITE_P(NetworkX, Golden,
                         ::testing::Values("karate", "florentine", "lesmis", "random_directed", "random_undirected",
                                           "weighted_directed"));

}  // namespace
}  // namespace kith::graph
