// Table-driven checks of domain/validate: every bad input names the exact
// field at fault, and good inputs come back normalised.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "kith/exchange/seeded_id.hpp"
#include "kith/model/validate.hpp"
#include "kith/model/schema.hpp"

namespace {

using namespace kith;
using exchange::seeded_id;
using json = nlohmann::json;
using model::validate_create;
using model::validate_patch;


const std::string P1 = seeded_id("pe", 7, 1);
const std::string P2 = seeded_id("pe", 7, 2);
const std::string G1 = seeded_id("gr", 7, 3);
const std::string L1 = seeded_id("pl", 7, 4);

json person() { return {{"display_name", "Ada"}}; }
json area() { return {{"name", "Hyde Park"}}; }
json group() { return {{"name", "Knit club"}, {"kind", "club"}}; }
json tie() {
  return {{"source_id", P1}, {"target_id", P2}, {"kind", "friend"}, {"closeness", 3}, {"frequency", "weekly"}};
}
json affiliation() { return {{"person_id", P1}, {"group_id", G1}, {"role", "member"}}; }

// `base` with keys set (a null value sets null; it does not remove).
json with(json base, const json& changes) {
  for (const auto& [k, v] : changes.items()) base[k] = v;
  return base;
}
json without(json base, const std::string& key) {
  base.erase(key);
  return base;
}

struct Bad {
  const model::Entity* entity;
  json body;
  std::string field;
  std::string message_part;  // empty: only the field is checked
};

void expect_refused(const std::vector<Bad>& cases) {
  int i = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE("case " + std::to_string(i++) + " (" + std::string(c.entity->name) + "): " +
                 c.body.dump(-1, ' ', true, json::error_handler_t::replace));
    auto r = validate_create(*c.entity, c.body);
    ASSERT_FALSE(r.ok()) << "accepted: " << r->dump(-1, ' ', true, json::error_handler_t::replace);
    EXPECT_EQ(r.error().code, Errc::invalid);
    EXPECT_EQ(r.error().field, c.field) << r.error().message;
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos)
        << "expected '" << c.message_part << "' in: " << r.error().message;
  }
}

TEST(Validate, RefusesBodiesThatAreNotObjects) {
  expect_refused({
      {&model::people(), json::array(), "", "JSON object"},
      {&model::people(), json("Ada"), "", "JSON object"},
      {&model::people(), json(nullptr), "", "JSON object"},
      {&model::ties(), json(42), "", "JSON object"},
  });
}

TEST(Validate, RefusesUnknownAndServerFieldsOnCreate) {
  expect_refused({
      {&model::people(), with(person(), {{"nickname", "A"}}), "nickname", "Unknown field 'nickname'"},
      {&model::people(), with(person(), {{"area_id", seeded_id("ar", 1, 1)}}), "area_id", "server"},
      {&model::people(), with(person(), {{"id", P1}}), "id", "server"},
      {&model::ties(), with(tie(), {{"revision", 1}}), "revision", "server"},
      {&model::areas(), with(area(), {{"register_revision", 0}}), "register_revision", "server"},
  });
}

TEST(Validate, ChecksRequiredFieldsAndText) {
  std::string e100;
  for (int i = 0; i < 101; ++i) e100 += "\xC3\xA9";  // 101 x "é" = 202 bytes
  expect_refused({
      {&model::people(), json::object(), "display_name", "required"},
      {&model::people(), {{"display_name", nullptr}}, "display_name", "required"},
      {&model::people(), {{"display_name", "   "}}, "display_name", "blank"},
      {&model::people(), {{"display_name", 42}}, "display_name", "as text"},
      {&model::people(), {{"display_name", std::string(201, 'a')}}, "display_name", "200 bytes"},
      {&model::people(), {{"display_name", e100}}, "display_name", "200 bytes"},
      {&model::people(), {{"display_name", "bad \xC3\x28 byte"}}, "display_name", "UTF-8"},
      {&model::people(), {{"display_name", "overlong \xC0\xAF"}}, "display_name", "UTF-8"},
      {&model::people(), {{"display_name", "surrogate \xED\xA0\x80"}}, "display_name", "UTF-8"},
      {&model::people(), {{"display_name", "cut \xE2\x82"}}, "display_name", "UTF-8"},
      {&model::people(), {{"display_name", "two\nlines"}}, "display_name", "control characters"},
      {&model::people(), {{"display_name", "bell\x07"}}, "display_name", "control characters"},
      {&model::people(), {{"display_name", "c1 \xC2\x85 control"}}, "display_name", "control characters"},
      {&model::people(), with(person(), {{"notes", "null\x01 in notes"}}), "notes", "line breaks and tabs are fine"},
      {&model::places(), {{"kind", "library"}}, "name", "required"},
  });
}

