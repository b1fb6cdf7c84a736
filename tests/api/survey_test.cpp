// Surveys over HTTP (issue 11): instruments are versioned and frozen once
// published; waves use a published instrument; interviews come from devices
// that may resend anything (a repeated batch changes nothing), and a copy
// changed on another device is a conflict, never overwritten. A completed
// interview records the respondent's consent and the groups they ticked in
// the register, dated from the wave. Expected values are worked out by hand
// in the comments (scores: docs/measures.md, the publishers' rules).
#include <set>
#include <thread>

#include "api/api_fixture.hpp"

namespace kith::test {
namespace {

json definition() {
  return json{{"title", {{"en", "Connections survey"}, {"cy", "Arolwg cysylltiadau"}}},
              {"sections",
               {{{"kind", "name_generator"},
                 {"key", "confide"},
                 {"prompt", {{"en", "Who do you talk to about things that matter to you?"}}},
                 {"max_names", 3},
                 {"interpreters", {"relationship", "closeness", "frequency"}}},
                {{"kind", "roster"}, {"key", "groups"}, {"of", "groups"}, {"ask_frequency", true}},
                {{"kind", "scale"}, {"scale", "ucla3"}},
                {{"kind", "scale"}, {"scale", "swemwbs"}},
                {{"kind", "demographics"}, {"fields", {"birth_band"}}},
                {{"kind", "free_text"}, {"key", "help"}, {"prompt", {{"en", "What would help you feel more connected?"}}}}}}};
}

class Survey : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area = create_area("Chapeltown")["id"];
    choir = create(coll(area, "groups"), {{"name", "Chapeltown Choir"}, {"kind", "club"}})["id"];
  }

  std::string base() const { return area_path(area) + "/survey"; }

