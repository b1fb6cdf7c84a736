// Two-mode (people × groups) measures: determinism, degenerate sides and the
// pair budget, on Davis's Southern Women (tests/fixtures/graph/davis; its
// NetworkX values are checked by the golden runner, golden_test.cpp).
#include "graph/support.hpp"
#include "kith/graph/louvain.hpp"
#include "kith/graph/two_mode.hpp"

namespace kith::graph {
namespace {

using testing::load_two_mode;
using testing::reference_communities;

TEST(TwoMode, ReadingBeforeRunThrows) {
  auto d = load_two_mode("davis");
  std::vector<uint32_t> comm = reference_communities(d);
  TwoMode t(d.people.size(), d.groups.size(), d.affiliations, {.communities = comm, .threads = 2});
  EXPECT_THROW((void)t.members(), std::logic_error);
  t.run();
  EXPECT_EQ(t.members().size(), d.groups.size());
}

TEST(TwoMode, LouvainOnTheProjectionWhenNoCommunitiesAreGiven) {
  auto d = load_two_mode("davis");
  TwoMode a(d.people.size(), d.groups.size(), d.affiliations, {.seed = 5});
  TwoMode b(d.people.size(), d.groups.size(), d.affiliations, {.seed = 5});
  a.run();
  b.run();
  EXPECT_EQ(a.person_community(), b.person_community());
  EXPECT_EQ(a.communities_spanned(), b.communities_spanned());
  ASSERT_EQ(a.communities_spanned().size(), d.groups.size());  // else the loop below checks nothing
  ASSERT_EQ(a.person_community().size(), d.people.size());
  for (uint32_t s : a.communities_spanned()) EXPECT_GE(s, 1u);
}

TEST(TwoMode, RepeatsCountOnceAndDegenerateSidesHaveNoBetweenness) {
  // One person in one group, twice: NetworkX's scale is 0 there (null).
  std::vector<Affiliation> a = {{0, 0}, {0, 0}};
  TwoMode t(1, 1, a);
  t.run();
  EXPECT_EQ(t.members()[0], 1u);
  EXPECT_EQ(t.person_groups()[0], 1u);
  EXPECT_EQ(t.only_link_pairs()[0], 0u);
  EXPECT_FALSE(t.betweenness()[0].has_value());
  EXPECT_FALSE(t.person_betweenness()[0].has_value());
}

// Past the pair budget nothing quadratic is built: no projection, no pair
// counts, no communities of its own; betweenness is still exact.
TEST(TwoMode, PairCountsStopAtTheBudget) {
  auto d = load_two_mode("davis");
  TwoMode full(d.people.size(), d.groups.size(), d.affiliations, {.threads = 1});
  full.run();
  ASSERT_TRUE(full.pairs_counted());
  const uint64_t visits = full.pair_visits();
  uint64_t expected = 0;
  for (uint32_t m : full.members()) expected += static_cast<uint64_t>(m) * m;
  EXPECT_EQ(visits, expected);

  TwoMode at_limit(d.people.size(), d.groups.size(), d.affiliations, {.threads = 1, .pair_visits_max = visits});
  at_limit.run();
  EXPECT_TRUE(at_limit.pairs_counted());

  TwoMode over(d.people.size(), d.groups.size(), d.affiliations, {.threads = 1, .pair_visits_max = visits - 1});
  over.run();
  EXPECT_FALSE(over.pairs_counted());
  EXPECT_FALSE(over.communities_counted());
  EXPECT_EQ(over.projection().edge_count(), 0u);
  EXPECT_EQ(over.person_groups(), full.person_groups());
  EXPECT_EQ(over.members(), full.members());
  for (uint32_t g = 0; g < d.groups.size(); ++g) EXPECT_EQ(over.betweenness()[g], full.betweenness()[g]);

  // Given communities are still counted per group.
  std::vector<uint32_t> comm = reference_communities(d);
  TwoMode given(d.people.size(), d.groups.size(), d.affiliations,
                {.communities = comm, .threads = 1, .pair_visits_max = 0});
  given.run();
  EXPECT_TRUE(given.communities_counted());
  for (uint32_t g = 0; g < d.groups.size(); ++g)
    EXPECT_EQ(given.communities_spanned()[g], d.expected["groups"][g]["communities_spanned"].get<uint32_t>());
}

TEST(TwoMode, MaxBetweennessMatchesTheStar) {
  // A star: one group and k people. The group lies on all k(k−1)/2 pairs' paths.
  for (uint64_t k = 2; k < 8; ++k) EXPECT_DOUBLE_EQ(TwoMode::max_betweenness(1, k), k * (k - 1) / 2.0);
}

}  // namespace
}  // namespace kith::graph