TEST(Validate, ChecksIntegersStrictly) {
  const std::string msg = "Enter closeness as a whole number from 1 to 5";
  expect_refused({
      {&model::ties(), with(tie(), {{"closeness", 2.5}}), "closeness", msg},
      {&model::ties(), with(tie(), {{"closeness", "3"}}), "closeness", msg},
      {&model::ties(), with(tie(), {{"closeness", true}}), "closeness", msg},
      {&model::ties(), with(tie(), {{"closeness", 0}}), "closeness", msg},
      {&model::ties(), with(tie(), {{"closeness", 6}}), "closeness", msg},
      {&model::ties(), with(tie(), {{"closeness", -1}}), "closeness", msg},
      {&model::ties(), with(tie(), {{"closeness", 18446744073709551615ull}}), "closeness", msg},
      {&model::ties(), without(tie(), "closeness"), "closeness", "required"},
  });
}

TEST(Validate, ChecksRealsAndBooleans) {
  expect_refused({
      {&model::groups(), with(group(), {{"lat", 91}}), "lat", "Enter lat as a number from -90 to 90"},
      {&model::groups(), with(group(), {{"lon", -180.5}}), "lon", "from -180 to 180"},
      {&model::groups(), with(group(), {{"lat", "53.8"}}), "lat", ""},
      {&model::groups(), with(group(), {{"lat", std::nan("")}}), "lat", ""},
      {&model::groups(), with(group(), {{"lon", INFINITY}}), "lon", ""},
      {&model::groups(), with(group(), {{"lat", true}}), "lat", ""},
      {&model::people(), with(person(), {{"is_pseudonym", "yes"}}), "is_pseudonym", "true or false"},
      {&model::people(), with(person(), {{"is_pseudonym", 1}}), "is_pseudonym", "true or false"},
  });
}

TEST(Validate, ChecksEnumerationsAndListsChoices) {
  expect_refused({
      {&model::ties(), with(tie(), {{"kind", "enemy"}}), "kind", "Choose kind from: family, friend, neighbour"},
      {&model::ties(), with(tie(), {{"kind", 3}}), "kind", "family"},
      {&model::groups(), with(group(), {{"kind", "Club"}}), "kind", "club, faith_group"},
      {&model::ties(), with(tie(), {{"frequency", ""}}), "frequency", "daily, weekly, monthly, less_often"},
      {&model::people(), with(person(), {{"birth_band", "1925"}}), "birth_band", "before_1930"},
  });
}

TEST(Validate, ChecksDatesStrictly) {
  expect_refused({
      {&model::ties(), with(tie(), {{"valid_from", "2025-02-30"}}), "valid_from", "YYYY-MM-DD"},
      {&model::ties(), with(tie(), {{"valid_from", "2025-2-3"}}), "valid_from", "YYYY-MM-DD"},
      {&model::ties(), with(tie(), {{"valid_to", "25-02-03"}}), "valid_to", "YYYY-MM-DD"},
      {&model::ties(), with(tie(), {{"valid_to", 20250203}}), "valid_to", "YYYY-MM-DD"},
      {&model::ties(), with(tie(), {{"valid_from", "2025-02-03T00:00:00Z"}}), "valid_from", "YYYY-MM-DD"},
      {&model::people(), with(person(), {{"consent_status", "given"}, {"consent_date", "2025-13-01"}}), "consent_date",
       "YYYY-MM-DD"},
  });
}

TEST(Validate, ChecksTags) {
  json many = json::array();
  for (int i = 0; i < 51; ++i) many.push_back("t" + std::to_string(i));
  expect_refused({
      {&model::people(), with(person(), {{"interests", "knitting"}}), "interests", "list"},
      {&model::people(), with(person(), {{"interests", {1}}}), "interests", "must be text"},
      {&model::people(), with(person(), {{"interests", {"chess", "chess"}}}), "interests", "more than once"},
      {&model::people(), with(person(), {{"interests", {" chess", "chess "}}}), "interests", "more than once"},
      {&model::people(), with(person(), {{"languages", {""}}}), "languages", "1 to 64 bytes"},
      {&model::people(), with(person(), {{"languages", {"   "}}}), "languages", "1 to 64 bytes"},
      {&model::people(), with(person(), {{"interests", {std::string(65, 'x')}}}), "interests", "1 to 64 bytes"},
      {&model::people(), with(person(), {{"interests", many}}), "interests", "at most 50"},
      {&model::people(), with(person(), {{"interests", {"a\tb"}}}), "interests", "control characters"},
      {&model::people(), with(person(), {{"interests", {"bad \xFF"}}}), "interests", "UTF-8"},
      {&model::people(),
       with(person(), {{"consent_status", "given"}, {"consent_date", "2025-01-02"}, {"consent_scope", {"marketing"}}}),
       "consent_scope", "research, timebank, referrals"},
      {&model::groups(), with(group(), {{"tags", {{"a", 1}}}}), "tags", ""},
  });
}

