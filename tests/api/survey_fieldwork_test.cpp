// Fieldwork logistics over HTTP (issue 11): a coordinator gives streets, or
// single households, to interviewers; the interviewers' doorstep visits and
// interviews make the supervisor's coverage, response and refusal figures.
// Worked by hand (docs/surveys.md, "Fieldwork"):
//
//   register   Mary 12 Elm Road, Rita 14 Elm Road, Sam 16 Elm Road,
//              Ann "Flat 2, 3 Hill Top", Bob 5 Hill Top, Cy (no household)
//   assigned   Elm Road (10 doors) to ivy; Hill Top (doors unknown) to lee;
//              the single household 16 Elm Road to lee
//   ivy        interviews Rita (completed); Mary refuses at the door; visits
//              12 Elm Road (no answer, before Mary's refusal), 20 Elm Road
//              twice (no answer, then come back later) and 22 Elm Road (not a
//              home in the survey)
//   lee        visits 16 Elm Road and 5 Hill Top (no answer); interviews Tom,
//              new, at 7 Hill Top, and Uma, new, with no household (completed)
//
// Each household counts once at its best outcome (completed > in progress >
// refused > not eligible > call back > no answer):
//   Elm Road   known 12 14 16 20 22 = 5, doors 10 → 10 households; visited 5:
//              completed 1 (14), refused 1 (12), not eligible 1 (22), call back
//              1 (20), no answer 1 (16). Coverage 5/10; of the 4 eligible
//              visited, response 1/4, refusal 1/4.
//   Hill Top   known Flat 2 3, 5, 7 = 3 households; visited 2: completed 1
//              (7), no answer 1 (5). Coverage 2/3, response 1/2, refusal 0/2.
//   no household  Uma's interview: 1 household, completed.
//   total      14 households, 8 visited, 3 completed, 1 refused, 1 not
//              eligible: coverage 8/14, response 3/7, refusal 1/7.
//   ivy        1 street; her households: Elm Road's but 16 (lee's) = 12 14 20
//              22 and the 5 doors not yet known = 9; reached 4 → 4/9. Her own
//              outcomes: completed 1, refused 1, not eligible 1, call back 1.
//   lee        1 street, 1 household: Hill Top's 3 and 16 Elm Road = 4;
//              reached 3 → 3/4. Own: completed 2 (Tom, Uma), no answer 2.
#include "api/api_fixture.hpp"
#include "support/server.hpp"

namespace kith::test {
namespace {

class Fieldwork : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area = create_area("Elm Park")["id"];
    mary = create_person(area, "Mary Okafor", {{"household", "12 Elm Road"}})["id"];
    rita = create_person(area, "Rita Respondent", {{"household", "14 Elm Road"}})["id"];
    create_person(area, "Sam Patel", {{"household", "16 Elm Road"}});
    create_person(area, "Ann Lee", {{"household", "Flat 2, 3 Hill Top"}});
    create_person(area, "Bob Ward", {{"household", "5 Hill Top"}});
    create_person(area, "Cy Evans");
    ivy = client_of("ivy", "researcher");
    lee = client_of("lee", "researcher");
    const json instrument =
        create(base() + "/instruments",
               {{"name", "Doorstep"},
                {"definition", {{"title", {{"en", "Doorstep"}}}, {"sections", {{{"kind", "scale"}, {"scale", "ucla3"}}}}}}});
    http().patch(base() + "/instruments/" + instrument["id"].get<std::string>(), {{"status", "published"}});
    wave = create(base() + "/waves", {{"label", "Baseline"}, {"instrument_id", instrument["id"]},
                                      {"fieldwork_date", "2026-10-05"}})["id"];
  }

  std::unique_ptr<HttpClient> client_of(const std::string& username, const std::string& role) {
    auto c = std::make_unique<HttpClient>(server().client());
    c->use_token(add_user_with_token(db_.url, username, role, area));
    return c;
  }

