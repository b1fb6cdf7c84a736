// `kith survey import-netcanvas` (issue 11, "Interoperability"): interviews
// exported from Network Canvas as GraphML loaded into a wave, all or nothing.
// The fixture tests/data/netcanvas/two_sessions.graphml is written by hand in
// the shape Network Canvas's exporter writes; worked by hand from it
// (docs/surveys.md, "Network Canvas interviews"):
//   session …0001, case P001: respondent Grace Holt of 7 Elm Road (the ego's
//     name and household); UCLA-3 items 2, 3, 2 → raw 7, lonely; names given
//     to "confide": "Dave from the allotments" (friend, closeness 4, weekly;
//     nearby and favourite_colour are not asked, so not kept) and "Mary at
//     number 12" (closeness 2); the Venue node and the one tie between Dave
//     and Mary are left out
//   session …0002, case P002: respondent "Network Canvas case P002" (no ego
//     name); "Auntie Jo" (family; node type "person" is Person, case aside)
//   in all: 2 interviews, 3 names, 1 tie and 1 node left out
#include <fstream>
#include <sstream>

#include "api/api_fixture.hpp"
#include "support/run_command.hpp"

namespace kith::test {
namespace {

const std::string kSession1 = "6f1c2d3e-0000-4000-8000-000000000001";
const std::string kSession2 = "6f1c2d3e-0000-4000-8000-000000000002";

std::string fixture() {
  std::ifstream in(std::string(KITH_SOURCE_DIR) + "/tests/data/netcanvas/two_sessions.graphml");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class SurveyNetcanvas : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area = create_area("Elm Park")["id"];
    const json instrument = create(
        area_path(area) + "/survey/instruments",
        {{"name", "Networks"},
         {"definition",
          {{"title", {{"en", "Networks"}}},
           {"sections",
            {{{"kind", "name_generator"},
              {"key", "confide"},
              {"prompt", {{"en", "Who do you talk to about things that matter to you?"}}},
              {"max_names", 5},
              {"interpreters", {"relationship", "closeness", "frequency"}}},
             {{"kind", "scale"}, {"scale", "ucla3"}}}}}}});
    http().patch(area_path(area) + "/survey/instruments/" + instrument["id"].get<std::string>(), {{"status", "published"}});
    wave = create(area_path(area) + "/survey/waves",
                  {{"label", "Baseline"}, {"instrument_id", instrument["id"]}, {"fieldwork_date", "2026-11-01"}})["id"];
  }

  CommandRun import(const std::string& graphml, const std::string& extra = "--consent-scope research") {
    const std::string path = dir_.path() + "/export.graphml";
    std::ofstream(path) << graphml;
    return kith("survey import-netcanvas --wave " + wave + " --graphml " + path + " " + extra + " --db '" + db_.url + "'");
  }

  std::string wave_path() const { return area_path(area) + "/survey/waves/" + wave; }
  json interview(const std::string& session) { return http().get(wave_path() + "/interviews/nc-" + session).json(); }
  size_t interviews() { return http().get(wave_path() + "/interviews").json()["items"].size(); }

