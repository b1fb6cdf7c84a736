// The people respondents name, resolved over HTTP (issue 11): a completed
// interview leaves one open mention per name; kith suggests who each may be;
// one researcher proposes and another confirms (nobody confirms their own);
// a confirmed person becomes a tie with evidence "survey" from the wave's
// date, and a new person is held under a pseudonym. The register below is
// small enough that the right answer for every name is plain by hand.
#include <algorithm>

#include "api/api_fixture.hpp"

namespace kith::test {
namespace {

class SurveyMentions : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area = create_area("Elm Park")["id"];
    allotments = create(coll(area, "groups"), {{"name", "Allotment Society"}, {"kind", "club"}})["id"];
    mary = create_person(area, "Mary Okafor", {{"household", "12 Elm Road"}})["id"];
    other_mary = create_person(area, "Mary Smith", {{"household", "3 Oak Street"}})["id"];
    david = create_person(area, "David Jones", {{"household", "40 Hill Top"}})["id"];
    create(coll(area, "affiliations"), {{"person_id", david}, {"group_id", allotments}, {"role", "member"}});
    respondent = create_person(area, "Rita Respondent", {{"household", "14 Elm Road"}})["id"];
    reviewer = std::make_unique<HttpClient>(server().client());
    reviewer->use_token(add_user_with_token(db_.url, "second_eyes", "researcher", area));

    const json instrument = create(area_path(area) + "/survey/instruments",
                                   {{"name", "Names"},
                                    {"definition",
                                     {{"title", {{"en", "Names"}}},
                                      {"sections",
                                       {{{"kind", "name_generator"},
                                         {"key", "confide"},
                                         {"prompt", {{"en", "Who do you talk to about things that matter to you?"}}},
                                         {"max_names", 5},
                                         {"interpreters", {"relationship", "closeness", "frequency"}}}}}}}});
    http().patch(area_path(area) + "/survey/instruments/" + instrument["id"].get<std::string>(),
                 {{"status", "published"}});
    wave = create(area_path(area) + "/survey/waves", {{"label", "Baseline"}, {"instrument_id", instrument["id"]},
                                                      {"fieldwork_date", "2026-10-05"}})["id"];
    HttpReply done = http().send(
        "PUT", area_path(area) + "/survey/waves/" + wave + "/interviews/rita-interview-0000001",
        json{{"batch", "rita-batch-000000001"},
             {"respondent", {{"person_id", respondent}}},
             {"consent", {{"status", "given"}, {"scope", {"research"}}}},
             {"status", "completed"},
             {"answers",
              {{"names",
                {{"confide",
                  {{{"said", "Mary at number 12"}, {"relationship", "neighbour"}, {"closeness", 4}, {"frequency", "weekly"}},
                   {{"said", "Dave from the allotments"}},
                   {{"said", "Mrs Achebe"}}}}}}}}}
            .dump(),
        "application/json");
    ASSERT_EQ(done.status, 201) << done.body;
  }

  std::vector<json> queue(const std::string& status = "") {
    HttpReply r = http().get(area_path(area) + "/survey/waves/" + wave + "/mentions" +
                             (status.empty() ? "" : "?status=" + status));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<json> out;
    const json page = r.json();  // kept: a loop over r.json()["items"] would read a destroyed temporary
    for (const json& m : page["items"]) out.push_back(m);
    return out;
  }

  std::string mention_path(const json& m) const {
    return area_path(area) + "/survey/mentions/" + m["id"].get<std::string>();
  }