  std::string base() const { return area_path(area) + "/survey"; }
  std::string wave_path() const { return base() + "/waves/" + wave; }

  HttpReply assign(const json& body) { return http().post(wave_path() + "/assignments", body); }

  HttpReply visit(HttpClient& who, const std::string& key, const std::string& household, const std::string& outcome) {
    return who.send("PUT", wave_path() + "/visits/" + key, json{{"household", household}, {"outcome", outcome}}.dump(),
                    "application/json");
  }

  HttpReply interview(HttpClient& who, const std::string& key, const json& respondent, const std::string& status) {
    json body{{"batch", key + "-b"}, {"respondent", respondent}, {"status", status}};
    if (status == "completed") {
      body["consent"] = {{"status", "given"}, {"scope", {"research"}}};
      body["answers"] = {{"scales", {{"ucla3", {1, 1, 2}}}}};
    } else {
      body["consent"] = {{"status", "refused"}};
    }
    return who.send("PUT", wave_path() + "/interviews/" + key, body.dump(), "application/json");
  }

  void do_the_fieldwork() {
    ASSERT_EQ(assign({{"street", "Elm Road"}, {"doors", 10}, {"interviewer", "ivy"}}).status, 201);
    ASSERT_EQ(assign({{"street", "Hill Top"}, {"interviewer", "lee"}}).status, 201);
    ASSERT_EQ(assign({{"household", "16 Elm Road"}, {"interviewer", "lee"}}).status, 201);
    ASSERT_EQ(visit(*ivy, "ivy-visit-000000001", "12 Elm Road", "no_answer").status, 201);
    ASSERT_EQ(interview(*ivy, "ivy-interview-00001", {{"person_id", rita}}, "completed").status, 201);
    ASSERT_EQ(interview(*ivy, "ivy-interview-00002", {{"person_id", mary}}, "refused").status, 201);
    ASSERT_EQ(visit(*ivy, "ivy-visit-000000002", "20 Elm Road", "no_answer").status, 201);
    ASSERT_EQ(visit(*ivy, "ivy-visit-000000003", "20  elm road", "call_back").status, 201);
    ASSERT_EQ(visit(*ivy, "ivy-visit-000000004", "22 Elm Road", "not_eligible").status, 201);
    ASSERT_EQ(visit(*lee, "lee-visit-000000001", "16 Elm Road", "no_answer").status, 201);
    ASSERT_EQ(visit(*lee, "lee-visit-000000002", "5 Hill Top", "no_answer").status, 201);
    HttpReply tom = interview(*lee, "lee-interview-00001", {{"display_name", "Tom Baker"}, {"household", "7 Hill Top"}},
                              "completed");
    ASSERT_EQ(tom.status, 201) << tom.body;
    ASSERT_EQ(interview(*lee, "lee-interview-00002", {{"display_name", "Uma Shah"}}, "completed").status, 201);
  }

