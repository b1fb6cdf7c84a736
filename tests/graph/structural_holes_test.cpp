// Burt's constraint and effective size against NetworkX 2.8.8
// (tests/fixtures/graph/structural_holes/make_reference.py).
#include "graph/support.hpp"
#include "kith/graph/structural_holes.hpp"

namespace {

using namespace kith::graph;
using namespace kith::graph::testing;

class StructuralHolesGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(StructuralHolesGolden, MatchesNetworkX) {
  Fixture f = load_fixture(GetParam());
  std::ifstream in(std::string(KITH_FIXTURES) + "/graph/structural_holes/" + GetParam() + ".json");
  auto want = nlohmann::json::parse(in);
  ASSERT_EQ(want["weighted"], f.weighted);
  StructuralHoles sh(f.graph);
  sh.run();
  ASSERT_EQ(sh.constraint().size(), want["constraint"].size());
  for (size_t i = 0; i < sh.constraint().size(); ++i) {
    const auto& c = want["constraint"][i];
    const auto& e = want["effective_size"][i];
    if (c.is_null()) {
      EXPECT_FALSE(sh.constraint()[i].has_value()) << i;
      EXPECT_FALSE(sh.effective_size()[i].has_value()) << i;
      continue;
    }
    ASSERT_TRUE(sh.constraint()[i].has_value()) << i;
    EXPECT_CLOSE(*sh.constraint()[i], c.get<double>());
    EXPECT_CLOSE(*sh.effective_size()[i], e.get<double>());
  }
}

INSTANTIATE_TEST_SUITE_P(Classic, StructuralHolesGolden, ::testing::Values("karate", "florentine", "lesmis"));

TEST(StructuralHoles, IsolatesAreUndefinedAndAStarIsABroker) {
  // A star 0-{1,2,3} and an isolate 4: the hub has no redundancy at all.
  std::vector<EdgeInput> e = {{0, 1}, {0, 2}, {0, 3}};
  Graph g = Graph::from_edges(5, e, {});
  StructuralHoles sh(g);
  EXPECT_THROW((void)sh.constraint(), std::logic_error);
  sh.run();
  EXPECT_CLOSE(*sh.effective_size()[0], 3.0);
  EXPECT_CLOSE(*sh.constraint()[0], 3 * (1.0 / 9));  // three contacts, a third each, none tied to each other
  EXPECT_CLOSE(*sh.constraint()[1], 1.0);            // a leaf depends wholly on the hub
  EXPECT_FALSE(sh.constraint()[4].has_value());
  EXPECT_FALSE(sh.effective_size()[4].has_value());
}

TEST(StructuralHoles, DirectedGraphsUseTheUndirectedView) {
  std::vector<EdgeInput> e = {{0, 1}, {1, 0}, {1, 2}, {2, 0}};
  Graph d = Graph::from_edges(3, e, {.directed = true, .weighted = true});  // a mutual pair sums to 2
  std::vector<EdgeInput> ue = {{0, 1, 2.0}, {1, 2, 1.0}, {2, 0, 1.0}};
  Graph u = Graph::from_edges(3, ue, {.weighted = true});
  StructuralHoles a(d), b(u);
  a.run();
  b.run();
  for (node_t v = 0; v < 3; ++v) {
    EXPECT_CLOSE(*a.constraint()[v], *b.constraint()[v]);
    EXPECT_CLOSE(*a.effective_size()[v], *b.effective_size()[v]);
  }
}

}  // namespace
