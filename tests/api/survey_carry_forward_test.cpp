// Carrying names forward (issue 11): at a follow-up wave the interview starts
// from the names the respondent gave at the wave before. Worked by hand:
//
//   baseline 2026-10-05: Rita names Mary (confirmed: tie, closeness 4), Dave
//   (confirmed: tie, closeness 3 as unstated) and "Mrs Achebe" (left open).
//   follow-up 2027-04-05: Mary still in touch and closer; Dave no longer in
//   touch; Mrs Achebe still in touch.
//
// So Mary's tie ends on 2027-04-04 and a closeness-5 tie starts on
// 2027-04-05; Dave's ends on 2027-04-04; on 2027-04-05 Rita has one register
// contact (Mary) and one contact never matched (Mrs Achebe): 2 contacts.
#include "api/api_fixture.hpp"
#include "support/server.hpp"

namespace kith::test {
namespace {

class CarryForward : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area = create_area("Elm Park")["id"];
    mary = create_person(area, "Mary Okafor", {{"household", "12 Elm Road"}})["id"];
    david = create_person(area, "David Jones", {{"household", "40 Hill Top"}})["id"];
    rita = create_person(area, "Rita Respondent", {{"household", "14 Elm Road"}})["id"];
    reviewer = std::make_unique<HttpClient>(server().client());
    reviewer->use_token(add_user_with_token(db_.url, "second_eyes", "researcher", area));
    const json instrument =
        create(base() + "/instruments",
               {{"name", "Names"},
                {"definition",
                 {{"title", {{"en", "Names"}}},
                  {"sections",
                   {{{"kind", "name_generator"},
                     {"key", "confide"},
                     {"prompt", {{"en", "Who do you talk to about things that matter to you?"}}},
                     {"max_names", 5},
                     {"interpreters", {"relationship", "closeness", "frequency"}}}}}}}});
    http().patch(base() + "/instruments/" + instrument["id"].get<std::string>(), {{"status", "published"}});
    baseline = create(base() + "/waves", {{"label", "Baseline"}, {"instrument_id", instrument["id"]},
                                          {"fieldwork_date", "2026-10-05"}})["id"];
    followup = create(base() + "/waves", {{"label", "Follow-up 1"}, {"instrument_id", instrument["id"]},
                                          {"fieldwork_date", "2027-04-05"}})["id"];
    ASSERT_EQ(send(baseline, "rita-baseline-0000001",
                   {{"names",
                     {{"confide",
                       {{{"said", "Mary at number 12"}, {"relationship", "neighbour"}, {"closeness", 4}, {"frequency", "weekly"}},
                        {{"said", "Dave from the allotments"}},
                        {{"said", "Mrs Achebe"}}}}}}})
                  .status,
              201);
    const json page = http().get(base() + "/waves/" + baseline + "/mentions").json();
    for (const json& m : page["items"]) mentions[m["said"].get<std::string>()] = m;
    confirm(mentions["Mary at number 12"], mary);
    confirm(mentions["Dave from the allotments"], david);
  }

  std::string base() const { return area_path(area) + "/survey"; }

  HttpReply send(const std::string& wave, const std::string& key, const json& answers) {
    return http().send("PUT", base() + "/waves/" + wave + "/interviews/" + key,
                       json{{"batch", key + "-batch"},
                            {"respondent", {{"person_id", rita}}},
                            {"consent", {{"status", "given"}, {"scope", {"research"}}}},
                            {"status", "completed"},
                            {"answers", answers}}
                           .dump(),
                       "application/json");
  }