  json report() {
    HttpReply r = http().get(wave_path() + "/fieldwork");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  std::string area, mary, rita, wave;
  std::unique_ptr<HttpClient> ivy, lee;
};

void expect_share(const json& s, int64_t count, int64_t of) {
  EXPECT_EQ(s["count"], count);
  EXPECT_EQ(s["of"], of);
  if (of > 0) EXPECT_DOUBLE_EQ(s["value"].get<double>(), static_cast<double>(count) / static_cast<double>(of));
  else EXPECT_TRUE(s["value"].is_null());
}

TEST_F(Fieldwork, CoverageResponseAndRefusalByStreetAsWorkedByHand) {
  do_the_fieldwork();
  const json r = report();
  EXPECT_EQ(r["wave_id"], wave);
  ASSERT_EQ(r["streets"].size(), 3u) << r.dump(2);

  const json& elm = r["streets"][0];
  EXPECT_EQ(elm["street"], "Elm Road");
  EXPECT_EQ(elm["interviewers"], json::array({"ivy", "lee"}));
  EXPECT_EQ(elm["doors"], 10);
  EXPECT_EQ(elm["households"], 10);
  EXPECT_EQ(elm["not_visited"], 5);
  EXPECT_EQ(elm["outcomes"], json({{"completed", 1}, {"in_progress", 0}, {"refused", 1}, {"not_eligible", 1},
                                   {"call_back", 1}, {"no_answer", 1}, {"visited", 5}}));
  expect_share(elm["coverage"], 5, 10);
  expect_share(elm["response_rate"], 1, 4);
  expect_share(elm["refusal_rate"], 1, 4);

  const json& hill = r["streets"][1];
  EXPECT_EQ(hill["street"], "Hill Top");
  EXPECT_EQ(hill["interviewers"], json::array({"lee"}));
  EXPECT_TRUE(hill["doors"].is_null());
  EXPECT_EQ(hill["households"], 3);
  expect_share(hill["coverage"], 2, 3);
  expect_share(hill["response_rate"], 1, 2);
  expect_share(hill["refusal_rate"], 0, 2);

  const json& nowhere = r["streets"][2];
  EXPECT_TRUE(nowhere["street"].is_null());
  EXPECT_EQ(nowhere["households"], 1);
  EXPECT_EQ(nowhere["outcomes"]["completed"], 1);

  const json& total = r["total"];
  EXPECT_EQ(total["households"], 14);
  EXPECT_EQ(total["outcomes"]["visited"], 8);
  expect_share(total["coverage"], 8, 14);
  expect_share(total["response_rate"], 3, 7);
  expect_share(total["refusal_rate"], 1, 7);
}

TEST_F(Fieldwork, EachInterviewersProgressAsWorkedByHand) {
  do_the_fieldwork();
  const json r = report();
  ASSERT_EQ(r["interviewers"].size(), 2u) << r.dump(2);
  const json& i = r["interviewers"][0];
  EXPECT_EQ(i["interviewer"], "ivy");
  EXPECT_EQ(i["streets"], 1);
  EXPECT_EQ(i["households"], 0);
  expect_share(i["progress"], 4, 9);
  EXPECT_EQ(i["outcomes"], json({{"completed", 1}, {"in_progress", 0}, {"refused", 1}, {"not_eligible", 1},
                                 {"call_back", 1}, {"no_answer", 0}, {"visited", 4}}));
  EXPECT_TRUE(i["last_activity"].is_string());
  const json& l = r["interviewers"][1];
  EXPECT_EQ(l["interviewer"], "lee");
  EXPECT_EQ(l["streets"], 1);
  EXPECT_EQ(l["households"], 1);
  expect_share(l["progress"], 3, 4);
  EXPECT_EQ(l["outcomes"]["completed"], 2);
  EXPECT_EQ(l["outcomes"]["no_answer"], 2);
}

TEST_F(Fieldwork, AWaveWithNoFieldworkYetDividesByNothing) {
  const json r = report();
  // The register's households are known before anyone knocks: 5 on 2 streets.
  ASSERT_EQ(r["streets"].size(), 2u) << r.dump(2);
  EXPECT_EQ(r["total"]["households"], 5);
  expect_share(r["total"]["coverage"], 0, 5);
  expect_share(r["total"]["response_rate"], 0, 0);
  EXPECT_TRUE(r["interviewers"].empty());
}

TEST_F(Fieldwork, TheListShowsAssignmentsAndWhoMayInterview) {
  client_of("nora", "link_worker");  // may not interview: not offered
  ASSERT_EQ(assign({{"street", "Elm Road"}, {"doors", 10}, {"interviewer", "IVY"}}).status, 201);
  HttpReply r = http().get(wave_path() + "/assignments");
  ASSERT_EQ(r.status, 200) << r.body;
  const json page = r.json();
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["street"], "Elm Road");
  EXPECT_EQ(page["items"][0]["interviewer"], "ivy");  // as the account spells it
  EXPECT_TRUE(page["items"][0]["household"].is_null());
  std::vector<std::string> names;
  for (const json& u : page["interviewers"]) names.push_back(u["username"]);
  EXPECT_NE(std::find(names.begin(), names.end(), "ivy"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "lee"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "nora"), names.end());
  // The device's wave bundle carries them, for "Your streets" offline.
  const json bundle = ivy->get(wave_path()).json();
  ASSERT_EQ(bundle["assignments"].size(), 1u);
  EXPECT_EQ(bundle["assignments"][0]["street"], "Elm Road");
}

