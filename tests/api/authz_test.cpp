// The authorisation matrix (issue 9): every route, called as every role in
// its own area and in another, with no credentials, and as an all-areas
// admin, gives the outcome written by hand in tests/api/authz_matrix.txt.
// Then what the matrix cannot show: lists hold only the caller's areas, and a
// commissioner's figures name nobody.
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "api/api_fixture.hpp"

namespace kith::test {
namespace {

const std::vector<std::string> kRoleOrder = {"admin",       "researcher",   "link_worker", "broker",
                                             "coordinator", "commissioner", "member"};

struct MatrixRow {
  std::string method, path;
  std::string anon;
  std::vector<std::string> own, other;  // by kRoleOrder
  std::string all_areas;
  int line = 0;
};

std::vector<MatrixRow> read_matrix() {
  std::ifstream in(std::string(KITH_SOURCE_DIR) + "/tests/api/authz_matrix.txt");
  if (!in) throw std::runtime_error("cannot read tests/api/authz_matrix.txt");
  std::vector<MatrixRow> rows;
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    if (text.empty() || text[0] == '#') continue;
    std::istringstream words(text);
    MatrixRow r;
    r.line = line;
    std::vector<std::string> w;
    for (std::string s; words >> s;)
      if (s != "|") w.push_back(s);
    if (w.size() != 2 + 1 + 7 + 7 + 1) throw std::runtime_error("authz_matrix.txt line " + std::to_string(line) + ": " + std::to_string(w.size()) + " columns");
    r.method = w[0];
    r.path = w[1];
    r.anon = w[2];
    r.own.assign(w.begin() + 3, w.begin() + 10);
    r.other.assign(w.begin() + 10, w.begin() + 17);
    r.all_areas = w[17];
    rows.push_back(std::move(r));
  }
  return rows;
}

// What the gate did with a request: the three refusals it makes, told apart
// from a handler's own answers by status and message, else "ok".
std::string outcome(const HttpReply& r) {
  if (r.status == 401) return "401";
  if (r.status == 403 && r.error_message().rfind("Your roles do not allow this", 0) == 0) return "403";
  if (r.status == 404 && r.error_message() == "No such record in an area you hold a role in") return "404";
  return "ok";
}

struct AreaRecords {
  std::string area, person, group, place, tie, affiliation;
};

class AuthzMatrix : public ApiTest {
 protected:
  AreaRecords make_area(const std::string& name) {
    AreaRecords a;
    a.area = create_area(name)["id"];
    a.person = create_person(a.area, name + " One")["id"];
    std::string two = create_person(a.area, name + " Two")["id"];
    a.tie = create_tie(a.area, a.person, two)["id"];
    a.group = create(coll(a.area, "groups"), {{"name", name + " Choir"}, {"kind", "club"}})["id"];
    a.place = create(coll(a.area, "places"), {{"name", name + " Library"}, {"kind", "library"}})["id"];
    a.affiliation = create(coll(a.area, "affiliations"), {{"person_id", a.person}, {"group_id", a.group}, {"role", "member"}})["id"];
    return a;
  }

  // The path with its {area} and {id} filled from one area's records.
  static std::string concrete(const std::string& pattern, const AreaRecords& a) {
    std::string p = pattern;
    auto fill = [&p](const std::string& name, const std::string& value) {
      auto at = p.find("{" + name + "}");
      if (at != std::string::npos) p.replace(at, name.size() + 2, value);
    };
    std::string id = a.area;
    for (const auto& [plural, record] : std::vector<std::pair<std::string, std::string>>{
             {"/people/", a.person}, {"/groups/", a.group}, {"/places/", a.place}, {"/ties/", a.tie},
             {"/affiliations/", a.affiliation}})
      if (pattern.find(plural + "{id}") != std::string::npos) id = record;
    fill("area", a.area);
    fill("wave", "wv_aaaaaaaaaaaaaaaaaaaa");  // a well-formed id of no wave: the handler's own 404 is past the gate
    fill("id", id);
    return p;
  }