  std::string published_instrument() {
    const json made = create(base() + "/instruments", {{"name", "Connections"}, {"definition", definition()}});
    const std::string id = made.value("id", "");
    HttpReply r = http().patch(base() + "/instruments/" + id, {{"status", "published"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return id;
  }

  std::string open_wave() {
    const std::string instrument = published_instrument();
    return create(base() + "/waves",
                  {{"label", "Baseline"}, {"instrument_id", instrument}, {"fieldwork_date", "2026-11-01"}})
        .value("id", "");
  }

  std::string interview_path(const std::string& wave, const std::string& key) const {
    return base() + "/waves/" + wave + "/interviews/" + key;
  }

  HttpReply put(const std::string& wave, const std::string& key, const json& body) {
    return http().send("PUT", interview_path(wave, key), body.dump(), "application/json");
  }

  static json consented() { return json{{"status", "given"}, {"scope", {"research"}}}; }

  std::string area, choir;
};

const std::string kKey = "3f2b8c1e-0d4a-4c5e-9a7b-1c2d3e4f5a6b";
const std::string kOtherKey = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

TEST_F(Survey, AnInstrumentIsADraftUntilPublishedAndThenNeverChanges) {
  const json made = create(base() + "/instruments", {{"name", "Connections"}, {"definition", definition()}});
  EXPECT_EQ(made["version"], 1);
  EXPECT_EQ(made["status"], "draft");
  EXPECT_EQ(made["definition"], definition());
  const std::string id = made["id"];

  json changed = definition();
  changed["sections"][0]["max_names"] = 5;
  HttpReply edit = http().patch(base() + "/instruments/" + id, {{"definition", changed}});
  ASSERT_EQ(edit.status, 200) << edit.body;
  EXPECT_EQ(edit.json()["definition"]["sections"][0]["max_names"], 5);

  HttpReply publish = http().patch(base() + "/instruments/" + id, {{"status", "published"}});
  ASSERT_EQ(publish.status, 200) << publish.body;
  EXPECT_EQ(publish.json()["status"], "published");
  EXPECT_TRUE(publish.json()["published_at"].is_string());

  HttpReply late = http().patch(base() + "/instruments/" + id, {{"definition", definition()}});
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(http().get(base() + "/instruments/" + id).json()["definition"]["sections"][0]["max_names"], 5);

  // The same name again is its next version; another name starts at 1.
  EXPECT_EQ(create(base() + "/instruments", {{"name", "Connections"}, {"definition", definition()}})["version"], 2);
  EXPECT_EQ(create(base() + "/instruments", {{"name", "Short form"}, {"definition", definition()}})["version"], 1);
  HttpReply list = http().get(base() + "/instruments");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json()["items"].size(), 3u);
  EXPECT_FALSE(list.json()["items"][0].contains("definition"));  // the list is a summary
}

// Two designers open draft revision 1; the first saves (revision 2), the
// second saves on revision 1 and is refused, naming the revision: the
// first's change stands. A change that names no revision is taken (the CLI
// and scripts), and a revision that is not a whole number is refused.
TEST_F(Survey, ADraftSavedBySomeoneElseIsNotOverwritten) {
  const json made = create(base() + "/instruments", {{"name", "Connections"}, {"definition", definition()}});
  EXPECT_EQ(made["revision"], 1);
  const std::string path = base() + "/instruments/" + made["id"].get<std::string>();
  json first = definition(), second = definition();
  first["sections"][0]["max_names"] = 5;
  second["sections"][0]["max_names"] = 7;

  HttpReply a = http().patch(path, {{"definition", first}, {"revision", 1}});
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json()["revision"], 2);
  HttpReply b = http().patch(path, {{"definition", second}, {"revision", 1}});
  EXPECT_EQ(b.status, 409) << b.body;
  EXPECT_EQ(b.json()["error"]["field"], "revision") << b.body;
  json now = http().get(path).json();
  EXPECT_EQ(now["definition"]["sections"][0]["max_names"], 5);
  EXPECT_EQ(now["revision"], 2);

  for (const json& bad : {json("2"), json(0), json(2.5), json(nullptr)}) {
    HttpReply r = http().patch(path, {{"definition", second}, {"revision", bad}});
    EXPECT_EQ(r.status, 400) << bad.dump() << " " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], "revision") << r.body;
  }
  HttpReply unnamed = http().patch(path, {{"definition", second}});
  ASSERT_EQ(unnamed.status, 200) << unnamed.body;
  EXPECT_EQ(unnamed.json()["revision"], 3);
  // Publishing is a change too: it moves the revision on.
  HttpReply publish = http().patch(path, {{"status", "published"}, {"revision", 3}});
  ASSERT_EQ(publish.status, 200) << publish.body;
  EXPECT_EQ(publish.json()["revision"], 4);
}

// Eight designers save one draft at the same moment, all on revision 1:
// exactly one is taken, the others are refused, and the draft is that one's.
TEST_F(Survey, ConcurrentSavesOfOneDraftTakeExactlyOne) {
  const json made = create(base() + "/instruments", {{"name", "Connections"}, {"definition", definition()}});
  const std::string path = base() + "/instruments/" + made["id"].get<std::string>();
  constexpr int kDesigners = 8;
  std::vector<int> statuses(kDesigners);
  std::vector<std::thread> workers;
  for (int t = 0; t < kDesigners; ++t) {
    workers.emplace_back([&, t] {
      HttpClient client = server().client();
      json d = definition();
      d["sections"][0]["max_names"] = 2 + t;
      statuses[t] = client.patch(path, {{"definition", d}, {"revision", 1}}).status;
    });
  }
  for (auto& w : workers) w.join();
  int taken = -1;
  for (int t = 0; t < kDesigners; ++t) {
    if (statuses[t] == 200) {
      EXPECT_EQ(taken, -1) << "designers " << taken << " and " << t << " were both taken";
      taken = t;
    } else {
      EXPECT_EQ(statuses[t], 409) << "designer " << t;
    }
  }
  ASSERT_NE(taken, -1);
  json now = http().get(path).json();
  EXPECT_EQ(now["revision"], 2);
  EXPECT_EQ(now["definition"]["sections"][0]["max_names"], 2 + taken);
}

