// Lists: cursor pagination, the filters each entity supports, and the
// validation of every query parameter.
#include <algorithm>
#include <set>

#include "api/api_fixture.hpp"

namespace kith::test {
namespace {

class ApiLists : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area_ = create_area("Meanwood")["id"];
  }

  json get_json(const std::string& path) {
    HttpReply r = http().get(path);
    EXPECT_EQ(r.status, 200) << path << " -> " << r.body;
    return r.status == 200 ? r.json() : json::object();
  }

  void expect_bad_query(const std::string& path, const std::string& field) {
    HttpReply r = http().get(path);
    EXPECT_EQ(r.status, 400) << path << " -> " << r.body;
    EXPECT_EQ(r.error_code(), "invalid") << path;
    EXPECT_EQ(r.error_field(), field) << path << " -> " << r.body;
  }

  std::string area_;
};

TEST_F(ApiLists, PagesFollowCursorsToTheEnd) {
  std::vector<std::string> made;  // in the order they were made, which is the list's order
  for (int i = 0; i < 7; ++i) made.push_back(create_person(area_, "Person " + std::to_string(i))["id"].get<std::string>());
  std::vector<std::string> seen;
  std::vector<size_t> sizes;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    json j = get_json(coll(area_, "people") + "?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor));
    sizes.push_back(j["items"].size());
    for (auto& item : j["items"]) seen.push_back(item["id"]);
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"];
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{3, 3, 1}));
  EXPECT_EQ(seen, made);

  json all = get_json(coll(area_, "people") + "?limit=7");
  EXPECT_EQ(all["items"].size(), 7u);
  json first = get_json(coll(area_, "people"));
  EXPECT_EQ(first["items"].size(), 7u);
  EXPECT_TRUE(first["next_cursor"].is_null());
}

TEST_F(ApiLists, LimitIsValidated) {
  for (std::string bad : {"0", "501", "-1", "abc", "3x", "", "99999999999"})
    expect_bad_query(coll(area_, "people") + "?limit=" + bad, "limit");
  EXPECT_EQ(get_json(coll(area_, "people") + "?limit=500")["items"].size(), 0u);
  EXPECT_EQ(get_json(coll(area_, "people") + "?limit=1")["items"].size(), 0u);
}

TEST_F(ApiLists, UnknownOrRepeatedParametersAreRefused) {
  expect_bad_query(coll(area_, "people") + "?limt=5", "limt");
  expect_bad_query(coll(area_, "people") + "?kind=club", "kind");  // people have no kind
  expect_bad_query(coll(area_, "people") + "?at=2026-01-01", "at");  // people are not dated
  expect_bad_query(coll(area_, "people") + "?limit=5&limit=6", "limit");
  expect_bad_query(kApi + "/health?verbose=1", "verbose");
}

TEST_F(ApiLists, KindFilter) {
  std::string club = create(coll(area_, "groups"), {{"name", "Bowls"}, {"kind", "club"}})["id"];
  create(coll(area_, "groups"), {{"name", "Food bank"}, {"kind", "charity"}});
  EXPECT_EQ(ids(list_all(coll(area_, "groups") + "?kind=club")), std::vector<std::string>{club});
  EXPECT_TRUE(list_all(coll(area_, "groups") + "?kind=business").empty());
  expect_bad_query(coll(area_, "groups") + "?kind=spaceship", "kind");
}

TEST_F(ApiLists, TagAndTextFilters) {
  std::string ada = create_person(area_, "Ada Lovelace", {{"interests", {"maths", "poetry"}}})["id"];
  std::string bea = create_person(area_, "Bea", {{"interests", {"poetry"}}, {"notes", "Runs the LOVELY choir"}})["id"];
  create_person(area_, "Cy", {{"interests", {"football"}}});
  auto poetry = ids(list_all(coll(area_, "people") + "?tag=poetry"));
  std::sort(poetry.begin(), poetry.end());
  std::vector<std::string> want = {ada, bea};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(poetry, want);
  EXPECT_EQ(ids(list_all(coll(area_, "people") + "?tag=maths")), std::vector<std::string>{ada});
  auto love = ids(list_all(coll(area_, "people") + "?q=love"));
  std::sort(love.begin(), love.end());
  EXPECT_EQ(love, want);  // name and notes, any case
  EXPECT_EQ(ids(list_all(coll(area_, "people") + "?q=ADA")), std::vector<std::string>{ada});
  EXPECT_TRUE(list_all(coll(area_, "people") + "?q=zzz").empty());
  expect_bad_query(coll(area_, "people") + "?q=" + std::string(201, 'a'), "q");
}