TEST_F(Fieldwork, BadAssignmentsAreRefusedNamingTheField) {
  client_of("nora", "link_worker");
  struct Case {
    json body;
    int status;
    std::string field;
  };
  ASSERT_EQ(assign({{"street", "Elm Road"}, {"interviewer", "ivy"}}).status, 201);
  const std::vector<Case> cases = {
      {{{"interviewer", "ivy"}}, 400, "street"},
      {{{"street", "  "}, {"interviewer", "ivy"}}, 400, "street"},
      {{{"street", std::string(101, 'x')}, {"interviewer", "ivy"}}, 400, "street"},
      {{{"street", "Hill Top"}}, 400, "interviewer"},
      {{{"street", "Hill Top"}, {"interviewer", "nobody"}}, 400, "interviewer"},
      {{{"street", "Hill Top"}, {"interviewer", "nora"}}, 400, "interviewer"},  // a link worker does not interview
      {{{"street", "Hill Top"}, {"interviewer", "lee"}, {"doors", 0}}, 400, "doors"},
      {{{"street", "Hill Top"}, {"interviewer", "lee"}, {"doors", 2.5}}, 400, "doors"},
      {{{"street", "Hill Top"}, {"interviewer", "lee"}, {"doors", 10001}}, 400, "doors"},
      {{{"household", "5 Hill Top"}, {"interviewer", "lee"}, {"doors", 3}}, 400, "doors"},
      {{{"street", "Elm Road"}, {"household", "5 Hill Top"}, {"interviewer", "lee"}}, 400, "household"},
      {{{"street", "Hill Top"}, {"interviewer", "lee"}, {"colour", "red"}}, 400, "colour"},
      {{{"street", "elm  ROAD"}, {"interviewer", "lee"}}, 409, "street"},  // Elm Road is ivy's already
  };
  for (const Case& c : cases) {
    HttpReply r = assign(c.body);
    EXPECT_EQ(r.status, c.status) << c.body.dump() << " → " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], c.field) << c.body.dump();
  }
  // A single household on an assigned street is its own assignment, once.
  ASSERT_EQ(assign({{"household", "16 Elm Road"}, {"interviewer", "lee"}}).status, 201);
  HttpReply twice = assign({{"household", "16 elm road"}, {"interviewer", "ivy"}});
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.json()["error"]["field"], "household");
  EXPECT_EQ(http().get(wave_path() + "/assignments").json()["items"].size(), 2u);  // nothing half-written
}

TEST_F(Fieldwork, AnAssignmentCanBeTakenBackOnce) {
  const json made = assign({{"street", "Hill Top"}, {"interviewer", "lee"}}).json();
  const std::string path = wave_path() + "/assignments/" + made["id"].get<std::string>();
  EXPECT_EQ(http().del(path).status, 204);
  EXPECT_EQ(http().del(path).status, 404);
  EXPECT_EQ(http().del(wave_path() + "/assignments/not-an-id").status, 404);
  EXPECT_TRUE(http().get(wave_path() + "/assignments").json()["items"].empty());
  // And the street can be given to someone else.
  EXPECT_EQ(assign({{"street", "Hill Top"}, {"interviewer", "ivy"}}).status, 201);
}

