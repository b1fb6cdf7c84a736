// analysis::NetworkService against a real store (SQLite, or PostgreSQL with
// KITH_TEST_ENGINE=postgresql): the size limit on exact betweenness, the
// exact override, graph preconditions as field-named errors, the byte-bounded
// cache. Expected values are worked by hand on a path a–b–c–d plus an
// isolate e: exact normalised betweenness of b is 2/((5-1)(5-2)/2) = 1/3.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "kith/analysis/network.hpp"
#include "kith/domain/register.hpp"
#include "kith/store/store.hpp"
#include "support/test_support.hpp"

namespace {

using namespace kith;
using json = nlohmann::json;

analysis::MetricRequest request(std::set<std::string> metrics, uint64_t seed, bool exact) {
  analysis::MetricRequest r;
  r.metrics = std::move(metrics);
  r.seed = seed;
  r.exact = exact;
  return r;
}

class AnalysisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::open_store(test::fresh_db_url(dir_));
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s.value());
    domain::Register reg(*store_);
    area_ = make(reg, model::areas(), "", {{"name", "Path"}});
    for (const char* name : {"a", "b", "c", "d", "e"}) people_.push_back(make(reg, model::people(), area_, {{"display_name", name}}));
    for (int i = 0; i < 3; ++i)
      make(reg, model::ties(), area_,
           {{"source_id", people_[i]}, {"target_id", people_[i + 1]}, {"kind", "neighbour"}, {"closeness", 3},
            {"frequency", "weekly"}});
  }
  std::string make(domain::Register& reg, const model::Entity& e, const std::string& area, const json& body) {
    auto r = reg.create(e, area, body, model::Actor{});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? (*r)["id"].get<std::string>() : "";
  }
  analysis::NetworkQuery query() const {
    analysis::NetworkQuery q;
    q.area_id = area_;
    return q;
  }
  size_t node(const analysis::AreaNetwork& n, const std::string& id) {
    for (size_t i = 0; i < n.report.ids.size(); ++i)
      if (n.report.ids[i] == id) return i;
    ADD_FAILURE() << id << " is not in the network";
    return 0;
  }
  double betweenness_of(const analysis::AreaNetwork& n, const std::string& id) {
    const auto* c = n.report.column("betweenness_norm");
    EXPECT_NE(c, nullptr);
    return c ? analysis::value_at(*c, node(n, id)) : -1;
  }

  test::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::string area_;
  std::vector<std::string> people_;
};

TEST_F(AnalysisTest, SmallAreasGetExactBetweenness) {
  analysis::NetworkService s(*store_);
  auto n = s.area_network(query(), model::Actor{});
  ASSERT_TRUE(n.ok()) << n.error().message;
  ASSERT_TRUE((*n)->report.graph.betweenness.has_value());
  EXPECT_TRUE((*n)->report.graph.betweenness->exact);
  EXPECT_DOUBLE_EQ(betweenness_of(**n, people_[1]), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(betweenness_of(**n, people_[0]), 0.0);
  EXPECT_EQ((*n)->report.graph.nodes, 5u);
  EXPECT_EQ((*n)->report.graph.isolates, 1u);
}

TEST_F(AnalysisTest, AboveTheLimitBetweennessIsEstimatedAndSaysSoUnlessExactIsAsked) {
  analysis::ServiceOptions opt;
  opt.betweenness.exact_max = 4;  // five people: over the limit
  opt.betweenness.epsilon = 0.05;
  opt.betweenness.delta = 0.2;
  analysis::NetworkService s(*store_, opt);
  auto approx = s.area_network(query(), model::Actor{});
  ASSERT_TRUE(approx.ok()) << approx.error().message;
  const auto& m = (*approx)->report.graph.betweenness;
  ASSERT_TRUE(m.has_value());
  EXPECT_FALSE(m->exact);
  EXPECT_EQ(m->epsilon, 0.05);
  EXPECT_EQ(m->delta, 0.2);
  EXPECT_GT(m->samples, 0u);
  // The guarantee: within epsilon * n / (n - 2) of the exact normalised value.
  EXPECT_NEAR(betweenness_of(**approx, people_[1]), 1.0 / 3.0, 0.05 * 5 / 3);

  auto exact = s.area_network(query(), model::Actor{}, request({}, 0, true));
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE((*exact)->report.graph.betweenness->exact);
  EXPECT_DOUBLE_EQ(betweenness_of(**exact, people_[1]), 1.0 / 3.0);
}

TEST_F(AnalysisTest, AGraphPreconditionIsAFieldNamedErrorNotACrash) {
  analysis::ServiceOptions opt;
  opt.betweenness.exact_max = 0;
  opt.betweenness.epsilon = 2.0;  // the estimate needs epsilon in (0, 1)
  analysis::NetworkService s(*store_, opt);
  auto n = s.area_network(query(), model::Actor{});
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, Errc::invalid);
  EXPECT_NE(n.error().message.find("epsilon"), std::string::npos) << n.error().message;
}

TEST_F(AnalysisTest, OnlyTheAskedMetricsAreComputedAndTheSeedIsPartOfTheAnswer) {
  analysis::NetworkService s(*store_);
  auto n = s.area_network(query(), model::Actor{}, request({"degree"}, 0, false));
  ASSERT_TRUE(n.ok());
  ASSERT_EQ((*n)->report.columns.size(), 1u);
  EXPECT_EQ((*n)->report.columns[0].name, "degree");
  EXPECT_FALSE((*n)->report.graph.betweenness.has_value());
  EXPECT_FALSE((*n)->report.graph.communities.has_value());
  auto seeded = s.area_network(query(), model::Actor{}, request({"communities"}, 7, false));
  ASSERT_TRUE(seeded.ok());
  EXPECT_NE(seeded->get(), n->get());  // a different request is a different cache entry
  EXPECT_TRUE((*seeded)->report.graph.communities.has_value());
}