TEST_F(Survey, ABadDefinitionIsRefusedNamingTheField) {
  struct Case {
    std::function<void(json&)> spoil;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](json& d) { d["sections"][0]["max_names"] = 0; }, "definition.sections[0].max_names"},
      {[](json& d) { d["sections"][0]["max_names"] = 21; }, "definition.sections[0].max_names"},
      {[](json& d) { d["sections"][0]["max_name"] = 3; }, "definition.sections[0].max_name"},
      {[](json& d) { d["sections"][0]["interpreters"] = {"closeness", "mood"}; }, "definition.sections[0].interpreters[1]"},
      {[](json& d) { d["sections"][0]["prompt"] = {{"cy", "Pwy?"}}; }, "definition.sections[0].prompt.en"},
      {[](json& d) { d["sections"][0]["prompt"]["fr"] = "Qui?"; }, "definition.sections[0].prompt.fr"},
      {[](json& d) { d["sections"][1]["of"] = "pubs"; }, "definition.sections[1].of"},
      {[](json& d) { d["sections"][2]["scale"] = "ucla20"; }, "definition.sections[2].scale"},
      {[](json& d) { d["sections"][3]["scale"] = "ucla3"; }, "definition.sections[3].key"},  // asked twice
      {[](json& d) { d["sections"][4]["fields"] = {"religion"}; }, "definition.sections[4].fields[0]"},
      {[](json& d) { d["sections"][5]["key"] = "Help!"; }, "definition.sections[5].key"},
      {[](json& d) { d["sections"][5]["kind"] = "essay"; }, "definition.sections[5].kind"},
      {[](json& d) { d["sections"] = json::array(); }, "definition.sections"},
      {[](json& d) { d.erase("title"); }, "definition.title"},
  };
  for (const Case& c : cases) {
    json d = definition();
    c.spoil(d);
    HttpReply r = http().post(base() + "/instruments", {{"name", "Connections"}, {"definition", d}});
    EXPECT_EQ(r.status, 400) << c.field << " -> " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], c.field) << r.body;
  }
  HttpReply unnamed = http().post(base() + "/instruments", {{"name", "  "}, {"definition", definition()}});
  EXPECT_EQ(unnamed.json()["error"]["field"], "name");
  EXPECT_EQ(http().get(base() + "/instruments").json()["items"].size(), 0u);  // nothing was written
}

