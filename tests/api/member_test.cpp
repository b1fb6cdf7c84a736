// The member routes over HTTP (issue 9): a resident signed in with an account
// linked to their person (kith user add --role member --person) sees their
// own record, ties, affiliations and consent, nothing of anyone else but the
// id and name of the people they are tied to, and gives or withdraws their
// consent, which the area's analyses follow at once. Reads and changes are
// audited. The expected documents are written out by hand.
#include <set>

#include "api/api_fixture.hpp"
#include "kith/core/time.hpp"

namespace kith::test {
namespace {

std::set<std::string> keys_of(const json& object) {
  std::set<std::string> out;
  for (const auto& item : object.items()) out.insert(item.key());
  return out;
}

class Member : public ApiTest {
 protected:
  std::string me(const std::string& area) { return area_path(area) + "/me"; }
  std::string consent(const std::string& area) { return area_path(area) + "/me/consent"; }

  // A client signed in as a new member of `area`, linked to `person` (or to nobody).
  HttpClient member(const std::string& username, const std::string& area, const std::string& person = {}) {
    HttpClient c = server().client();
    c.use_token(add_user_with_token(db_.url, username, "member", area, person));
    return c;
  }

  // The newest audit row about a person, as the area's admin reads it.
  json newest_audit_row(const std::string& area, const std::string& person) {
    HttpReply log = http().get(area_path(area) + "/audit?person=" + person);
    EXPECT_EQ(log.status, 200) << log.body;
    const json page = log.json();
    return page["items"].empty() ? json::object() : page["items"][0];
  }
};

TEST_F(Member, SeesTheirOwnRecordTiesAndAffiliationsAndNothingOfAnyoneElse) {
  const std::string area = create_area("Little London")["id"];
  const std::string mia =
      create_person(area, "Mia Resident",
                    {{"household", "12 Mill Lane"}, {"notes", "Worker note: her son visits on Sundays"},
                     {"external_id", "case-77"}, {"interests", {"gardening"}}, {"consent_status", "given"},
                     {"consent_date", "2026-10-01"}, {"consent_scope", {"research", "suggestions"}}})["id"];
  const std::string bo = create_person(area, "Bo Neighbour", {{"notes", "Bo's private note"},
                                                              {"postcode_district", "LS6"},
                                                              {"birth_band", "1940s"}})["id"];
  const std::string cy = create_person(area, "Cy Stranger")["id"];
  const std::string tie = create_tie(area, mia, bo, {{"kind", "neighbour"}, {"closeness", 4},
                                                     {"frequency", "weekly"}, {"valid_from", "2025-05-01"},
                                                     {"notes", "met at the allotment"}})["id"];
  const std::string not_theirs = create_tie(area, bo, cy)["id"];
  const std::string ended = create_tie(area, cy, mia)["id"];
  ASSERT_EQ(http().del(coll(area, "ties") + "/" + ended).status, 204);
  const std::string choir = create(coll(area, "groups"), {{"name", "Mill Lane Choir"}, {"kind", "club"}})["id"];
  const std::string library = create(coll(area, "places"), {{"name", "Reading Room"}, {"kind", "library"}})["id"];
  const std::string sings =
      create(coll(area, "affiliations"),
             {{"person_id", mia}, {"group_id", choir}, {"role", "member"}, {"frequency", "weekly"}})["id"];
  const std::string bo_reads =
      create(coll(area, "affiliations"), {{"person_id", bo}, {"place_id", library}, {"role", "visitor"}})["id"];

  HttpClient resident = member("mia", area, mia);
  HttpReply r = resident.get(me(area));
  ASSERT_EQ(r.status, 200) << r.body;
  const json doc = r.json();
  EXPECT_EQ(keys_of(doc), std::set<std::string>({"area_id", "person", "ties", "affiliations", "consent"}));
  EXPECT_EQ(doc["area_id"], area);

  const json person = doc["person"];
  EXPECT_EQ(person["id"], mia);
  EXPECT_EQ(person["display_name"], "Mia Resident");
  EXPECT_EQ(person["household"], "12 Mill Lane");
  EXPECT_EQ(person["interests"], json({"gardening"}));
  EXPECT_EQ(person["revision"], 1);
  EXPECT_FALSE(person.contains("notes")) << "a worker's free text is not in the member's view";
  EXPECT_FALSE(person.contains("external_id"));

  ASSERT_EQ(doc["ties"].size(), 1u) << r.body;
  EXPECT_EQ(doc["ties"][0], json({{"id", tie},
                                  {"other_person", {{"id", bo}, {"display_name", "Bo Neighbour"}}},
                                  {"kind", "neighbour"},
                                  {"closeness", 4},
                                  {"frequency", "weekly"},
                                  {"valid_from", "2025-05-01"},
                                  {"valid_to", nullptr}}));
  ASSERT_EQ(doc["affiliations"].size(), 1u) << r.body;
  EXPECT_EQ(doc["affiliations"][0], json({{"id", sings},
                                          {"group", {{"id", choir}, {"name", "Mill Lane Choir"}}},
                                          {"role", "member"},
                                          {"frequency", "weekly"},
                                          {"valid_from", nullptr},
                                          {"valid_to", nullptr}}));
  EXPECT_EQ(doc["consent"], json({{"status", "given"}, {"date", "2026-10-01"}, {"scope", {"research", "suggestions"}}}));

  // Nothing of anyone else: not Bo's details, not Cy, not links that are not Mia's.
  for (const std::string& absent : {std::string("Bo's private note"), std::string("LS6"), std::string("1940s"), cy,
                                    std::string("Cy Stranger"), not_theirs, ended, bo_reads, library,
                                    std::string("Reading Room"), std::string("met at the allotment"),
                                    std::string("her son"), std::string("case-77")})
    EXPECT_EQ(r.body.find(absent), std::string::npos) << absent << " in " << r.body;

  // The register stays closed to a member, their own record in it too.
  for (const std::string& path : {coll(area, "people"), coll(area, "people") + "/" + mia,
                                  coll(area, "people") + "/" + bo, coll(area, "ties"), area_path(area) + "/network",
                                  coll(area, "people") + "/" + mia + "/ego"}) {
    HttpReply refused = resident.get(path);
    EXPECT_EQ(refused.status, 403) << path << " -> " << refused.body;
  }

  // The read is audited as a read of Mia's record, by Mia's account.
  const json row = newest_audit_row(area, mia);
  EXPECT_EQ(row["action"], "read");
  EXPECT_EQ(row["actor"], "mia");
  EXPECT_EQ(row["route"], "GET /api/v1/areas/{area}/me");
  EXPECT_EQ(row["entity"], "person");
  EXPECT_EQ(row["entity_id"], mia);
  EXPECT_EQ(row["person_id"], mia);
  EXPECT_EQ(row["detail"], json({{"affiliations", 1}, {"ties", 1}}));
  const json fields = row["fields"];
  EXPECT_NE(std::find(fields.begin(), fields.end(), "display_name"), fields.end()) << fields;
  EXPECT_EQ(std::find(fields.begin(), fields.end(), "notes"), fields.end()) << fields;
}

TEST_F(Member, WithoutALinkedPersonGetsAPlainNotFound) {
  const std::string area = create_area("Meanwood")["id"], other = create_area("Moortown")["id"];
  HttpClient unlinked = member("nell", area);
  const std::string message =
      "Your account is not linked to a person in this area's register, so there is no record of yours to show; ask "
      "the area's administrator to link it";
  HttpReply read = unlinked.get(me(area));
  EXPECT_EQ(read.status, 404) << read.body;
  EXPECT_EQ(read.error_message(), message);
  HttpReply change = unlinked.patch(consent(area), {{"status", "withdrawn"}});
  EXPECT_EQ(change.status, 404) << change.body;
  EXPECT_EQ(change.error_message(), message);
  // In an area where they hold no role: hidden, as every record there.
  HttpReply elsewhere = unlinked.get(me(other));
  EXPECT_EQ(elsewhere.status, 404);
  EXPECT_EQ(elsewhere.error_message(), "No such record in an area you hold a role in");
  // Workers use the register; the member routes are not theirs.
  HttpClient researcher = server().client();
  researcher.use_token(add_user_with_token(db_.url, "rosa", "researcher", area));
  EXPECT_EQ(researcher.get(me(area)).status, 403);
  EXPECT_EQ(http().get(me(area)).status, 403);  // the all-areas admin is no resident
  HttpClient anonymous = server().client();
  anonymous.anonymous();
  EXPECT_EQ(anonymous.get(me(area)).status, 401);
}

TEST_F(Member, WithdrawnConsentLeavesThemOutOfTheAreasAnalyses) {
  const std::string area = create_area("Harehills")["id"];
  const json consenting = {{"consent_status", "given"}, {"consent_date", "2026-09-01"}, {"consent_scope", {"research"}}};
  const std::string mia = create_person(area, "Mia Resident", consenting)["id"];
  std::vector<std::string> others;
  for (int i = 0; i < 7; ++i) others.push_back(create_person(area, "Neighbour " + std::to_string(i), consenting)["id"]);
  for (const auto& o : others) create_tie(area, mia, o);
  create_tie(area, others[0], others[1]);

  HttpClient researcher = server().client();
  researcher.use_token(add_user_with_token(db_.url, "rosa", "researcher", area));
  auto graph = [&] {
    HttpReply s = researcher.get(area_path(area) + "/network/summary");
    EXPECT_EQ(s.status, 200) << s.body;
    return s.status == 200 ? s.json()["graph"] : json::object();
  };
  EXPECT_EQ(graph()["people"], 8);
  EXPECT_EQ(graph()["ties"], 8);

  HttpClient resident = member("mia", area, mia);
  HttpReply withdrawn = resident.patch(consent(area), {{"status", "withdrawn"}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  const std::string today = today_utc().str();
  EXPECT_EQ(withdrawn.json(),
            json({{"consent", {{"status", "withdrawn"}, {"date", today}, {"scope", json::array()}}}, {"revision", 2}}));
  // The change is the register's update, audited with the fields it changed.
  const json row = newest_audit_row(area, mia);
  EXPECT_EQ(row["action"], "update");
  EXPECT_EQ(row["actor"], "mia");
  EXPECT_EQ(row["route"], "PATCH /api/v1/areas/{area}/me/consent");
  EXPECT_EQ(row["fields"], json({"consent_status", "consent_date", "consent_scope"}));

  // The area's figures no longer count Mia, nor her ties.
  EXPECT_EQ(graph()["people"], 7);
  EXPECT_EQ(graph()["ties"], 1);
  HttpReply net = researcher.get(area_path(area) + "/network");
  ASSERT_EQ(net.status, 200) << net.body;
  EXPECT_EQ(net.body.find(mia), std::string::npos);
  // Her own ties are still hers to see.
  HttpReply mine = resident.get(me(area));
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json()["ties"].size(), 7u);
  EXPECT_EQ(mine.json()["consent"]["status"], "withdrawn");

  // Given again, with the revision she read: counted again.
  HttpReply given = resident.patch(consent(area), {{"status", "given"}, {"scope", {"research"}}, {"revision", 2}});
  ASSERT_EQ(given.status, 200) << given.body;
  EXPECT_EQ(given.json()["consent"], json({{"status", "given"}, {"date", today}, {"scope", {"research"}}}));
  EXPECT_EQ(graph()["people"], 8);
}

TEST_F(Member, AConsentChangeTakesOnlyStatusAndScopeAndNamesWhatIsWrong) {
  const std::string area = create_area("Chapel Allerton")["id"];
  const std::string mia = create_person(area, "Mia Resident")["id"];
  HttpClient resident = member("mia", area, mia);
  struct Case {
    json body;
    std::string field, message;
  };
  const std::string choose = "Choose what you consent to, as a list of one or more of research, timebank, referrals, "
                             "suggestions";
  const std::string status_hint = "Give status: \"given\" to consent, or \"withdrawn\" to withdraw your consent";
  const std::vector<Case> cases = {
      {{{"status", "withdrawn"}, {"display_name", "Someone Else"}}, "display_name",
       "You can change only the status and scope of your consent here; remove \"display_name\""},
      {{{"status", "given"}, {"scope", {"research"}}, {"notes", "x"}}, "notes",
       "You can change only the status and scope of your consent here; remove \"notes\""},
      {{{"status", "given"}, {"scope", {"research"}}, {"date", "2020-01-01"}}, "date",
       "kith records today's date when you change your consent; remove \"date\""},
      {{{"consent_status", "withdrawn"}}, "consent_status",
       "You can change only the status and scope of your consent here; remove \"consent_status\""},
      {json::object(), "status", status_hint},
      {{{"status", "refused"}}, "status", status_hint},
      {{{"status", true}}, "status", status_hint},
      {{{"status", "given"}}, "scope", choose},
      {{{"status", "given"}, {"scope", json::array()}}, "scope", choose},
      {{{"status", "given"}, {"scope", {"gossip"}}}, "scope", choose},
      {{{"status", "given"}, {"scope", "research"}}, "scope", choose},
      {{{"status", "withdrawn"}, {"scope", {"research"}}}, "scope",
       "Withdrawing consent withdraws it for every use; send no scope"},
      {{{"status", "withdrawn"}, {"revision", "one"}}, "revision",
       "Enter revision as the whole number from the record you loaded"},
  };
  for (const Case& c : cases) {
    HttpReply r = resident.patch(consent(area), c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump() << " -> " << r.body;
    EXPECT_EQ(r.error_field(), c.field) << c.body.dump() << " -> " << r.body;
    EXPECT_EQ(r.error_message(), c.message) << c.body.dump();
  }
  HttpReply not_object = resident.send("PATCH", consent(area), "[\"withdrawn\"]", "application/json");
  EXPECT_EQ(not_object.status, 400) << not_object.body;

  // A stale revision is refused as for any change to a person.
  HttpReply renamed = http().patch(coll(area, "people") + "/" + mia, {{"display_name", "Mia R."}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  HttpReply stale = resident.patch(consent(area), {{"status", "withdrawn"}, {"revision", 1}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.error_field(), "revision");

  // Nothing was changed by any of them.
  HttpReply after = http().get(coll(area, "people") + "/" + mia);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.json()["consent_status"], "not_asked");
  EXPECT_EQ(after.json()["display_name"], "Mia R.");
  EXPECT_EQ(after.json()["revision"], 2);
}

TEST_F(Member, ALinkedPersonDeletedSinceIsNoLongerShown) {
  const std::string area = create_area("Roundhay")["id"];
  const std::string mia = create_person(area, "Mia Resident")["id"];
  HttpClient resident = member("mia", area, mia);
  ASSERT_EQ(resident.get(me(area)).status, 200);
  ASSERT_EQ(http().del(coll(area, "people") + "/" + mia).status, 204);
  HttpReply gone = resident.get(me(area));
  EXPECT_EQ(gone.status, 404) << gone.body;
  EXPECT_EQ(gone.error_message(),
            "The person your account is linked to is no longer in this area's register; ask the area's administrator");
  EXPECT_EQ(resident.patch(consent(area), {{"status", "withdrawn"}}).status, 404);
}

// Erasure ends the account's link: the stand-in record is nobody's, and a
// member who could still give consent would put the anonymous row back into
// the area's analyses.
TEST_F(Member, ErasingTheLinkedPersonEndsTheLink) {
  const std::string area = create_area("Chapel Allerton")["id"];
  const std::string mia =
      create_person(area, "Mia Resident",
                    {{"consent_status", "given"}, {"consent_date", "2026-10-01"}, {"consent_scope", {"research"}}})["id"];
  HttpClient resident = member("mia", area, mia);
  ASSERT_EQ(resident.get(me(area)).status, 200);
  HttpReply erased = http().post(area_path(area) + "/people/" + mia + "/erase", json::object());
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(erased.json()["accounts_unlinked"], 1);
  const std::string unlinked =
      "Your account is not linked to a person in this area's register, so there is no record of yours to show; ask "
      "the area's administrator to link it";
  HttpReply read = resident.get(me(area));
  EXPECT_EQ(read.status, 404) << read.body;
  EXPECT_EQ(read.error_message(), unlinked);
  HttpReply again = resident.patch(consent(area), {{"status", "given"}, {"scope", {"research"}}});
  EXPECT_EQ(again.status, 404) << again.body;
  // The record stays erased: consent withdrawn, so no analysis reads it.
  HttpReply record = http().get(coll(area, "people") + "/" + mia);
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_EQ(record.json()["consent_status"], "withdrawn");
  // A second erasure has nothing left to do, the link included.
  HttpReply twice = http().post(area_path(area) + "/people/" + mia + "/erase", json::object());
  ASSERT_EQ(twice.status, 200) << twice.body;
  EXPECT_EQ(twice.json()["accounts_unlinked"], 0);
  EXPECT_TRUE(twice.json()["already_erased"].get<bool>());
}

}  // namespace
}  // namespace kith::test
