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

}  // namespace