TEST_F(Survey, AWaveUsesAPublishedInstrumentAndCarriesWhatADeviceNeeds) {
  const json draft = create(base() + "/instruments", {{"name", "Draft"}, {"definition", definition()}});
  HttpReply refused = http().post(base() + "/waves", {{"label", "Baseline"}, {"instrument_id", draft["id"]},
                                                     {"fieldwork_date", "2026-11-01"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.json()["error"]["field"], "instrument_id");
  HttpReply bad_date = http().post(base() + "/waves", {{"label", "Baseline"}, {"instrument_id", draft["id"]},
                                                      {"fieldwork_date", "2026-02-30"}});
  EXPECT_EQ(bad_date.json()["error"]["field"], "fieldwork_date");

  const std::string instrument = published_instrument();
  const json baseline = create(base() + "/waves", {{"label", "Baseline"}, {"instrument_id", instrument},
                                                   {"fieldwork_date", "2026-11-01"}});
  EXPECT_EQ(baseline["ordinal"], 0);
  EXPECT_EQ(baseline["status"], "open");
  const json follow = create(base() + "/waves", {{"label", "Follow-up 1"}, {"instrument_id", instrument},
                                                 {"fieldwork_date", "2027-05-01"}});
  EXPECT_EQ(follow["ordinal"], 1);

  HttpReply bundle = http().get(base() + "/waves/" + baseline["id"].get<std::string>());
  ASSERT_EQ(bundle.status, 200) << bundle.body;
  EXPECT_EQ(bundle.json()["instrument"]["definition"], definition());
  ASSERT_EQ(bundle.json()["groups"].size(), 1u);
  EXPECT_EQ(bundle.json()["groups"][0], (json{{"id", choir}, {"name", "Chapeltown Choir"}}));
  EXPECT_EQ(bundle.json()["places"], json::array());

  // A wave of another area is not found from this one.
  const std::string other = create_area("Harehills")["id"];
  EXPECT_EQ(http().get(area_path(other) + "/survey/waves/" + baseline["id"].get<std::string>()).status, 404);
}

TEST_F(Survey, ABatchSentTwiceChangesNothingTheSecondTime) {
  const std::string wave = open_wave();
  const json body{{"batch", "batch-0001-aaaaaaaaaaaa"}, {"base_revision", 0}, {"consent", consented()},
                  {"answers", {{"scales", {{"ucla3", {1, nullptr, 2}}}}}}};
  HttpReply first = put(wave, kKey, body);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json()["repeat"], false);
  EXPECT_EQ(first.json()["interview"]["revision"], 1);
  EXPECT_EQ(first.json()["interview"]["status"], "in_progress");

  HttpReply again = put(wave, kKey, body);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["repeat"], true);
  EXPECT_EQ(again.json()["interview"]["revision"], 1);

  // The next batch moves the revision on; resending the first still answers "seen".
  json next = body;
  next["batch"] = "batch-0002-aaaaaaaaaaaa";
  next["base_revision"] = 1;
  next["answers"]["scales"]["ucla3"] = {1, 1, 2};
  ASSERT_EQ(put(wave, kKey, next).json()["interview"]["revision"], 2);
  EXPECT_EQ(put(wave, kKey, body).json()["repeat"], true);
  const json stored = http().get(interview_path(wave, kKey)).json();
  EXPECT_EQ(stored["revision"], 2);
  EXPECT_EQ(stored["answers"]["scales"]["ucla3"], (json{1, 1, 2}));

  HttpReply list = http().get(base() + "/waves/" + wave + "/interviews");
  ASSERT_EQ(list.json()["items"].size(), 1u);  // one interview, however often it was sent
  EXPECT_FALSE(list.json()["items"][0].contains("answers"));
}

TEST_F(Survey, ACopyChangedOnAnotherDeviceIsAConflictShowingWhatDiffers) {
  const std::string wave = open_wave();
  json a{{"batch", "device-a-batch-000001"}, {"base_revision", 0}, {"consent", consented()},
         {"answers", {{"scales", {{"ucla3", {1, 1, 1}}}}, {"text", {{"help", "A lift to the shops"}}}}}};
  ASSERT_EQ(put(wave, kKey, a).status, 201);
  // Device B saw revision 1 and changed the UCLA answers.
  json b = a;
  b["batch"] = "device-b-batch-000001";
  b["base_revision"] = 1;
  b["answers"]["scales"]["ucla3"] = {3, 3, 3};
  ASSERT_EQ(put(wave, kKey, b).json()["interview"]["revision"], 2);
  // Device A, still at revision 1, changes the free text.
  json late = a;
  late["batch"] = "device-a-batch-000002";
  late["base_revision"] = 1;
  late["answers"]["text"]["help"] = "Someone to walk with";
  HttpReply conflict = put(wave, kKey, late);
  ASSERT_EQ(conflict.status, 409) << conflict.body;
  EXPECT_EQ(conflict.json()["error"]["code"], "conflict");
  EXPECT_EQ(conflict.json()["server"]["revision"], 2);
  EXPECT_EQ(conflict.json()["server"]["answers"]["scales"]["ucla3"], (json{3, 3, 3}));
  // A's copy differs from the server's in both its text and the UCLA answers B changed.
  EXPECT_EQ(conflict.json()["differs"], (json{"answers.scales.ucla3", "answers.text.help"}));
  EXPECT_EQ(http().get(interview_path(wave, kKey)).json()["answers"]["text"]["help"], "A lift to the shops");

  // Keeping A's answers: resend against the server's revision.
  late["batch"] = "device-a-batch-000003";
  late["base_revision"] = 2;
  HttpReply kept = put(wave, kKey, late);
  ASSERT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(kept.json()["interview"]["revision"], 3);
  EXPECT_EQ(kept.json()["interview"]["answers"]["text"]["help"], "Someone to walk with");
}