TEST_F(AnalysisTest, TheCacheIsBoundedByBytesAndServesRepeats) {
  analysis::ServiceOptions opt;
  opt.cache_bytes_max = 1 << 20;
  analysis::NetworkService s(*store_, opt);
  auto first = s.area_network(query(), model::Actor{});
  ASSERT_TRUE(first.ok());
  auto again = s.area_network(query(), model::Actor{});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first->get(), again->get());  // served from the cache
  EXPECT_GT(s.cache_bytes(), 0u);
  EXPECT_LE(s.cache_bytes(), opt.cache_bytes_max);

  analysis::ServiceOptions tiny;
  tiny.cache_bytes_max = 64;  // smaller than any network: nothing is kept
  analysis::NetworkService t(*store_, tiny);
  auto x = t.area_network(query(), model::Actor{});
  auto y = t.area_network(query(), model::Actor{});
  ASSERT_TRUE(x.ok() && y.ok());
  EXPECT_NE(x->get(), y->get());
  EXPECT_EQ(t.cache_entries(), 0u);
}

TEST_F(AnalysisTest, EgoAndSummaryReadTheSameNetwork) {
  analysis::NetworkService s(*store_);
  auto ego = s.ego(query(), people_[1], model::Actor{});
  ASSERT_TRUE(ego.ok()) << ego.error().message;
  EXPECT_EQ(ego->size, 2u);                 // a and c
  EXPECT_EQ(ego->ties_among_contacts, 0u);  // a and c are not tied
  ASSERT_TRUE(ego->density.has_value());
  EXPECT_EQ(*ego->density, 0.0);
  EXPECT_EQ(ego->tie_kinds.at("neighbour"), 2u);
  EXPECT_EQ(*ego->tie_kind_diversity, 0.0);
  EXPECT_EQ(*ego->weekly_share, 1.0);
  auto missing = s.ego(query(), "pe_00000000000000000000", model::Actor{});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::not_found);

  auto sum = s.summary(query(), analysis::SummaryBreakdown::none, model::Actor{});
  ASSERT_TRUE(sum.ok()) << sum.error().message;
  EXPECT_EQ(sum->people, 5u);
  EXPECT_EQ(sum->ties, 3u);
  // One person with no ties: a count from 1 to 4 is withheld.
  EXPECT_TRUE(sum->isolation.no_ties.count.suppressed);
  EXPECT_FALSE(sum->isolation.no_ties.count.value.has_value());
  EXPECT_FALSE(sum->isolation.no_ties.share.has_value());
  ASSERT_FALSE(sum->top_brokers.empty());
  // b and c tie on betweenness; the id breaks the tie.
  EXPECT_EQ(sum->top_brokers[0].id, std::min(people_[1], people_[2]));
}

TEST_F(AnalysisTest, BadQueriesNameTheirField) {
  analysis::NetworkService s(*store_);
  auto close = s.area_network([&] { auto q = query(); q.min_closeness = 6; return q; }(), model::Actor{});
  ASSERT_FALSE(close.ok());
  EXPECT_EQ(close.error().field, "min_closeness");
  auto kind = s.area_network([&] { auto q = query(); q.kinds = {"enemy"}; return q; }(), model::Actor{});
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().field, "kind");
  auto area = s.area_network([&] { auto q = query(); q.area_id = "ar_00000000000000000000"; return q; }(), model::Actor{});
  ASSERT_FALSE(area.ok());
  EXPECT_EQ(area.error().code, Errc::not_found);
}

}  // namespace

namespace {

// Withdrawing consent takes the person out of every analysis from that moment
// (hand-worked: withdrawing c cuts the path a–b–c–d into a–b and d), while
// their ties stay in the store; consent for other uses only does the same.
TEST_F(AnalysisTest, WithdrawnConsentLeavesThePersonOutOfAnalyses) {
  domain::Register reg(*store_);
  auto c = reg.get(model::people(), area_, people_[2], model::Actor{});
  ASSERT_TRUE(c.ok());
  auto changed = reg.update(model::people(), area_, people_[2],
                            {{"consent_status", "withdrawn"}, {"consent_date", "2026-11-30"}, {"revision", (*c)["revision"]}},
                            model::Actor{});
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  analysis::NetworkService s(*store_);
  auto n = s.area_network(query(), model::Actor{});
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ((*n)->report.graph.nodes, 4u);  // a, b, d, e
  EXPECT_EQ((*n)->report.graph.edges, 1u);  // a–b
  for (const auto& id : (*n)->report.ids) EXPECT_NE(id, people_[2]);
  auto ego = s.ego(query(), people_[2], model::Actor{}, request({}, 1, false));
  ASSERT_FALSE(ego.ok());
  EXPECT_NE(ego.error().message.find("withdrawn consent"), std::string::npos) << ego.error().message;
  // The ties are still held.
  store::ListQuery q;
  q.area_id = area_;
  auto ties = reg.list(model::ties(), q, model::Actor{});
  ASSERT_TRUE(ties.ok());
  EXPECT_EQ(ties->items.size(), 3u);

  // Consent given for the time bank only is not consent to research: d goes too.
  auto d = reg.get(model::people(), area_, people_[3], model::Actor{});
  auto given = reg.update(model::people(), area_, people_[3],
                          {{"consent_status", "given"}, {"consent_date", "2026-11-30"},
                           {"consent_scope", json::array({"timebank"})}, {"revision", (*d)["revision"]}},
                          model::Actor{});
  ASSERT_TRUE(given.ok()) << given.error().message;
  auto again = s.area_network(query(), model::Actor{});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->report.graph.nodes, 3u);  // a, b, e
}

}  // namespace
