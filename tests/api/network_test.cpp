// GET /api/v1/areas/{area}/network: the register's ties as a network, on a
// day, filtered, cached until the register changes, audited.
#include "api_fixture.hpp"

namespace {

using kith::test::ApiTest;
using nlohmann::json;

json by_id(const json& result, const std::string& id) {
  for (const auto& n : result["nodes"])
    if (n["id"] == id) return n;
  return nullptr;
}

class ApiNetwork : public ApiTest {};

TEST_F(ApiNetwork, MetricsFollowTheTiesOnTheDay) {
  std::string area = create_area("Riverside")["id"];
  std::string a = create_person(area, "Ada")["id"], b = create_person(area, "Bea")["id"],
              c = create_person(area, "Cy")["id"], d = create_person(area, "Dee")["id"];
  create_tie(area, a, b, {{"closeness", 5}, {"valid_from", "2025-01-01"}});
  create_tie(area, b, c, {{"kind", "family"}, {"closeness", 2}});
  create_tie(area, a, c, {{"valid_to", "2024-12-31"}});

  auto all = http().get(area_path(area) + "/network");
  ASSERT_EQ(all.status, 200) << all.body;
  json r = all.json();
  EXPECT_EQ(r["graph"]["nodes"], 4);  // Dee has no ties but is counted, as isolated
  EXPECT_EQ(r["graph"]["edges"], 3);
  EXPECT_EQ(r["graph"]["isolates"], 1);
  EXPECT_EQ(by_id(r, a)["degree"], 2);
  EXPECT_EQ(by_id(r, d)["degree"], 0);
  EXPECT_DOUBLE_EQ(by_id(r, a)["strength"].get<double>(), 8.0);  // closeness 5 + 3
  EXPECT_DOUBLE_EQ(by_id(r, a)["clustering"].get<double>(), 1.0);

  auto on_day = http().get(area_path(area) + "/network?at=2025-06-01").json();
  EXPECT_EQ(on_day["graph"]["edges"], 2);  // the a-c tie had ended
  EXPECT_EQ(by_id(on_day, a)["degree"], 1);
  EXPECT_EQ(on_day["graph"]["at"], "2025-06-01");

  auto family = http().get(area_path(area) + "/network?kind=family").json();
  EXPECT_EQ(family["graph"]["edges"], 1);
  auto close = http().get(area_path(area) + "/network?min_closeness=4").json();
  EXPECT_EQ(close["graph"]["edges"], 1);
  EXPECT_EQ(by_id(close, b)["degree"], 1);
}

TEST_F(ApiNetwork, AnswerChangesWithTheRegisterRevision) {
  std::string area = create_area("Hillside")["id"];
  std::string a = create_person(area, "Ada")["id"], b = create_person(area, "Bea")["id"];
  json first = http().get(area_path(area) + "/network").json();
  EXPECT_EQ(first["graph"]["edges"], 0);
  json again = http().get(area_path(area) + "/network").json();
  EXPECT_EQ(again, first);  // served from the cache: same revision, same answer
  create_tie(area, a, b);
  json after = http().get(area_path(area) + "/network").json();
  EXPECT_EQ(after["graph"]["edges"], 1);
  EXPECT_GT(after["graph"]["register_revision"].get<int64_t>(), first["graph"]["register_revision"].get<int64_t>());
}

TEST_F(ApiNetwork, BadFiltersNameTheParameter) {
  std::string area = create_area("Dale")["id"];
  auto bad_day = http().get(area_path(area) + "/network?at=2025-02-30");
  EXPECT_EQ(bad_day.status, 400);
  EXPECT_EQ(bad_day.json()["error"]["field"], "at");
  auto bad_close = http().get(area_path(area) + "/network?min_closeness=9");
  EXPECT_EQ(bad_close.status, 400);
  EXPECT_EQ(bad_close.json()["error"]["field"], "min_closeness");
  auto bad_kind = http().get(area_path(area) + "/network?kind=enemy");
  EXPECT_EQ(bad_kind.status, 400);
  EXPECT_EQ(bad_kind.json()["error"]["field"], "kind");
  EXPECT_EQ(http().get(area_path("ar_00000000000000000000") + "/network").status, 404);
}

TEST_F(ApiNetwork, EgoNetworkIsWhatALinkWorkerReads) {
  std::string area = create_area("Ego")["id"];
  std::string a = create_person(area, "Ada")["id"], b = create_person(area, "Bea")["id"],
              c = create_person(area, "Cy")["id"], d = create_person(area, "Dee")["id"],
              lone = create_person(area, "Lone")["id"];
  create_tie(area, a, b, {{"kind", "family"}, {"frequency", "daily"}});
  create_tie(area, a, c, {{"kind", "friend"}, {"frequency", "monthly"}});
  create_tie(area, a, d, {{"kind", "friend"}, {"frequency", "weekly"}});
  create_tie(area, b, c, {{"kind", "neighbour"}, {"frequency", "weekly"}});

  auto r = http().get(area_path(area) + "/people/" + a + "/ego");
  ASSERT_EQ(r.status, 200) << r.body;
  json ego = r.json();
  EXPECT_EQ(ego["size"], 3);
  EXPECT_EQ(ego["ties_among_contacts"], 1);
  EXPECT_DOUBLE_EQ(ego["density"].get<double>(), 1.0 / 3);
  EXPECT_EQ(ego["tie_kinds"], json({{"family", 1}, {"friend", 2}}));
  EXPECT_DOUBLE_EQ(ego["tie_kind_diversity"].get<double>(), 1 - (1.0 / 9 + 4.0 / 9));
  EXPECT_DOUBLE_EQ(ego["weekly_share"].get<double>(), 2.0 / 3);
  // NetworkX effective size, unweighted form: n - 2t/n = 3 - 2/3 (closeness 3 everywhere).
  EXPECT_NEAR(ego["effective_size"].get<double>(), 3 - 2.0 / 3, 1e-12);

  json alone = http().get(area_path(area) + "/people/" + lone + "/ego").json();
  EXPECT_EQ(alone["size"], 0);
  EXPECT_TRUE(alone["density"].is_null());
  EXPECT_TRUE(alone["weekly_share"].is_null());
  EXPECT_TRUE(alone["constraint"].is_null());

  std::string elsewhere = create_area("Other")["id"];
  EXPECT_EQ(http().get(area_path(elsewhere) + "/people/" + a + "/ego").status, 404);
}

TEST_F(ApiNetwork, SummaryCountsIsolationAndSuppressesSmallNumbers) {
  std::string area = create_area("Summary")["id"];
  std::vector<std::string> p;
  for (int i = 0; i < 12; ++i) p.push_back(create_person(area, "P" + std::to_string(i))["id"]);
  // A path 0-1-2-3-4-5 of weekly friends; 6 has one family tie to 0; 7..11 have no ties.
  for (int i = 0; i < 5; ++i) create_tie(area, p[i], p[i + 1]);
  create_tie(area, p[6], p[0], {{"kind", "family"}, {"frequency", "monthly"}});
  std::string club = create(coll(area, "groups"), {{"name", "Choir"}, {"kind", "club"}})["id"];
  for (int i : {7, 8, 9, 10, 11, 0}) create(coll(area, "affiliations"), {{"person_id", p[i]}, {"group_id", club}, {"role", "member"}});

  auto r = http().get(area_path(area) + "/network/summary");
  ASSERT_EQ(r.status, 200) << r.body;
  json s = r.json();
  EXPECT_EQ(s["graph"]["people"], 12);
  EXPECT_EQ(s["graph"]["ties"], 6);
  EXPECT_EQ(s["isolation"]["no_ties"]["count"], 5);
  EXPECT_DOUBLE_EQ(s["isolation"]["no_ties"]["share"].get<double>(), 5.0 / 12);
  // Two people (5 and 6) have one tie: fewer than five, so withheld.
  EXPECT_TRUE(s["isolation"]["one_tie"]["count"].is_null());
  EXPECT_TRUE(s["isolation"]["one_tie"]["suppressed"].get<bool>());
  EXPECT_TRUE(s["isolation"]["one_tie"]["share"].is_null());
  EXPECT_EQ(s["isolation"]["no_weekly_contact"]["count"], nullptr);  // only person 6: suppressed
  EXPECT_EQ(s["isolation"]["family_only_ties"]["suppressed"], true);
  // The middle of the path brokers most.
  ASSERT_FALSE(s["top_brokers"].empty());
  std::string top = s["top_brokers"][0]["id"];
  EXPECT_TRUE(top == p[1] || top == p[2] || top == p[0]) << top;
  ASSERT_EQ(s["brings_people_together"].size(), 1u);
  const json& choir = s["brings_people_together"][0];
  EXPECT_EQ(choir["name"], "Choir");
  EXPECT_EQ(choir["members"]["count"], 6);
  EXPECT_EQ(choir["only_link_pairs"]["count"], 15);  // 6 members, no ties among them, no other shared group
}

}  // namespace