TEST_F(Survey, AnswersAreCheckedAgainstTheInstrumentAndConsentComesFirst) {
  const std::string wave = open_wave();
  struct Case {
    json body;
    std::string field;
  };
  const json no_consent{{"status", "not_asked"}};
  const std::vector<Case> cases = {
      {{{"batch", "case-batch-0000000001"}, {"answers", {{"scales", {{"ucla3", {1, 2, 3}}}}}}}, "consent.status"},
      {{{"batch", "case-batch-0000000002"}, {"consent", consented()}, {"answers", {{"scales", {{"ucla3", {1, 4, 3}}}}}}},
       "answers.scales.ucla3[1]"},
      {{{"batch", "case-batch-0000000003"}, {"consent", consented()}, {"answers", {{"scales", {{"ucla3", {1, 2}}}}}}},
       "answers.scales.ucla3"},
      {{{"batch", "case-batch-0000000004"}, {"consent", consented()}, {"answers", {{"scales", {{"wemwbs", json::array()}}}}}},
       "answers.scales.wemwbs"},
      {{{"batch", "case-batch-0000000005"},
        {"consent", consented()},
        {"answers", {{"names", {{"confide", {{{"said", "Mary at 12"}, {"closeness", 6}}}}}}}}},
       "answers.names.confide[0].closeness"},
      {{{"batch", "case-batch-0000000006"},
        {"consent", consented()},
        {"answers", {{"names", {{"confide", {{{"said", "Mary"}, {"nearby", true}}}}}}}}},  // not asked
       "answers.names.confide[0].nearby"},
      {{{"batch", "case-batch-0000000007"},
        {"consent", consented()},
        {"answers", {{"names", {{"confide", {{{"said", "A"}}, {{"said", "B"}}, {{"said", "C"}}, {{"said", "D"}}}}}}}}},
       "answers.names.confide"},
      {{{"batch", "case-batch-0000000008"}, {"consent", consented()}, {"answers", {{"rosters", {{"groups", {{{"id", "pl_aaaaaaaaaaaaaaaaaaaa"}}}}}}}}},
       "answers.rosters.groups[0].id"},
      {{{"batch", "case-batch-0000000009"}, {"consent", consented()}, {"answers", {{"demographics", {{"birth_band", "1955"}}}}}},
       "answers.demographics.birth_band"},
      {{{"batch", "case-batch-0000000010"}, {"consent", {{"status", "given"}, {"scope", {"marketing"}}}}}, "consent.scope[0]"},
      {{{"batch", "case-batch-0000000011"}, {"consent", consented()}, {"status", "completed"}}, "respondent"},
      {{{"batch", "short"}, {"consent", consented()}}, "batch"},
      {{{"batch", "case-batch-0000000014"}, {"consent", consented()}, {"respondent", {{"person_id", "pe_aaaaaaaaaaaaaaaaaaaa"}}}},
       "respondent.person_id"},
      {{{"batch", "case-batch-0000000012"}, {"base_revision", 4}, {"consent", consented()}}, "base_revision"},
  };
  for (const Case& c : cases) {
    HttpReply r = put(wave, kKey, c.body);
    EXPECT_EQ(r.status, 400) << c.field << " -> " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], c.field) << r.body;
  }
  EXPECT_EQ(http().get(base() + "/waves/" + wave + "/interviews").json()["items"].size(), 0u);
  EXPECT_EQ(put(wave, "too-short", {{"batch", "case-batch-0000000013"}}).json()["error"]["field"], "id");
}

