// The wave report (issue 11) on a fixture small enough to work by hand: six
// neighbours, two waves, ties dated so that each wave sees its own network.
// Every figure is written out below from the fixture (counts by hand; the
// means, shares, correlations and intervals from SciPy 1.10, the calls
// quoted), never read back from kith.
//
//   wave 1 (2026-01-10): ties Ada–Bea, Ada–Cal (ended 2026-03-01); Ada in the allotment
//   wave 2 (2026-06-10): ties Ada–Bea, Ada–Eve, Dan–Eve; Ada and Dan in the allotment
//   Fay has no ties at either wave.
//
//   wave 2 answers   UCLA-3   raw  SWEMWBS              raw  metric  contacts
//   Ada              1 1 1     3   4 4 4 4 4 4 4         28  25.03   2
//   Bea              2 2 2     6   3 3 3 3 3 3 3         21  19.25   1
//   Cal              3 3 3     9   2 2 2 2 2 2 2         14  15.32   0 + 1 name not matched = 1
//   Dan              1 2 1     4   3 3 3 3 3 3 4         22  19.98   1
//   Eve              1 1 2     4   4 4 4 4 4 4 3         27  24.11   2
//   + one refusal and one interview still in progress.
//   wave 1 answers: Ada SWEMWBS 27 (24.11), UCLA 4; Bea 21 (19.25), UCLA 7;
//   Cal 20 (18.59), UCLA 6; Fay 14 (15.32), UCLA 9.
#include "api/api_fixture.hpp"
#include "support/server.hpp"

namespace kith::test {
namespace {

constexpr double kWaveTol = 1e-9;

json neighbours_definition() {
  return json{{"title", {{"en", "Neighbours"}}},
              {"sections",
               {{{"kind", "name_generator"},
                 {"key", "confide"},
                 {"prompt", {{"en", "Who do you talk to about things that matter to you?"}}},
                 {"max_names", 3},
                 {"interpreters", {"closeness"}}},
                {{"kind", "scale"}, {"scale", "ucla3"}},
                {{"kind", "scale"}, {"scale", "swemwbs"}}}}};
}

class WaveReport : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area = create_area("Harehills")["id"];
    for (const char* name : {"Ada", "Bea", "Cal", "Dan", "Eve", "Fay"})
      people[name] = create_person(area, name, {{"consent_status", "given"}, {"consent_scope", {"research"}},
                                                {"consent_date", "2026-01-01"}})["id"];
    tie("Ada", "Bea", "2026-01-10", "");
    tie("Ada", "Cal", "2026-01-10", "2026-03-01");
    tie("Ada", "Eve", "2026-06-10", "");
    tie("Dan", "Eve", "2026-06-10", "");
    const std::string allotment = create(coll(area, "groups"), {{"name", "Allotment society"}, {"kind", "club"}})["id"];
    for (const auto& [who, from] : {std::pair{"Ada", "2026-01-10"}, std::pair{"Dan", "2026-06-10"}})
      create(coll(area, "affiliations"), {{"person_id", people[who]}, {"group_id", allotment}, {"role", "member"}, {"valid_from", from}});
    const std::string instrument = create(base() + "/instruments", {{"name", "Neighbours"}, {"definition", neighbours_definition()}})["id"];
    EXPECT_EQ(http().patch(base() + "/instruments/" + instrument, {{"status", "published"}}).status, 200);
    first = wave("Baseline", instrument, "2026-01-10");
    second = wave("Follow-up 1", instrument, "2026-06-10");
    complete(first, "Ada", {1, 1, 2}, {4, 4, 4, 4, 4, 4, 3});
    complete(first, "Bea", {2, 2, 3}, {3, 3, 3, 3, 3, 3, 3});
    complete(first, "Cal", {2, 2, 2}, {3, 3, 3, 3, 3, 3, 2});
    complete(first, "Fay", {3, 3, 3}, {2, 2, 2, 2, 2, 2, 2});
    complete(second, "Ada", {1, 1, 1}, {4, 4, 4, 4, 4, 4, 4});
    complete(second, "Bea", {2, 2, 2}, {3, 3, 3, 3, 3, 3, 3});
    complete(second, "Cal", {3, 3, 3}, {2, 2, 2, 2, 2, 2, 2}, "Joan from church");
    complete(second, "Dan", {1, 2, 1}, {3, 3, 3, 3, 3, 3, 4});
    complete(second, "Eve", {1, 1, 2}, {4, 4, 4, 4, 4, 4, 3});
    send(second, "refused-at-the-door-0001", {{"status", "refused"}});
    send(second, "still-in-progress-00001", {{"consent", {{"status", "given"}, {"scope", {"research"}}}}});
  }

  std::string base() const { return area_path(area) + "/survey"; }