TEST_F(Fieldwork, AVisitSentAgainIsTheSameVisitAndAReusedKeyIsAConflict) {
  HttpReply first = visit(*ivy, "ivy-visit-000000001", "20 Elm Road", "no_answer");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_FALSE(first.json()["repeat"].get<bool>());
  EXPECT_EQ(first.json()["visit"]["interviewer"], "ivy");
  HttpReply again = visit(*ivy, "ivy-visit-000000001", "20 elm road", "no_answer");
  EXPECT_EQ(again.status, 200);
  EXPECT_TRUE(again.json()["repeat"].get<bool>());
  HttpReply other = visit(*ivy, "ivy-visit-000000001", "20 Elm Road", "call_back");
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(other.json()["error"]["field"], "key");
  EXPECT_EQ(report()["total"]["outcomes"]["visited"], 1);

  EXPECT_EQ(visit(*ivy, "short", "20 Elm Road", "no_answer").json()["error"]["field"], "key");
  EXPECT_EQ(visit(*ivy, "ivy-visit-000000002", "20 Elm Road", "out").json()["error"]["field"], "outcome");
  EXPECT_EQ(visit(*ivy, "ivy-visit-000000002", "20 Elm Road", "completed").json()["error"]["field"], "outcome");
  EXPECT_EQ(visit(*ivy, "ivy-visit-000000002", " ", "no_answer").json()["error"]["field"], "household");
  // Fields left out entirely (the server once read a missing key unchecked).
  auto sent = [&](const json& body) { return ivy->send("PUT", wave_path() + "/visits/ivy-visit-000000003", body.dump(), "application/json"); };
  EXPECT_EQ(sent(json::object()).json()["error"]["field"], "household");
  EXPECT_EQ(sent({{"outcome", "no_answer"}}).json()["error"]["field"], "household");
  EXPECT_EQ(sent({{"household", "20 Elm Road"}}).json()["error"]["field"], "outcome");
  EXPECT_EQ(sent({{"household", 20}, {"outcome", "no_answer"}}).json()["error"]["field"], "household");
  EXPECT_EQ(report()["total"]["outcomes"]["visited"], 1);
}

TEST_F(Fieldwork, AClosedWaveTakesNoNewFieldworkButAnswersARepeat) {
  const json made = assign({{"street", "Hill Top"}, {"interviewer", "lee"}}).json();
  ASSERT_EQ(visit(*lee, "lee-visit-000000001", "5 Hill Top", "no_answer").status, 201);
  ASSERT_EQ(http().patch(wave_path(), {{"status", "closed"}}).status, 200);
  HttpReply more = assign({{"street", "Elm Road"}, {"interviewer", "ivy"}});
  EXPECT_EQ(more.status, 409);
  EXPECT_EQ(more.json()["error"]["field"], "status");
  EXPECT_EQ(http().del(wave_path() + "/assignments/" + made["id"].get<std::string>()).status, 409);
  EXPECT_EQ(visit(*lee, "lee-visit-000000002", "7 Hill Top", "no_answer").status, 409);
  // A device resending what it sent before the wave closed hears it arrived.
  EXPECT_EQ(visit(*lee, "lee-visit-000000001", "5 Hill Top", "no_answer").status, 200);
  EXPECT_EQ(report()["total"]["outcomes"]["visited"], 1);  // the report still reads
}

TEST_F(Fieldwork, AnotherAreasWaveIsNotFound) {
  const std::string other = create_area("Hill Park")["id"];
  const std::string elsewhere = area_path(other) + "/survey/waves/" + wave;
  EXPECT_EQ(http().get(elsewhere + "/fieldwork").status, 404);
  EXPECT_EQ(http().get(elsewhere + "/assignments").status, 404);
  EXPECT_EQ(http().post(elsewhere + "/assignments", {{"street", "Elm Road"}, {"interviewer", "ivy"}}).status, 404);
}

}  // namespace
}  // namespace kith::test
