// Hostile text is data: SQL and script injection strings stored through the
// API in every free-text field come back byte for byte, change nothing else,
// and are served only as JSON that a browser will not run (issue 9,
// hardening). Both engines run this suite.
#include <string>
#include <vector>

#include "api/api_fixture.hpp"

namespace kith::test {
namespace {

// Written out by hand (not read from kith's schema): each record kind's
// free-text fields, with what else a valid record needs.
struct TextFields {
  std::string plural;
  std::vector<std::string> fields;
};

const std::vector<std::string>& hostile_strings() {
  static const std::vector<std::string> all = {
      "Robert'); DROP TABLE people;--",
      "' OR '1'='1",
      "\"; DELETE FROM audit_log; --",
      "1; UPDATE areas SET name = 'owned' WHERE 1=1",
      "x' UNION SELECT public_id, display_name FROM people --",
      "$1 $2 ? ?? :name @p0 %s %n",
      "<script>alert('kith')</script>",
      "\"><img src=x onerror=alert(1)>",
      "javascript:alert(document.cookie)",
      "</script><svg onload=alert(1)>",
      "{{constructor.constructor('alert(1)')()}}",
      "back\\slash \\u0000 is six characters, not a NUL",
      "Zoë O'Brien-Łucja — «quotes» “curly” 😀",
  };
  return all;
}

class Injection : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area_ = create_area("Injection test")["id"];
    a_ = create_person(area_, "Anchor A")["id"];
    b_ = create_person(area_, "Anchor B")["id"];
    g_ = create(coll(area_, "groups"), {{"name", "Anchor group"}, {"kind", "club"}})["id"];
  }

  json base(const std::string& plural) const {
    if (plural == "people") return {{"display_name", "Someone"}};
    if (plural == "groups") return {{"name", "A group"}, {"kind", "club"}};
    if (plural == "places") return {{"name", "A place"}, {"kind", "library"}};
    if (plural == "ties")
      return {{"source_id", a_}, {"target_id", b_}, {"kind", "friend"}, {"closeness", 3}, {"frequency", "weekly"}};
    return {{"person_id", a_}, {"group_id", g_}, {"role", "member"}};  // affiliations
  }

  // The record at its URL, as JSON.
  json read_back(const std::string& plural, const std::string& id) {
    HttpReply r = http().get(coll(area_, plural) + "/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("Content-Type").rfind("application/json", 0), 0u) << r.header("Content-Type");
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
    return r.status == 200 ? r.json() : json::object();
  }

  std::string area_, a_, b_, g_;
};

TEST_F(Injection, HostileTextInEveryFreeTextFieldComesBackByteForByte) {
  const std::vector<TextFields> kinds = {
      {"people", {"display_name", "household", "notes"}},
      {"groups", {"name", "description", "contact", "address"}},
      {"places", {"name", "description", "address", "opening_times"}},
      {"ties", {"notes"}},
      {"affiliations", {"notes"}},
  };
  int stored = 0;
  for (const auto& k : kinds) {
    for (const auto& field : k.fields) {
      for (const auto& text : hostile_strings()) {
        SCOPED_TRACE(k.plural + "." + field + " = " + text);
        json body = base(k.plural);
        body[field] = text;
        if (k.plural == "ties") {
          // One tie per pair and kind would be refused by nothing, but keep them apart anyway.
          body["kind"] = stored % 2 ? "friend" : "neighbour";
        }
        json made = create(coll(area_, k.plural), body);
        ASSERT_TRUE(made.contains("id")) << made.dump();
        EXPECT_EQ(made[field], text);
        json again = read_back(k.plural, made["id"]);
        EXPECT_EQ(again[field].get<std::string>(), text);
        ++stored;
      }
    }
  }
  // Nothing ran: every table is still there with what was written, the area
  // kept its name, and the audit log still holds the writes.
  EXPECT_EQ(list_all(coll(area_, "people")).size(), 2u + 3 * hostile_strings().size());
  EXPECT_EQ(list_all(coll(area_, "groups")).size(), 1u + 4 * hostile_strings().size());
  EXPECT_EQ(list_all(coll(area_, "places")).size(), 4 * hostile_strings().size());
  EXPECT_EQ(list_all(coll(area_, "ties")).size(), hostile_strings().size());
  EXPECT_EQ(list_all(coll(area_, "affiliations")).size(), hostile_strings().size());
  EXPECT_EQ(http().get(area_path(area_)).json()["name"], "Injection test");
  EXPECT_GT(stored, 0);
}

// Search, filters and updates carry the same strings as values, never as SQL.
TEST_F(Injection, HostileTextInSearchAndUpdatesIsOnlyAValue) {
  for (const auto& text : hostile_strings()) {
    SCOPED_TRACE(text);
    json p = create_person(area_, text);
    HttpReply patched =
        http().patch(coll(area_, "people") + "/" + p["id"].get<std::string>(), {{"notes", text}, {"revision", p["revision"]}});
    EXPECT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.json()["notes"], text);
  }
  // A query that would match everything if it were SQL matches nothing.
  HttpReply q = http().get(coll(area_, "people") + "?q=%27%20OR%20%271%27%3D%271");
  ASSERT_EQ(q.status, 200) << q.body;
  const json found = q.json();  // named: a range-for over a temporary's member would dangle
  EXPECT_EQ(found["items"].size(), 1u) << q.body;  // the one person named so
  for (const auto& item : found["items"])
    EXPECT_NE(item["display_name"].get<std::string>().find("' OR '1'='1"), std::string::npos) << item.dump();
  HttpReply kind = http().get(coll(area_, "groups") + "?kind=club%27%20OR%201%3D1--");
  EXPECT_EQ(kind.status, 400) << kind.body;  // not one of the kinds: refused, not run
  EXPECT_EQ(list_all(coll(area_, "people")).size(), 2u + hostile_strings().size());
}

}  // namespace
}  // namespace kith::test