  void tie(const char* a, const char* b, const std::string& from, const std::string& to) {
    json extra = {{"valid_from", from}, {"evidence", "survey"}};
    if (!to.empty()) extra["valid_to"] = to;
    create_tie(area, people[a], people[b], extra);
  }

  std::string wave(const std::string& label, const std::string& instrument, const std::string& day) {
    return create(base() + "/waves", {{"label", label}, {"instrument_id", instrument}, {"fieldwork_date", day}})["id"];
  }

  void send(const std::string& wave, const std::string& key, json body) {
    body["batch"] = key + "-batch";
    body["base_revision"] = 0;
    HttpReply r = http().send("PUT", base() + "/waves/" + wave + "/interviews/" + key, body.dump(), "application/json");
    EXPECT_EQ(r.status, 201) << r.body;
  }

  void complete(const std::string& wave, const char* who, json ucla, json swemwbs, const std::string& named = "") {
    json answers = {{"scales", {{"ucla3", ucla}, {"swemwbs", swemwbs}}}};
    if (!named.empty()) answers["names"] = {{"confide", {{{"said", named}}}}};
    send(wave, std::string(who) + "-" + wave.substr(3, 12) + "-interview",
         {{"respondent", {{"person_id", people[who]}}},
          {"consent", {{"status", "given"}, {"scope", {"research"}}}},
          {"status", "completed"},
          {"answers", answers}});
  }