  static HttpReply call(HttpClient& c, const std::string& method, const std::string& path) {
    std::string body = method == "POST" || method == "PATCH" || method == "PUT" ? "{}" : "";
    return c.send(method, path, body, body.empty() ? "" : "application/json");
  }
};

TEST_F(AuthzMatrix, EveryRouteAsEveryRoleGivesTheOutcomeInTheTable) {
  const std::vector<MatrixRow> rows = read_matrix();
  ASSERT_FALSE(rows.empty());

  // Every operation the server documents is in the table, and only those.
  HttpReply doc = http().get(kApi + "/openapi.json");
  ASSERT_EQ(doc.status, 200);
  const json paths = doc.json()["paths"];
  std::set<std::pair<std::string, std::string>> served, listed;
  for (const auto& [path, item] : paths.items())
    for (const auto& [method, op] : item.items()) {
      std::string m = method;
      for (char& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      served.emplace(m, path);
    }
  for (const auto& r : rows) EXPECT_TRUE(listed.emplace(r.method, r.path).second) << "listed twice: " << r.path;
  for (const auto& op : served) EXPECT_TRUE(listed.count(op)) << "not in authz_matrix.txt: " << op.first << " " << op.second;
  for (const auto& op : listed) EXPECT_TRUE(served.count(op)) << "the server has no " << op.first << " " << op.second;

  const AreaRecords a = make_area("Alwoodley"), b = make_area("Bramley");
  std::map<std::string, std::string> tokens;
  for (const auto& role : kRoleOrder) tokens[role] = add_user_with_token(db_.url, "in_a_" + role, role, a.area);

  for (const auto& r : rows) {
    SCOPED_TRACE("authz_matrix.txt line " + std::to_string(r.line) + ": " + r.method + " " + r.path);
    HttpClient anon = server().client();
    anon.anonymous();
    HttpReply got = call(anon, r.method, concrete(r.path, a));
    EXPECT_EQ(outcome(got), r.anon) << "anonymous -> " << got.status << " " << got.body;
    for (size_t i = 0; i < kRoleOrder.size(); ++i) {
      HttpClient c = server().client();
      c.use_token(tokens[kRoleOrder[i]]);
      HttpReply own = call(c, r.method, concrete(r.path, a));
      EXPECT_EQ(outcome(own), r.own[i]) << kRoleOrder[i] << " in its own area -> " << own.status << " " << own.body;
      HttpReply other = call(c, r.method, concrete(r.path, b));
      EXPECT_EQ(outcome(other), r.other[i]) << kRoleOrder[i] << " in another area -> " << other.status << " "
                                            << other.body;
    }
    HttpReply admin = call(http(), r.method, concrete(r.path, b));
    EXPECT_EQ(outcome(admin), r.all_areas) << "all-areas admin -> " << admin.status << " " << admin.body;
  }
}

TEST_F(AuthzMatrix, ListsHoldOnlyTheAreasOfTheCallersGrants) {
  std::string a = create_area("Adel")["id"], b = create_area("Burley")["id"];
  create_area("Cookridge");
  HttpClient researcher = server().client();
  researcher.use_token(add_user_with_token(db_.url, "res", "researcher", a));
  HttpReply mine = researcher.get(kApi + "/areas");
  ASSERT_EQ(mine.status, 200) << mine.body;
  const json items = mine.json()["items"];
  ASSERT_EQ(items.size(), 1u) << mine.body;
  EXPECT_EQ(items[0]["id"], a);
  EXPECT_EQ(researcher.get(kApi + "/areas/" + b).status, 404);
  EXPECT_EQ(list_all(kApi + "/areas").size(), 3u);  // the all-areas admin sees every one
}

TEST_F(AuthzMatrix, ACommissionersSummaryNamesNobody) {
  std::string area = create_area("Chapeltown")["id"];
  std::vector<std::string> people;
  for (int i = 0; i < 12; ++i) people.push_back(create_person(area, "P" + std::to_string(i))["id"]);
  // Two clusters joined through one broker, people[0].
  for (int i = 1; i < 12; ++i) create_tie(area, people[0], people[i]);
  HttpReply full = http().get(coll(area, "network/summary"));
  ASSERT_EQ(full.status, 200) << full.body;
  ASSERT_FALSE(full.json()["top_brokers"].empty()) << "the admin's view names brokers, so the check below can fail";

  HttpClient commissioner = server().client();
  commissioner.use_token(add_user_with_token(db_.url, "comm", "commissioner", area));
  HttpReply theirs = commissioner.get(coll(area, "network/summary"));
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_TRUE(theirs.json()["top_brokers"].empty()) << theirs.body;
  for (const auto& id : people) EXPECT_EQ(theirs.body.find(id), std::string::npos) << id << " in " << theirs.body;
  EXPECT_EQ(theirs.json()["graph"]["people"], 12);
}

}  // namespace
}  // namespace kith::test