TEST(Validate, ChecksBoundingBoxes) {
  expect_refused({
      {&model::areas(), with(area(), {{"bbox", {1, 2, 3}}}), "bbox", "[west, south, east, north]"},
      {&model::areas(), with(area(), {{"bbox", {-1.6, 53.8, -1.5, 53.7}}}), "bbox", "south must be less than north"},
      {&model::areas(), with(area(), {{"bbox", {-1.5, 53.7, -1.6, 53.8}}}), "bbox", "west must be less than east"},
      {&model::areas(), with(area(), {{"bbox", {-181, 0, 1, 1}}}), "bbox", "-180 to 180"},
      {&model::areas(), with(area(), {{"bbox", {0, -91, 1, 1}}}), "bbox", "-90 to 90"},
      {&model::areas(), with(area(), {{"bbox", {"a", 0, 1, 1}}}), "bbox", ""},
      {&model::areas(), with(area(), {{"bbox", {0, 0, 1, std::nan("")}}}), "bbox", ""},
      {&model::areas(), with(area(), {{"bbox", {{"west", 0}}}}), "bbox", ""},
  });
}

TEST(Validate, ChecksReferenceShapes) {
  expect_refused({
      {&model::ties(), with(tie(), {{"source_id", "pe_short"}}), "source_id", "id of a person"},
      {&model::ties(), with(tie(), {{"source_id", G1}}), "source_id", "pe_"},
      {&model::ties(), with(tie(), {{"target_id", 7}}), "target_id", "id of a person"},
      {&model::affiliations(), with(affiliation(), {{"group_id", P1}}), "group_id", "id of a group"},
      {&model::affiliations(), without(affiliation(), "person_id"), "person_id", "required"},
  });
}

TEST(Validate, ChecksSingleRecordRules) {
  expect_refused({
      {&model::ties(), with(tie(), {{"target_id", P1}}), "target_id", "A tie must join two different people"},
      {&model::ties(), with(tie(), {{"valid_from", "2025-05-02"}, {"valid_to", "2025-05-01"}}), "valid_to",
       "on or after valid_from"},
      {&model::affiliations(), with(affiliation(), {{"place_id", L1}}), "group_id", "not both"},
      {&model::affiliations(), without(affiliation(), "group_id"), "group_id", "group_id or place_id"},
      {&model::affiliations(), with(affiliation(), {{"valid_from", "2025-05-02"}, {"valid_to", "2024-05-01"}}),
       "valid_to", ""},
      {&model::people(), with(person(), {{"postcode_district", "LS 6"}}), "postcode_district", "such as LS6"},
      {&model::people(), with(person(), {{"postcode_district", "123"}}), "postcode_district", ""},
      {&model::people(), with(person(), {{"postcode_district", "ABC1"}}), "postcode_district", ""},
      {&model::people(), with(person(), {{"postcode_district", "LS6 3AB"}}), "postcode_district", ""},
      {&model::people(), with(person(), {{"postcode_district", "L"}}), "postcode_district", ""},
      {&model::people(), with(person(), {{"consent_status", "given"}}), "consent_date", "given"},
      {&model::people(), with(person(), {{"consent_status", "withdrawn"}}), "consent_date", "withdrawn"},
      {&model::people(), with(person(), {{"consent_status", "refused"}, {"consent_date", nullptr}}), "consent_date", ""},
      {&model::people(), with(person(), {{"consent_scope", {"research"}}}), "consent_scope",
       "empty unless consent_status is given"},
      {&model::people(),
       with(person(), {{"consent_status", "refused"}, {"consent_date", "2025-01-02"}, {"consent_scope", {"research"}}}),
       "consent_scope", ""},
  });
}

