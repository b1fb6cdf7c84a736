// Personal data over HTTP (issue 9): the audit route names who read what,
// through which route and from where; subject access and erasure; the
// pseudonymised research export.
#include "api/api_fixture.hpp"

namespace kith::test {
namespace {

class PersonalData : public ApiTest {};

TEST_F(PersonalData, TheAuditLogNamesTheReaderTheRouteTheAddressAndTheFields) {
  std::string area = create_area("Holbeck")["id"];
  std::string ann = create_person(area, "Ann Audited")["id"];
  HttpClient researcher = server().client();
  researcher.use_token(add_user_with_token(db_.url, "rita", "researcher", area));
  ASSERT_EQ(researcher.get(coll(area, "people") + "/" + ann).status, 200);

  HttpReply log = http().get(area_path(area) + "/audit?person=" + ann);
  ASSERT_EQ(log.status, 200) << log.body;
  const json items = log.json()["items"];
  ASSERT_FALSE(items.empty()) << log.body;
  const json& newest = items[0];  // newest first: rita's read
  EXPECT_EQ(newest["actor"], "rita");
  EXPECT_EQ(newest["action"], "read");
  EXPECT_EQ(newest["route"], "GET /api/v1/areas/{area}/people/{id}");
  EXPECT_EQ(newest["client_address"], "127.0.0.1");
  EXPECT_EQ(newest["person_id"], ann);
  EXPECT_EQ(newest["user_id"].get<std::string>().rfind("us_", 0), 0u) << newest;
  const json fields = newest["fields"];
  EXPECT_NE(std::find(fields.begin(), fields.end(), "display_name"), fields.end()) << newest;
  EXPECT_EQ(log.body.find("Ann Audited"), std::string::npos) << "the log holds field names, never values";
  // The admin's own create is there too, older.
  EXPECT_EQ(items.back()["action"], "create");

  // Filters and their errors.
  HttpReply by_user = http().get(area_path(area) + "/audit?user=" + newest["user_id"].get<std::string>());
  ASSERT_EQ(by_user.status, 200);
  const json by_user_items = by_user.json()["items"];  // named: a range-for over a temporary's member dangles
  ASSERT_FALSE(by_user_items.empty());
  for (const auto& e : by_user_items) EXPECT_EQ(e["actor"], "rita");
  HttpReply bad = http().get(area_path(area) + "/audit?from=yesterday");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_field(), "from");
  // Only the area's admins read it.
  EXPECT_EQ(researcher.get(area_path(area) + "/audit").status, 403);
}

// Consent's history is the audit log: who changed which consent fields, when.
TEST_F(PersonalData, WhoRecordedConsentIsInTheAuditLog) {
  std::string area = create_area("Wortley")["id"];
  std::string cas = create_person(area, "Cas Consent")["id"];
  HttpClient researcher = server().client();
  researcher.use_token(add_user_with_token(db_.url, "rosa", "researcher", area));
  HttpReply given = researcher.patch(coll(area, "people") + "/" + cas,
                                     {{"consent_status", "withdrawn"}, {"consent_date", "2026-11-30"}});
  ASSERT_EQ(given.status, 200) << given.body;
  HttpReply log = http().get(area_path(area) + "/audit?person=" + cas);
  ASSERT_EQ(log.status, 200) << log.body;
  const json newest = log.json()["items"][0];
  EXPECT_EQ(newest["action"], "update");
  EXPECT_EQ(newest["actor"], "rosa");
  EXPECT_EQ(newest["fields"], json::parse(R"(["consent_status", "consent_date"])")) << newest;  // in field order
  // Withdrawn: left out of the area's network from now on.
  HttpReply net = http().get(area_path(area) + "/network");
  ASSERT_EQ(net.status, 200) << net.body;
  EXPECT_EQ(net.body.find(cas), std::string::npos);
}

TEST_F(PersonalData, SubjectAccessGivesEverythingHeldAndErasureRemovesTheIdentity) {
  std::string area = create_area("Beeston Hill")["id"];
  std::string ann = create_person(area, "Ann Subject", {{"notes", "Likes the Tuesday lunch club"},
                                                        {"postcode_district", "LS11"}})["id"];
  std::string bob = create_person(area, "Bob Other")["id"];
  std::string tie = create_tie(area, ann, bob)["id"];

  HttpReply sar = http().get(coll(area, "people") + "/" + ann + "/subject-access");
  ASSERT_EQ(sar.status, 200) << sar.body;
  const json doc = sar.json();
  EXPECT_EQ(doc["person"]["display_name"], "Ann Subject");
  ASSERT_EQ(doc["ties"].size(), 1u) << sar.body;
  EXPECT_EQ(doc["ties"][0]["id"], tie);
  EXPECT_FALSE(doc["audit"].empty());
  EXPECT_EQ(sar.body.find("Bob Other"), std::string::npos) << "the other end is named by id only";

  HttpReply erased = http().post(coll(area, "people") + "/" + ann + "/erase", json::object());
  ASSERT_EQ(erased.status, 200) << erased.body;
  HttpReply after = http().get(coll(area, "people") + "/" + ann);
  ASSERT_EQ(after.status, 200) << after.body;
  for (const char* gone : {"Ann Subject", "Tuesday lunch", "LS11"})
    EXPECT_EQ(after.body.find(gone), std::string::npos) << gone << " still in " << after.body;
  EXPECT_EQ(after.json()["consent_status"], "withdrawn");
  HttpReply search = http().get(coll(area, "people") + "?q=Subject");
  EXPECT_TRUE(search.json()["items"].empty()) << search.body;
  // The tie (anonymous structure) stays, so counts still add up.
  EXPECT_EQ(http().get(coll(area, "ties") + "/" + tie).status, 200);
}

TEST_F(PersonalData, TheResearchExportHasFreshIdsAndNoNames) {
  std::string area = create_area("Armley Moor")["id"];
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i)
    ids.push_back(create_person(area, "Named Person " + std::to_string(i), {{"birth_band", "1950s"},
                                                                            {"consent_status", "given"}, {"consent_date", "2026-11-01"},
                                                                            {"consent_scope", {"research"}}})["id"]);
  create_tie(area, ids[0], ids[1]);
  HttpReply one = http().get(area_path(area) + "/export?format=research");
  HttpReply two = http().get(area_path(area) + "/export?format=research");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_NE(one.header("Content-Disposition").find("research.json"), std::string::npos);
  EXPECT_EQ(one.body.find("Named Person"), std::string::npos);
  for (const auto& id : ids) EXPECT_EQ(one.body.find(id), std::string::npos) << id;
  EXPECT_EQ(one.json()["people"].size(), 6u);
  EXPECT_EQ(one.json()["ties"].size(), 1u);
  EXPECT_NE(one.json()["people"][0]["id"], two.json()["people"][0]["id"]);
}

}  // namespace
}  // namespace kith::test