TEST_F(Survey, ACompletedInterviewRecordsConsentScoresAndTickedGroupsInTheRegister) {
  const std::string wave = open_wave();
  const json body{
      {"batch", "complete-batch-000001"},
      {"base_revision", 0},
      {"respondent", {{"display_name", "Ada Lovelace"}, {"household", "7 Cowper Street"}}},
      {"consent", {{"status", "given"}, {"scope", {"research", "suggestions"}}}},
      {"language", "cy"},
      {"status", "completed"},
      {"answers",
       {{"names", {{"confide", {{{"said", "Mary at number 12"}, {"relationship", "neighbour"}, {"closeness", 4}}}}}},
        {"rosters", {{"groups", {{{"id", choir}, {"frequency", "weekly"}}}}}},
        // UCLA-3: 2 + 2 + 3 = 7, lonely (6–9).
        {"scales", {{"ucla3", {2, 2, 3}}, {"swemwbs", {3, 3, 3, 3, 3, 3, nullptr}}}},
        {"demographics", {{"birth_band", "1950s"}}}}}};
  HttpReply done = put(wave, kKey, body);
  ASSERT_EQ(done.status, 201) << done.body;
  const json iv = done.json()["interview"];
  EXPECT_EQ(iv["status"], "completed");
  EXPECT_TRUE(iv["completed_at"].is_string());
  EXPECT_EQ(iv["language"], "cy");
  EXPECT_EQ(iv["scores"]["ucla3"]["raw"], 7);
  EXPECT_EQ(iv["scores"]["ucla3"]["category"], "lonely");
  // SWEMWBS with item 7 unanswered: not scored, and item 7 named as missing.
  EXPECT_TRUE(iv["scores"]["swemwbs"]["raw"].is_null());
  EXPECT_TRUE(iv["scores"]["swemwbs"]["metric_hundredths"].is_null());
  EXPECT_EQ(iv["scores"]["swemwbs"]["missing"], (json{7}));

  // The respondent is now a person of the register, with the consent taken.
  const std::string person = iv["person_id"];
  const json p = http().get(coll(area, "people") + "/" + person).json();
  EXPECT_EQ(p["display_name"], "Ada Lovelace");
  EXPECT_EQ(p["household"], "7 Cowper Street");
  EXPECT_EQ(p["birth_band"], "1950s");
  EXPECT_EQ(p["consent_status"], "given");
  EXPECT_EQ(p["consent_scope"], (json{"research", "suggestions"}));
  EXPECT_EQ(p["consent_date"], "2026-11-01");
  // … and a member of the choir she ticked, from the wave's fieldwork date.
  const auto affiliations = list_all(coll(area, "affiliations") + "?person=" + person);
  ASSERT_EQ(affiliations.size(), 1u);
  EXPECT_EQ(affiliations[0]["group_id"], choir);
  EXPECT_EQ(affiliations[0]["frequency"], "weekly");
  EXPECT_EQ(affiliations[0]["valid_from"], "2026-11-01");

  // Closed: a new batch cannot change it; the batch it came in is still "seen".
  json more = body;
  more["batch"] = "complete-batch-000002";
  more["base_revision"] = 1;
  EXPECT_EQ(put(wave, kKey, more).status, 409);
  EXPECT_EQ(put(wave, kKey, body).json()["repeat"], true);
  EXPECT_EQ(list_all(coll(area, "affiliations") + "?person=" + person).size(), 1u);
}