TEST_F(ApiLists, PersonAndDateFilters) {
  std::string a = create_person(area_, "Ann")["id"], b = create_person(area_, "Bob")["id"],
              c = create_person(area_, "Cat")["id"];
  std::string ab = create_tie(area_, a, b, {{"valid_from", "2025-01-01"}, {"valid_to", "2025-12-31"}})["id"];
  std::string bc = create_tie(area_, b, c, {{"valid_from", "2026-01-01"}})["id"];
  EXPECT_EQ(ids(list_all(coll(area_, "ties") + "?person=" + a)), std::vector<std::string>{ab});
  EXPECT_EQ(ids(list_all(coll(area_, "ties") + "?person=" + c)), std::vector<std::string>{bc});
  EXPECT_EQ(list_all(coll(area_, "ties") + "?person=" + b).size(), 2u);
  EXPECT_EQ(ids(list_all(coll(area_, "ties") + "?at=2025-06-01")), std::vector<std::string>{ab});
  EXPECT_EQ(ids(list_all(coll(area_, "ties") + "?at=2026-06-01")), std::vector<std::string>{bc});
  EXPECT_TRUE(list_all(coll(area_, "ties") + "?at=2024-06-01").empty());
  EXPECT_EQ(ids(list_all(coll(area_, "ties") + "?at=2025-06-01&person=" + b)), std::vector<std::string>{ab});
  for (std::string bad : {"2026-02-30", "yesterday", "2026-6-1", ""})
    expect_bad_query(coll(area_, "ties") + "?at=" + bad, "at");
}

TEST_F(ApiLists, GroupPlaceAndConsentFilters) {
  std::string a = create_person(area_, "Ann", {{"consent_status", "given"}, {"consent_date", "2026-03-02"}})["id"];
  std::string b = create_person(area_, "Bob", {{"consent_status", "refused"}, {"consent_date", "2026-03-03"}})["id"];
  std::string c = create_person(area_, "Cat")["id"];  // not asked
  std::string choir = create(coll(area_, "groups"), {{"name", "Choir"}, {"kind", "club"}})["id"];
  std::string bank = create(coll(area_, "groups"), {{"name", "Food bank"}, {"kind", "charity"}})["id"];
  std::string hall = create(coll(area_, "places"), {{"name", "Hall"}, {"kind", "community_centre"}})["id"];
  auto join = [&](const std::string& person, const char* field, const std::string& to) {
    return create(coll(area_, "affiliations"), {{"person_id", person}, {field, to}, {"role", "member"}})["id"]
        .get<std::string>();
  };
  std::string a_choir = join(a, "group_id", choir), b_choir = join(b, "group_id", choir);
  std::string c_bank = join(c, "group_id", bank), a_hall = join(a, "place_id", hall);
  EXPECT_EQ(ids(list_all(coll(area_, "affiliations") + "?group=" + choir)), (std::vector<std::string>{a_choir, b_choir}));
  EXPECT_EQ(ids(list_all(coll(area_, "affiliations") + "?group=" + bank)), std::vector<std::string>{c_bank});
  EXPECT_EQ(ids(list_all(coll(area_, "affiliations") + "?place=" + hall)), std::vector<std::string>{a_hall});
  EXPECT_EQ(ids(list_all(coll(area_, "affiliations") + "?group=" + choir + "&person=" + b)),
            std::vector<std::string>{b_choir});
  EXPECT_TRUE(list_all(coll(area_, "affiliations") + "?group=" + hall).empty());  // a place's id is no group's
  EXPECT_EQ(ids(list_all(coll(area_, "people") + "?consent=given")), std::vector<std::string>{a});
  EXPECT_EQ(ids(list_all(coll(area_, "people") + "?consent=refused")), std::vector<std::string>{b});
  EXPECT_EQ(ids(list_all(coll(area_, "people") + "?consent=not_asked")), std::vector<std::string>{c});
  EXPECT_TRUE(list_all(coll(area_, "people") + "?consent=withdrawn").empty());
  expect_bad_query(coll(area_, "people") + "?consent=maybe", "consent");
  expect_bad_query(coll(area_, "people") + "?group=" + choir, "group");
  expect_bad_query(coll(area_, "ties") + "?place=" + hall, "place");
  expect_bad_query(coll(area_, "groups") + "?consent=given", "consent");
  expect_bad_query(coll(area_, "groups") + "?consent=", "consent");  // empty is not "no filter"
  expect_bad_query(coll(area_, "affiliations") + "?group=", "group");
}