TEST(Validate, ChecksExternalIds) {
  expect_refused({
      {&model::people(), with(person(), {{"external_id", ""}}), "external_id", "1 to 200 bytes"},
      {&model::people(), with(person(), {{"external_id", "  "}}), "external_id", "1 to 200 bytes"},
      {&model::people(), with(person(), {{"external_id", std::string(201, 'x')}}), "external_id", "1 to 200 bytes"},
      {&model::people(), with(person(), {{"external_id", 5}}), "external_id", "1 to 200 bytes"},
      {&model::people(), with(person(), {{"external_id", "a\nb"}}), "external_id", "control characters"},
  });
}

TEST(Validate, FillsDefaultsAndNullsOnCreate) {
  auto r = validate_create(model::people(), person());
  ASSERT_TRUE(r.ok()) << r.error().message;
  const json& p = *r;
  EXPECT_EQ(p["display_name"], "Ada");
  EXPECT_EQ(p["is_pseudonym"], false);
  EXPECT_EQ(p["interests"], json::array());
  EXPECT_EQ(p["consent_scope"], json::array());
  EXPECT_EQ(p["consent_status"], "not_asked");
  EXPECT_TRUE(p["birth_band"].is_null());
  EXPECT_TRUE(p["notes"].is_null());
  EXPECT_TRUE(p["external_id"].is_null());
  EXPECT_EQ(p.size(), model::people().fields.size() + 1);  // every field plus external_id, nothing more

  auto t = validate_create(model::ties(), tie());
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ((*t)["named_by"], "source");
  EXPECT_EQ((*t)["evidence"], "manual_entry");
  EXPECT_TRUE((*t)["valid_from"].is_null());
}

TEST(Validate, NormalisesGoodInput) {
  std::string e100;
  for (int i = 0; i < 100; ++i) e100 += "\xC3\xA9";  // exactly 200 bytes
  auto r = validate_create(model::people(), {{"display_name", "  Zoë  "},
                                          {"postcode_district", " ls6 "},
                                          {"notes", "line one\r\nline\ttwo\n"},
                                          {"household", ""},
                                          {"interests", {" chess ", "gardening"}},
                                          {"consent_status", "given"},
                                          {"consent_date", "2024-02-29"},
                                          {"consent_scope", {"research", "timebank"}},
                                          {"external_id", " row-17 "}});
  ASSERT_TRUE(r.ok()) << r.error().field << ": " << r.error().message;
  EXPECT_EQ((*r)["display_name"], "Zoë");
  EXPECT_EQ((*r)["postcode_district"], "LS6");
  EXPECT_EQ((*r)["notes"], "line one\nline\ttwo");
  EXPECT_TRUE((*r)["household"].is_null());
  EXPECT_EQ((*r)["interests"], json({"chess", "gardening"}));
  EXPECT_EQ((*r)["consent_date"], "2024-02-29");
  EXPECT_EQ((*r)["external_id"], "row-17");

  EXPECT_TRUE(validate_create(model::people(), {{"display_name", e100}}).ok());
  EXPECT_TRUE(validate_create(model::people(), with(person(), {{"postcode_district", "cf10"}})).ok());
  EXPECT_TRUE(validate_create(model::people(), with(person(), {{"postcode_district", "W1A"}})).ok());

  auto t = validate_create(model::ties(), with(tie(), {{"closeness", 5.0}, {"valid_from", "2025-05-01"},
                                                     {"valid_to", "2025-05-01"}}));
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_TRUE((*t)["closeness"].is_number_integer());
  EXPECT_EQ((*t)["closeness"], 5);

  auto a = validate_create(model::areas(), with(area(), {{"bbox", {-2, 53, -1.5, 54}}}));
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ((*a)["bbox"], json({-2.0, 53.0, -1.5, 54.0}));

  auto af = validate_create(model::affiliations(), {{"person_id", P1}, {"place_id", L1}, {"role", "visitor"}});
  ASSERT_TRUE(af.ok()) << af.error().message;
  EXPECT_TRUE((*af)["group_id"].is_null());
}

// A record as the store returns it.
json stored(const model::Entity& e, const json& body) {
  auto r = validate_create(e, body);
  EXPECT_TRUE(r.ok());
  json rec = *r;
  rec["id"] = seeded_id(e.id_prefix, 9, 9);
  if (e.area_scoped) rec["area_id"] = seeded_id("ar", 9, 9);
  rec["revision"] = 3;
  rec["created_at"] = "2025-01-01T10:00:00Z";
  rec["updated_at"] = "2025-01-02T10:00:00Z";
  if (!e.area_scoped) rec["register_revision"] = 12;
  return rec;
}

struct BadPatch {
  const model::Entity* entity;
  json current;
  json patch;
  std::string field;
  std::string message_part;
};

