// Community-level measures: isolation classes, Gini of degree, density and
// communities, overall and by a person attribute. Hand-worked cases plus an
// independent Gini (mean absolute difference); NetworkX's density of karate
// is checked by the golden runner.
#include <random>

#include "graph/support.hpp"
#include "kith/graph/community_measures.hpp"
#include "kith/graph/louvain.hpp"

namespace kith::graph {
namespace {

// G = Σ_i Σ_j |x_i − x_j| / (2 n² mean): the textbook form, computed directly.
double gini_by_pairs(const std::vector<uint32_t>& x) {
  double diff = 0.0, sum = 0.0;
  for (uint32_t a : x) {
    sum += a;
    for (uint32_t b : x) diff += std::fabs(static_cast<double>(a) - b);
  }
  const double n = static_cast<double>(x.size());
  return diff / (2.0 * n * n * (sum / n));
}

TEST(CommunityMeasures, IsolationClassesOverallAndByAttribute) {
  // People 0..6. 0–1 weekly family, 1–2 monthly neighbours, 0–1 again as
  // friends (same pair: one contact), 3–4 family monthly, 5 alone, 6 self-tie only.
  std::vector<TieRecord> ties = {{0, 1, true, true}, {1, 2, false, false}, {1, 0, false, false},
                                 {3, 4, false, true}, {6, 6, true, true}};
  std::vector<uint32_t> attribute = {0, 0, 1, 1, 1, 0, 1};  // e.g. two age bands
  std::vector<uint32_t> communities = {0, 0, 0, 1, 1, 2, 3};
  CommunityMeasures m(7, ties, {.attribute = attribute, .communities = communities});
  EXPECT_THROW((void)m.overall(), std::logic_error);
  m.run();
  const auto& all = m.overall();
  EXPECT_EQ(all.people, 7u);
  EXPECT_EQ(all.tied_pairs, 3u);
  EXPECT_EQ(all.no_ties.count, 2u);       // 5 and 6
  EXPECT_EQ(all.one_tie.count, 4u);       // 0, 2, 3, 4
  EXPECT_EQ(all.no_weekly.count, 3u);     // 2, 3, 4
  EXPECT_EQ(all.family_only.count, 2u);   // 3, 4 (0 also has a friends tie)
  EXPECT_CLOSE(*all.no_ties.share, 2.0 / 7);
  EXPECT_CLOSE(*all.density, 3.0 / 21);
  EXPECT_EQ(all.communities, 4u);
  EXPECT_CLOSE(*all.gini_degree, gini_by_pairs({1, 2, 1, 1, 1, 0, 0}));
  ASSERT_EQ(m.by_attribute().size(), 2u);
  const auto& a0 = m.by_attribute()[0];  // 0, 1, 5
  EXPECT_EQ(a0.people, 3u);
  EXPECT_EQ(a0.tied_pairs, 1u);  // 0–1
  EXPECT_EQ(a0.no_ties.count, 1u);
  EXPECT_EQ(a0.communities, 2u);
  EXPECT_CLOSE(*a0.density, 1.0 / 3);
  const auto& a1 = m.by_attribute()[1];  // 2, 3, 4, 6
  EXPECT_EQ(a1.tied_pairs, 1u);          // 3–4; 1–2 leaves the group
  EXPECT_EQ(a1.family_only.count, 2u);
  EXPECT_EQ(a1.no_weekly.count, 3u);
  EXPECT_CLOSE(*a1.no_weekly.share, 3.0 / 4);
}

TEST(CommunityMeasures, UndefinedValuesAreNull) {
  CommunityMeasures none(0, {});
  none.run();
  EXPECT_FALSE(none.overall().no_ties.share.has_value());
  EXPECT_FALSE(none.overall().density.has_value());
  EXPECT_FALSE(none.overall().gini_degree.has_value());
  CommunityMeasures alone(3, {});
  alone.run();
  EXPECT_CLOSE(*alone.overall().density, 0.0);
  EXPECT_FALSE(alone.overall().gini_degree.has_value());  // nobody has a contact
  EXPECT_EQ(alone.overall().communities, 3u);
}

// Karate's density against NetworkX is in the golden runner (golden_test.cpp).
TEST(CommunityMeasures, KarateGiniAndLouvainCommunities) {
  auto f = testing::load_fixture("karate");
  std::vector<TieRecord> ties;
  for (const auto& e : f.edges) ties.push_back({e.u, e.v, false, false});
  CommunityMeasures m(f.ids.size(), ties, {.seed = 1});
  m.run();
  EXPECT_CLOSE(*m.overall().gini_degree, gini_by_pairs(m.contacts()));
  const Graph unweighted = Graph::from_edges(f.ids.size(), f.edges, {});
  Louvain l(unweighted, {.seed = 1});
  l.run();
  EXPECT_EQ(m.overall().communities, l.count());
  EXPECT_EQ(m.overall().no_weekly.count, 34u);
}

TEST(CommunityMeasures, GiniMatchesThePairwiseFormOnRandomDegrees) {
  std::mt19937 rng(5);
  for (int i = 0; i < 50; ++i) {
    std::vector<uint32_t> x(1 + rng() % 40);
    for (auto& v : x) v = rng() % 12;
    auto g = CommunityMeasures::gini(x);
    if (std::all_of(x.begin(), x.end(), [](uint32_t v) { return v == 0; })) {
      EXPECT_FALSE(g.has_value());
      continue;
    }
    EXPECT_CLOSE(*g, gini_by_pairs(x));
  }
}

}  // namespace
}  // namespace kith::graph