  std::string area, wave;
};

TEST_F(SurveyNetcanvas, EachSessionBecomesACompletedInterviewAsWorkedByHand) {
  const CommandRun run = import(fixture());
  ASSERT_EQ(run.code, 0) << run.out;
  EXPECT_NE(run.out.find("Imported 2 Network Canvas interviews"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("naming 3 people"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("1 tie between the people named left out"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("1 node of other types than Person left out"), std::string::npos) << run.out;

  const json grace = interview(kSession1);
  EXPECT_EQ(grace["status"], "completed");
  EXPECT_EQ(grace["scores"]["ucla3"]["raw"], 7);
  EXPECT_EQ(grace["scores"]["ucla3"]["category"], "lonely");
  EXPECT_EQ(grace["consent"]["scope"], json({"research"}));
  const json person = http().get(coll(area, "people") + "/" + grace["person_id"].get<std::string>()).json();
  EXPECT_EQ(person["display_name"], "Grace Holt");
  EXPECT_EQ(person["household"], "7 Elm Road");
  EXPECT_EQ(person["consent_status"], "given");
  const json jo = interview(kSession2);
  EXPECT_EQ(http().get(coll(area, "people") + "/" + jo["person_id"].get<std::string>()).json()["display_name"],
            "Network Canvas case P002");

  // The names wait in the review queue, with the interpreters the question asks.
  const json mentions = http().get(wave_path() + "/mentions").json()["items"];
  ASSERT_EQ(mentions.size(), 3u) << mentions.dump();
  std::map<std::string, json> by_said;
  for (const json& m : mentions) by_said[m["said"].get<std::string>()] = m;
  ASSERT_TRUE(by_said.contains("Dave from the allotments"));
  EXPECT_EQ(by_said["Dave from the allotments"]["generator"], "confide");
  EXPECT_EQ(by_said["Dave from the allotments"]["interpreters"],
            json({{"relationship", "friend"}, {"closeness", 4}, {"frequency", "weekly"}}));
  EXPECT_EQ(by_said["Mary at number 12"]["interpreters"], json({{"closeness", 2}}));
  EXPECT_EQ(by_said["Auntie Jo"]["interpreters"], json({{"relationship", "family"}}));
  EXPECT_EQ(by_said["Auntie Jo"]["respondent_id"], jo["person_id"]);

  // The same export again adds nothing.
  const CommandRun again = import(fixture());
  ASSERT_EQ(again.code, 0) << again.out;
  EXPECT_NE(again.out.find("Imported 0 Network Canvas interviews"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("2 interviews were already in the wave"), std::string::npos) << again.out;
  EXPECT_EQ(interviews(), 2u);
  EXPECT_EQ(http().get(wave_path() + "/mentions").json()["items"].size(), 3u);
}

TEST_F(SurveyNetcanvas, AValueKithCannotTakeImportsNothingAndNamesTheLine) {
  // The second session's alter (its <node> on line 66) has a closeness of 7:
  // the first session, good, is not written either.
  const std::string bad = replaced(fixture(), "<data key=\"c0de-relationship\">family</data>",
                                   "<data key=\"c0de-relationship\">family</data><data key=\"c0de-closeness\">7</data>");
  const CommandRun run = import(bad);
  EXPECT_EQ(run.code, 1) << run.out;
  EXPECT_NE(run.out.find("export.graphml line 66"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("closeness is \"7\""), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("nothing was imported"), std::string::npos) << run.out;
  EXPECT_EQ(interviews(), 0u);

  const CommandRun kind = import(replaced(fixture(), ">friend<", ">pal<"));
  EXPECT_EQ(kind.code, 1);
  EXPECT_NE(kind.out.find("relationship is \"pal\""), std::string::npos) << kind.out;
  const CommandRun item = import(replaced(fixture(), "<data key=\"8a2b-ucla-2\">3</data>", "<data key=\"8a2b-ucla-2\">4</data>"));
  EXPECT_EQ(item.code, 1);
  EXPECT_NE(item.out.find("ucla3_2"), std::string::npos) << item.out;
  const CommandRun nameless = import(replaced(fixture(), "<data key=\"label\">Auntie Jo</data>", ""));
  EXPECT_EQ(nameless.code, 1);
  EXPECT_NE(nameless.out.find("no label or name"), std::string::npos) << nameless.out;
  EXPECT_EQ(interviews(), 0u);
}

TEST_F(SurveyNetcanvas, AFileThatIsNotANetworkCanvasExportIsRefusedWithItsLine) {
  struct Case {
    std::string text, says;
  };
  const std::string f = fixture();
  const std::vector<Case> cases = {
      {replaced(f, "</graphml>", ""), "not well-formed XML"},
      {"<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [<!ENTITY a \"aaaa\">]>\n<graphml/>", "DOCTYPE"},
      {"<?xml version=\"1.0\"?>\n<gexf/>", "not a GraphML file"},
      {"", "empty"},
      {"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"/>", "no interview"},
      {replaced(f, " nc:sessionUUID=\"6f1c2d3e-0000-4000-8000-000000000002\"", ""), "has no nc:sessionUUID"},
      {replaced(f, kSession2, kSession1), "is in the file twice"},
      {replaced(f, "<data key=\"label\">Auntie Jo</data>", "<data key=\"nickname\">Jo</data>"),
       "<data key=\"nickname\"> names no <key>"},
      {replaced(f, "<edge id=\"1\" source=\"1\" target=\"2\">", "<edge id=\"1\" source=\"1\" target=\"9\">"),
       "joins a node the interview does not have"},
      {replaced(f, "6f1c2d3e-0000-4000-8000-000000000002", "a session; with spaces"), "is not one Network Canvas writes"},
  };
  for (const Case& c : cases) {
    const CommandRun run = import(c.text);
    EXPECT_EQ(run.code, 1) << c.says << "\n" << run.out;
    EXPECT_NE(run.out.find(c.says), std::string::npos) << run.out;
  }
  EXPECT_EQ(interviews(), 0u);
  // The consent must be said, in kith's words.
  const CommandRun unsaid = import(f, "");
  EXPECT_EQ(unsaid.code, 2) << unsaid.out;
  EXPECT_NE(unsaid.out.find("--consent-scope"), std::string::npos) << unsaid.out;
  const CommandRun scope = import(f, "--consent-scope research,gossip");
  EXPECT_EQ(scope.code, 2) << scope.out;
  EXPECT_NE(scope.out.find("\"gossip\" is not a consent scope"), std::string::npos) << scope.out;
  // A name question the instrument does not have.
  const CommandRun generator = import(f, "--consent-scope research --generator practical");
  EXPECT_EQ(generator.code, 1);
  EXPECT_NE(generator.out.find("no name question practical"), std::string::npos) << generator.out;
  EXPECT_EQ(interviews(), 0u);
}

TEST_F(SurveyNetcanvas, TheApiTakesTheExportAsItsBody) {
  const std::string path = wave_path() + "/netcanvas?consent_scope=research,suggestions";
  HttpReply r = http().send("POST", path, fixture(), "application/graphml+xml");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["interviews"], 2);
  EXPECT_EQ(r.json()["names"], 3);
  EXPECT_EQ(r.json()["alter_ties_left_out"], 1);
  EXPECT_EQ(r.json()["other_nodes_left_out"], 1);
  EXPECT_EQ(interview(kSession1)["consent"]["scope"], json({"research", "suggestions"}));
  HttpReply again = http().send("POST", path, fixture(), "application/xml");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["interviews"], 0);
  EXPECT_EQ(again.json()["already_in_wave"], 2);

  // Refused, naming the field or the line; nothing written.
  HttpReply bad = http().send("POST", path, replaced(fixture(), ">friend<", ">pal<"), "application/graphml+xml");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["line"], 36) << bad.body;
  EXPECT_EQ(bad.json()["error"]["field"], "relationship");
  HttpReply no_scope = http().send("POST", wave_path() + "/netcanvas", fixture(), "application/graphml+xml");
  EXPECT_EQ(no_scope.status, 400);
  EXPECT_EQ(no_scope.json()["error"]["field"], "consent_scope");
  HttpReply gossip = http().send("POST", wave_path() + "/netcanvas?consent_scope=gossip", fixture(), "application/xml");
  EXPECT_EQ(gossip.json()["error"]["field"], "consent_scope");
  EXPECT_EQ(http().send("POST", path, fixture(), "text/csv").status, 415);
  EXPECT_EQ(http().send("POST", path, "", "application/xml").json()["error"]["field"], "file");
  EXPECT_EQ(interviews(), 2u);
  // A closed wave takes no more.
  ASSERT_EQ(http().patch(wave_path(), {{"status", "closed"}}).status, 200);
  const std::string other = replaced(replaced(fixture(), kSession1, "6f1c2d3e-0000-4000-8000-000000000003"), kSession2,
                                     "6f1c2d3e-0000-4000-8000-000000000004");
  EXPECT_EQ(http().send("POST", path, other, "application/graphml+xml").status, 409);
  EXPECT_EQ(interviews(), 2u);
}

}  // namespace
}  // namespace kith::test