TEST(ValidatePatch, RefusesBadPatchesNamingTheField) {
  json p = stored(model::people(), person());
  json t = stored(model::ties(), with(tie(), {{"valid_from", "2025-03-01"}}));
  json a = stored(model::areas(), area());
  std::vector<BadPatch> cases = {
      {&model::people(), p, json::array(), "", "JSON object"},
      {&model::people(), p, {{"nickname", "x"}}, "nickname", "Unknown field 'nickname'"},
      {&model::people(), p, {{"id", P1}}, "id", "cannot be changed"},
      {&model::people(), p, {{"area_id", seeded_id("ar", 1, 2)}}, "area_id", "cannot be changed"},
      {&model::people(), p, {{"created_at", "2020-01-01T00:00:00Z"}}, "created_at", "cannot be changed"},
      {&model::people(), p, {{"register_revision", 12}}, "register_revision", "Unknown field"},
      {&model::areas(), a, {{"register_revision", 13}}, "register_revision", "cannot be changed"},
      {&model::areas(), a, {{"area_id", seeded_id("ar", 1, 2)}}, "area_id", "Unknown field"},
      {&model::people(), p, {{"revision", "3"}}, "revision", "whole number"},
      {&model::people(), p, {{"revision", 0}}, "revision", "whole number"},
      {&model::people(), p, {{"revision", 2.5}}, "revision", "whole number"},
      {&model::people(), p, {{"revision", true}}, "revision", "whole number"},
      {&model::people(), p, {{"display_name", nullptr}}, "display_name", "required"},
      {&model::people(), p, {{"display_name", ""}}, "display_name", "blank"},
      {&model::people(), p, {{"consent_status", "given"}}, "consent_date", ""},
      {&model::ties(), t, {{"source_id", seeded_id("pe", 5, 5)}}, "source_id", "cannot be changed"},
      {&model::ties(), t, {{"target_id", nullptr}}, "target_id", "cannot be changed"},
      {&model::ties(), t, {{"valid_to", "2025-02-28"}}, "valid_to", "on or after valid_from"},
      {&model::ties(), t, {{"closeness", 9}}, "closeness", "Enter closeness as a whole number from 1 to 5"},
  };
  int i = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE("patch case " + std::to_string(i++) + ": " + c.patch.dump());
    auto r = validate_patch(*c.entity, c.current, c.patch);
    ASSERT_FALSE(r.ok()) << "accepted: " << r->dump();
    EXPECT_EQ(r.error().code, Errc::invalid);
    EXPECT_EQ(r.error().field, c.field) << r.error().message;
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos)
        << "expected '" << c.message_part << "' in: " << r.error().message;
  }
}

TEST(ValidatePatch, MergesAndKeepsTheRevisionForTheOptimisticCheck) {
  json p = stored(model::people(), with(person(), {{"interests", {"chess"}}, {"notes", "likes tea"}}));
  // A client echoing the whole record back with one change is fine.
  json echoed = p;
  echoed["display_name"] = "Ada L.";
  auto r = validate_patch(model::people(), p, echoed);
  ASSERT_TRUE(r.ok()) << r.error().field << ": " << r.error().message;
  EXPECT_EQ((*r)["display_name"], "Ada L.");
  EXPECT_EQ((*r)["id"], p["id"]);
  EXPECT_EQ((*r)["revision"], 3);

  auto m = validate_patch(model::people(), p, {{"postcode_district", "ls6"}, {"interests", nullptr}, {"revision", 2}});
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ((*m)["postcode_district"], "LS6");
  EXPECT_EQ((*m)["interests"], json::array());  // null resets to the default
  EXPECT_EQ((*m)["notes"], "likes tea");        // untouched fields survive
  EXPECT_EQ((*m)["revision"], 2);               // the caller's revision, to compare with the stored 3
  EXPECT_EQ((*m)["created_at"], p["created_at"]);

  json t = stored(model::ties(), tie());
  auto same_ends = validate_patch(model::ties(), t, {{"source_id", P1}, {"closeness", 5}});
  ASSERT_TRUE(same_ends.ok()) << same_ends.error().message;
  EXPECT_EQ((*same_ends)["closeness"], 5);

  json a = stored(model::areas(), area());
  auto ar = validate_patch(model::areas(), a, {{"register_revision", 12}, {"description", "North Leeds"}});
  ASSERT_TRUE(ar.ok()) << ar.error().message;
  EXPECT_EQ((*ar)["description"], "North Leeds");
}

}  // namespace