// ?ids= (the map's drill-down asks for the names of one community's people):
// only those records, live and of this area, in register order, paged as any list.
TEST_F(ApiLists, IdsListOnlyThoseLiveRecordsOfTheArea) {
  std::vector<std::string> p;
  for (int i = 0; i < 5; ++i) p.push_back(create_person(area_, "Person " + std::to_string(i))["id"]);
  std::string other = create_person(create_area("Otley")["id"], "Elsewhere")["id"];
  ASSERT_EQ(http().del(coll(area_, "people") + "/" + p[4]).status, 204);
  std::string asked = p[3] + "," + p[0] + "," + p[4] + "," + other + "," + p[0];
  EXPECT_EQ(ids(get_json(coll(area_, "people") + "?ids=" + asked)["items"]), (std::vector<std::string>{p[0], p[3]}));
  json first = get_json(coll(area_, "people") + "?limit=1&ids=" + asked);
  EXPECT_EQ(ids(first["items"]), std::vector<std::string>{p[0]});
  ASSERT_FALSE(first["next_cursor"].is_null());
  json second = get_json(coll(area_, "people") + "?limit=1&ids=" + asked + "&cursor=" + first["next_cursor"].get<std::string>());
  EXPECT_EQ(ids(second["items"]), std::vector<std::string>{p[3]});
  EXPECT_TRUE(second["next_cursor"].is_null());
  // With another filter, both apply.
  EXPECT_EQ(ids(get_json(coll(area_, "people") + "?q=person%203&ids=" + asked)["items"]), std::vector<std::string>{p[3]});
}

TEST_F(ApiLists, IdsAreValidated) {
  std::string one = create_person(area_, "One")["id"];
  expect_bad_query(coll(area_, "people") + "?ids=", "ids");
  expect_bad_query(coll(area_, "people") + "?ids=" + one + ",", "ids");
  expect_bad_query(coll(area_, "people") + "?ids=" + one + ",,", "ids");
  expect_bad_query(coll(area_, "people") + "?ids=nobody", "ids");
  expect_bad_query(coll(area_, "people") + "?ids=gr_" + one.substr(3), "ids");  // a group's shape, not a person's
  std::string many = one;
  for (int i = 0; i < 200; ++i) many += "," + one;  // 201
  expect_bad_query(coll(area_, "people") + "?ids=" + many, "ids");
  expect_bad_query(kApi + "/areas?ids=" + area_, "ids");
  std::string two_hundred = one;
  for (int i = 1; i < 200; ++i) two_hundred += "," + one;
  EXPECT_EQ(ids(get_json(coll(area_, "people") + "?ids=" + two_hundred)["items"]), std::vector<std::string>{one});
}

TEST_F(ApiLists, ListsStayInsideTheirArea) {
  std::string other = create_area("Otley")["id"];
  std::string here = create_person(area_, "Here")["id"];
  std::string there = create_person(other, "There")["id"];
  EXPECT_EQ(ids(list_all(coll(area_, "people"))), std::vector<std::string>{here});
  EXPECT_EQ(ids(list_all(coll(other, "people"))), std::vector<std::string>{there});
}

}  // namespace
}  // namespace kith::test