  void confirm(const json& m, const std::string& person) {
    const std::string path = base() + "/mentions/" + m["id"].get<std::string>();
    HttpReply p = http().post(path + "/proposal", {{"revision", m["revision"]}, {"resolution", "person"}, {"person_id", person}});
    ASSERT_EQ(p.status, 200) << p.body;
    HttpReply r = reviewer->post(path + "/review", {{"revision", p.json()["revision"]}, {"decision", "confirm"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  std::string id_of(const std::string& said) { return mentions[said]["id"]; }

  json carried() {
    return json::array({{{"mention", id_of("Mary at number 12")}, {"in_touch", true}, {"closeness", "closer"}},
                        {{"mention", id_of("Dave from the allotments")}, {"in_touch", false}},
                        {{"mention", id_of("Mrs Achebe")}, {"in_touch", true}}});
  }

  std::vector<json> ties_with(const std::string& other) {
    std::vector<json> out;
    for (const json& t : list_all(coll(area, "ties") + "?person=" + rita))
      if (t["source_id"] == other || t["target_id"] == other) out.push_back(t);
    return out;
  }

  std::string area, mary, david, rita, baseline, followup;
  std::map<std::string, json> mentions;
  std::unique_ptr<HttpClient> reviewer;
};

TEST_F(CarryForward, AFollowUpWaveListsEachRespondentsNamesFromTheWaveBefore) {
  HttpReply r = http().get(base() + "/waves/" + followup + "/carry-forward");
  ASSERT_EQ(r.status, 200) << r.body;
  const json page = r.json();
  EXPECT_EQ(page["previous_wave"]["id"], baseline);
  ASSERT_EQ(page["respondents"].size(), 1u);
  const json& rita_then = page["respondents"][0];
  EXPECT_EQ(rita_then["person_id"], rita);
  EXPECT_EQ(rita_then["display_name"], "Rita Respondent");
  EXPECT_EQ(rita_then["household"], "14 Elm Road");
  ASSERT_EQ(rita_then["names"].size(), 3u);
  EXPECT_EQ(rita_then["names"][0]["said"], "Mary at number 12");
  EXPECT_EQ(rita_then["names"][0]["person_name"], "Mary Okafor");
  EXPECT_EQ(rita_then["names"][0]["interpreters"]["closeness"], 4);
  EXPECT_TRUE(rita_then["names"][0]["tie_id"].is_string());
  EXPECT_EQ(rita_then["names"][2]["said"], "Mrs Achebe");
  EXPECT_EQ(rita_then["names"][2]["status"], "open");
  EXPECT_TRUE(rita_then["names"][2]["person_name"].is_null());
  // The baseline has nothing before it.
  const json first = http().get(base() + "/waves/" + baseline + "/carry-forward").json();
  EXPECT_TRUE(first["previous_wave"].is_null());
  EXPECT_TRUE(first["respondents"].empty());
}

TEST_F(CarryForward, NoLongerInTouchEndsTheTieAndCloserStartsACloserOne) {
  HttpReply done = send(followup, "rita-followup-0000001", {{"carried", carried()}});
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json()["interview"]["answers"]["carried"][0]["closeness"], "closer");
  EXPECT_FALSE(done.json()["interview"]["answers"]["carried"][1].contains("closeness"));  // Dave: no longer in touch

  const auto with_mary = ties_with(mary);
  ASSERT_EQ(with_mary.size(), 2u);
  const json& old_tie = with_mary[0]["valid_from"] == "2026-10-05" ? with_mary[0] : with_mary[1];
  const json& new_tie = with_mary[0]["valid_from"] == "2026-10-05" ? with_mary[1] : with_mary[0];
  EXPECT_EQ(old_tie["valid_to"], "2027-04-04");
  EXPECT_EQ(old_tie["closeness"], 4);
  EXPECT_EQ(new_tie["valid_from"], "2027-04-05");
  EXPECT_TRUE(new_tie["valid_to"].is_null());
  EXPECT_EQ(new_tie["closeness"], 5);
  EXPECT_EQ(new_tie["kind"], "neighbour");
  EXPECT_EQ(new_tie["frequency"], "weekly");
  EXPECT_EQ(new_tie["evidence"], "survey");

  const auto with_dave = ties_with(david);
  ASSERT_EQ(with_dave.size(), 1u);
  EXPECT_EQ(with_dave[0]["valid_to"], "2027-04-04");

  // The follow-up wave's report: Mary through her tie and Mrs Achebe, never matched.
  const json report = http().get(base() + "/waves/" + followup + "/report").json();
  EXPECT_EQ(report["unresolved_names"]["count"], 1);
  for (const json& row : report["by_contacts"])
    EXPECT_EQ(row["respondents"]["count"], row["group"] == "2-3" ? 1 : 0) << row["group"];
  EXPECT_EQ(report["change"]["ties_lost"]["count"], 1);   // Rita–Dave
  EXPECT_EQ(report["change"]["ties_gained"]["count"], 0);  // Rita–Mary held throughout
}

TEST_F(CarryForward, ANameNotGivenByThisRespondentAtTheWaveBeforeIsRefused) {
  json wrong = carried();
  wrong[1]["mention"] = "mn_aaaaaaaaaaaaaaaaaaaa";
  HttpReply r = send(followup, "rita-followup-0000002", {{"carried", wrong}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "answers.carried[1].mention");
  // Nothing was half-written: Dave's tie still holds.
  EXPECT_TRUE(ties_with(david)[0]["valid_to"].is_null());

  // At the baseline there is no wave before to carry from.
  HttpReply early = send(baseline, "rita-baseline-0000002", {{"carried", carried()}});
  EXPECT_EQ(early.status, 400) << early.body;
  EXPECT_EQ(early.json()["error"]["field"], "answers.carried[0].mention");

  json twice = carried();
  twice[1]["mention"] = twice[0]["mention"];
  EXPECT_EQ(send(followup, "rita-followup-0000003", {{"carried", twice}}).json()["error"]["field"],
            "answers.carried[1].mention");
  json closer_but_gone = carried();
  closer_but_gone[1]["closeness"] = "closer";
  EXPECT_EQ(send(followup, "rita-followup-0000004", {{"carried", closer_but_gone}}).json()["error"]["field"],
            "answers.carried[1].closeness");
  json unsure = carried();
  unsure[0].erase("in_touch");
  EXPECT_EQ(send(followup, "rita-followup-0000005", {{"carried", unsure}}).json()["error"]["field"],
            "answers.carried[0].in_touch");
}

}  // namespace
}  // namespace kith::test
