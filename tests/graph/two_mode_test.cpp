// Two-mode (people × groups) measures on Davis's Southern Women against
// NetworkX 2.8.8 (tests/fixtures/graph/community/make_reference.py).
#include "graph/support.hpp"
#include "kith/graph/louvain.hpp"
#include "kith/graph/two_mode.hpp"

namespace kith::graph {
namespace {

struct Davis {
  nlohmann::json want;
  IdMap people, groups;
  std::vector<Affiliation> affiliations;
  std::vector<EdgeInput> ties;
};

std::vector<std::vector<std::string>> read_pairs(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<std::string>> rows;
  while (std::getline(in, line)) {
    auto comma = line.find(',');
    rows.push_back({line.substr(0, comma), line.substr(comma + 1)});
  }
  return rows;
}

Davis load_davis() {
  const std::string dir = std::string(KITH_FIXTURES) + "/graph/community/";
  Davis d;
  d.want = nlohmann::json::parse(std::ifstream(dir + "davis.json"));
  for (const auto& p : d.want["people"]) d.people.intern(p["id"].get<std::string>());
  for (const auto& g : d.want["groups"]) d.groups.intern(g["id"].get<std::string>());
  for (const auto& r : read_pairs(dir + "davis_affiliations.csv"))
    d.affiliations.push_back({d.people.intern(r[0]), d.groups.intern(r[1])});
  for (const auto& r : read_pairs(dir + "davis_ties.csv")) d.ties.push_back({d.people.intern(r[0]), d.people.intern(r[1])});
  return d;
}

std::vector<uint32_t> reference_communities(const Davis& d) {
  std::vector<uint32_t> c;
  for (const auto& p : d.want["people"]) c.push_back(p["community"].get<uint32_t>());
  return c;
}

TEST(TwoMode, DavisSouthernWomenMatchesNetworkX) {
  Davis d = load_davis();
  std::vector<uint32_t> comm = reference_communities(d);
  TwoMode t(d.people.size(), d.groups.size(), d.affiliations, {.communities = comm, .threads = 2});
  EXPECT_THROW((void)t.members(), std::logic_error);
  t.run();
  for (node_t p = 0; p < d.people.size(); ++p) {
    const auto& w = d.want["people"][p];
    EXPECT_EQ(t.person_groups()[p], w["groups"].get<uint32_t>()) << p;
    EXPECT_EQ(t.projected_degree()[p], w["projected_degree"].get<uint32_t>()) << p;
    EXPECT_CLOSE(t.projected_weighted_degree()[p], w["projected_weighted_degree"].get<double>());
    ASSERT_TRUE(t.person_betweenness()[p].has_value());
    EXPECT_CLOSE(*t.person_betweenness()[p], w["betweenness"].get<double>());
  }
  for (uint32_t g = 0; g < d.groups.size(); ++g) {
    const auto& w = d.want["groups"][g];
    EXPECT_EQ(t.members()[g], w["members"].get<uint32_t>()) << g;
    EXPECT_EQ(t.only_link_pairs()[g], w["only_link_pairs"].get<uint64_t>()) << g;
    EXPECT_EQ(t.communities_spanned()[g], w["communities_spanned"].get<uint32_t>()) << g;
    ASSERT_TRUE(t.betweenness()[g].has_value());
    EXPECT_CLOSE(*t.betweenness()[g], w["betweenness"].get<double>());
  }
}

TEST(TwoMode, DirectTiesAreNotOnlyLinks) {
  Davis d = load_davis();
  // Ties given source→target only: either direction counts as a tie.
  Graph ties = Graph::from_edges(d.people.size(), d.ties, {.directed = true});
  TwoMode t(d.people.size(), d.groups.size(), d.affiliations, {.ties = &ties, .threads = 1});
  t.run();
  for (uint32_t g = 0; g < d.groups.size(); ++g)
    EXPECT_EQ(t.only_link_pairs()[g], d.want["groups"][g]["only_link_pairs_untied"].get<uint64_t>()) << g;
}

TEST(TwoMode, LouvainOnTheProjectionWhenNoCommunitiesAreGiven) {
  Davis d = load_davis();
  TwoMode a(d.people.size(), d.groups.size(), d.affiliations, {.seed = 5});
  TwoMode b(d.people.size(), d.groups.size(), d.affiliations, {.seed = 5});
  a.run();
  b.run();
  EXPECT_EQ(a.person_community(), b.person_community());
  EXPECT_EQ(a.communities_spanned(), b.communities_spanned());
  for (uint32_t s : a.communities_spanned()) EXPECT_GE(s, 1u);
}

// The weighted projection is NetworkX's: Louvain on it scores at least what
// NetworkX's louvain_communities(seed=0) does, by kith's best of ten seeds.
TEST(TwoMode, LouvainOnTheProjectionAtLeastNetworkX) {
  Davis d = load_davis();
  TwoMode t(d.people.size(), d.groups.size(), d.affiliations, {.seed = 0});
  t.run();
  double best = -1.0;
  for (uint64_t seed = 0; seed < 10; ++seed) {
    Louvain l(t.projection(), {.seed = seed});
    l.run();
    best = std::max(best, *l.modularity());
  }
  EXPECT_GE(best, d.want["projection_modularity"].get<double>() - 1e-12);
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
  Davis d = load_davis();
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
    EXPECT_EQ(given.communities_spanned()[g], d.want["groups"][g]["communities_spanned"].get<uint32_t>());
}

TEST(TwoMode, MaxBetweennessMatchesTheStar) {
  // A star: one group and k people. The group lies on all k(k−1)/2 pairs' paths.
  for (uint64_t k = 2; k < 8; ++k) EXPECT_DOUBLE_EQ(TwoMode::max_betweenness(1, k), k * (k - 1) / 2.0);
}

}  // namespace
}  // namespace kith::graph
