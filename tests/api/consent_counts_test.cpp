// GET …/areas/{area}/consent: where the area's consent stands, counted by the
// database for the Consent page (issue 10: the page no longer reads the whole
// register to count it). Worked by hand:
//
//   Elm Park   Ann Lee    given: research, time bank
//              Ben Cho    given: research
//              Cat Ives   given: time bank, suggestions; household 4 Elm Road
//              Hal Orr    given: no use recorded
//              Dan Reid   refused; household 9 Elm Road
//              Eve Shaw   withdrawn
//              Fay Ng     not asked (the default)
//              Gus Tate   given: research, then deleted (not counted)
//   Oak Vale   Zed Park   given: research (another area: not counted)
//
//   everyone   7 people: given 4, refused 1, withdrawn 1, not asked 1;
//              of the given, research 2, time bank 2, referrals 0, suggestions 1
//   ?q=elm road  Cat and Dan (their households): given 1, refused 1;
//              time bank 1, suggestions 1
#include "api/api_fixture.hpp"
#include "support/server.hpp"

namespace kith::test {
namespace {

class ConsentCounts : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area = create_area("Elm Park")["id"];
    given("Ann Lee", {"research", "timebank"});
    given("Ben Cho", {"research"});
    given("Cat Ives", {"timebank", "suggestions"}, {{"household", "4 Elm Road"}});
    given("Hal Orr", json::array());
    decided("Dan Reid", "refused", {{"household", "9 Elm Road"}});
    decided("Eve Shaw", "withdrawn");
    create_person(area, "Fay Ng");
    std::string gus = given("Gus Tate", {"research"});
    EXPECT_EQ(http().del(coll(area, "people") + "/" + gus).status, 204);
    std::string other = create_area("Oak Vale")["id"];
    create_person(other, "Zed Park", {{"consent_status", "given"}, {"consent_scope", {"research"}}, {"consent_date", "2026-01-05"}});
  }

  std::string given(const std::string& name, const json& uses, json extra = json::object()) {
    extra["consent_status"] = "given";
    extra["consent_scope"] = uses;
    extra["consent_date"] = "2026-01-05";
    return create_person(area, name, extra)["id"];
  }
  void decided(const std::string& name, const std::string& status, json extra = json::object()) {
    extra["consent_status"] = status;
    extra["consent_date"] = "2026-01-06";
    create_person(area, name, extra);
  }
  HttpReply counts(const std::string& query = "") { return http().get(area_path(area) + "/consent" + query); }

  std::string area;
};

TEST_F(ConsentCounts, CountsEveryStatusAndUseAsWorkedByHand) {
  HttpReply r = counts();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), json::parse(R"({
    "people": 7,
    "by_status": {"not_asked": 1, "given": 4, "refused": 1, "withdrawn": 1},
    "given_for": {"research": 2, "timebank": 2, "referrals": 0, "suggestions": 1}
  })"));
}

TEST_F(ConsentCounts, ASearchCountsThePeopleTheListFinds) {
  HttpReply r = counts("?q=elm%20road");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), json::parse(R"({
    "people": 2,
    "by_status": {"not_asked": 0, "given": 1, "refused": 1, "withdrawn": 0},
    "given_for": {"research": 0, "timebank": 1, "referrals": 0, "suggestions": 1}
  })"));
  // The people list with the same search and a status holds the same people.
  HttpReply listed = http().get(coll(area, "people") + "?q=elm%20road&consent=refused");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json()["items"].size(), 1u);
  EXPECT_EQ(listed.json()["items"][0]["display_name"], "Dan Reid");
}

TEST_F(ConsentCounts, ASearchThatFindsNoOneCountsZeroes) {
  HttpReply r = counts("?q=nobody%20here");
  ASSERT_EQ(r.status, 200) << r.body;
  const json c = r.json();
  EXPECT_EQ(c["people"], 0);
  EXPECT_EQ(c["by_status"].size(), 4u);
  for (const auto& [status, n] : c["by_status"].items()) EXPECT_EQ(n, 0) << status;
  EXPECT_EQ(c["given_for"].size(), 4u);
  for (const auto& [use, n] : c["given_for"].items()) EXPECT_EQ(n, 0) << use;
}

TEST_F(ConsentCounts, AChangedDecisionMovesTheCounts) {
  std::string fay;
  for (const json& p : list_all(coll(area, "people")))
    if (p["display_name"] == "Fay Ng") fay = p["id"];
  ASSERT_FALSE(fay.empty());
  HttpReply changed = http().patch(coll(area, "people") + "/" + fay,
                                   {{"consent_status", "given"}, {"consent_scope", {"referrals"}}, {"consent_date", "2026-02-01"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  json c = counts().json();
  EXPECT_EQ(c["by_status"]["not_asked"], 0);
  EXPECT_EQ(c["by_status"]["given"], 5);
  EXPECT_EQ(c["given_for"]["referrals"], 1);
  EXPECT_EQ(c["people"], 7);
}

TEST_F(ConsentCounts, BadSearchAndUnknownAreaAreRefused) {
  HttpReply long_q = counts("?q=" + std::string(201, 'a'));
  EXPECT_EQ(long_q.status, 400);
  EXPECT_EQ(long_q.json()["error"]["field"], "q");
  EXPECT_EQ(http().get(kApi + "/areas/ar_00000000000000000000/consent").status, 404);
}

}  // namespace
}  // namespace kith::test