  json report(HttpClient& as) {
    HttpReply r = as.get(base() + "/waves/" + second + "/report");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  static const json& row(const json& table, const std::string& group) {
    for (const auto& r : table)
      if (r["group"] == group) return r;
    static const json none;
    ADD_FAILURE() << "no row " << group;
    return none;
  }

  std::string name_of(const json& person) { return person["name"].get<std::string>(); }

  std::string area, first, second;
  std::map<std::string, std::string> people;
};

TEST_F(WaveReport, CountsTheDoorsAndWhoWasSurveyed) {
  const json r = report(http());
  EXPECT_EQ(r["wave"]["label"], "Follow-up 1");
  EXPECT_EQ(r["response"]["started"]["count"], 7);
  EXPECT_EQ(r["response"]["completed"]["count"], 5);
  EXPECT_EQ(r["response"]["refused"]["count"], 1);
  EXPECT_EQ(r["response"]["in_progress"]["count"], 1);
  // stats.binomtest(5, 6).proportion_ci(method='wilson')
  EXPECT_NEAR(r["response"]["response_rate"]["value"].get<double>(), 5.0 / 6, kWaveTol);
  EXPECT_NEAR(r["response"]["response_rate"]["lower"].get<double>(), 0.43649717781352976, kWaveTol);
  EXPECT_NEAR(r["response"]["response_rate"]["upper"].get<double>(), 0.9699466302516933, kWaveTol);
  // Six people; Cal and Fay have no ties on 2026-06-10 (Cal's tie ended), Bea and Dan one.
  EXPECT_EQ(row(r["coverage"], "everyone")["people"]["count"], 6);
  EXPECT_EQ(row(r["coverage"], "everyone")["surveyed"]["count"], 5);
  EXPECT_EQ(row(r["coverage"], "no_ties")["people"]["count"], 2);
  EXPECT_EQ(row(r["coverage"], "no_ties")["surveyed"]["count"], 1);
  EXPECT_EQ(row(r["coverage"], "one_tie")["people"]["count"], 2);
  EXPECT_EQ(row(r["coverage"], "one_tie")["surveyed"]["count"], 2);
  EXPECT_EQ(r["unresolved_names"]["count"], 1);      // "Joan from church"
  EXPECT_EQ(r["named_not_interviewed"]["count"], 0);  // no name was matched yet
  EXPECT_EQ(r["network"]["graph"]["people"], 6);
  EXPECT_EQ(r["network"]["graph"]["ties"], 3);
}

TEST_F(WaveReport, WellbeingByContactsHasIntervalsAndCorrelations) {
  const json r = report(http());
  // 1 contact: Bea, Cal (a name not matched still counts), Dan.
  const json& one = row(r["by_contacts"], "1");
  EXPECT_EQ(one["respondents"]["count"], 3);
  // m = mean([19.25, 15.32, 19.98]); stats.t.interval(0.95, 2, loc=m, scale=stats.sem(...))
  EXPECT_NEAR(one["swemwbs_mean"]["value"].get<double>(), 18.183333333333334, kWaveTol);
  EXPECT_NEAR(one["swemwbs_mean"]["lower"].get<double>(), 11.956995240778294, kWaveTol);
  EXPECT_NEAR(one["swemwbs_mean"]["upper"].get<double>(), 24.409671425888373, kWaveTol);
  // Bea (6) and Cal (9) lonely of 3: binomtest(2, 3).proportion_ci(method='wilson')
  EXPECT_NEAR(one["lonely_share"]["value"].get<double>(), 2.0 / 3, kWaveTol);
  EXPECT_NEAR(one["lonely_share"]["lower"].get<double>(), 0.20765960080204782, kWaveTol);
  EXPECT_NEAR(one["lonely_share"]["upper"].get<double>(), 0.9385080552796038, kWaveTol);
  const json& two = row(r["by_contacts"], "2-3");
  EXPECT_EQ(two["respondents"]["count"], 2);
  EXPECT_NEAR(two["swemwbs_mean"]["value"].get<double>(), 24.57, kWaveTol);
  EXPECT_NEAR(two["swemwbs_mean"]["lower"].get<double>(), 18.725145821241227, 1e-8);
  EXPECT_EQ(two["lonely_share"]["value"], 0.0);
  EXPECT_EQ(row(r["by_contacts"], "0")["respondents"]["count"], 0);
  EXPECT_TRUE(row(r["by_contacts"], "0")["swemwbs_mean"]["value"].is_null());
  EXPECT_EQ(row(r["by_contacts"], "0")["swemwbs_mean"]["why_not"], "too_few_answers");
  // The network alone says Cal has no ties: the isolation classes are the engine's.
  EXPECT_EQ(row(r["by_isolation"], "no_ties")["respondents"]["count"], 1);
  EXPECT_NEAR(row(r["by_isolation"], "no_ties")["swemwbs_mean"]["value"].get<double>(), 15.32, kWaveTol);
  // stats.pearsonr([2,1,1,1,2], [25.03,19.25,15.32,19.98,24.11]) and its confidence_interval()
  const json& pearson = r["correlations"]["contacts_swemwbs_pearson"];
  EXPECT_EQ(pearson["n"], 5);
  EXPECT_NEAR(pearson["value"].get<double>(), 0.888989275078701, kWaveTol);
  EXPECT_NEAR(pearson["p"].get<double>(), 0.0436530063955845, 1e-10);
  EXPECT_NEAR(pearson["lower"].get<double>(), 0.031171260116482205, kWaveTol);
  EXPECT_NEAR(pearson["upper"].get<double>(), 0.9926752768859587, kWaveTol);
  // stats.spearmanr([2,1,1,1,2], [3,6,9,4,4])
  const json& spearman = r["correlations"]["contacts_ucla3_spearman"];
  EXPECT_NEAR(spearman["value"].get<double>(), -0.7404360971988655, kWaveTol);
  EXPECT_NEAR(spearman["p"].get<double>(), 0.15241342675557878, 1e-10);
}

TEST_F(WaveReport, NamesWhatChangedSinceTheWaveBefore) {
  const json r = report(http());
  const json& c = r["change"];
  EXPECT_EQ(c["previous_wave"]["id"], first);
  EXPECT_EQ(c["ties_gained"]["count"], 2);
  EXPECT_EQ(c["ties_lost"]["count"], 1);
  std::set<std::set<std::string>> gained, lost;
  for (const auto& t : c["gained"]) gained.insert({name_of(t[0]), name_of(t[1])});
  for (const auto& t : c["lost"]) lost.insert({name_of(t[0]), name_of(t[1])});
  EXPECT_EQ(gained, (std::set<std::set<std::string>>{{"Ada", "Eve"}, {"Dan", "Eve"}}));
  EXPECT_EQ(lost, (std::set<std::set<std::string>>{{"Ada", "Cal"}}));
  ASSERT_EQ(c["isolated_now"].size(), 1u);
  EXPECT_EQ(name_of(c["isolated_now"][0]), "Cal");
  std::set<std::string> back;
  for (const auto& p : c["reconnected_now"]) back.insert(name_of(p));
  EXPECT_EQ(back, (std::set<std::string>{"Dan", "Eve"}));
  ASSERT_EQ(c["groups_and_places"].size(), 1u);
  const json& allotment = c["groups_and_places"][0];
  EXPECT_EQ(allotment["name"], "Allotment society");
  EXPECT_EQ(allotment["members_before"]["count"], 1);
  EXPECT_EQ(allotment["members_after"]["count"], 2);
  EXPECT_EQ(allotment["joined"]["count"], 1);
  EXPECT_EQ(allotment["left"]["count"], 0);
  // Ada, Bea and Cal answered both waves (Fay only the first, Dan and Eve only the second).
  const json& p = r["paired"];
  EXPECT_EQ(p["people"]["count"], 3);
  // stats.ttest_rel([25.03,19.25,15.32], [24.11,19.25,18.59]) and its confidence_interval()
  EXPECT_NEAR(p["swemwbs_change"]["value"].get<double>(), -0.7833333333333327, kWaveTol);
  EXPECT_NEAR(p["swemwbs_change"]["p"].get<double>(), 0.6005913163537824, 1e-10);
  EXPECT_NEAR(p["swemwbs_change"]["lower"].get<double>(), -6.253646740916076, 1e-8);
  EXPECT_NEAR(p["swemwbs_change"]["upper"].get<double>(), 4.686980074249411, 1e-8);
  // Bea and Cal lonely at both waves, Ada at neither: nobody changed, McNemar p = 1.
  EXPECT_EQ(p["lonely"]["both_waves"]["count"], 2);
  EXPECT_EQ(p["lonely"]["neither"]["count"], 1);
  EXPECT_EQ(p["lonely"]["mcnemar_p"], 1.0);
  // The first wave has nothing before it.
  const json baseline = http().get(base() + "/waves/" + first + "/report").json();
  EXPECT_TRUE(baseline["change"].is_null());
  EXPECT_TRUE(baseline["paired"].is_null());
}

TEST_F(WaveReport, ACommissionerSeesNobodyAndNoSmallNumber) {
  HttpClient commissioner = server().client();
  commissioner.use_token(add_user_with_token(db_.url, "comm", "commissioner", area));
  const json r = report(commissioner);
  EXPECT_TRUE(r["aggregates_only"].get<bool>());
  EXPECT_EQ(r["response"]["completed"]["count"], 5);
  EXPECT_TRUE(r["response"]["refused"]["suppressed"].get<bool>());
  EXPECT_TRUE(r["response"]["refused"]["count"].is_null());
  EXPECT_EQ(r["response"]["refused"]["shown"], "<5");
  const json& one = row(r["by_contacts"], "1");
  EXPECT_TRUE(one["suppressed"].get<bool>());
  EXPECT_TRUE(one["swemwbs_mean"]["value"].is_null());
  EXPECT_EQ(one["swemwbs_mean"]["why_not"], "withheld");
  EXPECT_EQ(one["swemwbs_mean"]["n"], 0);  // not even how many answers it rests on
  EXPECT_TRUE(one["lonely_share"]["value"].is_null());
  // A band nobody is in was never worked out: nothing is withheld there.
  EXPECT_EQ(row(r["by_contacts"], "0")["swemwbs_mean"]["why_not"], "too_few_answers");
  // Five respondents: the correlation rests on enough people to be shown.
  EXPECT_NEAR(r["correlations"]["contacts_swemwbs_pearson"]["value"].get<double>(), 0.888989275078701, kWaveTol);
  const json& c = r["change"];
  EXPECT_TRUE(c["gained"].empty());
  EXPECT_TRUE(c["lost"].empty());
  EXPECT_TRUE(c["isolated_now"].empty());
  EXPECT_TRUE(c["reconnected_now"].empty());
  EXPECT_TRUE(c["ties_gained"]["suppressed"].get<bool>());
  EXPECT_TRUE(c["became_isolated"]["suppressed"].get<bool>());
  EXPECT_TRUE(r["paired"]["people"]["suppressed"].get<bool>());
  EXPECT_TRUE(r["paired"]["swemwbs_change"]["value"].is_null());
  EXPECT_TRUE(r["paired"]["lonely"]["mcnemar_p"].is_null());
  // Nobody's id or name anywhere in the answer, JSON or CSV.
  HttpReply csv = commissioner.get(base() + "/waves/" + second + "/report?format=csv");
  ASSERT_EQ(csv.status, 200);
  for (const auto& [name, id] : people) {
    EXPECT_EQ(r.dump().find(id), std::string::npos) << name;
    EXPECT_EQ(r.dump().find("\"" + name + "\""), std::string::npos) << name;
    EXPECT_EQ(csv.body.find(id), std::string::npos) << name;
  }
}

TEST_F(WaveReport, TheCsvGivesTheSameFiguresAsTheJson) {
  HttpReply csv = http().get(base() + "/waves/" + second + "/report?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
  // Follow-up 1 is ordinal 1 (the baseline is 0).
  EXPECT_NE(csv.header("Content-Disposition").find("wave-1-report.csv"), std::string::npos) << csv.header("Content-Disposition");
  EXPECT_EQ(csv.body.rfind("table,group,measure,count,value,lower,upper,shown,note\r\n", 0), 0u);
  EXPECT_NE(csv.body.find("response,,completed,5,,,,5,\r\n"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("by_contacts,1,swemwbs_mean,3,18.183333333333334,"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("correlation,,contacts_ucla3_spearman,5,-0.740436097198865"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("groups_and_places,Allotment society,joined,1,"), std::string::npos);
}

TEST_F(WaveReport, AnotherAreasWaveIsNotFound) {
  const std::string elsewhere = create_area("Gipton")["id"];
  HttpReply r = http().get(area_path(elsewhere) + "/survey/waves/" + second + "/report");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(http().get(base() + "/waves/" + second + "/report?format=pdf").status, 400);
}

}  // namespace
}  // namespace kith::test