TEST_F(Survey, AnExistingRespondentKeepsTheirRecordAndAGroupTheyAreInIsNotAddedTwice) {
  const std::string wave = open_wave();
  const std::string ben = create_person(area, "Ben Okafor")["id"];
  create(coll(area, "affiliations"), {{"person_id", ben}, {"group_id", choir}, {"role", "member"}});
  const json body{{"batch", "existing-batch-000001"},
                  {"respondent", {{"person_id", ben}}},
                  {"consent", consented()},
                  {"status", "completed"},
                  {"answers", {{"rosters", {{"groups", {{{"id", choir}}}}}}}}};
  HttpReply done = put(wave, kKey, body);
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json()["interview"]["person_id"], ben);
  EXPECT_EQ(http().get(coll(area, "people") + "/" + ben).json()["consent_status"], "given");
  EXPECT_EQ(list_all(coll(area, "affiliations") + "?person=" + ben).size(), 1u);

  // A person of another area cannot be the respondent here.
  const std::string other = create_area("Harehills")["id"];
  const std::string stranger = create_person(other, "Cy Stranger")["id"];
  json wrong = body;
  wrong["batch"] = "existing-batch-000002";
  wrong["respondent"] = {{"person_id", stranger}};
  HttpReply refused = put(wave, kOtherKey, wrong);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json()["error"]["field"], "respondent.person_id");
  EXPECT_EQ(http().get(interview_path(wave, kOtherKey)).status, 404);  // nothing half-written
}

TEST_F(Survey, ARefusalKeepsNoAnswersAndAClosedWaveTakesNoInterviews) {
  const std::string wave = open_wave();
  HttpReply refused = put(wave, kKey, {{"batch", "refusal-batch-000001"}, {"consent", {{"status", "refused"}}},
                                       {"status", "refused"}});
  ASSERT_EQ(refused.status, 201) << refused.body;
  EXPECT_EQ(refused.json()["interview"]["status"], "refused");
  HttpReply with_answers = put(wave, kOtherKey, {{"batch", "refusal-batch-000002"}, {"consent", {{"status", "refused"}}},
                                                 {"status", "refused"},
                                                 {"answers", {{"text", {{"help", "x"}}}}}});
  EXPECT_EQ(with_answers.status, 400);

  ASSERT_EQ(http().patch(base() + "/waves/" + wave, {{"status", "closed"}}).status, 200);
  HttpReply late = put(wave, kOtherKey, {{"batch", "refusal-batch-000003"}, {"consent", consented()}});
  EXPECT_EQ(late.status, 409) << late.body;
}

TEST_F(Survey, ReadingInterviewsIsAudited) {
  const std::string wave = open_wave();
  ASSERT_EQ(put(wave, kKey, {{"batch", "audit-batch-00000001"}, {"consent", consented()}}).status, 201);
  ASSERT_EQ(http().get(interview_path(wave, kKey)).status, 200);
  HttpReply log = http().get(area_path(area) + "/audit");
  ASSERT_EQ(log.status, 200);
  std::set<std::string> actions;
  const json page = log.json();
  for (const json& row : page["items"])
    if (row["entity"] == "interview") actions.insert(row["action"].get<std::string>());
  EXPECT_EQ(actions, (std::set<std::string>{"create", "read"}));
}

TEST_F(Survey, TheScalesAreServedInTheirPublishersWording) {
  HttpReply r = http().get(kApi + "/survey/scales");
  ASSERT_EQ(r.status, 200);
  std::map<std::string, size_t> items;
  const json scales = r.json();
  for (const json& s : scales["items"]) items[s["name"]] = s["items"].size();
  EXPECT_EQ(items, (std::map<std::string, size_t>{{"ons4", 4}, {"ons_lonely", 1}, {"swemwbs", 7}, {"ucla3", 3}, {"wemwbs", 14}}));
  EXPECT_EQ(scales["items"][0]["items"][0], "How often do you feel that you lack companionship?");
}

}  // namespace
}  // namespace kith::test