  json propose(const json& m, json body) {
    body["revision"] = m["revision"];
    HttpReply r = http().post(mention_path(m) + "/proposal", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  HttpReply review(HttpClient& c, const json& m, const std::string& decision) {
    return c.post(mention_path(m) + "/review", {{"revision", m["revision"]}, {"decision", decision}});
  }

  std::string area, allotments, mary, other_mary, david, respondent, wave;
  std::unique_ptr<HttpClient> reviewer;  // a second researcher: the second pair of eyes
};

TEST_F(SurveyMentions, ACompletedInterviewLeavesEachNameOpenInTheQueue) {
  const auto open = queue("open");
  ASSERT_EQ(open.size(), 3u);
  EXPECT_EQ(open[0]["said"], "Mary at number 12");
  EXPECT_EQ(open[0]["interpreters"], (json{{"relationship", "neighbour"}, {"closeness", 4}, {"frequency", "weekly"}}));
  EXPECT_EQ(open[0]["respondent_name"], "Rita Respondent");
  EXPECT_EQ(open[1]["said"], "Dave from the allotments");
  EXPECT_EQ(open[2]["said"], "Mrs Achebe");
  EXPECT_TRUE(queue("confirmed").empty());
  EXPECT_EQ(http().get(area_path(area) + "/survey/waves/" + wave + "/mentions?status=done").status, 400);
}

TEST_F(SurveyMentions, SuggestionsPutTheRightPersonFirstWithTheReasons) {
  const auto open = queue("open");
  HttpReply r = http().get(mention_path(open[0]) + "/suggestions");
  ASSERT_EQ(r.status, 200) << r.body;
  const json s = r.json();
  ASSERT_FALSE(s["suggestions"].empty());
  // Mary Okafor lives at 12 Elm Road, on the respondent's street; Mary Smith does not.
  EXPECT_EQ(s["suggestions"][0]["person_id"], mary);
  EXPECT_EQ(s["read_as"]["house_number"], "12");
  const std::string reasons = s["suggestions"][0]["reasons"].dump();
  EXPECT_NE(reasons.find("Elm Road"), std::string::npos) << reasons;
  // Mary Smith's first name fits too, with nothing else: second.
  ASSERT_GE(s["suggestions"].size(), 2u);
  EXPECT_EQ(s["suggestions"][1]["person_id"], other_mary);

  // "Dave from the allotments": David Jones, in the Allotment Society.
  HttpReply dave = http().get(mention_path(open[1]) + "/suggestions");
  ASSERT_EQ(dave.status, 200);
  EXPECT_EQ(dave.json()["suggestions"][0]["person_id"], david);
}

// The server keeps the folded register between calls (per register
// revision); each change below must show in the very next suggestions.
// Asked first, so the register is kept; then, for "Mary at number 12":
// Mary Okafor erased → gone; Mary Smith renamed Susan → gone; Mary Newman
// added at 12 Elm Road → first (her street and number, as Mary Okafor's
// were). For "Dave from the allotments": David Jones leaves the Allotment
// Society → his group reason goes; Dave Brown joins it → he is first.
TEST_F(SurveyMentions, SuggestionsFollowEveryChangeToTheRegister) {
  const auto open = queue("open");
  auto suggested = [&](const json& m) {
    HttpReply r = http().get(mention_path(m) + "/suggestions");
    EXPECT_EQ(r.status, 200) << r.body;
    const json page = r.json();
    std::vector<std::string> ids;
    for (const json& x : page["suggestions"]) ids.push_back(x["person_id"]);
    return std::pair(ids, page["suggestions"]);
  };
  auto has = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  const std::vector<std::string> before = suggested(open[0]).first;
  ASSERT_TRUE(has(before, mary));
  ASSERT_TRUE(has(before, other_mary));

  ASSERT_EQ(http().post(area_path(area) + "/people/" + mary + "/erase", json::object()).status, 200);
  EXPECT_FALSE(has(suggested(open[0]).first, mary)) << "an erased person is never suggested";

  const json smith = http().get(coll(area, "people") + "/" + other_mary).json();
  HttpReply renamed =
      http().patch(coll(area, "people") + "/" + other_mary, {{"display_name", "Susan Smith"}, {"revision", smith["revision"]}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_FALSE(has(suggested(open[0]).first, other_mary));

  const std::string newman = create_person(area, "Mary Newman", {{"household", "12 Elm Road"}})["id"];
  const std::vector<std::string> after = suggested(open[0]).first;
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(after[0], newman);

  auto [dave_before, dave_json] = suggested(open[1]);
  ASSERT_FALSE(dave_before.empty());
  EXPECT_EQ(dave_before[0], david);
  EXPECT_NE(dave_json[0]["reasons"].dump().find("Allotment Society"), std::string::npos) << dave_json.dump();
  const std::vector<json> links = list_all(coll(area, "affiliations") + "?person=" + david);
  ASSERT_EQ(links.size(), 1u);
  ASSERT_EQ(http().del(coll(area, "affiliations") + "/" + links[0]["id"].get<std::string>()).status, 204);
  const std::string brown = create_person(area, "Dave Brown", {{"household", "7 Hill Top"}})["id"];
  create(coll(area, "affiliations"), {{"person_id", brown}, {"group_id", allotments}, {"role", "member"}});
  auto [dave_after, dave_after_json] = suggested(open[1]);
  ASSERT_FALSE(dave_after.empty());
  EXPECT_EQ(dave_after[0], brown) << dave_after_json.dump();
  for (const json& x : dave_after_json) {
    if (x["person_id"] == david) {
      EXPECT_EQ(x["reasons"].dump().find("Allotment Society"), std::string::npos) << x.dump();
    }
  }
}

TEST_F(SurveyMentions, AConfirmedPersonBecomesASurveyTieFromTheWavesDate) {
  const auto open = queue("open");
  const json proposed = propose(open[0], {{"resolution", "person"}, {"person_id", mary}});
  EXPECT_EQ(proposed["status"], "proposed");

  // The proposer cannot confirm their own proposal.
  HttpReply own = review(http(), proposed, "confirm");
  EXPECT_EQ(own.status, 403) << own.body;
  EXPECT_EQ(own.json()["error"]["field"], "decision");

  HttpReply confirmed = review(*reviewer, proposed, "confirm");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.json()["status"], "confirmed");
  EXPECT_EQ(confirmed.json()["confirmed_by"], "second_eyes");
  const std::string tie_id = confirmed.json()["tie_id"];
  const json tie = http().get(coll(area, "ties") + "/" + tie_id).json();
  EXPECT_EQ(tie["source_id"], respondent);
  EXPECT_EQ(tie["target_id"], mary);
  EXPECT_EQ(tie["evidence"], "survey");
  EXPECT_EQ(tie["valid_from"], "2026-10-05");
  EXPECT_EQ(tie["kind"], "neighbour");
  EXPECT_EQ(tie["closeness"], 4);
  EXPECT_EQ(tie["frequency"], "weekly");
  EXPECT_EQ(queue("confirmed").size(), 1u);
  EXPECT_EQ(queue("open").size(), 2u);
}

TEST_F(SurveyMentions, WhatTheInterviewDidNotSayIsRecordedAsTheLeastAndSaidSo) {
  const auto open = queue("open");
  const json proposed = propose(open[1], {{"resolution", "person"}, {"person_id", david}});
  HttpReply confirmed = review(*reviewer, proposed, "confirm");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  const json tie = http().get(coll(area, "ties") + "/" + confirmed.json()["tie_id"].get<std::string>()).json();
  EXPECT_EQ(tie["kind"], "acquaintance");
  EXPECT_EQ(tie["closeness"], 3);
  EXPECT_EQ(tie["frequency"], "less_often");
  EXPECT_NE(tie["notes"].get<std::string>().find("relationship, closeness, frequency"), std::string::npos)
      << tie["notes"];
}

TEST_F(SurveyMentions, ANewPersonIsHeldUnderAPseudonymWithNoConsent) {
  const auto open = queue("open");
  const json proposed = propose(open[2], {{"resolution", "new_person"}});
  HttpReply confirmed = review(*reviewer, proposed, "confirm");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  const std::string id = confirmed.json()["person_id"];
  const json p = http().get(coll(area, "people") + "/" + id).json();
  EXPECT_EQ(p["display_name"], "A.");  // "Mrs Achebe": the initial of the surname, no street said
  EXPECT_EQ(p["is_pseudonym"], true);
  EXPECT_EQ(p["consent_status"], "not_asked");
  EXPECT_TRUE(confirmed.json()["tie_id"].is_string());
}

TEST_F(SurveyMentions, UnresolvedSendBackAndStaleRevisions) {
  auto open = queue("open");
  // A stale revision is refused and changes nothing.
  json stale = open[0];
  stale["revision"] = 7;
  HttpReply r = http().post(mention_path(stale) + "/proposal", {{"revision", 7}, {"resolution", "unresolved"}});
  EXPECT_EQ(r.status, 409) << r.body;
  // A person of another area cannot be proposed.
  const std::string elsewhere = create_area("Far Away")["id"];
  const std::string stranger = create_person(elsewhere, "Mary Elsewhere")["id"];
  HttpReply foreign = http().post(mention_path(open[0]) + "/proposal",
                                  {{"revision", open[0]["revision"]}, {"resolution", "person"}, {"person_id", stranger}});
  EXPECT_EQ(foreign.status, 400);
  EXPECT_EQ(foreign.json()["error"]["field"], "person_id");
  // The respondent is not someone they named.
  HttpReply self = http().post(mention_path(open[0]) + "/proposal",
                               {{"revision", open[0]["revision"]}, {"resolution", "person"}, {"person_id", respondent}});
  EXPECT_EQ(self.status, 400);

  const json proposed = propose(open[0], {{"resolution", "unresolved"}});
  HttpReply back = review(*reviewer, proposed, "return");
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.json()["status"], "open");
  EXPECT_TRUE(back.json()["resolution"].is_null());
  const json again = propose(back.json(), {{"resolution", "unresolved"}});
  HttpReply left = review(*reviewer, again, "confirm");
  ASSERT_EQ(left.status, 200) << left.body;
  EXPECT_EQ(left.json()["status"], "confirmed");
  EXPECT_EQ(left.json()["resolution"], "unresolved");
  EXPECT_TRUE(left.json()["tie_id"].is_null());  // nobody: no tie
  // Confirmed is final: it cannot be proposed again.
  EXPECT_EQ(http().post(mention_path(left.json()) + "/proposal",
                        {{"revision", left.json()["revision"]}, {"resolution", "unresolved"}})
                .status,
            409);
}

TEST_F(SurveyMentions, SubjectAccessShowsAndErasureRemovesWhatSurveysHold) {
  const auto open = queue("open");
  const json proposed = propose(open[0], {{"resolution", "person"}, {"person_id", mary}});
  ASSERT_EQ(review(*reviewer, proposed, "confirm").status, 200);

  // Rita's own interview and Mary's being named are both in their documents.
  HttpReply rita = http().get(coll(area, "people") + "/" + respondent + "/subject-access");
  ASSERT_EQ(rita.status, 200) << rita.body;
  const json rita_doc = rita.json();
  ASSERT_EQ(rita_doc["surveys"]["interviews"].size(), 1u);
  EXPECT_EQ(rita_doc["surveys"]["interviews"][0]["answers"]["names"]["confide"][2]["said"], "Mrs Achebe");
  HttpReply named = http().get(coll(area, "people") + "/" + mary + "/subject-access");
  ASSERT_EQ(named.status, 200);
  const json mary_doc = named.json();
  ASSERT_EQ(mary_doc["surveys"]["named_by_others"].size(), 1u);
  EXPECT_EQ(mary_doc["surveys"]["named_by_others"][0]["said"], "Mary at number 12");

  // Erasing Rita removes her answers and the names she gave; the scores' structure stays.
  HttpReply erased = http().post(coll(area, "people") + "/" + respondent + "/erase", json::object());
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(erased.json()["survey_records"], 4);  // her interview, and the three names she gave
  const json iv = http().get(area_path(area) + "/survey/waves/" + wave + "/interviews/rita-interview-0000001").json();
  EXPECT_EQ(iv["answers"], json::object());
  EXPECT_EQ(iv["respondent"], json::object());
  EXPECT_EQ(iv["status"], "completed");
  for (const json& m : queue()) EXPECT_EQ(m["said"], "") << m.dump();
  HttpReply again = http().post(coll(area, "people") + "/" + respondent + "/erase", json::object());
  EXPECT_EQ(again.json()["survey_records"], 0);
  EXPECT_EQ(again.json()["already_erased"], true);
}

}  // namespace
}  // namespace kith::test
