// Burt's constraint and effective size: hand-worked cases and the directed
// view (against NetworkX 2.8.8 in the golden runner, golden_test.cpp).
#include "graph/support.hpp"
#include "kith/graph/structural_holes.hpp"

namespace {

using namespace kith::graph;
using namespace kith::graph::testing;

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
